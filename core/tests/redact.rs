//! `izkit::redact`: on every corpus message and on generated ones, the output parses, keeps
//! the segment skeleton and the control segments byte for byte, and no value of any other
//! segment survives.

mod common;

use izkit::redact::{mask, MASK, MASK_ALT};
use izkit::{redact, Message};
use proptest::prelude::*;

const KEPT: [&str; 8] = ["MSH", "MSA", "QAK", "ERR", "BHS", "BTS", "FHS", "FTS"];

/// Checks one message and its redaction; returns how many values were masked.
fn check(name: &str, text: &str) -> usize {
    let Ok(msg) = Message::parse(text) else {
        return 0;
    };
    let out = redact(&msg);
    let red = Message::parse(&out).unwrap_or_else(|e| panic!("{name}: output does not parse: {e}"));
    assert_eq!(red.segment_count(), msg.segment_count(), "{name}");
    let d = *msg.delimiters();
    let seps = [d.field, d.repetition, d.component, d.subcomponent];
    let mut masked = 0;
    let mut redacted_text = String::new();
    for (a, b) in msg.segments().zip(red.segments()) {
        assert_eq!(a.id(), b.id(), "{name}");
        if KEPT.contains(&a.id()) {
            assert_eq!(a.as_str(), b.as_str(), "{name}: {} changed", a.id());
            continue;
        }
        // Same skeleton: the separators, in the same order.
        let skeleton = |s: &str| -> Vec<u8> { s.bytes().filter(|c| seps.contains(c)).collect() };
        assert_eq!(
            skeleton(a.as_str()),
            skeleton(b.as_str()),
            "{name}: {}",
            a.id()
        );
        // Every value is the mask, whatever it was.
        for f in b.fields() {
            for r in f.repetitions() {
                for c in r.components() {
                    for s in c.subcomponents() {
                        assert!(
                            s.as_str().is_empty() || s.as_str() == mask(&d),
                            "{name}: {}",
                            s.as_str()
                        );
                        masked += usize::from(!s.as_str().is_empty());
                    }
                }
            }
        }
        redacted_text.push_str(&b.as_str()[3..]);
    }
    // The patient's name and birth date are nowhere outside the kept segments.
    for path in [
        "PID-5.1", "PID-5.2", "PID-7", "PID-3.1", "NK1-2.1", "RXA-15",
    ] {
        // (A value that decodes to separators alone could match the skeleton.)
        if let Some(v) = msg
            .get(path)
            .unwrap()
            .filter(|v| v.chars().any(char::is_alphanumeric))
        {
            assert!(!redacted_text.contains(&*v), "{name}: {path} survived");
        }
    }
    // Terminators, BOM and framing are kept: masking the masked output changes nothing.
    assert_eq!(redact(&red), out, "{name}");
    masked
}

#[test]
fn every_corpus_message_is_masked_outside_the_control_segments() {
    let mut total = 0;
    let mut files = 0;
    for (name, text) in common::corpus() {
        total += check(&name, &text);
        files += 1;
    }
    assert!(files >= 100, "{files}");
    assert!(total > 5_000, "only {total} values masked");
}

#[test]
fn the_documented_example() {
    let msg = Message::parse(
        "\u{FEFF}MSH|^~\\&|EHR|CLINIC\r\nMSA|AE|1\r\nPID|1||A\\F\\B~&x||DOE^JANE||20200101\r\nERR|||101^Required^HL70357\r\n",
    )
    .unwrap();
    assert_eq!(
        redact(&msg),
        "\u{FEFF}MSH|^~\\&|EHR|CLINIC\r\nMSA|AE|1\r\nPID|***||***~&***||***^***||***\r\nERR|||101^Required^HL70357\r\n"
    );
}

#[test]
fn a_star_delimiter_gets_the_other_mask() {
    // Found by the fuzzer: with `*` as subcomponent separator, `***` would add structure.
    let msg = Message::parse("MSH|^~\\*|A\rPID|1||X*Y^Z\r").unwrap();
    assert_eq!(mask(msg.delimiters()), MASK_ALT);
    assert_eq!(redact(&msg), "MSH|^~\\*|A\rPID|XXX||XXX*XXX^XXX\r");
    assert_eq!(mask(&izkit::Delimiters::default()), MASK);
    check("star", msg.as_str());
}

fn segment() -> impl Strategy<Value = String> {
    (
        prop_oneof![
            Just("PID"),
            Just("NK1"),
            Just("RXA"),
            Just("OBX"),
            Just("MSA"),
            Just("ERR"),
            Just("ZXY")
        ],
        "([A-Za-z0-9 ./\\\\]{0,6}[|^~&]){0,12}",
    )
        .prop_map(|(id, body)| format!("{id}|{body}"))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]

    #[test]
    fn generated_messages_keep_their_shape(segs in proptest::collection::vec(segment(), 0..12), lf in any::<bool>()) {
        let term = if lf { "\n" } else { "\r" };
        let mut text = String::from("MSH|^~\\&|A|B|C|D|20240101||VXU^V04^VXU_V04|1|P|2.5.1");
        for s in &segs {
            text.push_str(term);
            text.push_str(s);
        }
        prop_assert!(Message::parse(&text).is_ok());
        prop_assert!(check("generated", &text) > 0 || segs.iter().all(|s| KEPT.contains(&&s[..3]) || s.len() <= 4 || s[4..].bytes().all(|b| b"|^~&".contains(&b))));
    }
}
