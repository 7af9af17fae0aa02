//! `isrctl purge` against local mocks of each provider's API: requests, batches, auth, retries,
//! per-item reports and exit codes, through the real binary.

use crate::support::providers::{Api, MockApi, TOKEN, isrctl, run};
use std::io::Write;
use std::time::{Duration, Instant};

fn tags_file(n: usize) -> tempfile::NamedTempFile {
    let mut f = tempfile::NamedTempFile::new().unwrap();
    writeln!(f, "# tags to purge\n").unwrap();
    for i in 0..n {
        writeln!(f, "tag-{i}\n").unwrap();
    }
    f
}

#[test]
fn vercel_soft_tags_are_batched_at_16_with_bearer_auth() {
    let m = MockApi::start(Api::Vercel);
    let f = tags_file(20);
    let r = run(isrctl()
        .env("VERCEL_TOKEN", TOKEN)
        .args([
            "purge",
            "vercel",
            "--project",
            "my-site",
            "--team",
            "team_x",
            "--base-url",
            &m.uri(),
        ])
        .arg("--from-file")
        .arg(f.path()));
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    let got = m.received();
    assert_eq!(got.len(), 2);
    let mut sizes: Vec<usize> = got
        .iter()
        .map(|g| g.json()["tags"].as_array().unwrap().len())
        .collect();
    sizes.sort();
    assert_eq!(sizes, vec![4, 16]);
    for g in &got {
        assert_eq!(g.path, "/v1/edge-cache/invalidate-by-tags");
        assert_eq!(g.query, "projectIdOrName=my-site&teamId=team_x");
        assert_eq!(
            g.header("authorization").unwrap(),
            format!("Bearer {TOKEN}")
        );
        assert!(g.json().get("revalidationDeadlineSeconds").is_none());
    }
    assert!(
        r.stdout
            .contains("vercel: 20 of 20 items purged in 2 requests"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("tag-19"));
}

#[test]
fn vercel_hard_with_deadline_uses_dangerously_delete() {
    let m = MockApi::start(Api::Vercel);
    let r = run(isrctl().env("VERCEL_TOKEN", TOKEN).args([
        "purge",
        "vercel",
        "--project",
        "p",
        "--tag",
        "posts",
        "--hard",
        "--deadline",
        "1m",
        "--environment",
        "production",
        "--base-url",
        &m.uri(),
    ]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    let g = &m.received()[0];
    assert_eq!(g.path, "/v1/edge-cache/dangerously-delete-by-tags");
    assert_eq!(g.json()["revalidationDeadlineSeconds"], 60);
    assert_eq!(g.json()["target"], "production");
}

#[test]
fn vercel_all_needs_yes_without_a_terminal() {
    let m = MockApi::start(Api::Vercel);
    let base = ["purge", "vercel", "--project", "p", "--all", "--base-url"];
    let r = run(isrctl().env("VERCEL_TOKEN", TOKEN).args(base).arg(m.uri()));
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("--yes"), "{}", r.stderr);
    assert!(m.received().is_empty());
    let r = run(isrctl()
        .env("VERCEL_TOKEN", TOKEN)
        .args(base)
        .arg(m.uri())
        .arg("--yes"));
    assert_eq!(r.code, 0, "{}", r.stderr);
    let got: Vec<(String, String)> = m
        .received()
        .iter()
        .map(|g| (g.method.clone(), g.path.clone()))
        .collect();
    assert!(got.contains(&("POST".into(), "/v1/edge-cache/purge-all".into())));
    assert!(got.contains(&("DELETE".into(), "/v1/data-cache/purge-all".into())));
    let r = run(isrctl()
        .env("VERCEL_TOKEN", TOKEN)
        .args(base)
        .arg(m.uri())
        .args(["--yes", "--type", "cdn"]));
    assert_eq!(r.code, 0);
    assert_eq!(m.received().len(), 3);
}

fn urls(n: usize) -> Vec<String> {
    (0..n)
        .map(|i| format!("https://www.example.com/p/{i}"))
        .collect()
}

#[test]
fn cloudflare_urls_go_in_batches_of_30_with_purge_ids() {
    let m = MockApi::start(Api::Cloudflare);
    let mut cmd = isrctl();
    cmd.env("CLOUDFLARE_API_TOKEN", TOKEN)
        .args([
            "purge",
            "cloudflare",
            "--zone",
            "z123",
            "--base-url",
            &m.uri(),
            "--from-file",
            "-",
        ])
        .write_stdin(urls(65).join("\n") + "\n# done\n");
    let r = run(&mut cmd);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    let got = m.received();
    let mut sizes: Vec<usize> = got
        .iter()
        .map(|g| g.json()["files"].as_array().unwrap().len())
        .collect();
    sizes.sort();
    assert_eq!(sizes, vec![5, 30, 30]);
    assert!(
        got.iter()
            .all(|g| g.path == "/zones/z123/purge_cache" && g.method == "POST")
    );
    assert!(
        r.stdout.contains("cfid-"),
        "purge ids in the table: {}",
        r.stdout
    );
    assert!(r.stdout.contains("65 of 65 items purged in 3 requests"));
}

#[test]
fn cloudflare_over_cap_batch_is_rejected_not_retried_and_named() {
    let m = MockApi::start(Api::Cloudflare);
    let mut cmd = isrctl();
    cmd.env("CLOUDFLARE_API_TOKEN", TOKEN).args([
        "purge",
        "cloudflare",
        "--zone",
        "z",
        "--batch-size",
        "40",
        "--base-url",
        &m.uri(),
    ]);
    for u in urls(45) {
        cmd.args(["--url", &u]);
    }
    let r = run(&mut cmd);
    assert_eq!(r.code, 4, "{}{}", r.stdout, r.stderr);
    assert_eq!(m.received().len(), 2, "a 400 must not be retried");
    assert!(r.stdout.contains("More than 30 items"), "{}", r.stdout);
    assert!(r.stdout.contains("5 of 45 items purged"), "{}", r.stdout);
    assert!(
        r.stdout.contains("40 failed: https://www.example.com/p/0,"),
        "{}",
        r.stdout
    );
}

#[test]
fn cloudflare_429_honours_retry_after_then_succeeds() {
    let m = MockApi::start(Api::Cloudflare);
    m.fail_next(1, 429, Some("1"));
    let t = Instant::now();
    let r = run(isrctl().env("CLOUDFLARE_API_TOKEN", TOKEN).args([
        "purge",
        "cloudflare",
        "--zone",
        "z",
        "--tag",
        "posts",
        "--base-url",
        &m.uri(),
    ]));
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(
        t.elapsed() >= Duration::from_millis(950),
        "waited {:?}",
        t.elapsed()
    );
    assert_eq!(m.received().len(), 2);
    assert!(
        r.stdout.contains("(try 2)") && r.stdout.contains("(1 retried)"),
        "{}",
        r.stdout
    );
}

#[test]
fn cloudflare_5xx_is_retried_then_exits_5() {
    let m = MockApi::start(Api::Cloudflare);
    m.fail_next(10, 503, None);
    let r = run(isrctl().env("CLOUDFLARE_API_TOKEN", TOKEN).args([
        "purge",
        "cloudflare",
        "--zone",
        "z",
        "--host",
        "www.example.com",
        "--retries",
        "2",
        "--base-url",
        &m.uri(),
    ]));
    assert_eq!(r.code, 5, "{}{}", r.stdout, r.stderr);
    assert_eq!(m.received().len(), 3);
    assert!(r.stdout.contains("HTTP 503"));
}

#[test]
fn wrong_token_403_is_not_retried() {
    let m = MockApi::start(Api::Cloudflare);
    let r = run(isrctl().env("CLOUDFLARE_API_TOKEN", "wrong-token").args([
        "purge",
        "cloudflare",
        "--zone",
        "z",
        "--prefix",
        "www.example.com/blog/",
        "--base-url",
        &m.uri(),
    ]));
    assert_eq!(r.code, 4);
    assert_eq!(m.received().len(), 1);
    assert!(r.stdout.contains("Authentication error"), "{}", r.stdout);
}

#[test]
fn mixed_failures_exit_with_the_worst_and_list_every_item() {
    let m = MockApi::start(Api::Cloudflare);
    m.poison("bad-tag", 500);
    let mut cmd = isrctl();
    cmd.env("CLOUDFLARE_API_TOKEN", TOKEN)
        .args([
            "purge",
            "cloudflare",
            "--zone",
            "z",
            "--batch-size",
            "31",
            "--retries",
            "1",
            "--base-url",
            &m.uri(),
        ])
        .args(["--tag", "bad-tag", "--tag", "good-tag"]);
    for u in urls(31) {
        cmd.args(["--url", &u]);
    }
    let r = run(&mut cmd);
    // 31 URLs: rejected by the cap (4); the tag batch: 500 after a retry (5); 5 wins.
    assert_eq!(r.code, 5, "{}{}", r.stdout, r.stderr);
    assert!(r.stdout.contains("33 failed"), "{}", r.stdout);
    assert!(r.stdout.contains("bad-tag") && r.stdout.contains("good-tag"));
}

#[test]
fn fastly_keys_are_batched_at_256_soft_and_urls_one_each() {
    let m = MockApi::start(Api::Fastly);
    let keys: String = (0..600).map(|i| format!("k{i}\n")).collect();
    let mut cmd = isrctl();
    cmd.env("FASTLY_API_TOKEN", TOKEN)
        .args([
            "purge",
            "fastly",
            "--service",
            "SVC1",
            "--soft",
            "--from-file",
            "-",
        ])
        .args(["--url", "https://www.example.com/a", "--base-url", &m.uri()])
        .write_stdin(keys);
    let r = run(&mut cmd);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    let got = m.received();
    assert_eq!(got.len(), 4);
    assert!(got.iter().all(
        |g| g.header("fastly-key") == Some(TOKEN) && g.header("fastly-soft-purge") == Some("1")
    ));
    let url = got.iter().find(|g| g.path.starts_with("/purge/")).unwrap();
    assert_eq!(url.path, "/purge/www.example.com/a");
    let mut sizes: Vec<usize> = got
        .iter()
        .filter(|g| g.path == "/service/SVC1/purge")
        .map(|g| g.json()["surrogate_keys"].as_array().unwrap().len())
        .collect();
    sizes.sort();
    assert_eq!(sizes, vec![88, 256, 256]);
    assert!(r.stdout.contains("108-k599"), "per-key purge ids");
}

#[test]
fn fastly_soft_purge_all_is_a_usage_error_and_all_needs_service() {
    let m = MockApi::start(Api::Fastly);
    let r = run(isrctl().env("FASTLY_API_TOKEN", TOKEN).args([
        "purge",
        "fastly",
        "--service",
        "S",
        "--all",
        "--soft",
        "--yes",
        "--base-url",
        &m.uri(),
    ]));
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("soft"));
    let r = run(isrctl().env("FASTLY_API_TOKEN", TOKEN).args([
        "purge",
        "fastly",
        "--key",
        "k",
        "--base-url",
        &m.uri(),
    ]));
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("--service"));
    assert!(m.received().is_empty());
    let r = run(isrctl().env("FASTLY_API_TOKEN", TOKEN).args([
        "purge",
        "fastly",
        "--service",
        "S",
        "--all",
        "--yes",
        "--base-url",
        &m.uri(),
    ]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(m.received()[0].path, "/service/S/purge_all");
}

#[test]
fn netlify_tags_with_either_token_variable() {
    let m = MockApi::start(Api::Netlify);
    let r = run(isrctl().env("NETLIFY_PURGE_API_TOKEN", TOKEN).args([
        "purge",
        "netlify",
        "--site",
        "my-site",
        "--tag",
        "products",
        "--tag",
        "promotions",
        "--base-url",
        &m.uri(),
    ]));
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    let g = &m.received()[0];
    assert_eq!(g.path, "/api/v1/purge");
    assert_eq!(
        g.json(),
        serde_json::json!({"site_slug": "my-site", "cache_tags": ["products", "promotions"]})
    );
    assert!(r.stdout.contains("202"));
    let r = run(isrctl().env("NETLIFY_AUTH_TOKEN", TOKEN).args([
        "purge",
        "netlify",
        "--site",
        "unknown-site",
        "--tag",
        "x",
        "--base-url",
        &m.uri(),
    ]));
    assert_eq!(r.code, 4);
    assert!(r.stdout.contains("Not Found"));
}

#[test]
fn http_purge_and_ban_with_headers_not_cached_is_ok() {
    let m = MockApi::start(Api::Varnish);
    let u = m.uri();
    let r = run(isrctl()
        .args([
            "purge",
            "http",
            "--url",
            &format!("{u}/blog"),
            "--url",
            &format!("{u}/not-cached"),
        ])
        .args(["-H", "X-Purge-Token: abc"]));
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(r.stdout.contains("was not cached"), "{}", r.stdout);
    let got = m.received();
    assert!(
        got.iter()
            .all(|g| g.method == "PURGE" && g.header("x-purge-token") == Some("abc"))
    );
    let r = run(isrctl().args([
        "purge",
        "http",
        "--method",
        "ban",
        "--url",
        &format!("{u}/x"),
    ]));
    assert_eq!(r.code, 0);
    assert_eq!(m.received()[2].method, "BAN");
    let r = run(isrctl().args([
        "purge",
        "http",
        "--method",
        "GET",
        "--url",
        &format!("{u}/x"),
    ]));
    assert_eq!(r.code, 4, "405 is a rejection");
}

#[test]
fn network_errors_exit_3_after_retries() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let r = run(isrctl().env("VERCEL_TOKEN", TOKEN).args([
        "purge",
        "vercel",
        "--project",
        "p",
        "--tag",
        "t",
        "--retries",
        "1",
        "--base-url",
        &format!("http://127.0.0.1:{port}"),
    ]));
    assert_eq!(r.code, 3, "{}{}", r.stdout, r.stderr);
    assert!(r.stdout.contains("connection failed"), "{}", r.stdout);
}

#[test]
fn json_and_ndjson_results() {
    let m = MockApi::start(Api::Cloudflare);
    let r = run(isrctl().env("CLOUDFLARE_API_TOKEN", TOKEN).args([
        "--format",
        "ndjson",
        "purge",
        "cloudflare",
        "--zone",
        "z",
        "--tag",
        "a",
        "--tag",
        "b",
        "--base-url",
        &m.uri(),
    ]));
    assert_eq!(r.code, 0);
    let lines: Vec<serde_json::Value> = r
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[0]["type"], "item");
    assert!(lines[0]["purge_id"].as_str().unwrap().starts_with("cfid-"));
    assert_eq!(lines[2]["type"], "totals");
    assert_eq!(lines[2]["ok"], 2);
    let r = run(isrctl().env("CLOUDFLARE_API_TOKEN", TOKEN).args([
        "--format",
        "json",
        "purge",
        "cloudflare",
        "--zone",
        "z",
        "--tag",
        "a",
        "--base-url",
        &m.uri(),
    ]));
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(v["items"][0]["status"], 200);
    assert_eq!(v["totals"]["failed"], 0);
}

/// `purge --verify --format json` is one document with a `verify` array inside; ndjson ends
/// with the totals after the `verify` lines; a timed-out verify is exit 6 in both.
#[test]
fn verify_json_is_one_document_and_ndjson_ends_with_totals() {
    let app = MockApi::start(Api::NextApp);
    let page = format!("{}/blog", app.uri());
    let purge = |format: &str, timeout: &str, verify: &str| {
        run(isrctl().args([
            "--format",
            format,
            "purge",
            "http",
            "--url",
            &page,
            "--verify",
            verify,
            "--verify-interval",
            "100ms",
            "--verify-timeout",
            timeout,
        ]))
    };
    let r = purge("json", "5s", &page);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout must be exactly one JSON document ({e}):\n{}",
            r.stdout
        )
    });
    assert_eq!(v["type"], "purge");
    assert_eq!(v["provider"], "http");
    assert_eq!(v["totals"]["ok"], 1);
    assert_eq!(v["verify"][0]["changed"], true, "{}", r.stdout);
    assert!(v["verify"][0]["elapsed_ms"].is_u64(), "{}", r.stdout);
    assert!(!r.stdout.contains("nanos"), "{}", r.stdout);

    // Nothing changes at the other mock: verify times out, exit 6, still one document.
    let still = MockApi::start(Api::NextPage);
    let r = purge("json", "300ms", &format!("{}/same", still.uri()));
    assert_eq!(r.code, 6, "{}{}", r.stdout, r.stderr);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout must be exactly one JSON document ({e}):\n{}",
            r.stdout
        )
    });
    assert_eq!(v["verify"][0]["changed"], false);
    assert_eq!(v["totals"]["verify"]["timed_out"], 1);

    let r = purge("ndjson", "5s", &page);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    let types: Vec<String> = r
        .stdout
        .lines()
        .map(|l| {
            let v: serde_json::Value =
                serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}"));
            v["type"].as_str().unwrap().to_string()
        })
        .collect();
    assert_eq!(types, ["item", "verify", "totals"], "{}", r.stdout);
}

/// Prints example sessions for the README (`cargo test --test it -- --ignored --nocapture readme_sessions`).
#[test]
#[ignore]
fn readme_sessions() {
    let cf = MockApi::start(Api::Cloudflare);
    cf.fail_next(1, 429, Some("1"));
    let mut cmd = isrctl();
    cmd.env("CLOUDFLARE_API_TOKEN", TOKEN)
        .args([
            "purge",
            "cloudflare",
            "--zone",
            "023e105f4ecef8ad9ca31a8372d0c353",
            "--from-file",
            "-",
            "--base-url",
            &cf.uri(),
        ])
        .write_stdin(urls(32).join("\n"));
    let r = run(&mut cmd);
    println!("--- cloudflare (exit {})\n{}{}", r.code, r.stdout, r.stderr);
    let v = MockApi::start(Api::Vercel);
    let r = run(isrctl().args([
        "purge",
        "vercel",
        "--project",
        "my-site",
        "--tag",
        "posts",
        "--tag",
        "post-42",
        "--hard",
        "--deadline",
        "60s",
        "--curl",
    ]));
    println!(
        "--- vercel curl (exit {})\n{}{}",
        r.code, r.stdout, r.stderr
    );
    let r = run(isrctl().env("VERCEL_TOKEN", "wrong").args([
        "purge",
        "vercel",
        "--project",
        "my-site",
        "--tag",
        "posts",
        "--base-url",
        &v.uri(),
    ]));
    println!(
        "--- vercel wrong token (exit {})\n{}{}",
        r.code, r.stdout, r.stderr
    );
    let f = MockApi::start(Api::Fastly);
    let r = run(isrctl().env("FASTLY_API_TOKEN", TOKEN).args([
        "purge",
        "fastly",
        "--service",
        "SU1Z0isxPaozGVKXdv0eY",
        "--key",
        "post-42",
        "--key",
        "blog-index",
        "--soft",
        "--base-url",
        &f.uri(),
    ]));
    println!("--- fastly (exit {})\n{}{}", r.code, r.stdout, r.stderr);
    let r = run(isrctl().env("FASTLY_API_TOKEN", TOKEN).args([
        "purge",
        "fastly",
        "--service",
        "S",
        "--all",
        "--soft",
    ]));
    println!(
        "--- fastly soft all (exit {})\n{}{}",
        r.code, r.stdout, r.stderr
    );
    let n = MockApi::start(Api::Netlify);
    let r = run(isrctl().env("NETLIFY_AUTH_TOKEN", TOKEN).args([
        "--format",
        "ndjson",
        "purge",
        "netlify",
        "--site",
        "my-site",
        "--tag",
        "products",
        "--base-url",
        &n.uri(),
    ]));
    println!(
        "--- netlify ndjson (exit {})\n{}{}",
        r.code, r.stdout, r.stderr
    );
    let h = MockApi::start(Api::Varnish);
    let r = run(isrctl().args([
        "purge",
        "http",
        "--url",
        &format!("{}/blog", h.uri()),
        "--url",
        &format!("{}/not-cached", h.uri()),
        "-H",
        "X-Purge-Token: abc",
    ]));
    println!("--- http (exit {})\n{}{}", r.code, r.stdout, r.stderr);
    let app = MockApi::start(Api::NextApp);
    let r = run(isrctl()
        .env("REVALIDATE_SECRET", crate::support::providers::APP_SECRET)
        .args([
            "revalidate",
            "--endpoint",
            &format!("{}/api/revalidate", app.uri()),
            "--secret-env",
            "REVALIDATE_SECRET",
            "--path",
            "/blog",
            "--tag",
            "posts",
            "--verify",
            &format!("{}/blog", app.uri()),
            "--verify-interval",
            "200ms",
        ]));
    println!(
        "--- revalidate verify (exit {})\n{}{}",
        r.code, r.stdout, r.stderr
    );
    let r = run(isrctl().env("REVALIDATE_SECRET", "nope").args([
        "revalidate",
        "--endpoint",
        &format!("{}/api/revalidate", app.uri()),
        "--secret-env",
        "REVALIDATE_SECRET",
        "--path",
        "/blog",
    ]));
    println!(
        "--- revalidate wrong secret (exit {})\n{}{}",
        r.code, r.stdout, r.stderr
    );
    let r = run(isrctl().env("REVALIDATE_SECRET", "x").args([
        "revalidate",
        "--endpoint",
        "https://example.com/api/revalidate",
        "--secret-env",
        "REVALIDATE_SECRET",
        "--secret-in",
        "query",
        "--path",
        "/blog",
        "--param",
        "type=layout",
        "--dry-run",
    ]));
    println!(
        "--- revalidate dry-run (exit {})\n{}{}",
        r.code, r.stdout, r.stderr
    );
    let p = MockApi::start(Api::NextPage);
    let r = run(isrctl().env("ISRCTL_BYPASS_TOKEN", "deadbeef").args([
        "revalidate",
        "--bypass",
        &format!("{}/tagged", p.uri()),
    ]));
    println!(
        "--- bypass wrong id (exit {})\n{}{}",
        r.code, r.stdout, r.stderr
    );
}

/// Every JSON document and NDJSON line of `purge` and `revalidate` (dry runs, results, verify)
/// validates against the schema generated from the output types.
#[test]
fn json_and_ndjson_match_the_remote_schema() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/src/output/schemas/remote.schema.json"
    ))
    .unwrap();
    let schema = jsonschema::validator_for(&serde_json::from_str(&text).unwrap()).unwrap();
    let check = |stdout: &str, ndjson: bool| {
        let docs: Vec<&str> = if ndjson {
            stdout.lines().collect()
        } else {
            vec![stdout]
        };
        assert!(!docs.is_empty() && !stdout.trim().is_empty());
        for d in docs {
            let v: serde_json::Value =
                serde_json::from_str(d).unwrap_or_else(|e| panic!("{e}: {d}"));
            let errors: Vec<String> = schema.iter_errors(&v).map(|e| e.to_string()).collect();
            assert!(errors.is_empty(), "{errors:?}\n{d}");
        }
    };
    let cf = MockApi::start(Api::Cloudflare);
    let app = MockApi::start(Api::NextApp);
    let page = format!("{}/blog", app.uri());
    for format in ["json", "ndjson"] {
        let ndjson = format == "ndjson";
        for extra in [&["--dry-run"][..], &["--curl"][..], &[][..]] {
            let r = run(isrctl()
                .env("CLOUDFLARE_API_TOKEN", TOKEN)
                .args(["--format", format, "purge", "cloudflare", "--zone", "z"])
                .args([
                    "--tag",
                    "a",
                    "--url",
                    "https://e.com/x",
                    "--base-url",
                    &cf.uri(),
                ])
                .args(extra));
            assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
            check(&r.stdout, ndjson);
        }
        let r = run(isrctl()
            .args(["--format", format, "purge", "http", "--url", &page])
            .args([
                "--verify",
                &page,
                "--verify-interval",
                "100ms",
                "--verify-timeout",
                "5s",
            ]));
        assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
        check(&r.stdout, ndjson);
        let r = run(isrctl()
            .env("REVALIDATE_SECRET", crate::support::providers::APP_SECRET)
            .args(["--format", format, "revalidate", "--endpoint"])
            .arg(format!("{}/api/revalidate", app.uri()))
            .args(["--secret-env", "REVALIDATE_SECRET", "--path", "/blog"]));
        check(&r.stdout, ndjson);
    }
}
