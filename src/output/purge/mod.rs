//! Rendering for `revalidate` and `purge`: dry-run requests (plain or curl), per-item result
//! tables, totals, and their JSON/NDJSON documents. Secrets only ever appear as `***` or `$VAR`.

pub mod curl;
pub mod docs;
pub mod requests;
pub mod tables;

use super::{Format, Output};
use crate::probe::verify::VerifyResult;
use crate::providers::{ItemResult, Outcome};
use docs::{ItemLine, Totals, VerifyLine};
use std::io::{BufRead, Write};

pub use curl::curl;
pub use requests::requests;

/// The outcome of one `purge` or `revalidate` run, rendered in two steps so that people see the
/// per-item table before `--verify` starts waiting, while machine output stays whole:
/// `--format json` is ONE document (`items`, `totals`, and `verify` when it ran), and
/// `--format ndjson` is `item` lines (streamed as each request's answer comes in, by
/// `stream_items`), then `verify` lines, then one final `totals` line.
///
/// A run cut short (Ctrl-C, a refused token, a crash) is rendered the same way: every item is in
/// the report, those without an answer say why, and `stopped` says what cut the run short.
pub struct Report<'a> {
    /// `purge` or `revalidate`: the JSON document's `type`.
    pub command: &'static str,
    /// The provider name (`revalidate` for the revalidate command).
    pub provider: &'a str,
    pub requests: usize,
    pub results: &'a [ItemResult],
    /// Why the run stopped before it was done, if it did.
    pub stopped: Option<String>,
}

/// NDJSON: one `item` line per result, as each request's answer comes in; nothing for the other
/// formats (they print the whole report at the end).
pub fn stream_items(out: &Output, results: &[ItemResult]) -> std::io::Result<()> {
    if out.format == Format::Ndjson {
        for r in results {
            out.json_line(&ItemLine { kind: "item", r })?;
        }
    }
    Ok(())
}

impl Report<'_> {
    /// Step 1, right after the calls: the per-item table and totals line (table), the `item`
    /// lines (ndjson); nothing yet for json.
    pub fn items(&self, out: &Output) -> std::io::Result<()> {
        match out.format {
            Format::Json => Ok(()),
            Format::Ndjson => {
                // The answered items were streamed; the ones the run never finished follow.
                let unfinished = self
                    .results
                    .iter()
                    .filter(|r| r.outcome == Outcome::Unfinished);
                for r in unfinished {
                    out.json_line(&ItemLine { kind: "item", r })?;
                }
                Ok(())
            }
            Format::Table => {
                let totals = Totals::of(
                    self.provider,
                    self.requests,
                    self.results,
                    None,
                    self.stopped.as_deref(),
                );
                if self.command == "revalidate" {
                    tables::revalidate_table(out, self.results, &totals)
                } else {
                    tables::purge_table(out, self.results, &totals)
                }
            }
        }
    }

    /// Step 2, at the end: the verify table (table); `verify` lines and the final `totals`
    /// (ndjson); the whole document (json). `verify` is `None` when verification did not run.
    pub fn finish(&self, out: &Output, verify: Option<&[VerifyResult]>) -> std::io::Result<()> {
        let t = Totals::of(
            self.provider,
            self.requests,
            self.results,
            verify,
            self.stopped.as_deref(),
        );
        match out.format {
            Format::Json => {
                let doc = docs::Report {
                    kind: self.command,
                    provider: (self.command != "revalidate").then_some(self.provider),
                    items: self.results,
                    totals: t,
                    verify,
                };
                // Through a `Value` so the keys print in sorted order, as they always have.
                out.json_pretty(&serde_json::to_value(&doc)?)
            }
            Format::Ndjson => {
                for r in verify.unwrap_or_default() {
                    out.json_line(&VerifyLine { kind: "verify", r })?;
                }
                out.json_line(&t)
            }
            Format::Table => match verify {
                Some(v) if out.quiet() => out.line(&verify_line(v)),
                Some(v) => tables::verify_table(out, v),
                None => Ok(()),
            },
        }
    }
}

/// `-q`'s verify result: `verified: 2 of 3 URLs changed; not changed: URL`.
fn verify_line(results: &[VerifyResult]) -> String {
    let changed = results.iter().filter(|r| r.changed).count();
    let mut line = format!(
        "verified: {changed} of {} changed",
        crate::human::count(results.len() as u64, "URL")
    );
    let not: Vec<&str> = results
        .iter()
        .filter(|r| !r.changed)
        .map(|r| r.url.as_str())
        .collect();
    if !not.is_empty() {
        line.push_str(&format!("; not changed: {}", not.join(", ")));
    }
    line
}

/// Ask on stderr, read a line from stdin; true for "yes"/"y".
pub fn confirm(_out: &Output, prompt: &str) -> std::io::Result<bool> {
    let mut e = std::io::stderr().lock();
    e.write_all(prompt.as_bytes())?;
    e.flush()?;
    let mut answer = String::new();
    std::io::stdin().lock().read_line(&mut answer)?;
    Ok(matches!(
        answer.trim().to_ascii_lowercase().as_str(),
        "yes" | "y"
    ))
}
