//! The probe's machine-readable documents as types: the NDJSON lines (`sample`, `transition`,
//! `reached` events, then `explanation` and `summary`) and the one `--format json` document.
//! `src/output/schemas/probe.schema.json` is generated from these types (see the test below).

use crate::probe::explain::Explanation;
use crate::probe::{Event, Sample, Transition, UrlSummary, Verdict};
use schemars::JsonSchema;
use serde::Serialize;

/// The `type` of a document that is not an event.
#[derive(Debug, Clone, Copy, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Tag {
    Explanation,
    Summary,
    Probe,
}

/// NDJSON: the `--once` explanation of one URL's response.
#[derive(Debug, Serialize, JsonSchema)]
#[serde(rename = "explanation", deny_unknown_fields)]
pub struct ExplanationLine<'a> {
    #[serde(rename = "type")]
    pub kind: Tag,
    pub explanation: &'a Explanation,
}

/// NDJSON: the last line, with every URL's summary and the verdict.
#[derive(Debug, Serialize, JsonSchema)]
#[serde(rename = "summary", deny_unknown_fields)]
pub struct SummaryLine<'a> {
    #[serde(rename = "type")]
    pub kind: Tag,
    pub urls: &'a [UrlSummary],
    pub verdict: &'a Verdict,
}

/// `--format json`: the whole run in one document.
#[derive(Debug, Serialize, JsonSchema)]
#[serde(rename = "probe", deny_unknown_fields)]
pub struct ProbeDocument<'a> {
    #[serde(rename = "type")]
    pub kind: Tag,
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

/// The JSON Schema of the probe's output, as committed in `SCHEMA_PATH` (pretty, with a final
/// newline).
pub fn schema() -> String {
    let mut s = schemars::schema_for!(ProbeOutput<'static>);
    s.insert(
        "$id".into(),
        "https://github.com/isrctl/isrctl/src/output/schemas/probe.schema.json".into(),
    );
    s.insert("title".into(), "isrctl probe output".into());
    s.insert(
        "description".into(),
        "One line of `isrctl probe --format ndjson` (tagged by `type`), or the whole \
         `--format json` document (type `probe`)."
            .into(),
    );
    let mut text = serde_json::to_string_pretty(&s).expect("a schema serializes");
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The committed schema is the generated one; `ISRCTL_REGENERATE=1` rewrites it.
    #[test]
    fn committed_schema_matches_the_types() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(SCHEMA_PATH);
        let want = schema();
        if std::env::var_os("ISRCTL_REGENERATE").is_some() {
            std::fs::write(&path, &want).unwrap();
        }
        let have = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            have == want,
            "{SCHEMA_PATH} is out of date; run ISRCTL_REGENERATE=1 cargo test --lib probe"
        );
    }
}
