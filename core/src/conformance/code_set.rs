//! Value-set membership for the validator's hot path ([`CodeSet`]) and the inline byte
//! comparison ([`same`]) it and the statement evaluator share. The crate's general fast hasher
//! is `crate::fasthash`.

/// A value set's codes (each with whether it is excluded), for membership tests on the
/// validator's hot path: an open-addressing table whose hash is the code's first eight bytes
/// and length in one multiply (codes are short: `F`, `HL70163`, `V02`), so a lookup is a
/// handful of instructions and one comparison. The first listing of a code wins.
#[derive(Debug, Clone)]
pub(crate) struct CodeSet {
    codes: Vec<(Box<str>, bool)>,
    /// Index + 1 into `codes`; 0 is an empty slot. A power of two at least twice `codes`.
    slots: Box<[u32]>,
    shift: u32,
}

impl CodeSet {
    /// Builds the table from `(code, excluded)` pairs.
    pub(crate) fn new<'a>(codes: impl IntoIterator<Item = (&'a str, bool)>) -> CodeSet {
        let mut set = CodeSet {
            codes: Vec::new(),
            slots: Box::new([]),
            shift: 0,
        };
        let codes: Vec<(&str, bool)> = codes.into_iter().collect();
        let bits = (codes.len() * 2)
            .max(4)
            .next_power_of_two()
            .trailing_zeros();
        set.slots = vec![0u32; 1 << bits].into_boxed_slice();
        set.shift = 64 - bits;
        for (code, excluded) in codes {
            if let Err(slot) = set.find(code) {
                set.codes.push((code.into(), excluded));
                set.slots[slot] = set.codes.len() as u32;
            }
        }
        set
    }

    /// Whether `code` is in the set, and if so whether it is excluded.
    #[inline]
    pub(crate) fn get(&self, code: &str) -> Option<bool> {
        self.find(code).ok().map(|i| self.codes[i].1)
    }

    /// `Ok(index in codes)`, or `Err(the empty slot where it would go)`.
    #[inline]
    fn find(&self, code: &str) -> Result<usize, usize> {
        let b = code.as_bytes();
        let k = key(b).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        let mask = self.slots.len() - 1;
        let mut i = (k >> self.shift) as usize & mask;
        loop {
            match self.slots[i] {
                0 => return Err(i),
                n => {
                    let n = n as usize - 1;
                    if same(self.codes[n].0.as_bytes(), b) {
                        return Ok(n);
                    }
                }
            }
            i = (i + 1) & mask;
        }
    }
}

/// A code's hash key in a few loads: its length with its first and last four (or eight)
/// bytes, which overlap for short codes; a byte loop only below four.
/// Byte equality for the short values codes and constants are, compared inline: a call into
/// `memcmp` per comparison cost more than the comparison.
#[inline(always)]
pub(crate) fn same(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    if a.len() > 16 {
        return a == b;
    }
    a.iter().zip(b).all(|(x, y)| x == y)
}

#[inline]
fn key(b: &[u8]) -> u64 {
    let n = b.len();
    let word = |at: usize| u64::from(u32::from_le_bytes([b[at], b[at + 1], b[at + 2], b[at + 3]]));
    let long = |at: usize| {
        u64::from_le_bytes([
            b[at],
            b[at + 1],
            b[at + 2],
            b[at + 3],
            b[at + 4],
            b[at + 5],
            b[at + 6],
            b[at + 7],
        ])
    };
    let body = if n >= 8 {
        long(0) ^ long(n - 8).rotate_left(29)
    } else if n >= 4 {
        word(0) | (word(n - 4) << 32)
    } else {
        b.iter().fold(0u64, |w, &x| (w << 8) | u64::from(x))
    };
    body ^ ((n as u64) << 56)
}

#[cfg(test)]
mod tests {
    use super::CodeSet;

    #[test]
    fn code_set_finds_what_a_map_finds() {
        let codes: Vec<(String, bool)> = (0..300)
            .map(|i| (format!("C{i}{}", "x".repeat(i % 11)), i % 7 == 0))
            .chain([("".to_string(), false), ("C1".to_string(), true)])
            .collect();
        let set = CodeSet::new(codes.iter().map(|(c, e)| (c.as_str(), *e)));
        let mut map = std::collections::HashMap::new();
        for (c, e) in &codes {
            map.entry(c.as_str()).or_insert(*e);
        }
        for probe in
            codes
                .iter()
                .map(|(c, _)| c.as_str())
                .chain(["C", "C1x", "zz", "C299xxxxxxxxxxx"])
        {
            assert_eq!(set.get(probe), map.get(probe).copied(), "{probe}");
        }
        assert_eq!(CodeSet::new([]).get("A"), None);
    }
}
