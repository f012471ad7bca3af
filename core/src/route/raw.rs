//! A minimal reader of the few fields routing needs, straight from a segment's text: one
//! scan per level instead of the general views (which build paths and spans for every part),
//! because facts are computed for every message on the benchmarked path. Values are the
//! first subcomponent, trimmed, escapes decoded; empty is `None`.
//!
//! Separators are found eight bytes at a time ([`Seps`]): a segment's fields before the ones
//! wanted are skipped at a few word operations per eight bytes, where a byte loop or a
//! `memchr` per field would cost several times that. Delimiters are ASCII (checked when the
//! message is parsed), so every separator position is a character boundary.

use crate::v2::{escape, Delimiters};
use std::borrow::Cow;

use crate::v2::swar::{zero_bytes, LO};

/// The positions of one separator byte in a text, in order, found a word at a time.
pub(crate) struct Seps<'a> {
    b: &'a [u8],
    pattern: u64,
    /// Start of the word `mask` describes.
    at: usize,
    /// The separator bytes of that word not yet returned (0x80 in each).
    mask: u64,
}

impl<'a> Seps<'a> {
    pub(crate) fn new(s: &'a str, sep: u8) -> Seps<'a> {
        let pattern = LO * u64::from(sep);
        let b = s.as_bytes();
        let mut it = Seps {
            b,
            pattern,
            at: 0,
            mask: 0,
        };
        it.mask = it.word_mask(0);
        it
    }

    /// The separator mask of the word starting at `at` (a short tail is zero-padded and the
    /// padding masked off, so a zero separator could not match it either).
    #[inline(always)]
    fn word_mask(&self, at: usize) -> u64 {
        let rest = &self.b[at.min(self.b.len())..];
        if rest.len() >= 8 {
            let w: [u8; 8] = rest[..8].try_into().unwrap_or([0; 8]);
            zero_bytes(u64::from_le_bytes(w) ^ self.pattern)
        } else {
            let mut w = [0u8; 8];
            w[..rest.len()].copy_from_slice(rest);
            let valid = if rest.is_empty() {
                0
            } else {
                u64::MAX >> (64 - 8 * rest.len())
            };
            zero_bytes(u64::from_le_bytes(w) ^ self.pattern) & valid
        }
    }
}

impl Iterator for Seps<'_> {
    type Item = usize;

    #[inline]
    fn next(&mut self) -> Option<usize> {
        while self.mask == 0 {
            self.at += 8;
            if self.at >= self.b.len() {
                return None;
            }
            self.mask = self.word_mask(self.at);
        }
        let pos = self.at + (self.mask.trailing_zeros() / 8) as usize;
        self.mask &= self.mask - 1;
        Some(pos)
    }
}

/// The pieces of `s` split at the byte `sep` (like `str::split`: `""` is one empty piece).
pub(crate) struct Split<'a> {
    s: &'a str,
    seps: Seps<'a>,
    start: usize,
    done: bool,
}

/// The pieces of `s` split at the ASCII byte `sep`.
pub(crate) fn split(s: &str, sep: u8) -> Split<'_> {
    Split {
        s,
        seps: Seps::new(s, sep),
        start: 0,
        done: false,
    }
}

impl<'a> Iterator for Split<'a> {
    type Item = &'a str;

    #[inline]
    fn next(&mut self) -> Option<&'a str> {
        if self.done {
            return None;
        }
        let start = self.start;
        match self.seps.next() {
            Some(end) => {
                self.start = end + 1;
                self.s.get(start..end)
            }
            None => {
                self.done = true;
                self.s.get(start..)
            }
        }
    }
}

/// Piece `n` (1-based) of `s` split at `sep`; empty when there are fewer pieces.
pub(crate) fn nth(s: &str, sep: u8, n: usize) -> &str {
    if n == 0 {
        return "";
    }
    if n == 1 {
        // The common case (first repetition, first subcomponent): one search, no iterator.
        return match s.as_bytes().iter().position(|&b| b == sep) {
            Some(i) => s.get(..i).unwrap_or(""),
            None => s,
        };
    }
    split(s, sep).nth(n - 1).unwrap_or("")
}

/// Fields `wanted` (1-based, ascending, distinct) of a segment's text, in one pass that
/// stops after the last one wanted. MSH is numbered as HL7 does (MSH-1 is the separator, so
/// MSH-n is piece n - 1 after the id).
pub(crate) fn fields<'m, const N: usize>(
    seg: &'m str,
    d: &Delimiters,
    wanted: [usize; N],
) -> [&'m str; N] {
    debug_assert!(wanted.windows(2).all(|w| w[0] < w[1]));
    let mut out = [""; N];
    let shift = usize::from(seg.starts_with("MSH"));
    let mut at = Cursor::new(seg.as_bytes(), d.field);
    for (slot, &w) in out.iter_mut().zip(&wanted) {
        // Piece `t` lies between separators `t` and `t + 1` (piece 0, the id, is no field).
        let Some(t) = w.checked_sub(shift).filter(|&t| t > 0) else {
            continue;
        };
        let Some(start) = at.find(t) else {
            break;
        };
        let end = at.find(t + 1).unwrap_or(seg.len());
        *slot = seg.get(start + 1..end).unwrap_or("");
    }
    out
}

/// Finds the `n`-th separator of a text, for ascending `n`, skipping eight bytes per step by
/// counting the separators of each word.
struct Cursor<'a> {
    b: &'a [u8],
    sep: u8,
    pattern: u64,
    /// Where the search goes on: just after separator `seen`.
    i: usize,
    /// How many separators lie before `i`, and where the last of them is.
    seen: usize,
    last: usize,
}

impl<'a> Cursor<'a> {
    fn new(b: &'a [u8], sep: u8) -> Cursor<'a> {
        Cursor {
            b,
            sep,
            pattern: LO * u64::from(sep),
            i: 0,
            seen: 0,
            last: 0,
        }
    }

    /// The position of separator `n` (1-based; not less than the last one asked for).
    fn find(&mut self, n: usize) -> Option<usize> {
        if n == self.seen && n > 0 {
            return Some(self.last);
        }
        let b = self.b;
        while let Some(w) = b.get(self.i..self.i + 8) {
            let w: [u8; 8] = w.try_into().unwrap_or([0; 8]);
            let mut m = zero_bytes(u64::from_le_bytes(w) ^ self.pattern);
            // One bit per separator byte: their count is the sum of the bytes of m >> 7.
            let c = ((m >> 7).wrapping_mul(LO) >> 56) as usize;
            if self.seen + c >= n {
                for _ in self.seen + 1..n {
                    m &= m - 1;
                }
                return Some(self.found(n, self.i + (m.trailing_zeros() / 8) as usize));
            }
            self.seen += c;
            self.i += 8;
        }
        while let Some(&c) = b.get(self.i) {
            self.i += 1;
            if c == self.sep {
                self.seen += 1;
                if self.seen == n {
                    self.last = self.i - 1;
                    return Some(self.last);
                }
            }
        }
        None
    }

    fn found(&mut self, n: usize, pos: usize) -> usize {
        self.seen = n;
        self.last = pos;
        self.i = pos + 1;
        pos
    }
}

/// `s` without surrounding whitespace: a byte test for the usual text that starts and ends
/// with a printable ASCII character, `str::trim` (Unicode whitespace) otherwise.
#[inline]
pub(crate) fn trim(s: &str) -> &str {
    match (s.as_bytes().first(), s.as_bytes().last()) {
        (Some(&a), Some(&z)) if a.is_ascii_graphic() && z.is_ascii_graphic() => s,
        _ => s.trim(),
    }
}

/// The value of a component's text: its first subcomponent, trimmed and decoded.
pub(crate) fn value<'m>(component: &'m str, d: &Delimiters) -> Option<Cow<'m, str>> {
    let first = trim(nth(component, d.subcomponent, 1));
    if first.is_empty() {
        return None;
    }
    if !first.as_bytes().contains(&d.escape) {
        return Some(Cow::Borrowed(first));
    }
    match escape::decode(first, d) {
        Cow::Borrowed(b) => Some(Cow::Borrowed(b)),
        Cow::Owned(o) => {
            let t = o.trim();
            (!t.is_empty()).then(|| Cow::Owned(t.to_string()))
        }
    }
}

/// The texts of the first `N` components of a repetition's text (raw: take a value with
/// [`value`] only where needed).
pub(crate) fn components<'m, const N: usize>(rep: &'m str, d: &Delimiters) -> [&'m str; N] {
    split_components(rep, d.component, None)
}

/// The texts of the first `N` components of a field's first repetition: [`components`] of
/// [`nth`]`(field, repetition, 1)`, in one loop over the bytes.
pub(crate) fn first_components<'m, const N: usize>(field: &'m str, d: &Delimiters) -> [&'m str; N] {
    split_components(field, d.component, Some(d.repetition))
}

/// The first `N` pieces of `text` split at `sep`, the text ending at the first `stop`.
fn split_components<const N: usize>(text: &str, sep: u8, stop: Option<u8>) -> [&str; N] {
    // A repetition is a few dozen bytes: one byte loop, no iterator state.
    let mut out = [""; N];
    let mut k = 0;
    let mut start = 0;
    let mut end = text.len();
    for (i, &b) in text.as_bytes().iter().enumerate() {
        if Some(b) == stop {
            end = i;
            break;
        }
        if b == sep {
            if let Some(slot) = out.get_mut(k) {
                *slot = text.get(start..i).unwrap_or("");
            }
            k += 1;
            if k == N {
                return out;
            }
            start = i + 1;
        }
    }
    if let Some(slot) = out.get_mut(k) {
        *slot = text.get(start..end).unwrap_or("");
    }
    out
}

/// The value of component `c` of the first repetition of a field's text.
pub(crate) fn first<'m>(field: &'m str, d: &Delimiters, c: usize) -> Option<Cow<'m, str>> {
    let rep = nth(field, d.repetition, 1);
    value(nth(rep, d.component, c), d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_fields_components_and_values() {
        let d = Delimiters::default();
        let msh = "MSH|^~\\&|APP|FAC^1.2^ISO|||20240101||VXU^V04";
        assert_eq!(
            fields(msh, &d, [3, 4, 9, 30]),
            ["APP", "FAC^1.2^ISO", "VXU^V04", ""]
        );
        let pid = "PID|1||X||DOE||20200101|F|||a^^b~c";
        assert_eq!(fields(pid, &d, [1, 7, 11]), ["1", "20200101", "a^^b~c"]);
        assert_eq!(first("VXU^V04", &d, 2).as_deref(), Some("V04"));
        assert_eq!(first(" 00 ^x~01", &d, 1).as_deref(), Some("00"));
        assert_eq!(first("a&b^c", &d, 1).as_deref(), Some("a"));
        assert_eq!(first("a\\T\\b", &d, 1).as_deref(), Some("a&b"));
        assert_eq!(first("^", &d, 1), None);
        assert_eq!(components::<3>("x^ ^z^w", &d), ["x", " ", "z"]);
        assert_eq!(components::<3>("x", &d), ["x", "", ""]);
        assert_eq!(components::<3>("", &d), ["", "", ""]);
        assert_eq!(components::<3>("^^", &d), ["", "", ""]);
        assert_eq!(components::<2>("a^b^c", &d), ["a", "b"]);
        for t in [
            "",
            "~",
            "a~b",
            "a^b~c^d",
            "^^x~",
            "é^日本^^~^z",
            "a^b^c^d^e^f^g~h",
        ] {
            let first = nth(t, b'~', 1);
            assert_eq!(
                first_components::<3>(t, &d),
                components::<3>(first, &d),
                "{t}"
            );
            assert_eq!(
                first_components::<6>(t, &d),
                components::<6>(first, &d),
                "{t}"
            );
        }
        assert_eq!(components::<4>("é^日本^", &d), ["é", "日本", "", ""]);
        assert_eq!(value(" ", &d), None);
        assert_eq!(value("\u{a0}x\u{2003}", &d).as_deref(), Some("x"));
    }

    #[test]
    fn fields_are_the_pieces_of_a_plain_split() {
        let d = Delimiters::default();
        let segs = [
            "PID",
            "PID|",
            "PID|1",
            "PID|1|2|3|4|5|6|7|8|9|10|11|12|13|14|15|16|17",
            "PD1|||||||||||02^Reminder/recall - any method^HL70215|N|20150624|||A|20150415|2",
            "RXA||||||||||||||||||||||||||||||||||||||||||||||||||||||||||||||||||x",
            "MSH|^~\\&|A|B|C|D|20240101||VXU^V04^VXU_V04|42|P|2.5.1",
            "OBX|é|日本語のテキスト|x|ü||||||||||||||||||||y",
        ];
        for seg in segs {
            let shift = usize::from(seg.starts_with("MSH"));
            let pieces: Vec<&str> = seg.split('|').collect();
            let want = |w: usize| {
                w.checked_sub(shift)
                    .filter(|&t| t > 0)
                    .and_then(|t| pieces.get(t).copied())
                    .unwrap_or("")
            };
            for a in 0..20 {
                for b in a + 1..22 {
                    for c in b + 1..24 {
                        assert_eq!(
                            fields(seg, &d, [a, b, c]),
                            [want(a), want(b), want(c)],
                            "{seg} {a} {b} {c}"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn splits_like_str_split() {
        let texts = [
            "",
            "|",
            "a",
            "a|",
            "|a",
            "a|b|c",
            "abcdefg|",
            "abcdefgh|",
            "abcdefgh|ijklmnop|",
            "||||||||||||||||||",
            "ab|cdefghijklmnopqrstuvwxyz|0123456789abcdef|x",
            "é|ü|日本|x",
        ];
        for t in texts {
            let want: Vec<&str> = t.split('|').collect();
            assert_eq!(split(t, b'|').collect::<Vec<_>>(), want, "{t:?}");
            for n in 0..want.len() + 2 {
                let w = if n == 0 {
                    ""
                } else {
                    want.get(n - 1).copied().unwrap_or("")
                };
                assert_eq!(nth(t, b'|', n), w, "{t:?} {n}");
            }
        }
    }
}
