//! The JSON and NDJSON documents of `revalidate` and `purge`, as typed structs; their JSON Schema
//! (`src/output/schemas/remote.schema.json`) is generated from these types.

use crate::http::request::Text;
use crate::probe::verify::VerifyResult;
use crate::providers::{ItemResult, Planned};
use schemars::JsonSchema;
use serde::Serialize;

/// One planned request as shown by `--dry-run`/`--curl` (secrets as `***` / `$VAR`); an NDJSON
/// line of a dry run, and an element of `DryRun.requests`.
#[derive(Serialize, JsonSchema)]
pub struct RequestView<'a> {
    /// Always `request`.
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub batch: usize,
    pub method: &'a str,
    pub url: String,
    /// `[name, value]` pairs in sending order.
    pub headers: Vec<(String, String)>,
    pub body: Option<String>,
    pub items: &'a [String],
    /// `host:port:addr` when the request goes to that address (`--resolve`), not the host's own.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resolve: Option<String>,
    /// The request as a curl command line.
    pub curl: String,
}

impl<'a> RequestView<'a> {
    pub fn of(r: &'a Planned) -> Self {
        RequestView {
            kind: "request",
            batch: r.batch,
            method: &r.method,
            url: r.url.shown(),
            headers: r
                .headers
                .iter()
                .map(|(n, v)| (n.clone(), v.shown()))
                .collect(),
            body: r.body.as_ref().map(Text::shown),
            items: &r.items,
            resolve: r.via.as_ref().map(|v| v.curl_form()),
            curl: super::curl::curl(r),
        }
    }
}

/// `--dry-run --format json`: every request in one document.
#[derive(Serialize, JsonSchema)]
pub struct DryRun<'a> {
    /// Always `dry_run`.
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub requests: Vec<RequestView<'a>>,
}

/// Counts over a run; the last NDJSON line and `Report.totals`.
#[derive(Serialize, JsonSchema)]
pub struct Totals<'a> {
    /// Always `totals`.
    #[serde(rename = "type")]
    pub kind: &'static str,
    /// The provider (`revalidate` for the revalidate command).
    pub provider: &'a str,
    pub requests: usize,
    pub items: usize,
    pub ok: usize,
    pub failed: usize,
    pub retried_requests: usize,
    pub failed_items: Vec<&'a str>,
    /// Items whose request was never sent because the run stopped first (only when some were).
    #[serde(skip_serializing_if = "is_zero", default)]
    pub not_sent: usize,
    /// Why the run stopped before every request had its answer: `interrupted`,
    /// `request 4 was refused (HTTP 401)`, `request 2 crashed (internal error)`.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub stopped: Option<&'a str>,
    /// `--verify` outcome, when verification ran.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub verify: Option<VerifyTotals>,
}

#[derive(Serialize, JsonSchema)]
pub struct VerifyTotals {
    pub urls: usize,
    pub changed: usize,
    pub timed_out: usize,
}

impl<'a> Totals<'a> {
    pub fn of(
        provider: &'a str,
        requests: usize,
        results: &'a [ItemResult],
        verify: Option<&[VerifyResult]>,
        stopped: Option<&'a str>,
    ) -> Self {
        let mut retried: Vec<usize> = results
            .iter()
            .filter(|r| r.attempts > 1)
            .map(|r| r.batch)
            .collect();
        retried.dedup();
        Totals {
            kind: "totals",
            provider,
            requests,
            items: results.len(),
            ok: results.iter().filter(|r| r.ok).count(),
            failed: results.iter().filter(|r| !r.ok).count(),
            retried_requests: retried.len(),
            failed_items: results
                .iter()
                .filter(|r| !r.ok)
                .map(|r| r.item.as_str())
                .collect(),
            not_sent: results.iter().filter(|r| !r.sent).count(),
            stopped,
            verify: verify.map(|v| {
                let changed = v.iter().filter(|r| r.changed).count();
                VerifyTotals {
                    urls: v.len(),
                    changed,
                    timed_out: v.len() - changed,
                }
            }),
        }
    }
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

/// One item's outcome as an NDJSON line.
#[derive(Serialize, JsonSchema)]
pub struct ItemLine<'a> {
    /// Always `item`.
    #[serde(rename = "type")]
    pub kind: &'static str,
    #[serde(flatten)]
    pub r: &'a ItemResult,
}

/// One `--verify` URL's outcome as an NDJSON line.
#[derive(Serialize, JsonSchema)]
pub struct VerifyLine<'a> {
    /// Always `verify`.
    #[serde(rename = "type")]
    pub kind: &'static str,
    #[serde(flatten)]
    pub r: &'a VerifyResult,
}

/// `--format json` after sending: one document with the items, totals and `--verify` results.
#[derive(Serialize, JsonSchema)]
pub struct Report<'a> {
    /// `purge` or `revalidate`.
    #[serde(rename = "type")]
    pub kind: &'static str,
    /// The provider (purge only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub provider: Option<&'a str>,
    pub items: &'a [ItemResult],
    pub totals: Totals<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub verify: Option<&'a [VerifyResult]>,
}

/// Every document `revalidate` and `purge` print (JSON documents and NDJSON lines).
#[derive(Serialize, JsonSchema)]
#[serde(untagged)]
pub enum RemoteDocument<'a> {
    DryRun(DryRun<'a>),
    Request(RequestView<'a>),
    Report(Report<'a>),
    Item(ItemLine<'a>),
    Verify(VerifyLine<'a>),
    Totals(Totals<'a>),
}

/// The JSON Schema of every `RemoteDocument`, as committed.
pub fn schema() -> String {
    crate::output::schema::render(
        schemars::schema_for!(RemoteDocument<'static>),
        "remote.schema.json",
        "isrctl revalidate and purge output",
        "Every document `revalidate` and `purge` print (JSON documents and NDJSON lines).",
    )
}
