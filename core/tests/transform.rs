//! Per-destination transformations (`izkit::transform`): every precondition and operation on
//! real corpus VXUs, terser and izkit paths held to the same answers, load-time errors with
//! their JSON pointer, failing operations, and the property that transformations never change
//! segments they do not name.

mod common;

use izkit::transform::{CodeTables, Location, Transforms};
use izkit::{ErrorKind, Message};
use proptest::prelude::*;
use serde_json::{json, Value};

/// The CDC IG appendix A VXU example (three orders, six OBX).
fn z22() -> String {
    corpus_file("cdc-ig-r1.5-appendix-a/001_VXU_Z22_2-Message-Example.hl7")
}

fn corpus_file(name: &str) -> String {
    common::corpus()
        .into_iter()
        .find(|(n, _)| n == name)
        .map(|(_, t)| t)
        .expect("corpus file")
}

fn tables() -> CodeTables {
    CodeTables::from_json(
        &json!({"cvx": {"85": "45", "110": "120"}, "sex": {"M": "1", "F": "2"}}),
        "/tables",
    )
    .unwrap()
}

fn compile(rules: Value) -> Transforms {
    Transforms::compile(&rules, "/t", &tables()).unwrap()
}

/// Applies `rules` to `text` (no header operation) and returns the output.
fn run(text: &str, rules: Value) -> String {
    let msg = Message::parse(text).unwrap();
    compile(rules).apply(&msg, None).unwrap()
}

/// The value at an izkit path of `text`.
fn get(text: &str, path: &str) -> Option<String> {
    Message::parse(text)
        .unwrap()
        .get(path)
        .unwrap()
        .map(|v| v.into_owned())
}

/// The load error of `rules`: (location, reason).
fn load_error(rules: Value) -> (String, String) {
    match Transforms::compile(&rules, "/destinations/MD/transforms", &tables()) {
        Err(e) => match e.kind {
            ErrorKind::PolicyLoad { location, reason } => (location, reason),
            other => panic!("expected a policy load error, got {other:?}"),
        },
        Ok(_) => panic!("{rules} compiled"),
    }
}

#[test]
fn no_rules_and_no_header_give_the_input_back_byte_for_byte() {
    for (name, text) in common::corpus() {
        let Ok(msg) = Message::parse(&text) else {
            continue;
        };
        let out = Transforms::empty().apply(&msg, None).unwrap();
        assert_eq!(out, text, "{name}");
        // Rules whose preconditions fail touch nothing either.
        let t = compile(
            json!([{"when": {"equals": {"path": "MSH-9.1", "value": "NOPE"}},
                                "do": [{"set": "PID-5.1", "value": "X"}, {"remove_segment": "OBX"}]}]),
        );
        assert_eq!(t.apply(&msg, None).unwrap(), text, "{name}");
    }
}

#[test]
fn the_header_operation_sets_msh5_and_msh6_on_every_corpus_message() {
    for (name, text) in common::corpus() {
        let Ok(msg) = Message::parse(&text) else {
            continue;
        };
        let out = Transforms::empty()
            .apply(&msg, Some(("MDIIS^2.16.840.1.113883.3.1234^ISO", "MD&CO")))
            .unwrap();
        let m = Message::parse(&out).unwrap();
        assert_eq!(
            m.get("MSH-5.1").unwrap().as_deref(),
            Some("MDIIS"),
            "{name}"
        );
        assert_eq!(
            m.get("MSH-5.2").unwrap().as_deref(),
            Some("2.16.840.1.113883.3.1234")
        );
        assert_eq!(m.get("MSH-5.3").unwrap().as_deref(), Some("ISO"));
        // A delimiter inside a component is escaped, not taken as structure.
        assert_eq!(m.get("MSH-6.1").unwrap().as_deref(), Some("MD&CO"));
        assert_eq!(m.segment_count(), msg.segment_count(), "{name}");
        for i in 1..msg.segment_count() {
            assert_eq!(
                m.segment(i).unwrap().as_str(),
                msg.segment(i).unwrap().as_str(),
                "{name}: segment {i} changed"
            );
        }
        for f in [3, 4, 7, 9, 10, 11, 12] {
            let p = format!("MSH-{f}");
            assert_eq!(m.get(&p).unwrap(), msg.get(&p).unwrap(), "{name} {p}");
        }
    }
}

#[test]
fn set_escapes_and_raw_keeps_structure() {
    let text = z22();
    let out = run(
        &text,
        json!([
            {"set": "PID-5.1", "value": "O'Brien & Sons|X"},
            {"set": "PID-11", "value": "1 Main St^^Town^MD^21201", "raw": true},
            {"set": "/NK1-2-2", "value": 42},
        ]),
    );
    assert_eq!(get(&out, "PID-5.1").as_deref(), Some("O'Brien & Sons|X"));
    assert_eq!(get(&out, "PID-5.2").as_deref(), Some("Johnny"));
    assert_eq!(get(&out, "PID-11.3").as_deref(), Some("Town"));
    assert_eq!(get(&out, "NK1-2.2").as_deref(), Some("42"));
    assert!(out.contains("O'Brien \\T\\ Sons\\F\\X^Johnny"));
}

#[test]
fn copy_clear_and_save_with_state() {
    let text = z22();
    let out = run(
        &text,
        json!([
            {"save": "MSH-10", "as": "control"},
            {"copy": "PID-5", "to": "NK1-2"},
            {"clear": "PID-11"},
            {"clear": "ZZZ-1"},
            {"set": "RXA[2]-20", "value": {"state": "control"}},
            {"when": {"equals": {"path": "MSH-10", "value": {"state": "control"}}},
             "do": [{"set": "MSH-11", "value": "T"}]},
        ]),
    );
    // The copy is raw: the composite keeps its components.
    assert_eq!(get(&out, "NK1-2.1").as_deref(), Some("Patient"));
    assert_eq!(get(&out, "NK1-2.2").as_deref(), Some("Johnny"));
    assert_eq!(get(&out, "PID-11"), None);
    assert_eq!(get(&out, "PID-13.2").as_deref(), Some("PRN"));
    assert_eq!(get(&out, "RXA[2]-20").as_deref(), Some("45646ug"));
    assert_eq!(get(&out, "MSH-11").as_deref(), Some("T"));
}

#[test]
fn copy_from_an_absent_path_clears_unless_required() {
    let text = z22();
    let out = run(&text, json!([{"copy": "PID-30", "to": "PID-8"}]));
    assert_eq!(get(&out, "PID-8"), None);
    let msg = Message::parse(&text).unwrap();
    let e = compile(json!([{"copy": "PID-30", "to": "PID-8", "required": true}]))
        .apply(&msg, None)
        .unwrap_err();
    assert_eq!(e.code(), "transform");
    assert_eq!(e.path.as_deref(), Some("PID-30"));
    assert!(e.to_string().contains("rule 0 operation 1 (copy)"), "{e}");
}

#[test]
fn set_into_a_missing_segment_fails_the_whole_call_without_data_in_the_error() {
    let text = z22();
    let msg = Message::parse(&text).unwrap();
    let t = compile(json!([
        {"set": "MSH-11", "value": "T"},
        {"name": "evn", "do": [{"set": "PID-5.1", "value": "Y"}, {"set": "/EVN-2-1", "value": "20240101"}]},
    ]));
    let e = t.apply(&msg, None).unwrap_err();
    assert_eq!(e.code(), "transform");
    assert_eq!(e.path.as_deref(), Some("/EVN-2-1"));
    let shown = e.to_string();
    assert!(shown.contains("rule 1 (evn) operation 2 (set)"), "{shown}");
    assert!(shown.contains("not in the message"), "{shown}");
    for value in ["Patient", "Johnny", "20110411", "432155", "45646ug"] {
        assert!(!shown.contains(value), "{shown}");
    }
    // `add_segment` after a segment the message lacks fails too.
    let e = compile(json!([{"add_segment": "ZXY|1", "after": "EVN"}]))
        .apply(&msg, None)
        .unwrap_err();
    assert_eq!(e.path.as_deref(), Some("EVN"));
}

#[test]
fn regex_replace_and_map() {
    let text = z22();
    let out = run(
        &text,
        json!([
            {"regex_replace": "PID-11.5", "regex": "^(\\d{3})(\\d{2})$", "replacement": "$1-$2"},
            {"map": "RXA-5.1", "table": "cvx"},
            {"map": "RXA[2]-5.1", "table": "cvx"},
            {"map": "RXA[3]-5.1", "table": "cvx"},
            {"map": "RXA[3]-6", "table": "cvx", "default": "999"},
            {"map": "PID-8", "table": "sex"},
            {"map": "PID-30", "table": "sex", "default": "U"},
        ]),
    );
    assert_eq!(get(&out, "PID-11.5").as_deref(), Some("540-00"));
    assert_eq!(get(&out, "RXA-5.1").as_deref(), Some("45"));
    assert_eq!(get(&out, "RXA[2]-5.1").as_deref(), Some("120"));
    // Unmapped without a default: unchanged; with one: the default.
    assert_eq!(get(&out, "RXA[3]-5.1").as_deref(), Some("48"));
    assert_eq!(get(&out, "RXA[3]-6").as_deref(), Some("999"));
    assert_eq!(get(&out, "PID-8").as_deref(), Some("1"));
    // Absent values are not mapped, even with a default.
    assert_eq!(get(&out, "PID-30"), None);
}

#[test]
fn each_edits_every_occurrence() {
    let text = z22();
    let out = run(
        &text,
        json!([
            {"map": "RXA-5.1", "table": "cvx", "each": true},
            {"set": "OBX-11", "value": "C", "each": true},
            {"regex_replace": "ORC-3.2", "regex": "^DCS$", "replacement": "X", "each": true},
            {"clear": "RXR-2", "each": true},
            {"set": "PV1-2", "value": "R", "each": true},
        ]),
    );
    let m = Message::parse(&out).unwrap();
    assert_eq!(m.get_all("RXA-5.1").unwrap(), ["45", "120", "48"]);
    assert_eq!(m.get_all("OBX-11").unwrap(), ["C"; 6]);
    assert_eq!(m.get_all("ORC-3.2").unwrap(), ["X"; 3]);
    assert!(m.get_all("RXR-2").unwrap().is_empty());
    // No PV1: nothing to set, and no error.
    assert_eq!(
        m.segment_count(),
        Message::parse(&text).unwrap().segment_count()
    );
    for bad in ["RXA[2]-5.1", "/.RXA-5-1"] {
        let (l, r) = load_error(json!([{"map": bad, "table": "cvx", "each": true}]));
        assert_eq!(l, "/destinations/MD/transforms/0/map");
        assert!(r.contains("without an occurrence"), "{r}");
    }
}

#[test]
fn remove_and_add_segments() {
    let text = z22();
    let out = run(
        &text,
        json!([
            {"remove_segment": "OBX[2]"},
            {"remove_segment": "RXR"},
            {"add_segment": "ZXY|1|A", "after": "PID"},
            {"add_segment": "ZLA|end"},
            {"add_segment": "NTE|1||note", "after": "/ORDER(1)/OBSERVATION(0)/OBX"},
        ]),
    );
    let before = Message::parse(&text).unwrap();
    let m = Message::parse(&out).unwrap();
    let ids: Vec<&str> = m.segments().map(|s| s.id()).collect();
    assert_eq!(
        ids,
        [
            "MSH", "PID", "ZXY", "NK1", "ORC", "RXA", "ORC", "RXA", "OBX", "NTE", "OBX", "ORC",
            "RXA", "OBX", "OBX", "OBX", "ZLA"
        ]
    );
    assert_eq!(before.segments().filter(|s| s.id() == "OBX").count(), 6);
    // OBX[2] (the VIS date of the second order) went; OBX[3] is now the second.
    assert_eq!(get(&out, "OBX[2]-3.1").as_deref(), Some("69764-9"));
    assert!(out.ends_with("ZLA|end\r"));
}

#[test]
fn added_segments_take_the_message_delimiters() {
    // Found by the fuzzer: a segment written `ZIZ|1|...` in a message whose field separator
    // is `!` made the output unparseable. Policies write `|^~\&`; izkit rewrites.
    let text = "MSH!*~$#!A!B\rPID!1!!X*Y\r";
    let out = run(text, json!([{"add_segment": "ZIZ|1|a^b~c&d|x!y*z$"}]));
    assert_eq!(
        out,
        "MSH!*~$#!A!B\rPID!1!!X*Y\rZIZ!1!a*b~c#d!x$F$y$S$z$E$\r"
    );
    let m = Message::parse(&out).unwrap();
    assert_eq!(m.get("ZIZ-2.2").unwrap().as_deref(), Some("b"));
    assert_eq!(m.get("ZIZ-3").unwrap().as_deref(), Some("x!y*z$"));
}

#[test]
fn preconditions_on_a_corpus_vxu() {
    let text = z22();
    let cases = [
        (
            json!({"equals": {"path": "/MSH-9-1", "value": "VXU"}}),
            true,
        ),
        (json!({"equals": {"path": "PID-8", "value": "F"}}), false),
        (json!({"not_equals": {"path": "PID-8", "value": "F"}}), true),
        (json!({"equals": {"path": "PID-30", "value": ""}}), true),
        (json!({"exists": "PID-3.1"}), true),
        (json!({"exists": "/ORDER(2)/OBSERVATION(2)/OBX"}), true),
        (json!({"exists": "/ORDER(3)/RXA"}), false),
        (json!({"not_exists": "PV1"}), true),
        (json!({"not_exists": "/PID-3-4-2"}), true),
        (
            json!({"regex_match": {"path": "PID-13.6", "regex": "^\\d{3}$"}}),
            true,
        ),
        (
            json!({"regex_match": {"path": "PID-13.6", "regex": "^\\d{4}$"}}),
            false,
        ),
        (
            json!({"in": {"path": "RXA[2]-5.1", "values": ["08", "110"]}}),
            true,
        ),
        (
            json!({"in": {"path": "RXA-5.1", "values": ["08", "110"]}}),
            false,
        ),
        (
            json!({"date_before": {"path": "PID-7", "value": "20120101"}}),
            true,
        ),
        (
            json!({"date_after": {"path": "PID-7", "value": "2011"}}),
            false,
        ),
        (
            json!({"date_on_or_after": {"path": "PID-7", "value": "2011"}}),
            true,
        ),
        (
            json!({"date_on_or_before": {"path": "PID-7", "value": "201104"}}),
            true,
        ),
        (
            json!({"date_before": {"path": "PID-7", "value": "today"}}),
            true,
        ),
        (
            json!({"date_after": {"path": "RXA[2]-3", "value": {"path": "PID-7"}}}),
            true,
        ),
        (
            json!({"date_before": {"path": "PID-30", "value": "today"}}),
            false,
        ),
        (json!({"all": [{"exists": "PID"}, {"exists": "RXR"}]}), true),
        (
            json!({"all": [{"exists": "PID"}, {"exists": "PV1"}]}),
            false,
        ),
        (json!({"any": [{"exists": "PV1"}, {"exists": "RXR"}]}), true),
        (json!({"not": {"exists": "RXR"}}), false),
    ];
    for (cond, expected) in cases {
        let out = run(
            &text,
            json!([{"when": cond.clone(), "do": [{"set": "MSH-11", "value": "T"}]}]),
        );
        let fired = get(&out, "MSH-11").as_deref() == Some("T");
        assert_eq!(fired, expected, "{cond}");
    }
}

#[test]
fn rules_see_the_message_as_earlier_rules_left_it() {
    let text = z22();
    let out = run(
        &text,
        json!([
            {"set": "PID-8", "value": "F"},
            {"when": {"equals": {"path": "PID-8", "value": "F"}}, "do": [{"set": "MSH-11", "value": "T"}]},
            {"remove_segment": "NK1"},
            {"when": {"exists": "NK1"}, "do": [{"set": "MSH-11", "value": "P"}]},
        ]),
    );
    assert_eq!(get(&out, "MSH-11").as_deref(), Some("T"));
}

#[test]
fn terser_and_izkit_paths_name_the_same_parts_of_corpus_vxus() {
    let pairs = [
        ("/PID-5-1", "PID-5.1.1"),
        ("/.PID-5-2", "PID-5.2.1"),
        ("/PID-3(0)-4", "PID-3.4.1"),
        ("/NK1(0)-2-1", "NK1-2.1.1"),
        ("/ORDER(0)/ORC-3-1", "ORC-3.1.1"),
        ("/ORDER(2)/RXA-5-1", "RXA[3]-5.1.1"),
        ("/ORDER(1)/RXR-2-1", "RXR-2.1.1"),
        ("/ORDER(1)/OBSERVATION(2)/OBX-5-2", "OBX[3]-5.2.1"),
        ("/ORDER(2)/OBSERVATION(0)/OBX-3", "OBX[4]-3.1.1"),
        ("/.OBSERVATION(1)/OBX-3-1", "OBX[2]-3.1.1"),
        ("/.OBX-3-1", "OBX-3.1.1"),
        ("/.RXA-10-2", "RXA-10.2.1"),
    ];
    for (name, text) in common::corpus() {
        if !name.contains("VXU") {
            continue;
        }
        let Ok(msg) = Message::parse(&text) else {
            continue;
        };
        // Only messages whose orders each have an RXA and whose OBX all sit in orders.
        let ids: Vec<&str> = msg.segments().map(|s| s.id()).collect();
        let orc = ids.iter().filter(|i| **i == "ORC").count();
        let rxa = ids.iter().filter(|i| **i == "RXA").count();
        if orc != rxa || orc == 0 {
            continue;
        }
        for (terser, izkit) in pairs {
            let t = Location::parse(terser).unwrap().get(&msg);
            let i = msg.get(izkit).unwrap();
            let counts_across_orders = ["/ORDER(1)", "/ORDER(2)", "/.OBSERVATION"]
                .iter()
                .any(|p| terser.starts_with(p));
            if counts_across_orders && !name.contains("001_VXU_Z22") {
                // These izkit equivalents hold only for Z22's shape of orders.
                continue;
            }
            assert_eq!(t, i, "{name}: {terser} vs {izkit}");
        }
    }
}

#[test]
fn load_errors_name_the_place_in_the_policy() {
    // (rules, location under /destinations/MD/transforms, part of the reason)
    #[rustfmt::skip]
    let cases = [
        (r#"[{"set": "PID-5..1", "value": "x"}]"#, "/0/set", "invalid path"),
        (r#"[{"do": [{"clear": "PID-5.1"}, {"clear": "/ORDER/OBX-5"}]}]"#, "/0/do/1/clear", "nesting"),
        (r#"[{"clear": "/NOPE/RXA-5"}]"#, "/0/clear", "nesting"),
        (r#"[{"clear": "/PID(x)-5"}]"#, "/0/clear", "invalid path"),
        (r#"[{"when": {"regex_match": {"path": "PID-5", "regex": "(unclosed"}}, "do": []}]"#, "/0/when/regex_match/regex", "regular expression"),
        (r#"[{"frobnicate": "PID-5"}]"#, "/0", "exactly one of"),
        (r#"[{"set": "PID-5", "clear": "PID-6", "value": "x"}]"#, "/0", "exactly one of"),
        (r#"[{"set": "PID-5", "valeu": "x"}]"#, "/0/valeu", "unknown member"),
        (r#"[{"when": {"equal": {"path": "PID-5", "value": "x"}}, "do": []}]"#, "/0/when", "unknown precondition"),
        (r#"[{"map": "RXA-5.1", "table": "mvx"}]"#, "/0/table", "no code table \"mvx\""),
        (r#"[{"set": "PID-5", "value": {"state": "k"}}, {"save": "MSH-10", "as": "k"}]"#, "/0/value/state", "not saved"),
        (r#"[{"set": "MSH-2", "value": "x"}]"#, "/0/set", "delimiters"),
        (r#"[{"set": "PID", "value": "x"}]"#, "/0/set", "whole segment"),
        (r#"[{"remove_segment": "MSH"}]"#, "/0/remove_segment", "cannot be removed"),
        (r#"[{"remove_segment": "NTE-1"}]"#, "/0/remove_segment", "must name a segment"),
        (r#"[{"add_segment": "zx|1"}]"#, "/0/add_segment", "expected one segment"),
        (r#"[{"add_segment": "ZXY|1\rPID|2"}]"#, "/0/add_segment", "expected one segment"),
        (r#"[{"when": {"date_before": {"path": "PID-7", "value": "yesterday"}}, "do": []}]"#, "/0/when/date_before/value", "today"),
        (r#"{"set": "PID-5"}"#, "", "expected an array"),
        (r#"[{"set": "PID-5"}]"#, "/0", "missing member \"value\""),
    ];
    for (rules, location, reason) in cases {
        let rules: Value = serde_json::from_str(rules).unwrap();
        let (l, r) = load_error(rules.clone());
        assert_eq!(
            l,
            format!("/destinations/MD/transforms{location}"),
            "{rules}: {r}"
        );
        assert!(r.contains(reason), "{rules}: {r}");
    }
    // Tables: a non-string code is rejected where it stands.
    let e = CodeTables::from_json(&json!({"cvx": {"08": 45}}), "/tables").unwrap_err();
    assert!(
        matches!(e.kind, ErrorKind::PolicyLoad { ref location, .. } if location == "/tables/cvx/08")
    );
    // Keys with `/` and `~` are escaped in pointers.
    let e = CodeTables::from_json(&json!({"a/b~c": {"x": 1}}), "/tables").unwrap_err();
    assert!(
        matches!(e.kind, ErrorKind::PolicyLoad { ref location, .. } if location == "/tables/a~1b~0c/x")
    );
}

#[test]
fn removing_every_nte_of_a_thousand_segment_message_is_linear() {
    let mut text =
        String::from("MSH|^~\\&|A|B|C|D|20240101||VXU^V04^VXU_V04|1|P|2.5.1\rPID|1||X\r");
    for i in 0..500 {
        text.push_str(&format!(
            "ORC|RE||{i}\rRXA|0|1|20240101||08^HepB^CVX\rOBX|1|CE|X\rNTE|1||n\r"
        ));
    }
    let msg = Message::parse(&text).unwrap();
    let t = compile(json!([
        {"remove_segment": "NTE"},
        {"set": "/ORDER(499)/OBSERVATION(0)/OBX-5-1", "value": "last"},
        {"map": "RXA[500]-5.1", "table": "cvx", "default": "x"},
    ]));
    let start = std::time::Instant::now();
    let out = t.apply(&msg, None).unwrap();
    let m = Message::parse(&out).unwrap();
    assert_eq!(m.segment_count(), 2 + 1500);
    assert_eq!(m.get("OBX[500]-5").unwrap().as_deref(), Some("last"));
    assert_eq!(m.get("RXA[500]-5.1").unwrap().as_deref(), Some("x"));
    assert!(start.elapsed().as_secs() < 2, "{:?}", start.elapsed());
}

// ---- generated messages ------------------------------------------------------------------

/// One generated order: whether it has a TQ1 and an RXR, and per OBX its NTE count.
#[derive(Debug, Clone)]
struct Order {
    timing: bool,
    rxr: bool,
    obx: Vec<usize>,
}

#[derive(Debug, Clone)]
struct Vxu {
    text: String,
    orders: Vec<Order>,
    nk1: usize,
}

fn value() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => "[A-Za-z0-9 ]{0,8}",
        1 => Just("A\\T\\B".to_string()),
        1 => Just(String::new()),
    ]
}

fn vxu() -> impl Strategy<Value = Vxu> {
    let order = (
        any::<bool>(),
        any::<bool>(),
        proptest::collection::vec(0usize..3, 0..4),
    )
        .prop_map(|(timing, rxr, obx)| Order { timing, rxr, obx });
    (
        proptest::collection::vec(order, 0..5),
        0usize..3,
        proptest::collection::vec(value(), 40),
        prop_oneof![Just("\r"), Just("\n"), Just("\r\n")],
    )
        .prop_map(|(orders, nk1, values, term)| {
            let mut v = values.into_iter().cycle();
            let mut next = || v.next().unwrap_or_default();
            let mut segs = vec![
                "MSH|^~\\&|EHR|CLINIC|IIS|ST|20240102||VXU^V04^VXU_V04|1|P|2.5.1".to_string(),
                format!("PID|1||{}^^^MR||{}^{}||20200101|F", next(), next(), next()),
            ];
            for i in 0..nk1 {
                segs.push(format!("NK1|{}|{}^{}|MTH", i + 1, next(), next()));
            }
            for o in &orders {
                segs.push(format!("ORC|RE||{}", next()));
                if o.timing {
                    segs.push(format!("TQ1|1||{}", next()));
                }
                segs.push(format!(
                    "RXA|0|1|20240101||{}^{}^CVX|{}",
                    next(),
                    next(),
                    next()
                ));
                if o.rxr {
                    segs.push(format!("RXR|{}^IM", next()));
                }
                for (k, ntes) in o.obx.iter().enumerate() {
                    segs.push(format!(
                        "OBX|{}|CE|{}^{}^LN||{}",
                        k + 1,
                        next(),
                        next(),
                        next()
                    ));
                    for n in 0..*ntes {
                        segs.push(format!("NTE|{}||{}", n + 1, next()));
                    }
                }
            }
            let mut text = segs.join(term);
            text.push_str(term);
            Vxu { text, orders, nk1 }
        })
}

/// A terser path into a generated message and the izkit path naming the same part, when the
/// message has it.
fn terser_pair(m: &Vxu, pick: (usize, usize, usize, u8, u8)) -> (String, Option<String>) {
    let (a, b, c, kind, field) = pick;
    let field = u32::from(field % 6) + 1;
    let obx_before = |order: usize, obs: usize| -> usize {
        m.orders[..order].iter().map(|o| o.obx.len()).sum::<usize>() + obs
    };
    match kind % 6 {
        0 => {
            let t = format!("/ORDER({a})/RXA-{field}-1");
            (
                t,
                (a < m.orders.len()).then(|| format!("RXA[{}]-{field}.1.1", a + 1)),
            )
        }
        1 => {
            let t = format!("/ORDER({a})/OBSERVATION({b})/OBX-{field}-2");
            let ok = a < m.orders.len() && b < m.orders[a].obx.len();
            (
                t,
                ok.then(|| format!("OBX[{}]-{field}.2.1", obx_before(a, b) + 1)),
            )
        }
        2 => {
            let t = format!("/ORDER({a})/OBSERVATION({b})/NTE({c})-3");
            let ok = a < m.orders.len() && b < m.orders[a].obx.len() && c < m.orders[a].obx[b];
            let before: usize = m
                .orders
                .iter()
                .take(a + 1)
                .enumerate()
                .flat_map(|(i, o)| o.obx.iter().take(if i == a { b } else { o.obx.len() }))
                .sum();
            (t, ok.then(|| format!("NTE[{}]-3.1.1", before + c + 1)))
        }
        3 => {
            let t = format!("/NK1({a})-2-{field}");
            (
                t,
                (a < m.nk1).then(|| format!("NK1[{}]-2.{field}.1", a + 1)),
            )
        }
        4 => {
            let t = format!("/ORDER({a})/TIMING(0)/TQ1-3");
            let ok = a < m.orders.len() && m.orders[a].timing;
            let before = m.orders[..a.min(m.orders.len())]
                .iter()
                .filter(|o| o.timing)
                .count();
            (t, ok.then(|| format!("TQ1[{}]-3.1.1", before + 1)))
        }
        _ => {
            // `/.` starts at the first order holding an observation.
            let t = format!("/.OBSERVATION({b})/OBX-3-1");
            let first = m.orders.iter().position(|o| !o.obx.is_empty());
            let ok = first.is_some_and(|f| b < m.orders[f].obx.len());
            (
                t,
                first
                    .filter(|_| ok)
                    .map(|f| format!("OBX[{}]-3.1.1", obx_before(f, b) + 1)),
            )
        }
    }
}

fn cases(default: u32) -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases(2000)))]

    /// A terser path reads and writes exactly what its izkit equivalent does.
    #[test]
    fn terser_and_izkit_paths_agree(m in vxu(), picks in proptest::collection::vec((0usize..5, 0usize..4, 0usize..3, any::<u8>(), any::<u8>()), 1..6)) {
        let msg = Message::parse(&m.text).unwrap();
        for pick in picks {
            let (terser, izkit) = terser_pair(&m, pick);
            let t = Location::parse(&terser).unwrap();
            let by_terser = t.get(&msg).map(|v| v.into_owned());
            match &izkit {
                Some(p) => {
                    prop_assert_eq!(&by_terser, &msg.get(p).unwrap().map(|v| v.into_owned()), "{} vs {}", terser, p);
                    let a = compile(json!([{"set": terser, "value": "Z&"}])).apply(&msg, None).unwrap();
                    let b = compile(json!([{"set": p, "value": "Z&"}])).apply(&msg, None).unwrap();
                    prop_assert_eq!(a, b, "{} vs {}", terser, p);
                }
                None => {
                    prop_assert_eq!(by_terser, None, "{}", terser);
                    let e = compile(json!([{"set": terser, "value": "Z"}])).apply(&msg, None).unwrap_err();
                    prop_assert_eq!(e.code(), "transform");
                }
            }
        }
    }

    /// Transformations never change segments they do not name: every segment no operation
    /// names comes out byte for byte, in order; removed NTEs are the only ones missing.
    #[test]
    fn transformations_never_change_segments_they_do_not_name(
        m in vxu(),
        ops in proptest::collection::vec((0u8..7, 0usize..7, 1usize..4, 1u32..12, proptest::option::of(1u32..4), "[A-Za-z|^&~\\\\]{0,6}"), 0..8),
        remove_nte in any::<bool>(),
    ) {
        const IDS: [&str; 7] = ["PID", "NK1", "ORC", "TQ1", "RXA", "RXR", "OBX"];
        let msg = Message::parse(&m.text).unwrap();
        let ids: Vec<&str> = msg.segments().map(|s| s.id()).collect();
        let mut named = std::collections::BTreeSet::new();
        let mut rules = Vec::new();
        let mut paths = Vec::new();
        for (kind, seg, occ, field, comp, val) in &ops {
            let id = IDS[*seg];
            let mut p = format!("{id}[{occ}]-{field}");
            if let Some(c) = comp {
                p.push_str(&format!(".{c}"));
            }
            paths.push(p.clone());
            let source = paths[paths.len() / 2].clone();
            let each = *kind >= 5;
            if each {
                // Every segment with the id: the path drops its occurrence.
                p = p.replacen(&format!("[{occ}]"), "", 1);
                named.extend(ids.iter().enumerate().filter(|(_, s)| **s == id).map(|(i, _)| i));
            }
            let op = match kind {
                0 => json!({"set": p, "value": val}),
                5 => json!({"set": p, "value": val, "each": true}),
                6 => json!({"map": p, "table": "sex", "default": val, "each": true}),
                1 => json!({"clear": p}),
                2 => json!({"regex_replace": p, "regex": "[aeiou0-4]", "replacement": "_"}),
                3 => json!({"map": p, "table": "sex", "default": val}),
                _ => json!({"copy": source, "to": p}),
            };
            rules.push(json!({"when": {"exists": format!("{id}[{occ}]")}, "do": [op]}));
            if let Some(i) = ids.iter().enumerate().filter(|(_, s)| **s == id).nth(occ - 1).map(|(i, _)| i) {
                named.insert(i);
            }
        }
        if remove_nte {
            rules.push(json!({"remove_segment": "NTE"}));
        }
        let out = compile(Value::Array(rules)).apply(&msg, None).unwrap();
        let after = Message::parse(&out).unwrap();
        let kept: Vec<usize> = (0..ids.len()).filter(|&i| !(remove_nte && ids[i] == "NTE")).collect();
        prop_assert_eq!(after.segment_count(), kept.len());
        for (j, &i) in kept.iter().enumerate() {
            let (a, b) = (msg.segment(i).unwrap(), after.segment(j).unwrap());
            prop_assert_eq!(a.id(), b.id());
            if !named.contains(&i) {
                prop_assert_eq!(a.as_str(), b.as_str(), "segment {} changed", i);
            }
        }
    }
}

/// The JSON Schema of a rule (core/data/policy/transform.schema.json).
fn schema() -> Value {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/data/policy/transform.schema.json"
    );
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// True when the schema's path pattern accepts `p`.
fn schema_accepts(p: &str) -> bool {
    let s = schema();
    let pattern = s["$defs"]["path"]["pattern"].as_str().unwrap();
    regex::Regex::new(pattern).unwrap().is_match(p)
}

#[test]
fn the_schema_names_every_operation_and_precondition() {
    let s = schema();
    // Every operation the schema allows, with its required members, is one the compiler knows.
    let alternatives = s["$defs"]["operation"]["oneOf"].as_array().unwrap();
    assert_eq!(alternatives.len(), 8);
    for alt in alternatives {
        let mut op = serde_json::Map::new();
        for key in alt["required"].as_array().unwrap() {
            let key = key.as_str().unwrap();
            let v = match key {
                "table" => "cvx",
                "as" | "regex" | "replacement" | "value" => "x",
                "remove_segment" => "NTE",
                "add_segment" => "ZXY|1",
                _ => "PID-5",
            };
            op.insert(key.to_string(), json!(v));
        }
        let rules = json!([Value::Object(op)]);
        assert!(
            Transforms::compile(&rules, "", &tables()).is_ok(),
            "{rules}"
        );
    }
    let conds = s["$defs"]["precondition"]["properties"]
        .as_object()
        .unwrap();
    for (kind, _) in conds {
        // Every precondition the schema allows is one the compiler knows.
        let arg = match kind.as_str() {
            "exists" | "not_exists" => json!("PID"),
            "all" | "any" => json!([]),
            "not" => json!({"exists": "PID"}),
            "regex_match" => json!({"path": "PID-5", "regex": "x"}),
            "in" => json!({"path": "PID-5", "values": []}),
            _ => json!({"path": "PID-7", "value": "2020"}),
        };
        let rules = json!([{"when": {kind.clone(): arg}, "do": []}]);
        assert!(Transforms::compile(&rules, "", &tables()).is_ok(), "{kind}");
    }
}

proptest! {
    /// The schema's path pattern accepts what `Location::parse` accepts (terser group
    /// nesting aside, which a pattern cannot check).
    #[test]
    fn the_schema_path_pattern_matches_the_parser(p in "/?\\.?([A-Z_]{3,5}(\\([0-9]\\))?/)?[A-Z][A-Z0-9]{2}([\\[(][0-9][\\])])?([-.][0-9]{1,2}([\\[(][0-9][\\])])?){0,3}") {
        let parsed = Location::parse(&p);
        let nesting = matches!(&parsed, Err(e) if e.to_string().contains("nesting"));
        if !nesting {
            prop_assert_eq!(schema_accepts(&p), parsed.is_ok(), "{}", p);
        }
    }
}

#[test]
fn compiled_transforms_can_be_shared_between_threads() {
    fn shared<T: Send + Sync + Clone>(_: &T) {}
    let t = compile(json!([{"set": "MSH-11", "value": "T"}]));
    shared(&t);
    shared(&tables());
    let text = z22();
    let outs: Vec<String> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..2)
            .map(|_| s.spawn(|| t.apply(&Message::parse(&text).unwrap(), None).unwrap()))
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    assert_eq!(outs[0], outs[1]);
    assert_eq!(get(&outs[0], "MSH-11").as_deref(), Some("T"));
}
