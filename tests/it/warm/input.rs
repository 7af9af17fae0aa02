//! Where the URLs come from (arguments, a file, stdin, a sitemap) and what bad input gives:
//! a clear error and exit 2, never a panic.

use super::{url, warm_json};
use crate::support::cache::start;
use crate::support::isrctl;
use std::time::Duration;

#[test]
fn warm_reads_a_file_with_comments_and_stdin() {
    let c = start(&[], Duration::ZERO);
    let dir = tempfile::tempdir().unwrap();
    let list = dir.path().join("urls.txt");
    let text = format!(
        "# after the deploy\n\n{}\n  {}  \n{}\n",
        c.url("/page/f1"),
        c.url("/page/f2"),
        c.url("/page/f1")
    );
    std::fs::write(&list, &text).unwrap();
    let (code, doc, err) = warm_json(&["--from-file", list.to_str().unwrap(), "--interval", "0s"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        doc["urls"].as_array().unwrap().len(),
        2,
        "deduplicated: {doc}"
    );
    assert_eq!(url(&doc, "/page/f2")["result"], "warm");

    let o = isrctl()
        .args([
            "warm",
            "--from-file",
            "-",
            "--interval",
            "0s",
            "--format",
            "json",
        ])
        .write_stdin(format!("{}\n# comment\n", c.url("/page/s1")))
        .output()
        .unwrap();
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let doc: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(url(&doc, "/page/s1")["tries"], 2);
    assert_eq!(c.count("/page/s1"), 2);
}

#[test]
fn warm_reads_a_sitemap() {
    let c = start(&["/page/m1", "/page/m2", "/cold/m3"], Duration::ZERO);
    let (code, doc, _) = warm_json(&[
        "--sitemap",
        &c.url("/sitemap.xml"),
        "--tries",
        "2",
        "--interval",
        "0s",
    ]);
    assert_eq!(code, 6);
    assert_eq!(doc["totals"]["urls"], 3);
    assert_eq!(doc["totals"]["warm"], 2);
    assert_eq!(url(&doc, "/cold/m3")["result"], "cold");
    assert_eq!(c.count("/page/m1"), 2);
    // Through a sitemap index: the same pages, now warm at the first try.
    let (code, doc, err) = warm_json(&["--sitemap", &c.url("/sitemap-index.xml"), "--tries", "1"]);
    assert_eq!(code, 6, "{err}");
    assert_eq!(doc["totals"]["urls"], 3);
    assert_eq!(url(&doc, "/page/m2")["states"], serde_json::json!(["HIT"]));
    assert_eq!(c.count("/sitemap-index.xml"), 1);
    // A sitemap that cannot be read: the reason, exit 3, nothing warmed.
    let o = isrctl()
        .args(["warm", "--sitemap", &c.url("/no-such-sitemap.xml")])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(3));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("no-such-sitemap.xml: HTTP 404"), "{err}");
}

fn usage_error(args: &[&str], stdin: &str) -> String {
    let o = isrctl()
        .arg("warm")
        .args(args)
        .write_stdin(stdin)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&o.stderr).into_owned();
    assert_eq!(o.status.code(), Some(2), "{args:?}: {err}");
    assert!(o.stdout.is_empty(), "{args:?}");
    assert!(!err.contains("panicked"), "{err}");
    err
}

#[test]
fn warm_bad_input_is_a_usage_error() {
    let err = usage_error(&[], "");
    assert!(
        err.contains("no URL to warm") && err.contains("--sitemap"),
        "{err}"
    );
    let err = usage_error(&["--from-file", "-"], "https://e.test/a\n/relative/path\n");
    assert!(
        err.contains("stdin: '/relative/path' is not an http(s) URL"),
        "{err}"
    );
    assert!(err.contains("hint: one full URL per line"), "{err}");
    let err = usage_error(&["--from-file", "-"], "# nothing\n\n");
    assert!(err.contains("stdin holds no items"), "{err}");
    let err = usage_error(&["--from-file", "/no/such/urls.txt"], "");
    assert!(err.contains("/no/such/urls.txt"), "{err}");
    let err = usage_error(&["https://e.test/", "--rate", "fast"], "");
    assert!(err.contains("'fast' is not a rate"), "{err}");
    let err = usage_error(&["https://e.test/", "--rate", "0/s"], "");
    assert!(err.contains("more than zero"), "{err}");
    let err = usage_error(&["https://e.test/", "--tries", "0"], "");
    assert!(err.contains("--tries"), "{err}");
    let err = usage_error(&["https://e.test/", "--concurrency", "0"], "");
    assert!(err.contains("--concurrency"), "{err}");
    let err = usage_error(&["ftp://e.test/"], "");
    assert!(err.contains("http(s)"), "{err}");
    let err = usage_error(&["https://e.test/", "--resolve", "e.test:443"], "");
    assert!(err.contains("HOST:PORT:ADDR"), "{err}");
}
