//! Rendering for `revalidate` and `purge`: dry-run requests (plain or curl), per-item result
//! tables, totals, and their JSON/NDJSON forms. Secrets only ever appear as `***` or `$VAR`.

use super::Output;
use super::table::{align_right, new_table};
use crate::cli::Format;
use crate::probe::verify::VerifyResult;
use crate::providers::ItemResult;
use crate::providers::request::{Piece, Planned, Text};
use serde::Serialize;
use std::io::{BufRead, Write};

#[derive(Serialize)]
struct RequestView<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    batch: usize,
    method: &'a str,
    url: String,
    headers: Vec<(String, String)>,
    body: Option<String>,
    items: &'a [String],
    curl: String,
}

fn view(r: &Planned) -> RequestView<'_> {
    RequestView {
        kind: "request",
        batch: r.batch,
        method: &r.method,
        url: r.url.shown(),
        headers: r
            .headers
            .iter()
            .map(|(n, v)| (n.clone(), v.shown()))
            .collect(),
        body: r.body.as_ref().map(Text::shown),
        items: &r.items,
        curl: curl(r),
    }
}

/// The request as a curl command line; secrets as `"$VAR"` (or `"$(cat FILE)"`).
pub fn curl(r: &Planned) -> String {
    let first = match r.method.as_str() {
        "GET" => format!("curl {}", r.url.curl()),
        "HEAD" => format!("curl --head {}", r.url.curl()),
        m => format!("curl -X {m} {}", r.url.curl()),
    };
    let mut parts = vec![first];
    for (n, v) in &r.headers {
        let mut line = Text::lit(format!("{n}: "));
        line.0.extend(v.0.iter().cloned());
        parts.push(format!("-H {}", line.curl()));
    }
    if let Some(b) = &r.body {
        parts.push(format!("--data-raw {}", b.curl()));
    }
    parts.join(" \\\n  ")
}

/// Print planned requests without sending them.
pub fn requests(out: &Output, reqs: &[Planned], as_curl: bool) -> std::io::Result<()> {
    match out.format {
        Format::Json => {
            let v: Vec<_> = reqs.iter().map(view).collect();
            out.json_pretty(&serde_json::json!({"type": "dry_run", "requests": v}))
        }
        Format::Ndjson => {
            for r in reqs {
                out.json_line(&view(r))?;
            }
            Ok(())
        }
        Format::Table => {
            let n = reqs.len();
            for r in reqs {
                let items = if r.items.len() == 1 {
                    r.items[0].clone()
                } else {
                    format!("{} items", r.items.len())
                };
                out.line(&format!("# request {} of {n}: {items}", r.batch))?;
                if as_curl {
                    out.line(&curl(r))?;
                } else {
                    out.line(&format!("{} {}", r.method, r.url.shown()))?;
                    for (h, v) in &r.headers {
                        out.line(&format!("{h}: {}", v.shown()))?;
                    }
                    if let Some(b) = &r.body {
                        out.line("")?;
                        out.line(&b.shown())?;
                    }
                }
                out.line("")?;
            }
            let secrets = reqs
                .iter()
                .flat_map(|r| {
                    r.headers
                        .iter()
                        .map(|h| &h.1)
                        .chain(r.body.iter())
                        .chain([&r.url])
                })
                .any(|t| t.0.iter().any(|p| matches!(p, Piece::Secret(..))));
            out.note(&format!(
                "dry run: {n} request{} not sent{}",
                if n == 1 { "" } else { "s" },
                if secrets {
                    "; secrets shown as *** / $VAR"
                } else {
                    ""
                }
            ));
            Ok(())
        }
    }
}

#[derive(Serialize)]
struct Totals<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    provider: &'a str,
    requests: usize,
    items: usize,
    ok: usize,
    failed: usize,
    retried_requests: usize,
    failed_items: Vec<&'a str>,
    /// `--verify` outcome, when verification ran.
    #[serde(skip_serializing_if = "Option::is_none")]
    verify: Option<VerifyTotals>,
}

#[derive(Serialize)]
struct VerifyTotals {
    urls: usize,
    changed: usize,
    timed_out: usize,
}

fn totals<'a>(
    provider: &'a str,
    nreq: usize,
    results: &'a [ItemResult],
    verify: Option<&[VerifyResult]>,
) -> Totals<'a> {
    let mut retried: Vec<usize> = results
        .iter()
        .filter(|r| r.attempts > 1)
        .map(|r| r.batch)
        .collect();
    retried.dedup();
    Totals {
        kind: "totals",
        provider,
        requests: nreq,
        items: results.len(),
        ok: results.iter().filter(|r| r.ok).count(),
        failed: results.iter().filter(|r| !r.ok).count(),
        retried_requests: retried.len(),
        failed_items: results
            .iter()
            .filter(|r| !r.ok)
            .map(|r| r.item.as_str())
            .collect(),
        verify: verify.map(|v| {
            let changed = v.iter().filter(|r| r.changed).count();
            VerifyTotals {
                urls: v.len(),
                changed,
                timed_out: v.len() - changed,
            }
        }),
    }
}

#[derive(Serialize)]
struct ItemLine<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    #[serde(flatten)]
    r: &'a ItemResult,
}

#[derive(Serialize)]
struct VerifyLine<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    #[serde(flatten)]
    r: &'a VerifyResult,
}

/// The outcome of one `purge` or `revalidate` run, rendered in two steps so that people see the
/// per-item table before `--verify` starts waiting, while machine output stays whole:
/// `--format json` is ONE document (`items`, `totals`, and `verify` when it ran), and
/// `--format ndjson` is `item` lines, then `verify` lines, then one final `totals` line.
pub struct Report<'a> {
    /// `purge` or `revalidate`: the JSON document's `type`.
    pub command: &'static str,
    /// The provider name (`revalidate` for the revalidate command).
    pub provider: &'a str,
    pub requests: usize,
    pub results: &'a [ItemResult],
}

impl Report<'_> {
    /// Step 1, right after the calls: the per-item table and totals line (table), the `item`
    /// lines (ndjson); nothing yet for json.
    pub fn items(&self, out: &Output) -> std::io::Result<()> {
        match out.format {
            Format::Json => Ok(()),
            Format::Ndjson => {
                for r in self.results {
                    out.json_line(&ItemLine { kind: "item", r })?;
                }
                Ok(())
            }
            Format::Table if self.command == "revalidate" => revalidate_table(
                out,
                self.results,
                &totals(self.provider, self.requests, self.results, None),
            ),
            Format::Table => purge_table(
                out,
                self.results,
                &totals(self.provider, self.requests, self.results, None),
            ),
        }
    }

    /// Step 2, at the end: the verify table (table); `verify` lines and the final `totals`
    /// (ndjson); the whole document (json). `verify` is `None` when verification did not run.
    pub fn finish(&self, out: &Output, verify: Option<&[VerifyResult]>) -> std::io::Result<()> {
        let t = totals(self.provider, self.requests, self.results, verify);
        match out.format {
            Format::Json => {
                let mut doc = serde_json::json!({"type": self.command});
                if self.command != "revalidate" {
                    doc["provider"] = self.provider.into();
                }
                doc["items"] = serde_json::to_value(self.results)?;
                doc["totals"] = serde_json::to_value(&t)?;
                if let Some(v) = verify {
                    doc["verify"] = serde_json::to_value(v)?;
                }
                out.json_pretty(&doc)
            }
            Format::Ndjson => {
                for r in verify.unwrap_or_default() {
                    out.json_line(&VerifyLine { kind: "verify", r })?;
                }
                out.json_line(&t)
            }
            Format::Table => match verify {
                Some(v) => verify_table(out, v),
                None => Ok(()),
            },
        }
    }
}

fn purge_table(out: &Output, results: &[ItemResult], t: &Totals<'_>) -> std::io::Result<()> {
    let notes = results.iter().any(|r| r.note.is_some());
    let mut head = vec!["ITEM", "BATCH", "STATUS", "PURGE ID", "ERROR"];
    if notes {
        head.push("NOTE");
    }
    let mut table = new_table(head);
    for r in results {
        let mut row = vec![
            r.item.clone(),
            r.batch.to_string(),
            status_cell(r),
            r.purge_id.clone().unwrap_or_else(|| "-".into()),
            r.error.clone().unwrap_or_else(|| "-".into()),
        ];
        if notes {
            row.push(r.note.clone().unwrap_or_default());
        }
        table.add_row(row);
    }
    align_right(&mut table, &[1, 2]);
    out.line(&table.to_string())?;
    let mut line = format!(
        "{}: {} of {} item{} purged in {} request{}",
        t.provider,
        t.ok,
        t.items,
        if t.items == 1 { "" } else { "s" },
        t.requests,
        if t.requests == 1 { "" } else { "s" }
    );
    if t.retried_requests > 0 {
        line.push_str(&format!(" ({} retried)", t.retried_requests));
    }
    if t.failed > 0 {
        line.push_str(&format!(
            "; {} failed: {}",
            t.failed,
            t.failed_items.join(", ")
        ));
    }
    out.line(&line)
}

fn status_cell(r: &ItemResult) -> String {
    let s = r.status.map_or_else(|| "-".into(), |s| s.to_string());
    if r.attempts > 1 {
        format!("{s} (try {})", r.attempts)
    } else {
        s
    }
}

/// Revalidation results: the app's answer per path/tag, or the cache header for --bypass.
fn revalidate_table(out: &Output, results: &[ItemResult], t: &Totals<'_>) -> std::io::Result<()> {
    let mut table = new_table(["ITEM", "STATUS", "RESPONSE"]);
    for r in results {
        let resp = match (&r.error, &r.note) {
            (Some(e), _) => e.clone(),
            (None, Some(n)) => n.clone(),
            (None, None) => String::new(),
        };
        table.add_row(vec![r.item.clone(), status_cell(r), resp]);
    }
    out.line(&table.to_string())?;
    let mut line = format!("revalidated {} of {}", t.ok, t.items);
    if t.failed > 0 {
        line.push_str(&format!(
            "; {} failed: {}",
            t.failed,
            t.failed_items.join(", ")
        ));
    }
    out.line(&line)
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

/// `--verify` outcomes for people: whether each URL's content changed and how long it took.
fn verify_table(out: &Output, results: &[VerifyResult]) -> std::io::Result<()> {
    let mut table = new_table(["VERIFY URL", "LIVE", "AFTER", "SAMPLES", "FROM → TO"]);
    for r in results {
        let after = format!("{:.1}s", r.elapsed.as_secs_f64());
        let live = if r.changed {
            "yes".to_string()
        } else {
            "NO (timed out)".to_string()
        };
        let change = format!(
            "{} → {}",
            r.from.as_deref().unwrap_or("(none)"),
            r.to.as_deref().unwrap_or("(none)")
        );
        table.add_row(vec![
            r.url.clone(),
            live,
            after,
            r.samples.to_string(),
            change,
        ]);
    }
    out.line(&table.to_string())?;
    let ok = results.iter().filter(|r| r.changed).count();
    out.line(&format!(
        "verify: {ok} of {} URLs show new content",
        results.len()
    ))
}
