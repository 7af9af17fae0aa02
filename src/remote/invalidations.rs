//! `purge cloudfront --wait`: poll `GetInvalidation` for every invalidation a run created
//! until each is `Completed`, an answer refuses it, the time runs out, or Ctrl-C. Each poll is
//! sent (and signed, and retried) like any other request; log lines go to the callback.

use super::send::{self, Log, SendOptions};
use crate::http::client::ClientError;
use crate::http::request::Redactor;
use crate::providers::{cloudfront, signing::Signer};
use crate::verbosity::Verbosity;
use std::time::{Duration, Instant};

/// Where one invalidation ended up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Waited {
    pub id: String,
    /// The last status seen (`InProgress`, `Completed`), or why it could not be read.
    pub status: String,
    pub completed: bool,
    /// An answer refused the poll (`NoSuchInvalidation`, `AccessDenied`): not polled again.
    pub failed: bool,
    pub after: Duration,
}

/// What to poll and how.
pub struct Poll<'a> {
    pub base: &'a str,
    pub distribution: &'a str,
    pub signer: &'a Signer,
    pub send: SendOptions,
    pub interval: Duration,
    pub give_up: Duration,
}

/// Poll until every id is `Completed` (or failed), or `give_up` has passed; `None` on Ctrl-C.
/// `progress` gets the number completed after each round.
pub fn wait(
    ids: &[String],
    p: &Poll<'_>,
    redactor: &Redactor,
    log: Log<'_>,
    progress: &dyn Fn(usize),
) -> Result<Option<Vec<Waited>>, ClientError> {
    let start = Instant::now();
    let mut all: Vec<Waited> = ids
        .iter()
        .map(|id| Waited {
            id: id.clone(),
            status: "InProgress".into(),
            completed: false,
            failed: false,
            after: Duration::ZERO,
        })
        .collect();
    loop {
        for w in all.iter_mut().filter(|w| !w.completed && !w.failed) {
            let req = cloudfront::get_invalidation(p.base, p.distribution, &w.id, p.signer);
            let Some(ans) = send::fetch(&req, p.send, redactor, log)? else {
                return Ok(None);
            };
            w.after = start.elapsed();
            match ans.status {
                Some(200) => {
                    let status = cloudfront::read_invalidation(ans.body.as_str())
                        .map(|(_, s)| s)
                        .unwrap_or_default();
                    w.completed = status == "Completed";
                    w.status = if status.is_empty() {
                        "(no Status in the answer)".into()
                    } else {
                        status
                    };
                }
                Some(code) => {
                    let why = cloudfront::error_message(ans.body.as_str())
                        .unwrap_or_else(|| "no error document".into());
                    w.status = redactor.redact(&format!("HTTP {code}: {why}")).to_string();
                    w.failed = true;
                }
                None => {
                    w.status = ans
                        .error
                        .map_or_else(|| "no answer".into(), |e| e.to_string());
                    w.failed = true;
                }
            }
            log(
                Verbosity::Detail,
                &format!("invalidation {}: {}", w.id, w.status),
            );
        }
        progress(all.iter().filter(|w| w.completed).count());
        let pending = all.iter().filter(|w| !w.completed && !w.failed).count();
        if pending == 0 || start.elapsed() + p.interval > p.give_up {
            return Ok(Some(all));
        }
        let until = Instant::now() + p.interval;
        while Instant::now() < until {
            if crate::interrupt::requested() {
                return Ok(None);
            }
            std::thread::sleep((until - Instant::now()).min(Duration::from_millis(50)));
        }
    }
}
