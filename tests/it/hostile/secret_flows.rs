//! Hostile flows around secrets: redirects that would re-send the secret (to another origin, or
//! the same one), `--method GET` moving a body secret into the URL, and tokens with control
//! characters. Uses the echoing server and the leak check of `secrets`.

use super::secrets::{Answer, Hostile, SEND_MODES, TOKENS, leaks, seen};
use crate::support::providers::{isrctl, run};

/// A redirect to another origin (the secret in the query, body or a header would go with it) is
/// never followed; a same-origin one (Next.js `trailingSlash`) is reported, with the secret
/// redacted and the URL to use instead.
#[test]
fn redirects_are_not_followed_and_say_where_they_point() {
    let token = TOKENS[0];
    let elsewhere = Hostile::start(Answer {
        status: 200,
        headers: vec![],
        body: "stolen".into(),
    });
    for status in [301, 302, 303, 307, 308] {
        for (target, same) in [
            (format!("{}/steal?secret={token}", elsewhere.base), false),
            (format!("/api/revalidate/?secret={token}"), true),
        ] {
            let app = Hostile::start(Answer {
                status,
                headers: vec![("location".into(), target.clone())],
                body: String::new(),
            });
            for at in ["query", "body", "header"] {
                for mode in SEND_MODES {
                    let r = run(isrctl()
                        .env("APP_SECRET", token)
                        .args(["revalidate", "--secret-env", "APP_SECRET", "--path", "/x"])
                        .args(["--secret-in", at, "--retries", "2", "--endpoint"])
                        .arg(format!("{}/api/revalidate", app.base))
                        .args(mode));
                    let seen = seen(&r.stdout, &r.stderr);
                    assert!(leaks(token, &seen).is_empty(), "{status} {at}: {seen}");
                    assert_eq!(r.code, 4, "{status} {at} {mode:?}: {seen}");
                    assert!(seen.contains("redirect"), "{seen}");
                    if same {
                        assert!(seen.contains("/api/revalidate/?secret=***"), "{seen}");
                    }
                }
                assert_eq!(elsewhere.hits(), 0, "followed a redirect to another origin");
            }
            assert_eq!(
                app.hits(),
                3 * SEND_MODES.len(),
                "one request per run, no retry"
            );
        }
    }
}

/// `--method GET` has no body: a body secret would move into the URL (logs, proxies, history).
/// That needs `--secret-in query` said out loud; otherwise a usage error before anything is sent.
#[test]
fn get_does_not_silently_move_a_body_secret_into_the_url() {
    let token = TOKENS[0];
    let app = Hostile::start(Answer {
        status: 200,
        headers: vec![],
        body: "ok".into(),
    });
    let endpoint = format!("{}/api/revalidate", app.base);
    for extra in [
        &["--method", "GET"][..],
        &["--method", "get", "--secret-in", "body"][..],
        &["--body", "query"][..],
        &["--method", "GET", "--dry-run"][..],
        &["--method", "GET", "--curl", "--format", "json"][..],
    ] {
        let r = run(isrctl()
            .env("APP_SECRET", token)
            .args(["revalidate", "--secret-env", "APP_SECRET", "--path", "/x"])
            .args(["--endpoint", &endpoint])
            .args(extra));
        assert_eq!(r.code, 2, "{extra:?}: {}{}", r.stdout, r.stderr);
        assert!(r.stderr.contains("--secret-in query"), "{}", r.stderr);
        assert!(leaks(token, &seen(&r.stdout, &r.stderr)).is_empty());
    }
    assert_eq!(app.hits(), 0);
    let r = run(isrctl()
        .env("APP_SECRET", token)
        .args(["revalidate", "--secret-env", "APP_SECRET", "--path", "/x"])
        .args([
            "--method",
            "GET",
            "--secret-in",
            "query",
            "--endpoint",
            &endpoint,
        ]));
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert_eq!(app.hits(), 1);
}

/// A token with a newline, CR or other control character is a usage error naming where it came
/// from and the byte, before any request (no retries); a file's line ending is not part of it.
#[test]
fn tokens_with_control_characters_are_usage_errors() {
    let app = Hostile::start(Answer {
        status: 200,
        headers: vec![("x-nextjs-cache".into(), "REVALIDATED".into())],
        body: "ok".into(),
    });
    let dir = tempfile::tempdir().unwrap();
    let bad = [
        "tok\nen-1234567",
        "tok\ren-1234567",
        "tok\u{1b}[31men",
        "tok\ten-1234567",
        "tok\u{7f}en",
        "tok\u{85}en-next-line",
        "tok\0en",
    ];
    let mut cases = 0;
    for (i, value) in bad.iter().enumerate() {
        if value.contains('\0') {
            // An environment variable cannot hold NUL; a file can.
        } else {
            for cmd in env_commands(&app.base) {
                for mode in [&[][..], &["--dry-run"][..], &["--curl"][..]] {
                    cases += 1;
                    let r = run(isrctl().env(cmd.0, value).args(&cmd.1).args(mode));
                    assert_eq!(r.code, 2, "{:?} {value:?}: {}{}", cmd.1, r.stdout, r.stderr);
                    assert!(r.stderr.contains(cmd.0), "{}", r.stderr);
                    assert!(
                        r.stderr.contains("control character at byte 3"),
                        "{}",
                        r.stderr
                    );
                    assert!(!r.stderr.contains(value), "{}", r.stderr);
                }
            }
        }
        let f = dir.path().join(format!("token{i}"));
        std::fs::write(&f, format!("{value}\n")).unwrap();
        let r = run(isrctl()
            .args(["purge", "vercel", "--project", "p", "--tag", "a"])
            .args(["--base-url", &app.base, "--token-file"])
            .arg(&f));
        cases += 1;
        if value.starts_with("tok\n") {
            // The first line of a file is the token; a line break ends it (documented).
            continue;
        }
        assert_eq!(r.code, 2, "{value:?}: {}{}", r.stdout, r.stderr);
        assert!(r.stderr.contains(&f.display().to_string()), "{}", r.stderr);
        assert!(
            r.stderr.contains("control character at byte 3"),
            "{}",
            r.stderr
        );
    }
    eprintln!("control-character token cases: {cases}");
    assert_eq!(app.hits(), 1, "only the file whose first line is `tok`");
    // One trailing newline (or CRLF) in a file is the file's line ending, not the token's.
    let f = dir.path().join("crlf");
    std::fs::write(&f, "good-token-123\r\n").unwrap();
    let r = run(isrctl()
        .args(["purge", "vercel", "--project", "p", "--tag", "a"])
        .args(["--base-url", &app.base, "--token-file"])
        .arg(&f));
    assert_ne!(r.code, 2, "{}", r.stderr);
    assert!(
        app.hits
            .lock()
            .unwrap()
            .last()
            .unwrap()
            .contains("Bearer good-token-123\r\n")
    );
}

/// (variable, arguments) for every way a token comes from the environment.
fn env_commands(base: &str) -> Vec<(&'static str, Vec<String>)> {
    let v = |a: &[&str]| a.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    let ep = format!("{base}/api/revalidate");
    vec![
        (
            "APP_SECRET",
            v(&[
                "revalidate",
                "--secret-env",
                "APP_SECRET",
                "--path",
                "/x",
                "--endpoint",
                &ep,
            ]),
        ),
        (
            "ISRCTL_SECRET",
            v(&["revalidate", "--path", "/x", "--endpoint", &ep]),
        ),
        (
            "ISRCTL_BYPASS_TOKEN",
            v(&["revalidate", "--bypass", &format!("{base}/p")]),
        ),
        (
            "VERCEL_TOKEN",
            v(&[
                "purge",
                "vercel",
                "--project",
                "p",
                "--tag",
                "a",
                "--base-url",
                base,
            ]),
        ),
        (
            "PURGE_TOKEN",
            v(&[
                "purge",
                "http",
                "--url",
                &format!("{base}/x"),
                "--secret-header",
                "X-Purge-Token",
                "--token-env",
                "PURGE_TOKEN",
            ]),
        ),
    ]
}
