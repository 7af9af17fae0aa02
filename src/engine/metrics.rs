//! Counters, bounded-memory histograms, staleness and time-to-fresh: the simulation's results.

use super::Time;
use super::classes::OtherRequests;
use super::events::Served;
use hdrhistogram::Histogram;
use schemars::JsonSchema;
use serde::Serialize;

/// Percentiles and mean of a histogram, in seconds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, JsonSchema)]
pub struct Dist {
    pub mean: f64,
    pub p50: f64,
    pub p95: f64,
    pub p99: f64,
    pub max: f64,
}

fn us_to_s(us: u64) -> f64 {
    us as f64 / 1e6
}

fn dist(r: &mut RunHist) -> Dist {
    let max = r.max;
    let h = r.histogram();
    if h.is_empty() {
        return Dist::default();
    }
    // Percentiles come from the histogram (3 significant digits); the maximum is exact.
    Dist {
        mean: h.mean() / 1e6,
        p50: us_to_s(h.value_at_quantile(0.50).min(max)),
        p95: us_to_s(h.value_at_quantile(0.95).min(max)),
        p99: us_to_s(h.value_at_quantile(0.99).min(max)),
        max: us_to_s(max),
    }
}

/// Largest value a histogram tracks: about 115 days in microseconds (larger values saturate).
const HIST_MAX: u64 = 10_000_000_000_000;

fn new_hist() -> Histogram<u64> {
    // Fixed range, 3 significant digits: a few hundred KiB whatever the run length.
    Histogram::new_with_bounds(1, HIST_MAX, 3).expect("valid histogram bounds")
}

/// A histogram fed through a run-length buffer: consecutive equal values (most requests are
/// cache hits with the same modelled latency and zero staleness) cost one compare each.
#[derive(Debug)]
pub struct RunHist {
    hist: Histogram<u64>,
    last: u64,
    run: u64,
    /// The exact largest value (the histogram keeps 3 significant digits).
    max: u64,
}

impl Default for RunHist {
    fn default() -> Self {
        RunHist {
            hist: new_hist(),
            last: 0,
            run: 0,
            max: 0,
        }
    }
}

impl RunHist {
    #[inline]
    pub fn record(&mut self, v: u64) {
        self.max = self.max.max(v);
        if v == self.last {
            self.run += 1;
        } else {
            self.flush();
            self.last = v;
            self.run = 1;
        }
    }

    fn flush(&mut self) {
        if self.run > 0 {
            self.hist.saturating_record_n(self.last, self.run);
            self.run = 0;
        }
    }

    /// Record `v` `n` times.
    pub fn record_n(&mut self, v: u64, n: u64) {
        if n > 0 {
            self.max = self.max.max(v);
            self.hist.saturating_record_n(v, n);
        }
    }

    /// The histogram with everything recorded so far.
    pub fn histogram(&mut self) -> &Histogram<u64> {
        self.flush();
        &self.hist
    }
}

fn secs<S: serde::Serializer>(t: &Time, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_f64(*t as f64 / 1e6)
}

fn opt_secs<S: serde::Serializer>(t: &Option<Time>, s: S) -> Result<S::Ok, S::Error> {
    match t {
        Some(t) => s.serialize_some(&(*t as f64 / 1e6)),
        None => s.serialize_none(),
    }
}

/// One content change and how long it took to reach users. Times serialize as seconds.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct ChangeRecord {
    #[serde(serialize_with = "secs")]
    #[schemars(with = "f64")]
    pub at: Time,
    pub target: String,
    /// Paths the change affected (known to the simulation when it happened).
    pub paths: u32,
    /// Of those, how many were later served with the new content.
    pub fresh: u32,
    /// Of those, how many were requested after the change.
    pub requested: u32,
    /// Slowest time from the change to the first response with the new content, over its paths.
    #[serde(serialize_with = "opt_secs")]
    #[schemars(with = "Option<f64>")]
    pub max_time_to_fresh: Option<Time>,
    /// Fastest such time.
    #[serde(serialize_with = "opt_secs")]
    #[schemars(with = "Option<f64>")]
    pub min_time_to_fresh: Option<Time>,
}

/// Running counters of one simulation.
#[derive(Debug, Default)]
pub struct Metrics {
    pub states: [u64; 9],
    pub blocking_renders: u64,
    pub background_regenerations: u64,
    pub failed_regenerations: u64,
    pub failed_renders: u64,
    pub cdn_refreshes: u64,
    pub latency: RunHist,
    pub staleness: RunHist,
    pub stale_content_served: u64,
    pub time_to_fresh: RunHist,
    pub changes: Vec<ChangeRecord>,
    pub first_request: Option<Time>,
    pub last_request: Time,
    /// SSG: full rebuilds triggered by content changes, and the pages they rendered.
    pub rebuilds: u64,
    pub build_renders: u64,
    /// Requests for paths no ISR route serves (not simulated).
    pub not_isr: OtherRequests,
    /// Fresh hits (no staleness), all of latency `fresh_latency`, not yet in `states` and the
    /// histograms: they go in at once (a histogram does not depend on the order of its values),
    /// so the commonest request costs a few instructions.
    fresh_hits: u64,
    fresh_latency: u64,
}

/// `states` index of a hit.
const HIT: usize = 0;
const _: () = assert!(matches!(Served::ALL[HIT], Served::Hit));

fn state_index(s: Served) -> usize {
    Served::ALL.iter().position(|x| *x == s).unwrap_or(0)
}

impl Metrics {
    /// Metrics of a run whose fresh hits are answered after `latency` (see `record_fresh_hit`).
    pub fn with_fresh_latency(latency: Time) -> Self {
        Metrics {
            fresh_latency: latency.max(0) as u64,
            ..Metrics::default()
        }
    }

    /// A fresh hit at `t`, answered after the run's fresh-hit latency with no staleness:
    /// counted now, put in the state counts and histograms in bulk later.
    #[inline]
    pub fn record_fresh_hit(&mut self, t: Time) {
        if self.first_request.is_none() {
            self.first_request = Some(t);
        }
        self.last_request = t;
        self.fresh_hits += 1;
    }

    /// `n` fresh hits counted elsewhere, the last at `last` (after a request recorded here:
    /// the first request's time is not changed).
    pub fn record_fresh_hits(&mut self, n: u64, last: Time) {
        if n == 0 {
            return;
        }
        debug_assert!(self.first_request.is_some());
        self.last_request = self.last_request.max(last);
        self.fresh_hits += n;
    }

    fn flush_fresh_hits(&mut self) {
        self.states[HIT] += self.fresh_hits;
        self.latency.record_n(self.fresh_latency, self.fresh_hits);
        self.staleness.record_n(0, self.fresh_hits);
        self.fresh_hits = 0;
    }

    #[inline]
    pub fn record_request(&mut self, t: Time, served: Served, latency: Time, staleness: Time) {
        if self.first_request.is_none() {
            self.first_request = Some(t);
        }
        self.last_request = t;
        self.states[state_index(served)] += 1;
        // Values are non-negative microseconds; saturate rather than fail on absurd inputs.
        self.latency.record(latency.max(0) as u64);
        self.staleness.record(staleness.max(0) as u64);
        if staleness > 0 {
            self.stale_content_served += 1;
        }
    }

    pub fn count(&self, s: Served) -> u64 {
        let unflushed = if s == Served::Hit { self.fresh_hits } else { 0 };
        self.states[state_index(s)] + unflushed
    }

    pub fn requests(&self) -> u64 {
        self.states.iter().sum::<u64>() + self.fresh_hits
    }

    /// The summary, with renders per hour over `duration` (or the span of requests).
    pub fn summary(&mut self, distinct_paths: usize, duration: Option<Time>) -> Summary {
        self.flush_fresh_hits();
        let requests = self.requests();
        let span = duration.unwrap_or_else(|| self.last_request - self.first_request.unwrap_or(0));
        let renders = self.blocking_renders + self.background_regenerations;
        let ratio = |n: u64| {
            if requests == 0 {
                0.0
            } else {
                n as f64 / requests as f64
            }
        };
        let states = Served::ALL
            .iter()
            .map(|s| StateCount {
                state: *s,
                count: self.count(*s),
                ratio: ratio(self.count(*s)),
            })
            .collect();
        Summary {
            requests,
            states,
            hit_ratio: ratio(
                self.count(Served::Hit) + self.count(Served::Stale) + self.count(Served::Updating),
            ),
            fresh_hit_ratio: ratio(self.count(Served::Hit)),
            blocking_renders: self.blocking_renders,
            background_regenerations: self.background_regenerations,
            failed_regenerations: self.failed_regenerations,
            failed_renders: self.failed_renders,
            cdn_refreshes: self.cdn_refreshes,
            renders,
            not_found: self.count(Served::NotFound),
            errors: self.count(Served::Error),
            latency: dist(&mut self.latency),
            staleness: dist(&mut self.staleness),
            stale_content_served: self.stale_content_served,
            time_to_fresh: dist(&mut self.time_to_fresh),
            changes: self.changes.clone(),
            duration: span.max(0) as f64 / 1e6,
            renders_per_hour: if span > 0 {
                (renders + self.build_renders) as f64 * 3600.0 * 1e6 / span as f64
            } else {
                0.0
            },
            distinct_paths: distinct_paths as u64,
            rebuilds: self.rebuilds,
            build_renders: self.build_renders,
            not_isr: self.not_isr,
        }
    }
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct StateCount {
    pub state: Served,
    pub count: u64,
    pub ratio: f64,
}

/// The end-of-run figures. Times are in seconds.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Summary {
    pub requests: u64,
    pub states: Vec<StateCount>,
    /// Served from cache (HIT or STALE) over all requests.
    pub hit_ratio: f64,
    /// Served fresh from cache (HIT) over all requests.
    pub fresh_hit_ratio: f64,
    pub blocking_renders: u64,
    pub background_regenerations: u64,
    pub failed_regenerations: u64,
    pub failed_renders: u64,
    pub cdn_refreshes: u64,
    /// All origin renders (blocking + background): the origin cost.
    pub renders: u64,
    pub not_found: u64,
    pub errors: u64,
    pub latency: Dist,
    pub staleness: Dist,
    /// Responses whose content lagged behind a newer upstream change.
    pub stale_content_served: u64,
    pub time_to_fresh: Dist,
    pub changes: Vec<ChangeRecord>,
    pub duration: f64,
    /// Origin renders per hour, SSG rebuild renders included: the origin cost.
    pub renders_per_hour: f64,
    pub distinct_paths: u64,
    /// SSG rebuilds (content changes that triggered a full build) and the pages they rendered.
    pub rebuilds: u64,
    pub build_renders: u64,
    /// Requests for paths that no ISR route serves (assets, API routes, redirects): counted
    /// here, not simulated, and not part of `requests` or the ratios.
    pub not_isr: OtherRequests,
}

impl Summary {
    pub fn count(&self, s: Served) -> u64 {
        self.states
            .iter()
            .find(|c| c.state == s)
            .map_or(0, |c| c.count)
    }
}
