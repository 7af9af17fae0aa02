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
        // URLs of one origin: the origin once above the table, paths in it.
        let origin = one_origin(results);
        if let Some(o) = &origin {
            out.line(o)?;
        }
        let first = if origin.is_some() { "PATH" } else { "URL" };
        let notes = results.iter().any(|r| !note_cell(r).is_empty());
        let mut head: Vec<Col> = vec![col(first).fit(Fit::Middle)];
        if via {
            head.push(col("VIA"));
        }
        head.extend([
            col("RESULT"),
            col("TRIES").right(),
            col("CACHE"),
            col("TIME").right(),
        ]);
        if notes {
            head.push(col("NOTE").fit(Fit::End));
        }
        let mut table = Tabular::new(head);
        for r in results {
            let shown = match &origin {
                Some(o) => r.url.strip_prefix(o.as_str()).unwrap_or(&r.url).to_string(),
                None => r.url.clone(),
            };
            let mut row = vec![shown];
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
            ]);
            if notes {
                row.push(note_cell(r));
            }
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
                r.address
                    .as_ref()
                    .map_or(u.clone(), |a| format!("{u} @ {a}"))
            })
            .collect();
        if names.is_empty() {
            continue;
        }
        let shown: Vec<&str> = names.iter().take(5).map(String::as_str).collect();
        let more = names.len().saturating_sub(5);
        line.push_str(&format!(
            "; {} {}: {}",
            names.len(),
            o.as_str(),
            shown.join(", ")
        ));
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

/// `HIT (nginx)`: the state of the last try and the layer it is from (every try's state is in
/// the JSON output).
fn cache_cell(r: &UrlResult) -> String {
    match (&r.state, &r.layer) {
        (Some(st), Some(l)) => format!("{st} ({l})"),
        (Some(st), None) => st.to_string(),
        (None, _) => "-".into(),
    }
}

/// The origin (`https://example.com`) all URLs share, if they do.
fn one_origin(results: &[UrlResult]) -> Option<String> {
    let origin = |u: &str| {
        let parsed = url::Url::parse(u).ok()?;
        let o = parsed.origin().ascii_serialization();
        // Only when the shown URL starts with it (no credentials in the way).
        u.starts_with(&o).then_some(o)
    };
    let first = origin(&results.first()?.url)?;
    results
        .iter()
        .all(|r| origin(&r.url).as_ref() == Some(&first))
        .then_some(first)
}

fn note_cell(r: &UrlResult) -> String {
    match (&r.error, &r.note, r.status) {
        (Some(e), _, _) => e.clone(),
        (None, Some(n), _) => n.clone(),
        (None, None, Some(s)) if !(200..300).contains(&s) => format!("HTTP {s}"),
        _ => String::new(),
    }
}
