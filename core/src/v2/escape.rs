//! HL7 escape sequences: decoding on read (allocating only when an escape is present) and
//! encoding on write.
//!
//! Decoded: `\F\ \S\ \T\ \R\ \E\` (the delimiters), `\P\` (the truncation character, when the
//! message declares one), `\Xhh…\` (hex bytes, read as UTF-8 or, failing that, as ISO-8859-1),
//! `\.br\` (a line break, decoded as `\n`), and the highlighting commands `\H\` and `\N\`
//! (display hints, decoded to nothing). Kept verbatim: `\Cxxyy\`, `\Mxxyyzz\`, `\Zxx\`, other
//! formatting commands (`\.sp\` …), unknown or unterminated sequences.
//!
//! Encoding is the inverse for text: delimiters become `\F\` …, `\n` becomes `\.br\`, and other
//! control characters become `\Xhh\`, so `decode(encode(s)) == s` for every string.

use super::delimiters::Delimiters;
use std::borrow::Cow;

/// Decodes the escape sequences in `raw` (see the module docs). Returns `Cow::Borrowed` when
/// `raw` holds no escape character.
///
/// ```
/// use izkit::v2::{escape, Delimiters};
/// let d = Delimiters::default();
/// assert_eq!(escape::decode(r"A\F\B\S\C\.br\D", &d), "A|B^C\nD");
/// assert!(matches!(escape::decode("plain", &d), std::borrow::Cow::Borrowed(_)));
/// ```
pub fn decode<'a>(raw: &'a str, d: &Delimiters) -> Cow<'a, str> {
    let bytes = raw.as_bytes();
    let Some(first) = memchr::memchr(d.escape, bytes) else {
        return Cow::Borrowed(raw);
    };
    let mut out = String::with_capacity(raw.len());
    out.push_str(&raw[..first]);
    let mut i = first;
    while i < bytes.len() {
        // i is at an escape character.
        let body_start = i + 1;
        let close = memchr::memchr(d.escape, &bytes[body_start..]).map(|p| body_start + p);
        let Some(close) = close else {
            // Unterminated: keep the rest verbatim.
            out.push_str(&raw[i..]);
            break;
        };
        let body = &raw[body_start..close];
        if !decode_one(body, d, &mut out) {
            if body.is_empty() {
                // `\\`: an escape character followed by another; keep the first, retry at the second.
                out.push(d.escape as char);
                i = close;
                continue;
            }
            out.push_str(&raw[i..=close]);
        }
        i = close + 1;
        match memchr::memchr(d.escape, &bytes[i..]) {
            Some(p) => {
                out.push_str(&raw[i..i + p]);
                i += p;
            }
            None => {
                out.push_str(&raw[i..]);
                break;
            }
        }
    }
    Cow::Owned(out)
}

/// Decodes one escape body (the text between two escape characters) into `out`. Returns false
/// when the sequence is kept verbatim.
fn decode_one(body: &str, d: &Delimiters, out: &mut String) -> bool {
    match body {
        "F" => out.push(d.field as char),
        "S" => out.push(d.component as char),
        "T" => out.push(d.subcomponent as char),
        "R" => out.push(d.repetition as char),
        "E" => out.push(d.escape as char),
        "P" if d.truncation.is_some() => out.push(d.truncation.unwrap_or(b'#') as char),
        ".br" => out.push('\n'),
        "H" | "N" => {}
        _ if body.len() > 1 && body.as_bytes()[0] == b'X' => return decode_hex(&body[1..], out),
        _ => return false,
    }
    true
}

fn decode_hex(hex: &str, out: &mut String) -> bool {
    if hex.is_empty() || hex.len() % 2 != 0 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return false;
    }
    let bytes: Vec<u8> = hex
        .as_bytes()
        .chunks(2)
        .map(|p| (hex_val(p[0]) << 4) | hex_val(p[1]))
        .collect();
    match std::str::from_utf8(&bytes) {
        Ok(s) => out.push_str(s),
        // Not UTF-8: read the bytes as ISO-8859-1, where every byte is a character.
        Err(_) => out.extend(bytes.iter().map(|&b| b as char)),
    }
    true
}

fn hex_val(b: u8) -> u8 {
    match b {
        b'0'..=b'9' => b - b'0',
        b'a'..=b'f' => b - b'a' + 10,
        _ => b - b'A' + 10,
    }
}

/// True when `s` contains a byte that [`encode`] would replace.
#[inline]
fn needs_encoding(s: &str, d: &Delimiters) -> bool {
    s.bytes()
        .any(|b| d.is_special(b) || b < 0x20 || b == 0x7F || Some(b) == d.truncation)
}

/// Encodes `text` for writing into a message: delimiters and the escape character become
/// `\F\ \S\ \T\ \R\ \E\`, a truncation character `\P\`, `\n` becomes `\.br\` and other control
/// characters `\Xhh\`. Returns `Cow::Borrowed` when nothing needs escaping.
///
/// ```
/// use izkit::v2::{escape, Delimiters};
/// let d = Delimiters::default();
/// assert_eq!(escape::encode("A|B^C&D~E\\F", &d), r"A\F\B\S\C\T\D\R\E\E\F");
/// assert_eq!(escape::decode(&escape::encode("x\ny\r", &d), &d), "x\ny\r");
/// ```
pub fn encode<'a>(text: &'a str, d: &Delimiters) -> Cow<'a, str> {
    if !needs_encoding(text, d) {
        return Cow::Borrowed(text);
    }
    let e = d.escape as char;
    let mut out = String::with_capacity(text.len() + 16);
    // Every byte that needs escaping is ASCII, so the text between two of them is copied as
    // one slice (always cut at character boundaries).
    let mut from = 0;
    for (i, b) in text.bytes().enumerate() {
        let seq: Option<&str> = match b {
            _ if b == d.field => Some("F"),
            _ if b == d.component => Some("S"),
            _ if b == d.subcomponent => Some("T"),
            _ if b == d.repetition => Some("R"),
            _ if b == d.escape => Some("E"),
            _ if Some(b) == d.truncation => Some("P"),
            // `\.br\` would be cut apart if `.` is a delimiter; `\X0A\` then says the same.
            b'\n' if !d.is_special(b'.') => Some(".br"),
            _ if b < 0x20 || b == 0x7F => None,
            _ => continue,
        };
        out.push_str(&text[from..i]);
        from = i + 1;
        out.push(e);
        match seq {
            Some(s) => out.push_str(s),
            None => {
                out.push('X');
                out.push(char::from(b"0123456789ABCDEF"[(b >> 4) as usize]));
                out.push(char::from(b"0123456789ABCDEF"[(b & 15) as usize]));
            }
        }
        out.push(e);
    }
    out.push_str(&text[from..]);
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn keeps_verbatim_sequences() {
        let d = Delimiters::default();
        for s in [
            r"\C2842\",
            r"\M2842AB\",
            r"\Zabc\",
            r"\.sp2\",
            r"\Q\",
            r"tail\F",
            r"\",
        ] {
            assert_eq!(decode(s, &d), s, "{s}");
        }
        assert_eq!(decode(r"\X41C3A9\", &d), "Aé");
        assert_eq!(decode(r"\XE9\", &d), "é");
        assert_eq!(decode(r"a\H\b\N\c", &d), "abc");
        assert_eq!(decode(r"\\F\", &d), "\\|");
    }

    proptest! {
        #[test]
        fn decode_inverts_encode(s in "\\PC*|[|^~&\\\\\\r\\n\\tA-Z]*") {
            let d = Delimiters::default();
            let enc = encode(&s, &d);
            prop_assert_eq!(decode(&enc, &d), s.as_str());
        }

        #[test]
        fn encoded_text_has_no_delimiters(s in "[|^~&\\\\\\r\\nA-Za-z0-9 ]*") {
            let d = Delimiters::default();
            let enc = encode(&s, &d);
            let structural = enc.bytes().filter(|&b| b == b'|' || b == b'^' || b == b'~' || b == b'&' || b == b'\r' || b == b'\n').count();
            prop_assert_eq!(structural, 0);
        }
    }
}
