//! PLACEHOLDER (helper B replaces): code-table rows and their CSV reader.
use serde::{Deserialize, Serialize};

/// Code tables as data.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct TableData {
    /// CVX rows.
    pub cvx: Vec<String>,
}
