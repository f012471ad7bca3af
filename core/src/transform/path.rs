//! [`Location`]: where a transformation reads or writes — an izkit path (`RXA[2]-5.1`) or a
//! HAPI-terser path (`/ORDER(1)/RXA-5-1`, `/.OBX-3-2`), parsed once at load time.
//!
//! A terser path names a primitive as HAPI's `Terser` does: segment and group repetitions and
//! the field repetition are 0-based, field, component and subcomponent numbers 1-based, and an
//! omitted component or subcomponent means the first (`/PID-5` is `PID-5.1.1`). Group paths
//! are resolved against the IG structure of the message (see `structure`).

use super::structure::{self, Address};
use crate::error::{Error, ErrorKind, Result};
use crate::v2::{Delimiters, Message, Path, Segment};
use std::borrow::Cow;
use std::fmt;

/// Which segment a location names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum SegSel {
    /// izkit: the `occurrence`-th (1-based) segment with the id.
    Izkit { occurrence: usize },
    /// HAPI terser: the `rep`-th (0-based) segment with the id inside the group chain
    /// `groups` (names with 0-based instances); with `anywhere` (`/.`), the chain starts
    /// wherever its first element first occurs.
    Terser {
        anywhere: bool,
        groups: Vec<(String, u32)>,
        rep: u32,
    },
}

/// A parsed location: an izkit or HAPI-terser path.
///
/// ```
/// use izkit::transform::Location;
/// let text = "MSH|^~\\&|A|B|C|D|20240101||VXU^V04^VXU_V04|1|P|2.5.1\r\
///             PID|1||X||DOE^JO\rORC|RE\rRXA|0|1|20240101||08^HepB^CVX\r\
///             ORC|RE\rRXA|0|1|20240102||20^DTaP^CVX\rOBX|1|CE|64994-7^Elig^LN\r";
/// let msg = izkit::Message::parse(text)?;
/// let get = |p: &str| Location::parse(p).unwrap().get(&msg).map(|v| v.into_owned());
/// assert_eq!(get("/PID-5-2").as_deref(), Some("JO"));
/// assert_eq!(get("/ORDER(1)/RXA-5-1"), get("RXA[2]-5.1"));
/// assert_eq!(get("/ORDER(1)/OBSERVATION(0)/OBX-3-2").as_deref(), Some("Elig"));
/// assert_eq!(get("/ORDER(0)/OBSERVATION(0)/OBX-3-2"), None);
/// # Ok::<(), izkit::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    text: String,
    pub(crate) sel: SegSel,
    /// The segment id and the part inside it (the occurrence is not used).
    pub(crate) path: Path,
}

fn invalid(reason: &'static str) -> Error {
    Error::new(ErrorKind::InvalidPath { reason }, 0)
}

impl Location {
    /// Parses an izkit path, or a terser path when `text` starts with `/`. Terser group names
    /// must belong to one of the IG structures, in that nesting.
    pub fn parse(text: &str) -> Result<Location> {
        if text.starts_with('/') {
            return parse_terser(text);
        }
        let path = Path::parse(text)?;
        Ok(Location {
            text: text.to_string(),
            sel: SegSel::Izkit {
                occurrence: path.occurrence.unwrap_or(1) as usize,
            },
            path,
        })
    }

    /// The path as written.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The segment id.
    pub fn segment(&self) -> &str {
        self.path.segment()
    }

    /// True when the location names a whole segment (no field).
    pub fn is_segment(&self) -> bool {
        self.path.field.is_none()
    }

    /// The value at this location in `msg` (escapes decoded), `None` when absent or empty.
    pub fn get<'a>(&self, msg: &'a Message<'_>) -> Option<Cow<'a, str>> {
        let segs: Vec<Segment<'a>> = msg.segments().collect();
        let addresses = self.needs_addresses().then(|| addresses_of(msg));
        let i = self.resolve(
            segs.len(),
            |i| segs[i].id(),
            addresses.as_deref().unwrap_or(&[]),
        )?;
        value_in(&segs[i], &self.path)
    }

    /// True when resolving needs the group address of every segment.
    pub(crate) fn needs_addresses(&self) -> bool {
        matches!(self.sel, SegSel::Terser { .. })
    }

    /// The index of the segment this location names among `n` segments with ids `id(i)`;
    /// `addresses` (for terser paths) gives each segment's group address. Linear.
    pub(crate) fn resolve<'s>(
        &self,
        n: usize,
        id: impl Fn(usize) -> &'s str,
        addresses: &[Address],
    ) -> Option<usize> {
        let want = self.path.segment();
        match &self.sel {
            SegSel::Izkit { occurrence } => (0..n)
                .filter(|&i| id(i) == want)
                .nth(occurrence.checked_sub(1)?),
            SegSel::Terser {
                anywhere,
                groups,
                rep,
            } => {
                let prefix: &[(&str, u32)] = if *anywhere {
                    // The chain starts where its first element first occurs.
                    let first = (0..n).find_map(|i| {
                        let a = addresses.get(i)?;
                        match groups.first() {
                            Some((g, _)) => a
                                .groups
                                .iter()
                                .position(|(name, _)| name == g)
                                .map(|d| &a.groups[..d]),
                            None => (id(i) == want).then_some(&a.groups[..]),
                        }
                    })?;
                    first
                } else {
                    &[]
                };
                (0..n).find(|&i| {
                    let Some(a) = addresses.get(i) else {
                        return false;
                    };
                    id(i) == want
                        && a.rep == *rep
                        && a.groups.len() == prefix.len() + groups.len()
                        && a.groups[..prefix.len()] == *prefix
                        && a.groups[prefix.len()..]
                            .iter()
                            .zip(groups)
                            .all(|((n1, i1), (n2, i2))| n1 == n2 && i1 == i2)
                })
            }
        }
    }
}

/// The group address of every segment of `msg`, from its MSH-9 and MSH-21.
pub(crate) fn addresses_of(msg: &Message<'_>) -> Vec<Address> {
    let msh9 = msg.get_raw("MSH-9").ok().flatten().unwrap_or("");
    let msh21 = msg.get_raw("MSH-21").ok().flatten().unwrap_or("");
    let s = structure::for_message(msh9, msh21, msg.delimiters().component as char);
    structure::addresses(s, msg.segments().map(|s| s.id()))
}

/// The value at `path` inside one segment (escapes decoded), `None` when absent or empty.
pub(crate) fn value_in<'a>(seg: &Segment<'a>, path: &Path) -> Option<Cow<'a, str>> {
    crate::v2::message::node_in_segment(seg, path).and_then(|n| n.value())
}

/// A segment view over one segment's own text (for segments rewritten by a transformation).
pub(crate) fn segment_view<'a>(text: &'a str, d: &Delimiters, index: usize) -> Segment<'a> {
    Segment {
        src: text,
        d: *d,
        start: 0,
        end: text.len() as u32,
        index,
        occurrence: 1,
        fields: None,
    }
}

/// True when `b` starts with a segment id `[A-Z][A-Z0-9]{2}`.
pub(crate) fn starts_with_segment_id(b: &[u8]) -> bool {
    b.len() >= 3
        && b[0].is_ascii_uppercase()
        && b[1..3]
            .iter()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
}

/// A number at `b[*i..]` (digits), advancing `i`.
fn digits(b: &[u8], i: &mut usize) -> Option<u32> {
    let start = *i;
    let mut n: u32 = 0;
    while *i < b.len() && b[*i].is_ascii_digit() {
        n = n.checked_mul(10)?.checked_add(u32::from(b[*i] - b'0'))?;
        *i += 1;
    }
    (*i > start).then_some(n)
}

/// An optional `(n)` (0-based) at `b[*i..]`.
fn paren(b: &[u8], i: &mut usize) -> Result<u32> {
    if *i >= b.len() || b[*i] != b'(' {
        return Ok(0);
    }
    *i += 1;
    let n = digits(b, i).ok_or_else(|| invalid("expected a number in parentheses"))?;
    if *i >= b.len() || b[*i] != b')' {
        return Err(invalid("expected a closing parenthesis"));
    }
    *i += 1;
    Ok(n)
}

/// A number from 1 after a `-`.
fn dashed(b: &[u8], i: &mut usize) -> Result<Option<u32>> {
    if *i >= b.len() || b[*i] != b'-' {
        return Ok(None);
    }
    *i += 1;
    match digits(b, i) {
        Some(n) if n > 0 => Ok(Some(n)),
        _ => Err(invalid(
            "terser field, component and subcomponent numbers start at 1",
        )),
    }
}

fn parse_terser(text: &str) -> Result<Location> {
    let body = &text[1..];
    let (anywhere, body) = match body.strip_prefix('.') {
        Some(rest) => (true, rest),
        None => (false, body),
    };
    let mut elements: Vec<&str> = body.split('/').collect();
    let last = elements.pop().unwrap_or("");
    let mut groups = Vec::with_capacity(elements.len());
    for g in elements {
        let b = g.as_bytes();
        let name_len = b
            .iter()
            .position(|&c| !(c.is_ascii_uppercase() || c.is_ascii_digit() || c == b'_'))
            .unwrap_or(b.len());
        if name_len == 0 || !b[0].is_ascii_uppercase() {
            return Err(invalid(
                "a terser group name is upper-case letters, digits and _",
            ));
        }
        let mut i = name_len;
        let n = paren(b, &mut i)?;
        if i != b.len() {
            return Err(invalid("expected GROUP(n)/ in a terser path"));
        }
        groups.push((g[..name_len].to_string(), n));
    }
    let b = last.as_bytes();
    let id_ok = starts_with_segment_id(b) && b.get(3).is_none_or(|c| matches!(c, b'(' | b'-'));
    if !id_ok {
        return Err(invalid(
            "a terser path ends with a segment id [A-Z][A-Z0-9]{2}",
        ));
    }
    let mut i = 3;
    let rep = paren(b, &mut i)?;
    let mut path = Path::new(&last[..3]);
    if let Some(f) = dashed(b, &mut i)? {
        path.field = Some(f);
        path.repetition = Some(paren(b, &mut i)?.saturating_add(1));
        path.component = Some(dashed(b, &mut i)?.unwrap_or(1));
        path.subcomponent = Some(dashed(b, &mut i)?.unwrap_or(1));
    }
    if i != b.len() {
        return Err(invalid(
            "expected SEG(n)-FIELD(n)-COMPONENT-SUBCOMPONENT in a terser path",
        ));
    }
    let names: Vec<&str> = groups.iter().map(|(g, _)| g.as_str()).collect();
    if !structure::is_known(&names, path.segment(), anywhere) {
        return Err(invalid(
            "terser groups and segment are not in that nesting in any IG message structure",
        ));
    }
    Ok(Location {
        text: text.to_string(),
        sel: SegSel::Terser {
            anywhere,
            groups,
            rep,
        },
        path,
    })
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}
