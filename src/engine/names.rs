//! The engine's path names, front-coded: each name is stored as the length of the prefix it
//! shares with the name before it and the rest of its bytes, and every [`BLOCK`]th name is
//! stored whole with its offset noted. A site's paths share long prefixes (`/blog/`,
//! `/products/`), so a million of them take about half the bytes of their text, and a name is
//! found by decoding at most one block.

/// Names per block: a look-up decodes at most this many; the offsets cost 8/BLOCK bytes a name.
const BLOCK: usize = 16;

/// Path names in the order they were added, numbered from 0.
#[derive(Debug, Default)]
pub struct Names {
    /// Per name: shared-prefix length and suffix length (LEB128), then the suffix bytes.
    bytes: Vec<u8>,
    /// Where each block starts in `bytes`.
    blocks: Vec<u64>,
    /// The last name added (its prefix is what the next one may share).
    last: Vec<u8>,
    len: usize,
}

impl Names {
    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Add `name`; its number is the count before it.
    pub fn push(&mut self, name: &str) {
        let name = name.as_bytes();
        let shared = if self.len % BLOCK == 0 {
            self.blocks.push(self.bytes.len() as u64);
            0
        } else {
            common_prefix(&self.last, name)
        };
        put_len(&mut self.bytes, shared);
        put_len(&mut self.bytes, name.len() - shared);
        self.bytes.extend_from_slice(&name[shared..]);
        self.last.truncate(shared);
        self.last.extend_from_slice(&name[shared..]);
        self.len += 1;
    }

    /// Name `id` (< `len()`).
    pub fn get(&self, id: usize) -> String {
        assert!(id < self.len, "name {id} of {}", self.len);
        let mut at = self.blocks[id / BLOCK] as usize;
        let mut name: Vec<u8> = Vec::new();
        for _ in 0..=id % BLOCK {
            let (shared, suffix, start) = self.entry(at);
            name.truncate(shared);
            name.extend_from_slice(&self.bytes[start..start + suffix]);
            at = start + suffix;
        }
        // Each name was whole UTF-8 when added, and is rebuilt byte for byte.
        String::from_utf8(name).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into())
    }

    /// Every name in order, decoded once each.
    pub fn for_each(&self, mut f: impl FnMut(usize, &[u8])) {
        let mut name: Vec<u8> = Vec::new();
        let mut at = 0;
        for id in 0..self.len {
            let (shared, suffix, start) = self.entry(at);
            name.truncate(shared);
            name.extend_from_slice(&self.bytes[start..start + suffix]);
            at = start + suffix;
            f(id, &name);
        }
    }

    /// The entry at `at`: shared-prefix length, suffix length, and where the suffix starts.
    #[inline]
    fn entry(&self, at: usize) -> (usize, usize, usize) {
        let (shared, at) = get_len(&self.bytes, at);
        let (suffix, at) = get_len(&self.bytes, at);
        (shared, suffix, at)
    }
}

fn common_prefix(a: &[u8], b: &[u8]) -> usize {
    a.iter().zip(b).take_while(|(x, y)| x == y).count()
}

/// Append `n` as LEB128 (one byte below 128).
fn put_len(out: &mut Vec<u8>, mut n: usize) {
    while n >= 0x80 {
        out.push((n as u8) | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

/// The LEB128 number at `at`, and the offset after it.
#[inline]
fn get_len(bytes: &[u8], mut at: usize) -> (usize, usize) {
    let mut n = 0usize;
    let mut shift = 0;
    loop {
        let b = bytes[at];
        at += 1;
        n |= ((b & 0x7f) as usize) << shift;
        if b < 0x80 {
            return (n, at);
        }
        shift += 7;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Every name comes back as added, by number and in order, whatever it shares with
        /// its neighbours (multi-byte characters split by a shared prefix included).
        #[test]
        fn names_come_back_as_added(names in proptest::collection::vec("(/[aé€b]{0,4}){0,6}|[a-z]{150,300}", 0..70)) {
            let mut n = Names::default();
            for s in &names {
                n.push(s);
            }
            prop_assert_eq!(n.len(), names.len());
            for (i, s) in names.iter().enumerate() {
                prop_assert_eq!(&n.get(i), s);
            }
            let mut seen = Vec::new();
            n.for_each(|i, b| seen.push((i, String::from_utf8(b.to_vec()).unwrap())));
            prop_assert_eq!(seen, names.into_iter().enumerate().collect::<Vec<_>>());
        }
    }

    #[test]
    fn shared_prefixes_are_stored_once() {
        let mut n = Names::default();
        let mut text = 0;
        for i in 0..10_000 {
            let name = format!("/products/category/item-{i}");
            text += name.len();
            n.push(&name);
        }
        assert!(n.bytes.len() * 3 < text, "{} of {text}", n.bytes.len());
        assert_eq!(n.get(9_999), "/products/category/item-9999");
    }
}
