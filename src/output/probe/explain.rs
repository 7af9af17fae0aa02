//! `--once` for people: the headline state, where it came from, each cache layer, the freshness
//! window, each header with its meaning, and the lints.

use super::style::paint;
use crate::probe::explain::Explanation;
use colored::Colorize;

/// The lines explaining one response.
pub fn lines(x: &Explanation, color: bool) -> Vec<String> {
    let mut lines = vec![format!(
        "{}  {}  {}",
        crate::output::terminal::cut_middle(
            &x.url,
            crate::output::terminal::width().saturating_sub(24)
        )
        .bold(),
        x.status
            .map(|s| s.to_string())
            .unwrap_or_else(|| "-".into()),
        paint(x.state, color)
    )];
    lines.push(format!("  verdict:    {}", x.verdict));
    for l in &x.layers {
        let d = l
            .detail
            .as_deref()
            .map(|d| format!(" [{d}]"))
            .unwrap_or_default();
        lines.push(format!(
            "  layer:      {:<12} {}  {}: {}{d}",
            paint(l.state, color),
            l.source,
            l.header,
            l.raw
        ));
    }
    lines.push(format!("  freshness:  {}", x.freshness_text));
    if let Some(h) = &x.freshness.policy_header {
        let life = x
            .freshness
            .lifetime
            .map(|l| {
                format!(
                    "lifetime {} from {}",
                    crate::human::whole_seconds(l),
                    x.freshness.lifetime_from.unwrap_or("?")
                )
            })
            .unwrap_or_else(|| "no lifetime".into());
        lines.push(format!("              policy from {h}; {life}"));
    }
    lines.push("  headers:".into());
    for h in &x.headers {
        lines.push(format!("    {}: {}", h.name, h.value));
        lines.push(format!("      {}", h.meaning.dimmed()));
    }
    for l in &x.lints {
        lines.push(format!(
            "  {} {}: {}",
            "lint".yellow().bold(),
            l.code,
            l.message
        ));
        lines.push(format!("      evidence: {}", l.evidence));
    }
    if x.lints.is_empty() && x.error.is_none() {
        lines.push("  lints:      none".into());
    }
    lines
}
