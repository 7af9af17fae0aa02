//! Send planned requests with retries, at most N at once, and read each answer into per-item results.
//!
//! Log lines go to the caller's `Log` callback with their `Verbosity`: retries as they happen
//! (`Normal`: shown unless `-q`), each request (`Detail`, `-v`), the wire: headers and bodies
//! both ways (`Wire`, `-vv`). They show secrets as `***`. Every response (headers, body, network
//! errors) goes through the redactor as it is read, because some APIs echo the credentials they
//! were sent: nothing after `once` sees remote text that is not `Redacted`.

use super::interpret::{Answer, interpret};
use super::ledger::{self, Ledger, Sent, Stop};
use crate::http::client::{ClientError, ClientOptions, build, describe, runtime};
use crate::http::request::{Headers, Redacted, Redactor, Text};
use crate::http::retry::{RetryPolicy, is_retryable, server_wait};
use crate::providers::{ItemResult, Planned, Via};
use crate::verbosity::Verbosity;
use futures_util::{FutureExt, StreamExt};
use reqwest::header::HeaderMap;
use std::panic::AssertUnwindSafe;
use std::time::{Duration, Instant, SystemTime};

/// Where log lines go: `(level, line)`. The caller filters by its verbosity.
pub type Log<'a> = &'a dyn Fn(Verbosity, &str);

/// How to send: per-request timeout, retries, concurrency.
#[derive(Debug, Clone, Copy)]
pub struct SendOptions {
    pub timeout: Duration,
    pub retries: u32,
    pub concurrency: usize,
    /// The first retry wait (`ISRCTL_RETRY_BASE_DELAY`); the policy's default when absent.
    pub base_delay: Option<Duration>,
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
    let clients = Clients::build(reqs, opts.timeout)?;
    let policy = RetryPolicy::new(opts.retries, opts.base_delay);
    let rt = runtime()?;
    let ledger = Ledger::new(reqs, redactor);
    let (clients, policy, ledger_ref) = (&clients, &policy, &ledger);
    rt.block_on(drive(
        reqs,
        opts.concurrency,
        ledger_ref,
        on_done,
        crate::interrupt::wait(),
        |i, r| async move {
            let client = clients.get(r);
            let ans = send(client, r, policy, redactor, log, (ledger_ref, i)).await;
            (ans.status, interpret(r, &ans, redactor))
        },
    ));
    Ok(ledger.finish())
}

/// Send one planned request inside the caller's runtime, with the logging, redaction and
/// answer reading of [`execute`] and the retries of `policy` (`simulate --against` sends each
/// revalidation event at its own time, alongside page requests). Returns the final status and
/// the request's item results.
pub async fn send_one(
    client: &reqwest::Client,
    req: &Planned,
    policy: &RetryPolicy,
    redactor: &Redactor,
    log: Log<'_>,
) -> (Option<u16>, Vec<ItemResult>) {
    let ledger = Ledger::new(std::slice::from_ref(req), redactor);
    let ans = send(client, req, policy, redactor, log, (&ledger, 0)).await;
    (ans.status, interpret(req, &ans, redactor))
}

/// The clients the requests go out through: reqwest pins `--resolve` addresses per client, so
/// there is one for each address the requests are sent to, and a plain one.
struct Clients {
    plain: reqwest::Client,
    via: Vec<(Via, reqwest::Client)>,
}

impl Clients {
    fn build(reqs: &[Planned], timeout: Duration) -> Result<Self, ClientError> {
        let client = |resolve| {
            build(&ClientOptions {
                timeout,
                resolve,
                ..Default::default()
            })
        };
        let mut via: Vec<(Via, reqwest::Client)> = Vec::new();
        for v in reqs.iter().filter_map(|r| r.via.as_ref()) {
            if !via.iter().any(|(k, _)| k == v) {
                via.push((v.clone(), client(vec![(v.host.clone(), v.addr)])?));
            }
        }
        Ok(Clients {
            plain: client(Vec::new())?,
            via,
        })
    }

    fn get(&self, r: &Planned) -> &reqwest::Client {
        r.via
            .as_ref()
            .and_then(|v| self.via.iter().find(|(k, _)| k == v))
            .map_or(&self.plain, |(_, c)| c)
    }
}

/// Send one request with the retries, logging and redaction of [`execute`] and return its
/// answer as read, for look-ups whose body the caller reads itself (a Cloudflare zone's id by
/// name). `None` when Ctrl-C stopped it.
pub fn fetch(
    req: &Planned,
    opts: SendOptions,
    redactor: &Redactor,
    log: Log<'_>,
) -> Result<Option<Answer>, ClientError> {
    crate::interrupt::install();
    let reqs = std::slice::from_ref(req);
    let clients = Clients::build(reqs, opts.timeout)?;
    let policy = RetryPolicy::new(opts.retries, opts.base_delay);
    let ledger = Ledger::new(reqs, redactor);
    let answer = send(clients.get(req), req, &policy, redactor, log, (&ledger, 0));
    Ok(runtime()?.block_on(async {
        tokio::select! {
            biased;
            () = crate::interrupt::wait() => None,
            a = answer => Some(a),
        }
    }))
}

/// The sending loop: `one(i, request)` answers request `i` with its status and item results, at
/// most `concurrency` at once; each answer goes to `on_done` and the ledger. A 401/403 or a
/// panic in `one` stops new requests; `interrupt` stops the loop at once (requests in flight
/// are dropped, and the ledger says where each one was).
async fn drive<'r, F>(
    reqs: &'r [Planned],
    concurrency: usize,
    ledger: &Ledger<'_>,
    on_done: &mut dyn FnMut(&[ItemResult]),
    interrupt: impl std::future::Future<Output = ()>,
    one: impl Fn(usize, &'r Planned) -> F,
) where
    F: std::future::Future<Output = (Option<u16>, Vec<ItemResult>)>,
{
    let one = &one;
    let mut answers = futures_util::stream::iter(reqs.iter().enumerate())
        .map(|(i, r)| async move {
            if ledger.stopped() {
                return (i, None);
            }
            (i, Some(AssertUnwindSafe(one(i, r)).catch_unwind().await))
        })
        .buffer_unordered(concurrency.max(1));
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
                        ledger::crashed(&reqs[i], &panic_message(panic.as_ref()), ledger.redactor())
                    }
                };
                on_done(&results);
                ledger.done(i, results);
            }
        }
    }
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
            Verbosity::Detail,
            &format!(
                "{} {} ({}, attempt {attempt})",
                req.method,
                req.url.shown(),
                req.name()
            ),
        );
        for (n, v) in &req.headers {
            log(Verbosity::Wire, &format!("> {n}: {}", v.shown()));
        }
        if let Some(b) = &req.body {
            log(Verbosity::Wire, &format!("> {}", b.shown()));
        }
        ledger.sending(i, attempt);
        let answer = once(client, req, redactor).await;
        let (retry, hint) = match &answer {
            Ok(r) => {
                log(Verbosity::Wire, &format!("< {}", r.status));
                for (n, v) in r.headers.iter() {
                    log(Verbosity::Wire, &format!("< {n}: {v}"));
                }
                log(
                    Verbosity::Wire,
                    &format!("< {}", first_line(r.body.as_str())),
                );
                (
                    is_retryable(r.status) || throttled(req, r),
                    server_wait(&r.raw_headers, r.body.as_str(), SystemTime::now()),
                )
            }
            Err(e) => {
                log(Verbosity::Detail, &format!("{} failed: {e}", req.name()));
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
                Verbosity::Normal,
                &retry_line(&req.name(), &why, wait, attempt, policy.retries),
            );
            ledger.waiting(i, attempt, why);
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

/// The retry announcement: `request 1: retrying in 2s after HTTP 502 (1/3)`, the retry's
/// number of the most there may be; the wait in milliseconds under a second, whole seconds from
/// 10s, else to a tenth.
fn retry_line(name: &str, why: &str, wait: Duration, retry: u32, retries: u32) -> String {
    let s = wait.as_secs_f64();
    let wait = if s < 1.0 {
        format!("{}ms", wait.as_millis())
    } else if s >= 9.95 {
        format!("{s:.0}s")
    } else {
        let t = format!("{s:.1}");
        format!("{}s", t.strip_suffix(".0").unwrap_or(&t))
    };
    format!("{name}: retrying in {wait} after {why} ({retry}/{retries})")
}

/// An answer whose body says it was throttled (AWS: `400` with code `Throttling`).
fn throttled(req: &Planned, r: &Response) -> bool {
    req.kind == crate::providers::Kind::CloudFront
        && r.status == 400
        && crate::providers::cloudfront::is_throttling(r.body.as_str())
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
    let url = req.url.wire();
    let body = req.body.as_ref().map(Text::wire);
    // The one place a signed request is signed: now, per attempt, over what is sent.
    let signed = match &req.sign {
        Some(s) => s
            .sign(
                &req.method,
                &url,
                body.as_deref().unwrap_or_default().as_bytes(),
                SystemTime::now(),
            )
            .map_err(|e| redactor.redact(&e.to_string()))?,
        None => Vec::new(),
    };
    let mut b = client.request(method, url);
    for (n, v) in &req.headers {
        match signed.iter().find(|(s, _)| s.eq_ignore_ascii_case(n)) {
            Some((_, value)) => b = b.header(n.as_str(), value.as_str()),
            None => b = b.header(n.as_str(), v.wire()),
        }
    }
    for (n, value) in &signed {
        if !req.headers.iter().any(|(h, _)| h.eq_ignore_ascii_case(n)) {
            b = b.header(*n, value.as_str());
        }
    }
    if let Some(body) = body {
        b = b.body(body);
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::providers::{Kind, Outcome};

    fn reqs(n: usize) -> Vec<Planned> {
        (1..=n)
            .map(|b| {
                let mut r = Planned::new("PURGE", Text::lit(format!("http://x/{b}")), Kind::Http);
                r.items = vec![format!("/{b}")];
                r.batch = b;
                r
            })
            .collect()
    }

    fn ok(r: &Planned, status: u16) -> (Option<u16>, Vec<ItemResult>) {
        let ans = Answer {
            status: Some(status),
            headers: Headers::default(),
            body: Redacted::default(),
            error: None,
            attempts: 1,
            elapsed: Duration::ZERO,
        };
        (Some(status), interpret(r, &ans, &Redactor::default()))
    }

    fn run(
        n: usize,
        interrupt: impl std::future::Future<Output = ()>,
        one: impl Fn(
            usize,
            &Planned,
        )
            -> futures_util::future::BoxFuture<'static, (Option<u16>, Vec<ItemResult>)>,
    ) -> (Sent, usize) {
        let reqs = reqs(n);
        let redactor = Redactor::default();
        let ledger = Ledger::new(&reqs, &redactor);
        let mut streamed = 0;
        let rt = runtime().unwrap();
        rt.block_on(drive(
            &reqs,
            1,
            &ledger,
            &mut |d| streamed += d.len(),
            interrupt,
            one,
        ));
        (ledger.finish(), streamed)
    }

    #[test]
    fn retries_are_announced_with_the_wait_the_reason_and_the_count() {
        let line = |ms, why| retry_line("request 1", why, Duration::from_millis(ms), 2, 5);
        assert_eq!(
            line(2000, "HTTP 502"),
            "request 1: retrying in 2s after HTTP 502 (2/5)"
        );
        assert_eq!(
            line(1234, "HTTP 503"),
            "request 1: retrying in 1.2s after HTTP 503 (2/5)"
        );
        assert_eq!(
            line(40, "timeout"),
            "request 1: retrying in 40ms after timeout (2/5)"
        );
        assert_eq!(
            line(61_400, "HTTP 429"),
            "request 1: retrying in 61s after HTTP 429 (2/5)"
        );
    }

    /// A panic in request 2 is caught: its item failed, 3 and 4 are not sent, 1 is kept.
    #[test]
    fn a_crashed_request_still_leaves_every_item_in_the_report() {
        let (sent, streamed) = run(4, std::future::pending(), |i, r| {
            let done = ok(r, 200);
            Box::pin(async move {
                assert!(i != 1, "boom in request {}", i + 1);
                done
            })
        });
        assert_eq!(sent.results.len(), 4);
        assert_eq!(streamed, 2);
        assert!(sent.results[0].ok);
        assert!(
            sent.results[1]
                .error
                .as_ref()
                .unwrap()
                .as_str()
                .contains("boom in request 2")
        );
        assert_eq!(sent.results[1].outcome, Outcome::Failed);
        assert!(!sent.results[2].sent && !sent.results[3].sent);
        assert_eq!(sent.stopped, Some(Stop::Crashed { batch: 2 }));
        assert_eq!(
            crate::remote::exit_of_run(&sent),
            crate::exit::Exit::Internal
        );
    }

    /// A 401 stops what is not sent yet; an interrupt drops what is in flight.
    #[test]
    fn refusal_and_interrupt_stop_the_run_with_every_item() {
        let (sent, _) = run(3, std::future::pending(), |i, r| {
            let done = ok(r, if i == 0 { 401 } else { 200 });
            Box::pin(async move { done })
        });
        assert_eq!(sent.results.len(), 3);
        assert_eq!(sent.results[0].status, Some(401));
        assert!(
            sent.results[1]
                .error
                .as_deref()
                .unwrap()
                .starts_with("not sent: request 1 was refused")
        );
        assert_eq!(
            crate::remote::exit_of_run(&sent),
            crate::exit::Exit::Rejected
        );

        let (sent, _) = run(
            2,
            async { tokio::time::sleep(Duration::from_millis(20)).await },
            |_, _| Box::pin(std::future::pending()),
        );
        assert_eq!(sent.results.len(), 2);
        assert_eq!(sent.stopped, Some(Stop::Interrupted));
        assert_eq!(
            crate::remote::exit_of_run(&sent),
            crate::exit::Exit::Interrupted
        );
        assert!(!sent.results[1].sent);
    }
}
