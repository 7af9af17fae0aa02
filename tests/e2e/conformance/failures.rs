//! Failing regenerations, soft invalidation while failing, and restarts.

use super::POSTS_ROUTE;
use super::compare::*;
use super::schedule::*;
use crate::servers::*;
use serde_json::json;

/// (d) Failing regeneration: background failure = STALE once, then the OLD body as HIT for a
/// whole revalidate period, STALE again (one retry per period); after a hard invalidation
/// while failing, every request is a 500; recovery = MISS then HIT.
#[test]
fn conformance_failing_regeneration() {
    let _g = serial();
    require_all();
    retry_on_reality(|| {
        let mut next = NextServer::start();
        let mut s = Schedule::new(&mut next);
        let p = "/flaky";
        s.revalidate_at(
            0.0,
            json!({ "path": p }),
            &format!("revalidate_path = \"{p}\""),
        );
        let first = s.get_at(0.3, p);
        s.fail_at(0.8, true);
        s.get_at(1.3, p);
        s.get_at(5.9, p); // STALE, background render fails, old entry re-stamped
        s.get_at(6.7, p); // HIT old
        s.get_at(9.5, p); // HIT old (within the re-stamped period)
        s.get_at(11.7, p); // STALE again: one retry per period
        s.get_at(12.5, p); // HIT old
        let old = first.stamp_field("RENDERED_AT");
        for o in &s.obs[1..] {
            assert_eq!(
                o.render, old,
                "REALITY CHECK: old body expected while failing: {o:?}"
            );
        }
        s.revalidate_at(
            12.9,
            json!({ "path": p }),
            &format!("revalidate_path = \"{p}\""),
        );
        s.get_at(13.2, p); // 500
        s.get_at(13.5, p); // 500 again (no backoff)
        s.fail_at(13.8, false);
        s.get_at(14.1, p); // MISS
        s.get_at(14.6, p); // HIT
        let scenario = s.scenario(&[(p, "revalidate = 5")], Some(p));
        check(
            "failing regeneration",
            &s,
            &[
                "MISS", "HIT", "STALE", "HIT", "HIT", "STALE", "HIT", "500", "500", "MISS", "HIT",
            ],
            &scenario,
        );
    });
}

/// (f) Soft invalidation while renders fail (revalidateTag(implicit path tag, 'max')): STALE once
/// with the old body, then HIT old (the invalidation is consumed by the failed attempt, the old
/// entry re-stamped); retries once per period; after the failure ends the next STALE
/// regenerates and the HIT after it has the new render.
#[test]
fn conformance_soft_invalidation_while_failing_then_recovery() {
    let _g = serial();
    require_all();
    retry_on_reality(|| {
        let mut next = NextServer::start();
        let mut s = Schedule::new(&mut next);
        let p = "/flaky";
        let tag = "_N_T_/flaky";
        s.revalidate_at(
            0.0,
            json!({ "path": p }),
            &format!("revalidate_path = \"{p}\""),
        );
        s.get_at(0.3, p); // MISS
        s.fail_at(0.6, true);
        s.revalidate_at(
            0.9,
            json!({ "tag": tag, "profile": "max" }),
            &format!("revalidate_tag = \"{tag}\"\nmode = \"soft\""),
        );
        s.get_at(1.2, p); // STALE, background render fails, old entry re-stamped
        s.get_at(2.0, p); // HIT old
        s.get_at(4.0, p); // HIT old
        s.get_at(6.9, p); // STALE: one retry per period, fails again
        s.fail_at(7.3, false);
        s.get_at(7.7, p); // HIT old
        s.get_at(12.5, p); // STALE, background render succeeds
        s.get_at(13.3, p); // HIT new
        let old = s.obs[0].render.clone();
        for o in &s.obs[1..7] {
            assert_eq!(
                o.render, old,
                "REALITY CHECK: old body expected while failing: {o:?}"
            );
        }
        assert_ne!(
            s.obs[7].render, old,
            "REALITY CHECK: recovered render expected"
        );
        let scenario = s.scenario(
            &[(p, &format!("revalidate = 5\ntags = [\"{tag}\"]"))],
            Some(p),
        );
        check(
            "soft invalidation while failing",
            &s,
            &[
                "MISS", "STALE", "HIT", "HIT", "STALE", "HIT", "STALE", "HIT",
            ],
            &scenario,
        );
    });
}

/// (g) Restart of `next start`: a pending hard invalidation is lost (HIT with the old body
/// after the restart), entries on disk survive with their age (an on-demand entry written
/// before the restart goes STALE 5 s after it was written, not after the restart).
#[test]
fn conformance_restart_loses_pending_invalidation() {
    let _g = serial();
    require_all();
    retry_on_reality(|| {
        let mut next = NextServer::start();
        let mut s = Schedule::new(&mut next);
        let t = "/tagged";
        let p = "/posts/81";
        s.revalidate_at(
            0.0,
            json!({ "path": t }),
            &format!("revalidate_path = \"{t}\""),
        );
        s.get_at(0.2, t); // MISS
        s.get_at(0.4, p); // MISS (on demand)
        s.get_at(0.8, t); // HIT
        s.content_at(1.0, "posts", "lost", "tag:posts");
        s.revalidate_at(
            1.2,
            json!({ "path": t }),
            &format!("revalidate_path = \"{t}\""),
        );
        s.restart_at(1.4);
        let after = s.http.now().max(3.0);
        let r = s.get_at(after, t); // HIT, old body: the invalidation was lost
        assert_eq!(
            r.stamp_field("CONTENT").as_deref(),
            Some("initial"),
            "{r:?}"
        );
        s.get_at(after + 0.3, p); // HIT from disk
        s.get_at(6.3, p); // STALE (written at ~0.45)
        s.get_at(7.1, p); // HIT new
        s.get_at(7.3, t); // still HIT old
        let scenario = s.scenario(
            &[
                (t, "revalidate = 3600\ntags = [\"posts\"]"),
                ("/posts/[id]", POSTS_ROUTE),
            ],
            None,
        );
        check(
            "restart",
            &s,
            &["MISS", "MISS", "HIT", "HIT", "HIT", "STALE", "HIT", "HIT"],
            &scenario,
        );
    });
}
