//! The RSC check (`probe --rsc`): each URL also requested as Next.js's client router requests it
//! on a navigation (`RSC: 1`, `Next-Router-State-Tree`, the `_rsc` cache-busting parameter), the
//! kind of body each request got (HTML page, RSC payload), and the lints when a cache answers one
//! with the other's body or the origin answers both on one URL without `Vary: RSC`.
//!
//! Header names and the `_rsc` digest follow Next.js's `app-router-headers.ts` and
//! `cache-busting-search-param.ts` (docs/probe.md cites them). No terminal output here.

use super::fetch;
use super::kind::BodyKind;
use super::lints::LintSet;
use super::sample::{RequestSpec, RscCheck, Sample};
use crate::http::cache_status::Layer;
use base64::Engine;
use reqwest::header::{HeaderName, HeaderValue};
use std::time::Instant;

/// `encodeURIComponent(JSON.stringify(["", {}]))`: the smallest router state, a client at the
/// app's root (the value Next.js's own tests send).
pub const STATE_TREE: &str = "%5B%22%22%2C%7B%7D%5D";

/// The request headers of a navigation's RSC request (without `Next-Url`: it would select an
/// intercepted route, and `Next-Router-Prefetch`: this is a navigation, not a prefetch).
pub fn headers() -> [(HeaderName, HeaderValue); 2] {
    [
        (
            HeaderName::from_static("rsc"),
            HeaderValue::from_static("1"),
        ),
        (
            HeaderName::from_static("next-router-state-tree"),
            HeaderValue::from_static(STATE_TREE),
        ),
    ]
}

/// Next.js's `computeCacheBustingSearchParam`: SHA-256 of `prefetch,segment,state-tree,next-url`
/// (each `0` when absent), the first 12 bytes, base64url without padding.
pub fn cache_busting(
    prefetch: Option<&str>,
    segment: Option<&str>,
    state_tree: Option<&str>,
    next_url: Option<&str>,
) -> String {
    if prefetch.is_none_or(|p| p == "0")
        && segment.is_none()
        && state_tree.is_none()
        && next_url.is_none()
    {
        return String::new();
    }
    let input = [prefetch, segment, state_tree, next_url]
        .map(|x| x.unwrap_or("0"))
        .join(",");
    let digest = ring::digest::digest(&ring::digest::SHA256, input.as_bytes());
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(&digest.as_ref()[..12])
}

/// The URL of the RSC request: the page's URL with `_rsc` set as the client router sets it.
pub fn rsc_url(page: &url::Url) -> url::Url {
    let mut u = page.clone();
    let kept: Vec<(String, String)> = page
        .query_pairs()
        .filter(|(k, _)| k != "_rsc")
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    let hash = cache_busting(None, None, Some(STATE_TREE), None);
    u.query_pairs_mut()
        .clear()
        .extend_pairs(kept)
        .append_pair("_rsc", &hash);
    u
}

/// The page requests' spec with the RSC headers added; redirects are not followed (Next.js's
/// canonical `_rsc` redirect is followed once by `fetch`).
pub fn spec(page: &RequestSpec) -> RequestSpec {
    let mut s = page.clone();
    for (n, v) in headers() {
        s.headers.insert(n, v);
    }
    s.follow = None;
    s.keep_head = false;
    s
}

/// The layer that answered a response, in words: the first layer that served from its store, or
/// the client-nearest one, or the origin when no cache reported.
pub fn answered_by(layers: &[Layer]) -> String {
    let l = layers
        .iter()
        .find(|l| l.state.served_from_cache())
        .or(layers.first());
    match l {
        Some(l) => format!("{} ({}: {})", l.source, l.header, l.raw),
        None => "the origin (no cache-status header)".into(),
    }
}

/// Send the RSC request of `page` (`spec` from [`spec`]) and record what came back.
pub async fn check(
    client: &reqwest::Client,
    spec: &RequestSpec,
    page: &url::Url,
    seq: u64,
    start: Instant,
) -> RscCheck {
    let url = rsc_url(page);
    let mut s = fetch::fetch(client, spec, url.as_str(), seq, start).await;
    let mut canonical = false;
    // Next.js answers a `_rsc` it does not expect (another digest) with a redirect to the same
    // path with its own value: follow that one, once.
    // (Resolved from the raw header: the sample's `location` is redacted for display.)
    if let Some(loc) =
        crate::http::header_joined(&s.headers, "location").and_then(|l| url.join(l.trim()).ok())
        && s.status.is_some_and(|c| (300..400).contains(&c))
        && loc.path() == url.path()
        && loc.query_pairs().any(|(k, _)| k == "_rsc")
    {
        s = fetch::fetch(client, spec, loc.as_str(), seq, start).await;
        canonical = true;
    }
    let red = |v: Option<String>| v.map(|v| spec.redactor.redact(&v).into_string());
    RscCheck {
        url: spec.redactor.redact(s.url.as_str()).into_string(),
        status: s.status,
        state: s.state,
        answered_by: spec.redactor.redact(&answered_by(&s.layers)).into_string(),
        content_type: red(crate::http::header_joined(&s.headers, "content-type")),
        body: s.body,
        vary: red(crate::http::header_joined(&s.headers, "vary")),
        latency: s.latency,
        canonical_redirect: canonical,
        error: red(s.error),
    }
}

fn varies_on_rsc(vary: Option<&str>) -> bool {
    vary.is_some_and(|v| {
        v.split(',')
            .any(|x| matches!(x.trim(), v if v.eq_ignore_ascii_case("rsc") || v == "*"))
    })
}

/// The page looks like a Next.js App Router page: the *page* response varies on `RSC`, or an RSC
/// payload came back. Not the RSC response's `Vary`: Next.js's `setVaryHeader` adds it when
/// `isAppPath || isRSCRequest`, so a Pages Router route (HTML to every request) varies on `RSC`
/// only when asked with `RSC: 1`.
pub fn is_app_router(s: &Sample) -> bool {
    varies_on_rsc(crate::http::header_joined(&s.headers, "vary").as_deref())
        || s.rsc
            .as_ref()
            .is_some_and(|r| r.body == Some(BodyKind::Rsc))
}

/// The page request got an RSC payload: a cache stored the RSC response under the page's key.
/// Judged on every sample (no extra request needed).
pub fn check_page(set: &mut LintSet, s: &Sample) {
    if s.body == Some(BodyKind::Rsc) && s.is_success() {
        let ct = crate::http::header_joined(&s.headers, "content-type").unwrap_or_default();
        set.add(
            "rsc-as-html",
            s.seq,
            format!(
                "a page request got the RSC payload (raw `0:{{...}}` text), answered by {}: \
                 visitors see the payload as the page. The cache ignores `Vary: RSC`; put the \
                 RSC, Next-Router-State-Tree and Next-Router-Prefetch headers (or the `_rsc` \
                 query parameter) in its cache key",
                answered_by(&s.layers)
            ),
            format!("{} {}; content-type: {ct}", s.state, s.status.unwrap_or(0)),
        );
    }
}

/// The RSC request of a round: it got HTML from a page known to answer RSC (App Router), or both
/// forms came back without `Vary: RSC`.
pub fn check_round(set: &mut LintSet, s: &Sample, app_router: bool) {
    let Some(r) = &s.rsc else { return };
    let ok = r.status.is_some_and(|c| (200..300).contains(&c));
    if ok && app_router && r.body == Some(BodyKind::Html) {
        set.add(
            "html-as-rsc",
            s.seq,
            format!(
                "a client-side navigation (RSC: 1) got the HTML page, answered by {}: the \
                 router cannot use it and falls back to a full page load on every link click. \
                 The cache ignores `Vary: RSC`; put RSC, Next-Router-State-Tree and \
                 Next-Router-Prefetch (or the `_rsc` query parameter) in its cache key",
                r.answered_by
            ),
            format!(
                "{} {}; content-type: {}",
                r.state,
                r.status.unwrap_or(0),
                r.content_type.as_deref().unwrap_or("-")
            ),
        );
    }
    let page_vary = crate::http::header_joined(&s.headers, "vary");
    if ok
        && s.is_success()
        && s.body == Some(BodyKind::Html)
        && r.body == Some(BodyKind::Rsc)
        && !(varies_on_rsc(page_vary.as_deref()) && varies_on_rsc(r.vary.as_deref()))
    {
        set.add(
            "rsc-vary-missing",
            s.seq,
            "the URL answers both an HTML page and an RSC payload, but without `Vary: RSC`: a \
             shared cache keyed on the URL alone will serve one to requests for the other"
                .into(),
            format!(
                "page vary: {}; RSC vary: {}",
                page_vary.as_deref().unwrap_or("(none)"),
                r.vary.as_deref().unwrap_or("(none)")
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_rsc_digest_is_next_js_s() {
        // Next.js test/e2e/app-dir/app-validation: "should generate distinct cache-busting params"
        // expects 16 characters for this state tree; the value is SHA-256 of
        // "0,0,%5B%22%22%2C%7B%7D%5D,0" cut to 12 bytes, base64url (computed apart with Python's
        // hashlib).
        let h = cache_busting(None, None, Some(STATE_TREE), None);
        assert_eq!(h, "OxBCQ2sR9P8GlKR3");
        assert_eq!(cache_busting(Some("0"), None, None, None), "");
        assert_ne!(
            cache_busting(Some("1"), Some("/_tree"), Some(STATE_TREE), None),
            h
        );
        let u = rsc_url(&url::Url::parse("https://e.com/blog?x=1&_rsc=old").unwrap());
        assert_eq!(u.as_str(), "https://e.com/blog?x=1&_rsc=OxBCQ2sR9P8GlKR3");
    }

    #[test]
    fn vary_lists_are_read_case_insensitively() {
        assert!(varies_on_rsc(Some(
            "rsc, next-router-state-tree, next-router-prefetch, Accept-Encoding"
        )));
        assert!(varies_on_rsc(Some("Accept-Encoding, RSC")));
        assert!(!varies_on_rsc(Some("Accept-Encoding")));
        assert!(!varies_on_rsc(None));
    }
}
