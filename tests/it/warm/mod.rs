//! `isrctl warm` against the cache-like server of `support::cache`: results and exit codes,
//! the concurrency, rate and interval bounds, input lists, `--resolve`, the schema, the table,
//! secrets and Ctrl-C.

mod input;
mod limits;
mod report;
mod resolve;
mod results;

use crate::support::isrctl;
use serde_json::Value;

/// `isrctl warm ARGS --format json`: the exit code, the document (which must parse) and stderr.
pub(super) fn warm_json(args: &[&str]) -> (i32, Value, String) {
    let o = isrctl()
        .arg("warm")
        .args(args)
        .args(["--format", "json"])
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&o.stdout).unwrap_or_else(|e| {
        panic!(
            "bad json ({e}): {}\nstderr: {}",
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        )
    });
    (
        o.status.code().unwrap(),
        v,
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

/// The record of the URL ending in `path` in a warm document.
pub(super) fn url<'a>(doc: &'a Value, path: &str) -> &'a Value {
    doc["urls"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["url"].as_str().unwrap().ends_with(path))
        .unwrap_or_else(|| panic!("no {path} in {doc}"))
}
