//! `isrctl purge cloudfront` and its AWS credentials: profiles of the shared credentials file,
//! missing or half-set keys, a refused signature, and keys never printed in any mode.

use super::cloudfront::{assert_no_secret, cf};
use crate::support::providers::cloudfront::{
    CloudFrontMock, DISTRIBUTION, KEY_ID, SECRET_KEY, SESSION_TOKEN,
};
use crate::support::providers::{isrctl, run};
use std::io::Write;

#[test]
fn a_profile_of_the_shared_credentials_file_signs_with_its_session_token() {
    let m = CloudFrontMock::start(true);
    let mut f = tempfile::NamedTempFile::new().unwrap();
    write!(
        f,
        "[default]\naws_access_key_id = AKIDOTHER\naws_secret_access_key = other\n\n\
         [deploy]\naws_access_key_id = {KEY_ID}\naws_secret_access_key = {SECRET_KEY}\n\
         aws_session_token = {SESSION_TOKEN}\n"
    )
    .unwrap();
    let file = f.path().to_str().unwrap();
    let base = |c: &mut assert_cmd::Command| {
        c.env("AWS_SHARED_CREDENTIALS_FILE", file).args([
            "purge",
            "cloudfront",
            "--distribution",
            DISTRIBUTION,
            "--base-url",
            &m.uri(),
            "/a",
        ]);
    };
    let mut c = isrctl();
    base(&mut c);
    let r = run(c.args(["--profile", "deploy", "-vv"]));
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert_no_secret("profile", &r);
    let mut c = isrctl();
    base(&mut c);
    let r = run(c.env("AWS_PROFILE", "deploy"));
    assert_eq!(r.code, 0, "AWS_PROFILE: {}{}", r.stdout, r.stderr);
    // The default profile's keys are not the mock's: refused, and named as such.
    let mut c = isrctl();
    base(&mut c);
    let r = run(&mut c);
    assert_eq!(r.code, 4, "{}{}", r.stdout, r.stderr);
    assert!(r.stdout.contains("InvalidClientTokenId"), "{}", r.stdout);
    let mut c = isrctl();
    base(&mut c);
    let r = run(c.args(["--profile", "nope"]));
    assert_eq!(r.code, 2, "{}{}", r.stdout, r.stderr);
    assert!(
        r.stderr.contains(&format!("{file} has no profile [nope]")),
        "{}",
        r.stderr
    );
    assert_eq!(m.received().len(), 3, "--profile nope sent nothing");
}

#[test]
fn missing_credentials_are_a_usage_error_naming_where_they_were_looked_for() {
    let r = run(isrctl()
        .env("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/credentials")
        .args(["purge", "cloudfront", "--distribution", "E1", "/a"]));
    assert_eq!(r.code, 2, "{}{}", r.stdout, r.stderr);
    assert!(
        r.stderr.contains("no AWS credentials: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set, and /nonexistent/credentials cannot be read"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("--profile"), "a hint: {}", r.stderr);
    let r = run(isrctl().env("AWS_ACCESS_KEY_ID", KEY_ID).args([
        "purge",
        "cloudfront",
        "--distribution",
        "E1",
        "/a",
    ]));
    assert_eq!(r.code, 2);
    assert!(
        r.stderr
            .contains("AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not"),
        "{}",
        r.stderr
    );
    let r = run(isrctl().args(["purge", "cloudfront", "/a"]));
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("--distribution is required"),
        "{}",
        r.stderr
    );
}

#[test]
fn a_wrong_secret_key_is_refused_with_403_and_reported_without_any_key() {
    let m = CloudFrontMock::start(true);
    let mut c = cf(&m, true);
    c.env("AWS_SECRET_ACCESS_KEY", "wrong-LEAKCHECK-cf-5e1d");
    let r = run(c.args(["/a", "/b", "-vv"]));
    assert_eq!(r.code, 4, "{}{}", r.stdout, r.stderr);
    assert_eq!(m.received().len(), 1, "a 403 is not retried");
    assert!(
        r.stdout
            .contains("HTTP 403: SignatureDoesNotMatch: The request signature we calculated"),
        "{}",
        r.stdout
    );
    assert!(!r.stdout.contains("wrong-LEAKCHECK") && !r.stderr.contains("wrong-LEAKCHECK"));
    assert_no_secret("403", &r);
    let r = run(isrctl()
        .env("AWS_ACCESS_KEY_ID", KEY_ID)
        .env("AWS_SECRET_ACCESS_KEY", SECRET_KEY)
        .env("AWS_SESSION_TOKEN", SESSION_TOKEN)
        .args(["purge", "cloudfront", "--distribution", "ENOPE", "/a"])
        .args(["--base-url", &m.uri()]));
    assert_eq!(r.code, 4);
    assert!(
        r.stdout.contains("HTTP 404: NoSuchDistribution"),
        "{}",
        r.stdout
    );
}

#[test]
fn credentials_never_reach_any_output() {
    let m = CloudFrontMock::start(true);
    for mode in [
        vec!["-vv"],
        vec!["-vv", "--dry-run"],
        vec!["-vv", "--curl"],
        vec!["-vv", "--format", "json"],
        vec!["-vv", "--format", "ndjson", "--dry-run"],
        vec!["-vv", "--format", "json", "--curl"],
        vec!["-vv", "--wait", "--wait-interval", "5ms"],
    ] {
        let r = run(cf(&m, true).arg("/a").args(&mode));
        assert_no_secret(&format!("{mode:?}"), &r);
        assert!(
            !r.stdout.contains(KEY_ID) && !r.stderr.contains(KEY_ID),
            "{mode:?}"
        );
    }
    // An error body that echoes the session token back is redacted.
    m.fail_next(1, 400, "InvalidArgument", None);
    let r = run(cf(&m, true).args(["/a", "-vv"]));
    assert_eq!(r.code, 4, "{}{}", r.stdout, r.stderr);
    assert!(r.stdout.contains("token=Some(\"***\")"), "{}", r.stdout);
    assert_no_secret("echoed", &r);
}

#[test]
fn dry_runs_need_no_keys_and_curl_names_where_they_would_be_read() {
    let r = run(isrctl()
        .env("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/credentials")
        .args([
            "purge",
            "cloudfront",
            "--distribution",
            "E1",
            "/a",
            "--curl",
        ]));
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(
        r.stdout
            .contains("--user \"$AWS_ACCESS_KEY_ID:$AWS_SECRET_ACCESS_KEY\""),
        "{}",
        r.stdout
    );
    let r = run(isrctl()
        .env("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/credentials")
        .args([
            "purge",
            "cloudfront",
            "--distribution",
            "E1",
            "/a",
            "--curl",
        ])
        .args(["--profile", "deploy"]));
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(
        r.stdout.contains(
            "--user \"$(aws configure get aws_access_key_id --profile deploy):\
             $(aws configure get aws_secret_access_key --profile deploy)\""
        ),
        "{}",
        r.stdout
    );
    let r = run(isrctl().args([
        "purge",
        "cloudfront",
        "--distribution",
        "E1",
        "/a",
        "--dry-run",
    ]));
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(
        r.stdout.contains("SignedHeaders=…, Signature=***\n"),
        "{}",
        r.stdout
    );
    assert!(
        !r.stdout.contains("X-Amz-Security-Token"),
        "no token, no header"
    );
}

/// The `--curl` command, run by curl (7.75+ signs with `--aws-sigv4`), is accepted by the mock's
/// signature check: the printed command really is the same request. Skipped without curl.
#[test]
fn the_curl_command_is_accepted_by_the_signature_check() {
    if std::process::Command::new("curl")
        .arg("--version")
        .output()
        .is_err()
    {
        return;
    }
    for token in [false, true] {
        let m = CloudFrontMock::start(token);
        let r = run(cf(&m, token).args(["/a", "/blog/*", "--curl"]));
        assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
        let cmd: String = r
            .stdout
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .collect::<Vec<_>>()
            .join("\n");
        let mut sh = std::process::Command::new("sh");
        sh.arg("-c")
            .arg(format!("{cmd} -s -o /dev/null -w '%{{http_code}}'"))
            .env("AWS_ACCESS_KEY_ID", KEY_ID)
            .env("AWS_SECRET_ACCESS_KEY", SECRET_KEY)
            .env("AWS_SESSION_TOKEN", SESSION_TOKEN);
        let out = sh.output().unwrap();
        let code = String::from_utf8_lossy(&out.stdout).to_string();
        assert_eq!(
            code,
            "201",
            "token {token}: {cmd}\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(m.created()[0].paths, vec!["/a", "/blog/*"]);
    }
}
