//! Word-at-a-time byte tests ("SIMD within a register"): eight bytes per step with plain
//! integer arithmetic, portable to every target (WASM included) and free of `unsafe`.

/// One in every byte: `LO * b` repeats byte `b` eight times.
pub(crate) const LO: u64 = 0x0101_0101_0101_0101;
const HI: u64 = 0x8080_8080_8080_8080;
const M7: u64 = 0x7F7F_7F7F_7F7F_7F7F;

/// Nonzero when some byte of `x` is a control character (< 0x20 or 0x7F). Exact as a yes/no
/// answer (the classic "has a byte less than n" and "has a zero byte" tests), not per byte.
#[inline(always)]
pub(crate) fn has_control(x: u64) -> u64 {
    let del = x ^ (0x7F * LO);
    (x.wrapping_sub(0x20 * LO) & !x & HI) | (del.wrapping_sub(LO) & !del & HI)
}

/// 0x80 in exactly the bytes of `t` that are zero.
#[inline(always)]
pub(crate) fn zero_bytes(t: u64) -> u64 {
    !(((t & M7).wrapping_add(M7)) | t | M7)
}

/// 0x80 in exactly the bytes of `x` that are control characters.
#[inline(always)]
pub(crate) fn control_bytes(x: u64) -> u64 {
    zero_bytes(x & (0xE0 * LO)) | zero_bytes(x ^ (0x7F * LO))
}

/// Eight bytes from `p` as one little-endian word (one bounds check, one load).
#[inline(always)]
pub(crate) fn load(s: &[u8], p: usize) -> u64 {
    let w: [u8; 8] = s[p..p + 8].try_into().expect("eight bytes");
    u64::from_le_bytes(w)
}

/// Position of the first `b` in `hay`. HL7 elements are mostly a few bytes long, and for those a
/// plain loop beats `memchr`'s setup (which cost more than the rest of a view walk); a
/// separator not in the first 16 bytes is searched for with `memchr`.
#[inline]
pub(crate) fn find_byte(hay: &[u8], b: u8) -> Option<usize> {
    const SHORT: usize = 16;
    let head = &hay[..hay.len().min(SHORT)];
    match head.iter().position(|&x| x == b) {
        Some(i) => Some(i),
        None if hay.len() > SHORT => memchr::memchr(b, &hay[SHORT..]).map(|i| i + SHORT),
        None => None,
    }
}

/// Position of the `n`-th (1-based) `sep` in `hay`. Counts eight bytes per step, so finding
/// field 5 of a segment costs a few word operations instead of five searches.
#[inline]
pub(crate) fn find_nth(hay: &[u8], sep: u8, n: usize) -> Option<usize> {
    if n == 0 {
        return None;
    }
    let pattern = LO * u64::from(sep);
    let mut left = n;
    let mut i = 0;
    while i + 8 <= hay.len() {
        let mut m = zero_bytes(load(hay, i) ^ pattern);
        let c = m.count_ones() as usize;
        if c >= left {
            for _ in 1..left {
                m &= m - 1;
            }
            return Some(i + (m.trailing_zeros() / 8) as usize);
        }
        left -= c;
        i += 8;
    }
    for (k, &b) in hay[i..].iter().enumerate() {
        if b == sep {
            left -= 1;
            if left == 0 {
                return Some(i + k);
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn find_nth_matches_a_plain_search(hay in proptest::collection::vec(prop::sample::select(vec![b'|', b'^', b'a', 0, 0x80, 0xFF]), 0..80), n in 0usize..20) {
            let want = if n == 0 { None } else { hay.iter().enumerate().filter(|(_, &b)| b == b'|').nth(n - 1).map(|(i, _)| i) };
            prop_assert_eq!(find_nth(&hay, b'|', n), want);
        }

        #[test]
        fn find_byte_matches_a_plain_search(hay in proptest::collection::vec(prop::sample::select(vec![b'|', b'^', b'a', b'a', b'a', b'a', b'a', b'a', b'a', b'a', b'a', b'a', b'a', b'a', b'a', b'a', b'a', b'a', b'a', b'a', 0, 0xFF]), 0..100)) {
            // Mostly `a`, so the first `|` is often past the 16-byte head.
            prop_assert_eq!(find_byte(&hay, b'|'), hay.iter().position(|&b| b == b'|'));
        }

        #[test]
        fn zero_bytes_marks_exactly_the_zero_bytes(w in any::<[u8; 8]>()) {
            let m = zero_bytes(u64::from_le_bytes(w));
            for (k, &b) in w.iter().enumerate() {
                prop_assert_eq!((m >> (8 * k + 7)) & 1 == 1, b == 0);
                prop_assert_eq!((m >> (8 * k)) & 0x7F, 0);
            }
        }

        #[test]
        fn control_tests_match_a_plain_check(w in any::<[u8; 8]>()) {
            let x = u64::from_le_bytes(w);
            let plain = w.iter().map(|&b| b < 0x20 || b == 0x7F);
            prop_assert_eq!(has_control(x) != 0, plain.clone().any(|c| c));
            let m = control_bytes(x);
            for (k, c) in plain.enumerate() {
                prop_assert_eq!((m >> (8 * k + 7)) & 1 == 1, c);
            }
        }
    }
}
