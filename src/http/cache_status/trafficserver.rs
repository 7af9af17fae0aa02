//! Apache Traffic Server: the cache codes in its `Via` entry
//! (`proxy.config.http.insert_response_via_str` 2 or 3: `[uScSsNfUpSeN:t cCSp sS]`) and the
//! `xdebug` plugin's `X-Cache` (`hit-fresh`, `hit-stale`, `miss`, `skipped`, `none`; sent when
//! the request carries `X-Debug: X-Cache`).
//!
//! xdebug reports the cache LOOKUP, not what was served. Measured on ATS 9.2
//! (tests/fixtures/README.md, "Apache Traffic Server"): `hit-stale` came with a 304 revalidation
//! (`cS sN fU`), with a refetched new body (`cS sS fU`), with the origin's 500 passed on and the
//! copy deleted (`cS sS fD`) and with a 502 when the origin was down (`cS sE`): never with a stale
//! body. So `hit-stale` alone is EXPIRED (it went to the origin) unless `Age` says the body served
//! is past its lifetime; the `Via` codes, when present, decide.

use super::*;

/// The cache codes of one ATS `Via` entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Codes {
    /// Cache lookup: `H` fresh hit, `R` fresh RAM hit, `S` stale, `M` miss, `A` not acceptable.
    cache: char,
    /// Server: `S` served, `N` not modified, `E` error, ` ` not contacted.
    server: char,
    /// Cache fill: `W` written, `U` updated, `D` deleted, ` ` none.
    fill: char,
}

/// Parse `[uScSsNfUpSeN:t cCSp sS]` (or the short `[cSsNfU]` form): tag/value pairs up to `:`.
fn codes(bracket: &str) -> Option<Codes> {
    let chars: Vec<char> = bracket.chars().take_while(|c| *c != ':').collect();
    let mut c = Codes {
        cache: ' ',
        server: ' ',
        fill: ' ',
    };
    let mut seen = false;
    for pair in chars.chunks(2) {
        let (tag, val) = (pair[0], pair.get(1).copied().unwrap_or(' '));
        match tag {
            'c' => {
                c.cache = val;
                seen = true;
            }
            's' => c.server = val,
            'f' => c.fill = val,
            'u' | 'p' | 'e' => {}
            _ => return None,
        }
    }
    seen.then_some(c)
}

/// ATS `Via` entries with cache codes, in message order (origin-nearest first), with the raw entry.
fn via_entries(h: &HeaderMap) -> Vec<(String, Codes)> {
    values(h, "via")
        .iter()
        .flat_map(|v| split_list(v))
        .filter_map(|e| {
            let i = e.find("ApacheTrafficServer")?;
            let rest = &e[i..];
            let open = rest.find('[')?;
            let close = rest[open..].find(']')? + open;
            Some((e.clone(), codes(&rest[open + 1..close])?))
        })
        .collect()
}

/// Is this an xdebug `X-Cache` value (or any `X-Cache` beside an ATS `Via`)?
pub(super) fn detect(v: &str, h: &HeaderMap) -> bool {
    let l = v.trim().to_ascii_lowercase();
    matches!(l.as_str(), "hit-fresh" | "hit-stale" | "skipped")
        || ((l == "miss" || l == "none") && header_contains(h, "via", "apachetrafficserver"))
}

fn via_state(c: Codes, h: &HeaderMap) -> (CacheState, String) {
    let code = format!("c{}s{}f{}", c.cache, c.server, c.fill);
    let (state, what) = match (c.cache, c.server) {
        ('H', _) => (CacheState::Hit, "fresh in cache"),
        ('R', _) => (CacheState::Hit, "fresh in cache (RAM)"),
        ('S', 'N') => (CacheState::Revalidated, "stale copy revalidated (304)"),
        ('S', 'S') if c.fill == 'D' => (
            CacheState::Expired,
            "stale copy: the origin's answer was passed on and the copy deleted",
        ),
        ('S', 'S') => (CacheState::Expired, "stale copy refetched"),
        ('S', 'E') => (CacheState::Expired, "stale copy; the origin failed"),
        ('S', ' ') => (CacheState::Stale, "stale copy served without the origin"),
        ('M' | 'A', _) if uncacheable_cc(h) => {
            (CacheState::Dynamic, "miss; response not cacheable")
        }
        ('M', _) => (CacheState::Miss, "not in cache"),
        ('A', _) => (CacheState::Miss, "in cache, not acceptable"),
        (' ', _) => (CacheState::Bypass, "no cache lookup"),
        _ => (CacheState::Unknown, "unknown code"),
    };
    (state, format!("Via {}: {what}", code.replace(' ', "_")))
}

/// The `Via`-code layers, client-nearest first; the xdebug value (if any) joins the nearest one.
/// Returns false when no ATS `Via` carried codes.
pub(super) fn via_layers(h: &HeaderMap, xdebug: Option<&str>, out: &mut Vec<Layer>) -> bool {
    let entries = via_entries(h);
    let n = entries.len();
    for (i, (raw, c)) in entries.iter().enumerate().rev() {
        let (state, mut detail) = via_state(*c, h);
        if i + 1 == n
            && let Some(x) = xdebug
        {
            detail = format!("{detail}; X-Cache {x}");
        }
        if n > 1 && i + 1 < n {
            detail = format!("hop {} of {n} (nearer origin); {detail}", i + 1);
        }
        out.push(with_detail(
            layer("trafficserver", "via", raw, state),
            &detail,
        ));
    }
    n > 0
}

/// A layer from an xdebug `X-Cache` value alone (no `Via` codes).
pub(super) fn xdebug_layer(v: &str, h: &HeaderMap) -> Layer {
    let (state, detail) = match v.trim().to_ascii_lowercase().as_str() {
        "hit-fresh" => (CacheState::Hit, None),
        "hit-stale" => (
            CacheState::Expired,
            Some(
                "lookup found a stale copy; ATS went to the origin (Via codes tell 304 from a new body)",
            ),
        ),
        "miss" if uncacheable_cc(h) => (CacheState::Dynamic, Some("miss; response not cacheable")),
        "miss" => (CacheState::Miss, None),
        "skipped" => (CacheState::Bypass, Some("cache lookup skipped")),
        "none" => (CacheState::Bypass, Some("no cache lookup")),
        _ => (CacheState::Unknown, None),
    };
    let mut l = layer("trafficserver", "x-cache", v, state);
    l.detail = detail.map(str::to_string);
    if state == CacheState::Expired {
        // Served past its lifetime by headers: a stale body after all.
        let f = freshness::analyze(h, None);
        if let (Some(life), Some(age)) = (f.lifetime, f.age)
            && age > life
        {
            l.state = CacheState::Stale;
            l.detail = Some(format!(
                "hit-stale served stale (age {age}s > lifetime {life}s)"
            ));
        }
    }
    l
}
