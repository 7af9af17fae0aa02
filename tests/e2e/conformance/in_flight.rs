//! Renders in flight (the slow page `/slow/[id]`, about 2 s per render): invalidations that
//! arrive while a background or blocking render runs, requests that arrive meanwhile, and a
//! restart during a render. Measured sequences: tests/fixtures/README.md, "Renders in flight".

use super::compare::*;
use super::schedule::*;
use crate::servers::*;
use serde_json::json;

pub(super) const SLOW_ROUTE: &str =
    "revalidate = 5\ntags = [\"slow\"]\nprerender = [\"/slow/1\"]\ndynamic_params = true";

/// The real server served the content `want` (else the machine missed the plan).
fn expect_content(r: &Resp, want: &str) {
    assert_eq!(
        r.stamp_field("CONTENT").as_deref(),
        Some(want),
        "REALITY CHECK: {r:?}"
    );
}

/// Compare a schedule on the slow page with `simulate`.
fn check_slow(s: &Schedule, name: &str, expected: &[&str]) {
    check(
        name,
        s,
        expected,
        &s.scenario(&[("/slow/[id]", SLOW_ROUTE)], None),
    );
}

impl Schedule<'_> {
    /// GET `path` at `t` on its own thread (it may wait on a render while the schedule goes on);
    /// recorded by `settle`.
    pub(super) fn get_in_flight_at(&mut self, t: f64, path: &str) {
        let url = format!("{}{path}", self.base());
        let t0 = self.http.t0;
        let handle = std::thread::spawn(move || {
            let mut http = Http::new();
            http.t0 = t0;
            http.sleep_until(t);
            http.get(&url)
        });
        self.pending.push((path.to_string(), handle));
        // Let the thread send before the schedule's next step.
        self.http.sleep_until(t + 0.02);
    }

    /// Wait for every request in flight and record them; observations back in time order.
    pub(super) fn settle(&mut self) {
        for (path, h) in std::mem::take(&mut self.pending) {
            let r = h.join().expect("request thread");
            self.record(&path, &r);
        }
        self.obs.sort_by(|a, b| a.t.total_cmp(&b.t));
        // Scenario files list events in time order: sort the `[[events]]` blocks by `at`.
        let mut blocks: Vec<(f64, String)> = self
            .events
            .split("[[events]]\n")
            .filter(|b| !b.is_empty())
            .map(|b| {
                let at = b
                    .lines()
                    .next()
                    .and_then(|l| l.strip_prefix("at = "))
                    .map(|v| {
                        v.trim_start_matches('[')
                            .split([',', ']'])
                            .next()
                            .unwrap_or(v)
                    })
                    .and_then(|v| v.trim().parse().ok())
                    .expect(
                        "every event block starts with `at = <seconds>` or `at = [<seconds>, ..]`",
                    );
                (at, format!("[[events]]\n{b}"))
            })
            .collect();
        blocks.sort_by(|a, b| a.0.total_cmp(&b.0));
        self.events = blocks.into_iter().map(|(_, b)| b).collect();
    }
}

/// One invalidation while a background regeneration runs. The first request after start finds
/// the build entry old (STALE) and starts a 2 s background render that reads the content before
/// it changes; the invalidation arrives during it. Next.js serves the old entry (STALE, no second
/// render) until that render is done, then stores its result as fresh for a whole revalidate
/// period: the invalidation is superseded, and the change shows only after the next period.
fn invalidation_during_background_render(name: &str, body: serde_json::Value, event: &str) {
    let _g = serial();
    require_all();
    retry_on_reality(|| {
        let mut next = NextServer::start();
        let mut s = Schedule::new(&mut next);
        let p = "/slow/1";
        s.get_at(0.0, p); // STALE: the background render starts
        s.content_at(0.4, "slow-1", "v2", p);
        s.revalidate_at(0.6, body.clone(), event);
        s.get_at(1.0, p); // STALE: old entry, the render still runs
        let r = s.get_at(2.8, p); // HIT: the render that started before the change
        expect_content(&r, "initial");
        s.get_at(4.5, p);
        s.get_at(8.0, p); // STALE: its period is over; the next render reads v2
        let r = s.get_at(10.8, p);
        expect_content(&r, "v2");
        s.settle();
        check_slow(&s, name, &["STALE", "STALE", "HIT", "HIT", "STALE", "HIT"]);
    });
}

#[test]
fn conformance_revalidate_path_during_background_render() {
    let p = "/slow/1";
    invalidation_during_background_render(
        "revalidatePath during a background render",
        json!({ "path": p }),
        &format!("revalidate_path = \"{p}\""),
    );
}

#[test]
fn conformance_revalidate_tag_during_background_render() {
    invalidation_during_background_render(
        "revalidateTag(t) during a background render",
        json!({ "tag": "slow" }),
        "revalidate_tag = \"slow\"",
    );
}

#[test]
fn conformance_revalidate_tag_max_during_background_render() {
    invalidation_during_background_render(
        "revalidateTag(t, 'max') during a background render",
        json!({ "tag": "slow", "profile": "max" }),
        "revalidate_tag = \"slow\"\nmode = \"soft\"",
    );
}

#[test]
fn conformance_revalidate_tag_expire0_during_background_render() {
    invalidation_during_background_render(
        "revalidateTag(t, {expire: 0}) during a background render",
        json!({ "tag": "slow", "profile": "expire0" }),
        "revalidate_tag = \"slow\"\nmode = \"hard\"",
    );
}

/// revalidatePath during the blocking first render of an unprerendered path: the requests that
/// arrive meanwhile join that render (one render, all MISS), and its result is fresh afterwards.
#[test]
fn conformance_revalidate_path_during_blocking_render() {
    let _g = serial();
    require_all();
    retry_on_reality(|| {
        let mut next = NextServer::start();
        let mut s = Schedule::new(&mut next);
        let p = "/slow/9";
        s.get_in_flight_at(0.0, p); // MISS: blocking render
        s.content_at(0.3, "slow-9", "v2", p);
        s.revalidate_at(
            0.5,
            json!({ "path": p }),
            &format!("revalidate_path = \"{p}\""),
        );
        s.get_in_flight_at(1.0, p); // joins the render
        s.settle();
        let r = s.get_at(2.8, p);
        expect_content(&r, "initial");
        s.get_at(4.5, p);
        check_slow(
            &s,
            "revalidatePath during a blocking render",
            &["MISS", "MISS", "HIT", "HIT"],
        );
        assert_eq!(
            s.next().renders("/slow/9"),
            1,
            "one render for the three requests"
        );
    });
}

/// A second revalidatePath while the blocking render that the first one caused is running: the
/// request meanwhile joins that render, whose result (without the second change) is then fresh.
#[test]
fn conformance_revalidate_path_during_render_after_hard_invalidation() {
    let _g = serial();
    require_all();
    retry_on_reality(|| {
        let mut next = NextServer::start();
        let mut s = Schedule::new(&mut next);
        let p = "/slow/1";
        let event = format!("revalidate_path = \"{p}\"");
        s.get_at(0.0, p); // STALE, background render
        s.get_at(2.8, p); // HIT
        s.content_at(3.0, "slow-1", "v2", p);
        s.revalidate_at(3.1, json!({ "path": p }), &event);
        s.get_in_flight_at(3.4, p); // MISS: blocking render of v2
        s.content_at(3.9, "slow-1", "v3", p);
        s.revalidate_at(4.1, json!({ "path": p }), &event);
        s.get_in_flight_at(4.5, p); // joins it
        s.settle();
        let r = s.get_at(6.2, p);
        expect_content(&r, "v2");
        s.get_at(7.5, p);
        check_slow(
            &s,
            "revalidatePath during the render of a hard invalidation",
            &["STALE", "HIT", "MISS", "MISS", "HIT", "HIT"],
        );
    });
}

/// A restart while a background render runs: SIGTERM waits for the render, which is stored;
/// the restarted server serves it (HIT).
#[test]
fn conformance_restart_during_background_render() {
    let _g = serial();
    require_all();
    retry_on_reality(|| {
        let mut next = NextServer::start();
        let mut s = Schedule::new(&mut next);
        let p = "/slow/1";
        s.get_at(0.0, p); // STALE, background render
        s.restart_at(0.5);
        let r = s.get_at(s.http.now() + 0.1, p);
        assert_eq!(r.next_state(), "HIT", "REALITY CHECK: {r:?}");
        check_slow(&s, "restart during a background render", &["STALE", "HIT"]);
        assert_eq!(
            s.next().renders("/slow/1"),
            1,
            "the render in flight was not repeated"
        );
    });
}
