//! `isrctl simulate` through the real binary: the seed stories, the shipped example scenarios'
//! key numbers, machine output against the committed schema, determinism and bad input.

use crate::support::simulate_json as sim_json;
use assert_cmd::cargo::cargo_bin_cmd;
use predicates::prelude::*;
use serde_json::Value;

fn requests(doc: &Value) -> Vec<&Value> {
    doc["timeline"]
        .as_array()
        .expect("timeline")
        .iter()
        .filter(|e| e["type"] == "request")
        .collect()
}

fn count(doc: &Value, state: &str) -> u64 {
    doc["summary"]["states"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["state"] == state)
        .map(|s| s["count"].as_u64().unwrap())
        .unwrap()
}

#[test]
fn default_run_is_the_pricing_page_story() {
    let doc = sim_json(&[]);
    let reqs = requests(&doc);
    let seen: Vec<(f64, &str, u64)> = reqs
        .iter()
        .map(|r| {
            (
                r["t"].as_f64().unwrap(),
                r["served"].as_str().unwrap(),
                r["version"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        seen,
        vec![
            (0.0, "HIT", 1),
            (45.0, "HIT", 1),
            (65.0, "STALE", 1),
            (70.0, "HIT", 2)
        ]
    );
    assert_eq!(reqs[2]["background"], "regeneration_started");
    assert_eq!(reqs[2]["done_at"].as_f64().unwrap(), 65.2);
    assert_eq!(doc["summary"]["background_regenerations"], 1);
    assert_eq!(doc["summary"]["blocking_renders"], 0);
}

#[test]
fn default_table_shows_timeline_and_summary() {
    cargo_bin_cmd!("isrctl")
        .args(["simulate", "--color", "never"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "regeneration started (done at 1m5.2s)",
        ))
        .stdout(predicate::str::contains("regeneration done → v2"))
        .stdout(predicate::str::contains("background regenerations"));
}

#[test]
fn quick_flags_match_the_example_file() {
    let a = sim_json(&[
        "--revalidate",
        "60",
        "--at",
        "0,45,1m5s,70",
        "--path",
        "/pricing",
        "--timeline",
    ]);
    let b = sim_json(&["examples/pricing.toml", "--timeline"]);
    assert_eq!(a["timeline"], b["timeline"]);
    assert_eq!(a["summary"], b["summary"]);
}

#[test]
fn built_ago_makes_the_first_request_stale() {
    let doc = sim_json(&["--revalidate", "10", "--at", "0,1", "--built-ago", "30s"]);
    let reqs = requests(&doc);
    assert_eq!(reqs[0]["served"], "STALE");
    assert_eq!(reqs[0]["age"].as_f64().unwrap(), 30.0);
    assert_eq!(reqs[1]["served"], "HIT");
    assert_eq!(reqs[1]["version"], 2);
}

#[test]
fn on_demand_paths_start_with_a_blocking_miss() {
    let doc = sim_json(&["--at", "0,0.1,1", "--on-demand", "--render-time", "300ms"]);
    let served: Vec<&str> = requests(&doc)
        .iter()
        .map(|r| r["served"].as_str().unwrap())
        .collect();
    // The second request joins the render in flight (request collapsing) and is also a MISS.
    assert_eq!(served, vec!["MISS", "MISS", "HIT"]);
    assert_eq!(doc["summary"]["blocking_renders"], 1);
    assert_eq!(requests(&doc)[1]["background"], "joined_render");
}

#[test]
fn cms_webhook_is_fresh_in_seconds_time_based_lags_55s() {
    let doc = sim_json(&["examples/cms-webhook.toml"]);
    let changes = doc["summary"]["changes"].as_array().unwrap();
    let ttf = |target: &str| {
        changes.iter().find(|c| c["target"] == target).unwrap()["max_time_to_fresh"]
            .as_f64()
            .unwrap()
    };
    // Tag revalidated at 6 s (hard): the request at 7 s renders, fresh at 7.2 s.
    assert!(
        (ttf("tag:posts") - 2.2).abs() < 1e-6,
        "{}",
        ttf("tag:posts")
    );
    // Time-based only: stale until the first request at age >= 60 s (t = 60), fresh after it.
    assert!((ttf("tag:news") - 56.0).abs() < 0.1, "{}", ttf("tag:news"));
    let max_stale = doc["summary"]["staleness"]["max"].as_f64().unwrap();
    assert!((55.0..55.1).contains(&max_stale), "{max_stale}");
}

#[test]
fn failing_regeneration_keeps_serving_stale_on_next_start() {
    let doc = sim_json(&["examples/failing-regeneration.toml"]);
    assert_eq!(doc["summary"]["failed_regenerations"], 2);
    assert_eq!(count(&doc, "ERROR"), 0);
    let reqs = requests(&doc);
    // The request that triggers the failing regeneration at 21 s is STALE; the old entry is
    // re-stamped and served as HIT (same version) for another revalidate period.
    let at = |t: f64| reqs.iter().find(|r| r["t"].as_f64().unwrap() == t).unwrap();
    assert_eq!(at(21.0)["served"], "STALE");
    assert_eq!(at(22.0)["served"], "HIT");
    assert_eq!(at(22.0)["version"], at(21.0)["version"]);
    assert_eq!(at(32.0)["served"], "STALE");
    assert_eq!(at(43.0)["served"], "STALE");
    assert_eq!(at(44.0)["served"], "HIT");
    assert_eq!(
        at(44.0)["version"].as_u64().unwrap(),
        at(43.0)["version"].as_u64().unwrap() + 1
    );
}

#[test]
fn failing_regeneration_on_vercel_retries_after_30s() {
    let doc = sim_json(&["examples/failing-regeneration.toml", "--platform", "vercel"]);
    let reqs = requests(&doc);
    let at = |t: f64| reqs.iter().find(|r| r["t"].as_f64().unwrap() == t).unwrap();
    // Fails at 21 s: stale kept, no retry for 30 s, then the retry at 52 s succeeds.
    assert_eq!(at(21.0)["background"], "regeneration_started");
    for t in 22..=51 {
        assert_eq!(at(t as f64)["served"], "STALE", "t={t}");
        assert_eq!(at(t as f64)["background"], "none", "t={t}");
    }
    assert_eq!(at(52.0)["background"], "regeneration_started");
    assert_eq!(at(53.0)["served"], "HIT");
    assert_eq!(doc["summary"]["failed_regenerations"], 1);
}

#[test]
fn two_instances_serve_different_versions() {
    let doc = sim_json(&["examples/two-instances.toml"]);
    let reqs = requests(&doc);
    let v = |t: f64| {
        let r = reqs.iter().find(|r| r["t"].as_f64().unwrap() == t).unwrap();
        (
            r["instance"].as_u64().unwrap(),
            r["version"].as_u64().unwrap(),
        )
    };
    // revalidatePath reached instance 0 only.
    assert_eq!(v(12.0), (0, 2));
    assert_eq!(v(13.0), (1, 1));
    assert!(doc["summary"]["staleness"]["max"].as_f64().unwrap() > 20.0);
}

#[test]
fn revalidate_one_second_renders_on_nearly_every_request() {
    let short = sim_json(&["examples/revalidate-1s.toml"]);
    let long = sim_json(&["examples/revalidate-1s.toml", "--revalidate", "1h"]);
    let ratio = |d: &Value| {
        d["summary"]["renders"].as_f64().unwrap() / d["summary"]["requests"].as_f64().unwrap()
    };
    assert!(ratio(&short) > 0.9, "{}", ratio(&short));
    assert!(ratio(&long) < 0.1, "{}", ratio(&long));
}

#[test]
fn docs_site_misses_once_per_page_not_prerendered() {
    let doc = sim_json(&["examples/docs-site.toml"]);
    let s = &doc["summary"];
    let paths = s["distinct_paths"].as_u64().unwrap();
    // With expire at one year nothing drops out: one blocking MISS per requested page that was
    // not among the 50 prerendered (all 50 are interned at build time).
    assert_eq!(s["blocking_renders"].as_u64().unwrap(), paths - 50);
    assert!(s["hit_ratio"].as_f64().unwrap() > 0.95);
    assert_eq!(s["changes"].as_array().unwrap().len(), 5);
    // Revalidate 1 h: no page is regenerated more than once an hour, 24 times a day at most.
    assert!(s["background_regenerations"].as_u64().unwrap() <= paths * 24);
}

#[test]
fn same_input_and_seed_give_identical_output() {
    let run = |seed: &str| {
        cargo_bin_cmd!("isrctl")
            .args([
                "simulate",
                "examples/docs-site.toml",
                "--seed",
                seed,
                "--format",
                "ndjson",
            ])
            .output()
            .unwrap()
            .stdout
    };
    assert_eq!(run("3"), run("3"));
    assert_ne!(run("3"), run("4"));
}

#[test]
fn json_and_ndjson_match_the_schema() {
    let v = crate::support::schema("simulate");
    for file in [
        "examples/pricing.toml",
        "examples/cms-webhook.toml",
        "examples/two-instances.toml",
    ] {
        let doc = sim_json(&[file, "--timeline"]);
        if let Err(e) = v.validate(&doc) {
            panic!("{file}: {e}");
        }
        let out = cargo_bin_cmd!("isrctl")
            .args(["simulate", file, "--timeline", "--format", "ndjson"])
            .output()
            .unwrap();
        let text = String::from_utf8(out.stdout).unwrap();
        let lines: Vec<Value> = text
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(lines.first().unwrap()["type"], "run");
        assert_eq!(lines.last().unwrap()["type"], "summary");
        for l in &lines {
            if let Err(e) = v.validate(l) {
                panic!("{file}: {e}\n{l}");
            }
        }
    }
}

#[test]
fn bad_scenario_files_exit_2_naming_the_place() {
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        (
            "missing.toml",
            "[[routes]]\nrevalidate = 5\n",
            "missing.toml:1:1",
        ),
        (
            "type.toml",
            "[[routes]]\npath = \"/a\"\nrevalidate = [1]\n",
            "type.toml:3:",
        ),
        (
            "negative.toml",
            "[[routes]]\npath = \"/a\"\nrevalidate = \"-5s\"\n",
            "negative.toml:3:",
        ),
        (
            "platform.toml",
            "platform = \"akamai\"\n",
            "platform.toml:1:",
        ),
        (
            "backwards.toml",
            "[[events]]\nat = 9\nrequest = \"/a\"\n[[events]]\nat = 3\nrequest = \"/a\"\n",
            "backwards.toml:4:1",
        ),
        (
            "syntax.toml",
            "[[routes]\npath = \"/a\"\n",
            "syntax.toml:1:",
        ),
    ];
    for (name, body, place) in cases {
        let p = dir.path().join(name);
        std::fs::write(&p, body).unwrap();
        cargo_bin_cmd!("isrctl")
            .arg("simulate")
            .arg(&p)
            .assert()
            .code(2)
            .stderr(predicate::str::contains("isrctl: error:"))
            .stderr(predicate::str::contains(place));
    }
}

#[test]
fn usage_errors_exit_2() {
    cargo_bin_cmd!("isrctl")
        .args(["simulate", "--frobnicate"])
        .assert()
        .code(2);
    cargo_bin_cmd!("isrctl")
        .args(["simulate", "--at", "5,1"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("backwards"));
    cargo_bin_cmd!("isrctl")
        .args(["simulate", "--revalidate", "soon"])
        .assert()
        .code(2);
    cargo_bin_cmd!("isrctl")
        .args(["simulate", "no-such-file.toml"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no-such-file.toml"));
    cargo_bin_cmd!("isrctl")
        .args(["simulate", "--path", "pricing"])
        .assert()
        .code(2);
}

#[test]
fn version_and_help() {
    cargo_bin_cmd!("isrctl")
        .arg("--version")
        .assert()
        .success()
        .stdout(predicate::str::starts_with("isrctl "));
    cargo_bin_cmd!("isrctl")
        .args(["simulate", "--help"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Exit codes"));
}

#[test]
fn compare_runs_every_strategy_on_the_same_workload() {
    let doc = sim_json(&[
        "examples/cms-webhook.toml",
        "--compare",
        "ssg,isr,isr+ondemand,ssr",
    ]);
    assert_eq!(doc["type"], "compare");
    let rows = doc["rows"].as_array().unwrap();
    let labels: Vec<&str> = rows.iter().map(|r| r["label"].as_str().unwrap()).collect();
    assert_eq!(labels, vec!["ssg", "isr", "isr+ondemand", "ssr"]);
    let s = |i: usize, k: &str| rows[i]["summary"][k].clone();
    // Same traffic everywhere.
    assert!(
        rows.iter()
            .all(|r| r["summary"]["requests"] == s(0, "requests"))
    );
    // SSR renders every request; ISR far fewer.
    assert_eq!(s(3, "renders"), s(3, "requests"));
    assert!(s(1, "renders").as_u64().unwrap() < 10);
    // The webhook makes content fresh within seconds; time-based ISR lags behind.
    let max_stale = |i: usize| rows[i]["summary"]["staleness"]["max"].as_f64().unwrap();
    assert!(max_stale(2) < 3.0, "{}", max_stale(2));
    assert!(max_stale(1) > 50.0, "{}", max_stale(1));
    assert_eq!(max_stale(3), 0.0);
    // SSG rebuilds the site once per content change (two changes in this scenario).
    assert_eq!(s(0, "rebuilds"), 2);
    assert!(rows[0]["build_time"].as_f64().unwrap() > 0.0);
}

#[test]
fn sweep_recommends_the_largest_ttl_within_the_budget() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("sweep.csv");
    let doc = sim_json(&[
        "examples/cms-webhook.toml",
        "--sweep",
        "revalidate=5s..2m",
        "--max-staleness",
        "30s",
        "--csv",
        csv.to_str().unwrap(),
    ]);
    assert_eq!(doc["type"], "sweep");
    let rows = doc["rows"].as_array().unwrap();
    let ttl: Vec<f64> = rows
        .iter()
        .map(|r| r["revalidate"].as_f64().unwrap())
        .collect();
    assert_eq!(ttl.first(), Some(&5.0));
    assert_eq!(ttl.last(), Some(&120.0));
    let rec = doc["recommended"].as_f64().unwrap();
    // Every TTL up to the recommendation... the recommended one fits the budget, larger ones not.
    for r in rows {
        let t = r["revalidate"].as_f64().unwrap();
        let worst = r["summary"]["staleness"]["max"].as_f64().unwrap();
        if t == rec {
            assert!(worst <= 30.0, "{t}: {worst}");
        }
        if t > rec {
            assert!(worst > 30.0, "{t}: {worst}");
        }
    }
    // Renders fall as the TTL grows.
    let renders: Vec<u64> = rows
        .iter()
        .map(|r| r["summary"]["renders"].as_u64().unwrap())
        .collect();
    assert!(renders.windows(2).all(|w| w[0] >= w[1]), "{renders:?}");
    let text = std::fs::read_to_string(&csv).unwrap();
    assert_eq!(text.lines().count(), rows.len() + 1);
    assert!(text.starts_with("label,revalidate_s,"));
}

#[test]
fn sweep_and_compare_reject_bad_input() {
    cargo_bin_cmd!("isrctl")
        .args(["simulate", "--sweep", "ttl=1..2"])
        .assert()
        .code(2);
    cargo_bin_cmd!("isrctl")
        .args(["simulate", "--compare", "isg"])
        .assert()
        .code(2);
    cargo_bin_cmd!("isrctl")
        .args(["simulate", "--csv", "x.csv"])
        .assert()
        .code(2);
}

#[test]
fn workload_flag_generates_seeded_traffic() {
    let doc = sim_json(&[
        "--workload",
        "zipf:alpha=1.1,keys=300,rate=20/s,duration=10m,changes=30/h",
        "--seed",
        "9",
    ]);
    let s = &doc["summary"];
    let n = s["requests"].as_u64().unwrap();
    assert!((10_800..13_200).contains(&n), "{n}");
    assert!(s["distinct_paths"].as_u64().unwrap() <= 300);
    assert!(!s["changes"].as_array().unwrap().is_empty());
    cargo_bin_cmd!("isrctl")
        .args(["simulate", "--workload", "zipf:keys=0"])
        .assert()
        .code(2);
}

#[test]
fn compare_and_sweep_output_match_the_schema() {
    let v = crate::support::schema("simulate");
    for args in [
        vec!["examples/pricing.toml", "--compare", "isr,ssr"],
        vec![
            "examples/cms-webhook.toml",
            "--sweep",
            "revalidate=10s..1m",
            "--max-staleness",
            "20s",
        ],
    ] {
        let doc = sim_json(&args);
        if let Err(e) = v.validate(&doc) {
            panic!("{args:?}: {e}");
        }
        let out = cargo_bin_cmd!("isrctl")
            .arg("simulate")
            .args(&args)
            .args(["--format", "ndjson"])
            .output()
            .unwrap();
        for line in String::from_utf8(out.stdout).unwrap().lines() {
            let l: Value = serde_json::from_str(line).unwrap();
            if let Err(e) = v.validate(&l) {
                panic!("{args:?}: {e}\n{l}");
            }
        }
    }
}
