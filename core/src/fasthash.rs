//! The crate's one fast hasher, for lookup tables built from a profile or from one message and
//! dropped with it: the validator's tables (formats and bindings by node address, segment
//! occurrences by id), the FHIR mapping's per-message tables (references by `fullUrl`, VIS
//! groups by OBX-4, shared resources by source text, entries by index).
//!
//! Why not the std SipHash: none of these tables faces hash flooding, and SipHash over a
//! 45-byte `urn:uuid:` URL cost more than the rest of the lookup. This one mixes eight bytes per
//! multiply (the FxHash scheme).

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// Multiply-rotate hashing, a word at a time.
#[derive(Default, Clone, Copy)]
pub(crate) struct Fx(u64);

const K: u64 = 0x517c_c1b7_2722_0a95;

impl Fx {
    #[inline]
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(K);
    }
}

impl Hasher for Fx {
    #[inline]
    fn finish(&self) -> u64 {
        self.0
    }

    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut w = [0u8; 8];
            w.copy_from_slice(c);
            self.add(u64::from_le_bytes(w));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut w = [0u8; 8];
            w[..rest.len()].copy_from_slice(rest);
            // The length keeps "a" and "a\0" apart.
            self.add(u64::from_le_bytes(w) ^ ((rest.len() as u64) << 59));
        }
    }

    #[inline]
    fn write_u8(&mut self, n: u8) {
        self.add(u64::from(n));
    }

    #[inline]
    fn write_u32(&mut self, n: u32) {
        self.add(u64::from(n));
    }

    #[inline]
    fn write_u64(&mut self, n: u64) {
        self.add(n);
    }

    #[inline]
    fn write_usize(&mut self, n: usize) {
        // Node addresses are aligned, so their low bits are zero and a product keeps them so;
        // the rotation brings high product bits down to where the table takes its index.
        self.0 = (self.0 ^ n as u64).wrapping_mul(K).rotate_left(29);
    }
}

/// Builds [`Fx`] hashers.
pub(crate) type FxBuild = BuildHasherDefault<Fx>;

/// A `HashMap` hashed with [`Fx`].
pub(crate) type FxMap<K, V> = HashMap<K, V, FxBuild>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_find_what_they_hold() {
        let keys: Vec<String> = (0..500).map(|i| format!("urn:uuid:{i:08}-x")).collect();
        let mut m: FxMap<&str, usize> = FxMap::default();
        for (i, k) in keys.iter().enumerate() {
            m.insert(k, i);
        }
        for (i, k) in keys.iter().enumerate() {
            assert_eq!(m.get(k.as_str()), Some(&i));
        }
        assert_eq!(m.get("urn:uuid:"), None);
        let mut t: FxMap<(&str, &str), usize> = FxMap::default();
        t.insert(("a", "bc"), 1);
        assert_eq!(t.get(&("ab", "c")), None);
        assert_eq!(t.get(&("a", "bc")), Some(&1));
    }
}
