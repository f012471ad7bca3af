//! The structural scanners: one pass over a message body, 64 bytes at a time, that validates
//! (control characters, segment ids, limits) and records either segment boundaries only (the lazy
//! path) or every delimiter (the full index).
//!
//! Each 64-byte block is turned into bit masks by loops the compiler vectorizes; the scanners
//! then visit only the set bits, so work is proportional to the input plus its structure.

use super::delimiters::Delimiters;
use super::options::ParseOptions;
use crate::error::{Error, ErrorKind, Result};

/// One segment: `start..end` is its text (id included, terminator excluded); `end..next` holds
/// its terminator and any blank lines after it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct SegSpan {
    pub start: u32,
    pub end: u32,
    pub next: u32,
}

/// One field in the full index: `start..end` is its text; `toks[tok_start..tok_end]` are the
/// repetition/component/subcomponent delimiters inside it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct FieldSpan {
    pub start: u32,
    pub end: u32,
    pub tok_start: u32,
    pub tok_end: u32,
}

/// Token kinds stored in the top two bits of a token (the low 30 bits are the byte offset).
pub(crate) const TOK_REP: u32 = 0;
pub(crate) const TOK_COMP: u32 = 1;
pub(crate) const TOK_SUB: u32 = 2;
pub(crate) const TOK_SHIFT: u32 = 30;
pub(crate) const TOK_POS: u32 = (1 << TOK_SHIFT) - 1;

/// The full index: every field of every segment and every delimiter inside the fields.
#[derive(Debug, Clone, Default)]
pub(crate) struct FullIndex {
    /// `seg_fields[i]..seg_fields[i + 1]` are the fields of segment `i`.
    pub seg_fields: Vec<u32>,
    pub fields: Vec<FieldSpan>,
    pub toks: Vec<u32>,
}

/// How segments were terminated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Terminator {
    /// Carriage return, as HL7 requires.
    Cr,
    /// Line feed.
    Lf,
    /// CR followed by LF.
    CrLf,
    /// More than one of the above.
    Mixed,
    /// A single segment with no terminator at all.
    None,
}

impl Terminator {
    fn merge(self, seen: Terminator) -> Terminator {
        match self {
            Terminator::None => seen,
            t if t == seen => t,
            _ => Terminator::Mixed,
        }
    }
}

/// Bit `i` set where `block[i]` is a control character (< 0x20 or 0x7F).
#[inline(always)]
fn ctrl_mask(block: &[u8]) -> u64 {
    let mut m = 0u64;
    for (i, &b) in block.iter().enumerate() {
        m |= (((b < 0x20) | (b == 0x7F)) as u64) << i;
    }
    m
}

/// Bit `i` set where `block[i]` is a control character or one of the four delimiters.
#[inline(always)]
fn struct_mask(block: &[u8], d: &Delimiters) -> u64 {
    let (f, c, r, s) = (d.field, d.component, d.repetition, d.subcomponent);
    let mut m = 0u64;
    for (i, &b) in block.iter().enumerate() {
        let hit = (b < 0x20) | (b == 0x7F) | (b == f) | (b == c) | (b == r) | (b == s);
        m |= (hit as u64) << i;
    }
    m
}

/// Calls `visit(pos)` for every byte in `body` selected by `mask_of`, in order. Stops at the
/// first error.
#[inline(always)]
fn for_each_bit(
    body: &[u8],
    mask_of: impl Fn(&[u8]) -> u64,
    mut visit: impl FnMut(usize) -> Result<()>,
) -> Result<()> {
    let mut base = 0;
    let mut chunks = body.chunks_exact(64);
    for block in &mut chunks {
        let mut m = mask_of(block);
        while m != 0 {
            visit(base + m.trailing_zeros() as usize)?;
            m &= m - 1;
        }
        base += 64;
    }
    let mut m = mask_of(chunks.remainder());
    while m != 0 {
        visit(base + m.trailing_zeros() as usize)?;
        m &= m - 1;
    }
    Ok(())
}

/// Is `s[p..]` the start of a line holding only spaces and tabs (a blank line)?
fn blank_line_at(s: &[u8], p: usize, end: usize) -> bool {
    let mut i = p;
    while i < end && (s[i] == b' ' || s[i] == b'\t') {
        i += 1;
    }
    i == end || s[i] == b'\r' || s[i] == b'\n'
}

/// Checks the segment id at `p`: `[A-Z][A-Z0-9]{2}` then a field separator, a terminator or the
/// end of the body.
#[inline]
fn check_segment_id(s: &[u8], p: usize, end: usize, field: u8) -> Result<()> {
    let ok = p + 3 <= end
        && s[p].is_ascii_uppercase()
        && (s[p + 1].is_ascii_uppercase() || s[p + 1].is_ascii_digit())
        && (s[p + 2].is_ascii_uppercase() || s[p + 2].is_ascii_digit())
        && (p + 3 == end || s[p + 3] == field || s[p + 3] == b'\r' || s[p + 3] == b'\n');
    if ok {
        Ok(())
    } else {
        Err(Error::new(ErrorKind::InvalidSegmentId, p))
    }
}

/// Is the segment at `p` a header segment (MSH, FHS, BHS) whose field 1 is the field separator
/// and field 2 the encoding characters?
#[inline]
pub(crate) fn is_header(s: &[u8], p: usize) -> bool {
    matches!(&s[p..p + 3], b"MSH" | b"FHS" | b"BHS")
}

/// Shared state of both scanners: segment boundaries, terminators, blank lines, validation.
struct Segmenter<'s> {
    s: &'s [u8],
    end: usize,
    d: Delimiters,
    opts: &'s ParseOptions,
    /// Start of the open segment, if one is open.
    open: Option<usize>,
    /// Where the next segment may start (positions before it are terminators/blank lines).
    resume: usize,
    terminator: Terminator,
}

impl<'s> Segmenter<'s> {
    /// Handles a CR or LF at `p`. Returns the span of the segment it closed, if any, and whether
    /// a new segment opens after it (its start).
    #[inline]
    fn line_break(&mut self, p: usize, segs: &mut Vec<SegSpan>) -> Result<(bool, Option<usize>)> {
        if p < self.resume {
            // Part of a CRLF pair or a blank line already consumed.
            return Ok((false, None));
        }
        let s = self.s;
        let mut closed = false;
        if let Some(start) = self.open.take() {
            let kind = if s[p] == b'\n' {
                Terminator::Lf
            } else if p + 1 < self.end && s[p + 1] == b'\n' {
                Terminator::CrLf
            } else {
                Terminator::Cr
            };
            self.terminator = self.terminator.merge(kind);
            if segs.len() >= self.opts.max_segments {
                return Err(Error::new(
                    ErrorKind::TooManySegments { limit: self.opts.max_segments },
                    start,
                ));
            }
            segs.push(SegSpan { start: start as u32, end: p as u32, next: p as u32 + 1 });
            closed = true;
        }
        // Consume the rest of the terminator run and any blank lines.
        let mut q = p + 1;
        loop {
            while q < self.end && (s[q] == b'\r' || s[q] == b'\n') {
                q += 1;
            }
            if q < self.end && (s[q] == b' ' || s[q] == b'\t') && blank_line_at(s, q, self.end) {
                while q < self.end && s[q] != b'\r' && s[q] != b'\n' {
                    q += 1;
                }
                continue;
            }
            break;
        }
        if let Some(last) = segs.last_mut() {
            last.next = q as u32;
        }
        self.resume = q;
        if q < self.end {
            check_segment_id(s, q, self.end, self.d.field)?;
            self.open = Some(q);
            return Ok((closed, Some(q)));
        }
        Ok((closed, None))
    }

    fn control(&self, p: usize) -> Result<()> {
        Err(Error::new(ErrorKind::ControlCharacter { byte: self.s[p] }, p))
    }

    fn finish(&mut self, segs: &mut Vec<SegSpan>) -> Result<()> {
        if let Some(start) = self.open.take() {
            if segs.len() >= self.opts.max_segments {
                return Err(Error::new(
                    ErrorKind::TooManySegments { limit: self.opts.max_segments },
                    start,
                ));
            }
            segs.push(SegSpan { start: start as u32, end: self.end as u32, next: self.end as u32 });
        }
        Ok(())
    }
}

/// Checks that no field of the segment `start..end` is longer than the limit. Called only for
/// segments longer than the limit, so the common case costs nothing.
fn check_field_lengths(s: &[u8], span: SegSpan, d: &Delimiters, limit: usize) -> Result<()> {
    let (start, end) = (span.start as usize, span.end as usize);
    if end - start <= limit {
        return Ok(());
    }
    let mut field_start = start;
    for p in memchr::memchr_iter(d.field, &s[start..end]).map(|p| p + start).chain([end]) {
        if p - field_start > limit {
            return Err(Error::new(ErrorKind::FieldTooLong { limit }, field_start));
        }
        field_start = p + 1;
    }
    Ok(())
}

/// Lazy scan of `s[body_start..body_end]`: validates it and records segment boundaries.
/// The first segment must already have been checked to be MSH.
pub(crate) fn scan_segments(
    s: &[u8],
    body_start: usize,
    body_end: usize,
    d: &Delimiters,
    opts: &ParseOptions,
    segs: &mut Vec<SegSpan>,
) -> Result<Terminator> {
    let mut sg = Segmenter {
        s,
        end: body_end,
        d: *d,
        opts,
        open: Some(body_start),
        resume: body_start,
        terminator: Terminator::None,
    };
    let body = &s[body_start..body_end];
    for_each_bit(body, ctrl_mask, |i| {
        let p = body_start + i;
        match s[p] {
            b'\r' | b'\n' => sg.line_break(p, segs).map(|_| ()),
            b'\t' => Ok(()),
            _ => sg.control(p),
        }
    })?;
    sg.finish(segs)?;
    if body_end - body_start > opts.max_field_length {
        for &span in segs.iter() {
            check_field_lengths(s, span, d, opts.max_field_length)?;
        }
    }
    Ok(sg.terminator)
}

/// Full scan: validates like [`scan_segments`] and also records every field and every
/// repetition, component and subcomponent delimiter.
pub(crate) fn scan_full(
    s: &[u8],
    body_start: usize,
    body_end: usize,
    d: &Delimiters,
    opts: &ParseOptions,
    segs: &mut Vec<SegSpan>,
    idx: &mut FullIndex,
) -> Result<Terminator> {
    let mut sg = Segmenter {
        s,
        end: body_end,
        d: *d,
        opts,
        open: Some(body_start),
        resume: body_start,
        terminator: Terminator::None,
    };
    idx.seg_fields.clear();
    idx.fields.clear();
    idx.toks.clear();
    // Per-segment state: where the open field starts (None before the first field separator)
    // and positions below `skip_until` that are not split (MSH-1/MSH-2 of header segments).
    let mut field_open: Option<usize> = None;
    let mut field_tok = 0u32;
    let mut skip_until = 0usize;
    let (fsep, csep, rsep) = (d.field, d.component, d.repetition);
    let max_field = opts.max_field_length;

    let begin_segment = |p: usize, idx: &mut FullIndex, field_open: &mut Option<usize>| {
        idx.seg_fields.push(idx.fields.len() as u32);
        *field_open = None;
        if p + 3 < body_end && is_header(s, p) {
            // Field 1 is the separator itself; field 2 runs to the next separator.
            let enc_end = memchr::memchr(fsep, &s[p + 4..body_end]).map_or(body_end, |q| p + 4 + q);
            let enc_end = s[p + 4..enc_end]
                .iter()
                .position(|&b| b == b'\r' || b == b'\n')
                .map_or(enc_end, |q| p + 4 + q);
            let t = idx.toks.len() as u32;
            idx.fields.push(FieldSpan { start: p as u32 + 3, end: p as u32 + 4, tok_start: t, tok_end: t });
            idx.fields.push(FieldSpan { start: p as u32 + 4, end: enc_end as u32, tok_start: t, tok_end: t });
            enc_end
        } else {
            0
        }
    };
    skip_until = begin_segment(body_start, idx, &mut field_open).max(skip_until);

    let body = &s[body_start..body_end];
    for_each_bit(body, |b| struct_mask(b, d), |i| {
        let p = body_start + i;
        let b = s[p];
        if b == fsep {
            if p < skip_until {
                return Ok(());
            }
            if let Some(fs) = field_open {
                if p - fs > max_field {
                    return Err(Error::new(ErrorKind::FieldTooLong { limit: max_field }, fs));
                }
                idx.fields.push(FieldSpan {
                    start: fs as u32,
                    end: p as u32,
                    tok_start: field_tok,
                    tok_end: idx.toks.len() as u32,
                });
            }
            field_open = Some(p + 1);
            field_tok = idx.toks.len() as u32;
            Ok(())
        } else if b >= 0x20 && b != 0x7F {
            if p < skip_until || field_open.is_none() {
                return Ok(());
            }
            let kind = if b == rsep {
                TOK_REP
            } else if b == csep {
                TOK_COMP
            } else {
                TOK_SUB
            };
            idx.toks.push((kind << TOK_SHIFT) | p as u32);
            Ok(())
        } else if b == b'\r' || b == b'\n' {
            if p < sg.resume {
                return Ok(());
            }
            if let Some(fs) = field_open.take() {
                if p - fs > max_field {
                    return Err(Error::new(ErrorKind::FieldTooLong { limit: max_field }, fs));
                }
                idx.fields.push(FieldSpan {
                    start: fs as u32,
                    end: p as u32,
                    tok_start: field_tok,
                    tok_end: idx.toks.len() as u32,
                });
            }
            let (_, opened) = sg.line_break(p, segs)?;
            if let Some(q) = opened {
                skip_until = begin_segment(q, idx, &mut field_open);
            }
            Ok(())
        } else if b == b'\t' {
            Ok(())
        } else {
            sg.control(p)
        }
    })?;
    if let Some(fs) = field_open.take() {
        if body_end - fs > max_field {
            return Err(Error::new(ErrorKind::FieldTooLong { limit: max_field }, fs));
        }
        idx.fields.push(FieldSpan {
            start: fs as u32,
            end: body_end as u32,
            tok_start: field_tok,
            tok_end: idx.toks.len() as u32,
        });
    }
    sg.finish(segs)?;
    idx.seg_fields.push(idx.fields.len() as u32);
    Ok(sg.terminator)
}
