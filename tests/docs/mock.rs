//! The local server behind the live examples of the docs: a scripted Next.js-like origin
//! (`/isr`, `/deals`, `/tagged`, `/warm/…` with its sitemap, a revalidation route), a
//! Varnish-like purge endpoint, a Cloudflare-like cache that ignores `Vary: RSC` (`/shop`) and
//! two Fastly POPs (`/home`).
//!
//! Every answer depends only on the path and on how many requests that path has had, so the
//! examples print the same output on every run. Each example uses its own path.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};

/// The revalidation secret the mock app accepts.
pub const SECRET: &str = "s3cret";
/// The bypass token (`x-prerender-revalidate`) the mock app accepts.
pub const BYPASS_TOKEN: &str = "preview-id-0123";
/// The purge token the mock cache accepts in `X-Purge-Token`.
pub const PURGE_TOKEN: &str = "abc";

#[derive(Default)]
struct State {
    /// Requests seen per path.
    hits: HashMap<String, usize>,
    /// Successful revalidation calls (the `/tagged` page's version follows them).
    revalidations: usize,
    /// Successful purges per `/news…` path (that page's version follows them).
    news_purges: HashMap<String, usize>,
    /// `/shop`'s cache entry (keyed on the path alone): content type and body.
    shop: Option<(&'static str, &'static str)>,
}

struct Request {
    method: String,
    path: String,
    headers: Vec<(String, String)>,
    body: String,
}

impl Request {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

struct Response {
    status: u16,
    headers: Vec<(&'static str, String)>,
    body: String,
}

fn answer(status: u16, headers: &[(&'static str, &str)], body: &str) -> Response {
    Response {
        status,
        headers: headers.iter().map(|(k, v)| (*k, v.to_string())).collect(),
        body: body.to_string(),
    }
}

/// Start the server on a free port; it runs until the test process ends.
pub fn start() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind the docs mock server");
    let port = listener.local_addr().unwrap().port();
    let state = Arc::new(Mutex::new(State::default()));
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let state = Arc::clone(&state);
            std::thread::spawn(move || serve(stream, &state));
        }
    });
    port
}

fn serve(stream: TcpStream, state: &Mutex<State>) {
    let mut reader = BufReader::new(stream.try_clone().expect("clone stream"));
    let mut writer = stream;
    while let Some(req) = read_request(&mut reader) {
        let resp = route(&req, &mut state.lock().unwrap());
        let mut out = format!(
            "HTTP/1.1 {} X\r\ncontent-length: {}\r\n",
            resp.status,
            resp.body.len()
        );
        for (k, v) in &resp.headers {
            out.push_str(&format!("{k}: {v}\r\n"));
        }
        out.push_str("\r\n");
        if req.method != "HEAD" {
            out.push_str(&resp.body);
        }
        if writer.write_all(out.as_bytes()).is_err() {
            return;
        }
    }
}

fn read_request(reader: &mut BufReader<TcpStream>) -> Option<Request> {
    let mut line = String::new();
    if reader.read_line(&mut line).ok()? == 0 {
        return None;
    }
    let mut parts = line.split_whitespace();
    let method = parts.next()?.to_string();
    let path = parts.next()?.to_string();
    let mut headers = Vec::new();
    loop {
        let mut h = String::new();
        if reader.read_line(&mut h).ok()? == 0 {
            return None;
        }
        let h = h.trim_end();
        if h.is_empty() {
            break;
        }
        if let Some((k, v)) = h.split_once(':') {
            headers.push((k.trim().to_string(), v.trim().to_string()));
        }
    }
    let len = headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("content-length"))
        .and_then(|(_, v)| v.parse::<usize>().ok())
        .unwrap_or(0);
    let mut body = vec![0; len];
    reader.read_exact(&mut body).ok()?;
    Some(Request {
        method,
        path,
        headers,
        body: String::from_utf8_lossy(&body).into_owned(),
    })
}

/// A Next.js ISR page: `state` in `x-nextjs-cache`, the version as the ETag.
fn next_page(state: &str, version: usize, s_maxage: u32) -> Response {
    let cc = format!(
        "s-maxage={s_maxage}, stale-while-revalidate={}",
        31_536_000 - s_maxage
    );
    let etag = format!("\"v{version}\"");
    Response {
        status: 200,
        headers: vec![
            ("x-nextjs-cache", state.to_string()),
            ("x-powered-by", "Next.js".to_string()),
            ("cache-control", cc),
            ("etag", etag),
            ("content-type", "text/html; charset=utf-8".to_string()),
        ],
        body: format!("<html><body>version {version}</body></html>"),
    }
}

fn route(req: &Request, st: &mut State) -> Response {
    let n = {
        let c = st.hits.entry(req.path.clone()).or_default();
        *c += 1;
        *c - 1
    };
    match (req.method.as_str(), req.path.as_str()) {
        // revalidate = 3: MISS, three HITs, STALE (regenerating), then HIT on v2.
        ("GET" | "HEAD", "/isr" | "/isr-plot" | "/pricing" | "/isr-timing") => match n {
            0 => next_page("MISS", 1, 3),
            1..=3 => next_page("HIT", 1, 3),
            4 => next_page("STALE", 1, 3),
            _ => next_page("HIT", 2, 3),
        },
        ("GET" | "HEAD", "/isr-once" | "/isr-moved") => next_page("HIT", 1, 3),
        // An old address that moved (docs/probe.md: -L and -i).
        ("GET" | "HEAD", "/old-isr") => answer(301, &[("location", "/isr-moved")], ""),
        // A page that goes STALE once and comes back on the same version.
        ("GET" | "HEAD", "/deals") => match n {
            1 => next_page("STALE", 1, 60),
            _ => next_page("HIT", 1, 60),
        },
        ("GET" | "HEAD", "/no-such-page") => answer(
            404,
            &[
                ("x-nextjs-cache", "HIT"),
                (
                    "cache-control",
                    "private, no-cache, no-store, max-age=0, must-revalidate",
                ),
                ("etag", "\"nf1\""),
            ],
            "<html><body>404: This page could not be found.</body></html>",
        ),
        ("GET" | "HEAD", "/tagged") => {
            // A wrong bypass token is ignored, as Next.js does.
            if req.header("x-prerender-revalidate") == Some(BYPASS_TOKEN) {
                st.revalidations += 1;
                return next_page("REVALIDATED", st.revalidations + 1, 3600);
            }
            next_page("HIT", st.revalidations + 1, 3600)
        }
        // docs/warm.md: a sitemap of three pages; each page MISS once, then HIT; and a page
        // that stays cold.
        ("GET" | "HEAD", "/warm/sitemap.xml") => {
            let base = format!("http://{}", req.header("host").unwrap_or("127.0.0.1"));
            let locs: String = ["/warm/", "/warm/pricing", "/warm/blog"]
                .iter()
                .map(|p| format!("<url><loc>{base}{p}</loc></url>"))
                .collect();
            let xml = format!(
                "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">{locs}</urlset>"
            );
            answer(200, &[("content-type", "application/xml")], &xml)
        }
        ("GET" | "HEAD", p) if p.starts_with("/warm/") => match n {
            0 => next_page("MISS", 1, 3600),
            _ => next_page("HIT", 1, 3600),
        },
        ("GET" | "HEAD", p) if p.starts_with("/warm-cold/") => next_page("MISS", 1, 3600),
        ("POST", "/api/revalidate") => revalidate(req, st),
        ("PURGE" | "BAN", path) => {
            if req.header("x-purge-token") != Some(PURGE_TOKEN) {
                return answer(403, &[], "403 Invalid purge token");
            }
            match path {
                "/not-cached" => answer(404, &[], "not in cache"),
                // A gateway hiccup on the first call, with the wait it asks for.
                "/flaky" if n == 0 => answer(502, &[("retry-after", "1")], "bad gateway"),
                p if p.starts_with("/news") => {
                    *st.news_purges.entry(p.to_string()).or_default() += 1;
                    answer(200, &[], "purged")
                }
                _ => answer(200, &[], "purged"),
            }
        }
        ("GET" | "HEAD", p) if p.split('?').next() == Some("/shop") => shop(req, st),
        // Two Fastly POPs: AMS has v2 at once, FRA serves v1 for two more rounds (docs/probe.md).
        ("GET" | "HEAD", "/home") => {
            let (node, version) = match n {
                _ if n % 2 == 1 => ("cache-ams4133-AMS", 2),
                0 | 2 => ("cache-fra1927-FRA", 1),
                _ => ("cache-fra1927-FRA", 2),
            };
            let mut r = next_page("HIT", version, 60);
            r.headers.retain(|(k, _)| *k != "x-nextjs-cache");
            r.headers.push(("x-cache", "HIT".into()));
            r.headers.push(("x-served-by", node.into()));
            r
        }
        ("GET" | "HEAD", p) if p.starts_with("/news") => {
            let purges = st.news_purges.get(p).copied().unwrap_or(0);
            next_page("MISS", purges + 1, 60)
        }
        _ => answer(404, &[], "not found"),
    }
}

/// `/shop`: a Cloudflare-like cache keyed on the path alone (it ignores the query and
/// `Vary: RSC`). The first two requests go to the origin, which answers an RSC request
/// (`RSC: 1`) with the payload and any other with the page; later ones get the last stored copy.
fn shop(req: &Request, st: &mut State) -> Response {
    const VARY: &str = "rsc, next-router-state-tree, next-router-prefetch, next-router-segment-prefetch, Accept-Encoding";
    let n = {
        let c = st.hits.entry("/shop (cache)".into()).or_default();
        *c += 1;
        *c
    };
    let status = match (n, st.shop) {
        (3.., Some(_)) => "HIT",
        _ => {
            st.shop = Some(if req.header("rsc") == Some("1") {
                ("text/x-component", "0:{\"P\":null,\"b\":\"b1\"}\n")
            } else {
                (
                    "text/html; charset=utf-8",
                    "<!DOCTYPE html><html><body>shop</body></html>",
                )
            });
            "MISS"
        }
    };
    let (ct, body) = st.shop.unwrap_or(("text/plain", ""));
    answer(
        200,
        &[
            ("cf-cache-status", status),
            ("cf-ray", "8f1c2a3b4c5d6e7f-FRA"),
            ("vary", VARY),
            ("content-type", ct),
            (
                "cache-control",
                "s-maxage=60, stale-while-revalidate=31535940",
            ),
        ],
        body,
    )
}

fn revalidate(req: &Request, st: &mut State) -> Response {
    let body: serde_json::Value = serde_json::from_str(&req.body).unwrap_or_default();
    if body["secret"].as_str() != Some(SECRET) {
        return answer(401, &[("content-type", "text/plain")], "Invalid secret");
    }
    let done = if let Some(p) = body["path"].as_str() {
        format!("revalidatePath({p})")
    } else if let Some(t) = body["tag"].as_str() {
        st.revalidations += 1;
        format!("revalidateTag({t})")
    } else {
        return answer(400, &[], "path or tag required");
    };
    let json = serde_json::json!({ "revalidated": true, "done": done }).to_string();
    answer(200, &[("content-type", "application/json")], &json)
}
