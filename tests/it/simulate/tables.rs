//! Snapshots of `isrctl simulate`'s human tables (default story, an example scenario, --compare,
//! --sweep, --timeline): the byte-for-byte guard for the output refactor.

use crate::support::{isrctl, snapshots, transcript};

/// `isrctl simulate ARGS` as a person sees it (no colour, fixed COLUMNS).
fn human(args: &[&str]) -> String {
    transcript(isrctl().arg("simulate").args(args))
}

#[test]
fn default_run_table() {
    snapshots().bind(|| insta::assert_snapshot!(human(&[])));
}

#[test]
fn example_scenario_table() {
    snapshots().bind(|| insta::assert_snapshot!(human(&["examples/two-instances.toml"])));
}

#[test]
fn compare_table() {
    snapshots().bind(|| {
        insta::assert_snapshot!(human(&[
            "examples/cms-webhook.toml",
            "--compare",
            "ssg,isr,isr+ondemand,ssr",
        ]))
    });
}

#[test]
fn sweep_table() {
    snapshots().bind(|| {
        insta::assert_snapshot!(human(&[
            "examples/cms-webhook.toml",
            "--sweep",
            "revalidate=5s..2m",
            "--max-staleness",
            "30s",
        ]))
    });
}

#[test]
fn timeline_table() {
    // A long timeline: the table stops at 100,000 rows with a warning. The snapshot keeps the
    // head and the tail (summary and warning); the row count is checked in full.
    let text = human(&["examples/revalidate-1s.toml", "--timeline"]);
    let lines: Vec<&str> = text.lines().collect();
    let rows = lines
        .iter()
        .filter(|l| l.starts_with(' ') && l.contains("/item/"))
        .count();
    assert_eq!(rows, 100_000);
    let (head, tail) = (&lines[..40], &lines[lines.len() - 25..]);
    let shown = format!(
        "{}\n[… the middle rows, left out of the snapshot …]\n{}",
        head.join("\n"),
        tail.join("\n")
    );
    snapshots().bind(|| insta::assert_snapshot!(shown));
}
