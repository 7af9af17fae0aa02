//! The driver: feed a scenario's steps and its workload or trace, merged by time, into the
//! engine, and report progress to a [`Progress`]. Stops early on Ctrl-C.

use super::{Error, Result};
use crate::engine::Time;
use crate::engine::events::Sink;
use crate::engine::metrics::Summary;
use crate::engine::model::{Action, Target};
use crate::engine::sim::Sim;
use crate::engine::workload::{WorkItem, WorkloadSpec};
use crate::scenario::{Scenario, Step};
use crate::trace::{TraceReader, TraceStats};

/// Where a long run reports how far it got (a progress bar, or nothing).
pub trait Progress: Sync {
    /// A trace replay read `bytes` of input and replayed `requests` at `rate` requests/s.
    fn trace(&self, _bytes: u64, _requests: u64, _rate: f64) {}
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

/// Run one scenario (with its trace, if any) to the end, or to Ctrl-C.
pub fn simulate<S: Sink>(
    scenario: &Scenario,
    trace: Option<TraceReader>,
    sink: S,
    progress: &dyn Progress,
) -> Result<(Summary, S, Option<TraceStats>)> {
    let mut sim = Sim::new(scenario.config.clone(), sink).map_err(Error::Config)?;
    let stats = match trace {
        Some(mut reader) => {
            replay(&mut sim, scenario, &mut reader, progress)?;
            Some(reader.stats)
        }
        None => {
            run_steps(&mut sim, scenario);
            None
        }
    };
    progress.finish();
    let (summary, sink, _) = sim.finish(scenario.duration);
    Ok((summary, sink, stats))
}

/// Feed the scenario steps and the workload (merged by time) into the engine.
fn run_steps<S: Sink>(sim: &mut Sim<S>, s: &Scenario) {
    let mut work = s.workload.as_ref().map(|w| (w, w.generate(s.config.seed)));
    let mut next_work: Option<WorkItem> = work.as_mut().and_then(|(_, it)| it.next());
    let mut steps = s.steps.iter().peekable();
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
        match (step_t, work_t) {
            (None, None) => break,
            (Some(st), wt) if wt.is_none_or(|wt| st <= wt) => {
                let (t, step) = steps.next().expect("peeked");
                apply_step(sim, *t, step);
            }
            _ => {
                let (spec, it) = work.as_mut().expect("workload item implies a workload");
                apply_work(sim, spec, next_work.take().expect("some"));
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

/// Replay a trace, with the scenario's own steps merged in by time. This is the hot loop:
/// one reused line buffer, one hash lookup per request, nothing allocated per request.
fn replay<S: Sink>(
    sim: &mut Sim<S>,
    s: &Scenario,
    reader: &mut TraceReader,
    progress: &dyn Progress,
) -> Result<()> {
    let mut steps = s.steps.iter().peekable();
    let started = std::time::Instant::now();
    while let Some(t) = reader.next_record()? {
        while let Some((st, step)) = steps.next_if(|(st, _)| *st <= t) {
            apply_step(sim, *st, step);
        }
        let id = sim.intern_bytes(reader.path());
        sim.request(t, id);
        if S::ENABLED && reader.stats.requests & 0xFFF == 0 && sim.sink_stopped() {
            return Ok(());
        }
        if reader.stats.requests & 0xF_FFFF == 0 {
            if crate::interrupt::requested() {
                return Ok(());
            }
            let n = reader.stats.requests;
            let rate = n as f64 / started.elapsed().as_secs_f64().max(1e-9);
            progress.trace(reader.bytes_read(), n, rate);
        }
    }
    for (st, step) in steps {
        apply_step(sim, *st, step);
    }
    Ok(())
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
