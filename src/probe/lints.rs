//! Plain-language cache lints with evidence: per response (headers) and per URL (over time).
//! Pure; each lint fires once per URL with the first evidence and a count of occurrences.

use super::sample::Sample;
use crate::http::freshness::Freshness;
use serde::Serialize;

/// One finding.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Lint {
    /// Stable identifier (`no-cache-status`, `uncacheable`, ...).
    pub code: &'static str,
    pub message: String,
    /// The header values or observations that triggered it.
    pub evidence: String,
    /// Sequence number of the first sample that showed it (0 for whole-run lints).
    pub first_seq: u64,
    pub count: u64,
}

/// All lint codes with a one-line description (for docs and `--once`).
pub const LINTS: &[(&str, &str)] = &[
    (
        "no-cache-status",
        "no cache-status header found on any response",
    ),
    (
        "uncacheable",
        "Cache-Control private/no-store on a page expected to be cached",
    ),
    (
        "tiny-s-maxage",
        "s-maxage of 1s or less: ISR degenerates into SSR",
    ),
    (
        "set-cookie-cached",
        "Set-Cookie on a response served from a cache",
    ),
    (
        "vary-cookie",
        "Vary: Cookie (or *) makes the page effectively uncacheable",
    ),
    (
        "age-beyond-swr",
        "Age beyond s-maxage + stale-while-revalidate",
    ),
    (
        "swr-without-value",
        "stale-while-revalidate without a value is ignored by RFC 5861 caches",
    ),
    (
        "version-flapping",
        "content flips back to an older version (per-instance caches)",
    ),
    (
        "rsc-as-html",
        "a page request got the RSC payload (a cache ignores Vary: RSC)",
    ),
    (
        "html-as-rsc",
        "--rsc: the client router's RSC request got the HTML page (a cache ignores Vary: RSC)",
    ),
    (
        "rsc-vary-missing",
        "--rsc: the URL answers HTML and RSC without Vary: RSC",
    ),
    (
        "pops-out-of-sync",
        "two POPs or instances served different content versions at the same time",
    ),
];

/// Lints collected for one URL, deduplicated by code.
#[derive(Debug, Clone, Default)]
pub struct LintSet(Vec<Lint>);

impl LintSet {
    pub fn add(&mut self, code: &'static str, seq: u64, message: String, evidence: String) {
        if let Some(l) = self.0.iter_mut().find(|l| l.code == code) {
            l.count += 1;
            return;
        }
        self.0.push(Lint {
            code,
            message,
            evidence,
            first_seq: seq,
            count: 1,
        });
    }

    /// `add`, for a finding seen `count` times (at least once).
    pub fn add_counted(
        &mut self,
        code: &'static str,
        seq: u64,
        message: String,
        evidence: String,
        count: u64,
    ) {
        self.add(code, seq, message, evidence);
        if let Some(l) = self.0.iter_mut().find(|l| l.code == code) {
            l.count += count.saturating_sub(1);
        }
    }

    pub fn has(&self, code: &str) -> bool {
        self.0.iter().any(|l| l.code == code)
    }

    pub fn into_vec(self) -> Vec<Lint> {
        self.0
    }
}

fn header(s: &Sample, name: &str) -> Option<String> {
    let v: Vec<String> = s
        .headers
        .get_all(name)
        .iter()
        .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
        .collect();
    (!v.is_empty()).then(|| v.join(", "))
}

/// Lints that one response shows on its own. The page-cacheability lints (`uncacheable`,
/// `tiny-s-maxage`, `set-cookie-cached`, `vary-cookie`) only judge 2xx responses.
pub fn check_sample(set: &mut LintSet, s: &Sample, f: &Freshness) {
    let seq = s.seq;
    let d = &f.directives;
    let policy = f.policy_header.clone().unwrap_or_default();
    let cc = || {
        header(s, &policy)
            .map(|v| format!("{policy}: {v}"))
            .unwrap_or_default()
    };
    if s.layers.is_empty() {
        set.add(
            "no-cache-status",
            seq,
            "no cache-status header found: cannot tell HIT from MISS (state inferred)".into(),
            s.note
                .clone()
                .unwrap_or_else(|| "no known cache header".into()),
        );
    }
    // The page-cacheability lints judge pages: on a 404/500/redirect, `private, no-store` is
    // normal (Next.js sends it on its cached not-found page, with `x-nextjs-cache: HIT`) and
    // "use cookies()?" advice would mislead. The status is reported in the verdict instead.
    let page = s.is_success();
    if page && (d.no_store || d.private) {
        let which = if d.no_store { "no-store" } else { "private" };
        set.add(
            "uncacheable",
            seq,
            format!(
                "Cache-Control {which}: shared caches will not store this page, so ISR / \
                 stale-while-revalidate cannot work (a dynamic API such as cookies() or headers()?)"
            ),
            cc(),
        );
    }
    if page
        && let Some(sm) = d.s_maxage
        && sm <= 1
        && !(s.state.is_stale() && s.layers.iter().any(|l| l.source == "opennext"))
    {
        set.add(
            "tiny-s-maxage",
            seq,
            format!("s-maxage={sm}: the CDN keeps the page for {sm}s at most, so ISR degenerates into SSR"),
            cc(),
        );
    }
    if page
        && s.state.served_from_cache()
        && let Some(c) = header(s, "set-cookie")
    {
        let name = c.split('=').next().unwrap_or("").trim().to_string();
        set.add(
            "set-cookie-cached",
            seq,
            "Set-Cookie on a response served from cache: one visitor's cookie may be served to others, \
             and many CDNs refuse to cache such responses"
                .into(),
            format!("{} with set-cookie: {name}=...", s.state),
        );
    }
    if page && let Some(v) = header(s, "vary") {
        let lower = v.to_ascii_lowercase();
        if lower.split(',').any(|x| matches!(x.trim(), "cookie" | "*")) {
            set.add(
                "vary-cookie",
                seq,
                "Vary: Cookie (or *): every visitor gets a separate cache entry or none at all"
                    .into(),
                format!("vary: {v}"),
            );
        }
    }
    if let (Some(age), Some(max), Some(_)) = (s.age, f.max_servable_age(), d.stale_while_revalidate)
        && age > max
    {
        set.add(
            "age-beyond-swr",
            seq,
            format!(
                "Age {age}s is beyond s-maxage + stale-while-revalidate ({max}s): the cache serves \
                 content older than the headers allow (its own TTL overrides them?)"
            ),
            format!("age: {age}; {}", cc()),
        );
    }
    if d.swr_without_value {
        set.add(
            "swr-without-value",
            seq,
            "stale-while-revalidate without a number of seconds is invalid (RFC 5861) and ignored by \
             standards-following caches"
                .into(),
            cc(),
        );
    }
}

/// Lints that need the whole run of one URL. `path` is the URL's content versions by label in
/// the order they were served, consecutive repeats collapsed (`v1`, `v2`, `v1`).
pub fn check_url(set: &mut LintSet, path: &[&str]) {
    // A version that comes back after another one replaced it: A -> B -> A.
    for (i, v) in path.iter().enumerate() {
        if path[..i].contains(v) && !set.has("version-flapping") {
            set.add(
                "version-flapping",
                0,
                "content flips back to a version it had already replaced: several origin instances \
                 or PoPs with separate caches (e.g. self-hosted Next.js behind a load balancer)"
                    .into(),
                format!("versions in order: {}", path.join(" → ")),
            );
        }
    }
}
