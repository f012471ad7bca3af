//! Helpers shared by the integration tests: loading the corpus and walking every node of a
//! message.
#![allow(dead_code)]

use izkit::Message;
use std::path::PathBuf;

/// Every corpus file: (name relative to the corpus folder, text).
pub fn corpus() -> Vec<(String, String)> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/messages");
    let mut out = Vec::new();
    for dir in std::fs::read_dir(&root).expect("corpus folder") {
        let dir = dir.unwrap().path();
        for f in std::fs::read_dir(&dir).unwrap() {
            let f = f.unwrap().path();
            let name = f.strip_prefix(&root).unwrap().display().to_string();
            out.push((name, std::fs::read_to_string(&f).unwrap()));
        }
    }
    out.sort();
    out
}

/// One node of a message as the views see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NodeInfo {
    pub path: String,
    pub range: std::ops::Range<usize>,
    pub raw: String,
    pub value: Option<String>,
}

/// Every segment, field, repetition, component and subcomponent, in document order.
pub fn walk(msg: &Message<'_>) -> Vec<NodeInfo> {
    let mut out = Vec::new();
    for seg in msg.segments() {
        out.push(NodeInfo {
            path: format!("{}[{}]", seg.id(), seg.occurrence()),
            range: seg.range(),
            raw: seg.as_str().to_string(),
            value: None,
        });
        for f in seg.fields() {
            out.push(info(f.path().to_string(), f.range(), f.as_str(), f.value()));
            for r in f.repetitions() {
                out.push(info(
                    format!("{}#r", r.path()),
                    r.range(),
                    r.as_str(),
                    r.value(),
                ));
                for c in r.components() {
                    out.push(info(c.path().to_string(), c.range(), c.as_str(), c.value()));
                    for s in c.subcomponents() {
                        out.push(info(s.path().to_string(), s.range(), s.as_str(), s.value()));
                    }
                }
            }
        }
    }
    out
}

fn info(
    path: String,
    range: std::ops::Range<usize>,
    raw: &str,
    value: Option<std::borrow::Cow<'_, str>>,
) -> NodeInfo {
    NodeInfo {
        path,
        range,
        raw: raw.to_string(),
        value: value.map(|v| v.into_owned()),
    }
}

/// Asserts the invariants every parsed message must meet; returns the node list.
pub fn check_invariants(text: &str) -> Vec<NodeInfo> {
    let lazy = Message::parse(text).expect("lazy parse");
    let full = Message::parse_indexed(text).expect("indexed parse");
    assert!(full.is_indexed() && !lazy.is_indexed());
    // Byte-exact round trips.
    assert_eq!(lazy.to_string(), text);
    assert_eq!(lazy.to_owned_message().to_string(), text);
    // Lazy and full index agree on everything.
    let a = walk(&lazy);
    let b = walk(&full);
    assert_eq!(a, b, "lazy and indexed views differ");
    // Every node's range slices the input to its raw text.
    for n in &a {
        assert_eq!(&text[n.range.clone()], n.raw, "{}", n.path);
    }
    // Field::leaves() names each non-empty leaf as locate() does.
    for seg in lazy.segments() {
        for f in seg.fields() {
            for (path, leaf) in f.leaves() {
                if !leaf.is_empty() {
                    let at = lazy.locate(leaf.range().start).map(|p| p.to_string());
                    assert_eq!(at, Some(path.to_string()), "leaf at {:?}", leaf.range());
                }
            }
        }
    }
    // locate() names a node that holds the offset.
    for seg in lazy.segments() {
        for off in seg.range() {
            let p = lazy
                .locate(off)
                .expect("offset inside a segment has a path");
            let node = lazy.query(&p).expect("located path exists");
            let r = node.range();
            assert!(
                (r.start.saturating_sub(1)..=r.end).contains(&off) || node.is_segment(),
                "offset {off} located at {p} with range {r:?}"
            );
        }
    }
    a
}
