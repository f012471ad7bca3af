//! [`Message`]: one HL7 v2 message borrowed from its input, parsed lazily (segment boundaries
//! only) or with a full index of every field and delimiter.
//!
//! Both paths validate the same way and answer every query identically; the lazy path is the
//! fast one for "parse, then read a few fields", the index pays off for whole-message work.
//! Serializing an unmodified message writes its input back byte for byte.

use super::delimiters::Delimiters;
use super::options::{ParseOptions, HARD_MAX_MESSAGE_SIZE};
use super::path::Path;
use super::scan::{self, FullIndex, SegSpan, Terminator};
use super::view::{Node, Segment, Span};
use crate::error::{Error, ErrorKind, Result};
use std::borrow::Cow;
use std::fmt;
use std::sync::OnceLock;

/// The UTF-8 byte order mark.
const BOM: &str = "\u{FEFF}";
/// MLLP start block.
pub(crate) const MLLP_START: u8 = 0x0B;
/// MLLP end block.
pub(crate) const MLLP_END: u8 = 0x1C;

/// One parsed HL7 v2 message borrowing its input.
///
/// ```
/// let text = "MSH|^~\\&|A|B|C|D|20240101||VXU^V04^VXU_V04|42|P|2.5.1\rPID|1||X1^^^MR~X2^^^SS||DOE^JO\r";
/// let msg = izkit::Message::parse(text)?;
/// assert_eq!(msg.get("PID-3[2].1")?.as_deref(), Some("X2"));
/// assert_eq!(msg.get_all("PID-3.1")?, vec!["X1", "X2"]);
/// assert_eq!(msg.locate(text.find("JO").unwrap()).unwrap().to_string(), "PID-5.2");
/// # Ok::<(), izkit::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct Message<'m> {
    src: &'m str,
    delims: Delimiters,
    body_start: u32,
    body_end: u32,
    terminator: Terminator,
    segs: Vec<SegSpan>,
    index: Option<FullIndex>,
    /// 1-based occurrence of each segment among those with its id, computed on first need so
    /// `segment(i)` and `locate` stay O(1) per call after one linear pass.
    occurrences: OnceLock<Vec<u32>>,
}

/// Where the message body sits inside the input: after an optional BOM or MLLP start block,
/// before an MLLP end block and trailing whitespace.
fn body_bounds(src: &str) -> Result<(usize, usize)> {
    let b = src.as_bytes();
    let mut start = 0;
    if src.starts_with(BOM) {
        start = BOM.len();
    }
    let mut end = b.len();
    if b.get(start) == Some(&MLLP_START) {
        start += 1;
        // The frame must close with 0x1C, optionally followed by CR (and trailing whitespace).
        let mut e = end;
        while e > start && matches!(b[e - 1], b'\r' | b'\n' | b' ' | b'\t') {
            e -= 1;
        }
        if e == start || b[e - 1] != MLLP_END {
            return Err(Error::new(
                ErrorKind::Mllp {
                    reason: "missing end block 0x1C",
                },
                end,
            ));
        }
        end = e - 1;
    }
    if start >= end {
        return Err(Error::new(ErrorKind::Empty, start));
    }
    Ok((start, end))
}

impl<'m> Message<'m> {
    /// Parses one message lazily with default options: validates it and records segment
    /// boundaries; fields are split on demand.
    pub fn parse(src: &'m str) -> Result<Message<'m>> {
        Self::parse_with(src, &ParseOptions::default())
    }

    /// Parses one message lazily with the given limits.
    pub fn parse_with(src: &'m str, opts: &ParseOptions) -> Result<Message<'m>> {
        let mut m = Self::prepare(src, opts)?;
        let (bs, be) = (m.body_start as usize, m.body_end as usize);
        let r = scan::scan_segments(src.as_bytes(), bs, be, &m.delims, opts, &mut m.segs);
        m.terminator = r.map_err(|e| m.locate_error(e))?;
        Ok(m)
    }

    /// Parses one message and builds the full index of every field, repetition, component and
    /// subcomponent.
    pub fn parse_indexed(src: &'m str) -> Result<Message<'m>> {
        Self::parse_indexed_with(src, &ParseOptions::default())
    }

    /// [`Message::parse_indexed`] with the given limits.
    pub fn parse_indexed_with(src: &'m str, opts: &ParseOptions) -> Result<Message<'m>> {
        let mut m = Self::prepare(src, opts)?;
        let mut idx = FullIndex::default();
        let (bs, be) = (m.body_start as usize, m.body_end as usize);
        let r = scan::scan_full(
            src.as_bytes(),
            bs,
            be,
            &m.delims,
            opts,
            &mut m.segs,
            &mut idx,
        );
        m.terminator = r.map_err(|e| m.locate_error(e))?;
        m.index = Some(idx);
        Ok(m)
    }

    /// Builds the full index of a lazily parsed message (no-op when it has one).
    pub fn build_index(&mut self) {
        if self.index.is_some() {
            return;
        }
        let mut idx = FullIndex::default();
        let mut segs = Vec::with_capacity(self.segs.len());
        let opts = ParseOptions::default()
            .max_message_size(HARD_MAX_MESSAGE_SIZE)
            .max_segments(usize::MAX)
            .max_field_length(usize::MAX);
        let (bs, be) = (self.body_start as usize, self.body_end as usize);
        // The message already passed validation, so this cannot fail.
        if scan::scan_full(
            self.src.as_bytes(),
            bs,
            be,
            &self.delims,
            &opts,
            &mut segs,
            &mut idx,
        )
        .is_ok()
        {
            self.index = Some(idx);
        }
    }

    /// True when the full index has been built.
    pub fn is_indexed(&self) -> bool {
        self.index.is_some()
    }

    fn prepare(src: &'m str, opts: &ParseOptions) -> Result<Message<'m>> {
        let limit = opts.max_message_size.min(HARD_MAX_MESSAGE_SIZE);
        if src.len() > limit {
            return Err(Error::new(ErrorKind::MessageTooLarge { limit }, limit));
        }
        let (start, end) = body_bounds(src)?;
        let b = src.as_bytes();
        if !b[start..end].starts_with(b"MSH") {
            return Err(Error::new(ErrorKind::NotMsh, start).with_segment(0));
        }
        let (delims, _) = Delimiters::from_header(&b[start..end])
            .map_err(|e| e.shifted(start).with_segment(0))?;
        Ok(Message {
            src,
            delims,
            body_start: start as u32,
            body_end: end as u32,
            terminator: Terminator::None,
            segs: Vec::with_capacity(32),
            index: None,
            occurrences: OnceLock::new(),
        })
    }

    /// Adds line, segment and path to an error found by a scanner. The path is computed from
    /// positions only; no text of the message reaches the error.
    fn locate_error(&self, mut e: Error) -> Error {
        let b = self.src.as_bytes();
        let off = e.offset.min(b.len());
        e.line = 1 + line_breaks(&b[..off]);
        // Segments closed before the error are recorded; the error lies in the next one.
        let i = self.segs.partition_point(|s| (s.next as usize) <= off);
        e.segment = Some(i);
        if e.path.is_some() || matches!(e.kind, ErrorKind::InvalidSegmentId) {
            return e;
        }
        let span = match self.segs.get(i) {
            Some(s) => *s,
            None => {
                let start = self.segs.last().map_or(self.body_start, |s| s.next) as usize;
                let end = memchr::memchr2(b'\r', b'\n', &b[off..self.body_end as usize])
                    .map_or(self.body_end as usize, |p| off + p);
                if start + 3 > end || start > off {
                    return e;
                }
                SegSpan {
                    start: start as u32,
                    end: end as u32,
                    next: end as u32,
                }
            }
        };
        let mut seg = self.segment_at(i, &span);
        seg.fields = None;
        let id = self.id_bytes(&span);
        seg.occurrence = 1 + self.segs[..i.min(self.segs.len())]
            .iter()
            .filter(|p| self.id_bytes(p) == id)
            .count() as u32;
        e.path = self.path_in_segment(&seg, off).map(|p| p.to_string());
        e
    }

    /// The whole input as given (BOM, MLLP bytes and trailing whitespace included).
    pub fn as_str(&self) -> &'m str {
        self.src
    }

    /// The message's delimiters.
    pub fn delimiters(&self) -> &Delimiters {
        &self.delims
    }

    /// Which segment terminator the message uses.
    pub fn terminator(&self) -> Terminator {
        self.terminator
    }

    /// 0-based byte range of the message body (after a BOM or MLLP start block).
    pub fn body_range(&self) -> std::ops::Range<usize> {
        self.body_start as usize..self.body_end as usize
    }

    /// Number of segments.
    pub fn segment_count(&self) -> usize {
        self.segs.len()
    }

    fn segment_at(&self, i: usize, s: &SegSpan) -> Segment<'_> {
        Segment {
            src: self.src,
            d: self.delims,
            start: s.start,
            end: s.end,
            index: i,
            occurrence: 1,
            fields: self.index.as_ref().and_then(|idx| {
                let a = *idx.seg_fields.get(i)? as usize;
                let b = *idx.seg_fields.get(i + 1)? as usize;
                Some((&idx.fields[a..b], &idx.toks[..]))
            }),
        }
    }

    /// Segment `i` (0-based position in the message).
    pub fn segment(&self, i: usize) -> Option<Segment<'_>> {
        let s = self.segs.get(i)?;
        let mut seg = self.segment_at(i, s);
        seg.occurrence = self.occurrences()[i];
        Some(seg)
    }

    /// Every segment, in order.
    pub fn segments(&self) -> impl Iterator<Item = Segment<'_>> + '_ {
        let occ = self.occurrences();
        self.segs.iter().enumerate().map(move |(i, s)| {
            let mut seg = self.segment_at(i, s);
            seg.occurrence = occ[i];
            seg
        })
    }

    fn occurrences(&self) -> &[u32] {
        self.occurrences.get_or_init(|| {
            // FNV, not SipHash: three-byte keys, hashed once per segment.
            let mut seen: std::collections::HashMap<[u8; 3], u32, crate::fasthash::FxBuild> =
                Default::default();
            self.segs
                .iter()
                .map(|s| {
                    let n = seen.entry(self.id_bytes(s)).or_insert(0);
                    *n += 1;
                    *n
                })
                .collect()
        })
    }

    #[inline]
    fn id_bytes(&self, s: &SegSpan) -> [u8; 3] {
        let b = self.src.as_bytes();
        let p = s.start as usize;
        [b[p], b[p + 1], b[p + 2]]
    }

    /// Every segment with the given id, in order.
    pub fn segments_by_id(&self, id: &str) -> impl Iterator<Item = Segment<'_>> + '_ {
        let mut want = [0u8; 3];
        let valid = id.len() == 3;
        if valid {
            want.copy_from_slice(id.as_bytes());
        }
        let mut occ = 0u32;
        self.segs.iter().enumerate().filter_map(move |(i, s)| {
            if !valid || self.id_bytes(s) != want {
                return None;
            }
            occ += 1;
            let mut seg = self.segment_at(i, s);
            seg.occurrence = occ;
            Some(seg)
        })
    }

    /// The `occurrence`-th (1-based) segment with the given id.
    pub fn segment_by_id(&self, id: &str, occurrence: usize) -> Option<Segment<'_>> {
        let want = id.as_bytes();
        if want.len() != 3 || occurrence == 0 {
            return None;
        }
        let mut occ = 0usize;
        for (i, s) in self.segs.iter().enumerate() {
            if self.id_bytes(s)[..] == *want {
                occ += 1;
                if occ == occurrence {
                    let mut seg = self.segment_at(i, s);
                    seg.occurrence = occ as u32;
                    return Some(seg);
                }
            }
        }
        None
    }

    /// The node a path names (segment, field, repetition, component or subcomponent), or
    /// `None` when the message does not have it. Occurrence and repetition default to 1.
    pub fn query(&self, path: &Path) -> Option<Node<'_>> {
        let seg = self.segment_by_id(path.segment(), path.occurrence.unwrap_or(1) as usize)?;
        node_in_segment(&seg, path)
    }

    /// The value at `path` with escapes decoded (raw text for a composite such as `PID-5`),
    /// or `None` when absent or empty.
    ///
    /// ```
    /// let msg = izkit::Message::parse("MSH|^~\\&|A\rOBX|1|ST|X||A\\F\\B\r")?;
    /// assert_eq!(msg.get("OBX-5")?.as_deref(), Some("A|B"));
    /// assert_eq!(msg.get("OBX-6")?, None);
    /// # Ok::<(), izkit::Error>(())
    /// ```
    pub fn get(&self, path: &str) -> Result<Option<Cow<'_, str>>> {
        let p = Path::parse(path)?;
        Ok(self.query(&p).and_then(|n| n.value()))
    }

    /// The raw text at `path` (escapes not decoded), or `None` when absent or empty.
    pub fn get_raw(&self, path: &str) -> Result<Option<&'m str>> {
        let p = Path::parse(path)?;
        Ok(self
            .query(&p)
            .filter(|n| !n.is_empty())
            .map(|n| &self.src[n.range()]))
    }

    /// Every value at `path`: all occurrences of the segment unless the path names one, and
    /// all repetitions of the field unless the path names one. Empty values are left out.
    pub fn get_all(&self, path: &str) -> Result<Vec<Cow<'_, str>>> {
        let p = Path::parse(path)?;
        let mut out = Vec::new();
        let segs: Vec<Segment<'_>> = match p.occurrence {
            Some(o) => self
                .segment_by_id(p.segment(), o as usize)
                .into_iter()
                .collect(),
            None => self.segments_by_id(p.segment()).collect(),
        };
        for seg in segs {
            match (p.field, p.repetition) {
                (Some(f), None) => {
                    let Some(field) = seg.field(f as usize) else {
                        continue;
                    };
                    // Walk the repetitions once: looking each up by number would be quadratic.
                    for rep in field.repetitions() {
                        let span = match p.component {
                            None => Some(rep.span),
                            Some(c) => {
                                rep.component(c as usize)
                                    .and_then(|comp| match p.subcomponent {
                                        None => Some(comp.span),
                                        Some(s) => comp.subcomponent(s as usize).map(|sc| sc.span),
                                    })
                            }
                        };
                        if let Some(v) = span.and_then(|s| s.value()) {
                            out.push(v);
                        }
                    }
                }
                _ => {
                    if let Some(v) = node_in_segment(&seg, &p).and_then(|n| n.value()) {
                        out.push(v);
                    }
                }
            }
        }
        Ok(out)
    }

    /// The path of the deepest node holding byte `offset` (0-based, into [`Message::as_str`]),
    /// or `None` when the offset lies outside every segment. A delimiter belongs to the part it
    /// opens; a segment terminator to its segment. Parts are named as deep as the message
    /// structures them: `PID-7` for a plain field, `PID-5.2` inside a composite.
    pub fn locate(&self, offset: usize) -> Option<Path> {
        let i = self.segs.partition_point(|s| (s.next as usize) <= offset);
        let s = self.segs.get(i)?;
        if offset < s.start as usize {
            return None;
        }
        let seg = self.segment(i)?;
        self.path_in_segment(&seg, offset)
    }

    fn path_in_segment(&self, seg: &Segment<'_>, offset: usize) -> Option<Path> {
        let mut path = Path::new(seg.id()).occurrence(seg.occurrence());
        let range = seg.range();
        if offset >= range.end || offset < range.start + 3 {
            return Some(path);
        }
        // The field holding offset: the last one whose opening delimiter is at or before it
        // (MSH-1 and MSH-2 have no opening delimiter of their own).
        let header = matches!(seg.id(), "MSH" | "FHS" | "BHS");
        let mut found = None;
        for (i, f) in seg.fields().enumerate() {
            let n = i + 1;
            let start = f.range().start;
            let opens = if header && n <= 2 { start } else { start - 1 };
            if offset < opens {
                break;
            }
            found = Some((n, f));
        }
        let (n, f) = found?;
        path = path.field(n);
        if f.span.verbatim {
            return Some(path);
        }
        // Repetition, component, subcomponent: descend only where the text is structured.
        let reps = f.repetition_count();
        let (ri, rep) = pick(f.repetitions().map(|r| r.span), offset)?;
        if reps > 1 {
            path = path.repetition(ri);
        }
        let rep_node = super::view::Repetition { span: rep, path };
        let comps = rep_node.component_count();
        let subs_anywhere = rep.toks.map_or_else(
            || {
                self.src.as_bytes()[rep.start as usize..rep.end as usize]
                    .contains(&self.delims.subcomponent)
            },
            |t| {
                t.iter()
                    .any(|&x| self.src.as_bytes()[x as usize] == self.delims.subcomponent)
            },
        );
        if comps == 1 && !subs_anywhere {
            return Some(path);
        }
        let (ci, comp) = pick(rep_node.components().map(|c| c.span), offset)?;
        path = path.component(ci);
        let comp_node = super::view::Component { span: comp, path };
        if comp_node.subcomponent_count() > 1 {
            let (si, _) = pick(comp_node.subcomponents().map(|s| s.span), offset)?;
            path = path.subcomponent(si);
        }
        Some(path)
    }

    /// Converts to the owned, editable form (see [`super::OwnedMessage`]).
    pub fn to_owned_message(&self) -> super::writer::OwnedMessage {
        super::writer::OwnedMessage::from_parts(
            self.src,
            self.delims,
            self.segs
                .iter()
                .map(|s| (s.start as usize, s.end as usize, s.next as usize)),
        )
    }

    /// Writes the message back out: the input, byte for byte.
    pub fn write_to(&self, out: &mut impl std::io::Write) -> std::io::Result<()> {
        out.write_all(self.src.as_bytes())
    }

    /// The input bytes (what [`Message::write_to`] writes).
    pub fn as_bytes(&self) -> &'m [u8] {
        self.src.as_bytes()
    }

    /// Every token of the full index (for the index-consistency tests): segment, field,
    /// repetition, component and subcomponent counts. Builds nothing; `None` when not indexed.
    #[doc(hidden)]
    pub fn index_stats(&self) -> Option<(usize, usize, usize)> {
        let idx = self.index.as_ref()?;
        Some((self.segs.len(), idx.fields.len(), idx.toks.len()))
    }
}

/// Picks the child span holding `offset` (its opening delimiter included); returns its 1-based
/// position.
fn pick<'a>(spans: impl Iterator<Item = Span<'a>>, offset: usize) -> Option<(usize, Span<'a>)> {
    let mut last = None;
    for (i, s) in spans.enumerate() {
        // The first child also owns its parent's opening delimiter.
        if i > 0 && offset < s.start as usize - 1 {
            break;
        }
        last = Some((i + 1, s));
    }
    last
}

/// Counts line breaks (CRLF counts once) in `b`.
fn line_breaks(b: &[u8]) -> usize {
    let mut n = 0;
    let mut prev = 0u8;
    for &c in b {
        if c == b'\r' || (c == b'\n' && prev != b'\r') {
            n += 1;
        }
        prev = c;
    }
    n
}

pub(crate) fn node_in_segment<'a>(seg: &Segment<'a>, path: &Path) -> Option<Node<'a>> {
    let Some(f) = path.field else {
        let span = Span {
            src: seg.src,
            d: seg.d,
            start: seg.start,
            end: seg.end,
            toks: None,
            verbatim: true,
        };
        return Some(Node {
            span,
            path: *path,
            segment: true,
        });
    };
    let field = seg.field(f as usize)?;
    let rep = field.repetition(path.repetition.unwrap_or(1) as usize)?;
    let span = match path.component {
        None => rep.span,
        Some(c) => {
            let comp = rep.component(c as usize)?;
            match path.subcomponent {
                None => comp.span,
                Some(s) => comp.subcomponent(s as usize)?.span,
            }
        }
    };
    Some(Node {
        span,
        path: *path,
        segment: false,
    })
}

impl fmt::Display for Message<'_> {
    /// Writes the input back, byte for byte.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.src)
    }
}
