//! `isrctl probe --rsc` against the real `next start` (tests/fixtures/next-app, Next.js 16.4.6):
//! Next.js itself sets `Vary: rsc, …` on both answers, accepts the `_rsc` value isrctl computes
//! (no canonical redirect) and answers `text/x-component`, so the RSC check reports nothing.
//! Needs `npm ci` and `next build` only (tests/setup-e2e.sh --skip-apt).

use crate::servers::*;
use serde_json::Value;
use std::process::Command;

#[test]
fn next_start_varies_on_rsc_and_the_rsc_check_finds_nothing() {
    let _g = serial();
    require_next_build();
    let next = NextServer::start();
    let urls = [next.url("/isr"), next.url("/posts/1"), next.url("/")];
    let out = Command::new(env!("CARGO_BIN_EXE_isrctl"))
        .env_remove("ISRCTL_FORMAT")
        .args(["probe", "--rsc", "--count", "3", "--interval", "300ms"])
        .args(["--format", "json", "--fail-on-lint"])
        .args(&urls)
        .output()
        .unwrap();
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!("{e}: {}", String::from_utf8_lossy(&out.stderr));
    });
    let samples = doc["samples"].as_array().unwrap();
    assert_eq!(samples.len(), 9, "{doc:#}");
    for s in samples {
        let r = &s["rsc"];
        let ctx = format!("{}: {s:#}", s["url"]);
        assert_eq!(s["status"], 200, "{ctx}");
        assert_eq!(s["body"], "html", "{ctx}");
        assert_eq!(r["status"], 200, "{ctx}");
        assert_eq!(r["body"], "rsc", "{ctx}");
        assert!(
            r["content_type"]
                .as_str()
                .unwrap()
                .starts_with("text/x-component"),
            "{ctx}"
        );
        // The digest isrctl computes is the one Next.js 16.4.6 expects: no redirect.
        assert!(r.get("canonical_redirect").is_none(), "{ctx}");
        let vary = r["vary"].as_str().unwrap().to_ascii_lowercase();
        assert!(
            vary.starts_with("rsc, next-router-state-tree, next-router-prefetch"),
            "{ctx}"
        );
    }
    for u in doc["urls"].as_array().unwrap() {
        assert_eq!(u["lints"], serde_json::json!([]), "{u:#}");
    }
    assert_eq!(out.status.code(), Some(0), "{doc:#}");
}
