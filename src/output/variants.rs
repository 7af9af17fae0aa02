//! Renderers for `simulate --compare` and `--sweep`: one table (with bars for the trade-off),
//! JSON/NDJSON, and CSV for spreadsheets.

use super::Output;
use super::table::{align_right, new_table};
use crate::cli::Format;
use crate::commands::variants::{Budget, VariantResult};
use crate::engine::Time;
use crate::error::{Error, Result};
use crate::human::duration as fmt_secs;
use colored::Colorize;
use std::io::Write;

fn secs(x: f64) -> String {
    if x == 0.0 {
        "0s".into()
    } else if x < 1.0 {
        format!("{:.0}ms", x * 1000.0)
    } else {
        fmt_secs((x * 1e6).round() as Time)
    }
}

fn bar(value: f64, max: f64, width: usize) -> String {
    if max <= 0.0 {
        return String::new();
    }
    let n = ((value / max) * width as f64).round() as usize;
    "█".repeat(n.min(width))
}

fn row_json(r: &VariantResult) -> serde_json::Value {
    let mut v = serde_json::json!({
        "label": r.variant.label,
        "summary": r.summary,
    });
    if let Some(t) = r.variant.revalidate {
        v["revalidate"] = (t as f64 / 1e6).into();
    }
    if let Some(b) = r.variant.build_time {
        v["build_time"] = (b as f64 / 1e6).into();
    }
    v
}

/// Print a comparison or sweep. `recommended` is the sweep's chosen row; `budget` its budget.
pub fn render(
    out: &Output,
    kind: &str,
    rows: &[VariantResult],
    recommended: Option<usize>,
    budget: Option<Budget>,
) -> Result<()> {
    match out.format {
        Format::Json => {
            let mut doc = serde_json::json!({
                "type": kind,
                "rows": rows.iter().map(row_json).collect::<Vec<_>>(),
            });
            if let Some(b) = budget {
                doc["max_staleness"] = (b.limit as f64 / 1e6).into();
                doc["staleness_stat"] = b.stat.into();
                doc["recommended"] = recommended
                    .map(|i| rows[i].variant.revalidate.unwrap_or(0) as f64 / 1e6)
                    .into();
            }
            out.json_pretty(&doc)?;
        }
        Format::Ndjson => {
            for r in rows {
                let mut v = row_json(r);
                v["type"] = format!("{kind}_row").into();
                out.json_line(&v)?;
            }
            if let Some(b) = budget {
                out.json_line(&serde_json::json!({
                    "type": "recommendation",
                    "max_staleness": b.limit as f64 / 1e6,
                    "staleness_stat": b.stat,
                    "recommended": recommended.map(|i| rows[i].variant.revalidate.unwrap_or(0) as f64 / 1e6),
                }))?;
            }
        }
        Format::Table => {
            let first = if kind == "sweep" {
                "revalidate"
            } else {
                "strategy"
            };
            let mut t = new_table([
                first,
                "hit ratio",
                "origin renders",
                "renders/h",
                "",
                "staleness mean / p95 / max",
                "",
                "time-to-fresh max",
                "latency p50 / p95 / p99",
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
                if recommended == Some(i) {
                    label = format!("{label} ◀").green().bold().to_string();
                }
                t.add_row(vec![
                    label,
                    format!("{:.1}%", s.hit_ratio * 100.0),
                    (s.renders + s.build_renders).to_string(),
                    format!("{:.1}", s.renders_per_hour),
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
            align_right(&mut t, &[1, 2, 3]);
            out.line(&t.to_string())?;
            if let Some(b) = rows.iter().find_map(|r| r.variant.build_time) {
                let rebuilds = rows.iter().map(|r| r.summary.rebuilds).max().unwrap_or(0);
                out.line(&format!("ssg: one full build renders every page in {}; {rebuilds} rebuild(s) for the content changes in this run", fmt_secs(b)))?;
            }
            if rows.iter().all(|r| r.summary.changes.is_empty()) {
                out.line("note: no content changes in this run, so staleness is zero everywhere; add changes=N/day to the workload or content_change events to the scenario")?;
            }
            if let Some(b) = budget {
                match recommended {
                    Some(i) => out.line(&format!(
                        "recommended: revalidate = {} — the largest TTL whose {} stays within {}",
                        rows[i].variant.label,
                        b.describe(),
                        fmt_secs(b.limit)
                    ))?,
                    None => out.line(&format!(
                        "no TTL in the range keeps the {} within {}; use on-demand revalidation (or budget a percentile: --max-staleness p95={})",
                        b.describe(),
                        fmt_secs(b.limit),
                        fmt_secs(b.limit)
                    ))?,
                }
            }
        }
    }
    Ok(())
}

/// Write the rows as CSV (one line per strategy or TTL).
pub fn write_csv(path: &std::path::Path, rows: &[VariantResult]) -> Result<()> {
    let mut f = std::fs::File::create(path)
        .map_err(|e| Error::usage(format!("cannot write {}: {e}", path.display())))?;
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
    f.write_all(text.as_bytes())?;
    Ok(())
}
