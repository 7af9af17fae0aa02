//! `isrctl purge vercel` against a mock of the Vercel API: tag batches, hard deletes, purge-all.

use super::tags_file;
use crate::support::providers::{Api, MockApi, TOKEN, isrctl, run};

#[test]
fn vercel_soft_tags_are_batched_at_16_with_bearer_auth() {
    let m = MockApi::start(Api::Vercel);
    let f = tags_file(20);
    let r = run(isrctl()
        .env("VERCEL_TOKEN", TOKEN)
        .args([
            "purge",
            "vercel",
            "--project",
            "my-site",
            "--team",
            "team_x",
            "--base-url",
            &m.uri(),
        ])
        .arg("--from-file")
        .arg(f.path()));
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    let got = m.received();
    assert_eq!(got.len(), 2);
    let mut sizes: Vec<usize> = got
        .iter()
        .map(|g| g.json()["tags"].as_array().unwrap().len())
        .collect();
    sizes.sort();
    assert_eq!(sizes, vec![4, 16]);
    for g in &got {
        assert_eq!(g.path, "/v1/edge-cache/invalidate-by-tags");
        assert_eq!(g.query, "projectIdOrName=my-site&teamId=team_x");
        assert_eq!(
            g.header("authorization").unwrap(),
            format!("Bearer {TOKEN}")
        );
        assert!(g.json().get("revalidationDeadlineSeconds").is_none());
    }
    assert!(
        r.stdout
            .contains("vercel: 20 of 20 items purged in 2 requests"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("tag-19"));
}

#[test]
fn vercel_hard_with_deadline_uses_dangerously_delete() {
    let m = MockApi::start(Api::Vercel);
    let r = run(isrctl().env("VERCEL_TOKEN", TOKEN).args([
        "purge",
        "vercel",
        "--project",
        "p",
        "--tag",
        "posts",
        "--hard",
        "--deadline",
        "1m",
        "--environment",
        "production",
        "--base-url",
        &m.uri(),
    ]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    let g = &m.received()[0];
    assert_eq!(g.path, "/v1/edge-cache/dangerously-delete-by-tags");
    assert_eq!(g.json()["revalidationDeadlineSeconds"], 60);
    assert_eq!(g.json()["target"], "production");
}

#[test]
fn vercel_all_needs_yes_without_a_terminal() {
    let m = MockApi::start(Api::Vercel);
    let base = ["purge", "vercel", "--project", "p", "--all", "--base-url"];
    let r = run(isrctl().env("VERCEL_TOKEN", TOKEN).args(base).arg(m.uri()));
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("--yes"), "{}", r.stderr);
    assert!(m.received().is_empty());
    let r = run(isrctl()
        .env("VERCEL_TOKEN", TOKEN)
        .args(base)
        .arg(m.uri())
        .arg("--yes"));
    assert_eq!(r.code, 0, "{}", r.stderr);
    let got: Vec<(String, String)> = m
        .received()
        .iter()
        .map(|g| (g.method.clone(), g.path.clone()))
        .collect();
    assert!(got.contains(&("POST".into(), "/v1/edge-cache/purge-all".into())));
    assert!(got.contains(&("DELETE".into(), "/v1/data-cache/purge-all".into())));
    let r = run(isrctl()
        .env("VERCEL_TOKEN", TOKEN)
        .args(base)
        .arg(m.uri())
        .args(["--yes", "--type", "cdn"]));
    assert_eq!(r.code, 0);
    assert_eq!(m.received().len(), 3);
}
