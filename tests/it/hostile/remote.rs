//! Hostile-input corpus for `purge`, `revalidate --verify` and `probe` against misbehaving
//! servers (issue 11, classes 2, 3 and 5): no report lost (fatal answers, Ctrl-C during retries
//! and hung requests), bounded time (`--verify-timeout`, `--duration`, Ctrl-C within a second),
//! and server numbers that overflow the clock.

use super::slow_servers::{Act, after, answer, never_answers, serve};
use crate::support::providers::{isrctl, run};
use serde_json::Value;
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

const MAX_U64: &str = "18446744073709551615";

/// A purge server for the http provider: `/N` answers per `route`, every other path 200.
fn urls(base: &str, n: usize) -> Vec<String> {
    (1..=n).map(|i| format!("{base}/{i}")).collect()
}

/// `--format FORMAT purge http --url U... EXTRA` as arguments.
fn purge_http(format: &str, urls: &[String], extra: &[&str]) -> Vec<String> {
    let mut a: Vec<String> = ["--format", format, "purge", "http"]
        .map(String::from)
        .to_vec();
    for u in urls {
        a.extend(["--url".to_string(), u.clone()]);
    }
    a.extend(extra.iter().map(|s| s.to_string()));
    a
}

/// Start `isrctl ARGS` as `providers::isrctl` would (clean environment, no config, fast retries),
/// with stdout and stderr captured.
fn spawn(args: &[String], env: &[(&str, &str)]) -> Child {
    std::process::Command::new(env!("CARGO_BIN_EXE_isrctl"))
        .env_clear()
        .env("ISRCTL_RETRY_BASE_DELAY", "5ms")
        .env("NO_COLOR", "1")
        .envs(env.iter().copied())
        .arg("--no-config")
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

/// SIGINT after `wait`; the process must end within 2 s of it with exit 130.
fn ctrl_c_after(child: Child, wait: Duration) -> (String, String) {
    std::thread::sleep(wait);
    let sent = Instant::now();
    let out = crate::support::interrupt(child);
    assert!(
        sent.elapsed() < Duration::from_secs(2),
        "Ctrl-C took {:?}",
        sent.elapsed()
    );
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn items(doc: &Value) -> Vec<Value> {
    doc["items"].as_array().cloned().unwrap_or_default()
}

// ---- class 3: no report lost ----------------------------------------------------------------

/// Batches 1-3 accepted, batch 4 refused with 401: the token is bad, so 5 and 6 are not sent,
/// and every item is in the report in every format; exit 4.
#[test]
fn fatal_answer_mid_purge_reports_every_item() {
    let s = serve(|_, p| match p {
        "/4" => answer(401, &[], r#"{"error":"bad token"}"#),
        _ => answer(200, &[], ""),
    });
    let u = urls(&s.base, 6);
    let r = run(isrctl().args(purge_http("json", &u, &["--concurrency", "1"])));
    assert_eq!(r.code, 4, "{}", r.stderr);
    let doc: Value = serde_json::from_str(&r.stdout).expect(&r.stdout);
    let it = items(&doc);
    assert_eq!(it.len(), 6, "{doc}");
    for x in &it[..3] {
        assert_eq!(x["ok"], true, "{doc}");
    }
    assert_eq!(it[3]["status"], 401);
    for x in &it[4..] {
        assert_eq!(x["sent"], false, "{doc}");
        assert!(x["error"].as_str().unwrap().contains("not sent"), "{doc}");
    }
    assert_eq!(doc["totals"]["not_sent"], 2, "{doc}");
    let schema = crate::support::schema("remote");
    assert!(schema.is_valid(&doc), "{doc}");
    assert_eq!(s.hits.load(std::sync::atomic::Ordering::SeqCst), 4);

    let r = run(isrctl().args(purge_http("table", &u, &["--concurrency", "1"])));
    assert_eq!(r.code, 4);
    for x in &u {
        assert!(r.stdout.contains(x.as_str()), "{}", r.stdout);
    }
    assert!(r.stdout.contains("2 items not sent"), "{}", r.stdout);

    let r = run(isrctl().args(purge_http("ndjson", &u, &["--concurrency", "1"])));
    assert_eq!(r.code, 4);
    let lines: Vec<Value> = r
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.iter().filter(|l| l["type"] == "item").count(), 6);
    assert!(lines.iter().all(|l| schema.is_valid(l)), "{}", r.stdout);
    assert_eq!(lines.last().unwrap()["type"], "totals");
}

/// Ctrl-C while request 2 waits 30 s to retry (Retry-After): exit 130 within a second, and
/// the report names 1 accepted, 2 interrupted, 3-4 not sent.
#[test]
fn ctrl_c_during_retry_wait_prints_the_report() {
    let s = serve(|_, p| match p {
        "/2" => answer(503, &[("retry-after", "30")], "busy"),
        _ => answer(200, &[], ""),
    });
    let u = urls(&s.base, 4);
    for format in ["json", "table", "ndjson"] {
        let child = spawn(&purge_http(format, &u, &["--concurrency", "1"]), &[]);
        let (stdout, _) = ctrl_c_after(child, Duration::from_millis(1500));
        match format {
            "json" => {
                let doc: Value = serde_json::from_str(&stdout).expect(&stdout);
                let it = items(&doc);
                assert_eq!(it.len(), 4, "{doc}");
                assert_eq!(it[0]["ok"], true);
                assert!(
                    it[1]["error"].as_str().unwrap().contains("interrupted"),
                    "{doc}"
                );
                assert_eq!(it[2]["sent"], false);
                assert_eq!(it[3]["sent"], false);
                assert_eq!(doc["totals"]["stopped"], "interrupted", "{doc}");
            }
            "ndjson" => {
                let first: Value = serde_json::from_str(stdout.lines().next().unwrap()).unwrap();
                assert_eq!(first["type"], "item");
                assert_eq!(first["ok"], true, "the finished item streams first");
                assert_eq!(stdout.lines().count(), 5, "{stdout}");
            }
            _ => {
                for x in &u {
                    assert!(stdout.contains(x.as_str()), "{stdout}");
                }
                assert!(stdout.contains("interrupted"), "{stdout}");
            }
        }
    }
}

/// Ctrl-C while a request hangs (server never answers, --timeout 60s): exit 130 at once.
#[test]
fn ctrl_c_while_a_request_hangs() {
    let s = never_answers();
    let u = urls(&s.base, 2);
    let child = spawn(&purge_http("json", &u, &["--timeout", "60s"]), &[]);
    let (stdout, _) = ctrl_c_after(child, Duration::from_millis(800));
    let doc: Value = serde_json::from_str(&stdout).expect(&stdout);
    assert_eq!(items(&doc).len(), 2);
    assert_eq!(doc["totals"]["ok"], 0);
}

// ---- class 2 (server side): numbers from the server are capped, never a panic ---------------

/// Rate-limit resets of u64::MAX (headers and a Vercel-style JSON body) and a Retry-After date in
/// year 300000000000: an answer like any other 429, no panic.
#[test]
fn huge_rate_limit_resets_do_not_panic() {
    let body = format!(r#"{{"error":{{"code":"rate_limited","limit":{{"reset":{MAX_U64}}}}}}}"#);
    let cases: Vec<(&str, String, String)> = vec![
        ("x-ratelimit-reset", MAX_U64.into(), String::new()),
        ("fastly-ratelimit-reset", MAX_U64.into(), String::new()),
        (
            "ratelimit",
            format!("\"default\";r=0;t={MAX_U64}"),
            String::new(),
        ),
        ("retry-after", MAX_U64.into(), String::new()),
        (
            "retry-after",
            "99999999999999999999999999".into(),
            String::new(),
        ),
        (
            "retry-after",
            "Sat, 01 Jan 300000000000 00:00:00 GMT".into(),
            String::new(),
        ),
        (
            "retry-after",
            "Fri, 31 Dec 9999 23:59:59 GMT".into(),
            String::new(),
        ),
        ("x-unrelated", "1".into(), body),
    ];
    for (name, value, body) in cases {
        let s = serve(move |_, _| {
            Act::Answer(
                429,
                vec![(name.to_string(), value.clone())],
                body.clone().into_bytes(),
            )
        });
        let r = run(isrctl().args(purge_http("json", &urls(&s.base, 1), &["--retries", "0"])));
        assert_eq!(r.code, 4, "{name}: {}", r.stderr);
        assert!(!r.stderr.contains("panicked"), "{name}: {}", r.stderr);
        let doc: Value = serde_json::from_str(&r.stdout).expect(&r.stdout);
        assert_eq!(doc["items"][0]["status"], 429);
    }
}

// ---- class 5: bounded time ------------------------------------------------------------------

/// `--verify-timeout 3s` against a --verify URL that never answers (per-request --timeout 30s):
/// the whole verification, baseline included, ends within the 3 s.
#[test]
fn verify_timeout_bounds_the_whole_verification() {
    let ok = serve(|_, _| answer(200, &[], ""));
    let dead = never_answers();
    let t = Instant::now();
    let r = run(isrctl().args(purge_http(
        "json",
        &urls(&ok.base, 1),
        &[
            "--timeout",
            "30s",
            "--verify",
            &dead.url("/page"),
            "--verify-timeout",
            "3s",
        ],
    )));
    assert!(
        t.elapsed() < Duration::from_secs(8),
        "took {:?}",
        t.elapsed()
    );
    assert_eq!(r.code, 6, "{}", r.stderr);
    let doc: Value = serde_json::from_str(&r.stdout).expect(&r.stdout);
    assert_eq!(doc["verify"][0]["changed"], false, "{doc}");
    assert_eq!(doc["items"][0]["ok"], true);
}

/// Ctrl-C while verifying: exit 130 at once, with the items and the verification so far.
#[test]
fn ctrl_c_while_verifying() {
    let ok = serve(|_, _| answer(200, &[], ""));
    let page = serve(|_, _| answer(200, &[("etag", "\"same\"")], "same"));
    let child = spawn(
        &purge_http(
            "json",
            &urls(&ok.base, 1),
            &["--verify", &page.url("/p"), "--verify-timeout", "60s"],
        ),
        &[],
    );
    let (stdout, _) = ctrl_c_after(child, Duration::from_millis(1500));
    let doc: Value = serde_json::from_str(&stdout).expect(&stdout);
    assert_eq!(doc["items"][0]["ok"], true, "{doc}");
    assert_eq!(doc["totals"]["stopped"], "interrupted", "{doc}");
}

/// `probe --duration 4s` over 20 URLs that each take 1.5 s, 4 at a time: no backlog is drained
/// after the duration; ticks that would overlap are skipped and reported.
#[test]
fn probe_duration_is_a_deadline() {
    let s = serve(|_, _| after(Duration::from_millis(1500), 200, &[], "x"));
    let u = urls(&s.base, 20);
    let t = Instant::now();
    let r = run(crate::support::isrctl()
        .args(["--format", "json", "probe"])
        .args(&u)
        .args(["--interval", "1s", "--duration", "4s", "--concurrency", "4"]));
    assert!(
        t.elapsed() < Duration::from_secs(8),
        "took {:?}",
        t.elapsed()
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let doc: Value = serde_json::from_str(&r.stdout).expect(&r.stdout);
    let msgs = doc["verdict"]["messages"].to_string();
    assert!(msgs.contains("skipped"), "{msgs}");
}

/// Ctrl-C while probe waits for a sitemap from a server that never answers.
#[test]
fn ctrl_c_during_sitemap_fetch() {
    let dead = never_answers();
    let args = [
        "probe",
        "--sitemap",
        &dead.url("/sitemap.xml"),
        "--timeout",
        "60s",
    ];
    let child = spawn(&args.map(String::from), &[]);
    let (_, stderr) = ctrl_c_after(child, Duration::from_millis(800));
    assert!(stderr.contains("interrupted"), "{stderr}");
}

/// Ctrl-C while `revalidate` waits on a retry: the same report path as purge.
#[test]
fn ctrl_c_during_revalidate_retry() {
    let s = serve(|_, _| answer(503, &[("retry-after", "30")], "busy"));
    let args = [
        "--format",
        "json",
        "revalidate",
        "--endpoint",
        &s.url("/api/revalidate"),
        "--path",
        "/a",
        "--path",
        "/b",
        "--concurrency",
        "1",
    ]
    .map(String::from);
    let child = spawn(&args, &[("ISRCTL_SECRET", "s3cr3t-value")]);
    let (stdout, _) = ctrl_c_after(child, Duration::from_millis(1200));
    let doc: Value = serde_json::from_str(&stdout).expect(&stdout);
    assert_eq!(items(&doc).len(), 2, "{doc}");
    assert_eq!(doc["items"][1]["sent"], false, "{doc}");
}
