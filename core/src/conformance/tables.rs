//! PLACEHOLDER (helper B replaces): CDC CVX/MVX code tables.
use chrono::NaiveDate;

/// Status of a CVX or MVX code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeStatus {
    /// Active.
    Active,
    /// Inactive.
    Inactive,
    /// Non-US.
    NonUs,
    /// Never active.
    NeverActive,
    /// Pending.
    Pending,
}

/// A CVX code.
#[derive(Debug, Clone)]
pub struct CvxCode {
    /// Code.
    pub code: String,
    /// Status.
    pub status: CodeStatus,
    /// Last updated.
    pub last_updated: Option<NaiveDate>,
    /// Vaccine groups.
    pub vaccine_groups: Vec<String>,
}

/// An MVX code.
#[derive(Debug, Clone)]
pub struct MvxCode {
    /// Code.
    pub code: String,
    /// Status.
    pub status: CodeStatus,
}

/// CDC code tables.
#[derive(Debug, Clone, Default)]
pub struct CodeTables {}

impl CodeTables {
    /// The compiled-in tables.
    pub fn builtin() -> &'static CodeTables {
        static T: CodeTables = CodeTables {};
        &T
    }
}

impl CodeTables {
    /// Looks up a CVX code.
    pub fn cvx(&self, _code: &str) -> Option<&CvxCode> {
        None
    }
    /// Looks up an MVX code.
    pub fn mvx(&self, _code: &str) -> Option<&MvxCode> {
        None
    }
}
