//! The per-POP view: samples grouped by the POP or instance the vendor headers name, in JSON and
//! in an 80-column table, and the `pops-out-of-sync` lint when two POPs serve different versions
//! at the same time (still split at the end, or converged). Against scripted local servers.

use super::run_json;
use crate::support::isrctl;
use crate::support::scripted::{Reply, reply, serve};
use serde_json::Value;

/// A Fastly edge reply: `x-served-by` names the node, the body is the content version.
fn fastly(pop: &str, body: &str) -> Reply {
    let node = format!("cache-{}4133-{pop}", pop.to_ascii_lowercase());
    reply(
        &[
            ("x-cache", "HIT"),
            ("x-served-by", &node),
            ("cache-control", "max-age=60"),
        ],
        body,
    )
}

fn pops_of(v: &Value) -> Vec<(String, u64, Vec<String>, String)> {
    v["urls"][0]["pops"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|p| {
                    let versions = p["versions"].as_array().unwrap();
                    (
                        p["pop"].as_str().unwrap().to_string(),
                        p["samples"].as_u64().unwrap(),
                        versions
                            .iter()
                            .map(|x| x.as_str().unwrap().to_string())
                            .collect(),
                        p["vendor"].as_str().unwrap().to_string(),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

fn out_of_sync(v: &Value) -> Option<&Value> {
    v["urls"][0]["lints"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["code"] == "pops-out-of-sync")
}

fn run(script: Vec<Reply>, extra: &[&str]) -> Value {
    let n = script.len().to_string();
    let s = serve(vec![("/p", script)]);
    let mut args = vec!["--count", &n, "--interval", "0"];
    args.extend_from_slice(extra);
    let url = s.url("/p");
    args.push(&url);
    run_json(&args).1
}

#[test]
fn two_pops_with_different_versions_are_grouped_and_named() {
    let script: Vec<Reply> = (0..6)
        .map(|i| {
            if i % 2 == 0 {
                fastly("FRA", "old")
            } else {
                fastly("AMS", "new")
            }
        })
        .collect();
    let v = run(script, &[]);
    let fra = (
        "FRA".to_string(),
        3,
        vec!["v1".to_string()],
        "fastly".to_string(),
    );
    let ams = (
        "AMS".to_string(),
        3,
        vec!["v2".to_string()],
        "fastly".to_string(),
    );
    assert_eq!(pops_of(&v), vec![fra, ams]);
    assert_eq!(v["samples"][1]["pop"]["node"], "cache-ams4133-AMS");
    let l = out_of_sync(&v).expect("the lint");
    let msg = l["message"].as_str().unwrap();
    assert!(
        msg.contains("still served different content versions at the end"),
        "{msg}"
    );
    assert!(msg.contains("FRA: v1, AMS: v2"), "{msg}");
    assert!(msg.contains("caches not in sync"), "{msg}");
    assert!(
        l["evidence"]
            .as_str()
            .unwrap()
            .starts_with("FRA served v1 at"),
        "{l}"
    );
    assert_eq!(l["first_seq"], 2);
    assert_eq!(l["count"], 5);
}

#[test]
fn the_same_content_everywhere_is_no_lint() {
    let script: Vec<Reply> = (0..6)
        .map(|i| {
            if i % 2 == 0 {
                fastly("FRA", "same")
            } else {
                fastly("AMS", "same")
            }
        })
        .collect();
    let v = run(script, &[]);
    let p = pops_of(&v);
    assert_eq!(p.len(), 2);
    assert!(p.iter().all(|x| x.2 == ["v1"]), "{p:?}");
    assert!(out_of_sync(&v).is_none(), "{:#?}", v["urls"][0]["lints"]);
    assert!(v["urls"][0]["lints"].as_array().unwrap().is_empty());
}

#[test]
fn pops_that_converge_are_called_expected() {
    // FRA still old while AMS has the new version (after a purge), then FRA catches up.
    let script = vec![
        fastly("FRA", "old"),
        fastly("AMS", "new"),
        fastly("FRA", "old"),
        fastly("AMS", "new"),
        fastly("FRA", "new"),
        fastly("AMS", "new"),
        fastly("FRA", "new"),
    ];
    let v = run(script, &[]);
    let l = out_of_sync(&v).expect("the lint");
    let msg = l["message"].as_str().unwrap();
    assert!(msg.contains("then converged on v2"), "{msg}");
    assert!(
        msg.contains("expected briefly after a purge or revalidation"),
        "{msg}"
    );
    // Samples 2, 3 and 4 each disagreed with the other POP's latest version.
    assert_eq!(l["count"], 3);
}

#[test]
fn a_pop_header_names_instances() {
    let pod =
        |name: &str, body: &str| reply(&[("x-nextjs-cache", "HIT"), ("x-instance", name)], body);
    let script = vec![pod("pod-a", "a"), pod("pod-b", "b")];
    let v = run(script.clone(), &["--pop-header", "X-Instance"]);
    let p = pops_of(&v);
    assert_eq!(p[0].0, "pod-a");
    assert_eq!(p[0].3, "header");
    assert_eq!(v["samples"][0]["pop"]["header"], "x-instance");
    assert!(out_of_sync(&v).is_some());
    // Without the flag the same responses name no instance.
    let v = run(script, &[]);
    assert!(pops_of(&v).is_empty());
    assert!(out_of_sync(&v).is_none());
}

#[test]
fn the_pop_table_fits_80_columns() {
    let long = "/a-rather-long-path/that/keeps/going/and/going/for/the/table";
    let script: Vec<Reply> = (0..4)
        .map(|i| {
            if i % 2 == 0 {
                fastly("FRA", "old")
            } else {
                fastly("AMS", "new")
            }
        })
        .collect();
    let s = serve(vec![(long, script)]);
    let out = isrctl()
        .args(["probe", "--count", "4", "--interval", "0", &s.url(long)])
        .env("COLUMNS", "80")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    for want in [
        "POP",
        "versions seen",
        "FRA (fastly)",
        "AMS (fastly)",
        "HIT v2",
    ] {
        assert!(text.contains(want), "{want}: {text}");
    }
    assert!(text.contains("lint pops-out-of-sync"), "{text}");
    let widest = text.lines().map(|l| l.chars().count()).max().unwrap_or(0);
    assert!(widest <= 80, "{widest}: {text}");
}

#[test]
fn no_pop_no_table() {
    let s = serve(vec![("/p", vec![reply(&[("x-cache", "HIT")], "a")])]);
    let out = isrctl()
        .args(["probe", "--count", "2", "--interval", "0", &s.url("/p")])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(!text.contains("versions seen"), "{text}");
    let (_, v) = run_json(&["--count", "1", "--interval", "0", &s.url("/p")]);
    assert!(v["urls"][0].get("pops").is_none());
}

#[test]
fn one_pop_is_one_line() {
    let s = serve(vec![("/p", vec![fastly("FRA", "a")])]);
    let out = isrctl()
        .args(["probe", "--count", "2", "--interval", "0", &s.url("/p")])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("pop: every answer came from FRA (fastly)"),
        "{text}"
    );
    assert!(!text.contains("versions seen"), "{text}");
    // The live line names it too.
    assert!(text.contains("(v1, at FRA)"), "{text}");
}
