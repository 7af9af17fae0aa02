//! What probe reports and checks around the samples: `--until` stopping as soon as it is met,
//! "TTL seen" as a lower bound when the probe started mid-life, `--once` never "fresh" beside a
//! STALE state, and the `--junit` report. Against scripted local servers.

use super::run_json;
use crate::support::isrctl;
use crate::support::scripted::{NEXT_CC, Reply, reply, serve};
use serde_json::Value;

#[test]
fn until_ends_the_probe_as_soon_as_it_is_met() {
    let s = serve(vec![("/p", vec![reply(&[("x-cache", "HIT")], "p")])]);
    let started = std::time::Instant::now();
    let (code, v) = run_json(&["--until", "HIT", "--interval", "5s", &s.url("/p")]);
    assert_eq!(code, 0);
    // Met by the first sample: no waiting for the next 5s tick.
    assert!(
        started.elapsed().as_secs_f64() < 3.0,
        "{:?}",
        started.elapsed()
    );
    assert_eq!(v["verdict"]["until_reached"][0], true);
    assert_eq!(s.count("/p"), 1);
}

fn hit(age: &str) -> Reply {
    reply(
        &[
            ("x-cache", "HIT"),
            ("age", age),
            ("cache-control", "max-age=60"),
        ],
        "a",
    )
}

fn stale() -> Reply {
    reply(
        &[
            ("x-cache", "STALE"),
            ("age", "70"),
            ("cache-control", "max-age=60"),
        ],
        "a",
    )
}

#[test]
fn ttl_seen_is_a_lower_bound_when_the_probe_started_mid_life() {
    // Each run gets its own server: the script restarts.
    let mid = || serve(vec![("/p", vec![hit("30"), hit("31"), stale()])]);
    let whole = || {
        let miss = reply(&[("x-cache", "MISS"), ("cache-control", "max-age=60")], "a");
        serve(vec![("/p", vec![miss, hit("0"), hit("1"), stale()])])
    };
    let run = |json: bool, s: &crate::support::scripted::Server| {
        let mut c = isrctl();
        c.args(["probe", &s.url("/p"), "--count", "4", "--interval", "30ms"]);
        if json {
            c.args(["--format", "json"]);
        }
        String::from_utf8_lossy(&c.output().unwrap().stdout).into_owned()
    };
    let v: Value = serde_json::from_str(&run(true, &mid())).unwrap();
    let u = &v["urls"][0];
    assert!(u["observed_ttl"].as_f64().is_some(), "{u}");
    assert_eq!(u["observed_ttl_lower_bound"], true, "{u}");
    let w: Value = serde_json::from_str(&run(true, &whole())).unwrap();
    let u = &w["urls"][0];
    assert!(u["observed_ttl"].as_f64().is_some(), "{u}");
    assert!(u.get("observed_ttl_lower_bound").is_none(), "{u}");
    let out = run(false, &mid());
    assert!(out.contains("≥ 0."), "{out}");
    let out = run(false, &whole());
    assert!(!out.contains('≥'), "{out}");
}

#[test]
fn once_never_says_fresh_beside_a_stale_state() {
    // Next.js: STALE from x-nextjs-cache, s-maxage=10 and no Age (headers alone: "fresh for at
    // most 10s"); a CDN keeping its own TTL: STALE with Age 5 < s-maxage 10.
    let s = serve(vec![
        (
            "/next",
            vec![reply(
                &[("x-nextjs-cache", "STALE"), ("cache-control", NEXT_CC)],
                "n",
            )],
        ),
        (
            "/cdn",
            vec![reply(
                &[
                    ("x-cache", "STALE"),
                    ("age", "5"),
                    ("cache-control", "s-maxage=10"),
                ],
                "c",
            )],
        ),
    ]);
    for p in ["/next", "/cdn"] {
        let o = isrctl()
            .args(["probe", "--once", &s.url(p)])
            .output()
            .unwrap();
        let out = String::from_utf8_lossy(&o.stdout);
        let line = out.lines().find(|l| l.contains("freshness:")).unwrap();
        assert!(line.contains("stale"), "{p}: {line}");
        assert!(!line.contains("fresh for"), "{p}: {line}");
        let (_, v) = run_json(&["--once", &s.url(p)]);
        let f = v["samples"][0]["freshness"].as_str().unwrap();
        assert!(!f.contains("fresh for"), "{p}: {f}");
    }
}

#[test]
fn junit_reports_one_case_per_url_and_check() {
    let s = serve(vec![
        (
            "/ok",
            vec![
                reply(&[("x-cache", "MISS")], "a"),
                reply(&[("x-cache", "HIT")], "a"),
            ],
        ),
        (
            "/never",
            vec![reply(&[("x-cache", "MISS"), ("set-cookie", "a=b")], "b")],
        ),
    ]);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("probe.xml");
    let o = isrctl()
        .args([
            "probe",
            &s.url("/ok"),
            &s.url("/never"),
            "--count",
            "2",
            "--interval",
            "20ms",
            "--expect",
            "MISS,HIT",
            "--junit",
            path.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert_eq!(
        o.status.code(),
        Some(6),
        "{}",
        String::from_utf8_lossy(&o.stdout)
    );
    let xml = std::fs::read_to_string(&path).unwrap();
    assert!(xml.starts_with("<?xml"), "{xml}");
    assert_eq!(xml.matches("<testsuite ").count(), 2, "{xml}");
    assert!(
        xml.contains(&format!("<testsuite name=\"{}\"", s.url("/ok"))),
        "{xml}"
    );
    assert!(xml.contains("name=\"expect MISS,HIT\""), "{xml}");
    assert_eq!(xml.matches("<failure").count(), 1, "{xml}");
    assert!(xml.contains("expected MISS,HIT, saw MISS"), "{xml}");
    assert!(xml.contains("name=\"requests answered\""), "{xml}");
    // An unwritable path is reported, with the exit code of a write error.
    let o = isrctl()
        .args([
            "probe",
            "--once",
            &s.url("/ok"),
            "--junit",
            "/nonexistent-dir/x.xml",
        ])
        .output()
        .unwrap();
    assert_ne!(o.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&o.stderr).contains("/nonexistent-dir/x.xml"));
}
