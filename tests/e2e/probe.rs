//! `isrctl probe` (the real binary) against real caches: `next start`, nginx and Varnish (both in
//! front of the python origin). It must see the real MISS/HIT/STALE sequence, the content
//! version change and a sensible observed TTL.
//!
//! Real servers: the tests take a global lock and run one at a time.

use crate::servers::*;
use serde_json::Value;
use std::process::{Command, Output, Stdio};
use std::time::Duration;

fn isrctl() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_isrctl"));
    c.env_remove("ISRCTL_FORMAT").env("NO_COLOR", "1");
    c
}

/// Start `isrctl probe URL [--interval 1s] --count N --format json [extra]`, run `during` while it
/// probes, then wait for it.
fn probe(url: &str, count: u32, extra: &[&str], during: impl FnOnce()) -> (Output, Value) {
    // --interval 1s unless the caller sets it.
    let interval: &[&str] = if extra.contains(&"--interval") {
        &[]
    } else {
        &["--interval", "1s"]
    };
    let child = isrctl()
        .args(["probe", url])
        .args(interval)
        .arg("--count")
        .arg(count.to_string())
        .args(["--format", "json"])
        .args(extra)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn isrctl probe");
    during();
    let out = child.wait_with_output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout).to_string();
    let doc: Value = serde_json::from_str(stdout.trim()).unwrap_or_else(|e| {
        panic!(
            "probe --format json is not one JSON document ({e}); exit {:?}\nstdout:\n{stdout}\nstderr:\n{}",
            out.status.code(),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (out, doc)
}

fn summary(doc: &Value) -> &Value {
    &doc["urls"][0]
}

fn samples_table(doc: &Value) -> String {
    doc["samples"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|s| {
                    format!(
                        "  t={:.2} {} {} {} layers={}",
                        s["t"].as_f64().unwrap_or(-1.0),
                        s["status"],
                        s["state"],
                        s["version"],
                        s["layers"]
                    )
                })
                .collect::<Vec<_>>()
                .join("\n")
        })
        .unwrap_or_default()
}

fn sequence(doc: &Value) -> Vec<String> {
    summary(doc)["sequence"]
        .as_array()
        .unwrap_or_else(|| panic!("no urls[0].sequence in probe output: {doc}"))
        .iter()
        .map(|v| v.as_str().unwrap_or("?").to_string())
        .collect()
}

fn check_common(name: &str, out: &Output, doc: &Value, ttl_range: (f64, f64)) {
    let table = samples_table(doc);
    assert_eq!(
        out.status.code(),
        Some(0),
        "[{name}] probe exit code; stderr: {}\n{table}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        sequence(doc),
        ["MISS", "HIT", "STALE", "HIT"],
        "[{name}] collapsed state sequence\n{table}"
    );
    let s = summary(doc);
    let versions = s["versions"].as_array().expect("urls[0].versions");
    assert!(
        versions.len() >= 2,
        "[{name}] probe must see the content version change; versions: {}\n{table}",
        s["versions"]
    );
    let ttl = s["observed_ttl"]
        .as_f64()
        .unwrap_or_else(|| panic!("[{name}] no observed_ttl: {s}\n{table}"));
    assert!(
        ttl >= ttl_range.0 && ttl <= ttl_range.1,
        "[{name}] observed TTL {ttl} not in {ttl_range:?}\n{table}"
    );
    // The first STALE still serves the old version; the HIT after it the new one.
    let samples = doc["samples"].as_array().unwrap();
    let first_stale = samples.iter().position(|x| x["state"] == "STALE").unwrap();
    assert_eq!(
        samples[first_stale]["version"], samples[0]["version"],
        "[{name}] STALE must serve the old version\n{table}"
    );
    let last = samples.last().unwrap();
    assert_eq!(last["state"], "HIT", "[{name}]\n{table}");
    assert_ne!(
        last["version"], samples[0]["version"],
        "[{name}] the HIT after STALE must serve the new version\n{table}"
    );
}

/// next start, on-demand /posts/N (revalidate 5): MISS, HIT x4-5, STALE (old), HIT (new render).
#[test]
fn probe_next_start_sees_isr_cycle() {
    let _g = serial();
    require_all();
    let next = NextServer::start();
    let url = next.url("/posts/61");
    let (out, doc) = probe(&url, 8, &["--expect", "MISS,HIT,STALE,HIT"], || {
        std::thread::sleep(Duration::from_millis(2500));
        next.set_content("post-61", "v2");
    });
    check_common("next start", &out, &doc, (3.5, 6.5));
    // The source is Next.js' own header, and the new render carries the new content.
    let samples = doc["samples"].as_array().unwrap();
    assert_eq!(samples[0]["layers"][0]["header"], "x-nextjs-cache", "{doc}");
    let http = Http::new();
    let r = http.get(&url);
    assert_eq!(r.stamp_field("CONTENT").as_deref(), Some("v2"), "{r:?}");
}

/// `--expect` with a wrong sequence exits 6 (checked on the real server, one cycle).
#[test]
fn probe_next_start_expect_mismatch_exits_6() {
    let _g = serial();
    require_all();
    let next = NextServer::start();
    let (out, _doc) = probe(&next.url("/posts/62"), 2, &["--expect", "HIT,HIT"], || {});
    assert_eq!(out.status.code(), Some(6), "{out:?}");
}

/// nginx proxy_cache in front of the origin (s-maxage=3, swr=30): MISS, HIT.., STALE (old,
/// background refresh), HIT (new version after the origin changed).
#[test]
fn probe_nginx_sees_swr_cycle() {
    let _g = serial();
    require_all();
    let origin = Origin::start();
    let nginx = Nginx::start(origin.port);
    let url = nginx.url("/probe/a");
    let (out, doc) = probe(&url, 7, &[], || {
        std::thread::sleep(Duration::from_millis(1500));
        origin.set_version(2);
    });
    check_common("nginx", &out, &doc, (2.0, 5.5));
    let samples = doc["samples"].as_array().unwrap();
    assert!(
        samples[0]["layers"]
            .to_string()
            .to_ascii_lowercase()
            .contains("x-cache-status"),
        "nginx's X-Cache-Status must be the classified header: {}",
        samples[0]["layers"]
    );
    assert!(origin.hits(Some("/probe/a")) >= 2, "origin refreshed");
}

/// Varnish in front of the origin (grace from stale-while-revalidate): MISS, HIT.., STALE,
/// HIT with the new version.
#[test]
fn probe_varnish_sees_swr_cycle() {
    let _g = serial();
    require_all();
    let origin = Origin::start();
    let varnish = Varnish::start(origin.port);
    let url = varnish.url("/probe/b");
    let (out, doc) = probe(&url, 7, &[], || {
        std::thread::sleep(Duration::from_millis(1500));
        origin.set_version(2);
    });
    check_common("varnish", &out, &doc, (1.5, 4.5));
}

/// Two layers: Varnish in front of `next start`. The cached copy carries Next's frozen
/// `x-nextjs-cache` (MISS, from when Varnish fetched it); the headline state must be the layer
/// nearest the client that answered without forwarding (Varnish HIT), with both layers shown.
#[test]
fn probe_varnish_in_front_of_next_reports_both_layers() {
    let _g = serial();
    require_all();
    let next = NextServer::start();
    let varnish = Varnish::start(next.port);
    let (out, doc) = probe(&varnish.url("/posts/63"), 3, &[], || {});
    let table = samples_table(&doc);
    assert_eq!(out.status.code(), Some(0), "{table}");
    let samples = doc["samples"].as_array().unwrap();
    assert_eq!(samples[0]["state"], "MISS", "{table}");
    for s in &samples[1..] {
        assert_eq!(s["state"], "HIT", "Varnish answered from cache\n{table}");
        let layers = s["layers"].as_array().unwrap();
        assert!(
            layers.len() >= 2,
            "both Varnish and Next.js layers reported\n{table}"
        );
        let raw = s["layers"].to_string();
        assert!(raw.contains("x-nextjs-cache"), "{table}");
    }
}

/// Two layers: nginx in front of `next start` (same expectations as with Varnish).
#[test]
fn probe_nginx_in_front_of_next_reports_both_layers() {
    let _g = serial();
    require_all();
    let next = NextServer::start();
    let nginx = Nginx::start(next.port);
    let (out, doc) = probe(&nginx.url("/posts/64"), 3, &[], || {});
    let table = samples_table(&doc);
    assert_eq!(out.status.code(), Some(0), "{table}");
    let samples = doc["samples"].as_array().unwrap();
    assert_eq!(samples[0]["state"], "MISS", "{table}");
    for s in &samples[1..] {
        assert_eq!(s["state"], "HIT", "nginx answered from cache\n{table}");
        let layers = s["layers"].as_array().unwrap();
        assert!(
            layers.len() >= 2,
            "both nginx and Next.js layers reported\n{table}"
        );
    }
}

/// `--until changed` stops at the first sample with new content (here after an on-demand
/// revalidation made by the test while probing), exit 0; `--until STALE` on a page that never
/// goes stale in time exits 6.
#[test]
fn probe_until_changed_and_until_timeout() {
    let _g = serial();
    require_all();
    let next = NextServer::start();
    let url = next.url("/tagged");
    let http = Http::new();
    http.warm_until_hit(&url);
    let (out, doc) = probe(
        &url,
        40,
        &["--interval", "250ms", "--until", "changed"],
        || {
            std::thread::sleep(std::time::Duration::from_millis(1200));
            next.set_content("posts", "until-changed");
            next_revalidate(&http, &next, serde_json::json!({ "tag": "posts" }));
        },
    );
    let table = samples_table(&doc);
    assert_eq!(out.status.code(), Some(0), "{table}");
    let samples = doc["samples"].as_array().unwrap();
    assert!(
        samples.len() < 40,
        "stopped at the change, not after --count\n{table}"
    );
    let last = samples.last().unwrap();
    assert_ne!(last["version"], samples[0]["version"], "{table}");
    assert_eq!(
        last["state"], "MISS",
        "hard tag invalidation: MISS\n{table}"
    );

    let (out, _doc) = probe(&url, 3, &["--interval", "200ms", "--until", "STALE"], || {});
    assert_eq!(out.status.code(), Some(6), "{out:?}");
}

/// A force-dynamic page on next start: no x-nextjs-cache, `private, no-store` -> DYNAMIC with
/// the "uncacheable" lint; `--fail-on-lint` turns that into exit 6.
#[test]
fn probe_next_start_dynamic_page_is_dynamic_and_linted() {
    let _g = serial();
    require_all();
    let next = NextServer::start();
    let url = next.url("/dynamic");
    let (out, doc) = probe(&url, 2, &["--interval", "200ms"], || {});
    let table = samples_table(&doc);
    assert_eq!(out.status.code(), Some(0), "{table}");
    for s in doc["samples"].as_array().unwrap() {
        assert_eq!(s["status"], 200, "{table}");
        assert_eq!(s["state"], "DYNAMIC", "{table}");
    }
    let lints = summary(&doc)["lints"].to_string();
    assert!(lints.contains("uncacheable"), "lints: {lints}");
    let (out, _) = probe(&url, 1, &["--interval", "200ms", "--fail-on-lint"], || {});
    assert_eq!(out.status.code(), Some(6), "{out:?}");
}
