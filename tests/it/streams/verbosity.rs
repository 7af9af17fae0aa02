//! `-q`, the default, `-v` and `-vv` for every command, against local servers: `-q` prints only
//! the result (and errors), the default adds notes and retry announcements, `-v` a line per
//! request or sample, `-vv` the wire with secrets as `***`.

use crate::support::providers::{APP_SECRET, Api, MockApi, SecretAt, TOKEN, isrctl, run};
use crate::support::scripted::{nextjs_script, reply, serve};
use std::io::Write as _;

/// Probe's live lines: `   0.0s  /p  MISS  …`.
fn live_lines(stdout: &str) -> usize {
    stdout
        .lines()
        .filter(|l| {
            let t = l.trim_start();
            t.split_once("s  /p")
                .is_some_and(|(n, _)| n.parse::<f64>().is_ok())
        })
        .count()
}

#[test]
fn probe_levels() {
    // A new server per run: each replays MISS, HIT, HIT, STALE from the start.
    let probe = |level: &[&str]| {
        let s = serve(vec![("/p", nextjs_script())]);
        let r = run(isrctl()
            .args(level)
            .args(["probe", &s.url("/p"), "--count", "4", "--interval", "0"])
            .args(["-H", "Authorization: Bearer tok-PROBE-123"]));
        (r, s.url("/p"))
    };
    let (quiet, _) = probe(&["-q"]);
    assert_eq!(quiet.code, 0, "{}", quiet.stderr);
    assert_eq!(live_lines(&quiet.stdout), 0, "{}", quiet.stdout);
    assert!(
        quiet.stdout.contains("samples"),
        "the summary: {}",
        quiet.stdout
    );
    assert!(quiet.stderr.is_empty(), "{}", quiet.stderr);

    let (normal, _) = probe(&[]);
    // The first sample and the transitions (MISS → HIT, HIT → STALE, STALE → HIT).
    assert_eq!(live_lines(&normal.stdout), 3, "{}", normal.stdout);
    assert!(!normal.stderr.contains("> GET"), "{}", normal.stderr);

    let (detail, _) = probe(&["-v"]);
    assert_eq!(live_lines(&detail.stdout), 4, "{}", detail.stdout);
    assert!(!detail.stderr.contains("> GET"), "{}", detail.stderr);

    let (wire, url) = probe(&["-vv"]);
    assert_eq!(live_lines(&wire.stdout), 4, "{}", wire.stdout);
    assert_eq!(wire.stderr.matches(&format!("> GET {url}")).count(), 4);
    assert!(
        wire.stderr.contains("> authorization: ***"),
        "{}",
        wire.stderr
    );
    assert!(
        wire.stderr.contains("< x-nextjs-cache: MISS"),
        "{}",
        wire.stderr
    );
    assert!(wire.stderr.contains("< 200"), "{}", wire.stderr);
    assert!(!wire.stderr.contains("tok-PROBE-123"), "{}", wire.stderr);
    // Machine output gets the wire on stderr too; stdout stays JSON.
    let json = run(isrctl().args(["-vv", "--format", "ndjson", "probe", &url, "--count", "1"]));
    assert!(json.stderr.contains("> GET"), "{}", json.stderr);
    assert!(
        json.stdout.lines().all(|l| l.starts_with('{')),
        "{}",
        json.stdout
    );
}

/// revalidate with one 502 first: announced unless -q, the request line with -v, the wire
/// (response headers, the body with the secret masked) with -vv.
#[test]
fn revalidate_levels_and_retry_announcements() {
    let revalidate = |level: &[&str]| {
        let m = MockApi::start(Api::NextRoute(SecretAt::Body));
        m.fail_next(1, 502, None);
        let r = run(isrctl().env("ISRCTL_SECRET", APP_SECRET).args(level).args([
            "revalidate",
            "--endpoint",
            &format!("{}/api/revalidate", m.uri()),
            "--path",
            "/blog",
        ]));
        assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
        assert!(!r.stderr.contains(APP_SECRET), "{}", r.stderr);
        r
    };
    let quiet = revalidate(&["-q"]);
    assert!(quiet.stderr.is_empty(), "{}", quiet.stderr);
    assert!(!quiet.stdout.contains("ITEM"), "no table: {}", quiet.stdout);
    assert!(
        quiet.stdout.contains("revalidated 1 of 1"),
        "{}",
        quiet.stdout
    );

    let normal = revalidate(&[]);
    assert!(normal.stdout.contains("ITEM"), "{}", normal.stdout);
    assert!(
        normal.stderr.contains("request 1: retrying in ")
            && normal.stderr.contains(" after HTTP 502 (1/3)"),
        "{}",
        normal.stderr
    );
    assert!(!normal.stderr.contains("POST"), "{}", normal.stderr);

    let detail = revalidate(&["-v"]);
    assert!(
        detail.stderr.contains("POST ") && detail.stderr.contains("(request 1, attempt 2)"),
        "{}",
        detail.stderr
    );
    assert!(!detail.stderr.contains("< 200"), "{}", detail.stderr);

    let wire = revalidate(&["-vv"]);
    assert!(wire.stderr.contains("< 502"), "{}", wire.stderr);
    assert!(wire.stderr.contains("< 200"), "{}", wire.stderr);
    assert!(wire.stderr.contains("< content-type: "), "{}", wire.stderr);
    assert!(
        wire.stderr.contains("***"),
        "the body's secret: {}",
        wire.stderr
    );
}

/// `--verify` at each level: -q one line, the default the table, -v each baseline and sample.
#[test]
fn verify_levels() {
    let verify = |level: &[&str]| {
        let m = MockApi::start(Api::NextApp);
        let page = format!("{}/blog", m.uri());
        let r = run(isrctl().env("ISRCTL_SECRET", APP_SECRET).args(level).args([
            "revalidate",
            "--endpoint",
            &format!("{}/api/revalidate", m.uri()),
            "--path",
            "/blog",
            "--verify",
            &page,
            "--verify-interval",
            "50ms",
        ]));
        assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
        r
    };
    let quiet = verify(&["-q"]);
    assert!(quiet.stderr.is_empty(), "{}", quiet.stderr);
    assert!(
        quiet.stdout.contains("verified: 1 of 1 URL changed"),
        "{}",
        quiet.stdout
    );
    assert!(!quiet.stdout.contains("VERIFY URL"), "{}", quiet.stdout);
    let normal = verify(&[]);
    assert!(normal.stdout.contains("VERIFY URL"), "{}", normal.stdout);
    assert!(
        normal.stderr.contains("verifying 1 URL"),
        "{}",
        normal.stderr
    );
    assert!(!normal.stderr.contains("sample 1"), "{}", normal.stderr);
    let detail = verify(&["-v"]);
    assert!(
        detail.stderr.contains("/blog: baseline etag:\"v0\""),
        "{}",
        detail.stderr
    );
    assert!(
        detail.stderr.contains("/blog: sample 1: HIT etag:\"v1\""),
        "{}",
        detail.stderr
    );
}

#[test]
fn purge_levels_and_retry_announcements() {
    let purge = |level: &[&str]| {
        let m = MockApi::start(Api::Varnish);
        m.fail_next(2, 503, None);
        let r = run(isrctl().env("PURGE_TOKEN", TOKEN).args(level).args([
            "purge",
            "http",
            &format!("{}/blog", m.uri()),
            "--secret-header",
            "X-Purge-Secret",
            "--token-env",
            "PURGE_TOKEN",
        ]));
        assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
        assert!(!r.stderr.contains(TOKEN), "{}", r.stderr);
        r
    };
    let quiet = purge(&["-q"]);
    assert!(quiet.stderr.is_empty(), "{}", quiet.stderr);
    assert!(!quiet.stdout.contains("ITEM"), "{}", quiet.stdout);
    assert!(
        quiet.stdout.contains("1 of 1 item purged"),
        "{}",
        quiet.stdout
    );

    let normal = purge(&[]);
    assert!(normal.stdout.contains("ITEM"), "{}", normal.stdout);
    assert!(
        normal.stderr.contains("after HTTP 503 (1/3)"),
        "{}",
        normal.stderr
    );
    assert!(
        normal.stderr.contains("after HTTP 503 (2/3)"),
        "{}",
        normal.stderr
    );

    let detail = purge(&["-v"]);
    assert!(detail.stderr.contains("PURGE http://"), "{}", detail.stderr);
    assert!(
        !detail.stderr.contains("> x-purge-secret"),
        "{}",
        detail.stderr
    );

    let wire = purge(&["-vv"]);
    assert!(
        wire.stderr
            .to_ascii_lowercase()
            .contains("> x-purge-secret: ***"),
        "{}",
        wire.stderr
    );
    assert!(wire.stderr.contains("< 200"), "{}", wire.stderr);
    assert!(wire.stderr.contains("< Purged"), "{}", wire.stderr);
}

#[test]
fn simulate_levels() {
    let sim = |level: &[&str]| {
        let r = run(isrctl()
            .args(level)
            .args(["simulate", "examples/pricing.toml"])
            .current_dir(env!("CARGO_MANIFEST_DIR")));
        assert_eq!(r.code, 0, "{}", r.stderr);
        r
    };
    let quiet = sim(&["-q"]);
    assert!(quiet.stderr.is_empty(), "{}", quiet.stderr);
    let normal = sim(&[]);
    // The timeline (a row per request) is shown by default, not with -q; the summary always.
    assert!(normal.stdout.lines().count() > quiet.stdout.lines().count() + 4);
    assert!(!normal.stderr.contains("simulating"), "{}", normal.stderr);
    let detail = sim(&["-v"]);
    assert!(
        detail
            .stderr
            .contains("simulating examples/pricing.toml: platform next-start, seed 1"),
        "{}",
        detail.stderr
    );

    // --against: -v a line per request, -vv each response's headers.
    let s = serve(vec![(
        "/p/1",
        vec![reply(&[("x-nextjs-cache", "MISS"), ("etag", "\"a\"")], "a")],
    )]);
    let mut f = tempfile::Builder::new().suffix(".toml").tempfile().unwrap();
    f.write_all(b"[[routes]]\npath = \"/p/[id]\"\nrevalidate = 60\n\n[[events]]\nat = [0]\nrequest = \"/p/1\"\n")
        .unwrap();
    let against = |level: &[&str]| {
        run(isrctl().args(level).arg("simulate").arg(f.path()).args([
            "--against",
            &s.base,
            "--slack",
            "100ms",
        ]))
    };
    let quiet = against(&["-q"]);
    assert!(!quiet.stderr.contains("replaying"), "{}", quiet.stderr);
    assert!(against(&[]).stderr.contains("replaying"));
    let detail = against(&["-v"]);
    assert!(detail.stderr.contains("GET http://"), "{}", detail.stderr);
    assert!(
        !detail.stderr.contains("< x-nextjs-cache"),
        "{}",
        detail.stderr
    );
    let wire = against(&["-vv"]);
    assert!(
        wire.stderr.contains("< x-nextjs-cache: MISS"),
        "{}",
        wire.stderr
    );
}

/// `-q` keeps what must be seen: errors (with their hint) and warnings.
#[test]
fn quiet_still_prints_errors_and_warnings() {
    let r = run(isrctl().args(["-q", "simulate", "no-such-scenario.toml"]));
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("isrctl: error:"), "{}", r.stderr);
    let r = run(isrctl().args([
        "-q",
        "revalidate",
        "--endpoint",
        "http://127.0.0.1:9/x",
        "--path",
        "/a",
        "--dry-run",
    ]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr.contains("warning: no secret given"),
        "{}",
        r.stderr
    );
    assert!(
        !r.stderr.contains("dry run:"),
        "the note is not: {}",
        r.stderr
    );
}

#[test]
fn quiet_and_verbose_together_are_a_usage_error() {
    let r = run(isrctl().args(["-q", "-v", "simulate"]));
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("cannot be used with"), "{}", r.stderr);
}
