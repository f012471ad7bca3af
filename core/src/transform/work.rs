//! The message while transformations run: its segments, each borrowed from the input until an
//! operation rewrites it, with the exact terminators between them. Reads and writes resolve a
//! [`Location`] in one pass over the segment ids; group addresses for terser paths are computed
//! once and again only after a segment is added or removed, so a rule set costs time linear in
//! the message size.

use super::path::{self, Location};
use super::structure::{self, Address, Node};
use crate::error::{Error, ErrorKind, Result};
use crate::v2::writer::{edit_segment, Edit};
use crate::v2::{escape, Delimiters, Message, Path};
use std::borrow::Cow;

/// Why an operation failed, before it is labelled with its rule and operation.
#[derive(Debug)]
pub(crate) struct Fail {
    /// What went wrong (never message content).
    pub reason: Cow<'static, str>,
    /// The path as written in the policy.
    pub path: String,
}

impl Fail {
    pub fn new(reason: impl Into<Cow<'static, str>>, at: &Location) -> Fail {
        Fail {
            reason: reason.into(),
            path: at.as_str().to_string(),
        }
    }

    /// The error for operation `op` (1-based, named `name`) of the rule labelled `label`.
    pub fn in_operation(self, label: &str, op: usize, name: &str) -> Error {
        Error::new(
            ErrorKind::Transform {
                reason: format!("{label} operation {op} ({name}): {}", self.reason),
            },
            0,
        )
        .with_path(self.path)
    }
}

/// One segment: its text and the terminator that followed it.
#[derive(Debug)]
struct Seg<'m> {
    text: Cow<'m, str>,
    term: Cow<'m, str>,
}

/// The message being transformed.
pub(crate) struct Work<'m> {
    d: Delimiters,
    prefix: &'m str,
    suffix: &'m str,
    segs: Vec<Seg<'m>>,
    /// The IG structure, from the input's MSH-9 and MSH-21.
    structure: Option<&'static [Node]>,
    /// Group addresses of `segs`, for terser paths; `None` until needed or after a change of
    /// the segment list.
    addresses: Option<Vec<Address>>,
    /// Values saved by `save`, by slot.
    pub state: Vec<Option<String>>,
    /// "today" for date preconditions; `None` when no date is known.
    pub today: Option<chrono::NaiveDate>,
    changed: bool,
    /// The terminator added segments get.
    newline: &'static str,
}

/// The segment terminator new segments get: the input's first one, CR when it has none.
fn default_terminator(msg: &Message<'_>) -> &'static str {
    match msg.terminator() {
        crate::v2::Terminator::Lf => "\n",
        crate::v2::Terminator::CrLf => "\r\n",
        _ => "\r",
    }
}

impl<'m> Work<'m> {
    pub fn new(msg: &Message<'m>, slots: usize) -> Work<'m> {
        let src = msg.as_str();
        let spans: Vec<(usize, usize)> = msg
            .segments()
            .map(|s| (s.range().start, s.range().end))
            .collect();
        let mut segs = Vec::with_capacity(spans.len());
        let mut suffix_start = src.len();
        for (k, &(start, end)) in spans.iter().enumerate() {
            let term_end = match spans.get(k + 1) {
                Some(&(next, _)) => next,
                None => {
                    // The last terminator is the run of CR/LF after the segment; what follows
                    // (an MLLP end block, whitespace) is the suffix.
                    let run = src[end..]
                        .bytes()
                        .take_while(|b| matches!(b, b'\r' | b'\n'))
                        .count();
                    suffix_start = end + run;
                    end + run
                }
            };
            segs.push(Seg {
                text: Cow::Borrowed(&src[start..end]),
                term: Cow::Borrowed(&src[end..term_end]),
            });
        }
        let first = spans.first().map_or(0, |s| s.0);
        let msh9 = msg.get_raw("MSH-9").ok().flatten().unwrap_or("");
        let msh21 = msg.get_raw("MSH-21").ok().flatten().unwrap_or("");
        let d = *msg.delimiters();
        Work {
            d,
            prefix: &src[..first],
            suffix: &src[suffix_start..],
            segs,
            structure: structure::for_message(msh9, msh21, d.component as char),
            addresses: None,
            state: vec![None; slots],
            today: None,
            changed: false,
            newline: default_terminator(msg),
        }
    }

    pub fn delimiters(&self) -> &Delimiters {
        &self.d
    }

    /// The index of the segment `at` names, `None` when the message has none.
    pub fn resolve(&mut self, at: &Location) -> Option<usize> {
        if at.needs_addresses() && self.addresses.is_none() {
            let ids = self.segs.iter().map(|s| s.text.get(..3).unwrap_or(""));
            self.addresses = Some(structure::addresses(self.structure, ids));
        }
        let segs = &self.segs;
        at.resolve(
            segs.len(),
            |i| segs[i].text.get(..3).unwrap_or(""),
            self.addresses.as_deref().unwrap_or(&[]),
        )
    }

    /// The segments an operation on `at` edits: with `each`, every segment with the path's
    /// id (possibly none); else the one the path names, `None` when the message lacks it.
    pub fn targets(&mut self, at: &Location, each: bool) -> Option<Vec<usize>> {
        if each {
            let id = at.segment();
            return Some(
                (0..self.segs.len())
                    .filter(|&i| self.segs[i].text.get(..3) == Some(id))
                    .collect(),
            );
        }
        self.resolve(at).map(|i| vec![i])
    }

    /// The value at `at` (escapes decoded); `None` when absent or empty.
    pub fn read(&mut self, at: &Location) -> Option<String> {
        let i = self.resolve(at)?;
        if at.is_segment() {
            return Some(self.segs[i].text.to_string());
        }
        self.read_in(i, at)
    }

    /// The value at `at`'s part of segment `i` (escapes decoded); `None` when absent or empty.
    pub fn read_in(&self, i: usize, at: &Location) -> Option<String> {
        let seg = path::segment_view(&self.segs[i].text, &self.d, i);
        path::value_in(&seg, &at.path).map(Cow::into_owned)
    }

    /// The raw text at `at` (escapes kept); `None` when absent or empty.
    pub fn read_raw(&mut self, at: &Location) -> Option<String> {
        let i = self.resolve(at)?;
        let seg = path::segment_view(&self.segs[i].text, &self.d, i);
        crate::v2::message::node_in_segment(&seg, &at.path)
            .filter(|n| !n.is_empty())
            .map(|n| n.as_str().to_string())
    }

    /// Writes raw v2 text at `at`; when the message lacks the segment, `skip_missing` says
    /// whether that is fine or a failure.
    pub fn write_raw(&mut self, at: &Location, raw: &str, skip_missing: bool) -> Result<(), Fail> {
        let Some(i) = self.resolve(at) else {
            if skip_missing {
                return Ok(());
            }
            return Err(Fail::new("the segment is not in the message", at));
        };
        self.write_raw_in(i, at, raw)
    }

    /// Writes raw v2 text at `at`'s part of segment `i`.
    pub fn write_raw_in(&mut self, i: usize, at: &Location, raw: &str) -> Result<(), Fail> {
        self.edit(i, &at.path, raw).map_err(|e| {
            let reason = match e.kind {
                ErrorKind::Edit { reason } => reason,
                _ => "the value cannot be written there",
            };
            Fail::new(reason, at)
        })
    }

    /// Writes `value` at `at`'s part of segment `i`, escaping delimiters in it.
    pub fn write_in(&mut self, i: usize, at: &Location, value: &str) -> Result<(), Fail> {
        let encoded = escape::encode(value, &self.d).into_owned();
        self.write_raw_in(i, at, &encoded)
    }

    fn edit(&mut self, i: usize, p: &Path, raw: &str) -> Result<()> {
        let text = edit_segment(&self.segs[i].text, &self.d, p, Edit::Set(raw))?;
        if text != self.segs[i].text {
            self.segs[i].text = Cow::Owned(text);
            self.changed = true;
        }
        Ok(())
    }

    /// Sets MSH-5 and MSH-6 from HD values in v2 text form (`^`-separated components), each
    /// component escaped and joined with the message's component separator.
    pub fn set_header(&mut self, msh5: &str, msh6: &str) -> Result<()> {
        for (field, hd) in [(5, msh5), (6, msh6)] {
            let comp = (self.d.component as char).to_string();
            let raw: Vec<String> = hd
                .split('^')
                .map(|c| escape::encode(c, &self.d).into_owned())
                .collect();
            let p = Path::new("MSH").field(field);
            self.edit(0, &p, &raw.join(&comp)).map_err(|_| {
                Error::new(
                    ErrorKind::Transform {
                        reason:
                            "the destination's receiving application or facility cannot be written"
                                .into(),
                    },
                    0,
                )
                .with_path(format!("MSH-{field}"))
            })?;
        }
        Ok(())
    }

    /// Removes segments `indices` (ascending) in one pass.
    pub fn remove(&mut self, indices: &[usize]) {
        if indices.is_empty() {
            return;
        }
        let last = self.segs.len() - 1;
        // The message's last segment keeps its own terminator (it may have none).
        let last_term = if indices.contains(&last) {
            Some(self.segs[last].term.clone())
        } else {
            None
        };
        let mut k = 0;
        let mut i = 0;
        self.segs.retain(|_| {
            let drop = indices.get(k) == Some(&i);
            if drop {
                k += 1;
            }
            i += 1;
            !drop
        });
        if let (Some(t), Some(s)) = (last_term, self.segs.last_mut()) {
            s.term = t;
        }
        self.addresses = None;
        self.changed = true;
    }

    /// Inserts a segment at position `index`: raw text written with the standard delimiters
    /// `|^~\&` (checked at load time), rewritten into the message's own.
    pub fn insert(&mut self, index: usize, text: &str) {
        let text = &to_delimiters(text, &self.d);
        let term = Cow::Borrowed(self.newline);
        if index == self.segs.len() {
            // A last segment without a terminator gets one, so the new segment starts a line.
            if let Some(last) = self.segs.last_mut() {
                if last.term.is_empty() {
                    last.term = term.clone();
                }
            }
        }
        self.segs.insert(
            index,
            Seg {
                text: Cow::Owned(text.to_string()),
                term,
            },
        );
        self.addresses = None;
        self.changed = true;
    }

    pub fn segment_count(&self) -> usize {
        self.segs.len()
    }

    /// The serialized message; the input itself when nothing changed.
    pub fn finish(self, msg: &Message<'_>) -> String {
        if !self.changed {
            return msg.as_str().to_string();
        }
        let len: usize = self.segs.iter().map(|s| s.text.len() + s.term.len()).sum();
        let mut out = String::with_capacity(self.prefix.len() + len + self.suffix.len());
        out.push_str(self.prefix);
        for s in &self.segs {
            out.push_str(&s.text);
            out.push_str(&s.term);
        }
        out.push_str(self.suffix);
        out
    }
}

/// `text`, written with the standard delimiters `|^~\&`, in the delimiters `d`: each standard
/// delimiter becomes its counterpart, and a character that is a delimiter only in `d` is
/// escaped, so it stays data.
fn to_delimiters<'t>(text: &'t str, d: &Delimiters) -> Cow<'t, str> {
    let std = Delimiters::default();
    if *d == std {
        return Cow::Borrowed(text);
    }
    let pairs = [
        (std.field, d.field),
        (std.component, d.component),
        (std.repetition, d.repetition),
        (std.escape, d.escape),
        (std.subcomponent, d.subcomponent),
    ];
    let mut out = String::with_capacity(text.len());
    let mut buf = [0u8; 4];
    for c in text.chars() {
        let b = u8::try_from(c).ok();
        if let Some((_, to)) = pairs.iter().find(|(from, _)| Some(*from) == b) {
            out.push(*to as char);
        } else if b.is_some_and(|b| d.is_special(b)) {
            out.push_str(&escape::encode(c.encode_utf8(&mut buf), d));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}
