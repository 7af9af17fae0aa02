//! The sampling loop: every URL on its own schedule, requests bounded by a semaphore, samples fed
//! to per-URL trackers in one place, events handed to a sink as they happen.
//!
//! Knows nothing of clap or terminals; the caller renders events and decides exit codes.

use super::fetch;
use super::pops;
use super::rsc;
use super::sample::{RequestSpec, Sample};
use super::tracker::{Tracker, Transition, UrlSummary};
use crate::http::cache_status::CacheState;
use serde::Serialize;
use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};
use tokio::sync::{Semaphore, mpsc};
use url::Url;

/// When a URL has seen enough.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Until {
    /// The first sample in this state.
    State(CacheState),
    /// The first sample whose content version differs from the first sample's.
    Changed,
}

impl std::fmt::Display for Until {
    /// `changed` or the state's name, as `--until` takes it.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Until::Changed => f.write_str("changed"),
            Until::State(s) => f.write_str(s.as_str()),
        }
    }
}

/// Everything the loop needs; built by the command from flags.
#[derive(Debug, Clone)]
pub struct Plan {
    pub urls: Vec<Url>,
    pub interval: Duration,
    /// Stop scheduling after this long (per URL, from the start).
    pub duration: Option<Duration>,
    /// Stop after this many samples per URL.
    pub count: Option<u64>,
    pub until: Option<Until>,
    pub concurrency: usize,
    pub request: RequestSpec,
}

/// Something that happened, in order.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum Event {
    Sample(Box<Sample>),
    Transition(Transition),
    /// `--until` was reached for a URL.
    Reached {
        url: String,
        t: f64,
        seq: u64,
    },
}

/// The result of a run.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub summaries: Vec<UrlSummary>,
    /// Per URL (same order): did `--until` get reached?
    pub reached: Vec<bool>,
    pub interrupted: bool,
    pub elapsed: Duration,
    /// The last sample of each URL (same order), for `--once` explanations.
    pub last_samples: Vec<Option<Sample>>,
    /// Scheduled requests not sent because the one before was still running (or waiting for a
    /// `--concurrency` slot) past their time; summed over URLs.
    pub skipped_ticks: u64,
    /// Requests still in flight when `--duration` ended, cancelled.
    pub cancelled: u64,
}

impl Outcome {
    pub fn all_failed(&self) -> bool {
        let n: u64 = self.summaries.iter().map(|s| s.samples).sum();
        n > 0 && self.summaries.iter().all(|s| s.errors == s.samples)
    }
}

/// Run the plan. `interrupt` resolves on Ctrl-C (or never); the summary so far is returned.
pub async fn run(
    client: &reqwest::Client,
    plan: &Plan,
    sink: &mut dyn FnMut(&Event),
    interrupt: impl Future<Output = ()>,
) -> Outcome {
    let start = Instant::now();
    let sem = Arc::new(Semaphore::new(plan.concurrency.max(1)));
    let (tx, mut rx) = mpsc::unbounded_channel::<(usize, Sample)>();
    let stops: Vec<Arc<AtomicBool>> = plan
        .urls
        .iter()
        .map(|_| Arc::new(AtomicBool::new(false)))
        .collect();
    let skipped = Arc::new(AtomicU64::new(0));
    let in_flight = Arc::new(AtomicU64::new(0));
    let mut tasks = tokio::task::JoinSet::new();
    for (i, url) in plan.urls.iter().enumerate() {
        let (client, spec, url) = (client.clone(), plan.request.clone(), url.to_string());
        let (tx, sem, stop) = (tx.clone(), sem.clone(), stops[i].clone());
        let (skipped, in_flight) = (skipped.clone(), in_flight.clone());
        let (interval, duration, count) = (plan.interval, plan.duration, plan.count);
        let rsc_spec = spec.rsc.then(|| rsc::spec(&spec));
        let page = url::Url::parse(&url).ok();
        tasks.spawn(async move {
            let mut seq = 0u64;
            // The schedule's tick of the next request: tick k is due at start + k * interval.
            let mut tick = 0u64;
            loop {
                if seq > 0 {
                    let next = next_tick(tick, interval, start.elapsed());
                    // Skipped: the ticks in between, as far as the run lasts.
                    let last = duration.map_or(next, |d| next.min(ticks_within(d, interval)));
                    skipped.fetch_add(last.saturating_sub(tick + 1), Ordering::Relaxed);
                    tick = next;
                }
                let at = interval.saturating_mul(u32::try_from(tick).unwrap_or(u32::MAX));
                if seq > 0 {
                    if count.is_some_and(|c| seq >= c) || duration.is_some_and(|d| at >= d) {
                        break;
                    }
                    if let Some(due) = start.checked_add(at) {
                        tokio::time::sleep_until(due.into()).await;
                    }
                }
                if stop.load(Ordering::Relaxed) {
                    break;
                }
                seq += 1;
                let s = {
                    let Ok(_permit) = sem.acquire().await else {
                        break;
                    };
                    in_flight.fetch_add(1, Ordering::Relaxed);
                    let mut s = fetch::fetch(&client, &spec, &url, seq, start).await;
                    // --rsc: the same round's client-router request, in the same slot.
                    if let (Some(rs), Some(page)) = (&rsc_spec, &page) {
                        s.rsc = Some(Box::new(rsc::check(&client, rs, page, seq, start).await));
                    }
                    in_flight.fetch_sub(1, Ordering::Relaxed);
                    s
                };
                if tx.send((i, s)).is_err() || stop.load(Ordering::Relaxed) {
                    break;
                }
            }
        });
    }
    drop(tx);

    let window = pops::window_for(plan.interval.as_secs_f64());
    let mut trackers: Vec<Tracker> = plan
        .urls
        .iter()
        .map(|u| Tracker::new(&plan.request.redactor.redact(u.as_str())).with_window(window))
        .collect();
    let mut reached = vec![false; plan.urls.len()];
    let mut last_samples: Vec<Option<Sample>> = vec![None; plan.urls.len()];
    let mut interrupted = false;
    let mut cancelled = 0;
    tokio::pin!(interrupt);
    // --duration is a deadline for the whole run: requests still in flight then are cancelled.
    let end = plan.duration.and_then(|d| start.checked_add(d));
    let deadline = async {
        match end {
            Some(end) => tokio::time::sleep_until(end.into()).await,
            None => std::future::pending().await,
        }
    };
    tokio::pin!(deadline);
    loop {
        tokio::select! {
            biased;
            () = &mut interrupt => {
                interrupted = true;
                break;
            }
            () = &mut deadline => {
                cancelled = in_flight.load(Ordering::Relaxed);
                break;
            }
            msg = rx.recv() => {
                let Some((i, mut s)) = msg else { break };
                if reached[i] {
                    continue;
                }
                let tr = trackers[i].push(&mut s);
                sink(&Event::Sample(Box::new(s.clone())));
                if let Some(t) = tr {
                    sink(&Event::Transition(t));
                }
                if let Some(u) = plan.until
                    && until_met(u, &s, &trackers[i])
                {
                    reached[i] = true;
                    stops[i].store(true, Ordering::Relaxed);
                    sink(&Event::Reached { url: s.url.clone(), t: s.t, seq: s.seq });
                }
                last_samples[i] = Some(s);
                // Every URL has what it waited for: stop now, not after the next interval.
                if plan.until.is_some() && reached.iter().all(|r| *r) {
                    break;
                }
            }
        }
    }
    tasks.abort_all();
    Outcome {
        summaries: trackers.iter().map(Tracker::summary).collect(),
        reached,
        interrupted,
        elapsed: start.elapsed(),
        last_samples,
        skipped_ticks: skipped.load(Ordering::Relaxed),
        cancelled,
    }
}

/// How many ticks fall within `d` (tick k at k * interval, k = 0, 1, ...).
fn ticks_within(d: Duration, interval: Duration) -> u64 {
    if interval.is_zero() {
        return u64::MAX;
    }
    let n = d.as_nanos().div_ceil(interval.as_nanos());
    u64::try_from(n).unwrap_or(u64::MAX)
}

/// The first tick after `tick` that is not already past at `now` (since the start): ticks a slow
/// request overlapped are skipped, not sent late as a backlog. With no interval, the next one.
fn next_tick(tick: u64, interval: Duration, now: Duration) -> u64 {
    if interval.is_zero() {
        return tick + 1;
    }
    let passed = u64::try_from(now.as_nanos() / interval.as_nanos()).unwrap_or(u64::MAX);
    // Tick `passed` was due at or before now; a request that finishes exactly on time keeps
    // the next tick.
    (tick + 1).max(passed.saturating_add(u64::from(now.as_nanos() % interval.as_nanos() != 0)))
}

fn until_met(u: Until, s: &Sample, tr: &Tracker) -> bool {
    match u {
        Until::State(st) => s.state == st,
        Until::Changed => match (&s.content_id, tr.first_content()) {
            // A 4xx/5xx page is not new content (the tracker gives it no version either).
            (Some(c), Some(first)) => !s.failed() && !s.is_error_page() && c != first,
            _ => false,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::{next_tick, ticks_within};
    use std::time::Duration;

    #[test]
    fn overlapped_ticks_are_skipped_not_queued() {
        let s = Duration::from_secs(1);
        let ms = Duration::from_millis;
        // On time: the next tick.
        assert_eq!(next_tick(0, s, ms(50)), 1);
        // Finishing exactly when tick 2 is due keeps tick 2; a moment later skips it.
        assert_eq!(next_tick(0, s, ms(2000)), 2);
        assert_eq!(next_tick(0, s, ms(2001)), 3);
        assert_eq!(next_tick(5, s, ms(3500)), 6);
        // No interval (`--interval 0 --count N`): back to back.
        assert_eq!(next_tick(7, Duration::ZERO, ms(9999)), 8);
        assert_eq!(ticks_within(Duration::from_secs(4), s), 4);
        assert_eq!(ticks_within(ms(4500), s), 5);
        assert_eq!(ticks_within(s, Duration::ZERO), u64::MAX);
    }

    #[test]
    fn an_error_page_is_not_changed_content() {
        use super::{Sample, Tracker, Until, until_met};
        let at = |status, body: &str| {
            Sample::from_response(
                "http://x/",
                1,
                0.0,
                status,
                Duration::ZERO,
                reqwest::header::HeaderMap::new(),
                Some(format!("body:{body}")),
                1,
                false,
            )
        };
        let mut tr = Tracker::new("http://x/");
        tr.push(&mut at(200, "a"));
        assert!(!until_met(Until::Changed, &at(500, "oops"), &tr));
        assert!(!until_met(Until::Changed, &at(404, "nf"), &tr));
        assert!(until_met(Until::Changed, &at(200, "b"), &tr));
    }
}
