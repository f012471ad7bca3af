//! Small, fast hashers for the validator's lookup tables: FNV-1a for short codes (`F`,
//! `HL70163`, `V02`) and a multiply-shift mix for addresses. The std SipHash defends against
//! hash flooding, which tables built once from a profile do not need, and costs more than the
//! binary search it would replace.

use std::hash::{BuildHasherDefault, Hasher};

/// FNV-1a, 64 bits.
#[derive(Default)]
pub(crate) struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for &b in bytes {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
    }

    fn write_usize(&mut self, n: usize) {
        // Addresses: one multiply spreads the low bits that alignment leaves at zero.
        self.0 = (n as u64 ^ self.0)
            .wrapping_mul(0x9e37_79b9_7f4a_7c15)
            .rotate_left(29);
    }
}

/// Builds [`Fnv`] hashers.
pub(crate) type FnvBuild = BuildHasherDefault<Fnv>;
