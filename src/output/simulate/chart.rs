//! The compact terminal chart under a `--sweep` table: one line per TTL with two small bars,
//! renders per hour and staleness p95 (or max when every p95 is zero), each scaled to its own largest value, the recommended TTL
//! marked. Fits 80 columns; tables only (never in JSON, NDJSON or CSV).

use crate::engine::metrics::Dist;
use crate::human::seconds;
use crate::simulate::variants::Report;
use colored::Colorize;

/// The width the chart fits.
pub const WIDTH: usize = 80;
const MARK: &str = " ◀ recommended";

/// A bar of `value / max` of `width` cells, in eighths of a cell.
fn bar(value: f64, max: f64, width: usize) -> String {
    const PARTS: [&str; 8] = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"];
    if max.is_nan() || max <= 0.0 || !value.is_finite() || value <= 0.0 {
        return " ".repeat(width);
    }
    let eighths = ((value / max).min(1.0) * (width * 8) as f64).round() as usize;
    let (full, part) = (eighths / 8, eighths % 8);
    let mut s = "█".repeat(full);
    s.push_str(PARTS[part]);
    let used = full + usize::from(part > 0);
    s.push_str(&" ".repeat(width.saturating_sub(used)));
    s
}

/// Which staleness a sweep's pictures show: p95, unless every TTL's p95 is zero (changes are
/// rare next to the traffic, so most responses are current), then the worst.
pub(super) fn staleness_stat(report: &Report) -> (&'static str, fn(&Dist) -> f64) {
    if report.rows.iter().any(|r| r.summary.staleness.p95 > 0.0) {
        ("staleness p95", |d| d.p95)
    } else {
        ("staleness max", |d| d.max)
    }
}

/// The chart's lines (none for a comparison or an empty sweep).
pub fn lines(report: &Report) -> Vec<String> {
    if report.kind != "sweep" || report.rows.is_empty() {
        return Vec::new();
    }
    let (stat_name, stat) = staleness_stat(report);
    let rows: Vec<(String, f64, f64)> = report
        .rows
        .iter()
        .map(|r| {
            (
                r.variant.label.clone(),
                r.summary.renders_per_hour,
                stat(&r.summary.staleness),
            )
        })
        .collect();
    let label_w = rows
        .iter()
        .map(|r| r.0.chars().count())
        .max()
        .unwrap_or(0)
        .min(12);
    let rph: Vec<String> = rows
        .iter()
        .map(|r| format!("{}/h", crate::human::decimal(r.1, 1)))
        .collect();
    let stale: Vec<String> = rows.iter().map(|r| seconds(r.2)).collect();
    let width = |v: &[String]| v.iter().map(|s| s.chars().count()).max().unwrap_or(0);
    let (rph_w, stale_w) = (width(&rph), width(&stale));
    // " label  bar rph  bar stale ◀ recommended"
    let fixed = 1 + label_w + 2 + 1 + rph_w + 2 + 1 + stale_w + MARK.chars().count();
    let bar_w = (WIDTH.saturating_sub(fixed) / 2).clamp(4, 20);
    let max_rph = rows.iter().map(|r| r.1).fold(0.0, f64::max);
    let max_stale = rows.iter().map(|r| r.2).fold(0.0, f64::max);
    let mut out = vec![format!(
        " {:<label_w$}  {:<w$}  {}",
        "",
        "renders/h",
        stat_name,
        w = bar_w + 1 + rph_w
    )];
    for (i, (label, r, s)) in rows.iter().enumerate() {
        let label: String = label.chars().take(label_w).collect();
        let mut line = format!(
            " {label:<label_w$}  {} {:>rph_w$}  {} {:>stale_w$}",
            bar(*r, max_rph, bar_w).blue(),
            rph[i],
            bar(*s, max_stale, bar_w).yellow(),
            stale[i]
        );
        if report.recommended == Some(i) {
            line.push_str(&MARK.green().bold().to_string());
        }
        out.push(line.trim_end().to_string());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_are_scaled_in_eighths_and_padded() {
        assert_eq!(bar(1.0, 1.0, 4), "████");
        assert_eq!(bar(0.5, 1.0, 4), "██  ");
        assert_eq!(bar(1.0, 16.0, 2), "▏ ");
        assert_eq!(bar(0.0, 1.0, 3), "   ");
        assert_eq!(bar(1.0, 0.0, 3), "   ");
        assert_eq!(bar(f64::NAN, 1.0, 2), "  ");
        assert_eq!(bar(5.0, 1.0, 2), "██");
    }
}
