//! Table-driven tests of the cache-status classifier over every vendor value in
//! shared/reference/cache-headers.md, a proptest that nothing panics, and the verify API.

use isrctl::http::cache_status::{CacheState, CacheState::*, classify, parse_cache_status};
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

fn state(pairs: &[(&str, &str)]) -> CacheState {
    classify(&hm(pairs)).state
}

#[test]
fn single_header_vendor_values() {
    let table: &[(&str, &str, CacheState)] = &[
        ("x-nextjs-cache", "HIT", Hit),
        ("x-nextjs-cache", "STALE", Stale),
        ("x-nextjs-cache", "MISS", Miss),
        ("x-nextjs-cache", "REVALIDATED", Revalidated),
        ("x-nextjs-cache", "hit", Hit),
        ("x-opennext-cache", "HIT", Hit),
        ("x-opennext-cache", "STALE", Stale),
        ("x-opennext-cache", "MISS", Miss),
        ("x-opennext-cache", "ERROR", Unknown),
        ("x-vercel-cache", "HIT", Hit),
        ("x-vercel-cache", "STALE", Stale),
        ("x-vercel-cache", "MISS", Miss),
        ("x-vercel-cache", "PRERENDER", Hit),
        ("x-vercel-cache", "REVALIDATED", Revalidated),
        ("x-vercel-cache", "BYPASS", Bypass),
        ("x-vercel-cache", "REVLIDATED", Unknown),
        ("cf-cache-status", "HIT", Hit),
        ("cf-cache-status", "MISS", Miss),
        ("cf-cache-status", "EXPIRED", Expired),
        ("cf-cache-status", "STALE", Stale),
        ("cf-cache-status", "UPDATING", Updating),
        ("cf-cache-status", "REVALIDATED", Revalidated),
        ("cf-cache-status", "BYPASS", Bypass),
        ("cf-cache-status", "DYNAMIC", Dynamic),
        ("cf-cache-status", "NONE", Unknown),
        ("cf-cache-status", "UNKNOWN", Unknown),
        ("x-cache", "Hit from cloudfront", Hit),
        ("x-cache", "RefreshHit from cloudfront", Revalidated),
        ("x-cache", "Miss from cloudfront", Miss),
        ("x-cache", "Error from cloudfront", Unknown),
        ("x-cache", "Redirect from cloudfront", Unknown),
        ("x-cache", "LimitExceeded from cloudfront", Unknown),
        ("x-cache", "CapacityExceeded from cloudfront", Unknown),
        (
            "x-cache",
            "LambdaGeneratedResponse from cloudfront",
            Dynamic,
        ),
        (
            "x-cache",
            "FunctionGeneratedResponse from cloudfront",
            Dynamic,
        ),
        (
            "x-cache",
            "TCP_HIT from a23-1-2-3 (AkamaiGHost/5.7.2-5726413) (-)",
            Hit,
        ),
        (
            "x-cache",
            "TCP_MEM_HIT from a69-174-50-208 (AkamaiGHost/5.7.2) (-)",
            Hit,
        ),
        ("x-cache", "TCP_IMS_HIT from a1-2-3-4", Hit),
        ("x-cache", "TCP_NEGATIVE_HIT from a1-2-3-4", Hit),
        ("x-cache", "TCP_MISS from a1-2-3-4", Miss),
        ("x-cache", "TCP_CLIENT_REFRESH_MISS from a1-2-3-4", Miss),
        ("x-cache", "TCP_REFRESH_HIT from a1-2-3-4", Revalidated),
        ("x-cache", "TCP_REFRESH_MISS from a1-2-3-4", Expired),
        ("x-cache", "TCP_REFRESH_FAIL_HIT from a1-2-3-4", Stale),
        ("x-cache", "TCP_DENIED from a1-2-3-4", Unknown),
        ("x-cache", "TCP_COOKIE_DENY from a1-2-3-4", Unknown),
        ("x-cache", "TCP_HIT", Hit),
        ("x-cache", "TCP_REMOTE_HIT", Hit),
        ("x-cache", "TCP_MISS", Miss),
        ("x-cache", "PRIVATE_NOSTORE", Bypass),
        ("x-cache", "CONFIG_NOCACHE", Dynamic),
        ("x-cache", "UNCACHEABLE", Dynamic),
        ("x-cache", "N/A", Unknown),
        ("akamai-cache-status", "Hit from child", Hit),
        ("akamai-cache-status", "Miss from child", Miss),
        ("akamai-cache-status", "RefreshHit from child", Revalidated),
        ("akamai-cache-status", "HitStale from child", Stale),
        ("akamai-cache-status", "NotCacheable from child", Dynamic),
        ("akamai-cache-status", "Constructed from child", Dynamic),
        ("akamai-cache-status", "Redirect from child", Unknown),
        ("akamai-cache-status", "Error from child", Unknown),
        (
            "akamai-cache-status",
            "Miss from child, Hit from parent",
            Hit,
        ),
        (
            "fastly-debug-ttl",
            "H cache-jfk1026-JFK 41733294.335 864000.000 2273",
            Hit,
        ),
        ("fastly-debug-ttl", "M cache-jfk1026-JFK - - 0", Miss),
        ("cdn-cache", "HIT", Hit),
        ("cdn-cache", "MISS", Miss),
        ("cdn-cache", "BYPASS", Bypass),
        ("cdn-cache", "EXPIRED", Expired),
        ("cdn-cache", "STALE", Stale),
        ("x-cache-hit", "hit", Hit),
        ("x-cache-hit", "miss", Miss),
        ("x-cache-hit", "revalidated", Revalidated),
        ("x-cache-hit", "stale", Stale),
        ("x-cache-hit", "uncacheable", Dynamic),
        ("x-cache-hit", "disabled", Dynamic),
        ("x-cache", "hit-fresh", Hit),
        ("x-cache", "hit-stale", Expired),
        ("x-cache", "miss", Miss),
        ("x-cache", "skipped", Bypass),
        ("x-cache", "HIT from squid-1", Hit),
        ("x-cache", "MISS from squid-1", Miss),
        ("cache", "HIT", Hit),
        ("cache", "MISS", Miss),
        ("cache", "UPDATING", Updating),
        ("x-varnish", "32773 32771", Hit),
        ("x-varnish", "32770", Miss),
    ];
    for (h, v, want) in table {
        assert_eq!(state(&[(h, v)]), *want, "{h}: {v}");
        let raw = &classify(&hm(&[(h, v)])).layers[0].raw;
        assert!(
            v.starts_with(raw.as_str()) && !raw.is_empty(),
            "raw kept: {raw}"
        );
    }
    for v in [
        "HIT",
        "MISS",
        "EXPIRED",
        "STALE",
        "UPDATING",
        "REVALIDATED",
        "BYPASS",
    ] {
        for h in [
            "x-cache-status",
            "x-proxy-cache",
            "x-fastcgi-cache",
            "x-cache",
        ] {
            assert_eq!(state(&[(h, v)]).as_str(), v, "{h}: {v}");
        }
    }
}

#[test]
fn fastly_multi_hop_and_stale_by_age() {
    let f = |x: &str| classify(&hm(&[("x-cache", x), ("x-served-by", "cache-a, cache-b")]));
    assert_eq!(f("HIT").state, Hit);
    assert_eq!(f("MISS, MISS").state, Miss);
    let c = f("HIT, MISS");
    assert_eq!((c.state, c.layers.len(), c.headline), (Hit, 2, Some(1)));
    assert_eq!(c.layers[0].state, Miss);
    assert_eq!(f("MISS, HIT").headline, Some(0));
    assert_eq!(f("MISS, HIT, HIT").layers.len(), 3);
    let c = classify(&hm(&[
        ("x-cache", "HIT"),
        ("x-served-by", "a"),
        ("age", "90"),
        ("cache-control", "s-maxage=60"),
    ]));
    assert_eq!(c.state, Stale);
    let c = classify(&hm(&[
        ("x-cache", "Hit from cloudfront"),
        ("age", "90"),
        ("cache-control", "max-age=60"),
    ]));
    assert_eq!(c.state, Stale);
    let c = classify(&hm(&[
        ("x-cache", "Miss from cloudfront"),
        ("cache-control", "no-store"),
    ]));
    assert_eq!(c.state, Dynamic);
    let c = classify(&hm(&[
        ("x-cache", "TCP_MISS from a1-2-3-4"),
        ("x-cache-remote", "TCP_HIT from a5-6-7-8"),
    ]));
    assert_eq!((c.state, c.layers.len()), (Hit, 2));
    let c = classify(&hm(&[("cdn-cache", "HIT"), ("perma-cache", "MISS")]));
    assert_eq!(
        (c.state, c.layers[1].detail.as_deref()),
        (Hit, Some("perma-cache"))
    );
}

#[test]
fn rfc9211_members_and_layers() {
    let t: &[(&str, CacheState)] = &[
        ("ExampleCache; hit; ttl=376", Hit),
        ("ExampleCache; hit; ttl=-412", Stale),
        ("ExampleCache; hit", Hit),
        ("ExampleCache; fwd=uri-miss", Miss),
        ("ExampleCache; fwd=vary-miss", Miss),
        ("ExampleCache; fwd=miss", Miss),
        ("ExampleCache; fwd=partial", Miss),
        ("ExampleCache; fwd=request", Miss),
        ("ExampleCache; fwd=stale; fwd-status=304", Revalidated),
        ("ExampleCache; fwd=stale", Expired),
        ("ExampleCache; fwd=stale; fwd-status=200", Expired),
        ("ExampleCache; fwd=bypass", Bypass),
        ("ExampleCache; fwd=method", Dynamic),
        ("ExampleCache", Unknown),
        ("ExampleCache; stored", Unknown),
        ("\"Netlify Edge\"; hit", Hit),
        ("\"Netlify Edge\"; fwd=miss", Miss),
        ("\"Netlify Edge\"; fwd=stale", Expired),
        ("\"Netlify Edge\"; hit; fwd=stale", Stale),
        ("\"Next.js\"; hit; fwd=stale", Stale),
        ("\"Netlify Edge\"; fwd=miss; detail=\"x\"", Miss),
    ];
    for (v, want) in t {
        assert_eq!(state(&[("cache-status", v)]), *want, "{v}");
    }
    // Two layers, origin first in the header; reported client-nearest first; headline the nearest hit.
    let c = classify(&hm(&[(
        "cache-status",
        "OriginCache; hit; ttl=1100; collapsed, \"CDN Company Here\"; hit; ttl=545",
    )]));
    assert_eq!(c.layers.len(), 2);
    assert_eq!(c.layers[0].source, "cache-status:CDN Company Here");
    assert_eq!(c.layers[0].ttl, Some(545));
    let v = "\"Next.js\"; fwd=miss, \"Netlify Durable\"; fwd=uri-miss; stored, \"Netlify Edge\"; fwd=miss";
    let c = classify(&hm(&[("cache-status", v)]));
    assert_eq!((c.state, c.layers.len()), (Miss, 3));
    let c = classify(&hm(&[(
        "cache-status",
        "\"Next.js\"; hit, \"Netlify Durable\"; fwd=miss; stored, \"Netlify Edge\"; fwd=miss",
    )]));
    assert_eq!((c.state, c.headline), (Hit, Some(2)));
    // Invalid structured field syntax (the blog's comma form): lenient fallback.
    let l = parse_cache_status("\"Netlify Edge\"; hit, fwd=stale");
    assert_eq!((l.len(), l[0].state), (1, Stale));
    let l = parse_cache_status("Bad Cache; hit; ttl=oops");
    assert_eq!(l.len(), 1);
}

#[test]
fn combinations_and_absent_headers() {
    // CDN HIT in front of a frozen origin MISS: the CDN answered.
    let c = classify(&hm(&[
        ("x-cache", "Hit from cloudfront"),
        ("x-nextjs-cache", "MISS"),
    ]));
    assert_eq!((c.state, c.layers.len()), (Hit, 2));
    // CDN MISS, origin Next HIT: content came from Next's cache.
    let c = classify(&hm(&[
        ("cf-cache-status", "MISS"),
        ("x-nextjs-cache", "HIT"),
    ]));
    assert_eq!((c.state, c.headline), (Hit, Some(1)));
    let c = classify(&hm(&[
        ("cf-cache-status", "DYNAMIC"),
        ("x-nextjs-cache", "MISS"),
    ]));
    assert_eq!(c.state, Dynamic);
    assert_eq!(
        state(&[
            ("x-powered-by", "Next.js"),
            (
                "cache-control",
                "private, no-cache, no-store, max-age=0, must-revalidate"
            )
        ]),
        Dynamic
    );
    assert_eq!(state(&[("x-vercel-id", "fra1::abc")]), Dynamic);
    let c = classify(&hm(&[("cache-control", "max-age=60"), ("age", "12")]));
    assert_eq!(c.state, Unknown);
    assert!(c.note.unwrap().contains("probably HIT"));
    assert_eq!(state(&[]), Unknown);
    // Two cf-cache-status values (CF in front of CF): both layers.
    assert_eq!(
        classify(&hm(&[
            ("cf-cache-status", "MISS"),
            ("cf-cache-status", "HIT")
        ]))
        .layers
        .len(),
        2
    );
}

const NAMES: &[&str] = &[
    "x-nextjs-cache",
    "x-vercel-cache",
    "cf-cache-status",
    "x-cache",
    "x-cache-remote",
    "akamai-cache-status",
    "cache-status",
    "x-cache-status",
    "x-varnish",
    "cdn-cache",
    "perma-cache",
    "x-opennext-cache",
    "age",
    "cache-control",
    "cdn-cache-control",
    "surrogate-control",
    "expires",
    "date",
    "x-served-by",
    "fastly-debug-ttl",
    "cache",
    "x-cache-lookup",
    "x-cache-detail",
    "warning",
    "via",
];

proptest! {
    #[test]
    fn classifier_and_freshness_never_panic(
        pairs in proptest::collection::vec((0..NAMES.len(), proptest::collection::vec(any::<u8>(), 0..60)), 0..8),
        text in "[ -~]{0,80}",
    ) {
        let mut h = HeaderMap::new();
        for (i, bytes) in &pairs {
            if let Ok(v) = HeaderValue::from_bytes(bytes) {
                h.append(HeaderName::from_static(NAMES[*i]), v);
            }
            if let Ok(v) = HeaderValue::from_str(&text) {
                h.append(HeaderName::from_static(NAMES[*i]), v);
            }
        }
        let c = classify(&h);
        prop_assert!(c.headline.is_none_or(|i| i < c.layers.len()));
        let _ = isrctl::http::freshness::analyze(&h, Some(3)).describe();
        let _ = parse_cache_status(&text);
    }
}

#[test]
fn verify_api_waits_for_a_new_version() {
    use isrctl::probe::verify::{VerifyTarget, baseline, wait_for_change};
    use std::time::Duration;
    let e = |s: &'static str| {
        crate::support::scripted::reply(&[("x-nextjs-cache", "HIT"), ("etag", s)], s)
    };
    let s = crate::support::scripted::serve(vec![
        ("/p", vec![e("\"a\""), e("\"a\""), e("\"a\""), e("\"b\"")]),
        ("/same", vec![e("\"z\"")]),
    ]);
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let client = isrctl::http::client::build(&Default::default()).unwrap();
        let t = VerifyTarget::new(s.url("/p"));
        let b = baseline(&client, &t).await;
        assert_eq!(b.as_deref(), Some("etag:\"a\""));
        let r = wait_for_change(
            &client,
            &t,
            b.as_deref(),
            Duration::from_millis(30),
            Duration::from_secs(5),
        )
        .await;
        assert!(r.changed);
        assert_eq!(r.samples, 3);
        assert_eq!(r.to.as_deref(), Some("etag:\"b\""));
        let t = VerifyTarget::new(s.url("/same"));
        let r = wait_for_change(
            &client,
            &t,
            Some("etag:\"z\""),
            Duration::from_millis(30),
            Duration::from_millis(100),
        )
        .await;
        assert!(!r.changed);
        assert_eq!(r.last_state, Some(Hit));
        let t = VerifyTarget::new("http://127.0.0.1:9/");
        assert_eq!(baseline(&client, &t).await, None);
    });
}
