//! Profile paths (`3[1].9[*].1[1]`) resolved against the instance tree, and the NIST
//! expression language evaluated over them (predicates and conformance statements).
//!
//! Semantics follow NIST's validation engine, which the CDC profiles were written against:
//! a value test (PlainText, Format, StringList, NumberList, SimpleValue, ValueSet) over a
//! path that holds no value passes; `Presence` is what tests for absence. That is why the
//! profiles guard conditions with `Presence` (`AND(Presence(9.1), PlainText(9.1, "00"))`).

use super::code_set::same;
use super::model::{BindingStrength, Expr, Operator, Step, ValueKind};
use super::profile_set::{CompiledProfile, Format, ResolvedBinding, SetRef};
use super::structure::{Doc, GroupInst, Inst};
use super::CodeTables;
use regex::Regex;
use std::cell::Cell;

/// The nesting level of an element inside a field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Level {
    /// A field repetition (its children are components).
    Rep,
    /// A component (its children are subcomponents).
    Comp,
    /// A subcomponent, or a value that must not be split (MSH-1, MSH-2).
    Sub,
}

/// An element's text span and level.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Elem {
    pub(crate) start: u32,
    pub(crate) end: u32,
    pub(crate) level: Level,
}

impl Elem {
    pub(crate) fn is_empty(&self) -> bool {
        self.start == self.end
    }
}

/// Something a path step can reach.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Item<'a> {
    /// A group (or message) instance and its 1-based ordinal among its siblings.
    Group(GroupInst<'a>, u32),
    /// A segment (index into the doc) and its 1-based ordinal in its slot.
    Seg(usize, u32),
    /// An element inside a field.
    Elem(Elem),
}

/// Evaluates expressions over one message.
pub(crate) struct Eval<'a, 'm> {
    pub(crate) doc: &'a Doc<'m>,
    pub(crate) cp: &'a CompiledProfile,
    pub(crate) tables: &'a CodeTables,
    /// The last few `Format` verdicts (pattern address, value, matched): messages repeat
    /// their dates (every OBX-14 of a VXU is usually the same day), and a regex run costs
    /// far more than comparing the value with a remembered one.
    pub(crate) format_memo: FormatMemo<'m>,
}

/// One remembered verdict: the pattern's address, the value, whether it matched.
type Verdict<'m> = Option<(usize, &'m str, bool)>;

/// A small round-robin memo of regex verdicts (see [`Eval::format_memo`]).
#[derive(Default)]
pub(crate) struct FormatMemo<'m> {
    entries: Cell<[Verdict<'m>; 4]>,
    next: Cell<usize>,
}

impl<'m> FormatMemo<'m> {
    /// Whether `re` matches `value`, from the memo or by running it.
    fn is_match(&self, re: &Regex, value: &'m str) -> bool {
        let key = re as *const Regex as usize;
        let mut entries = self.entries.get();
        if let Some(&(_, _, hit)) = entries
            .iter()
            .flatten()
            .find(|&&(k, v, _)| k == key && v == value)
        {
            return hit;
        }
        let hit = re.is_match(value);
        let i = self.next.get();
        entries[i] = Some((key, value, hit));
        self.entries.set(entries);
        self.next.set((i + 1) % entries.len());
        hit
    }
}

/// Whether a value belongs to a binding's value sets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Membership {
    /// In a set.
    In,
    /// Listed but excluded.
    Excluded,
    /// Not in any (checkable) set; `open` when every set accepts other codes.
    Out { open: bool },
    /// No set can be checked (unknown, empty, or marked not to validate).
    Unchecked,
}

impl<'a, 'm> Eval<'a, 'm> {
    pub(crate) fn text(&self, e: Elem) -> &'m str {
        &self.doc.src[e.start as usize..e.end as usize]
    }

    /// The `n`-th (1-based) piece of `e` split at the next level, if there is one.
    pub(crate) fn child(&self, e: Elem, n: u32) -> Option<Elem> {
        let (sep, level) = match e.level {
            Level::Rep => (self.doc.d.component, Level::Comp),
            Level::Comp => (self.doc.d.subcomponent, Level::Sub),
            Level::Sub => return None,
        };
        nth_piece(self.doc.src.as_bytes(), e.start, e.end, sep, n).map(|(start, end)| Elem {
            start,
            end,
            level,
        })
    }

    /// The one element a path names when every step names one instance: the fast path for
    /// the conditions and statements on single values that make up most of a profile.
    /// `None` when the path may name several (a `[*]` repetition) or starts at a group;
    /// `Some(None)` when the element is absent.
    fn single(&self, item: Item<'a>, steps: &[Step]) -> Option<Option<Elem>> {
        let (mut cur, rest) = match item {
            Item::Seg(s, _) => {
                let (step, rest) = steps.split_first()?;
                if step.instance != Some(1) {
                    return None;
                }
                let Some((a, rep_end)) = self.doc.first_rep(s, step.position) else {
                    return Some(None);
                };
                let cur = if step.position <= 2 && self.doc.segs[s].header {
                    let b = self.doc.seg_fields(s)[step.position as usize - 1].1;
                    Elem {
                        start: a,
                        end: b,
                        level: Level::Sub,
                    }
                } else {
                    Elem {
                        start: a,
                        end: rep_end,
                        level: Level::Rep,
                    }
                };
                (cur, rest)
            }
            Item::Elem(e) => (e, steps),
            Item::Group(g, _) => return self.single_in_group(g, steps),
        };
        for step in rest {
            match self.child(cur, step.position) {
                Some(c) => cur = c,
                None => return Some(None),
            }
        }
        Some(Some(cur))
    }

    /// [`Eval::single`] from a group: the steps that name one instance of a group child are
    /// followed down to the segment, and the rest of the path from there. `None` when a step
    /// names every instance (`[*]`) or the path ends at a group or segment.
    fn single_in_group(&self, mut g: GroupInst<'a>, steps: &[Step]) -> Option<Option<Elem>> {
        for (i, step) in steps.iter().enumerate() {
            let k = step.instance?;
            let Some(inst) = g
                .slot((step.position as usize).wrapping_sub(1))
                .and_then(|slot| slot.get((k as usize).wrapping_sub(1)))
            else {
                return Some(None);
            };
            match inst {
                Inst::Seg(s) => return self.single(Item::Seg(*s, k), &steps[i + 1..]),
                Inst::Group(next) => g = g.child(*next),
            }
        }
        None
    }

    /// The repetitions of field `field` of segment `s`, as an iterator that borrows only
    /// the message text (MSH-1 and MSH-2 are single leaves).
    pub(crate) fn rep_iter(&self, s: usize, field: u32) -> Pieces<'m> {
        let src = self.doc.src;
        match self.doc.seg_fields(s).get((field as usize).wrapping_sub(1)) {
            None => Pieces::empty(src),
            Some(&(start, end)) => {
                let leaf = field <= 2 && self.doc.segs[s].header;
                // The split found where the first repetition ends: when that is the end
                // of the field, there is one repetition and nothing to scan.
                let one = self.doc.first_rep(s, field).is_some_and(|(_, e)| e == end);
                if leaf {
                    Pieces {
                        src,
                        pos: start,
                        end,
                        sep: None,
                        level: Level::Sub,
                        done: false,
                    }
                } else {
                    Pieces {
                        src,
                        pos: start,
                        end,
                        sep: (!one).then_some(self.doc.d.repetition),
                        level: Level::Rep,
                        done: false,
                    }
                }
            }
        }
    }

    /// Resolves `steps` from `item`, calling `f` for everything reached.
    pub(crate) fn resolve(&self, item: Item<'a>, steps: &[Step], f: &mut dyn FnMut(Item<'a>)) {
        self.resolve_until(item, steps, &mut |it| {
            f(it);
            true
        });
    }

    /// [`Eval::resolve`] that stops as soon as `f` returns false (a verdict is settled: the
    /// first funding observation of many answers `AtLeastOnce`); false when it stopped.
    fn resolve_until(
        &self,
        item: Item<'a>,
        steps: &[Step],
        f: &mut dyn FnMut(Item<'a>) -> bool,
    ) -> bool {
        let Some((step, rest)) = steps.split_first() else {
            return f(item);
        };
        match item {
            Item::Group(g, _) => {
                let Some(slot) = g.slot((step.position as usize).wrapping_sub(1)) else {
                    return true;
                };
                for (i, inst) in slot.iter().enumerate() {
                    let ord = i as u32 + 1;
                    if step.instance.is_some_and(|k| k != ord) {
                        continue;
                    }
                    let next = match inst {
                        Inst::Seg(s) => Item::Seg(*s, ord),
                        Inst::Group(gi) => Item::Group(g.child(*gi), ord),
                    };
                    if !self.resolve_until(next, rest, f) {
                        return false;
                    }
                }
            }
            Item::Seg(s, _) => {
                for (k, e) in (1..).zip(self.rep_iter(s, step.position)) {
                    if step.instance.is_none_or(|want| want == k)
                        && !self.resolve_until(Item::Elem(e), rest, f)
                    {
                        return false;
                    }
                }
            }
            Item::Elem(e) => {
                if let Some(c) = self.child(e, step.position) {
                    return self.resolve_until(Item::Elem(c), rest, f);
                }
            }
        }
        true
    }

    fn present(&self, item: Item<'_>) -> bool {
        match item {
            Item::Group(g, _) => g.first_segment().is_some(),
            Item::Seg(..) => true,
            Item::Elem(e) => !e.is_empty(),
        }
    }

    /// Calls `f` for each non-empty value at `steps`, until it returns false.
    fn values(&self, item: Item<'a>, steps: &[Step], f: &mut dyn FnMut(&'m str) -> bool) {
        if let Some(one) = self.single(item, steps) {
            if let Some(e) = one.filter(|e| !e.is_empty()) {
                f(trim_spaces(self.text(e)));
            }
            return;
        }
        self.resolve_until(item, steps, &mut |it| {
            let text = match it {
                // Padding spaces around a value are common in real messages and not part
                // of the code (`CDCPHINVS `): value tests compare the trimmed text.
                Item::Elem(e) if !e.is_empty() => trim_spaces(self.text(e)),
                Item::Seg(s, _) => {
                    let sd = self.doc.segs[s];
                    &self.doc.src[sd.start as usize..sd.end as usize]
                }
                _ => return true,
            };
            f(text)
        });
    }

    /// Applies a per-value test with NIST's rules: no value passes; otherwise every value
    /// must pass, or one when `at_least_once`.
    fn all_values(
        &self,
        item: Item<'a>,
        steps: &[Step],
        at_least_once: bool,
        // Generic, not `dyn`: the one-value case (most paths) calls the test directly.
        mut test: impl FnMut(&'m str) -> bool,
    ) -> bool {
        // One value (most paths): no value passes, else the test decides.
        if let Some(one) = self.single(item, steps) {
            return match one.filter(|e| !e.is_empty()) {
                None => true,
                Some(e) => test(trim_spaces(self.text(e))),
            };
        }
        let (mut seen, mut passed, mut failed) = (0u32, 0u32, 0u32);
        self.values(item, steps, &mut |v| {
            seen += 1;
            if test(v) {
                passed += 1;
            } else {
                failed += 1;
            }
            // Settled once one value passes (`AtLeastOnce`) or one fails (every value).
            if at_least_once {
                passed == 0
            } else {
                failed == 0
            }
        });
        seen == 0 || failed == 0 || (at_least_once && passed > 0)
    }

    /// Whether `value` is in one of a binding's value sets (CVX and MVX from the code
    /// tables).
    pub(crate) fn member(&self, b: &ResolvedBinding, value: &str) -> Membership {
        if b.sets.is_empty() {
            return Membership::Unchecked;
        }
        for set in &b.sets {
            match *set {
                SetRef::Cvx => {
                    if self.tables.cvx(value).is_some() {
                        return Membership::In;
                    }
                }
                SetRef::Mvx => {
                    if self.tables.mvx(value).is_some() {
                        return Membership::In;
                    }
                }
                SetRef::Library(i, coding_systems) => {
                    // The IG's own messages name HL7 tables (`HL70163`) and local systems
                    // (`99xxx`) as coding systems, which the 2016 HL70396 lists leave out
                    // (IG summary §9).
                    if coding_systems && coding_system_name(value) {
                        return Membership::In;
                    }
                    if let Some(excluded) = self.cp.code_sets[i as usize].get(value) {
                        return if excluded {
                            Membership::Excluded
                        } else {
                            Membership::In
                        };
                    }
                }
            }
        }
        Membership::Out { open: b.all_open }
    }

    /// Evaluates an expression in the context of `item`.
    pub(crate) fn eval(&self, e: &Expr, item: Item<'a>) -> bool {
        match e {
            Expr::Presence { path } => {
                if let Some(one) = self.single(item, path) {
                    return one.is_some_and(|e| !e.is_empty());
                }
                let mut found = false;
                self.resolve_until(item, path, &mut |it| {
                    found = self.present(it);
                    !found
                });
                found
            }
            Expr::PlainText {
                path,
                text,
                ignore_case,
                at_least_once,
            } => self.all_values(item, path, *at_least_once, |v: &'m str| {
                if *ignore_case {
                    v.eq_ignore_ascii_case(text)
                } else {
                    same(v.as_bytes(), text.as_bytes())
                }
            }),
            Expr::Format {
                path,
                regex,
                at_least_once,
            } => match self.cp.format(regex) {
                Some(Format::Native(f)) => {
                    self.all_values(item, path, *at_least_once, |v: &'m str| f.matches(v))
                }
                Some(Format::Regex(re)) => {
                    self.all_values(item, path, *at_least_once, |v: &'m str| {
                        self.format_memo.is_match(re, v)
                    })
                }
                None => true,
            },
            Expr::StringList {
                path,
                values,
                at_least_once,
            } => self.all_values(item, path, *at_least_once, |v: &'m str| {
                values.iter().any(|x| same(x.as_bytes(), v.as_bytes()))
            }),
            Expr::NumberList {
                path,
                values,
                at_least_once,
            } => self.all_values(item, path, *at_least_once, |v: &'m str| {
                v.trim().parse::<f64>().is_ok_and(|n| values.contains(&n))
            }),
            Expr::SimpleValue {
                path,
                operator,
                value,
                kind,
            } => self.all_values(item, path, false, |v: &'m str| {
                compare(v, value, *kind).is_some_and(|o| holds(*operator, o))
            }),
            Expr::PathValue {
                path1,
                operator,
                path2,
            } => {
                let first = |p: &[Step]| {
                    let mut out = None;
                    self.values(item, p, &mut |v| {
                        out = Some(v);
                        false
                    });
                    out
                };
                match (first(path1), first(path2)) {
                    (None, None) => true,
                    (Some(a), Some(b)) => compare_values(a, b).is_some_and(|o| holds(*operator, o)),
                    _ => false,
                }
            }
            Expr::SetId { path } => {
                let ord = match item {
                    Item::Group(_, o) | Item::Seg(_, o) => o,
                    Item::Elem(_) => 1,
                };
                self.all_values(item, path, false, |v: &'m str| {
                    v.trim().parse::<u32>() == Ok(ord)
                })
            }
            Expr::IzSetId { parent, element } => self.iz_set_id(item, parent, element),
            Expr::ValueSet {
                path,
                value_set,
                locations,
                strength,
            } => {
                if *strength == BindingStrength::Undetermined {
                    return true;
                }
                let Some(resolved) = self.cp.value_set_expr(value_set) else {
                    return true;
                };
                // The binding location names components of what the path reaches (OBX-5
                // with location 1 is OBX-5.1); a path to a leaf is checked as it is.
                let mut ok = true;
                let mut each = |it: Item<'a>| {
                    let Item::Elem(e) = it else { return };
                    let mut check = |x: Elem| {
                        let v = trim_spaces(self.text(x));
                        if !v.is_empty()
                            && matches!(
                                self.member(resolved, v),
                                Membership::Out { .. } | Membership::Excluded
                            )
                        {
                            ok = false;
                        }
                    };
                    if e.level == Level::Sub || locations.is_empty() {
                        check(e);
                    } else {
                        for &l in locations {
                            if let Some(c) = self.child(e, l) {
                                check(c);
                            }
                        }
                    }
                };
                match self.single(item, path) {
                    Some(one) => one.into_iter().for_each(|e| each(Item::Elem(e))),
                    None => self.resolve(item, path, &mut each),
                }
                ok
            }
            Expr::And(a, b) => self.eval(a, item) && self.eval(b, item),
            Expr::Or(a, b) => self.eval(a, item) || self.eval(b, item),
            Expr::Xor(a, b) => self.eval(a, item) != self.eval(b, item),
            Expr::Imply(a, b) => !self.eval(a, item) || self.eval(b, item),
            Expr::Not(a) => !self.eval(a, item),
            Expr::Forall(v) => v.iter().all(|x| self.eval(x, item)),
            Expr::Exist(v) => v.iter().any(|x| self.eval(x, item)),
            Expr::Plugin { class } => self.plugin(class, item),
        }
    }

    /// `IZSetID`: the values at `element` are numbered 1, 2, 3 ... either across the whole
    /// context or restarting in each `parent` instance.
    fn iz_set_id(&self, item: Item<'a>, parent: &[Step], element: &[Step]) -> bool {
        let mut global = true;
        let mut per_parent = true;
        let mut n_global = 0u32;
        self.resolve(item, parent, &mut |p| {
            let mut n_local = 0u32;
            self.values(p, element, &mut |v| {
                n_global += 1;
                n_local += 1;
                let got = v.trim().parse::<u32>().ok();
                global &= got == Some(n_global);
                per_parent &= got == Some(n_local);
                true
            });
        });
        global || per_parent
    }

    /// NIST's Java plug-ins, done natively.
    fn plugin(&self, class: &str, item: Item<'a>) -> bool {
        match (class.rsplit('.').next(), item) {
            (Some("IZ24Constraint"), Item::Group(g, _)) => self.vis_complete(g),
            // An unknown plug-in cannot be evaluated here; the loader reports it once.
            _ => true,
        }
    }

    /// IZ-24: each VIS reported in the group is either `69764-9` + `29769-7`, or
    /// `30956-7` + `29768-9` + `29769-7`, the OBX of one VIS sharing OBX-4; at least one is.
    fn vis_complete(&self, g: GroupInst<'_>) -> bool {
        let mut obx = Vec::new();
        collect_segments(g, "OBX", self.doc, &mut obx);
        // sub-id -> (has 69764-9, has 30956-7, has 29768-9, has 29769-7); a map, so a group
        // with very many OBX-4 values stays linear.
        let mut groups: std::collections::HashMap<&str, [bool; 4], crate::fasthash::FxBuild> =
            std::collections::HashMap::default();
        for s in obx {
            let code = self.field_component(s, 3, 1).unwrap_or("");
            let idx = match code {
                "69764-9" => 0,
                "30956-7" => 1,
                "29768-9" => 2,
                "29769-7" => 3,
                _ => continue,
            };
            let sub = self.field_component(s, 4, 1).unwrap_or("");
            groups.entry(sub).or_insert([false; 4])[idx] = true;
        }
        let complete = |f: &[bool; 4]| (f[0] && f[3]) || (f[1] && f[2] && f[3]);
        let vis_group = |f: &[bool; 4]| f[0] || f[2] || f[3];
        groups.values().any(complete) && groups.values().filter(|f| vis_group(f)).all(complete)
    }

    /// Component `c` of the first repetition of field `f` of segment `s`, if valued.
    pub(crate) fn field_component(&self, s: usize, f: u32, c: u32) -> Option<&'m str> {
        let e = self.rep_iter(s, f).next()?;
        let out = if e.level == Level::Rep {
            self.child(e, c).map(|x| self.text(x))
        } else {
            Some(self.text(e))
        };
        out.filter(|t| !t.is_empty())
    }
}

/// Pieces of a span split at one separator (`None`: the span is one piece).
pub(crate) struct Pieces<'m> {
    src: &'m str,
    pos: u32,
    end: u32,
    sep: Option<u8>,
    level: Level,
    done: bool,
}

impl Pieces<'_> {
    fn empty(src: &str) -> Pieces<'_> {
        Pieces {
            src,
            pos: 0,
            end: 0,
            sep: None,
            level: Level::Sub,
            done: true,
        }
    }
}

impl Iterator for Pieces<'_> {
    type Item = Elem;

    fn next(&mut self) -> Option<Elem> {
        if self.done {
            return None;
        }
        let stop = self.sep.and_then(|sep| {
            super::scan::find_sep(
                self.src.as_bytes(),
                self.pos as usize,
                self.end as usize,
                sep,
            )
            .map(|i| i as u32)
        });
        let elem_end = stop.unwrap_or(self.end);
        let e = Elem {
            start: self.pos,
            end: elem_end,
            level: self.level,
        };
        match stop {
            Some(i) => self.pos = i + 1,
            None => self.done = true,
        }
        Some(e)
    }
}

/// Segments with id `id` anywhere under a group instance.
pub(crate) fn collect_segments(g: GroupInst<'_>, id: &str, doc: &Doc<'_>, out: &mut Vec<usize>) {
    for inst in g.slots().flatten() {
        match inst {
            Inst::Seg(s) if doc.segs[*s].id == id => out.push(*s),
            Inst::Seg(_) => {}
            Inst::Group(gi) => collect_segments(g.child(*gi), id, doc, out),
        }
    }
}

/// The `n`-th (1-based) piece of `src[start..end]` split at `sep`.
fn nth_piece(src: &[u8], start: u32, end: u32, sep: u8, n: u32) -> Option<(u32, u32)> {
    let mut k = 1;
    let mut from = start;
    let mut out = None;
    super::scan::each_sep(src, start as usize, end as usize, sep, |at| {
        let at = at as u32;
        if k == n {
            out = Some((from, at));
            return false;
        }
        k += 1;
        from = at + 1;
        true
    });
    match out {
        Some(piece) => Some(piece),
        None => (k == n).then_some((from, end)),
    }
}

/// `s` without leading and trailing spaces (`str::trim_matches(' ')`), with the common case
/// (no padding) decided by two byte tests.
#[inline]
pub(crate) fn trim_spaces(s: &str) -> &str {
    let b = s.as_bytes();
    match (b.first(), b.last()) {
        (Some(b' '), _) | (_, Some(b' ')) => s.trim_matches(' '),
        _ => s,
    }
}

/// `HL7` + four digits, or a local `99xxx` system.
fn coding_system_name(v: &str) -> bool {
    let b = v.as_bytes();
    (b.len() == 7 && b.starts_with(b"HL7") && b[3..].iter().all(u8::is_ascii_digit))
        || (b.len() >= 3 && b.starts_with(b"99") && b[2..].iter().all(u8::is_ascii_alphanumeric))
}

fn compare(v: &str, constant: &str, kind: ValueKind) -> Option<std::cmp::Ordering> {
    match kind {
        ValueKind::Number => {
            // Whole numbers (`OBX-4 > 0`, most numeric statements) compare exactly as
            // integers, which is what the float comparison gives them, without parsing floats.
            if let (Some(a), Some(b)) = (whole(v.trim()), whole(constant.trim())) {
                return Some(a.cmp(&b));
            }
            let a: f64 = v.trim().parse().ok()?;
            let b: f64 = constant.trim().parse().ok()?;
            a.partial_cmp(&b)
        }
        ValueKind::String => Some(v.cmp(constant)),
    }
}

/// `s` as a whole number when it is only digits, few enough (15) that a float holds it
/// exactly.
fn whole(s: &str) -> Option<u64> {
    if s.is_empty() || s.len() > 15 {
        return None;
    }
    s.bytes().try_fold(0u64, |n, b| {
        b.is_ascii_digit().then(|| n * 10 + u64::from(b - b'0'))
    })
}

/// Compares two values: as date/times to their common precision when both are, as numbers
/// when both are, else as text.
fn compare_values(a: &str, b: &str) -> Option<std::cmp::Ordering> {
    let digits = |s: &str| s.len() >= 4 && s.bytes().take(8).all(|c| c.is_ascii_digit());
    if digits(a) && digits(b) && (a.len() >= 8 || b.len() >= 8) {
        // Date/times: strip any offset and compare the common prefix (`20240102` equals
        // `20240102103000`, as the IG treats RXA-4 = RXA-3).
        let core = |s: &'_ str| -> String {
            s.split(['+', '-'])
                .next()
                .unwrap_or("")
                .chars()
                .filter(char::is_ascii_digit)
                .collect()
        };
        let (x, y) = (core(a), core(b));
        let n = x.len().min(y.len());
        return Some(x[..n].cmp(&y[..n]));
    }
    if let (Ok(x), Ok(y)) = (a.trim().parse::<f64>(), b.trim().parse::<f64>()) {
        return x.partial_cmp(&y);
    }
    Some(a.cmp(b))
}

fn holds(op: Operator, o: std::cmp::Ordering) -> bool {
    use std::cmp::Ordering::*;
    match op {
        Operator::Eq => o == Equal,
        Operator::Ne => o != Equal,
        Operator::Gt => o == Greater,
        Operator::Lt => o == Less,
        Operator::Ge => o != Less,
        Operator::Le => o != Greater,
    }
}

#[cfg(test)]
mod tests {
    use super::{compare, ValueKind};

    #[test]
    fn whole_numbers_compare_as_floats_do() {
        let float = |a: &str, b: &str| -> Option<std::cmp::Ordering> {
            let x: f64 = a.trim().parse().ok()?;
            let y: f64 = b.trim().parse().ok()?;
            x.partial_cmp(&y)
        };
        let values = [
            "0",
            "00",
            "1",
            "007",
            "7",
            "10",
            " 3",
            "3 ",
            "999999999999999",
            "1000000000000000",
            "99999999999999999999",
            "-1",
            "+1",
            "1.0",
            "1e3",
            "",
            " ",
            "abc",
            "0.5",
            "12a",
        ];
        for a in values {
            for b in values {
                assert_eq!(compare(a, b, ValueKind::Number), float(a, b), "{a:?} {b:?}");
            }
        }
    }
}
