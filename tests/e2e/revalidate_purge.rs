//! `isrctl revalidate` and `isrctl purge http` (the real binary) against a real `next start`
//! and a real Varnish.
//!
//! Real servers: the tests take a global lock and run one at a time.

use crate::servers::*;
use serde_json::Value;
use std::process::{Command, Output};

fn isrctl() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_isrctl"));
    c.env_remove("ISRCTL_FORMAT")
        .env_remove("ISRCTL_SECRET")
        .env_remove("ISRCTL_BYPASS_TOKEN")
        .env_remove("ISRCTL_ENDPOINT")
        .env_remove("ISRCTL_TARGET")
        .env("NO_COLOR", "1")
        .arg("--no-config");
    c
}

fn show(out: &Output) -> String {
    format!(
        "exit {:?}\nstdout:\n{}\nstderr:\n{}",
        out.status.code(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// All JSON documents on stdout (one, with the verify report inside it when --verify is given).
fn json_docs(out: &Output) -> Vec<Value> {
    let text = String::from_utf8_lossy(&out.stdout).to_string();
    serde_json::Deserializer::from_str(&text)
        .into_iter::<Value>()
        .collect::<Result<Vec<_>, _>>()
        .unwrap_or_else(|e| panic!("stdout is not JSON ({e}):\n{}", show(out)))
}

fn content(http: &Http, next: &NextServer, path: &str) -> (String, Option<String>) {
    let r = http.get(&next.url(path));
    (r.next_state(), r.stamp_field("CONTENT"))
}

/// --endpoint with the right secret: the new content is live at once (hard tag invalidation),
/// and --verify measures it.
#[test]
fn revalidate_endpoint_makes_new_content_live_and_verifies() {
    let _g = serial();
    require_all();
    let next = NextServer::start();
    let http = Http::new();
    // /tagged: revalidate 3600, data tagged "posts".
    let (_, before) = content(&http, &next, "/tagged");
    assert_eq!(before.as_deref(), Some("initial"));
    next.set_content("posts", "from-isrctl");
    let out = isrctl()
        .args(["revalidate", "--endpoint", &next.url("/api/revalidate")])
        .args(["--secret-env", "E2E_REVALIDATE_SECRET", "--tag", "posts"])
        .args(["--verify", &next.url("/tagged"), "--verify-timeout", "20s"])
        .args(["--format", "json"])
        .env("E2E_REVALIDATE_SECRET", &next.secret)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", show(&out));
    assert!(
        !String::from_utf8_lossy(&out.stdout).contains(&next.secret)
            && !String::from_utf8_lossy(&out.stderr).contains(&next.secret),
        "the secret must never be printed:\n{}",
        show(&out)
    );
    let docs = json_docs(&out);
    let result = docs
        .iter()
        .find(|d| d["type"] == "revalidate")
        .unwrap_or_else(|| panic!("no revalidate document:\n{}", show(&out)));
    assert_eq!(result["totals"]["ok"], 1, "{}", show(&out));
    assert_eq!(result["items"][0]["status"], 200, "{}", show(&out));
    assert_eq!(docs.len(), 1, "one JSON document:\n{}", show(&out));
    let verify = &result["verify"][0];
    assert_eq!(verify["changed"], true, "{}", show(&out));
    assert_ne!(verify["from"], verify["to"], "{}", show(&out));
    let secs = verify["elapsed"].as_f64().expect("verify elapsed");
    assert!(secs < 20.0, "{}", show(&out));
    // Live for everyone now: the served content is the new one.
    let (state, after) = content(&http, &next, "/tagged");
    assert_eq!(after.as_deref(), Some("from-isrctl"), "state {state}");
}

/// --path with the secret in the query string (body shape query), as the fixture also accepts.
#[test]
fn revalidate_endpoint_path_query_shape() {
    let _g = serial();
    require_all();
    let next = NextServer::start();
    let http = Http::new();
    let p = "/posts/71";
    assert_eq!(content(&http, &next, p).0, "MISS");
    next.set_content("post-71", "q2");
    let out = isrctl()
        .args(["revalidate", "--endpoint", &next.url("/api/revalidate")])
        .args(["--secret-env", "E2E_REVALIDATE_SECRET", "--path", p])
        .args(["--secret-in", "query", "--body", "query"])
        .env("E2E_REVALIDATE_SECRET", &next.secret)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", show(&out));
    assert_eq!(
        content(&http, &next, p),
        ("MISS".to_string(), Some("q2".to_string()))
    );
}

/// The wrong secret: the app answers 401, isrctl exits 4 and nothing is invalidated.
#[test]
fn revalidate_endpoint_wrong_secret_exits_4() {
    let _g = serial();
    require_all();
    let next = NextServer::start();
    let http = Http::new();
    let (_, before) = content(&http, &next, "/tagged");
    next.set_content("posts", "should-not-show");
    let out = isrctl()
        .args(["revalidate", "--endpoint", &next.url("/api/revalidate")])
        .args(["--secret-env", "E2E_REVALIDATE_SECRET", "--tag", "posts"])
        .env("E2E_REVALIDATE_SECRET", "not-the-secret")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(4), "{}", show(&out));
    assert!(show(&out).contains("401"), "{}", show(&out));
    let (state, after) = content(&http, &next, "/tagged");
    assert_eq!(after, before, "nothing revalidated (state {state})");
}

/// --bypass with the build's preview-mode id: Next re-renders at once (REVALIDATED), and the
/// following plain request is a HIT with the new content. A wrong id is an ordinary request.
#[test]
fn revalidate_bypass_with_preview_mode_id() {
    let _g = serial();
    require_all();
    let next = NextServer::start();
    let http = Http::new();
    let (_, before) = content(&http, &next, "/tagged");
    assert_eq!(before.as_deref(), Some("initial"));
    next.set_content("posts", "bypassed");
    let out = isrctl()
        .args(["revalidate", "--bypass", &next.url("/tagged")])
        .args(["--bypass-token-env", "E2E_BYPASS", "--format", "json"])
        .env("E2E_BYPASS", next.preview_mode_id())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", show(&out));
    let docs = json_docs(&out);
    assert!(
        docs[0].to_string().contains("REVALIDATED"),
        "the response's x-nextjs-cache: REVALIDATED is reported:\n{}",
        show(&out)
    );
    assert_eq!(
        content(&http, &next, "/tagged"),
        ("HIT".to_string(), Some("bypassed".to_string()))
    );
}

/// Varnish: PURGE drops one URL, BAN drops a regex, and both are refused (exit 4) without the
/// token or with a wrong one.
#[test]
fn purge_http_varnish_purge_and_ban() {
    let _g = serial();
    require_all();
    let origin = Origin::start();
    let varnish = Varnish::start(origin.port);
    let http = Http::new();
    let xcache = |path: &str| {
        http.get(&varnish.url(path))
            .header("x-cache")
            .unwrap_or_default()
    };
    for p in ["/a", "/b/1", "/b/2", "/other"] {
        assert_eq!(xcache(p), "MISS", "{p}");
        assert_eq!(xcache(p), "HIT", "{p}");
    }
    let token = format!("X-Purge-Token: {}", varnish.token);

    // refused: no token, wrong token -> 403 -> exit 4, object stays
    let out = isrctl()
        .args(["purge", "http", "--url", &varnish.url("/a")])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(4), "{}", show(&out));
    let out = isrctl()
        .args(["purge", "http", "--url", &varnish.url("/a")])
        .args(["-H", "X-Purge-Token: wrong"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(4), "{}", show(&out));
    assert_eq!(
        xcache("/a"),
        "HIT",
        "refused purge must not drop the object"
    );

    // PURGE one URL
    let out = isrctl()
        .args(["purge", "http", "--url", &varnish.url("/a"), "-H", &token])
        .args(["--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", show(&out));
    assert_eq!(json_docs(&out)[0]["totals"]["ok"], 1, "{}", show(&out));
    assert_eq!(xcache("/a"), "MISS", "purged");
    assert_eq!(xcache("/b/1"), "HIT", "PURGE is per URL");

    // BAN a regex
    let out = isrctl()
        .args([
            "purge",
            "http",
            "--method",
            "BAN",
            "--url",
            &varnish.url("/"),
        ])
        .args(["-H", &token, "-H", "X-Ban-Url: ^/b/"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", show(&out));
    assert_eq!(xcache("/b/1"), "MISS");
    assert_eq!(xcache("/b/2"), "MISS");
    assert_eq!(xcache("/other"), "HIT", "BAN ^/b/ leaves /other");

    // BAN refused without the token
    let out = isrctl()
        .args([
            "purge",
            "http",
            "--method",
            "BAN",
            "--url",
            &varnish.url("/"),
        ])
        .args(["-H", "X-Ban-Url: ^/other"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(4), "{}", show(&out));
    assert_eq!(xcache("/other"), "HIT");
}

/// purge http with --verify: after a PURGE of a changed origin object, verify sees the new
/// version through Varnish.
#[test]
fn purge_http_varnish_verify() {
    let _g = serial();
    require_all();
    let origin = Origin::start();
    let varnish = Varnish::start(origin.port);
    let http = Http::new();
    let url = varnish.url("/v");
    http.get(&url);
    assert_eq!(http.get(&url).header("x-cache").as_deref(), Some("HIT"));
    origin.set_version(2);
    let out = isrctl()
        .args(["purge", "http", "--url", &url])
        .args(["-H", &format!("X-Purge-Token: {}", varnish.token)])
        .args([
            "--verify",
            &url,
            "--verify-timeout",
            "10s",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", show(&out));
    let docs = json_docs(&out);
    assert_eq!(docs.len(), 1, "one JSON document:\n{}", show(&out));
    let verify = &docs[0]["verify"][0];
    assert_eq!(verify["changed"], true, "{}", show(&out));
    assert_eq!(verify["to"], "etag:\"v2\"", "{}", show(&out));
}

/// --verify when nothing changes (an unknown tag invalidates nothing): exit 6 after
/// --verify-timeout, with the call itself reported as successful.
#[test]
fn revalidate_verify_timeout_exits_6() {
    let _g = serial();
    require_all();
    let next = NextServer::start();
    let http = Http::new();
    http.warm_until_hit(&next.url("/tagged"));
    let start = std::time::Instant::now();
    let out = isrctl()
        .args(["revalidate", "--endpoint", &next.url("/api/revalidate")])
        .args([
            "--secret-env",
            "E2E_REVALIDATE_SECRET",
            "--tag",
            "no-such-tag",
        ])
        .args(["--verify", &next.url("/tagged"), "--verify-timeout", "2s"])
        .args(["--verify-interval", "500ms"])
        .env("E2E_REVALIDATE_SECRET", &next.secret)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(6), "{}", show(&out));
    let took = start.elapsed().as_secs_f64();
    assert!(
        (1.5..10.0).contains(&took),
        "gave up after ~2s, took {took}s"
    );
}

/// Two `next start` pods behind one name, each with its own cache: a revalidation through the
/// name reaches one pod and the other keeps the old page; `--resolve` once per pod reaches both,
/// each reported.
#[test]
fn revalidate_every_pod_with_resolve() {
    let _g = serial();
    require_all();
    let port = free_port();
    let pods = [
        NextServer::start_pod("127.0.0.1", port),
        NextServer::start_pod("127.0.0.2", port),
    ];
    let http = Http::new();
    // Served fresh from the cache (a HIT) with this content: the build's own entry may be older
    // than the page's hour and first come back STALE while it renders again in the background.
    let becomes = |p: &NextServer, want: &str| {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
        loop {
            let (state, got) = content(&http, p, "/tagged");
            if got.as_deref() == Some(want) && state == "HIT" {
                return;
            }
            assert!(
                std::time::Instant::now() < deadline,
                "{} still {got:?} ({state})",
                p.base()
            );
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
    };
    for p in &pods {
        becomes(p, "initial");
        p.set_content("posts", "published");
    }
    let endpoint = format!("http://pods.test:{port}/api/revalidate");
    let resolve = |addr: &str| format!("pods.test:{port}:{addr}");
    let revalidate = |addrs: &[&str]| {
        let mut c = isrctl();
        c.args(["revalidate", "--endpoint", &endpoint, "--tag", "posts"])
            .args(["--secret-env", "E2E_REVALIDATE_SECRET", "--format", "json"])
            .env("E2E_REVALIDATE_SECRET", &pods[0].secret);
        for a in addrs {
            c.args(["--resolve", &resolve(a)]);
        }
        c.output().unwrap()
    };
    // Through one pod only: the other still serves the old page.
    let out = revalidate(&["127.0.0.1"]);
    assert_eq!(out.status.code(), Some(0), "{}", show(&out));
    becomes(&pods[0], "published");
    let other = content(&http, &pods[1], "/tagged");
    assert_eq!(
        other.1.as_deref(),
        Some("initial"),
        "pod 2 was not told (state {})",
        other.0
    );
    // Every pod: both serve the new page, and the report names each.
    let out = revalidate(&["127.0.0.1", "127.0.0.2"]);
    assert_eq!(out.status.code(), Some(0), "{}", show(&out));
    let doc = &json_docs(&out)[0];
    let items: Vec<&str> = doc["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["item"].as_str().unwrap())
        .collect();
    assert_eq!(
        items,
        [
            format!("tag:posts @ 127.0.0.1:{port}"),
            format!("tag:posts @ 127.0.0.2:{port}")
        ],
        "{}",
        show(&out)
    );
    becomes(&pods[1], "published");
}
