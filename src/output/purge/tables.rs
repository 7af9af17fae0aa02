//! The human tables of `revalidate` and `purge`: per-item results with a totals line, and the
//! `--verify` table.

use super::docs::Totals;
use crate::human;
use crate::output::Output;
use crate::output::table::{align_right, new_table};
use crate::probe::verify::VerifyResult;
use crate::providers::ItemResult;

pub fn purge_table(out: &Output, results: &[ItemResult], t: &Totals<'_>) -> std::io::Result<()> {
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
            r.purge_id.as_ref().map_or("-".into(), |v| v.to_string()),
            r.error.as_ref().map_or("-".into(), |v| v.to_string()),
        ];
        if notes {
            row.push(r.note.as_ref().map(|v| v.to_string()).unwrap_or_default());
        }
        table.add_row(row);
    }
    align_right(&mut table, &[1, 2]);
    // -q: the totals line only (it names the failed items).
    if !out.quiet() {
        out.line(&table.to_string())?;
    }
    let mut line = format!(
        "{}: {} of {} purged in {}",
        t.provider,
        t.ok,
        human::count(t.items as u64, "item"),
        human::count(t.requests as u64, "request")
    );
    if t.retried_requests > 0 {
        line.push_str(&format!(" ({} retried)", t.retried_requests));
    }
    failed_then_stopped(out, line, t)
}

/// The totals line's end: the failed items, when there are some; then the stopped line.
fn failed_then_stopped(out: &Output, mut line: String, t: &Totals<'_>) -> std::io::Result<()> {
    if t.failed > 0 {
        line.push_str(&format!(
            "; {} failed: {}",
            t.failed,
            t.failed_items.join(", ")
        ));
    }
    out.line(&line)?;
    stopped_line(out, t)
}

/// How many items were not sent and why the run stopped early, when it did.
fn stopped_line(out: &Output, t: &Totals<'_>) -> std::io::Result<()> {
    match (t.stopped, t.not_sent) {
        (Some(why), 0) => out.line(&format!("stopped early: {why}")),
        (Some(why), n) => out.line(&format!(
            "stopped early: {why}; {} not sent",
            human::count(n as u64, "item")
        )),
        (None, _) => Ok(()),
    }
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
pub fn revalidate_table(
    out: &Output,
    results: &[ItemResult],
    t: &Totals<'_>,
) -> std::io::Result<()> {
    let mut table = new_table(["ITEM", "STATUS", "RESPONSE"]);
    for r in results {
        let resp = match (&r.error, &r.note) {
            (Some(e), _) => e.to_string(),
            (None, Some(n)) => n.to_string(),
            (None, None) => String::new(),
        };
        table.add_row(vec![r.item.clone(), status_cell(r), resp]);
    }
    // -q: the totals line only (it names the failed items).
    if !out.quiet() {
        out.line(&table.to_string())?;
    }
    let line = format!("revalidated {} of {}", t.ok, t.items);
    failed_then_stopped(out, line, t)
}

/// `--verify` outcomes for people: whether each URL's content changed and how long it took.
pub fn verify_table(out: &Output, results: &[VerifyResult]) -> std::io::Result<()> {
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
