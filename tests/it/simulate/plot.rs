//! `isrctl simulate --plot FILE`: the SVG of a sweep and of a comparison is well-formed XML with
//! one point (or bar) per row and the recommended TTL marked.

use crate::support::{isrctl, simulate_json};
use quick_xml::events::Event;

/// Every element of an SVG document as (name, class, attribute `data-*` value), checking it is
/// well-formed XML with an `<svg>` root.
fn elements(path: &std::path::Path) -> Vec<(String, String, String)> {
    let text = std::fs::read_to_string(path).unwrap();
    let mut r = quick_xml::Reader::from_str(&text);
    let (mut out, mut root) = (Vec::new(), None);
    loop {
        match r
            .read_event()
            .unwrap_or_else(|e| panic!("not XML: {e}\n{text}"))
        {
            Event::Start(e) | Event::Empty(e) => {
                let name = AsRef::<str>::as_ref(&e.name()).to_string();
                root.get_or_insert(name.clone());
                let attr = |k: &str| {
                    e.attributes()
                        .flatten()
                        .find(|a| AsRef::<str>::as_ref(&a.key) == k)
                        .map(|a| a.value.into_owned())
                        .unwrap_or_default()
                };
                let data = [attr("data-ttl"), attr("data-variant")].concat();
                out.push((name, attr("class"), data));
            }
            Event::Eof => break,
            _ => {}
        }
    }
    assert_eq!(root.as_deref(), Some("svg"));
    out
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
fn plot_without_variants_is_a_usage_error() {
    let o = isrctl()
        .args(["simulate", "--plot", "x.svg"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&o.stderr)
            .contains("--plot writes the rows of --compare or --sweep")
    );
}
