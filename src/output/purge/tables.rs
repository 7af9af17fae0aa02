//! The human tables of `revalidate` and `purge`: per-item results with a totals line, and the
//! `--verify` table.

use super::docs::Totals;
use crate::human;
use crate::output::Output;
use crate::output::table::{Col, Fit, Tabular, col};
use crate::output::terminal::{cut_middle, paragraph};
use crate::probe::verify::VerifyResult;
use crate::providers::ItemResult;

pub fn purge_table(out: &Output, results: &[ItemResult], t: &Totals<'_>) -> std::io::Result<()> {
    let notes = results.iter().any(|r| r.note.is_some());
    let mut head: Vec<Col> = vec![
        col("ITEM").fit(Fit::Middle),
        col("BATCH").right(),
        col("STATUS").right(),
        col("PURGE ID").fit(Fit::Middle),
        col("ERROR").fit(Fit::End),
    ];
    if notes {
        head.push(col("NOTE").fit(Fit::End));
    }
    let mut table = Tabular::new(head);
    for r in results {
        let mut row = vec![
            r.item.clone(),
            // Batch 0: held back before any request (CloudFront's in-progress maxima).
            match r.batch {
                0 => "-".into(),
                b => human::number(b as u64),
            },
            status_cell(r),
            r.purge_id.as_ref().map_or("-".into(), |v| v.to_string()),
            r.error.as_ref().map_or("-".into(), |v| v.to_string()),
        ];
        if notes {
            row.push(r.note.as_ref().map(|v| v.to_string()).unwrap_or_default());
        }
        table.row(row);
    }
    // -q: the totals line only (it names the failed items).
    if !out.quiet() {
        out.line(&table.render())?;
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
        let items: Vec<String> = t.failed_items.iter().map(|i| cut_middle(i, 40)).collect();
        line.push_str(&format!("; {} failed: {}", t.failed, items.join(", ")));
    }
    out.line(&paragraph(&line))?;
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
    let mut table = Tabular::new([
        col("ITEM").fit(Fit::Middle),
        col("STATUS").right(),
        col("RESPONSE").fit(Fit::End),
    ]);
    for r in results {
        let resp = match (&r.error, &r.note) {
            (Some(e), _) => e.to_string(),
            (None, Some(n)) => n.to_string(),
            (None, None) => String::new(),
        };
        table.row(vec![r.item.clone(), status_cell(r), resp]);
    }
    // -q: the totals line only (it names the failed items).
    if !out.quiet() {
        out.line(&table.render())?;
    }
    let line = format!(
        "revalidated {} of {}",
        human::number(t.ok as u64),
        human::number(t.items as u64)
    );
    failed_then_stopped(out, line, t)
}

/// `--verify` outcomes for people: whether each URL's content changed and how long it took.
pub fn verify_table(out: &Output, results: &[VerifyResult]) -> std::io::Result<()> {
    let mut table = Tabular::new([
        col("VERIFY URL").fit(Fit::Middle),
        col("LIVE"),
        col("AFTER").right(),
        col("SAMPLES").right(),
        col("FROM → TO").fit(Fit::Middle),
    ]);
    for r in results {
        let after = human::stopwatch(r.elapsed.as_secs_f64());
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
        table.row(vec![
            r.url.clone(),
            live,
            after,
            human::number(r.samples),
            change,
        ]);
    }
    out.line(&table.render())?;
    let ok = results.iter().filter(|r| r.changed).count();
    out.line(&format!(
        "verify: {ok} of {} {} new content",
        human::count(results.len() as u64, "URL"),
        if results.len() == 1 { "shows" } else { "show" }
    ))
}
