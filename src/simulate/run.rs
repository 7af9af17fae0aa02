//! The driver: feed a scenario's steps, its workload or trace and the added content changes,
//! merged by time, into the engine, and report progress to a [`Progress`]. Stops early on Ctrl-C.

use super::changes::{ChangeStats, Changes, Feed};
use super::pipeline::Pipeline;
use super::progress::Progress;
use super::replay::{Replay, apply_step};
use super::{Error, Result};
use crate::engine::events::Sink;
use crate::engine::metrics::Summary;
use crate::engine::model::{Action, Target};
use crate::engine::sim::Sim;
use crate::engine::workload::{WorkItem, WorkloadSpec};
use crate::scenario::{Scenario, Step};
use crate::trace::{TraceReader, TraceStats};

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
