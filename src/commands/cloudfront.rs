//! `isrctl purge cloudfront`: check the paths, find the AWS credentials (a dry run does without
//! them), plan the `CreateInvalidation` requests (signed as they are sent), report the paths held
//! back past CloudFront's in-progress maxima as failed, then `--wait` for `Completed` and
//! `--verify`.

use super::verify::{Sending, dry_run, send_options, send_then_verify, verify_urls};
use crate::cli::PurgeArgs;
use crate::config::Target;
use crate::error::{Error, Exit, Result};
use crate::http::request::Redactor;
use crate::human;
use crate::output::Output;
use crate::providers::cloudfront::{self, MAX_PATHS};
use crate::providers::signing::Signer;
use crate::providers::{ItemResult, Outcome};
use crate::remote::aws;
use crate::remote::invalidations::{self, Poll, Waited};
use crate::verbosity::Verbosity;
use std::time::{Duration, SystemTime};

/// The AWS CLI waiter's pace: every 20 s, 30 times.
const WAIT_INTERVAL: Duration = Duration::from_secs(20);
const WAIT_TIMEOUT: Duration = Duration::from_secs(600);

pub fn run(
    args: &PurgeArgs,
    target: &Target,
    distribution: String,
    base: String,
    paths: Vec<String>,
    out: &Output,
) -> Result<Exit> {
    if args.all || args.everything {
        return Err(Error::usage("CloudFront has no purge-all")
            .with_hint("invalidate every path with the wildcard path: --path '/*'"));
    }
    for p in &paths {
        cloudfront::check_path(p)?;
    }
    let dry = args.send.dry_run || args.send.curl;
    let profile = args.profile.as_deref().or(target.profile.as_deref());
    let sigv4 = match aws::signer(profile) {
        Ok(s) => s,
        Err(_) if dry => aws::placeholder(profile),
        Err(e) => return Err(e.into()),
    };
    let plan = cloudfront::Plan {
        base,
        distribution,
        paths,
        batch_size: args.batch_size.or(target.batch_size).unwrap_or(MAX_PATHS),
        caller_reference: cloudfront::caller_reference(SystemTime::now()),
        signer: Signer::SigV4(sigv4),
    };
    let reqs = cloudfront::plan(&plan)?;
    let (_, held) = cloudfront::split_at_limits(&plan.paths);
    if dry {
        let exit = dry_run(&reqs, &args.send, out)?;
        if !held.is_empty() {
            out.note(&format!(
                "{} past CloudFront's in-progress maxima would not be sent: {}",
                human::count(held.len() as u64, "path"),
                first_few(held.iter().map(|h| h.0.as_str()))
            ));
        }
        return Ok(exit);
    }
    let mut redactor = Redactor::default();
    for s in plan.signer.secrets() {
        redactor.add(&s);
    }
    let held = held
        .into_iter()
        .map(|(item, why)| ItemResult {
            item,
            batch: 0,
            ok: false,
            status: None,
            purge_id: None,
            error: Some(redactor.redact(&why)),
            note: None,
            attempts: 0,
            sent: false,
            outcome: Outcome::Rejected,
        })
        .collect();
    let how = Sending {
        command: "purge",
        provider: "cloudfront",
        verify: verify_urls(&args.send, target),
        held,
    };
    send_then_verify(&reqs, &args.send, &redactor, how, out, |results| {
        if !args.wait {
            return Exit::Success;
        }
        let poll = Poll {
            base: &plan.base,
            distribution: &plan.distribution,
            signer: &plan.signer,
            send: send_options(&args.send),
            interval: args.wait_interval.unwrap_or(WAIT_INTERVAL),
            give_up: args.wait_timeout.unwrap_or(WAIT_TIMEOUT),
        };
        wait(results, &poll, &redactor, out)
    })
}

/// `--wait`: poll each invalidation created; one line per invalidation, and the exit code
/// (6 when one is still in progress at the end, 4 when a poll was refused, 130 on Ctrl-C).
fn wait(results: &[ItemResult], poll: &Poll<'_>, redactor: &Redactor, out: &Output) -> Exit {
    let mut ids: Vec<String> = Vec::new();
    for id in results
        .iter()
        .filter(|r| r.ok)
        .filter_map(|r| r.purge_id.as_ref())
    {
        if !ids.iter().any(|i| i == id.as_str()) {
            ids.push(id.as_str().to_string());
        }
    }
    if ids.is_empty() {
        return Exit::Success;
    }
    out.note(&format!(
        "waiting for {} to complete (up to {}, asking every {})…",
        human::count(ids.len() as u64, "invalidation"),
        humantime::format_duration(poll.give_up),
        humantime::format_duration(poll.interval)
    ));
    let bar = crate::output::progress::waiting(out, ids.len() as u64);
    let log = |level: Verbosity, line: &str| bar.suspend(|| out.log(level, line));
    let progress = |done: usize| bar.set_position(done as u64);
    let waited = invalidations::wait(&ids, poll, redactor, &log, &progress);
    bar.finish_and_clear();
    let waited = match waited {
        Ok(Some(w)) => w,
        Ok(None) => {
            out.note("--wait interrupted");
            return Exit::Interrupted;
        }
        Err(e) => {
            out.note(&format!("--wait: {e}"));
            return Exit::Internal;
        }
    };
    let mut exit = Exit::Success;
    for w in &waited {
        out.note(&line(w, poll.give_up));
        exit = exit.worst(if w.completed {
            Exit::Success
        } else if w.failed {
            Exit::Rejected
        } else {
            Exit::Unmet
        });
    }
    exit
}

fn line(w: &Waited, give_up: Duration) -> String {
    let after = human::seconds(w.after.as_secs_f64());
    if w.completed {
        format!("invalidation {}: Completed after {after}", w.id)
    } else if w.failed {
        format!("invalidation {}: {}", w.id, w.status)
    } else {
        format!(
            "invalidation {}: still {} after {after} (gave up at --wait-timeout {})",
            w.id,
            w.status,
            humantime::format_duration(give_up)
        )
    }
}

fn first_few<'a>(items: impl Iterator<Item = &'a str>) -> String {
    let v: Vec<&str> = items.collect();
    let shown = v.iter().take(3).copied().collect::<Vec<_>>().join(", ");
    if v.len() > 3 {
        format!("{shown}, …")
    } else {
        shown
    }
}
