//! `isrctl revalidate` against a mock Next.js app: secret placement, the 401 hint, the bypass
//! header, and --verify through the prober.

use crate::support::providers::{APP_SECRET, Api, MockApi, PREVIEW_ID, SecretAt, isrctl, run};

fn endpoint(m: &MockApi) -> String {
    format!("{}/api/revalidate", m.uri())
}

#[test]
fn one_post_per_path_and_tag_with_the_secret_in_the_body() {
    let m = MockApi::start(Api::NextRoute(SecretAt::Body));
    let r = run(isrctl().env("REVALIDATE_SECRET", APP_SECRET).args([
        "revalidate",
        "--endpoint",
        &endpoint(&m),
        "--secret-env",
        "REVALIDATE_SECRET",
        "--path",
        "/blog/post-1",
        "--tag",
        "posts",
        "--param",
        "profile=max",
    ]));
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    let got = m.received();
    assert_eq!(got.len(), 2);
    assert!(got.iter().all(|g| g.method == "POST"));
    let bodies: Vec<serde_json::Value> = got.iter().map(|g| g.json()).collect();
    assert!(bodies.contains(
        &serde_json::json!({"path": "/blog/post-1", "profile": "max", "secret": APP_SECRET})
    ));
    assert!(
        bodies
            .contains(&serde_json::json!({"tag": "posts", "profile": "max", "secret": APP_SECRET}))
    );
    assert!(
        r.stdout.contains("revalidatePath(/blog/post-1)"),
        "prints the app's answer: {}",
        r.stdout
    );
    assert!(r.stdout.contains("revalidated 2 of 2"));
}

#[test]
fn secret_in_query_and_header_and_isrctl_secret() {
    let m = MockApi::start(Api::NextRoute(SecretAt::Query));
    let r = run(isrctl().env("ISRCTL_SECRET", APP_SECRET).args([
        "revalidate",
        "--endpoint",
        &endpoint(&m),
        "--secret-in",
        "query",
        "--body",
        "query",
        "--method",
        "GET",
        "--path",
        "/a b",
    ]));
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    let g = &m.received()[0];
    assert_eq!(g.method, "GET");
    assert!(g.query.contains("path=%2Fa%20b"), "{}", g.query);
    assert!(g.body.is_empty());

    let m = MockApi::start(Api::NextRoute(SecretAt::Header));
    let r = run(isrctl().env("S", APP_SECRET).args([
        "revalidate",
        "--endpoint",
        &endpoint(&m),
        "--secret-env",
        "S",
        "--secret-in",
        "header",
        "--secret-name",
        "x-revalidate-secret",
        "--tag",
        "posts",
    ]));
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert_eq!(
        m.received()[0].header("x-revalidate-secret"),
        Some(APP_SECRET)
    );
    assert_eq!(m.received()[0].json(), serde_json::json!({"tag": "posts"}));
}

#[test]
fn wrong_secret_exits_4_with_a_hint_naming_the_variable_and_is_not_retried() {
    let m = MockApi::start(Api::NextRoute(SecretAt::Body));
    let r = run(isrctl()
        .env("MY_REVALIDATE_SECRET", "wrong-secret-value")
        .args([
            "revalidate",
            "--endpoint",
            &endpoint(&m),
            "--secret-env",
            "MY_REVALIDATE_SECRET",
            "--path",
            "/x",
        ]));
    assert_eq!(r.code, 4, "{}{}", r.stdout, r.stderr);
    assert_eq!(m.received().len(), 1);
    assert!(r.stdout.contains("401"));
    assert!(
        r.stderr
            .contains("environment variable MY_REVALIDATE_SECRET"),
        "{}",
        r.stderr
    );
    assert!(!format!("{}{}", r.stdout, r.stderr).contains("wrong-secret-value"));
}

#[test]
fn revalidated_false_is_a_failure() {
    let m = MockApi::start(Api::NextRoute(SecretAt::Body));
    let r = run(isrctl().env("ISRCTL_SECRET", APP_SECRET).args([
        "revalidate",
        "--endpoint",
        &endpoint(&m),
        "--tag",
        "",
        "--param",
        "x=1",
    ]));
    // An empty tag is sent as {"tag": ""}; the mock answers {"revalidated": false}.
    assert_eq!(r.code, 4, "{}{}", r.stdout, r.stderr);
    assert!(r.stdout.contains("revalidated: false"), "{}", r.stdout);
}

#[test]
fn missing_secret_variable_and_missing_items_are_usage_errors() {
    let r = run(isrctl().args([
        "revalidate",
        "--endpoint",
        "http://127.0.0.1:9/api/revalidate",
        "--secret-env",
        "NOPE_SECRET",
        "--path",
        "/x",
    ]));
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("NOPE_SECRET"));
    let r = run(isrctl().args([
        "revalidate",
        "--endpoint",
        "http://127.0.0.1:9/api/revalidate",
    ]));
    assert_eq!(r.code, 2);
    let r = run(isrctl().args(["revalidate", "--endpoint", "not a url", "--path", "/x"]));
    assert_eq!(r.code, 2);
    let r = run(isrctl().args([
        "revalidate",
        "--endpoint",
        "http://h/api",
        "--path",
        "relative",
    ]));
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("must start with '/'"));
}

/// Like `purge`, a dry run needs no secret: the request is printed with the secret as `***`
/// (`--dry-run`) or as a `"$VAR"` reference (`--curl`), in whichever place it goes.
#[test]
fn dry_run_and_curl_work_without_the_secret_variable() {
    let base = [
        "revalidate",
        "--endpoint",
        "https://example.com/api/revalidate",
        "--secret-env",
        "REVALIDATE_SECRET",
        "--path",
        "/blog",
    ];
    let r = run(isrctl().args(base).arg("--curl"));
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(
        r.stdout
            .contains(r#"'{"path":"/blog","secret":"'"$REVALIDATE_SECRET"'"}'"#),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout
            .contains("curl -X POST https://example.com/api/revalidate")
    );
    let r = run(isrctl().args(base).arg("--dry-run"));
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(
        r.stdout.contains(r#"{"path":"/blog","secret":"***"}"#),
        "{}",
        r.stdout
    );
    assert!(!r.stderr.contains("no secret given"), "{}", r.stderr);
    // The secret in the query string or in a header.
    let r = run(isrctl().args(base).args(["--secret-in", "query", "--curl"]));
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(
        r.stdout
            .contains(r#"'https://example.com/api/revalidate?secret='"$REVALIDATE_SECRET""#),
        "{}",
        r.stdout
    );
    let r = run(isrctl().args(base).args([
        "--secret-in",
        "header",
        "--secret-name",
        "x-revalidate-secret",
        "--dry-run",
    ]));
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(
        r.stdout.contains("x-revalidate-secret: ***"),
        "{}",
        r.stdout
    );
    // Sending for real still needs it.
    let r = run(isrctl().args(base));
    assert_eq!(r.code, 2, "{}{}", r.stdout, r.stderr);
    assert!(
        r.stderr.contains("REVALIDATE_SECRET is not set"),
        "{}",
        r.stderr
    );
}

#[test]
fn bypass_header_revalidates_and_a_wrong_id_is_reported_as_ignored() {
    let m = MockApi::start(Api::NextPage);
    let url = format!("{}/tagged", m.uri());
    let r = run(isrctl().env("NEXT_PREVIEW_ID", PREVIEW_ID).args([
        "revalidate",
        "--bypass",
        &url,
        "--bypass-token-env",
        "NEXT_PREVIEW_ID",
    ]));
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert_eq!(
        m.received()[0].header("x-prerender-revalidate"),
        Some(PREVIEW_ID)
    );
    assert_eq!(m.received()[0].method, "GET");
    assert!(r.stdout.contains("x-nextjs-cache: REVALIDATED"));
    let r =
        run(isrctl()
            .env("ISRCTL_BYPASS_TOKEN", "deadbeef")
            .args(["revalidate", "--bypass", &url]));
    assert_eq!(r.code, 4);
    assert!(r.stdout.contains("ignored"), "{}", r.stdout);
    let r = run(isrctl().args(["revalidate", "--bypass", &url]));
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("ISRCTL_BYPASS_TOKEN"));
}

#[test]
fn short_token_warns_only_for_vercel_targets() {
    let m = MockApi::start(Api::NextPage);
    let r = run(isrctl().env("ISRCTL_BYPASS_TOKEN", PREVIEW_ID).args([
        "revalidate",
        "--bypass",
        &format!("{}/x", m.uri()),
    ]));
    assert!(
        !r.stderr.contains("32"),
        "a 32-char preview id is fine: {}",
        r.stderr
    );
    let r = run(isrctl().env("ISRCTL_BYPASS_TOKEN", "short").args([
        "revalidate",
        "--bypass",
        "https://my-app.vercel.app/x",
        "--dry-run",
    ]));
    assert_eq!(r.code, 0);
    assert!(r.stderr.contains("at least 32"), "{}", r.stderr);
}

#[test]
fn verify_waits_for_new_content_and_times_out_with_6() {
    let m = MockApi::start(Api::NextApp);
    let page = format!("{}/blog", m.uri());
    let r = run(isrctl().env("ISRCTL_SECRET", APP_SECRET).args([
        "revalidate",
        "--endpoint",
        &endpoint(&m),
        "--path",
        "/blog",
        "--verify",
        &page,
        "--verify-interval",
        "100ms",
        "--verify-timeout",
        "5s",
    ]));
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(
        r.stdout.contains("1 of 1 URLs show new content"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains("etag:\"v0\"") || r.stdout.contains("v0"),
        "{}",
        r.stdout
    );
    assert!(
        r.stderr
            .contains("only the one that got the call was revalidated"),
        "{}",
        r.stderr
    );

    let still = MockApi::start(Api::NextPage);
    let r = run(isrctl().env("ISRCTL_SECRET", APP_SECRET).args([
        "revalidate",
        "--endpoint",
        &endpoint(&m),
        "--path",
        "/blog",
        "--verify",
        &format!("{}/same", still.uri()),
        "--verify-interval",
        "100ms",
        "--verify-timeout",
        "500ms",
    ]));
    assert_eq!(r.code, 6, "{}{}", r.stdout, r.stderr);
    assert!(r.stdout.contains("NO (timed out)"));
}

/// `--format json` with `--verify` is ONE document (items, totals, verify); `--format ndjson` is
/// `item` lines, then `verify` lines, then a final `totals` line. Durations are seconds,
/// never a `{secs, nanos}` object.
#[test]
fn verify_machine_output_is_one_document_or_tagged_lines() {
    let m = MockApi::start(Api::NextApp);
    let page = format!("{}/blog", m.uri());
    let args = |format: &'static str| {
        let mut c = isrctl();
        c.env("ISRCTL_SECRET", APP_SECRET).args([
            "--format",
            format,
            "revalidate",
            "--endpoint",
            &endpoint(&m),
            "--path",
            "/blog",
            "--verify",
            &page,
            "--verify-interval",
            "100ms",
            "--verify-timeout",
            "5s",
        ]);
        c
    };
    let r = run(&mut args("json"));
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout must be exactly one JSON document ({e}):\n{}",
            r.stdout
        )
    });
    assert_eq!(v["type"], "revalidate");
    assert_eq!(v["items"][0]["status"], 200);
    assert_eq!(v["totals"]["ok"], 1);
    assert_eq!(v["totals"]["verify"]["changed"], 1, "{}", r.stdout);
    let verify = v["verify"].as_array().expect("a verify array");
    assert_eq!(verify.len(), 1);
    assert_eq!(verify[0]["url"], page.as_str());
    assert_eq!(verify[0]["changed"], true);
    assert!(verify[0]["elapsed"].is_f64(), "{}", r.stdout);
    assert!(verify[0].get("elapsed_ms").is_none(), "{}", r.stdout);
    assert!(!r.stdout.contains("nanos"), "{}", r.stdout);

    let r = run(&mut args("ndjson"));
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    let lines: Vec<serde_json::Value> = r
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect();
    let types: Vec<&str> = lines.iter().map(|l| l["type"].as_str().unwrap()).collect();
    assert_eq!(types, ["item", "verify", "totals"], "{}", r.stdout);
    assert_eq!(lines[1]["changed"], true);
    assert!(lines[1]["elapsed"].is_f64(), "{}", r.stdout);
    assert_eq!(lines[2]["verify"]["urls"], 1);
    assert!(!r.stdout.contains("nanos"), "{}", r.stdout);
}
