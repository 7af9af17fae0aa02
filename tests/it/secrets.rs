//! Tokens and secrets never reach any output: every command and provider, at -vv, with --dry-run,
//! --curl and --format json, against mocks that fail with 401/500 and echo the credentials back.

use crate::support::providers::{APP_SECRET, Api, MockApi, TOKEN, isrctl, run};

/// Distinct, greppable known secrets (the mocks accept only `TOKEN`/`APP_SECRET`).
const WRONG: &str = "wrongtok-LEAKCHECK-77ab31";

fn assert_clean(label: &str, out: &str, secrets: &[&str]) {
    for s in secrets {
        assert!(!out.contains(s), "{label}: secret leaked:\n{out}");
    }
}

/// (provider args, token env var, mock kind)
fn purge_cases() -> Vec<(Vec<&'static str>, &'static str, Api)> {
    vec![
        (
            vec!["vercel", "--project", "p", "--tag", "a"],
            "VERCEL_TOKEN",
            Api::Vercel,
        ),
        (
            vec!["cloudflare", "--zone", "z", "--tag", "a"],
            "CLOUDFLARE_API_TOKEN",
            Api::Cloudflare,
        ),
        (
            vec![
                "fastly",
                "--service",
                "s",
                "--key",
                "a",
                "--url",
                "https://e.com/x",
            ],
            "FASTLY_API_TOKEN",
            Api::Fastly,
        ),
        (
            vec!["netlify", "--site", "s", "--tag", "a"],
            "NETLIFY_AUTH_TOKEN",
            Api::Netlify,
        ),
    ]
}

fn modes() -> Vec<Vec<&'static str>> {
    vec![
        vec!["-vv"],
        vec!["-vv", "--dry-run"],
        vec!["-vv", "--curl"],
        vec!["-vv", "--format", "json"],
        vec!["-vv", "--format", "ndjson", "--dry-run"],
        vec!["-vv", "--format", "json", "--curl"],
    ]
}

#[test]
fn purge_never_prints_tokens() {
    for (args, var, api) in purge_cases() {
        for (token, fail) in [(TOKEN, Some(500)), (TOKEN, Some(401)), (WRONG, None)] {
            for mode in modes() {
                let m = MockApi::start(api);
                if let Some(status) = fail {
                    m.fail_next(10, status, Some("0"));
                }
                let r = run(isrctl()
                    .env(var, token)
                    .arg("purge")
                    .args(&args)
                    .args(["--retries", "1", "--base-url", &m.uri()])
                    .args(&mode));
                assert_ne!(r.code, 2, "usage error: {}", r.stderr);
                let all = format!("{}{}", r.stdout, r.stderr);
                assert!(r.code != 1, "{args:?} {mode:?}: {all}");
                assert_clean(
                    &format!("{args:?} {mode:?} {fail:?}"),
                    &all,
                    &[TOKEN, WRONG],
                );
                if !mode.contains(&"--dry-run") && !mode.contains(&"--curl") {
                    assert!(!m.received().is_empty(), "{args:?}: the request was sent");
                }
            }
        }
    }
}

#[test]
fn token_files_are_not_printed_either() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("token");
    std::fs::write(&f, format!("{WRONG}\n")).unwrap();
    let m = MockApi::start(Api::Vercel);
    for mode in modes() {
        let r = run(isrctl()
            .args([
                "purge",
                "vercel",
                "--project",
                "p",
                "--tag",
                "a",
                "--base-url",
                &m.uri(),
            ])
            .arg("--token-file")
            .arg(&f)
            .args(&mode));
        assert_ne!(r.code, 2, "usage error: {}", r.stderr);
        assert_clean(
            &format!("{mode:?}"),
            &format!("{}{}", r.stdout, r.stderr),
            &[WRONG],
        );
    }
}

#[test]
fn revalidate_never_prints_secrets() {
    for at in ["body", "query", "header"] {
        for (secret, fail) in [(APP_SECRET, Some(500)), (WRONG, None)] {
            for mode in modes() {
                let m = MockApi::start(Api::NextRoute(crate::support::providers::SecretAt::Body));
                if let Some(s) = fail {
                    m.fail_next(10, s, None);
                }
                let r = run(isrctl()
                    .env("APP_SECRET_VAR", secret)
                    .args([
                        "revalidate",
                        "--endpoint",
                        &format!("{}/api/revalidate", m.uri()),
                        "--secret-env",
                        "APP_SECRET_VAR",
                        "--secret-in",
                        at,
                        "--path",
                        "/x",
                        "--tag",
                        "t",
                        "--retries",
                        "1",
                    ])
                    .args(&mode));
                assert_ne!(r.code, 2, "usage error: {}", r.stderr);
                let all = format!("{}{}", r.stdout, r.stderr);
                assert!(r.code != 1, "{all}");
                assert_clean(&format!("{at} {mode:?}"), &all, &[APP_SECRET, WRONG]);
            }
        }
    }
}

#[test]
fn bypass_tokens_are_not_printed() {
    let m = MockApi::start(Api::NextPage);
    for mode in modes() {
        let r = run(isrctl()
            .env("ISRCTL_BYPASS_TOKEN", WRONG)
            .args(["revalidate", "--bypass", &format!("{}/p", m.uri())])
            .args(&mode));
        assert_ne!(r.code, 2, "usage error: {}", r.stderr);
        assert_clean(
            &format!("{mode:?}"),
            &format!("{}{}", r.stdout, r.stderr),
            &[WRONG],
        );
    }
}

#[test]
fn a_config_with_a_literal_token_is_rejected_without_echoing_it() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("isrctl.toml");
    std::fs::write(
        &cfg,
        format!("[targets.prod]\nprovider = \"vercel\"\ntoken = \"{WRONG}\"\n"),
    )
    .unwrap();
    let mut cmd = assert_cmd::Command::new(env!("CARGO_BIN_EXE_isrctl"));
    cmd.env_clear()
        .arg("--config")
        .arg(&cfg)
        .args(["-vv", "purge", "--target", "prod", "--tag", "a"]);
    let r = run(&mut cmd);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("literal secret"), "{}", r.stderr);
    assert_clean("config", &format!("{}{}", r.stdout, r.stderr), &[WRONG]);
}

#[test]
fn http_purge_secret_header_is_sent_but_never_printed() {
    for token in [TOKEN, WRONG] {
        for mode in modes() {
            let m = MockApi::start(Api::Varnish);
            let url = format!("{}/page", m.uri());
            let r = run(isrctl()
                .env("VARNISH_PURGE_TOKEN", token)
                .args([
                    "purge",
                    "http",
                    "--url",
                    &url,
                    "--secret-header",
                    "X-Purge-Secret",
                ])
                .args(["--token-env", "VARNISH_PURGE_TOKEN", "--retries", "1"])
                .args(&mode));
            assert_ne!(r.code, 2, "usage error: {}", r.stderr);
            let all = format!("{}{}", r.stdout, r.stderr);
            assert_clean(&format!("http {mode:?}"), &all, &[TOKEN, WRONG]);
            if mode.contains(&"--dry-run") || mode.contains(&"--curl") {
                assert!(m.received().is_empty());
                assert!(
                    all.contains("X-Purge-Secret") || all.contains("x-purge-secret"),
                    "{all}"
                );
                continue;
            }
            let got = m.received();
            assert_eq!(got.len(), 1, "{all}");
            assert_eq!(got[0].header("x-purge-secret"), Some(token));
            assert_eq!(r.code, if token == TOKEN { 0 } else { 4 }, "{all}");
        }
    }
    // Without the variable: a usage error naming it.
    let r = run(isrctl()
        .env_remove("VARNISH_PURGE_TOKEN")
        .args([
            "purge",
            "http",
            "--url",
            "http://127.0.0.1:9/x",
            "--secret-header",
            "X-Purge-Secret",
        ])
        .args(["--token-env", "VARNISH_PURGE_TOKEN"]));
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("VARNISH_PURGE_TOKEN"), "{}", r.stderr);
}
