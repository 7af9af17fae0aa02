//! What the engine reports as it runs: one typed event per request, background action and
//! scenario event, handed to a [`Sink`]. Renderers turn them into tables or NDJSON.

use super::Time;
use super::model::Action;
use super::routes::PathTable;
use serde::Serialize;

/// The state a response was served in (what a cache-status header would say).
#[derive(
    Debug,
    Clone,
    Copy,
    Default,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Served {
    /// From cache, fresh.
    Hit,
    /// From cache, past its revalidate period (a background regeneration runs or was skipped).
    Stale,
    /// Not in cache (or hard-invalidated): the request waited for a render.
    #[default]
    Miss,
    /// Past `expire` or bypass header: a blocking render (next-start labels it REVALIDATED).
    Revalidated,
    /// `revalidate = 0`: rendered for this request, never cached.
    Dynamic,
    /// 404: no route, or an unknown param with `dynamic_params = false`.
    NotFound,
    /// 500: the blocking render failed and there was nothing stale to serve.
    Error,
    /// nginx: the old entry while another request's background update runs.
    Updating,
    /// nginx: past the stale window, the request waited for a fetch.
    Expired,
}

impl Served {
    pub fn label(self) -> &'static str {
        match self {
            Served::Hit => "HIT",
            Served::Stale => "STALE",
            Served::Miss => "MISS",
            Served::Revalidated => "REVALIDATED",
            Served::Dynamic => "DYNAMIC",
            Served::NotFound => "404",
            Served::Error => "500",
            Served::Updating => "UPDATING",
            Served::Expired => "EXPIRED",
        }
    }

    pub fn status(self) -> u16 {
        match self {
            Served::NotFound => 404,
            Served::Error => 500,
            _ => 200,
        }
    }

    pub const ALL: [Served; 9] = [
        Served::Hit,
        Served::Stale,
        Served::Miss,
        Served::Revalidated,
        Served::Dynamic,
        Served::NotFound,
        Served::Error,
        Served::Updating,
        Served::Expired,
    ];
}

/// What a request set off in the background.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Background {
    None,
    /// A background regeneration started; it completes at `done_at`.
    RegenerationStarted {
        done_at: Time,
    },
    /// A blocking render started (this request waits for it).
    RenderStarted {
        done_at: Time,
    },
    /// Joined a blocking render already in flight (request collapsing).
    JoinedRender {
        done_at: Time,
    },
    /// The CDN fetched from the origin while the request waited (CDN MISS).
    OriginFetch {
        done_at: Time,
    },
    /// A CDN refresh from the origin started in the background.
    CdnRefreshStarted {
        done_at: Time,
    },
}

/// One served request.
#[derive(Debug, Clone, Serialize)]
pub struct RequestEvent {
    /// Arrival time.
    pub t: Time,
    pub path: u32,
    /// The instance that answered (none when a CDN answered from its own cache).
    pub instance: Option<u32>,
    pub served: Served,
    /// Origin state when a CDN forwarded the request.
    pub origin: Option<Served>,
    pub status: u16,
    /// Render generation served (0 when nothing was served).
    pub version: u32,
    /// Time since the responding layer wrote the entry.
    pub age: Time,
    /// Modelled time until the response was complete.
    pub latency: Time,
    /// How long the served content had lagged behind the newest upstream change.
    pub staleness: Time,
    pub background: Background,
}

/// A render finishing (background or blocking).
#[derive(Debug, Clone, Serialize)]
pub struct RenderEvent {
    pub t: Time,
    pub path: u32,
    /// Cache that received the result: instance index, or `cdn`.
    pub cache: CacheName,
    pub ok: bool,
    pub blocking: bool,
    /// Version now in the cache.
    pub version: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CacheName {
    Cdn,
    Instance(u32),
    Shared,
}

/// A scenario event as applied.
#[derive(Debug, Clone, Serialize)]
pub struct ActionEvent {
    pub t: Time,
    pub action: Action,
    /// Paths it touched.
    pub paths: usize,
}

/// Any event the engine emits.
#[derive(Debug, Clone)]
pub enum SimEvent<'a> {
    Request(&'a RequestEvent),
    Render(&'a RenderEvent),
    Action(&'a ActionEvent),
}

/// Receives events as they happen. `NullSink` compiles to nothing on the hot path.
pub trait Sink {
    /// Whether this sink wants events at all (lets the engine skip building them).
    const ENABLED: bool = true;
    /// One event; `paths` resolves the path ids it carries.
    fn event(&mut self, ev: SimEvent<'_>, paths: &PathTable);
    /// The sink can take no more (its output is gone, e.g. a closed pipe): the run may stop.
    fn stopped(&self) -> bool {
        false
    }
}

/// Ignores everything.
pub struct NullSink;

impl Sink for NullSink {
    const ENABLED: bool = false;
    fn event(&mut self, _ev: SimEvent<'_>, _paths: &PathTable) {}
}
