//! Vendor cache-status headers -> one normalized state per cache layer, plus a headline state.
//!
//! Pure and total: any header map (garbage included) yields a classification, never a panic. The
//! raw header value is always kept. Layers are ordered client-nearest first; the headline is the
//! first layer that answered from its own store (HIT/STALE/UPDATING/REVALIDATED), else the
//! client-nearest layer. No IO, no clock.

use super::freshness;
use reqwest::header::HeaderMap;
use serde::Serialize;

mod httpd;
mod rfc9211;
mod squid;
mod trafficserver;
pub use rfc9211::parse_cache_status;

/// The normalized cache state of a response (or of one layer).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, schemars::JsonSchema,
)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum CacheState {
    Hit,
    Stale,
    Miss,
    Revalidated,
    Expired,
    Updating,
    Bypass,
    Dynamic,
    Error,
    Unknown,
}

impl CacheState {
    pub const ALL: [CacheState; 10] = [
        CacheState::Hit,
        CacheState::Stale,
        CacheState::Miss,
        CacheState::Revalidated,
        CacheState::Expired,
        CacheState::Updating,
        CacheState::Bypass,
        CacheState::Dynamic,
        CacheState::Error,
        CacheState::Unknown,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            CacheState::Hit => "HIT",
            CacheState::Stale => "STALE",
            CacheState::Miss => "MISS",
            CacheState::Revalidated => "REVALIDATED",
            CacheState::Expired => "EXPIRED",
            CacheState::Updating => "UPDATING",
            CacheState::Bypass => "BYPASS",
            CacheState::Dynamic => "DYNAMIC",
            CacheState::Error => "ERROR",
            CacheState::Unknown => "UNKNOWN",
        }
    }

    /// Parse a state name (case-insensitive), as used by `--until` and `--expect`.
    pub fn parse(s: &str) -> Option<CacheState> {
        let u = s.trim().to_ascii_uppercase();
        CacheState::ALL.into_iter().find(|st| st.as_str() == u)
    }

    /// The layer answered from its own stored copy (did not fetch a new body from upstream).
    pub fn served_from_cache(self) -> bool {
        matches!(
            self,
            CacheState::Hit | CacheState::Stale | CacheState::Updating | CacheState::Revalidated
        )
    }

    /// A served-stale state (STALE or UPDATING).
    pub fn is_stale(self) -> bool {
        matches!(self, CacheState::Stale | CacheState::Updating)
    }
}

impl std::fmt::Display for CacheState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One cache layer's report.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Layer {
    /// Who reported it: `cloudflare`, `fastly`, `nextjs`, or `cache-status:<name>` for RFC 9211.
    pub source: String,
    /// The header it came from (lowercase).
    pub header: String,
    /// The raw value of this entry (one list member for multi-hop headers).
    pub raw: String,
    pub state: CacheState,
    /// Extra detail: `shield`, `prerender`, an RFC 9211 `detail`/`fwd` reason, a heuristic note.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// RFC 9211 `ttl` (remaining freshness at that layer, negative = stale).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ttl: Option<i64>,
}

/// The classification of one response.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Classification {
    pub state: CacheState,
    /// Client-nearest first.
    pub layers: Vec<Layer>,
    /// Index into `layers` of the headline layer, if any layer reported.
    pub headline: Option<usize>,
    /// Why the state was inferred when no layer reported (e.g. "no cache header; no-store").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// Header names the classifier reads (lowercase), for explanations and raw-value capture.
pub const KNOWN_HEADERS: &[&str] = &[
    "cf-cache-status",
    "x-vercel-cache",
    "x-cache",
    "x-cache-lookup",
    "x-cache-detail",
    "warning",
    "x-cache-remote",
    "akamai-cache-status",
    "fastly-debug-ttl",
    "cdn-cache",
    "perma-cache",
    "cache-status",
    "x-cache-status",
    "x-proxy-cache",
    "x-fastcgi-cache",
    "x-cache-hit",
    "cache",
    "x-varnish",
    "x-opennext-cache",
    "x-nextjs-cache",
];

fn values(h: &HeaderMap, name: &str) -> Vec<String> {
    h.get_all(name)
        .iter()
        .map(|v| String::from_utf8_lossy(v.as_bytes()).trim().to_string())
        .filter(|v| !v.is_empty())
        .collect()
}

fn has(h: &HeaderMap, name: &str) -> bool {
    h.contains_key(name)
}

fn header_contains(h: &HeaderMap, name: &str, needle: &str) -> bool {
    values(h, name)
        .iter()
        .any(|v| v.to_ascii_lowercase().contains(needle))
}

fn layer(source: &str, header: &str, raw: &str, state: CacheState) -> Layer {
    Layer {
        source: source.into(),
        header: header.into(),
        raw: raw.into(),
        state,
        detail: None,
        ttl: None,
    }
}

fn with_detail(mut l: Layer, d: &str) -> Layer {
    l.detail = Some(d.into());
    l
}

/// The nginx-family vocabulary (nginx, CDN77, KeyCDN, Gcore, Bunny, Varnish VCL, Google Cloud CDN,
/// Apache Traffic Server xdebug, Squid's first word).
fn generic_token(v: &str) -> CacheState {
    let first = v.split_whitespace().next().unwrap_or("");
    match first.to_ascii_uppercase().as_str() {
        "HIT" | "HIT-FRESH" => CacheState::Hit,
        "MISS" => CacheState::Miss,
        "EXPIRED" => CacheState::Expired,
        "STALE" | "HIT-STALE" => CacheState::Stale,
        "UPDATING" => CacheState::Updating,
        "REVALIDATED" => CacheState::Revalidated,
        "BYPASS" | "SKIPPED" | "PASS" => CacheState::Bypass,
        "UNCACHEABLE" | "DISABLED" => CacheState::Dynamic,
        _ => CacheState::Unknown,
    }
}

fn nextjs_token(v: &str) -> CacheState {
    match v.to_ascii_uppercase().as_str() {
        "HIT" => CacheState::Hit,
        "STALE" => CacheState::Stale,
        "MISS" => CacheState::Miss,
        "REVALIDATED" => CacheState::Revalidated,
        _ => CacheState::Unknown,
    }
}

fn cloudflare(v: &str) -> CacheState {
    match v.to_ascii_uppercase().as_str() {
        "HIT" => CacheState::Hit,
        "MISS" => CacheState::Miss,
        "EXPIRED" => CacheState::Expired,
        "STALE" => CacheState::Stale,
        "UPDATING" => CacheState::Updating,
        "REVALIDATED" => CacheState::Revalidated,
        "BYPASS" => CacheState::Bypass,
        "DYNAMIC" => CacheState::Dynamic,
        _ => CacheState::Unknown,
    }
}

fn vercel(v: &str) -> Layer {
    let up = v.to_ascii_uppercase();
    match up.as_str() {
        "PRERENDER" => with_detail(
            layer("vercel", "x-vercel-cache", v, CacheState::Hit),
            "prerender",
        ),
        "BYPASS" => layer("vercel", "x-vercel-cache", v, CacheState::Bypass),
        _ => layer("vercel", "x-vercel-cache", v, nextjs_token(v)),
    }
}

/// Akamai and Azure `TCP_*`-style codes (first word of the value).
fn tcp_code(v: &str) -> CacheState {
    let first = v.split_whitespace().next().unwrap_or("");
    match first.to_ascii_uppercase().as_str() {
        "TCP_HIT" | "TCP_MEM_HIT" | "TCP_IMS_HIT" | "TCP_NEGATIVE_HIT" | "TCP_REMOTE_HIT" => {
            CacheState::Hit
        }
        "TCP_MISS" | "TCP_CLIENT_REFRESH_MISS" => CacheState::Miss,
        "TCP_REFRESH_HIT" => CacheState::Revalidated,
        "TCP_REFRESH_MISS" => CacheState::Expired,
        "TCP_REFRESH_FAIL_HIT" => CacheState::Stale,
        "PRIVATE_NOSTORE" => CacheState::Bypass,
        "CONFIG_NOCACHE" | "UNCACHEABLE" => CacheState::Dynamic,
        _ => CacheState::Unknown,
    }
}

fn is_tcp_code(v: &str) -> bool {
    let u = v.trim_start().to_ascii_uppercase();
    u.starts_with("TCP_")
        || u.starts_with("PRIVATE_NOSTORE")
        || u.starts_with("CONFIG_NOCACHE")
        || u == "UNCACHEABLE"
        || u == "N/A"
}

fn cloudfront(v: &str, h: &HeaderMap) -> Layer {
    let first = v.split_whitespace().next().unwrap_or("");
    let (state, detail) = match first.to_ascii_lowercase().as_str() {
        "hit" => (CacheState::Hit, None),
        "refreshhit" => (CacheState::Revalidated, None),
        "originshieldhit" => (CacheState::Hit, Some("shield")),
        "miss" if uncacheable_cc(h) => (CacheState::Dynamic, Some("miss; response not cacheable")),
        "miss" => (CacheState::Miss, None),
        "error" => (CacheState::Unknown, Some("error")),
        "lambdageneratedresponse" | "functiongeneratedresponse" => {
            (CacheState::Dynamic, Some("generated at the edge"))
        }
        _ => (CacheState::Unknown, None),
    };
    let l = layer("cloudfront", "x-cache", v, state);
    match detail {
        Some(d) => with_detail(l, d),
        None => l,
    }
}

fn akamai_status(v: &str) -> CacheState {
    let first = v.split_whitespace().next().unwrap_or("");
    match first.to_ascii_lowercase().as_str() {
        "hit" => CacheState::Hit,
        "miss" => CacheState::Miss,
        "refreshhit" => CacheState::Revalidated,
        "hitstale" => CacheState::Stale,
        "notcacheable" | "constructed" => CacheState::Dynamic,
        _ => CacheState::Unknown,
    }
}

fn uncacheable_cc(h: &HeaderMap) -> bool {
    let cc = freshness::Directives::parse(&values(h, "cache-control").join(", "));
    cc.no_store || cc.private
}

fn split_list(v: &str) -> Vec<String> {
    v.split(',')
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

/// A HIT from a vendor without a stale value (Fastly, CloudFront, Varnish) whose Age is beyond
/// the freshness lifetime is really a stale serve.
fn stale_by_headers(mut l: Layer, h: &HeaderMap) -> Layer {
    if l.state == CacheState::Hit {
        let f = freshness::analyze(h, None);
        if let (Some(life), Some(age)) = (f.lifetime, f.age)
            && age > life
        {
            l.state = CacheState::Stale;
            l.detail = Some(format!(
                "HIT but stale by headers (age {age}s > lifetime {life}s)"
            ));
        }
    }
    l
}

/// A HIT served with `Warning: 110` (stale) or `111` (revalidation failed) is a stale serve
/// (RFC 7234 warn-codes; httpd's mod_cache and older Squid still send them).
fn stale_by_warning(mut l: Layer, h: &HeaderMap) -> Layer {
    if l.state != CacheState::Hit {
        return l;
    }
    for w in values(h, "warning").iter().flat_map(|v| split_list(v)) {
        let why = match w.split_whitespace().next() {
            Some("110") => "Warning 110: served stale",
            Some("111") => "Warning 111: revalidation failed, served stale",
            _ => continue,
        };
        l.state = CacheState::Stale;
        l.detail = Some(match l.detail.take() {
            Some(d) => format!("{why}; {d}"),
            None => why.to_string(),
        });
        break;
    }
    l
}

fn classify_x_cache(h: &HeaderMap, out: &mut Vec<Layer>) {
    let fastly = has(h, "x-served-by")
        || has(h, "x-timer")
        || has(h, "x-cache-hits")
        || h.keys().any(|k| k.as_str().starts_with("fastly-"));
    // Apache Traffic Server: Via codes when present, else its xdebug X-Cache values.
    let (ats, x_cache): (Vec<String>, Vec<String>) = values(h, "x-cache")
        .into_iter()
        .partition(|v| trafficserver::detect(v, h));
    if !trafficserver::via_layers(h, ats.first().map(String::as_str), out) {
        out.extend(ats.iter().map(|v| trafficserver::xdebug_layer(v, h)));
    }
    let mut vendor_done = false;
    for v in &x_cache {
        let v = v.as_str();
        let lower = v.to_ascii_lowercase();
        if lower.contains("cloudfront") || has(h, "x-amz-cf-pop") || has(h, "x-amz-cf-id") {
            out.push(stale_by_headers(cloudfront(v, h), h));
        } else if is_tcp_code(v) {
            let azure = has(h, "x-azure-ref") || !lower.contains(" from ");
            let src = if azure { "azure" } else { "akamai" };
            let mut l = layer(src, "x-cache", v, tcp_code(v));
            if lower.starts_with("tcp_remote_hit") {
                l.detail = Some("shield".into());
            }
            out.push(l);
        } else if !fastly && (squid::detect(h) || httpd::detect(h)) {
            // Squid and httpd pair X-Cache with a second header: all lines at once.
            if !vendor_done {
                vendor_done = true;
                if squid::detect(h) {
                    squid::layers(h, &x_cache, out);
                } else {
                    httpd::layers(h, &x_cache, out);
                }
            }
        } else {
            // Fastly multi-hop (first = shield/origin side, last = edge), Varnish VCL,
            // nginx-based CDNs: one entry per hop.
            let src = if fastly {
                "fastly"
            } else if has(h, "x-varnish") || header_contains(h, "via", "varnish") {
                "varnish"
            } else {
                "x-cache"
            };
            let entries = split_list(v);
            let n = entries.len();
            for (i, e) in entries.iter().enumerate().rev() {
                let mut l = layer(src, "x-cache", e, generic_token(e));
                if n > 1 {
                    l.detail = Some(if i + 1 == n {
                        "edge".into()
                    } else {
                        format!("hop {} of {n} (nearer origin)", i + 1)
                    });
                }
                if i + 1 == n && src != "x-cache" {
                    l = stale_by_headers(l, h);
                }
                out.push(l);
            }
        }
    }
    for v in values(h, "x-cache-remote") {
        out.push(with_detail(
            layer("akamai", "x-cache-remote", &v, tcp_code(&v)),
            "parent",
        ));
    }
}

/// Classify a response's headers.
pub fn classify(h: &HeaderMap) -> Classification {
    let mut layers: Vec<Layer> = Vec::new();
    // CDNs (client side) first.
    for v in values(h, "cf-cache-status") {
        layers.push(layer("cloudflare", "cf-cache-status", &v, cloudflare(&v)));
    }
    for v in values(h, "x-vercel-cache") {
        layers.push(vercel(&v));
    }
    let had_x_cache = has(h, "x-cache");
    classify_x_cache(h, &mut layers);
    for v in values(h, "akamai-cache-status") {
        for e in split_list(&v) {
            let parent = e.to_ascii_lowercase().contains("parent");
            let l = layer("akamai", "akamai-cache-status", &e, akamai_status(&e));
            layers.push(with_detail(l, if parent { "parent" } else { "child" }));
        }
    }
    if !had_x_cache {
        for v in values(h, "fastly-debug-ttl") {
            let st = match v.chars().next() {
                Some('H' | 'h') => CacheState::Hit,
                Some('M' | 'm') => CacheState::Miss,
                _ => CacheState::Unknown,
            };
            layers.push(layer("fastly", "fastly-debug-ttl", &v, st));
        }
    }
    for v in values(h, "cdn-cache") {
        layers.push(layer("bunny", "cdn-cache", &v, generic_token(&v)));
    }
    for v in values(h, "perma-cache") {
        let l = layer("bunny", "perma-cache", &v, generic_token(&v));
        layers.push(with_detail(l, "perma-cache"));
    }
    for name in ["x-cache-hit", "cache"] {
        for v in values(h, name) {
            layers.push(layer(name, name, &v, generic_token(&v)));
        }
    }
    // RFC 9211 (each member a layer; the header is client-nearest last).
    for v in values(h, "cache-status") {
        layers.extend(parse_cache_status(&v));
    }
    // Reverse proxies.
    for name in ["x-cache-status", "x-proxy-cache", "x-fastcgi-cache"] {
        for v in values(h, name) {
            layers.push(layer("nginx", name, &v, generic_token(&v)));
        }
    }
    let fastly = has(h, "x-served-by") || has(h, "x-timer");
    if !had_x_cache && !fastly {
        for v in values(h, "x-varnish") {
            let ids = v.split_whitespace().count();
            let st = if ids >= 2 {
                CacheState::Hit
            } else {
                CacheState::Miss
            };
            let l = layer("varnish", "x-varnish", &v, st);
            layers.push(stale_by_headers(l, h));
        }
    }
    // Frameworks (origin side).
    for v in values(h, "x-opennext-cache") {
        let st = nextjs_token(&v);
        let mut l = layer("opennext", "x-opennext-cache", &v, st);
        if v.eq_ignore_ascii_case("error") {
            l.detail = Some("OpenNext reported ERROR (revalidate 0 entry)".into());
        }
        layers.push(l);
    }
    for v in values(h, "x-nextjs-cache") {
        layers.push(layer("nextjs", "x-nextjs-cache", &v, nextjs_token(&v)));
    }

    if layers.is_empty() {
        let (state, note) = no_header_state(h);
        return Classification {
            state,
            layers,
            headline: None,
            note: Some(note),
        };
    }
    let idx = layers
        .iter()
        .position(|l| l.state.served_from_cache())
        .unwrap_or(0);
    Classification {
        state: layers[idx].state,
        headline: Some(idx),
        layers,
        note: None,
    }
}

fn no_header_state(h: &HeaderMap) -> (CacheState, String) {
    if uncacheable_cc(h) {
        return (
            CacheState::Dynamic,
            "no cache-status header; Cache-Control forbids shared caching".into(),
        );
    }
    if has(h, "x-vercel-id") {
        return (
            CacheState::Dynamic,
            "Vercel response without x-vercel-cache: not cacheable by the CDN".into(),
        );
    }
    let age = values(h, "age").first().and_then(|a| a.parse::<u64>().ok());
    match age {
        Some(a) if a > 0 => (
            CacheState::Unknown,
            format!("no cache-status header; Age {a}s suggests a cached copy (probably HIT)"),
        ),
        _ => (CacheState::Unknown, "no cache-status header".into()),
    }
}
