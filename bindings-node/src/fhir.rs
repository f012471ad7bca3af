//! `toFhir` and `fromFhir`: the core's `izkit::fhir` mapping for JavaScript.
//!
//! The core writes a Bundle as JSON text and reads FHIR from JSON text; this module passes the
//! text across and `index.js` turns it into objects with `JSON.parse` (and back with
//! `JSON.stringify`). Conversion only: what the Bundle or the messages hold is the core's.

use crate::error::{to_js, Context};
use crate::store;
use izkit::fhir::{FromFhirOptions, LocalTime, ToFhirOptions};
use napi::Env;
use napi_derive::napi;

/// `toFhirJson(msg, {localOffset})`: the Bundle of message `h` as compact JSON text.
/// `local_offset`: minutes east of UTC for v2 times without an offset (null: date only).
#[napi(js_name = "_toFhir", skip_typescript)]
pub fn to_fhir(env: &Env, h: u32, local_offset: Option<i32>) -> napi::Result<String> {
    let opts = ToFhirOptions {
        local_time: local_offset.map_or(LocalTime::DateOnly, LocalTime::Offset),
    };
    store::with(h, |m| izkit::fhir::to_fhir_json(m.core(), &opts))?
        .map_err(|e| to_js(env, &e, Context::Conformance))
}

/// `fromFhir(json, opts)`: the v2 messages of the FHIR resource given as JSON text, each with
/// its segments ended by CR. The options come as strings or null, in the order of
/// `FromFhirOptions`' fields.
#[napi(js_name = "_fromFhir", skip_typescript)]
#[allow(clippy::too_many_arguments)]
pub fn from_fhir(
    env: &Env,
    json: String,
    sending_application: Option<String>,
    sending_facility: Option<String>,
    receiving_application: Option<String>,
    receiving_facility: Option<String>,
    control_id: Option<String>,
    timestamp: Option<String>,
    processing_id: Option<String>,
    query_profile: Option<String>,
) -> napi::Result<Vec<String>> {
    let opts = FromFhirOptions {
        sending_application,
        sending_facility,
        receiving_application,
        receiving_facility,
        control_id,
        timestamp,
        processing_id,
        query_profile,
    };
    izkit::fhir::from_fhir_json(&json, &opts).map_err(|e| to_js(env, &e, Context::Conformance))
}
