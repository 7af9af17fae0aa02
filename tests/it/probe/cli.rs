//! End-to-end tests of `isrctl probe` against scripted local servers (see tests/it/support/scripted.rs).

use crate::support::isrctl;
use crate::support::scripted::{NEXT_CC, Reply, nextjs_script, reply, serve};
use serde_json::Value;

fn run_json(args: &[&str]) -> (i32, Value) {
    let o = isrctl()
        .arg("probe")
        .args(args)
        .args(["--format", "json"])
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&o.stdout)
        .unwrap_or_else(|e| panic!("bad json ({e}): {}", String::from_utf8_lossy(&o.stdout)));
    (o.status.code().unwrap(), v)
}

fn seq(v: &Value, i: usize) -> Vec<String> {
    v["urls"][i]["sequence"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap().to_string())
        .collect()
}

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

/// Live lines say state, version and age only (the spec's `HIT → STALE  (v1, age 61s)`): no
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
    assert!(out.contains("/blog  HIT → STALE  (v1, age 61s)\n"), "{out}");
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

fn hdr(pairs: &[(&'static str, &'static str)], body: &str) -> Reply {
    reply(pairs, body)
}

#[test]
fn cloudflare_dialect_with_body_hash_versions() {
    let cc = (
        "cache-control",
        "public, s-maxage=60, stale-while-revalidate=30",
    );
    let s = serve(vec![(
        "/cf",
        vec![
            hdr(
                &[("cf-cache-status", "MISS"), ("cf-ray", "8f1c-FRA"), cc],
                "one",
            ),
            hdr(&[("cf-cache-status", "HIT"), ("age", "3"), cc], "one"),
            hdr(&[("cf-cache-status", "UPDATING"), ("age", "70"), cc], "one"),
            hdr(&[("cf-cache-status", "HIT"), ("age", "0"), cc], "two"),
        ],
    )]);
    let (code, v) = run_json(&[
        &s.url("/cf"),
        "--interval",
        "50ms",
        "--count",
        "5",
        "--expect",
        "MISS,HIT,UPDATING,HIT",
    ]);
    assert_eq!(code, 0, "{v}");
    let u = &v["urls"][0];
    assert_eq!(u["versions"].as_array().unwrap().len(), 2);
    assert!(
        u["versions"][0]["content_id"]
            .as_str()
            .unwrap()
            .starts_with("body:")
    );
    assert!(u["regeneration_lag"].as_f64().is_some());
    assert_eq!(
        v["samples"][2]["freshness"],
        "in stale-while-revalidate for 20s more"
    );
    assert_eq!(v["samples"][1]["freshness"], "fresh for 57s");
}

#[test]
fn fastly_multi_hop_shield_hit_is_a_hit() {
    let f = |x: &'static str, age: &'static str| {
        hdr(
            &[
                ("x-cache", x),
                ("x-served-by", "cache-sea1927-SEA, cache-ams4133-AMS"),
                ("age", age),
                ("cache-control", "max-age=30"),
            ],
            "b",
        )
    };
    let s = serve(vec![(
        "/f",
        vec![
            f("MISS, MISS", "0"),
            f("HIT, MISS", "2"),
            f("MISS, HIT", "5"),
            f("MISS, HIT", "45"),
        ],
    )]);
    let (code, v) = run_json(&[
        &s.url("/f"),
        "--interval",
        "50ms",
        "--count",
        "4",
        "--expect",
        "MISS,HIT,STALE",
    ]);
    assert_eq!(code, 0, "{v}");
    let layers = v["samples"][1]["layers"].as_array().unwrap();
    assert_eq!(layers.len(), 2);
    assert_eq!(layers[0]["state"], "MISS"); // edge (client-nearest first)
    assert_eq!(layers[1]["state"], "HIT"); // shield
    assert!(
        v["samples"][3]["layers"][0]["detail"]
            .as_str()
            .unwrap()
            .contains("stale by headers")
    );
}

#[test]
fn rfc9211_netlify_and_nginx_and_varnish_dialects() {
    let s = serve(vec![
        (
            "/n",
            vec![
                hdr(&[("cache-status", "\"Netlify Edge\"; fwd=miss")], "a"),
                hdr(&[("cache-status", "\"Netlify Edge\"; hit")], "a"),
                hdr(&[("cache-status", "\"Netlify Edge\"; hit; fwd=stale")], "a"),
                hdr(
                    &[(
                        "cache-status",
                        "\"Next.js\"; hit, \"Netlify Edge\"; fwd=stale; fwd-status=304",
                    )],
                    "b",
                ),
            ],
        ),
        (
            "/x",
            vec![
                hdr(&[("x-cache-status", "MISS")], "a"),
                hdr(&[("x-cache-status", "HIT")], "a"),
                hdr(&[("x-cache-status", "UPDATING")], "a"),
                hdr(&[("x-cache-status", "HIT")], "b"),
            ],
        ),
        (
            "/v",
            vec![
                hdr(
                    &[
                        ("x-varnish", "32770"),
                        ("age", "0"),
                        ("via", "1.1 varnish (Varnish/7.4)"),
                    ],
                    "a",
                ),
                hdr(
                    &[
                        ("x-varnish", "32773 32771"),
                        ("age", "4"),
                        ("via", "1.1 varnish (Varnish/7.4)"),
                    ],
                    "a",
                ),
            ],
        ),
    ]);
    let (code, v) = run_json(&[
        &s.url("/n"),
        &s.url("/x"),
        &s.url("/v"),
        "--interval",
        "50ms",
        "--count",
        "4",
    ]);
    assert_eq!(code, 0, "{v}");
    let by_url = |p: &str| {
        (0..3)
            .find(|&i| v["urls"][i]["url"].as_str().unwrap().ends_with(p))
            .unwrap()
    };
    assert_eq!(
        seq(&v, by_url("/n")),
        ["MISS", "HIT", "STALE", "REVALIDATED"]
    );
    assert_eq!(seq(&v, by_url("/x")), ["MISS", "HIT", "UPDATING", "HIT"]);
    assert_eq!(seq(&v, by_url("/v")), ["MISS", "HIT"]);
}

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
