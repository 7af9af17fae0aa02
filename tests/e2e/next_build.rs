//! `isrctl simulate --next-build` on the fixture app's real build (`next build` output in
//! tests/fixtures/next-app/.next): the routes it reads, and the trimmed copy in
//! tests/fixtures/next-build that the local tests use still says the same.

use crate::servers::*;
use serde_json::Value;
use std::process::Command;

fn routes_of(build: &std::path::Path) -> Vec<Value> {
    let o = Command::new(env!("CARGO_BIN_EXE_isrctl"))
        .args(["simulate", "--summary", "--format", "json", "--next-build"])
        .arg(build)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let doc: Value = serde_json::from_slice(&o.stdout).unwrap();
    doc["routes"].as_array().unwrap().clone()
}

#[test]
fn the_real_build_gives_the_fixture_apps_routes() {
    let _lock = serial();
    require_all();
    let real = routes_of(&next_app_dir());
    let patterns: Vec<&str> = real
        .iter()
        .map(|r| r["pattern"].as_str().unwrap())
        .collect();
    assert_eq!(
        patterns,
        [
            "/flaky",
            "/isr",
            "/tagged",
            "/dynamic",
            "/",
            "/posts/[id]",
            "/slow/[id]"
        ],
        "{real:#?}"
    );
    let by = |p: &str| real.iter().find(|r| r["pattern"] == p).unwrap();
    assert_eq!(by("/isr")["revalidate"], 5.0);
    assert_eq!(by("/isr")["expire"], 31_536_000.0, "the app's expireTime");
    assert_eq!(by("/")["revalidate"], false);
    assert_eq!(
        by("/posts/[id]")["prerender"],
        serde_json::json!(["/posts/1", "/posts/2"])
    );
    assert_eq!(by("/dynamic")["revalidate"], 0);
    // The trimmed copy (plus its extra /docs/[slug], without the slow page of the in-flight
    // schedules) reads the same for every other real route.
    let trimmed = routes_of(&repo_root().join("tests/fixtures/next-build/.next"));
    let trimmed: Vec<&Value> = trimmed
        .iter()
        .filter(|r| r["pattern"] != "/docs/[slug]")
        .collect();
    let real: Vec<&Value> = real
        .iter()
        .filter(|r| r["pattern"] != "/slow/[id]")
        .collect();
    assert_eq!(trimmed, real);
}
