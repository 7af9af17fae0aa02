//! Path numbers for the trace reader: an open-addressing table from a path's 64-bit hash to its
//! dense number, which can be asked to bring a slot into the cache ahead of its look-up. With
//! 100 k paths the table is a few MiB and most look-ups miss the cache; the reader hashes a
//! batch first, then looks its paths up with the slots of the next ones already on their way.

/// Hashes to dense numbers (0, 1, 2, … in order of first insertion).
pub struct Numbers {
    /// `(hash, number)`; hash 0 marks an empty slot (a real hash of 0 is stored as 1).
    slots: Vec<(u64, u32)>,
    len: u32,
}

impl Default for Numbers {
    fn default() -> Self {
        Numbers {
            slots: vec![(0, 0); 1 << 12],
            len: 0,
        }
    }
}

impl Numbers {
    /// How many numbers were given.
    pub fn len(&self) -> u32 {
        self.len
    }

    /// The number of `hash`, and whether it is new (given now).
    #[inline]
    pub fn number(&mut self, hash: u64) -> (u32, bool) {
        let h = hash.max(1);
        let mask = self.slots.len() - 1;
        let mut i = h as usize & mask;
        loop {
            let (k, n) = self.slots[i];
            if k == h {
                return (n, false);
            }
            if k == 0 {
                let n = self.len;
                self.slots[i] = (h, n);
                self.len += 1;
                if self.len as usize * 2 > self.slots.len() {
                    self.grow();
                }
                return (n, true);
            }
            i = (i + 1) & mask;
        }
    }

    /// Start bringing the slot of `hash` into the cache (a hint; nothing happens elsewhere).
    #[inline]
    pub fn prefetch(&self, hash: u64) {
        let i = hash.max(1) as usize & (self.slots.len() - 1);
        crate::engine::prefetch(&self.slots[i]);
    }

    #[cold]
    fn grow(&mut self) {
        let size = self.slots.len() * 2;
        let old = std::mem::replace(&mut self.slots, vec![(0, 0); size]);
        let mask = self.slots.len() - 1;
        for (k, n) in old.into_iter().filter(|(k, _)| *k != 0) {
            let mut i = k as usize & mask;
            while self.slots[i].0 != 0 {
                i = (i + 1) & mask;
            }
            self.slots[i] = (k, n);
        }
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
        fn numbers_are_dense_and_stable(hashes in proptest::collection::vec(0u64..5_000, 0..20_000)) {
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
}
