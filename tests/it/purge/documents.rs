//! `isrctl purge --format json|ndjson`: documents, verify sections and the generated schema.

use crate::support::providers::{Api, MockApi, TOKEN, isrctl, run};

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
    assert!(v["verify"][0]["elapsed"].is_f64(), "{}", r.stdout);
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
