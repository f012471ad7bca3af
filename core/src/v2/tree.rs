//! A message as plain nested data — segments, fields, repetitions, components, subcomponents —
//! with every leaf decoded. This is the shape of `izkit parse --json`, Python's
//! `Message.to_dict()` and JavaScript's `msg.toJSON()`.

use super::message::Message;
use serde::Serialize;

/// A whole message: its segments in order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Tree {
    /// The segments, in order.
    pub segments: Vec<SegmentTree>,
}

/// One segment: its id and its fields. A field is a list of repetitions, a repetition a list of
/// components, a component a list of subcomponent strings (decoded; `""` when empty). MSH-1 and
/// MSH-2 are single leaves (`[[["|"]]]`, `[[["^~\\&"]]]`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SegmentTree {
    /// The segment id (`PID`).
    pub id: String,
    /// Fields 1..n.
    pub fields: Vec<Vec<Vec<Vec<String>>>>,
}

impl Message<'_> {
    /// The message as plain nested data (see [`Tree`]).
    ///
    /// ```
    /// let msg = izkit::Message::parse("MSH|^~\\&|A\rPID|1||X^^^MR~Y||DOE^JO\r")?;
    /// let tree = msg.to_tree();
    /// assert_eq!(tree.segments[1].id, "PID");
    /// assert_eq!(tree.segments[1].fields[2], vec![vec![vec!["X"], vec![""], vec![""], vec!["MR"]], vec![vec!["Y"]]]);
    /// assert_eq!(tree.segments[0].fields[0], vec![vec![vec!["|"]]]);
    /// # Ok::<(), izkit::Error>(())
    /// ```
    pub fn to_tree(&self) -> Tree {
        let leaf =
            |v: Option<std::borrow::Cow<'_, str>>| v.map(|v| v.into_owned()).unwrap_or_default();
        Tree {
            segments: self
                .segments()
                .map(|seg| SegmentTree {
                    id: seg.id().to_string(),
                    fields: seg
                        .fields()
                        .map(|f| {
                            f.repetitions()
                                .map(|r| {
                                    r.components()
                                        .map(|c| {
                                            c.subcomponents().map(|s| leaf(s.value())).collect()
                                        })
                                        .collect()
                                })
                                .collect()
                        })
                        .collect(),
                })
                .collect(),
        }
    }
}
