//! Send planned requests with retries, at most N at once, and read each answer into per-item results.
//!
//! Log lines (level 1: requests and retries, level 2: headers, bodies, responses) go to the
//! caller's `Log` callback; they show secrets as `***`. Every response (headers, body, network
//! errors) goes through the redactor as it is read, because some APIs echo the credentials they
//! were sent: nothing after `once` sees remote text that is not `Redacted`.

use super::interpret::{Answer, interpret};
use crate::http::client::{ClientError, ClientOptions, build, describe, runtime};
use crate::http::request::{Headers, Redacted, Redactor};
use crate::http::retry::{RetryPolicy, is_retryable, server_wait};
use crate::providers::{ItemResult, Planned};
use futures_util::StreamExt;
use reqwest::header::HeaderMap;
use std::time::{Duration, Instant, SystemTime};

/// Where log lines go: `(level, line)`, level 1 for `-v`, 2 for `-vv`. The caller filters.
pub type Log<'a> = &'a dyn Fn(u8, &str);

/// How to send: per-request timeout, retries, concurrency.
#[derive(Debug, Clone, Copy)]
pub struct SendOptions {
    pub timeout: Duration,
    pub retries: u32,
    pub concurrency: usize,
}

/// Send every request (at most `concurrency` at once) and return per-item results in request order.
pub fn execute(
    reqs: &[Planned],
    opts: SendOptions,
    redactor: &Redactor,
    log: Log<'_>,
) -> Result<Vec<ItemResult>, ClientError> {
    let client = build(&ClientOptions {
        timeout: opts.timeout,
        ..Default::default()
    })?;
    let policy = RetryPolicy::from_env(opts.retries);
    let rt = runtime()?;
    let mut results: Vec<(usize, Vec<ItemResult>)> = rt.block_on(async {
        futures_util::stream::iter(reqs.iter())
            .map(|r| {
                let client = &client;
                let policy = &policy;
                async move {
                    let ans = send(client, r, policy, redactor, log).await;
                    (r.batch, interpret(r, &ans, redactor))
                }
            })
            .buffer_unordered(opts.concurrency.max(1))
            .collect()
            .await
    });
    results.sort_by_key(|(b, _)| *b);
    Ok(results.into_iter().flat_map(|(_, v)| v).collect())
}

const MAX_BODY: usize = 64 * 1024;

/// Send `req`, retrying 429, 5xx and network errors per `policy`.
async fn send(
    client: &reqwest::Client,
    req: &Planned,
    policy: &RetryPolicy,
    redactor: &Redactor,
    log: Log<'_>,
) -> Answer {
    let start = Instant::now();
    let mut attempt = 0u32;
    loop {
        attempt += 1;
        log(
            1,
            &format!(
                "{} {} (request {}, attempt {attempt})",
                req.method,
                req.url.shown(),
                req.batch
            ),
        );
        for (n, v) in &req.headers {
            log(2, &format!("> {n}: {}", v.shown()));
        }
        if let Some(b) = &req.body {
            log(2, &format!("> {}", b.shown()));
        }
        let answer = once(client, req, redactor).await;
        let (retry, hint) = match &answer {
            Ok(r) => {
                log(
                    2,
                    &format!("< {} {}", r.status, first_line(r.body.as_str())),
                );
                (
                    is_retryable(r.status),
                    server_wait(&r.raw_headers, r.body.as_str(), SystemTime::now()),
                )
            }
            Err(e) => {
                log(1, &format!("request {} failed: {e}", req.batch));
                (true, None)
            }
        };
        if retry && attempt <= policy.retries {
            let wait = policy.wait(attempt, hint);
            let why = match &answer {
                Ok(r) => format!("HTTP {}", r.status),
                Err(e) => e.to_string(),
            };
            log(
                1,
                &format!(
                    "request {}: {why}; retry {attempt} of {} in {}",
                    req.batch,
                    policy.retries,
                    humantime::format_duration(Duration::from_millis(wait.as_millis() as u64))
                ),
            );
            tokio::time::sleep(wait).await;
            continue;
        }
        let elapsed = start.elapsed();
        return match answer {
            Ok(r) => Answer {
                status: Some(r.status),
                headers: r.headers,
                body: r.body,
                error: None,
                attempts: attempt,
                elapsed,
            },
            Err(e) => Answer {
                status: None,
                headers: Headers::default(),
                body: Redacted::default(),
                error: Some(e),
                attempts: attempt,
                elapsed,
            },
        };
    }
}

fn first_line(s: &str) -> String {
    let l = s.lines().next().unwrap_or_default();
    if l.len() > 300 {
        let mut cut = 300;
        while !l.is_char_boundary(cut) {
            cut -= 1;
        }
        format!("{}…", &l[..cut])
    } else {
        l.to_string()
    }
}

/// One response: the status, the headers as received (only to read retry hints, never shown),
/// and what may be shown, redacted.
struct Response {
    status: u16,
    raw_headers: HeaderMap,
    headers: Headers,
    body: Redacted,
}

async fn once(
    client: &reqwest::Client,
    req: &Planned,
    redactor: &Redactor,
) -> Result<Response, Redacted> {
    let method = reqwest::Method::from_bytes(req.method.as_bytes())
        .map_err(|_| redactor.redact(&format!("'{}' is not an HTTP method", req.method)))?;
    let mut b = client.request(method, req.url.wire());
    for (n, v) in &req.headers {
        b = b.header(n.as_str(), v.wire());
    }
    if let Some(body) = &req.body {
        b = b.body(body.wire());
    }
    let mut resp = b
        .send()
        .await
        .map_err(|e| redactor.redact(&describe(&e).1))?;
    let status = resp.status().as_u16();
    let raw_headers = resp.headers().clone();
    let headers = redactor.headers(raw_headers.iter().map(|(n, v)| (n.as_str(), v.as_bytes())));
    let mut buf = Vec::new();
    while let Some(chunk) = resp
        .chunk()
        .await
        .map_err(|e| redactor.redact(&describe(&e).1))?
    {
        let room = MAX_BODY.saturating_sub(buf.len());
        buf.extend_from_slice(&chunk[..chunk.len().min(room)]);
        if room == 0 {
            break;
        }
    }
    Ok(Response {
        status,
        raw_headers,
        headers,
        body: redactor.redact(&String::from_utf8_lossy(&buf)),
    })
}
