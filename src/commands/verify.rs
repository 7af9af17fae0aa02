//! The common end of `revalidate` and `purge`: print the requests (`--dry-run`/`--curl`), or take
//! `--verify` baselines, send, report each item, then wait for the new content.

use crate::cli::purge::SendArgs;
use crate::error::{Exit, Result};
use crate::http::request::Redactor;
use crate::human;
use crate::output::purge as render;
use crate::output::{Output, Verbosity};
use crate::providers::{ItemResult, Planned};
use crate::remote::ledger::Stop;
use crate::remote::send::{self, SendOptions};
use crate::remote::verify::{self, VerifyError, VerifyOptions};

/// Print the requests instead of sending them (`--dry-run`, `--curl`).
pub fn dry_run(reqs: &[Planned], args: &SendArgs, out: &Output) -> Result<Exit> {
    render::requests(out, reqs, args.curl)?;
    Ok(Exit::Success)
}

/// What `send_then_verify` reports as: the command and the provider column.
pub struct Sending<'a> {
    pub command: &'static str,
    pub provider: &'static str,
    /// --verify URLs: the flags', else the config target's.
    pub verify: &'a [String],
    /// Items not sent because the provider's limits held them back (CloudFront's in-progress
    /// maxima), reported with the others as failed.
    pub held: Vec<ItemResult>,
}

/// The --verify URLs: the flags', else the config target's.
pub fn verify_urls<'a>(args: &'a SendArgs, target: &'a crate::config::Target) -> &'a [String] {
    if args.verify.is_empty() {
        &target.verify
    } else {
        &args.verify
    }
}

/// How to send, from the shared request flags.
pub fn send_options(args: &SendArgs) -> SendOptions {
    SendOptions {
        timeout: args.timeout,
        retries: args.retries,
        concurrency: args.concurrency as usize,
        base_delay: args.retry_base_delay,
    }
}

/// Baselines for --verify, send every request, report each item, then (when everything
/// succeeded) wait for the new content; `after_items` runs between the report and the wait
/// (hints about what was sent, `--wait`), and its exit code counts too. The exit code covers
/// all of them.
///
/// The report is always rendered, however the run ends: every item (answered, interrupted or
/// not sent) and why it stopped early; NDJSON item lines stream as the answers come in.
pub fn send_then_verify(
    reqs: &[Planned],
    args: &SendArgs,
    redactor: &Redactor,
    how: Sending<'_>,
    out: &Output,
    after_items: impl FnOnce(&[ItemResult]) -> Exit,
) -> Result<Exit> {
    crate::interrupt::install();
    let log = |level: Verbosity, line: &str| out.log(level, line);
    let vopts = VerifyOptions {
        timeout: args.timeout,
        interval: args.verify_interval,
        give_up: args.verify_timeout,
    };
    let baselines = verify::baselines(how.verify, vopts, &log)?;
    let sopts = send_options(args);
    let mut streamed = Ok(());
    let sent = send::execute(reqs, sopts, redactor, &log, &mut |done| {
        if streamed.is_ok() {
            streamed = render::stream_items(out, done);
        }
    })?;
    if !how.held.is_empty() {
        render::stream_items(out, &how.held)?;
    }
    streamed?;
    let mut results = sent.results;
    results.extend(how.held);
    let exit = crate::remote::exit_of(&results);
    let exit = match &sent.stopped {
        Some(s) => exit.worst(Exit::from(s)),
        None => exit,
    };
    let mut report = render::Report {
        command: how.command,
        provider: how.provider,
        requests: reqs.len(),
        results: &results,
        stopped: sent.stopped.as_ref().map(ToString::to_string),
    };
    report.items(out)?;
    let exit = exit.worst(after_items(&results));
    let mut verified = None;
    let mut interrupted = false;
    if exit == Exit::Success && !baselines.is_empty() {
        out.note(&format!(
            "verifying {} (up to {})…",
            human::count(baselines.len() as u64, "URL"),
            humantime::format_duration(args.verify_timeout)
        ));
        match verify::wait(baselines, vopts, &log) {
            Ok(v) => verified = v,
            Err(VerifyError::Interrupted) => {
                interrupted = true;
                report.stopped = Some(Stop::Interrupted.to_string());
            }
            Err(e) => return Err(e.into()),
        }
    }
    report.finish(out, verified.as_deref())?;
    let exit = exit.worst(verify::exit_of(verified.as_deref()));
    Ok(if interrupted { Exit::Interrupted } else { exit })
}
