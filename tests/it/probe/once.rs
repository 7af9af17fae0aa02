//! `isrctl probe --once` explanations, the cached not-found page, and Ctrl-C mid-watch.

use super::dialects::hdr;
use super::run_json;
use crate::support::isrctl;
use crate::support::scripted::{NEXT_CC, Reply, nextjs_script, serve};
use serde_json::Value;

#[test]
fn once_explains_headers() {
    let s = serve(vec![(
        "/isr",
        vec![hdr(
            &[
                ("x-nextjs-cache", "HIT"),
                ("cache-control", NEXT_CC),
                ("etag", "\"a\""),
                ("x-powered-by", "Next.js"),
                ("set-cookie", "sid=1"),
            ],
            "x",
        )],
    )]);
    let o = isrctl()
        .env("COLUMNS", "1000") // whole lines: this test reads the words, not the layout
        .args(["probe", "--once", &s.url("/isr")])
        .output()
        .unwrap();
    let out = String::from_utf8_lossy(&o.stdout);
    assert_eq!(o.status.code(), Some(0), "{out}");
    assert!(
        out.contains("verdict:    HIT from nextjs (x-nextjs-cache: HIT)"),
        "{out}"
    );
    assert!(
        out.contains("s-maxage=10: shared caches (CDNs) keep it fresh for 10s"),
        "{out}"
    );
    assert!(
        out.contains("fresh for at most 10s (no Age header"),
        "{out}"
    );
    assert!(out.contains("lint set-cookie-cached"), "{out}");
    assert!(
        !out.contains("sequence:"),
        "no summary table with --once: {out}"
    );
    assert_eq!(s.count("/isr"), 1);
    // --fail-on-lint turns the lint into exit 6.
    isrctl()
        .args(["probe", "--once", "--fail-on-lint", &s.url("/isr")])
        .assert()
        .code(6);
}

/// next start's answer for an unknown param with dynamicParams = false (reference E3): a 404
/// carrying `x-nextjs-cache: HIT` and `private, no-cache, no-store`. It is the cached not-found
/// page, not an uncacheable page: the page lints stay quiet and the verdict names the status.
fn next_not_found() -> Reply {
    Reply::Ok(
        404,
        [
            (
                "vary",
                "rsc, next-router-state-tree, next-router-prefetch, next-router-segment-prefetch, Accept-Encoding",
            ),
            (
                "cache-control",
                "private, no-cache, no-store, max-age=0, must-revalidate",
            ),
            ("x-nextjs-cache", "HIT"),
            ("x-nextjs-prerender", "1"),
            ("x-nextjs-stale-time", "300"),
            ("etag", "\"15h39r9gye85bt\""),
        ]
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect(),
        "<html>404: This page could not be found.</html>".into(),
    )
}

#[test]
fn nextjs_not_found_is_reported_as_such_not_linted_as_uncacheable() {
    let s = serve(vec![("/isrstrict/c", vec![next_not_found()])]);
    let url = s.url("/isrstrict/c");
    let o = isrctl()
        .env("COLUMNS", "1000") // whole lines: this test reads the words, not the layout
        .args(["probe", &url, "--once", "--fail-on-lint"])
        .output()
        .unwrap();
    let out = String::from_utf8_lossy(&o.stdout);
    assert_eq!(o.status.code(), Some(0), "no lint fires: {out}");
    assert!(
        out.contains("verdict:    HTTP 404 (Next.js cached not-found page): HIT from nextjs"),
        "{out}"
    );
    assert!(!out.contains("uncacheable"), "{out}");
    assert!(!out.contains("cookies()"), "{out}");
    assert!(out.contains("lints:      none"), "{out}");

    let (code, v) = run_json(&[&url, "--interval", "50ms", "--count", "3", "--fail-on-lint"]);
    assert_eq!(code, 0, "{v}");
    let u = &v["urls"][0];
    assert_eq!(u["lints"], serde_json::json!([]), "{v}");
    assert_eq!(u["non_2xx"][0]["status"], 404);
    assert_eq!(u["non_2xx"][0]["count"], 3);
    assert_eq!(
        u["non_2xx"][0]["label"],
        "HTTP 404 (Next.js cached not-found page)"
    );
    let o = isrctl()
        .args(["probe", &url, "--interval", "50ms", "--count", "2"])
        .output()
        .unwrap();
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(
        out.contains("status:  HTTP 404 (Next.js cached not-found page) (2 responses"),
        "{out}"
    );

    // The same headers on a 200 page are still linted.
    let ok = Reply::Ok(
        200,
        vec![
            (
                "cache-control".into(),
                "private, no-cache, no-store, max-age=0, must-revalidate".into(),
            ),
            ("x-nextjs-cache".into(), "HIT".into()),
        ],
        "page".into(),
    );
    let s = serve(vec![("/p", vec![ok])]);
    let o = isrctl()
        .args(["probe", &s.url("/p"), "--once", "--fail-on-lint"])
        .output()
        .unwrap();
    let out = String::from_utf8_lossy(&o.stdout);
    assert_eq!(o.status.code(), Some(6), "{out}");
    assert!(out.contains("uncacheable"), "{out}");
    assert!(out.contains("verdict:    HIT from nextjs"), "{out}");
}

#[test]
fn ctrl_c_prints_the_summary_so_far_and_exits_130() {
    let s = serve(vec![("/isr", nextjs_script())]);
    let child = std::process::Command::new(assert_cmd::cargo::cargo_bin!("isrctl"))
        .env("NO_COLOR", "1")
        .args([
            "probe",
            &s.url("/isr"),
            "--interval",
            "100ms",
            "--duration",
            "60s",
            "--format",
            "json",
        ])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Wait for a few samples, then interrupt.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while s.count("/isr") < 3 && std::time::Instant::now() < deadline {
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let out = crate::support::interrupt(child);
    let v: Value = serde_json::from_slice(&out.stdout).expect("the summary so far");
    let n = v["urls"][0]["samples"].as_u64().unwrap();
    assert!((3..600).contains(&n), "{n} samples");
}
