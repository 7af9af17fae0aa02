//! `--verify URL` for `revalidate` and `purge`: take each URL's content version before the call,
//! then probe until it changes (the prober's `probe::verify`), and report publish-to-live times.

use super::requests::{self, runtime};
use crate::cli::purge::SendArgs;
use crate::error::{Exit, Result};
use crate::http::client::{ClientOptions, build};
use crate::output::Output;
use crate::output::purge as render;
use crate::probe::verify::{self, VerifyResult, VerifyTarget};
use crate::providers::ItemResult;
use crate::providers::check_url;
use crate::providers::request::{Planned, Redactor};

/// Content versions of the --verify URLs before the call.
pub struct Baselines(Vec<(VerifyTarget, Option<String>)>);

pub fn baselines(urls: &[String], args: &SendArgs, out: &Output) -> Result<Baselines> {
    if urls.is_empty() {
        return Ok(Baselines(Vec::new()));
    }
    for u in urls {
        check_url(u)?;
    }
    let client = client(args)?;
    let targets: Vec<VerifyTarget> = urls.iter().map(VerifyTarget::new).collect();
    let rt = runtime()?;
    let versions = rt.block_on(futures_util::future::join_all(
        targets.iter().map(|t| verify::baseline(&client, t)),
    ));
    for (t, v) in targets.iter().zip(&versions) {
        match v {
            Some(v) => out.log(1, &format!("verify {}: baseline {v}", t.url)),
            None => out.log(
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

/// Wait for every URL to change (or `--verify-timeout`); `None` when there is nothing to verify.
/// The caller renders the results (inside its own report) and gets the exit code from `exit_of`.
pub fn wait(b: Baselines, args: &SendArgs, out: &Output) -> Result<Option<Vec<VerifyResult>>> {
    if b.0.is_empty() {
        return Ok(None);
    }
    let client = client(args)?;
    let rt = runtime()?;
    out.note(&format!(
        "verifying {} URL{} (up to {})…",
        b.0.len(),
        if b.0.len() == 1 { "" } else { "s" },
        humantime::format_duration(args.verify_timeout)
    ));
    let results = rt.block_on(futures_util::future::join_all(b.0.iter().map(
        |(t, base)| {
            verify::wait_for_change(
                &client,
                t,
                base.as_deref(),
                args.verify_interval,
                args.verify_timeout,
            )
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

fn client(args: &SendArgs) -> Result<reqwest::Client> {
    build(&ClientOptions {
        timeout: args.timeout.min(std::time::Duration::from_secs(10)),
        ..Default::default()
    })
}

/// What `send_then_verify` reports as: the command and the provider column.
pub struct Sending<'a> {
    pub command: &'static str,
    pub provider: &'static str,
    /// --verify URLs: the flags', else the config target's.
    pub verify: &'a [String],
}

/// The common end of `revalidate` and `purge`: baselines for --verify, send every request, report
/// each item, then (when everything succeeded) wait for the new content; `after_items` runs
/// between the report and the wait (hints about what was sent). The exit code covers both.
pub fn send_then_verify(
    reqs: &[Planned],
    send: &SendArgs,
    redactor: &Redactor,
    how: Sending<'_>,
    out: &Output,
    after_items: impl FnOnce(&[ItemResult]),
) -> Result<Exit> {
    let baselines = baselines(how.verify, send, out)?;
    let results = requests::execute(reqs, send, redactor, out)?;
    let exit = requests::exit_of(&results);
    let report = render::Report {
        command: how.command,
        provider: how.provider,
        requests: reqs.len(),
        results: &results,
    };
    report.items(out)?;
    after_items(&results);
    let verified = if exit == Exit::Success {
        wait(baselines, send, out)?
    } else {
        None
    };
    report.finish(out, verified.as_deref())?;
    Ok(exit.worst(exit_of(verified.as_deref())))
}
