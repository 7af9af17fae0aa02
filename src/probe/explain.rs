//! `--once`: a one-shot explanation of a response's cache headers — what each header means, the
//! cache layers, the freshness windows and the lints. Pure data; `output::probe` renders it.

use super::lints::{Lint, LintSet, check_sample};
use super::run::Outcome;
use super::sample::{RscCheck, Sample};
use super::wire::{Hop, Timing};
use crate::http::cache_status::{CacheState, Layer};
use crate::http::edge::Edge;
use crate::http::freshness::Freshness;
use serde::Serialize;

/// One header line with its meaning.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct HeaderNote {
    pub name: String,
    pub value: String,
    pub meaning: String,
}

/// The explanation of one response.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct Explanation {
    pub url: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<u16>,
    pub state: CacheState,
    /// Where the headline state came from, in words.
    pub verdict: String,
    pub layers: Vec<Layer>,
    pub headers: Vec<HeaderNote>,
    pub freshness: Freshness,
    /// The freshness phrase; never "fresh" when the cache served the copy stale.
    pub freshness_text: String,
    /// `Location` of a redirect that was not followed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
    /// `-L`: the redirects followed.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub redirects: Vec<Hop>,
    /// Where the time went (seconds).
    pub timing: Timing,
    pub lints: Vec<Lint>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// The POP or instance that answered, when the headers say.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pop: Option<Edge>,
    /// `--rsc`: the client router's request for the same URL.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rsc: Option<RscCheck>,
}

/// Explain the last sample of each URL of a run (`--once`).
pub fn explain_last(o: &Outcome) -> Vec<Explanation> {
    o.last_samples.iter().flatten().map(explain).collect()
}

/// Explain one sample.
pub fn explain(s: &Sample) -> Explanation {
    let f = s.freshness(None);
    let mut set = LintSet::default();
    if !s.failed() {
        check_sample(&mut set, s, &f);
        super::rsc::check_page(&mut set, s);
        super::rsc::check_round(&mut set, s, super::rsc::is_app_router(s));
    }
    let mut headers = Vec::new();
    for (name, value) in &s.headers {
        if let Some(meaning) = meaning(name.as_str(), value.to_str().unwrap_or(""), s) {
            headers.push(HeaderNote {
                name: name.as_str().to_string(),
                value: String::from_utf8_lossy(value.as_bytes()).into_owned(),
                meaning,
            });
        }
    }
    let verdict = if s.failed() {
        format!(
            "request failed: {}",
            s.error.as_deref().unwrap_or("unknown")
        )
    } else {
        let v = if let Some(n) = &s.note {
            n.clone()
        } else {
            let hl = s
                .layers
                .iter()
                .find(|l| l.state == s.state)
                .map(|l| format!("{} ({}: {})", l.source, l.header, l.raw))
                .unwrap_or_default();
            match s.layers.len() {
                1 => format!("{} from {hl}", s.state),
                n => format!("{} from {hl}; {n} cache layers reported", s.state),
            }
        };
        match s.status_label() {
            None => v,
            Some(label) => {
                let mut v = format!("{label}: {v}");
                if label.contains("Next.js") {
                    v.push_str("; that is the prerendered _not-found entry, not a cacheable page");
                } else if f.directives.no_store || f.directives.private {
                    v.push_str("; Cache-Control keeps shared caches from storing it");
                }
                v
            }
        }
    };
    Explanation {
        url: s.url.clone(),
        status: s.status,
        state: s.state,
        verdict,
        layers: s.layers.clone(),
        headers,
        freshness_text: crate::probe::sample::describe_served(&f, s.state),
        freshness: f,
        location: s.location.clone(),
        redirects: s.redirects.clone(),
        timing: s.timing,
        lints: set.into_vec(),
        error: s.error.clone(),
        pop: s.pop.clone(),
        rsc: s.rsc.as_deref().cloned(),
    }
}

/// A delta-seconds value (RFC 9111 §1.2.2): ASCII digits, optionally quoted.
/// A directive's seconds for people (`365d`), or as written when they are not a number.
fn human(v: &str) -> String {
    seconds(v).map_or_else(|| format!("{v}s"), crate::human::whole_seconds)
}

fn seconds(v: &str) -> Option<u64> {
    let v = v.trim().trim_matches('"');
    if v.is_empty() || !v.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    // Digits past u64 are a very long time, not an invalid value.
    Some(v.parse().unwrap_or(u64::MAX))
}

fn cc_meaning(v: &str) -> String {
    let mut out = Vec::new();
    for part in v.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let (k, val) = part.split_once('=').unwrap_or((part, ""));
        let m = match k.to_ascii_lowercase().as_str() {
            "s-maxage" | "max-age" | "stale-while-revalidate" | "stale-if-error"
                if !val.is_empty() && seconds(val).is_none() =>
            {
                format!("invalid: '{val}' is not a number of seconds, so caches ignore it")
            }
            "s-maxage" => format!("shared caches (CDNs) keep it fresh for {}", human(val)),
            "max-age" => format!(
                "fresh for {} (browsers; CDNs too unless s-maxage)",
                human(val)
            ),
            "stale-while-revalidate" if val.is_empty() => {
                "stale-while-revalidate without seconds: invalid, ignored by RFC 5861 caches".into()
            }
            "stale-while-revalidate" => {
                format!(
                    "after expiry, may be served stale for {} while refreshing in the background",
                    human(val)
                )
            }
            "stale-if-error" => {
                format!("may be served stale for {} if the origin fails", human(val))
            }
            "no-store" => "must not be stored by any cache".into(),
            "no-cache" => "may be stored but must be revalidated before every use".into(),
            "private" => "only the browser may store it; CDNs must not".into(),
            "public" => "any cache may store it".into(),
            "must-revalidate" => "once stale, must not be served without revalidation".into(),
            "proxy-revalidate" => "like must-revalidate, for shared caches only".into(),
            "immutable" => "browsers skip revalidation while fresh".into(),
            other => format!("{other}: not a freshness directive"),
        };
        out.push(format!("{part}: {m}"));
    }
    out.join("; ")
}

fn meaning(name: &str, v: &str, s: &Sample) -> Option<String> {
    let layer = s
        .layers
        .iter()
        .find(|l| l.header == name)
        .map(|l| format!("{} → {}", l.source, l.state));
    let m = match name {
        "cache-control" => format!("browser/shared policy. {}", cc_meaning(v)),
        "cdn-cache-control" => format!("RFC 9213 policy for all CDNs (overrides Cache-Control there). {}", cc_meaning(v)),
        "vercel-cdn-cache-control" | "cloudflare-cdn-cache-control" | "netlify-cdn-cache-control" => {
            format!("policy for that vendor's CDN only (overrides CDN-Cache-Control). {}", cc_meaning(v))
        }
        "surrogate-control" => format!("policy for surrogates (Fastly, Varnish), stripped before browsers. {}", cc_meaning(v)),
        "age" => match seconds(v.split(',').next().unwrap_or_default()) {
            Some(a) => format!(
                "the copy has been in a cache for {}",
                crate::human::whole_seconds(a)
            ),
            None => "invalid: not a number of seconds, so the copy's age is unknown".into(),
        },
        "etag" => "content validator; isrctl uses it as the content version".into(),
        "last-modified" => "when the content last changed (validator)".into(),
        "expires" => "absolute expiry (ignored when max-age/s-maxage is present)".into(),
        "date" => "when the response was generated by the server that sent it".into(),
        "vary" => "request headers that select separate cache entries".into(),
        "set-cookie" => "sets a cookie; many CDNs will not cache a response with it".into(),
        "x-nextjs-prerender" => "Next.js: the route is static/ISR (served through the ISR cache)".into(),
        "x-nextjs-stale-time" => "Next.js client router cache lifetime (s); not CDN freshness".into(),
        "x-powered-by" if v.contains("Next.js") => {
            "Next.js origin; self-hosted Next.js never sends Age, so cache age is estimated from observations".into()
        }
        "x-vercel-id" => "Vercel request id and regions (edge[::function])".into(),
        "cf-ray" => "Cloudflare request id; the suffix is the PoP".into(),
        "x-served-by" => "Fastly nodes that handled the request (shield first, edge last)".into(),
        "x-cache-hits" => "Fastly per-node hit counters".into(),
        "x-amz-cf-pop" => "CloudFront edge location".into(),
        "via" => "proxies on the path (Traffic Server's [c? s? f?] codes: cache lookup, origin, cache fill)".into(),
        "x-cache-lookup" => "Squid: what the store lookup found (HIT = a stored copy, served or not)".into(),
        "x-cache-detail" => "httpd mod_cache: why it answered this way".into(),
        "warning" if v.trim_start().starts_with("110") => "the copy served is stale (warn-code 110)".into(),
        "warning" if v.trim_start().starts_with("111") => {
            "revalidation failed: a stale copy was served (warn-code 111)".into()
        }
        _ => return layer.map(|l| format!("cache status: {l}")),
    };
    Some(match layer {
        Some(l) => format!("cache status: {l}. {m}"),
        None => m,
    })
}
