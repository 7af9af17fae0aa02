//! `isrctl probe` under bad input and bad servers: invalid URLs, refused connections, timeouts,
//! garbage headers, a 1 GB body, lints, sitemaps, HEAD.

use crate::support::scripted::{Reply, reply, serve};
use assert_cmd::Command;
use serde_json::Value;
use std::time::{Duration, Instant};

/// `isrctl probe` (see [`crate::support::isrctl`]).
fn probe() -> Command {
    let mut c = crate::support::isrctl();
    c.arg("probe");
    c
}

fn run_json(args: &[&str]) -> (i32, Value, String) {
    let o = probe()
        .args(args)
        .args(["--format", "json"])
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&o.stdout).unwrap_or(Value::Null);
    (
        o.status.code().unwrap(),
        v,
        String::from_utf8_lossy(&o.stderr).into(),
    )
}

#[test]
fn invalid_urls_and_flags_are_usage_errors() {
    let o = probe().arg("not a url").output().unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("is not a valid URL"));
    probe().arg("ftp://example.com/").assert().code(2);
    probe().assert().code(2);
    probe()
        .args(["http://127.0.0.1:9/", "--until", "SOMETIMES"])
        .assert()
        .code(2);
    probe()
        .args(["http://127.0.0.1:9/", "--expect", "HIT,NOPE"])
        .assert()
        .code(2);
    probe()
        .args(["http://127.0.0.1:9/", "-H", "no colon"])
        .assert()
        .code(2);
    probe()
        .args(["http://127.0.0.1:9/", "--resolve", "example.com:x:1.2.3.4"])
        .assert()
        .code(2);
    probe()
        .args(["http://127.0.0.1:9/", "--count", "0"])
        .assert()
        .code(2);
}

#[test]
fn connection_refused_every_sample_failed_exits_3() {
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let url = format!("http://127.0.0.1:{port}/");
    let (code, v, _) = run_json(&[&url, "--interval", "50ms", "--count", "2"]);
    assert_eq!(code, 3);
    assert_eq!(v["urls"][0]["errors"], 2);
    assert_eq!(v["samples"][0]["state"], "ERROR");
    assert!(
        v["samples"][0]["error"]
            .as_str()
            .unwrap()
            .contains("connection failed"),
        "{v}"
    );
    assert_eq!(v["verdict"]["all_failed"], true);
}

#[test]
fn timeout_is_a_failed_sample_not_a_hang() {
    let s = serve(vec![("/slow", vec![Reply::Hang])]);
    let t = Instant::now();
    let (code, v, _) = run_json(&[&s.url("/slow"), "--timeout", "300ms", "--count", "1"]);
    assert_eq!(code, 3);
    assert!(t.elapsed() < Duration::from_secs(5));
    assert!(
        v["samples"][0]["error"]
            .as_str()
            .unwrap()
            .contains("timed out"),
        "{v}"
    );
}

#[test]
fn garbage_headers_are_reported_and_good_samples_still_count() {
    let s = serve(vec![
        (
            "/g",
            vec![
                Reply::Raw(
                    b"HTTP/1.1 200 OK\r\nx-cache: \x01\x02\r\nbroken header line\r\n\r\n".to_vec(),
                ),
                reply(&[("x-cache-status", "HIT")], "ok"),
            ],
        ),
        (
            "/junk",
            vec![Reply::Raw(b"\x00\xffnot http at all\r\n\r\n".to_vec())],
        ),
    ]);
    let (code, v, _) = run_json(&[&s.url("/g"), "--interval", "50ms", "--count", "2"]);
    assert_eq!(code, 0, "one good sample is enough");
    assert_eq!(v["samples"][0]["state"], "ERROR");
    assert!(!v["samples"][0]["error"].as_str().unwrap().is_empty());
    assert_eq!(v["samples"][1]["state"], "HIT");
    let (code, v, _) = run_json(&[&s.url("/junk"), "--count", "1"]);
    assert_eq!(code, 3);
    assert_eq!(v["samples"][0]["state"], "ERROR");
}

#[test]
fn huge_body_is_hashed_up_to_the_cap_and_never_buffered() {
    let s = serve(vec![("/big", vec![Reply::Huge(1 << 30)])]);
    let t = Instant::now();
    let (code, v, _) = run_json(&[&s.url("/big"), "--count", "1"]);
    assert_eq!(code, 0, "{v}");
    assert!(t.elapsed() < Duration::from_secs(20));
    assert_eq!(v["samples"][0]["body_truncated"], true);
    assert_eq!(v["samples"][0]["body_bytes"], 8 * 1024 * 1024);
    assert_eq!(v["samples"][0]["state"], "HIT");
}

#[test]
fn lints_fire_with_evidence_and_fail_on_lint_exits_6() {
    let s = serve(vec![
        (
            "/l",
            vec![
                reply(
                    &[
                        ("cf-cache-status", "HIT"),
                        ("set-cookie", "sid=1"),
                        ("vary", "Accept-Encoding, Cookie"),
                        ("cache-control", "s-maxage=1, stale-while-revalidate=1"),
                        ("age", "9"),
                        ("etag", "\"a\""),
                    ],
                    "x",
                ),
                reply(&[("cf-cache-status", "HIT"), ("etag", "\"b\"")], "x"),
                reply(&[("cf-cache-status", "HIT"), ("etag", "\"a\"")], "x"),
            ],
        ),
        (
            "/p",
            vec![reply(&[("cache-control", "private, no-store")], "x")],
        ),
    ]);
    let (code, v, _) = run_json(&[
        &s.url("/l"),
        "--interval",
        "50ms",
        "--count",
        "3",
        "--fail-on-lint",
    ]);
    assert_eq!(code, 6);
    let codes: Vec<&str> = v["urls"][0]["lints"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["code"].as_str().unwrap())
        .collect();
    for c in [
        "set-cookie-cached",
        "vary-cookie",
        "tiny-s-maxage",
        "age-beyond-swr",
        "version-flapping",
    ] {
        assert!(codes.contains(&c), "{c} missing from {codes:?}");
    }
    let flap = v["urls"][0]["lints"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["code"] == "version-flapping")
        .unwrap();
    assert_eq!(flap["evidence"], "versions in order: v1 → v2 → v1");
    let (code, v, _) = run_json(&[&s.url("/p"), "--count", "1"]);
    assert_eq!(code, 0, "lints alone do not fail without --fail-on-lint");
    let codes: Vec<&str> = v["urls"][0]["lints"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["code"].as_str().unwrap())
        .collect();
    assert!(
        codes.contains(&"uncacheable") && codes.contains(&"no-cache-status"),
        "{codes:?}"
    );
    assert_eq!(v["samples"][0]["state"], "DYNAMIC");
}

#[test]
fn sitemap_index_and_head_requests() {
    let s = serve(vec![
        (
            "/a",
            vec![reply(
                &[("x-nextjs-cache", "HIT"), ("etag", "\"a\"")],
                "aaa",
            )],
        ),
        ("/b", vec![reply(&[("x-nextjs-cache", "MISS")], "bbb")]),
    ]);
    let sm = serve(vec![(
        "/index.xml",
        vec![reply(
            &[],
            "<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\"><sitemap><loc>SUB</loc></sitemap></sitemapindex>",
        )],
    )]);
    // The index points at a second sitemap on the same server as the pages.
    let sub = format!(
        "<urlset><url><loc>{}</loc></url><url><loc>{}</loc></url></urlset>",
        s.url("/a"),
        s.url("/b")
    );
    let s2 = serve(vec![("/sub.xml", vec![reply(&[], &sub)])]);
    let idx = serve(vec![(
        "/index.xml",
        vec![reply(
            &[],
            &format!(
                "<sitemapindex><sitemap><loc>{}</loc></sitemap></sitemapindex>",
                s2.url("/sub.xml")
            ),
        )],
    )]);
    drop(sm);
    let (code, v, err) = run_json(&[
        "--sitemap",
        &idx.url("/index.xml"),
        "--count",
        "1",
        "--method",
        "HEAD",
    ]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(v["urls"].as_array().unwrap().len(), 2);
    assert_eq!(s.count("/a"), 1);
    assert_eq!(s.count("/b"), 1);
    // HEAD: ETag is the identity; without ETag/Last-Modified there is none.
    let a = v["samples"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["url"].as_str().unwrap().ends_with("/a"))
        .unwrap();
    assert_eq!(a["content_id"], "etag:\"a\"");
    let b = v["samples"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["url"].as_str().unwrap().ends_with("/b"))
        .unwrap();
    assert!(b.get("content_id").is_none());
    assert_eq!(b["body_bytes"], 0);
}
