//! `isrctl purge fastly` and `netlify` against mocks of their APIs: key batches, soft purges,
//! purge-all rules and token variables.

use crate::support::providers::{Api, MockApi, TOKEN, isrctl, run};

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
