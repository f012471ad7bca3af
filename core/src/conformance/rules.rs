//! PLACEHOLDER (helper B replaces): the IG's prose rules and code-table checks.
use super::{CodeTables, Finding};
use crate::Message;
use chrono::NaiveDate;

/// What the prose rules need besides the message.
pub(crate) struct RuleContext<'a> {
    /// Code tables.
    pub tables: &'a CodeTables,
    /// Today, for "not in the future"; `None` skips those checks.
    pub today: Option<NaiveDate>,
    /// The profile id the message was validated against (`Z22`).
    pub profile: &'a str,
}

/// Appends the findings of the prose rules and code-table checks.
pub(crate) fn check(_msg: &Message<'_>, _ctx: &RuleContext<'_>, _out: &mut Vec<Finding>) {}
