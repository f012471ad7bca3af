//! PLACEHOLDER (helper C replaces): Z23 ACK / RSP Z33 builder and reader.
use super::{Finding, Severity};
use crate::{Message, OwnedMessage, Result};

/// MSA-1.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AckCode {
    /// Accepted.
    AA,
    /// Error.
    AE,
    /// Reject.
    AR,
}

/// One ERR.
#[derive(Debug, Clone, PartialEq)]
pub struct AckError {
    /// Severity.
    pub severity: Severity,
}

/// Options.
#[derive(Debug, Clone, Default)]
pub struct AckOptions {
    /// MSH-10 of the ACK.
    pub control_id: Option<String>,
    /// MSH-7 of the ACK.
    pub timestamp: Option<String>,
}

/// An acknowledgement.
#[derive(Debug, Clone, PartialEq)]
pub struct Acknowledgement {
    /// MSA-1.
    pub code: AckCode,
}

impl Acknowledgement {
    /// Reads one.
    pub fn read(_msg: &Message<'_>) -> Result<Acknowledgement> {
        Ok(Acknowledgement { code: AckCode::AA })
    }
}

/// Builds the ACK.
pub fn build_ack(msg: &Message<'_>, _findings: &[Finding], _opts: &AckOptions) -> OwnedMessage {
    msg.to_owned_message()
}
