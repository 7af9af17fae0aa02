//! The JSON and NDJSON documents of `warm`, as typed structs: a `url` line per URL as it is
//! done, a `totals` line last, or one `warm` document. `src/output/schemas/warm.schema.json` is
//! generated from these types.

use crate::warm::{Outcome, Run, UrlResult};
use schemars::JsonSchema;
use serde::Serialize;

tag!(UrlTag, "url");
tag!(TotalsTag, "totals");
tag!(WarmTag, "warm");

/// How many URLs ended each way.
#[derive(Debug, Default, Serialize, JsonSchema)]
pub struct Counts {
    /// URLs warmed (one per `--resolve` address each).
    pub urls: usize,
    pub warm: usize,
    pub cold: usize,
    pub uncached: usize,
    pub unknown: usize,
    pub failed: usize,
    pub interrupted: usize,
}

impl Counts {
    pub fn of<'a>(results: impl IntoIterator<Item = &'a UrlResult>) -> Counts {
        let mut c = Counts::default();
        for r in results {
            c.urls += 1;
            *match r.result {
                Outcome::Warm => &mut c.warm,
                Outcome::Cold => &mut c.cold,
                Outcome::Uncached => &mut c.uncached,
                Outcome::Unknown => &mut c.unknown,
                Outcome::Failed => &mut c.failed,
                Outcome::Interrupted => &mut c.interrupted,
            } += 1;
        }
        c
    }
}

/// The counts of the URLs sent to one `--resolve` address.
#[derive(Debug, Serialize, JsonSchema)]
pub struct AddressTotals {
    pub address: String,
    #[serde(flatten)]
    pub counts: Counts,
}

/// Counts over the run: the last NDJSON line and `WarmDocument.totals`.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Totals {
    #[serde(rename = "type")]
    pub kind: TotalsTag,
    #[serde(flatten)]
    pub counts: Counts,
    /// Requests sent in all.
    pub requests: u64,
    /// Seconds the run took.
    pub elapsed: f64,
    /// Per `--resolve` address, when there are some (URLs of other hosts are not in them).
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub addresses: Vec<AddressTotals>,
    /// Why the run stopped before every URL was done (`interrupted`).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub stopped: Option<String>,
}

impl Totals {
    pub fn of(run: &Run) -> Totals {
        let mut addresses: Vec<AddressTotals> = Vec::new();
        for r in &run.results {
            let Some(a) = &r.address else { continue };
            if addresses.iter().any(|t| &t.address == a) {
                continue;
            }
            addresses.push(AddressTotals {
                address: a.clone(),
                counts: Counts::of(run.results.iter().filter(|x| x.address.as_ref() == Some(a))),
            });
        }
        Totals {
            kind: TotalsTag::Tag,
            counts: Counts::of(&run.results),
            requests: run.requests,
            elapsed: crate::probe::wire::secs(run.elapsed),
            addresses,
            stopped: run.interrupted.then(|| "interrupted".to_string()),
        }
    }
}

/// NDJSON: one URL's record, as soon as it is done.
#[derive(Debug, Serialize, JsonSchema)]
pub struct UrlLine<'a> {
    #[serde(rename = "type")]
    pub kind: UrlTag,
    #[serde(flatten)]
    pub r: &'a UrlResult,
}

/// `--format json`: the whole run in one document.
#[derive(Debug, Serialize, JsonSchema)]
pub struct WarmDocument<'a> {
    #[serde(rename = "type")]
    pub kind: WarmTag,
    pub urls: &'a [UrlResult],
    pub totals: Totals,
}

/// Anything `isrctl warm` prints in a machine format. Only its schema is used.
#[derive(JsonSchema)]
#[serde(untagged)]
#[allow(dead_code)]
enum WarmOutput<'a> {
    Url(UrlLine<'a>),
    Totals(Totals),
    Document(WarmDocument<'a>),
}

/// The JSON Schema of `warm`'s output, as committed.
pub fn schema() -> String {
    crate::output::schema::render(
        schemars::schema_for!(WarmOutput<'static>),
        "warm.schema.json",
        "isrctl warm output",
        "One line of `isrctl warm --format ndjson` (`url`, then `totals` last), or the whole \
         `--format json` document (type `warm`).",
    )
}
