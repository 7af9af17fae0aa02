//! The raw TOML shapes of a scenario file (serde), before validation.

use crate::engine::Time;
use crate::engine::model::Platform;
use serde::Deserialize;
use toml::Spanned;

/// A duration: seconds (integer or decimal), a humantime string, or a boolean (for `revalidate`).
/// Bounded by `duration::MAX_MICROS` when turned into microseconds.
#[derive(Debug, Clone, Deserialize)]
#[serde(
    untagged,
    expecting = "a duration: seconds (60 or 0.5), a string such as \"1m30s\", or false"
)]
pub enum DurValue {
    Int(i64),
    Float(f64),
    Str(String),
    Bool(bool),
}

impl DurValue {
    /// A non-negative duration in microseconds.
    pub fn micros(&self) -> Result<Time, String> {
        let t = self.signed_micros()?;
        if t < 0 {
            return Err("must not be negative".into());
        }
        Ok(t)
    }

    /// A possibly negative time offset in microseconds, at most 100 years either way.
    pub fn signed_micros(&self) -> Result<Time, String> {
        match self {
            DurValue::Int(i) => crate::duration::int_secs_to_micros(*i),
            DurValue::Float(f) if *f < 0.0 => crate::duration::secs_to_micros(-f).map(|us| -us),
            DurValue::Float(f) => crate::duration::secs_to_micros(*f),
            DurValue::Str(s) => crate::duration::parse_signed_micros(s),
            DurValue::Bool(b) => Err(format!("expected a duration, found {b}")),
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScenarioToml {
    pub platform: Option<Platform>,
    pub seed: Option<u64>,
    pub built_ago: Option<Spanned<DurValue>>,
    pub deploy_at: Option<Spanned<DurValue>>,
    pub duration: Option<Spanned<DurValue>>,
    pub origin_hit_time: Option<Spanned<DurValue>>,
    #[allow(dead_code)]
    pub description: Option<String>,
    pub workload: Option<Spanned<String>>,
    pub instances: Option<Spanned<InstancesToml>>,
    pub cdn: Option<Spanned<CdnToml>>,
    #[serde(default)]
    pub routes: Vec<Spanned<RouteToml>>,
    #[serde(default)]
    pub events: Vec<Spanned<EventToml>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InstancesToml {
    pub count: u32,
    pub cache: Option<String>,
    pub balance: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CdnToml {
    pub enabled: Option<bool>,
    pub hit_time: Option<Spanned<DurValue>>,
    /// generic (default) or nginx.
    pub flavour: Option<crate::engine::model::CdnFlavour>,
    /// nginx: how far past a whole second of its clock t = 0 is (0 to 1s).
    pub clock_phase: Option<Spanned<DurValue>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RouteToml {
    pub path: Spanned<String>,
    pub revalidate: Option<Spanned<DurValue>>,
    pub expire: Option<Spanned<DurValue>>,
    pub stale_if_error: Option<Spanned<DurValue>>,
    pub tags: Option<Vec<String>>,
    pub prerender: Option<Vec<String>>,
    pub dynamic_params: Option<bool>,
    pub render_time: Option<Spanned<RenderTimeToml>>,
    pub failure_rate: Option<Spanned<f64>>,
    pub failure_windows: Option<Spanned<Vec<[DurValue; 2]>>>,
}

#[derive(Debug, Deserialize)]
#[serde(
    untagged,
    expecting = "a render time: a duration (\"200ms\"), { uniform = [min, max] } or { median = .., p95 = .. }"
)]
pub enum RenderTimeToml {
    Fixed(DurValue),
    Uniform { uniform: [DurValue; 2] },
    LogNormal { median: DurValue, p95: DurValue },
}

#[derive(Debug, Deserialize)]
#[serde(
    untagged,
    expecting = "a time (seconds or \"1m30s\") or a list of times"
)]
pub enum TimeList {
    One(DurValue),
    Many(Vec<DurValue>),
}

#[derive(Debug, Deserialize)]
#[serde(untagged, expecting = "a path (\"/blog\") or a list of paths")]
pub enum PathList {
    One(String),
    Many(Vec<String>),
}

impl PathList {
    pub fn paths(&self) -> Vec<&String> {
        match self {
            PathList::One(p) => vec![p],
            PathList::Many(v) => v.iter().collect(),
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(untagged, expecting = "an instance number (0, 1, ...) or \"all\"")]
pub enum InstanceToml {
    Index(i64),
    Name(String),
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EventToml {
    pub at: TimeList,
    /// Repeat a request every this long, from `at` up to and including `until`.
    pub every: Option<DurValue>,
    pub until: Option<DurValue>,
    pub request: Option<PathList>,
    /// A request with the bypass header (`x-prerender-revalidate`): re-renders at once.
    pub bypass: Option<PathList>,
    pub content_change: Option<String>,
    pub revalidate_path: Option<String>,
    pub revalidate_tag: Option<String>,
    pub mode: Option<String>,
    pub purge: Option<String>,
    pub deploy: Option<bool>,
    pub restart: Option<Spanned<InstanceToml>>,
    pub instance: Option<Spanned<InstanceToml>>,
}
