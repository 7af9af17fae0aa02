//! The driver: feed a scenario's steps, its workload or trace and the added content changes,
//! merged by time, into the engine, and report progress to a [`Progress`]. Stops early on Ctrl-C.

use super::changes::{ChangeStats, Changes, Feed};
use super::pipeline::{Batch, Pipeline};
use super::{Error, Result};
use crate::engine::Time;
use crate::engine::events::Sink;
use crate::engine::metrics::Summary;
use crate::engine::model::{Action, Target};
use crate::engine::routes::PathId;
use crate::engine::sim::Sim;
use crate::engine::workload::{WorkItem, WorkloadSpec};
use crate::scenario::{Scenario, Step};
use crate::trace::{TraceReader, TraceStats};
use std::iter::Peekable;
use std::slice::Iter;

/// Where a long run reports how far it got (a progress bar, or nothing).
pub trait Progress: Sync {
    /// A trace replay read `bytes` of input and replayed `requests` at `rate` requests/s.
    fn trace(&self, _bytes: u64, _requests: u64, _rate: f64) {}
    /// A workload run reached simulated time `t` of its `end`.
    fn sim_time(&self, _t: Time, _end: Time) {}
    /// A comparison or sweep of `total` runs starts.
    fn start_runs(&self, _total: usize) {}
    /// `done` runs of a comparison or sweep have finished.
    fn runs(&self, _done: usize) {}
    /// The work is over (clear the bar).
    fn finish(&self) {}
}

/// Reports nothing.
pub struct NoProgress;

impl Progress for NoProgress {}

/// What a run gives back: the summary, the sink, what was read of the trace, and what became
/// of the added content changes.
pub struct Finished<S> {
    pub summary: Summary,
    pub sink: S,
    pub trace: Option<TraceStats>,
    pub changes: ChangeStats,
}

/// Run one scenario (with its trace, if any, and the added `changes`) to the end, or to Ctrl-C.
pub fn simulate<S: Sink>(
    scenario: &Scenario,
    trace: Option<TraceReader>,
    changes: &Changes,
    sink: S,
    progress: &dyn Progress,
) -> Result<Finished<S>> {
    let mut feed = Feed::new(changes, scenario)?;
    let mut sim = Sim::new(scenario.config.clone(), sink).map_err(Error::Config)?;
    let stats = match trace {
        Some(reader) => Some(replay(&mut sim, scenario, reader, &mut feed, progress)?),
        None => {
            feed.start(0);
            run_steps(&mut sim, scenario, &mut feed, progress);
            None
        }
    };
    progress.finish();
    let (summary, sink, _) = sim.finish(scenario.duration);
    Ok(Finished {
        summary,
        sink,
        trace: stats,
        changes: feed.finish(),
    })
}

/// Feed the scenario steps and the workload (merged by time) into the engine, the added changes
/// before the first input at or after their time.
fn run_steps<S: Sink>(sim: &mut Sim<S>, s: &Scenario, feed: &mut Feed, progress: &dyn Progress) {
    let mut work = s.workload.as_ref().map(|w| (w, w.generate(s.config.seed)));
    let mut next_work: Option<WorkItem> = work.as_mut().and_then(|(_, it)| it.next());
    let mut steps = s.steps.iter().peekable();
    let end = s.workload.as_ref().map(|w| w.duration);
    let mut n: u64 = 0;
    loop {
        n += 1;
        if n & 0xFFF == 0 && (crate::interrupt::requested() || sim.sink_stopped()) {
            break;
        }
        let step_t = steps.peek().map(|(t, _)| *t);
        let work_t = next_work.map(|w| match w {
            WorkItem::Request { t, .. } | WorkItem::Change { t, .. } => t,
        });
        if n & 0xFFFF == 0
            && let (Some(end), Some(t)) = (end, work_t)
        {
            progress.sim_time(t, end);
        }
        match (step_t, work_t) {
            (None, None) => break,
            (Some(st), wt) if wt.is_none_or(|wt| st <= wt) => {
                let (t, step) = steps.next().expect("peeked");
                if *t >= feed.next() {
                    let path = match step {
                        Step::Request { path } | Step::Bypass { path } => Some(path.as_bytes()),
                        Step::Action(_) => None,
                    };
                    feed.fire_due(sim, *t, path);
                }
                apply_step(sim, *t, step);
            }
            _ => {
                let wt = work_t.expect("no step is due first, so a work item is");
                let (spec, it) = work.as_mut().expect("workload item implies a workload");
                let item = next_work.take().expect("some");
                if wt >= feed.next() {
                    match item {
                        WorkItem::Request { key, .. } => {
                            let path = spec.path_for(key);
                            feed.fire_due(sim, wt, Some(path.as_bytes()));
                        }
                        WorkItem::Change { .. } => feed.fire_due(sim, wt, None),
                    }
                }
                apply_work(sim, spec, item);
                next_work = it.next();
            }
        }
    }
}

fn apply_step<S: Sink>(sim: &mut Sim<S>, t: Time, step: &Step) {
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

/// Replay a trace, with the scenario's own steps and the added changes merged in by time. The
/// trace is parsed and its paths numbered on another thread ([`Pipeline`]); this thread runs
/// the engine.
fn replay<S: Sink>(
    sim: &mut Sim<S>,
    s: &Scenario,
    reader: TraceReader,
    feed: &mut Feed,
    progress: &dyn Progress,
) -> Result<TraceStats> {
    let mut r = Replay::new(s);
    let started = std::time::Instant::now();
    let mut pipe = Pipeline::start(reader);
    while let Some(batch) = pipe.next_batch() {
        let batch = match batch {
            Ok(b) => b,
            Err(e) => {
                pipe.finish(r.n);
                return Err(e.into());
            }
        };
        if !r.batch(sim, feed, &batch, Some((progress, started))) {
            break;
        }
    }
    let n = r.n;
    r.end(sim, feed);
    Ok(pipe.finish(n))
}

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
                None => {
                    let id = sim.intern_unseen(batch.new_path(num));
                    self.number(num, id);
                    id
                }
            };
            sim.request(t, id);
            n += 1;
            if S::ENABLED && n & 0xFFF == 0 && sim.sink_stopped() {
                stopped = true;
                break;
            }
            if n & 0xF_FFFF == 0 {
                if crate::interrupt::requested() {
                    stopped = true;
                    break;
                }
                if let Some((progress, started)) = progress {
                    let rate = n as f64 / started.elapsed().as_secs_f64().max(1e-9);
                    progress.trace(batch.bytes_read, n, rate);
                }
            }
        }
        (self.n, self.next_event, self.stopped) = (n, next_event, stopped);
        !stopped
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

fn apply_work<S: Sink>(sim: &mut Sim<S>, spec: &WorkloadSpec, item: WorkItem) {
    match item {
        WorkItem::Request { t, key } => {
            let id = sim.intern(&spec.path_for(key));
            sim.request(t, id);
        }
        WorkItem::Change { t, key } => {
            sim.action(
                t,
                &Action::ContentChange {
                    target: Target::Path(spec.path_for(key)),
                },
            );
        }
    }
}
