//! The end-of-run summary for people: one table row per URL, the per-POP table (when the headers
//! named POPs or instances), then per URL its state sequence, time in each state, content
//! versions, non-2xx statuses, last error and lints.

use super::super::table::{Fit, Tabular, col};
use super::style::{Names, elapsed};
use crate::human::{count, number, stopwatch};
use crate::probe::UrlSummary;
use colored::Colorize;

/// The summary table.
pub fn table(sums: &[UrlSummary], names: &Names) -> String {
    let mut t = Tabular::new([
        col("URL").fit(Fit::Middle),
        col("samples").right(),
        col("states").fit(Fit::Wrap),
        col("versions").right(),
        col("TTL seen").right(),
        col("regen lag").right(),
    ]);
    for s in sums {
        let states: Vec<String> = s
            .states
            .iter()
            .map(|(k, v)| format!("{k} {}", number(*v)))
            .collect();
        t.row(vec![
            names.name(&s.url).to_string(),
            number(s.samples),
            states.join(" · "),
            number(s.versions.len() as u64),
            // Measured spans: one decimal, as on a stopwatch (jitter does not change the unit).
            s.observed_ttl
                .map(|t| match s.observed_ttl_lower_bound {
                    // The probe started mid-life: the copy had been cached before.
                    true => format!("≥ {}", stopwatch(t)),
                    false => stopwatch(t),
                })
                .unwrap_or_else(|| "-".into()),
            s.regeneration_lag
                .map(stopwatch)
                .unwrap_or_else(|| "-".into()),
        ]);
    }
    t.render()
}

/// The per-POP view: a row per URL and POP (or instance) that answered it when more than one
/// did, one line when every answer came from the same one; `None` when no response named one.
pub fn pops_table(sums: &[UrlSummary], names: &Names) -> Option<String> {
    let mut distinct: Vec<(&str, &str)> = sums
        .iter()
        .flat_map(|s| s.pops.iter().map(|p| (p.pop.as_str(), p.vendor.as_str())))
        .collect();
    distinct.sort_unstable();
    distinct.dedup();
    match distinct[..] {
        [] => return None,
        [(pop, vendor)] => return Some(format!("pop: every answer came from {pop} ({vendor})")),
        _ => {}
    }
    let mut t = Tabular::new([
        col("URL").fit(Fit::Middle),
        col("POP").fit(Fit::Middle),
        col("samples").right(),
        col("versions seen").fit(Fit::Wrap),
        col("last"),
    ]);
    for s in sums {
        for p in &s.pops {
            let last = match (p.last_status, &p.last_version) {
                (Some(st), _) if !(200..300).contains(&st) => format!("{} HTTP {st}", p.last_state),
                (_, Some(v)) => format!("{} {v}", p.last_state),
                _ => p.last_state.to_string(),
            };
            t.row(vec![
                names.name(&s.url).to_string(),
                format!("{} ({})", p.pop, p.vendor),
                number(p.samples),
                if p.versions.is_empty() {
                    "-".into()
                } else {
                    p.versions.join(", ")
                },
                last,
            ]);
        }
    }
    Some(t.render())
}

/// The lines under the table, URL by URL.
pub fn details(sums: &[UrlSummary], names: &Names) -> Vec<String> {
    let mut lines = Vec::new();
    for s in sums {
        lines.push(format!("{}", names.name(&s.url).bold()));
        let seq: Vec<&str> = s.sequence.iter().map(|x| x.as_str()).collect();
        lines.push(format!("  sequence:  {}", seq.join(" → ")));
        let tis: Vec<String> = s
            .time_in_state
            .iter()
            .map(|(k, v)| format!("{k} {}", stopwatch(*v)))
            .collect();
        if !tis.is_empty() {
            lines.push(format!("  time in state:  {}", tis.join(", ")));
        }
        for v in &s.versions {
            lines.push(format!(
                "  {}  first seen at {}  ({})  {}",
                v.label,
                stopwatch(v.first_seen),
                count(v.samples, "sample"),
                v.content_id
            ));
        }
        for x in &s.non_2xx {
            lines.push(format!(
                "  status:  {} ({}, first at #{})",
                x.label,
                count(x.count, "response"),
                x.first_seq
            ));
        }
        if let Some(l) = &s.latency {
            lines.push(format!(
                "  latency:  p50 {}, p95 {}, max {} (to the response head)",
                elapsed(l.p50),
                elapsed(l.p95),
                elapsed(l.max)
            ));
        }
        if let Some(e) = &s.last_error {
            lines.push(format!("  last error:  {e}"));
        }
        for l in &s.lints {
            lines.push(format!(
                "  {} {}: {}",
                "lint".yellow().bold(),
                l.code,
                l.message
            ));
            lines.push(format!("      evidence: {} (×{})", l.evidence, l.count));
        }
    }
    lines
}
