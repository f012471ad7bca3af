//! The profile engine: walks the instance tree the structure matcher built and checks every
//! element against its definition — usage (with predicates), cardinality, length, primitive
//! formats, value-set bindings — and evaluates the conformance statements of each segment,
//! datatype, group and the message.
//!
//! How findings are coded (HL7 table 0357 / CDC table 0533):
//! - required element missing: 101; segment or group missing, out of order, unknown,
//!   or too many: 100 (see `structure`);
//! - element with usage X present, too many repetitions, too long or short, bad primitive
//!   format: 102 (app code 2 for dates and times, 4 otherwise);
//! - value not in its value set: 103, app 5 (a warning for open sets and suggested bindings;
//!   MSH-11 processing id: 202);
//! - conformance statement not met: 102 with app 4 for a single-value rule and app 3 for a
//!   rule relating values, 103 for a value-set rule, 101 + app 6 for the required VIS and
//!   funding observations (IZ-23, IZ-24), and 203 for MSH-12 (IZ-15).
//!
//! CVX, MVX and NDC bindings are left to the code tables (`rules`), which are current; the
//! profiles' 2016 lists are not.

use super::expr::{trim_spaces, Elem, Eval, Item, Level, Membership};
use super::finding::{app_error, hl7_error, Finding, Location, Severity};
use super::model::{
    Binding, BindingStrength, Constraint, DatatypeDef, Element, Expr, Group, Node, Predicate,
    SegmentDef, Step, Usage,
};
use super::primitives::{self, FormatError};
use super::profile_set::CompiledProfile;
use super::scan;
use super::structure::{self, Doc, GroupInst, Inst};
use super::{push_num, CodeTables};
use crate::Message;

/// Where an element is, by numbers only (turned into a [`Location`] when reported).
#[derive(Debug, Clone, Copy)]
struct Pos {
    seg: usize,
    field: u32,
    rep: u32,
    comp: Option<u32>,
    sub: Option<u32>,
}

/// An element's name in finding texts (`PID-5.1.2`).
struct Label<'m> {
    id: &'m str,
    pos: Pos,
}

/// A finding's text, built by appending pieces: messages with many findings spend more in
/// `format!`'s machinery than in the rest of each finding.
struct Text(String);

impl Text {
    fn new() -> Text {
        Text(String::with_capacity(96))
    }

    fn s(mut self, piece: &str) -> Text {
        self.0.push_str(piece);
        self
    }

    fn n(mut self, n: u32) -> Text {
        push_num(&mut self.0, n);
        self
    }

    fn label(self, l: Label<'_>) -> Text {
        let mut t = self.s(l.id).s("-").n(l.pos.field);
        if let Some(c) = l.pos.comp {
            t = t.s(".").n(c);
        }
        if let Some(sc) = l.pos.sub {
            t = t.s(".").n(sc);
        }
        t
    }

    fn done(self) -> String {
        self.0
    }
}

impl Pos {
    /// Field `field` (first repetition) of segment `seg`; field 0 is the segment itself.
    fn field(seg: usize, field: u32) -> Pos {
        Pos {
            seg,
            field,
            rep: 1,
            comp: None,
            sub: None,
        }
    }

    fn child(self, n: u32) -> Pos {
        match (self.comp, self.sub) {
            (None, _) => Pos {
                comp: Some(n),
                ..self
            },
            (Some(_), None) => Pos {
                sub: Some(n),
                ..self
            },
            _ => self,
        }
    }
}

/// A usage decided by a group predicate for one field of one segment.
struct Override {
    seg: usize,
    field: u32,
    usage: Usage,
    rule: usize,
}

struct Engine<'a, 'm> {
    ev: Eval<'a, 'm>,
    out: &'a mut Vec<Finding>,
    overrides: Vec<(Override, &'a Predicate)>,
}

/// Runs the profile's checks over the message, appending findings.
pub(crate) fn run(
    msg: &Message<'_>,
    cp: &CompiledProfile,
    tables: &CodeTables,
    out: &mut Vec<Finding>,
) {
    let doc = Doc::new(msg);
    let tree = structure::match_message(cp, &doc, out);
    let mut eng = Engine {
        ev: Eval {
            doc: &doc,
            cp,
            tables,
            format_memo: Default::default(),
        },
        out: &mut *out,
        overrides: Vec::new(),
    };
    let start = eng.out.len();
    eng.group(tree.root(), None, 1);
    merge_format_duplicates(out, start);
}

/// One bad date is one finding (the IG: one ERR per problem): when a format statement
/// (`IZ-TS_NZ`, `IZ-TS_Z`, ...) fails on an element whose primitive format check failed too,
/// the statement's finding (with its id and the profile's wording) is kept and the primitive
/// one dropped. A value only the calendar rejects (`20230230`) keeps its primitive finding.
/// Linear in the number of findings.
fn merge_format_duplicates(out: &mut Vec<Finding>, start: usize) {
    let is_format =
        |f: &Finding| f.code == hl7_error::DATA_TYPE && f.app_code == Some(app_error::INVALID_DATE);
    fn key(l: &Location) -> (&[u8], u32, Option<u32>, Option<u32>) {
        (l.segment.as_bytes(), l.sequence, l.field, l.repetition)
    }
    let mut primitive: std::collections::HashMap<_, usize, crate::fasthash::FxBuild> =
        std::collections::HashMap::default();
    for (i, f) in out.iter().enumerate().skip(start) {
        if is_format(f) && f.rule.is_none() {
            if let Some(l) = &f.location {
                primitive.entry(key(l)).or_insert(i);
            }
        }
    }
    if primitive.is_empty() {
        return;
    }
    let mut drop = vec![false; out.len()];
    for f in out.iter().skip(start) {
        if !is_format(f) || f.rule.is_none() {
            continue;
        }
        let Some(l) = &f.location else { continue };
        if l.component.is_some() && l.component != Some(1) {
            continue;
        }
        if let Some(&p) = primitive.get(&key(l)) {
            drop[p] = true;
        }
    }
    let mut i = 0;
    out.retain(|_| {
        i += 1;
        !drop[i - 1]
    });
}

impl<'a, 'm> Engine<'a, 'm> {
    fn profile(&self) -> &'a super::model::Profile {
        &self.ev.cp.profile
    }

    fn location(&self, p: Pos) -> Location {
        let s = self.ev.doc.segs[p.seg];
        Location {
            segment: s.id.to_string(),
            sequence: s.occurrence,
            field: (p.field > 0).then_some(p.field),
            repetition: (p.field > 0).then_some(p.rep),
            component: p.comp,
            subcomponent: p.sub,
        }
    }

    fn label(&self, p: Pos) -> Label<'m> {
        Label {
            id: self.ev.doc.segs[p.seg].id,
            pos: p,
        }
    }

    fn push(
        &mut self,
        sev: Severity,
        code: u16,
        p: Pos,
        range: (u32, u32),
        text: String,
    ) -> &mut Finding {
        let f = Finding::new(sev, code, Some(self.location(p)), text)
            .with_range(range.0 as usize..range.1 as usize);
        self.out.push(f);
        self.out.last_mut().expect("just pushed")
    }

    fn group(&mut self, g: GroupInst<'a>, def: Option<&'a Group>, ordinal: u32) {
        let item = Item::Group(g, ordinal);
        let mark = self.overrides.len();
        if let Some(def) = def {
            for (i, p) in def.predicates.iter().enumerate() {
                self.group_predicate(item, p, i);
            }
        }
        for (ci, slot) in g.slots().enumerate() {
            for (k, inst) in slot.iter().enumerate() {
                match (*inst, &g.nodes()[ci]) {
                    (Inst::Seg(s), Node::Segment(r)) => {
                        self.segment(s, r.segment as usize, k as u32 + 1)
                    }
                    (Inst::Group(gi), Node::Group(gd)) => {
                        self.group(g.child(gi), Some(gd), k as u32 + 1)
                    }
                    _ => {}
                }
            }
        }
        let constraints = match def {
            Some(d) => &d.constraints,
            None => &self.profile().constraints,
        };
        for c in constraints {
            if !self.ev.eval(&c.assertion, item) {
                self.constraint_failed(c, item, None);
            }
        }
        self.overrides.truncate(mark);
    }

    /// A group predicate (`ORC-12` decided by RXA fields of the same ORDER) sets the usage of
    /// a field of a segment inside the group.
    fn group_predicate(&mut self, item: Item<'a>, p: &'a Predicate, i: usize) {
        let Some((last, head)) = p.target.split_last() else {
            return;
        };
        let usage = if self.ev.eval(&p.condition, item) {
            p.true_usage
        } else {
            p.false_usage
        };
        let mut segs = Vec::new();
        self.ev.resolve(item, head, &mut |it| {
            if let Item::Seg(s, _) = it {
                segs.push(s);
            }
        });
        for seg in segs {
            self.overrides.push((
                Override {
                    seg,
                    field: last.position,
                    usage,
                    rule: i,
                },
                p,
            ));
        }
    }

    fn segment(&mut self, s: usize, def_idx: usize, ordinal: u32) {
        let def = &self.profile().segments[def_idx];
        let item = Item::Seg(s, ordinal);
        let nfields = self.ev.doc.seg_fields(s).len() as u32;
        // An absent field can only produce a finding when it is required, conditional, or
        // given a usage by a group predicate: past the segment's last field only those
        // are visited (most definitions run well past what messages send).
        let overridden = self.overrides.iter().any(|(o, _)| o.seg == s);
        let sent = if overridden {
            def.fields.len()
        } else {
            def.fields.len().min(nfields as usize)
        };
        let spans = self.ev.doc.seg_fields(s);
        for (i, fdef) in def.fields[..sent].iter().enumerate() {
            // Most fields of a definition are optional and absent: skipped here, without
            // the call (the same test `field` starts with).
            let present = spans.get(i).is_some_and(|&(a, b)| a < b);
            if !present && matches!(fdef.usage, Usage::O | Usage::RE | Usage::X) && !overridden {
                continue;
            }
            self.field(s, def, i, item, overridden);
        }
        if !overridden {
            let cp = self.ev.cp;
            for &i in cp.absent_checks[def_idx].iter() {
                if i as usize >= sent {
                    self.field(s, def, i as usize, item, false);
                }
            }
        }
        // Fields past the definition: the receiver ignores them.
        for field in def.fields.len() as u32 + 1..=nfields {
            let (a, b) = self.ev.doc.seg_fields(s)[field as usize - 1];
            if a < b {
                let pos = Pos::field(s, field);
                let text = Text::new()
                    .s("field ")
                    .label(self.label(pos))
                    .s(" is not defined in the profile and was ignored")
                    .done();
                self.push(Severity::Warning, hl7_error::DATA_TYPE, pos, (a, b), text)
                    .app_code = Some(app_error::INVALID_VALUE);
            }
        }
        for c in &def.constraints {
            if !self.ev.eval(&c.assertion, item) {
                let base = Pos::field(s, 0);
                self.constraint_failed(c, item, Some(base));
            }
        }
    }

    /// Checks field `i` (0-based) of segment `s` against its definition; `overridden` when a
    /// group predicate may decide the usage of a field of this segment.
    fn field(&mut self, s: usize, def: &'a SegmentDef, i: usize, item: Item<'a>, overridden: bool) {
        let fdef = &def.fields[i];
        let field = i as u32 + 1;
        let pos = Pos::field(s, field);
        let span = self.ev.doc.seg_fields(s).get(i).copied();
        let present = span.is_some_and(|(a, b)| a < b);
        // Most fields of a definition are optional and absent: nothing to check.
        if !present && matches!(fdef.usage, Usage::O | Usage::RE | Usage::X) && !overridden {
            return;
        }
        let (usage, rule) = self.field_usage(s, field, present, fdef, &def.predicates, item);
        let span = span.unwrap_or_else(|| {
            let sd = self.ev.doc.segs[s];
            (sd.end, sd.end)
        });
        if self.usage_violation(usage, present, "field", pos, span, &fdef.name, rule) {
            return;
        }
        if !present {
            return;
        }
        let varies = self.is_varies(fdef);
        // One repetition (most fields): the split already found that the field has no
        // repetition separator, so there is nothing to iterate.
        let doc = self.ev.doc;
        let sd = &doc.segs[s];
        let one = !(field <= 2 && sd.header)
            && doc.first_rep_ends[sd.fields_start as usize + i] == span.1;
        if one {
            let e = Elem {
                start: span.0,
                end: span.1,
                level: Level::Rep,
            };
            self.repetition(s, fdef, pos, 1, e, varies);
            return;
        }
        let mut k = 0u32;
        for e in self.ev.rep_iter(s, field) {
            k += 1;
            self.repetition(s, fdef, pos, k, e, varies);
        }
    }

    /// Checks repetition `k` (1-based) of a field.
    #[inline(always)]
    fn repetition(&mut self, s: usize, fdef: &'a Element, pos: Pos, k: u32, e: Elem, varies: bool) {
        let p = Pos { rep: k, ..pos };
        if fdef.max.is_some_and(|max| k == max + 1) {
            let text = Text::new()
                .s("field ")
                .label(self.label(p))
                .s(" (")
                .s(&fdef.name)
                .s(") repeats more than ")
                .n(k - 1)
                .s(" time(s)")
                .done();
            self.push(
                Severity::Error,
                hl7_error::DATA_TYPE,
                p,
                (e.start, e.end),
                text,
            )
            .app_code = Some(app_error::INVALID_VALUE);
        }
        if e.is_empty() {
            return;
        }
        if varies {
            self.varies(s, e, p);
        } else {
            self.value(fdef.datatype as usize, e, fdef, p);
        }
    }

    /// Reports a required element that is absent (101) or a not-supported one that is valued
    /// (102); true when it did, and the element needs no further checks.
    #[allow(clippy::too_many_arguments)]
    #[inline]
    fn usage_violation(
        &mut self,
        usage: Usage,
        present: bool,
        what: &str,
        pos: Pos,
        span: (u32, u32),
        name: &str,
        rule: Option<&str>,
    ) -> bool {
        // Almost every element passes: decide that inline, report out of line.
        if !matches!((usage, present), (Usage::R, false) | (Usage::X, true)) {
            return false;
        }
        self.report_usage(usage, present, what, pos, span, name, rule);
        true
    }

    /// The finding of [`Engine::usage_violation`], kept out of the walk's hot path.
    #[cold]
    #[inline(never)]
    #[allow(clippy::too_many_arguments)]
    fn report_usage(
        &mut self,
        usage: Usage,
        present: bool,
        what: &str,
        pos: Pos,
        span: (u32, u32),
        name: &str,
        rule: Option<&str>,
    ) {
        let (code, text, app) = match usage {
            Usage::R if !present => (
                hl7_error::REQUIRED_FIELD_MISSING,
                Text::new()
                    .s("required ")
                    .s(what)
                    .s(" ")
                    .label(self.label(pos))
                    .s(" (")
                    .s(name)
                    .s(") is missing")
                    .done(),
                None,
            ),
            Usage::X if present => (
                hl7_error::DATA_TYPE,
                Text::new()
                    .s(what)
                    .s(" ")
                    .label(self.label(pos))
                    .s(" (")
                    .s(name)
                    .s(") is not supported (usage X) but is valued")
                    .done(),
                Some(app_error::INVALID_VALUE),
            ),
            _ => return,
        };
        let f = self.push(Severity::Error, code, pos, span, text);
        f.app_code = app;
        f.rule = rule.map(str::to_string);
    }

    fn field_usage(
        &self,
        s: usize,
        field: u32,
        present: bool,
        fdef: &Element,
        preds: &'a [Predicate],
        item: Item<'a>,
    ) -> (Usage, Option<&'a str>) {
        if let Some((o, p)) = self
            .overrides
            .iter()
            .rev()
            .find(|(o, _)| o.seg == s && o.field == field)
        {
            let _ = o.rule;
            return (o.usage, Some(p.id.as_str()));
        }
        self.usage(fdef, present, preds, item)
    }

    /// The usage of an element: its own, or its predicate's verdict for `C`. The predicate
    /// is evaluated only when its verdict can matter here: an absent element only cares
    /// whether it is required, a present one whether it is forbidden.
    #[inline]
    fn usage(
        &self,
        el: &Element,
        present: bool,
        preds: &'a [Predicate],
        item: Item<'a>,
    ) -> (Usage, Option<&'a str>) {
        if el.usage != Usage::C {
            return (el.usage, None);
        }
        self.conditional_usage(el, present, preds, item, None)
    }

    /// [`Engine::usage`] of a `C` element. `instance` is the datatype instance the element
    /// belongs to, already split into its components, for evaluating simple conditions
    /// directly.
    fn conditional_usage(
        &self,
        el: &Element,
        present: bool,
        preds: &'a [Predicate],
        item: Item<'a>,
        instance: Option<(Elem, &Parts<'_>)>,
    ) -> (Usage, Option<&'a str>) {
        // A `C` element without a predicate sits inside an optional element in the CDC
        // profiles (IG summary §8): treat it as optional.
        let Some(p) = el.predicate.and_then(|i| preds.get(i as usize)) else {
            return (Usage::O, None);
        };
        let decisive = if present { Usage::X } else { Usage::R };
        if p.true_usage != decisive && p.false_usage != decisive {
            return (Usage::O, None);
        }
        let holds = instance
            .and_then(|(e, parts)| self.quick(&p.condition, e, parts))
            .unwrap_or_else(|| self.ev.eval(&p.condition, item));
        let u = if holds { p.true_usage } else { p.false_usage };
        (u, Some(p.id.as_str()))
    }

    /// Evaluates the simple conditions datatype predicates use (`Presence`, `PlainText` of
    /// one component, and NOT/AND/OR of those) on already split components; `None` when
    /// the condition needs the general evaluator.
    fn quick(&self, e: &Expr, inst: Elem, parts: &Parts<'_>) -> Option<bool> {
        let one = |path: &[Step]| -> Option<Option<Elem>> {
            match path {
                [step] if step.instance.is_none_or(|i| i == 1) => {
                    Some(parts.child(&self.ev, inst, step.position))
                }
                _ => None,
            }
        };
        Some(match e {
            Expr::Presence { path } => one(path)?.is_some_and(|c| !c.is_empty()),
            Expr::PlainText {
                path,
                text,
                ignore_case,
                ..
            } => match one(path)?.filter(|c| !c.is_empty()) {
                None => true,
                Some(c) => {
                    let v = trim_spaces(self.ev.text(c));
                    if *ignore_case {
                        v.eq_ignore_ascii_case(text)
                    } else {
                        v == text
                    }
                }
            },
            Expr::Not(a) => !self.quick(a, inst, parts)?,
            Expr::And(a, b) => self.quick(a, inst, parts)? && self.quick(b, inst, parts)?,
            Expr::Or(a, b) => self.quick(a, inst, parts)? || self.quick(b, inst, parts)?,
            _ => return None,
        })
    }

    fn is_varies(&self, fdef: &Element) -> bool {
        self.ev.cp.varies[fdef.datatype as usize]
    }

    /// OBX-5 takes its datatype from OBX-2; dates and numbers are format-checked.
    fn varies(&mut self, s: usize, e: Elem, p: Pos) {
        if self.ev.doc.segs[s].id != "OBX" {
            return;
        }
        let Some(vt) = self.ev.field_component(s, 2, 1) else {
            return;
        };
        let (name, target, tp) = match vt {
            "NM" | "DT" => (vt, Some(e), p),
            "TS" | "DTM" => ("DTM", self.ev.child(e, 1), p.child(1)),
            _ => return,
        };
        let Some(t) = target.filter(|t| !t.is_empty()) else {
            return;
        };
        if let Err(err) = primitives::check(name, self.ev.text(t)) {
            let text = Text::new()
                .label(self.label(tp))
                .s(" is not ")
                .s(err.expected())
                .s(" (OBX-2 says ")
                .s(name)
                .s(")")
                .done();
            self.push(
                Severity::Error,
                hl7_error::DATA_TYPE,
                tp,
                (t.start, t.end),
                text,
            )
            .app_code = Some(if err.is_date() {
                app_error::INVALID_DATE
            } else {
                app_error::INVALID_VALUE
            });
        }
    }

    /// Checks a valued element (a repetition, component or subcomponent) against its
    /// datatype and the element definition that holds it.
    #[inline]
    fn value(&mut self, dt_idx: usize, e: Elem, el: &'a Element, p: Pos) {
        if !self.ev.cp.composite[dt_idx] || e.level == Level::Sub {
            self.primitive(dt_idx, e, el, p);
        } else {
            self.composite(dt_idx, e, el, p);
        }
    }

    /// [`Engine::value`] of a datatype with components: each component in turn, then the
    /// element's binding and the datatype's conformance statements.
    fn composite(&mut self, dt_idx: usize, e: Elem, el: &'a Element, p: Pos) {
        let dt: &'a DatatypeDef = &self.profile().datatypes[dt_idx];
        let item = Item::Elem(e);
        // The element is split once into the datatype's components; the walk, the
        // components' predicates and the binding locations all read these spans rather
        // than rescanning the text for each.
        let mut stack = [ABSENT; 32];
        let mut heap = Vec::new();
        let n = dt.components.len();
        let spans: &mut [(u32, u32)] = if n <= stack.len() {
            &mut stack[..n]
        } else {
            heap.resize(n, ABSENT);
            &mut heap
        };
        let (sep, child_level) = if e.level == Level::Rep {
            (self.ev.doc.d.component, Level::Comp)
        } else {
            (self.ev.doc.d.subcomponent, Level::Sub)
        };
        let reached = split_parts(self.ev.doc.src.as_bytes(), e.start, e.end, sep, spans);
        let parts = Parts {
            spans,
            level: child_level,
        };
        // The components the value reaches, then those past its end that are required or
        // conditional (the others cannot produce a finding when absent): in order, without
        // visiting every component of a long datatype (XCN has 23) for a short value.
        for j in 0..reached {
            self.component(dt, j, e, &parts, p);
        }
        let cp: &'a CompiledProfile = self.ev.cp;
        for &j in cp.absent_components[dt_idx].iter() {
            if j as usize >= reached {
                self.component(dt, j as usize, e, &parts, p);
            }
        }
        if let Some(b) = &el.binding {
            let locs: &[u32] = if b.locations.is_empty() {
                &[1]
            } else {
                &b.locations
            };
            for &l in locs {
                if let Some(c) = parts.child(&self.ev, e, l) {
                    if !c.is_empty() {
                        self.binding(b, c, p.child(l));
                    }
                }
            }
        }
        for c in &dt.constraints {
            if !self.ev.eval(&c.assertion, item) {
                self.constraint_failed(c, item, Some(p));
            }
        }
    }

    /// Checks component `j` (0-based) of `e`, a value of datatype `dt` split into `parts`.
    #[inline(always)]
    fn component(&mut self, dt: &'a DatatypeDef, j: usize, e: Elem, parts: &Parts<'_>, p: Pos) {
        let cdef = &dt.components[j];
        let n = j as u32 + 1;
        let part = parts.at(j);
        let present = part.is_some_and(|c| !c.is_empty());
        let (usage, rule) = if cdef.usage != Usage::C {
            (cdef.usage, None)
        } else {
            self.conditional_usage(
                cdef,
                present,
                &dt.predicates,
                Item::Elem(e),
                Some((e, parts)),
            )
        };
        let cp = p.child(n);
        let span = part.map_or((e.end, e.end), |c| (c.start, c.end));
        if self.usage_violation(usage, present, "component", cp, span, &cdef.name, rule) {
            return;
        }
        if let Some(c) = part.filter(|c| !c.is_empty()) {
            // Most components are primitive: checked here, without the call through
            // `value`.
            let cdt = cdef.datatype as usize;
            if !self.ev.cp.composite[cdt] || c.level == Level::Sub {
                self.primitive(cdt, c, cdef, cp);
            } else {
                self.composite(cdt, c, cdef, cp);
            }
        }
    }

    #[inline(always)]
    fn primitive(&mut self, dt_idx: usize, e: Elem, el: &Element, p: Pos) {
        let text = self.ev.text(e);
        let span = (e.start, e.end);
        if !length_fits(text, el.min_length, el.max_length) {
            self.report_length(el, p, span);
        }
        let kind = self.ev.cp.primitive_kinds[dt_idx];
        // Most primitives (ST, ID, IS ...) have no format: no call for them.
        if kind != primitives::Kind::Free && !self.ev.cp.composite[dt_idx] {
            if let Err(err) = primitives::check_kind(kind, text) {
                self.report_format(el, p, span, err);
            }
        }
        if let Some(b) = &el.binding {
            if b.locations.is_empty() || b.locations == [1] {
                self.binding(b, e, p);
            }
        }
    }

    /// The finding of a value outside its length bounds (out of the walk's hot path).
    #[cold]
    #[inline(never)]
    fn report_length(&mut self, el: &Element, p: Pos, span: (u32, u32)) {
        let t = Text::new()
            .label(self.label(p))
            .s(" (")
            .s(&el.name)
            .s(") length is outside ")
            .n(el.min_length.unwrap_or(0))
            .s("..");
        let t = match el.max_length {
            Some(m) => t.n(m),
            None => t.s("*"),
        }
        .done();
        self.push(Severity::Warning, hl7_error::DATA_TYPE, p, span, t)
            .app_code = Some(app_error::INVALID_VALUE);
    }

    /// The finding of a primitive value in the wrong format (out of the walk's hot path).
    #[cold]
    #[inline(never)]
    fn report_format(&mut self, el: &Element, p: Pos, span: (u32, u32), err: FormatError) {
        let t = Text::new()
            .label(self.label(p))
            .s(" (")
            .s(&el.name)
            .s(") is not ")
            .s(err.expected())
            .done();
        self.push(Severity::Error, hl7_error::DATA_TYPE, p, span, t)
            .app_code = Some(if err.is_date() {
            app_error::INVALID_DATE
        } else {
            app_error::INVALID_VALUE
        });
    }

    fn binding(&mut self, b: &Binding, e: Elem, p: Pos) {
        if b.strength == BindingStrength::Undetermined {
            return;
        }
        // CVX, MVX and NDC are the code tables' job (`rules`): current, not 2016.
        let Some(resolved) = self.ev.cp.binding(b) else {
            return;
        };
        if resolved.tables || resolved.sets.is_empty() {
            return;
        }
        let value = trim_spaces(self.ev.text(e));
        if value.is_empty() {
            return;
        }
        let (sev, what) = match self.ev.member(resolved, value) {
            Membership::In | Membership::Unchecked => return,
            Membership::Excluded => (Severity::Error, "is excluded from"),
            Membership::Out { open } => {
                let sev = if open || b.strength == BindingStrength::Suggested {
                    Severity::Warning
                } else {
                    Severity::Error
                };
                (sev, "is not in")
            }
        };
        // The IG's first-level checks (App. B §3) have their own codes and make the
        // acknowledgement an AR: message type, event, processing id and version.
        let msh = self.ev.doc.segs[p.seg].id == "MSH";
        let code = match (msh, p.field, p.comp) {
            (true, 9, Some(1)) => hl7_error::UNSUPPORTED_MESSAGE_TYPE,
            (true, 9, Some(2)) => hl7_error::UNSUPPORTED_EVENT,
            (true, 11, _) => hl7_error::UNSUPPORTED_PROCESSING_ID,
            (true, 12, _) => hl7_error::UNSUPPORTED_VERSION,
            _ => hl7_error::TABLE_VALUE_NOT_FOUND,
        };
        let mut text = Text::new()
            .label(self.label(p))
            .s(" value ")
            .s(what)
            .s(" value set ");
        for (i, v) in b.value_sets.iter().enumerate() {
            if i > 0 {
                text = text.s(" or ");
            }
            text = text.s(v);
        }
        let text = text.done();
        self.push(sev, code, p, (e.start, e.end), text).app_code =
            Some(app_error::TABLE_VALUE_NOT_FOUND);
    }

    /// Reports a conformance statement that does not hold, at its target.
    fn constraint_failed(&mut self, c: &Constraint, item: Item<'a>, base: Option<Pos>) {
        let (code, app) = classify(c);
        let (pos, range) = self.target(item, base, &c.target);
        let desc = c.description.trim();
        let text = if desc.is_empty() {
            Text::new()
                .s("conformance statement ")
                .s(&c.id)
                .s(" is not met")
                .done()
        } else {
            Text::new().s(&c.id).s(": ").s(desc).done()
        };
        let severity = Severity::Error;
        let f = match pos {
            Some(p) => {
                let loc = self.location(p);
                Finding::new(severity, code, Some(loc), text)
            }
            None => Finding::new(severity, code, None, text),
        };
        let mut f = f.with_rule(c.id.clone());
        f.app_code = app;
        if let Some((a, b)) = range {
            f = f.with_range(a as usize..b as usize);
        }
        self.out.push(f);
    }

    /// Where a constraint's target is: positions from the steps, the span of what exists.
    fn target(
        &self,
        item: Item<'a>,
        base: Option<Pos>,
        steps: &[Step],
    ) -> (Option<Pos>, Option<(u32, u32)>) {
        match item {
            Item::Group(g, _) => {
                // Walk slots while the steps name groups, to the segment: the instance the
                // step names, else the first one that leads to a segment (a message-level
                // statement about OBX-1 is reported at an OBX, not at the first ORDER).
                if let Some((s, i)) = seg_along(g, steps) {
                    let sd = self.ev.doc.segs[s];
                    let seg_base = Pos::field(s, 0);
                    let rest = &steps[i + 1..];
                    let (p, _) = self.target(Item::Seg(s, 1), Some(seg_base), rest);
                    let span = self
                        .span_of(Item::Seg(s, 1), rest)
                        .or(Some((sd.start, sd.end)));
                    return (p.or(Some(seg_base)), span);
                }
                match g.first_segment() {
                    Some(s) => {
                        let sd = self.ev.doc.segs[s];
                        (Some(Pos::field(s, 0)), Some((sd.start, sd.end)))
                    }
                    None => (None, None),
                }
            }
            Item::Seg(..) | Item::Elem(_) => {
                let Some(mut p) = base else {
                    return (None, None);
                };
                for (i, step) in steps.iter().enumerate() {
                    if p.field == 0 && i == 0 {
                        p.field = step.position;
                        p.rep = step.instance.unwrap_or(1);
                    } else {
                        p = p.child(step.position);
                    }
                }
                (Some(p), self.span_of(item, steps))
            }
        }
    }

    fn span_of(&self, item: Item<'a>, steps: &[Step]) -> Option<(u32, u32)> {
        let mut out = None;
        self.ev.resolve(item, steps, &mut |it| {
            if out.is_none() {
                if let Item::Elem(e) = it {
                    out = Some((e.start, e.end));
                }
            }
        });
        out
    }
}

/// The span of a component the element does not reach (`a^b` has no third component).
const ABSENT: (u32, u32) = (u32::MAX, u32::MAX);

/// Splits `src[start..end]` at `sep` into `out` (one span per slot, [`ABSENT`] for the
/// pieces the text does not reach); pieces past `out`'s length are left unsplit. Returns
/// how many slots the text reaches (the others stay [`ABSENT`]).
#[inline]
fn split_parts(src: &[u8], start: u32, end: u32, sep: u8, out: &mut [(u32, u32)]) -> usize {
    let Some(last) = out.len().checked_sub(1) else {
        return 0;
    };
    let mut k = 0;
    let mut from = start;
    let mut done = false;
    scan::each_sep(src, start as usize, end as usize, sep, |at| {
        let at = at as u32;
        out[k] = (from, at);
        from = at + 1;
        if k == last {
            done = true;
            return false;
        }
        k += 1;
        true
    });
    if !done {
        out[k] = (from, end);
    }
    k + 1
}

/// An element split into the components of its datatype (see [`split_parts`]).
struct Parts<'s> {
    spans: &'s [(u32, u32)],
    level: Level,
}

impl Parts<'_> {
    /// Component `j` (0-based), if the element reaches it.
    #[inline]
    fn at(&self, j: usize) -> Option<Elem> {
        let (start, end) = self.spans[j];
        (start != u32::MAX).then_some(Elem {
            start,
            end,
            level: self.level,
        })
    }

    /// Component `n` (1-based) of `e`, these spans when the datatype defines it.
    #[inline]
    fn child(&self, ev: &Eval<'_, '_>, e: Elem, n: u32) -> Option<Elem> {
        match (n as usize).checked_sub(1) {
            Some(j) if j < self.spans.len() => self.at(j),
            _ => ev.child(e, n),
        }
    }
}

/// True when `text` (not empty) is within the length bounds, counted in characters. The
/// count is taken only when the byte length leaves it open: never more characters than
/// bytes, and a value that is there has at least one.
#[inline]
fn length_fits(text: &str, min: Option<u32>, max: Option<u32>) -> bool {
    let bytes = text.len();
    let chars = || text.chars().count();
    let long = max.is_some_and(|m| bytes > m as usize && chars() > m as usize);
    let short = min.is_some_and(|m| m > 1 && (bytes < m as usize || chars() < m as usize));
    !long && !short
}

/// The segment a group path leads to, and the index of the step that reached it.
fn seg_along(g: GroupInst<'_>, steps: &[Step]) -> Option<(usize, usize)> {
    let (step, _) = steps.split_first()?;
    let slot = g.slot((step.position as usize).wrapping_sub(1))?;
    let wanted = step.instance.and_then(|k| slot.get(k as usize - 1));
    for inst in wanted.into_iter().chain(slot.iter()) {
        match inst {
            Inst::Seg(s) => return Some((*s, 0)),
            Inst::Group(next) => {
                if let Some((s, i)) = seg_along(g.child(*next), &steps[1..]) {
                    return Some((s, i + 1));
                }
            }
        }
    }
    None
}

/// The 0357 code and 0533 application code for a conformance statement that fails.
fn classify(c: &Constraint) -> (u16, Option<u8>) {
    match c.id.as_str() {
        "IZ-15" => {
            return (
                hl7_error::UNSUPPORTED_VERSION,
                Some(app_error::INVALID_VALUE),
            )
        }
        "IZ-23" | "IZ-24" => {
            return (
                hl7_error::REQUIRED_FIELD_MISSING,
                Some(app_error::REQUIRED_OBSERVATION_MISSING),
            )
        }
        _ => {}
    }
    match &c.assertion {
        Expr::ValueSet { .. } => (
            hl7_error::TABLE_VALUE_NOT_FOUND,
            Some(app_error::TABLE_VALUE_NOT_FOUND),
        ),
        Expr::Format { regex, .. } => {
            let app = if regex.contains("[0-9]{4}") {
                app_error::INVALID_DATE
            } else {
                app_error::INVALID_VALUE
            };
            (hl7_error::DATA_TYPE, Some(app))
        }
        Expr::PlainText { .. }
        | Expr::StringList { .. }
        | Expr::NumberList { .. }
        | Expr::SimpleValue { .. } => (hl7_error::DATA_TYPE, Some(app_error::INVALID_VALUE)),
        _ => (hl7_error::DATA_TYPE, Some(app_error::ILLOGICAL_VALUE)),
    }
}

#[cfg(test)]
mod tests {
    use super::length_fits;

    #[test]
    fn length_is_counted_in_characters() {
        // The byte length decides alone when it can; characters are counted otherwise.
        let count = |t: &str, min: Option<u32>, max: Option<u32>| {
            let n = t.chars().count() as u32;
            !(max.is_some_and(|m| n > m) || min.is_some_and(|m| n < m))
        };
        for t in ["a", "ab", "abc", "é", "éé", "ééé", "日本", "a日", "abcdef"] {
            for min in [None, Some(0), Some(1), Some(2), Some(3), Some(5)] {
                for max in [None, Some(0), Some(1), Some(2), Some(3), Some(4)] {
                    assert_eq!(
                        length_fits(t, min, max),
                        count(t, min, max),
                        "{t} {min:?} {max:?}"
                    );
                }
            }
        }
    }
}
