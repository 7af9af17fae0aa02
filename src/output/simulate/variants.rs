//! Renderers for `simulate --compare` and `--sweep`: one table (with bars for the trade-off, and
//! the terminal chart of `chart` under a sweep), JSON/NDJSON documents, and CSV for spreadsheets.

use super::documents::{
    RecommendationLine, VariantRow, VariantRowKind, VariantRowLine, VariantsDoc, VariantsKind,
};
use super::sorted;
use crate::engine::Time;
use crate::error::Result;
use crate::human::{count, decimal, duration as fmt_secs, number, seconds as secs};
use crate::output::table::{Fit, Tabular, col};
use crate::output::{Format, Output};
use crate::simulate::variants::{Report, VariantResult};
use colored::Colorize;
use std::io::Write;

fn s(t: Time) -> f64 {
    t as f64 / 1e6
}

fn bar(value: f64, max: f64, width: usize) -> String {
    if max <= 0.0 {
        return String::new();
    }
    let n = ((value / max) * width as f64).round() as usize;
    "█".repeat(n.min(width))
}

fn row(r: &VariantResult) -> VariantRow {
    VariantRow {
        label: r.variant.label.clone(),
        summary: r.summary.clone(),
        revalidate: r.variant.revalidate.map(s),
        build_time: r.variant.build_time.map(s),
        webhook_delay: r.variant.webhook_delay.map(s),
    }
}

/// The TTL recommended by a sweep, in seconds (`None`: no TTL fits the budget).
fn recommended(report: &Report) -> Option<f64> {
    report
        .recommended
        .map(|i| s(report.rows[i].variant.revalidate.unwrap_or(0)))
}

/// Print a comparison or sweep.
pub fn render(out: &Output, report: &Report) -> Result<()> {
    let sweep = report.kind == "sweep";
    match out.format {
        Format::Json => out.json_pretty(&sorted(&VariantsDoc {
            kind: if sweep {
                VariantsKind::Sweep
            } else {
                VariantsKind::Compare
            },
            rows: report.rows.iter().map(row).collect(),
            max_staleness: report.budget.map(|b| s(b.limit)),
            staleness_stat: report.budget.map(|b| b.stat),
            recommended: report.budget.map(|_| recommended(report)),
        }))?,
        Format::Ndjson => {
            let kind = if sweep {
                VariantRowKind::SweepRow
            } else {
                VariantRowKind::CompareRow
            };
            for r in &report.rows {
                out.json_line(&sorted(&VariantRowLine { row: row(r), kind }))?;
            }
            if let Some(b) = report.budget {
                out.json_line(&sorted(&RecommendationLine {
                    kind: Default::default(),
                    max_staleness: s(b.limit),
                    staleness_stat: b.stat,
                    recommended: recommended(report),
                }))?;
            }
        }
        Format::Table => table(out, report)?,
    }
    Ok(())
}

fn table(out: &Output, report: &Report) -> Result<()> {
    let rows = &report.rows;
    let first = if report.kind == "sweep" {
        "revalidate"
    } else {
        "strategy"
    };
    let mut t = Tabular::new([
        col(first),
        col("hit ratio").right(),
        col("origin renders").right(),
        col("renders/h").right(),
        col("").fit(Fit::Decor),
        col("staleness mean / p95 / max"),
        col("").fit(Fit::Decor),
        col("time-to-fresh max"),
        col("latency p50 / p95 / p99"),
    ]);
    let max_rph = rows
        .iter()
        .map(|r| r.summary.renders_per_hour)
        .fold(0.0, f64::max);
    let max_stale = rows
        .iter()
        .map(|r| r.summary.staleness.max)
        .fold(0.0, f64::max);
    for (i, r) in rows.iter().enumerate() {
        let s = &r.summary;
        let mut label = r.variant.label.clone();
        if report.recommended == Some(i) {
            label = format!("{label} ◀").green().bold().to_string();
        }
        t.row(vec![
            label,
            format!("{:.1}%", s.hit_ratio * 100.0),
            number(s.renders + s.build_renders),
            decimal(s.renders_per_hour, 1),
            bar(s.renders_per_hour, max_rph, 12).blue().to_string(),
            format!(
                "{} / {} / {}",
                secs(s.staleness.mean),
                secs(s.staleness.p95),
                secs(s.staleness.max)
            ),
            bar(s.staleness.max, max_stale, 12).yellow().to_string(),
            if s.changes.is_empty() {
                "-".into()
            } else if s.changes.iter().all(|c| c.fresh == 0) {
                "never".into()
            } else {
                secs(s.time_to_fresh.max)
            },
            format!(
                "{} / {} / {}",
                secs(s.latency.p50),
                secs(s.latency.p95),
                secs(s.latency.p99)
            ),
        ]);
    }
    out.line(&t.render())?;
    for line in super::chart::lines(report) {
        out.line(&line)?;
    }
    notes(out, report)
}

/// The lines under the table: SSG build cost, the webhook's delay, no content changes, the
/// recommendation.
fn notes(out: &Output, report: &Report) -> Result<()> {
    let rows = &report.rows;
    let line = |s: &str| out.line(&crate::output::terminal::paragraph(s));
    if let Some(b) = rows.iter().find_map(|r| r.variant.build_time) {
        let rebuilds = rows.iter().map(|r| r.summary.rebuilds).max().unwrap_or(0);
        line(&format!(
            "ssg: one full build renders every page in {}; {} for the content changes in this run",
            fmt_secs(b),
            count(rebuilds, "rebuild")
        ))?;
    }
    if let Some(d) = rows.iter().find_map(|r| r.variant.webhook_delay) {
        line(&format!(
            "isr+ondemand: a CMS webhook revalidates each changed page {} after the change (--webhook-delay)",
            fmt_secs(d)
        ))?;
    }
    if rows.iter().all(|r| r.summary.changes.is_empty()) {
        line(
            "note: no content changes in this run, so staleness is zero everywhere; add --changes 10/day, --changes-from publishes.csv, changes=N/day to the workload or content_change events to the scenario",
        )?;
    }
    if report.budget.is_none() && report.kind == "sweep" {
        line(
            "note: no --max-staleness given, so nothing is recommended; add one (e.g. --max-staleness 1m, or p95=1m) to get the largest TTL that fits",
        )?;
    }
    if let Some(b) = report.budget {
        match report.recommended {
            Some(i) => {
                line(&format!(
                    "recommended: revalidate = {} — the largest TTL whose {} stays within {}",
                    rows[i].variant.label,
                    b.describe(),
                    fmt_secs(b.limit)
                ))?;
                if i + 1 == rows.len() && rows.len() > 1 {
                    line(
                        "note: that is the largest TTL tried; a longer one may fit too: extend the range",
                    )?;
                }
            }
            None => line(&format!(
                "no TTL in the range keeps the {} within {}; use on-demand revalidation (or budget a percentile: --max-staleness p95={})",
                b.describe(),
                fmt_secs(b.limit),
                fmt_secs(b.limit)
            ))?,
        }
    }
    Ok(())
}

/// Write the rows as CSV (one line per strategy or TTL).
pub fn write_csv(path: &std::path::Path, rows: &[VariantResult]) -> Result<()> {
    let mut text = String::from(
        "label,revalidate_s,requests,hit_ratio,renders,renders_per_hour,staleness_mean_s,staleness_p95_s,staleness_max_s,time_to_fresh_max_s,latency_p50_s,latency_p95_s,latency_p99_s,build_time_s\n",
    );
    for r in rows {
        let s = &r.summary;
        text.push_str(&format!(
            "{},{},{},{:.6},{},{:.3},{:.6},{:.6},{:.6},{},{:.6},{:.6},{:.6},{}\n",
            r.variant.label,
            r.variant
                .revalidate
                .map_or(String::new(), |t| format!("{}", t as f64 / 1e6)),
            s.requests,
            s.hit_ratio,
            s.renders + s.build_renders,
            s.renders_per_hour,
            s.staleness.mean,
            s.staleness.p95,
            s.staleness.max,
            if s.changes.iter().any(|c| c.fresh > 0) {
                format!("{:.6}", s.time_to_fresh.max)
            } else {
                String::new()
            },
            s.latency.p50,
            s.latency.p95,
            s.latency.p99,
            r.variant
                .build_time
                .map_or(String::new(), |b| format!("{}", b as f64 / 1e6)),
        ));
    }
    let write = |text: &str| -> std::io::Result<()> {
        let mut f = std::fs::File::create(path)?;
        f.write_all(text.as_bytes())
    };
    write(&text).map_err(|source| crate::error::Error::Write {
        path: path.to_path_buf(),
        source,
    })
}
