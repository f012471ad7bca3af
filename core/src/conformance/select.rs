//! PLACEHOLDER: profile selection.
use super::profile_set::CompiledProfile;
use super::{Finding, ProfileSet};
use crate::Message;
use std::sync::Arc;

/// Chooses the profile.
pub(crate) fn select<'p>(_msg: &Message<'_>, set: &'p ProfileSet) -> Result<&'p Arc<CompiledProfile>, Finding> {
    set.profiles.first().ok_or_else(|| Finding::new(super::Severity::Error, 200, None, "no profile".into()))
}
