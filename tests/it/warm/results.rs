//! What each kind of answer ends as, how many tries it takes, and the exit code of the run.

use super::{url, warm_json};
use crate::support::cache::start;
use std::time::Duration;

#[test]
fn warm_miss_then_hit_is_warm_in_two_tries_and_exits_0() {
    let c = start(&[], Duration::ZERO);
    let (code, doc, err) = warm_json(&[&c.url("/page/a"), &c.url("/page/b"), "--interval", "0s"]);
    assert_eq!(code, 0, "{err}");
    for p in ["/page/a", "/page/b"] {
        let u = url(&doc, p);
        assert_eq!(u["result"], "warm", "{u}");
        assert_eq!(u["tries"], 2);
        assert_eq!(u["states"], serde_json::json!(["MISS", "HIT"]));
        assert_eq!(u["state"], "HIT");
        assert_eq!(u["layer"], "nginx");
        assert_eq!(u["status"], 200);
        assert_eq!(c.count(p), 2, "the server saw each try");
    }
    let t = &doc["totals"];
    assert_eq!((t["urls"].as_u64(), t["warm"].as_u64()), (Some(2), Some(2)));
    assert_eq!(t["requests"], 4);
}

#[test]
fn warm_a_url_still_cold_after_the_tries_exits_6() {
    let c = start(&[], Duration::ZERO);
    let (code, doc, _) = warm_json(&[
        &c.url("/cold/x"),
        &c.url("/late/y"),
        "--tries",
        "4",
        "--interval",
        "0s",
    ]);
    assert_eq!(code, 6);
    let cold = url(&doc, "/cold/x");
    assert_eq!(cold["result"], "cold");
    assert_eq!(cold["tries"], 4);
    assert_eq!(c.count("/cold/x"), 4, "--tries 4 is four requests, no more");
    // MISS, MISS, HIT: warm at the third try, not asked again.
    let late = url(&doc, "/late/y");
    assert_eq!(
        (late["result"].as_str(), late["tries"].as_u64()),
        (Some("warm"), Some(3))
    );
    assert_eq!(c.count("/late/y"), 3);
    // With two tries the late page stays cold.
    let (code, doc, _) = warm_json(&[&c.url("/late/z"), "--tries", "2", "--interval", "0s"]);
    assert_eq!(code, 6);
    assert_eq!(
        url(&doc, "/late/z")["states"],
        serde_json::json!(["MISS", "MISS"])
    );
    let (_, doc, _) = warm_json(&[&c.url("/stale/s"), "--tries", "2", "--interval", "0s"]);
    assert_eq!(url(&doc, "/stale/s")["result"], "cold");
}

#[test]
fn warm_uncached_and_headerless_answers_are_reported_once_and_not_warm() {
    let c = start(&[], Duration::ZERO);
    let (code, doc, _) = warm_json(&[&c.url("/bypass/a"), &c.url("/plain/b"), "--tries", "5"]);
    assert_eq!(code, 6);
    let b = url(&doc, "/bypass/a");
    assert_eq!(
        (b["result"].as_str(), b["tries"].as_u64()),
        (Some("uncached"), Some(1))
    );
    assert_eq!(b["state"], "BYPASS");
    let p = url(&doc, "/plain/b");
    assert_eq!(
        (p["result"].as_str(), p["tries"].as_u64()),
        (Some("unknown"), Some(1))
    );
    assert_eq!(p["note"], "no cache-status header");
    assert_eq!(
        c.count("/bypass/a") + c.count("/plain/b"),
        2,
        "no try repeated"
    );
    assert_eq!(doc["totals"]["unknown"], 1);
    assert_eq!(doc["totals"]["uncached"], 1);
}

#[test]
fn warm_failures_are_per_url_with_their_exit_codes() {
    let c = start(&[], Duration::ZERO);
    // 5xx: retried up to --tries, then failed; exit 5.
    let (code, doc, _) = warm_json(&[
        &c.url("/error/a"),
        &c.url("/page/ok"),
        "--tries",
        "2",
        "--interval",
        "0s",
    ]);
    assert_eq!(code, 5);
    let e = url(&doc, "/error/a");
    assert_eq!(
        (e["result"].as_str(), e["status"].as_u64()),
        (Some("failed"), Some(500))
    );
    assert_eq!(c.count("/error/a"), 2);
    assert_eq!(url(&doc, "/page/ok")["result"], "warm");
    // 4xx: not asked again (even a cached one); exit 4.
    let (code, doc, _) = warm_json(&[&c.url("/missing/a"), "--tries", "3"]);
    assert_eq!(code, 4);
    assert_eq!(url(&doc, "/missing/a")["note"], "HTTP 404");
    assert_eq!(c.count("/missing/a"), 1);
    // Nobody listening: failed with the reason, exit 3 (and 6 for a cold URL loses to it).
    let dead = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = dead.local_addr().unwrap().port();
    drop(dead);
    let (code, doc, _) = warm_json(&[
        &format!("http://127.0.0.1:{port}/x"),
        &c.url("/cold/z"),
        "--tries",
        "2",
        "--interval",
        "0s",
    ]);
    assert_eq!(code, 3);
    let d = url(&doc, "/x");
    assert_eq!(d["result"], "failed");
    assert!(d["state"].is_null() && d["status"].is_null(), "{d}");
    assert_eq!(d["states"], serde_json::json!(["ERROR", "ERROR"]));
    assert!(d["error"].as_str().unwrap().contains("connection"), "{d}");
}

#[test]
fn warm_tls_errors_are_failed_urls_not_a_crash() {
    // A plain-HTTP server spoken to in TLS.
    let c = start(&[], Duration::ZERO);
    let https = c.url("/page/tls").replace("http://", "https://");
    let (code, doc, err) = warm_json(&[&https, "--tries", "1"]);
    assert_eq!(code, 3, "{err}");
    assert_eq!(url(&doc, "/page/tls")["result"], "failed");
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn warm_a_server_that_never_answers_times_out_per_url() {
    use crate::support::scripted::{Reply, serve};
    let s = serve(vec![("/hang", vec![Reply::Hang])]);
    let started = std::time::Instant::now();
    let (code, doc, err) = warm_json(&[
        &s.url("/hang"),
        "--timeout",
        "1s",
        "--tries",
        "2",
        "--interval",
        "0s",
    ]);
    assert_eq!(code, 3, "{err}");
    let u = url(&doc, "/hang");
    assert_eq!(
        (u["result"].as_str(), u["tries"].as_u64()),
        (Some("failed"), Some(2))
    );
    assert!(u["error"].as_str().unwrap().contains("timed out"), "{u}");
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "{:?}",
        started.elapsed()
    );
}
