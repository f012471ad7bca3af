//! `toFhir`, `toFhirJson` and `fromFhir`: the core's `izkit::fhir` mapping for JavaScript.
//!
//! The core writes a Bundle as JSON text, handed out as it is (`toFhirJson`) or read by the
//! host's `JSON.parse` (`toFhir`); FHIR given as an object is written by `JSON.stringify` for
//! the core to read. A `wasm32-unknown-unknown` module has no clock: MSH-7 of the messages
//! `fromFhir` builds defaults to now in UTC from the host's `Date`, as `ack` does. Conversion
//! only.

use crate::conformance::{host_timestamp, opt_string};
use crate::error::{into_js_error, type_error, Origin};
use crate::message::JsMessage;
use izkit::fhir::{FromFhirOptions, LocalTime, ToFhirOptions};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

#[wasm_bindgen(typescript_custom_section)]
const TS_FHIR: &'static str = r#"
/** A FHIR R4 resource as plain JSON data: its `resourceType` and its elements. */
export interface FhirResource {
  resourceType: string;
  [element: string]: unknown;
}

/** One entry of a `FhirBundle`. */
export interface FhirBundleEntry {
  /** `urn:uuid:...`, what references in the Bundle point at. */
  fullUrl?: string;
  resource: FhirResource;
  [element: string]: unknown;
}

/** The Bundle `toFhir` returns (`docs/FHIR-MAPPING.md`). */
export interface FhirBundle extends FhirResource {
  resourceType: 'Bundle';
  /** `message` for the messages izkit maps. */
  type?: string;
  entry?: FhirBundleEntry[];
}

/** Options of `toFhir` and `toFhirJson`. */
export interface ToFhirOptions {
  /**
   * Minutes east of UTC written on v2 times that carry no offset (`-300` for `-05:00`). By
   * default (`null`) such times keep their date only: an offset is never guessed.
   */
  localOffset?: number | null;
}

/** Options of `fromFhir`: the MSH fields of the messages built. */
export interface FromFhirOptions {
  /** MSH-3, HD as v2 text (`MYEHR^2.16.840.1.113883.3.72^ISO`); default: the Bundle's `MessageHeader.source`, else empty. */
  sendingApplication?: string | null;
  /** MSH-4, HD as v2 text; default: the Bundle's `MessageHeader.sender`, else empty. */
  sendingFacility?: string | null;
  /** MSH-5, HD as v2 text; default: the Bundle's `MessageHeader.destination`, else empty. */
  receivingApplication?: string | null;
  /** MSH-6, HD as v2 text; default: the destination's `receiver`, else empty. */
  receivingFacility?: string | null;
  /** MSH-10 (default: derived from the content, so the same input gives the same message). */
  controlId?: string | null;
  /** MSH-7, `YYYYMMDDHHMMSS+0000` (default: now in UTC, from `Date`). */
  timestamp?: string | null;
  /** MSH-11 (default `P`). */
  processingId?: string | null;
  /** `Z44` (default) or `Z34`: the query a Patient becomes. */
  queryProfile?: string | null;
}
"#;

/// `opts.localOffset`: an integer number of minutes east of UTC, or `None`.
fn local_offset(opts: &JsValue) -> Result<Option<i32>, JsValue> {
    if !opts.is_object() {
        return if opts.is_undefined() || opts.is_null() {
            Ok(None)
        } else {
            Err(type_error(
                "izkit: toFhir(msg, opts) takes an options object",
            ))
        };
    }
    let v = js_sys::Reflect::get(opts, &JsValue::from_str("localOffset")).unwrap_or_default();
    if v.is_undefined() || v.is_null() {
        return Ok(None);
    }
    match v.as_f64() {
        Some(m) if m.fract() == 0.0 && m.abs() <= f64::from(i32::MAX) => Ok(Some(m as i32)),
        _ => Err(type_error(
            "izkit: opts.localOffset must be an integer number of minutes east of UTC, e.g. -300",
        )),
    }
}

/// The FHIR R4 Bundle of `msg` as compact JSON text, exactly as the core writes it (decimals
/// keep their digits). See `toFhir`.
#[wasm_bindgen(js_name = toFhirJson)]
pub fn to_fhir_json(
    msg: &JsMessage,
    #[wasm_bindgen(unchecked_optional_param_type = "ToFhirOptions")] opts: JsValue,
) -> Result<String, JsValue> {
    let options = ToFhirOptions {
        local_time: local_offset(&opts)?.map_or(LocalTime::DateOnly, LocalTime::Offset),
    };
    izkit::fhir::to_fhir_json(msg.msg(), &options)
        .map_err(|e| into_js_error(&e, Origin::Conformance))
}

/// The FHIR R4 Bundle of `msg` (a VXU, an RSP, an ACK, a QBP) as a plain object: for a VXU a
/// `message` Bundle of MessageHeader, Patient, RelatedPerson, Immunization, Practitioner,
/// Organization, Location and Observation entries; for an RSP Z32/Z42 also
/// ImmunizationEvaluation and ImmunizationRecommendation; for an ACK or RSP Z33 an
/// OperationOutcome; for a QBP a Parameters (`docs/FHIR-MAPPING.md`). `opts.localOffset` (minutes east of UTC) is
/// written on v2 times without an offset; by default they keep their date only. Decimals become
/// numbers (`toFhirJson` keeps their digits). Throws an `IzkitError` with code `to_fhir` for a
/// message the mapping does not cover.
#[wasm_bindgen(js_name = toFhir, unchecked_return_type = "FhirBundle")]
pub fn to_fhir(
    msg: &JsMessage,
    #[wasm_bindgen(unchecked_optional_param_type = "ToFhirOptions")] opts: JsValue,
) -> Result<JsValue, JsValue> {
    js_sys::JSON::parse(&to_fhir_json(msg, opts)?)
}

/// The HL7 v2 messages of a FHIR R4 resource given as JSON text, UTF-8 bytes or an object: one
/// string, the messages back to back, each one's segments ended by CR (`parseMany` splits
/// them). A Bundle gives one VXU Z22 per Patient with its Immunizations, an Immunization with a
/// contained Patient one VXU, a Patient a QBP Z44 (`opts.queryProfile: 'Z34'`: Z34), a
/// Parameters with a patient a QBP Z44. `opts` sets MSH-3/4/5/6 (HD as v2 text), MSH-10
/// (default: derived from the content), MSH-7 (default: now in UTC, from `Date`) and MSH-11.
/// Throws an `IzkitError` with code `fhir_json` (not FHIR JSON) or `from_fhir` (cannot be
/// mapped), a `TypeError` for an argument of the wrong type.
#[wasm_bindgen(js_name = fromFhir)]
pub fn from_fhir(
    #[wasm_bindgen(unchecked_param_type = "string | Uint8Array | FhirResource")] resource: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "FromFhirOptions")] opts: JsValue,
) -> Result<String, JsValue> {
    let json = if let Some(s) = resource.as_string() {
        s
    } else if let Some(bytes) = resource.dyn_ref::<js_sys::Uint8Array>() {
        String::from_utf8_lossy(&bytes.to_vec()).into_owned()
    } else if resource.is_object() {
        js_sys::JSON::stringify(&resource)?.into()
    } else {
        return Err(type_error(
            "izkit: fromFhir() takes JSON text (a string or bytes) or an object",
        ));
    };
    if !(opts.is_undefined() || opts.is_null() || opts.is_object()) {
        return Err(type_error(
            "izkit: fromFhir(resource, opts) takes an options object",
        ));
    }
    let get = |key: &str| opt_string(&opts, key, &format!("opts.{key}"));
    let options = FromFhirOptions {
        sending_application: get("sendingApplication")?,
        sending_facility: get("sendingFacility")?,
        receiving_application: get("receivingApplication")?,
        receiving_facility: get("receivingFacility")?,
        control_id: get("controlId")?,
        timestamp: Some(get("timestamp")?.unwrap_or_else(host_timestamp)),
        processing_id: get("processingId")?,
        query_profile: get("queryProfile")?,
    };
    izkit::fhir::from_fhir_json(&json, &options)
        .map(|messages| messages.concat())
        .map_err(|e| into_js_error(&e, Origin::Conformance))
}
