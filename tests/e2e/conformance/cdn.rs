//! The `cdn` profile against Varnish in front of the python origin.

use super::compare::*;
use super::schedule::*;
use crate::servers::*;

/// (h) The `cdn` profile against Varnish in front of the origin with
/// `Cache-Control: s-maxage=2, stale-while-revalidate=2`: MISS, HIT, STALE inside the SWR
/// window (background fetch), HIT with the new object, and past s-maxage + swr a MISS
/// (the object is gone), then HIT.
#[test]
fn conformance_cdn_profile_vs_varnish() {
    let _g = serial();
    require_all();
    retry_on_reality(|| {
        let origin = Origin::start();
        origin.set_cache_control(Some("public, s-maxage=2, stale-while-revalidate=2"));
        let varnish = Varnish::start(origin.port);
        let mut s = Schedule::with_target(Target::Cache {
            base: varnish.url(""),
        });
        let p = "/cdn/a";
        s.get_at(0.0, p); // MISS
        s.get_at(0.8, p); // HIT
        s.change_at(1.2, p, || origin.set_version(2));
        s.get_at(2.7, p); // STALE (age 2.7 < 2 + 2), background fetch
        s.get_at(3.3, p); // HIT, new object fetched at ~2.7
        s.change_at(3.6, p, || origin.set_version(3));
        s.get_at(7.6, p); // MISS: age 4.9 > s-maxage + swr
        s.get_at(8.2, p); // HIT
        let scenario = s.scenario(&[(p, "revalidate = 2\nexpire = 4\nprerender = []")], None);
        check(
            "cdn vs Varnish",
            &s,
            &["MISS", "HIT", "STALE", "HIT", "MISS", "HIT"],
            &scenario,
        );
    });
}
