//! `isrctl probe --plot FILE`: the samples as an SVG timeline against the scripted local server,
//! a lane per URL and a mark per sample in its cache state, version changes labelled, failures
//! drawn as crosses; written however the probe ends (--count, --until, Ctrl-C).

use crate::support::isrctl;
use crate::support::scripted::{Reply, nextjs_script, reply, serve};
use crate::support::svg::{El, classed, elements};
use std::process::Stdio;

fn states(els: &[El]) -> Vec<&str> {
    classed(els, "mark")
        .iter()
        .map(|m| m.attr("data-state"))
        .collect()
}

fn texts<'a>(els: &'a [El], class: &str) -> Vec<&'a str> {
    classed(els, class)
        .iter()
        .map(|e| e.text.as_str())
        .collect()
}

#[test]
fn each_sample_is_a_mark_in_its_state_and_version_changes_are_labelled() {
    let s = serve(vec![("/isr", nextjs_script())]);
    let dir = tempfile::tempdir().unwrap();
    let svg = dir.path().join("probe.svg");
    let o = isrctl()
        .args([
            "probe",
            &s.url("/isr"),
            "--interval",
            "50ms",
            "--count",
            "6",
        ])
        .arg("--plot")
        .arg(&svg)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let els = elements(&svg);
    let lanes = classed(&els, "lane");
    assert_eq!(lanes.len(), 1);
    assert_eq!(lanes[0].attr("data-lane"), "/isr");
    assert_eq!(states(&els), ["MISS", "HIT", "HIT", "STALE", "HIT", "HIT"]);
    assert_eq!(texts(&els, "version"), ["v1", "v2"]);
    assert!(classed(&els, "failure").is_empty());
    assert!(classed(&els, "capped").is_empty());
}

#[test]
fn failures_are_crosses_in_their_own_lane() {
    let s = serve(vec![
        ("/ok", vec![reply(&[("x-nextjs-cache", "HIT")], "a")]),
        (
            "/broken",
            vec![Reply::Raw(b"not http at all\r\n\r\n".to_vec())],
        ),
    ]);
    let dir = tempfile::tempdir().unwrap();
    let svg = dir.path().join("probe.svg");
    let o = isrctl()
        .args(["probe", &s.url("/ok"), &s.url("/broken")])
        .args(["--interval", "50ms", "--count", "3", "--format", "json"])
        .arg("--plot")
        .arg(&svg)
        .output()
        .unwrap();
    assert!(o.status.code().is_some(), "{o:?}");
    let els = elements(&svg);
    let names: Vec<&str> = classed(&els, "lane")
        .iter()
        .map(|l| l.attr("data-lane"))
        .collect();
    assert_eq!(names, ["/ok", "/broken"]);
    assert_eq!(classed(&els, "mark").len(), 6);
    assert_eq!(classed(&els, "failure").len(), 3);
    assert!(
        classed(&els, "failure")
            .iter()
            .all(|f| f.attr("data-state") == "ERROR")
    );
}

#[test]
fn until_marks_where_the_state_was_reached() {
    let s = serve(vec![("/isr", nextjs_script())]);
    let dir = tempfile::tempdir().unwrap();
    let svg = dir.path().join("probe.svg");
    let o = isrctl()
        .args([
            "probe",
            &s.url("/isr"),
            "--interval",
            "50ms",
            "--until",
            "STALE",
        ])
        .arg("--plot")
        .arg(&svg)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let els = elements(&svg);
    assert_eq!(states(&els), ["MISS", "HIT", "HIT", "STALE"]);
    let reached = classed(&els, "marker");
    assert_eq!(reached.len(), 1);
    assert_eq!(reached[0].attr("data-action"), "reached");
}

#[test]
fn ctrl_c_still_writes_the_picture() {
    let s = serve(vec![("/isr", nextjs_script())]);
    let dir = tempfile::tempdir().unwrap();
    let svg = dir.path().join("probe.svg");
    let child = std::process::Command::new(env!("CARGO_BIN_EXE_isrctl"))
        .args([
            "probe",
            &s.url("/isr"),
            "--interval",
            "50ms",
            "--duration",
            "60s",
        ])
        .arg("--plot")
        .arg(&svg)
        .env("NO_COLOR", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while s.count("/isr") < 3 {
        assert!(std::time::Instant::now() < deadline, "no samples");
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    crate::support::interrupt(child);
    let els = elements(&svg);
    assert!(states(&els).len() >= 3, "{:?}", states(&els));
    assert_eq!(states(&els)[..3], ["MISS", "HIT", "HIT"]);
}

#[test]
fn a_long_url_list_is_capped_and_says_so() {
    let paths: Vec<String> = (0..35).map(|i| format!("/p{i}")).collect();
    let s = serve(
        paths
            .iter()
            .map(|p| (p.as_str(), vec![reply(&[("x-nextjs-cache", "HIT")], "a")]))
            .collect(),
    );
    let urls: Vec<String> = paths.iter().map(|p| s.url(p)).collect();
    let dir = tempfile::tempdir().unwrap();
    let svg = dir.path().join("probe.svg");
    let o = isrctl()
        .arg("probe")
        .args(&urls)
        .args(["--interval", "0s", "--count", "1", "--format", "ndjson"])
        .arg("--plot")
        .arg(&svg)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let els = elements(&svg);
    assert_eq!(classed(&els, "lane").len(), 30);
    assert_eq!(classed(&els, "mark").len(), 30);
    assert_eq!(
        texts(&els, "capped"),
        ["capped: the first 30 of 35 URLs shown"]
    );
}
