//! `isrctl purge akamai` against a mock of Fast Purge v3 that checks every EdgeGrid signature:
//! object types, invalidate/delete, networks, batches at the 50,000-byte body limit, 429 retries,
//! a refused signature, `.edgerc` errors, dry runs and secrets never printed.

use crate::support::providers::{
    AK_ACCESS_TOKEN, AK_CLIENT_SECRET, AK_CLIENT_TOKEN, AK_MAX_BODY, Api, MockApi, isrctl, run,
    signed_post, write_edgerc,
};
use crate::support::{snapshots, transcript};
use std::time::{Duration, Instant};

/// `isrctl purge akamai --edgerc DIR/.edgerc --base-url MOCK ARGS`.
fn akamai(m: &MockApi, dir: &tempfile::TempDir, args: &[&str]) -> assert_cmd::Command {
    let mut c = isrctl();
    c.arg("purge")
        .arg("akamai")
        .arg("--edgerc")
        .arg(write_edgerc(dir.path()))
        .args(["--base-url", &m.uri()])
        .args(args);
    c
}

fn assert_no_secret(label: &str, text: &str) {
    for s in [
        AK_CLIENT_TOKEN,
        AK_ACCESS_TOKEN,
        AK_CLIENT_SECRET,
        "SECRET-",
    ] {
        assert!(!text.contains(s), "{label}: {s} leaked:\n{text}");
    }
}

#[test]
fn urls_cpcodes_and_tags_go_signed_one_type_per_request() {
    let m = MockApi::start(Api::Akamai);
    let dir = tempfile::tempdir().unwrap();
    let r = run(&mut akamai(
        &m,
        &dir,
        &[
            "https://www.example.com/a",
            "--url",
            "https://www.example.com/b?x=1",
            "--cpcode",
            "12345,678",
            "--tag",
            "posts",
        ],
    ));
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    let mut got: Vec<(String, String)> = m
        .received()
        .into_iter()
        .map(|g| (g.path.clone(), g.body.clone()))
        .collect();
    got.sort();
    assert_eq!(
        got,
        [
            (
                "/ccu/v3/invalidate/cpcode/production".into(),
                r#"{"objects":[12345,678]}"#.into()
            ),
            (
                "/ccu/v3/invalidate/tag/production".into(),
                r#"{"objects":["posts"]}"#.into()
            ),
            (
                "/ccu/v3/invalidate/url/production".into(),
                r#"{"objects":["https://www.example.com/b?x=1","https://www.example.com/a"]}"#
                    .into()
            ),
        ]
    );
    assert!(r.stdout.contains("edcp-"), "purge ids: {}", r.stdout);
    assert!(r.stdout.contains("done in ~5s"), "{}", r.stdout);
    assert!(
        r.stdout.contains("5 of 5 items purged in 3 requests"),
        "{}",
        r.stdout
    );
}

#[test]
fn delete_on_staging_with_the_edgerc_and_section_from_akamai_variables() {
    let m = MockApi::start(Api::Akamai);
    let dir = tempfile::tempdir().unwrap();
    let rc = write_edgerc(dir.path());
    let r = run(isrctl()
        .env("AKAMAI_EDGERC", &rc)
        .env("AKAMAI_EDGERC_SECTION", "ccu")
        .args(["purge", "akamai", "--base-url", &m.uri()])
        .args(["--delete", "--network", "staging", "--tag", "t1"]));
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    let got = m.received();
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].path, "/ccu/v3/delete/tag/staging");
    // The variable names a section the mock refuses: proof that it is read.
    let r = run(isrctl()
        .env("AKAMAI_EDGERC", &rc)
        .env("AKAMAI_EDGERC_SECTION", "wrong")
        .args(["purge", "akamai", "--base-url", &m.uri(), "--tag", "t1"]));
    assert_eq!(r.code, 4, "{}{}", r.stdout, r.stderr);
}

#[test]
fn batches_keep_every_body_within_the_50000_byte_limit() {
    let m = MockApi::start(Api::Akamai);
    let dir = tempfile::tempdir().unwrap();
    // 120 URLs of 1,000 bytes: 3 bodies, each as full as the limit allows.
    let urls: Vec<String> = (0..120)
        .map(|i| format!("https://www.example.com/{i:04}/{}", "p".repeat(971)))
        .collect();
    assert_eq!(urls[0].len(), 1000);
    let mut cmd = akamai(&m, &dir, &["--from-file", "-"]);
    cmd.write_stdin(urls.join("\n"));
    let r = run(&mut cmd);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    let got = m.received();
    let mut sizes: Vec<usize> = got.iter().map(|g| g.body.len()).collect();
    sizes.sort();
    assert_eq!(got.len(), 3, "{sizes:?}");
    assert!(sizes.iter().all(|s| *s <= AK_MAX_BODY), "{sizes:?}");
    // 49 URLs of 1,002 bytes as JSON, 48 commas and the 14-byte envelope: 49,160; a 50th would
    // not fit.
    assert_eq!(sizes[1..], [49_160, 49_160]);
    let mut sent: Vec<String> = got
        .iter()
        .flat_map(|g| {
            g.json()["objects"]
                .as_array()
                .unwrap()
                .iter()
                .map(|v| v.as_str().unwrap().to_string())
                .collect::<Vec<_>>()
        })
        .collect();
    sent.sort();
    assert_eq!(sent, urls, "every URL once");
    assert!(r.stdout.contains("120 of 120 items purged in 3 requests"));
}

#[test]
fn over_the_limit_the_mock_answers_413_and_isrctl_sends_nothing() {
    // The contract itself, at the boundary: 50,000 bytes pass, 50,001 do not.
    let m = MockApi::start(Api::Akamai);
    let path = "/ccu/v3/invalidate/url/production";
    let body = |n: usize| format!(r#"{{"objects":["https://e.com/{}"]}}"#, "a".repeat(n - 30));
    assert_eq!(body(AK_MAX_BODY).len(), AK_MAX_BODY);
    assert_eq!(signed_post(&m.uri(), path, &body(AK_MAX_BODY), None), 201);
    assert_eq!(
        signed_post(&m.uri(), path, &body(AK_MAX_BODY + 1), None),
        413
    );
    let qa = "/ccu/v3/invalidate/url/qa";
    assert_eq!(signed_post(&m.uri(), qa, &body(100), None), 404);
    // A signature made with a clock years off is refused.
    let old = Some("20140321T19:34:21+0000");
    assert_eq!(signed_post(&m.uri(), path, &body(100), old), 401);
    // isrctl refuses an over-long URL before anything is sent.
    let dir = tempfile::tempdir().unwrap();
    let long = format!("https://e.com/{}", "a".repeat(AK_MAX_BODY));
    let r = run(&mut akamai(&m, &dir, &[&long]));
    assert_eq!(r.code, 2, "{}{}", r.stdout, r.stderr);
    assert!(
        r.stderr
            .contains("is too long for one Akamai purge request (at most 49986 bytes as JSON)"),
        "{}",
        r.stderr
    );
    assert_eq!(m.received().len(), 4);
}

#[test]
fn a_429_is_retried_after_retry_after() {
    let m = MockApi::start(Api::Akamai);
    m.fail_next(1, 429, Some("1"));
    let dir = tempfile::tempdir().unwrap();
    let t = Instant::now();
    let r = run(&mut akamai(&m, &dir, &["--tag", "posts"]));
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(
        t.elapsed() >= Duration::from_millis(950),
        "{:?}",
        t.elapsed()
    );
    assert_eq!(m.received().len(), 2);
    assert!(
        r.stdout.contains("(try 2)") && r.stdout.contains("(1 retried)"),
        "{}",
        r.stdout
    );
    assert!(
        r.stderr
            .contains("request 1: retrying in 1s after HTTP 429"),
        "{}",
        r.stderr
    );
}

#[test]
fn a_429_without_retry_after_waits_the_documented_five_seconds() {
    let m = MockApi::start(Api::Akamai);
    m.fail_next(2, 429, None);
    let dir = tempfile::tempdir().unwrap();
    let t = Instant::now();
    let r = run(&mut akamai(&m, &dir, &["--cpcode", "1", "--retries", "1"]));
    assert!(
        t.elapsed() >= Duration::from_millis(4950),
        "{:?}",
        t.elapsed()
    );
    assert_eq!(r.code, 4, "{}{}", r.stdout, r.stderr);
    assert_eq!(m.received().len(), 2);
    assert!(
        r.stdout.contains(
            "URL Rate Limit exceeded (110 objects asked, 94 of 10000 tokens left) [supportId edup-mock-429]"
        ),
        "{}",
        r.stdout
    );
}

#[test]
fn a_refused_signature_is_reported_not_retried_and_stops_the_run() {
    let m = MockApi::start(Api::Akamai);
    let dir = tempfile::tempdir().unwrap();
    let r = run(&mut akamai(
        &m,
        &dir,
        &[
            "--section",
            "wrong",
            "--tag",
            "a",
            "--cpcode",
            "1",
            "--concurrency",
            "1",
            "-vv",
        ],
    ));
    assert_eq!(r.code, 4, "{}{}", r.stdout, r.stderr);
    assert!(
        r.stdout
            .contains("HTTP 401: Not authorized: The signature does not match"),
        "{}",
        r.stdout
    );
    assert_eq!(m.received().len(), 1, "not retried, and the rest not sent");
    assert!(
        r.stdout.contains("not sent: request 1 was refused"),
        "{}",
        r.stdout
    );
    assert!(r.stderr.contains("this machine's clock"), "{}", r.stderr);
    assert_no_secret("401 -vv", &format!("{}{}", r.stdout, r.stderr));
    assert!(
        r.stderr.contains("> Authorization: EG1-HMAC-SHA256 ***"),
        "{}",
        r.stderr
    );
}

#[test]
fn edgerc_problems_are_usage_errors_naming_file_and_section() {
    let dir = tempfile::tempdir().unwrap();
    let rc = write_edgerc(dir.path());
    let missing = dir.path().join("nope");
    let r = run(isrctl()
        .args(["purge", "akamai", "--tag", "a", "--edgerc"])
        .arg(&missing));
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr.contains(&format!(
            "cannot read the Akamai credentials file {}",
            missing.display()
        )),
        "{}",
        r.stderr
    );
    let r = run(isrctl()
        .args([
            "purge",
            "akamai",
            "--tag",
            "a",
            "--section",
            "papi",
            "--edgerc",
        ])
        .arg(&rc));
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr
            .contains(&format!("{} has no [papi] section", rc.display())),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("it has [default], [ccu], [wrong]"),
        "{}",
        r.stderr
    );
    // ~/.edgerc by default: HOME names a directory without one.
    let r = run(isrctl()
        .env("HOME", dir.path().join("home"))
        .args(["purge", "akamai", "--tag", "a"]));
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("home/.edgerc"), "{}", r.stderr);
    let partial = dir.path().join("partial");
    std::fs::write(&partial, "[default]\nhost = h.example\nclient_token = x\n").unwrap();
    let r = run(isrctl()
        .args(["purge", "akamai", "--tag", "a", "--edgerc"])
        .arg(&partial));
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("[default] has no access_token"),
        "{}",
        r.stderr
    );
    // No purge-everything on Akamai: CP codes are the widest unit.
    let r = run(isrctl().args(["purge", "akamai", "--all", "--yes", "--dry-run"]));
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("akamai has no purge-everything") && r.stderr.contains("--cpcode"),
        "{}",
        r.stderr
    );
    // Bad items are reported before the credentials are looked for.
    let r = run(isrctl()
        .args([
            "purge",
            "akamai",
            "--from-file",
            "-",
            "--file-kind",
            "cpcode",
        ])
        .write_stdin("123\n12x\n"));
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("CP code '12x' is not a number"),
        "{}",
        r.stderr
    );
}

#[test]
fn dry_run_and_curl_show_the_signature_as_a_placeholder() {
    let dir = tempfile::tempdir().unwrap();
    let rc = write_edgerc(dir.path());
    for mode in ["--dry-run", "--curl"] {
        let out = transcript(
            isrctl()
                .args(["purge", "akamai", "--network", "staging", "--edgerc"])
                .arg(&rc)
                .args(["https://www.example.com/a", "--cpcode", "42", mode]),
        );
        assert_no_secret(mode, &out);
        let name = format!("purge_akamai_{}", mode.trim_start_matches('-'));
        snapshots().bind(|| insta::assert_snapshot!(name, out));
    }
}

#[test]
fn secrets_never_reach_any_output() {
    let m = MockApi::start(Api::Akamai);
    let dir = tempfile::tempdir().unwrap();
    for mode in [
        &["-vv"][..],
        &["-vv", "--format", "json"],
        &["-vv", "--format", "ndjson"],
        &["-vv", "--dry-run"],
        &["-vv", "--curl", "--format", "json"],
        &["-vv", "--section", "wrong"],
        &["-vv", "--section", "wrong", "--format", "json"],
    ] {
        m.fail_next(1, 500, None);
        let r = run(&mut akamai(&m, &dir, &[&["--tag", "a"][..], mode].concat()));
        assert_no_secret(&format!("{mode:?}"), &format!("{}{}", r.stdout, r.stderr));
    }
    assert!(
        m.received().iter().any(|g| g
            .header("authorization")
            .is_some_and(|a| a.contains(AK_CLIENT_TOKEN))),
        "the credentials did go out, on the wire only"
    );
}

#[test]
fn an_isrctl_toml_target_names_the_edgerc_section_and_network() {
    let m = MockApi::start(Api::Akamai);
    let dir = tempfile::tempdir().unwrap();
    let rc = write_edgerc(dir.path());
    let cfg = format!(
        "[targets.edge]\nprovider = \"akamai\"\nedgerc = \"{}\"\nsection = \"ccu\"\n\
         network = \"staging\"\nbase_url = \"{}\"\n",
        rc.display(),
        m.uri()
    );
    std::fs::write(dir.path().join("isrctl.toml"), cfg).unwrap();
    let mut c = assert_cmd::Command::new(env!("CARGO_BIN_EXE_isrctl"));
    c.env_clear()
        .env("ISRCTL_RETRY_BASE_DELAY", "5ms")
        .env("AKAMAI_EDGERC_SECTION", "wrong")
        .current_dir(dir.path())
        .args(["purge", "--target", "edge", "--tag", "posts"]);
    let r = run(&mut c);
    assert_eq!(
        r.code, 0,
        "the target's section beats AKAMAI_EDGERC_SECTION: {}",
        r.stderr
    );
    assert_eq!(m.received()[0].path, "/ccu/v3/invalidate/tag/staging");
    // The flag beats the target: [wrong] is refused by the mock.
    let r = run(c.args(["--section", "wrong"]));
    assert_eq!(r.code, 4, "{}{}", r.stdout, r.stderr);
}
