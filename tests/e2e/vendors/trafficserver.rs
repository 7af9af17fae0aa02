//! Apache Traffic Server 9.2: the `Via` cache codes and the xdebug `X-Cache` (requested with
//! `X-Debug: X-Cache`). xdebug names the cache LOOKUP: `hit-stale` came with a 304 refresh, a new
//! body and a passed-on 500, never with a stale body; the Via codes say which.

use super::*;
use reqwest::header::HeaderMap;

fn without_via(h: &HeaderMap) -> HeaderMap {
    let mut h = h.clone();
    h.remove("via");
    h
}

#[test]
fn trafficserver_via_codes_and_xdebug() {
    let _g = serial();
    let o = origin();
    let ts = TrafficServer::start(o.port);
    let http = Http::new();
    let url = ts.url("/ats");
    let get = || http.send(http.request("GET", &url).header("X-Debug", "X-Cache"));
    let hits = || o.hits(Some("/ats"));
    let xdebug_alone = |r: &Resp| classify(&without_via(&r.headers)).state;
    let xc = |r: &Resp| r.header("x-cache").unwrap_or_default();

    let r = get();
    assert_eq!(
        (state(&r), xc(&r).as_str()),
        (CacheState::Miss, "miss"),
        "{}",
        show(&r)
    );
    let r = get();
    assert_eq!(
        (state(&r), xc(&r).as_str()),
        (CacheState::Hit, "hit-fresh"),
        "{}",
        show(&r)
    );
    let r = until(get, |_| hits() == 2);
    assert_eq!(xc(&r), "hit-stale", "{}", show(&r));
    assert_eq!(
        state(&r),
        CacheState::Revalidated,
        "Via cS sN: {}",
        show(&r)
    );
    assert_eq!(xdebug_alone(&r), CacheState::Expired, "{}", show(&r));
    o.set_version(2);
    let r = until(get, |_| hits() == 3);
    assert_eq!(xc(&r), "hit-stale", "{}", show(&r));
    assert_eq!(state(&r), CacheState::Expired, "Via cS sS: {}", show(&r));
    assert!(r.body.contains("version=2"), "{}", r.body);
    // Origin 500 after expiry: passed on, the copy deleted (Via fD); the next is a plain miss
    // of an uncacheable answer (the origin's 500 says no-store).
    o.set_fail(true);
    let r = until(get, |_| hits() == 4);
    assert_eq!(
        (r.status, xc(&r).as_str(), state(&r)),
        (500, "hit-stale", CacheState::Expired),
        "{}",
        show(&r)
    );
    let r = get();
    assert_eq!(
        (r.status, state(&r)),
        (500, CacheState::Dynamic),
        "{}",
        show(&r)
    );
    o.set_fail(false);
    let r = http.get(&ts.url("/nostore-ats"));
    assert_eq!(state(&r), CacheState::Dynamic, "{}", show(&r));
    // Without X-Debug: only Via, same reading.
    let r = until(|| http.get(&url), |r| r.status == 200);
    assert!(r.header("x-cache").is_none(), "{}", show(&r));
    assert_eq!(state(&r), CacheState::Miss, "{}", show(&r));
    let r = http.get(&url);
    assert_eq!(state(&r), CacheState::Hit, "{}", show(&r));
}
