//! Squid, Apache httpd mod_cache and Apache Traffic Server from Debian's packages, each in front
//! of the python origin (`s-maxage=2`): a TTL cycle is walked (miss, hit, revalidated with a 304,
//! refetched with a new body, origin error, uncacheable) and each response's normalized state
//! (`cache_status::classify`, what `isrctl probe` shows) is compared with what the server really
//! did: its own log record and the origin's hits. Facts: tests/fixtures/README.md ("Squid",
//! "Apache httpd", "Apache Traffic Server").

mod httpd;
mod squid;
mod trafficserver;

use crate::servers::*;
use isrctl::http::cache_status::{CacheState, classify};
use std::time::{Duration, Instant};

/// The origin's Cache-Control for these tests: a 2 s TTL, no stale-while-revalidate.
pub const CC: &str = "public, s-maxage=2";

pub fn state(r: &Resp) -> CacheState {
    classify(&r.headers).state
}

/// One line per response for failure messages.
pub fn show(r: &Resp) -> String {
    let mut h: Vec<String> = r
        .headers
        .iter()
        .filter(|(k, _)| {
            let k = k.as_str();
            k.starts_with("x-cache") || matches!(k, "age" | "via" | "warning" | "date" | "etag")
        })
        .map(|(k, v)| format!("{k}: {}", v.to_str().unwrap_or("?")))
        .collect();
    h.sort();
    format!(
        "{:.2}s {} -> {} [{}]",
        r.t,
        r.status,
        state(r),
        h.join(" | ")
    )
}

/// Send `req()` every 100 ms until `done()` holds (checked after each response); return that
/// response. Panics after 10 s with every response seen.
pub fn until(mut req: impl FnMut() -> Resp, done: impl Fn(&Resp) -> bool) -> Resp {
    let start = Instant::now();
    let mut seen = Vec::new();
    loop {
        let r = req();
        if done(&r) {
            return r;
        }
        seen.push(show(&r));
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "condition not met within 10 s; saw:\n{}",
            seen.join("\n")
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// The `n`th (1-based) line of a server's log for one path, waiting up to 2 s for the server to
/// write it (servers log after the response is sent).
pub fn nth_logged(read: impl Fn() -> Vec<String>, n: usize) -> String {
    let start = Instant::now();
    loop {
        let lines = read();
        if lines.len() >= n || start.elapsed() > Duration::from_secs(2) {
            return lines.get(n.wrapping_sub(1)).cloned().unwrap_or_else(|| {
                format!("<no log line {n}; the log has {}: {lines:?}>", lines.len())
            });
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Start the origin with the tests' Cache-Control.
pub fn origin() -> Origin {
    let o = Origin::start();
    o.set_cache_control(Some(CC));
    o
}
