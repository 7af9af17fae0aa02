//! Per-URL bookkeeping: content versions, state transitions, time in state, observed TTL and
//! regeneration lag, lints (with `rsc` and the per-POP view of `pops`). Pure: samples in,
//! events and a summary out; no IO, no clock.

use super::lints::{self, Lint, LintSet};
use super::pops::{PopBook, PopSummary};
use super::rsc;
use super::sample::Sample;
use crate::http::cache_status::CacheState;
use serde::Serialize;
use std::collections::BTreeMap;

/// A content version of one URL.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct Version {
    pub label: String,
    pub content_id: String,
    /// Seconds since start when it was first seen.
    pub first_seen: f64,
    pub first_seq: u64,
    pub samples: u64,
}

/// A change of normalized state between consecutive samples of one URL.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct Transition {
    pub url: String,
    pub t: f64,
    pub seq: u64,
    pub from: CacheState,
    pub to: CacheState,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// True when this sample also brought a new content version.
    pub new_version: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub age: Option<u64>,
}

/// Responses of one URL that were not 2xx, by status.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct StatusSeen {
    pub status: u16,
    /// What it is: `HTTP 404 (Next.js cached not-found page)`, `HTTP 500`.
    pub label: String,
    pub count: u64,
    pub first_seq: u64,
}

/// The summary of one URL.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct UrlSummary {
    pub url: String,
    pub samples: u64,
    pub errors: u64,
    pub states: BTreeMap<CacheState, u64>,
    /// Seconds attributed to each state (the interval after each sample counts for its state).
    pub time_in_state: BTreeMap<CacheState, f64>,
    /// States after collapsing consecutive repeats.
    pub sequence: Vec<CacheState>,
    pub versions: Vec<Version>,
    /// First HIT -> first STALE/UPDATING after it, seconds. For caches that refetch instead of
    /// serving stale (Squid, httpd, Traffic Server): the first `Age` cycle, from when the copy was
    /// stored (`t - Age`) to when its replacement was (an `Age` that went down), +-1 s.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub observed_ttl: Option<f64>,
    /// `observed_ttl` is only a lower bound: the probe started while the copy was already in the
    /// cache (the first HIT came with no MISS/STALE seen before it, and its `Age` was not 0).
    #[serde(skip_serializing_if = "std::ops::Not::not", default)]
    pub observed_ttl_lower_bound: bool,
    /// First STALE -> first response with different content, seconds.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub regeneration_lag: Option<f64>,
    pub transitions: u64,
    /// Time to the first byte of the response (seconds) over the URL's answered samples.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub latency: Option<LatencySummary>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_state: Option<CacheState>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_error: Option<String>,
    /// Responses that were not 2xx (the page lints do not judge those).
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub non_2xx: Vec<StatusSeen>,
    /// Samples grouped by the POP or instance that answered (when the headers say).
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub pops: Vec<PopSummary>,
    pub lints: Vec<Lint>,
}

/// Percentiles of the time to first byte (seconds), nearest-rank.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, schemars::JsonSchema)]
pub struct LatencySummary {
    pub p50: f64,
    pub p95: f64,
    pub max: f64,
}

impl LatencySummary {
    /// `None` for no values.
    pub fn of(values: &[f64]) -> Option<LatencySummary> {
        let mut v: Vec<f64> = values.iter().copied().filter(|x| x.is_finite()).collect();
        if v.is_empty() {
            return None;
        }
        v.sort_by(f64::total_cmp);
        let rank = |p: f64| {
            let i = ((p * v.len() as f64).ceil() as usize).clamp(1, v.len());
            round4(v[i - 1])
        };
        Some(LatencySummary {
            p50: rank(0.50),
            p95: rank(0.95),
            max: round4(v[v.len() - 1]),
        })
    }
}

fn round4(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

/// Tracks one URL's samples.
#[derive(Debug, Default)]
pub struct Tracker {
    url: String,
    samples: u64,
    errors: u64,
    states: BTreeMap<CacheState, u64>,
    time_in_state: BTreeMap<CacheState, f64>,
    sequence: Vec<CacheState>,
    versions: Vec<Version>,
    /// Index into `versions` of the last successful sample's version.
    current: Option<usize>,
    /// Version labels in order, collapsed (for flapping detection).
    version_path: Vec<usize>,
    last: Option<(f64, CacheState)>,
    first_hit: Option<f64>,
    /// A sample that stores a new copy (MISS, EXPIRED, STALE, ...) came before the first HIT.
    store_seen: bool,
    ttl_lower_bound: bool,
    /// Time to first byte of each answered sample, seconds.
    latencies: Vec<f64>,
    first_stale_after_hit: Option<f64>,
    first_stale: Option<(f64, Option<usize>)>,
    lag: Option<f64>,
    /// When the copy now served was stored (`t - Age`), and the last `Age` seen.
    age_cycle: Option<(f64, u64)>,
    /// The length of the first complete `Age` cycle.
    age_cycle_ttl: Option<f64>,
    transitions: u64,
    last_error: Option<String>,
    non_2xx: Vec<StatusSeen>,
    lints: LintSet,
    /// t of the first sample.
    first_t: Option<f64>,
    pops: PopBook,
    /// A response varied on `RSC` or an RSC request got a payload: a Next.js App Router page.
    app_router: bool,
}

impl Tracker {
    pub fn new(url: &str) -> Tracker {
        Tracker {
            url: url.to_string(),
            ..Tracker::default()
        }
    }

    /// Compare POPs' versions over this window (seconds; `pops::window_for` the interval).
    pub fn with_window(mut self, secs: f64) -> Tracker {
        self.pops = PopBook::new(secs);
        self
    }

    pub fn first_content(&self) -> Option<&str> {
        self.versions.first().map(|v| v.content_id.as_str())
    }

    pub fn samples(&self) -> u64 {
        self.samples
    }

    /// Age estimate for responses without `Age`: seconds since the current version first
    /// appeared, only for versions that appeared after the first sample (a lower bound).
    fn estimated_age(&self, t: f64) -> Option<u64> {
        let v = &self.versions[self.current?];
        if Some(v.first_seen) == self.first_t {
            return None;
        }
        Some((t - v.first_seen).max(0.0) as u64)
    }

    /// Record a sample: assigns its version label and freshness phrase, and returns the
    /// transition it caused, if any.
    pub fn push(&mut self, s: &mut Sample) -> Option<Transition> {
        self.infer_squid_revalidation(s);
        self.samples += 1;
        self.first_t.get_or_insert(s.t);
        *self.states.entry(s.state).or_default() += 1;
        if let Some((lt, ls)) = self.last {
            *self.time_in_state.entry(ls).or_default() += (s.t - lt).max(0.0);
        }
        if self.sequence.last() != Some(&s.state) {
            self.sequence.push(s.state);
        }
        let mut new_version = false;
        if s.failed() {
            self.errors += 1;
            self.last_error = s.error.clone();
        } else if s.is_error_page() {
            // A 4xx/5xx page is not a content version: the content has not changed.
        } else if let Some(cid) = &s.content_id {
            let idx = match self.versions.iter().position(|v| &v.content_id == cid) {
                Some(i) => i,
                None => {
                    self.versions.push(Version {
                        label: format!("v{}", self.versions.len() + 1),
                        content_id: cid.clone(),
                        first_seen: s.t,
                        first_seq: s.seq,
                        samples: 0,
                    });
                    new_version = self.versions.len() > 1;
                    self.versions.len() - 1
                }
            };
            self.versions[idx].samples += 1;
            s.version = Some(self.versions[idx].label.clone());
            self.current = Some(idx);
            if self.version_path.last() != Some(&idx) {
                self.version_path.push(idx);
            }
            if let Some((st_t, Some(st_v))) = self.first_stale
                && self.lag.is_none()
                && st_v != idx
            {
                self.lag = Some(s.t - st_t);
            }
        }
        if let (Some(status), Some(label)) = (s.status, s.status_label()) {
            match self.non_2xx.iter_mut().find(|x| x.status == status) {
                Some(x) => x.count += 1,
                None => self.non_2xx.push(StatusSeen {
                    status,
                    label,
                    count: 1,
                    first_seq: s.seq,
                }),
            }
        }
        if !s.failed() && !s.is_error_page() {
            self.track_age_cycle(s.t, s.age);
        }
        if !s.failed() {
            // Without `Age`: the larger of two lower bounds, the age by `Date` and the time since
            // this version appeared.
            let est = if s.age.is_none() {
                match (s.date_age, self.estimated_age(s.t)) {
                    (Some(a), Some(b)) => Some(a.max(b)),
                    (a, b) => a.or(b),
                }
            } else {
                None
            };
            let f = s.freshness(est);
            s.freshness = Some(crate::probe::sample::describe_served(&f, s.state));
            lints::check_sample(&mut self.lints, s, &f);
            rsc::check_page(&mut self.lints, s);
            self.app_router |= rsc::is_app_router(s);
            rsc::check_round(&mut self.lints, s, self.app_router);
        }
        self.pops.push(s);
        if let Some(first_byte) = s.latency_secs() {
            self.latencies.push(first_byte);
        }
        match s.state {
            CacheState::Hit if self.first_hit.is_none() => {
                self.first_hit = Some(s.t);
                // Started mid-life: nothing seen store this copy, and it was already aged.
                self.ttl_lower_bound = !self.store_seen && s.age != Some(0);
            }
            st if st.is_stale() => {
                if self.first_hit.is_some() && self.first_stale_after_hit.is_none() {
                    self.first_stale_after_hit = Some(s.t);
                }
                if self.first_stale.is_none() {
                    self.first_stale = Some((s.t, self.current));
                }
            }
            _ => {}
        }
        if self.first_hit.is_none()
            && matches!(
                s.state,
                CacheState::Miss
                    | CacheState::Expired
                    | CacheState::Revalidated
                    | CacheState::Stale
                    | CacheState::Updating
            )
        {
            self.store_seen = true;
        }
        let prev = self.last.map(|(_, st)| st);
        self.last = Some((s.t, s.state));
        match prev {
            Some(from) if from != s.state => {
                self.transitions += 1;
                Some(Transition {
                    url: self.url.clone(),
                    t: s.t,
                    seq: s.seq,
                    from,
                    to: s.state,
                    version: s.version.clone(),
                    new_version,
                    age: s.age,
                })
            }
            _ => None,
        }
    }

    /// Squid 5 says `X-Cache: HIT` for a copy it has just revalidated with a 304
    /// (TCP_REFRESH_UNMODIFIED); the only sign is `Age` going down, same content, right after a
    /// HIT. Such a sample is REVALIDATED (inferred; the refresh may have been another client's).
    fn infer_squid_revalidation(&self, s: &mut Sample) {
        let squid_hit = s.state == CacheState::Hit
            && s.layers
                .iter()
                .any(|l| l.source == "squid" && l.state == CacheState::Hit);
        let same_content = self
            .current
            .is_some_and(|i| s.content_id.as_ref() == Some(&self.versions[i].content_id));
        let age_went_down =
            matches!((self.age_cycle, s.age), (Some((_, last)), Some(a)) if a < last);
        let after_hit = self.last.is_some_and(|(_, st)| st == CacheState::Hit);
        if squid_hit && same_content && age_went_down && after_hit {
            s.state = CacheState::Revalidated;
            if let Some(l) = s.layers.iter_mut().find(|l| l.source == "squid") {
                l.state = CacheState::Revalidated;
                l.detail = Some("HIT, but Age went down: revalidated by a 304 (inferred)".into());
            }
        }
    }

    /// Follow `Age`: a lower `Age` than the last one means the copy was replaced (refetched or
    /// revalidated); the first such cycle's length is the TTL the cache applied.
    fn track_age_cycle(&mut self, t: f64, age: Option<u64>) {
        let Some(age) = age else {
            return;
        };
        let stored = t - age as f64;
        match self.age_cycle {
            Some((start, last)) if age < last => {
                if self.age_cycle_ttl.is_none() && stored > start {
                    self.age_cycle_ttl = Some(stored - start);
                }
                self.age_cycle = Some((stored, age));
            }
            Some((start, _)) => self.age_cycle = Some((start, age)),
            None => self.age_cycle = Some((stored, age)),
        }
    }

    /// The summary so far.
    pub fn summary(&self) -> UrlSummary {
        let mut lints = self.lints.clone();
        let path: Vec<&str> = self
            .version_path
            .iter()
            .map(|&i| self.versions[i].label.as_str())
            .collect();
        lints::check_url(&mut lints, &path);
        self.pops.lint(&mut lints);
        UrlSummary {
            url: self.url.clone(),
            samples: self.samples,
            errors: self.errors,
            states: self.states.clone(),
            time_in_state: self
                .time_in_state
                .iter()
                .map(|(k, v)| (*k, (v * 1000.0).round() / 1000.0))
                .collect(),
            sequence: self.sequence.clone(),
            versions: self.versions.clone(),
            observed_ttl: self
                .first_hit
                .zip(self.first_stale_after_hit)
                .map(|(h, s)| s - h)
                .or(self.age_cycle_ttl)
                .map(round3),
            observed_ttl_lower_bound: self.ttl_lower_bound && self.first_stale_after_hit.is_some(),
            latency: LatencySummary::of(&self.latencies),
            regeneration_lag: self.lag.map(round3),
            transitions: self.transitions,
            last_state: self.last.map(|(_, s)| s),
            last_error: self.last_error.clone(),
            non_2xx: self.non_2xx.clone(),
            pops: self.pops.summaries(),
            lints: lints.into_vec(),
        }
    }
}

fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

/// Does the collapsed sequence match the expectation exactly (after collapsing it too)?
pub fn sequence_matches(seq: &[CacheState], expect: &[CacheState]) -> bool {
    let mut e: Vec<CacheState> = Vec::new();
    for s in expect {
        if e.last() != Some(s) {
            e.push(*s);
        }
    }
    seq == e.as_slice()
}

#[cfg(test)]
mod tests {
    use super::LatencySummary;

    #[test]
    fn latency_percentiles_by_nearest_rank() {
        assert_eq!(LatencySummary::of(&[]), None);
        assert_eq!(LatencySummary::of(&[f64::NAN]), None);
        let one = LatencySummary::of(&[0.25]).unwrap();
        assert_eq!((one.p50, one.p95, one.max), (0.25, 0.25, 0.25));
        // 1..=20 ms: p50 is the 10th value, p95 the 19th.
        let v: Vec<f64> = (1..=20).rev().map(|i| f64::from(i) / 1000.0).collect();
        let l = LatencySummary::of(&v).unwrap();
        assert_eq!((l.p50, l.p95, l.max), (0.01, 0.019, 0.02));
    }
}
