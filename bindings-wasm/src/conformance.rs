//! `validate`, `validateReport` and `ack`: the core's `izkit::conformance` for JavaScript.
//!
//! Findings cross as plain objects in the shape `izkit validate --json` prints (the serde form
//! of `izkit::conformance::Finding`, snake_case keys included), written and read by
//! `serde-wasm-bindgen`'s JSON-compatible serializer. A `wasm32-unknown-unknown` module has no
//! clock: "today" for the date rules and the acknowledgement's timestamp are read from the host's
//! `Date` (in UTC) here and passed to the core, unless the caller gives them (`fromFhir` takes
//! its MSH-7 from here too). Conversion only.

use crate::error::{into_js_error, type_error, Origin};
use crate::message::{to_plain, JsMessage, Source};
use chrono::NaiveDate;
use izkit::conformance::{build_ack, AckOptions, CodeTables, Finding, ProfileSet, Validator};
use wasm_bindgen::prelude::*;

/// `obj[key]` when it is a string, `None` when absent (`undefined` or `null`), else a
/// `TypeError` naming `what`.
pub(crate) fn opt_string(obj: &JsValue, key: &str, what: &str) -> Result<Option<String>, JsValue> {
    if obj.is_undefined() || obj.is_null() {
        return Ok(None);
    }
    let v = js_sys::Reflect::get(obj, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED);
    if v.is_undefined() || v.is_null() {
        return Ok(None);
    }
    v.as_string()
        .map(Some)
        .ok_or_else(|| type_error(&format!("izkit: {what} must be a string")))
}

/// The profile argument: a string, or `undefined`/`null` for none.
fn profile_arg(profile: &JsValue) -> Result<Option<String>, JsValue> {
    if profile.is_undefined() || profile.is_null() {
        return Ok(None);
    }
    profile
        .as_string()
        .map(Some)
        .ok_or_else(|| type_error("izkit: the profile must be a string such as \"Z22\", or null"))
}

/// Today in UTC, from the host's clock.
pub(crate) fn host_today() -> Option<NaiveDate> {
    let now = js_sys::Date::new_0();
    NaiveDate::from_ymd_opt(
        now.get_utc_full_year() as i32,
        now.get_utc_month() + 1,
        now.get_utc_date(),
    )
}

/// Now in UTC as an HL7 timestamp, `YYYYMMDDHHMMSS+0000`, from the host's clock.
pub(crate) fn host_timestamp() -> String {
    let now = js_sys::Date::new_0();
    format!(
        "{:04}{:02}{:02}{:02}{:02}{:02}+0000",
        now.get_utc_full_year(),
        now.get_utc_month() + 1,
        now.get_utc_date(),
        now.get_utc_hours(),
        now.get_utc_minutes(),
        now.get_utc_seconds()
    )
}

fn report_of(
    validator: &Validator,
    msg: &JsMessage,
    profile: &JsValue,
    opts: &JsValue,
) -> Result<izkit::conformance::Report, JsValue> {
    let profile = profile_arg(profile)?;
    let today = match opt_string(opts, "today", "opts.today")? {
        Some(t) => Some(
            NaiveDate::parse_from_str(&t, "%Y-%m-%d")
                .map_err(|_| type_error("izkit: opts.today must be a date written YYYY-MM-DD"))?,
        ),
        None => host_today(),
    };
    let mut validator = validator.clone();
    if let Some(day) = today {
        validator = validator.with_today(day);
    }
    validator
        .validate(msg.msg(), profile.as_deref())
        .map_err(|e| into_js_error(&e, Origin::Conformance))
}

/// `obj[key]` when it is a string, else a `TypeError` naming `what`.
fn string(obj: &JsValue, key: &str, what: &str) -> Result<String, JsValue> {
    opt_string(obj, key, what)?
        .ok_or_else(|| type_error(&format!("izkit: {what} must be a string")))
}

/// Validates with a jurisdiction's profiles and code tables:
/// `new Validator({profiles: [{profile, constraints?, valueSets?}], tables: {cvx, mvx, groups?}})`.
/// Profiles (NIST profile XML text) are added to the built-in CDC ones, a profile whose id is
/// known replacing it; tables (CDC CSV text) replace the built-in ones. Throws an `IzkitError`
/// with code `profile_load` or `table_load` when they do not load, a `TypeError` for an
/// argument of the wrong shape.
#[wasm_bindgen(js_name = Validator)]
pub struct JsValidator {
    inner: Validator,
}

#[wasm_bindgen(js_class = Validator)]
impl JsValidator {
    /// Loads the profiles and tables of `opts` (texts), as the class comment says.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_optional_param_type = "ValidatorOptions")] opts: JsValue,
    ) -> Result<JsValidator, JsValue> {
        let get = |obj: &JsValue, key: &str| -> JsValue {
            if obj.is_object() {
                js_sys::Reflect::get(obj, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
            } else {
                JsValue::UNDEFINED
            }
        };
        if !(opts.is_undefined() || opts.is_null() || opts.is_object()) {
            return Err(type_error(
                "izkit: new Validator(opts) takes an object {profiles?, tables?}",
            ));
        }
        let mut validator = Validator::new();
        let profiles = get(&opts, "profiles");
        if !(profiles.is_undefined() || profiles.is_null()) {
            if !js_sys::Array::is_array(&profiles) {
                return Err(type_error(
                    "izkit: opts.profiles must be an array of {profile, constraints?, valueSets?}",
                ));
            }
            let mut set = ProfileSet::builtin().clone();
            let list: js_sys::Array = profiles.unchecked_into();
            for (i, p) in list.iter().enumerate() {
                let at = format!("opts.profiles[{i}]");
                if !p.is_object() {
                    return Err(type_error(&format!(
                        "izkit: {at} must be an object {{profile, constraints?, valueSets?}}"
                    )));
                }
                let profile = string(&p, "profile", &format!("{at}.profile"))?;
                let constraints = opt_string(&p, "constraints", &format!("{at}.constraints"))?;
                let value_sets = opt_string(&p, "valueSets", &format!("{at}.valueSets"))?;
                set.add_xml(&profile, constraints.as_deref(), value_sets.as_deref())
                    .map_err(|e| into_js_error(&e, Origin::Conformance))?;
            }
            validator = validator.with_profiles(set);
        }
        let tables = get(&opts, "tables");
        if !(tables.is_undefined() || tables.is_null()) {
            if !tables.is_object() {
                return Err(type_error(
                    "izkit: opts.tables must be an object {cvx, mvx, groups?}",
                ));
            }
            let cvx = string(&tables, "cvx", "opts.tables.cvx")?;
            let mvx = string(&tables, "mvx", "opts.tables.mvx")?;
            let groups = opt_string(&tables, "groups", "opts.tables.groups")?;
            let codes = CodeTables::from_csv(&cvx, &mvx, groups.as_deref())
                .map_err(|e| into_js_error(&e, Origin::Conformance))?;
            validator = validator.with_tables(codes);
        }
        Ok(JsValidator { inner: validator })
    }

    /// `validateReport(msg, profile, opts)` with this validator's profiles and tables.
    #[wasm_bindgen(js_name = validateReport, unchecked_return_type = "Report")]
    pub fn validate_report(
        &self,
        msg: &JsMessage,
        #[wasm_bindgen(unchecked_optional_param_type = "string | null")] profile: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "ValidateOptions")] opts: JsValue,
    ) -> Result<JsValue, JsValue> {
        to_plain(&report_of(&self.inner, msg, &profile, &opts)?)
    }

    /// `validate(msg, profile, opts)` with this validator's profiles and tables.
    #[wasm_bindgen(unchecked_return_type = "Finding[]")]
    pub fn validate(
        &self,
        msg: &JsMessage,
        #[wasm_bindgen(unchecked_optional_param_type = "string | null")] profile: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "ValidateOptions")] opts: JsValue,
    ) -> Result<JsValue, JsValue> {
        to_plain(&report_of(&self.inner, msg, &profile, &opts)?.findings)
    }

    /// The ids of the profiles this validator knows (`Z22`, ...).
    #[wasm_bindgen(js_name = profileIds)]
    pub fn profile_ids(&self) -> Vec<String> {
        self.inner.profiles().ids().map(str::to_string).collect()
    }
}

/// Validates `msg` against the CDC IG R1.5 profiles and returns `{profile, findings}`: the
/// profile validated against (`''` when none could be chosen) and every finding as a plain
/// object. `profile` forces a profile id (`Z22`); by default MSH-21, else MSH-9, chooses it.
/// `opts.today` (`YYYY-MM-DD`) fixes the date of the rules about future dates (default: today
/// in UTC, from the host's `Date`). Throws an `IzkitError` with code `unknown_profile` for an
/// unknown forced profile, a `TypeError` for a malformed argument.
#[wasm_bindgen(js_name = validateReport, unchecked_return_type = "Report")]
pub fn validate_report(
    msg: &JsMessage,
    #[wasm_bindgen(unchecked_optional_param_type = "string | null")] profile: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "ValidateOptions")] opts: JsValue,
) -> Result<JsValue, JsValue> {
    to_plain(&report_of(&Validator::new(), msg, &profile, &opts)?)
}

/// The findings of `validateReport(msg, profile, opts)`: plain objects
/// `{severity, code, app_code, rule, location, path, text, range}` (the JSON contract's keys).
#[wasm_bindgen(unchecked_return_type = "Finding[]")]
pub fn validate(
    msg: &JsMessage,
    #[wasm_bindgen(unchecked_optional_param_type = "string | null")] profile: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "ValidateOptions")] opts: JsValue,
) -> Result<JsValue, JsValue> {
    to_plain(&report_of(&Validator::new(), msg, &profile, &opts)?.findings)
}

/// The findings of an `ack` argument: an array of findings, or a report holding one.
fn findings_arg(findings: &JsValue) -> Result<Vec<Finding>, JsValue> {
    let list = if js_sys::Array::is_array(findings) {
        findings.clone()
    } else {
        let inner = if findings.is_object() {
            js_sys::Reflect::get(findings, &JsValue::from_str("findings")).unwrap_or_default()
        } else {
            JsValue::UNDEFINED
        };
        if !js_sys::Array::is_array(&inner) {
            return Err(type_error(
                "izkit: ack() takes an array of findings or a report",
            ));
        }
        inner
    };
    let list: js_sys::Array = list.unchecked_into();
    list.iter()
        .enumerate()
        .map(|(i, item)| {
            // serde's message could quote a value; say which item and what shape instead.
            serde_wasm_bindgen::from_value::<Finding>(item).map_err(|_| {
                type_error(&format!(
                    "izkit: findings[{i}] is not a finding: it needs severity (error, warning or \
                     information), code (a number), text, and location as an ERL such as \
                     PID^1^5^1 or null"
                ))
            })
        })
        .collect()
}

/// The acknowledgement of `msg` for `findings` (from `validate`, or a report): a Z23 ACK with
/// MSA-1 AA, AE or AR and one ERR per finding, or for a query that fails an RSP Z33, as a
/// `Message`. `opts.controlId` and `opts.timestamp` set MSH-10 and MSH-7 (default: generated,
/// and now in UTC from the host's `Date`). Throws a `TypeError` for a finding without the
/// finding shape.
#[wasm_bindgen]
pub fn ack(
    msg: &JsMessage,
    #[wasm_bindgen(unchecked_param_type = "readonly FindingInput[] | Report")] findings: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "AckOptions")] opts: JsValue,
) -> Result<JsMessage, JsValue> {
    let findings = findings_arg(&findings)?;
    let options = AckOptions {
        control_id: opt_string(&opts, "controlId", "opts.controlId")?,
        timestamp: Some(match opt_string(&opts, "timestamp", "opts.timestamp")? {
            Some(t) => t,
            None => host_timestamp(),
        }),
        ..AckOptions::default()
    };
    let text = build_ack(msg.msg(), &findings, &options).to_string();
    JsMessage::one(
        Source {
            text,
            latin1: false,
        },
        false,
    )
}
