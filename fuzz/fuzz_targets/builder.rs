//! `builder`: a generated sequence of `OwnedMessage` edits (`set`, `set_raw`, `add_segment`,
//! `remove_segment`, `add_repetition`, `remove_repetition`) applied to a corpus message.
//!
//! Checked, as `v2::writer` documents it: nothing panics; after each edit that succeeds the
//! serialized message still parses (lazily and with the full index) and converts back to the
//! owned form byte for byte; and a value given to `set` (or `clear`) reads back equal through
//! `Message::get` at the same path: `set` escapes the value and replaces the part the path
//! names with it, so that part is then a leaf holding exactly the value. An edit that fails is
//! only checked to leave a message that parses (the writer does not promise to leave it
//! untouched: `segment_for_edit` may append the segment the path names first).
#![no_main]

use arbitrary::Arbitrary;
use izkit::{Message, OwnedMessage};
use libfuzzer_sys::fuzz_target;

/// Messages the edits start from (public domain / Apache-2.0, see fuzz/README.md).
const BASES: [&str; 5] = [
    include_str!("../seeds/builder/cvrs-001_VXU_testgood-1.hl7"),
    include_str!("../seeds/builder/cdc-ig-001_VXU_Z22.hl7"),
    include_str!("../seeds/builder/nist-004_QBP_Z44.hl7"),
    include_str!("../seeds/builder/izgw-002_ACK_Z23.hl7"),
    include_str!("../seeds/builder/nist-014_VXU_Z22.hl7"),
];

#[derive(Arbitrary, Debug, Clone, Copy)]
enum SegId {
    Msh,
    Pid,
    Pd1,
    Nk1,
    Orc,
    Rxa,
    Rxr,
    Obx,
    Fhs,
    Bhs,
    Zzz,
    /// Any three bytes (mostly invalid ids: edits must reject them, not corrupt the message).
    Other([u8; 3]),
}

impl SegId {
    fn text(self) -> String {
        match self {
            SegId::Msh => "MSH".into(),
            SegId::Pid => "PID".into(),
            SegId::Pd1 => "PD1".into(),
            SegId::Nk1 => "NK1".into(),
            SegId::Orc => "ORC".into(),
            SegId::Rxa => "RXA".into(),
            SegId::Rxr => "RXR".into(),
            SegId::Obx => "OBX".into(),
            SegId::Fhs => "FHS".into(),
            SegId::Bhs => "BHS".into(),
            SegId::Zzz => "ZZZ".into(),
            SegId::Other(b) => String::from_utf8_lossy(&b).into_owned(),
        }
    }
}

/// A path built from parts: small numbers (0 included, which paths reject) so edits land on
/// parts that exist or are just past the end.
#[derive(Arbitrary, Debug, Clone, Copy)]
struct GenPath {
    seg: SegId,
    occurrence: Option<u8>,
    field: Option<u8>,
    repetition: Option<u8>,
    component: Option<u8>,
    subcomponent: Option<u8>,
}

impl GenPath {
    fn text(&self) -> String {
        let mut s = self.seg.text();
        if let Some(o) = self.occurrence {
            s += &format!("[{}]", o % 4);
        }
        if let Some(f) = self.field {
            s += &format!("-{}", f % 32);
            if let Some(r) = self.repetition {
                s += &format!("[{}]", r % 5);
            }
            if let Some(c) = self.component {
                s += &format!(".{}", c % 9);
                if let Some(sc) = self.subcomponent {
                    s += &format!(".{}", sc % 5);
                }
            }
        }
        s
    }
}

#[derive(Arbitrary, Debug)]
enum Op {
    Set {
        path: GenPath,
        value: String,
    },
    SetRaw {
        path: GenPath,
        raw: String,
    },
    /// `set` with path text taken as is (any string).
    SetText {
        path: String,
        value: String,
    },
    AddSegment {
        id: SegId,
        rest: String,
    },
    AddSegmentText {
        text: String,
    },
    RemoveSegment {
        index: u8,
    },
    AddRepetition {
        path: GenPath,
        value: String,
    },
    RemoveRepetition {
        path: GenPath,
    },
    Clear {
        path: GenPath,
    },
}

#[derive(Arbitrary, Debug)]
struct Input {
    base: u8,
    ops: Vec<Op>,
}

/// The message must still parse, both ways, and convert back to the same owned message.
fn check_parses(m: &OwnedMessage, after: &Op) -> String {
    let text = m.to_string();
    let lazy = Message::parse(&text)
        .unwrap_or_else(|e| panic!("after {after:?} the message does not parse: {e}\n{text:?}"));
    Message::parse_indexed(&text).unwrap_or_else(|e| {
        panic!("after {after:?} the message does not parse (indexed): {e}\n{text:?}")
    });
    assert_eq!(lazy.to_string(), text);
    assert_eq!(
        lazy.to_owned_message().to_string(),
        text,
        "after {after:?}: parse + to_owned_message changes the text"
    );
    text
}

fn check_reads_back(text: &str, path: &str, value: &str, after: &Op) {
    let msg = Message::parse(text).expect("checked above");
    let got = msg.get(path).expect("set accepted the path, so get must");
    let want = (!value.is_empty()).then_some(value);
    assert_eq!(
        got.as_deref(),
        want,
        "after {after:?}: {path} does not read back the value set\n{text:?}"
    );
}

fuzz_target!(|input: Input| {
    let base = BASES[input.base as usize % BASES.len()];
    let mut m = OwnedMessage::parse(base).expect("corpus message parses");
    for op in input.ops.iter().take(32) {
        let (result, set) = match op {
            Op::Set { path, value } => {
                let p = path.text();
                (m.set(&p, value), Some((p, value.clone())))
            }
            Op::SetRaw { path, raw } => (m.set_raw(&path.text(), raw), None),
            Op::SetText { path, value } => {
                (m.set(path, value), Some((path.clone(), value.clone())))
            }
            Op::AddSegment { id, rest } => (m.add_segment(&format!("{}{}", id.text(), rest)), None),
            Op::AddSegmentText { text } => (m.add_segment(text), None),
            Op::RemoveSegment { index } => (m.remove_segment(*index as usize), None),
            Op::AddRepetition { path, value } => (m.add_repetition(&path.text(), value), None),
            Op::RemoveRepetition { path } => (m.remove_repetition(&path.text()), None),
            Op::Clear { path } => {
                let p = path.text();
                (m.clear(&p), Some((p, String::new())))
            }
        };
        // Checked after failed edits too: an edit that fails may still have appended the
        // segment its path names, and the message must stay valid either way.
        let text = check_parses(&m, op);
        if result.is_err() {
            continue;
        }
        if let Some((path, value)) = set {
            check_reads_back(&text, &path, &value, op);
        }
    }
});
