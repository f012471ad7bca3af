//! Writing the model as compact JSON straight into a `String`, byte for byte what
//! `serde_json::to_string` writes for the same value, without serde's per-element dispatch.
//!
//! Why: writing the Bundle through serde_json's `Serializer` was a third of `to_fhir_json`,
//! most of it string escaping one character at a time. Here text is copied in runs and only the
//! characters JSON requires escaped (`"`, `\`, controls) are written as escapes, the way serde_json
//! writes them. Element names are literals of the `fhir_type!` macro, written as they are.
//! Elements not modelled (`extra`, JSON values of any shape) still go through serde_json: they
//! are rare in what izkit writes.

use super::{Decimal, Extra};

/// A model value that writes itself as compact JSON.
pub trait WriteJson {
    /// Appends the value's JSON to `out`.
    fn write_json(&self, out: &mut String);
}

/// What JSON escapes each byte as: 0 for none, `u` for `\u00XX`, else the letter after `\`.
static ESCAPE: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut i = 0;
    while i < 0x20 {
        t[i] = b'u';
        i += 1;
    }
    t[0x08] = b'b';
    t[0x09] = b't';
    t[0x0a] = b'n';
    t[0x0c] = b'f';
    t[0x0d] = b'r';
    t[b'"' as usize] = b'"';
    t[b'\\' as usize] = b'\\';
    t
};

/// The index of the first byte of `bytes` JSON must escape, eight bytes at a time (most text
/// has none: it is then copied whole).
fn first_escape(bytes: &[u8]) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let mut chunks = bytes.chunks_exact(8);
    let mut at = 0;
    for chunk in &mut chunks {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let x = u64::from_le_bytes(word);
        // A byte below 0x20, or equal to `"` or `\`, sets its high bit in one of these
        // (the classic "has a zero byte" test; ASCII high bits are clear, UTF-8 bytes are
        // ≥ 0x80 and excluded by `!x`).
        let controls = x.wrapping_sub(ONES * 0x20) & !x;
        let q = x ^ (ONES * u64::from(b'"'));
        let quotes = q.wrapping_sub(ONES) & !q;
        let b = x ^ (ONES * u64::from(b'\\'));
        let backslashes = b.wrapping_sub(ONES) & !b;
        if (controls | quotes | backslashes) & HIGH != 0 {
            break;
        }
        at += 8;
    }
    at + bytes[at..]
        .iter()
        .position(|&b| ESCAPE[usize::from(b)] != 0)
        .unwrap_or(bytes.len() - at)
}

/// Appends `s` as a JSON string (quoted, escaped as serde_json escapes).
pub(crate) fn write_str(out: &mut String, s: &str) {
    out.reserve(s.len() + 2);
    out.push('"');
    let bytes = s.as_bytes();
    let first = first_escape(bytes);
    if first == bytes.len() {
        out.push_str(s);
        out.push('"');
        return;
    }
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate().skip(first) {
        let esc = ESCAPE[usize::from(b)];
        if esc == 0 {
            continue;
        }
        // `i` is at an ASCII byte, so both slices end on character boundaries.
        out.push_str(&s[start..i]);
        start = i + 1;
        out.push('\\');
        if esc == b'u' {
            const HEX: &[u8; 16] = b"0123456789abcdef";
            out.push_str("u00");
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 0x0f)]));
        } else {
            out.push(char::from(esc));
        }
    }
    out.push_str(&s[start..]);
    out.push('"');
}

/// Appends a JSON value of any shape through serde_json (for `extra`).
fn write_serde<T: serde::Serialize + ?Sized>(out: &mut String, v: &T) {
    // Serializing a JSON value to a string cannot fail (string keys only).
    if let Ok(s) = serde_json::to_string(v) {
        out.push_str(&s);
    }
}

/// Appends the entries of `extra` to an object that already has `had` entries.
pub(crate) fn write_extra(out: &mut String, extra: &Extra, mut had: bool) {
    for (k, v) in extra {
        if had {
            out.push(',');
        }
        had = true;
        write_str(out, k);
        out.push(':');
        write_serde(out, v);
    }
}

/// Appends an `Extra` as a whole object.
pub(crate) fn write_object(out: &mut String, extra: &Extra) {
    out.push('{');
    write_extra(out, extra, false);
    out.push('}');
}

impl WriteJson for String {
    fn write_json(&self, out: &mut String) {
        write_str(out, self);
    }
}

impl WriteJson for std::borrow::Cow<'_, str> {
    fn write_json(&self, out: &mut String) {
        write_str(out, self);
    }
}

impl WriteJson for bool {
    fn write_json(&self, out: &mut String) {
        out.push_str(if *self { "true" } else { "false" });
    }
}

impl WriteJson for i64 {
    fn write_json(&self, out: &mut String) {
        use std::fmt::Write;
        let _ = write!(out, "{self}");
    }
}

impl WriteJson for u32 {
    fn write_json(&self, out: &mut String) {
        use std::fmt::Write;
        let _ = write!(out, "{self}");
    }
}

impl WriteJson for Decimal {
    fn write_json(&self, out: &mut String) {
        // A Decimal's text is a JSON number, checked when it was made or read.
        out.push_str(self.as_str());
    }
}

impl<T: WriteJson> WriteJson for Option<T> {
    fn write_json(&self, out: &mut String) {
        match self {
            Some(v) => v.write_json(out),
            None => out.push_str("null"),
        }
    }
}

impl<T: WriteJson + ?Sized> WriteJson for Box<T> {
    fn write_json(&self, out: &mut String) {
        (**self).write_json(out);
    }
}

impl<T: WriteJson> WriteJson for Vec<T> {
    fn write_json(&self, out: &mut String) {
        out.push('[');
        for (i, v) in self.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            v.write_json(out);
        }
        out.push(']');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_are_escaped_as_serde_json_escapes_them() {
        let mut all = String::new();
        for c in (0u32..0x80).chain([0xe9, 0x2028, 0x1f600]) {
            all.push(char::from_u32(c).unwrap());
        }
        let tail = "Fürstenberg-Ünterwald, 12345678".repeat(3);
        for s in [
            "",
            "plain",
            "a\"b\\c",
            "\u{7f}\u{1}x",
            "é\r\n",
            &all,
            &tail,
            "01234567\"",
            "0123456789abcdef\\x",
            "ünïcödé ünïcödé\u{1f}",
        ] {
            let mut out = String::new();
            write_str(&mut out, s);
            assert_eq!(out, serde_json::to_string(s).unwrap(), "{s:?}");
        }
    }

    #[test]
    fn numbers_and_lists() {
        let mut out = String::new();
        vec![Some(-3i64), None].write_json(&mut out);
        u32::MAX.write_json(&mut out);
        vec![true, false].write_json(&mut out);
        assert_eq!(out, "[-3,null]4294967295[true,false]");
    }
}
