//! probe as visitors see the page: a browser's Accept-Encoding (bodies decoded before hashing),
//! `-L` redirects and `Location`, `-i` heads, timing phases and latency percentiles. Against
//! scripted local servers (the checks around them are in `checks.rs`).

use super::run_json;
use crate::support::isrctl;
use crate::support::scripted::{Reply, reply, serve};
use serde_json::Value;
use std::io::Write;
use std::sync::{Arc, Mutex};

fn gzip(b: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(b).unwrap();
    e.finish().unwrap()
}

/// A page that varies on Accept-Encoding like a CDN: gzip for clients that take it, plain
/// otherwise. Every request head is kept in `heads`.
fn varying(heads: Arc<Mutex<Vec<String>>>) -> Reply {
    Reply::ByRequest(Arc::new(move |head: &str| {
        heads.lock().unwrap().push(head.to_ascii_lowercase());
        let ae = head
            .lines()
            .find_map(|l| {
                l.to_ascii_lowercase()
                    .strip_prefix("accept-encoding:")
                    .map(str::to_string)
            })
            .unwrap_or_default();
        let page = b"<html>the same page, however it travels</html>".repeat(20);
        let mut h = vec![
            ("x-cache".to_string(), "HIT".to_string()),
            ("vary".to_string(), "Accept-Encoding".to_string()),
        ];
        if ae.contains("gzip") {
            h.push(("content-encoding".into(), "gzip".into()));
            Reply::Bytes(200, h, gzip(&page))
        } else {
            Reply::Bytes(200, h, page)
        }
    }))
}

fn first_sample(v: &Value) -> &Value {
    &v["samples"][0]
}

#[test]
fn a_browser_accept_encoding_by_default_and_the_decoded_body_is_the_version() {
    let heads = Arc::new(Mutex::new(Vec::new()));
    let s = serve(vec![("/p", vec![varying(heads.clone())])]);
    let (code, v) = run_json(&["--once", &s.url("/p")]);
    assert_eq!(code, 0, "{v}");
    let gz = first_sample(&v).clone();
    assert!(
        heads.lock().unwrap()[0].contains("accept-encoding: gzip, deflate, br, zstd"),
        "{:?}",
        heads.lock().unwrap()
    );
    assert_eq!(gz["content_encoding"], "gzip");
    assert_eq!(gz["body_bytes"], 46 * 20);
    assert!(gz["encoded_bytes"].as_u64().unwrap() < 200, "{gz}");
    // Opting out: the plain copy, and the same content version (the decoded body is hashed).
    let (code, v) = run_json(&["--once", "--accept-encoding", "identity", &s.url("/p")]);
    assert_eq!(code, 0);
    let plain = first_sample(&v);
    assert!(heads.lock().unwrap()[1].contains("accept-encoding: identity"));
    assert!(plain.get("content_encoding").is_none(), "{plain}");
    assert!(plain.get("encoded_bytes").is_none(), "{plain}");
    assert_eq!(plain["content_id"], gz["content_id"]);
    // -H Accept-Encoding wins over the default (sent once, not twice).
    let (_, _) = run_json(&["--once", "-H", "Accept-Encoding: br", &s.url("/p")]);
    let h = heads.lock().unwrap()[2].clone();
    assert_eq!(h.matches("accept-encoding").count(), 1, "{h}");
    assert!(h.contains("accept-encoding: br"), "{h}");
}

#[test]
fn a_body_that_does_not_decode_is_hashed_as_received_and_said_so() {
    let bad = Reply::Bytes(
        200,
        vec![("content-encoding".into(), "gzip".into())],
        b"this is not gzip".to_vec(),
    );
    let s = serve(vec![("/bad", vec![bad])]);
    let (code, v) = run_json(&["--once", &s.url("/bad")]);
    assert_eq!(code, 0);
    let x = first_sample(&v);
    assert!(
        x["not_decoded"]
            .as_str()
            .unwrap()
            .contains("gzip body could not be decoded"),
        "{x}"
    );
    assert_eq!(x["body_bytes"], 16);
    // A bad value for the flag is a usage error.
    isrctl()
        .args([
            "probe",
            "--once",
            "--accept-encoding",
            "a\u{7f}b",
            &s.url("/bad"),
        ])
        .assert()
        .code(2);
}

fn redirect(status: u16, to: &str) -> Reply {
    Reply::Ok(status, vec![("location".into(), to.into())], String::new())
}

#[test]
fn location_is_shown_and_dash_l_follows_redirects_within_bounds() {
    let s = serve(vec![
        ("/a", vec![redirect(301, "/b")]),
        ("/b", vec![redirect(302, "/c?x=1")]),
        (
            "/c?x=1",
            vec![reply(&[("x-cache", "HIT"), ("etag", "\"c\"")], "c")],
        ),
        ("/loop", vec![redirect(307, "/loop")]),
    ]);
    // Without -L the 301 is the answer, with its Location resolved.
    let (code, v) = run_json(&["--once", &s.url("/a")]);
    assert_eq!(code, 0);
    assert_eq!(first_sample(&v)["status"], 301);
    assert_eq!(first_sample(&v)["location"], s.url("/b"));
    assert_eq!(v["explanations"][0]["location"], s.url("/b"));
    assert_eq!(s.count("/b"), 0);
    let o = isrctl()
        .args(["probe", "--once", &s.url("/a")])
        .output()
        .unwrap();
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(
        out.contains(&format!("location:   {} (not followed", s.url("/b"))),
        "{out}"
    );
    // -L: two hops, then the page; the sample keeps the URL probed.
    let (code, v) = run_json(&["--once", "-L", &s.url("/a")]);
    assert_eq!(code, 0);
    let x = first_sample(&v);
    assert_eq!(x["url"], s.url("/a"));
    assert_eq!(x["status"], 200);
    assert_eq!(x["state"], "HIT");
    let hops = x["redirects"].as_array().unwrap();
    assert_eq!(hops.len(), 2);
    assert_eq!(
        (hops[0]["status"].as_u64(), hops[1]["status"].as_u64()),
        (Some(301), Some(302))
    );
    assert_eq!(hops[1]["location"], s.url("/c?x=1"));
    // Bounded: one redirect allowed, two needed; a loop ends too.
    let (code, v) = run_json(&["--once", "-L", "--max-redirs", "1", &s.url("/a")]);
    assert_eq!(code, 3, "every request failed: {v}");
    let e = first_sample(&v)["error"].as_str().unwrap();
    assert!(e.contains("more than 1 redirects"), "{e}");
    let (_, v) = run_json(&["--count", "1", "-L", &s.url("/loop")]);
    assert!(
        first_sample(&v)["error"]
            .as_str()
            .unwrap()
            .contains("more than 20")
    );
    assert_eq!(s.count("/loop"), 21);
    // --max-redirs means nothing without -L.
    isrctl()
        .args(["probe", "--once", "--max-redirs", "3", &s.url("/a")])
        .assert()
        .code(2);
}

#[test]
fn credentials_stay_on_the_origin_they_were_given_for() {
    let heads = Arc::new(Mutex::new(Vec::new()));
    let other = serve(vec![("/landing", vec![varying(heads.clone())])]);
    let s = serve(vec![("/go", vec![redirect(302, &other.url("/landing"))])]);
    let (code, _) = run_json(&[
        "--once",
        "-L",
        "-H",
        "Authorization: Bearer abcdefgh12345678",
        "-H",
        "X-Debug: 1",
        &s.url("/go"),
    ]);
    assert_eq!(code, 0);
    let h = heads.lock().unwrap()[0].clone();
    assert!(!h.contains("authorization"), "{h}");
    assert!(h.contains("x-debug: 1"), "{h}");
}

#[test]
fn dash_i_prints_heads_with_credentials_and_cookies_masked() {
    let s = serve(vec![(
        "/p",
        vec![reply(
            &[
                ("x-cache", "HIT"),
                ("set-cookie", "sid=a1b2c3d4e5; Path=/; HttpOnly"),
                ("x-echo", "you sent Bearer abcdefgh12345678"),
            ],
            "p",
        )],
    )]);
    let o = isrctl()
        .args([
            "probe",
            "-i",
            "--count",
            "2",
            "--interval",
            "50ms",
            "-H",
            "Authorization: Bearer abcdefgh12345678",
            &s.url("/p"),
        ])
        .output()
        .unwrap();
    let out = String::from_utf8_lossy(&o.stdout);
    assert_eq!(o.status.code(), Some(0), "{out}");
    assert_eq!(
        out.matches("HTTP/1.1 200 OK").count(),
        2,
        "every sample: {out}"
    );
    assert!(out.contains("x-cache: HIT"), "{out}");
    assert!(
        out.contains("set-cookie: sid=***; Path=/; HttpOnly"),
        "{out}"
    );
    assert!(out.contains("x-echo: you sent ***"), "{out}");
    assert!(
        !out.contains("a1b2c3d4e5") && !out.contains("abcdefgh"),
        "{out}"
    );
    // In JSON the head rides on each sample; without -i it does not.
    let (_, v) = run_json(&["--once", "-i", &s.url("/p")]);
    let head = &first_sample(&v)["head"];
    assert_eq!(head["status"], 200);
    assert_eq!(head["version"], "HTTP/1.1");
    assert!(
        head["headers"]
            .as_array()
            .unwrap()
            .iter()
            .any(|h| h[0] == "x-cache")
    );
    let (_, v) = run_json(&["--once", &s.url("/p")]);
    assert!(first_sample(&v).get("head").is_none());
}

#[test]
fn timing_phases_per_sample_and_latency_percentiles() {
    let s = serve(vec![("/p", vec![reply(&[("x-cache", "HIT")], "p")])]);
    // `localhost`: a real lookup to time.
    let url = s.url("/p").replace("127.0.0.1", "localhost");
    let (code, v) = run_json(&["--count", "4", "--interval", "20ms", &url]);
    assert_eq!(code, 0, "{v}");
    for x in v["samples"].as_array().unwrap() {
        let t = &x["timing"];
        // A new connection each time (the server closes them): every phase but TLS (plain http).
        let dns = t["dns"].as_f64().unwrap();
        let connect = t["connect"].as_f64().unwrap();
        let first = t["first_byte"].as_f64().unwrap();
        let total = t["total"].as_f64().unwrap();
        assert!(t.get("tls").is_none(), "{t}");
        assert!(t.get("reused_connection").is_none(), "{t}");
        assert!(dns >= 0.0 && connect >= 0.0 && first >= 0.0, "{t}");
        assert!(dns + connect + first <= total + 0.0002, "{t}");
        assert!(total < 5.0, "{t}");
    }
    let l = &v["urls"][0]["latency"];
    let (p50, p95) = (l["p50"].as_f64().unwrap(), l["p95"].as_f64().unwrap());
    assert!(
        0.0 < p50 && p50 <= p95 && p95 <= l["max"].as_f64().unwrap(),
        "{l}"
    );
    // --once shows the phases; the summary table the percentiles.
    let o = isrctl().args(["probe", "--once", &url]).output().unwrap();
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.contains("timing:     dns "), "{out}");
    assert!(
        out.contains(", first byte ") && out.contains(", total "),
        "{out}"
    );
    let o = isrctl()
        .args(["probe", "--count", "2", "--interval", "10ms", &url])
        .output()
        .unwrap();
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.contains("latency:  p50 "), "{out}");
    // A failed connection still says how long it took.
    let (_, v) = run_json(&["--once", "http://127.0.0.1:9/"]);
    assert!(first_sample(&v)["timing"]["total"].as_f64().unwrap() >= 0.0);
    assert!(first_sample(&v)["timing"].get("first_byte").is_none());
}

/// A server that keeps connections open (HTTP/1.1 keep-alive), answering `x-cache: HIT`.
fn keep_alive_server() -> String {
    use std::io::{BufRead, BufReader};
    let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", l.local_addr().unwrap());
    std::thread::spawn(move || {
        for conn in l.incoming().take(8) {
            let Ok(mut c) = conn else { continue };
            std::thread::spawn(move || {
                let mut r = BufReader::new(c.try_clone().unwrap());
                // Bounded: at most 20 requests on one connection.
                for _ in 0..20 {
                    let mut line = String::new();
                    loop {
                        line.clear();
                        if r.read_line(&mut line).unwrap_or(0) == 0 {
                            return;
                        }
                        if line == "\r\n" {
                            break;
                        }
                    }
                    let resp = "HTTP/1.1 200 OK\r\nx-cache: HIT\r\ncontent-length: 2\r\n\r\nok";
                    if c.write_all(resp.as_bytes()).is_err() {
                        return;
                    }
                }
            });
        }
    });
    base
}

#[test]
fn a_reused_connection_has_no_setup_phases() {
    let base = keep_alive_server();
    let (code, v) = run_json(&["--count", "3", "--interval", "20ms", &format!("{base}/k")]);
    assert_eq!(code, 0, "{v}");
    let samples = v["samples"].as_array().unwrap();
    let first = &samples[0]["timing"];
    assert!(first["connect"].as_f64().is_some(), "{first}");
    assert!(first.get("reused_connection").is_none(), "{first}");
    for x in &samples[1..] {
        let t = &x["timing"];
        assert_eq!(t["reused_connection"], true, "{t}");
        assert!(t.get("dns").is_none() && t.get("connect").is_none(), "{t}");
        assert!(t["first_byte"].as_f64().is_some(), "{t}");
    }
}
