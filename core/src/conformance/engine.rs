//! PLACEHOLDER: the profile engine.
use super::profile_set::CompiledProfile;
use super::{CodeTables, Finding};
use crate::Message;

/// Runs the profile's checks over the message.
pub(crate) fn run(_msg: &Message<'_>, _p: &CompiledProfile, _t: &CodeTables, _out: &mut Vec<Finding>) {}
