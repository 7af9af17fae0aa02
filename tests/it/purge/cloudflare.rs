//! `isrctl purge cloudflare` against a mock of the Cloudflare API: URL batches, caps, 429/5xx
//! retries, refused tokens and mixed per-item failures.

use super::urls;
use crate::support::providers::{Api, MockApi, TOKEN, isrctl, run};
use std::time::{Duration, Instant};

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
