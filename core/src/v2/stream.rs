//! Many messages in one input: files and streams holding several messages, MLLP frames
//! (0x0B … 0x1C 0x0D) and batch files (FHS/BHS … BTS/FTS, with the counts in BTS-1 and FTS-1
//! checked).
//!
//! The input is cut into [`Item`]s that together cover every byte, so writing the items back in
//! order reproduces the input exactly. [`MessageReader`] does the same over any `Read` with
//! memory bounded by the largest message plus one read buffer.

use super::message::{Message, MLLP_END, MLLP_START};
use super::options::ParseOptions;
use crate::error::{Error, ErrorKind, Result};
use std::io::Read;

/// What an [`Item`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ItemKind {
    /// One message (possibly inside an MLLP frame).
    Message,
    /// An FHS segment (file header).
    FileHeader,
    /// A BHS segment (batch header).
    BatchHeader,
    /// A BTS segment (batch trailer).
    BatchTrailer,
    /// An FTS segment (file trailer).
    FileTrailer,
}

/// A piece of a multi-message input: a message or an envelope segment, with the line breaks and
/// blank space after it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Item<'a> {
    /// What this piece is.
    pub kind: ItemKind,
    /// Its bytes, exactly as in the input.
    pub bytes: &'a [u8],
    /// 0-based byte offset of the piece in the whole input.
    pub offset: usize,
}

fn line_kind(b: &[u8]) -> Option<ItemKind> {
    if b.len() < 3 || (b.len() > 3 && b[3].is_ascii_alphanumeric()) {
        return None;
    }
    match &b[..3] {
        b"MSH" => Some(ItemKind::Message),
        b"FHS" => Some(ItemKind::FileHeader),
        b"BHS" => Some(ItemKind::BatchHeader),
        b"BTS" => Some(ItemKind::BatchTrailer),
        b"FTS" => Some(ItemKind::FileTrailer),
        _ => None,
    }
}

fn skip_space(b: &[u8], mut i: usize) -> usize {
    while i < b.len() && matches!(b[i], b'\r' | b'\n' | b' ' | b'\t') {
        i += 1;
    }
    i
}

/// Outcome of looking for the end of the item starting at the beginning of `b`.
enum Found {
    /// The item is `b[..end]`.
    End(ItemKind, usize),
    /// More input is needed; searching may resume at this position.
    More(usize),
}

/// Finds where the item at the start of `b` ends. `resume` is where an earlier call stopped
/// (0 at first), so a long message is searched once, not once per read.
fn find_end(b: &[u8], resume: usize, eof: bool) -> Found {
    let mut head = 0;
    if b.starts_with("\u{FEFF}".as_bytes()) {
        head = 3;
    }
    if b.get(head) == Some(&MLLP_START) {
        return match memchr::memchr(MLLP_END, &b[resume.max(head)..]) {
            Some(p) => {
                let mut end = resume.max(head) + p + 1;
                if end < b.len() && b[end] == b'\r' {
                    end += 1;
                }
                if end == b.len() && !eof {
                    return Found::More(resume.max(head));
                }
                let end = skip_space(b, end);
                if end == b.len() && !eof {
                    Found::More(resume.max(head))
                } else {
                    Found::End(ItemKind::Message, end)
                }
            }
            None if eof => Found::End(ItemKind::Message, b.len()),
            None => Found::More(b.len()),
        };
    }
    let kind = line_kind(&b[head..]).unwrap_or(ItemKind::Message);
    let first_line_end = memchr::memchr2(b'\r', b'\n', b).unwrap_or(b.len());
    if kind != ItemKind::Message {
        if first_line_end == b.len() && !eof {
            return Found::More(0);
        }
        let end = skip_space(b, first_line_end);
        return if end == b.len() && !eof {
            Found::More(0)
        } else {
            Found::End(kind, end)
        };
    }
    let from = resume.max(first_line_end);
    for q in memchr::memchr2_iter(b'\r', b'\n', &b[from..]).map(|q| q + from) {
        let l = q + 1;
        if l < b.len() && matches!(b[l], b'\r' | b'\n') {
            continue;
        }
        if l + 4 > b.len() && !eof {
            return Found::More(q);
        }
        let rest = &b[l..];
        if rest.first() == Some(&MLLP_START) || line_kind(rest).is_some() {
            return Found::End(ItemKind::Message, l);
        }
    }
    if eof {
        Found::End(ItemKind::Message, b.len())
    } else {
        Found::More(b.len().saturating_sub(1).max(first_line_end))
    }
}

/// Cuts an in-memory input into [`Item`]s.
///
/// ```
/// use izkit::v2::{Splitter, ItemKind};
/// let input = b"MSH|^~\\&|A\rPID|1\rMSH|^~\\&|B\rPID|2\r";
/// let items: Vec<_> = Splitter::new(input).collect();
/// assert_eq!(items.len(), 2);
/// assert_eq!(items[1].offset, 17);
/// assert!(items.iter().all(|i| i.kind == ItemKind::Message));
/// ```
#[derive(Debug, Clone)]
pub struct Splitter<'a> {
    input: &'a [u8],
    pos: usize,
}

impl<'a> Splitter<'a> {
    /// A splitter over `input`.
    pub fn new(input: &'a [u8]) -> Self {
        Splitter { input, pos: 0 }
    }
}

impl<'a> Iterator for Splitter<'a> {
    type Item = Item<'a>;
    fn next(&mut self) -> Option<Item<'a>> {
        let rest = &self.input[self.pos..];
        if rest.is_empty() {
            return None;
        }
        let Found::End(kind, end) = find_end(rest, 0, true) else {
            return None;
        };
        let item = Item {
            kind,
            bytes: &rest[..end],
            offset: self.pos,
        };
        self.pos += end.max(1);
        Some(item)
    }
}

/// Checks the batch envelope: FHS/BHS nesting and the counts in BTS-1 and FTS-1.
#[derive(Debug, Clone, Default)]
pub struct BatchTracker {
    in_file: bool,
    in_batch: bool,
    messages: u64,
    batches: u64,
}

/// Field 1 of an envelope segment as a count (`None` when empty).
fn count_field(seg: &[u8]) -> Option<std::result::Result<u64, ()>> {
    let line_end = memchr::memchr2(b'\r', b'\n', seg).unwrap_or(seg.len());
    let line = &seg[..line_end];
    if line.len() < 5 {
        return None;
    }
    let sep = line[3];
    let f = line[4..].split(|&b| b == sep).next()?;
    if f.is_empty() {
        return None;
    }
    Some(
        std::str::from_utf8(f)
            .ok()
            .and_then(|s| s.trim().parse().ok())
            .ok_or(()),
    )
}

impl BatchTracker {
    /// Feeds one item; returns an error for a broken envelope or a wrong count.
    pub fn feed(&mut self, item: &Item<'_>) -> Result<()> {
        let bad = |reason| Err(Error::new(ErrorKind::Batch { reason }, item.offset));
        match item.kind {
            ItemKind::Message => {
                self.messages += 1;
                Ok(())
            }
            ItemKind::FileHeader => {
                if self.in_file || self.in_batch {
                    return bad("FHS inside a file or batch");
                }
                self.in_file = true;
                self.batches = 0;
                Ok(())
            }
            ItemKind::BatchHeader => {
                if self.in_batch {
                    return bad("BHS inside a batch");
                }
                self.in_batch = true;
                self.messages = 0;
                Ok(())
            }
            ItemKind::BatchTrailer => {
                if !self.in_batch {
                    return bad("BTS without BHS");
                }
                self.in_batch = false;
                self.batches += 1;
                self.check(item, "BTS", self.messages)
            }
            ItemKind::FileTrailer => {
                if !self.in_file || self.in_batch {
                    return bad("FTS without FHS, or inside a batch");
                }
                self.in_file = false;
                self.check(item, "FTS", self.batches)
            }
        }
    }

    fn check(&self, item: &Item<'_>, segment: &'static str, actual: u64) -> Result<()> {
        match count_field(item.bytes) {
            None => Ok(()),
            Some(Ok(declared)) if declared == actual => Ok(()),
            Some(Ok(declared)) => Err(Error::new(
                ErrorKind::BatchCount {
                    segment,
                    declared,
                    actual,
                },
                item.offset + 4,
            )
            .with_path(format!("{segment}-1"))),
            Some(Err(())) => Err(Error::new(
                ErrorKind::Datatype {
                    datatype: "NM",
                    reason: "count is not a whole number",
                },
                item.offset + 4,
            )
            .with_path(format!("{segment}-1"))),
        }
    }

    /// Call at the end of input: an open batch or file is an error.
    pub fn finish(&self, end_offset: usize) -> Result<()> {
        if self.in_batch || self.in_file {
            return Err(Error::new(
                ErrorKind::Batch {
                    reason: "batch or file not closed by BTS/FTS",
                },
                end_offset,
            ));
        }
        Ok(())
    }
}

/// Parses every message in `input` (several messages, MLLP frames, batch files), checking the
/// batch envelope. Stops at the first error; error offsets are relative to `input`.
///
/// ```
/// let input = "FHS|^~\\&\rBHS|^~\\&\rMSH|^~\\&|A\rPID|1\rMSH|^~\\&|B\rBTS|2\rFTS|1\r";
/// let msgs = izkit::parse_many(input)?;
/// assert_eq!(msgs.len(), 2);
/// assert!(izkit::parse_many(&input.replace("BTS|2", "BTS|3")).is_err());
/// # Ok::<(), izkit::Error>(())
/// ```
pub fn parse_many(input: &str) -> Result<Vec<Message<'_>>> {
    parse_many_with(input, &ParseOptions::default())
}

/// [`parse_many`] with the given limits.
pub fn parse_many_with<'a>(input: &'a str, opts: &ParseOptions) -> Result<Vec<Message<'a>>> {
    let mut out = Vec::new();
    let mut tracker = BatchTracker::default();
    for item in Splitter::new(input.as_bytes()) {
        let fix = |e: Error| {
            let mut e = e.shifted(item.offset);
            e.line = 1 + input.as_bytes()[..e.offset.min(input.len())]
                .iter()
                .enumerate()
                .filter(|&(i, &c)| {
                    c == b'\r' || (c == b'\n' && (i == 0 || input.as_bytes()[i - 1] != b'\r'))
                })
                .count();
            e
        };
        // Envelope errors already carry offsets into the whole input.
        tracker.feed(&item).map_err(|e| {
            let offset = e.offset;
            Error {
                offset: 0,
                ..fix(e)
            }
            .shifted(offset)
        })?;
        if item.kind == ItemKind::Message {
            // Items begin and end next to ASCII bytes, so these are character boundaries.
            let text = &input[item.offset..item.offset + item.bytes.len()];
            out.push(Message::parse_with(text, opts).map_err(fix)?);
        }
    }
    tracker.finish(input.len())?;
    if out.is_empty() {
        return Err(Error::new(ErrorKind::Empty, 0));
    }
    Ok(out)
}

/// Reads items one at a time from any `Read`, with memory bounded by the largest message
/// (see [`ParseOptions::max_message_size`], 64 MiB by default) plus the read buffer: the buffer
/// starts at 256 KiB and doubles only while one item does not fit, so it stays below twice the
/// largest item plus 256 KiB.
///
/// ```
/// let data: &[u8] = b"MSH|^~\\&|A\rPID|1\r\x0bMSH|^~\\&|B\r\x1c\r";
/// let mut r = izkit::MessageReader::new(data);
/// let mut n = 0;
/// while let Some(item) = r.next_item() {
///     let item = item?;
///     n += 1;
/// }
/// assert_eq!(n, 2);
/// # Ok::<(), izkit::Error>(())
/// ```
pub struct MessageReader<R> {
    inner: R,
    buf: Vec<u8>,
    /// `buf[start..filled]` is read but not yet handed out.
    start: usize,
    filled: usize,
    resume: usize,
    /// Stream offset of `buf[0]`.
    base: usize,
    eof: bool,
    chunk: usize,
    limit: usize,
    /// After an oversized item: skip bytes until the next item starts.
    skipping: bool,
}

impl<R: Read> MessageReader<R> {
    /// A reader with the default limits.
    pub fn new(inner: R) -> Self {
        Self::with_options(inner, &ParseOptions::default())
    }

    /// A reader with the given limits.
    pub fn with_options(inner: R, opts: &ParseOptions) -> Self {
        MessageReader {
            inner,
            buf: Vec::new(),
            start: 0,
            filled: 0,
            resume: 0,
            base: 0,
            eof: false,
            chunk: 256 << 10,
            limit: opts.max_message_size,
            skipping: false,
        }
    }

    /// Reads more input into `buf[filled..]`, first moving the unread part to the front when
    /// that frees room, and growing the buffer only when the unread part fills it.
    fn fill(&mut self) -> Result<()> {
        if self.start > 0 && (self.filled == self.buf.len() || self.start >= self.buf.len() / 2) {
            self.buf.copy_within(self.start..self.filled, 0);
            self.base += self.start;
            self.filled -= self.start;
            self.start = 0;
        }
        if self.filled == self.buf.len() {
            let grow = self.buf.len().max(self.chunk);
            self.buf.resize(self.buf.len() + grow, 0);
        }
        let n = loop {
            match self.inner.read(&mut self.buf[self.filled..]) {
                Ok(n) => break n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(Error::from(e).shifted(self.base + self.filled)),
            }
        };
        self.filled += n;
        if n == 0 {
            self.eof = true;
        }
        Ok(())
    }

    /// The next item, `None` at the end of input. An item larger than the size limit gives an
    /// error once, then reading resumes at the next item.
    pub fn next_item(&mut self) -> Option<Result<Item<'_>>> {
        loop {
            let avail = &self.buf[self.start..self.filled];
            if avail.is_empty() && self.eof {
                return None;
            }
            if !avail.is_empty() {
                match find_end(avail, self.resume, self.eof) {
                    Found::End(kind, end) => {
                        let start = self.start;
                        self.start += end.max(1);
                        self.resume = 0;
                        if self.skipping {
                            self.skipping = false;
                            if kind == ItemKind::Message {
                                continue;
                            }
                        }
                        let offset = self.base + start;
                        if end > self.limit {
                            return Some(Err(Error::new(
                                ErrorKind::MessageTooLarge { limit: self.limit },
                                offset,
                            )));
                        }
                        return Some(Ok(Item {
                            kind,
                            bytes: &self.buf[start..start + end],
                            offset,
                        }));
                    }
                    Found::More(r) => {
                        self.resume = r;
                        if avail.len() > self.limit && !self.skipping {
                            // Too large: report once, then drop what we hold and skip on.
                            let offset = self.base + self.start;
                            self.skipping = true;
                            let keep = self.resume.saturating_sub(1);
                            self.start += keep;
                            self.resume = 1;
                            return Some(Err(Error::new(
                                ErrorKind::MessageTooLarge { limit: self.limit },
                                offset,
                            )));
                        } else if self.skipping && avail.len() > self.chunk * 2 {
                            let keep = self.resume.saturating_sub(1);
                            self.start += keep;
                            self.resume = 1;
                        }
                    }
                }
            }
            if let Err(e) = self.fill() {
                return Some(Err(e));
            }
        }
    }
}
