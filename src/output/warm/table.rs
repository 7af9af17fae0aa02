//! `warm`'s table for people: a row per URL (and address), then the totals line, a line per
//! `--resolve` address, and what the results other than warm and cold mean.

use super::docs::{Counts, Totals};
use crate::human;
use crate::output::Output;
use crate::output::table::{Col, Fit, Tabular, col};
use crate::output::terminal::{cut_middle, paragraph};
use crate::warm::{Outcome, UrlResult};

pub fn report(out: &Output, results: &[UrlResult], t: &Totals) -> std::io::Result<()> {
    let via = results.iter().any(|r| r.address.is_some());
    // -q: the totals line only (it names the URLs that are not warm).
    if !out.quiet() {
        let mut head: Vec<Col> = vec![col("URL").fit(Fit::Middle)];
        if via {
            head.push(col("VIA"));
        }
        head.extend([
            col("RESULT"),
            col("TRIES").right(),
            col("CACHE").fit(Fit::Wrap),
            col("TIME").right(),
            col("NOTE").fit(Fit::End),
        ]);
        let mut table = Tabular::new(head);
        for r in results {
            let mut row = vec![r.url.clone()];
            if via {
                row.push(r.address.clone().unwrap_or_else(|| "-".into()));
            }
            row.extend([
                r.result.as_str().to_string(),
                human::number(u64::from(r.tries)),
                cache_cell(r),
                if r.tries == 0 {
                    "-".into()
                } else {
                    human::stopwatch(r.elapsed)
                },
                note_cell(r),
            ]);
            table.row(row);
        }
        out.line(&table.render())?;
    }
    out.line(&paragraph(&totals_line(&t.counts, t, results)))?;
    for a in &t.addresses {
        out.line(&format!(
            "  {}: {} of {} warm",
            a.address,
            human::number(a.counts.warm as u64),
            human::count(a.counts.urls as u64, "URL")
        ))?;
    }
    if t.counts.unknown > 0 && !out.quiet() {
        out.line(&paragraph(
            "unknown: the response has no cache-status header isrctl reads, so whether a \
             cache keeps it cannot be told (docs/warm.md says which headers count)",
        ))?;
    }
    if t.counts.uncached > 0 && !out.quiet() {
        out.line(&paragraph(
            "uncached: every cache on the way said it does not store this response (BYPASS, \
             DYNAMIC); requesting it again cannot warm it",
        ))?;
    }
    Ok(())
}

/// `warmed 3 of 5 URLs with 7 requests in 2.1s; cold: URL; failed: URL`.
fn totals_line(c: &Counts, t: &Totals, results: &[UrlResult]) -> String {
    let mut line = format!(
        "warmed {} of {} with {} in {}",
        human::number(c.warm as u64),
        human::count(c.urls as u64, "URL"),
        human::count(t.requests, "request"),
        human::stopwatch(t.elapsed)
    );
    for o in [
        Outcome::Cold,
        Outcome::Uncached,
        Outcome::Unknown,
        Outcome::Failed,
    ] {
        let names: Vec<String> = results
            .iter()
            .filter(|r| r.result == o)
            .map(|r| {
                let u = cut_middle(&r.url, 40);
                r.address.as_ref().map_or(u.clone(), |a| format!("{u} @ {a}"))
            })
            .collect();
        if names.is_empty() {
            continue;
        }
        let shown: Vec<&str> = names.iter().take(5).map(String::as_str).collect();
        let more = names.len().saturating_sub(5);
        line.push_str(&format!("; {} {}: {}", names.len(), o.as_str(), shown.join(", ")));
        if more > 0 {
            line.push_str(&format!(" and {more} more"));
        }
    }
    if let Some(why) = &t.stopped {
        line.push_str(&format!(
            "; stopped early ({why}): {} not done",
            human::count(c.interrupted as u64, "URL")
        ));
    }
    line
}

/// `MISS → HIT (nginx)`: the states of every try, then the layer judged.
fn cache_cell(r: &UrlResult) -> String {
    if r.states.is_empty() {
        return "-".into();
    }
    let seq: Vec<&str> = r.states.iter().map(|s| s.as_str()).collect();
    match &r.layer {
        Some(l) => format!("{} ({l})", seq.join(" → ")),
        None => seq.join(" → "),
    }
}

fn note_cell(r: &UrlResult) -> String {
    match (&r.error, &r.note, r.status) {
        (Some(e), _, _) => e.clone(),
        (None, Some(n), _) => n.clone(),
        (None, None, Some(s)) if !(200..300).contains(&s) => format!("HTTP {s}"),
        _ => String::new(),
    }
}
