use super::*;
use crate::probe::sample::Sample;
use crate::simulate::against::replay::Answered;
use crate::simulate::against::{predict, schedule};
use reqwest::header::{HeaderMap, HeaderValue};
use std::time::Duration;

fn page(status: u16, state: &str, etag: &str) -> Option<Answered> {
    let mut h = HeaderMap::new();
    h.insert("x-nextjs-cache", HeaderValue::from_str(state).unwrap());
    let s = Sample::from_response(
        "http://x/a",
        1,
        0.0,
        status,
        Duration::ZERO,
        h,
        Some(format!("etag:{etag}")),
        0,
        false,
    );
    Some(Answered {
        sent_at: 0.0,
        latency: 0.0,
        done: Done::Page(Box::new(s)),
    })
}

/// /p/1: MISS at 0 (render 100 ms), HIT at 2, STALE at 6.
const SRC: &str = "[[routes]]\npath = \"/p/[id]\"\nrevalidate = 5\nrender_time = \"100ms\"\n\n\
                   [[events]]\nat = [0, 2, 6]\nrequest = \"/p/1\"\n";

fn run(src: &str, answers: Vec<Option<Answered>>, slack: Time) -> Report {
    let s = crate::scenario::parse("s.toml", src).unwrap();
    let sched = schedule(&s, "s.toml", true).unwrap();
    let p = predict(&s).unwrap();
    let obs = Observed {
        answers,
        stopped: None,
    };
    compare(&sched, &p, &obs, &s.config.routes, slack)
}

#[test]
fn the_same_states_and_version_pattern_agree() {
    let r = run(
        SRC,
        vec![
            page(200, "MISS", "a"),
            page(200, "HIT", "a"),
            page(200, "STALE", "a"),
        ],
        500_000,
    );
    assert_eq!(r.tally.agree, 3, "{:?}", r.rows);
    assert_eq!(r.rows[0].predicted_changed, None);
    assert_eq!(r.rows[1].observed_changed, Some(false));
}

#[test]
fn another_state_or_a_content_change_diverges() {
    let r = run(
        SRC,
        vec![
            page(200, "MISS", "a"),
            page(200, "MISS", "a"),
            page(200, "STALE", "b"),
        ],
        500_000,
    );
    assert_eq!(r.rows[1].verdict, Verdict::Diverge);
    assert_eq!(r.rows[1].observed.as_deref(), Some("MISS"));
    assert_eq!(
        r.rows[2].verdict,
        Verdict::Diverge,
        "same state, new content"
    );
    assert_eq!(r.tally.diverge, 2);
}

#[test]
fn a_status_is_compared_as_its_code() {
    let r = run(
        SRC,
        vec![page(200, "MISS", "a"), page(500, "HIT", "a"), None],
        500_000,
    );
    assert_eq!(r.rows[1].observed.as_deref(), Some("500"));
    assert_eq!(r.rows[1].verdict, Verdict::Diverge);
    assert_eq!(r.rows[2].verdict, Verdict::NotSent);
    assert_eq!(r.tally.not_sent, 1);
}

#[test]
fn disagreements_near_a_ttl_boundary_or_a_render_end_do_not_diverge() {
    // At 5.2 s the age is 5.1 s, 0.1 s past revalidate 5 s: HIT observed instead of STALE.
    let src = "[[routes]]\npath = \"/p/[id]\"\nrevalidate = 5\nrender_time = \"100ms\"\n\n\
               [[events]]\nat = [0, 0.3, 5.2]\nrequest = \"/p/1\"\n";
    let r = run(
        src,
        vec![
            page(200, "MISS", "a"),
            page(200, "MISS", "b"),
            page(200, "HIT", "b"),
        ],
        500_000,
    );
    assert_eq!(r.rows[1].verdict, Verdict::NearBoundary, "{:?}", r.rows[1]);
    let why = r.rows[1].boundary.as_deref().unwrap();
    assert!(why.contains("a render of /p/1 ends at 100ms"), "{why}");
    assert_eq!(r.rows[2].verdict, Verdict::NearBoundary);
    assert!(
        r.rows[2]
            .boundary
            .as_deref()
            .unwrap()
            .contains("of revalidate 5s")
    );
    // With less slack the same answers diverge.
    let r = run(
        src,
        vec![
            page(200, "MISS", "a"),
            page(200, "MISS", "b"),
            page(200, "HIT", "b"),
        ],
        50_000,
    );
    assert_eq!(r.tally.diverge, 2);
    // The render a request starts itself is no boundary for it.
    assert!(r.rows[0].boundary.is_none());
}

#[test]
fn an_invalidation_of_the_path_or_its_tag_is_a_boundary() {
    let src = "[[routes]]\npath = \"/p/[id]\"\nrevalidate = 60\ntags = [\"posts\"]\nrender_time = \"100ms\"\n\n\
               [[events]]\nat = [0, 1, 2.2]\nrequest = \"/p/1\"\n\n\
               [[events]]\nat = 2\nrevalidate_tag = \"posts\"\n";
    let r = run(
        src,
        vec![
            page(200, "MISS", "a"),
            page(200, "HIT", "a"),
            None,
            page(200, "HIT", "a"),
        ],
        500_000,
    );
    assert_eq!(r.events.len(), 1);
    assert_eq!(r.events[0].event, EventKind::RevalidateTag);
    let last = &r.rows[2];
    assert!(
        last.boundary
            .as_deref()
            .unwrap()
            .contains("an invalidation of /p/1 at 2s"),
        "{last:?}"
    );
}

#[test]
fn requests_the_model_does_not_simulate_are_counted_not_compared() {
    use crate::engine::classes::{ClassRule, Matcher, PathClass};
    let mut s = crate::scenario::parse(
        "s.toml",
        "[[events]]\nat = 0\nrequest = \"/api/x\"\n\n[[events]]\nat = 1\nrequest = \"/p/1\"\n",
    )
    .unwrap();
    s.config.classes.push(ClassRule {
        class: PathClass::Api,
        matcher: Matcher::Prefix("/api/".into()),
    });
    let sched = schedule(&s, "s.toml", true).unwrap();
    let p = predict(&s).unwrap();
    let obs = Observed {
        answers: vec![page(404, "MISS", "x"), page(200, "MISS", "a")],
        stopped: None,
    };
    let r = compare(&sched, &p, &obs, &s.config.routes, 500_000);
    assert_eq!(r.tally.not_simulated, 1);
    assert_eq!(r.rows.len(), 1);
    assert_eq!(r.rows[0].path, "/p/1");
    assert_eq!(r.rows[0].verdict, Verdict::Agree, "{:?}", r.rows[0]);
}
