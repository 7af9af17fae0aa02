//! `probe --rsc`: each round also sends the client router's RSC request. Scripted servers play
//! a cache that ignores `Vary: RSC` (keyed on the path alone), a correct Next.js-like origin, one
//! without `Vary: RSC`, a plain (non-Next.js) site, and Next.js's canonical `_rsc` redirect.

use super::run_json;
use crate::support::isrctl;
use crate::support::scripted::{Reply, serve};
use serde_json::Value;
use std::sync::{Arc, Mutex};

/// What `next start` sends on an App Router page (tests/fixtures/README.md, nextjs-observed E1).
const NEXT_VARY: &str = "rsc, next-router-state-tree, next-router-prefetch, next-router-segment-prefetch, Accept-Encoding";
const HTML: &str = "<!DOCTYPE html><html><body>ROUTE=/p</body></html>";
const PAYLOAD: &str = "0:{\"P\":null,\"b\":\"build-1\"}\n1:[\"$\",\"div\",null,{}]\n";

fn is_rsc_request(head: &str) -> bool {
    head.to_ascii_lowercase().contains("\r\nrsc: 1\r\n")
}

/// The origin: the payload to an RSC request, the page otherwise; with `vary` when given.
fn origin(head: &str, vary: Option<&str>, extra: &[(&str, &str)]) -> Reply {
    let (ct, body) = if is_rsc_request(head) {
        ("text/x-component", PAYLOAD)
    } else {
        ("text/html; charset=utf-8", HTML)
    };
    let mut h: Vec<(String, String)> = vec![("content-type".into(), ct.into())];
    h.extend(vary.map(|v| ("vary".to_string(), v.to_string())));
    h.extend(extra.iter().map(|(k, v)| (k.to_string(), v.to_string())));
    Reply::Ok(200, h, body.into())
}

/// Requests seen, and the stored copy (content type, body).
type Cache = (usize, Option<(String, String)>);

/// A Cloudflare-like cache keyed on the path alone (query and Vary ignored): the first `misses`
/// requests go to the origin and are stored; every later one gets the last stored copy.
fn vary_ignoring_cache(misses: usize) -> Reply {
    let stored: Arc<Mutex<Cache>> = Arc::default();
    Reply::ByRequest(Arc::new(move |head: &str| {
        let mut st = stored.lock().unwrap();
        st.0 += 1;
        if st.0 > misses
            && let Some((ct, body)) = st.1.clone()
        {
            let h = vec![
                ("content-type".into(), ct),
                ("vary".into(), NEXT_VARY.into()),
                ("cf-cache-status".into(), "HIT".into()),
                ("cf-ray".into(), "8f1c2a3b4c5d6e7f-FRA".into()),
            ];
            return Reply::Ok(200, h, body);
        }
        let rsc = is_rsc_request(head);
        let ct = if rsc {
            "text/x-component"
        } else {
            "text/html; charset=utf-8"
        };
        st.1 = Some((ct.into(), if rsc { PAYLOAD } else { HTML }.into()));
        let extra = [
            ("cf-cache-status", "MISS"),
            ("cf-ray", "8f1c2a3b4c5d6e7f-FRA"),
        ];
        origin(head, Some(NEXT_VARY), &extra)
    }))
}

fn codes(v: &Value) -> Vec<String> {
    v["urls"][0]["lints"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["code"].as_str().unwrap().to_string())
        .collect()
}

fn lint<'a>(v: &'a Value, code: &str) -> &'a Value {
    let all = v["urls"][0]["lints"].as_array().unwrap();
    all.iter()
        .find(|l| l["code"] == code)
        .unwrap_or_else(|| panic!("no {code} in {all:#?}"))
}

fn rsc_run(path_reply: Reply, count: &str) -> (i32, Value) {
    let s = serve(vec![("/p", vec![path_reply])]);
    run_json(&["--rsc", "--count", count, "--interval", "0", &s.url("/p")])
}

#[test]
fn a_cache_that_stored_the_payload_serves_it_as_the_page() {
    // Round 1: page MISS (stored), RSC MISS (stored over it); round 2: the page gets the payload.
    let (code, v) = rsc_run(vary_ignoring_cache(2), "2");
    assert_eq!(code, 0);
    let l = lint(&v, "rsc-as-html");
    let msg = l["message"].as_str().unwrap();
    assert!(
        msg.contains("answered by cloudflare (cf-cache-status: HIT)"),
        "{msg}"
    );
    assert!(
        msg.contains("visitors see the payload as the page"),
        "{msg}"
    );
    assert!(l["evidence"].as_str().unwrap().contains("text/x-component"));
    assert_eq!(l["first_seq"], 2);
    // The samples say what each request got.
    let samples = v["samples"].as_array().unwrap();
    assert_eq!(samples[0]["body"], "html");
    assert_eq!(samples[0]["rsc"]["body"], "rsc");
    assert_eq!(samples[1]["body"], "rsc");
    assert!(
        samples[1]["rsc"]["url"]
            .as_str()
            .unwrap()
            .contains("?_rsc=")
    );
}

#[test]
fn a_cache_that_stored_the_page_breaks_client_navigations() {
    // Round 1: page MISS (stored); the RSC request gets the page from the cache.
    let (_, v) = rsc_run(vary_ignoring_cache(1), "2");
    let l = lint(&v, "html-as-rsc");
    let msg = l["message"].as_str().unwrap();
    assert!(
        msg.contains("answered by cloudflare (cf-cache-status: HIT)"),
        "{msg}"
    );
    assert!(msg.contains("full page load on every link click"), "{msg}");
    assert_eq!(l["first_seq"], 1);
    assert_eq!(l["count"], 2);
    assert!(!codes(&v).contains(&"rsc-as-html".to_string()));
}

#[test]
fn a_correct_origin_gets_no_rsc_lint_and_fail_on_lint_passes() {
    let ok = Reply::ByRequest(Arc::new(|h: &str| {
        origin(h, Some(NEXT_VARY), &[("x-nextjs-cache", "HIT")])
    }));
    let s = serve(vec![("/p", vec![ok])]);
    let (code, v) = run_json(&[
        "--rsc",
        "--count",
        "3",
        "--interval",
        "0",
        "--fail-on-lint",
        &s.url("/p"),
    ]);
    assert_eq!(code, 0, "{:#?}", v["urls"][0]["lints"]);
    assert!(codes(&v).is_empty(), "{:?}", codes(&v));
    let samples = v["samples"].as_array().unwrap();
    assert_eq!(samples.len(), 3);
    for s in samples {
        assert_eq!(
            (s["body"].as_str(), s["rsc"]["body"].as_str()),
            (Some("html"), Some("rsc"))
        );
        assert_eq!(s["rsc"]["content_type"], "text/x-component");
    }
}

#[test]
fn an_origin_without_vary_rsc_is_named() {
    let no_vary = Reply::ByRequest(Arc::new(|h: &str| origin(h, Some("Accept-Encoding"), &[])));
    let (code, v) = rsc_run(no_vary, "1");
    assert_eq!(code, 0);
    let l = lint(&v, "rsc-vary-missing");
    assert!(
        l["message"]
            .as_str()
            .unwrap()
            .contains("without `Vary: RSC`")
    );
    assert_eq!(
        l["evidence"],
        "page vary: Accept-Encoding; RSC vary: Accept-Encoding"
    );
}

#[test]
fn a_site_that_is_not_next_js_is_not_blamed() {
    // No Vary: RSC and never a payload: HTML to the RSC request is normal there.
    let plain = Reply::ByRequest(Arc::new(|_: &str| {
        Reply::Ok(
            200,
            vec![("content-type".into(), "text/html".into())],
            HTML.into(),
        )
    }));
    let (_, v) = rsc_run(plain, "2");
    let c = codes(&v);
    assert!(!c.iter().any(|c| c.contains("rsc")), "{c:?}");
    // A Pages Router route: HTML to both, `Vary: RSC…` only on the answer to an RSC request
    // (Next.js's setVaryHeader: `isAppPath || isRSCRequest`).
    let pages = Reply::ByRequest(Arc::new(|h: &str| {
        let mut hs = vec![("content-type".to_string(), "text/html".to_string())];
        if is_rsc_request(h) {
            hs.push((
                "vary".into(),
                "RSC, Next-Router-State-Tree, Next-Router-Prefetch".into(),
            ));
        }
        Reply::Ok(200, hs, HTML.into())
    }));
    let (_, v) = rsc_run(pages, "2");
    let c = codes(&v);
    assert!(!c.iter().any(|c| c.contains("rsc")), "{c:?}");
}

#[test]
fn next_js_s_canonical_rsc_redirect_is_followed_once() {
    // An older Next.js computes another digest and redirects to its own `_rsc` value.
    let canon = Reply::ByRequest(Arc::new(|h: &str| {
        let line = h.lines().next().unwrap_or("");
        if is_rsc_request(h) && !line.contains("_rsc=abcde") {
            let loc = ("location".to_string(), "/p?_rsc=abcde".to_string());
            return Reply::Ok(307, vec![loc], String::new());
        }
        origin(h, Some(NEXT_VARY), &[("x-nextjs-cache", "HIT")])
    }));
    let (_, v) = rsc_run(canon, "1");
    let r = &v["samples"][0]["rsc"];
    assert_eq!(r["canonical_redirect"], true);
    assert_eq!(r["status"], 200);
    assert_eq!(r["body"], "rsc");
    assert!(r["url"].as_str().unwrap().ends_with("/p?_rsc=abcde"));
    assert!(codes(&v).is_empty(), "{:?}", codes(&v));
}

#[test]
fn the_lint_reads_plainly_in_the_summary() {
    let s = serve(vec![("/p", vec![vary_ignoring_cache(2)])]);
    let out = isrctl()
        .args([
            "probe",
            "--rsc",
            "--count",
            "2",
            "--interval",
            "0",
            &s.url("/p"),
        ])
        .env("COLUMNS", "80")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("lint rsc-as-html: a page request got the RSC payload"),
        "{text}"
    );
    assert!(text.contains("FRA (cloudflare)"), "{text}");
    let widest = text.lines().map(|l| l.chars().count()).max().unwrap_or(0);
    assert!(widest <= 80, "{widest}: {text}");
}

#[test]
fn rsc_needs_get() {
    let out = isrctl()
        .args(["probe", "--rsc", "--method", "HEAD", "http://127.0.0.1:9/"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--method"));
}

#[test]
fn credentials_echoed_back_never_reach_the_output() {
    // A server that echoes the Authorization value into the instance header and, on the RSC
    // request, into Vary: what --rsc and --pop-header add keeps it masked.
    let echo = Reply::ByRequest(Arc::new(|h: &str| {
        let auth = h
            .lines()
            .find_map(|l| l.strip_prefix("authorization: "))
            .unwrap_or("none")
            .to_string();
        let vary = if is_rsc_request(h) {
            auth.clone()
        } else {
            NEXT_VARY.into()
        };
        origin(
            h,
            Some(&vary),
            &[
                ("x-instance", &format!("pod {auth}")),
                ("x-nextjs-cache", "HIT"),
            ],
        )
    }));
    let s = serve(vec![("/p", vec![echo])]);
    let url = s.url("/p").replace("http://", "http://user:pw-9f8e7d6c5b@");
    for format in ["json", "table"] {
        let out = isrctl()
            .args(["probe", "--rsc", "--count", "2", "--interval", "0", "-vv"])
            .args(["--pop-header", "x-instance", "--format", format])
            .args(["-H", "Authorization: Bearer abcdefgh12345678", &url])
            .output()
            .unwrap();
        let all = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(all.contains("pod "), "{all}");
        assert!(!all.contains("abcdefgh"), "{all}");
        // The RSC request's URL is masked too (the page URL as given is the user's own input).
        let rsc_urls: Vec<&str> = all.lines().filter(|l| l.contains("_rsc=")).collect();
        assert!(format == "table" || !rsc_urls.is_empty(), "{all}");
        assert!(
            rsc_urls.iter().all(|l| !l.contains("pw-9f8e7d6c5b")),
            "{rsc_urls:?}"
        );
    }
}

#[test]
fn once_explains_the_rsc_request_and_the_pop() {
    // The first request fills the cache with the page; the RSC request then gets it.
    let s = serve(vec![("/p", vec![vary_ignoring_cache(1)])]);
    let out = isrctl()
        .args(["probe", "--once", "--rsc", &s.url("/p")])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("  pop:        FRA (cloudflare; cf-ray)"),
        "{text}"
    );
    // Long lines are wrapped to the terminal: compare with the spaces collapsed.
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let want = "rsc: 200 HIT the HTML page, answered by cloudflare (cf-cache-status: HIT)";
    assert!(flat.contains(want), "{text}");
    assert!(text.contains("html-as-rsc"), "{text}");
    let (_, v) = run_json(&["--once", "--rsc", &s.url("/p")]);
    let x = &v["explanations"][0];
    assert_eq!(x["pop"]["pop"], "FRA");
    assert_eq!(x["rsc"]["body"], "html");
}

#[test]
fn the_canonical_redirect_keeps_the_credentials_of_the_url() {
    // The redirect is resolved from the raw Location, not from the masked one shown to people.
    let canon = Reply::ByRequest(Arc::new(|h: &str| {
        let line = h.lines().next().unwrap_or("");
        let auth = h
            .lines()
            .any(|l| l == "authorization: Basic dXNlcjpwdy0xYTJiM2M0ZA==");
        if is_rsc_request(h) && !line.contains("_rsc=abcde") {
            let loc = ("location".to_string(), "/p?_rsc=abcde".to_string());
            return Reply::Ok(307, vec![loc], String::new());
        }
        if !auth {
            return Reply::Ok(401, vec![], "who are you".into());
        }
        origin(h, Some(NEXT_VARY), &[("x-nextjs-cache", "HIT")])
    }));
    let s = serve(vec![("/p", vec![canon])]);
    let url = s.url("/p").replace("http://", "http://user:pw-1a2b3c4d@");
    let (_, v) = run_json(&["--rsc", "--count", "1", &url]);
    let r = &v["samples"][0]["rsc"];
    assert_eq!(r["canonical_redirect"], true, "{r:#}");
    assert_eq!(r["status"], 200, "{r:#}");
    assert_eq!(r["body"], "rsc", "{r:#}");
}
