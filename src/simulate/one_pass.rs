//! Many variants from one pass over a trace (`--sweep`, `--compare`): the trace is parsed once
//! (on its own thread) and every batch goes to every variant's engine, the engines spread over
//! the cores. Each engine sees exactly the requests a run of its own would, in the same order,
//! so each variant's result is the same as a separate replay's; and a trace from stdin can be
//! swept too, since it is read once.

use super::changes::{ChangeStats, Changes, Feed};
use super::pipeline::{Batch, Pipeline};
use super::progress::Progress;
use super::replay::Replay;
use super::{Error, Result};
use crate::engine::events::NullSink;
use crate::engine::metrics::Summary;
use crate::engine::sim::Sim;
use crate::scenario::Scenario;
use crate::trace::{TraceReader, TraceStats};
use std::sync::Arc;
use std::sync::mpsc::sync_channel;

/// Batches a worker may lag behind the reader.
const DEPTH: usize = 2;
/// Requests per batch. A worker runs each of its engines over a whole batch in turn, so the
/// larger the batch, the more of an engine's requests find their path's entry still in the
/// cache from earlier in the same batch (the batch itself, 12 bytes a request, is shared).
const BATCH: usize = 256 * 1024;

/// One variant's result.
pub struct Outcome {
    pub summary: Summary,
    pub changes: ChangeStats,
}

/// Replay `reader` once into an engine per scenario; results in the scenarios' order, and what
/// was read of the trace.
pub fn replay_all(
    scenarios: &[&Scenario],
    reader: TraceReader,
    changes: &Changes,
    progress: &dyn Progress,
) -> Result<(Vec<Outcome>, TraceStats)> {
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(scenarios.len())
        .max(1);
    let mut pipe = Pipeline::with_batches(reader, BATCH);
    std::thread::scope(|scope| {
        let mut senders = Vec::with_capacity(workers);
        let mut handles = Vec::with_capacity(workers);
        for w in 0..workers {
            let (tx, rx) = sync_channel::<Arc<Batch>>(DEPTH);
            senders.push(tx);
            let mine: Vec<(usize, &Scenario)> = scenarios
                .iter()
                .enumerate()
                .filter(|(i, _)| i % workers == w)
                .map(|(i, s)| (i, *s))
                .collect();
            handles.push(scope.spawn(move || -> Result<Vec<(usize, Outcome)>> {
                let mut engines = mine
                    .into_iter()
                    .map(|(i, s)| {
                        let feed = Feed::new(changes, s)?;
                        let sim = Sim::new(s.config.clone(), NullSink).map_err(Error::Config)?;
                        Ok((i, s, sim, feed, Replay::new(s)))
                    })
                    .collect::<Result<Vec<_>>>()?;
                for batch in rx {
                    for (_, _, sim, feed, replay) in &mut engines {
                        replay.batch(sim, feed, &batch, None);
                    }
                }
                Ok(engines
                    .into_iter()
                    .map(|(i, s, mut sim, mut feed, replay)| {
                        replay.end(&mut sim, &mut feed);
                        let (summary, _, _) = sim.finish(s.duration);
                        let changes = feed.finish();
                        (i, Outcome { summary, changes })
                    })
                    .collect())
            }));
        }
        let started = std::time::Instant::now();
        let mut read = 0u64;
        let mut failed = None;
        while let Some(batch) = pipe.next_batch() {
            let batch = match batch {
                Ok(b) => Arc::new(b),
                Err(e) => {
                    failed = Some(e);
                    break;
                }
            };
            read += batch.times.len() as u64;
            let rate = read as f64 / started.elapsed().as_secs_f64().max(1e-9);
            progress.trace(batch.bytes_read, read, rate);
            // A worker that hung up failed to start; its error is reported below.
            if senders.iter().any(|tx| tx.send(batch.clone()).is_err())
                || crate::interrupt::requested()
            {
                break;
            }
        }
        drop(senders);
        let mut outcomes: Vec<Option<Outcome>> = scenarios.iter().map(|_| None).collect();
        for h in handles {
            let done = h.join().unwrap_or_else(|p| std::panic::resume_unwind(p))?;
            for (i, o) in done {
                outcomes[i] = Some(o);
            }
        }
        let stats = pipe.finish(read);
        if let Some(e) = failed {
            return Err(e.into());
        }
        let outcomes = outcomes
            .into_iter()
            .map(|o| o.ok_or(Error::Unfinished))
            .collect::<Result<Vec<_>>>()?;
        Ok((outcomes, stats))
    })
}
