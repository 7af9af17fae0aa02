//! The warming loop: one task per target, at most `concurrency` requests in flight (a
//! semaphore), request starts spaced by the `--rate` (one pace for all), each target re-requested
//! after `interval` until its cache answers HIT or `tries` run out; the targets of one
//! `--resolve` address all done before the next address. Every try and every finished target is
//! handed to a sink as it happens; Ctrl-C ends the run with what was seen.

use super::judge::{self, Outcome};
use super::plan::{Plan, Target};
use crate::http::cache_status::CacheState;
use crate::http::client::{self, ClientError, ClientOptions};
use crate::probe::fetch::fetch;
use serde::Serialize;
use std::future::Future;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::sync::{Semaphore, mpsc};

/// One target's record: how many tries it took, what the cache said each time, and the end.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct UrlResult {
    /// The URL (credentials in it masked).
    pub url: String,
    /// The address it was sent to instead of its host's own (`--resolve`), as `ADDR:PORT`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    pub result: Outcome,
    /// Requests sent for this URL.
    pub tries: u32,
    /// The state judged at each try, in order (`ERROR` for a try without an answer).
    pub states: Vec<CacheState>,
    /// The state judged at the last try (the nearest layer that stores copies); `null` when it
    /// got no answer.
    pub state: Option<CacheState>,
    /// The cache layer that state is from (`nginx`, `cloudflare`, `nextjs`, ...).
    pub layer: Option<String>,
    /// The HTTP status of the last answer.
    pub status: Option<u16>,
    /// Seconds from the first request to the last answer.
    pub elapsed: f64,
    /// Why, when the result alone does not say it (`no cache-status header`, `HTTP 404`,
    /// `passed through: cloudflare DYNAMIC`).
    pub note: Option<String>,
    /// Why the last try got no answer (connection, TLS, timeout).
    pub error: Option<String>,
}

impl UrlResult {
    fn new(t: &Target, shown: String) -> Self {
        UrlResult {
            url: shown,
            address: t.via.map(|a| a.to_string()),
            result: Outcome::Interrupted,
            tries: 0,
            states: Vec::new(),
            state: None,
            layer: None,
            status: None,
            elapsed: 0.0,
            note: None,
            error: None,
        }
    }
}

/// What the sink hears: a try answered (the record so far) or a target done.
#[derive(Debug)]
pub enum Event<'a> {
    Try(&'a UrlResult),
    Done(&'a UrlResult),
}

/// The result of a run: a record per target, in the plan's order.
#[derive(Debug)]
pub struct Run {
    pub results: Vec<UrlResult>,
    pub interrupted: bool,
    pub elapsed: Duration,
    /// Requests sent in all.
    pub requests: u64,
}

/// The clients of a run: one per `--resolve` address (resolving its hosts to it), and one for
/// the targets warmed through their own host.
pub struct Clients {
    pub direct: reqwest::Client,
    pub via: Vec<(SocketAddr, reqwest::Client)>,
}

impl Clients {
    /// Build them from the options every client shares.
    pub fn build(base: &ClientOptions, plan: &Plan) -> Result<Clients, ClientError> {
        let mut direct = base.clone();
        direct.resolve.clear();
        let mut via = Vec::new();
        for addr in super::plan::addresses(&plan.resolve) {
            let mut o = base.clone();
            o.resolve = super::plan::mappings_to(&plan.resolve, addr);
            via.push((addr, client::build(&o)?));
        }
        Ok(Clients {
            direct: client::build(&direct)?,
            via,
        })
    }

    fn for_target(&self, t: &Target) -> reqwest::Client {
        t.via
            .and_then(|a| self.via.iter().find(|(v, _)| *v == a))
            .map_or_else(|| self.direct.clone(), |(_, c)| c.clone())
    }
}

/// Request starts at least `spacing` apart, for all tasks together.
struct Pace {
    spacing: Duration,
    next: Mutex<Instant>,
}

impl Pace {
    async fn wait(&self) {
        let slot = {
            let mut next = self.next.lock().unwrap_or_else(|e| e.into_inner());
            let slot = (*next).max(Instant::now());
            *next = slot + self.spacing;
            slot
        };
        tokio::time::sleep_until(slot.into()).await;
    }
}

enum Msg {
    Try(usize, UrlResult),
    Done(usize, UrlResult),
}

/// Run the plan: the targets of one address (or of none) after those of the one before, each
/// group done before the next starts, so that one POP or instance is warmed at a time.
/// `interrupt` resolves on Ctrl-C (or never); the records so far are returned, the unfinished
/// ones `interrupted`.
pub async fn run(
    clients: &Clients,
    plan: &Plan,
    sink: &mut dyn FnMut(Event<'_>),
    interrupt: impl Future<Output = ()>,
) -> Run {
    let start = Instant::now();
    let shared = Shared {
        start,
        sem: Arc::new(Semaphore::new(plan.concurrency.max(1))),
        pace: plan.rate.map(|r| {
            Arc::new(Pace {
                spacing: r.spacing(),
                next: Mutex::new(start),
            })
        }),
        tries: plan.tries.max(1),
        interval: plan.interval,
    };
    let (tx, mut rx) = mpsc::unbounded_channel::<Msg>();
    let mut st = State {
        results: plan
            .targets
            .iter()
            .map(|t| UrlResult::new(t, shown(plan, t)))
            .collect(),
        done: vec![false; plan.targets.len()],
        requests: 0,
    };
    tokio::pin!(interrupt);
    let mut interrupted = false;
    'groups: for group in groups(&plan.targets) {
        let mut tasks = tokio::task::JoinSet::new();
        for i in group {
            let t = &plan.targets[i];
            let task = Task {
                i,
                client: clients.for_target(t),
                spec: plan.request.clone(),
                url: t.url.to_string(),
                rec: st.results[i].clone(),
            };
            tasks.spawn(task.run(shared.clone(), tx.clone()));
        }
        loop {
            tokio::select! {
                biased;
                () = &mut interrupt => {
                    interrupted = true;
                    tasks.abort_all();
                    break 'groups;
                }
                Some(msg) = rx.recv() => st.apply(msg, sink),
                ended = tasks.join_next() => {
                    if ended.is_none() {
                        // Every task of the group has ended: take what they sent last.
                        while let Ok(msg) = rx.try_recv() {
                            st.apply(msg, sink);
                        }
                        break;
                    }
                }
            }
        }
    }
    for (r, d) in st.results.iter_mut().zip(&st.done) {
        if !d {
            r.result = Outcome::Interrupted;
        }
    }
    Run {
        results: st.results,
        interrupted,
        elapsed: start.elapsed(),
        requests: st.requests,
    }
}

/// The index ranges of the runs of targets with the same address, in order.
fn groups(targets: &[Target]) -> Vec<std::ops::Range<usize>> {
    let mut out: Vec<std::ops::Range<usize>> = Vec::new();
    for (i, t) in targets.iter().enumerate() {
        match out.last_mut() {
            Some(r) if targets[r.start].via == t.via => r.end = i + 1,
            _ => out.push(i..i + 1),
        }
    }
    out
}

/// What every task of a run shares.
#[derive(Clone)]
struct Shared {
    start: Instant,
    sem: Arc<Semaphore>,
    pace: Option<Arc<Pace>>,
    tries: u32,
    interval: Duration,
}

/// The records as the messages update them.
struct State {
    results: Vec<UrlResult>,
    done: Vec<bool>,
    requests: u64,
}

impl State {
    fn apply(&mut self, msg: Msg, sink: &mut dyn FnMut(Event<'_>)) {
        self.requests += 1;
        match msg {
            Msg::Try(i, rec) => {
                sink(Event::Try(&rec));
                self.results[i] = rec;
            }
            Msg::Done(i, rec) => {
                sink(Event::Try(&rec));
                sink(Event::Done(&rec));
                self.results[i] = rec;
                self.done[i] = true;
            }
        }
    }
}

/// One target's tries.
struct Task {
    i: usize,
    client: reqwest::Client,
    spec: crate::probe::RequestSpec,
    url: String,
    rec: UrlResult,
}

impl Task {
    async fn run(mut self, s: Shared, tx: mpsc::UnboundedSender<Msg>) {
        let rec = &mut self.rec;
        let mut first: Option<Instant> = None;
        loop {
            if rec.tries > 0 {
                tokio::time::sleep(s.interval).await;
            }
            let sample = {
                let Ok(_permit) = s.sem.acquire().await else {
                    return;
                };
                if let Some(p) = &s.pace {
                    p.wait().await;
                }
                first.get_or_insert_with(Instant::now);
                let seq = u64::from(rec.tries) + 1;
                fetch(&self.client, &self.spec, &self.url, seq, s.start).await
            };
            let r = judge::read(&sample);
            rec.tries += 1;
            rec.states.push(r.state.unwrap_or(CacheState::Error));
            rec.result = r.outcome;
            rec.state = r.state;
            rec.layer = r.layer;
            rec.status = sample.status;
            rec.note = r.note;
            rec.error = sample.error.clone();
            rec.elapsed = first.map_or(0.0, |f| crate::probe::wire::secs(f.elapsed()));
            if !r.again || rec.tries >= s.tries {
                let _ = tx.send(Msg::Done(self.i, rec.clone()));
                return;
            }
            let _ = tx.send(Msg::Try(self.i, rec.clone()));
        }
    }
}

/// The URL as shown: the user's credentials masked.
fn shown(plan: &Plan, t: &Target) -> String {
    plan.request.redactor.redact(t.url.as_str()).into_string()
}
