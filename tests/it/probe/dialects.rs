//! `isrctl probe` reading each vendor's cache headers (Cloudflare, Fastly shield hops, RFC 9211,
//! Netlify, nginx, Varnish) from scripted servers.

use super::{run_json, seq};
use crate::support::scripted::{Reply, reply, serve};

pub(super) fn hdr(pairs: &[(&'static str, &'static str)], body: &str) -> Reply {
    reply(pairs, body)
}

#[test]
fn cloudflare_dialect_with_body_hash_versions() {
    let cc = (
        "cache-control",
        "public, s-maxage=60, stale-while-revalidate=30",
    );
    let s = serve(vec![(
        "/cf",
        vec![
            hdr(
                &[("cf-cache-status", "MISS"), ("cf-ray", "8f1c-FRA"), cc],
                "one",
            ),
            hdr(&[("cf-cache-status", "HIT"), ("age", "3"), cc], "one"),
            hdr(&[("cf-cache-status", "UPDATING"), ("age", "70"), cc], "one"),
            hdr(&[("cf-cache-status", "HIT"), ("age", "0"), cc], "two"),
        ],
    )]);
    let (code, v) = run_json(&[
        &s.url("/cf"),
        "--interval",
        "50ms",
        "--count",
        "5",
        "--expect",
        "MISS,HIT,UPDATING,HIT",
    ]);
    assert_eq!(code, 0, "{v}");
    let u = &v["urls"][0];
    assert_eq!(u["versions"].as_array().unwrap().len(), 2);
    assert!(
        u["versions"][0]["content_id"]
            .as_str()
            .unwrap()
            .starts_with("body:")
    );
    assert!(u["regeneration_lag"].as_f64().is_some());
    assert_eq!(
        v["samples"][2]["freshness"],
        "in stale-while-revalidate for 20s more"
    );
    assert_eq!(v["samples"][1]["freshness"], "fresh for 57s");
}

#[test]
fn fastly_multi_hop_shield_hit_is_a_hit() {
    let f = |x: &'static str, age: &'static str| {
        hdr(
            &[
                ("x-cache", x),
                ("x-served-by", "cache-sea1927-SEA, cache-ams4133-AMS"),
                ("age", age),
                ("cache-control", "max-age=30"),
            ],
            "b",
        )
    };
    let s = serve(vec![(
        "/f",
        vec![
            f("MISS, MISS", "0"),
            f("HIT, MISS", "2"),
            f("MISS, HIT", "5"),
            f("MISS, HIT", "45"),
        ],
    )]);
    let (code, v) = run_json(&[
        &s.url("/f"),
        "--interval",
        "50ms",
        "--count",
        "4",
        "--expect",
        "MISS,HIT,STALE",
    ]);
    assert_eq!(code, 0, "{v}");
    let layers = v["samples"][1]["layers"].as_array().unwrap();
    assert_eq!(layers.len(), 2);
    assert_eq!(layers[0]["state"], "MISS"); // edge (client-nearest first)
    assert_eq!(layers[1]["state"], "HIT"); // shield
    assert!(
        v["samples"][3]["layers"][0]["detail"]
            .as_str()
            .unwrap()
            .contains("stale by headers")
    );
}

#[test]
fn rfc9211_netlify_and_nginx_and_varnish_dialects() {
    let s = serve(vec![
        (
            "/n",
            vec![
                hdr(&[("cache-status", "\"Netlify Edge\"; fwd=miss")], "a"),
                hdr(&[("cache-status", "\"Netlify Edge\"; hit")], "a"),
                hdr(&[("cache-status", "\"Netlify Edge\"; hit; fwd=stale")], "a"),
                hdr(
                    &[(
                        "cache-status",
                        "\"Next.js\"; hit, \"Netlify Edge\"; fwd=stale; fwd-status=304",
                    )],
                    "b",
                ),
            ],
        ),
        (
            "/x",
            vec![
                hdr(&[("x-cache-status", "MISS")], "a"),
                hdr(&[("x-cache-status", "HIT")], "a"),
                hdr(&[("x-cache-status", "UPDATING")], "a"),
                hdr(&[("x-cache-status", "HIT")], "b"),
            ],
        ),
        (
            "/v",
            vec![
                hdr(
                    &[
                        ("x-varnish", "32770"),
                        ("age", "0"),
                        ("via", "1.1 varnish (Varnish/7.4)"),
                    ],
                    "a",
                ),
                hdr(
                    &[
                        ("x-varnish", "32773 32771"),
                        ("age", "4"),
                        ("via", "1.1 varnish (Varnish/7.4)"),
                    ],
                    "a",
                ),
            ],
        ),
    ]);
    let (code, v) = run_json(&[
        &s.url("/n"),
        &s.url("/x"),
        &s.url("/v"),
        "--interval",
        "50ms",
        "--count",
        "4",
    ]);
    assert_eq!(code, 0, "{v}");
    let by_url = |p: &str| {
        (0..3)
            .find(|&i| v["urls"][i]["url"].as_str().unwrap().ends_with(p))
            .unwrap()
    };
    assert_eq!(
        seq(&v, by_url("/n")),
        ["MISS", "HIT", "STALE", "REVALIDATED"]
    );
    assert_eq!(seq(&v, by_url("/x")), ["MISS", "HIT", "UPDATING", "HIT"]);
    assert_eq!(seq(&v, by_url("/v")), ["MISS", "HIT"]);
}
