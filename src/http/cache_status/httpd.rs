//! Apache httpd `mod_cache` (`CacheHeader on`, `CacheDetailHeader on`): `X-Cache: HIT|MISS|
//! REVALIDATE|BYPASS from host`, `X-Cache-Detail: "<reason>" from host`, and the `Warning`
//! (110 "Response is stale", 111 "Revalidation failed") on stale copies it serves.
//!
//! Measured on httpd 2.4 (tests/fixtures/README.md, "Apache httpd"): `REVALIDATE` is a stale copy
//! refreshed by a 304 ("conditional cache hit: entity refreshed"); a stale copy refetched with a
//! new body is a plain `MISS`; `HIT` + `Warning: 111` is a stale copy served because the origin
//! failed (`CacheStaleOnError`); `HIT` + `Warning: 110` is a stale copy served while another
//! request refreshes it (`CacheLock`).

use super::*;

/// Is this response from httpd's mod_cache (`X-Cache-Detail`, or the `REVALIDATE` word)?
pub(super) fn detect(h: &HeaderMap) -> bool {
    has(h, "x-cache-detail")
        || values(h, "x-cache").iter().any(|v| {
            let first = v.split_whitespace().next().unwrap_or("");
            first.eq_ignore_ascii_case("REVALIDATE")
        })
}

/// The quoted reason of an `X-Cache-Detail` value: `"cache hit" from host` -> `cache hit`.
fn reason(v: &str) -> String {
    let v = v.trim();
    match v.strip_prefix('"').and_then(|r| r.split_once('"')) {
        Some((inner, _)) => inner.to_string(),
        None => v.to_string(),
    }
}

/// The layers, client-nearest first (a second httpd in front adds its own pair at the end).
pub(super) fn layers(h: &HeaderMap, served: &[String], out: &mut Vec<Layer>) {
    let details: Vec<String> = values(h, "x-cache-detail");
    let n = served.len();
    for (i, v) in served.iter().enumerate().rev() {
        let word = v
            .split_whitespace()
            .next()
            .unwrap_or("")
            .to_ascii_uppercase();
        let why = details.get(i).map(|d| reason(d));
        let why_l = why.as_deref().unwrap_or("").to_ascii_lowercase();
        let state = match word.as_str() {
            "HIT" if why_l.contains("stale content returned") => CacheState::Stale,
            "HIT" => CacheState::Hit,
            "REVALIDATE" => CacheState::Revalidated,
            "BYPASS" => CacheState::Bypass,
            "MISS" if why_l.contains("no-store") || why_l.contains("private") => {
                CacheState::Dynamic
            }
            "MISS" if uncacheable_cc(h) => CacheState::Dynamic,
            "MISS" => CacheState::Miss,
            other => generic_token(other),
        };
        let mut l = layer("httpd", "x-cache", v, state);
        l.detail = why;
        if i + 1 == n {
            l = stale_by_warning(l, h);
        }
        out.push(l);
    }
}
