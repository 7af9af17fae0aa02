//! `isrctl probe`: the CLI against scripted servers, bad input, the JSON schema, the classifier.

mod checks;
mod classifier;
mod cli;
mod dialects;
mod errors;
mod human;
mod once;
mod plot;
mod pops;
mod rsc;
mod schema;
mod url_credentials;
mod vendors;
mod vendors_tracking;
mod visitors;
mod widths;

use crate::support::isrctl;
use serde_json::Value;

/// `isrctl probe ARGS --format json`: the exit code and the document (which must parse).
pub(super) fn run_json(args: &[&str]) -> (i32, Value) {
    let o = isrctl()
        .arg("probe")
        .args(args)
        .args(["--format", "json"])
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&o.stdout)
        .unwrap_or_else(|e| panic!("bad json ({e}): {}", String::from_utf8_lossy(&o.stdout)));
    (o.status.code().unwrap(), v)
}

/// The served-state sequence of the `i`th URL of a probe document.
pub(super) fn seq(v: &Value, i: usize) -> Vec<String> {
    v["urls"][i]["sequence"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap().to_string())
        .collect()
}
