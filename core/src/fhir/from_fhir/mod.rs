//! FHIR R4 → HL7 v2: FHIR Immunizations (with their Patient) become a VXU^V04 (Z22), a FHIR
//! Patient (or an ImmDS `$immds-forecast` Parameters) becomes a QBP^Q11 (Z44 or Z34).
//!
//! The rules are the reverse of `to_fhir`'s, as `docs/FHIR-MAPPING.md` ("FHIR → v2") lists
//! them. The modules follow the message:
//!
//! - [`writer`](self): one segment at a time straight into a `String` (escaping every text
//!   value, trimming trailing empty fields and components), the deterministic ids;
//! - `json`: JSON text to the resources read, faster than `read_resource` for a Bundle;
//! - `resolve`: the Bundle indexed once by `fullUrl` and `Type/id`, `#contained` resources;
//! - `types`: FHIR datatypes → v2 datatypes (CWE, CX, XPN, XAD, XTN, XCN, HD, EI, TS);
//! - `patient`: PID, PD1, NK1; `immunization`: ORC, RXA, RXR, OBX;
//! - `message`: MSH and the VXU and QBP layouts.
//!
//! Errors are [`ErrorKind::FromFhir`] naming the element (`Immunization.vaccineCode`), never
//! a value: the input is patient data.

mod immunization;
mod json;
mod message;
mod patient;
mod resolve;
mod types;
mod writer;

use crate::error::{Error, ErrorKind};
use crate::fhir::model::{Immunization, Patient, Resource};
use crate::Result;

/// How [`from_fhir`] fills the parts of the v2 message FHIR has no element for.
///
/// Every field is optional: `FromFhirOptions::default()` gives a conforming message with a
/// deterministic control id and the current time.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FromFhirOptions {
    /// `MSH-3` (raw HD, e.g. `MYEHR^2.16.840.1.113883.3.72^ISO`). Default: the Bundle's
    /// `MessageHeader.source` when there is one, else empty.
    pub sending_application: Option<String>,
    /// `MSH-4` (raw HD). Default: the Bundle's `MessageHeader.sender` Organization, else empty.
    pub sending_facility: Option<String>,
    /// `MSH-5` (raw HD). Default: `MessageHeader.destination[0].name`/`endpoint`, else empty.
    pub receiving_application: Option<String>,
    /// `MSH-6` (raw HD). Default: `MessageHeader.destination[0].receiver`, else empty.
    pub receiving_facility: Option<String>,
    /// `MSH-10` (text; escaped when written). Default: a deterministic id derived from the
    /// rest of the message (16 hex digits), so the same input gives the same message.
    pub control_id: Option<String>,
    /// `MSH-7` (raw TS with seconds and an offset, `20240102120000-0500`). Default: the
    /// current UTC time, `YYYYMMDDHHMMSS+0000`. `wasm32-unknown-unknown` has no clock: there
    /// the binding passes the host's time here (without it `MSH-7` stays empty).
    pub timestamp: Option<String>,
    /// `MSH-11` (raw PT: `P`, `D` or `T`). Default: `P`.
    pub processing_id: Option<String>,
    /// The query profile of a QBP: `Z44` (default, evaluated history and forecast) or `Z34`
    /// (complete history).
    pub query_profile: Option<String>,
}

/// FHIR → v2: a Bundle (one VXU^V04 per Patient, with the Immunizations that reference it),
/// a lone Immunization with a `contained` Patient (one VXU), a Patient (a QBP^Q11), or a
/// `Parameters` as for ImmDS `$immds-forecast` (its `patient` part → a QBP^Q11 Z44).
///
/// Each message is the text of one HL7 v2 message, segments ending in CR.
///
/// ```
/// use izkit::fhir::{from_fhir_json, FromFhirOptions};
/// let json = r##"{"resourceType": "Immunization", "status": "completed",
///   "contained": [{"resourceType": "Patient", "id": "p",
///                  "identifier": [{"system": "urn:oid:2.16.840.1.113883.3.72",
///                                  "type": {"coding": [{"code": "MR"}]}, "value": "123"}],
///                  "name": [{"family": "Doe", "given": ["Jane"]}],
///                  "gender": "female", "birthDate": "2020-01-02"}],
///   "patient": {"reference": "#p"},
///   "vaccineCode": {"coding": [{"system": "http://hl7.org/fhir/sid/cvx", "code": "08"}]},
///   "occurrenceDateTime": "2020-01-02", "primarySource": false}"##;
/// let opts = FromFhirOptions { timestamp: Some("20240102120000+0000".into()), ..Default::default() };
/// let vxu = &from_fhir_json(json, &opts)?[0];
/// let msg = izkit::Message::parse(vxu)?;
/// assert_eq!(msg.get("PID-5.1")?.as_deref(), Some("Doe"));
/// assert_eq!(msg.get("RXA-5.1")?.as_deref(), Some("08"));
/// assert_eq!(msg.get("RXA-9.1")?.as_deref(), Some("01"));
/// # Ok::<(), izkit::Error>(())
/// ```
pub fn from_fhir(resource: &Resource, opts: &FromFhirOptions) -> Result<Vec<String>> {
    match resource {
        Resource::Bundle(b) => message::vxus_from_bundle(b, opts),
        Resource::Immunization(imm) => {
            message::vxu_from_lone_immunization(imm, opts).map(|m| vec![m])
        }
        Resource::Patient(p) => qbp_from_fhir(p, opts).map(|m| vec![m]),
        Resource::Parameters(p) => message::qbp_from_parameters(p, opts).map(|m| vec![m]),
        other => Err(from_fhir_error(format!(
            "a {} is not mapped to v2 (give a Bundle, an Immunization, a Patient or a Parameters)",
            safe_type(other.resource_type())
        ))),
    }
}

/// [`from_fhir`] from JSON text. JSON errors are those of [`crate::fhir::read_resource`]
/// ([`ErrorKind::FhirJson`], with a line and column, never a value).
pub fn from_fhir_json(json: &str, opts: &FromFhirOptions) -> Result<Vec<String>> {
    let resource = match json::read(json) {
        Some(r) => r,
        None => crate::fhir::read_resource(json)?,
    };
    from_fhir(&resource, opts)
}

/// One VXU^V04 (Z22) for a Patient and its Immunizations (in the order given). References
/// to Practitioners, Organizations and Locations resolve against each Immunization's
/// `contained` resources (use [`from_fhir`] with a Bundle to resolve them across resources).
pub fn vxu_from_fhir(
    patient: &Patient,
    immunizations: &[&Immunization],
    opts: &FromFhirOptions,
) -> Result<String> {
    message::vxu(patient, immunizations, None, opts)
}

/// One QBP^Q11 for a Patient: Z44 (evaluated history and forecast) unless
/// [`FromFhirOptions::query_profile`] says `Z34` (complete immunization history).
pub fn qbp_from_fhir(patient: &Patient, opts: &FromFhirOptions) -> Result<String> {
    message::qbp(patient, opts)
}

/// An error of kind [`ErrorKind::FromFhir`]; `reason` names elements, never values.
pub(super) fn from_fhir_error(reason: impl Into<String>) -> Error {
    Error::new(
        ErrorKind::FromFhir {
            reason: reason.into(),
        },
        0,
    )
}

/// A resource type as it may appear in an error: a FHIR type name is letters only; anything
/// else (an unknown type could be any text) is not repeated.
fn safe_type(t: &str) -> &str {
    if !t.is_empty() && t.len() <= 64 && t.bytes().all(|b| b.is_ascii_alphabetic()) {
        t
    } else {
        "resource of an unknown type"
    }
}
