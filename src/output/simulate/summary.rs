//! The summary tables of `isrctl simulate` for people: counts and ratios, renders, latency,
//! staleness, and one row per content change with its time-to-fresh.

use super::RunInfo;
use crate::engine::classes::PathClass;
use crate::engine::events::Served;
use crate::engine::metrics::Summary;
use crate::human::{decimal, duration as fmt_secs, number, percent as pct, seconds as ms};
use crate::output::table::{Fit, Tabular, col};

pub fn summary_table(sm: &Summary, info: &RunInfo) -> Tabular {
    let mut t = Tabular::new([col("summary").fit(Fit::Wrap), col("value").fit(Fit::Wrap)]);
    t.row(vec![
        "platform".to_string(),
        format!(
            "{} ({})",
            info.platform.name(),
            crate::human::escape(&info.source)
        ),
    ]);
    t.row(vec![
        "model".to_string(),
        crate::human::escape(&info.basis).into_owned(),
    ]);
    t.row(vec!["requests".to_string(), number(sm.requests)]);
    let other = &sm.not_isr;
    if other.total() > 0 {
        let parts: Vec<String> = PathClass::OTHERS
            .iter()
            .filter(|c| other.get(**c) > 0)
            .map(|c| format!("{} {}", number(other.get(*c)), c.name()))
            .collect();
        t.row(vec![
            "not ISR (not simulated)".to_string(),
            parts.join(", "),
        ]);
    }
    for c in &sm.states {
        let always = matches!(c.state, Served::Hit | Served::Stale | Served::Miss);
        if always || c.count > 0 {
            t.row(vec![
                format!("  {}", c.state.label()),
                format!("{} ({})", number(c.count), pct(c.count, sm.requests)),
            ]);
        }
    }
    t.row(vec![
        "cache hit ratio (HIT+STALE)".to_string(),
        pct(
            (sm.hit_ratio * sm.requests as f64).round() as u64,
            sm.requests,
        ),
    ]);
    t.row(vec![
        "blocking renders".to_string(),
        number(sm.blocking_renders),
    ]);
    t.row(vec![
        "background regenerations".to_string(),
        number(sm.background_regenerations),
    ]);
    if sm.failed_regenerations + sm.failed_renders > 0 {
        t.row(vec![
            "failed regenerations / renders".to_string(),
            format!(
                "{} / {}",
                number(sm.failed_regenerations),
                number(sm.failed_renders)
            ),
        ]);
    }
    if info.cdn {
        t.row(vec!["CDN refreshes".to_string(), number(sm.cdn_refreshes)]);
    }
    t.row(vec![
        "renders per hour (origin cost)".to_string(),
        decimal(sm.renders_per_hour, 1),
    ]);
    t.row(vec![
        "latency p50 / p95 / p99".to_string(),
        format!(
            "{} / {} / {}",
            ms(sm.latency.p50),
            ms(sm.latency.p95),
            ms(sm.latency.p99)
        ),
    ]);
    if sm.changes.is_empty() {
        t.row(vec![
            "staleness served".to_string(),
            "no content changes in this run".to_string(),
        ]);
    } else {
        t.row(vec![
            "staleness served mean / p95 / max".to_string(),
            format!(
                "{} / {} / {}  ({} behind)",
                ms(sm.staleness.mean),
                ms(sm.staleness.p95),
                ms(sm.staleness.max),
                crate::human::count(sm.stale_content_served, "response")
            ),
        ]);
        t.row(vec![
            "time-to-fresh p50 / max".to_string(),
            format!(
                "{} / {}",
                ms(sm.time_to_fresh.p50),
                ms(sm.time_to_fresh.max)
            ),
        ]);
    }
    t
}

pub fn changes_table(sm: &Summary) -> Tabular {
    let mut t = Tabular::new([
        col("content change at"),
        col("target").fit(Fit::Middle),
        col("paths").right(),
        col("requested after").right(),
        col("served fresh").right(),
        col("time-to-fresh (max)").fit(Fit::Wrap),
    ]);
    const LIMIT: usize = 20;
    for c in sm.changes.iter().take(LIMIT) {
        t.row(vec![
            fmt_secs(c.at),
            crate::human::escape(&c.target).into_owned(),
            number(c.paths as u64),
            number(c.requested as u64),
            number(c.fresh as u64),
            match c.max_time_to_fresh {
                Some(v) => fmt_secs(v),
                None if c.requested > 0 => "not fresh by the end".to_string(),
                None => "never requested after".to_string(),
            },
        ]);
    }
    if sm.changes.len() > LIMIT {
        t.row(vec![format!(
            "… {} more",
            number((sm.changes.len() - LIMIT) as u64)
        )]);
    }
    t
}

/// Rows describing what was read from a trace, appended to the summary table.
pub fn input_rows(t: &mut Tabular, i: &crate::trace::TraceStats) {
    if let Some(f) = i.format {
        t.row(vec!["trace format".to_string(), f.name().to_string()]);
    }
    t.row(vec!["trace lines read".to_string(), number(i.lines)]);
    t.row(vec!["requests replayed".to_string(), number(i.requests)]);
    if i.skipped_bad_lines > 0 {
        t.row(vec![
            "skipped: unreadable lines".to_string(),
            number(i.skipped_bad_lines),
        ]);
    }
    if i.skipped_not_get > 0 {
        t.row(vec![
            "skipped: not GET/HEAD".to_string(),
            number(i.skipped_not_get),
        ]);
    }
    for (what, n) in [
        ("put back in time order", i.reordered),
        ("skipped: out of order", i.skipped_late),
        ("skipped: time outliers", i.skipped_outliers),
    ] {
        if n > 0 {
            t.row(vec![what.to_string(), number(n)]);
        }
    }
}
