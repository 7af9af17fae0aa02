//! The JSON and NDJSON documents of `isrctl simulate`, as types. The schema file
//! (`src/output/schemas/simulate.schema.json`) is generated from them; a unit test fails when it
//! drifts (`ISRCTL_REGENERATE=1 cargo test --lib` rewrites it). Times and durations in seconds.

use super::timeline::Event;
use crate::engine::Time;
use crate::engine::metrics::Summary;
use crate::engine::model::{Platform, RenderTime, Revalidate, Route};
use crate::simulate::budget::Stat;
use crate::trace::TraceStats;
use schemars::JsonSchema;
use serde::Serialize;

fn secs(t: Time) -> f64 {
    t as f64 / 1e6
}

tag!(RunTag, "run");
tag!(SimulationTag, "simulation");
tag!(SummaryTag, "summary");
tag!(RecommendationTag, "recommendation");

/// `compare` or `sweep`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum VariantsKind {
    Compare,
    Sweep,
}

/// `compare_row` or `sweep_row`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum VariantRowKind {
    CompareRow,
    SweepRow,
}

/// What was simulated: the first NDJSON line.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct RunLine {
    pub cdn: bool,
    pub instances: u32,
    pub platform: Platform,
    pub seed: u64,
    /// The scenario file, trace, workload, quick flags or the built-in story.
    pub source: String,
    /// What the model rests on: which behaviours were measured on a real server (next start,
    /// Varnish, nginx) and which follow vendor documentation (vercel).
    pub basis: String,
    #[serde(rename = "type")]
    pub kind: RunTag,
}

/// A route's revalidate: `false` (never), `0` (every request) or seconds.
#[derive(Debug, Clone, Copy, Serialize, JsonSchema)]
#[serde(untagged)]
pub enum RevalidateDoc {
    Never(bool),
    Always(u8),
    Seconds(f64),
}

/// A route's render time model.
#[derive(Debug, Clone, Copy, Serialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum RenderTimeDoc {
    Fixed { time: f64 },
    Uniform { min: f64, max: f64 },
    LogNormal { median: f64, p95: f64 },
}

/// A route as configured for the run.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct RouteDoc {
    pub pattern: String,
    pub revalidate: RevalidateDoc,
    pub expire: Option<f64>,
    pub stale_if_error: f64,
    pub tags: Vec<String>,
    pub prerender: Vec<String>,
    pub dynamic_params: bool,
    pub render_time: RenderTimeDoc,
    pub failure_rate: f64,
    pub failure_windows: Vec<[f64; 2]>,
}

impl From<&Route> for RouteDoc {
    fn from(r: &Route) -> Self {
        RouteDoc {
            pattern: r.pattern.clone(),
            revalidate: match r.revalidate {
                Revalidate::Never => RevalidateDoc::Never(false),
                Revalidate::Always => RevalidateDoc::Always(0),
                Revalidate::After(t) => RevalidateDoc::Seconds(secs(t)),
            },
            expire: r.expire.map(secs),
            stale_if_error: secs(r.stale_if_error),
            tags: r.tags.clone(),
            prerender: r.prerender.clone(),
            dynamic_params: r.dynamic_params,
            render_time: match r.render_time {
                RenderTime::Fixed { time } => RenderTimeDoc::Fixed { time: secs(time) },
                RenderTime::Uniform { min, max } => RenderTimeDoc::Uniform {
                    min: secs(min),
                    max: secs(max),
                },
                RenderTime::LogNormal { median, p95 } => RenderTimeDoc::LogNormal {
                    median: secs(median),
                    p95: secs(p95),
                },
            },
            failure_rate: r.failures.probability,
            failure_windows: r
                .failures
                .windows
                .iter()
                .map(|&(a, b)| [secs(a), secs(b)])
                .collect(),
        }
    }
}

/// The end-of-run figures, with what was read from a trace.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct SummaryDoc {
    #[serde(flatten)]
    pub summary: Summary,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub input: Option<TraceStats>,
}

/// The last NDJSON line of a run.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct SummaryLine {
    #[serde(flatten)]
    pub summary: SummaryDoc,
    #[serde(rename = "type")]
    pub kind: SummaryTag,
}

/// The one document of `--format json`.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct SimulationDoc {
    pub cdn: bool,
    pub instances: u32,
    pub platform: Platform,
    pub seed: u64,
    pub source: String,
    pub routes: Vec<RouteDoc>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timeline: Option<Vec<Event>>,
    pub summary: SummaryDoc,
    #[serde(rename = "type")]
    pub kind: SimulationTag,
}

/// One run of a comparison or sweep.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct VariantRow {
    /// The strategy, or the TTL in words.
    pub label: String,
    pub summary: Summary,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub revalidate: Option<f64>,
    /// SSG: how long one full build takes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub build_time: Option<f64>,
    /// isr+ondemand: how long after a content change the webhook revalidates.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub webhook_delay: Option<f64>,
}

/// One NDJSON line per run of a comparison or sweep.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct VariantRowLine {
    #[serde(flatten)]
    pub row: VariantRow,
    #[serde(rename = "type")]
    pub kind: VariantRowKind,
}

/// The one document of `--compare`/`--sweep` with `--format json`.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct VariantsDoc {
    #[serde(rename = "type")]
    pub kind: VariantsKind,
    pub rows: Vec<VariantRow>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_staleness: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub staleness_stat: Option<Stat>,
    /// The recommended TTL (null: none fits); present with `--max-staleness`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recommended: Option<Option<f64>>,
}

/// The last NDJSON line of a sweep with `--max-staleness`.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct RecommendationLine {
    #[serde(rename = "type")]
    pub kind: RecommendationTag,
    pub max_staleness: f64,
    pub staleness_stat: Stat,
    pub recommended: Option<f64>,
}

/// Any document `isrctl simulate` prints: one JSON document (`simulation`, `compare`, `sweep`)
/// or one NDJSON line (`run`, timeline events, `summary`, `compare_row`/`sweep_row`,
/// `recommendation`).
#[derive(Debug, Clone, Serialize, JsonSchema)]
#[serde(untagged)]
#[schemars(title = "isrctl simulate output")]
pub enum Document {
    Simulation(SimulationDoc),
    Run(RunLine),
    Event(Event),
    Summary(SummaryLine),
    Variants(VariantsDoc),
    VariantRow(VariantRowLine),
    Recommendation(RecommendationLine),
}

/// The JSON Schema of every document, as committed.
pub fn schema() -> String {
    crate::output::schema::render(
        schemars::schema_for!(Document),
        "simulate.schema.json",
        "isrctl simulate output",
        "Any document `isrctl simulate` prints: one JSON document (`simulation`, `compare`, \
         `sweep`) or one NDJSON line (`run`, timeline events, `summary`, \
         `compare_row`/`sweep_row`, `recommendation`).",
    )
}
