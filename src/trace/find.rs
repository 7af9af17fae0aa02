//! Byte search for the short spans a trace is made of (a field, a line): memchr's 128-bit
//! routines held as searchers and inlined, without the run-time CPU-feature dispatch of
//! `memchr::memchr`, which costs more than the search itself on a 20-byte field. SSE2 (x86_64)
//! and NEON (aarch64) are part of those architectures; elsewhere plain `memchr` is used.

#[cfg(target_arch = "aarch64")]
use memchr::arch::aarch64::neon::memchr as simd;
#[cfg(target_arch = "x86_64")]
use memchr::arch::x86_64::sse2::memchr as simd;

/// Finds one byte.
#[derive(Debug, Clone, Copy)]
pub struct One {
    #[cfg(any(target_arch = "x86_64", target_arch = "aarch64"))]
    s: simd::One,
    #[cfg(not(any(target_arch = "x86_64", target_arch = "aarch64")))]
    b: u8,
}

/// Finds the first of two bytes.
#[derive(Debug, Clone, Copy)]
pub struct Two {
    #[cfg(any(target_arch = "x86_64", target_arch = "aarch64"))]
    s: simd::Two,
    #[cfg(not(any(target_arch = "x86_64", target_arch = "aarch64")))]
    b: (u8, u8),
}

const BASELINE: &str = "128-bit vectors are part of the target architecture";

impl One {
    pub fn new(b: u8) -> Self {
        #[cfg(any(target_arch = "x86_64", target_arch = "aarch64"))]
        return One {
            s: simd::One::new(b).expect(BASELINE),
        };
        #[cfg(not(any(target_arch = "x86_64", target_arch = "aarch64")))]
        return One { b };
    }

    /// The position of the first occurrence in `hay`.
    #[inline(always)]
    pub fn find(&self, hay: &[u8]) -> Option<usize> {
        #[cfg(any(target_arch = "x86_64", target_arch = "aarch64"))]
        return self.s.find(hay);
        #[cfg(not(any(target_arch = "x86_64", target_arch = "aarch64")))]
        return memchr::memchr(self.b, hay);
    }
}

impl Two {
    pub fn new(a: u8, b: u8) -> Self {
        #[cfg(any(target_arch = "x86_64", target_arch = "aarch64"))]
        return Two {
            s: simd::Two::new(a, b).expect(BASELINE),
        };
        #[cfg(not(any(target_arch = "x86_64", target_arch = "aarch64")))]
        return Two { b: (a, b) };
    }

    /// The position of the first occurrence of either byte in `hay`.
    #[inline(always)]
    pub fn find(&self, hay: &[u8]) -> Option<usize> {
        #[cfg(any(target_arch = "x86_64", target_arch = "aarch64"))]
        return self.s.find(hay);
        #[cfg(not(any(target_arch = "x86_64", target_arch = "aarch64")))]
        return memchr::memchr2(self.b.0, self.b.1, hay);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// The same answers as memchr, for every length around the vector width.
        #[test]
        fn agrees_with_memchr(hay in proptest::collection::vec(0u8..8, 0..70), a in 0u8..8, b in 0u8..8) {
            prop_assert_eq!(One::new(a).find(&hay), memchr::memchr(a, &hay));
            prop_assert_eq!(Two::new(a, b).find(&hay), memchr::memchr2(a, b, &hay));
        }
    }
}
