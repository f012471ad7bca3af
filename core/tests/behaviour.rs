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
                if case.get("build").is_some() {
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
