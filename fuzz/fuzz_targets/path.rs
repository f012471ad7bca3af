//! `path`: `Path::parse` on arbitrary text, then `query` / `get` / `get_raw` / `get_all` on a
//! fixed corpus message; and, when the same text parses as a message, `locate(offset)` for every
//! offset of it.
//!
//! Checked, as `v2::path` and `v2::message` document them:
//! - nothing panics; a parsed path displays in the canonical form, which parses back to the same
//!   path (with `[1]` occurrence and repetition written out only when given);
//! - the lazy and the indexed message answer every query identically; `get` is the value of the
//!   node `query` finds, `get_raw` its raw text (both `None` when empty);
//! - `locate(offset)` is `None` only for an offset outside every segment; otherwise `query`
//!   finds the path it returns, and that node holds the offset: inside its range, or the
//!   delimiter that opens it ("a delimiter belongs to the part it opens"), or, for a segment,
//!   its terminator ("a segment terminator to its segment") and the line breaks and blank space
//!   that follow it; the path names the segment occurrence that holds the offset.
#![no_main]

use izkit::{Message, Path};
use libfuzzer_sys::fuzz_target;
use std::sync::Once;

/// The fixed message queried by arbitrary paths: CDC IG R1.5 Appendix A, example VXU #1.
const FIXED: &str = include_str!("../seeds/path/cdc-ig-001_VXU_Z22.hl7");

/// The path as its canonical text names it: occurrence and repetition 1 are left out.
fn canonical(mut p: Path) -> Path {
    if p.occurrence == Some(1) {
        p.occurrence = None;
    }
    if p.repetition == Some(1) {
        p.repetition = None;
    }
    p
}

fn check_path_text(s: &str, msgs: &[&Message<'_>]) {
    let Ok(p) = Path::parse(s) else {
        for m in msgs {
            assert!(m.get(s).is_err(), "get accepts a path Path::parse rejects");
        }
        return;
    };
    let shown = p.to_string();
    let back = Path::parse(&shown)
        .unwrap_or_else(|e| panic!("canonical text {shown:?} does not parse: {e}"));
    assert_eq!(back, canonical(p), "Display/parse round trip");
    assert_eq!(back.to_string(), shown, "canonical text is stable");

    let answers: Vec<_> = msgs
        .iter()
        .map(|m| {
            let node = m.query(&p);
            let got = m.get(s).expect("a path that parses is accepted by get");
            let raw = m
                .get_raw(s)
                .expect("a path that parses is accepted by get_raw");
            let all = m
                .get_all(s)
                .expect("a path that parses is accepted by get_all");
            let (range, value) = match &node {
                Some(n) => (Some(n.range()), n.value()),
                None => (None, None),
            };
            assert_eq!(got, value, "get() is the value of the node query() finds");
            let want_raw = node.as_ref().filter(|n| !n.is_empty()).map(|n| n.as_str());
            assert_eq!(
                raw, want_raw,
                "get_raw() is the raw text of the node query() finds"
            );
            if let Some(n) = &node {
                assert_eq!(
                    &m.as_str()[n.range()],
                    n.as_str(),
                    "node text is its range of the input"
                );
                assert_eq!(
                    m.query(&canonical(p)).map(|x| x.range()),
                    Some(n.range()),
                    "[1] is the default"
                );
            }
            (
                range,
                got.map(|v| v.into_owned()),
                raw.map(str::to_string),
                all,
            )
        })
        .collect();
    for w in answers.windows(2) {
        assert_eq!(
            w[0], w[1],
            "lazy and indexed messages answer {s:?} differently"
        );
    }
}

/// Checks `locate` at every offset of `m` (and a few past the end); `other` is the same text
/// parsed the other way (lazy / indexed), which must locate and query identically.
fn check_locate(m: &Message<'_>, other: &Message<'_>) {
    let text = m.as_str();
    let b = text.as_bytes();
    let d = *m.delimiters();
    let segs: Vec<_> = m.segments().collect();
    let blank = |c: &u8| matches!(c, b'\r' | b'\n' | b' ' | b'\t');
    for offset in 0..text.len() + 2 {
        let found = m.locate(offset);
        assert_eq!(
            found,
            other.locate(offset),
            "lazy and indexed locate({offset}) differ"
        );
        let Some(p) = found else {
            for s in &segs {
                assert!(
                    !s.range().contains(&offset),
                    "locate({offset}) is None inside segment {}",
                    s.index()
                );
            }
            continue;
        };
        let node = m
            .query(&p)
            .unwrap_or_else(|| panic!("locate({offset}) = {p}, which query() does not find"));
        let r = node.range();
        assert_eq!(
            other.query(&p).map(|n| n.range()),
            Some(r.clone()),
            "lazy and indexed query({p}) differ"
        );
        let holds = if r.contains(&offset) {
            true
        } else if node.is_segment() {
            // The terminator (and blank lines after it) belong to the segment.
            offset >= r.end && offset < b.len() && b[r.end..=offset].iter().all(blank)
        } else {
            // A delimiter belongs to the part it opens (the first child shares its parent's).
            r.start > 0
                && offset == r.start - 1
                && [d.field, d.repetition, d.component, d.subcomponent].contains(&b[offset])
        };
        assert!(
            holds,
            "locate({offset}) = {p}, whose node {r:?} does not hold the offset"
        );
        let seg = segs
            .iter()
            .find(|s| {
                s.id() == p.segment() && Some(s.occurrence() as u32) == p.occurrence.or(Some(1))
            })
            .unwrap_or_else(|| panic!("locate({offset}) = {p} names no segment of the message"));
        let sr = seg.range();
        assert!(
            sr.contains(&offset)
                || (offset >= sr.end && offset < b.len() && b[sr.end..=offset].iter().all(blank)),
            "locate({offset}) = {p} names a segment ({sr:?}) that does not hold the offset"
        );
        // The canonical text of the path finds the same node.
        let again =
            Path::parse(&p.to_string()).unwrap_or_else(|e| panic!("{p} does not parse back: {e}"));
        assert_eq!(
            m.query(&again).map(|n| n.range()),
            Some(r),
            "{p} written out finds another node"
        );
    }
}

static FIXED_LOCATE: Once = Once::new();

fuzz_target!(|data: &[u8]| {
    let fixed_lazy = Message::parse(FIXED).expect("the fixed message parses");
    let fixed_full = Message::parse_indexed(FIXED).expect("the fixed message parses");
    FIXED_LOCATE.call_once(|| {
        check_locate(&fixed_lazy, &fixed_full);
        check_locate(&fixed_full, &fixed_lazy);
    });
    let Ok(s) = std::str::from_utf8(data) else {
        return;
    };
    check_path_text(s, &[&fixed_lazy, &fixed_full]);
    if let (Ok(lazy), Ok(full)) = (Message::parse(s), Message::parse_indexed(s)) {
        check_locate(&lazy, &full);
        // Arbitrary paths against the fuzzed message too: take each line as a path.
        for line in s.split(['\r', '\n']).take(8) {
            check_path_text(line, &[&lazy, &full]);
        }
    }
});
