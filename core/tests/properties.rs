//! Property tests: generated messages with random legal delimiters and text that needs
//! escaping round-trip through the builder, the parser and the serializer; lazy parsing and the
//! full index agree; ranges slice the input; no input makes the parser panic.

mod common;

use izkit::{Delimiters, Message, OwnedMessage};
use proptest::prelude::*;

/// Five distinct legal delimiter characters (field, component, repetition, escape, sub).
fn delimiters() -> impl Strategy<Value = Delimiters> {
    let legal: Vec<u8> = (0x21u8..0x7F)
        .filter(|b| !b.is_ascii_alphanumeric())
        .collect();
    proptest::sample::subsequence(legal, 5)
        .prop_shuffle()
        .prop_map(|v| Delimiters {
            field: v[0],
            component: v[1],
            repetition: v[2],
            escape: v[3],
            subcomponent: v[4],
            truncation: None,
        })
}

/// Text that often needs escaping: delimiters of every usual set, line breaks, unicode.
fn value() -> impl Strategy<Value = String> {
    "[A-Za-z0-9 |^~&#$*@!%\\\\\\n\\té漢-]{1,12}"
}

fn segment_id() -> impl Strategy<Value = String> {
    "(PID|PD1|NK1|ORC|RXA|RXR|OBX|ZZ[A-Z0-9]|[A-Z][A-Z0-9]{2})".prop_filter("not a header", |s| {
        !matches!(s.as_str(), "MSH" | "FHS" | "BHS" | "BTS" | "FTS")
    })
}

/// A set operation: a segment id, a (field, repetition, component, subcomponent) position and
/// a value.
fn edit() -> impl Strategy<Value = (String, u32, u32, u32, u32, String)> {
    (segment_id(), 1u32..12, 1u32..3, 1u32..5, 1u32..3, value())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// Values written with the builder read back identically; the text round-trips and both
    /// parsing paths agree.
    #[test]
    fn built_messages_round_trip(d in delimiters(), edits in proptest::collection::vec(edit(), 1..12)) {
        let mut m = OwnedMessage::with_delimiters(d);
        m.set("MSH-9", "VXU^V04").unwrap();
        for (seg, f, r, c, s, v) in &edits {
            let path = format!("{seg}-{f}[{r}].{c}.{s}");
            m.set(&path, v).unwrap();
            let got = m.get(&path).unwrap();
            prop_assert_eq!(got.as_deref(), Some(v.as_str()), "{}", path);
        }
        let text = m.to_string();
        let msg = Message::parse(&text).unwrap();
        prop_assert_eq!(msg.delimiters(), &d);
        prop_assert_eq!(msg.to_string(), text.clone());
        let msh9 = msg.get("MSH-9").unwrap().map(|v| v.into_owned());
        prop_assert_eq!(msh9.as_deref(), Some("VXU^V04"));
        // The last write to each position wins.
        let mut last = std::collections::HashMap::new();
        for (seg, f, r, c, s, v) in &edits {
            last.insert(format!("{seg}-{f}[{r}].{c}.{s}"), v.clone());
        }
        for (path, v) in &last {
            let got = msg.get(path).unwrap().map(|v| v.into_owned());
            prop_assert_eq!(got.as_deref(), Some(v.as_str()), "{}", path);
        }
        common::check_invariants(&text);
    }

    /// Raw structure made of random pieces and delimiters: lazy and indexed parses agree, every
    /// range slices the input, locate finds every offset, and the bytes come back unchanged.
    #[test]
    fn random_structure_invariants(
        d in delimiters(),
        segs in proptest::collection::vec(
            (segment_id(), proptest::collection::vec("[A-Za-z0-9 .]{0,4}", 0..8), proptest::collection::vec(0u8..5, 0..8)),
            0..8),
        term in prop_oneof![Just("\r"), Just("\n"), Just("\r\n")],
        trailing in any::<bool>(),
    ) {
        let seps = [d.field, d.component, d.repetition, d.subcomponent, d.field];
        let mut text = String::from("MSH");
        for b in [d.field, d.component, d.repetition, d.escape, d.subcomponent, d.field] {
            text.push(b as char);
        }
        text.push('x');
        for (id, pieces, kinds) in &segs {
            text.push_str(term);
            text.push_str(id);
            for (i, p) in pieces.iter().enumerate() {
                let k = kinds.get(i).copied().unwrap_or(0) as usize;
                text.push(if i == 0 { d.field } else { seps[k] } as char);
                text.push_str(p);
            }
        }
        if trailing {
            text.push_str(term);
        }
        common::check_invariants(&text);
    }

    /// Arbitrary bytes never panic: parsing returns a message or an error whose offset lies
    /// inside the input.
    #[test]
    fn arbitrary_input_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..300), prefix in any::<bool>()) {
        let mut input = if prefix { b"MSH|^~\\&|".to_vec() } else { Vec::new() };
        input.extend_from_slice(&bytes);
        if let Ok(text) = izkit::v2::decode_bytes(&input) {
            for r in [Message::parse(&text), Message::parse_indexed(&text)] {
                match r {
                    Ok(m) => prop_assert_eq!(m.to_string(), text.as_ref()),
                    Err(e) => prop_assert!(e.offset <= text.len()),
                }
            }
            let _ = izkit::parse_many(&text);
        }
    }
}
