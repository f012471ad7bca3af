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

/// Levels a span can be split at. Tokens store only byte offsets: the byte at the offset says
/// which delimiter it is.
pub(crate) const TOK_REP: u32 = 0;
pub(crate) const TOK_COMP: u32 = 1;
pub(crate) const TOK_SUB: u32 = 2;

/// The full index: every field of every segment and every delimiter inside the fields.
#[derive(Debug, Clone, Default)]
pub(crate) struct FullIndex {
    /// `seg_fields[i]..seg_fields[i + 1]` are the fields of segment `i`.
    pub seg_fields: Vec<u32>,
    pub fields: Vec<FieldSpan>,
    /// Offsets of every repetition, component and subcomponent separator, in order.
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

/// Three masks of one block: control characters, field separators, and the other three
/// delimiters (repetition, component, subcomponent).
#[inline(always)]
fn struct_masks(block: &[u8; 64], d: &Delimiters) -> (u64, u64, u64) {
    let (fs, c, r, s) = (d.field, d.component, d.repetition, d.subcomponent);
    let mut f = [0u8; 64];
    for (f, &b) in f.iter_mut().zip(block) {
        let ctrl = ((b < 0x20) | (b == 0x7F)) as u8;
        let field = (b == fs) as u8;
        let sub = ((b == c) | (b == r) | (b == s)) as u8;
        *f = ctrl | (field << 1) | (sub << 2);
    }
    let (mut mc, mut mf, mut ms) = (0u64, 0u64, 0u64);
    const LO: u64 = 0x0101_0101_0101_0101;
    const MAGIC: u64 = 0x0102_0408_1020_4080;
    for (k, w) in f.chunks_exact(8).enumerate() {
        let w = u64::from_le_bytes([w[0], w[1], w[2], w[3], w[4], w[5], w[6], w[7]]);
        mc |= ((w & LO).wrapping_mul(MAGIC) >> 56) << (k * 8);
        mf |= (((w >> 1) & LO).wrapping_mul(MAGIC) >> 56) << (k * 8);
        ms |= (((w >> 2) & LO).wrapping_mul(MAGIC) >> 56) << (k * 8);
    }
    (mc, mf, ms)
}

/// Bits `lo..hi` set (0 <= lo <= hi <= 64).
#[inline(always)]
fn bit_range(lo: u32, hi: u32) -> u64 {
    let below_hi = if hi >= 64 { u64::MAX } else { (1u64 << hi) - 1 };
    let below_lo = if lo >= 64 { u64::MAX } else { (1u64 << lo) - 1 };
    below_hi & !below_lo
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
                    ErrorKind::TooManySegments {
                        limit: self.opts.max_segments,
                    },
                    start,
                ));
            }
            segs.push(SegSpan {
                start: start as u32,
                end: p as u32,
                next: p as u32 + 1,
            });
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
        Err(Error::new(
            ErrorKind::ControlCharacter { byte: self.s[p] },
            p,
        ))
    }

    fn finish(&mut self, segs: &mut Vec<SegSpan>) -> Result<()> {
        if let Some(start) = self.open.take() {
            if segs.len() >= self.opts.max_segments {
                return Err(Error::new(
                    ErrorKind::TooManySegments {
                        limit: self.opts.max_segments,
                    },
                    start,
                ));
            }
            segs.push(SegSpan {
                start: start as u32,
                end: self.end as u32,
                next: self.end as u32,
            });
        }
        Ok(())
    }
}

use super::swar::{control_bytes, has_control, load};

/// The first field of the segment starting at `seg` that ends at or before `upto` and is longer
/// than `max` — an error the full scan would have met first. Only looks when the span is long.
fn long_field_before(
    s: &[u8],
    seg: usize,
    upto: usize,
    d: &Delimiters,
    max: usize,
) -> Option<Error> {
    if upto - seg <= max {
        return None;
    }
    let mut field_start: Option<usize> = None;
    let skip = if is_header(s, seg) { 4 } else { 3 };
    for p in memchr::memchr_iter(d.field, &s[seg + skip..upto])
        .map(|p| p + seg + skip)
        .chain([upto])
    {
        if let Some(fs) = field_start {
            if p - fs > max {
                return Some(Error::new(ErrorKind::FieldTooLong { limit: max }, fs));
            }
        }
        field_start = Some(p + 1);
    }
    None
}

/// Does `b` hold a forbidden control character (< 0x20 other than CR, LF and TAB, or 0x7F)?
/// A branch-free reduction over 1 KiB chunks, which the compiler vectorizes.
#[inline]
fn any_forbidden(b: &[u8]) -> bool {
    b.chunks(1024).any(|chunk| {
        let mut acc = 0u8;
        for &x in chunk {
            let bad = ((x < 0x20) & (x != b'\r') & (x != b'\n') & (x != b'\t')) | (x == 0x7F);
            acc |= bad as u8;
        }
        acc != 0
    })
}

/// Lazy scan of `s[body_start..body_end]`: validates it and records segment boundaries. The
/// common case takes two fast passes — a vectorized check that no forbidden control character
/// is present, then `memchr2` for line ends; input with a forbidden byte (or a segment longer
/// than the field limit) takes [`scan_segments_exact`], which reports the first problem.
pub(crate) fn scan_segments(
    s: &[u8],
    body_start: usize,
    body_end: usize,
    d: &Delimiters,
    opts: &ParseOptions,
    segs: &mut Vec<SegSpan>,
) -> Result<Terminator> {
    let body = &s[body_start..body_end];
    if body.len() > opts.max_field_length || any_forbidden(body) {
        return scan_segments_exact(s, body_start, body_end, d, opts, segs);
    }
    let mut sg = Segmenter {
        s,
        end: body_end,
        d: *d,
        opts,
        open: Some(body_start),
        resume: body_start,
        terminator: Terminator::None,
    };
    segs.reserve(body.len() / 64 + 4);
    let mut pos = body_start;
    while let Some(q) = memchr::memchr2(b'\r', b'\n', &s[pos..body_end]) {
        match sg.line_break(pos + q, segs)? {
            (_, Some(next)) => pos = next,
            (_, None) => break,
        }
    }
    sg.finish(segs)?;
    Ok(sg.terminator)
}

/// The exact lazy scan: eight bytes at a time (four words per step when no control character
/// is near); each control character is handled in position order, so the first problem is the
/// one reported, exactly as the full scan reports it.
fn scan_segments_exact(
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
    segs.reserve((body_end - body_start) / 64 + 4);
    let max = opts.max_field_length;
    let mut seg_start = body_start;
    let handle = |q: usize,
                  sg: &mut Segmenter<'_>,
                  segs: &mut Vec<SegSpan>,
                  seg_start: &mut usize|
     -> Result<()> {
        if q < sg.resume {
            return Ok(());
        }
        match s[q] {
            b'\r' | b'\n' => {
                if let Some(e) = long_field_before(s, *seg_start, q, d, max) {
                    return Err(e);
                }
                if let (_, Some(next)) = sg.line_break(q, segs)? {
                    *seg_start = next;
                }
                Ok(())
            }
            b'\t' => Ok(()),
            _ => Err(long_field_before(s, *seg_start, q, d, max)
                .unwrap_or_else(|| Error::new(ErrorKind::ControlCharacter { byte: s[q] }, q))),
        }
    };
    let mut p = body_start;
    while p + 8 <= body_end {
        if p + 32 <= body_end
            && (has_control(load(s, p))
                | has_control(load(s, p + 8))
                | has_control(load(s, p + 16))
                | has_control(load(s, p + 24)))
                == 0
        {
            p += 32;
            continue;
        }
        let mut m = control_bytes(load(s, p));
        while m != 0 {
            handle(
                p + (m.trailing_zeros() / 8) as usize,
                &mut sg,
                segs,
                &mut seg_start,
            )?;
            m &= m - 1;
        }
        p += 8;
    }
    while p < body_end {
        if s[p] < 0x20 || s[p] == 0x7F {
            handle(p, &mut sg, segs, &mut seg_start)?;
        }
        p += 1;
    }
    if sg.open.is_some() {
        if let Some(e) = long_field_before(s, seg_start, body_end, d, max) {
            return Err(e);
        }
    }
    sg.finish(segs)?;
    Ok(sg.terminator)
}

/// State of the full scan inside the current segment.
struct FieldState {
    /// Where the open field starts (None before the segment's first field separator).
    open: Option<usize>,
    /// Index in `toks` of the open field's first token.
    tok: u32,
    /// Positions below this are not split (MSH-1/MSH-2 of header segments).
    skip_until: usize,
    max_field: usize,
}

impl FieldState {
    #[inline(always)]
    fn close(&mut self, idx: &mut FullIndex, p: usize, tok_end: u32) -> Result<()> {
        if let Some(fs) = self.open {
            if p - fs > self.max_field {
                return Err(Error::new(
                    ErrorKind::FieldTooLong {
                        limit: self.max_field,
                    },
                    fs,
                ));
            }
            idx.fields.push(FieldSpan {
                start: fs as u32,
                end: p as u32,
                tok_start: self.tok,
                tok_end,
            });
        }
        Ok(())
    }

    /// Records the start of a segment at `p`; header segments get MSH-1 and MSH-2 as fields.
    fn begin_segment(&mut self, s: &[u8], p: usize, end: usize, fsep: u8, idx: &mut FullIndex) {
        idx.seg_fields.push(idx.fields.len() as u32);
        self.open = None;
        // A header id standing alone on its line has no fields, as in the lazy views.
        if p + 3 < end && s[p + 3] == fsep && is_header(s, p) {
            let enc_end = s[p + 4..end]
                .iter()
                .position(|&b| b == fsep || b == b'\r' || b == b'\n')
                .map_or(end, |q| p + 4 + q);
            let t = idx.toks.len() as u32;
            let f1 = FieldSpan {
                start: p as u32 + 3,
                end: p as u32 + 4,
                tok_start: t,
                tok_end: t,
            };
            idx.fields.push(f1);
            idx.fields.push(FieldSpan {
                start: p as u32 + 4,
                end: enc_end as u32,
                ..f1
            });
            self.skip_until = enc_end;
        }
    }

    /// Handles the field separators `mf` and other delimiters `ms` of one run of a block
    /// (no control characters inside), block starting at `base`.
    #[inline(always)]
    fn run(&mut self, idx: &mut FullIndex, base: usize, mut mf: u64, mut ms: u64) -> Result<()> {
        if self.skip_until > base {
            let keep = !bit_range(0, (self.skip_until - base).min(64) as u32);
            mf &= keep;
            ms &= keep;
        }
        let tok_base = idx.toks.len() as u32;
        let mut m = mf;
        while m != 0 {
            let i = m.trailing_zeros();
            let p = base + i as usize;
            let tok_end = tok_base + (ms & bit_range(0, i)).count_ones();
            self.close(idx, p, tok_end)?;
            self.open = Some(p + 1);
            self.tok = tok_end;
            m &= m - 1;
        }
        while ms != 0 {
            idx.toks.push((base + ms.trailing_zeros() as usize) as u32);
            ms &= ms - 1;
        }
        Ok(())
    }
}

/// Full scan: validates like [`scan_segments`] and also records every field and every
/// repetition, component and subcomponent delimiter. Each 64-byte block is cut at its control
/// characters (mostly segment terminators); between them, field separators and tokens are
/// recorded from the bit masks directly.
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
    let len = body_end - body_start;
    idx.seg_fields.clear();
    idx.fields.clear();
    idx.toks.clear();
    idx.toks.reserve(len / 6);
    idx.fields.reserve(len / 12 + 4);
    idx.seg_fields.reserve(len / 64 + 4);
    segs.reserve(len / 64 + 4);
    let mut st = FieldState {
        open: None,
        tok: 0,
        skip_until: 0,
        max_field: opts.max_field_length,
    };
    st.begin_segment(s, body_start, body_end, d.field, idx);

    let body = &s[body_start..body_end];
    let mut block_at = |base: usize, block: &[u8; 64], valid: u32| -> Result<()> {
        let (mut mc, mut mf, mut ms) = struct_masks(block, d);
        if valid < 64 {
            let v = bit_range(0, valid);
            mc &= v;
            mf &= v;
            ms &= v;
        }
        let mut lo = 0u32;
        loop {
            let hi = if mc == 0 { 64 } else { mc.trailing_zeros() };
            let r = bit_range(lo, hi);
            st.run(idx, base, mf & r, ms & r)?;
            if mc == 0 {
                return Ok(());
            }
            let p = base + hi as usize;
            match s[p] {
                b'\r' | b'\n' => {
                    if p >= sg.resume {
                        let tok_end = idx.toks.len() as u32;
                        st.close(idx, p, tok_end)?;
                        st.open = None;
                        let (_, opened) = sg.line_break(p, segs)?;
                        if let Some(q) = opened {
                            st.begin_segment(s, q, body_end, d.field, idx);
                        }
                    }
                }
                b'\t' => {}
                _ => return sg.control(p),
            }
            mc &= mc - 1;
            lo = hi + 1;
        }
    };
    let mut chunks = body.chunks_exact(64);
    let mut base = body_start;
    for block in &mut chunks {
        let block: &[u8; 64] = block.try_into().expect("chunks_exact yields 64 bytes");
        block_at(base, block, 64)?;
        base += 64;
    }
    let rest = chunks.remainder();
    let mut tail = [b'A'; 64];
    tail[..rest.len()].copy_from_slice(rest);
    block_at(base, &tail, rest.len() as u32)?;

    if st.open.is_some() {
        st.close(idx, body_end, idx.toks.len() as u32)?;
    }
    sg.finish(segs)?;
    idx.seg_fields.push(idx.fields.len() as u32);
    Ok(sg.terminator)
}
