//! Conversions between izkit's FHIR model ([`crate::fhir::model`]) and the `fhir-sdk` crate's
//! FHIR R4B types (`fhir_sdk::r4b::resources`). Cargo feature `fhir-sdk`, off by default.
//!
//! izkit speaks FHIR R4 (4.0.1); `fhir-sdk` has no R4 model, only STU3, R4B and R5. For the
//! resources izkit reads and writes (Bundle, Patient, Immunization, ImmunizationRecommendation,
//! ImmunizationEvaluation, RelatedPerson, Practitioner, PractitionerRole, Organization,
//! Location, Observation, OperationOutcome, MessageHeader, Parameters) and the datatypes they
//! use, R4 and R4B define the same elements under the same JSON names, so the conversions go
//! through JSON: one side is written with `serde_json` and read by the other.
//!
//! ```
//! use izkit::fhir::model::{CodeableConcept, Coding, Immunization, Reference, Resource};
//! use fhir_sdk::r4b::resources as r4b;
//!
//! let imm = Immunization {
//!     status: Some("completed".into()),
//!     vaccine_code: Some(CodeableConcept {
//!         coding: vec![Coding {
//!             system: Some("http://hl7.org/fhir/sid/cvx".into()),
//!             code: Some("208".into()),
//!             ..Default::default()
//!         }],
//!         ..Default::default()
//!     }),
//!     patient: Some(Reference { reference: Some("Patient/1".into()), ..Default::default() }),
//!     occurrence_date_time: Some("2021-03-04".into()),
//!     ..Default::default()
//! };
//! let sdk = r4b::Immunization::try_from(&imm)?;
//! assert_eq!(sdk.lot_number, None);
//! let back = Immunization::try_from(&sdk)?;
//! assert_eq!(back, imm);
//!
//! // Any resource, through the `Resource` enums.
//! let any: r4b::Resource = izkit::fhir::sdk::to_sdk(&Resource::from(imm))?;
//! assert!(matches!(any, r4b::Resource::Immunization(_)));
//! let again = izkit::fhir::sdk::from_sdk(&any)?;
//! assert_eq!(again.resource_type(), "Immunization");
//! # Ok::<(), izkit::Error>(())
//! ```
//!
//! # What a round trip izkit → fhir-sdk → izkit keeps
//!
//! Lossless, compared as JSON: every element izkit models (each has the same name and shape in
//! R4B), elements izkit keeps in `extra` that R4B defines (`text`, `contained`,
//! `implicitRules`, `language`, other `[x]` types, primitive extensions such as `_birthDate`),
//! extensions (US Core race and ethnicity included), dates of any precision (`2021`,
//! `2021-03`, `2021-03-04`) and dateTimes with seconds and an offset other than zero.
//!
//! Not lossless:
//! - **Decimals** are `f64` in fhir-sdk: the value survives (to about 15 significant digits),
//!   the digits written do not — `0.50` comes back as `0.5`, `1` as `1.0`. izkit's
//!   [`Decimal`](crate::fhir::model::Decimal) keeps the digits, so this is where FHIR's
//!   "precision is significant" is lost.
//! - **Instants and dateTimes with a time** are parsed into `time::OffsetDateTime` and written
//!   as RFC 3339: an offset of zero comes back as `Z` (`+00:00` → `Z`), and fractional seconds
//!   lose trailing zeros (`.500` → `.5`, `.000` dropped). The instant is the same.
//! - **Elements R4B does not define** — misspelled names, elements of another FHIR version,
//!   anything izkit kept in `extra` that is not R4B — are dropped by fhir-sdk without an
//!   error (serde's default for unknown fields).
//! - **Bundle entries** of a resource type R4B does not have are an error, since fhir-sdk's
//!   `Resource` only holds the types it knows; [`Resource::Other`](crate::fhir::model::Resource)
//!   converts only when its `resourceType` is one of them.
//!
//! # Errors
//!
//! fhir-sdk is stricter than izkit's model, which reads partial resources: a conversion to
//! fhir-sdk fails with [`ErrorKind::FhirJson`] when a required element is missing (an
//! Immunization without `status`, `vaccineCode`, `patient` or occurrence), when an element with
//! a required binding that fhir-sdk types as an enum holds another code (`Patient.gender`,
//! `Observation.status`, `Location.status`, `OperationOutcome.issue.severity`, ...; note that
//! `Immunization.status` is a plain string in fhir-sdk and is not checked), when a date or
//! dateTime does not parse, or when a positiveInt is 0. The error names the fhir-sdk type and
//! what kind of problem it is (and the element, for a missing one), never the value, which may
//! be patient data. Converting from fhir-sdk to izkit fails only where izkit's model is stricter
//! (none known for valid R4B data).
//!
//! # Cost
//!
//! fhir-sdk is big, so this feature is never enabled by default, by the bindings, the CLI or
//! WASM builds, and needs Rust 1.95 (fhir-sdk's minimum; izkit's own is lower). Only fhir-sdk's
//! `r4b` feature is used: no HTTP client, no builders. Measured in the dev profile (what
//! `make test-fhir-sdk` builds) on a 2-core machine: compiling `fhir-model` (fhir-sdk's model
//! crate) takes about 3 GB of memory and minutes of CPU, once more when clippy and rustdoc
//! check it; izkit itself takes ~80 s of CPU and 2.7 GB with the feature (~15 s and 0.4 GB
//! without), because serde's code for every R4B resource is instantiated in izkit.

use fhir_sdk::r4b::resources as r4b;
use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::error::{Error, ErrorKind};
use crate::fhir::json_error;
use crate::fhir::model;

/// Converts izkit's [`model::Resource`] to fhir-sdk's R4B `Resource`.
///
/// Fails with [`ErrorKind::FhirJson`] when fhir-sdk rejects the resource (see the module docs);
/// the error carries no data from the resource.
pub fn to_sdk(resource: &model::Resource<'_>) -> crate::Result<r4b::Resource> {
    convert(resource, "fhir-sdk R4B Resource")
}

/// Converts fhir-sdk's R4B `Resource` to izkit's [`model::Resource`].
///
/// Fails with [`ErrorKind::FhirJson`] only when izkit's model cannot hold what fhir-sdk wrote.
pub fn from_sdk(resource: &r4b::Resource) -> crate::Result<model::Resource<'static>> {
    convert(resource, "izkit Resource")
}

/// Writes `from` as JSON and reads it as `To`; `to_name` names the target type in errors.
fn convert<From: Serialize, To: DeserializeOwned>(from: &From, to_name: &str) -> crate::Result<To> {
    let json = serde_json::to_vec(from).map_err(|e| sdk_error(e, "writing", to_name))?;
    serde_json::from_slice(&json).map_err(|e| sdk_error(e, "reading", to_name))
}

/// A serde_json error of a conversion, as [`ErrorKind::FhirJson`] without data: the category
/// and place from [`json_error`], the type converted to, and — for a missing element — its
/// name (a name from the FHIR definitions, not from the data).
fn sdk_error(e: serde_json::Error, step: &str, to_name: &str) -> Error {
    let missing = missing_field(&e.to_string());
    let mut err = json_error(e);
    if let ErrorKind::FhirJson { reason } = &mut err.kind {
        let what = match missing {
            Some(name) => format!("required element `{name}` is missing"),
            None => std::mem::take(reason),
        };
        *reason = format!("converting to {to_name} ({step}): {what}");
    }
    err
}

/// The element name of serde's "missing field `name`" message, if that is the message.
fn missing_field(message: &str) -> Option<String> {
    let rest = message.strip_prefix("missing field `")?;
    let name = &rest[..rest.find('`')?];
    // Only FHIR element names: letters, digits and `_`, never free text.
    let plain = !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    plain.then(|| name.to_owned())
}

impl TryFrom<&model::Resource<'_>> for r4b::Resource {
    type Error = Error;

    /// Same as [`to_sdk`].
    fn try_from(resource: &model::Resource<'_>) -> crate::Result<Self> {
        to_sdk(resource)
    }
}

impl TryFrom<&r4b::Resource> for model::Resource<'static> {
    type Error = Error;

    /// Same as [`from_sdk`].
    fn try_from(resource: &r4b::Resource) -> crate::Result<Self> {
        from_sdk(resource)
    }
}

/// `TryFrom` both ways between izkit's and fhir-sdk's type of each resource.
macro_rules! conversions {
    ($( $name:ident ),* $(,)?) => {
        $(
            impl TryFrom<&model::$name<'_>> for r4b::$name {
                type Error = Error;

                #[doc = concat!("izkit's `", stringify!($name), "` as fhir-sdk's R4B `",
                    stringify!($name), "` (see the [module docs](crate::fhir::sdk) for what fails).")]
                fn try_from(resource: &model::$name<'_>) -> crate::Result<Self> {
                    // Read as the `Resource` enum, whose reader is compiled for every resource
                    // type anyway: a reader per type as well added ~20% to izkit's build time
                    // with this feature, for a little speed.
                    let to_name = concat!("fhir-sdk R4B ", stringify!($name));
                    match convert::<_, r4b::Resource>(resource, to_name)? {
                        r4b::Resource::$name(r) => Ok(r),
                        // izkit writes its own `resourceType`: never another type.
                        _ => Err(Error::new(
                            ErrorKind::FhirJson {
                                reason: format!("converting to {to_name}: another resource type"),
                            },
                            0,
                        )),
                    }
                }
            }

            impl TryFrom<&r4b::$name> for model::$name<'static> {
                type Error = Error;

                #[doc = concat!("fhir-sdk's R4B `", stringify!($name), "` as izkit's `",
                    stringify!($name), "`.")]
                fn try_from(resource: &r4b::$name) -> crate::Result<Self> {
                    convert(resource, concat!("izkit ", stringify!($name)))
                }
            }
        )*
    };
}

crate::for_each_resource!(conversions);
