//! Renderers for `isrctl probe`: live transition lines and a summary table for people, one JSON
//! document, or NDJSON events (`sample`, `transition`, `reached`, `explanation`, `summary`).
//! Knows nothing of HTTP; gets typed events from `crate::probe`.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use super::Output;
use super::table::{align_right, new_table};
use crate::cli::Format;
use crate::http::cache_status::CacheState;
use crate::probe::explain::Explanation;
use crate::probe::{Event, Outcome, Sample, Transition, UrlSummary, Verdict};
use colored::Colorize;
use serde_json::json;

/// Renders one probe run.
pub struct ProbeRenderer<'a> {
    out: &'a Output,
    /// Strip `scheme://host` from URLs in live lines when all URLs share it.
    prefix: Option<String>,
    once: bool,
    progress: Option<indicatif::ProgressBar>,
    samples: Vec<Sample>,
    transitions: Vec<Transition>,
    seen: u64,
    last: std::collections::HashMap<String, (CacheState, Option<String>)>,
    err: Option<std::io::Error>,
}

fn origin_of(u: &str) -> Option<String> {
    let url = reqwest::Url::parse(u).ok()?;
    Some(url.origin().ascii_serialization())
}

fn paint(s: CacheState, color: bool) -> String {
    let t = s.as_str();
    if !color {
        return t.to_string();
    }
    match s {
        CacheState::Hit => t.green().to_string(),
        CacheState::Stale | CacheState::Updating => t.yellow().to_string(),
        CacheState::Miss | CacheState::Expired => t.cyan().to_string(),
        CacheState::Revalidated => t.blue().to_string(),
        CacheState::Error => t.red().bold().to_string(),
        _ => t.normal().to_string(),
    }
}

fn secs(x: f64) -> String {
    format!("{x:.1}s")
}

impl<'a> ProbeRenderer<'a> {
    pub fn new(out: &'a Output, urls: &[String], once: bool) -> Self {
        let origins: Vec<Option<String>> = urls.iter().map(|u| origin_of(u)).collect();
        let prefix = match origins.first() {
            Some(Some(o)) if origins.iter().all(|x| x.as_ref() == Some(o)) => Some(o.clone()),
            _ => None,
        };
        let progress =
            (out.format == Format::Table && out.stderr_is_terminal && !out.quiet).then(|| {
                let pb = indicatif::ProgressBar::new_spinner();
                pb.enable_steady_tick(std::time::Duration::from_millis(120));
                pb.set_message("probing…");
                pb
            });
        ProbeRenderer {
            out,
            prefix,
            once,
            progress,
            samples: Vec::new(),
            transitions: Vec::new(),
            seen: 0,
            last: std::collections::HashMap::new(),
            err: None,
        }
    }

    fn name<'u>(&self, url: &'u str) -> &'u str {
        match &self.prefix {
            Some(p) => url
                .strip_prefix(p.as_str())
                .filter(|r| !r.is_empty())
                .unwrap_or(url),
            None => url,
        }
    }

    fn line(&mut self, s: &str) {
        let r = match &self.progress {
            Some(pb) => pb.suspend(|| self.out.line(s)),
            None => self.out.line(s),
        };
        if let Err(e) = r {
            self.err.get_or_insert(e);
        }
    }

    fn json(&mut self, v: &impl serde::Serialize) {
        if let Err(e) = self.out.json_line(v) {
            self.err.get_or_insert(e);
        }
    }

    /// Handle one event as it happens.
    pub fn event(&mut self, e: &Event) {
        match self.out.format {
            Format::Ndjson => self.json(e),
            Format::Json => match e {
                Event::Sample(s) => self.samples.push((**s).clone()),
                Event::Transition(t) => self.transitions.push(t.clone()),
                Event::Reached { .. } => {}
            },
            Format::Table => self.table_event(e),
        }
    }

    fn table_event(&mut self, e: &Event) {
        if self.once {
            return;
        }
        let c = self.out.color;
        match e {
            Event::Sample(s) => {
                self.seen += 1;
                if let Some(pb) = &self.progress {
                    pb.set_message(count(self.seen, "sample"));
                }
                let first = s.seq == 1;
                let verbose = self.out.verbose > 0;
                if first || verbose {
                    let l = format!(
                        "{:>7}  {}  {}  {}",
                        secs(s.t),
                        self.name(&s.url),
                        paint(s.state, c),
                        detail(s)
                    );
                    self.line(l.trim_end());
                } else if let Some((st, v)) = self.last.get(&s.url)
                    && *st == s.state
                    && s.version.is_some()
                    && *v != s.version
                {
                    let l = format!(
                        "{:>7}  {}  {}  new content {}",
                        secs(s.t),
                        self.name(&s.url),
                        paint(s.state, c),
                        detail(s)
                    );
                    self.line(l.trim_end());
                }
                self.last
                    .insert(s.url.clone(), (s.state, s.version.clone()));
                self.samples.push((**s).clone());
            }
            Event::Transition(t) => {
                if self.out.verbose > 0 {
                    return;
                }
                let s = self
                    .samples
                    .last()
                    .filter(|s| s.url == t.url && s.seq == t.seq);
                let d = s.map(detail).unwrap_or_default();
                let l = format!(
                    "{:>7}  {}  {} → {}  {d}",
                    secs(t.t),
                    self.name(&t.url),
                    paint(t.from, c),
                    paint(t.to, c),
                );
                self.line(l.trim_end());
            }
            Event::Reached { url, t, .. } => {
                let l = format!("{:>7}  {}  reached --until", secs(*t), self.name(url));
                self.line(&l);
            }
        }
        // Keep only the last sample per URL for transition details in table mode.
        if self.samples.len() > 64 {
            self.samples.drain(..32);
        }
    }

    /// Print the end of the run: explanations (`--once`), summary and verdict.
    pub fn finish(
        &mut self,
        outcome: &Outcome,
        verdict: &Verdict,
        explanations: &[Explanation],
    ) -> std::io::Result<()> {
        if let Some(pb) = self.progress.take() {
            pb.finish_and_clear();
        }
        match self.out.format {
            Format::Ndjson => {
                for x in explanations {
                    self.json(&json!({"type": "explanation", "explanation": x}));
                }
                self.json(
                    &json!({"type": "summary", "urls": outcome.summaries, "verdict": verdict}),
                );
            }
            Format::Json => {
                let mut doc = json!({
                    "type": "probe",
                    "samples": self.samples,
                    "transitions": self.transitions,
                    "urls": outcome.summaries,
                    "verdict": verdict,
                });
                if !explanations.is_empty() {
                    doc["explanations"] = json!(explanations);
                }
                self.out.json_pretty(&doc)?;
            }
            Format::Table => {
                for x in explanations {
                    self.explanation(x);
                }
                if !self.once {
                    self.summary(&outcome.summaries);
                }
                for m in &verdict.messages {
                    self.line(m);
                }
            }
        }
        match self.err.take() {
            Some(e) => Err(e),
            None => Ok(()),
        }
    }

    fn summary(&mut self, sums: &[UrlSummary]) {
        let mut t = new_table([
            "URL",
            "samples",
            "states",
            "versions",
            "TTL seen",
            "regen lag",
        ]);
        for s in sums {
            let states: Vec<String> = s.states.iter().map(|(k, v)| format!("{k} {v}")).collect();
            t.add_row(vec![
                self.name(&s.url).to_string(),
                s.samples.to_string(),
                states.join(" · "),
                s.versions.len().to_string(),
                s.observed_ttl.map(secs).unwrap_or_else(|| "-".into()),
                s.regeneration_lag.map(secs).unwrap_or_else(|| "-".into()),
            ]);
        }
        align_right(&mut t, &[1, 3, 4, 5]);
        self.line("");
        self.line(&t.to_string());
        for s in sums {
            let mut lines = vec![format!("{}", self.name(&s.url).bold())];
            let seq: Vec<&str> = s.sequence.iter().map(|x| x.as_str()).collect();
            lines.push(format!("  sequence:  {}", seq.join(" → ")));
            let tis: Vec<String> = s
                .time_in_state
                .iter()
                .map(|(k, v)| format!("{k} {v:.1}s"))
                .collect();
            if !tis.is_empty() {
                lines.push(format!("  time in state:  {}", tis.join(", ")));
            }
            for v in &s.versions {
                lines.push(format!(
                    "  {}  first seen at {}  ({})  {}",
                    v.label,
                    secs(v.first_seen),
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
            for l in lines {
                self.line(&l);
            }
        }
    }

    fn explanation(&mut self, x: &Explanation) {
        let c = self.out.color;
        let mut lines = vec![format!(
            "{}  {}  {}",
            x.url.bold(),
            x.status
                .map(|s| s.to_string())
                .unwrap_or_else(|| "-".into()),
            paint(x.state, c)
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
                paint(l.state, c),
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
                        "lifetime {l}s from {}",
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
        for l in lines {
            self.line(&l);
        }
    }
}

/// The detail of a live line: `(v1, age 61s)` (`HTTP 404` first when the status is not 200), or
/// the error reason. The freshness window is left out on purpose: it is computed from the
/// origin's headers (and, without `Age`, an estimated age), so next to the cache's own verdict it
/// reads as a contradiction (`HIT → STALE (v1, fresh for at most 3s)`). It stays in the JSON
/// samples and in `--once`.
fn detail(s: &Sample) -> String {
    if let Some(e) = &s.error {
        return e.clone();
    }
    let mut parts = Vec::new();
    if let Some(st) = s.status.filter(|c| *c != 200) {
        parts.push(format!("HTTP {st}"));
    }
    if let Some(v) = &s.version {
        parts.push(v.clone());
    }
    if let Some(a) = s.age {
        parts.push(format!("age {a}s"));
    }
    if parts.is_empty() {
        return String::new();
    }
    format!("({})", parts.join(", "))
}

/// `1 sample`, `2 samples`.
fn count(n: u64, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}
