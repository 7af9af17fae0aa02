//! A cache-like HTTP/1.1 server for `warm` tests, on 127.0.0.x: every path answers by its prefix,
//! in nginx's words (`X-Cache-Status`), and the server records what a warmer must respect:
//! requests per path, the most requests in flight at once, when each request came and the Host
//! it named. Raw TCP, one thread per connection, `Connection: close`.
//!
//! - `/page/*`: MISS on a path's first request, HIT after;
//! - `/late/*`: MISS twice, then HIT;
//! - `/cold/*`: always MISS; `/stale/*`: always STALE;
//! - `/bypass/*`: BYPASS; `/plain/*`: no cache header at all;
//! - `/error/*`: HTTP 500; `/missing/*`: HTTP 404 (cached: HIT);
//! - `/sitemap.xml`: a urlset of the paths given to `start`, on the server's own base URL;
//!   `/sitemap-index.xml`: a sitemap index listing it.

use std::collections::HashMap;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

#[derive(Default)]
pub struct Seen {
    pub hits: HashMap<String, usize>,
    pub in_flight: usize,
    pub max_in_flight: usize,
    /// When each request's head arrived, in order.
    pub arrivals: Vec<Instant>,
    /// The Host header of each request.
    pub hosts: Vec<String>,
}

pub struct Cache {
    pub base: String,
    pub port: u16,
    pub seen: Arc<Mutex<Seen>>,
}

impl Cache {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }
    pub fn count(&self, path: &str) -> usize {
        *self.seen.lock().unwrap().hits.get(path).unwrap_or(&0)
    }
    pub fn max_in_flight(&self) -> usize {
        self.seen.lock().unwrap().max_in_flight
    }
    pub fn total(&self) -> usize {
        self.seen.lock().unwrap().arrivals.len()
    }
}

/// Start on 127.0.0.1 on a free port; each answer takes `delay` (to make requests overlap).
pub fn start(sitemap: &[&str], delay: Duration) -> Cache {
    start_on("127.0.0.1:0", sitemap, delay)
}

/// Start on this address (`127.0.0.2:PORT` to be a second instance on the same port).
pub fn start_on(addr: &str, sitemap: &[&str], delay: Duration) -> Cache {
    let l = TcpListener::bind(addr).unwrap();
    let local = l.local_addr().unwrap();
    let base = format!("http://{local}");
    let seen: Arc<Mutex<Seen>> = Arc::default();
    let (seen2, paths) = (
        seen.clone(),
        Arc::new(sitemap.iter().map(|s| s.to_string()).collect::<Vec<_>>()),
    );
    let b2 = base.clone();
    std::thread::spawn(move || {
        for conn in l.incoming() {
            let Ok(conn) = conn else { continue };
            let (seen, paths, base) = (seen2.clone(), paths.clone(), b2.clone());
            std::thread::spawn(move || handle(conn, &seen, &paths, &base, delay));
        }
    });
    Cache {
        base,
        port: local.port(),
        seen,
    }
}

fn handle(mut c: TcpStream, seen: &Mutex<Seen>, paths: &[String], base: &str, delay: Duration) {
    let _ = c.set_read_timeout(Some(Duration::from_secs(5)));
    let mut buf = Vec::new();
    let mut tmp = [0u8; 1024];
    while !buf.windows(4).any(|w| w == b"\r\n\r\n") {
        match c.read(&mut tmp) {
            Ok(0) | Err(_) => return,
            Ok(n) => buf.extend_from_slice(&tmp[..n]),
        }
    }
    let head = String::from_utf8_lossy(&buf).to_string();
    let path = head
        .lines()
        .next()
        .and_then(|l| l.split_whitespace().nth(1))
        .unwrap_or("/")
        .to_string();
    let host = head
        .lines()
        .find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.eq_ignore_ascii_case("host").then(|| v.trim().to_string())
        })
        .unwrap_or_default();
    let n = {
        let mut s = seen.lock().unwrap();
        s.in_flight += 1;
        s.max_in_flight = s.max_in_flight.max(s.in_flight);
        s.arrivals.push(Instant::now());
        s.hosts.push(host);
        let e = s.hits.entry(path.clone()).or_insert(0);
        *e += 1;
        *e
    };
    std::thread::sleep(delay);
    let (status, state, body) = answer(&path, n, paths, base);
    let mut s = format!("HTTP/1.1 {status} X\r\nconnection: close\r\n");
    if let Some(st) = state {
        s.push_str(&format!("x-cache-status: {st}\r\n"));
    }
    s.push_str(&format!("content-length: {}\r\n\r\n{body}", body.len()));
    // Out of flight before the answer leaves: the client may start its next request as soon as
    // it has read this one, before this thread would run again.
    seen.lock().unwrap().in_flight -= 1;
    let _ = c.write_all(s.as_bytes());
    let _ = c.flush();
}

fn answer(
    path: &str,
    n: usize,
    paths: &[String],
    base: &str,
) -> (u16, Option<&'static str>, String) {
    let page = |st: &'static str| (200, Some(st), format!("<html>{path}</html>"));
    let prefix = path.split('/').nth(1).unwrap_or("");
    match prefix {
        "sitemap.xml" => {
            let locs: String = paths
                .iter()
                .map(|p| format!("<url><loc>{base}{p}</loc></url>"))
                .collect();
            (
                200,
                None,
                format!(
                    "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">{locs}</urlset>"
                ),
            )
        }
        "sitemap-index.xml" => (
            200,
            None,
            format!(
                "<sitemapindex><sitemap><loc>{base}/sitemap.xml</loc></sitemap></sitemapindex>"
            ),
        ),
        "page" if n == 1 => page("MISS"),
        "page" => page("HIT"),
        "late" if n <= 2 => page("MISS"),
        "late" => page("HIT"),
        "cold" => page("MISS"),
        "stale" => page("STALE"),
        "bypass" => page("BYPASS"),
        "plain" => (200, None, "plain".into()),
        "error" => (500, Some("MISS"), "boom".into()),
        "missing" => (404, Some("HIT"), "not found".into()),
        _ => (404, None, "no such path".into()),
    }
}
