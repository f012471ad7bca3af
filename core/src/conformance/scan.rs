//! Finding separators in a span of the message, eight bytes at a time: the validator splits
//! every valued field into repetitions, components and subcomponents, and a byte-by-byte
//! loop over the text was a large part of its cost.

use crate::v2::swar::{load as word, zero_bytes, LO};

/// Calls `f` with the position of each `sep` in `src[start..end]`, in order, until it
/// returns false.
#[inline]
pub(crate) fn each_sep(
    src: &[u8],
    start: usize,
    end: usize,
    sep: u8,
    mut f: impl FnMut(usize) -> bool,
) {
    let pat = LO * u64::from(sep);
    let mut p = start;
    while p + 8 <= end {
        let mut m = zero_bytes(word(src, p) ^ pat);
        while m != 0 {
            if !f(p + (m.trailing_zeros() / 8) as usize) {
                return;
            }
            m &= m - 1;
        }
        p += 8;
    }
    if p >= end {
        return;
    }
    if p + 8 <= src.len() {
        // The last few bytes in one word read past `end`, the matches there masked off.
        let keep = (1u64 << ((end - p) * 8)) - 1;
        let mut m = zero_bytes(word(src, p) ^ pat) & keep;
        while m != 0 {
            if !f(p + (m.trailing_zeros() / 8) as usize) {
                return;
            }
            m &= m - 1;
        }
    } else {
        for (i, &b) in src[p..end].iter().enumerate() {
            if b == sep && !f(p + i) {
                return;
            }
        }
    }
}

/// The first `sep` in `src[start..end]`.
#[inline]
pub(crate) fn find_sep(src: &[u8], start: usize, end: usize, sep: u8) -> Option<usize> {
    let mut out = None;
    each_sep(src, start, end, sep, |at| {
        out = Some(at);
        false
    });
    out
}

#[cfg(test)]
mod tests {
    use super::each_sep;

    #[test]
    fn finds_every_separator_as_a_byte_loop_does() {
        let texts = [
            "",
            "^",
            "a^b",
            "^^^^^^^^^^^^^^^^^^",
            "abcdefgh^ijklmnop^qrstuvwx^yz",
            "Johnson^Oliver^A^^^^L~Johnson^O^^^^^A",
            "é^日本^\u{80}^\u{ff}",
        ];
        for t in texts {
            let b = t.as_bytes();
            for start in 0..=b.len() {
                for end in start..=b.len() {
                    let mut got = Vec::new();
                    each_sep(b, start, end, b'^', |at| {
                        got.push(at);
                        true
                    });
                    let want: Vec<usize> = (start..end).filter(|&i| b[i] == b'^').collect();
                    assert_eq!(got, want, "{t:?} {start}..{end}");
                    let mut first = Vec::new();
                    each_sep(b, start, end, b'^', |at| {
                        first.push(at);
                        false
                    });
                    assert_eq!(first, want.iter().copied().take(1).collect::<Vec<_>>());
                }
            }
        }
    }
}
