//! The engine's queue of what is scheduled for later (renders finishing, delayed actions),
//! taken out in (time, order of scheduling) order: a FIFO for items scheduled in time order
//! (every render when render times are equal, since requests arrive in time order) and a binary
//! heap for the rest. The next item is the earlier of the two fronts, exactly the order one heap
//! of everything would give, at the cost of a deque push and pop for the common case.

use super::Time;
use std::cmp::{Ordering, Reverse};
use std::collections::{BinaryHeap, VecDeque};

/// One scheduled item; ordered by (time, sequence number) alone.
#[derive(Debug)]
struct Entry<T> {
    at: Time,
    seq: u64,
    item: T,
}

impl<T> Entry<T> {
    fn key(&self) -> (Time, u64) {
        (self.at, self.seq)
    }
}

impl<T> PartialEq for Entry<T> {
    fn eq(&self, other: &Self) -> bool {
        self.key() == other.key()
    }
}

impl<T> Eq for Entry<T> {}

impl<T> PartialOrd for Entry<T> {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl<T> Ord for Entry<T> {
    fn cmp(&self, other: &Self) -> Ordering {
        self.key().cmp(&other.key())
    }
}

/// Items scheduled for later, taken out in (time, seq) order.
#[derive(Debug)]
pub struct Queue<T> {
    /// In (time, seq) order: each was scheduled no earlier than the one before it.
    fifo: VecDeque<Entry<T>>,
    heap: BinaryHeap<Reverse<Entry<T>>>,
    seq: u64,
    /// The earliest time scheduled (`Time::MAX` when nothing is): most calls of
    /// [`Queue::pop_due`] end at one comparison with it.
    next: Time,
}

impl<T> Default for Queue<T> {
    fn default() -> Self {
        Queue {
            fifo: VecDeque::new(),
            heap: BinaryHeap::new(),
            seq: 0,
            next: Time::MAX,
        }
    }
}

impl<T> Queue<T> {
    /// Schedule `item` at `at`, after everything already scheduled at the same time. `in_order`
    /// says items like it usually come in time order (they may then use the FIFO; an item that
    /// would break the FIFO's order goes to the heap, so any value is correct).
    #[inline]
    pub fn push(&mut self, at: Time, item: T, in_order: bool) {
        self.seq += 1;
        self.next = self.next.min(at);
        let e = Entry {
            at,
            seq: self.seq,
            item,
        };
        // Seq only grows, so appending an item no earlier than the last keeps the FIFO sorted.
        if in_order && self.fifo.back().is_none_or(|b| b.at <= at) {
            self.fifo.push_back(e);
        } else {
            self.heap.push(Reverse(e));
        }
    }

    /// The earliest item scheduled at or before `t`, with its time.
    /// The first scheduled item (in no particular order) for which `pick` gives something.
    pub fn find<R>(&self, mut pick: impl FnMut(&T) -> Option<R>) -> Option<R> {
        self.fifo
            .iter()
            .chain(self.heap.iter().map(|r| &r.0))
            .find_map(|e| pick(&e.item))
    }

    /// Whether something is due at or before `t`.
    #[inline(always)]
    pub fn due(&self, t: Time) -> bool {
        self.next <= t
    }

    #[inline]
    pub fn pop_due(&mut self, t: Time) -> Option<(Time, T)> {
        if self.next > t {
            return None;
        }
        self.pop_first()
    }

    /// The earliest item (due: its time is `next`).
    fn pop_first(&mut self) -> Option<(Time, T)> {
        let fifo_first = match (self.fifo.front(), self.heap.peek()) {
            (None, None) => return None,
            (Some(_), None) => true,
            (None, Some(_)) => false,
            (Some(f), Some(Reverse(h))) => f.key() < h.key(),
        };
        let e = if fifo_first {
            self.fifo.pop_front()?
        } else {
            self.heap.pop()?.0
        };
        let f = self.fifo.front().map_or(Time::MAX, |f| f.at);
        let h = self.heap.peek().map_or(Time::MAX, |h| h.0.at);
        self.next = f.min(h);
        Some((e.at, e.item))
    }

    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.fifo.len() + self.heap.len()
    }

    #[cfg(test)]
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests;
