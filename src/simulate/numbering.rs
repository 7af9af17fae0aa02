//! Path numbers for the trace reader: an open-addressing table from a path's 64-bit hash to its
//! dense number, which can be asked to bring a slot into the cache ahead of its look-up. With
//! 100 k paths the table is about 2 MiB and many look-ups miss the cache; the reader hashes a
//! batch first, then looks its paths up with the slots of the next ones already on their way.

/// Hashes to dense numbers (0, 1, 2, … in order of first insertion).
///
/// A slot is a key and its number side by side in 12 bytes (one cache line to look at), filled
/// to at most 85 % and grown by half: a million paths take
/// 14 MiB. A slot's home is the hash scaled to the table's length (any length, not only powers
/// of two), and collisions probe the next slots.
pub struct Numbers {
    slots: Vec<Slot>,
    len: u32,
    /// Grow when `len` reaches this.
    limit: u32,
}

const FIRST_SIZE: usize = 1 << 12;

/// A path's hash and its number; hash 0 marks an empty slot (a real hash of 0 is stored as 1).
#[derive(Clone, Copy, Default)]
#[repr(C, packed(4))]
struct Slot {
    key: u64,
    num: u32,
}

impl Default for Numbers {
    fn default() -> Self {
        Self::with_size(FIRST_SIZE)
    }
}

impl Numbers {
    fn with_size(size: usize) -> Self {
        Numbers {
            slots: vec![Slot::default(); size],
            len: 0,
            limit: (size as u64 * 85 / 100) as u32,
        }
    }

    /// How many numbers were given.
    pub fn len(&self) -> u32 {
        self.len
    }

    /// The home slot of key `h` (`h` scaled to the length: the high bits decide).
    #[inline]
    fn home(&self, h: u64) -> usize {
        ((h as u128 * self.slots.len() as u128) >> 64) as usize
    }

    /// The number of `hash`, and whether it is new (given now).
    #[inline]
    pub fn number(&mut self, hash: u64) -> (u32, bool) {
        let h = hash.max(1);
        let size = self.slots.len();
        let mut i = self.home(h);
        loop {
            let Slot { key: k, num } = self.slots[i];
            if k == h {
                return (num, false);
            }
            if k == 0 {
                let n = self.len;
                self.slots[i] = Slot { key: h, num: n };
                self.len += 1;
                if self.len >= self.limit {
                    self.grow();
                }
                return (n, true);
            }
            i += 1;
            if i == size {
                i = 0;
            }
        }
    }

    /// Start bringing the slot of `hash` into the cache (a hint; nothing happens elsewhere).
    #[inline]
    pub fn prefetch(&self, hash: u64) {
        let i = self.home(hash.max(1));
        crate::engine::prefetch(&self.slots[i]);
    }

    #[cold]
    fn grow(&mut self) {
        let mut bigger = Self::with_size(self.slots.len() + self.slots.len() / 2);
        bigger.len = self.len;
        let size = bigger.slots.len();
        for slot in self.slots.iter().filter(|s| s.key != 0) {
            let mut i = bigger.home(slot.key);
            while bigger.slots[i].key != 0 {
                i += 1;
                if i == size {
                    i = 0;
                }
            }
            bigger.slots[i] = *slot;
        }
        *self = bigger;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Numbers are dense, in order of first appearance, and the same hash always gets the
        /// same number, across growth (hash 0 included).
        #[test]
        fn numbers_are_dense_and_stable(small in proptest::collection::vec(0u64..5_000, 0..20_000)) {
            // Spread over the whole range (the high bits choose the slot), 0 kept as 0.
            let hashes = small.iter().map(|h| h.wrapping_mul(0x9E37_79B9_7F4A_7C15));
            let mut t = Numbers::default();
            let mut seen = std::collections::HashMap::new();
            for h in hashes {
                t.prefetch(h);
                let expected = seen.len() as u32;
                let want = *seen.entry(h.max(1)).or_insert(expected);
                let (n, new) = t.number(h);
                prop_assert_eq!(n, want);
                prop_assert_eq!(new, n == expected && seen.len() as u32 == expected + 1);
            }
            prop_assert_eq!(t.len() as usize, seen.len());
        }
    }

    /// Keys whose homes crowd the first and the last slots probe past the end and wrap
    /// around, across growth.
    #[test]
    fn crowded_homes_wrap_around() {
        let mut t = Numbers::default();
        let keys: Vec<u64> = (2..6_000u64).flat_map(|i| [i, u64::MAX - i]).collect();
        for (n, &k) in keys.iter().enumerate() {
            assert_eq!(t.number(k), (n as u32, true), "key {k}");
        }
        for (n, &k) in keys.iter().enumerate() {
            assert_eq!(t.number(k), (n as u32, false), "key {k}");
        }
    }
}
