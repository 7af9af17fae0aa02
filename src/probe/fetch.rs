//! Send one probe request as a visitor's browser would and record it: the request's headers
//! (with the Accept-Encoding the command chose), redirects followed with `-L` (bounded, without
//! the user's credentials on another origin), the body decoded and hashed as it streams
//! (`body`), and the time each phase took (`http::timing`). Nothing here retries.

use super::body::BodyHash;
use super::sample::{RequestSpec, Sample};
use super::wire::{self, Hop, RawHead, Timing};
use crate::http::timing::{self, Phases};
use futures_util::StreamExt;
use reqwest::header::HeaderMap;
use std::time::{Duration, Instant};

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
    let mut s = match tokio::time::timeout(
        spec.timeout,
        fetch_inner(client, spec, url, seq, t, sent),
    )
    .await
    {
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
    };
    // The URL as shown everywhere (lines, -vv, JSON, the summary): a password in it masked.
    s.url = spec.redactor.redact(&s.url).into_string();
    if let Some(e) = s.error.take() {
        s.error = Some(spec.redactor.redact(&e).into_string());
    }
    s
}

/// Phases summed over the hops of one sample.
fn add(total: &mut Phases, p: Phases) {
    total.dns += p.dns;
    total.connect += p.connect;
    if let Some(tls) = p.tls {
        *total.tls.get_or_insert(Duration::ZERO) += tls;
    }
    total.new_connection |= p.new_connection;
}

/// The request headers for `to`: the user's, without credentials once the chain has left the
/// origin of the URL probed.
fn headers_for(spec: &RequestSpec, first: &url::Url, to: &url::Url) -> HeaderMap {
    if first.origin() == to.origin() {
        return spec.headers.clone();
    }
    let mut h = spec.headers.clone();
    let names: Vec<_> = h
        .keys()
        .filter(|n| wire::is_credential_header(n.as_str()))
        .cloned()
        .collect();
    for n in names {
        h.remove(n);
    }
    h
}

async fn fetch_inner(
    client: &reqwest::Client,
    spec: &RequestSpec,
    url: &str,
    seq: u64,
    t: f64,
    sent: Instant,
) -> Sample {
    let Ok(first) = url::Url::parse(url) else {
        return Sample::error(url, seq, t, sent.elapsed(), format!("'{url}' is not a URL"));
    };
    let mut current = first.clone();
    let mut hops: Vec<Hop> = Vec::new();
    let mut phases = Phases::default();
    let mut waited = Duration::ZERO;
    let with = |mut s: Sample, hops: Vec<Hop>, phases: Phases, to_head: Option<Duration>| {
        s.redirects = hops;
        s.timing = Timing::new(phases, to_head, sent.elapsed());
        if !spec.timed {
            // No hooks on this client: setup unknown, not absent.
            s.timing.reused_connection = false;
        }
        s
    };
    let resp = loop {
        let hop_start = Instant::now();
        let req = client
            .request(spec.method.clone(), current.as_str())
            .headers(headers_for(spec, &first, &current));
        let (r, p) = timing::measured(req.send()).await;
        add(&mut phases, p);
        let resp = match r {
            Ok(r) => r,
            Err(e) => {
                let (_, reason) = crate::http::client::describe(&e);
                let reason = spec.redactor.redact(&reason).into_string();
                let s = Sample::error(url, seq, t, sent.elapsed(), reason);
                return with(s, hops, phases, None);
            }
        };
        waited += hop_start.elapsed();
        let status = resp.status().as_u16();
        let loc = wire::location(current.as_str(), resp.headers());
        let follow = spec.follow.filter(|_| wire::is_redirect(status));
        let (Some(max), Some((Some(next), shown))) = (follow, loc) else {
            break resp;
        };
        let head = spec
            .keep_head
            .then(|| RawHead::of(resp.version(), status, resp.headers(), &spec.redactor));
        hops.push(Hop {
            url: spec.redactor.redact(current.as_str()).into_string(),
            status,
            location: spec.redactor.redact(&shown).into_string(),
            head,
        });
        if hops.len() as u64 > u64::from(max) {
            let s = Sample::error(
                url,
                seq,
                t,
                sent.elapsed(),
                format!("more than {max} redirects (--max-redirs {max})"),
            );
            return with(s, hops, phases, Some(waited));
        }
        current = next;
    };
    let status = resp.status().as_u16();
    let version = resp.version();
    let headers = resp.headers().clone();
    let latency = sent.elapsed();
    let coding = crate::http::header_joined(&headers, "content-encoding");
    let mut body = BodyHash::new(coding.as_deref(), spec.body_cap);
    let read_body = spec.method != reqwest::Method::HEAD;
    if read_body {
        let mut stream = resp.bytes_stream();
        while let Some(chunk) = stream.next().await {
            match chunk {
                Ok(c) => {
                    if !body.push(&c) {
                        break;
                    }
                }
                Err(e) => {
                    let (_, reason) = crate::http::client::describe(&e);
                    let s = Sample::error(
                        url,
                        seq,
                        t,
                        sent.elapsed(),
                        format!("HTTP {status}, then the body failed: {reason}"),
                    );
                    return with(s, hops, phases, Some(waited));
                }
            }
        }
    }
    let digest = body.finish();
    let etag = crate::http::header_joined(&headers, "etag");
    let last_modified = crate::http::header_joined(&headers, "last-modified");
    let content_id = if let Some(e) = &etag {
        Some(format!("etag:{e}"))
    } else if read_body {
        Some(digest.content_id.clone())
    } else {
        last_modified.as_ref().map(|l| format!("last-modified:{l}"))
    };
    let location = wire::location(current.as_str(), &headers)
        .filter(|_| (300..400).contains(&status))
        .map(|(_, shown)| spec.redactor.redact(&shown).into_string());
    let head = spec
        .keep_head
        .then(|| RawHead::of(version, status, &headers, &spec.redactor));
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let date_age = crate::http::freshness::age_from_date(&headers, now);
    let mut s = Sample::from_response(
        url,
        seq,
        t,
        status,
        latency,
        headers,
        content_id,
        digest.body_bytes,
        digest.truncated,
    );
    if read_body {
        let ct = crate::http::header_joined(&s.headers, "content-type");
        s.body = super::kind::body_kind(ct.as_deref(), &digest.prefix);
        s.content_encoding = coding;
        s.encoded_bytes = digest.encoded_bytes;
        s.not_decoded = digest.not_decoded;
    }
    if let Some(name) = &spec.pop_header
        && let Some(mut e) = crate::http::edge::from_header(&s.headers, name)
    {
        e.pop = spec.redactor.redact(&e.pop).into_string();
        s.pop = Some(e);
    }
    s.location = location;
    s.head = head;
    s.date_age = date_age;
    with(s, hops, phases, Some(waited))
}
