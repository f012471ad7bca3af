//! Borrowed views of a parsed message: [`Segment`], [`Field`], [`Repetition`], [`Component`] and
//! [`Subcomponent`]. Each holds its slice of the input and its byte range; none copies text.
//!
//! Numbering follows HL7: fields, repetitions, components and subcomponents are 1-based
//! (`PID-5.1`); byte ranges are 0-based offsets into the message's input. Accessors return
//! `None` for a part that is not there, never an empty string.
//!
//! A view answers the same whether the message was parsed lazily (views split text with
//! `memchr` on demand) or with the full index (views walk the recorded delimiters).

use super::delimiters::Delimiters;
use super::escape;
use super::path::Path;
use super::scan::{FieldSpan, TOK_COMP, TOK_REP, TOK_SUB};
use super::swar::{find_byte, find_nth};
use crate::datatypes::Datatype;
use crate::error::Result;
use std::borrow::Cow;
use std::ops::Range;

/// A piece of a message: text range plus (for indexed messages) the delimiter tokens inside it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Span<'a> {
    pub src: &'a str,
    pub d: Delimiters,
    pub start: u32,
    pub end: u32,
    /// Tokens inside this span, when the message has a full index.
    pub toks: Option<&'a [u32]>,
    /// MSH-1 and MSH-2: never split and never decoded.
    pub verbatim: bool,
}

impl<'a> Span<'a> {
    #[inline]
    fn raw(&self) -> &'a str {
        &self.src[self.start as usize..self.end as usize]
    }

    fn delim(&self, kind: u32) -> u8 {
        match kind {
            TOK_REP => self.d.repetition,
            TOK_COMP => self.d.component,
            _ => self.d.subcomponent,
        }
    }

    /// The `n`-th (1-based) child when split at delimiters of `kind`.
    #[inline]
    pub(crate) fn child(&self, kind: u32, n: usize) -> Option<Span<'a>> {
        if n == 0 {
            return None;
        }
        if self.verbatim {
            return (n == 1).then_some(*self);
        }
        match self.toks {
            Some(toks) => {
                let bytes = self.src.as_bytes();
                let sep = self.delim(kind);
                let mut k = 1;
                let mut start = self.start;
                let mut tstart = 0;
                for (i, &t) in toks.iter().enumerate() {
                    if bytes[t as usize] == sep {
                        if k == n {
                            return Some(Span {
                                start,
                                end: t,
                                toks: Some(&toks[tstart..i]),
                                ..*self
                            });
                        }
                        k += 1;
                        start = t + 1;
                        tstart = i + 1;
                    }
                }
                (k == n).then(|| Span {
                    start,
                    end: self.end,
                    toks: Some(&toks[tstart..]),
                    ..*self
                })
            }
            None => {
                let bytes = &self.src.as_bytes()[self.start as usize..self.end as usize];
                let sep = self.delim(kind);
                let start = if n == 1 {
                    0
                } else {
                    find_nth(bytes, sep, n - 1)? + 1
                };
                let end = find_nth(&bytes[start..], sep, 1).map_or(bytes.len(), |e| start + e);
                Some(Span {
                    start: self.start + start as u32,
                    end: self.start + end as u32,
                    ..*self
                })
            }
        }
    }

    /// How many children when split at delimiters of `kind` (at least 1).
    pub(crate) fn child_count(&self, kind: u32) -> usize {
        if self.verbatim {
            return 1;
        }
        match self.toks {
            Some(toks) => {
                let (bytes, sep) = (self.src.as_bytes(), self.delim(kind));
                1 + toks.iter().filter(|&&t| bytes[t as usize] == sep).count()
            }
            None => {
                let bytes = &self.src.as_bytes()[self.start as usize..self.end as usize];
                1 + memchr::memchr_iter(self.delim(kind), bytes).count()
            }
        }
    }

    /// Does the text hold any delimiter below the level `kind` (so it is a composite)?
    fn is_composite(&self) -> bool {
        if self.verbatim {
            return false;
        }
        match self.toks {
            Some(t) => !t.is_empty(),
            None => self.raw().bytes().any(|b| {
                b == self.d.repetition || b == self.d.component || b == self.d.subcomponent
            }),
        }
    }

    /// Raw text, or `None` when empty.
    fn raw_opt(&self) -> Option<&'a str> {
        (self.start < self.end).then(|| self.raw())
    }

    /// Decoded value: escapes resolved for a leaf; a composite keeps its raw text, since
    /// decoding would make escaped delimiters indistinguishable from real ones.
    pub(crate) fn value(&self) -> Option<Cow<'a, str>> {
        let raw = self.raw_opt()?;
        if self.verbatim || self.is_composite() {
            Some(Cow::Borrowed(raw))
        } else {
            Some(escape::decode(raw, &self.d))
        }
    }
}

/// Iterates the children of a span split at one delimiter kind.
pub(crate) struct Children<'a> {
    parent: Span<'a>,
    sep: u8,
    /// Start of the next child.
    pos: u32,
    /// Index in the parent's tokens where the next child's tokens begin.
    tok: usize,
    done: bool,
}

impl<'a> Iterator for Children<'a> {
    type Item = Span<'a>;

    /// Each step resumes where the last one stopped, so walking all children is linear.
    fn next(&mut self) -> Option<Span<'a>> {
        if self.done {
            return None;
        }
        let p = &self.parent;
        if p.verbatim {
            self.done = true;
            return Some(*p);
        }
        let (end, next_tok) = match p.toks {
            Some(toks) => {
                let bytes = p.src.as_bytes();
                let rest = &toks[self.tok..];
                match rest.iter().position(|&t| bytes[t as usize] == self.sep) {
                    Some(j) => (Some(rest[j]), self.tok + j),
                    None => (None, toks.len()),
                }
            }
            None => {
                let bytes = &p.src.as_bytes()[self.pos as usize..p.end as usize];
                (find_byte(bytes, self.sep).map(|q| self.pos + q as u32), 0)
            }
        };
        let child_toks = p.toks.map(|t| &t[self.tok..next_tok]);
        let start = self.pos;
        match end {
            Some(e) => {
                self.pos = e + 1;
                self.tok = next_tok + 1;
                Some(Span {
                    start,
                    end: e,
                    toks: child_toks,
                    ..*p
                })
            }
            None => {
                self.done = true;
                Some(Span {
                    start,
                    end: p.end,
                    toks: child_toks,
                    ..*p
                })
            }
        }
    }
}

fn children(parent: Span<'_>, kind: u32) -> Children<'_> {
    Children {
        sep: parent.delim(kind),
        pos: parent.start,
        tok: 0,
        done: false,
        parent,
    }
}

/// Iterates the fields of a segment, each step resuming where the last stopped.
struct Fields<'a> {
    seg: Segment<'a>,
    /// Number of the next field (1-based).
    n: usize,
    /// Start of the next field's text (lazy segments).
    pos: usize,
    done: bool,
}

impl<'a> Iterator for Fields<'a> {
    type Item = Field<'a>;

    fn next(&mut self) -> Option<Field<'a>> {
        if self.done {
            return None;
        }
        let seg = &self.seg;
        let n = self.n;
        self.n += 1;
        if seg.fields.is_some() {
            let f = seg.field(n);
            self.done = f.is_none();
            return f;
        }
        let (start, end) = (seg.start as usize, seg.end as usize);
        let header = seg.is_header();
        if n == 1 {
            if end - start <= 3 {
                self.done = true;
                return None;
            }
            self.pos = start + 4;
            if header {
                return seg.field(1);
            }
        }
        let bytes = &seg.src.as_bytes()[self.pos..end];
        let stop = match find_byte(bytes, seg.d.field) {
            Some(q) => self.pos + q,
            None => {
                self.done = true;
                end
            }
        };
        let span = Span {
            src: seg.src,
            d: seg.d,
            start: self.pos as u32,
            end: stop as u32,
            toks: None,
            verbatim: header && n == 2,
        };
        self.pos = stop + 1;
        Some(Field {
            span,
            path: seg.child_path(n),
        })
    }
}

impl Span<'_> {
    /// Runs a datatype reader over this span; `None` when empty. Errors get the span's
    /// absolute offset and the part's path.
    fn read_with<'a, T>(
        &self,
        raw: &'a str,
        path: &Path,
        f: impl FnOnce(&'a str, &Delimiters) -> Result<T>,
    ) -> Result<Option<T>> {
        if raw.is_empty() {
            return Ok(None);
        }
        f(raw, &self.d)
            .map(Some)
            .map_err(|e| e.shifted(self.start as usize).with_path(path.to_string()))
    }
}

macro_rules! common_accessors {
    () => {
        /// The raw text, escapes not decoded (may be empty).
        pub fn as_str(&self) -> &'a str {
            self.span.raw()
        }

        /// The value: `None` when empty; escapes decoded for a leaf, raw text for a composite.
        pub fn value(&self) -> Option<Cow<'a, str>> {
            self.span.value()
        }

        /// 0-based byte range of this part in the message's input.
        pub fn range(&self) -> Range<usize> {
            self.span.start as usize..self.span.end as usize
        }

        /// True when the text is empty (HL7: not present).
        pub fn is_empty(&self) -> bool {
            self.span.start == self.span.end
        }

        /// The HL7 path of this part, e.g. `RXA[2]-5.1`.
        pub fn path(&self) -> Path {
            self.path
        }
    };
}

/// One segment of a message.
#[derive(Debug, Clone, Copy)]
pub struct Segment<'a> {
    pub(crate) src: &'a str,
    pub(crate) d: Delimiters,
    pub(crate) start: u32,
    pub(crate) end: u32,
    pub(crate) index: usize,
    pub(crate) occurrence: u32,
    pub(crate) fields: Option<(&'a [FieldSpan], &'a [u32])>,
}

impl<'a> Segment<'a> {
    /// The three-character segment id (`PID`).
    pub fn id(&self) -> &'a str {
        &self.src[self.start as usize..self.start as usize + 3]
    }

    /// 0-based position of this segment in the message.
    pub fn index(&self) -> usize {
        self.index
    }

    /// 1-based occurrence among segments with the same id (`RXA[2]` is the second RXA).
    pub fn occurrence(&self) -> usize {
        self.occurrence as usize
    }

    /// The raw segment text, id included, terminator excluded.
    pub fn as_str(&self) -> &'a str {
        &self.src[self.start as usize..self.end as usize]
    }

    /// 0-based byte range of the segment (terminator excluded).
    pub fn range(&self) -> Range<usize> {
        self.start as usize..self.end as usize
    }

    fn is_header(&self) -> bool {
        matches!(self.id(), "MSH" | "FHS" | "BHS")
    }

    /// Number of fields (0 when the segment is only its id). For MSH this counts MSH-1.
    pub fn field_count(&self) -> usize {
        if let Some((f, _)) = self.fields {
            return f.len();
        }
        let bytes = &self.src.as_bytes()[self.start as usize..self.end as usize];
        let seps = memchr::memchr_iter(self.d.field, bytes).count();
        if self.is_header() {
            // `MSH|^~\&|A` splits into MSH, ^~\&, A: MSH-1 is the separator itself.
            seps + usize::from(seps > 0)
        } else {
            seps
        }
    }

    fn field_span(&self, n: usize) -> Option<Span<'a>> {
        if n == 0 {
            return None;
        }
        let header = self.is_header();
        if let Some((fields, toks)) = self.fields {
            let f = fields.get(n - 1)?;
            return Some(Span {
                src: self.src,
                d: self.d,
                start: f.start,
                end: f.end,
                toks: Some(&toks[f.tok_start as usize..f.tok_end as usize]),
                verbatim: header && n <= 2,
            });
        }
        let bytes = &self.src.as_bytes()[self.start as usize..self.end as usize];
        let base = self.start as usize;
        if header && n == 1 {
            return (bytes.len() > 3).then_some(Span {
                src: self.src,
                d: self.d,
                start: base as u32 + 3,
                end: base as u32 + 4,
                toks: None,
                verbatim: true,
            });
        }
        // Field k (k >= 1) of an ordinary segment is the k-th piece after the id; for header
        // segments field n (n >= 2) is piece n - 1.
        let piece = if header { n - 1 } else { n };
        let sep = find_nth(bytes, self.d.field, piece)?;
        let end = find_nth(&bytes[sep + 1..], self.d.field, 1).map_or(bytes.len(), |e| sep + 1 + e);
        Some(Span {
            src: self.src,
            d: self.d,
            start: (base + sep + 1) as u32,
            end: (base + end) as u32,
            toks: None,
            verbatim: header && n == 2,
        })
    }

    fn child_path(&self, field: usize) -> Path {
        Path::new(self.id())
            .occurrence(self.occurrence as usize)
            .field(field)
    }

    /// Field `n` (1-based; MSH-1 is the field separator, MSH-2 the encoding characters).
    pub fn field(&self, n: usize) -> Option<Field<'a>> {
        self.field_span(n).map(|span| Field {
            span,
            path: self.child_path(n),
        })
    }

    /// Every field, in order (MSH-1 first for MSH).
    pub fn fields(&self) -> impl Iterator<Item = Field<'a>> + 'a {
        Fields {
            seg: *self,
            n: 1,
            pos: 0,
            done: false,
        }
    }
}

/// One field: its repetitions, components and subcomponents.
#[derive(Debug, Clone)]
pub struct Field<'a> {
    pub(crate) span: Span<'a>,
    pub(crate) path: Path,
}

impl<'a> Field<'a> {
    common_accessors!();

    /// Repetition `n` (1-based).
    pub fn repetition(&self, n: usize) -> Option<Repetition<'a>> {
        let span = self.span.child(TOK_REP, n)?;
        Some(Repetition {
            span,
            path: self.path.repetition(n),
        })
    }

    /// Number of repetitions (at least 1).
    pub fn repetition_count(&self) -> usize {
        self.span.child_count(TOK_REP)
    }

    /// Every repetition, in order.
    pub fn repetitions(&self) -> impl Iterator<Item = Repetition<'a>> + '_ {
        children(self.span, TOK_REP)
            .enumerate()
            .map(|(i, span)| Repetition {
                span,
                path: self.path.repetition(i + 1),
            })
    }

    /// Component `n` (1-based) of the first repetition.
    pub fn component(&self, n: usize) -> Option<Component<'a>> {
        self.repetition(1)?.component(n)
    }

    /// Every leaf (subcomponent) of the field with the path [`crate::Message::locate`] gives
    /// it: as deep as the field is structured — `PID-7` for a plain field, `PID-5.2` inside a
    /// composite, `PID-3[2]` for a plain second repetition, `PID-3.4.2` for a subcomponent. Linear in the
    /// field's size.
    ///
    /// ```
    /// let msg = izkit::Message::parse("MSH|^~\\&|A\rPID|1||X^^^MR&1~Y||DOE^JO||20200101\r")?;
    /// let pid = msg.segment_by_id("PID", 1).unwrap();
    /// let paths: Vec<String> = pid.field(3).unwrap().leaves().map(|(p, _)| p.to_string()).collect();
    /// assert_eq!(paths, ["PID-3.1", "PID-3.2", "PID-3.3", "PID-3.4.1", "PID-3.4.2", "PID-3[2]"]);
    /// let (p, leaf) = pid.field(7).unwrap().leaves().next().unwrap();
    /// assert_eq!((p.to_string(), leaf.as_str()), ("PID-7".to_string(), "20200101"));
    /// # Ok::<(), izkit::Error>(())
    /// ```
    pub fn leaves(&self) -> impl Iterator<Item = (Path, Subcomponent<'a>)> + '_ {
        let reps = self.repetition_count();
        let sub = self.span.d.subcomponent;
        self.repetitions().enumerate().flat_map(move |(ri, rep)| {
            let mut base = self.path;
            if reps > 1 {
                base = base.repetition(ri + 1);
            }
            let comps = rep.component_count();
            let structured =
                comps > 1 || (!rep.span.verbatim && rep.as_str().as_bytes().contains(&sub));
            let rep_span = rep.span;
            children(rep_span, TOK_COMP)
                .enumerate()
                .flat_map(move |(ci, cspan)| {
                    let comp = Component {
                        span: cspan,
                        path: base.component(ci + 1),
                    };
                    let subs = comp.subcomponent_count();
                    let cpath = if structured {
                        base.component(ci + 1)
                    } else {
                        base
                    };
                    children(cspan, TOK_SUB)
                        .enumerate()
                        .map(move |(si, sspan)| {
                            let p = if subs > 1 {
                                cpath.subcomponent(si + 1)
                            } else {
                                cpath
                            };
                            (
                                p,
                                Subcomponent {
                                    span: sspan,
                                    path: comp.path.subcomponent(si + 1),
                                },
                            )
                        })
                })
        })
    }

    /// Reads the first repetition as an HL7 datatype; `Ok(None)` when empty.
    ///
    /// ```
    /// use izkit::datatypes::{Cwe, Timestamp};
    /// let msg = izkit::Message::parse("MSH|^~\\&|A\rRXA|0|1|20240102||08^HepB^CVX\r")?;
    /// let rxa = msg.segment_by_id("RXA", 1).unwrap();
    /// let when: Timestamp = rxa.field(3).unwrap().read()?.unwrap();
    /// assert_eq!(when.to_string(), "20240102");
    /// let vaccine: Cwe = rxa.field(5).unwrap().read()?.unwrap();
    /// assert_eq!(vaccine.code_in("CVX"), Some("08"));
    /// let bad = izkit::Message::parse("MSH|^~\\&|A\rRXA|0|1|20241302\r")?;
    /// let e = bad.segment_by_id("RXA", 1).unwrap().field(3).unwrap().read::<Timestamp>().unwrap_err();
    /// assert_eq!((e.path.as_deref(), e.code()), (Some("RXA-3"), "datatype"));
    /// # Ok::<(), izkit::Error>(())
    /// ```
    pub fn read<T: Datatype<'a>>(&self) -> Result<Option<T>> {
        match self.repetition(1) {
            Some(r) => r.read(),
            None => Ok(None),
        }
    }
}

/// One repetition of a field.
#[derive(Debug, Clone)]
pub struct Repetition<'a> {
    pub(crate) span: Span<'a>,
    pub(crate) path: Path,
}

impl<'a> Repetition<'a> {
    common_accessors!();

    /// Component `n` (1-based).
    pub fn component(&self, n: usize) -> Option<Component<'a>> {
        let span = self.span.child(TOK_COMP, n)?;
        Some(Component {
            span,
            path: self.path.component(n),
        })
    }

    /// Number of components (at least 1).
    pub fn component_count(&self) -> usize {
        self.span.child_count(TOK_COMP)
    }

    /// Reads this repetition as an HL7 datatype; `Ok(None)` when empty.
    pub fn read<T: Datatype<'a>>(&self) -> Result<Option<T>> {
        self.span.read_with(self.span.raw(), &self.path, T::parse)
    }

    /// Every component, in order.
    pub fn components(&self) -> impl Iterator<Item = Component<'a>> + '_ {
        children(self.span, TOK_COMP)
            .enumerate()
            .map(|(i, span)| Component {
                span,
                path: self.path.component(i + 1),
            })
    }
}

/// One component of a repetition.
#[derive(Debug, Clone)]
pub struct Component<'a> {
    pub(crate) span: Span<'a>,
    pub(crate) path: Path,
}

impl<'a> Component<'a> {
    common_accessors!();

    /// Subcomponent `n` (1-based).
    pub fn subcomponent(&self, n: usize) -> Option<Subcomponent<'a>> {
        let span = self.span.child(TOK_SUB, n)?;
        Some(Subcomponent {
            span,
            path: self.path.subcomponent(n),
        })
    }

    /// Number of subcomponents (at least 1).
    pub fn subcomponent_count(&self) -> usize {
        self.span.child_count(TOK_SUB)
    }

    /// Reads this component as an HL7 datatype (its parts are subcomponents); `Ok(None)` when
    /// empty.
    pub fn read<T: Datatype<'a>>(&self) -> Result<Option<T>> {
        self.span
            .read_with(self.span.raw(), &self.path, T::parse_component)
    }

    /// Every subcomponent, in order.
    pub fn subcomponents(&self) -> impl Iterator<Item = Subcomponent<'a>> + '_ {
        children(self.span, TOK_SUB)
            .enumerate()
            .map(|(i, span)| Subcomponent {
                span,
                path: self.path.subcomponent(i + 1),
            })
    }
}

/// One subcomponent: a leaf.
#[derive(Debug, Clone)]
pub struct Subcomponent<'a> {
    pub(crate) span: Span<'a>,
    pub(crate) path: Path,
}

impl<'a> Subcomponent<'a> {
    common_accessors!();

    /// Reads this subcomponent as a primitive HL7 datatype; `Ok(None)` when empty.
    pub fn read<T: Datatype<'a>>(&self) -> Result<Option<T>> {
        self.span.read_with(self.span.raw(), &self.path, T::parse)
    }
}

/// A node found by a path: any level from segment to subcomponent.
#[derive(Debug, Clone)]
pub struct Node<'a> {
    pub(crate) span: Span<'a>,
    pub(crate) path: Path,
    pub(crate) segment: bool,
}

impl<'a> Node<'a> {
    common_accessors!();

    /// True when this node is a whole segment.
    pub fn is_segment(&self) -> bool {
        self.segment
    }
}
