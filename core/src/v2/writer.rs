//! [`OwnedMessage`]: the owned, editable form of a message and its serializer.
//!
//! Each segment is kept as its own text plus the exact terminator that followed it, so a
//! message converted from a parse and written back is byte-identical, and an edit rewrites only
//! the segment it touches. Values given to [`OwnedMessage::set`] are escaped; missing fields,
//! repetitions, components and subcomponents are created as needed.

use super::delimiters::Delimiters;
use super::escape;
use super::message::Message;
use super::path::Path;
use crate::error::{Error, ErrorKind, Result};
use std::fmt;

/// One segment of an [`OwnedMessage`].
#[derive(Debug, Clone, PartialEq, Eq)]
struct OwnedSegment {
    text: String,
    terminator: String,
}

/// An owned HL7 message that can be edited and serialized.
///
/// ```
/// use izkit::OwnedMessage;
/// let mut m = OwnedMessage::new();
/// m.set("MSH-9", "VXU^V04^VXU_V04")?; // escaped: ^ becomes \S\
/// m.set_raw("MSH-9", "VXU^V04^VXU_V04")?; // raw: kept as components
/// m.set("MSH-12", "2.5.1")?;
/// m.set("PID-5.1", "O'Brien & Sons")?;
/// m.set("PID-3[2].1", "X2")?;
/// assert_eq!(m.to_string(), "MSH|^~\\&|||||||VXU^V04^VXU_V04|||2.5.1\rPID|||~X2||O'Brien \\T\\ Sons\r");
/// let parsed = izkit::Message::parse(&m.to_string().clone())?.get("PID-5.1")?.map(|v| v.into_owned());
/// assert_eq!(parsed.as_deref(), Some("O'Brien & Sons"));
/// # Ok::<(), izkit::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OwnedMessage {
    prefix: String,
    delims: Delimiters,
    segments: Vec<OwnedSegment>,
    suffix: String,
}

impl Default for OwnedMessage {
    fn default() -> Self {
        Self::new()
    }
}

fn edit(reason: &'static str) -> Error {
    Error::new(ErrorKind::Edit { reason }, 0)
}

impl OwnedMessage {
    /// A new message holding only `MSH|^~\&`, with the standard delimiters and CR terminators.
    pub fn new() -> OwnedMessage {
        Self::with_delimiters(Delimiters::default())
    }

    /// A new message holding only an MSH segment with the given delimiters.
    pub fn with_delimiters(d: Delimiters) -> OwnedMessage {
        let mut text = String::from("MSH");
        text.push(d.field as char);
        text.push_str(&d.encoding_characters());
        OwnedMessage {
            prefix: String::new(),
            delims: d,
            segments: vec![OwnedSegment {
                text,
                terminator: "\r".into(),
            }],
            suffix: String::new(),
        }
    }

    /// Parses `text` and converts it to the owned form.
    pub fn parse(text: &str) -> Result<OwnedMessage> {
        Ok(Message::parse(text)?.to_owned_message())
    }

    pub(crate) fn from_parts(
        src: &str,
        delims: Delimiters,
        spans: impl Iterator<Item = (usize, usize, usize)>,
    ) -> OwnedMessage {
        let mut segments = Vec::new();
        let mut first = None;
        let mut last = 0;
        for (start, end, next) in spans {
            first.get_or_insert(start);
            segments.push(OwnedSegment {
                text: src[start..end].to_string(),
                terminator: src[end..next].to_string(),
            });
            last = next;
        }
        OwnedMessage {
            prefix: src[..first.unwrap_or(0)].to_string(),
            delims,
            segments,
            suffix: src[last..].to_string(),
        }
    }

    /// The delimiters.
    pub fn delimiters(&self) -> &Delimiters {
        &self.delims
    }

    /// Number of segments.
    pub fn segment_count(&self) -> usize {
        self.segments.len()
    }

    /// Raw text of segment `i` (0-based).
    pub fn segment_text(&self, i: usize) -> Option<&str> {
        self.segments.get(i).map(|s| s.text.as_str())
    }

    /// Reads a value (escapes decoded) by serializing and parsing; convenient, not fast.
    pub fn get(&self, path: &str) -> Result<Option<String>> {
        let text = self.to_string();
        let msg = Message::parse(&text)?;
        Ok(msg.get(path)?.map(|v| v.into_owned()))
    }

    fn default_terminator(&self) -> String {
        self.segments
            .iter()
            .map(|s| s.terminator.as_str())
            .find(|t| !t.is_empty())
            .map(|t| {
                if t.starts_with("\r\n") {
                    "\r\n"
                } else if t.starts_with('\n') {
                    "\n"
                } else {
                    "\r"
                }
            })
            .unwrap_or("\r")
            .to_string()
    }

    fn check_segment_text(&self, text: &str) -> Result<()> {
        let b = text.as_bytes();
        let id_ok = b.len() >= 3
            && b[0].is_ascii_uppercase()
            && b[1..3]
                .iter()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
            && (b.len() == 3 || b[3] == self.delims.field);
        if !id_ok {
            return Err(Error::new(ErrorKind::InvalidSegmentId, 0));
        }
        if let Some(p) = b
            .iter()
            .position(|&c| (c < 0x20 && c != b'\t') || c == 0x7F)
        {
            return Err(Error::new(ErrorKind::ControlCharacter { byte: b[p] }, p));
        }
        Ok(())
    }

    /// Inserts a segment (raw text such as `OBX|1|CE|...`) at position `index` (0-based).
    pub fn insert_segment(&mut self, index: usize, text: &str) -> Result<()> {
        self.check_segment_text(text)?;
        if index > self.segments.len() {
            return Err(edit("segment index beyond the end of the message"));
        }
        if index == 0 {
            return Err(edit("MSH must stay the first segment"));
        }
        let term = self.default_terminator();
        if index == self.segments.len() {
            if let Some(last) = self.segments.last_mut() {
                if last.terminator.is_empty() {
                    last.terminator = term.clone();
                }
            }
        }
        self.segments.insert(
            index,
            OwnedSegment {
                text: text.to_string(),
                terminator: term,
            },
        );
        Ok(())
    }

    /// Appends a segment (raw text) at the end.
    pub fn add_segment(&mut self, text: &str) -> Result<()> {
        self.insert_segment(self.segments.len(), text)
    }

    /// Removes segment `index` (0-based). MSH cannot be removed.
    pub fn remove_segment(&mut self, index: usize) -> Result<()> {
        if index == 0 {
            return Err(edit("MSH cannot be removed"));
        }
        if index >= self.segments.len() {
            return Err(edit("segment index beyond the end of the message"));
        }
        self.segments.remove(index);
        Ok(())
    }

    /// Index of the `occurrence`-th (1-based) segment with `id`.
    pub fn find_segment(&self, id: &str, occurrence: usize) -> Option<usize> {
        self.segments
            .iter()
            .enumerate()
            .filter(|(_, s)| s.text.get(..3) == Some(id))
            .nth(occurrence.checked_sub(1)?)
            .map(|(i, _)| i)
    }

    /// Sets the value at `path`, escaping delimiters in it. Missing parts are created; a missing
    /// segment is appended when the path names the next occurrence. A path without repetition
    /// and component replaces the whole field.
    pub fn set(&mut self, path: &str, value: &str) -> Result<()> {
        let encoded = escape::encode(value, &self.delims).into_owned();
        self.set_raw(path, &encoded)
    }

    /// Sets raw text at `path` (delimiters in `raw` are kept as structure). `raw` may not hold
    /// a field separator, a segment terminator or a control character.
    pub fn set_raw(&mut self, path: &str, raw: &str) -> Result<()> {
        let p = Path::parse(path)?;
        if raw
            .bytes()
            .any(|b| b == self.delims.field || (b < 0x20 && b != b'\t') || b == 0x7F)
        {
            return Err(edit(
                "raw value holds a field separator or control character",
            ));
        }
        self.edit(&p, Edit::Set(raw))
    }

    /// Applies one edit to the segment `p` names; a segment appended for it is removed again
    /// when the edit fails, so a failed edit leaves the message as it was.
    fn edit(&mut self, p: &Path, op: Edit<'_>) -> Result<()> {
        let before = self.segments.len();
        let last_terminator = self.segments.last().map(|s| s.terminator.clone());
        let seg = self.segment_for_edit(p)?;
        let d = self.delims;
        match edit_segment(&self.segments[seg].text, &d, p, op) {
            Ok(text) => {
                self.segments[seg].text = text;
                Ok(())
            }
            Err(e) => {
                if self.segments.len() > before {
                    self.segments.truncate(before);
                    if let (Some(last), Some(t)) = (self.segments.last_mut(), last_terminator) {
                        last.terminator = t;
                    }
                }
                Err(e)
            }
        }
    }

    /// Clears the value at `path` (it becomes empty; following parts keep their positions).
    pub fn clear(&mut self, path: &str) -> Result<()> {
        self.set_raw(path, "")
    }

    /// Removes repetition `path` (which must name a repetition, e.g. `PID-3[2]`); later
    /// repetitions move up.
    pub fn remove_repetition(&mut self, path: &str) -> Result<()> {
        let p = Path::parse(path)?;
        if p.repetition.is_none() || p.component.is_some() {
            return Err(edit("path must name a repetition, such as PID-3[2]"));
        }
        self.edit(&p, Edit::RemoveRepetition)
    }

    /// Appends a repetition holding `value` (escaped) to the field `path` names.
    pub fn add_repetition(&mut self, path: &str, value: &str) -> Result<()> {
        let p = Path::parse(path)?;
        if p.field.is_none() || p.component.is_some() {
            return Err(edit("path must name a field, such as PID-3"));
        }
        let encoded = escape::encode(value, &self.delims).into_owned();
        self.edit(&p, Edit::AddRepetition(&encoded))
    }

    fn segment_for_edit(&mut self, p: &Path) -> Result<usize> {
        if p.field.is_none() {
            return Err(edit("path must name a field"));
        }
        let occ = p.occurrence.unwrap_or(1) as usize;
        if let Some(i) = self.find_segment(p.segment(), occ) {
            return Ok(i);
        }
        let count = self
            .segments
            .iter()
            .filter(|s| s.text.get(..3) == Some(p.segment()))
            .count();
        if occ != count + 1 {
            return Err(edit("segment occurrence is more than one past the last"));
        }
        self.add_segment(p.segment())?;
        Ok(self.segments.len() - 1)
    }

    /// Serializes into `out`.
    pub fn write_to(&self, out: &mut String) {
        out.push_str(&self.prefix);
        for s in &self.segments {
            out.push_str(&s.text);
            out.push_str(&s.terminator);
        }
        out.push_str(&self.suffix);
    }
}

pub(crate) enum Edit<'v> {
    Set(&'v str),
    RemoveRepetition,
    AddRepetition(&'v str),
}

/// How many empty parts one edit may add to reach the position it names. Real messages stay
/// far below this; without a bound, `set("OBX-4000000000", ..)` would allocate gigabytes.
const MAX_PADDING: usize = 100_000;

/// Splits `s` at `sep` into at least `n` parts (padding with empty parts).
fn split_padded(s: &str, sep: char, n: usize) -> Result<Vec<String>> {
    let mut v: Vec<String> = s.split(sep).map(str::to_string).collect();
    if n > v.len() + MAX_PADDING {
        return Err(edit("position is more than 100,000 parts past the end"));
    }
    while v.len() < n {
        v.push(String::new());
    }
    Ok(v)
}

pub(crate) fn edit_segment(text: &str, d: &Delimiters, p: &Path, op: Edit<'_>) -> Result<String> {
    let header = matches!(p.segment(), "MSH" | "FHS" | "BHS");
    let f = p.field.unwrap_or(1) as usize;
    if header && f <= 2 {
        return Err(edit(
            "MSH-1 and MSH-2 hold the delimiters and cannot be edited",
        ));
    }
    let piece = if header { f - 1 } else { f };
    let (fs, rs, cs, ss) = (
        d.field as char,
        d.repetition as char,
        d.component as char,
        d.subcomponent as char,
    );
    let mut parts = split_padded(text, fs, piece + 1)?;
    let field = &mut parts[piece];
    match op {
        Edit::Set(raw) => match (p.repetition, p.component) {
            (None, None) => *field = raw.to_string(),
            (r, c) => {
                let r = r.unwrap_or(1) as usize;
                let mut reps = split_padded(field, rs, r)?;
                let rep = &mut reps[r - 1];
                match c {
                    None => *rep = raw.to_string(),
                    Some(c) => {
                        let c = c as usize;
                        let mut comps = split_padded(rep, cs, c)?;
                        let comp = &mut comps[c - 1];
                        match p.subcomponent {
                            None => *comp = raw.to_string(),
                            Some(s) => {
                                let s = s as usize;
                                let mut subs = split_padded(comp, ss, s)?;
                                subs[s - 1] = raw.to_string();
                                *comp = subs.join(&ss.to_string());
                            }
                        }
                        *rep = comps.join(&cs.to_string());
                    }
                }
                *field = reps.join(&rs.to_string());
            }
        },
        Edit::RemoveRepetition => {
            let r = p.repetition.unwrap_or(1) as usize;
            let mut reps: Vec<&str> = field.split(rs).collect();
            if r > reps.len() {
                return Err(edit("no such repetition"));
            }
            reps.remove(r - 1);
            *field = reps.join(&rs.to_string());
        }
        Edit::AddRepetition(raw) => {
            if field.is_empty() {
                *field = raw.to_string();
            } else {
                field.push(rs);
                field.push_str(raw);
            }
        }
    }
    Ok(parts.join(&fs.to_string()))
}

impl fmt::Display for OwnedMessage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut s = String::new();
        self.write_to(&mut s);
        f.write_str(&s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_edits_one_segment() {
        let src = "\u{FEFF}MSH|^~\\&|A\r\nPID|1||X\r\n\r\nRXA|0|1\n";
        let mut m = OwnedMessage::parse(src).unwrap();
        assert_eq!(m.to_string(), src);
        m.set("PID-5.2", "Jo").unwrap();
        assert_eq!(
            m.to_string(),
            "\u{FEFF}MSH|^~\\&|A\r\nPID|1||X||^Jo\r\n\r\nRXA|0|1\n"
        );
        m.remove_repetition("PID-3[1]").unwrap();
        m.add_repetition("PID-3", "Y").unwrap();
        m.add_repetition("PID-3", "Z").unwrap();
        assert_eq!(m.get("PID-3[2]").unwrap().as_deref(), Some("Z"));
        m.add_segment("OBX|1").unwrap();
        assert!(m.to_string().ends_with("RXA|0|1\nOBX|1\r\n"));
        assert!(m.set("MSH-2", "x").is_err());
        assert!(m.set("RXA[3]-1", "x").is_err());
        // Positions far past the end are refused, not padded out to gigabytes.
        let before = m.to_string();
        assert_eq!(m.set("OBX-4000000000", "x").unwrap_err().code(), "edit");
        assert_eq!(m.set("PID-3[200000].1", "x").unwrap_err().code(), "edit");
        assert_eq!(m.to_string(), before);
        // A failed edit that would have added a segment leaves the message unchanged.
        let before = m.to_string();
        assert!(m.set("MSH[2]-2", "x").is_err());
        assert_eq!(m.to_string(), before);
        m.set("RXA[2]-1", "0").unwrap();
        assert_eq!(m.find_segment("RXA", 2), Some(4));
    }
}
