//! The segment groups of the IG's message structures (VXU_V04, QBP_Q11, RSP_K11 in its Z31,
//! Z32 and Z42 profiles, ACK), so HAPI-terser paths such as `/ORDER(1)/OBSERVATION(0)/OBX-5`
//! can be resolved: one walk over a message's segment ids gives every segment its group
//! address, the way HAPI's parser places segments into groups.

/// One element of a message structure.
#[derive(Debug)]
pub(crate) enum Node {
    /// A segment: id and whether it repeats inside its group instance.
    Seg(&'static str, bool),
    /// A group: name, whether it repeats, children.
    Group(&'static str, bool, &'static [Node]),
}

use Node::{Group as G, Seg as S};

const VXU_V04: &[Node] = &[
    S("MSH", false),
    S("SFT", true),
    S("PID", false),
    S("PD1", false),
    S("NK1", true),
    G("PATIENT", false, &[S("PV1", false), S("PV2", false)]),
    S("GT1", true),
    G(
        "INSURANCE",
        true,
        &[S("IN1", false), S("IN2", false), S("IN3", false)],
    ),
    G(
        "ORDER",
        true,
        &[
            S("ORC", false),
            G("TIMING", true, &[S("TQ1", false), S("TQ2", true)]),
            S("RXA", false),
            S("RXR", false),
            G("OBSERVATION", true, &[S("OBX", false), S("NTE", true)]),
        ],
    ),
];

const QBP_Q11: &[Node] = &[
    S("MSH", false),
    S("SFT", true),
    S("QPD", false),
    S("RCP", false),
    S("DSC", false),
];

const ACK: &[Node] = &[
    S("MSH", false),
    S("SFT", true),
    S("MSA", false),
    S("ERR", true),
];

/// The head every RSP_K11 profile shares.
macro_rules! rsp_head {
    ($($rest:expr),* $(,)?) => {
        &[
            S("MSH", false),
            S("SFT", true),
            S("MSA", false),
            S("ERR", false),
            S("QAK", false),
            S("QPD", false),
            $($rest),*
        ]
    };
}

/// Z32 (complete immunization history); also used for Z33 and unknown RSP_K11 profiles.
const RSP_Z32: &[Node] = rsp_head![
    S("PID", false),
    S("PD1", false),
    S("NK1", true),
    S("PV1", false),
    S("IN1", false),
    G(
        "ORDER",
        true,
        &[
            S("ORC", false),
            S("RXA", false),
            S("RXR", false),
            G("OBSERVATION", true, &[S("OBX", false), S("NTE", true)]),
        ]
    ),
    S("DSC", false),
];

/// Z42 (evaluated history and forecast).
const RSP_Z42: &[Node] = rsp_head![
    S("PID", false),
    G(
        "IZ_HISTORY_FORECAST",
        true,
        &[
            S("ORC", false),
            S("RXA", false),
            S("RXR", false),
            G("OBSERVATION", true, &[S("OBX", false), S("NTE", true)]),
        ]
    ),
];

/// Z31 (list of candidates).
const RSP_Z31: &[Node] = rsp_head![
    G("ROW_DEFINITION", false, &[S("RDF", false), S("RDT", true)]),
    S("DSC", false),
    G(
        "PATIENT",
        true,
        &[S("PID", false), S("PD1", false), S("NK1", true)]
    ),
];

/// Every structure, for load-time checks of terser paths.
pub(crate) const ALL: &[&[Node]] = &[VXU_V04, QBP_Q11, ACK, RSP_Z32, RSP_Z42, RSP_Z31];

/// The structure of a message from MSH-9 (structure id, or type and event) and MSH-21 (the
/// IG profile, which decides between the RSP_K11 shapes); `None` when izkit does not know it,
/// and every segment then sits at the root.
pub(crate) fn for_message(msh9: &str, msh21: &str, comp: char) -> Option<&'static [Node]> {
    let mut parts = msh9.split(comp);
    let (kind, event, structure) = (
        parts.next().unwrap_or(""),
        parts.next().unwrap_or(""),
        parts.next().unwrap_or(""),
    );
    let id = if structure.is_empty() {
        match (kind, event) {
            ("ACK", _) => "ACK",
            (k, e) => return by_id(&format!("{k}_{e}"), msh21),
        }
    } else {
        structure
    };
    by_id(id, msh21)
}

fn by_id(id: &str, msh21: &str) -> Option<&'static [Node]> {
    Some(match id {
        "VXU_V04" => VXU_V04,
        "QBP_Q11" => QBP_Q11,
        "ACK" => ACK,
        "RSP_K11" if msh21.contains("Z42") => RSP_Z42,
        "RSP_K11" if msh21.contains("Z31") => RSP_Z31,
        "RSP_K11" => RSP_Z32,
        _ => return None,
    })
}

/// True when some structure holds the chain of `groups` from its root (or, with `anywhere`,
/// from any depth) and `segment` as a child of the last group (any segment at the root, where
/// Z-segments and segments of unknown structures sit).
pub(crate) fn is_known(groups: &[&str], segment: &str, anywhere: bool) -> bool {
    fn walk(children: &[Node], groups: &[&str], segment: &str, anywhere: bool) -> bool {
        match groups.split_first() {
            None => children
                .iter()
                .any(|n| matches!(n, Node::Seg(id, _) if *id == segment)),
            Some((first, rest)) => children.iter().any(|n| match n {
                Node::Group(name, _, kids) => {
                    (*name == *first && walk(kids, rest, segment, false))
                        || (anywhere && walk(kids, groups, segment, true))
                }
                Node::Seg(..) => false,
            }),
        }
    }
    if groups.is_empty() {
        return true;
    }
    ALL.iter().any(|s| walk(s, groups, segment, anywhere))
}

/// Where one segment sits: its chain of (group name, 0-based instance) from the root, and its
/// 0-based repetition among segments with its id inside the innermost group instance.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Address {
    pub groups: Vec<(&'static str, u32)>,
    pub rep: u32,
}

/// The first segment id a node can start with.
fn first_id(n: &Node) -> &'static str {
    match n {
        Node::Seg(id, _) => id,
        Node::Group(_, _, kids) => kids.first().map_or("", first_id),
    }
}

/// One open group instance during the walk.
struct Frame {
    children: &'static [Node],
    /// Index of the child last matched (`usize::MAX` before the first).
    cursor: usize,
    /// Segment ids and group names seen in this instance, with their counts.
    seen: Vec<(String, u32)>,
    /// This instance's name and 0-based number (the root has none).
    label: Option<(&'static str, u32)>,
}

impl Frame {
    fn count(&self, name: &str) -> u32 {
        self.seen
            .iter()
            .find(|(n, _)| *n == name)
            .map_or(0, |(_, c)| *c)
    }

    fn bump(&mut self, name: &str) -> u32 {
        if let Some(e) = self.seen.iter_mut().find(|(n, _)| n == name) {
            e.1 += 1;
            e.1 - 1
        } else {
            self.seen.push((name.to_string(), 1));
            0
        }
    }

    /// The child at or after the cursor that `id` can be placed in: a repeating (or not yet
    /// used) segment with that id, or a group starting with it.
    fn place(&self, id: &str) -> Option<usize> {
        let from = if self.cursor == usize::MAX {
            0
        } else {
            self.cursor
        };
        (from..self.children.len()).find(|&i| {
            let n = &self.children[i];
            if first_id(n) != id {
                return false;
            }
            let (name, repeats) = match n {
                Node::Seg(s, r) => (*s, *r),
                Node::Group(g, r, _) => (*g, *r),
            };
            repeats || self.count(name) == 0
        })
    }
}

/// The address of every segment, from their ids in message order. Linear in the number of
/// segments (structures are a few levels deep, groups have a few children).
pub(crate) fn addresses<'a>(
    structure: Option<&'static [Node]>,
    ids: impl Iterator<Item = &'a str>,
) -> Vec<Address> {
    let root = Frame {
        children: structure.unwrap_or(&[]),
        cursor: usize::MAX,
        seen: Vec::new(),
        label: None,
    };
    let mut stack = vec![root];
    let mut out = Vec::new();
    for id in ids {
        // Innermost frame that can take the segment.
        let found = (0..stack.len())
            .rev()
            .find_map(|depth| stack[depth].place(id).map(|i| (depth, i)));
        if let Some((depth, i)) = found {
            stack.truncate(depth + 1);
            let mut child = i;
            loop {
                let top = stack.len() - 1;
                let frame = &mut stack[top];
                frame.cursor = child;
                match &frame.children[child] {
                    Node::Seg(..) => break,
                    Node::Group(name, _, kids) => {
                        let n = frame.bump(name);
                        stack.push(Frame {
                            children: kids,
                            cursor: usize::MAX,
                            seen: Vec::new(),
                            label: Some((name, n)),
                        });
                        // The group's first child starts it; descend into nested groups.
                        child = 0;
                    }
                }
            }
        }
        // A segment outside the structure stays in the innermost open group (HAPI keeps a
        // non-standard segment where it was found) and is counted there under its id.
        let top = stack.len() - 1;
        let rep = stack[top].bump(id);
        out.push(Address {
            groups: stack.iter().filter_map(|f| f.label).collect(),
            rep,
        });
    }
    out
}
