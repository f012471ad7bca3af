//! FHIR R4: izkit's own resource model and the mapping between HL7 v2 immunization messages
//! and FHIR (the HL7 V2-to-FHIR IG plus the CDC conventions it leaves open).
//!
//! - [`model`]: serde types for the R4 resources izkit reads and writes; unknown elements are
//!   kept on a round trip; [`read_resource`] and [`write_resource`] read and write JSON.
//! - [`vocab`]: the V2-to-FHIR concept maps and the v2 coding-system ⇄ URI table, compiled in
//!   from `core/data/fhir/`.
//! - [`to_fhir`](to_fhir()): v2 → FHIR, a VXU/RSP/ACK/QBP as a `Bundle` ([`ToFhirOptions`],
//!   [`LocalTime`]).
//! - [`from_fhir`](from_fhir()): FHIR → v2, Immunizations and their Patient as a VXU^V04,
//!   a Patient as a QBP^Q11 ([`FromFhirOptions`]).
//! - `sdk` (cargo feature `fhir-sdk`, not default): conversions to and from the `fhir-sdk`
//!   crate's R4B types.

pub mod from_fhir;
pub mod model;
#[cfg(feature = "fhir-sdk")]
pub mod sdk;
pub mod to_fhir;
pub mod vocab;

pub use from_fhir::{from_fhir, from_fhir_json, qbp_from_fhir, vxu_from_fhir, FromFhirOptions};
pub use to_fhir::{to_fhir, to_fhir_json, LocalTime, ToFhirOptions};

use crate::error::{Error, ErrorKind};

/// Reads one FHIR resource (a Bundle, an Immunization, a Patient ...) from JSON text.
///
/// Errors are [`ErrorKind::FhirJson`] with the line and column and what kind of problem it
/// is — never the offending value, which may be patient data.
pub fn read_resource(json: &str) -> crate::Result<model::Resource<'static>> {
    serde_json::from_str(json).map_err(json_error)
}

/// Writes a resource as compact JSON.
///
/// The text is what `serde_json::to_string(resource)` gives, written without serde (faster).
pub fn write_resource(resource: &model::Resource<'_>) -> String {
    let mut out = String::with_capacity(1024);
    model::WriteJson::write_json(resource, &mut out);
    out
}

/// A serde_json error as an izkit error that carries no data: serde's own message for a type
/// mismatch quotes the value (`invalid type: string "Smith"`), so only its category and place
/// are kept.
pub(crate) fn json_error(e: serde_json::Error) -> Error {
    use serde_json::error::Category;
    let what = match e.classify() {
        Category::Io => "I/O error",
        Category::Syntax => "not valid JSON",
        Category::Eof => "JSON ends early",
        Category::Data => "an element has the wrong type or value for FHIR",
    };
    let reason = format!("{what} at line {} column {}", e.line(), e.column());
    Error::new(ErrorKind::FhirJson { reason }, 0)
}
