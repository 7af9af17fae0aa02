//! Send planned requests with retries, at most N at once, and read each answer into per-item results.
//!
//! Log lines (level 1: requests and retries, level 2: headers, bodies, responses) go to the
//! caller's `Log` callback; they show secrets as `***` and pass remote text through the redactor,
//! because some APIs echo the credentials they were sent.

use super::interpret::{Answer, interpret};
use super::ledger::{self, Ledger, Sent, Stop};
use crate::http::client::{ClientError, ClientOptions, build, describe, runtime};
use crate::http::request::Redactor;
use crate::http::retry::{RetryPolicy, is_retryable, server_wait};
use crate::providers::{ItemResult, Planned};
use futures_util::{FutureExt, StreamExt};
use reqwest::header::HeaderMap;
use std::panic::AssertUnwindSafe;
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

/// Send every request (at most `concurrency` at once) and return every item's result in request
/// order, with why the run stopped early if it did. `on_done` gets each request's results as
/// they come in (NDJSON streams them).
///
/// Ctrl-C stops the run at once (requests in flight and retry waits are dropped); a 401/403 or a
/// crashed request stops new requests from being sent. Either way the ledger still has every
/// item: answered, interrupted, or not sent.
pub fn execute(
    reqs: &[Planned],
    opts: SendOptions,
    redactor: &Redactor,
    log: Log<'_>,
    on_done: &mut dyn FnMut(&[ItemResult]),
) -> Result<Sent, ClientError> {
    crate::interrupt::install();
    let client = build(&ClientOptions {
        timeout: opts.timeout,
        ..Default::default()
    })?;
    let policy = RetryPolicy::from_env(opts.retries);
    let rt = runtime()?;
    let ledger = Ledger::new(reqs);
    rt.block_on(async {
        let (client, policy, ledger) = (&client, &policy, &ledger);
        let mut answers = futures_util::stream::iter(reqs.iter().enumerate())
            .map(|(i, r)| async move {
                if ledger.stopped() {
                    return (i, None);
                }
                let one = async {
                    let ans = send(client, r, policy, redactor, log, (ledger, i)).await;
                    (ans.status, interpret(r, &ans))
                };
                (i, Some(AssertUnwindSafe(one).catch_unwind().await))
            })
            .buffer_unordered(opts.concurrency.max(1));
        let interrupt = crate::interrupt::wait();
        tokio::pin!(interrupt);
        loop {
            tokio::select! {
                biased;
                () = &mut interrupt => {
                    ledger.stop(Stop::Interrupted);
                    break;
                }
                next = answers.next() => {
                    let Some((i, answer)) = next else { break };
                    let results = match answer {
                        None => continue,
                        Some(Ok((status, results))) => {
                            if let Some(status @ (401 | 403)) = status {
                                ledger.stop(Stop::Refused { batch: reqs[i].batch, status });
                            }
                            results
                        }
                        Some(Err(panic)) => {
                            ledger.stop(Stop::Crashed { batch: reqs[i].batch });
                            ledger::crashed(&reqs[i], &panic_message(panic.as_ref()))
                        }
                    };
                    on_done(&results);
                    ledger.done(i, results);
                }
            }
        }
    });
    Ok(ledger.finish())
}

fn panic_message(p: &(dyn std::any::Any + Send)) -> String {
    p.downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| p.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a task panicked".into())
}

const MAX_BODY: usize = 64 * 1024;

/// Send `req`, retrying 429, 5xx and network errors per `policy`.
async fn send(
    client: &reqwest::Client,
    req: &Planned,
    policy: &RetryPolicy,
    redactor: &Redactor,
    log: Log<'_>,
    (ledger, i): (&Ledger<'_>, usize),
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
        ledger.sending(i, attempt);
        let answer = once(client, req, redactor).await;
        let (retry, hint) = match &answer {
            Ok((status, headers, body)) => {
                log(
                    2,
                    &format!("< {status} {}", redactor.redact(&first_line(body))),
                );
                (
                    is_retryable(*status),
                    server_wait(headers, body, SystemTime::now()),
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
                Ok((s, ..)) => format!("HTTP {s}"),
                Err(e) => e.clone(),
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
            ledger.waiting(i, attempt, why);
            tokio::time::sleep(wait).await;
            continue;
        }
        let elapsed = start.elapsed();
        return match answer {
            Ok((status, headers, body)) => Answer {
                status: Some(status),
                headers,
                body,
                error: None,
                attempts: attempt,
                elapsed,
            },
            Err(e) => Answer {
                status: None,
                headers: HeaderMap::new(),
                body: String::new(),
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

async fn once(
    client: &reqwest::Client,
    req: &Planned,
    redactor: &Redactor,
) -> Result<(u16, HeaderMap, String), String> {
    let method = reqwest::Method::from_bytes(req.method.as_bytes())
        .map_err(|_| format!("'{}' is not an HTTP method", req.method))?;
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
    let headers = resp.headers().clone();
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
    Ok((
        status,
        headers,
        redactor.redact(&String::from_utf8_lossy(&buf)),
    ))
}
