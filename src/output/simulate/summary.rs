//! The summary tables of `isrctl simulate` for people: counts and ratios, renders, latency,
//! staleness, and one row per content change with its time-to-fresh.

use super::RunInfo;
use crate::engine::classes::PathClass;
use crate::engine::events::Served;
use crate::engine::metrics::Summary;
use crate::human::{duration as fmt_secs, percent as pct, short_seconds as ms};
use crate::output::table::{align_right, new_table};

pub fn summary_table(sm: &Summary, info: &RunInfo) -> comfy_table::Table {
    let mut t = new_table(["summary", "value"]);
    t.add_row(vec![
        "platform".to_string(),
        format!(
            "{} ({})",
            info.platform.name(),
            crate::human::escape(&info.source)
        ),
    ]);
    t.add_row(vec![
        "model".to_string(),
        crate::human::escape(&info.basis).into_owned(),
    ]);
    t.add_row(vec!["requests".to_string(), sm.requests.to_string()]);
    let other = &sm.not_isr;
    if other.total() > 0 {
        let parts: Vec<String> = PathClass::OTHERS
            .iter()
            .filter(|c| other.get(**c) > 0)
            .map(|c| format!("{} {}", other.get(*c), c.name()))
            .collect();
        t.add_row(vec![
            "not ISR (not simulated)".to_string(),
            parts.join(", "),
        ]);
    }
    for c in &sm.states {
        let always = matches!(c.state, Served::Hit | Served::Stale | Served::Miss);
        if always || c.count > 0 {
            t.add_row(vec![
                format!("  {}", c.state.label()),
                format!("{} ({})", c.count, pct(c.count, sm.requests)),
            ]);
        }
    }
    t.add_row(vec![
        "cache hit ratio (HIT+STALE)".to_string(),
        pct(
            (sm.hit_ratio * sm.requests as f64).round() as u64,
            sm.requests,
        ),
    ]);
    t.add_row(vec![
        "blocking renders".to_string(),
        sm.blocking_renders.to_string(),
    ]);
    t.add_row(vec![
        "background regenerations".to_string(),
        sm.background_regenerations.to_string(),
    ]);
    if sm.failed_regenerations + sm.failed_renders > 0 {
        t.add_row(vec![
            "failed regenerations / renders".to_string(),
            format!("{} / {}", sm.failed_regenerations, sm.failed_renders),
        ]);
    }
    if info.cdn {
        t.add_row(vec![
            "CDN refreshes".to_string(),
            sm.cdn_refreshes.to_string(),
        ]);
    }
    t.add_row(vec![
        "renders per hour (origin cost)".to_string(),
        format!("{:.1}", sm.renders_per_hour),
    ]);
    t.add_row(vec![
        "latency p50 / p95 / p99".to_string(),
        format!(
            "{} / {} / {}",
            ms(sm.latency.p50),
            ms(sm.latency.p95),
            ms(sm.latency.p99)
        ),
    ]);
    if sm.changes.is_empty() {
        t.add_row(vec![
            "staleness served".to_string(),
            "no content changes in this run".to_string(),
        ]);
    } else {
        t.add_row(vec![
            "staleness served mean / p95 / max".to_string(),
            format!(
                "{} / {} / {}  ({} responses behind)",
                ms(sm.staleness.mean),
                ms(sm.staleness.p95),
                ms(sm.staleness.max),
                sm.stale_content_served
            ),
        ]);
        t.add_row(vec![
            "time-to-fresh p50 / max".to_string(),
            format!(
                "{} / {}",
                ms(sm.time_to_fresh.p50),
                ms(sm.time_to_fresh.max)
            ),
        ]);
    }
    align_right(&mut t, &[]);
    t
}

pub fn changes_table(sm: &Summary) -> comfy_table::Table {
    let mut t = new_table([
        "content change at",
        "target",
        "paths",
        "requested after",
        "served fresh",
        "time-to-fresh (max)",
    ]);
    const LIMIT: usize = 20;
    for c in sm.changes.iter().take(LIMIT) {
        t.add_row(vec![
            fmt_secs(c.at),
            crate::human::escape(&c.target).into_owned(),
            c.paths.to_string(),
            c.requested.to_string(),
            c.fresh.to_string(),
            match c.max_time_to_fresh {
                Some(v) => fmt_secs(v),
                None if c.requested > 0 => "not fresh by the end".to_string(),
                None => "never requested after".to_string(),
            },
        ]);
    }
    if sm.changes.len() > LIMIT {
        t.add_row(vec![format!("… {} more", sm.changes.len() - LIMIT)]);
    }
    align_right(&mut t, &[2, 3, 4]);
    t
}

/// Rows describing what was read from a trace, appended to the summary table.
pub fn input_rows(t: &mut comfy_table::Table, i: &crate::trace::TraceStats) {
    if let Some(f) = i.format {
        t.add_row(vec!["trace format".to_string(), f.name().to_string()]);
    }
    t.add_row(vec!["trace lines read".to_string(), i.lines.to_string()]);
    t.add_row(vec![
        "requests replayed".to_string(),
        i.requests.to_string(),
    ]);
    if i.skipped_bad_lines > 0 {
        t.add_row(vec![
            "skipped: unreadable lines".to_string(),
            i.skipped_bad_lines.to_string(),
        ]);
    }
    if i.skipped_not_get > 0 {
        t.add_row(vec![
            "skipped: not GET/HEAD".to_string(),
            i.skipped_not_get.to_string(),
        ]);
    }
    for (what, n) in [
        ("put back in time order", i.reordered),
        ("skipped: out of order", i.skipped_late),
        ("skipped: time outliers", i.skipped_outliers),
    ] {
        if n > 0 {
            t.add_row(vec![what.to_string(), n.to_string()]);
        }
    }
}
