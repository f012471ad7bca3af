//! Matching a message's segments to a profile's structure (segment and group order, usage,
//! cardinality), giving the instance tree the rest of the validator walks.
//!
//! The matcher is a single greedy pass, as HL7 receivers parse: a segment extends the current
//! child while it can, moves on to a later child or closes the group when one of those can
//! take it, and is otherwise reported (out of order, or not in the profile) and skipped, so
//! one misplaced segment never hides the rest of the message. Linear in the number of
//! segments times the (small, fixed) depth of the structure.

use super::finding::{hl7_error, Finding, Location, Severity};
use super::model::{Node, Profile, Usage};
use super::profile_set::CompiledProfile;
use crate::fasthash::FxBuild;
use crate::v2::swar::{zero_bytes, LO};
use crate::{Delimiters, Message};
use std::collections::HashMap;

/// One segment of the message with the byte spans of its fields.
#[derive(Debug, Clone, Copy)]
pub(crate) struct SegData<'m> {
    pub(crate) id: &'m str,
    pub(crate) start: u32,
    pub(crate) end: u32,
    /// 1-based occurrence among segments with this id.
    pub(crate) occurrence: u32,
    /// Range into [`Doc::fields`].
    pub(crate) fields_start: u32,
    pub(crate) fields_len: u32,
    /// MSH, FHS or BHS: fields 1 and 2 are the delimiters, single values never split.
    pub(crate) header: bool,
}

/// The message as the validator sees it: segments and field spans, split once.
#[derive(Debug)]
pub(crate) struct Doc<'m> {
    pub(crate) src: &'m str,
    pub(crate) d: Delimiters,
    pub(crate) segs: Vec<SegData<'m>>,
    /// `(start, end)` of every field of every segment; MSH-1 is the field separator itself
    /// and MSH-2 the encoding characters.
    pub(crate) fields: Vec<(u32, u32)>,
    /// Where the first repetition of each field in [`Doc::fields`] ends (found while
    /// splitting, so paths to `[1]` never rescan a field for its repetition separator).
    pub(crate) first_rep_ends: Vec<u32>,
}

impl<'m> Doc<'m> {
    pub(crate) fn new(msg: &'m Message<'m>) -> Doc<'m> {
        let src = msg.as_str();
        let d = *msg.delimiters();
        let n = msg.segment_count();
        let mut segs = Vec::with_capacity(n);
        // Enough for most messages (fields average well over four bytes), so the vectors
        // rarely grow.
        let cap = n * 4 + src.len() / 4;
        let mut fields = Vec::with_capacity(cap);
        let mut first_rep_ends = Vec::with_capacity(cap);
        for seg in msg.segments() {
            let r = seg.range();
            let bytes = &src.as_bytes()[r.clone()];
            let fields_start = fields.len() as u32;
            let header = matches!(seg.id(), "MSH" | "FHS" | "BHS");
            if bytes.len() > 3 {
                // Field pieces after the id; for a header the first piece is MSH-2 and MSH-1
                // is the separator at byte 3.
                if header {
                    fields.push((r.start as u32 + 3, r.start as u32 + 4));
                    first_rep_ends.push(r.start as u32 + 4);
                }
                split_fields(bytes, r.start, &d, &mut fields, &mut first_rep_ends);
            }
            segs.push(SegData {
                id: seg.id(),
                start: r.start as u32,
                end: r.end as u32,
                occurrence: seg.occurrence() as u32,
                fields_start,
                fields_len: fields.len() as u32 - fields_start,
                header,
            });
        }
        Doc {
            src,
            d,
            segs,
            fields,
            first_rep_ends,
        }
    }

    /// The span of the first repetition of field `field` (1-based) of segment `s`, if the
    /// segment has that field.
    #[inline]
    pub(crate) fn first_rep(&self, s: usize, field: u32) -> Option<(u32, u32)> {
        let sd = &self.segs[s];
        let i = (field as usize).wrapping_sub(1);
        if i >= sd.fields_len as usize {
            return None;
        }
        let k = sd.fields_start as usize + i;
        Some((self.fields[k].0, self.first_rep_ends[k]))
    }

    /// Field spans of segment `s` (field 1 first).
    pub(crate) fn seg_fields(&self, s: usize) -> &[(u32, u32)] {
        let sd = &self.segs[s];
        &self.fields[sd.fields_start as usize..(sd.fields_start + sd.fields_len) as usize]
    }
}

/// Appends the spans of the fields of one segment (`bytes`, at `base` in the message) after
/// its id, and where each field's first repetition ends. Separators are a few bytes apart,
/// so the bytes are tested eight at a time for both separators at once rather than searched
/// one call per field.
fn split_fields(
    bytes: &[u8],
    base: usize,
    d: &Delimiters,
    fields: &mut Vec<(u32, u32)>,
    first_rep_ends: &mut Vec<u32>,
) {
    let (fsep, rsep) = (d.field, d.repetition);
    let base = base as u32;
    let mut start = base + 4;
    let mut rep_end: Option<u32> = None;
    let mut hit = |at: usize, b: u8| {
        let at = base + at as u32;
        if b == fsep {
            fields.push((start, at));
            first_rep_ends.push(rep_end.unwrap_or(at));
            start = at + 1;
            rep_end = None;
        } else if rep_end.is_none() {
            rep_end = Some(at);
        }
    };
    let (f8, r8) = (LO * u64::from(fsep), LO * u64::from(rsep));
    let mut p = 4;
    while p + 8 <= bytes.len() {
        let w = u64::from_le_bytes(bytes[p..p + 8].try_into().expect("eight bytes"));
        let mut m = zero_bytes(w ^ f8) | zero_bytes(w ^ r8);
        while m != 0 {
            let at = p + (m.trailing_zeros() / 8) as usize;
            hit(at, bytes[at]);
            m &= m - 1;
        }
        p += 8;
    }
    for (at, &b) in bytes.iter().enumerate().skip(p) {
        if b == fsep || b == rsep {
            hit(at, b);
        }
    }
    let end = base + bytes.len() as u32;
    fields.push((start, end));
    first_rep_ends.push(rep_end.unwrap_or(end));
}

/// An instance of a structure child.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Inst {
    /// A segment: index into [`Doc::segs`].
    Seg(usize),
    /// A group instance: index into the tree's groups (see [`GroupInst::child`]).
    Group(u32),
}

/// The instance tree of a message, in three flat vectors: one allocation each per message,
/// none per group instance.
#[derive(Debug)]
pub(crate) struct Tree<'p> {
    /// Each group instance: its definition's children and where its slots start in `slots`.
    groups: Vec<(&'p [Node], u32)>,
    /// For each group instance, one range into `insts` per child of its definition.
    slots: Vec<(u32, u32)>,
    insts: Vec<Inst>,
    root: u32,
}

impl<'p> Tree<'p> {
    /// The message's instance.
    pub(crate) fn root(&self) -> GroupInst<'_> {
        GroupInst {
            tree: self,
            id: self.root,
        }
    }
}

/// A group (or the message) instance: for each child of the definition, its instances.
#[derive(Debug, Clone, Copy)]
pub(crate) struct GroupInst<'t> {
    tree: &'t Tree<'t>,
    id: u32,
}

impl<'t> GroupInst<'t> {
    /// The children of the group's definition.
    pub(crate) fn nodes(self) -> &'t [Node] {
        self.tree.groups[self.id as usize].0
    }

    /// The instances of child `i` (0-based) of the definition.
    pub(crate) fn slot(self, i: usize) -> Option<&'t [Inst]> {
        let (nodes, first) = self.tree.groups[self.id as usize];
        if i >= nodes.len() {
            return None;
        }
        let (a, b) = self.tree.slots[first as usize + i];
        Some(&self.tree.insts[a as usize..b as usize])
    }

    /// The instances of each child of the definition, in order.
    pub(crate) fn slots(self) -> impl Iterator<Item = &'t [Inst]> {
        (0..self.nodes().len()).filter_map(move |i| self.slot(i))
    }

    /// A group instance inside this one (from [`Inst::Group`]).
    pub(crate) fn child(self, id: u32) -> GroupInst<'t> {
        GroupInst {
            tree: self.tree,
            id,
        }
    }

    /// Index of the first segment inside this instance, if any.
    pub(crate) fn first_segment(self) -> Option<usize> {
        self.slots().flatten().find_map(|i| match *i {
            Inst::Seg(s) => Some(s),
            Inst::Group(g) => self.child(g).first_segment(),
        })
    }
}

/// Segment ids that can begin a node: a segment's own id, or for a group the ids of its
/// leading children up to and including the first required one.
fn starts_of(names: &[[u8; 3]], node: &Node, out: &mut Vec<[u8; 3]>) {
    match node {
        Node::Segment(s) => out.push(names[s.segment as usize]),
        Node::Group(g) => {
            for c in &g.children {
                starts_of(names, c, out);
                if node_min(c) > 0 {
                    return;
                }
            }
        }
    }
}

/// The structure compiled once per profile for the matcher: for each group definition (the
/// message first) and each of its children, the segment ids that can begin the child and
/// those that can begin it or a later sibling. Deciding where a segment goes is then a scan
/// of a few ids, not a walk over the structure for every segment.
#[derive(Debug, Default)]
pub(crate) struct StructPlan {
    groups: Vec<Vec<ChildPlan>>,
}

#[derive(Debug)]
struct ChildPlan {
    /// Ids that can begin this child.
    starts: Box<[[u8; 3]]>,
    /// Ids that can begin this child or a later sibling.
    here_or_later: Box<[[u8; 3]]>,
    /// Ids that can begin a later sibling.
    later: Box<[[u8; 3]]>,
    /// For a group child, its index in [`StructPlan::groups`].
    group: u32,
}

/// Compiles the structure of a profile (see [`StructPlan`]); `names` are the segment
/// definitions' ids ([`id3`]).
pub(crate) fn plan(profile: &Profile, names: &[[u8; 3]]) -> StructPlan {
    fn add(nodes: &[Node], names: &[[u8; 3]], plan: &mut StructPlan) -> u32 {
        let at = plan.groups.len();
        plan.groups.push(Vec::new());
        let mut children: Vec<ChildPlan> = Vec::with_capacity(nodes.len());
        for node in nodes {
            let mut starts = Vec::new();
            starts_of(names, node, &mut starts);
            starts.sort_unstable();
            starts.dedup();
            let group = match node {
                Node::Group(g) => add(&g.children, names, plan),
                Node::Segment(_) => u32::MAX,
            };
            children.push(ChildPlan {
                starts: starts.into(),
                here_or_later: Box::new([]),
                later: Box::new([]),
                group,
            });
        }
        let mut later: Vec<[u8; 3]> = Vec::new();
        for c in children.iter_mut().rev() {
            c.later = later.clone().into();
            later.extend_from_slice(&c.starts);
            later.sort_unstable();
            later.dedup();
            c.here_or_later = later.clone().into();
        }
        plan.groups[at] = children;
        at as u32
    }
    let mut plan = StructPlan::default();
    add(&profile.structure, names, &mut plan);
    plan
}

/// A segment id as three bytes (ids are always three ASCII characters; shorter names pad).
pub(crate) fn id3(id: &str) -> [u8; 3] {
    let mut out = [b' '; 3];
    for (o, b) in out.iter_mut().zip(id.bytes()) {
        *o = b;
    }
    out
}

fn node_min(n: &Node) -> u32 {
    match n {
        Node::Segment(s) => s.min,
        Node::Group(g) => g.min,
    }
}

fn node_usage(n: &Node) -> Usage {
    match n {
        Node::Segment(s) => s.usage,
        Node::Group(g) => g.usage,
    }
}

fn node_max(n: &Node) -> Option<u32> {
    match n {
        Node::Segment(s) => s.max,
        Node::Group(g) => g.max,
    }
}

/// True when `id` appears anywhere in the structure under `nodes` (to tell "out of order"
/// from "not in the profile").
fn anywhere(profile: &Profile, nodes: &[Node], id: &str) -> bool {
    nodes.iter().any(|n| match n {
        Node::Segment(s) => profile.segments[s.segment as usize].name == id,
        Node::Group(g) => anywhere(profile, &g.children, id),
    })
}

fn node_label(profile: &Profile, n: &Node) -> String {
    match n {
        Node::Segment(s) => profile.segments[s.segment as usize].name.clone(),
        Node::Group(g) => format!("group {}", g.name),
    }
}

/// The segment id a node would begin with (for locating a missing node).
fn anchor<'p>(profile: &'p Profile, n: &'p Node) -> &'p str {
    match n {
        Node::Segment(s) => &profile.segments[s.segment as usize].name,
        Node::Group(g) => g.children.first().map_or("", |c| anchor(profile, c)),
    }
}

struct Matcher<'a, 'p, 'm> {
    profile: &'p Profile,
    /// The structure compiled for matching.
    plan: &'p StructPlan,
    doc: &'a Doc<'m>,
    pos: usize,
    /// Ancestors: (their index in the plan, index of the child being matched).
    stack: Vec<(u32, usize)>,
    /// Occurrences of each segment id before `pos`, for locating missing segments.
    seen: HashMap<[u8; 3], u32, FxBuild>,
    out: &'a mut Vec<Finding>,
    /// The tree built so far (closed group instances).
    tree: Tree<'p>,
    /// Instances of the open groups, innermost last.
    scratch: Vec<Inst>,
    /// Where each finished child's instances end in `scratch`, for the open groups.
    ends: Vec<u32>,
}

impl<'p> Matcher<'_, 'p, '_> {
    fn fits_ancestors(&self, id: [u8; 3]) -> bool {
        self.stack
            .iter()
            .any(|&(g, ci)| self.plan.groups[g as usize][ci].here_or_later.contains(&id))
    }

    /// Matches one instance of a group (or the message) and adds it to the tree; returns
    /// its index. Instances are collected on `scratch` while the group is open (a nested
    /// group adds and removes its own on top) and moved into the tree when it closes.
    fn group(&mut self, nodes: &'p [Node], plan: u32) -> u32 {
        let children = &self.plan.groups[plan as usize];
        let mark = self.scratch.len();
        let ends_mark = self.ends.len();
        for ((ci, node), cp) in nodes.iter().enumerate().zip(children.iter()) {
            let slot_start = self.scratch.len();
            while self.pos < self.doc.segs.len() {
                let id = id3(self.doc.segs[self.pos].id);
                let later = |m: &Self| cp.later.contains(&id) || m.fits_ancestors(id);
                let full = node_max(node)
                    .is_some_and(|max| (self.scratch.len() - slot_start) as u32 >= max);
                // A child that is full gives way to a later child or a new instance of an
                // enclosing group (the next OBX starts a new OBSERVATION); only when nothing
                // else can take the segment does it count as one occurrence too many.
                if cp.starts.contains(&id) && (!full || !later(self)) {
                    let inst = match node {
                        Node::Segment(_) => {
                            self.advance();
                            Inst::Seg(self.pos - 1)
                        }
                        Node::Group(g) => {
                            self.stack.push((plan, ci));
                            let gi = self.group(&g.children, cp.group);
                            self.stack.pop();
                            Inst::Group(gi)
                        }
                    };
                    self.scratch.push(inst);
                    continue;
                }
                if later(self) {
                    break;
                }
                self.unexpected();
            }
            self.check_count(node, slot_start);
            self.ends.push(self.scratch.len() as u32);
        }
        let id = self.tree.groups.len() as u32;
        let first_slot = self.tree.slots.len() as u32;
        let base = self.tree.insts.len() as u32;
        let mut from = mark as u32;
        for &end in &self.ends[ends_mark..] {
            self.tree
                .slots
                .push((base + from - mark as u32, base + end - mark as u32));
            from = end;
        }
        self.tree.insts.extend_from_slice(&self.scratch[mark..]);
        self.scratch.truncate(mark);
        self.ends.truncate(ends_mark);
        self.tree.groups.push((nodes, first_slot));
        id
    }

    /// The first segment of an instance already in the tree (a segment, or a closed group).
    fn first_seg(&self, inst: Inst) -> Option<usize> {
        match inst {
            Inst::Seg(s) => Some(s),
            Inst::Group(g) => GroupInst {
                tree: &self.tree,
                id: g,
            }
            .first_segment(),
        }
    }

    /// Reports the segment at `pos` as misplaced or unknown and skips it.
    fn unexpected(&mut self) {
        let s = self.doc.segs[self.pos];
        let (severity, text) = if anywhere(self.profile, &self.profile.structure, s.id) {
            (Severity::Error, format!("segment {} is out of order", s.id))
        } else if s.id.starts_with('Z') {
            (
                Severity::Warning,
                format!(
                    "segment {} is not in profile {} and was ignored",
                    s.id, self.profile.id
                ),
            )
        } else {
            (
                Severity::Error,
                format!("segment {} is not in profile {}", s.id, self.profile.id),
            )
        };
        self.out.push(
            Finding::new(
                severity,
                hl7_error::SEGMENT_SEQUENCE,
                Some(Location::segment(s.id, s.occurrence)),
                text,
            )
            .with_range(s.start as usize..s.end as usize),
        );
        self.advance();
    }

    /// Moves past the current segment, counting it under its id.
    fn advance(&mut self) {
        let id = id3(self.doc.segs[self.pos].id);
        *self.seen.entry(id).or_insert(0) += 1;
        self.pos += 1;
    }

    /// Reports usage and cardinality of one child, whose instances are `scratch[start..]`.
    fn check_count(&mut self, node: &'p Node, start: usize) {
        let n = (self.scratch.len() - start) as u32;
        let usage = node_usage(node);
        let label = || node_label(self.profile, node);
        if usage == Usage::X && n > 0 {
            let s = self.scratch[start..]
                .iter()
                .find_map(|&i| self.first_seg(i));
            self.push_at(
                s,
                node,
                format!("{} is not supported in this profile (usage X)", label()),
            );
        } else if usage == Usage::R && n < node_min(node).max(1) {
            // Located where it would have been: the next occurrence of its first segment,
            // at the position the matcher reached.
            let id = anchor(self.profile, node);
            let seq = self.seen.get(&id3(id)).copied().unwrap_or(0) + 1;
            let at = self.doc.segs.get(self.pos).or(self.doc.segs.last());
            let mut f = Finding::new(
                Severity::Error,
                hl7_error::SEGMENT_SEQUENCE,
                Some(Location::segment(id, seq)),
                format!("required {} is missing", label()),
            );
            if let Some(at) = at {
                f = f.with_range(at.start as usize..at.start as usize);
            }
            self.out.push(f);
        }
        if let Some(max) = node_max(node) {
            if n > max {
                let s = self.first_seg(self.scratch[start + max as usize]);
                self.push_at(
                    s,
                    node,
                    format!("{} occurs more than {max} time(s)", label()),
                );
            }
        }
    }

    fn push_at(&mut self, seg: Option<usize>, node: &Node, text: String) {
        let (loc, range) = match seg.map(|s| self.doc.segs[s]) {
            Some(s) => (
                Location::segment(s.id, s.occurrence),
                Some(s.start as usize..s.end as usize),
            ),
            None => (Location::segment(anchor(self.profile, node), 1), None),
        };
        let mut f = Finding::new(
            Severity::Error,
            hl7_error::SEGMENT_SEQUENCE,
            Some(loc),
            text,
        );
        if let Some(r) = range {
            f = f.with_range(r);
        }
        self.out.push(f);
    }
}

/// Matches the message against the profile's structure, reporting sequence, usage and
/// cardinality findings, and returns the instance tree of the message.
pub(crate) fn match_message<'p>(
    cp: &'p CompiledProfile,
    doc: &Doc<'_>,
    out: &mut Vec<Finding>,
) -> Tree<'p> {
    let profile = &cp.profile;
    let n = doc.segs.len();
    let mut m = Matcher {
        profile,
        plan: &cp.struct_plan,
        seen: HashMap::default(),
        doc,
        pos: 0,
        stack: Vec::new(),
        out,
        tree: Tree {
            groups: Vec::with_capacity(n),
            slots: Vec::with_capacity(n * 2),
            insts: Vec::with_capacity(n * 2),
            root: 0,
        },
        scratch: Vec::with_capacity(n * 2),
        ends: Vec::with_capacity(n),
    };
    let root = m.group(&profile.structure, 0);
    // Whatever is left fits nowhere after the last child: report and skip it all.
    while m.pos < doc.segs.len() {
        m.unexpected();
    }
    m.tree.root = root;
    m.tree
}
