//! Renderers for `isrctl simulate`: timeline and summary tables, one JSON document, or NDJSON.

use super::Output;
use super::table::new_table;
use crate::cli::Format;
use crate::engine::Time;
use crate::engine::events::{Background, CacheName, Served, SimEvent, Sink};
use crate::engine::metrics::Summary;
use crate::engine::model::{Action, InstanceSel, Platform, RenderTime, Revalidate, Route};
use crate::engine::routes::PathTable;
use crate::error::Result;
use crate::human::duration as fmt_secs;
use crate::trace::TraceStats;
use colored::Colorize;
use serde::Serialize;

/// What was simulated, for headers and the JSON document.
#[derive(Debug, Clone, Serialize)]
pub struct RunInfo {
    pub platform: Platform,
    pub seed: u64,
    pub source: String,
    pub routes: Vec<Route>,
    pub instances: u32,
    pub cdn: bool,
}

fn s(t: Time) -> f64 {
    t as f64 / 1e6
}

/// One timeline row as it appears in JSON/NDJSON (times in seconds).
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Row {
    Request {
        t: f64,
        path: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        instance: Option<u32>,
        served: Served,
        #[serde(skip_serializing_if = "Option::is_none")]
        origin: Option<Served>,
        status: u16,
        version: u32,
        age: f64,
        latency: f64,
        staleness: f64,
        background: &'static str,
        #[serde(skip_serializing_if = "Option::is_none")]
        done_at: Option<f64>,
    },
    Render {
        t: f64,
        path: String,
        cache: String,
        ok: bool,
        blocking: bool,
        version: u32,
    },
    Action {
        t: f64,
        action: &'static str,
        #[serde(skip_serializing_if = "Option::is_none")]
        target: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        mode: Option<&'static str>,
        #[serde(skip_serializing_if = "Option::is_none")]
        instance: Option<String>,
        paths: usize,
    },
}

/// A route as JSON, every duration in seconds like the rest of the output.
fn route_json(r: &Route) -> serde_json::Value {
    let secs = |t: Time| t as f64 / 1e6;
    let revalidate: serde_json::Value = match r.revalidate {
        Revalidate::Never => false.into(),
        Revalidate::Always => 0.into(),
        Revalidate::After(t) => secs(t).into(),
    };
    let render_time = match r.render_time {
        RenderTime::Fixed { time } => serde_json::json!({ "kind": "fixed", "time": secs(time) }),
        RenderTime::Uniform { min, max } => {
            serde_json::json!({ "kind": "uniform", "min": secs(min), "max": secs(max) })
        }
        RenderTime::LogNormal { median, p95 } => {
            serde_json::json!({ "kind": "log_normal", "median": secs(median), "p95": secs(p95) })
        }
    };
    serde_json::json!({
        "pattern": r.pattern,
        "revalidate": revalidate,
        "expire": r.expire.map(secs),
        "stale_if_error": secs(r.stale_if_error),
        "tags": r.tags,
        "prerender": r.prerender,
        "dynamic_params": r.dynamic_params,
        "render_time": render_time,
        "failure_rate": r.failures.probability,
        "failure_windows": r.failures.windows.iter().map(|&(a, b)| [secs(a), secs(b)]).collect::<Vec<_>>(),
    })
}

fn cache_name(c: CacheName) -> String {
    match c {
        CacheName::Cdn => "cdn".into(),
        CacheName::Shared => "shared".into(),
        CacheName::Instance(i) => format!("instance {i}"),
    }
}

fn instance_name(i: InstanceSel) -> String {
    match i {
        InstanceSel::All => "all".into(),
        InstanceSel::One(i) => i.to_string(),
    }
}

fn row(ev: &SimEvent<'_>, paths: &PathTable, multi: bool, platform: Platform) -> Row {
    match ev {
        SimEvent::Request(r) => {
            let (bg, done) = match r.background {
                Background::None => ("none", None),
                Background::RegenerationStarted { done_at } => {
                    ("regeneration_started", Some(s(done_at)))
                }
                Background::RenderStarted { done_at } => ("render", Some(s(done_at))),
                Background::OriginFetch { done_at } => ("origin_fetch", Some(s(done_at))),
                Background::JoinedRender { done_at } => ("joined_render", Some(s(done_at))),
                Background::CdnRefreshStarted { done_at } => {
                    ("cdn_refresh_started", Some(s(done_at)))
                }
            };
            Row::Request {
                t: s(r.t),
                path: paths.name(r.path).to_string(),
                instance: if multi { r.instance } else { None },
                served: r.served,
                origin: r.origin,
                status: r.status,
                version: r.version,
                age: s(r.age),
                latency: s(r.latency),
                staleness: s(r.staleness),
                background: bg,
                done_at: done,
            }
        }
        SimEvent::Render(r) => Row::Render {
            t: s(r.t),
            path: paths.name(r.path).to_string(),
            cache: cache_name(r.cache),
            ok: r.ok,
            blocking: r.blocking,
            version: r.version,
        },
        SimEvent::Action(a) => {
            let (action, target, mode, instance) = match &a.action {
                Action::ContentChange { target } => {
                    ("content_change", Some(target.to_string()), None, None)
                }
                Action::Revalidate {
                    kind,
                    target,
                    hard,
                    instance,
                } => {
                    let hard = hard.unwrap_or_else(|| platform.default_hard(*kind));
                    let name = match kind {
                        crate::engine::model::InvalidateKind::Path => "revalidate_path",
                        crate::engine::model::InvalidateKind::Tag => "revalidate_tag",
                    };
                    (
                        name,
                        Some(target.to_string()),
                        Some(if hard { "hard" } else { "soft" }),
                        Some(instance_name(*instance)),
                    )
                }
                Action::Purge { target } => ("purge", Some(target.to_string()), None, None),
                Action::Deploy => ("deploy", None, None, None),
                Action::Restart { instance } => {
                    ("restart", None, None, Some(instance_name(*instance)))
                }
            };
            Row::Action {
                t: s(a.t),
                action,
                target,
                mode,
                instance,
                paths: a.paths,
            }
        }
    }
}

/// The sink that renders a simulation: streams NDJSON, or collects rows for a table/JSON.
pub struct Renderer {
    out: Output,
    timeline: bool,
    info: RunInfo,
    rows: Vec<Row>,
    error: Option<std::io::Error>,
    started: bool,
}

impl Renderer {
    pub fn new(out: Output, timeline: bool, info: RunInfo) -> Self {
        Renderer {
            out,
            timeline,
            info,
            rows: Vec::new(),
            error: None,
            started: false,
        }
    }

    fn header(&self) -> serde_json::Value {
        serde_json::json!({
            "type": "run",
            "source": self.info.source,
            "platform": self.info.platform,
            "seed": self.info.seed,
            "instances": self.info.instances,
            "cdn": self.info.cdn,
        })
    }

    fn start_stream(&mut self) {
        if !self.started {
            self.started = true;
            if self.out.format == Format::Ndjson
                && let Err(e) = self.out.json_line(&self.header())
            {
                self.error = Some(e);
            }
        }
    }

    /// Print what was collected and the summary.
    pub fn finish(mut self, summary: &Summary, input: Option<&TraceStats>) -> Result<()> {
        self.start_stream();
        if let Some(e) = self.error.take() {
            return Err(e.into());
        }
        let mut summary_json = serde_json::to_value(summary)
            .map_err(|e| crate::error::Error::internal(e.to_string()))?;
        if let Some(i) = input {
            summary_json["input"] = serde_json::to_value(i).unwrap_or_default();
        }
        match self.out.format {
            Format::Ndjson => {
                summary_json["type"] = "summary".into();
                self.out.json_line(&summary_json)?;
            }
            Format::Json => {
                let mut doc = self.header();
                doc["type"] = "simulation".into();
                doc["routes"] = self.info.routes.iter().map(route_json).collect();
                if self.timeline {
                    doc["timeline"] = serde_json::to_value(&self.rows).unwrap_or_default();
                }
                doc["summary"] = summary_json;
                self.out.json_pretty(&doc)?;
            }
            Format::Table => {
                if self.timeline && !self.out.quiet {
                    self.out.line(&self.timeline_table().to_string())?;
                    self.out.line("")?;
                }
                let mut table = super::summary::summary_table(summary, &self.info);
                if let Some(i) = input {
                    super::summary::input_rows(&mut table, i);
                }
                self.out.line(&table.to_string())?;
                if !summary.changes.is_empty() {
                    self.out.line("")?;
                    self.out
                        .line(&super::summary::changes_table(summary).to_string())?;
                }
            }
        }
        Ok(())
    }

    fn timeline_table(&self) -> comfy_table::Table {
        let multi = self.info.instances > 1;
        let cdn = self.info.cdn;
        let mut header = vec!["t", "path"];
        if multi {
            header.push("instance");
        }
        header.extend(["served", "version", "age"]);
        if cdn {
            header.push("origin");
        }
        header.push("background");
        let mut t = new_table(header);
        for r in &self.rows {
            let mut cells: Vec<String> = Vec::new();
            match r {
                Row::Request {
                    t,
                    path,
                    instance,
                    served,
                    origin,
                    version,
                    age,
                    background,
                    done_at,
                    staleness,
                    latency,
                    ..
                } => {
                    cells.push(fmt_secs((t * 1e6).round() as Time));
                    cells.push(path.clone());
                    if multi {
                        cells.push(instance.map_or(String::new(), |i| i.to_string()));
                    }
                    cells.push(paint(*served));
                    cells.push(if *version == 0 {
                        "-".into()
                    } else {
                        format!("v{version}")
                    });
                    cells.push(if *version == 0 {
                        "-".into()
                    } else {
                        fmt_secs((age * 1e6).round() as Time)
                    });
                    if cdn {
                        cells.push(origin.map_or(String::new(), |o| o.label().to_string()));
                    }
                    let mut what = match (*background, done_at) {
                        ("regeneration_started", Some(d)) => format!(
                            "regeneration started (done at {})",
                            fmt_secs((d * 1e6).round() as Time)
                        ),
                        ("cdn_refresh_started", Some(d)) => format!(
                            "CDN refresh started (done at {})",
                            fmt_secs((d * 1e6).round() as Time)
                        ),
                        ("render", Some(_)) => format!(
                            "blocking render ({} wait)",
                            fmt_secs((latency * 1e6).round() as Time)
                        ),
                        ("joined_render", Some(_)) => format!(
                            "joined render in flight ({} wait)",
                            fmt_secs((latency * 1e6).round() as Time)
                        ),
                        ("origin_fetch", Some(_)) => format!(
                            "fetched from the origin ({} wait)",
                            fmt_secs((latency * 1e6).round() as Time)
                        ),
                        _ => String::new(),
                    };
                    if *staleness > 0.0 {
                        if !what.is_empty() {
                            what.push_str("; ");
                        }
                        what.push_str(&format!(
                            "content {} behind",
                            fmt_secs((staleness * 1e6).round() as Time)
                        ));
                    }
                    cells.push(what);
                }
                Row::Render {
                    t,
                    path,
                    cache,
                    ok,
                    blocking,
                    version,
                } => {
                    cells.push(fmt_secs((t * 1e6).round() as Time));
                    cells.push(path.clone());
                    if multi {
                        cells.push(cache.strip_prefix("instance ").unwrap_or(cache).to_string());
                    }
                    cells.extend([String::new(), String::new(), String::new()]);
                    if cdn {
                        cells.push(String::new());
                    }
                    let at_cdn = cache == "cdn" && self.info.platform != Platform::Cdn;
                    let kind = match (*blocking, at_cdn) {
                        (true, true) => "CDN fetch",
                        (true, false) => "render",
                        (false, true) => "CDN refresh",
                        (false, false) => "regeneration",
                    };
                    cells.push(if *ok {
                        format!("{kind} done → v{version}").green().to_string()
                    } else if *version > 0 {
                        format!("{kind} failed (keeps v{version})")
                            .red()
                            .to_string()
                    } else {
                        format!("{kind} failed").red().to_string()
                    });
                }
                Row::Action {
                    t,
                    action,
                    target,
                    mode,
                    instance,
                    paths,
                } => {
                    cells.push(fmt_secs((t * 1e6).round() as Time));
                    cells.push(target.clone().unwrap_or_default());
                    if multi {
                        cells.push(instance.clone().unwrap_or_default());
                    }
                    cells.extend([String::new(), String::new(), String::new()]);
                    if cdn {
                        cells.push(String::new());
                    }
                    let m = mode.map(|m| format!(" ({m})")).unwrap_or_default();
                    cells.push(
                        format!("{}{m}: {paths} path(s)", action.replace('_', " "))
                            .cyan()
                            .to_string(),
                    );
                }
            }
            t.add_row(cells);
        }
        t
    }
}

fn paint(s: Served) -> String {
    let l = s.label();
    match s {
        Served::Hit => l.green().to_string(),
        Served::Stale => l.yellow().to_string(),
        Served::Miss | Served::Revalidated | Served::Dynamic => l.blue().to_string(),
        Served::NotFound | Served::Error => l.red().bold().to_string(),
    }
}

impl Sink for Renderer {
    fn event(&mut self, ev: SimEvent<'_>, paths: &PathTable) {
        if !self.timeline || self.error.is_some() {
            return;
        }
        let r = row(&ev, paths, self.info.instances > 1, self.info.platform);
        if self.out.format == Format::Ndjson {
            self.start_stream();
            if let Err(e) = self.out.json_line(&r) {
                self.error = Some(e);
            }
        } else {
            self.rows.push(r);
        }
    }
}
