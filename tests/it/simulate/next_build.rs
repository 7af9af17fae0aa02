//! `isrctl simulate --next-build`: routes from a Next.js build (the trimmed fixture build in
//! tests/fixtures/next-build), with the quick story, a trace and a scenario file.

use crate::support::{isrctl, simulate_json};
use serde_json::Value;
use std::io::Write;

const BUILD: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/next-build/.next"
);

fn count(doc: &Value, state: &str) -> u64 {
    doc["summary"]["states"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["state"] == state)
        .map_or(0, |s| s["count"].as_u64().unwrap())
}

/// One combined-log line for `path` at second `s`.
fn line(s: u32, path: &str) -> String {
    format!(
        "127.0.0.1 - - [02/Dec/2026:10:{:02}:{:02} +0000] \"GET {path} HTTP/1.1\" 200 512 \"-\" \"curl\"\n",
        s / 60,
        s % 60
    )
}

#[test]
fn quick_story_requests_every_prerendered_isr_page_with_the_builds_revalidate() {
    let doc = simulate_json(&["--next-build", BUILD]);
    let paths: std::collections::BTreeSet<&str> = doc["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["type"] == "request")
        .map(|e| e["path"].as_str().unwrap())
        .collect();
    assert_eq!(
        paths.into_iter().collect::<Vec<_>>(),
        ["/flaky", "/isr", "/posts/1", "/posts/2", "/tagged"]
    );
    // revalidate 5 s pages go STALE at 45 s and 65 s; /tagged (1 h) stays HIT.
    assert_eq!(count(&doc, "STALE"), 8, "{doc}");
    assert_eq!(count(&doc, "HIT"), 12);
}

#[test]
fn a_log_with_assets_api_calls_and_redirects_counts_them_apart() {
    let mut log = tempfile::NamedTempFile::new().unwrap();
    for (s, path) in [
        "/isr",
        "/_next/static/chunks/main.js",
        "/favicon.ico",
        "/isr",
        "/api/revalidate",
        "/api/items/3",
        "/isr/",
        "/posts/7",
        "/posts/7",
        "/docs/unknown",
        "/images/logo.svg",
        "/robots.txt",
        "/dynamic",
    ]
    .into_iter()
    .enumerate()
    {
        log.write_all(line(s as u32, path).as_bytes()).unwrap();
    }
    let path = log.path().to_str().unwrap();
    let doc = simulate_json(&[
        "--next-build",
        BUILD,
        "--trace",
        path,
        "--trace-format",
        "combined",
        "--summary",
    ]);
    let sm = &doc["summary"];
    assert_eq!(sm["not_isr"]["assets"], 4, "{sm}");
    assert_eq!(sm["not_isr"]["api"], 2);
    assert_eq!(sm["not_isr"]["redirects"], 1);
    // Pages: /isr twice (prerendered: HIT, HIT), /posts/7 (on demand: MISS then HIT),
    // /docs/unknown (dynamicParams = false: 404), /dynamic (rendered every request).
    assert_eq!(sm["requests"], 6);
    assert_eq!(count(&doc, "HIT"), 3);
    assert_eq!(count(&doc, "MISS"), 1);
    assert_eq!(sm["not_found"], 1);
    assert_eq!(count(&doc, "DYNAMIC"), 1);

    let o = isrctl()
        .args(["simulate", "--next-build", BUILD, "--trace", path])
        .args(["--trace-format", "combined", "--summary"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(
        text.contains("4 asset, 2 api, 1 redirect"),
        "{text}\n{}",
        String::from_utf8_lossy(&o.stderr)
    );
}

#[test]
fn scenario_routes_win_over_the_builds_and_flags_override_both() {
    let mut f = tempfile::NamedTempFile::new().unwrap();
    writeln!(
        f,
        "[[routes]]\npath = \"/isr\"\nrevalidate = \"1h\"\nprerender = [\"/isr\"]\n\n[[events]]\nat = 0\nrequest = \"/isr\"\n\n[[events]]\nat = 30\nrequest = [\"/isr\", \"/posts/1\"]"
    )
    .unwrap();
    let file = f.path().to_str().unwrap();
    let doc = simulate_json(&[file, "--next-build", BUILD]);
    // /isr follows the file (1 h: still HIT at 30 s), /posts/1 the build (5 s: STALE).
    assert_eq!(count(&doc, "HIT"), 2, "{doc}");
    assert_eq!(count(&doc, "STALE"), 1);
    let doc = simulate_json(&[file, "--next-build", BUILD, "--revalidate", "10s"]);
    assert_eq!(count(&doc, "STALE"), 2, "{doc}");
}

/// A scenario file with only events (content changes) adds them to the build's routes; its
/// implicit catch-all route does not shadow them.
#[test]
fn a_file_of_events_alone_keeps_the_builds_routes() {
    let mut f = tempfile::NamedTempFile::new().unwrap();
    writeln!(
        f,
        "[[events]]\nat = [0, 9, 12]\nrequest = \"/isr\"\n\n[[events]]\nat = 5\ncontent_change = \"/isr\""
    )
    .unwrap();
    let doc = simulate_json(&[f.path().to_str().unwrap(), "--next-build", BUILD]);
    // /isr: revalidate 5 s from the build: HIT at 0, STALE at 9 (regenerates), HIT at 12.
    assert_eq!(count(&doc, "STALE"), 1, "{doc}");
    assert_eq!(count(&doc, "HIT"), 2, "{doc}");
    assert_eq!(doc["summary"]["stale_content_served"], 1, "{doc}");
}

#[test]
fn a_missing_or_broken_build_is_a_usage_error_that_says_what_is_missing() {
    let dir = tempfile::tempdir().unwrap();
    let o = isrctl()
        .args(["simulate", "--next-build"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("is not a Next.js build directory: prerender-manifest.json is missing"),
        "{err}"
    );
    let o = isrctl()
        .args(["simulate", "--next-build", BUILD, "--on-demand"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("the build says which paths were prerendered")
    );
}
