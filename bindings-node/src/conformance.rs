//! `validate` and `ack`: the core's `izkit::conformance` for JavaScript.
//!
//! Findings cross the boundary as JSON text in the shape `izkit validate --json` prints (the
//! serde form of `izkit::conformance::Finding`, snake_case keys included): `serde_json` writes
//! it here and `index.js` hands the parsed objects out as they are; `ack` takes them back the
//! same way. Conversion only.

use crate::error::{to_js, Context};
use crate::message::{Stored, Text};
use crate::store;
use izkit::conformance::{build_ack, AckOptions, CodeTables, Finding, ProfileSet, Validator};
use napi::bindgen_prelude::External;
use napi::{Env, Status};
use napi_derive::napi;

/// Throws a `TypeError` with `text` (an argument that cannot be converted).
fn type_error(env: &Env, text: &str) -> napi::Error {
    match env.throw_type_error(text, None) {
        Ok(()) => napi::Error::new(Status::PendingException, String::new()),
        Err(e) => e,
    }
}

/// The report of message `h` validated by `validator` as JSON text,
/// `{"profile": "Z22", "findings": [...]}`.
fn report_json(
    env: &Env,
    validator: &Validator,
    h: u32,
    profile: Option<String>,
    today: Option<String>,
) -> napi::Result<String> {
    let mut validator = validator.clone();
    if let Some(t) = today {
        match chrono::NaiveDate::parse_from_str(&t, "%Y-%m-%d") {
            Ok(day) => validator = validator.with_today(day),
            Err(_) => {
                return Err(type_error(
                    env,
                    "izkit: opts.today must be a date written YYYY-MM-DD",
                ))
            }
        }
    }
    let report = store::with(h, |m| validator.validate(m.core(), profile.as_deref()))?
        .map_err(|e| to_js(env, &e, Context::Conformance))?;
    serde_json::to_string(&report).map_err(|e| napi::Error::from_reason(e.to_string()))
}

/// `validateReport(msg, profile, {today})` with the built-in profiles and tables: the report as
/// JSON text.
#[napi(js_name = "_validate", skip_typescript)]
pub fn validate(
    env: &Env,
    h: u32,
    profile: Option<String>,
    today: Option<String>,
) -> napi::Result<String> {
    report_json(env, &Validator::new(), h, profile, today)
}

/// `new Validator({profiles, tables})`: a core validator with these profiles (each
/// `[profileXml, constraintsXml | null, valueSetsXml | null]`, added to the built-in ones) and
/// code tables (`[cvxCsv, mvxCsv, groupsCsv | null]`, replacing the built-in ones), held by the
/// JavaScript object. Throws an `IzkitError` with code `profile_load` or `table_load`.
#[napi(js_name = "_newValidator", skip_typescript)]
pub fn new_validator(
    env: &Env,
    profiles: Option<Vec<Vec<Option<String>>>>,
    tables: Option<Vec<Option<String>>>,
) -> napi::Result<External<Validator>> {
    let built = (|| -> izkit::Result<Validator> {
        let mut v = Validator::new();
        if let Some(list) = &profiles {
            let mut set = ProfileSet::builtin().clone();
            for p in list {
                let at = |i: usize| p.get(i).and_then(|s| s.as_deref());
                set.add_xml(at(0).unwrap_or_default(), at(1), at(2))?;
            }
            v = v.with_profiles(set);
        }
        if let Some(t) = &tables {
            let at = |i: usize| t.get(i).and_then(|s| s.as_deref());
            let codes =
                CodeTables::from_csv(at(0).unwrap_or_default(), at(1).unwrap_or_default(), at(2))?;
            v = v.with_tables(codes);
        }
        Ok(v)
    })();
    built
        .map(External::new)
        .map_err(|e| to_js(env, &e, Context::Conformance))
}

/// `validator.validateReport(msg, profile, {today})`: the report as JSON text.
#[napi(js_name = "_validateWith", skip_typescript)]
pub fn validate_with(
    env: &Env,
    validator: &External<Validator>,
    h: u32,
    profile: Option<String>,
    today: Option<String>,
) -> napi::Result<String> {
    report_json(env, validator, h, profile, today)
}

/// `validator.profileIds()`.
#[napi(js_name = "_profileIds", skip_typescript)]
pub fn profile_ids(validator: &External<Validator>) -> Vec<String> {
    validator.profiles().ids().map(str::to_string).collect()
}

/// `ack(msg, findings, {controlId, timestamp})`: the handle of the acknowledgement, built from
/// the findings given as JSON text (a list of finding objects).
#[napi(js_name = "_ack", skip_typescript)]
pub fn ack(
    env: &Env,
    h: u32,
    findings: String,
    control_id: Option<String>,
    timestamp: Option<String>,
) -> napi::Result<u32> {
    let items: Vec<serde_json::Value> = serde_json::from_str(&findings)
        .map_err(|_| type_error(env, "izkit: findings must be an array of findings"))?;
    let mut list = Vec::with_capacity(items.len());
    for (i, v) in items.into_iter().enumerate() {
        // The serde message could quote a value; say which item and what shape instead.
        match serde_json::from_value::<Finding>(v) {
            Ok(f) => list.push(f),
            Err(_) => {
                return Err(type_error(
                    env,
                    &format!(
                        "izkit: findings[{i}] is not a finding: it needs severity (error, \
                         warning or information), code (a number), text, and location as an \
                         ERL such as PID^1^5^1 or null"
                    ),
                ))
            }
        }
    }
    let opts = AckOptions {
        control_id,
        timestamp,
        ..AckOptions::default()
    };
    let text = store::with(h, |m| build_ack(m.core(), &list, &opts).to_string())?;
    let stored = Stored::parse(Text::from_string(text), false)
        .map_err(|e| to_js(env, &e, Context::Parse))?;
    Ok(store::insert(env, stored))
}
