//! Text helpers shared by the ACK reader and the two writers: splitting raw segment text,
//! writing escaped or raw values, ERL locations, and numbers.
//!
//! The writers never fail and their output must always parse, so everything they copy goes
//! through [`push_escaped`] (text) or [`push_raw`] (raw HL7 text, where only bytes that would
//! break the segment are escaped).

use super::super::Location;
use crate::v2::{escape, Delimiters, OwnedMessage};
use std::borrow::Cow;

/// The `n`-th (0-based) piece of `s` split at `sep`; empty when there are fewer pieces.
pub(crate) fn piece(s: &str, sep: u8, n: usize) -> &str {
    s.split(sep as char).nth(n).unwrap_or("")
}

/// Raw field `n` (1-based, HL7 numbering) of the segment text `seg`; empty when absent. For
/// MSH, field 1 is the field separator itself and field 2 the encoding characters.
pub(crate) fn field<'a>(seg: &'a str, d: &Delimiters, n: usize) -> &'a str {
    if seg.starts_with("MSH") {
        match n {
            0 => "",
            1 => seg.get(3..4).unwrap_or(""),
            _ => piece(seg, d.field, n - 1),
        }
    } else {
        piece(seg, d.field, n)
    }
}

/// The first repetition of a raw field.
pub(crate) fn first_rep<'a>(raw: &'a str, d: &Delimiters) -> &'a str {
    piece(raw, d.repetition, 0)
}

/// Component `n` (1-based) of a raw repetition.
pub(crate) fn comp<'a>(raw: &'a str, d: &Delimiters, n: usize) -> &'a str {
    piece(raw, d.component, n.saturating_sub(1))
}

/// Decoded text, kept as sent; `None` when empty (also when only escapes that decode to
/// nothing, such as `\H\`, were sent: written back, that is an empty field).
pub(crate) fn text(raw: &str, d: &Delimiters) -> Option<String> {
    let v = escape::decode(raw, d);
    (!v.is_empty()).then(|| v.into_owned())
}

/// A decoded code: trimmed of surrounding spaces (real messages carry stray spaces around
/// codes); `None` when nothing is left.
pub(crate) fn code(raw: &str, d: &Delimiters) -> Option<String> {
    let v = escape::decode(raw, d);
    let t = v.trim();
    (!t.is_empty()).then(|| t.to_string())
}

/// Raw text, kept as sent; `None` when empty.
pub(crate) fn raw(raw: &str) -> Option<String> {
    (!raw.is_empty()).then(|| raw.to_string())
}

/// A byte needs escaping in text.
const TEXT: u8 = 1;
/// A byte breaks a field (and so needs escaping in raw text too).
const FIELD: u8 = 2;

/// The delimiters of the message being written, with a table of the bytes that need
/// escaping: one lookup per byte finds that a value can be copied as it is (the common case).
#[derive(Clone)]
pub(crate) struct Esc {
    /// The delimiters.
    pub d: Delimiters,
    class: [u8; 256],
}

impl Esc {
    pub(crate) fn new(d: Delimiters) -> Esc {
        let mut class = [0u8; 256];
        for (b, c) in class.iter_mut().enumerate() {
            // What the parser rejects inside a segment (TAB is allowed) and CR/LF.
            if (b < 0x20 && b != 0x09) || b == 0x7F {
                *c = TEXT | FIELD;
            }
        }
        class[d.field as usize] = TEXT | FIELD;
        // escape::encode turns a TAB into `\X09\` too.
        class[0x09] = TEXT;
        for b in [d.component, d.repetition, d.escape, d.subcomponent] {
            class[b as usize] |= TEXT;
        }
        if let Some(t) = d.truncation {
            class[t as usize] |= TEXT;
        }
        Esc { d, class }
    }

    #[inline]
    fn clean(&self, s: &str, mask: u8) -> bool {
        s.bytes().all(|b| self.class[b as usize] & mask == 0)
    }

    /// True when `text` needs no escaping.
    pub(crate) fn is_plain(&self, text: &str) -> bool {
        self.clean(text, TEXT)
    }
}

/// Appends `text` escaped with the delimiters (exactly what [`escape::encode`] writes).
pub(crate) fn push_escaped(out: &mut String, text: &str, e: &Esc) {
    if e.clean(text, TEXT) {
        out.push_str(text);
    } else {
        out.push_str(&escape::encode(text, &e.d));
    }
}

/// True for a byte that may not appear inside a field: the field separator, CR, LF and the
/// other control characters the parser rejects (TAB is allowed).
#[inline]
fn breaks_field(b: u8, d: &Delimiters) -> bool {
    b == d.field || breaks_segment(b)
}

#[inline]
fn breaks_segment(b: u8) -> bool {
    (b < 0x20 && b != b'\t') || b == 0x7F
}

/// Appends raw HL7 text (an HD, a TS, a CE as sent) as it is, so its components stay
/// components; only a field separator (`\F\`) or a control character (`\Xhh\`) is escaped,
/// since either would break the segment. Text read from a parsed message holds neither.
pub(crate) fn push_raw(out: &mut String, raw: &str, e: &Esc) {
    if e.clean(raw, FIELD) {
        out.push_str(raw);
    } else {
        push_filtered(out, raw, &e.d, |b| breaks_field(b, &e.d));
    }
}

/// [`push_raw`] as a value: what the written message reads back as raw text.
pub(crate) fn sanitized<'a>(raw: &'a str, d: &Delimiters) -> Cow<'a, str> {
    if !raw.bytes().any(|b| breaks_field(b, d)) {
        return Cow::Borrowed(raw);
    }
    let mut s = String::with_capacity(raw.len() + 8);
    push_filtered(&mut s, raw, d, |b| breaks_field(b, d));
    Cow::Owned(s)
}

/// Appends the raw text of a whole segment (QPD, echoed): its field separators are kept and
/// only control characters are escaped. A text that is not a `QPD` segment becomes the
/// fields of one.
pub(crate) fn push_qpd(out: &mut String, seg: &str, d: &Delimiters) {
    out.push_str("QPD");
    match seg.strip_prefix("QPD") {
        Some(rest) if rest.is_empty() || rest.as_bytes()[0] == d.field => {
            push_filtered(out, rest, d, breaks_segment);
        }
        _ => {
            out.push(d.field as char);
            push_filtered(out, seg, d, breaks_segment);
        }
    }
}

/// [`push_qpd`] as a value.
pub(crate) fn qpd_text(seg: &str, d: &Delimiters) -> String {
    let mut s = String::with_capacity(seg.len() + 4);
    push_qpd(&mut s, seg, d);
    s
}

fn push_filtered(out: &mut String, raw: &str, d: &Delimiters, bad: impl Fn(u8) -> bool) {
    let mut from = 0;
    for (i, b) in raw.bytes().enumerate() {
        if !bad(b) {
            continue;
        }
        // Every byte escaped here is ASCII, so `i` is a character boundary.
        out.push_str(&raw[from..i]);
        from = i + 1;
        out.push(d.escape as char);
        if b == d.field {
            out.push('F');
        } else {
            out.push('X');
            out.push(char::from(b"0123456789ABCDEF"[(b >> 4) as usize]));
            out.push(char::from(b"0123456789ABCDEF"[(b & 15) as usize]));
        }
        out.push(d.escape as char);
    }
    out.push_str(&raw[from..]);
}

/// Appends a number (without the formatting machinery: this runs several times per ERR).
pub(crate) fn push_num(out: &mut String, n: impl Into<u32>) {
    let mut n: u32 = n.into();
    let mut buf = [0u8; 10];
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    for &b in &buf[i..] {
        out.push(char::from(b));
    }
}

/// Removes trailing `sep` bytes written after byte `from` (empty trailing parts).
pub(crate) fn trim_trailing(out: &mut String, from: usize, sep: u8) {
    while out.len() > from && out.as_bytes().last() == Some(&sep) {
        out.pop();
    }
}

/// A segment id `[A-Z][A-Z0-9]{2}`: the only kind an ERL may name (and the only kind that
/// can be written into ERR-2 without escaping).
pub(crate) fn is_segment_id(id: &str) -> bool {
    let b = id.as_bytes();
    b.len() == 3
        && b[0].is_ascii_uppercase()
        && b[1..]
            .iter()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
}

/// A finding's location as the ACK states it: `None` when the segment id cannot be an ERL.1;
/// a field location names its repetition (1 when the finding has none), as the IG examples
/// and [`Location::erl`] do; positions below a missing one are dropped.
pub(crate) fn normalize(loc: &Location) -> Option<Location> {
    if !is_segment_id(&loc.segment) {
        return None;
    }
    let field = loc.field;
    let repetition = field.map(|_| loc.repetition.unwrap_or(1));
    let component = field.and(loc.component);
    let subcomponent = component.and(loc.subcomponent);
    Some(Location {
        segment: loc.segment.clone(),
        sequence: loc.sequence,
        field,
        repetition,
        component,
        subcomponent,
    })
}

/// Appends an ERL (`RXA^1^5^1^1`) with the component separator: the parts up to the first
/// missing one. With `default_repetition` a field location without a repetition names
/// repetition 1 ([`normalize`] without the copy). Writes nothing and returns false when the
/// segment id cannot be an ERL.1.
pub(crate) fn push_erl(
    out: &mut String,
    loc: &Location,
    d: &Delimiters,
    default_repetition: bool,
) -> bool {
    if !is_segment_id(&loc.segment) {
        return false;
    }
    let cs = d.component as char;
    out.push_str(&loc.segment);
    out.push(cs);
    push_num(out, loc.sequence);
    let rep = if default_repetition {
        loc.field.map(|_| loc.repetition.unwrap_or(1))
    } else {
        loc.repetition
    };
    for p in [loc.field, rep, loc.component, loc.subcomponent] {
        let Some(p) = p else { break };
        out.push(cs);
        push_num(out, p);
    }
    true
}

/// Reads one ERL repetition (`RXA^1^5^1^1`): `None` when ERL.1 is not a segment id. Positions
/// are read up to the first empty or non-numeric one (what follows it is dropped, so the
/// location written back reads the same); a missing ERL.2 means the first occurrence.
pub(crate) fn parse_erl(raw: &str, sep: u8) -> Option<Location> {
    let mut parts = raw.split(sep as char);
    let segment = parts.next()?.trim();
    if !is_segment_id(segment) {
        return None;
    }
    let mut nums: [Option<u32>; 5] = [None; 5];
    for slot in nums.iter_mut() {
        match parts.next().and_then(number) {
            Some(v) => *slot = Some(v),
            None => break,
        }
    }
    Some(Location {
        segment: segment.to_string(),
        sequence: nums[0].unwrap_or(1),
        field: nums[1],
        repetition: nums[2],
        component: nums[3],
        subcomponent: nums[4],
    })
}

/// A non-negative integer position (spaces around it tolerated).
fn number(raw: &str) -> Option<u32> {
    let t = raw.trim();
    if t.is_empty() || !t.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    t.parse().ok()
}

/// Delimiters a message can be written with: `d` when its characters are legal and distinct
/// (as any parsed message's are), else the standard `|^~\&`. A truncation character that is
/// not legal and distinct is dropped.
pub(crate) fn usable(d: &Delimiters) -> Delimiters {
    let legal = |b: u8| b.is_ascii_graphic() && !b.is_ascii_alphanumeric();
    let main = [d.field, d.component, d.repetition, d.escape, d.subcomponent];
    let distinct = main.iter().enumerate().all(|(i, b)| !main[..i].contains(b));
    if !(distinct && main.iter().all(|&b| legal(b))) {
        return Delimiters::default();
    }
    let mut d = *d;
    d.truncation = d.truncation.filter(|&t| legal(t) && !main.contains(&t));
    d
}

/// Appends `MSH` and MSH-1/MSH-2 (`MSH|^~\&`), without the field separator that follows.
pub(crate) fn push_msh_start(out: &mut String, d: &Delimiters) {
    out.push_str("MSH");
    out.push(d.field as char);
    for b in [d.component, d.repetition, d.escape, d.subcomponent] {
        out.push(b as char);
    }
    if let Some(t) = d.truncation {
        out.push(t as char);
    }
}

/// Wraps text written here (segments ending in CR, with no CR or LF inside: the writers
/// escape them) as an [`OwnedMessage`], without parsing it again.
pub(crate) fn into_owned(text: &str, d: Delimiters) -> OwnedMessage {
    let mut start = 0;
    let spans = memchr::memchr_iter(b'\r', text.as_bytes()).map(move |p| {
        let s = (start, p, p + 1);
        start = p + 1;
        s
    });
    OwnedMessage::from_parts(text, d, spans)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_fields_the_hl7_way() {
        let d = Delimiters::default();
        let msh = "MSH|^~\\&|A|B||D";
        assert_eq!(field(msh, &d, 1), "|");
        assert_eq!(field(msh, &d, 2), "^~\\&");
        assert_eq!(field(msh, &d, 3), "A");
        assert_eq!(field(msh, &d, 5), "");
        assert_eq!(field(msh, &d, 40), "");
        assert_eq!(field("ERR||PID^1^5|101", &d, 2), "PID^1^5");
        assert_eq!(comp("101^x^HL70357", &d, 3), "HL70357");
    }

    #[test]
    fn raw_text_cannot_break_a_segment() {
        let d = Delimiters::default();
        let mut s = String::new();
        push_raw(&mut s, "A^B|C\rD\u{7f}\tE", &Esc::new(d));
        assert_eq!(s, "A^B\\F\\C\\X0D\\D\\X7F\\\tE");
        assert_eq!(sanitized("A^B", &d), "A^B");
        assert_eq!(qpd_text("QPD|a\nb", &d), "QPD|a\\X0A\\b");
        assert_eq!(qpd_text("XYZ|a", &d), "QPD|XYZ|a");
        assert_eq!(qpd_text("QPD", &d), "QPD");
        assert_eq!(qpd_text("QPDX", &d), "QPD|QPDX");
    }

    #[test]
    fn escaping_matches_escape_encode() {
        let d = Delimiters {
            truncation: Some(b'#'),
            ..Delimiters::default()
        };
        let e = Esc::new(d);
        for t in [
            "plain",
            "a|b",
            "a^b~c&d\\e#f",
            "tab\there",
            "cr\r\nlf",
            "\u{7f}é",
            "",
        ] {
            let mut s = String::new();
            push_escaped(&mut s, t, &e);
            assert_eq!(s, escape::encode(t, &d), "{t:?}");
        }
        let mut s = String::new();
        for n in [0u32, 7, 10, 4_294_967_295] {
            push_num(&mut s, n);
            s.push(' ');
        }
        assert_eq!(s, "0 7 10 4294967295 ");
    }

    #[test]
    fn erl_round_trips() {
        let d = Delimiters::default();
        let loc = parse_erl("RXA^1^5^1^1", b'^').unwrap();
        let mut s = String::new();
        assert!(push_erl(&mut s, &loc, &d, false));
        assert_eq!(s, "RXA^1^5^1^1");
        // Stops at the first position that is not a number.
        let loc = parse_erl(" PID ^1^11^x^5", b'^').unwrap();
        assert_eq!(
            (loc.field, loc.repetition, loc.component),
            (Some(11), None, None)
        );
        assert_eq!(parse_erl("PID", b'^').unwrap().sequence, 1);
        assert!(parse_erl("pid^1", b'^').is_none());
        assert!(parse_erl("", b'^').is_none());
        assert!(parse_erl("PID^99999999999", b'^').unwrap().field.is_none());
        let mut s = String::new();
        let bare = Location {
            field: Some(12),
            ..Location::segment("MSH", 1)
        };
        push_erl(&mut s, &bare, &d, true);
        assert_eq!(s, "MSH^1^12^1");
        assert_eq!(normalize(&bare).unwrap().repetition, Some(1));
        assert!(normalize(&Location::segment("R|A", 1)).is_none());
    }

    #[test]
    fn unusable_delimiters_fall_back_to_the_standard_ones() {
        let clash = Delimiters {
            component: b'|',
            ..Delimiters::default()
        };
        assert_eq!(usable(&clash), Delimiters::default());
        let letter = Delimiters {
            truncation: Some(b'A'),
            ..Delimiters::default()
        };
        assert_eq!(usable(&letter).truncation, None);
        let hash = Delimiters {
            truncation: Some(b'#'),
            ..Delimiters::default()
        };
        assert_eq!(usable(&hash).truncation, Some(b'#'));
    }
}
