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

/// `isrctl simulate --workload WORKLOAD ARGS`: exit code, stdout, stderr.
fn on_workload(args: &[&str]) -> (i32, String, String) {
    let o = isrctl()
        .args(["simulate", "--workload", WORKLOAD])
        .args(args)
        .output()
        .unwrap();
    (
        o.status.code().unwrap(),
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

#[test]
fn strategies_and_values_do_not_mix_and_bad_values_are_named() {
    for (compare, want) in [
        (
            ["--compare", "isr,revalidate=10s"],
            "strategies or revalidate values, not both",
        ),
        (["--compare", "isr,fast"], "'fast' is neither a strategy"),
        (["--max-staleness", "10m"], "--max-staleness picks a TTL"),
    ] {
        let (code, _, err) = on_workload(&compare);
        assert_eq!(code, 2, "{err}");
        assert!(err.contains(want), "{err}");
    }
}

#[test]
fn a_budget_no_ttl_meets_exits_6_and_an_edge_pick_is_noted() {
    let sweep = ["--sweep", "revalidate=10s,5m", "--max-staleness"];
    let (code, out, _) = on_workload(&[&sweep[..], &["1s"]].concat());
    assert_eq!(code, 6);
    assert!(
        out.contains("no TTL in the range keeps the worst staleness within 1s"),
        "{out}"
    );
    let (code, out, _) = on_workload(&[&sweep[..], &["p95=1h"]].concat());
    assert_eq!(code, 0);
    assert!(out.contains("recommended: revalidate = 5m"), "{out}");
    assert!(out.contains("the largest TTL tried"), "{out}");
}

/// A trace whose paths mostly match no route says so: the figures would describe 404s.
#[test]
fn mostly_unmatched_requests_are_warned_about() {
    let dir = tempfile::tempdir().unwrap();
    let (trace, toml) = (dir.path().join("t.csv"), dir.path().join("one.toml"));
    std::fs::write(&trace, "time,path\n0,/a\n1,/b\n2,/c\n3,/a\n").unwrap();
    let stderr_with = |routes: &str| {
        std::fs::write(&toml, routes).unwrap();
        let o = isrctl()
            .arg("simulate")
            .arg(&toml)
            .arg("--trace")
            .arg(&trace)
            .arg("--summary")
            .output()
            .unwrap();
        assert!(o.status.success());
        String::from_utf8_lossy(&o.stderr).into_owned()
    };
    let err = stderr_with("[[routes]]\npath = \"/a\"\n");
    assert!(err.contains("2 of 4 requests (50.0%) were 404"), "{err}");
    assert!(!stderr_with("[[routes]]\npath = \"*\"\n").contains("were 404"));
}
