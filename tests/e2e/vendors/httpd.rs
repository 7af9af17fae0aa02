//! Apache httpd 2.4 mod_cache: `X-Cache` (`REVALIDATE` included), `X-Cache-Detail` and
//! `Warning: 110/111` against its own `cache-status` note in access.log.

use super::*;

#[test]
fn httpd_states_match_its_access_log() {
    let _g = serial();
    let o = origin();
    let ht = Httpd::start(o.port);
    let http = Http::new();
    let url = ht.url("/ht");
    let sent = std::cell::Cell::new(0usize);
    let get = || {
        sent.set(sent.get() + 1);
        http.get(&url)
    };
    let hits = || o.hits(Some("/ht"));
    // httpd's own record of the response just received (its access.log is not buffered).
    let logged = || nth_logged(|| ht.log_notes("/ht"), sent.get());
    let check = |r: &Resp, want: CacheState, note: &str| {
        assert_eq!(
            (state(r), logged()),
            (want, note.to_string()),
            "{}",
            show(r)
        );
    };

    check(
        &get(),
        CacheState::Miss,
        "cache miss: attempting entity save",
    );
    check(&get(), CacheState::Hit, "cache hit");
    let r = until(get, |_| hits() == 2);
    check(
        &r,
        CacheState::Revalidated,
        "conditional cache hit: entity refreshed",
    );
    // Expired, new content: httpd says MISS (it refetched; nothing marks the stale copy).
    o.set_version(2);
    let r = until(get, |_| hits() == 3);
    check(&r, CacheState::Miss, "cache miss: attempting entity save");
    assert!(r.body.contains("version=2"), "{}", r.body);
    // Origin 500 after expiry: CacheStaleOnError serves the stale copy with Warning 111.
    o.set_fail(true);
    let r = until(get, |_| hits() == 4);
    check(
        &r,
        CacheState::Stale,
        "cache hit: 500 status; stale content returned",
    );
    assert_eq!(r.status, 200);
    assert!(r.body.contains("version=2"), "{}", r.body);
    assert!(r.header("age").is_none(), "no Age: {}", show(&r));
    o.set_fail(false);
    let r = http.get(&ht.url("/nostore-ht"));
    assert_eq!(state(&r), CacheState::Dynamic, "{}", show(&r));
    assert_eq!(
        nth_logged(|| ht.log_notes("/nostore-ht"), 1),
        "Cache-Control: no-store present"
    );
}

/// CacheLock: while one request refreshes an expired copy (slow origin), the others get the stale
/// copy with `Warning: 110` (STALE); the refreshing one says REVALIDATE.
#[test]
fn httpd_cache_lock_serves_stale_with_warning_110() {
    let _g = serial();
    let o = origin();
    std::fs::write(o.data_dir.join("slow"), "1").unwrap();
    let ht = Httpd::start(o.port);
    let http = Http::new();
    let url = ht.url("/slow/ht");
    let r = http.get(&url);
    assert_eq!(state(&r), CacheState::Miss, "{}", show(&r));
    // Expiry without touching the origin: 2 s after the copy was stored (httpd's Age never
    // shows 2 here: the origin's Date is a second older than the end of its slow answer).
    http.sleep_until(r.t + r.latency + 2.2);
    let urls = vec![url.clone(), url.clone(), url.clone()];
    let rs = http.get_concurrent(&urls);
    let states: Vec<CacheState> = rs.iter().map(state).collect();
    let all: Vec<String> = rs.iter().map(show).collect();
    assert_eq!(
        states
            .iter()
            .filter(|s| **s == CacheState::Revalidated)
            .count(),
        1,
        "{all:#?}"
    );
    assert_eq!(
        states.iter().filter(|s| **s == CacheState::Stale).count(),
        2,
        "{all:#?}"
    );
    assert!(
        rs.iter()
            .filter(|r| state(r) == CacheState::Stale)
            .all(|r| r.header("warning").is_some_and(|w| w.starts_with("110"))),
        "{all:#?}"
    );
}
