//! Snapshots of `isrctl probe`'s human output against the scripted local server: live lines and
//! the summary (`--count`), and the one-sample explanation (`--once`). Ports, durations and clock
//! times vary between runs and are replaced by placeholders.

use crate::support::scripted::{nextjs_script, serve};
use crate::support::{isrctl, snapshots, transcript};

fn human(args: &[&str]) -> String {
    transcript(isrctl().arg("probe").args(args))
}

/// [`snapshots`] plus filters for what changes from run to run.
fn settings() -> insta::Settings {
    let mut s = snapshots();
    s.add_filter(r"127\.0\.0\.1:\d+", "127.0.0.1:[PORT]");
    s.add_filter(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z", "[TIME]");
    s.add_filter(r"\b\d\d:\d\d:\d\d(\.\d+)?\b", "[CLOCK]");
    s.add_filter(r"\b(\d+(\.\d+)?(ms|µs|h|m|s))+\b", "[DUR]");
    // A right-aligned duration's padding varies with its length.
    s.add_filter(r" +\[DUR\]", " [DUR]");
    s
}

#[test]
fn probe_count_live_lines_and_summary() {
    let s = serve(vec![("/isr", nextjs_script())]);
    let text = human(&[&s.url("/isr"), "--interval", "50ms", "--count", "6"]);
    settings().bind(|| insta::assert_snapshot!(text));
}

#[test]
fn probe_once_explains_one_response() {
    let s = serve(vec![("/isr", nextjs_script())]);
    let text = human(&[&s.url("/isr"), "--once"]);
    settings().bind(|| insta::assert_snapshot!(text));
}
