//! Bad input and configuration for `isrctl purge`: empty lists, comments, malformed URLs, unknown
//! providers, missing tokens, foreign flags, isrctl.toml targets and their precedence.

use crate::support::providers::{Api, MockApi, TOKEN, isrctl, run};

#[test]
fn empty_item_lists_are_usage_errors() {
    let r = run(isrctl()
        .env("VERCEL_TOKEN", TOKEN)
        .args(["purge", "vercel", "--project", "p"]));
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("nothing to purge"), "{}", r.stderr);
    let mut cmd = isrctl();
    cmd.env("VERCEL_TOKEN", TOKEN)
        .args(["purge", "vercel", "--project", "p", "--from-file", "-"])
        .write_stdin("# only a comment\n\n   \n");
    let r = run(&mut cmd);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("stdin holds no items"), "{}", r.stderr);
    let r = run(isrctl().env("VERCEL_TOKEN", TOKEN).args([
        "purge",
        "vercel",
        "--project",
        "p",
        "--from-file",
        "/nonexistent/x",
    ]));
    assert_eq!(r.code, 2);
}

#[test]
fn file_items_skip_blank_lines_comments_and_duplicates() {
    let m = MockApi::start(Api::Cloudflare);
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("urls.txt");
    std::fs::write(
        &f,
        "# blog\nhttps://e.com/a\n\n  https://e.com/b  \n#https://e.com/c\nhttps://e.com/a\n",
    )
    .unwrap();
    let r = run(isrctl()
        .env("CLOUDFLARE_API_TOKEN", TOKEN)
        .args([
            "purge",
            "cloudflare",
            "--zone",
            "z",
            "--base-url",
            &m.uri(),
            "--from-file",
        ])
        .arg(&f));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        m.received()[0].json(),
        serde_json::json!({"files": ["https://e.com/a", "https://e.com/b"]})
    );
}

#[test]
fn malformed_urls_unknown_providers_and_foreign_flags() {
    let r = run(isrctl().env("CLOUDFLARE_API_TOKEN", TOKEN).args([
        "purge",
        "cloudflare",
        "--zone",
        "z",
        "--url",
        "/relative",
    ]));
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("not an absolute http(s) URL"));
    let r = run(isrctl().args(["purge", "http", "--url", "ftp://x/y"]));
    assert_eq!(r.code, 2);
    let r = run(isrctl().args(["purge", "keycdn", "--url", "https://x/"]));
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("invalid value 'keycdn'"));
    let r = run(isrctl().env("VERCEL_TOKEN", TOKEN).args([
        "purge",
        "vercel",
        "--project",
        "p",
        "--tag",
        "a",
        "--zone",
        "z",
    ]));
    assert_eq!(r.code, 2);
    assert!(
        r.stderr
            .contains("--zone is not an option of the vercel provider")
    );
    let r = run(isrctl().env("VERCEL_TOKEN", TOKEN).args([
        "purge",
        "vercel",
        "--project",
        "p",
        "--url",
        "https://x/",
    ]));
    assert_eq!(r.code, 2);
    let r = run(isrctl().args([
        "purge",
        "cloudflare",
        "--zone",
        "z",
        "--prefix",
        "https://e.com/blog",
    ]));
    assert_eq!(r.code, 2);
    let r = run(isrctl().env("VERCEL_TOKEN", TOKEN).args([
        "purge",
        "vercel",
        "--project",
        "p",
        "--tag",
        "a",
        "--base-url",
        "nope",
    ]));
    assert_eq!(r.code, 2);
}

#[test]
fn missing_tokens_name_the_variable() {
    for (args, var) in [
        (
            vec!["vercel", "--project", "p", "--tag", "a"],
            "VERCEL_TOKEN",
        ),
        (
            vec!["cloudflare", "--zone", "z", "--tag", "a"],
            "CLOUDFLARE_API_TOKEN",
        ),
        (
            vec!["fastly", "--service", "s", "--key", "a"],
            "FASTLY_API_TOKEN",
        ),
        (
            vec!["netlify", "--site", "s", "--tag", "a"],
            "NETLIFY_AUTH_TOKEN or NETLIFY_PURGE_API_TOKEN",
        ),
    ] {
        let r = run(isrctl().arg("purge").args(&args));
        assert_eq!(r.code, 2, "{args:?}");
        assert!(r.stderr.contains(var), "{args:?}: {}", r.stderr);
    }
    let r = run(isrctl().args([
        "purge",
        "vercel",
        "--project",
        "p",
        "--tag",
        "a",
        "--token-env",
        "MY_VERCEL",
    ]));
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("MY_VERCEL is not set"));
}

#[test]
fn dry_run_prints_exact_requests_and_sends_nothing() {
    let m = MockApi::start(Api::Cloudflare);
    let r = run(isrctl().env("CLOUDFLARE_API_TOKEN", TOKEN).args([
        "purge",
        "cloudflare",
        "--zone",
        "z9",
        "--tag",
        "a",
        "--tag",
        "b",
        "--batch-size",
        "1",
        "--dry-run",
        "--base-url",
        &m.uri(),
    ]));
    assert_eq!(r.code, 0);
    assert!(m.received().is_empty());
    assert!(
        r.stdout
            .contains(&format!("POST {}/zones/z9/purge_cache", m.uri()))
    );
    assert!(r.stdout.contains("Authorization: Bearer ***"));
    assert!(r.stdout.contains("{\"tags\":[\"b\"]}"));
    assert!(r.stdout.contains("# request 2 of 2"));
    let r = run(isrctl().args([
        "purge",
        "cloudflare",
        "--zone",
        "z9",
        "--everything",
        "--curl",
    ]));
    assert_eq!(
        r.code, 0,
        "dry runs need neither a token nor --yes: {}",
        r.stderr
    );
    assert!(
        r.stdout
            .contains("-H 'Authorization: Bearer '\"$CLOUDFLARE_API_TOKEN\""),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout
            .contains("--data-raw '{\"purge_everything\":true}'")
    );
}

fn with_config(dir: &std::path::Path, text: &str) -> assert_cmd::Command {
    std::fs::write(dir.join("isrctl.toml"), text).unwrap();
    let mut c = assert_cmd::Command::new(env!("CARGO_BIN_EXE_isrctl"));
    c.env_clear()
        .env("ISRCTL_RETRY_BASE_DELAY", "5ms")
        .current_dir(dir);
    c
}

#[test]
fn config_targets_and_precedence() {
    let m = MockApi::start(Api::Cloudflare);
    let dir = tempfile::tempdir().unwrap();
    let cfg = format!(
        "[targets.prod]\nprovider = \"cloudflare\"\nzone = \"from-config\"\ntoken_env = \"PROD_CF\"\nbase_url = \"{}\"\n",
        m.uri()
    );
    // config only
    let r = run(with_config(dir.path(), &cfg)
        .env("PROD_CF", TOKEN)
        .args(["purge", "--target", "prod", "--tag", "posts"]));
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert_eq!(m.received()[0].path, "/zones/from-config/purge_cache");
    // ISRCTL_* env beats config
    let r = run(with_config(dir.path(), &cfg)
        .env("PROD_CF", TOKEN)
        .env("ISRCTL_ZONE", "from-env")
        .args(["purge", "--target", "prod", "--tag", "posts"]));
    assert_eq!(r.code, 0);
    assert_eq!(m.received()[1].path, "/zones/from-env/purge_cache");
    // flags beat env
    let r = run(with_config(dir.path(), &cfg)
        .env("PROD_CF", TOKEN)
        .env("ISRCTL_ZONE", "from-env")
        .args([
            "purge",
            "cloudflare",
            "--target",
            "prod",
            "--zone",
            "from-flag",
            "--tag",
            "posts",
        ]));
    assert_eq!(r.code, 0);
    assert_eq!(m.received()[2].path, "/zones/from-flag/purge_cache");
    // the target's token_env is the variable named in errors
    let r =
        run(with_config(dir.path(), &cfg).args(["purge", "--target", "prod", "--tag", "posts"]));
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("PROD_CF"));
    // provider mismatch, unknown target, --no-config
    let r = run(with_config(dir.path(), &cfg)
        .env("PROD_CF", TOKEN)
        .args(["purge", "vercel", "--target", "prod", "--tag", "x"]));
    assert_eq!(r.code, 2);
    let r = run(with_config(dir.path(), &cfg).args(["purge", "--target", "staging", "--tag", "x"]));
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("known targets: prod"), "{}", r.stderr);
    let r = run(with_config(dir.path(), &cfg).args([
        "--no-config",
        "purge",
        "--target",
        "prod",
        "--tag",
        "x",
    ]));
    assert_eq!(r.code, 2);
    // unknown keys are rejected
    let r = run(with_config(dir.path(), "[targets.prod]\nzonee = \"x\"\n")
        .args(["purge", "--target", "prod", "--tag", "x"]));
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("zonee"), "{}", r.stderr);
}

#[test]
fn config_from_xdg_and_verify_list() {
    let m = MockApi::start(Api::NextApp);
    let dir = tempfile::tempdir().unwrap();
    let xdg = dir.path().join("xdg");
    std::fs::create_dir_all(xdg.join("isrctl")).unwrap();
    std::fs::write(
        xdg.join("isrctl/isrctl.toml"),
        format!(
            "[targets.app]\nendpoint = \"{u}/api/revalidate\"\nsecret_env = \"APP_S\"\nverify = [\"{u}/blog\"]\n",
            u = m.uri()
        ),
    )
    .unwrap();
    let mut cmd = assert_cmd::Command::new(env!("CARGO_BIN_EXE_isrctl"));
    cmd.env_clear()
        .current_dir(dir.path())
        .env("XDG_CONFIG_HOME", &xdg)
        .env("APP_S", crate::support::providers::APP_SECRET)
        .args([
            "revalidate",
            "--target",
            "app",
            "--path",
            "/blog",
            "--verify-interval",
            "100ms",
            "--verify-timeout",
            "5s",
        ]);
    let r = run(&mut cmd);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(
        r.stdout.contains("1 of 1 URL shows new content"),
        "{}",
        r.stdout
    );
}
