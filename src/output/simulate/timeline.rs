//! The simulate timeline: one typed event per request, render and scenario action (as printed in
//! JSON/NDJSON, times in seconds), and the timeline table for people built from the same events.

use super::super::table::{Col, Fit, Tabular, col};
use crate::engine::events::{Background, CacheName, Served, SimEvent};
use crate::engine::model::{Action, InstanceSel, InvalidateKind, Platform};
use crate::engine::routes::PathTable;
use crate::engine::{SECOND, Time};
use crate::human::duration;
use colored::Colorize;
use schemars::JsonSchema;
use serde::Serialize;

fn secs(t: Time) -> f64 {
    t as f64 / SECOND as f64
}

/// Seconds back to the time they were made from, for formatting.
fn micros(s: f64) -> Time {
    (s * 1e6).round() as Time
}

/// What a request set off in the background.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum BackgroundKind {
    None,
    RegenerationStarted,
    Render,
    OriginFetch,
    JoinedRender,
    CdnRefreshStarted,
}

/// A scenario action, as named in the timeline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ActionKind {
    ContentChange,
    RevalidatePath,
    RevalidateTag,
    Purge,
    Deploy,
    Restart,
}

impl ActionKind {
    pub fn words(self) -> &'static str {
        match self {
            ActionKind::ContentChange => "content change",
            ActionKind::RevalidatePath => "revalidate path",
            ActionKind::RevalidateTag => "revalidate tag",
            ActionKind::Purge => "purge",
            ActionKind::Deploy => "deploy",
            ActionKind::Restart => "restart",
        }
    }
}

/// Whether an on-demand invalidation was hard (the next request blocks) or soft.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    Hard,
    Soft,
}

fn cache_label<S: serde::Serializer>(c: &CacheName, s: S) -> Result<S::Ok, S::Error> {
    match c {
        CacheName::Cdn => s.serialize_str("cdn"),
        CacheName::Shared => s.serialize_str("shared"),
        CacheName::Instance(i) => s.collect_str(&format_args!("instance {i}")),
    }
}

/// One timeline event (times in seconds).
#[derive(Debug, Clone, Serialize, JsonSchema)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Event {
    /// A served request.
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
        background: BackgroundKind,
        #[serde(skip_serializing_if = "Option::is_none")]
        done_at: Option<f64>,
    },
    /// A render finishing (background or blocking); `cache` is `cdn`, `shared` or `instance N`.
    Render {
        t: f64,
        path: String,
        #[serde(serialize_with = "cache_label")]
        #[schemars(with = "String")]
        cache: CacheName,
        ok: bool,
        blocking: bool,
        version: u32,
    },
    /// A scenario action as applied.
    Action {
        t: f64,
        action: ActionKind,
        #[serde(skip_serializing_if = "Option::is_none")]
        target: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        mode: Option<Mode>,
        #[serde(skip_serializing_if = "Option::is_none")]
        instance: Option<String>,
        paths: usize,
    },
}

fn instance_name(i: InstanceSel) -> String {
    match i {
        InstanceSel::All => "all".into(),
        InstanceSel::One(i) => i.to_string(),
    }
}

fn background(b: Background) -> (BackgroundKind, Option<f64>) {
    match b {
        Background::None => (BackgroundKind::None, None),
        Background::RegenerationStarted { done_at } => {
            (BackgroundKind::RegenerationStarted, Some(secs(done_at)))
        }
        Background::RenderStarted { done_at } => (BackgroundKind::Render, Some(secs(done_at))),
        Background::OriginFetch { done_at } => (BackgroundKind::OriginFetch, Some(secs(done_at))),
        Background::JoinedRender { done_at } => (BackgroundKind::JoinedRender, Some(secs(done_at))),
        Background::CdnRefreshStarted { done_at } => {
            (BackgroundKind::CdnRefreshStarted, Some(secs(done_at)))
        }
    }
}

/// A scenario action's kind, target, mode and instance, as the timeline names them.
pub(super) fn action(
    a: &Action,
    platform: Platform,
) -> (ActionKind, Option<String>, Option<Mode>, Option<String>) {
    match a {
        Action::ContentChange { target } => (
            ActionKind::ContentChange,
            Some(target.to_string()),
            None,
            None,
        ),
        Action::Revalidate {
            kind,
            target,
            hard,
            instance,
        } => {
            let hard = hard.unwrap_or_else(|| platform.default_hard(*kind));
            let name = match kind {
                InvalidateKind::Path => ActionKind::RevalidatePath,
                InvalidateKind::Tag => ActionKind::RevalidateTag,
            };
            let mode = if hard { Mode::Hard } else { Mode::Soft };
            (
                name,
                Some(target.to_string()),
                Some(mode),
                Some(instance_name(*instance)),
            )
        }
        Action::Purge { target } => (ActionKind::Purge, Some(target.to_string()), None, None),
        Action::Deploy => (ActionKind::Deploy, None, None, None),
        Action::Restart { instance } => (
            ActionKind::Restart,
            None,
            None,
            Some(instance_name(*instance)),
        ),
    }
}

impl Event {
    /// The event for an engine event; `multi` shows which instance answered.
    pub fn new(ev: &SimEvent<'_>, paths: &PathTable, multi: bool, platform: Platform) -> Self {
        match ev {
            SimEvent::Request(r) => {
                let (background, done_at) = background(r.background);
                Event::Request {
                    t: secs(r.t),
                    path: paths.name(r.path),
                    instance: if multi { r.instance } else { None },
                    served: r.served,
                    origin: r.origin,
                    status: r.status,
                    version: r.version,
                    age: secs(r.age),
                    latency: secs(r.latency),
                    staleness: secs(r.staleness),
                    background,
                    done_at,
                }
            }
            SimEvent::Render(r) => Event::Render {
                t: secs(r.t),
                path: paths.name(r.path),
                cache: r.cache,
                ok: r.ok,
                blocking: r.blocking,
                version: r.version,
            },
            SimEvent::Action(a) => {
                let (action, target, mode, instance) = action(&a.action, platform);
                Event::Action {
                    t: secs(a.t),
                    action,
                    target,
                    mode,
                    instance,
                    paths: a.paths,
                }
            }
        }
    }
}

/// Which columns the timeline table has.
#[derive(Debug, Clone, Copy)]
pub struct Columns {
    /// More than one instance: an instance column.
    pub multi: bool,
    /// A CDN in front: an origin column.
    pub cdn: bool,
    pub platform: Platform,
}

impl Columns {
    fn header(&self) -> Vec<Col> {
        let mut header = vec![col("t").right(), col("path").fit(Fit::Middle)];
        if self.multi {
            header.push(col("instance"));
        }
        header.extend([col("served"), col("version"), col("age").right()]);
        if self.cdn {
            header.push(col("origin"));
        }
        header.push(col("background").fit(Fit::Wrap));
        header
    }

    /// The cells between path and the last column of a row that is not a request.
    fn blanks(&self, cells: &mut Vec<String>, instance: String) {
        if self.multi {
            cells.push(instance);
        }
        cells.extend([String::new(), String::new(), String::new()]);
        if self.cdn {
            cells.push(String::new());
        }
    }
}

/// The timeline as a table for people.
pub fn table(events: &[Event], cols: Columns) -> Tabular {
    let mut t = Tabular::new(cols.header());
    for e in events {
        t.row(match e {
            Event::Request { .. } => request_cells(e, cols),
            Event::Render { .. } => render_cells(e, cols),
            Event::Action { .. } => action_cells(e, cols),
        });
    }
    t
}

fn request_cells(e: &Event, cols: Columns) -> Vec<String> {
    let Event::Request {
        t,
        path,
        instance,
        served,
        origin,
        version,
        age,
        ..
    } = e
    else {
        unreachable!("called for requests")
    };
    let mut cells = vec![
        duration(micros(*t)),
        crate::human::escape(path).into_owned(),
    ];
    if cols.multi {
        cells.push(instance.map_or(String::new(), |i| i.to_string()));
    }
    cells.push(paint(*served));
    let (v, a) = if *version == 0 {
        ("-".into(), "-".into())
    } else {
        (format!("v{version}"), duration(micros(*age)))
    };
    cells.extend([v, a]);
    if cols.cdn {
        cells.push(origin.map_or(String::new(), |o| o.label().to_string()));
    }
    cells.push(request_note(e));
    cells
}

/// The background column of a request: what it set off, and how far behind its content was.
fn request_note(e: &Event) -> String {
    let Event::Request {
        background,
        done_at,
        latency,
        staleness,
        ..
    } = e
    else {
        return String::new();
    };
    let wait = duration(micros(*latency));
    let mut what = match (background, done_at) {
        (BackgroundKind::RegenerationStarted, Some(d)) => {
            format!("regeneration started (done at {})", duration(micros(*d)))
        }
        (BackgroundKind::CdnRefreshStarted, Some(d)) => {
            format!("CDN refresh started (done at {})", duration(micros(*d)))
        }
        (BackgroundKind::Render, Some(_)) => format!("blocking render ({wait} wait)"),
        (BackgroundKind::JoinedRender, Some(_)) => {
            format!("joined render in flight ({wait} wait)")
        }
        (BackgroundKind::OriginFetch, Some(_)) => {
            format!("fetched from the origin ({wait} wait)")
        }
        _ => String::new(),
    };
    if *staleness > 0.0 {
        if !what.is_empty() {
            what.push_str("; ");
        }
        what.push_str(&format!("content {} behind", duration(micros(*staleness))));
    }
    what
}

fn render_cells(e: &Event, cols: Columns) -> Vec<String> {
    let Event::Render {
        t,
        path,
        cache,
        ok,
        blocking,
        version,
    } = e
    else {
        unreachable!("called for renders")
    };
    let mut cells = vec![
        duration(micros(*t)),
        crate::human::escape(path).into_owned(),
    ];
    let instance = match cache {
        CacheName::Cdn => "cdn".to_string(),
        CacheName::Shared => "shared".to_string(),
        CacheName::Instance(i) => i.to_string(),
    };
    cols.blanks(&mut cells, instance);
    let at_cdn = *cache == CacheName::Cdn && cols.platform != Platform::Cdn;
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
    cells
}

fn action_cells(e: &Event, cols: Columns) -> Vec<String> {
    let Event::Action {
        t,
        action,
        target,
        mode,
        instance,
        paths,
    } = e
    else {
        unreachable!("called for actions")
    };
    let mut cells = vec![duration(micros(*t)), target.clone().unwrap_or_default()];
    cols.blanks(&mut cells, instance.clone().unwrap_or_default());
    let m = match mode {
        Some(Mode::Hard) => " (hard)",
        Some(Mode::Soft) => " (soft)",
        None => "",
    };
    cells.push(
        format!(
            "{}{m}: {}",
            action.words(),
            crate::human::count(*paths as u64, "path")
        )
        .cyan()
        .to_string(),
    );
    cells
}

fn paint(s: Served) -> String {
    let l = s.label();
    match s {
        Served::Hit => l.green().to_string(),
        Served::Stale | Served::Updating => l.yellow().to_string(),
        Served::Miss | Served::Revalidated | Served::Dynamic | Served::Expired => {
            l.blue().to_string()
        }
        Served::NotFound | Served::Error => l.red().bold().to_string(),
    }
}
