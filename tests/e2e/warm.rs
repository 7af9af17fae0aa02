//! `isrctl warm` (the real binary) against nginx `proxy_cache` in front of the python origin: a
//! URL list is warmed until nginx answers HIT, the origin renders each page once, and a visitor
//! then gets a HIT; a `no-store` page never becomes one (exit 6, every try spent).
//!
//! Real servers: the tests take a global lock and run one at a time.

use crate::servers::*;
use serde_json::Value;
use std::process::Command;

fn warm(args: &[&str]) -> (i32, Value, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_isrctl"))
        .arg("warm")
        .args(args)
        .args(["--format", "json"])
        .env_remove("ISRCTL_FORMAT")
        .env("NO_COLOR", "1")
        .output()
        .expect("run isrctl warm");
    let stdout = String::from_utf8_lossy(&out.stdout).to_string();
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    let doc: Value = serde_json::from_str(stdout.trim())
        .unwrap_or_else(|e| panic!("not one JSON document ({e}):\n{stdout}\n{stderr}"));
    (out.status.code().unwrap_or(-1), doc, stderr)
}

#[test]
fn warm_nginx_from_a_file_until_hit() {
    let _g = serial();
    require_bin("nginx");
    require_bin("python3");
    let origin = Origin::start();
    let nginx = Nginx::start(origin.port);
    let paths = ["/warm/a", "/warm/b", "/warm/c"];
    let dir = tempfile::tempdir().unwrap();
    let list = dir.path().join("urls.txt");
    let mut text = String::from("# pages of the deploy\n");
    for p in paths {
        text.push_str(&nginx.url(p));
        text.push('\n');
    }
    std::fs::write(&list, text).unwrap();

    let (code, doc, err) = warm(&["--from-file", list.to_str().unwrap(), "--interval", "200ms"]);
    assert_eq!(code, 0, "every page warm; stderr: {err}\n{doc:#}");
    for (u, p) in doc["urls"].as_array().unwrap().iter().zip(paths) {
        assert!(u["url"].as_str().unwrap().ends_with(p), "{u}");
        assert_eq!(u["result"], "warm", "{u}");
        assert_eq!(
            u["layer"], "nginx",
            "nginx's X-Cache-Status is what is judged: {u}"
        );
        let states = u["states"].as_array().unwrap();
        assert_eq!(states.first().unwrap(), "MISS", "a cold cache first: {u}");
        assert_eq!(states.last().unwrap(), "HIT", "{u}");
        assert_eq!(
            origin.hits(Some(p)),
            1,
            "the origin rendered {p} once: the other tries were nginx's"
        );
        // A visitor now gets the cached copy.
        let r = Http::new().get(&nginx.url(p));
        assert_eq!(r.header("x-cache-status").as_deref(), Some("HIT"), "{p}");
    }
    assert_eq!(doc["totals"]["warm"], 3);

    // no-store: nginx never keeps it; each try is a MISS, and the run says so with exit 6.
    let cold = nginx.url("/nostore/x");
    let (code, doc, err) = warm(&[&cold, "--tries", "3", "--interval", "100ms"]);
    assert_eq!(code, 6, "{err}\n{doc:#}");
    let u = &doc["urls"][0];
    assert_eq!(u["result"], "cold", "{u}");
    assert_eq!(u["tries"], 3, "{u}");
    assert_eq!(
        origin.hits(Some("/nostore/x")),
        3,
        "every try reached the origin"
    );
}
