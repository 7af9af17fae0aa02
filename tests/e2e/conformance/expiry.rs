//! Time-based expiry: on-demand paths and prerendered build entries.

use super::POSTS_ROUTE;
use super::compare::*;
use super::in_flight::SLOW_ROUTE;
use super::schedule::*;
use crate::servers::*;

/// (a) Time-based expiry on an on-demand path: MISS, HIT.., past revalidate STALE (background
/// render), HIT with the new render, again STALE after the next period, HIT.
#[test]
fn conformance_time_based_expiry() {
    let _g = serial();
    require_all();
    retry_on_reality(|| {
        let mut next = NextServer::start();
        let mut s = Schedule::new(&mut next);
        let p = "/posts/41";
        for t in [0.0, 1.0, 3.0, 5.8, 6.6, 9.0, 11.6, 12.4] {
            s.get_at(t, p);
        }
        let scenario = s.scenario(&[("/posts/[id]", POSTS_ROUTE)], None);
        check(
            "time-based expiry",
            &s,
            &["MISS", "HIT", "HIT", "STALE", "HIT", "HIT", "STALE", "HIT"],
            &scenario,
        );
    });
}

/// (e) A prerendered page whose build entry is older than revalidate: the very first request
/// after start is STALE (build body), the next HIT (runtime render).
#[test]
fn conformance_prerendered_build_entry_is_stale() {
    let _g = serial();
    require_all();
    retry_on_reality(|| {
        assert!(
            next_build_age_secs() >= 6,
            "the fixture build is younger than /isr's revalidate (5 s); this schedule needs it older"
        );
        let mut next = NextServer::start();
        let mut s = Schedule::new(&mut next);
        let r = s.get_at(0.0, "/isr");
        assert_eq!(
            r.stamp_field("PHASE").as_deref(),
            Some("build"),
            "REALITY CHECK: {r:?}"
        );
        s.get_at(0.8, "/isr");
        s.get_at(1.6, "/isr");
        let scenario = s.scenario(&[("/isr", "revalidate = 5")], None);
        check(
            "prerendered build entry",
            &s,
            &["STALE", "HIT", "HIT"],
            &scenario,
        );
    });
}

/// expireTime on a real server (the second build: expireTime 8 s, revalidate 5 s, the 2 s slow
/// page). Past expire the request blocks on a render labelled REVALIDATED, and the requests that
/// join that render are HIT; between revalidate and expire it is STALE with a background render.
#[test]
fn conformance_expire_time() {
    let _g = serial();
    require_all();
    retry_on_reality(|| {
        let mut next = NextServer::start_expire_build();
        assert!(
            next.build_age_secs() > u64::from(EXPIRE_BUILD_SECS),
            "the build must be older than its expireTime"
        );
        let mut s = Schedule::new(&mut next);
        let p = "/slow/1";
        s.get_in_flight_at(0.0, p); // past expire: blocking render (REVALIDATED)
        s.get_in_flight_at(0.5, p); // joins it: HIT
        s.settle();
        s.get_at(2.9, p);
        s.get_at(7.9, p); // revalidate < age < expire: STALE, background render
        s.get_at(10.7, p); // HIT: that render
        // Nothing until the entry is older than expire (its render ended at about 10 s).
        s.get_in_flight_at(19.5, p); // REVALIDATED
        s.get_in_flight_at(20.0, p); // joins: HIT
        s.settle();
        let route = format!("{SLOW_ROUTE}\nexpire = {EXPIRE_BUILD_SECS}");
        let scenario = s.scenario(&[("/slow/[id]", &route)], None);
        check(
            "expireTime",
            &s,
            &[
                "REVALIDATED",
                "HIT",
                "HIT",
                "STALE",
                "HIT",
                "REVALIDATED",
                "HIT",
            ],
            &scenario,
        );
    });
}
