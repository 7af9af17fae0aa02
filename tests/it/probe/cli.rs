//! End-to-end tests of `isrctl probe` against scripted local servers (see tests/it/support/scripted.rs).

use super::{run_json, seq};
use crate::support::isrctl;
use crate::support::scripted::{nextjs_script, reply, serve};

#[test]
fn nextjs_transitions_versions_ttl_and_lag() {
    let s = serve(vec![("/isr", nextjs_script())]);
    let (code, v) = run_json(&[&s.url("/isr"), "--interval", "100ms", "--count", "6"]);
    assert_eq!(code, 0);
    assert_eq!(seq(&v, 0), ["MISS", "HIT", "STALE", "HIT"]);
    let u = &v["urls"][0];
    assert_eq!(u["samples"], 6);
    assert_eq!(u["versions"].as_array().unwrap().len(), 2);
    assert_eq!(u["versions"][1]["label"], "v2");
    assert_eq!(u["versions"][1]["first_seq"], 5);
    assert_eq!(u["versions"][0]["content_id"], "etag:\"a\"");
    // first HIT at sample 2, first STALE at sample 4: 2 intervals; new content 1 interval later.
    let ttl = u["observed_ttl"].as_f64().unwrap();
    let lag = u["regeneration_lag"].as_f64().unwrap();
    assert!((0.15..0.4).contains(&ttl), "ttl {ttl}");
    assert!((0.05..0.3).contains(&lag), "lag {lag}");
    assert_eq!(u["transitions"], 3);
    let tr = v["transitions"].as_array().unwrap();
    assert_eq!(tr[1]["from"], "HIT");
    assert_eq!(tr[1]["to"], "STALE");
    assert_eq!(tr[2]["new_version"], true);
    // Next.js never sends Age: the freshness text says so.
    assert!(
        v["samples"][1]["freshness"]
            .as_str()
            .unwrap()
            .contains("no Age header")
    );
    assert_eq!(s.count("/isr"), 6);
}

#[test]
fn table_output_shows_live_transitions_and_summary() {
    let s = serve(vec![("/isr", nextjs_script())]);
    let o = isrctl()
        .args([
            "probe",
            &s.url("/isr"),
            "--interval",
            "50ms",
            "--count",
            "6",
        ])
        .output()
        .unwrap();
    let out = String::from_utf8_lossy(&o.stdout);
    assert_eq!(o.status.code(), Some(0), "{out}");
    assert!(out.contains("/isr  MISS  (v1"), "{out}");
    assert!(out.contains("/isr  HIT → STALE  (v1"), "{out}");
    assert!(out.contains("/isr  STALE → HIT  (v2"), "{out}");
    assert!(out.contains("sequence:  MISS → HIT → STALE → HIT"), "{out}");
    assert!(out.contains("v2  first seen at"), "{out}");
    // A progress spinner never reaches stdout.
    assert!(!out.contains("probing…"));
}

/// Live lines say state, version and age only (the spec's `HIT → STALE  (v1, age 1m1s)`): no
/// freshness phrase computed from the origin's headers, which contradicted the cache's verdict
/// (`HIT → STALE (v1, fresh for at most 10s …)`). Counts are pluralised properly.
#[test]
fn live_lines_state_version_and_age_only() {
    // Next.js: no Age header.
    let s = serve(vec![("/isr", nextjs_script())]);
    let o = isrctl()
        .args([
            "probe",
            &s.url("/isr"),
            "--interval",
            "50ms",
            "--count",
            "6",
        ])
        .output()
        .unwrap();
    let out = String::from_utf8_lossy(&o.stdout);
    assert_eq!(o.status.code(), Some(0), "{out}");
    let live: Vec<&str> = out.lines().take_while(|l| !l.is_empty()).collect();
    assert!(
        live.iter().any(|l| l.ends_with("/isr  MISS  (v1)")),
        "{out}"
    );
    assert!(
        live.iter().any(|l| l.ends_with("/isr  HIT → STALE  (v1)")),
        "{out}"
    );
    assert!(
        live.iter().any(|l| l.ends_with("/isr  STALE → HIT  (v2)")),
        "{out}"
    );
    assert!(!out.contains("fresh for"), "{out}");
    assert!(out.contains("(2 samples)"), "{out}");

    // A CDN that sends Age (nginx/Varnish style): the age is shown, still no freshness.
    let h = |state: &'static str, age: &'static str, body: &'static str| {
        reply(
            &[
                ("x-cache-status", state),
                ("cache-control", "max-age=60"),
                ("age", age),
            ],
            body,
        )
    };
    let s = serve(vec![(
        "/blog",
        vec![
            h("HIT", "59", "one"),
            h("STALE", "61", "one"),
            h("HIT", "0", "two"),
        ],
    )]);
    let o = isrctl()
        .args([
            "probe",
            &s.url("/blog"),
            "--interval",
            "50ms",
            "--count",
            "3",
        ])
        .output()
        .unwrap();
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.contains("/blog  HIT  (v1, age 59s)\n"), "{out}");
    assert!(
        out.contains("/blog  HIT → STALE  (v1, age 1m1s)\n"),
        "{out}"
    );
    assert!(out.contains("/blog  STALE → HIT  (v2, age 0s)\n"), "{out}");
    assert!(!out.contains("fresh for"), "{out}");
    assert!(out.contains("(1 sample)"), "v2 was seen once: {out}");
    assert!(!out.contains("1 samples"), "{out}");
}

#[test]
fn expect_met_and_unmet() {
    let s = serve(vec![("/isr", nextjs_script())]);
    let (code, v) = run_json(&[
        &s.url("/isr"),
        "--interval",
        "50ms",
        "--count",
        "6",
        "--expect",
        "MISS,HIT,STALE,HIT",
    ]);
    assert_eq!(code, 0);
    assert_eq!(v["verdict"]["expect_met"][0], true);
    let s = serve(vec![("/isr", nextjs_script())]);
    let (code, v) = run_json(&[
        &s.url("/isr"),
        "--interval",
        "50ms",
        "--count",
        "6",
        "--expect",
        "MISS,HIT",
    ]);
    assert_eq!(code, 6);
    assert_eq!(v["verdict"]["expect_met"][0], false);
    assert!(
        v["verdict"]["messages"][0]
            .as_str()
            .unwrap()
            .contains("saw MISS,HIT,STALE,HIT")
    );
}

#[test]
fn until_changed_stops_early_and_until_state_unmet_exits_6() {
    let s = serve(vec![("/isr", nextjs_script())]);
    let (code, v) = run_json(&[
        &s.url("/isr"),
        "--interval",
        "50ms",
        "--count",
        "20",
        "--until",
        "changed",
    ]);
    assert_eq!(code, 0);
    assert_eq!(v["verdict"]["until_reached"][0], true);
    assert_eq!(v["urls"][0]["samples"], 5);
    std::thread::sleep(std::time::Duration::from_millis(150));
    assert_eq!(s.count("/isr"), 5, "stopped after the change");

    let s = serve(vec![("/isr", nextjs_script())]);
    let (code, _) = run_json(&[
        &s.url("/isr"),
        "--interval",
        "50ms",
        "--count",
        "3",
        "--until",
        "STALE",
    ]);
    assert_eq!(code, 6);
    let s = serve(vec![("/isr", nextjs_script())]);
    let (code, _) = run_json(&[
        &s.url("/isr"),
        "--interval",
        "50ms",
        "--duration",
        "1s",
        "--until",
        "stale",
    ]);
    assert_eq!(code, 0);
}
