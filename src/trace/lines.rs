//! A line splitter over a large reusable buffer: lines are handed out as ranges into the buffer,
//! with no copy and no per-line call into `BufRead`. Lines the reader still holds (its reorder
//! window) are pinned: the buffer keeps them, addressed by absolute offset, until released.

use std::io::Read;

/// Lines longer than this are an error (a trace line is a few dozen bytes; this bounds memory).
pub const MAX_LINE: usize = 1 << 20;

pub struct Lines {
    src: Box<dyn Read + Send>,
    buf: Vec<u8>,
    start: usize,
    end: usize,
    eof: bool,
    /// Bytes read from the source so far.
    pub consumed: u64,
    /// Absolute offset (bytes since the start of the input) of `buf[0]`.
    base: u64,
    /// Absolute offset of the oldest byte still needed; the buffer keeps it on refills.
    pub pin: Option<u64>,
    /// Refills so far (the reader looks at what it holds after each).
    pub refills: u64,
    newline: super::find::One,
}

impl Lines {
    pub fn new(src: Box<dyn Read + Send>) -> Self {
        Lines {
            src,
            buf: vec![0; 1 << 20],
            start: 0,
            end: 0,
            eof: false,
            consumed: 0,
            base: 0,
            pin: None,
            refills: 0,
            newline: super::find::One::new(b'\n'),
        }
    }

    /// The bytes of a range returned by `next_line`.
    #[inline]
    pub fn get(&self, r: (usize, usize)) -> &[u8] {
        &self.buf[r.0..r.1]
    }

    /// The absolute offset of position `i` of a range returned by `next_line`.
    #[inline]
    pub fn abs(&self, i: usize) -> u64 {
        self.base + i as u64
    }

    /// `len` bytes from absolute offset `at` (pinned, or of the current line).
    #[inline]
    pub fn get_abs(&self, at: u64, len: u32) -> &[u8] {
        let s = (at - self.base) as usize;
        &self.buf[s..s + len as usize]
    }

    /// Bytes in the buffer from absolute offset `at` to the end of what was read.
    #[inline]
    pub fn buffered_since(&self, at: u64) -> u64 {
        (self.base + self.end as u64).saturating_sub(at)
    }

    /// The bytes of a range returned by `next_line`, to edit in place (CSV unescaping).
    #[inline]
    pub fn get_mut(&mut self, r: (usize, usize)) -> &mut [u8] {
        &mut self.buf[r.0..r.1]
    }

    /// The next `N` bytes from where the next line starts, with that position, when the buffer
    /// holds that many.
    #[inline]
    pub fn window<const N: usize>(&self) -> Option<(usize, &[u8; N])> {
        let w = self.buf.get(self.start..self.start + N)?;
        (self.start + N <= self.end).then(|| (self.start, w.try_into().expect("N bytes")))
    }

    /// Take the next line as read from a window: the line after it starts at `next`.
    #[inline]
    pub fn skip_to(&mut self, next: usize) {
        debug_assert!(next > self.start && next <= self.end);
        self.start = next;
    }

    /// The next line without its `\n` (or `\r\n`), as a range valid until the next call.
    #[inline]
    pub fn next_line(&mut self) -> std::io::Result<Option<(usize, usize)>> {
        loop {
            if let Some(nl) = self.newline.find(&self.buf[self.start..self.end]) {
                let s = self.start;
                let mut e = s + nl;
                self.start = e + 1;
                if e > s && self.buf[e - 1] == b'\r' {
                    e -= 1;
                }
                return Ok(Some((s, e)));
            }
            if self.eof {
                if self.start == self.end {
                    return Ok(None);
                }
                let (s, mut e) = (self.start, self.end);
                self.start = self.end;
                if e > s && self.buf[e - 1] == b'\r' {
                    e -= 1;
                }
                return Ok(Some((s, e)));
            }
            self.refill()?;
        }
    }

    #[cold]
    fn refill(&mut self) -> std::io::Result<()> {
        self.refills += 1;
        // Ctrl-C ends the input here (checked once per buffer): the run reports what it read.
        if crate::interrupt::requested() {
            self.eof = true;
            return Ok(());
        }
        let keep = match self.pin {
            Some(p) => (p.saturating_sub(self.base) as usize).min(self.start),
            None => self.start,
        };
        if keep > 0 {
            self.buf.copy_within(keep..self.end, 0);
            self.end -= keep;
            self.start -= keep;
            self.base += keep as u64;
        }
        if self.end == self.buf.len() {
            if self.end - self.start >= MAX_LINE * 2 {
                return Err(std::io::Error::new(
                    std::io::ErrorKind::InvalidData,
                    format!("a line is longer than {MAX_LINE} bytes"),
                ));
            }
            self.buf.resize(self.buf.len() * 2, 0);
        }
        loop {
            match self.src.read(&mut self.buf[self.end..]) {
                Ok(0) => {
                    self.eof = true;
                    return Ok(());
                }
                Ok(n) => {
                    self.end += n;
                    self.consumed += n as u64;
                    return Ok(());
                }
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A reader that hands out one byte at a time, to exercise refills mid-line.
    struct Trickle(Vec<u8>, usize);
    impl Read for Trickle {
        fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
            if self.1 >= self.0.len() || out.is_empty() {
                return Ok(0);
            }
            out[0] = self.0[self.1];
            self.1 += 1;
            Ok(1)
        }
    }

    #[test]
    fn splits_lines_across_refills() {
        let mut l = Lines::new(Box::new(Trickle(b"ab\r\n\ncd\nlast".to_vec(), 0)));
        let mut got = Vec::new();
        while let Some(r) = l.next_line().unwrap() {
            got.push(String::from_utf8(l.get(r).to_vec()).unwrap());
        }
        assert_eq!(got, vec!["ab", "", "cd", "last"]);
    }

    #[test]
    fn long_lines_grow_the_buffer_up_to_a_bound() {
        let big = vec![b'x'; (1 << 20) + 10];
        let mut l = Lines::new(Box::new(std::io::Cursor::new(big)));
        let r = l.next_line().unwrap().unwrap();
        assert_eq!(r.1 - r.0, (1 << 20) + 10);
        let huge = vec![b'x'; 3 << 20];
        let mut l = Lines::new(Box::new(std::io::Cursor::new(huge)));
        assert!(l.next_line().is_err());
    }
}
