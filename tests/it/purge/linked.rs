//! `isrctl purge` with what users already have: a project linked by the vendor's CLI
//! (`.vercel/project.json`, `fastly.toml`, `.netlify/state.json`), a Cloudflare zone named by its
//! domain, usage errors before a missing token, a prompt that names what "everything" is, and a
//! 501 that is not retried.

use crate::support::providers::{Api, CF_ZONE, MockApi, TOKEN, isrctl, run};
use std::path::Path;

fn project(files: &[(&str, &str)]) -> tempfile::TempDir {
    let d = tempfile::tempdir().unwrap();
    for (rel, text) in files {
        let p = d.path().join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    d
}

fn in_dir(dir: &Path) -> assert_cmd::Command {
    let mut c = isrctl();
    c.current_dir(dir);
    c
}

#[test]
fn ids_come_from_the_project_the_vendors_cli_linked() {
    let d = project(&[
        (
            ".vercel/project.json",
            r#"{"projectId":"prj_linked","orgId":"team_linked","projectName":"site"}"#,
        ),
        (
            "fastly.toml",
            "manifest_version = 3\nservice_id = \"SVCfile\"\n",
        ),
        (".netlify/state.json", r#"{"siteId":"site-file"}"#),
    ]);
    let m = MockApi::start(Api::Vercel);
    let r = run(in_dir(d.path()).env("VERCEL_TOKEN", TOKEN).args([
        "purge",
        "vercel",
        "posts",
        "--base-url",
        &m.uri(),
    ]));
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert_eq!(
        m.received()[0].query,
        "projectIdOrName=prj_linked&teamId=team_linked"
    );

    let m = MockApi::start(Api::Fastly);
    let r = run(in_dir(d.path()).env("FASTLY_API_TOKEN", TOKEN).args([
        "purge",
        "fastly",
        "post-42",
        "--base-url",
        &m.uri(),
    ]));
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert_eq!(m.received()[0].path, "/service/SVCfile/purge");

    let m = MockApi::start(Api::Netlify);
    let r = run(in_dir(d.path()).env("NETLIFY_AUTH_TOKEN", TOKEN).args([
        "purge",
        "netlify",
        "products",
        "--base-url",
        &m.uri(),
    ]));
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert_eq!(m.received()[0].json()["site_slug"], "site-file");

    // A personal account's orgId is no team; a broken file is an error that names it.
    let personal = project(&[(
        ".vercel/project.json",
        r#"{"projectId":"prj_me","orgId":"AbC123"}"#,
    )]);
    let m = MockApi::start(Api::Vercel);
    let r = run(in_dir(personal.path()).env("VERCEL_TOKEN", TOKEN).args([
        "purge",
        "vercel",
        "posts",
        "--base-url",
        &m.uri(),
    ]));
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert_eq!(m.received()[0].query, "projectIdOrName=prj_me");
    let broken = project(&[(".netlify/state.json", "{\"siteId\": ")]);
    let r = run(in_dir(broken.path())
        .env("NETLIFY_AUTH_TOKEN", TOKEN)
        .args(["purge", "netlify", "products"]));
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("state.json"), "{}", r.stderr);
    assert!(r.stderr.contains("netlify link"), "{}", r.stderr);
}

#[test]
fn a_cloudflare_zone_named_by_its_domain_is_looked_up_first() {
    let dir = project(&[]);
    let m = MockApi::start(Api::Cloudflare);
    let r = run(in_dir(dir.path())
        .env("CLOUDFLARE_API_TOKEN", TOKEN)
        .args([
            "purge",
            "cloudflare",
            "--zone",
            CF_ZONE.0,
            "--base-url",
            &m.uri(),
        ])
        .arg("https://example.com/a"));
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    let got = m.received();
    assert_eq!(got.len(), 2, "{got:?}");
    assert_eq!(
        (got[0].method.as_str(), got[0].path.as_str()),
        ("GET", "/zones")
    );
    assert_eq!(got[0].query, "name=example.com");
    assert_eq!(got[1].path, format!("/zones/{}/purge_cache", CF_ZONE.1));

    // A look-up that fails once is retried, announced by what it is for.
    let m = MockApi::start(Api::Cloudflare);
    m.fail_next(1, 503, Some("0"));
    let r = run(in_dir(dir.path())
        .env("CLOUDFLARE_API_TOKEN", TOKEN)
        .args([
            "purge",
            "cloudflare",
            "--zone",
            CF_ZONE.0,
            "--base-url",
            &m.uri(),
        ])
        .arg("https://example.com/a"));
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(
        r.stderr.contains("zone example.com (look-up): retrying in"),
        "{}",
        r.stderr
    );
    assert_eq!(m.received().len(), 3);

    // A name no zone has: nothing is purged, and the error says how to give the id.
    let m = MockApi::start(Api::Cloudflare);
    let r = run(in_dir(dir.path())
        .env("CLOUDFLARE_API_TOKEN", TOKEN)
        .args([
            "purge",
            "cloudflare",
            "--zone",
            "example.org",
            "--base-url",
            &m.uri(),
        ])
        .arg("https://example.org/a"));
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr.contains("no Cloudflare zone named example.org"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("--zone ID"), "{}", r.stderr);
    assert_eq!(m.received().len(), 1);

    // A dry run shows the look-up, then the purge with a stand-in for the id; no secret.
    let r = run(in_dir(dir.path())
        .env("CLOUDFLARE_API_TOKEN", TOKEN)
        .args(["purge", "cloudflare", "--zone", CF_ZONE.0, "--dry-run"])
        .arg("https://example.com/a"));
    assert_eq!(r.code, 0, "{}", r.stderr);
    let lookup = r
        .stdout
        .find("GET https://api.cloudflare.com/client/v4/zones?name=example.com");
    let purge = r.stdout.find("/zones/ZONE_ID_OF_example.com/purge_cache");
    assert!(
        lookup.is_some() && purge.is_some() && lookup < purge,
        "{}",
        r.stdout
    );
    assert!(!r.stdout.contains(TOKEN) && !r.stderr.contains(TOKEN));

    // Purging everything asks about the zone by name and id.
    let m = MockApi::start(Api::Cloudflare);
    let r = run(in_dir(dir.path())
        .env("CLOUDFLARE_API_TOKEN", TOKEN)
        .args(["purge", "cloudflare", "--zone", CF_ZONE.0, "--everything"])
        .args(["--base-url", &m.uri()]));
    assert_eq!(r.code, 2, "{}", r.stderr);
    let named = format!("everything on cloudflare zone {} (example.com)", CF_ZONE.1);
    assert!(r.stderr.contains(&named), "{}", r.stderr);
    assert_eq!(m.received().len(), 1, "only the look-up was sent");
}

#[test]
fn usage_errors_come_before_a_missing_token() {
    let dir = project(&[]);
    // No project and no token: the project is what is reported.
    let r = run(in_dir(dir.path()).args(["purge", "vercel", "posts"]));
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("--project is required"), "{}", r.stderr);
    assert!(r.stderr.contains("vercel link"), "{}", r.stderr);
    // A batch size out of range, no token: the batch size is what is reported.
    let r = run(in_dir(dir.path())
        .args(["purge", "cloudflare", "--zone", "z", "--batch-size", "9999"])
        .arg("https://example.com/a"));
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("--batch-size"), "{}", r.stderr);
    // With everything right, the missing token is reported.
    let r = run(in_dir(dir.path())
        .args(["purge", "cloudflare", "--zone", "z"])
        .arg("https://example.com/a"));
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("CLOUDFLARE_API_TOKEN"), "{}", r.stderr);
}

#[test]
fn a_501_is_not_retried() {
    let m = MockApi::start(Api::Varnish);
    m.fail_next(3, 501, None);
    let url = format!("{}/blog", m.uri());
    let r = run(isrctl().args(["purge", "http", &url, "--retries", "2"]));
    assert_eq!(r.code, 4, "{}{}", r.stdout, r.stderr);
    assert_eq!(m.received().len(), 1, "one request, no retries");
    assert!(
        r.stdout.contains("not retried") || r.stderr.contains("not retried"),
        "{}{}",
        r.stdout,
        r.stderr
    );
    // A 503 still is.
    let m = MockApi::start(Api::Varnish);
    m.fail_next(1, 503, None);
    let url = format!("{}/blog", m.uri());
    let r = run(isrctl().args(["purge", "http", &url, "--retries", "2"]));
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert_eq!(m.received().len(), 2);
}
