//! Runs the language-neutral behaviour suite (`tests/behaviour/cases/*.json` at the repository
//! root) against the Rust core. The Python, Node and WASM bindings run the same files.

use chrono::NaiveDate;
use izkit::conformance::{build_ack, AckOptions, CodeTables, Finding, ProfileSet, Validator};
use izkit::{Message, OwnedMessage};
use serde_json::Value;
use std::borrow::Cow;
use std::path::{Path, PathBuf};

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("repo root")
        .to_path_buf()
}

fn hex(s: &str) -> Vec<u8> {
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
        .collect()
}

/// The case's input as text (bytes go through the transcoding entry point), or its error.
fn input(case: &Value) -> Result<String, izkit::Error> {
    if let Some(s) = case["input"].as_str() {
        return Ok(s.to_string());
    }
    if let Some(f) = case["input_file"].as_str() {
        return Ok(std::fs::read_to_string(repo_root().join(f)).unwrap());
    }
    let bytes = hex(case["input_hex"].as_str().expect("an input"));
    izkit::v2::decode_bytes(&bytes).map(Cow::into_owned)
}

fn check_error(name: &str, e: &izkit::Error, want: &Value, case: &Value) {
    assert_eq!(
        e.code(),
        want["code"].as_str().unwrap(),
        "{name}: code ({e})"
    );
    if let Some(o) = want.get("offset") {
        assert_eq!(e.offset as u64, o.as_u64().unwrap(), "{name}: offset");
    }
    if let Some(p) = want.get("path") {
        assert_eq!(e.path.as_deref(), p.as_str(), "{name}: path");
    }
    if let Some(secret) = case["no_text_in_error"].as_str() {
        assert!(
            !e.to_string().contains(secret),
            "{name}: error echoes content"
        );
    }
}

fn check_message(name: &str, msg: &Message<'_>, text: &str, expect: &Value) {
    if expect["roundtrip"].as_bool() == Some(true) {
        assert_eq!(msg.to_string(), text, "{name}: roundtrip");
    }
    if let Some(n) = expect["segments"].as_u64() {
        assert_eq!(msg.segment_count() as u64, n, "{name}: segments");
    }
    for (path, want) in expect["get"].as_object().into_iter().flatten() {
        let got = msg.get(path).unwrap();
        assert_eq!(got.as_deref(), want.as_str(), "{name}: get {path}");
    }
    for (path, want) in expect["get_raw"].as_object().into_iter().flatten() {
        assert_eq!(
            msg.get_raw(path).unwrap(),
            want.as_str(),
            "{name}: get_raw {path}"
        );
    }
    for (path, want) in expect["get_all"].as_object().into_iter().flatten() {
        let want: Vec<&str> = want
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap())
            .collect();
        assert_eq!(msg.get_all(path).unwrap(), want, "{name}: get_all {path}");
    }
    for pair in expect["locate"].as_array().into_iter().flatten() {
        let offset = pair[0].as_u64().unwrap() as usize;
        let got = msg.locate(offset).map(|p| p.to_string());
        assert_eq!(got.as_deref(), pair[1].as_str(), "{name}: locate {offset}");
    }
    for (path, code) in expect["get_error"].as_object().into_iter().flatten() {
        let e = msg.get(path).unwrap_err();
        assert_eq!(e.code(), code.as_str().unwrap(), "{name}: get_error {path}");
    }
    for path in expect["present"].as_array().into_iter().flatten() {
        let path = path.as_str().unwrap();
        assert!(msg.get(path).unwrap().is_some(), "{name}: {path} is empty");
    }
}

/// The keys of a finding as every language shows it (the JSON contract).
const FINDING_KEYS: [&str; 8] = [
    "severity", "code", "app_code", "rule", "location", "path", "text", "range",
];

/// True when `finding` has every key of `pattern` with the same value.
fn matches(finding: &Value, pattern: &Value) -> bool {
    pattern
        .as_object()
        .unwrap()
        .iter()
        .all(|(k, v)| finding.get(k) == Some(v))
}

/// Checks a validation result (profile and findings as JSON) against a case's `expect`.
fn check_findings(name: &str, profile: &str, findings: &Value, expect: &Value) {
    let list = findings.as_array().unwrap();
    for f in list {
        let mut keys: Vec<&str> = f.as_object().unwrap().keys().map(String::as_str).collect();
        keys.sort_unstable();
        let mut want = FINDING_KEYS.to_vec();
        want.sort_unstable();
        assert_eq!(keys, want, "{name}: the keys of a finding");
    }
    if let Some(p) = expect.get("profile") {
        assert_eq!(profile, p.as_str().unwrap(), "{name}: profile");
    }
    let all = || serde_json::to_string_pretty(findings).unwrap();
    for pattern in expect["findings_include"].as_array().into_iter().flatten() {
        assert!(
            list.iter().any(|f| matches(f, pattern)),
            "{name}: no finding matches {pattern}; findings: {}",
            all()
        );
    }
    for pattern in expect["findings_exclude"].as_array().into_iter().flatten() {
        assert!(
            !list.iter().any(|f| matches(f, pattern)),
            "{name}: a finding matches {pattern}; findings: {}",
            all()
        );
    }
    if let Some(sev) = expect["findings_exclude_severity"].as_str() {
        assert!(
            !list.iter().any(|f| f["severity"] == sev),
            "{name}: a finding has severity {sev}; findings: {}",
            all()
        );
    }
    if let Some(n) = expect["findings_count"].as_u64() {
        assert_eq!(list.len() as u64, n, "{name}: findings_count; {}", all());
    }
    if let Some(secret) = expect["no_text_in_findings"].as_str() {
        assert!(
            !findings.to_string().contains(secret),
            "{name}: findings echo content"
        );
    }
}

/// `spec[key]` as text, or the file `spec[key_file]` names (from the repository root).
fn source(spec: &Value, key: &str) -> Option<String> {
    if let Some(s) = spec[key].as_str() {
        return Some(s.to_string());
    }
    let f = spec[format!("{key}_file")].as_str()?;
    Some(std::fs::read_to_string(repo_root().join(f)).unwrap())
}

/// The validator a case's `validate` options ask for (local `profiles` and `tables` loaded as
/// the bindings' `Validator` does), and its forced profile.
fn validator(opts: &Value) -> Result<(Validator, Option<&str>), izkit::Error> {
    let mut v = Validator::new();
    if let Some(list) = opts["profiles"].as_array() {
        let mut set = ProfileSet::builtin().clone();
        for p in list {
            let mut profile = source(p, "profile").expect("profile or profile_file");
            for r in p["replace"].as_array().into_iter().flatten() {
                let (from, to) = (r[0].as_str().unwrap(), r[1].as_str().unwrap());
                assert!(
                    profile.contains(from),
                    "replace: {from} is not in the profile"
                );
                profile = profile.replacen(from, to, 1);
            }
            let constraints = source(p, "constraints");
            let value_sets = source(p, "value_sets");
            set.add_xml(&profile, constraints.as_deref(), value_sets.as_deref())?;
        }
        v = v.with_profiles(set);
    }
    if opts["tables"].is_object() {
        let t = &opts["tables"];
        let mut cvx = source(t, "cvx").expect("cvx or cvx_file");
        for code in t["drop_cvx"].as_array().into_iter().flatten() {
            let prefix = format!("{},", code.as_str().unwrap());
            cvx = cvx
                .lines()
                .filter(|l| !l.starts_with(&prefix))
                .map(|l| format!("{l}\n"))
                .collect();
        }
        let mvx = source(t, "mvx").expect("mvx or mvx_file");
        let groups = source(t, "groups");
        v = v.with_tables(CodeTables::from_csv(&cvx, &mvx, groups.as_deref())?);
    }
    if let Some(t) = opts["today"].as_str() {
        v = v.with_today(NaiveDate::parse_from_str(t, "%Y-%m-%d").unwrap());
    }
    Ok((v, opts["profile"].as_str()))
}

fn run_validate(case: &Value) {
    let name = case["name"].as_str().unwrap();
    let expect = &case["expect"];
    let text = input(case).unwrap();
    for (how, msg) in [
        ("lazy", Message::parse(&text).unwrap()),
        ("indexed", Message::parse_indexed(&text).unwrap()),
    ] {
        let name = format!("{name} ({how})");
        let validated = validator(&case["validate"]).and_then(|(v, p)| v.validate(&msg, p));
        match validated {
            Err(e) => check_error(&name, &e, &expect["error"], case),
            Ok(report) => {
                assert!(expect.get("error").is_none(), "{name}: expected an error");
                let findings = serde_json::to_value(&report.findings).unwrap();
                check_findings(&name, &report.profile, &findings, expect);
                // What a binding hands back to ack() reads back the same.
                let back: Vec<Finding> = serde_json::from_value(findings).unwrap();
                assert_eq!(back, report.findings, "{name}: findings read back");
            }
        }
    }
}

fn run_ack(case: &Value) {
    let name = case["name"].as_str().unwrap();
    let expect = &case["expect"];
    let text = input(case).unwrap();
    let msg = Message::parse(&text).unwrap();
    let spec = &case["ack"];
    let findings: Vec<Finding> = match spec.get("findings") {
        Some(list) => serde_json::from_value(list.clone()).unwrap(),
        None => {
            let (v, profile) = validator(&spec["validate"]).unwrap();
            v.validate(&msg, profile).unwrap().findings
        }
    };
    let opts = AckOptions {
        control_id: spec["control_id"].as_str().map(str::to_string),
        timestamp: spec["timestamp"].as_str().map(str::to_string),
        ..AckOptions::default()
    };
    let ack = build_ack(&msg, &findings, &opts).to_string();
    let parsed = Message::parse(&ack).unwrap_or_else(|e| panic!("{name}: the ACK parses: {e}"));
    check_message(name, &parsed, &ack, expect);
    if let Some(secret) = expect["no_text_in_ack"].as_str() {
        assert!(!ack.contains(secret), "{name}: the ACK echoes content");
    }
}

// ---- FHIR ------------------------------------------------------------------------------------

/// The value at a case's JSON path in a Bundle (see the README): `entry[1].resource.birthDate`
/// from the Bundle, or `Immunization[1].status` from the second entry whose resource is an
/// Immunization (a first step starting with an upper-case letter). `None` when absent.
fn fhir_path<'a>(bundle: &'a Value, path: &str) -> Option<&'a Value> {
    let mut cur = bundle;
    for (i, step) in path.split('.').enumerate() {
        let (name, index) = match step.split_once('[') {
            Some((n, rest)) => (
                n,
                Some(rest.trim_end_matches(']').parse::<usize>().unwrap()),
            ),
            None => (step, None),
        };
        if i == 0 && name.starts_with(|c: char| c.is_ascii_uppercase()) {
            cur = fhir_entries(bundle, name)
                .get(index.unwrap_or(0))
                .copied()?;
            continue;
        }
        cur = cur.get(name)?;
        if let Some(k) = index {
            cur = cur.get(k)?;
        }
    }
    Some(cur)
}

/// The resources of the Bundle's entries of one type, in order.
fn fhir_entries<'a>(bundle: &'a Value, ty: &str) -> Vec<&'a Value> {
    fhir_entry_list(bundle)
        .map(|e| &e["resource"])
        .filter(|r| r["resourceType"] == ty)
        .collect()
}

fn fhir_entry_list(bundle: &Value) -> impl Iterator<Item = &Value> {
    bundle["entry"].as_array().into_iter().flatten()
}

/// An expected value with `"%ref:TYPE"` replaced by the `fullUrl` of the first entry of that
/// type.
fn fhir_expected(bundle: &Value, want: &Value) -> Value {
    match want.as_str().and_then(|s| s.strip_prefix("%ref:")) {
        Some(ty) => fhir_entry_list(bundle)
            .find(|e| e["resource"]["resourceType"] == ty)
            .map_or(Value::Null, |e| e["fullUrl"].clone()),
        None => want.clone(),
    }
}

/// Checks a Bundle (as JSON) against a `to_fhir.expect`.
fn check_bundle(name: &str, b: &Value, expect: &Value) {
    let types: Vec<&str> = fhir_entry_list(b)
        .map(|e| e["resource"]["resourceType"].as_str().unwrap_or(""))
        .collect();
    if let Some(n) = expect["resource_count"].as_u64() {
        assert_eq!(types.len() as u64, n, "{name}: resource_count {types:?}");
    }
    if let Some(want) = expect.get("types") {
        assert_eq!(&serde_json::json!(types), want, "{name}: types");
    }
    for t in expect["types_include"].as_array().into_iter().flatten() {
        assert!(types.iter().any(|x| t == x), "{name}: no {t} in {types:?}");
    }
    for (t, n) in expect["type_counts"].as_object().into_iter().flatten() {
        let got = types.iter().filter(|x| **x == t).count() as u64;
        assert_eq!(
            Some(got),
            n.as_u64(),
            "{name}: type_counts {t} in {types:?}"
        );
    }
    for (path, want) in expect["paths"].as_object().into_iter().flatten() {
        let got = fhir_path(b, path).unwrap_or(&Value::Null);
        assert_eq!(got, &fhir_expected(b, want), "{name}: path {path}");
    }
    for (path, n) in expect["counts"].as_object().into_iter().flatten() {
        let got = fhir_path(b, path)
            .and_then(Value::as_array)
            .map_or(0, Vec::len) as u64;
        assert_eq!(Some(got), n.as_u64(), "{name}: counts {path}");
    }
}

fn to_fhir_options(opts: &Value) -> izkit::fhir::ToFhirOptions {
    izkit::fhir::ToFhirOptions {
        local_time: match opts["local_offset"].as_i64() {
            Some(m) => izkit::fhir::LocalTime::Offset(m as i32),
            None => izkit::fhir::LocalTime::DateOnly,
        },
    }
}

fn from_fhir_options(opts: &Value) -> izkit::fhir::FromFhirOptions {
    let s = |k: &str| opts[k].as_str().map(str::to_string);
    izkit::fhir::FromFhirOptions {
        sending_application: s("sending_application"),
        sending_facility: s("sending_facility"),
        receiving_application: s("receiving_application"),
        receiving_facility: s("receiving_facility"),
        control_id: s("control_id"),
        timestamp: s("timestamp"),
        processing_id: s("processing_id"),
        query_profile: s("query_profile"),
    }
}

/// Runs a FHIR case: `to_fhir` (v2 → Bundle), `from_fhir` (FHIR → v2), or both, the second
/// reading the Bundle of the first (`"input_from": "to_fhir"`).
fn run_fhir(case: &Value) {
    let name = case["name"].as_str().unwrap();
    let mut bundle = None;
    if let Some(spec) = case.get("to_fhir") {
        let expect = &spec["expect"];
        let text = input(case).unwrap();
        let opts = to_fhir_options(&spec["options"]);
        let mut made = Vec::new();
        for (how, msg) in [
            ("lazy", Message::parse(&text).unwrap()),
            ("indexed", Message::parse_indexed(&text).unwrap()),
        ] {
            let name = format!("{name} (to_fhir, {how})");
            match izkit::fhir::to_fhir_json(&msg, &opts) {
                Err(e) => {
                    check_error(&name, &e, &expect["error"], case);
                    assert!(
                        izkit::fhir::to_fhir(&msg, &opts).is_err(),
                        "{name}: to_fhir agrees"
                    );
                }
                Ok(json) => {
                    assert!(expect.get("error").is_none(), "{name}: expected an error");
                    let b: Value = serde_json::from_str(&json).unwrap();
                    let typed = izkit::fhir::to_fhir(&msg, &opts).unwrap();
                    assert_eq!(
                        serde_json::to_value(&typed).unwrap(),
                        b,
                        "{name}: to_fhir and to_fhir_json agree"
                    );
                    check_bundle(&name, &b, expect);
                    made.push(json);
                }
            }
        }
        if let [a, b] = &made[..] {
            assert_eq!(a, b, "{name}: the same Bundle from both parses");
        }
        bundle = made.pop();
    }
    let Some(spec) = case.get("from_fhir") else {
        return;
    };
    let name = format!("{name} (from_fhir)");
    let expect = &spec["expect"];
    let json = match (spec["input_from"].as_str(), spec["input_text"].as_str()) {
        (Some("to_fhir"), _) => bundle.expect("a to_fhir Bundle to read"),
        (_, Some(text)) => text.to_string(),
        _ => serde_json::to_string(&spec["input"]).unwrap(),
    };
    let opts = from_fhir_options(&spec["options"]);
    match izkit::fhir::from_fhir_json(&json, &opts) {
        Err(e) => check_error(&name, &e, &expect["error"], case),
        Ok(messages) => {
            assert!(expect.get("error").is_none(), "{name}: expected an error");
            if let Ok(resource) = izkit::fhir::read_resource(&json) {
                let typed = izkit::fhir::from_fhir(&resource, &opts).unwrap();
                assert_eq!(
                    typed, messages,
                    "{name}: from_fhir and from_fhir_json agree"
                );
            }
            if let Some(n) = expect["messages"].as_u64() {
                assert_eq!(messages.len() as u64, n, "{name}: messages");
            }
            for text in &messages {
                assert!(text.ends_with('\r'), "{name}: segments end with CR");
            }
            let first = messages.first().expect("a message");
            let msg = Message::parse(first).unwrap();
            check_message(&name, &msg, first, expect);
            if let Some(v) = expect.get("validate_no_errors") {
                let day = NaiveDate::parse_from_str(v["today"].as_str().unwrap(), "%Y-%m-%d");
                let validator = Validator::new().with_today(day.unwrap());
                for text in &messages {
                    let report = validator
                        .validate(&Message::parse(text).unwrap(), None)
                        .unwrap();
                    let errors: Vec<_> = report
                        .findings
                        .iter()
                        .filter(|f| f.severity.as_str() == "error")
                        .collect();
                    assert!(
                        errors.is_empty(),
                        "{name}: validation errors {errors:?}\n{}",
                        text.replace('\r', "\n")
                    );
                }
            }
        }
    }
}

fn run_parse(case: &Value) {
    let name = case["name"].as_str().unwrap();
    let expect = &case["expect"];
    let text = match input(case) {
        Ok(t) => t,
        Err(e) => return check_error(name, &e, &expect["error"], case),
    };
    if case["many"].as_bool() == Some(true) {
        match izkit::parse_many(&text) {
            Err(e) => check_error(name, &e, &expect["error"], case),
            Ok(msgs) => {
                assert!(expect.get("error").is_none(), "{name}: expected an error");
                if let Some(n) = expect["count"].as_u64() {
                    assert_eq!(msgs.len() as u64, n, "{name}: count");
                }
                if expect["roundtrip"].as_bool() == Some(true) {
                    let joined: String = msgs.iter().map(|m| m.to_string()).collect();
                    assert_eq!(joined, text, "{name}: roundtrip");
                }
                for (m, e) in msgs
                    .iter()
                    .zip(expect["messages"].as_array().into_iter().flatten())
                {
                    check_message(name, m, m.as_str(), e);
                }
            }
        }
        return;
    }
    for (how, parsed) in [
        ("lazy", Message::parse(&text)),
        ("indexed", Message::parse_indexed(&text)),
    ] {
        let name = format!("{name} ({how})");
        match parsed {
            Err(e) => check_error(&name, &e, &expect["error"], case),
            Ok(msg) => {
                assert!(expect.get("error").is_none(), "{name}: expected an error");
                check_message(&name, &msg, &text, expect);
            }
        }
    }
}

fn run_build(case: &Value) {
    let name = case["name"].as_str().unwrap();
    let expect = &case["expect"];
    let mut m = match case["build"]["from"].as_str() {
        Some(text) => OwnedMessage::parse(text).unwrap(),
        None => OwnedMessage::new(),
    };
    for (i, op) in case["build"]["ops"].as_array().unwrap().iter().enumerate() {
        let op = op.as_array().unwrap();
        let s = |k: usize| op[k].as_str().unwrap();
        let n = |k: usize| op[k].as_u64().unwrap() as usize;
        let r = match s(0) {
            "set" => m.set(s(1), s(2)),
            "set_raw" => m.set_raw(s(1), s(2)),
            "clear" => m.clear(s(1)),
            "add_segment" => m.add_segment(s(1)),
            "insert_segment" => m.insert_segment(n(1), s(2)),
            "remove_segment" => m.remove_segment(n(1)),
            "add_repetition" => m.add_repetition(s(1), s(2)),
            "remove_repetition" => m.remove_repetition(s(1)),
            other => panic!("{name}: unknown op {other}"),
        };
        if let Err(e) = r {
            assert_eq!(
                expect["op"].as_u64(),
                Some(i as u64),
                "{name}: op {i} failed: {e}"
            );
            return check_error(name, &e, &expect["error"], case);
        }
    }
    assert!(expect.get("error").is_none(), "{name}: expected an error");
    if let Some(t) = expect["text"].as_str() {
        assert_eq!(m.to_string(), t, "{name}: text");
    }
    for (path, want) in expect["get"].as_object().into_iter().flatten() {
        assert_eq!(
            m.get(path).unwrap().as_deref(),
            want.as_str(),
            "{name}: get {path}"
        );
    }
}

/// The router a route case asks for: its `policy` (JSON, or the built-in one) and
/// `jurisdictions` / `jurisdictions_file` (CSV, or the built-in table).
fn router_of(spec: &Value) -> Result<izkit::route::Router, izkit::Error> {
    let csv = match (
        spec["jurisdictions"].as_str(),
        spec["jurisdictions_file"].as_str(),
    ) {
        (Some(t), _) => Some(t.to_string()),
        (None, Some(f)) => Some(std::fs::read_to_string(repo_root().join(f)).unwrap()),
        _ => None,
    };
    let policy = spec
        .get("policy")
        .filter(|p| !p.is_null())
        .map(|p| p.to_string());
    izkit::route::Router::from_texts(policy.as_deref(), csv.as_deref())
}

fn check_routing(name: &str, routing: &Value, expect: &Value) {
    let ds = routing["decisions"].as_array().expect("decisions");
    assert!(!ds.is_empty(), "{name}: at least one decision");
    for d in ds {
        for k in d.as_object().unwrap().keys() {
            assert!(
                ["destination", "action", "reasons", "rules", "hl7"].contains(&k.as_str()),
                "{name}: unexpected key {k}"
            );
        }
        let action = d["action"].as_str().unwrap();
        assert!(
            ["send", "deny", "hold"].contains(&action),
            "{name}: {action}"
        );
        assert!(
            d["reasons"].as_array().is_some_and(|r| !r.is_empty()),
            "{name}: every decision says why"
        );
        assert_eq!(
            d["hl7"].is_string(),
            action == "send",
            "{name}: hl7 only for send"
        );
    }
    if let Some(want) = expect.get("decisions") {
        let got: Vec<Value> = ds
            .iter()
            .map(|d| serde_json::json!([d["destination"], d["action"]]))
            .collect();
        assert_eq!(&Value::Array(got), want, "{name}: decisions");
    }
    let by_dest = |dest: &str| {
        ds.iter()
            .find(|d| d["destination"].as_str().unwrap_or("-") == dest)
            .unwrap_or_else(|| panic!("{name}: no decision for {dest}"))
    };
    for (dest, rules) in expect["rules_include"].as_object().into_iter().flatten() {
        for r in rules.as_array().unwrap() {
            assert!(
                by_dest(dest)["rules"].as_array().unwrap().contains(r),
                "{name}: {dest} lacks rule {r}"
            );
        }
    }
    for (dest, paths) in expect["hl7"].as_object().into_iter().flatten() {
        let text = by_dest(dest)["hl7"].as_str().unwrap().to_string();
        let sent = Message::parse(&text).unwrap();
        for (path, want) in paths.as_object().unwrap() {
            assert_eq!(
                sent.get(path).unwrap().as_deref(),
                want.as_str(),
                "{name}: {dest} {path}"
            );
        }
    }
    for (key, want) in expect["facts"].as_object().into_iter().flatten() {
        let got = routing["facts"].get(key).unwrap_or(&Value::Null);
        assert_eq!(got, want, "{name}: fact {key}");
    }
    let mut trace = routing.clone();
    for d in trace["decisions"].as_array_mut().unwrap() {
        d.as_object_mut().unwrap().remove("hl7");
    }
    let trace = trace.to_string();
    for secret in expect["no_text_in_trace"].as_array().into_iter().flatten() {
        let secret = secret.as_str().unwrap();
        assert!(!trace.contains(secret), "{name}: the trace shows {secret}");
    }
}

fn check_root_error(name: &str, e: &izkit::Error, expect: &Value, case: &Value) {
    let want = expect
        .get("error")
        .unwrap_or_else(|| panic!("{name}: unexpected error {e}"));
    check_error(name, e, want, case);
    if let Some(t) = expect["error_text"].as_str() {
        assert!(
            e.to_string().contains(t),
            "{name}: error does not say {t}: {e}"
        );
    }
}

fn run_route(case: &Value) {
    let name = case["name"].as_str().unwrap();
    let spec = &case["route"];
    let expect = &spec["expect"];
    let router = match router_of(spec) {
        Ok(r) => r,
        Err(e) => return check_root_error(&format!("{name} (policy)"), &e, expect, case),
    };
    let opts = izkit::route::RouteOptions {
        reveal: spec["reveal"].as_bool().unwrap_or(false),
        ..Default::default()
    };
    let text = input(case).unwrap();
    let mut made = Vec::new();
    for indexed in [false, true] {
        let label = format!(
            "{name} (route, {})",
            if indexed { "indexed" } else { "lazy" }
        );
        let msg = if indexed {
            Message::parse_indexed(&text)
        } else {
            Message::parse(&text)
        }
        .unwrap();
        match router.route(&msg, &opts) {
            Err(e) => check_root_error(&label, &e, expect, case),
            Ok(r) => {
                assert!(expect.get("error").is_none(), "{label}: expected an error");
                let v = serde_json::to_value(&r).unwrap();
                check_routing(&label, &v, expect);
                made.push(v);
            }
        }
    }
    if made.len() == 2 {
        assert_eq!(
            made[0], made[1],
            "{name}: the routings of the two parses differ"
        );
    }
}

fn run_redact(case: &Value) {
    let name = case["name"].as_str().unwrap();
    let expect = &case["redact"]["expect"];
    let text = input(case).unwrap();
    let lazy = izkit::redact(&Message::parse(&text).unwrap());
    let indexed = izkit::redact(&Message::parse_indexed(&text).unwrap());
    assert_eq!(lazy, indexed, "{name}: the texts of the two parses differ");
    if let Some(t) = expect["text"].as_str() {
        assert_eq!(lazy, t, "{name}: text");
    }
    for secret in expect["no_text"].as_array().into_iter().flatten() {
        let secret = secret.as_str().unwrap();
        assert!(
            !lazy.contains(secret),
            "{name}: redacted text shows {secret}"
        );
    }
    let m = Message::parse(&lazy).unwrap();
    check_message(&format!("{name} (redacted)"), &m, &lazy, expect);
}

#[test]
fn behaviour_suite() {
    let dir = repo_root().join("tests/behaviour/cases");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    let mut count = 0;
    let mut failed = Vec::new();
    for f in files
        .iter()
        .filter(|f| f.extension().is_some_and(|e| e == "json"))
    {
        let suite: Value = serde_json::from_str(&std::fs::read_to_string(f).unwrap()).unwrap();
        for case in suite["cases"].as_array().unwrap() {
            // Every case runs; the failures are listed together at the end.
            let run = std::panic::catch_unwind(|| {
                if case.get("route").is_some() {
                    run_route(case);
                } else if case.get("redact").is_some() {
                    run_redact(case);
                } else if case.get("to_fhir").is_some() || case.get("from_fhir").is_some() {
                    run_fhir(case);
                } else if case.get("build").is_some() {
                    run_build(case);
                } else if case.get("validate").is_some() {
                    run_validate(case);
                } else if case.get("ack").is_some() {
                    run_ack(case);
                } else {
                    run_parse(case);
                }
            });
            if let Err(panic) = run {
                let why = panic
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                    .unwrap_or_default();
                failed.push(format!(
                    "{}: {}: {why}",
                    suite["suite"].as_str().unwrap_or("?"),
                    case["name"].as_str().unwrap_or("?")
                ));
            }
            count += 1;
        }
    }
    assert!(
        failed.is_empty(),
        "{} of {count} cases failed:\n{}",
        failed.len(),
        failed.join("\n")
    );
    assert!(count >= 30, "the suite has {count} cases");
}
