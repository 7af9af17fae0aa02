//! The classifier on the header sets Squid 5.7, Apache httpd 2.4 mod_cache and Apache Traffic
//! Server 9.2 really sent (tests/fixtures/README.md; the e2e tests in tests/e2e/vendors/ replay
//! them live), and on what Squid 6 sends instead (RFC 9211 `Cache-Status`, from its source).

use isrctl::http::cache_status::{CacheState, CacheState::*, classify};
use proptest::prelude::*;
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};

fn hm(pairs: &[(&str, &str)]) -> HeaderMap {
    let mut h = HeaderMap::new();
    for (k, v) in pairs {
        h.append(
            HeaderName::from_bytes(k.as_bytes()).unwrap(),
            HeaderValue::from_str(v).unwrap(),
        );
    }
    h
}

fn check(name: &str, pairs: &[(&str, &str)], want: CacheState, source: &str) {
    let c = classify(&hm(pairs));
    assert_eq!(c.state, want, "{name}: {c:#?}");
    let l = &c.layers[c.headline.expect("a layer")];
    assert_eq!(l.source, source, "{name}: {c:#?}");
}

const SQUID_VIA: (&str, &str) = ("via", "1.1 isrctl-e2e (squid/5.7)");
const CC: (&str, &str) = ("cache-control", "public, s-maxage=3");

#[test]
fn squid_5_x_cache_with_lookup() {
    let t: &[(&str, &str, &str, CacheState)] = &[
        // TCP_MISS, TCP_MEM_HIT, TCP_REFRESH_UNMODIFIED (still HIT), TCP_REFRESH_MODIFIED and
        // TCP_REFRESH_FAIL_ERR (MISS beside a lookup HIT).
        (
            "miss",
            "MISS from isrctl-e2e",
            "MISS from isrctl-e2e:3128",
            Miss,
        ),
        (
            "hit",
            "HIT from isrctl-e2e",
            "HIT from isrctl-e2e:3128",
            Hit,
        ),
        (
            "refresh",
            "MISS from isrctl-e2e",
            "HIT from isrctl-e2e:3128",
            Expired,
        ),
        (
            "no lookup",
            "MISS from isrctl-e2e",
            "NONE from isrctl-e2e:3128",
            Bypass,
        ),
    ];
    for (name, x, lookup, want) in t {
        let h = [("x-cache", *x), ("x-cache-lookup", *lookup), SQUID_VIA, CC];
        check(name, &h, *want, "squid");
    }
    let nostore = [
        ("x-cache", "MISS from isrctl-e2e"),
        ("x-cache-lookup", "MISS from isrctl-e2e:3128"),
        ("cache-control", "no-store"),
    ];
    check("no-store", &nostore, Dynamic, "squid");
    // Without X-Cache-Lookup, the Via names Squid.
    check(
        "via only",
        &[("x-cache", "HIT from a"), SQUID_VIA],
        Hit,
        "squid",
    );
    // Two Squids: one line each, origin side first; paired by host; client-nearest first.
    let c = classify(&hm(&[
        ("x-cache", "HIT from parent"),
        ("x-cache-lookup", "HIT from parent:3128"),
        ("x-cache", "MISS from child"),
        ("x-cache-lookup", "HIT from child:3128"),
    ]));
    let got: Vec<(CacheState, &str)> = c.layers.iter().map(|l| (l.state, l.raw.as_str())).collect();
    assert_eq!(
        got,
        [
            (Expired, "MISS from child; lookup HIT"),
            (Hit, "HIT from parent; lookup HIT")
        ]
    );
    assert_eq!(c.state, Hit, "the parent answered from its store");
    // A Warning 110 on a Squid HIT is a stale serve.
    let h = [
        ("x-cache", "HIT from a"),
        ("x-cache-lookup", "HIT from a:3128"),
        ("warning", "110 squid/5.7 \"Response is stale\""),
    ];
    check("warning 110", &h, Stale, "squid");
}

#[test]
fn squid_6_cache_status() {
    // Squid 6 replaced X-Cache/X-Cache-Lookup with Cache-Status (src/LogTags.cc
    // cacheStatusSource, client_side_reply.cc): hit / fwd=miss / fwd=stale, detail=match|mismatch.
    let t: &[(&str, CacheState)] = &[
        ("isrctl-e2e;hit;detail=match", Hit),
        ("isrctl-e2e;fwd=miss;detail=mismatch", Miss),
        ("isrctl-e2e;fwd=stale;detail=match", Expired),
        ("isrctl-e2e;fwd=miss;detail=match", Miss),
        ("isrctl-e2e;fwd=request;detail=no-cache", Miss),
    ];
    for (v, want) in t {
        check(v, &[("cache-status", v)], *want, "cache-status:isrctl-e2e");
    }
}

#[test]
fn httpd_mod_cache() {
    let d = |s: &str| format!("\"{s}\" from isrctl-e2e");
    let t: &[(&str, String, Option<&str>, CacheState)] = &[
        (
            "MISS from isrctl-e2e",
            d("cache miss: attempting entity save"),
            None,
            Miss,
        ),
        ("HIT from isrctl-e2e", d("cache hit"), None, Hit),
        (
            "REVALIDATE from isrctl-e2e",
            d("conditional cache hit: entity refreshed"),
            None,
            Revalidated,
        ),
        (
            "HIT from isrctl-e2e",
            d("cache hit: 500 status; stale content returned"),
            Some("111 Revalidation failed"),
            Stale,
        ),
        (
            "HIT from isrctl-e2e",
            d("cache hit"),
            Some("110 Response is stale"),
            Stale,
        ),
        (
            "MISS from isrctl-e2e",
            d("Cache-Control: no-store present"),
            None,
            Dynamic,
        ),
        ("BYPASS from isrctl-e2e", d("cache bypass"), None, Bypass),
    ];
    for (x, detail, warning, want) in t {
        let mut h = vec![("x-cache", *x), ("x-cache-detail", detail.as_str()), CC];
        if let Some(w) = warning {
            h.push(("warning", w));
        }
        check(x, &h, *want, "httpd");
    }
    // REVALIDATE alone (CacheDetailHeader off) still names httpd.
    check(
        "revalidate",
        &[("x-cache", "REVALIDATE from h")],
        Revalidated,
        "httpd",
    );
    let c = classify(&hm(&[
        ("x-cache", "HIT from h"),
        ("x-cache-detail", "\"cache hit\" from h"),
    ]));
    assert_eq!(c.layers[0].detail.as_deref(), Some("cache hit"));
}

const ATS: &str = "http/1.1 isrctl-e2e (ApacheTrafficServer/9.2.9 ";

#[test]
fn trafficserver_via_codes() {
    let t: &[(&str, &str, CacheState)] = &[
        ("[uScMsSfWpSeN:t cCMp sS])", "miss", Miss),
        ("[uScHs f p eN:t cCHp s ])", "hit-fresh", Hit),
        ("[uScRs f p eN:t cCHp s ])", "hit-fresh", Hit),
        ("[uScSsNfUpSeN:t cCSp sS])", "hit-stale", Revalidated),
        ("[uScSsSfUpSeN:t cCSp sS])", "hit-stale", Expired),
        ("[uScSsSfDpSeN:t cCSp sS])", "hit-stale", Expired),
        ("[uScSsEf p eC:t cCSp sF])", "hit-stale", Expired),
        ("[uScSs f pSeN:t cCSp s ])", "hit-stale", Stale),
        ("[uSc s f p eN:t c p s ])", "none", Bypass),
    ];
    for (codes, xdebug, want) in t {
        let via = format!("{ATS}{codes}");
        check(&via, &[("via", &via)], *want, "trafficserver");
        // With the xdebug value too: still one layer, the Via reading wins.
        let c = classify(&hm(&[("via", &via), ("x-cache", xdebug)]));
        assert_eq!(
            (c.state, c.layers.len()),
            (*want, 1),
            "{via} + {xdebug}: {c:#?}"
        );
    }
    // Short form, and a level-1 Via without codes (no layer).
    check(
        "short",
        &[("via", &format!("{ATS}[cHs f ])"))],
        Hit,
        "trafficserver",
    );
    let c = classify(&hm(&[("via", "http/1.1 a (ApacheTrafficServer/9.2.9)")]));
    assert!(c.layers.is_empty(), "{c:#?}");
    // Two ATS hops: client-nearest first.
    let via = format!("{ATS}[uScHs f p eN:t cCHp s ]), {ATS}[uScMsSfWpSeN:t cCMp sS])");
    let c = classify(&hm(&[("via", &via)]));
    let states: Vec<CacheState> = c.layers.iter().map(|l| l.state).collect();
    assert_eq!(states, [Miss, Hit]);
}

#[test]
fn trafficserver_xdebug_alone() {
    let t: &[(&str, CacheState)] = &[
        ("hit-fresh", Hit),
        ("hit-stale", Expired),
        ("skipped", Bypass),
    ];
    for (v, want) in t {
        check(v, &[("x-cache", v), CC], *want, "trafficserver");
    }
    // A bare `miss` is anyone's word: MISS, not claimed for ATS without its Via.
    check("miss", &[("x-cache", "miss"), CC], Miss, "x-cache");
    // hit-stale whose Age is past the lifetime: the body served is stale.
    let h = [("x-cache", "hit-stale"), CC, ("age", "9")];
    check("hit-stale aged", &h, Stale, "trafficserver");
}

proptest! {
    /// Any text in the vendor-shaped places (Via brackets, `from` words, quoted details,
    /// Warning codes) classifies without a panic, into one layer per ATS Via entry.
    #[test]
    fn vendor_shaped_garbage_never_panics(
        codes in "[ -~é]{0,24}",
        word in "[A-Za-z -]{0,12}",
        detail in "[ -~]{0,30}",
        warn in "[0-9a-z \"]{0,12}",
    ) {
        let via = format!("{ATS}[{codes}])");
        let x = format!("{word} from h");
        let d = format!("\"{detail}\" from h");
        for pairs in [
            vec![("via", via.as_str()), ("x-cache", word.as_str())],
            vec![("x-cache", x.as_str()), ("x-cache-lookup", word.as_str()), SQUID_VIA],
            vec![("x-cache", x.as_str()), ("x-cache-detail", d.as_str()), ("warning", warn.as_str())],
        ] {
            let mut h = HeaderMap::new();
            for (k, v) in pairs {
                if let Ok(v) = HeaderValue::from_str(v) {
                    h.append(HeaderName::from_bytes(k.as_bytes()).unwrap(), v);
                }
            }
            let c = classify(&h);
            prop_assert!(c.layers.len() <= 2, "{c:?}");
        }
    }
}
