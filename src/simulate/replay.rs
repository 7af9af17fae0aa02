//! One engine's replay of a trace, batch by batch (the hot loop), with the scenario's steps
//! and the added content changes merged in by time; a replay that gets nothing but requests
//! counts its fresh hits a chunk at a time.

use super::changes::Feed;
use super::pipeline::Batch;
use super::progress::Progress;
use crate::engine::Time;
use crate::engine::events::Sink;
use crate::engine::routes::PathId;
use crate::engine::sim::Sim;
use crate::scenario::{Scenario, Step};
use std::iter::Peekable;
use std::slice::Iter;

/// Requests a quiet replay looks at together (`Replay::batch_quiet`): few enough that their
/// entries are still in the nearest cache when the engine takes the ones that are not fresh.
const CHUNK: usize = 256;

/// One engine's replay of a trace, batch by batch: the hot loop. Per request: one table index,
/// the engine, and one comparison for everything merged in (steps and added changes); nothing
/// is allocated per request.
pub(super) struct Replay<'s> {
    steps: Peekable<Iter<'s, (Time, Step)>>,
    /// Path number (dense, in order of first appearance) to the engine's path id, when they
    /// differ.
    ids: Vec<PathId>,
    /// While every path number so far is its own id (the usual case: nothing interned before
    /// the trace), how many there are; `ids` is then empty and not read per request.
    same: Option<u32>,
    started: bool,
    next_event: Time,
    /// Requests replayed.
    pub n: u64,
    /// Stopped early (Ctrl-C, or the sink is full): the rest is not replayed.
    stopped: bool,
}

impl<'s> Replay<'s> {
    pub fn new(s: &'s Scenario) -> Self {
        Replay {
            steps: s.steps.iter().peekable(),
            ids: Vec::new(),
            same: Some(0),
            started: false,
            next_event: Time::MAX,
            n: 0,
            stopped: false,
        }
    }

    /// Replay one batch; `false` once the run stopped early.
    pub fn batch<S: Sink>(
        &mut self,
        sim: &mut Sim<S>,
        feed: &mut Feed,
        batch: &Batch,
        progress: Option<(&dyn Progress, std::time::Instant)>,
    ) -> bool {
        if self.stopped {
            return false;
        }
        if !S::ENABLED && self.quiet() && sim.has_short_cuts() {
            return self.batch_quiet(sim, batch, progress);
        }
        if !self.started {
            // The first request is t=0 on the trace's own clock: publish-log times are placed now.
            feed.start(batch.t0.unwrap_or(0));
            self.next_event = next_step(&mut self.steps).min(feed.next());
            self.started = true;
        }
        // What a request reads is brought in AHEAD requests before it.
        const AHEAD: usize = 24;
        let (times, paths) = (&batch.times[..], &batch.paths[..batch.times.len()]);
        // Kept in registers through the loop (the engine's calls in between could otherwise
        // make the compiler reload them from `self` every request).
        let (mut n, mut next_event) = (self.n, self.next_event);
        let mut stopped = false;
        for (i, (&t, &num)) in times.iter().zip(paths).enumerate() {
            if let Some(id) = paths.get(i + AHEAD).and_then(|&n| self.hint(n)) {
                sim.prefetch(id);
            }
            let known = self.id(num);
            if t >= next_event {
                let path = match known {
                    Some(id) => sim.paths.name(id).into_bytes(),
                    None => batch.new_path(num).to_vec(),
                };
                next_event = merge_due(sim, &mut self.steps, feed, t, &path);
            }
            let id = match known {
                Some(id) => id,
                None => self.intern_new(sim, batch, num),
            };
            sim.request(t, id);
            n += 1;
            if S::ENABLED && n & 0xFFF == 0 && sim.sink_stopped() {
                stopped = true;
                break;
            }
            if n & 0xF_FFFF == 0 && interrupted(n, batch, progress) {
                stopped = true;
                break;
            }
        }
        (self.n, self.next_event, self.stopped) = (n, next_event, stopped);
        !stopped
    }

    /// [`Replay::batch`] when the replay is quiet and the engine has short cuts: a chunk of
    /// requests at a time, its fresh hits found without a branch each and counted at once, then
    /// the others given to the engine in order. A request found fresh by the entries as they
    /// were at the chunk's start is fresh when it comes: an entry changes only by a request for
    /// its path that is not a fresh hit, and times do not go back, so that request's time, and
    /// every later one, is past the old entry's fresh span too (see [`Sim::fresh_hit`]).
    fn batch_quiet<S: Sink>(
        &mut self,
        sim: &mut Sim<S>,
        batch: &Batch,
        progress: Option<(&dyn Progress, std::time::Instant)>,
    ) -> bool {
        const AHEAD: usize = 24;
        let (times, paths) = (&batch.times[..], &batch.paths[..batch.times.len()]);
        let (mut hits, mut last) = (0u64, Time::MIN);
        let mut todo = [0u8; CHUNK];
        let mut stopped = false;
        for start in (0..times.len()).step_by(CHUNK) {
            let end = (start + CHUNK).min(times.len());
            let mut k = 0;
            for i in start..end {
                if let Some(id) = paths.get(i + AHEAD).and_then(|&n| self.hint(n)) {
                    sim.prefetch(id);
                }
                let t = times[i];
                let fresh = self.id(paths[i]).is_some_and(|id| sim.fresh_hit(t, id));
                hits += u64::from(fresh);
                last = if fresh { t } else { last };
                todo[k] = (i - start) as u8;
                k += usize::from(!fresh);
            }
            for &j in &todo[..k] {
                let i = start + usize::from(j);
                self.request(sim, batch, times[i], paths[i]);
            }
            // As often as the plain loop: when the count passes a multiple of 2^20.
            let n = self.n + hits;
            if n >> 20 != (n - (end - start) as u64) >> 20 && interrupted(n, batch, progress) {
                stopped = true;
                break;
            }
        }
        sim.add_fresh_hits(hits, last);
        self.n += hits;
        self.stopped = stopped;
        !stopped
    }

    /// Whether only the trace's requests are left for the engine: the replay started, and no
    /// step or added change is to be merged in.
    fn quiet(&self) -> bool {
        self.started && !self.stopped && self.next_event == Time::MAX && self.steps.len() == 0
    }

    /// One request, of path number `num` at `t` (from `batch`), to the engine; the path's id.
    #[inline]
    fn request<S: Sink>(&mut self, sim: &mut Sim<S>, batch: &Batch, t: Time, num: u32) -> PathId {
        let id = match self.id(num) {
            Some(id) => id,
            None => self.intern_new(sim, batch, num),
        };
        sim.request(t, id);
        self.n += 1;
        id
    }

    /// Intern path number `num`, new in `batch`, in the engine; its id.
    #[cold]
    fn intern_new<S: Sink>(&mut self, sim: &mut Sim<S>, batch: &Batch, num: u32) -> PathId {
        let id = sim.intern_unseen(batch.new_path(num));
        self.number(num, id);
        id
    }

    /// The engine's id of path number `n`, if it was interned already.
    #[inline]
    fn id(&self, n: u32) -> Option<PathId> {
        match self.same {
            Some(m) => (n < m).then_some(n),
            None => self.ids.get(n as usize).copied(),
        }
    }

    /// The id to prefetch for path number `n`: `n` itself while numbers are ids (one not
    /// interned yet is past the caches' ends, which the prefetches check).
    #[inline(always)]
    fn hint(&self, n: u32) -> Option<PathId> {
        if self.same.is_some() {
            Some(n)
        } else {
            self.id(n)
        }
    }

    /// Record that path number `num` (the next new one) is the engine's `id`.
    #[cold]
    fn number(&mut self, num: u32, id: PathId) {
        match self.same {
            Some(m) if id == num => self.same = Some(m + 1),
            Some(m) => {
                self.ids = (0..m).collect();
                self.ids.push(id);
                self.same = None;
            }
            None => self.ids.push(id),
        }
    }

    /// After the last batch: the steps after the trace's end (unless stopped early).
    pub fn end<S: Sink>(self, sim: &mut Sim<S>, feed: &mut Feed) {
        if !self.started {
            feed.start(0);
        }
        if !self.stopped {
            for (st, step) in self.steps {
                apply_step(sim, *st, step);
            }
        }
    }
}

/// Every 2^20 requests: whether Ctrl-C asked the replay to stop; else report progress (`n`
/// requests replayed).
#[cold]
fn interrupted(
    n: u64,
    batch: &Batch,
    progress: Option<(&dyn Progress, std::time::Instant)>,
) -> bool {
    if crate::interrupt::requested() {
        return true;
    }
    if let Some((progress, started)) = progress {
        let rate = n as f64 / started.elapsed().as_secs_f64().max(1e-9);
        progress.trace(batch.bytes_read, n, rate);
    }
    false
}

fn next_step(steps: &mut Peekable<Iter<(Time, Step)>>) -> Time {
    steps.peek().map_or(Time::MAX, |(t, _)| *t)
}

/// Apply the steps and changes due at or before `t` (the next request's, for `path`) in time
/// order, steps first at equal times; the time of the next one after.
#[cold]
fn merge_due<S: Sink>(
    sim: &mut Sim<S>,
    steps: &mut Peekable<Iter<(Time, Step)>>,
    feed: &mut Feed,
    t: Time,
    path: &[u8],
) -> Time {
    // Once a per-path change waits for a page request, only steps can go on.
    let mut waiting = false;
    loop {
        let st = next_step(steps);
        let ct = if waiting { Time::MAX } else { feed.due_at(t) };
        if st.min(ct) > t {
            break;
        }
        if st <= ct {
            let (st, step) = steps.next().expect("peeked");
            apply_step(sim, *st, step);
        } else if !feed.fire_one(sim, t, Some(path)) {
            waiting = true;
        }
    }
    next_step(steps).min(feed.next())
}

/// Apply one of the scenario's steps.
pub(super) fn apply_step<S: Sink>(sim: &mut Sim<S>, t: Time, step: &Step) {
    match step {
        Step::Request { path } => {
            let id = sim.intern(path);
            sim.request(t, id);
        }
        Step::Bypass { path } => {
            let id = sim.intern(path);
            sim.bypass(t, id);
        }
        Step::Action(a) => sim.action(t, a),
    }
}

#[cfg(test)]
mod tests;
