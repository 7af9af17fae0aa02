//! The record of one probe request (`Sample`): status, latency, cache state, raw headers,
//! content identity, timing, redirects; and how each request is sent (`RequestSpec`).
//! `probe::fetch` sends it and fills the record in; a failed request is an `ERROR` sample with its
//! reason. Also the POP or instance that answered (`http::edge`) and, with `--rsc`, the round's
//! RSC request (`RscCheck`, sent by `probe::rsc`).

use super::kind::BodyKind;
use super::wire::{Hop, RawHead, Timing, secs};
use crate::http::cache_status::{self, CacheState, Classification, Layer};
use crate::http::edge::{self, Edge};
use crate::http::freshness::{self, Freshness, Window};
use crate::secret::Redactor;
use reqwest::header::HeaderMap;
use serde::Serialize;
use std::time::Duration;

/// How to send each probe request.
#[derive(Debug, Clone)]
pub struct RequestSpec {
    pub method: reqwest::Method,
    pub headers: HeaderMap,
    /// Hash at most this many body bytes (then stop reading).
    pub body_cap: u64,
    /// Upper bound for one whole sample (headers and body), on top of the client's timeout.
    pub timeout: Duration,
    /// `-L`: follow at most this many redirects; `None` reports a 3xx as it is.
    pub follow: Option<u32>,
    /// `-i`: keep every response header (redacted) in the sample.
    pub keep_head: bool,
    /// Redacts the user's own credentials from what is kept and shown.
    pub redactor: Redactor,
    /// The client was built with `ClientOptions::timing`: connection setup is measured (else
    /// only the first byte and the total are known).
    pub timed: bool,
    /// `--rsc`: also send each round's RSC request (`probe::rsc`).
    pub rsc: bool,
    /// `--pop-header NAME`: the instance that answered is this header's value.
    pub pop_header: Option<String>,
}

impl Default for RequestSpec {
    fn default() -> Self {
        RequestSpec {
            method: reqwest::Method::GET,
            headers: HeaderMap::new(),
            body_cap: DEFAULT_BODY_CAP,
            timeout: Duration::from_secs(10),
            follow: None,
            keep_head: false,
            redactor: Redactor::default(),
            timed: false,
            rsc: false,
            pop_header: None,
        }
    }
}

/// Hash the first 8 MiB of a body.
pub const DEFAULT_BODY_CAP: u64 = 8 * 1024 * 1024;

/// The RSC request of one sample round.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct RscCheck {
    /// The URL requested (with `_rsc`).
    pub url: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<u16>,
    pub state: CacheState,
    /// The cache layer that answered, in words (`cloudflare (cf-cache-status: HIT)`).
    pub answered_by: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub content_type: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub body: Option<BodyKind>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vary: Option<String>,
    /// Seconds to the response head.
    pub latency: f64,
    /// Next.js redirected to its canonical `_rsc` value (an older digest), and it was followed.
    #[serde(skip_serializing_if = "std::ops::Not::not", default)]
    pub canonical_redirect: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// The record of one request.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct Sample {
    pub url: String,
    /// 1-based sequence number for this URL.
    pub seq: u64,
    /// Seconds since the probe started.
    pub t: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<u16>,
    /// Seconds from sending the request to the end of the body (or the failure).
    pub latency: f64,
    pub state: CacheState,
    pub layers: Vec<Layer>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Raw values of the cache-status headers present (lowercase name, value).
    pub raw: Vec<(String, String)>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub age: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cache_control: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub etag: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_modified: Option<String>,
    /// Content identity: `etag:<value>`, `body:<xxh3 hex>` or `last-modified:<value>`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub content_id: Option<String>,
    /// Short label of the content version for this URL (`v1`, `v2`, ...), set by the tracker.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// What the body is (`html`, `rsc`, `other`), from its Content-Type and first bytes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub body: Option<BodyKind>,
    /// The POP, edge or instance that answered, from the vendor's headers.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pop: Option<Edge>,
    /// `--rsc`: the same URL requested as the client router does (`RSC: 1`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rsc: Option<Box<RscCheck>>,
    /// Body bytes hashed: after decoding the `content_encoding` (as a browser shows the page).
    pub body_bytes: u64,
    /// The body was longer than the cap; the hash covers the first `body_bytes` bytes.
    pub body_truncated: bool,
    /// The response's `Content-Encoding` (`gzip`, `br`, ...), when the body had one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub content_encoding: Option<String>,
    /// Body bytes as received, before decoding (only for an encoded body).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub encoded_bytes: Option<u64>,
    /// Why the body was hashed as received instead of decoded (unknown coding, corrupt data).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub not_decoded: Option<String>,
    /// `Location` of a 3xx response, resolved against its URL (redacted).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
    /// `-L`: the redirects followed to get here, in order.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub redirects: Vec<Hop>,
    /// Where the time went (seconds).
    pub timing: Timing,
    /// `-i`: the response head as received (redacted).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub head: Option<RawHead>,
    /// Freshness phrase ("fresh for 12s"), when the request succeeded.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub freshness: Option<String>,
    /// Why the request failed (state ERROR).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// Seconds from the response's `Date` to when it arrived (an age estimate for responses
    /// without `Age`; not serialized).
    #[serde(skip)]
    pub date_age: Option<u64>,
    /// All response headers (kept for `--once` explanations and lints; not serialized).
    #[serde(skip)]
    pub headers: HeaderMap,
}

impl Sample {
    pub fn failed(&self) -> bool {
        self.state == CacheState::Error
    }

    pub(super) fn error(url: &str, seq: u64, t: f64, latency: Duration, reason: String) -> Sample {
        Sample {
            url: url.to_string(),
            seq,
            t,
            status: None,
            latency: secs(latency),
            state: CacheState::Error,
            layers: Vec::new(),
            note: None,
            raw: Vec::new(),
            age: None,
            cache_control: None,
            etag: None,
            last_modified: None,
            content_id: None,
            version: None,
            body: None,
            pop: None,
            rsc: None,
            body_bytes: 0,
            body_truncated: false,
            content_encoding: None,
            encoded_bytes: None,
            not_decoded: None,
            location: None,
            redirects: Vec::new(),
            timing: Timing {
                total: secs(latency),
                ..Timing::default()
            },
            head: None,
            freshness: None,
            error: Some(reason),
            date_age: None,
            headers: HeaderMap::new(),
        }
    }

    /// A 4xx/5xx response: an error page, never a new content version.
    pub fn is_error_page(&self) -> bool {
        self.status.is_some_and(|c| c >= 400)
    }

    /// A response with a 2xx status (a page whose cacheability the lints can judge).
    pub fn is_success(&self) -> bool {
        self.status.is_some_and(|c| (200..300).contains(&c))
    }

    /// What a response that is not 2xx is, for verdicts and summaries: `HTTP 404 (Next.js cached
    /// not-found page)`, `HTTP 500`. `None` for 2xx responses and failed requests.
    pub fn status_label(&self) -> Option<String> {
        let st = self.status.filter(|c| !(200..300).contains(c))?;
        if st == 404 && self.layers.iter().any(|l| l.source == "nextjs") {
            // next start answers an unknown param (dynamicParams = false) or notFound() with its
            // prerendered _not-found entry: `x-nextjs-cache: HIT` beside `private, no-store`.
            return Some("HTTP 404 (Next.js cached not-found page)".into());
        }
        Some(format!("HTTP {st}"))
    }

    /// Seconds to the response head of an answered sample (`latency`), for percentiles.
    pub fn latency_secs(&self) -> Option<f64> {
        (!self.failed()).then_some(self.latency)
    }

    /// The freshness analysis of this response, with an age estimate when there is no `Age`.
    pub fn freshness(&self, estimated_age: Option<u64>) -> Freshness {
        freshness::analyze(&self.headers, estimated_age)
    }
}

/// `Freshness::describe`, for a response the cache served in `state`: when the cache says the copy is
/// stale (STALE, UPDATING, EXPIRED) the headers cannot overrule it, so the phrase never says
/// "fresh" beside that state (the cache counts its own lifetime, or the Age is unknown).
pub fn describe_served(f: &Freshness, state: CacheState) -> String {
    if !(state.is_stale() || state == CacheState::Expired) {
        return f.describe();
    }
    let from = f.lifetime_from.unwrap_or("its headers");
    match &f.window {
        Window::Fresh { remaining } => format!(
            "stale by the cache's own count ({state}), though Age and {from} would leave {remaining}s: the cache keeps its own lifetime"
        ),
        Window::AgeUnknown { lifetime } => format!(
            "stale: older than its {lifetime}s lifetime ({from}) by the cache's count ({state}); no Age header says by how much"
        ),
        _ => f.describe(),
    }
}

impl Sample {
    /// Build a sample from a received response (also used by tests and verify).
    #[allow(clippy::too_many_arguments)]
    pub fn from_response(
        url: &str,
        seq: u64,
        t: f64,
        status: u16,
        latency: Duration,
        headers: HeaderMap,
        content_id: Option<String>,
        body_bytes: u64,
        body_truncated: bool,
    ) -> Sample {
        let Classification {
            state,
            layers,
            note,
            headline,
        } = cache_status::classify(&headers);
        let answered = headline
            .and_then(|i| layers.get(i))
            .map(|l| l.source.as_str());
        let pop = edge::locate(&headers, answered);
        let raw = cache_status::KNOWN_HEADERS
            .iter()
            .filter_map(|n| crate::http::header_joined(&headers, n).map(|v| (n.to_string(), v)))
            .collect();
        let age = crate::http::header_joined(&headers, "age").and_then(|a| a.trim().parse().ok());
        Sample {
            url: url.to_string(),
            seq,
            t,
            status: Some(status),
            latency: secs(latency),
            state,
            layers,
            note,
            raw,
            age,
            cache_control: crate::http::header_joined(&headers, "cache-control"),
            etag: crate::http::header_joined(&headers, "etag"),
            last_modified: crate::http::header_joined(&headers, "last-modified"),
            content_id,
            version: None,
            body: None,
            pop,
            rsc: None,
            body_bytes,
            body_truncated,
            content_encoding: None,
            encoded_bytes: None,
            not_decoded: None,
            location: None,
            redirects: Vec::new(),
            timing: Timing {
                first_byte: Some(secs(latency)),
                total: secs(latency),
                ..Timing::default()
            },
            head: None,
            freshness: None,
            error: None,
            date_age: None,
            headers,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hm(pairs: &[(&str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.append(
                reqwest::header::HeaderName::from_bytes(k.as_bytes()).unwrap(),
                v.parse().unwrap(),
            );
        }
        h
    }

    #[test]
    fn never_fresh_beside_a_stale_state() {
        let next = freshness::analyze(&hm(&[("cache-control", "s-maxage=10")]), None);
        assert!(next.describe().starts_with("fresh for at most 10s"));
        let t = describe_served(&next, CacheState::Stale);
        assert!(
            t.starts_with("stale: older than its 10s lifetime (s-maxage)"),
            "{t}"
        );
        let cdn = freshness::analyze(&hm(&[("cache-control", "s-maxage=10"), ("age", "4")]), None);
        let t = describe_served(&cdn, CacheState::Updating);
        assert!(t.contains("would leave 6s") && !t.contains("fresh"), "{t}");
        assert_eq!(describe_served(&cdn, CacheState::Hit), "fresh for 6s");
        let gone = freshness::analyze(
            &hm(&[("cache-control", "s-maxage=10"), ("age", "40")]),
            None,
        );
        assert_eq!(describe_served(&gone, CacheState::Stale), gone.describe());
    }
}
