//! `--verify URL` for `revalidate` and `purge`: take each URL's content version before the call,
//! then probe until it changes (the prober's `probe::verify`), giving publish-to-live times.

use super::send::Log;
use crate::exit::Exit;
use crate::http::client::{ClientError, ClientOptions, build, runtime};
use crate::probe::Sample;
use crate::probe::verify::{self, VerifyResult, VerifyTarget};
use crate::providers::{PlanError, check_url};
use crate::verbosity::Verbosity;
use std::time::Duration;

/// How to verify: per-request timeout, how often to look, when to give up.
#[derive(Debug, Clone, Copy)]
pub struct VerifyOptions {
    pub timeout: Duration,
    pub interval: Duration,
    pub give_up: Duration,
}

/// Content versions of the --verify URLs before the call, and the time taking them used up of
/// `--verify-timeout` (the budget covers the whole verification).
pub struct Baselines(Vec<(VerifyTarget, Option<String>)>, Duration);

impl Baselines {
    pub fn len(&self) -> usize {
        self.0.len()
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// Why verification could not start.
#[derive(Debug, thiserror::Error)]
pub enum VerifyError {
    #[error(transparent)]
    Url(#[from] PlanError),
    #[error(transparent)]
    Client(#[from] ClientError),
    /// Ctrl-C while taking baselines or waiting for the change.
    #[error("interrupted")]
    Interrupted,
}

/// Check the URLs and take their content versions (logged with -v).
pub fn baselines(
    urls: &[String],
    opts: VerifyOptions,
    log: Log<'_>,
) -> Result<Baselines, VerifyError> {
    if urls.is_empty() {
        return Ok(Baselines(Vec::new(), Duration::ZERO));
    }
    for u in urls {
        check_url(u)?;
    }
    let start = std::time::Instant::now();
    let client = client(opts)?;
    let targets: Vec<VerifyTarget> = urls
        .iter()
        .map(|u| {
            let mut t = VerifyTarget::new(u);
            t.request.timeout = t.request.timeout.min(opts.timeout).min(opts.give_up);
            t
        })
        .collect();
    let rt = runtime()?;
    let versions = rt
        .block_on(interruptible(futures_util::future::join_all(
            targets.iter().map(|t| verify::baseline(&client, t)),
        )))
        .ok_or(VerifyError::Interrupted)?;
    for (t, v) in targets.iter().zip(&versions) {
        match v {
            Some(v) => log(
                Verbosity::Detail,
                &format!("verify {}: baseline {v}", t.url),
            ),
            None => log(
                Verbosity::Detail,
                &format!(
                    "verify {}: no baseline; waiting for a MISS/REVALIDATED response",
                    t.url
                ),
            ),
        }
    }
    Ok(Baselines(
        targets.into_iter().zip(versions).collect(),
        start.elapsed(),
    ))
}

/// Wait for every URL to change, within what the baselines left of `give_up`; `None` when there
/// is nothing to verify. Each sample is logged with -v.
pub fn wait(
    b: Baselines,
    opts: VerifyOptions,
    log: Log<'_>,
) -> Result<Option<Vec<VerifyResult>>, VerifyError> {
    if b.0.is_empty() {
        return Ok(None);
    }
    let left = opts.give_up.saturating_sub(b.1);
    let client = client(opts)?;
    let rt = runtime()?;
    let seen = |s: &Sample| {
        let what = match (&s.error, &s.content_id) {
            (Some(e), _) => e.clone(),
            (None, Some(c)) => c.clone(),
            (None, None) => "no content identity".into(),
        };
        log(
            Verbosity::Detail,
            &format!(
                "verify {}: sample {}: {} {what}",
                s.url,
                s.seq,
                s.state.as_str()
            ),
        );
    };
    let results = rt
        .block_on(interruptible(futures_util::future::join_all(
            b.0.iter().map(|(t, base)| {
                verify::wait_for_change_seeing(
                    &client,
                    t,
                    base.as_deref(),
                    opts.interval,
                    left,
                    &seen,
                )
            }),
        )))
        .ok_or(VerifyError::Interrupted)?;
    Ok(Some(results))
}

/// `f`'s output, or `None` at Ctrl-C.
async fn interruptible<T>(f: impl std::future::Future<Output = T>) -> Option<T> {
    tokio::select! {
        biased;
        () = crate::interrupt::wait() => None,
        v = f => Some(v),
    }
}

/// Exit 6 when a URL did not show new content within `--verify-timeout`.
pub fn exit_of(results: Option<&[VerifyResult]>) -> Exit {
    if results.unwrap_or_default().iter().all(|r| r.changed) {
        Exit::Success
    } else {
        Exit::Unmet
    }
}

fn client(opts: VerifyOptions) -> Result<reqwest::Client, ClientError> {
    build(&ClientOptions {
        timeout: opts.timeout.min(Duration::from_secs(10)),
        ..Default::default()
    })
}
