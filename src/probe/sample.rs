//! One probe request and its record: status, latency, cache state, raw headers, content identity.
//!
//! The body is hashed while it streams (xxh3), never buffered, and reading stops after
//! `body_cap` bytes so a huge or endless body cannot hang or exhaust memory. A failed request is
//! returned as an `ERROR` sample with its reason; nothing here retries.

use crate::http::cache_status::{self, CacheState, Classification, Layer};
use crate::http::freshness::{self, Freshness};
use futures_util::StreamExt;
use reqwest::header::HeaderMap;
use serde::Serialize;
use std::time::{Duration, Instant};

/// How to send each probe request.
#[derive(Debug, Clone)]
pub struct RequestSpec {
    pub method: reqwest::Method,
    pub headers: HeaderMap,
    /// Hash at most this many body bytes (then stop reading).
    pub body_cap: u64,
    /// Upper bound for one whole sample (headers and body), on top of the client's timeout.
    pub timeout: Duration,
}

impl Default for RequestSpec {
    fn default() -> Self {
        RequestSpec {
            method: reqwest::Method::GET,
            headers: HeaderMap::new(),
            body_cap: DEFAULT_BODY_CAP,
            timeout: Duration::from_secs(10),
        }
    }
}

/// Hash the first 8 MiB of a body.
pub const DEFAULT_BODY_CAP: u64 = 8 * 1024 * 1024;

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
    pub body_bytes: u64,
    /// The body was longer than the cap; the hash covers the first `body_bytes` bytes.
    pub body_truncated: bool,
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

    fn error(url: &str, seq: u64, t: f64, latency: Duration, reason: String) -> Sample {
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
            body_bytes: 0,
            body_truncated: false,
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

    /// The freshness analysis of this response, with an age estimate when there is no `Age`.
    pub fn freshness(&self, estimated_age: Option<u64>) -> Freshness {
        freshness::analyze(&self.headers, estimated_age)
    }
}

/// Seconds, to the tenth of a millisecond.
fn secs(d: Duration) -> f64 {
    (d.as_secs_f64() * 10_000.0).round() / 10_000.0
}

/// Send one request and record it. `start` is the probe's start instant (for `t`).
pub async fn fetch(
    client: &reqwest::Client,
    spec: &RequestSpec,
    url: &str,
    seq: u64,
    start: Instant,
) -> Sample {
    let sent = Instant::now();
    let t = sent.duration_since(start).as_secs_f64();
    match tokio::time::timeout(spec.timeout, fetch_inner(client, spec, url, seq, t, sent)).await {
        Ok(s) => s,
        Err(_) => Sample::error(
            url,
            seq,
            t,
            sent.elapsed(),
            format!(
                "timed out after {}",
                humantime::format_duration(spec.timeout)
            ),
        ),
    }
}

async fn fetch_inner(
    client: &reqwest::Client,
    spec: &RequestSpec,
    url: &str,
    seq: u64,
    t: f64,
    sent: Instant,
) -> Sample {
    let req = client
        .request(spec.method.clone(), url)
        .headers(spec.headers.clone());
    let resp = match req.send().await {
        Ok(r) => r,
        Err(e) => {
            let (_, reason) = crate::http::client::describe(&e);
            return Sample::error(url, seq, t, sent.elapsed(), reason);
        }
    };
    let status = resp.status().as_u16();
    let headers = resp.headers().clone();
    let latency = sent.elapsed();
    let mut hasher = xxhash_rust::xxh3::Xxh3::new();
    let mut body_bytes = 0u64;
    let mut truncated = false;
    if spec.method != reqwest::Method::HEAD {
        let mut stream = resp.bytes_stream();
        while let Some(chunk) = stream.next().await {
            match chunk {
                Ok(c) => {
                    let room = spec.body_cap.saturating_sub(body_bytes);
                    let take = (c.len() as u64).min(room) as usize;
                    hasher.update(&c[..take]);
                    body_bytes += take as u64;
                    if take < c.len() {
                        truncated = true;
                        break;
                    }
                }
                Err(e) => {
                    let (_, reason) = crate::http::client::describe(&e);
                    return Sample::error(
                        url,
                        seq,
                        t,
                        sent.elapsed(),
                        format!("HTTP {status}, then the body failed: {reason}"),
                    );
                }
            }
        }
    }
    let etag = crate::http::header_joined(&headers, "etag");
    let last_modified = crate::http::header_joined(&headers, "last-modified");
    let content_id = if let Some(e) = &etag {
        Some(format!("etag:{e}"))
    } else if spec.method != reqwest::Method::HEAD {
        Some(format!("body:{:016x}", hasher.digest()))
    } else {
        last_modified.as_ref().map(|l| format!("last-modified:{l}"))
    };
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let date_age = freshness::age_from_date(&headers, now);
    let mut s = Sample::from_response(
        url, seq, t, status, latency, headers, content_id, body_bytes, truncated,
    );
    s.date_age = date_age;
    s
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
            ..
        } = cache_status::classify(&headers);
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
            body_bytes,
            body_truncated,
            freshness: None,
            error: None,
            date_age: None,
            headers,
        }
    }
}
