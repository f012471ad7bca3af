//! FHIR R4 mapping of immunization messages.

pub mod vocab;
