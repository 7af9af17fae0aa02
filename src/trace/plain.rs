//! The CSV fast path for plain lines: a line that ends within the next [`WINDOW`] bytes of the
//! buffer is split by one look at those bytes, 16 at a time, as bit masks of the newline, the
//! delimiter, quotes and `?`/`#`, instead of a search per field (a byte at a time below 16
//! bytes). It takes only plain lines — no quote, no space around the two fields, a path that
//! starts with `/`, a time the number parser reads — and gives exactly what the general parser
//! gives for them; any other line, well-formed or not, goes to the general parser.

use super::csv::Columns;
use crate::engine::Time;

/// Bytes looked at from a line's start: a longer line (with its newline) takes the general path.
pub const WINDOW: usize = 64;

/// Bit masks over the window (bit i is byte i), up to the 16-byte chunk holding the first
/// newline; later bits are 0.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Masks {
    newline: u64,
    delim: u64,
    quote: u64,
    /// `?` or `#`: where a query or fragment starts.
    query: u64,
}

/// A plain line: its end (without `\n` or `\r\n`), where the next line starts, its time, and its
/// path with any query cut off (all relative to the line's start).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Plain {
    pub end: usize,
    pub next: usize,
    pub t: Time,
    pub path: (usize, usize),
}

#[cfg(target_arch = "x86_64")]
fn classify(w: &[u8; WINDOW], delim: u8) -> Masks {
    use std::arch::x86_64::{
        __m128i, _mm_cmpeq_epi8, _mm_loadu_si128, _mm_movemask_epi8, _mm_or_si128, _mm_set1_epi8,
    };
    let mut m = Masks::default();
    // SAFETY: SSE2 is part of x86_64; each load reads the 16 bytes of one chunk of `w`, an
    // array of WINDOW bytes.
    unsafe {
        let (nl, d) = (_mm_set1_epi8(b'\n' as i8), _mm_set1_epi8(delim as i8));
        let (quote, q, hash) = (
            _mm_set1_epi8(b'"' as i8),
            _mm_set1_epi8(b'?' as i8),
            _mm_set1_epi8(b'#' as i8),
        );
        for c in 0..WINDOW / 16 {
            let v = _mm_loadu_si128(w.as_ptr().add(c * 16).cast::<__m128i>());
            let bits = |x: __m128i| (_mm_movemask_epi8(x) as u32 as u64) << (c * 16);
            m.newline |= bits(_mm_cmpeq_epi8(v, nl));
            m.delim |= bits(_mm_cmpeq_epi8(v, d));
            m.quote |= bits(_mm_cmpeq_epi8(v, quote));
            m.query |= bits(_mm_or_si128(_mm_cmpeq_epi8(v, q), _mm_cmpeq_epi8(v, hash)));
            if m.newline != 0 {
                break;
            }
        }
    }
    m
}

#[cfg(not(target_arch = "x86_64"))]
fn classify(w: &[u8; WINDOW], delim: u8) -> Masks {
    let mut m = Masks::default();
    for (c, chunk) in w.chunks(16).enumerate() {
        for (j, &b) in chunk.iter().enumerate() {
            let bit = 1u64 << (c * 16 + j);
            m.newline |= if b == b'\n' { bit } else { 0 };
            m.delim |= if b == delim { bit } else { 0 };
            m.quote |= if b == b'"' { bit } else { 0 };
            m.query |= if b == b'?' || b == b'#' { bit } else { 0 };
        }
        if m.newline != 0 {
            break;
        }
    }
    m
}

/// Bits below `n` (n ≤ 64).
#[inline]
fn below(n: usize) -> u64 {
    if n >= 64 { u64::MAX } else { (1u64 << n) - 1 }
}

impl Columns {
    /// The line at the start of `w` when it is plain (see the module), else `None`.
    #[inline]
    pub fn parse_plain(&self, w: &[u8; WINDOW], keep_query: bool) -> Option<Plain> {
        let m = classify(w, self.delim);
        if m.newline == 0 {
            return None;
        }
        let nl = m.newline.trailing_zeros() as usize;
        let end = if nl > 0 && w[nl - 1] == b'\r' {
            nl - 1
        } else {
            nl
        };
        let line = below(end);
        if end == 0 || m.quote & line != 0 {
            return None;
        }
        // Fields up to the last column needed: each ends at the next delimiter, the last one
        // needed at the line's end when no delimiter follows it.
        let last = self.time.max(self.path);
        let mut delims = m.delim & line;
        let (mut time, mut path) = ((0, 0), (0, 0));
        let mut start = 0;
        for ix in 0..=last {
            let field_end = if delims != 0 {
                delims.trailing_zeros() as usize
            } else if ix == last {
                end
            } else {
                return None;
            };
            delims &= delims.wrapping_sub(1);
            if ix == self.time {
                time = (start, field_end);
            }
            if ix == self.path {
                path = (start, field_end);
            }
            start = field_end + 1;
        }
        let (ts, te) = time;
        let (ps, mut pe) = path;
        let space = |i: usize| w[i].is_ascii_whitespace();
        if te == ts || space(ts) || space(te - 1) || pe == ps || w[ps] != b'/' || space(pe - 1) {
            return None;
        }
        let t = super::time::parse_time(&w[ts..te]).ok()?;
        if !keep_query {
            let q = m.query & line & !below(ps) & below(pe);
            if q != 0 {
                pe = q.trailing_zeros() as usize;
            }
        }
        Some(Plain {
            end,
            next: nl + 1,
            t,
            path: (ps, pe),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(header: &str, line: &str, keep_query: bool) -> Option<(Time, String, usize)> {
        let cols = Columns::from_header(header.as_bytes()).unwrap();
        let mut w = [b'x'; WINDOW];
        let n = line.len().min(WINDOW);
        w[..n].copy_from_slice(&line.as_bytes()[..n]);
        let p = cols.parse_plain(&w, keep_query)?;
        let path = String::from_utf8(w[p.path.0..p.path.1].to_vec()).unwrap();
        Some((p.t, path, p.next))
    }

    #[test]
    fn plain_lines_are_split_by_their_masks() {
        assert_eq!(
            plain("time,path,size", "12,/a/b?x=1,1024\n", false),
            Some((12_000_000, "/a/b".into(), 17))
        );
        assert_eq!(
            plain("size;path;time", "9;/a#f;3.5\r\n", true),
            Some((3_500_000, "/a#f".into(), 12))
        );
        // A line ending in the window's last byte.
        let long = format!("1,/{}\n", "p".repeat(WINDOW - 4));
        assert_eq!(plain("time,path", &long, false).unwrap().2, WINDOW);
    }

    #[test]
    fn other_lines_go_to_the_general_parser() {
        for line in [
            "1,\"/q\"\n",
            "1, /a\n",
            "1,/a \n",
            " 1,/a\n",
            "1,https://x/a\n",
            "1\n",
            "\n",
            "\r\n",
            "x,/a\n",
            "1,\n",
        ] {
            assert_eq!(plain("time,path", line, false), None, "{line:?}");
        }
        let long = format!("1,/{}\n", "p".repeat(WINDOW));
        assert_eq!(plain("time,path", &long, false), None);
    }
}
