//! The tracker on responses from caches that refetch instead of serving stale (Squid, httpd,
//! Traffic Server): the TTL from `Age` cycles, error pages that are not content versions, and the
//! age estimated from `Date` when there is no `Age`.

use isrctl::probe::Sample;
use isrctl::probe::tracker::Tracker;
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use std::time::Duration;

fn sample(seq: u64, t: f64, status: u16, pairs: &[(&str, &str)], body: &str) -> Sample {
    let mut h = HeaderMap::new();
    for (k, v) in pairs {
        h.append(
            HeaderName::from_bytes(k.as_bytes()).unwrap(),
            HeaderValue::from_str(v).unwrap(),
        );
    }
    Sample::from_response(
        "http://x/p",
        seq,
        t,
        status,
        Duration::from_millis(1),
        h,
        Some(format!("body:{body}")),
        4,
        false,
    )
}

const CC: (&str, &str) = ("cache-control", "public, s-maxage=3");

fn squid(seq: u64, t: f64, age: Option<&str>, body: &str) -> Sample {
    let mut h = vec![
        ("x-cache", "HIT from sq"),
        ("x-cache-lookup", "HIT from sq:3128"),
        CC,
    ];
    if let Some(a) = age {
        h.push(("age", a));
    }
    sample(seq, t, 200, &h, body)
}

#[test]
fn ttl_from_age_cycles_for_a_refetching_cache() {
    // Squid 5.7 as measured (0.5 s interval, s-maxage=3): Age 0 1 1 2 2 | 0 0 1 1 2 2 | 0.
    let mut tr = Tracker::new("http://x/p");
    let ages = [
        (0.56, "1"),
        (1.10, "1"),
        (1.65, "2"),
        (2.22, "2"),
        (2.78, "0"),
        (3.33, "0"),
        (3.87, "1"),
        (4.41, "2"),
        (4.95, "2"),
        (5.49, "0"),
    ];
    let mut miss = sample(
        1,
        0.0,
        200,
        &[
            ("x-cache", "MISS from sq"),
            ("x-cache-lookup", "MISS from sq:3128"),
            CC,
        ],
        "a",
    );
    tr.push(&mut miss);
    for (i, (t, a)) in ages.iter().enumerate() {
        tr.push(&mut squid(i as u64 + 2, *t, Some(a), "a"));
    }
    let s = tr.summary();
    // The HITs where Age went down were Squid's 304 refreshes (TCP_REFRESH_UNMODIFIED).
    let seq: Vec<&str> = s.sequence.iter().map(|x| x.as_str()).collect();
    assert_eq!(
        seq,
        ["MISS", "HIT", "REVALIDATED", "HIT", "REVALIDATED"],
        "{seq:?}"
    );
    let ttl = s.observed_ttl.expect("a TTL from the Age cycle");
    // Stored at 0.56-1 = -0.44, replaced at 2.78-0: 3.22 s (Age is whole seconds: +-1).
    assert!((ttl - 3.22).abs() < 0.01, "{ttl}");
    assert_eq!(s.versions.len(), 1);
}

#[test]
fn age_going_down_is_no_revalidation_for_other_caches_or_new_content() {
    // Not Squid (Varnish after its background refresh): a HIT stays a HIT.
    let varnish = |seq, t: f64, age| {
        sample(
            seq,
            t,
            200,
            &[("x-cache", "HIT"), ("x-varnish", "5 3"), ("age", age), CC],
            "a",
        )
    };
    let mut tr = Tracker::new("http://x/p");
    tr.push(&mut varnish(1, 0.0, "2"));
    let mut v = varnish(2, 1.0, "0");
    tr.push(&mut v);
    assert_eq!(v.state.as_str(), "HIT");
    // Squid with new content after a HIT and a lower Age: not a 304 refresh.
    let mut tr = Tracker::new("http://x/p");
    tr.push(&mut squid(1, 0.0, Some("2"), "a"));
    let mut b = squid(2, 1.0, Some("0"), "b");
    tr.push(&mut b);
    assert_eq!(b.state.as_str(), "HIT");
}

#[test]
fn no_age_cycle_without_a_reset() {
    let mut tr = Tracker::new("http://x/p");
    for (i, a) in ["0", "1", "2", "2", "5"].iter().enumerate() {
        tr.push(&mut squid(i as u64 + 1, i as f64, Some(a), "a"));
    }
    assert_eq!(tr.summary().observed_ttl, None);
}

#[test]
fn error_pages_are_not_content_versions() {
    let mut tr = Tracker::new("http://x/p");
    tr.push(&mut squid(1, 0.0, Some("0"), "v1"));
    for seq in 2..5 {
        let mut e = sample(
            seq,
            seq as f64,
            500,
            &[
                ("x-cache", "MISS from sq"),
                ("x-cache-lookup", "HIT from sq:3128"),
            ],
            "origin error",
        );
        let t = tr.push(&mut e);
        assert_eq!(e.version, None, "a 500 page gets no version label");
        assert!(t.is_none_or(|t| !t.new_version));
    }
    let mut s404 = sample(5, 5.0, 404, &[CC], "not found");
    tr.push(&mut s404);
    let mut back = squid(6, 6.0, Some("0"), "v1");
    tr.push(&mut back);
    assert_eq!(back.version.as_deref(), Some("v1"));
    let s = tr.summary();
    assert_eq!(s.versions.len(), 1, "{:?}", s.versions);
    let statuses: Vec<(u16, u64)> = s.non_2xx.iter().map(|x| (x.status, x.count)).collect();
    assert_eq!(statuses, [(500, 3), (404, 1)]);
    // And a real new body after the errors is v2.
    let mut v2 = squid(7, 7.0, Some("0"), "v2");
    tr.push(&mut v2);
    assert_eq!(v2.version.as_deref(), Some("v2"));
}

#[test]
fn date_estimates_age_without_age_header() {
    // httpd's stale-on-error copy: no Age, the stored Date. 8 s old with s-maxage=3.
    let mut tr = Tracker::new("http://x/p");
    let mut s = sample(
        1,
        0.0,
        200,
        &[
            ("x-cache", "HIT from h"),
            ("warning", "111 Revalidation failed"),
            ("date", "Wed, 02 Dec 2026 09:06:20 GMT"),
            CC,
        ],
        "a",
    );
    s.date_age = Some(8);
    tr.push(&mut s);
    let f = s.freshness.unwrap();
    assert!(f.contains("stale by 5s"), "{f}");
    assert!(f.contains("age estimated"), "{f}");
}
