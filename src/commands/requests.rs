//! Shared by `revalidate` and `purge`: read item lists, print dry runs, send planned requests
//! concurrently with retries, and combine per-item outcomes into an exit code.

use crate::cli::purge::SendArgs;
use crate::error::{Error, Exit, Result};
use crate::http::client::{ClientOptions, build};
use crate::http::retry::RetryPolicy;
use crate::http::send::send;
use crate::output::Output;
use crate::output::purge as render;
use crate::providers::request::{Planned, Redactor};
use crate::providers::{ItemResult, interpret};
use futures_util::StreamExt;
use std::io::Read;
use std::path::Path;

/// Items from a file (`-` = stdin): one per line, trimmed; blank lines and `#` comments skipped.
pub fn read_items(path: &Path) -> Result<Vec<String>> {
    let text = if path == Path::new("-") {
        let mut s = String::new();
        std::io::stdin()
            .read_to_string(&mut s)
            .map_err(|e| Error::usage(format!("cannot read items from stdin: {e}")))?;
        s
    } else {
        std::fs::read_to_string(path)
            .map_err(|e| Error::usage(format!("cannot read {}: {e}", path.display())))?
    };
    Ok(parse_items(&text))
}

pub fn parse_items(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(String::from)
        .collect()
}

/// Remove repeated items, keeping the first occurrence (a purge per duplicate is wasted quota).
pub fn dedup(items: &mut Vec<String>) {
    let mut seen = std::collections::HashSet::new();
    items.retain(|i| seen.insert(i.clone()));
}

/// A current-thread runtime for the network part of a command.
pub fn runtime() -> Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| Error::internal(format!("cannot start the async runtime: {e}")))
}

/// Print the requests instead of sending them (`--dry-run`, `--curl`).
pub fn dry_run(reqs: &[Planned], args: &SendArgs, out: &Output) -> Result<Exit> {
    render::requests(out, reqs, args.curl)?;
    Ok(Exit::Success)
}

/// Send every request (at most `--concurrency` at once) and return per-item results in request order.
pub fn execute(
    reqs: &[Planned],
    args: &SendArgs,
    redactor: &Redactor,
    out: &Output,
) -> Result<Vec<ItemResult>> {
    let client = build(&ClientOptions {
        timeout: args.timeout,
        ..Default::default()
    })?;
    let policy = RetryPolicy::from_env(args.retries);
    let rt = runtime()?;
    let mut results: Vec<(usize, Vec<ItemResult>)> = rt.block_on(async {
        futures_util::stream::iter(reqs.iter())
            .map(|r| {
                let client = &client;
                let policy = &policy;
                async move {
                    let ans = send(client, r, policy, redactor, out).await;
                    (r.batch, interpret(r, &ans))
                }
            })
            .buffer_unordered(args.concurrency as usize)
            .collect()
            .await
    });
    results.sort_by_key(|(b, _)| *b);
    Ok(results.into_iter().flat_map(|(_, v)| v).collect())
}

/// The combined exit code: 5 > 4 > 3 over failed items.
pub fn exit_of(results: &[ItemResult]) -> Exit {
    results
        .iter()
        .fold(Exit::Success, |acc, r| acc.worst(r.exit))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn items_skip_blanks_and_comments() {
        let text = "# tags to purge\n\nposts\n  post-42  \n#post-43\n\t\nposts\n";
        let mut v = parse_items(text);
        assert_eq!(v, vec!["posts", "post-42", "posts"]);
        dedup(&mut v);
        assert_eq!(v, vec!["posts", "post-42"]);
    }
}
