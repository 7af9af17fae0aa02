//! Snapshots of `isrctl revalidate --dry-run` and `--curl` (secret in body, query and header):
//! nothing is sent, so the output is the same on every run.

use crate::support::providers::isrctl;
use crate::support::{snapshots, transcript};

fn output(args: &[&str]) -> String {
    transcript(isrctl().arg("revalidate").args(args))
}

const BASE: &[&str] = &[
    "--endpoint",
    "https://example.com/api/revalidate",
    "--secret-env",
    "REVALIDATE_SECRET",
    "--path",
    "/blog",
    "--path",
    "/blog/post-1",
    "--tag",
    "posts",
];

#[test]
fn revalidate_dry_run_and_curl() {
    for mode in ["--dry-run", "--curl"] {
        for place in ["body", "query", "header"] {
            let args = [BASE, &["--secret-in", place, mode]].concat();
            let name = format!("revalidate_{}_{place}", mode.trim_start_matches('-'));
            snapshots().bind(|| insta::assert_snapshot!(name, output(&args)));
        }
    }
}
