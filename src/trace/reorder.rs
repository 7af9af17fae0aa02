//! The reorder window of a trace: lines a little out of time order are put back in order exactly,
//! with a bounded buffer; lines later than the window, and lone far-future outliers, are counted
//! and skipped, so one bad line costs only itself.
//!
//! In-order lines stay where they are in the reader's line buffer (a queue of offsets, no copy);
//! only a line that arrives out of order is copied, into a heap by time. A line is released when
//! the newest time seen is a window past it. A forward jump of more than the window is held as a
//! suspect and does not move the watermark until [`CONFIRM`] more lines agree with it; when as
//! many lines carry on from the old times instead, the suspects are outliers and are dropped.

use crate::engine::Time;
use std::cmp::Reverse;
use std::collections::BinaryHeap;

/// A forward jump smaller than this is never a suspect, however small the window: traffic
/// often pauses for a few seconds, and a zero window must still let time move on.
pub const MIN_JUMP: Time = 60 * crate::engine::SECOND;

/// Lines after a forward jump that decide whether it is real (new times) or an outlier (old ones).
pub const CONFIRM: u32 = 8;

/// Most lines held at once; past it the oldest is released early (memory stays bounded).
pub const MAX_HELD: usize = 1_000_000;

/// An in-order line held in the line buffer: its time and its path (absolute offset, length).
/// The offset also orders lines of equal time by arrival.
#[derive(Debug, Clone, Copy)]
pub struct InBuf {
    pub t: Time,
    pub at: u64,
    pub len: u32,
}

/// A line held as a copy (it arrived out of order, or is a suspect jump).
#[derive(Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Owned {
    pub t: Time,
    pub at: u64,
    pub line: u64,
    pub path: Box<[u8]>,
}

/// A released line.
pub enum Out {
    Buf(InBuf),
    Owned(Owned),
}

/// What became of an admitted line.
#[derive(Debug, PartialEq)]
pub enum Verdict {
    /// Held, to be released in time order (`reordered`: it came after a later line).
    Held { reordered: bool },
    /// Older than a line already released: skipped.
    Late,
    /// Held lines of a jump turned out to be outliers and were dropped (their line numbers);
    /// the admitted line itself is held.
    Outliers(Vec<u64>),
}

pub struct Reorder {
    window: Time,
    /// A forward step larger than this (the window, at least `MIN_JUMP`) is a suspect.
    jump: Time,
    /// In-order lines: a queue as a vector and a read index (compacted as it drains).
    held: Vec<InBuf>,
    head: usize,
    late: BinaryHeap<Reverse<Owned>>,
    suspects: Vec<Owned>,
    against: u32,
    max_seen: Time,
    /// `max_seen - window`: lines at or before it are ready.
    limit: Time,
    released: Time,
    /// Release early regardless of time (memory bound reached), until cleared.
    pub squeeze: bool,
}

impl Reorder {
    pub fn new(window: Time) -> Self {
        Reorder {
            window: window.max(0),
            jump: window.max(MIN_JUMP),
            held: Vec::with_capacity(1024),
            head: 0,
            late: BinaryHeap::new(),
            suspects: Vec::new(),
            against: 0,
            max_seen: Time::MIN,
            limit: Time::MIN,
            released: Time::MIN,
            squeeze: false,
        }
    }

    /// Take in a line at `t` whose path is `path`, found at absolute offset `at` of the buffer.
    #[inline]
    pub fn admit(&mut self, t: Time, line: u64, at: u64, path: &[u8]) -> Verdict {
        // The common case: in order, within the window of the newest time, no jump pending.
        let back = if self.head < self.held.len() {
            self.held[self.held.len() - 1].t
        } else {
            self.released
        };
        if t >= back && t <= self.max_seen.saturating_add(self.jump) && self.suspects.is_empty() {
            if t > self.max_seen {
                self.max_seen = t;
                self.limit = t.saturating_sub(self.window);
            }
            self.push_held(InBuf {
                t,
                at,
                len: path.len() as u32,
            });
            return Verdict::Held { reordered: false };
        }
        self.admit_slow(t, line, at, path)
    }

    #[inline]
    fn push_held(&mut self, b: InBuf) {
        // Compact once half is drained: at most one entry moved per line, amortized.
        if self.held.len() == self.held.capacity() && self.head * 2 >= self.held.len() {
            self.held.drain(..self.head);
            self.head = 0;
        }
        self.held.push(b);
        if self.held.len() - self.head + self.late.len() > MAX_HELD {
            self.squeeze = true;
        }
    }

    #[cold]
    fn admit_slow(&mut self, t: Time, line: u64, at: u64, path: &[u8]) -> Verdict {
        if t < self.released {
            return Verdict::Late;
        }
        if self.max_seen != Time::MIN && t > self.max_seen.saturating_add(self.jump) {
            return self.suspect(t, line, at, path);
        }
        let mut verdict = Verdict::Held { reordered: false };
        if !self.suspects.is_empty() {
            self.against += 1;
            if self.against >= CONFIRM {
                verdict = Verdict::Outliers(self.suspects.drain(..).map(|s| s.line).collect());
                self.against = 0;
            }
        }
        if t > self.max_seen {
            self.max_seen = t;
            self.limit = t.saturating_sub(self.window);
            self.accept_reachable();
        }
        let in_order = self.head == self.held.len() || t >= self.held[self.held.len() - 1].t;
        if in_order {
            self.push_held(InBuf {
                t,
                at,
                len: path.len() as u32,
            });
        } else {
            self.late.push(Reverse(Owned {
                t,
                at,
                line,
                path: path.into(),
            }));
            if verdict == (Verdict::Held { reordered: false }) {
                verdict = Verdict::Held { reordered: true };
            }
        }
        verdict
    }

    fn suspect(&mut self, t: Time, line: u64, at: u64, path: &[u8]) -> Verdict {
        self.suspects.push(Owned {
            t,
            at,
            line,
            path: path.into(),
        });
        if self.suspects.len() as u32 >= CONFIRM {
            self.accept_suspects();
        }
        Verdict::Held { reordered: false }
    }

    /// Suspects that the newest time has caught up with (no longer a jump from it) are real:
    /// they join the heap before any line past them can be released.
    fn accept_reachable(&mut self) {
        loop {
            let reach = self.max_seen.saturating_add(self.jump);
            if !self.suspects.iter().any(|s| s.t <= reach) {
                return;
            }
            let (now, later): (Vec<Owned>, Vec<Owned>) =
                self.suspects.drain(..).partition(|s| s.t <= reach);
            self.suspects = later;
            for s in now {
                self.max_seen = self.max_seen.max(s.t);
                self.late.push(Reverse(s));
            }
            self.limit = self.max_seen.saturating_sub(self.window);
            if self.suspects.is_empty() {
                self.against = 0;
            }
        }
    }

    /// The jump is real: its lines join the heap and the watermark moves to them.
    fn accept_suspects(&mut self) {
        for s in self.suspects.drain(..) {
            self.max_seen = self.max_seen.max(s.t);
            self.late.push(Reverse(s));
        }
        self.limit = self.max_seen.saturating_sub(self.window);
        self.against = 0;
    }

    /// The earliest held line, if it is ready: a window behind the newest time, or `flush`
    /// (the end of the input), or `squeeze` (memory bound reached).
    #[inline]
    pub fn pop(&mut self, flush: bool) -> Option<Out> {
        if self.late.is_empty() && !flush && !self.squeeze {
            let h = self.held.get(self.head)?;
            if h.t > self.limit {
                return None;
            }
            let b = *h;
            self.head += 1;
            self.released = b.t;
            return Some(Out::Buf(b));
        }
        self.pop_slow(flush)
    }

    #[cold]
    fn pop_slow(&mut self, flush: bool) -> Option<Out> {
        if flush && !self.suspects.is_empty() {
            self.accept_suspects();
        }
        let force = flush || self.squeeze;
        let h = self.held.get(self.head).copied();
        let heap_first = match (h, self.late.peek()) {
            (None, None) => {
                self.squeeze = false;
                return None;
            }
            (Some(h), None) => {
                if h.t > self.limit && !force {
                    return None;
                }
                false
            }
            (h, Some(Reverse(o))) => {
                let heap_first = h.is_none_or(|h| (o.t, o.at) < (h.t, h.at));
                let t = if heap_first { o.t } else { h.expect("some").t };
                if t > self.limit && !force {
                    return None;
                }
                heap_first
            }
        };
        let out = if heap_first {
            Out::Owned(self.late.pop().expect("peeked").0)
        } else {
            self.head += 1;
            Out::Buf(h.expect("some"))
        };
        self.released = match &out {
            Out::Buf(b) => b.t,
            Out::Owned(o) => o.t,
        };
        if self.held.len() - self.head + self.late.len() <= MAX_HELD / 2 {
            self.squeeze = false;
        }
        Some(out)
    }

    /// The offset of the oldest line held in the line buffer (the buffer keeps it from there).
    #[inline]
    pub fn pin(&self) -> Option<u64> {
        self.held.get(self.head).map(|h| h.at)
    }
}

/// Most bytes of in-order lines kept in the line buffer before the oldest is released early.
pub const MAX_BUFFERED: u64 = 32 << 20;

#[cfg(test)]
mod tests {
    use super::*;

    fn run(window: Time, times: &[Time]) -> (Vec<(Time, u64)>, Vec<u64>, Vec<u64>) {
        let mut r = Reorder::new(window);
        let (mut out, mut late, mut outliers) = (Vec::new(), Vec::new(), Vec::new());
        let take = |o: Out, out: &mut Vec<(Time, u64)>| match o {
            Out::Buf(b) => out.push((b.t, b.at)),
            Out::Owned(o) => out.push((o.t, o.at)),
        };
        for (i, &t) in times.iter().enumerate() {
            match r.admit(t, i as u64, i as u64, b"/") {
                Verdict::Late => late.push(i as u64),
                Verdict::Outliers(l) => outliers.extend(l),
                Verdict::Held { .. } => {}
            }
            while let Some(o) = r.pop(false) {
                take(o, &mut out);
            }
        }
        while let Some(o) = r.pop(true) {
            take(o, &mut out);
        }
        (out, late, outliers)
    }

    #[test]
    fn reorders_within_the_window_exactly() {
        let (out, late, _) = run(5, &[0, 3, 1, 2, 9, 7, 20, 30]);
        let times: Vec<Time> = out.iter().map(|o| o.0).collect();
        assert_eq!(times, vec![0, 1, 2, 3, 7, 9, 20, 30]);
        assert!(late.is_empty());
    }

    #[test]
    fn lines_later_than_the_window_are_skipped() {
        let (out, late, _) = run(5, &[0, 10, 20, 3, 21]);
        assert_eq!(late, vec![3]);
        assert_eq!(out.len(), 4);
    }

    #[test]
    fn a_far_future_outlier_costs_only_itself() {
        let mut times: Vec<Time> = (0..1000).collect();
        times.insert(10, MIN_JUMP * 1000);
        let (out, late, outliers) = run(5, &times);
        assert_eq!(outliers, vec![10]);
        assert!(late.is_empty());
        assert_eq!(out.len(), 1000);
        assert!(out.windows(2).all(|w| w[0].0 <= w[1].0));
    }

    #[test]
    fn a_real_jump_is_confirmed() {
        let mut times: Vec<Time> = (0..20).collect();
        times.extend(MIN_JUMP * 2..MIN_JUMP * 2 + 20);
        let (out, late, outliers) = run(5, &times);
        assert!(late.is_empty() && outliers.is_empty());
        assert_eq!(out.len(), 40);
        assert!(out.windows(2).all(|w| w[0].0 <= w[1].0));
    }

    #[test]
    fn a_zero_window_keeps_order_and_skips_backwards_lines() {
        let (out, late, _) = run(0, &[0, 0, 1, 0, 2]);
        assert_eq!(late, vec![3]);
        assert_eq!(out.len(), 4);
    }

    /// Found by the property below: a jump that later lines catch up with (they come within the
    /// jump of it) must be replayed before them, not at the end, after later times.
    #[test]
    fn a_suspect_that_later_lines_catch_up_with_is_replayed_in_its_place() {
        let times = [
            857_254_014,
            0,
            917_254_015,
            875_063_502,
            917_254_016,
            917_254_090,
        ];
        let (out, late, outliers) = run(0, &times);
        let got: Vec<Time> = out.iter().map(|o| o.0).collect();
        assert_eq!(
            got,
            [
                857_254_014,
                875_063_502,
                917_254_015,
                917_254_016,
                917_254_090
            ]
        );
        assert_eq!((late, outliers), (vec![1], vec![]));
    }

    proptest::proptest! {
        /// Lines at most a window behind the newest are all replayed, in exact time order
        /// (arrival order among equal times): what a stable sort of the input gives.
        #[test]
        fn within_the_window_the_output_is_the_stable_sort(
            steps in proptest::collection::vec((0i64..4, 0i64..=5), 1..400),
        ) {
            let mut base = 0;
            let times: Vec<Time> = steps
                .iter()
                .map(|&(step, back)| {
                    base += step;
                    base - back
                })
                .collect();
            let (out, late, outliers) = run(5, &times);
            let mut want: Vec<(Time, u64)> =
                times.iter().enumerate().map(|(i, &t)| (t, i as u64)).collect();
            want.sort();
            proptest::prop_assert!(late.is_empty() && outliers.is_empty());
            proptest::prop_assert_eq!(out, want);
        }

        /// Whatever the input, the output never goes back in time and every line is accounted
        /// for: replayed, late or an outlier.
        #[test]
        fn any_input_is_replayed_in_order_or_counted(
            times in proptest::collection::vec(-1_000i64..1_000_000_000, 0..300),
            window in 0i64..100,
        ) {
            let (out, late, outliers) = run(window, &times);
            proptest::prop_assert!(out.windows(2).all(|w| w[0].0 <= w[1].0));
            proptest::prop_assert_eq!(out.len() + late.len() + outliers.len(), times.len());
        }
    }
}
