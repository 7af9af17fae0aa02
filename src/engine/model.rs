//! Simulation inputs: platform profiles, route configuration, topology and scenario events.

use super::{MILLI, SECOND, Time};
use serde::Serialize;

/// How a platform's cache behaves. Where a real server was measured, the profile follows it.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Platform {
    /// Self-hosted `next start` (Next.js 16, measured): per-instance caches; hard on-demand
    /// invalidation; a failed background regeneration re-stamps the old entry as fresh.
    NextStart,
    /// Vercel: one durable regional cache, collapsing, keep stale and retry after 30 s on failure,
    /// on-demand invalidations soft and propagated within 300 ms.
    Vercel,
    /// A generic CDN: s-maxage + stale-while-revalidate + stale-if-error; origin renders every fetch.
    Cdn,
}

impl Platform {
    pub fn name(self) -> &'static str {
        match self {
            Platform::NextStart => "next-start",
            Platform::Vercel => "vercel",
            Platform::Cdn => "cdn",
        }
    }

    /// Whether on-demand invalidations are hard (next request blocks) when the event does not say.
    pub fn default_hard(self, kind: InvalidateKind) -> bool {
        match self {
            // Measured: revalidatePath, revalidateTag(t) and {expire: 0} are hard; only 'max' is soft.
            Platform::NextStart => true,
            Platform::Vercel => false,
            Platform::Cdn => kind == InvalidateKind::Path,
        }
    }

    /// Delay before an on-demand invalidation takes effect everywhere.
    pub fn propagation(self) -> Time {
        match self {
            Platform::Vercel => 300 * MILLI,
            _ => 0,
        }
    }

    /// How long a failed background regeneration keeps stale content before the next attempt.
    pub const VERCEL_RETRY: Time = 30 * SECOND;
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum InvalidateKind {
    Path,
    Tag,
}

/// The route `revalidate` setting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Revalidate {
    /// `revalidate = false`: cached forever (until invalidated or expired).
    Never,
    /// `revalidate = 0`: dynamic, every request renders.
    Always,
    /// Fresh for this long after the entry was written.
    After(Time),
}

/// How long a render takes.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum RenderTime {
    Fixed {
        time: Time,
    },
    Uniform {
        min: Time,
        max: Time,
    },
    /// Log-normal with the given median and 95th percentile.
    LogNormal {
        median: Time,
        p95: Time,
    },
}

impl Default for RenderTime {
    fn default() -> Self {
        RenderTime::Fixed { time: 200 * MILLI }
    }
}

/// When renders fail.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Failures {
    /// Probability that any one render fails.
    pub probability: f64,
    /// Renders that start inside one of these `[from, to)` windows fail.
    pub windows: Vec<(Time, Time)>,
}

impl Failures {
    pub fn is_none(&self) -> bool {
        self.probability <= 0.0 && self.windows.is_empty()
    }
}

/// One route: an exact path or a pattern (`/blog/[slug]`, `/docs/[...rest]`, `*`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Route {
    pub pattern: String,
    pub revalidate: Revalidate,
    /// Total age limit counted from when the entry was written (Next.js `expireTime`).
    pub expire: Option<Time>,
    /// Serve stale for this long past `expire` when the refresh fails (cdn profile).
    pub stale_if_error: Time,
    pub tags: Vec<String>,
    /// Paths written at deploy time.
    pub prerender: Vec<String>,
    /// `false`: paths that match the pattern but were not prerendered are 404.
    pub dynamic_params: bool,
    pub render_time: RenderTime,
    pub failures: Failures,
}

impl Route {
    pub fn new(pattern: impl Into<String>) -> Self {
        Route {
            pattern: pattern.into(),
            revalidate: Revalidate::After(60 * SECOND),
            expire: None,
            stale_if_error: 0,
            tags: Vec::new(),
            prerender: Vec::new(),
            dynamic_params: true,
            render_time: RenderTime::default(),
            failures: Failures::default(),
        }
    }
}

/// How requests are spread over instances.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Balance {
    RoundRobin,
    Random,
}

/// Origin topology.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Topology {
    pub instances: u32,
    /// One cache shared by all instances (a shared cache handler) instead of one each.
    pub shared_cache: bool,
    pub balance: Balance,
    /// A CDN in front of the origin, honouring the origin's Cache-Control.
    pub cdn: bool,
    /// How that CDN (or the `cdn` platform's cache) behaves.
    pub cdn_flavour: CdnFlavour,
    /// nginx's clock ticks in whole seconds: how far past a whole second t = 0 is.
    pub clock_phase: Time,
}

/// Which cache the CDN layer behaves like.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, serde::Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum CdnFlavour {
    /// s-maxage, stale-while-revalidate, stale-if-error as RFC 5861 describes (Varnish
    /// measured: every grace hit STALE, joiners of a fetch MISS).
    #[default]
    Generic,
    /// nginx `proxy_cache` with `proxy_cache_background_update on`, `proxy_cache_use_stale
    /// updating` and `proxy_cache_lock on` (measured): STALE for the request that starts the
    /// update, UPDATING for the others while it runs, EXPIRED past the stale window, requests
    /// waiting on the lock HIT; entries age on a whole-second clock.
    Nginx,
}

impl CdnFlavour {
    pub fn name(self) -> &'static str {
        match self {
            CdnFlavour::Generic => "generic",
            CdnFlavour::Nginx => "nginx",
        }
    }

    /// The real server this flavour was measured on.
    pub fn measured_on(self) -> &'static str {
        match self {
            CdnFlavour::Generic => "Varnish 7.1",
            CdnFlavour::Nginx => "nginx 1.22",
        }
    }
}

impl SimConfig {
    /// What the run's model rests on, for its summary: the real servers the end-to-end suite
    /// compares it with, and the vendor documentation it follows where nothing was measured
    /// (`measured on next start 16.4 + nginx 1.22`, `from Vercel docs`).
    pub fn basis(&self) -> String {
        let mut measured = Vec::new();
        let mut parts = Vec::new();
        match self.platform {
            Platform::NextStart => measured.push("next start 16.4"),
            Platform::Vercel => parts.push("from Vercel docs".to_string()),
            Platform::Cdn => {}
        }
        if self.topology.cdn || self.platform == Platform::Cdn {
            measured.push(self.topology.cdn_flavour.measured_on());
        }
        if !measured.is_empty() {
            parts.insert(0, format!("measured on {}", measured.join(" + ")));
        }
        parts.join("; ")
    }
}

impl Default for Topology {
    fn default() -> Self {
        Topology {
            instances: 1,
            shared_cache: false,
            balance: Balance::RoundRobin,
            cdn: false,
            cdn_flavour: CdnFlavour::Generic,
            clock_phase: 0,
        }
    }
}

/// Modelled latencies of answers that do not render.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Latencies {
    pub origin_hit: Time,
    pub cdn_hit: Time,
}

impl Default for Latencies {
    fn default() -> Self {
        Latencies {
            origin_hit: 5 * MILLI,
            cdn_hit: MILLI,
        }
    }
}

/// Everything the engine needs besides the event stream.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SimConfig {
    pub platform: Platform,
    pub routes: Vec<Route>,
    pub topology: Topology,
    pub latencies: Latencies,
    /// When the build was written (prerendered entries are this old at t=0 when negative).
    pub deploy_at: Time,
    pub seed: u64,
    /// What happens automatically when upstream content changes (strategy comparison).
    pub on_change: OnChange,
    /// Paths that no ISR route serves (assets, API routes, redirects): counted, not simulated.
    pub classes: Vec<super::classes::ClassRule>,
}

/// An automatic reaction to every content change.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum OnChange {
    /// Nothing: time-based revalidation only.
    #[default]
    Nothing,
    /// A CMS webhook calls revalidatePath/revalidateTag for the changed target after `delay`.
    Revalidate { delay: Time },
    /// SSG: a full rebuild and deploy, live after rendering every page (`per_page` each).
    Rebuild { per_page: Time },
}

impl SimConfig {
    pub fn new(platform: Platform, routes: Vec<Route>) -> Self {
        SimConfig {
            platform,
            routes,
            topology: Topology::default(),
            latencies: Latencies::default(),
            deploy_at: 0,
            seed: 1,
            on_change: OnChange::Nothing,
            classes: Vec::new(),
        }
    }
}

/// Which paths an event applies to.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Target {
    Path(String),
    Tag(String),
    All,
}

impl std::fmt::Display for Target {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Target::Path(p) => f.write_str(p),
            Target::Tag(t) => write!(f, "tag:{t}"),
            Target::All => f.write_str("*"),
        }
    }
}

/// Which instance an event is delivered to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum InstanceSel {
    One(u32),
    All,
}

/// A timed scenario event other than a request.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Action {
    /// Upstream data changes: renders from now on see the new content.
    ContentChange { target: Target },
    /// revalidatePath / revalidateTag; `hard: None` means the platform's default.
    Revalidate {
        kind: InvalidateKind,
        target: Target,
        hard: Option<bool>,
        instance: InstanceSel,
    },
    /// Drop CDN entries (or the platform cache on vercel/cdn).
    Purge { target: Target },
    /// A new build: prerendered pages re-rendered, runtime entries dropped.
    Deploy,
    /// An instance restarts: entries survive, pending invalidations and renders are lost.
    Restart { instance: InstanceSel },
}

#[cfg(test)]
mod basis_tests {
    use super::*;

    #[test]
    fn the_basis_names_what_was_measured_and_what_was_not() {
        let mut c = SimConfig::new(Platform::NextStart, Vec::new());
        assert_eq!(c.basis(), "measured on next start 16.4");
        c.topology.cdn = true;
        c.topology.cdn_flavour = CdnFlavour::Nginx;
        assert_eq!(c.basis(), "measured on next start 16.4 + nginx 1.22");
        c.platform = Platform::Vercel;
        assert_eq!(c.basis(), "measured on nginx 1.22; from Vercel docs");
        c.topology.cdn = false;
        assert_eq!(c.basis(), "from Vercel docs");
        c.platform = Platform::Cdn;
        c.topology.cdn_flavour = CdnFlavour::Generic;
        assert_eq!(c.basis(), "measured on Varnish 7.1");
    }
}
