//! "Is the fresh content live yet?" — a reusable API for `revalidate --verify` and `purge --verify`.
//!
//! Built on the probe's own sampling (`fetch::fetch`) and per-URL tracker, so a verify sample is
//! exactly a probe sample. No printing: callers render the `VerifyResult`.
//!
//! ```no_run
//! # async fn demo(client: reqwest::Client) {
//! use isrctl::probe::verify::{self, VerifyTarget};
//! use std::time::Duration;
//! let target = VerifyTarget::new("https://example.com/blog");
//! let before = verify::baseline(&client, &target).await;          // before the purge call
//! // ... call the revalidation endpoint / purge API ...
//! let r = verify::wait_for_change(&client, &target, before.as_deref(),
//!     Duration::from_secs(2), Duration::from_secs(60)).await;
//! if !r.changed { /* exit 6 */ }
//! # }
//! ```

use super::fetch;
use super::sample::{RequestSpec, Sample};
use super::tracker::Tracker;
use crate::http::cache_status::CacheState;
use serde::Serialize;
use std::time::{Duration, Instant};

/// What to watch: a URL and how to request it (method, extra headers, body cap, timeout).
#[derive(Debug, Clone)]
pub struct VerifyTarget {
    pub url: String,
    pub request: RequestSpec,
}

impl VerifyTarget {
    /// A GET of `url` with the probe defaults (10s timeout, first 8 MiB of the body hashed).
    pub fn new(url: impl Into<String>) -> Self {
        VerifyTarget {
            url: url.into(),
            request: RequestSpec::default(),
        }
    }
}

/// The outcome of `wait_for_change`.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct VerifyResult {
    pub url: String,
    /// The content version changed from the baseline (or, without a baseline, a freshly
    /// generated response — MISS/REVALIDATED — was seen).
    pub changed: bool,
    /// Seconds from the call until the change was seen (or until giving up), to the millisecond;
    /// never a `{secs, nanos}` object.
    #[serde(serialize_with = "as_seconds")]
    #[schemars(with = "f64")]
    pub elapsed: Duration,
    /// Baseline content identity (`etag:...`, `body:<xxh3>`, `last-modified:...`).
    pub from: Option<String>,
    /// Content identity of the last successful sample.
    pub to: Option<String>,
    /// Number of requests sent.
    pub samples: u64,
    /// Normalized cache state of the last sample (ERROR when the last request failed).
    #[schemars(with = "Option<String>")]
    pub last_state: Option<CacheState>,
    /// The reason of the last failed request, if the last sample failed.
    pub last_error: Option<String>,
}

fn as_seconds<S: serde::Serializer>(d: &Duration, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_f64((d.as_secs_f64() * 1000.0).round() / 1000.0)
}

/// The current content version of the target, or `None` when the request fails or the
/// response carries no identity (HEAD without ETag/Last-Modified).
pub async fn baseline(client: &reqwest::Client, target: &VerifyTarget) -> Option<String> {
    let s = fetch::fetch(client, &target.request, &target.url, 1, Instant::now()).await;
    if s.failed() { None } else { s.content_id }
}

/// Probe every `interval` until the content version differs from `baseline`, or `timeout`
/// passes. Without a baseline, the first successful sample in state MISS or REVALIDATED counts
/// as a change (the cache had to fetch new content). Failed samples are counted, not retried
/// early: the next attempt waits for the next interval.
///
/// `timeout` bounds the whole call: each request is clipped to the time left, so a server that
/// never answers cannot stretch it.
pub async fn wait_for_change(
    client: &reqwest::Client,
    target: &VerifyTarget,
    baseline: Option<&str>,
    interval: Duration,
    timeout: Duration,
) -> VerifyResult {
    wait_for_change_seeing(client, target, baseline, interval, timeout, &|_| {}).await
}

/// [`wait_for_change`], handing each sample to `seen` as it comes (`-v` logs them).
pub async fn wait_for_change_seeing(
    client: &reqwest::Client,
    target: &VerifyTarget,
    baseline: Option<&str>,
    interval: Duration,
    timeout: Duration,
    seen: &dyn Fn(&Sample),
) -> VerifyResult {
    let start = Instant::now();
    let deadline = start.checked_add(timeout);
    let left = || {
        deadline.map_or(Duration::MAX, |d| {
            d.saturating_duration_since(Instant::now())
        })
    };
    let mut tracker = Tracker::new(&target.url);
    let mut to: Option<String> = None;
    let mut last: Option<Sample> = None;
    let mut seq = 0u64;
    let mut changed = false;
    while !left().is_zero() {
        seq += 1;
        let mut spec = target.request.clone();
        spec.timeout = spec.timeout.min(left());
        let mut s = fetch::fetch(client, &spec, &target.url, seq, start).await;
        tracker.push(&mut s);
        seen(&s);
        if !s.failed() {
            to.clone_from(&s.content_id);
        }
        changed = !s.failed()
            && match baseline {
                Some(b) => s.content_id.as_deref().is_some_and(|c| c != b),
                None => matches!(s.state, CacheState::Miss | CacheState::Revalidated),
            };
        last = Some(s);
        let next = interval.saturating_mul(u32::try_from(seq).unwrap_or(u32::MAX));
        if changed || next >= timeout {
            break;
        }
        tokio::time::sleep(next.saturating_sub(start.elapsed()).min(left())).await;
    }
    VerifyResult {
        url: target.url.clone(),
        changed,
        elapsed: start.elapsed(),
        from: baseline.map(str::to_string),
        to,
        samples: seq,
        last_state: last.as_ref().map(|s| s.state),
        last_error: match &last {
            Some(s) => s.error.clone(),
            None => Some("no time left to send a request".into()),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn elapsed_serializes_as_seconds_to_the_millisecond() {
        let r = VerifyResult {
            url: "https://example.com/".into(),
            changed: true,
            elapsed: Duration::from_millis(1234) + Duration::from_micros(600),
            from: Some("etag:\"a\"".into()),
            to: Some("etag:\"b\"".into()),
            samples: 3,
            last_state: Some(CacheState::Hit),
            last_error: None,
        };
        let v = serde_json::to_value(&r).unwrap();
        assert_eq!(v["elapsed"], 1.235);
        assert!(v.get("elapsed_ms").is_none(), "{v}");
        assert!(!v.to_string().contains("nanos"), "{v}");
    }
}
