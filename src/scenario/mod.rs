//! Scenario files (TOML): parse, validate with file:line:column errors, and turn into a plan the
//! engine can run. Unknown keys are rejected; durations are seconds or humantime strings.

mod events;
pub mod next_build;
mod toml_types;

use crate::engine::model::{
    Action, Balance, Failures, Platform, RenderTime, Revalidate, Route, SimConfig,
};
use crate::engine::workload::WorkloadSpec;
use crate::engine::{SECOND, Time};
use std::ops::Range;
use toml_types::{DurValue, RenderTimeToml, ScenarioToml};

/// One timed input of a scenario.
#[derive(Debug, Clone, PartialEq)]
pub enum Step {
    Request {
        path: String,
    },
    /// A request carrying the bypass header (`x-prerender-revalidate`).
    Bypass {
        path: String,
    },
    Action(Action),
}

/// A parsed, validated scenario.
#[derive(Debug, Clone)]
pub struct Scenario {
    pub config: SimConfig,
    /// Time-ordered steps (requests and actions).
    pub steps: Vec<(Time, Step)>,
    pub workload: Option<WorkloadSpec>,
    /// Period over which renders per hour are counted (default: the span of requests).
    pub duration: Option<Time>,
    /// The 1-based line of the `[[events]]` entry each step came from, for messages about a
    /// step (`simulate --against` names the events it cannot send); empty when the scenario was
    /// not read from a file.
    pub step_lines: Vec<u32>,
}

/// A scenario error with its place in the file (`file:line:column: message`).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{file}:{line}:{column}: {message}")]
pub struct Error {
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub message: String,
}

/// 1-based line and column of a byte offset.
pub fn line_col(src: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(src.len());
    let before = &src[..offset];
    let line = before.matches('\n').count() + 1;
    let col = before.rfind('\n').map_or(offset, |nl| offset - nl - 1) + 1;
    (line, col)
}

struct Ctx<'a> {
    file: &'a str,
    src: &'a str,
}

impl Ctx<'_> {
    fn err(&self, span: Option<Range<usize>>, message: impl Into<String>) -> Error {
        let (line, column) = span.map_or((1, 1), |s| line_col(self.src, s.start));
        // Values from the file are echoed in messages: no control character reaches the terminal.
        Error {
            file: crate::human::escape(self.file).into_owned(),
            line,
            column,
            message: crate::human::escape(&message.into()).into_owned(),
        }
    }
}

/// Parse a scenario from TOML text. `file` is only used in messages.
pub fn parse(file: &str, src: &str) -> Result<Scenario, Error> {
    let cx = Ctx { file, src };
    let raw: ScenarioToml = toml::from_str(src).map_err(|e| {
        let msg = e.message().trim().to_string();
        cx.err(e.span(), msg)
    })?;
    build(&cx, raw)
}

fn dur(cx: &Ctx, v: &toml::Spanned<DurValue>, what: &str) -> Result<Time, Error> {
    v.get_ref()
        .micros()
        .map_err(|m| cx.err(Some(v.span()), format!("{what}: {m}")))
}

fn build(cx: &Ctx, raw: ScenarioToml) -> Result<Scenario, Error> {
    let platform = raw.platform.unwrap_or(Platform::NextStart);
    let mut routes = Vec::new();
    if let Some(r) = raw.routes.get(crate::engine::routes::MAX_ROUTES) {
        return Err(cx.err(
            Some(r.span()),
            format!(
                "too many [[routes]]: {} (the limit is {}); this is the first one over it",
                raw.routes.len(),
                crate::engine::routes::MAX_ROUTES
            ),
        ));
    }
    for r in &raw.routes {
        routes.push(build_route(cx, r)?);
    }
    let workload = match &raw.workload {
        Some(w) => Some(WorkloadSpec::parse(w.get_ref()).map_err(|m| cx.err(Some(w.span()), m))?),
        None => None,
    };
    if routes.is_empty() {
        if raw.events.is_empty() && workload.is_none() {
            return Err(cx.err(None, "the scenario has no [[routes]] and no [[events]]"));
        }
        // Without routes every path is one ISR page with the defaults.
        routes.push(Route::new("*"));
    }
    let mut config = SimConfig::new(platform, routes);
    if let Some(seed) = raw.seed {
        config.seed = seed;
    }
    match (&raw.built_ago, &raw.deploy_at) {
        (Some(_), Some(d)) => {
            return Err(cx.err(
                Some(d.span()),
                "give either built_ago or deploy_at, not both",
            ));
        }
        (Some(b), None) => config.deploy_at = -dur(cx, b, "built_ago")?,
        (None, Some(d)) => {
            config.deploy_at = d
                .get_ref()
                .signed_micros()
                .map_err(|m| cx.err(Some(d.span()), format!("deploy_at: {m}")))?
        }
        (None, None) => {}
    }
    if let Some(i) = &raw.instances {
        let t = i.get_ref();
        if t.count == 0 || t.count > 1024 {
            return Err(cx.err(Some(i.span()), "instances.count must be between 1 and 1024"));
        }
        config.topology.instances = t.count;
        config.topology.shared_cache = match t.cache.as_deref() {
            None | Some("per-instance") => false,
            Some("shared") => true,
            Some(o) => {
                return Err(cx.err(
                    Some(i.span()),
                    format!("instances.cache '{o}' (expected per-instance or shared)"),
                ));
            }
        };
        config.topology.balance = match t.balance.as_deref() {
            None | Some("round-robin") => Balance::RoundRobin,
            Some("random") => Balance::Random,
            Some(o) => {
                return Err(cx.err(
                    Some(i.span()),
                    format!("instances.balance '{o}' (expected round-robin or random)"),
                ));
            }
        };
    }
    if let Some(c) = &raw.cdn {
        config.topology.cdn = c.get_ref().enabled.unwrap_or(true);
        if let Some(h) = &c.get_ref().hit_time {
            config.latencies.cdn_hit = dur(cx, h, "cdn.hit_time")?;
        }
        config.topology.cdn_flavour = c.get_ref().flavour.unwrap_or_default();
        if let Some(ph) = &c.get_ref().clock_phase {
            let v = dur(cx, ph, "cdn.clock_phase")?;
            if !(0..crate::engine::SECOND).contains(&v) {
                return Err(cx.err(
                    Some(ph.span()),
                    "cdn.clock_phase must be at least 0 and below 1s".to_string(),
                ));
            }
            config.topology.clock_phase = v;
        }
    }
    if let Some(h) = &raw.origin_hit_time {
        config.latencies.origin_hit = dur(cx, h, "origin_hit_time")?;
    }
    let duration = match &raw.duration {
        Some(d) => Some(dur(cx, d, "duration")?),
        None => None,
    };
    let (steps, step_lines) = events::build_events(cx, &raw.events, &config)?;
    Ok(Scenario {
        config,
        steps,
        workload,
        duration,
        step_lines,
    })
}

fn build_route(cx: &Ctx, r: &toml::Spanned<toml_types::RouteToml>) -> Result<Route, Error> {
    let span = r.span();
    let t = r.get_ref();
    let path = t.path.get_ref();
    if !(path.starts_with('/') || path == "*") {
        return Err(cx.err(
            Some(t.path.span()),
            format!("route path '{path}' must start with '/' (or be '*')"),
        ));
    }
    let mut route = Route::new(path.clone());
    if let Some(v) = &t.revalidate {
        route.revalidate = match v.get_ref() {
            DurValue::Bool(false) => Revalidate::Never,
            DurValue::Bool(true) => {
                return Err(cx.err(
                    Some(v.span()),
                    "revalidate: true is not a period; use seconds, \"1m\", 0 or false",
                ));
            }
            _ => match dur(cx, v, "revalidate")? {
                0 => Revalidate::Always,
                us => Revalidate::After(us),
            },
        };
    }
    if let Some(v) = &t.expire {
        let e = dur(cx, v, "expire")?;
        if e == 0 {
            return Err(cx.err(Some(v.span()), "expire must be more than zero"));
        }
        route.expire = Some(e);
    }
    if let Some(v) = &t.stale_if_error {
        route.stale_if_error = dur(cx, v, "stale_if_error")?;
    }
    route.tags = t.tags.clone().unwrap_or_default();
    route.prerender = match &t.prerender {
        Some(list) => list.clone(),
        None if crate::engine::routes::is_exact(path) => vec![path.clone()],
        None => Vec::new(),
    };
    for p in &route.prerender {
        // Count, not expand: a range product is checked before anything is allocated.
        match crate::engine::routes::range_count(p) {
            Err(m) => return Err(cx.err(Some(span.clone()), format!("prerender: {m}"))),
            Ok(n) if n > crate::engine::routes::MAX_PRERENDER => {
                return Err(cx.err(
                    Some(span.clone()),
                    format!("prerender: {}", crate::engine::routes::too_many_pages(p, n)),
                ));
            }
            Ok(_) => {}
        }
    }
    route.dynamic_params = t.dynamic_params.unwrap_or(true);
    if let Some(rt) = &t.render_time {
        route.render_time = match rt.get_ref() {
            RenderTimeToml::Fixed(d) => RenderTime::Fixed {
                time: d
                    .micros()
                    .map_err(|m| cx.err(Some(rt.span()), format!("render_time: {m}")))?,
            },
            RenderTimeToml::Uniform { uniform } => {
                let min = uniform[0]
                    .micros()
                    .map_err(|m| cx.err(Some(rt.span()), format!("render_time: {m}")))?;
                let max = uniform[1]
                    .micros()
                    .map_err(|m| cx.err(Some(rt.span()), format!("render_time: {m}")))?;
                if max < min {
                    return Err(cx.err(
                        Some(rt.span()),
                        "render_time: uniform [min, max] has max < min",
                    ));
                }
                RenderTime::Uniform { min, max }
            }
            RenderTimeToml::LogNormal { median, p95 } => {
                let median = median
                    .micros()
                    .map_err(|m| cx.err(Some(rt.span()), format!("render_time: {m}")))?;
                let p95 = p95
                    .micros()
                    .map_err(|m| cx.err(Some(rt.span()), format!("render_time: {m}")))?;
                if p95 < median {
                    return Err(cx.err(
                        Some(rt.span()),
                        "render_time: p95 must be at least the median",
                    ));
                }
                RenderTime::LogNormal { median, p95 }
            }
        };
    }
    let mut failures = Failures::default();
    if let Some(p) = &t.failure_rate {
        let v = *p.get_ref();
        if !(0.0..=1.0).contains(&v) {
            return Err(cx.err(
                Some(p.span()),
                format!("failure_rate {v} must be between 0 and 1"),
            ));
        }
        failures.probability = v;
    }
    if let Some(ws) = &t.failure_windows {
        for w in ws.get_ref() {
            let a = w[0]
                .signed_micros()
                .map_err(|m| cx.err(Some(ws.span()), format!("failure_windows: {m}")))?;
            let b = w[1]
                .signed_micros()
                .map_err(|m| cx.err(Some(ws.span()), format!("failure_windows: {m}")))?;
            if b <= a {
                return Err(cx.err(
                    Some(ws.span()),
                    "failure_windows: each window is [from, to) with to > from",
                ));
            }
            failures.windows.push((a, b));
        }
    }
    route.failures = failures;
    Ok(route)
}

/// Seconds to virtual time, for callers that build scenarios in code.
pub fn seconds(s: f64) -> Time {
    (s * SECOND as f64).round() as Time
}

#[cfg(test)]
mod tests;
