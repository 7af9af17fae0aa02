//! `isrctl purge cloudfront` against the CloudFront mock (tests/it/support/providers/cloudfront.rs,
//! which recomputes every SigV4 signature): paths from flags, positional items and files, the
//! in-progress maxima, `--wait`, throttling, credentials from variables and profiles, errors,
//! dry runs, and credentials never printed.

use crate::support::providers::cloudfront::{
    CloudFrontMock, DISTRIBUTION, KEY_ID, SECRET_KEY, SESSION_TOKEN,
};
use crate::support::providers::{Run, isrctl, run};
use crate::support::{snapshots, transcript};
use std::io::Write;

/// `isrctl purge cloudfront --distribution D --base-url MOCK` with the test keys in the
/// environment (and the session token when `token`).
pub(super) fn cf(m: &CloudFrontMock, token: bool) -> assert_cmd::Command {
    let mut c = isrctl();
    c.env("AWS_ACCESS_KEY_ID", KEY_ID)
        .env("AWS_SECRET_ACCESS_KEY", SECRET_KEY)
        .args([
            "purge",
            "cloudfront",
            "--distribution",
            DISTRIBUTION,
            "--base-url",
            &m.uri(),
        ]);
    if token {
        c.env("AWS_SESSION_TOKEN", SESSION_TOKEN);
    }
    c
}

fn paths_file(paths: &[String]) -> tempfile::NamedTempFile {
    let mut f = tempfile::NamedTempFile::new().unwrap();
    writeln!(f, "# paths\n").unwrap();
    for p in paths {
        writeln!(f, "{p}").unwrap();
    }
    f
}

pub(super) fn assert_no_secret(label: &str, r: &Run) {
    for s in [SECRET_KEY, SESSION_TOKEN] {
        assert!(
            !r.stdout.contains(s) && !r.stderr.contains(s),
            "{label}: a credential leaked:\n{}\n{}",
            r.stdout,
            r.stderr
        );
    }
}

#[test]
fn paths_from_flags_items_and_a_file_become_one_signed_invalidation() {
    let m = CloudFrontMock::start(true);
    let f = paths_file(&["/from-file".into(), "/a".into()]);
    let r = run(cf(&m, true).args([
        "/a",
        "--path",
        "/blog/*",
        "--from-file",
        f.path().to_str().unwrap(),
    ]));
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    let got = m.received();
    assert_eq!(got.len(), 1);
    let req = &got[0];
    assert_eq!(req.method, "POST");
    assert_eq!(
        req.path,
        format!("/2020-05-31/distribution/{DISTRIBUTION}/invalidation")
    );
    assert_eq!(req.header("content-type"), Some("application/xml"));
    assert!(
        req.header("authorization")
            .unwrap()
            .starts_with(&format!("AWS4-HMAC-SHA256 Credential={KEY_ID}/"))
    );
    assert_eq!(req.header("x-amz-security-token"), Some(SESSION_TOKEN));
    let created = m.created();
    assert_eq!(created.len(), 1);
    // Flags, then positional items, then the file; the repeated /a only once.
    assert_eq!(created[0].paths, vec!["/blog/*", "/a", "/from-file"]);
    assert!(req.body.contains("<Quantity>3</Quantity>"), "{}", req.body);
    let cr: Vec<&str> = created[0].caller_reference.split('-').collect();
    assert_eq!(cr.len(), 4, "isrctl-<ms>-<pid>-<request>: {cr:?}");
    assert_eq!((cr[0], cr[3]), ("isrctl", "1"));
    assert!(cr[1].parse::<u64>().is_ok() && cr[2].parse::<u32>().is_ok());
    assert!(r.stdout.contains("I0000000000001"), "{}", r.stdout);
    assert!(
        r.stdout.contains("3 of 3 items purged in 1 request"),
        "{}",
        r.stdout
    );
}

#[test]
fn individual_paths_past_3000_are_held_back_and_reported_failed() {
    let m = CloudFrontMock::start(false);
    let paths: Vec<String> = (0..3005).map(|i| format!("/p/{i}")).collect();
    let f = paths_file(&paths);
    let r = run(cf(&m, false).args([
        "--batch-size",
        "1000",
        "--from-file",
        f.path().to_str().unwrap(),
    ]));
    assert_eq!(r.code, 4, "{}{}", r.stdout, r.stderr);
    let sizes: Vec<usize> = m.created().iter().map(|i| i.paths.len()).collect();
    assert_eq!(sizes, vec![1000, 1000, 1000]);
    assert!(
        r.stdout.contains("3000 of 3,005 items purged"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout
            .contains("not sent: CloudFront allows at most 3000 individual paths in progress"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains(" /p/3004      -       -  -"),
        "{}",
        r.stdout
    );
}

#[test]
fn wildcards_past_15_are_held_back_and_the_mock_enforces_the_maximum_across_runs() {
    let m = CloudFrontMock::start(false);
    let mut cmd = cf(&m, false);
    for i in 0..17 {
        cmd.args(["--path", &format!("/w{i}/*")]);
    }
    cmd.args(["--path", "/plain"]);
    let r = run(&mut cmd);
    assert_eq!(r.code, 4, "{}{}", r.stdout, r.stderr);
    assert_eq!(m.created()[0].paths.len(), 16, "15 wildcards and /plain");
    assert!(r.stdout.contains("16 of 18 items purged"), "{}", r.stdout);
    assert!(
        r.stdout.contains("at most 15 wildcard paths"),
        "{}",
        r.stdout
    );

    // Those 15 are still in progress: CloudFront refuses one more wildcard path.
    let r = run(cf(&m, false).args(["--path", "/more/*"]));
    assert_eq!(r.code, 4, "{}{}", r.stdout, r.stderr);
    assert!(
        r.stdout
            .contains("HTTP 400: TooManyInvalidationsInProgress"),
        "{}",
        r.stdout
    );
    m.complete_all();
    let r = run(cf(&m, false).args(["--path", "/more/*"]));
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
}

#[test]
fn wait_polls_get_invalidation_until_completed() {
    let m = CloudFrontMock::start(false);
    m.polls_before_completed(2);
    let r = run(cf(&m, false).args(["/a", "--wait", "--wait-interval", "10ms"]));
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    let gets: Vec<_> = m
        .received()
        .into_iter()
        .filter(|g| g.method == "GET")
        .collect();
    assert_eq!(gets.len(), 3, "InProgress, InProgress, Completed");
    assert!(
        gets.iter()
            .all(|g| g.path.ends_with("/invalidation/I0000000000001")
                && g.header("authorization").is_some())
    );
    assert!(
        r.stderr
            .contains("invalidation I0000000000001: Completed after"),
        "{}",
        r.stderr
    );

    let m = CloudFrontMock::start(false);
    m.polls_before_completed(1000);
    let r = run(cf(&m, false).args([
        "/a",
        "--wait",
        "--wait-interval",
        "10ms",
        "--wait-timeout",
        "100ms",
    ]));
    assert_eq!(r.code, 6, "{}{}", r.stdout, r.stderr);
    assert!(r.stderr.contains("still InProgress after"), "{}", r.stderr);
}

#[test]
fn throttling_is_retried_honouring_retry_after() {
    for (status, code) in [
        (429, "Throttling"),
        (503, "ServiceUnavailable"),
        (400, "Throttling"),
    ] {
        let m = CloudFrontMock::start(true);
        m.fail_next(1, status, code, Some("0"));
        let r = run(cf(&m, true).args(["/a", "-vv"]));
        assert_eq!(r.code, 0, "{status}: {}{}", r.stdout, r.stderr);
        assert_eq!(m.received().len(), 2, "{status}: one retry");
        assert!(r.stderr.contains("retrying in"), "{}", r.stderr);
        // -vv shows the 201's Location header: the new invalidation's URI.
        let location = format!(
            "< location: {}/2020-05-31/distribution/{DISTRIBUTION}/invalidation/I0000000000001",
            m.uri()
        );
        assert!(r.stderr.contains(&location), "{}", r.stderr);
        assert_no_secret("throttled", &r);
    }
}

#[test]
fn urls_and_bad_paths_are_refused_before_anything_is_sent() {
    let m = CloudFrontMock::start(false);
    let r = run(cf(&m, false).arg("https://www.example.com/blog/a"));
    assert_eq!(r.code, 2, "{}{}", r.stdout, r.stderr);
    assert!(
        r.stderr.contains(
            "is a URL; CloudFront invalidates paths within the distribution: give '/blog/a'"
        ),
        "{}",
        r.stderr
    );
    let r = run(cf(&m, false).args(["--path", "/a*b"]));
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("only as the last character"),
        "{}",
        r.stderr
    );
    let r = run(cf(&m, false).args(["--tag", "posts"]));
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("cloudfront does not support --tag"),
        "{}",
        r.stderr
    );
    assert!(m.received().is_empty());
}

#[test]
fn dry_run_and_curl_show_the_request_unsigned() {
    for mode in ["--dry-run", "--curl"] {
        let out = transcript(
            isrctl()
                .env("AWS_ACCESS_KEY_ID", KEY_ID)
                .env("AWS_SECRET_ACCESS_KEY", SECRET_KEY)
                .env("AWS_SESSION_TOKEN", SESSION_TOKEN)
                .args(["purge", "cloudfront", "--distribution", DISTRIBUTION])
                .args(["/blog/post-1", "/blog/*", mode]),
        );
        assert!(!out.contains(SECRET_KEY) && !out.contains(SESSION_TOKEN) && !out.contains(KEY_ID));
        let name = format!("purge_cloudfront_{}", mode.trim_start_matches('-'));
        let mut s = snapshots();
        s.add_filter(r"isrctl-\d+-\d+-(\d+)", "isrctl-[MS]-[PID]-$1");
        s.bind(|| insta::assert_snapshot!(name, out));
    }
}

#[test]
fn verify_follows_the_wait_and_sees_the_new_content() {
    let m = CloudFrontMock::start(false);
    let page = format!("{}/site/page", m.uri());
    let r = run(cf(&m, false).args([
        "/page",
        "--wait",
        "--wait-interval",
        "10ms",
        "--verify",
        &page,
        "--verify-interval",
        "10ms",
    ]));
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    let order: Vec<String> = m
        .received()
        .iter()
        .map(|g| format!("{} {}", g.method, g.path.rsplit('/').next().unwrap()))
        .collect();
    // Baseline, the invalidation, the wait's polls, then the page again.
    assert_eq!(
        order.first().map(String::as_str),
        Some("GET page"),
        "{order:?}"
    );
    assert_eq!(order[1], "POST invalidation");
    assert!(
        order[2..].iter().any(|o| o == "GET I0000000000001"),
        "{order:?}"
    );
    assert_eq!(
        order.last().map(String::as_str),
        Some("GET page"),
        "{order:?}"
    );
    assert!(
        r.stdout.contains("1 of 1 URL shows new content"),
        "{}",
        r.stdout
    );
}
