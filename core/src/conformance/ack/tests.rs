//! Unit tests of the pieces the integration tests (`core/tests/ack.rs`) cannot reach.

use super::build::tests_support::{new_control_id_for, now};
use super::*;

#[test]
fn ack_codes_read_and_write() {
    for c in [
        AckCode::AA,
        AckCode::AE,
        AckCode::AR,
        AckCode::CA,
        AckCode::CE,
        AckCode::CR,
    ] {
        assert_eq!(AckCode::parse(c.as_str()), Some(c));
        assert_eq!(AckCode::parse(&c.as_str().to_lowercase()), Some(c));
    }
    assert_eq!(AckCode::parse("A"), None);
    assert!(AckCode::CA.is_accept() && AckCode::CE.is_error() && AckCode::CR.is_reject());
    for s in ["OK", "NF", "AE", "AR", "TM"] {
        assert_eq!(QueryStatus::parse(s).map(QueryStatus::as_str), Some(s));
    }
    assert_eq!(QueryStatus::parse("XX"), None);
}

#[test]
fn a_generated_id_is_never_the_incoming_one() {
    let ts = *b"20240102120000";
    // Whatever the counter says next, an incoming id equal to it is skipped.
    for _ in 0..3 {
        let a = new_control_id_for(ts, "");
        let next = {
            let mut s = String::from_utf8(a.to_vec()).unwrap();
            let n: u32 = s[14..].parse().unwrap();
            s.replace_range(14.., &format!("{:06}", (n + 1) % 1_000_000));
            s
        };
        let b = new_control_id_for(ts, &next);
        assert_ne!(&b[..], next.as_bytes());
        assert_eq!(&b[..14], &ts);
    }
}

#[test]
fn now_is_a_utc_ts_z() {
    let t = now();
    assert_eq!(t.len(), 19, "{t}");
    assert!(t[..14].bytes().all(|b| b.is_ascii_digit()), "{t}");
    assert!(t.ends_with("+0000"));
    let month: u32 = t[4..6].parse().unwrap();
    let hour: u32 = t[8..10].parse().unwrap();
    assert!((1..=12).contains(&month) && hour < 24, "{t}");
}

#[test]
fn from_finding_keeps_what_the_err_says() {
    let f = Finding::new(
        Severity::Warning,
        103,
        Some(Location {
            field: Some(5),
            subcomponent: Some(2),
            ..Location::segment("RXA", 2)
        }),
        String::new(),
    )
    .with_rule("");
    let e = AckError::from_finding(&f);
    // A subcomponent without a component cannot be written: the location stops at the field.
    assert_eq!(e.location.as_ref().unwrap().erl(), "RXA^2^5^1");
    assert_eq!(e.location.as_ref().unwrap().subcomponent, None);
    assert_eq!((e.text, e.diagnostic), (None, None));
    assert_eq!(e.code_text.as_deref(), Some("Table value not found"));
}

#[test]
fn table_texts_never_need_escaping() {
    // build.rs writes them without escaping: letters and spaces only, and no delimiter is
    // a letter, a digit or a space.
    let texts = (0..=1000u16)
        .map(crate::conformance::hl7_error::text)
        .chain((0..=255u8).map(crate::conformance::app_error::text));
    for t in texts {
        assert!(
            t.bytes().all(|b| b.is_ascii_alphabetic() || b == b' '),
            "{t}"
        );
    }
}
