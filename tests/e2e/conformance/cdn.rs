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
            nginx: false,
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

/// (i) The `cdn` platform with `[cdn] flavour = "nginx"` against the real nginx
/// (tests/fixtures/nginx: proxy_cache_background_update on, proxy_cache_use_stale updating,
/// proxy_cache_lock on) in front of the origin (`s-maxage=2, stale-while-revalidate=2`).
/// `/slow/ng` (1 s fetches, location `/`: stale without bound while updating): three cold
/// requests at once are 1 MISS + 2 HIT (the lock), then HIT, STALE for the request that starts
/// the background update, UPDATING for the others while it runs, HIT. `/hdr/w` (location
/// `/hdr/`: the header's stale window only): MISS, HIT, past s-maxage + swr EXPIRED (changed
/// content; unchanged, nginx's conditional refresh would say REVALIDATED), HIT.
/// nginx ages entries in whole seconds: t0 is aligned to half a second of the wall clock and
/// every request is planned at least 0.4 s from a second boundary of that clock.
#[test]
fn conformance_nginx_flavour_vs_nginx() {
    let _g = serial();
    require_all();
    retry_on_reality(|| {
        let origin = Origin::start();
        origin.set_cache_control(Some("public, s-maxage=2, stale-while-revalidate=2"));
        std::fs::write(origin.data_dir.join("slow"), "1.0").unwrap();
        let nginx = Nginx::start(origin.port);
        let mut s = Schedule::with_target(Target::Cache {
            base: nginx.url(""),
            nginx: true,
        });
        s.align_t0(0.5);
        let p = "/slow/ng";
        s.burst_at(0.0, p, 3); // MISS + HIT + HIT: one fetch, written at ~1.0 (second 1)
        s.get_at(2.0, p); // HIT through second 3 (t < 3.5)
        s.change_at(2.5, p, || origin.set_version(2));
        s.get_in_flight_at(4.0, p); // STALE: background update until ~5.0
        s.get_in_flight_at(4.3, p); // UPDATING
        s.get_in_flight_at(4.6, p); // UPDATING
        s.settle();
        s.get_at(5.6, p); // HIT, version 2
        let w = "/hdr/w";
        s.get_at(6.0, w); // MISS (second 6): fresh through 8, stale window through 10
        s.get_at(7.0, w); // HIT
        s.change_at(8.0, w, || origin.set_version(3));
        s.get_at(11.0, w); // EXPIRED (new body): second 11 is past the window
        s.get_at(11.6, w); // HIT
        let scenario = s.scenario(
            &[
                (
                    p,
                    "revalidate = 2\nexpire = \"1y\"\nprerender = []\nrender_time = \"1s\"",
                ),
                (
                    w,
                    "revalidate = 2\nexpire = 4\nprerender = []\nrender_time = \"5ms\"",
                ),
            ],
            None,
        );
        check(
            "cdn flavour nginx vs nginx",
            &s,
            &[
                "MISS", "HIT", "HIT", "HIT", "STALE", "UPDATING", "UPDATING", "HIT", "MISS", "HIT",
                "EXPIRED", "HIT",
            ],
            &scenario,
        );
    });
}
