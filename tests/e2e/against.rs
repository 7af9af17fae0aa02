//! `isrctl simulate SCENARIO --against BASE_URL` (the real binary) against a real `next start`:
//! an on-demand page (MISS, then HIT), a revalidate_path event sent through the fixture's
//! /api/revalidate (secret in `x-revalidate-secret`), then MISS and HIT again — predicted and
//! observed must agree.
//!
//! Real servers: the test takes the global lock, as every e2e test does.

use crate::servers::*;
use serde_json::Value;
use std::process::Command;

/// /posts/41 is not prerendered: the first request renders (MISS), revalidatePath is hard on
/// next start (the next request renders again: MISS with new content), and renders take tens of
/// milliseconds. Requests stay clear of the invalidation by more than the 0.5 s slack.
const SCENARIO: &str = r#"platform = "next-start"

[[routes]]
path = "/posts/[id]"
revalidate = 5
prerender = ["/posts/1", "/posts/2"]
dynamic_params = true
render_time = "50ms"

[[events]]
at = [0, 0.8]
request = "/posts/41"

[[events]]
at = 1.2
revalidate_path = "/posts/41"

[[events]]
at = [2.0, 2.8]
request = "/posts/41"
"#;

#[test]
fn against_next_start_agrees_on_an_on_demand_page_and_a_revalidation() {
    let _g = serial();
    require_next_build();
    let next = NextServer::start();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("posts.toml");
    std::fs::write(&file, SCENARIO).unwrap();
    let started = std::time::Instant::now();
    let out = Command::new(env!("CARGO_BIN_EXE_isrctl"))
        .env_clear()
        .env("NO_COLOR", "1")
        .env("E2E_SECRET", &next.secret)
        .arg("--no-config")
        .arg("simulate")
        .arg(&file)
        .args(["--against", &next.base()])
        .args(["--endpoint", &next.url("/api/revalidate")])
        .args(["--secret-env", "E2E_SECRET", "--secret-in", "header"])
        .args([
            "--secret-name",
            "x-revalidate-secret",
            "--format",
            "json",
            "-vv",
        ])
        .output()
        .unwrap();
    let took = started.elapsed();
    let stderr = String::from_utf8_lossy(&out.stderr);
    let stdout = String::from_utf8_lossy(&out.stdout);
    eprintln!("simulate --against took {took:?}");
    assert_eq!(out.status.code(), Some(0), "{stdout}\n{stderr}");
    assert!(!stdout.contains(&next.secret) && !stderr.contains(&next.secret));
    let doc: Value = serde_json::from_str(&stdout).unwrap();
    let observed: Vec<&str> = doc["requests"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["observed"].as_str().unwrap())
        .collect();
    assert_eq!(observed, ["MISS", "HIT", "MISS", "HIT"], "{stdout}");
    let changed: Vec<&Value> = doc["requests"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| &r["observed_changed"])
        .collect();
    assert_eq!(
        changed,
        [
            &Value::Null,
            &Value::Bool(false),
            &Value::Bool(true),
            &Value::Bool(false)
        ],
        "{stdout}"
    );
    assert_eq!(doc["summary"]["agree"], 4, "{stdout}");
    for r in doc["requests"].as_array().unwrap() {
        let late = r["sent_at"].as_f64().unwrap() - r["t"].as_f64().unwrap();
        assert!(
            (-0.01..0.2).contains(&late),
            "sent {late} s off schedule: {r}"
        );
    }
    assert_eq!(doc["summary"]["diverge"], 0);
    assert_eq!(doc["events"][0]["status"], 200);
}
