//! `--once` for people: the headline state, where it came from, each cache layer, the freshness
//! window, each header with its meaning, and the lints.

use super::style::{elapsed, paint};
use crate::probe::explain::Explanation;
use crate::probe::wire::Timing;
use colored::Colorize;

/// `dns 2ms, connect 3ms, tls 10ms, first byte 25ms, total 40ms`; setup phases left out on a
/// reused connection (and TLS for plain http).
pub fn timing(t: &Timing) -> String {
    let mut parts = Vec::new();
    for (name, v) in [
        ("dns", t.dns),
        ("connect", t.connect),
        ("tls", t.tls),
        ("first byte", t.first_byte),
    ] {
        if let Some(v) = v {
            parts.push(format!("{name} {}", elapsed(v)));
        }
    }
    parts.push(format!("total {}", elapsed(t.total)));
    let mut s = parts.join(", ");
    if t.reused_connection {
        s.push_str(" (reused connection)");
    }
    s
}

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
    for h in &x.redirects {
        lines.push(format!(
            "  redirect:   {} {} → {}",
            h.status, h.url, h.location
        ));
    }
    if let Some(to) = &x.location {
        lines.push(format!("  location:   {to} (not followed; -L follows it)"));
    }
    if let Some(p) = &x.pop {
        let node = p
            .node
            .as_deref()
            .map(|n| format!(", {n}"))
            .unwrap_or_default();
        lines.push(format!(
            "  pop:        {} ({}{node}; {})",
            p.pop, p.vendor, p.header
        ));
    }
    if let Some(r) = x.rsc.as_ref().filter(|r| r.error.is_some()) {
        let e = r.error.as_deref().unwrap_or_default();
        lines.push(format!("  rsc:        the RSC request failed: {e}"));
    } else if let Some(r) = &x.rsc {
        let body = r.body.map_or("no body", |b| match b {
            crate::probe::kind::BodyKind::Html => "the HTML page",
            crate::probe::kind::BodyKind::Rsc => "the RSC payload",
            crate::probe::kind::BodyKind::Other => "another body",
        });
        let status = r.status.map_or_else(|| "-".to_string(), |c| c.to_string());
        lines.push(format!(
            "  rsc:        {status} {} {body}, answered by {}",
            paint(r.state, color),
            r.answered_by
        ));
    }
    lines.push(format!("  timing:     {}", timing(&x.timing)));
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
