//! Squid up to 5.x: `X-Cache` (what was served) read together with `X-Cache-Lookup` (what the
//! store lookup found), one layer per Squid hop. Squid 6 sends RFC 9211 `Cache-Status` instead
//! (`rfc9211.rs`).
//!
//! Measured on Squid 5.7 (tests/fixtures/README.md, "Squid"): a fresh hit and a stale copy
//! revalidated with a 304 both say `X-Cache: HIT` (the revalidation only shows as `Age` back to 0
//! and a new `Date`); a stale copy refetched with a new body, or whose refresh got an origin error,
//! says `X-Cache: MISS` beside `X-Cache-Lookup: HIT`. One response cannot tell a 304 refresh from
//! a hit; `probe::tracker` does it across samples (`Age` went down right after a HIT).

use super::*;

/// Is this response from Squid (it has `X-Cache-Lookup` or a Squid `Via`)?
pub(super) fn detect(h: &HeaderMap) -> bool {
    has(h, "x-cache-lookup") || header_contains(h, "via", "(squid")
}

/// `HIT from host` -> (`HIT`, `host`); the host keeps a `:port` suffix when there is one.
fn split_from(v: &str) -> (String, String) {
    let mut words = v.split_whitespace();
    let word = words.next().unwrap_or("").to_ascii_uppercase();
    let host = match (words.next(), words.next()) {
        (Some(f), Some(host)) if f.eq_ignore_ascii_case("from") => host.to_string(),
        _ => String::new(),
    };
    (word, host)
}

/// Entries of a header over all its lines, in message order (origin-nearest first).
fn entries(h: &HeaderMap, name: &str) -> Vec<String> {
    values(h, name).iter().flat_map(|v| split_list(v)).collect()
}

/// The layers, client-nearest first.
pub(super) fn layers(h: &HeaderMap, x_cache: &[String], out: &mut Vec<Layer>) {
    let served: Vec<String> = x_cache.iter().flat_map(|v| split_list(v)).collect();
    let lookups = entries(h, "x-cache-lookup");
    let n = served.len();
    for (i, v) in served.iter().enumerate().rev() {
        let (word, host) = split_from(v);
        // Pair by host (`X-Cache-Lookup` names `host:port`), else by position.
        let lookup = lookups
            .iter()
            .find(|l| {
                let (_, lh) = split_from(l);
                !host.is_empty() && (lh == host || lh.starts_with(&format!("{host}:")))
            })
            .or_else(|| lookups.get(i))
            .map(|l| split_from(l).0);
        let (state, detail) = state(&word, lookup.as_deref(), h);
        let mut l = layer("squid", "x-cache", v, state);
        if let Some(lk) = &lookup {
            l.raw = format!("{v}; lookup {lk}");
        }
        let mut details: Vec<String> = Vec::new();
        if n > 1 {
            details.push(if i + 1 == n {
                "edge".into()
            } else {
                format!("hop {} of {n} (nearer origin)", i + 1)
            });
        }
        if let Some(d) = detail {
            details.push(d.into());
        }
        if !details.is_empty() {
            l.detail = Some(details.join("; "));
        }
        if i + 1 == n {
            l = stale_by_warning(l, h);
        }
        out.push(l);
    }
}

fn state(word: &str, lookup: Option<&str>, h: &HeaderMap) -> (CacheState, Option<&'static str>) {
    match (word, lookup) {
        ("HIT", _) => (
            CacheState::Hit,
            Some("fresh, or revalidated by a 304 (Squid 5 does not tell)"),
        ),
        ("MISS", Some("HIT")) => (CacheState::Expired, Some("stored copy stale: refetched")),
        ("MISS", Some("NONE")) => (
            CacheState::Bypass,
            Some("no store lookup (request not cacheable)"),
        ),
        ("MISS", _) if uncacheable_cc(h) => {
            (CacheState::Dynamic, Some("miss; response not cacheable"))
        }
        ("MISS", _) => (CacheState::Miss, None),
        ("NONE", _) => (CacheState::Bypass, Some("answered without the store")),
        _ => (generic_token(word), None),
    }
}
