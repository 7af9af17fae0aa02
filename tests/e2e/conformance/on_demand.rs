//! On-demand invalidation: revalidatePath and revalidateTag (soft and hard).

use super::POSTS_ROUTE;
use super::compare::*;
use super::schedule::*;
use crate::servers::*;
use serde_json::json;

/// (b) revalidatePath is hard on next start: MISS (blocking, new content), then HIT.
#[test]
fn conformance_revalidate_path_hard() {
    let _g = serial();
    require_all();
    retry_on_reality(|| {
        let mut next = NextServer::start();
        let mut s = Schedule::new(&mut next);
        let p = "/posts/42";
        s.get_at(0.0, p);
        s.get_at(0.6, p);
        s.content_at(1.0, "post-42", "v2", p);
        s.get_at(1.3, p);
        s.revalidate_at(
            1.6,
            json!({ "path": p }),
            &format!("revalidate_path = \"{p}\""),
        );
        let r = s.get_at(2.0, p);
        assert_eq!(
            r.stamp_field("CONTENT").as_deref(),
            Some("v2"),
            "REALITY CHECK: {r:?}"
        );
        s.get_at(2.6, p);
        let scenario = s.scenario(&[("/posts/[id]", POSTS_ROUTE)], None);
        check(
            "revalidatePath",
            &s,
            &["MISS", "HIT", "HIT", "MISS", "HIT"],
            &scenario,
        );
    });
}

/// (c) revalidateTag: profile 'max' is soft (STALE with the old body, then HIT with the new);
/// one-arg and {expire: 0} are hard (MISS, then HIT).
#[test]
fn conformance_revalidate_tag_soft_and_hard() {
    let _g = serial();
    require_all();
    retry_on_reality(|| {
        let mut next = NextServer::start();
        let mut s = Schedule::new(&mut next);
        let p = "/tagged";
        // Known state at t0: hard-invalidate the build entry, so the first request renders (MISS).
        s.revalidate_at(
            0.0,
            json!({ "path": p }),
            &format!("revalidate_path = \"{p}\""),
        );
        s.get_at(0.3, p);
        s.get_at(0.9, p);
        // soft
        s.content_at(1.2, "posts", "v2", "tag:posts");
        s.revalidate_at(
            1.4,
            json!({ "tag": "posts", "profile": "max" }),
            "revalidate_tag = \"posts\"\nmode = \"soft\"",
        );
        let r = s.get_at(1.8, p);
        assert_eq!(
            r.stamp_field("CONTENT").as_deref(),
            Some("initial"),
            "{r:?}"
        );
        let r = s.get_at(2.7, p);
        assert_eq!(
            r.stamp_field("CONTENT").as_deref(),
            Some("v2"),
            "REALITY CHECK: {r:?}"
        );
        // hard: one-arg revalidateTag
        s.content_at(3.1, "posts", "v3", "tag:posts");
        s.revalidate_at(3.3, json!({ "tag": "posts" }), "revalidate_tag = \"posts\"");
        let r = s.get_at(3.7, p);
        assert_eq!(
            r.stamp_field("CONTENT").as_deref(),
            Some("v3"),
            "REALITY CHECK: {r:?}"
        );
        s.get_at(4.3, p);
        // hard: {expire: 0}
        s.content_at(4.6, "posts", "v4", "tag:posts");
        s.revalidate_at(
            4.8,
            json!({ "tag": "posts", "profile": "expire0" }),
            "revalidate_tag = \"posts\"\nmode = \"hard\"",
        );
        let r = s.get_at(5.2, p);
        assert_eq!(
            r.stamp_field("CONTENT").as_deref(),
            Some("v4"),
            "REALITY CHECK: {r:?}"
        );
        s.get_at(5.8, p);
        let scenario = s.scenario(&[(p, "revalidate = 3600\ntags = [\"posts\"]")], None);
        check(
            "revalidateTag",
            &s,
            &["MISS", "HIT", "STALE", "HIT", "MISS", "HIT", "MISS", "HIT"],
            &scenario,
        );
    });
}
