//! `--verify URL` for `revalidate` and `purge`: take each URL's content version before the call,
//! then probe until it changes (the prober's `probe::verify`), giving publish-to-live times.

use super::send::Log;
use crate::exit::Exit;
use crate::http::client::{ClientError, ClientOptions, build, runtime};
use crate::probe::verify::{self, VerifyResult, VerifyTarget};
use crate::providers::{PlanError, check_url};
use std::time::Duration;

/// How to verify: per-request timeout, how often to look, when to give up.
#[derive(Debug, Clone, Copy)]
pub struct VerifyOptions {
    pub timeout: Duration,
    pub interval: Duration,
    pub give_up: Duration,
}

/// Content versions of the --verify URLs before the call.
pub struct Baselines(Vec<(VerifyTarget, Option<String>)>);

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
}

/// Check the URLs and take their content versions (logged at level 1).
pub fn baselines(
    urls: &[String],
    opts: VerifyOptions,
    log: Log<'_>,
) -> Result<Baselines, VerifyError> {
    if urls.is_empty() {
        return Ok(Baselines(Vec::new()));
    }
    for u in urls {
        check_url(u)?;
    }
    let client = client(opts)?;
    let targets: Vec<VerifyTarget> = urls.iter().map(VerifyTarget::new).collect();
    let rt = runtime()?;
    let versions = rt.block_on(futures_util::future::join_all(
        targets.iter().map(|t| verify::baseline(&client, t)),
    ));
    for (t, v) in targets.iter().zip(&versions) {
        match v {
            Some(v) => log(1, &format!("verify {}: baseline {v}", t.url)),
            None => log(
                1,
                &format!(
                    "verify {}: no baseline; waiting for a MISS/REVALIDATED response",
                    t.url
                ),
            ),
        }
    }
    Ok(Baselines(targets.into_iter().zip(versions).collect()))
}

/// Wait for every URL to change (or `give_up`); `None` when there is nothing to verify.
pub fn wait(b: Baselines, opts: VerifyOptions) -> Result<Option<Vec<VerifyResult>>, ClientError> {
    if b.0.is_empty() {
        return Ok(None);
    }
    let client = client(opts)?;
    let rt = runtime()?;
    let results = rt.block_on(futures_util::future::join_all(b.0.iter().map(
        |(t, base)| {
            verify::wait_for_change(&client, t, base.as_deref(), opts.interval, opts.give_up)
        },
    )));
    Ok(Some(results))
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
