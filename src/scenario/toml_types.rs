//! The raw TOML shapes of a scenario file (serde), before validation.

use crate::engine::Time;
use crate::engine::model::Platform;
use serde::Deserialize;
use toml::Spanned;

/// A duration: seconds (integer or decimal), a humantime string, or a boolean (for `revalidate`).
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
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

    /// A possibly negative time offset in microseconds.
    pub fn signed_micros(&self) -> Result<Time, String> {
        match self {
            DurValue::Int(i) => i
                .checked_mul(1_000_000)
                .ok_or_else(|| format!("{i} is too large")),
            DurValue::Float(f) => {
                if !f.is_finite() || f.abs() > 1e12 {
                    return Err(format!("{f} is not a usable number of seconds"));
                }
                Ok((f * 1e6).round() as Time)
            }
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
#[serde(untagged)]
pub enum RenderTimeToml {
    Fixed(DurValue),
    Uniform { uniform: [DurValue; 2] },
    LogNormal { median: DurValue, p95: DurValue },
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum TimeList {
    One(DurValue),
    Many(Vec<DurValue>),
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
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
#[serde(untagged)]
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
