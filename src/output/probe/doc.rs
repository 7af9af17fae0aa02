//! The probe's machine-readable documents as types: the NDJSON lines (`sample`, `transition`,
//! `reached` events, then `explanation` and `summary`) and the one `--format json` document.
//! `src/output/schemas/probe.schema.json` is generated from these types (see the test below).

use crate::probe::explain::Explanation;
use crate::probe::{Event, Sample, Transition, UrlSummary, Verdict};
use schemars::JsonSchema;
use serde::Serialize;

// The `type` of each document: one value, so the schema states it as a constant.
tag!(ExplanationTag, "explanation");
tag!(SummaryTag, "summary");
tag!(ProbeTag, "probe");

/// NDJSON: the `--once` explanation of one URL's response.
#[derive(Debug, Serialize, JsonSchema)]
#[serde(rename = "explanation", deny_unknown_fields)]
pub struct ExplanationLine<'a> {
    #[serde(rename = "type")]
    pub kind: ExplanationTag,
    pub explanation: &'a Explanation,
}

/// NDJSON: the last line, with every URL's summary and the verdict.
#[derive(Debug, Serialize, JsonSchema)]
#[serde(rename = "summary", deny_unknown_fields)]
pub struct SummaryLine<'a> {
    #[serde(rename = "type")]
    pub kind: SummaryTag,
    pub urls: &'a [UrlSummary],
    pub verdict: &'a Verdict,
}

/// `--format json`: the whole run in one document.
#[derive(Debug, Serialize, JsonSchema)]
#[serde(rename = "probe", deny_unknown_fields)]
pub struct ProbeDocument<'a> {
    #[serde(rename = "type")]
    pub kind: ProbeTag,
    pub samples: &'a [Sample],
    pub transitions: &'a [Transition],
    pub urls: &'a [UrlSummary],
    pub verdict: &'a Verdict,
    /// `--once` only.
    #[serde(skip_serializing_if = "<[_]>::is_empty", default)]
    pub explanations: &'a [Explanation],
}

/// Anything `isrctl probe` prints in a machine format: one NDJSON line or the JSON document.
/// Only its schema is used.
#[derive(JsonSchema)]
#[serde(untagged)]
#[allow(dead_code)]
enum ProbeOutput<'a> {
    Event(Event),
    Explanation(ExplanationLine<'a>),
    Summary(SummaryLine<'a>),
    Document(ProbeDocument<'a>),
}

/// Where the committed schema lives, relative to the crate root.
pub const SCHEMA_PATH: &str = "src/output/schemas/probe.schema.json";

/// The JSON Schema of the probe's output, as committed in `SCHEMA_PATH`.
pub fn schema() -> String {
    crate::output::schema::render(
        schemars::schema_for!(ProbeOutput<'static>),
        "probe.schema.json",
        "isrctl probe output",
        "One line of `isrctl probe --format ndjson` (tagged by `type`), or the whole \
         `--format json` document (type `probe`).",
    )
}
