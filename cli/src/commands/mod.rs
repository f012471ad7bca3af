//! The commands. Each one streams its inputs through [`crate::input::for_each`] and writes to
//! the buffered stdout from [`crate::output`]; none holds HL7 logic of its own.

pub mod ack;
pub mod fhir;
pub mod fmt;
pub mod from_fhir;
pub mod get;
pub mod parse;
pub mod redact;
pub mod route;
pub mod validate;
