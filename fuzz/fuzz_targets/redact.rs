//! `redact`: `izkit::redact` on arbitrary messages, and a fixed set of transformations
//! (`izkit::transform`) applied to them.
//!
//! Checked, as `redact` and `transform` document them:
//! - nothing panics;
//! - the redacted text parses, with the same segment count and ids; MSH, MSA, QAK, ERR and the
//!   batch envelopes are byte-identical; every other segment keeps its separators in order and
//!   each value between them is empty or the mask; redacting the output changes nothing;
//! - the transformations either fail with a `transform` error or give a message that parses,
//!   whose segments other than MSH (which the header operation edits) and the ones the rules
//!   name are byte-identical to the input's.
#![no_main]

use izkit::redact::mask;
use izkit::transform::{CodeTables, Transforms};
use izkit::{redact, Message};
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

const KEPT: [&str; 8] = ["MSH", "MSA", "QAK", "ERR", "BHS", "BTS", "FHS", "FTS"];

/// Segments the fixed rules may edit, remove or add.
const NAMED: [&str; 6] = ["PID", "RXA", "OBX", "NTE", "ZIZ", "NK1"];

fn transforms() -> &'static Transforms {
    static T: OnceLock<Transforms> = OnceLock::new();
    T.get_or_init(|| {
        let tables = CodeTables::from_json(
            &serde_json::json!({"cvx": {"08": "45", "20": "106"}}),
            "/tables",
        )
        .unwrap();
        let rules = serde_json::json!([
            {"save": "MSH-10", "as": "id"},
            {"when": {"exists": "PID"}, "do": [{"set": "PID-5.1", "value": "X|Y^Z"}]},
            {"when": {"exists": "RXA[2]"}, "do": [{"map": "RXA[2]-5.1", "table": "cvx", "default": "999"}]},
            {"when": {"date_before": {"path": "/.RXA-3", "value": "today"}},
             "do": [{"regex_replace": "/.RXA-5-2", "regex": "[aeiou]+", "replacement": "_"}]},
            {"when": {"exists": "/.OBSERVATION(1)/OBX"},
             "do": [{"set": "/.OBSERVATION(1)/OBX-5", "value": {"state": "id"}}]},
            {"when": {"exists": "NK1"}, "do": [{"copy": "PID-3", "to": "NK1-33"}]},
            {"remove_segment": "NTE"},
            {"add_segment": "ZIZ|1|fuzz"}
        ]);
        Transforms::compile(&rules, "/transforms", &tables).unwrap()
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(msg) = Message::parse(text) else {
        return;
    };
    let out = redact(&msg);
    let red = Message::parse(&out).expect("the redacted message parses");
    assert_eq!(red.segment_count(), msg.segment_count(), "segment count");
    let d = *msg.delimiters();
    let seps = [d.field, d.repetition, d.component, d.subcomponent];
    for (a, b) in msg.segments().zip(red.segments()) {
        assert_eq!(a.id(), b.id(), "segment id");
        if KEPT.contains(&a.id()) {
            assert_eq!(a.as_str(), b.as_str(), "a kept segment changed");
            continue;
        }
        let skeleton = |s: &str| -> Vec<u8> { s.bytes().filter(|c| seps.contains(c)).collect() };
        assert_eq!(
            skeleton(a.as_str()),
            skeleton(b.as_str()),
            "separators changed"
        );
        let values = b.as_str()[3..].split(|c: char| c.is_ascii() && seps.contains(&(c as u8)));
        for v in values {
            assert!(v.is_empty() || v == mask(&d), "a value was not masked");
        }
    }
    assert_eq!(redact(&red), out, "redacting twice changes the output");

    match transforms().apply(&msg, Some(("IIS^1.2.3^ISO", "ST"))) {
        Err(e) => assert_eq!(e.code(), "transform", "{e}"),
        Ok(t) => {
            let after = Message::parse(&t).expect("the transformed message parses");
            let kept = |m: &Message<'_>| -> Vec<String> {
                m.segments()
                    .filter(|s| s.index() > 0 && !NAMED.contains(&s.id()))
                    .map(|s| s.as_str().to_string())
                    .collect()
            };
            assert_eq!(kept(&msg), kept(&after), "an unnamed segment changed");
        }
    }
});
