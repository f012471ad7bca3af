//! `parse`: arbitrary bytes through the bytes entry point (`decode_bytes`), then the lazy parse
//! (`Message::parse`) and the full index (`Message::parse_indexed`).
//!
//! Checked (all documented in `v2::message`): neither panics; both accept or reject the same
//! input, with the same error; when both accept, they agree on every segment, field,
//! repetition, component and subcomponent (text, range, decoded value, counts), building the
//! index later (`build_index`) gives the same answers, and serializing writes the input back
//! byte for byte (`to_string`, `write_to`).
#![no_main]

use izkit::v2::decode_bytes;
use izkit::{Message, Segment};
use libfuzzer_sys::fuzz_target;

/// Asserts that two messages (one lazy, one indexed) give the same answer everywhere. Where a
/// difference is reported as `(segment, field, repetition, component, subcomponent)` positions
/// (0 = not at that level); the text is formatted only on failure.
fn same_structure(a: &Message<'_>, b: &Message<'_>) {
    assert_eq!(a.segment_count(), b.segment_count(), "segment count");
    assert_eq!(a.terminator(), b.terminator(), "terminator");
    assert_eq!(a.body_range(), b.body_range(), "body range");
    assert_eq!(a.delimiters(), b.delimiters(), "delimiters");
    let (sa, sb): (Vec<Segment<'_>>, Vec<Segment<'_>>) =
        (a.segments().collect(), b.segments().collect());
    assert_eq!(
        sa.len(),
        a.segment_count(),
        "segments() yields segment_count() segments"
    );
    assert_eq!(sa.len(), sb.len(), "segments() length");
    for (si, (x, y)) in sa.iter().zip(&sb).enumerate() {
        let at = (si, 0, 0, 0, 0);
        assert_eq!(x.id(), y.id(), "{at:?}: id");
        assert_eq!(x.index(), y.index(), "{at:?}: index");
        assert_eq!(x.occurrence(), y.occurrence(), "{at:?}: occurrence");
        assert_eq!(x.range(), y.range(), "{at:?}: range");
        assert_eq!(x.as_str(), y.as_str(), "{at:?}: text");
        assert_eq!(x.field_count(), y.field_count(), "{at:?}: field count");
        assert_eq!(
            x.fields().count(),
            x.field_count(),
            "{at:?}: fields() yields field_count() fields"
        );
        // One past the end as well: both must say None.
        for n in 0..=x.field_count() + 1 {
            let (fx, fy) = (x.field(n), y.field(n));
            let at = (si, n, 0, 0, 0);
            assert_eq!(fx.is_some(), fy.is_some(), "{at:?}: field present");
            let (Some(fx), Some(fy)) = (fx, fy) else {
                continue;
            };
            assert_eq!(fx.path(), fy.path(), "{at:?}: path");
            assert_eq!(fx.range(), fy.range(), "{at:?}: range");
            assert_eq!(fx.as_str(), fy.as_str(), "{at:?}: text");
            assert_eq!(fx.value(), fy.value(), "{at:?}: value");
            assert_eq!(
                fx.repetition_count(),
                fy.repetition_count(),
                "{at:?}: repetition count"
            );
            let (rx, ry): (Vec<_>, Vec<_>) =
                (fx.repetitions().collect(), fy.repetitions().collect());
            assert_eq!(
                rx.len(),
                fx.repetition_count(),
                "{at:?}: repetitions() yields repetition_count()"
            );
            assert_eq!(rx.len(), ry.len(), "{at:?}: repetitions()");
            for (r, (rx, ry)) in rx.iter().zip(&ry).enumerate() {
                let at = (si, n, r + 1, 0, 0);
                assert_eq!(rx.range(), ry.range(), "{at:?}: range");
                assert_eq!(rx.value(), ry.value(), "{at:?}: value");
                assert_eq!(
                    rx.component_count(),
                    ry.component_count(),
                    "{at:?}: component count"
                );
                let (cx, cy): (Vec<_>, Vec<_>) =
                    (rx.components().collect(), ry.components().collect());
                assert_eq!(
                    cx.len(),
                    rx.component_count(),
                    "{at:?}: components() yields component_count()"
                );
                assert_eq!(cx.len(), cy.len(), "{at:?}: components()");
                for (c, (cx, cy)) in cx.iter().zip(&cy).enumerate() {
                    let at = (si, n, r + 1, c + 1, 0);
                    assert_eq!(cx.path(), cy.path(), "{at:?}: path");
                    assert_eq!(cx.range(), cy.range(), "{at:?}: range");
                    assert_eq!(cx.value(), cy.value(), "{at:?}: value");
                    assert_eq!(
                        cx.subcomponent_count(),
                        cy.subcomponent_count(),
                        "{at:?}: subcomponent count"
                    );
                    let (ux, uy): (Vec<_>, Vec<_>) =
                        (cx.subcomponents().collect(), cy.subcomponents().collect());
                    assert_eq!(
                        ux.len(),
                        cx.subcomponent_count(),
                        "{at:?}: subcomponents() yields the count"
                    );
                    assert_eq!(ux.len(), uy.len(), "{at:?}: subcomponents()");
                    for (u, (ux, uy)) in ux.iter().zip(&uy).enumerate() {
                        let at = (si, n, r + 1, c + 1, u + 1);
                        assert_eq!(ux.range(), uy.range(), "{at:?}: range");
                        assert_eq!(ux.as_str(), uy.as_str(), "{at:?}: text");
                        assert_eq!(ux.value(), uy.value(), "{at:?}: value");
                    }
                }
            }
        }
    }
}

fn round_trips(m: &Message<'_>, text: &str) {
    assert_eq!(m.to_string(), text, "to_string() differs from the input");
    assert_eq!(m.as_str(), text, "as_str() differs from the input");
    let mut out = Vec::new();
    m.write_to(&mut out).expect("writing to a Vec cannot fail");
    assert_eq!(out, text.as_bytes(), "write_to() differs from the input");
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = decode_bytes(data) else { return };
    let lazy = Message::parse(&text);
    let full = Message::parse_indexed(&text);
    match (&lazy, &full) {
        (Ok(a), Ok(b)) => {
            assert!(!a.is_indexed() && b.is_indexed());
            round_trips(a, &text);
            round_trips(b, &text);
            same_structure(a, b);
            let mut c = a.clone();
            c.build_index();
            assert!(
                c.is_indexed(),
                "build_index() left the message without an index"
            );
            same_structure(&c, b);
            round_trips(&c, &text);
        }
        (Err(a), Err(b)) => {
            // "Both paths validate the same way."
            assert_eq!(
                (a.code(), a.offset),
                (b.code(), b.offset),
                "lazy and indexed parse reject differently"
            );
        }
        (Ok(_), Err(e)) => panic!("lazy parse accepts, indexed parse rejects: {e}"),
        (Err(e), Ok(_)) => panic!("indexed parse accepts, lazy parse rejects: {e}"),
    }
});
