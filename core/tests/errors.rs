//! Strictness: what is an error (with its exact offset and path), what is accepted and kept
//! exactly, and that error text never carries message content.

mod common;

use izkit::{Message, ParseOptions};
use proptest::prelude::*;

const GOOD: &str = "MSH|^~\\&|EHR|CLINIC|IIS|STATE|20240102||VXU^V04^VXU_V04|1|P|2.5.1\r\
PID|1||123^^^MR||SECRETNAME^JANE||20200101|F\r\
RXA|0|1|20240102||08^HepB^CVX|0.5|mL^^UCUM\r";

/// Both parsing paths give the same error; returns it.
fn both_fail(text: &str, opts: &ParseOptions) -> izkit::Error {
    let a = Message::parse_with(text, opts).expect_err("lazy parse must fail");
    let b = Message::parse_indexed_with(text, opts).expect_err("indexed parse must fail");
    assert_eq!(a, b, "lazy and indexed errors differ");
    assert!(
        !a.to_string().contains("SECRETNAME"),
        "error text echoes content: {a}"
    );
    a
}

fn fails(text: &str) -> (String, usize, Option<String>) {
    let e = both_fail(text, &ParseOptions::default());
    (e.code().to_string(), e.offset, e.path)
}

#[test]
fn header_errors() {
    assert_eq!(fails("PID|1\r").0, "not_msh");
    assert_eq!(fails("").0, "empty");
    assert_eq!(fails(" MSH|^~\\&|\r").0, "not_msh");
    assert_eq!(
        fails("MSH|^~\r"),
        ("msh_too_short".into(), 6, Some("MSH-2".into()))
    );
    assert_eq!(
        fails("MSH"),
        ("msh_too_short".into(), 3, Some("MSH-1".into()))
    );
    assert_eq!(
        fails("MSH|^~^&|X\r"),
        ("duplicate_delimiter".into(), 6, Some("MSH-2".into()))
    );
    assert_eq!(fails("MSH|^|\\&|X\r").0, "msh_too_short");
    assert_eq!(
        fails("MSHA^~\\&AX\r"),
        ("invalid_delimiter".into(), 3, Some("MSH-1".into()))
    );
    assert_eq!(
        fails("MSH|^~ &|X\r"),
        ("invalid_delimiter".into(), 6, Some("MSH-2".into()))
    );
    // A BOM and an MLLP start block are allowed before MSH; the frame must be closed.
    assert!(Message::parse(&format!("\u{feff}{GOOD}")).is_ok());
    assert!(Message::parse(&format!("\u{b}{GOOD}\u{1c}\r")).is_ok());
    assert_eq!(fails(&format!("\u{b}{GOOD}")).0, "mllp");
}

#[test]
fn segment_id_errors_point_at_the_id() {
    for bad in ["pid", "PI|", "1ID", "PIDX", "P-D", " PID", "\tPID"] {
        let text = GOOD.replacen("PID", bad, 1);
        let at = GOOD.find("PID").unwrap();
        let e = both_fail(&text, &ParseOptions::default());
        assert_eq!(
            (e.code(), e.offset, e.segment, e.line),
            ("invalid_segment_id", at, Some(1), 2),
            "{bad:?}"
        );
    }
    // Digits after the first letter are fine, and so are Z-segments.
    assert!(Message::parse(&GOOD.replacen("PID", "P1D", 1)).is_ok());
    assert!(Message::parse(&format!("{GOOD}ZXY|anything^at|all\r")).is_ok());
}

#[test]
fn control_characters_are_errors_with_a_path() {
    let name_at = GOOD.find("SECRETNAME").unwrap();
    for byte in [0x00u8, 0x01, 0x0B, 0x1C, 0x1F, 0x7F] {
        let mut text = GOOD.to_string();
        text.insert(name_at + 3, byte as char);
        let e = both_fail(&text, &ParseOptions::default());
        assert_eq!(e.code(), "control_character");
        assert_eq!(e.offset, name_at + 3);
        assert_eq!(e.path.as_deref(), Some("PID-5.1"));
        assert_eq!((e.line, e.segment), (2, Some(1)));
        assert_eq!(
            e.to_string(),
            format!(
                "byte {}: PID-5.1: control character 0x{byte:02X} is not allowed",
                name_at + 3
            )
        );
    }
    // In the second RXA, the path names the occurrence.
    let text = format!("{GOOD}RXA|0|1|2024\u{1}0102\r");
    let e = both_fail(&text, &ParseOptions::default());
    assert_eq!(e.path.as_deref(), Some("RXA[2]-3"));
    // TAB is allowed.
    assert!(Message::parse(&GOOD.replace("JANE", "JA\tNE")).is_ok());
}

#[test]
fn limits_are_enforced_the_same_way_on_both_paths() {
    let e = both_fail(GOOD, &ParseOptions::default().max_message_size(50));
    assert_eq!(e.code(), "message_too_large");
    let e = both_fail(GOOD, &ParseOptions::default().max_segments(2));
    assert_eq!(
        (e.code(), e.offset),
        ("too_many_segments", GOOD.find("RXA").unwrap())
    );
    let long = GOOD.replace("JANE", &"J".repeat(200));
    let e = both_fail(&long, &ParseOptions::default().max_field_length(100));
    assert_eq!(
        (e.code(), e.offset),
        ("field_too_long", GOOD.find("SECRETNAME").unwrap())
    );
    assert!(Message::parse_with(&long, &ParseOptions::default().max_field_length(300)).is_ok());
}

#[test]
fn odd_but_legal_input_is_kept_exactly() {
    for text in [
        GOOD.to_string(),
        GOOD.replace('\r', "\n"),
        GOOD.replace('\r', "\r\n"),
        GOOD.trim_end().to_string(),
        format!("{GOOD}\r\n\r\n  \n"),
        GOOD.replace("\rRXA", "\r\r   \rRXA"),
        format!("{GOOD}ZZZ|||||\rOBX\rNTE|1||  spaced  out  |||\r"),
        GOOD.replace(
            "PID|1|",
            "PID|1|||||||||||||||||||||||||||||||||||||||||||||",
        ),
        GOOD.replace("MSH|^~\\&|", "MSH|^~\\&#|"),
        GOOD.replace('|', "#"),
    ] {
        let nodes = common::check_invariants(&text);
        assert!(!nodes.is_empty());
    }
    let spaced = GOOD.replace("\rRXA", "\r\r   \rRXA");
    let m = Message::parse(&spaced).unwrap();
    assert_eq!(m.segment_count(), 3);
    assert_eq!(m.get("RXA-5.1").unwrap().as_deref(), Some("08"));
    let truncated = GOOD.replace("MSH|^~\\&|", "MSH|^~\\&#|");
    let m = Message::parse(&truncated).unwrap();
    assert_eq!(m.delimiters().truncation, Some(b'#'));
    assert_eq!(m.get("MSH-2").unwrap().as_deref(), Some("^~\\&#"));
    assert_eq!(m.get("MSH-3").unwrap().as_deref(), Some("EHR"));
}

#[test]
fn escapes_are_decoded_on_read() {
    let text = GOOD.replace("SECRETNAME", "O\\T\\BRIEN\\F\\X\\E\\Y\\.br\\Z\\X41\\");
    let m = Message::parse(&text).unwrap();
    assert_eq!(
        m.get("PID-5.1").unwrap().as_deref(),
        Some("O&BRIEN|X\\Y\nZA")
    );
    assert_eq!(
        m.get_raw("PID-5.1").unwrap(),
        Some("O\\T\\BRIEN\\F\\X\\E\\Y\\.br\\Z\\X41\\")
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    /// One byte inserted anywhere in a real message: lazy and indexed parsing agree, whether
    /// the result is a message or an error.
    #[test]
    fn one_byte_mutations_agree(which in 0usize..118, pos in any::<prop::sample::Index>(), byte in prop::sample::select(vec![0u8, 1, 9, 10, 13, 11, 28, 32, b'|', b'^', b'~', b'&', b'\\', b'A', b'z', 0x7F])) {
        let corpus = common::corpus();
        let (_, text) = &corpus[which % corpus.len()];
        let mut bytes = text.as_bytes().to_vec();
        let at = pos.index(bytes.len() + 1);
        bytes.insert(at, byte);
        let Ok(text) = String::from_utf8(bytes) else { return Ok(()) };
        match (Message::parse(&text), Message::parse_indexed(&text)) {
            (Ok(a), Ok(b)) => prop_assert_eq!(common::walk(&a), common::walk(&b)),
            (Err(a), Err(b)) => prop_assert_eq!(a, b),
            (a, b) => prop_assert!(false, "paths disagree: {:?} vs {:?}", a.err(), b.err()),
        }
    }
}

/// Wide inputs: a segment with 100,000 fields and a field with 100,000 repetitions. Walking
/// every part, locating every delimiter and reading the last part are linear; a quadratic path
/// here would take hours rather than milliseconds.
#[test]
fn wide_segments_and_fields_stay_linear() {
    let n = 100_000;
    let wide_seg = format!("MSH|^~\\&|A\rZZZ{}\r", "|x".repeat(n));
    let wide_field = format!("MSH|^~\\&|A\rPID|1||{}\r", "x^y&z~".repeat(n));
    for text in [&wide_seg, &wide_field] {
        for msg in [
            Message::parse(text).unwrap(),
            Message::parse_indexed(text).unwrap(),
        ] {
            let nodes = common::walk(&msg);
            assert!(nodes.len() > n);
            let last = text.len() - 3;
            assert!(msg.locate(last).is_some());
        }
    }
    let m = Message::parse(&wide_field).unwrap();
    assert_eq!(m.get_all("PID-3.1").unwrap().len(), n);
    assert_eq!(
        m.get(&format!("PID-3[{n}].2.2")).unwrap().as_deref(),
        Some("z")
    );
    let m = Message::parse(&wide_seg).unwrap();
    assert_eq!(m.get(&format!("ZZZ-{n}")).unwrap().as_deref(), Some("x"));
}

/// Found by the fuzzer: a header id alone on its line (`MSH`, `BHS`) has no fields on both
/// parsing paths.
#[test]
fn bare_header_ids_have_no_fields_on_both_paths() {
    for text in ["MSH|^~\\&\rMSH\r", "MSH|^~\\&|A\rBHS\rPID|1|x\r"] {
        let nodes = common::check_invariants(text);
        assert!(!nodes.is_empty());
        let m = Message::parse_indexed(text).unwrap();
        assert_eq!(m.segment(1).unwrap().field_count(), 0);
        assert_eq!(m.segment(1).unwrap().fields().count(), 0);
    }
    let crash = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../fuzz/crashes-found/parse-1"
    ))
    .unwrap();
    if let Ok(text) = std::str::from_utf8(&crash) {
        match (Message::parse(text), Message::parse_indexed(text)) {
            (Ok(a), Ok(b)) => assert_eq!(common::walk(&a), common::walk(&b)),
            (Err(a), Err(b)) => assert_eq!(a, b),
            _ => panic!("paths disagree on the fuzzer's input"),
        }
    }
}
