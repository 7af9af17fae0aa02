//! `isrctl purge` as the providers' own CLIs take items: positional items, comma-separated tags,
//! and a Fastly URL purge whose path and query stay the purged URL's own.

use crate::support::providers::{Api, MockApi, TOKEN, isrctl, run};

#[test]
fn positional_items_are_the_providers_main_kind() {
    let m = MockApi::start(Api::Cloudflare);
    let r = run(isrctl()
        .env("CLOUDFLARE_API_TOKEN", TOKEN)
        .args([
            "purge",
            "cloudflare",
            "--zone",
            "Z1",
            "--base-url",
            &m.uri(),
        ])
        .args(["https://www.example.com/a", "https://www.example.com/b"]));
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    let got = m.received();
    assert_eq!(got.len(), 1);
    assert_eq!(
        got[0].json()["files"],
        serde_json::json!(["https://www.example.com/a", "https://www.example.com/b"])
    );
    // Without a provider first, an item is not taken for one.
    let r = run(isrctl().args(["purge", "--target", "prod", "https://www.example.com/a"]));
    assert_eq!(r.code, 2, "{}", r.stderr);
}

#[test]
fn tags_split_on_commas_like_the_vercel_cli() {
    let m = MockApi::start(Api::Vercel);
    let r = run(isrctl().env("VERCEL_TOKEN", TOKEN).args([
        "purge",
        "vercel",
        "--project",
        "my-site",
        "--base-url",
        &m.uri(),
        "--tag",
        "posts,post-42",
        "--tag",
        "home",
    ]));
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    let got = m.received();
    assert_eq!(got.len(), 1);
    assert_eq!(
        got[0].json()["tags"],
        serde_json::json!(["posts", "post-42", "home"])
    );
}

#[test]
fn a_fastly_url_purge_keeps_the_purged_urls_query_its_own() {
    let m = MockApi::start(Api::Fastly);
    let r = run(isrctl().env("FASTLY_API_TOKEN", TOKEN).args([
        "purge",
        "fastly",
        "--service",
        "SVC1",
        "--base-url",
        &m.uri(),
        "--url",
        "https://www.example.com/a b?x=1&y=2",
    ]));
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    let got = m.received();
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].path, "/purge/www.example.com/a%20b%3Fx%3D1%26y%3D2");
    assert_eq!(
        got[0].query, "",
        "the purged URL's query is not the API request's"
    );
}

/// Ids and tokens from where the vendors' own tools keep them, after the flags, ISRCTL_* and the
/// config target.
#[test]
fn ids_and_tokens_come_from_the_vendors_own_variables() {
    let m = MockApi::start(Api::Vercel);
    let r = run(isrctl()
        .env("VERCEL_TOKEN", TOKEN)
        .env("VERCEL_PROJECT_ID", "prj_linked")
        .env("VERCEL_ORG_ID", "team_linked")
        .args(["purge", "vercel", "posts", "--base-url", &m.uri()]));
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert_eq!(
        m.received()[0].query,
        "projectIdOrName=prj_linked&teamId=team_linked"
    );
    // A flag wins over the variable.
    let m = MockApi::start(Api::Vercel);
    let r = run(isrctl()
        .env("VERCEL_TOKEN", TOKEN)
        .env("VERCEL_PROJECT_ID", "prj_linked")
        .args(["purge", "vercel", "--project", "mine", "posts"])
        .args(["--base-url", &m.uri()]));
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert_eq!(m.received()[0].query, "projectIdOrName=mine");
    // Missing everywhere: the error names both variables.
    let r = run(isrctl()
        .env("VERCEL_TOKEN", TOKEN)
        .args(["purge", "vercel", "posts"]));
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("VERCEL_PROJECT_ID"), "{}", r.stderr);

    let m = MockApi::start(Api::Fastly);
    let r = run(isrctl()
        .env("FASTLY_API_TOKEN", TOKEN)
        .env("FASTLY_SERVICE_ID", "SVC9")
        .args(["purge", "fastly", "post-42", "--base-url", &m.uri()]));
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert_eq!(m.received()[0].path, "/service/SVC9/purge");

    let m = MockApi::start(Api::Netlify);
    let r = run(isrctl()
        .env("NETLIFY_AUTH_TOKEN", TOKEN)
        .env("NETLIFY_SITE_ID", "site-linked")
        .args(["purge", "netlify", "products", "--base-url", &m.uri()]));
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert_eq!(m.received()[0].json()["site_slug"], "site-linked");

    let m = MockApi::start(Api::Cloudflare);
    let r = run(isrctl()
        .env("CF_API_TOKEN", TOKEN)
        .args([
            "purge",
            "cloudflare",
            "--zone",
            "Z1",
            "--base-url",
            &m.uri(),
        ])
        .arg("https://www.example.com/a"));
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert_eq!(
        m.received()[0].header("authorization"),
        Some(format!("Bearer {TOKEN}").as_str())
    );
}
