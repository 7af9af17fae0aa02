//! The observed side of `simulate --against`: send every scheduled step at its time from one
//! start instant (steps at the same time go out together), pages through the prober's
//! `fetch::fetch` and its classifier, revalidations through `remote::send` as `revalidate`
//! sends them. The first page that gets no answer, or revalidation that is not accepted, or
//! Ctrl-C, stops the run; what was observed until then is kept.

use super::check::{Scheduled, Sendable};
use crate::http::client::{ClientError, ClientOptions, build, runtime};
use crate::http::request::Redactor;
use crate::http::retry::RetryPolicy;
use crate::probe::fetch::fetch;
use crate::probe::sample::{RequestSpec, Sample};
use crate::providers::nextjs::{self, EndpointPlan};
use crate::providers::{ItemResult, Outcome};
use crate::remote::send::{Log, send_one};
use crate::verbosity::Verbosity;
use futures_util::StreamExt;
use futures_util::stream::FuturesUnordered;
use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;
use std::time::{Duration, Instant};

/// How to replay.
pub struct Replay<'a> {
    /// The deployment's base URL, without a trailing `/`; a request's URL is base + path.
    pub base: String,
    /// Per-request timeout.
    pub timeout: Duration,
    /// How to call the revalidation route (its paths and tags are filled in per event).
    pub endpoint: Option<&'a EndpointPlan>,
    /// Knows the route's secret: every message from the remote goes through it.
    pub redactor: &'a Redactor,
    pub log: Log<'a>,
}

/// What one step got.
#[derive(Debug, Clone)]
pub enum Done {
    Page(Box<Sample>),
    Event {
        status: Option<u16>,
        result: ItemResult,
    },
}

/// One step's answer: when it was sent (seconds since the start), how long it took, the answer.
#[derive(Debug, Clone)]
pub struct Answered {
    pub sent_at: f64,
    pub latency: f64,
    pub done: Done,
}

/// Why the run stopped before every step was sent.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum Stopped {
    #[error("interrupted")]
    Interrupted,
    /// A page request got no answer (network error, TLS error, timeout).
    #[error("{place}: {url} got no answer: {reason}; the run stopped there")]
    Unreachable {
        place: String,
        url: String,
        reason: String,
    },
    /// The revalidation route did not accept a call.
    #[error("{place}: the revalidation route did not accept the call ({}): {message}; the run stopped there", status.map_or_else(|| "no answer".to_string(), |s| format!("HTTP {s}")))]
    Endpoint {
        place: String,
        status: Option<u16>,
        outcome: Outcome,
        message: String,
    },
}

/// Every step's answer (`None`: not sent or not answered before the stop), and why it stopped.
#[derive(Debug, Clone)]
pub struct Observed {
    pub answers: Vec<Option<Answered>>,
    pub stopped: Option<Stopped>,
}

type Step<'f> = Pin<Box<dyn Future<Output = (usize, Answered)> + 'f>>;

/// Send the schedule in real time: step `i` goes out `t_i - t_0` after the start.
pub fn replay(schedule: &[Scheduled], r: &Replay<'_>) -> Result<Observed, ClientError> {
    crate::interrupt::install();
    let client = build(&ClientOptions {
        timeout: r.timeout,
        ..Default::default()
    })?;
    let spec = RequestSpec {
        timeout: r.timeout,
        ..Default::default()
    };
    // A revalidation that is retried would land at another time than the schedule says.
    let policy = RetryPolicy::new(0, None);
    let rt = runtime()?;
    let t0 = schedule.first().map_or(0, |s| s.t);
    let mut answers: Vec<Option<Answered>> = vec![None; schedule.len()];
    let mut stopped = None;
    rt.block_on(async {
        let start = tokio::time::Instant::now();
        let origin = Instant::now();
        let (client, spec, policy) = (&client, &spec, &policy);
        let mut seq: HashMap<&str, u64> = HashMap::new();
        let mut steps: FuturesUnordered<Step<'_>> = FuturesUnordered::new();
        for (i, s) in schedule.iter().enumerate() {
            let at = start + Duration::from_micros((s.t - t0).max(0) as u64);
            let step: Step<'_> = match &s.what {
                Sendable::Request { path } => {
                    let n = seq.entry(path.as_str()).or_default();
                    *n += 1;
                    let n = *n;
                    let url = format!("{}{path}", r.base);
                    Box::pin(async move {
                        tokio::time::sleep_until(at).await;
                        (r.log)(Verbosity::Detail, &format!("GET {url}"));
                        let sample = fetch(client, spec, &url, n, origin).await;
                        (r.log)(
                            Verbosity::Detail,
                            &format!(
                                "< {url}: {} {}",
                                sample.status.map_or("-".into(), |c| c.to_string()),
                                sample.state.as_str()
                            ),
                        );
                        let shown = r.redactor.headers(
                            sample
                                .headers
                                .iter()
                                .map(|(n, v)| (n.as_str(), v.as_bytes())),
                        );
                        for (name, value) in shown.iter() {
                            (r.log)(Verbosity::Wire, &format!("< {name}: {value}"));
                        }
                        let answered = Answered {
                            sent_at: sample.t,
                            latency: sample.latency,
                            done: Done::Page(Box::new(sample)),
                        };
                        (i, answered)
                    })
                }
                Sendable::RevalidatePath { path } => {
                    event(i, at, origin, client, policy, r, vec![path.clone()], vec![])
                }
                Sendable::RevalidateTag { tag } => {
                    event(i, at, origin, client, policy, r, vec![], vec![tag.clone()])
                }
            };
            steps.push(step);
        }
        let interrupt = crate::interrupt::wait();
        tokio::pin!(interrupt);
        loop {
            tokio::select! {
                biased;
                () = &mut interrupt => {
                    stopped = Some(Stopped::Interrupted);
                    break;
                }
                next = steps.next() => {
                    let Some((i, answered)) = next else { break };
                    stopped = stop_for(&schedule[i], &answered, r);
                    answers[i] = Some(answered);
                    if stopped.is_some() {
                        break;
                    }
                }
            }
        }
    });
    Ok(Observed { answers, stopped })
}

/// One revalidation event: the route's request for this path or tag, sent at `at`.
#[allow(clippy::too_many_arguments)]
fn event<'f>(
    i: usize,
    at: tokio::time::Instant,
    origin: Instant,
    client: &'f reqwest::Client,
    policy: &'f RetryPolicy,
    r: &'f Replay<'f>,
    paths: Vec<String>,
    tags: Vec<String>,
) -> Step<'f> {
    Box::pin(async move {
        tokio::time::sleep_until(at).await;
        let sent = Instant::now();
        let sent_at = sent.duration_since(origin).as_secs_f64();
        let plan = r.endpoint.map(|e| EndpointPlan {
            paths,
            tags,
            ..e.clone()
        });
        let planned = plan.as_ref().map(nextjs::plan_endpoint);
        let (status, result) = match planned {
            Some(Ok(reqs)) if reqs.len() == 1 => {
                let (status, mut results) =
                    send_one(client, &reqs[0], policy, r.redactor, r.log).await;
                (status, results.pop())
            }
            _ => (None, None),
        };
        // The schedule was checked: an event without a route or plan is a bug, reported as such.
        let result = result.unwrap_or_else(|| ItemResult {
            item: "revalidation".into(),
            batch: 1,
            ok: false,
            status: None,
            purge_id: None,
            error: Some(
                r.redactor
                    .redact("the revalidation request could not be planned"),
            ),
            note: None,
            attempts: 0,
            sent: false,
            outcome: Outcome::Failed,
        });
        (
            i,
            Answered {
                sent_at,
                latency: sent.elapsed().as_secs_f64(),
                done: Done::Event { status, result },
            },
        )
    })
}

/// Whether this answer ends the run: a page with no answer at all, or a revalidation not done.
fn stop_for(s: &Scheduled, a: &Answered, r: &Replay<'_>) -> Option<Stopped> {
    match &a.done {
        Done::Page(sample) if sample.status.is_none() => Some(Stopped::Unreachable {
            place: s.place.clone(),
            url: sample.url.clone(),
            reason: r
                .redactor
                .redact(sample.error.as_deref().unwrap_or("no answer"))
                .into_string(),
        }),
        Done::Page(_) => None,
        Done::Event { result, .. } if result.outcome == Outcome::Done => None,
        Done::Event { status, result } => Some(Stopped::Endpoint {
            place: s.place.clone(),
            status: *status,
            outcome: result.outcome,
            message: result
                .error
                .as_ref()
                .map_or_else(String::new, |e| e.as_str().to_string()),
        }),
    }
}
