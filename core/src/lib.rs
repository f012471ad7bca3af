//! # izkit
//!
//! An embeddable library for US immunization data exchange: HL7 v2.5.1 messages as defined by
//! the CDC Immunization Implementation Guide R1.5 (VXU^V04, QBP^Q11, RSP^K11, ACK).
//!
//! This crate is the core every binding (Python, Node, WASM) and the `izkit` CLI stand on:
//!
//! - [`v2`]: the syntax layer — zero-copy parsing into borrowed views, escapes, paths such as
//!   `RXA[2]-5.1`, the inverse `locate(offset)`, an owned builder and a byte-exact serializer,
//!   MLLP frames, batch files and streams of many messages.
//! - [`datatypes`]: typed readers for the HL7 datatypes the IG uses (TS, CWE, CX, XPN, ...).
//! - [`Error`]: one error type with a kind, byte offset, line, segment and HL7 path, whose text
//!   never contains patient data.
//!
//! ```
//! let text = "MSH|^~\\&|EHR|CLINIC|IIS||20240102||VXU^V04^VXU_V04|1|P|2.5.1\r\
//!             PID|1||123^^^MR||DOE^JANE||20200101|F\r\
//!             RXA|0|1|20240102||08^HepB^CVX|0.5|mL^^UCUM\r";
//! let msg = izkit::Message::parse(text)?;
//! assert_eq!(msg.get("PID-5.1")?.as_deref(), Some("DOE"));
//! assert_eq!(msg.get("RXA-5.1")?.as_deref(), Some("08"));
//! assert_eq!(msg.get("MSH-9.2")?.as_deref(), Some("V04"));
//! assert_eq!(msg.to_string(), text); // byte for byte
//! # Ok::<(), izkit::Error>(())
//! ```
#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod conformance;
pub mod datatypes;
pub mod error;
mod fasthash;
pub mod fhir;
pub mod redact;
pub mod route;
pub mod transform;
pub mod v2;

pub use error::{Error, ErrorKind, Result};
pub use redact::redact;
pub use v2::{
    escape, parse_many, Component, Delimiters, Field, Item, Message, MessageReader, OwnedMessage,
    ParseOptions, Path, Repetition, Segment, Subcomponent, Terminator,
};

/// The README's Rust examples, run as doc tests so they stay true.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
struct ReadmeDoctests;
