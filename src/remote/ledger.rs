//! The one record of a send run: each request's state (pending, trying, waiting to retry, done),
//! written as the request goes, so that the per-item report can be built from it whatever ends
//! the run — every answer in, Ctrl-C, a refused token, or a crashed task.

use crate::http::request::Redactor;
use crate::providers::{ItemResult, Outcome, Planned};
use std::cell::RefCell;

/// Why a run stopped before every request had its answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Stop {
    /// Ctrl-C.
    Interrupted,
    /// A request was refused with 401/403: the credentials will be refused for every other
    /// request too, so the rest are not sent.
    Refused { batch: usize, status: u16 },
    /// Sending or reading a request crashed (a bug); the rest are not sent.
    Crashed { batch: usize },
}

impl std::fmt::Display for Stop {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Stop::Interrupted => f.write_str("interrupted"),
            Stop::Refused { batch, status } => {
                write!(f, "request {batch} was refused (HTTP {status})")
            }
            Stop::Crashed { batch } => write!(f, "request {batch} crashed (internal error)"),
        }
    }
}

/// Where one request is.
#[derive(Debug, Clone)]
enum Slot {
    Pending,
    /// Attempt `attempts` is on the wire.
    Sending {
        attempts: u32,
    },
    /// Waiting to retry after attempt `attempts` got `why` (`HTTP 503`, a network error).
    Waiting {
        attempts: u32,
        why: String,
    },
    Done(Vec<ItemResult>),
}

/// Every request's state, shared by the requests of one run (single-threaded).
pub struct Ledger<'a> {
    reqs: &'a [Planned],
    /// Every message a result carries passes through it (a network error may echo a secret).
    redactor: &'a Redactor,
    slots: RefCell<Vec<Slot>>,
    stop: RefCell<Option<Stop>>,
}

/// The per-item results of a run in request order (every item of every request), and why the
/// run stopped early, if it did.
#[derive(Debug)]
pub struct Sent {
    pub results: Vec<ItemResult>,
    pub stopped: Option<Stop>,
}

impl<'a> Ledger<'a> {
    pub fn new(reqs: &'a [Planned], redactor: &'a Redactor) -> Self {
        Ledger {
            reqs,
            redactor,
            slots: RefCell::new(vec![Slot::Pending; reqs.len()]),
            stop: RefCell::new(None),
        }
    }

    pub fn sending(&self, i: usize, attempts: u32) {
        self.slots.borrow_mut()[i] = Slot::Sending { attempts };
    }

    pub fn waiting(&self, i: usize, attempts: u32, why: String) {
        self.slots.borrow_mut()[i] = Slot::Waiting { attempts, why };
    }

    pub fn done(&self, i: usize, results: Vec<ItemResult>) {
        self.slots.borrow_mut()[i] = Slot::Done(results);
    }

    /// Stop sending. The first reason is kept, except that Ctrl-C always wins (exit 130).
    pub fn stop(&self, why: Stop) {
        let mut s = self.stop.borrow_mut();
        if s.is_none() || why == Stop::Interrupted {
            *s = Some(why);
        }
    }

    /// The redactor every message goes through.
    pub fn redactor(&self) -> &'a Redactor {
        self.redactor
    }

    pub fn stopped(&self) -> bool {
        self.stop.borrow().is_some()
    }

    /// Every item's result: the answers in, and for the rest why they have none.
    /// A refusal that came when nothing was left to send cut nothing short: no `stopped`.
    pub fn finish(self) -> Sent {
        let slots = self.slots.into_inner();
        let stopped = self.stop.into_inner().filter(|s| {
            !matches!(s, Stop::Refused { .. }) || slots.iter().any(|x| matches!(x, Slot::Pending))
        });
        let why = stopped
            .as_ref()
            .map_or_else(|| "stopped".to_string(), Stop::to_string);
        let mut results = Vec::new();
        for (r, slot) in self.reqs.iter().zip(slots) {
            let (attempts, sent, error) = match slot {
                Slot::Done(v) => {
                    results.extend(v);
                    continue;
                }
                Slot::Pending => (0, false, format!("not sent: {why}")),
                Slot::Sending { attempts } => (
                    attempts,
                    true,
                    format!("{why} before an answer (it was sent and may have been applied)"),
                ),
                Slot::Waiting {
                    attempts,
                    why: last,
                } => (
                    attempts,
                    true,
                    format!("{why} while waiting to retry after {last}"),
                ),
            };
            results.extend(r.items.iter().map(|item| ItemResult {
                item: item.clone(),
                batch: r.batch,
                ok: false,
                status: None,
                purge_id: None,
                error: Some(self.redactor.redact(&error)),
                note: None,
                attempts,
                sent,
                outcome: Outcome::Unfinished,
            }));
        }
        Sent { results, stopped }
    }
}

/// The results of a request whose task crashed: every item failed, with the panic's message.
pub fn crashed(r: &Planned, message: &str, redactor: &Redactor) -> Vec<ItemResult> {
    r.items
        .iter()
        .map(|item| ItemResult {
            item: item.clone(),
            batch: r.batch,
            ok: false,
            status: None,
            purge_id: None,
            error: Some(redactor.redact(&format!("internal error: {message}"))),
            note: None,
            attempts: 0,
            sent: true,
            outcome: Outcome::Failed,
        })
        .collect()
}
