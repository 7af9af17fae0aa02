//! `isrctl simulate --plot FILE` without `--compare`/`--sweep`: the run's timeline as SVG, one
//! lane per path (and per instance), one mark per request in its served state, a bar per render,
//! a marker per scenario event, version labels; a long run is capped and says so.

use crate::support::svg::{El, classed, elements};
use crate::support::{isrctl, simulate_json};
use std::collections::BTreeMap;

fn example(name: &str) -> String {
    format!("{}/examples/{name}", env!("CARGO_MANIFEST_DIR"))
}

/// Run `simulate ARGS --plot FILE` (it must succeed) and read the picture back.
fn plot(args: &[&str]) -> (Vec<El>, u64) {
    let dir = tempfile::tempdir().unwrap();
    let svg = dir.path().join("timeline.svg");
    let o = isrctl()
        .arg("simulate")
        .args(args)
        .arg("--plot")
        .arg(&svg)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    (elements(&svg), std::fs::metadata(&svg).unwrap().len())
}

/// The timeline events of the same run, by type.
fn timeline(args: &[&str]) -> Vec<serde_json::Value> {
    let mut a = args.to_vec();
    a.push("--timeline");
    simulate_json(&a)["timeline"].as_array().unwrap().clone()
}

fn lane_names(els: &[El]) -> Vec<&str> {
    classed(els, "lane")
        .iter()
        .map(|e| e.attr("data-lane"))
        .collect()
}

#[test]
fn a_story_is_a_lane_per_path_with_a_mark_per_request_and_a_marker_per_event() {
    let file = example("cms-webhook.toml");
    let args = [file.as_str()];
    let (els, _) = plot(&args);
    let events = timeline(&args);
    let of = |t: &'static str| events.iter().filter(move |e| e["type"] == t);
    let mut states: BTreeMap<String, usize> = BTreeMap::new();
    for e in of("request") {
        *states
            .entry(e["served"].as_str().unwrap().into())
            .or_default() += 1;
    }
    let mut marks: BTreeMap<String, usize> = BTreeMap::new();
    for m in classed(&els, "mark") {
        *marks.entry(m.attr("data-state").into()).or_default() += 1;
    }
    assert_eq!(marks, states);
    let mut paths: Vec<&str> = of("request").map(|e| e["path"].as_str().unwrap()).collect();
    paths.sort();
    paths.dedup();
    let mut lanes = lane_names(&els);
    lanes.sort();
    assert_eq!(lanes, paths);
    assert_eq!(classed(&els, "marker").len(), of("action").count());
    assert!(
        classed(&els, "marker")
            .iter()
            .any(|m| m.attr("data-action") == "content_change")
    );
    let started = of("request")
        .filter(|e| ["regeneration_started", "render"].contains(&e["background"].as_str().unwrap()))
        .count();
    assert_eq!(classed(&els, "render").len(), started);
    assert!(started > 0);
    // v1 on each lane, and a label for each later version a request was served.
    assert!(classed(&els, "version").len() > paths.len());
    assert!(classed(&els, "capped").is_empty());
}

#[test]
fn several_instances_have_a_lane_each() {
    let file = example("two-instances.toml");
    let (els, _) = plot(&[file.as_str()]);
    assert_eq!(
        lane_names(&els),
        ["/product · instance 0", "/product · instance 1"]
    );
}

/// Marks per lane, in lane order.
fn marks_per_lane(els: &[El]) -> Vec<usize> {
    let mut per_lane = Vec::new();
    for e in els {
        if e.is("lane") {
            per_lane.push(0);
        } else if e.is("mark") {
            *per_lane.last_mut().unwrap() += 1;
        }
    }
    per_lane
}

#[test]
fn a_cdn_has_its_own_lane_above_the_origin() {
    let dir = tempfile::tempdir().unwrap();
    let toml = dir.path().join("cdn.toml");
    std::fs::write(
        &toml,
        "platform = \"next-start\"\n[instances]\ncount = 2\n[cdn]\n[[routes]]\npath = \"/pricing\"\nrevalidate = 60\n[[events]]\nat = [0, 30, 65, 70]\nrequest = \"/pricing\"\n",
    )
    .unwrap();
    let (els, _) = plot(&[toml.to_str().unwrap()]);
    let lanes = lane_names(&els);
    assert_eq!(lanes[0], "/pricing · cdn", "{lanes:?}");
    assert!(lanes.contains(&"/pricing · instance 0"), "{lanes:?}");
    // Every request is answered at the CDN; the first was forwarded and also shows at the origin.
    let marks = marks_per_lane(&els);
    assert_eq!(marks[0], 4, "{marks:?}");
    assert!(marks[1..].iter().sum::<usize>() >= 1, "{marks:?}");
}

#[test]
fn a_long_run_is_capped_and_says_so() {
    let (els, bytes) = plot(&[
        "--workload",
        "zipf:alpha=1.0,keys=500,rate=20/s,duration=30m,changes=100/day",
    ]);
    let lanes = classed(&els, "lane");
    assert_eq!(lanes.len(), 24);
    let capped: Vec<&str> = classed(&els, "capped")
        .iter()
        .map(|e| e.text.as_str())
        .collect();
    assert_eq!(capped.len(), 2, "paths and marks per lane: {capped:?}");
    assert!(
        capped[0].starts_with("capped: ") && capped[0].contains(" of 500 paths shown"),
        "{capped:?}"
    );
    assert!(
        capped[1].contains("at most 400 HITs and 400 other requests"),
        "{capped:?}"
    );
    assert!(bytes < 2_000_000, "{bytes} bytes");
    let per_lane = marks_per_lane(&els);
    assert!(per_lane.iter().all(|n| *n <= 800), "{per_lane:?}");
    assert!(
        per_lane[0] > 200,
        "the busiest lane is drawn first: {per_lane:?}"
    );
}

#[test]
fn hostile_paths_from_a_trace_stay_valid_xml() {
    let dir = tempfile::tempdir().unwrap();
    let trace = dir.path().join("t.csv");
    let paths = [
        "/a<script>alert(1)</script>",
        "/b?x=1&y=\"2\"",
        "/c\u{1b}[31mred\u{7}",
        "/d/\u{FFFF}",
    ];
    let mut csv = String::from("time,path\n");
    for (i, p) in paths.iter().cycle().take(12).enumerate() {
        csv.push_str(&format!("{i},\"{}\"\n", p.replace('"', "\"\"")));
    }
    std::fs::write(&trace, csv).unwrap();
    let (els, _) = plot(&["--trace", trace.to_str().unwrap(), "--keep-query"]);
    let mut lanes = lane_names(&els);
    lanes.sort();
    assert_eq!(
        lanes,
        [
            "/a<script>alert(1)</script>",
            "/b?x=1&y=\"2\"",
            "/c\u{FFFD}[31mred\u{FFFD}",
            "/d/\u{FFFD}",
        ]
    );
    assert_eq!(classed(&els, "mark").len(), 12);
    assert!(!els.iter().any(|e| e.name == "script"));
}
