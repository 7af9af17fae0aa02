//! `isrctl simulate --plot FILE`: the SVG of a sweep and of a comparison is well-formed XML with
//! one point (or bar) per row and the recommended TTL marked.

use crate::support::svg::El;
use crate::support::{isrctl, simulate_json};

/// Every element as (name, class, `data-ttl` or `data-variant`).
fn elements(path: &std::path::Path) -> Vec<(String, String, String)> {
    crate::support::svg::elements(path)
        .into_iter()
        .map(|e: El| {
            let data = [e.attr("data-ttl"), e.attr("data-variant")].concat();
            (e.name.clone(), e.attr("class").to_string(), data)
        })
        .collect()
}

const WORKLOAD: &str = "zipf:alpha=1.0,keys=500,rate=20/s,duration=30m,changes=100/day";

#[test]
fn a_sweep_is_one_point_per_ttl_with_the_recommendation_ringed() {
    let dir = tempfile::tempdir().unwrap();
    let svg = dir.path().join("sweep.svg");
    let args = [
        "--workload",
        WORKLOAD,
        "--sweep",
        "revalidate=10s..10m",
        "--max-staleness",
        "p95=5m",
    ];
    let o = isrctl()
        .arg("simulate")
        .args(args)
        .arg("--plot")
        .arg(&svg)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let doc = simulate_json(&args);
    let rows = doc["rows"].as_array().unwrap();
    let els = elements(&svg);
    let points: Vec<&str> = els
        .iter()
        .filter(|e| e.1 == "point")
        .map(|e| e.2.as_str())
        .collect();
    assert_eq!(points.len(), rows.len());
    assert_eq!(points.first(), Some(&"10s"));
    assert_eq!(points.last(), Some(&"10m"));
    let rings = els.iter().filter(|e| e.1 == "recommended").count();
    assert_eq!(rings, usize::from(!doc["recommended"].is_null()), "{doc}");
}

#[test]
fn a_comparison_is_a_bar_per_variant_and_metric() {
    let dir = tempfile::tempdir().unwrap();
    let svg = dir.path().join("compare.svg");
    let o = isrctl()
        .args(["simulate", "--workload", WORKLOAD, "--compare", "isr,ssr"])
        .arg("--plot")
        .arg(&svg)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let bars: Vec<String> = elements(&svg)
        .into_iter()
        .filter(|e| e.1 == "bar")
        .map(|e| e.2)
        .collect();
    assert_eq!(bars, ["isr", "ssr", "isr", "ssr", "isr", "ssr"]);
}

#[test]
fn csv_without_variants_is_a_usage_error() {
    let o = isrctl()
        .args(["simulate", "--csv", "x.csv"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&o.stderr)
            .contains("--csv writes the rows of --compare or --sweep")
    );
}
