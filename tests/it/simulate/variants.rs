//! `--sweep` lists, `--compare revalidate=…`, a `--max-staleness` that no TTL meets (exit 6) and
//! the warning for requests that match no route: asked in the user's words.

use crate::support::{isrctl, simulate_json};

const WORKLOAD: &str = "zipf:alpha=1.0,keys=500,rate=20/s,duration=30m,changes=100/day";

fn ttls(doc: &serde_json::Value) -> Vec<f64> {
    doc["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["revalidate"].as_f64().unwrap())
        .collect()
}

#[test]
fn a_sweep_list_and_compare_by_revalidate_run_exactly_those_values() {
    let doc = simulate_json(&["--workload", WORKLOAD, "--sweep", "revalidate=5m,10s,1m"]);
    assert_eq!(ttls(&doc), [10.0, 60.0, 300.0]);
    let doc = simulate_json(&["--workload", WORKLOAD, "--compare", "revalidate=10s,5m,1h"]);
    assert_eq!(ttls(&doc), [10.0, 300.0, 3600.0]);
    let doc = simulate_json(&[
        "--workload",
        WORKLOAD,
        "--compare",
        "revalidate=10s,1h",
        "--max-staleness",
        "p95=10m",
    ]);
    assert_eq!(doc["recommended"], 3600.0, "{doc}");
}

#[test]
fn strategies_and_values_do_not_mix_and_bad_values_are_named() {
    let o = isrctl()
        .args([
            "simulate",
            "--workload",
            WORKLOAD,
            "--compare",
            "isr,revalidate=10s",
        ])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("strategies or revalidate values, not both")
    );
    let o = isrctl()
        .args(["simulate", "--workload", WORKLOAD, "--compare", "isr,fast"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("'fast' is neither a strategy"));
    let o = isrctl()
        .args(["simulate", "--workload", WORKLOAD, "--max-staleness", "10m"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("--max-staleness picks a TTL"));
}

#[test]
fn a_budget_no_ttl_meets_exits_6_and_an_edge_pick_is_noted() {
    let o = isrctl()
        .args([
            "simulate",
            "--workload",
            WORKLOAD,
            "--sweep",
            "revalidate=10s,5m",
        ])
        .args(["--max-staleness", "1s"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(6));
    assert!(
        String::from_utf8_lossy(&o.stdout)
            .contains("no TTL in the range keeps the worst staleness within 1s")
    );
    let o = isrctl()
        .args([
            "simulate",
            "--workload",
            WORKLOAD,
            "--sweep",
            "revalidate=10s,5m",
        ])
        .args(["--max-staleness", "p95=1h"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0));
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(text.contains("recommended: revalidate = 5m"), "{text}");
    assert!(text.contains("the largest TTL tried"), "{text}");
}

/// A trace whose paths mostly match no route says so: the figures would describe 404s.
#[test]
fn mostly_unmatched_requests_are_warned_about() {
    let dir = tempfile::tempdir().unwrap();
    let (trace, toml) = (dir.path().join("t.csv"), dir.path().join("one.toml"));
    std::fs::write(&trace, "time,path\n0,/a\n1,/b\n2,/c\n3,/a\n").unwrap();
    std::fs::write(&toml, "[[routes]]\npath = \"/a\"\n").unwrap();
    let o = isrctl()
        .arg("simulate")
        .arg(&toml)
        .arg("--trace")
        .arg(&trace)
        .arg("--summary")
        .output()
        .unwrap();
    assert!(o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("2 of 4 requests (50.0%) were 404"), "{err}");
    std::fs::write(&toml, "[[routes]]\npath = \"*\"\n").unwrap();
    let o = isrctl()
        .arg("simulate")
        .arg(&toml)
        .arg("--trace")
        .arg(&trace)
        .arg("--summary")
        .output()
        .unwrap();
    assert!(!String::from_utf8_lossy(&o.stderr).contains("were 404"));
}
