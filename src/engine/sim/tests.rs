//! Unit tests: one per state transition of the entry model, per platform profile.

use super::Sim;
use crate::engine::events::{Background, RequestEvent, Served, SimEvent, Sink};
use crate::engine::model::*;
use crate::engine::routes::PathTable;
use crate::engine::{MILLI, SECOND, Time};

#[derive(Default)]
struct Rec {
    reqs: Vec<RequestEvent>,
    renders: usize,
}

impl Sink for Rec {
    fn event(&mut self, ev: SimEvent<'_>, _paths: &PathTable) {
        match ev {
            SimEvent::Request(r) => self.reqs.push(r.clone()),
            SimEvent::Render(_) => self.renders += 1,
            SimEvent::Action(_) => {}
        }
    }
}

fn route(revalidate: Revalidate) -> Route {
    let mut r = Route::new("/p");
    r.revalidate = revalidate;
    r.render_time = RenderTime::Fixed { time: 200 * MILLI };
    r.prerender = vec!["/p".into()];
    r
}

fn sim(platform: Platform, r: Route) -> Sim<Rec> {
    Sim::new(SimConfig::new(platform, vec![r]), Rec::default()).unwrap()
}

fn s(x: f64) -> Time {
    (x * SECOND as f64) as Time
}

/// Request `/p` at each time and return (state, version) per request.
fn run(sim: &mut Sim<Rec>, times: &[f64]) -> Vec<(Served, u32)> {
    let p = sim.intern("/p");
    for &t in times {
        sim.request(s(t), p);
    }
    Vec::new()
}

fn served(sim: Sim<Rec>) -> Vec<(Served, u32)> {
    let (_, rec, _) = sim.finish(None);
    rec.reqs.iter().map(|r| (r.served, r.version)).collect()
}

fn revalidate(kind: InvalidateKind, hard: Option<bool>) -> Action {
    Action::Revalidate {
        kind,
        target: match kind {
            InvalidateKind::Path => Target::Path("/p".into()),
            InvalidateKind::Tag => Target::Tag("t".into()),
        },
        hard,
        instance: InstanceSel::One(0),
    }
}

use Served::*;

#[test]
fn fresh_entry_is_a_hit_until_the_revalidate_period_ends() {
    let mut m = sim(Platform::NextStart, route(Revalidate::After(s(10.0))));
    run(&mut m, &[0.0, 9.999, 10.0]);
    assert_eq!(served(m), vec![(Hit, 1), (Hit, 1), (Stale, 1)]);
}

#[test]
fn stale_starts_exactly_one_background_regeneration() {
    let mut m = sim(Platform::NextStart, route(Revalidate::After(s(10.0))));
    run(&mut m, &[10.0, 10.1, 10.19, 10.2, 10.3]);
    let (sum, rec, _) = m.finish(None);
    let got: Vec<_> = rec.reqs.iter().map(|r| (r.served, r.version)).collect();
    assert_eq!(
        got,
        vec![(Stale, 1), (Stale, 1), (Stale, 1), (Hit, 2), (Hit, 2)]
    );
    assert_eq!(sum.background_regenerations, 1);
    assert!(
        matches!(rec.reqs[0].background, Background::RegenerationStarted { done_at } if done_at == s(10.2))
    );
    assert!(matches!(rec.reqs[1].background, Background::None));
}

#[test]
fn absent_entry_blocks_and_collapses_concurrent_requests() {
    let mut r = route(Revalidate::After(s(10.0)));
    r.prerender.clear();
    let mut m = sim(Platform::NextStart, r);
    run(&mut m, &[0.0, 0.1, 0.2]);
    let (sum, rec, _) = m.finish(None);
    let got: Vec<_> = rec.reqs.iter().map(|r| (r.served, r.version)).collect();
    assert_eq!(got, vec![(Miss, 1), (Miss, 1), (Hit, 1)]);
    assert_eq!(sum.blocking_renders, 1);
    assert_eq!(rec.reqs[1].latency, s(0.1));
}

#[test]
fn hard_revalidation_blocks_the_next_request() {
    let mut m = sim(Platform::NextStart, route(Revalidate::After(s(60.0))));
    let p = m.intern("/p");
    m.request(s(1.0), p);
    m.action(s(2.0), &revalidate(InvalidateKind::Path, None));
    m.request(s(3.0), p);
    m.request(s(4.0), p);
    assert_eq!(served(m), vec![(Hit, 1), (Miss, 2), (Hit, 2)]);
}

#[test]
fn soft_revalidation_serves_stale_then_the_new_version() {
    let mut r = route(Revalidate::After(s(60.0)));
    r.tags = vec!["t".into()];
    let mut m = sim(Platform::NextStart, r);
    let p = m.intern("/p");
    m.action(s(2.0), &revalidate(InvalidateKind::Tag, Some(false)));
    m.request(s(3.0), p);
    m.request(s(4.0), p);
    assert_eq!(served(m), vec![(Stale, 1), (Hit, 2)]);
}

#[test]
fn next_start_tag_revalidation_defaults_to_hard() {
    let mut r = route(Revalidate::After(s(60.0)));
    r.tags = vec!["t".into()];
    let mut m = sim(Platform::NextStart, r);
    let p = m.intern("/p");
    m.action(s(2.0), &revalidate(InvalidateKind::Tag, None));
    m.request(s(3.0), p);
    assert_eq!(served(m), vec![(Miss, 2)]);
}

#[test]
fn past_expire_next_start_revalidates_and_cdn_misses() {
    for (platform, label) in [(Platform::NextStart, Revalidated), (Platform::Cdn, Miss)] {
        let mut r = route(Revalidate::After(s(10.0)));
        r.expire = Some(s(30.0));
        let mut m = sim(platform, r);
        run(&mut m, &[15.0, 50.0]);
        let got = served(m);
        assert_eq!(got[0].0, Stale, "{platform:?}");
        // The regeneration at 15 s wrote at 15.2 s; 50 s is 34.8 s later: past expire.
        assert_eq!(got[1].0, label, "{platform:?}");
    }
}

#[test]
fn next_start_failed_regeneration_restamps_the_old_entry() {
    let mut r = route(Revalidate::After(s(10.0)));
    r.failures.windows = vec![(s(10.0), s(11.0))];
    let mut m = sim(Platform::NextStart, r);
    run(&mut m, &[10.0, 11.0, 20.1, 20.2, 20.5]);
    let (sum, rec, _) = m.finish(None);
    let got: Vec<_> = rec.reqs.iter().map(|r| (r.served, r.version)).collect();
    // Failed at 10.2: re-stamped, HIT until 20.2, then the next attempt succeeds.
    assert_eq!(
        got,
        vec![(Stale, 1), (Hit, 1), (Hit, 1), (Stale, 1), (Hit, 2)]
    );
    assert_eq!(sum.failed_regenerations, 1);
}

#[test]
fn cdn_failed_refresh_keeps_stale_and_retries_on_the_next_request() {
    let mut r = route(Revalidate::After(s(10.0)));
    r.failures.windows = vec![(s(10.0), s(10.5))];
    let mut m = sim(Platform::Cdn, r);
    run(&mut m, &[10.0, 11.0, 11.5]);
    let got = served(m);
    assert_eq!(got, vec![(Stale, 1), (Stale, 1), (Hit, 2)]);
}

#[test]
fn cdn_stale_if_error_covers_a_failed_blocking_refresh() {
    let mut r = route(Revalidate::After(s(10.0)));
    r.expire = Some(s(20.0));
    r.stale_if_error = s(60.0);
    r.failures.windows = vec![(s(25.0), s(26.0))];
    let mut m = sim(Platform::Cdn, r);
    run(&mut m, &[25.0, 27.0]);
    assert_eq!(served(m), vec![(Stale, 1), (Miss, 2)]);
}

#[test]
fn failed_blocking_render_is_a_500_on_every_request() {
    let mut r = route(Revalidate::After(s(60.0)));
    r.failures.windows = vec![(s(2.0), s(5.0))];
    let mut m = sim(Platform::NextStart, r);
    let p = m.intern("/p");
    m.action(s(1.0), &revalidate(InvalidateKind::Path, None));
    for t in [2.0, 3.0, 4.0, 6.0] {
        m.request(s(t), p);
    }
    let (sum, rec, _) = m.finish(None);
    let got: Vec<_> = rec.reqs.iter().map(|r| r.served).collect();
    assert_eq!(got, vec![Error, Error, Error, Miss]);
    assert_eq!(sum.failed_renders, 3);
    assert_eq!(rec.reqs[0].status, 500);
}

#[test]
fn dynamic_route_renders_every_request() {
    let mut m = sim(Platform::NextStart, route(Revalidate::Always));
    run(&mut m, &[0.0, 0.0, 1.0]);
    let (sum, rec, _) = m.finish(None);
    assert!(rec.reqs.iter().all(|r| r.served == Dynamic));
    assert_eq!(sum.blocking_renders, 3);
}

#[test]
fn unknown_param_without_dynamic_params_is_404() {
    let mut r = Route::new("/s/[id]");
    r.dynamic_params = false;
    r.prerender = vec!["/s/1".into()];
    let mut m = Sim::new(SimConfig::new(Platform::NextStart, vec![r]), Rec::default()).unwrap();
    let known = m.intern("/s/1");
    let unknown = m.intern("/s/2");
    m.request(0, known);
    m.request(0, unknown);
    let (sum, rec, _) = m.finish(None);
    assert_eq!(rec.reqs[0].served, Hit);
    assert_eq!(rec.reqs[1].served, NotFound);
    assert_eq!(rec.reqs[1].status, 404);
    assert_eq!(sum.renders, 0);
}

#[test]
fn restart_loses_pending_invalidations_but_keeps_entries() {
    let mut m = sim(Platform::NextStart, route(Revalidate::After(s(60.0))));
    let p = m.intern("/p");
    m.action(s(1.0), &revalidate(InvalidateKind::Path, None));
    m.action(
        s(2.0),
        &Action::Restart {
            instance: InstanceSel::One(0),
        },
    );
    m.request(s(3.0), p);
    assert_eq!(served(m), vec![(Hit, 1)]);
}

#[test]
fn deploy_rerenders_prerendered_and_drops_runtime_entries() {
    let mut r = Route::new("/p/[id]");
    r.prerender = vec!["/p/1".into()];
    let mut m = Sim::new(SimConfig::new(Platform::NextStart, vec![r]), Rec::default()).unwrap();
    let a = m.intern("/p/1");
    let b = m.intern("/p/2");
    m.request(0, b);
    m.action(s(5.0), &Action::Deploy);
    m.request(s(6.0), a);
    m.request(s(6.0), b);
    let (_, rec, _) = m.finish(None);
    assert_eq!(
        (rec.reqs[1].served, rec.reqs[1].version, rec.reqs[1].age),
        (Hit, 2, s(1.0))
    );
    assert_eq!(rec.reqs[2].served, Miss);
}

#[test]
fn cdn_layer_serves_hits_without_reaching_the_origin() {
    let mut cfg = SimConfig::new(Platform::NextStart, vec![route(Revalidate::After(s(10.0)))]);
    cfg.topology.cdn = true;
    let mut m = Sim::new(cfg, Rec::default()).unwrap();
    let p = m.intern("/p");
    for t in [0.0, 1.0, 12.0, 13.0] {
        m.request(s(t), p);
    }
    let (sum, rec, _) = m.finish(None);
    let got: Vec<_> = rec.reqs.iter().map(|r| (r.served, r.origin)).collect();
    // CDN MISS (origin HIT from the build), CDN HIT, CDN STALE (refresh: origin STALE), CDN HIT.
    assert_eq!(
        got,
        vec![
            (Miss, Some(Hit)),
            (Hit, None),
            (Stale, Some(Stale)),
            (Hit, None)
        ]
    );
    assert_eq!(sum.cdn_refreshes, 1);
    // The CDN stored what the origin had: still v1 (the origin regenerates in the background).
    assert_eq!(rec.reqs[3].version, 1);
}

#[test]
fn purge_drops_the_cdn_entry() {
    let mut cfg = SimConfig::new(Platform::NextStart, vec![route(Revalidate::After(s(60.0)))]);
    cfg.topology.cdn = true;
    let mut m = Sim::new(cfg, Rec::default()).unwrap();
    let p = m.intern("/p");
    m.request(0, p);
    m.request(s(1.0), p);
    m.action(
        s(2.0),
        &Action::Purge {
            target: Target::All,
        },
    );
    m.request(s(3.0), p);
    assert_eq!(
        served(m).iter().map(|x| x.0).collect::<Vec<_>>(),
        vec![Miss, Hit, Miss]
    );
}

#[test]
fn vercel_invalidation_takes_300ms_to_propagate() {
    let mut m = sim(Platform::Vercel, route(Revalidate::After(s(60.0))));
    let p = m.intern("/p");
    m.action(s(1.0), &revalidate(InvalidateKind::Path, None));
    m.request(s(1.2), p);
    m.request(s(1.3), p);
    assert_eq!(
        served(m).iter().map(|x| x.0).collect::<Vec<_>>(),
        vec![Hit, Stale]
    );
}

#[test]
fn staleness_counts_from_the_first_unreflected_change() {
    let mut m = sim(Platform::NextStart, route(Revalidate::After(s(60.0))));
    let p = m.intern("/p");
    m.action(
        s(5.0),
        &Action::ContentChange {
            target: Target::Path("/p".into()),
        },
    );
    m.request(s(20.0), p);
    let (sum, rec, _) = m.finish(None);
    assert_eq!(rec.reqs[0].staleness, s(15.0) + 5 * MILLI);
    assert_eq!(sum.stale_content_served, 1);
    assert_eq!(sum.changes[0].requested, 1);
    assert_eq!(sum.changes[0].fresh, 0);
}

#[test]
fn bypass_header_rerenders_a_fresh_entry_as_revalidated() {
    // Measured against next start 16 (nextjs-observed.md E7): REVALIDATED, blocking, new body;
    // the next plain request is a HIT with the new version.
    let mut m = sim(Platform::NextStart, route(Revalidate::After(s(3600.0))));
    let p = m.intern("/p");
    m.request(s(1.0), p);
    m.bypass(s(2.0), p);
    m.request(s(3.0), p);
    let (sum, rec, _) = m.finish(None);
    let got: Vec<_> = rec.reqs.iter().map(|r| (r.served, r.version)).collect();
    assert_eq!(got, vec![(Hit, 1), (Revalidated, 2), (Hit, 2)]);
    assert_eq!(sum.blocking_renders, 1);
    assert_eq!(rec.reqs[1].latency, 200 * MILLI);
}

/// Measured on next start (tests/e2e/conformance/in_flight.rs): an invalidation that arrives
/// while a background render runs gets the old entry (STALE, no second render) until that
/// render is done; its result is then fresh for a whole period (the invalidation is superseded).
#[test]
fn next_start_render_in_flight_supersedes_an_invalidation() {
    for hard in [Some(true), Some(false)] {
        let mut r = route(Revalidate::After(s(5.0)));
        r.render_time = RenderTime::Fixed { time: s(2.0) };
        let mut m = sim(Platform::NextStart, r);
        let p = m.intern("/p");
        m.request(s(6.0), p); // STALE: background render until 8.0
        m.action(s(6.5), &revalidate(InvalidateKind::Path, hard));
        m.request(s(7.0), p);
        m.request(s(9.0), p);
        m.request(s(12.9), p);
        m.request(s(13.0), p);
        let (sum, rec, _) = m.finish(None);
        let got: Vec<_> = rec.reqs.iter().map(|r| (r.served, r.version)).collect();
        assert_eq!(
            got,
            vec![(Stale, 1), (Stale, 1), (Hit, 2), (Hit, 2), (Stale, 2)],
            "hard = {hard:?}"
        );
        assert_eq!(
            rec.reqs[1].latency, rec.reqs[3].latency,
            "no wait: {hard:?}"
        );
        assert_eq!(sum.background_regenerations, 2, "{hard:?}");
        assert_eq!(sum.blocking_renders, 0, "{hard:?}");
    }
}

/// The same on a blocking render: a second hard invalidation during the render a first one
/// caused is superseded by it; requests meanwhile join it.
#[test]
fn next_start_blocking_render_supersedes_an_invalidation_during_it() {
    let mut r = route(Revalidate::After(s(60.0)));
    r.render_time = RenderTime::Fixed { time: s(2.0) };
    let mut m = sim(Platform::NextStart, r);
    let p = m.intern("/p");
    m.action(s(1.0), &revalidate(InvalidateKind::Path, None));
    m.request(s(1.5), p); // MISS: blocking render until 3.5
    m.action(s(2.0), &revalidate(InvalidateKind::Path, None));
    m.request(s(2.5), p); // joins it
    m.request(s(4.0), p);
    assert_eq!(served(m), vec![(Miss, 2), (Miss, 2), (Hit, 2)]);
}

/// Vercel and CDN layers are not measured: there an invalidation during a render still applies
/// to its result (the vendor documentation's "the next request gets fresh content").
#[test]
fn vercel_invalidation_during_a_render_still_applies() {
    let mut r = route(Revalidate::After(s(5.0)));
    r.render_time = RenderTime::Fixed { time: s(2.0) };
    let mut m = sim(Platform::Vercel, r);
    let p = m.intern("/p");
    m.request(s(6.0), p); // STALE: background render until 8.0
    m.action(s(6.5), &revalidate(InvalidateKind::Path, Some(true)));
    m.request(s(9.0), p); // the render is older than the invalidation
    let got = served(m);
    assert_eq!(got[0], (Stale, 1));
    assert_ne!(got[1].0, Hit, "{got:?}");
}

/// next start's SIGTERM waits for the renders in flight, which are kept: a restart during a
/// background render does not repeat it.
#[test]
fn next_start_restart_keeps_the_render_in_flight() {
    let mut r = route(Revalidate::After(s(5.0)));
    r.render_time = RenderTime::Fixed { time: s(2.0) };
    let mut m = sim(Platform::NextStart, r);
    let p = m.intern("/p");
    m.request(s(6.0), p);
    m.action(
        s(6.5),
        &Action::Restart {
            instance: InstanceSel::One(0),
        },
    );
    m.request(s(9.0), p);
    let (sum, rec, _) = m.finish(None);
    let got: Vec<_> = rec.reqs.iter().map(|r| (r.served, r.version)).collect();
    assert_eq!(got, vec![(Stale, 1), (Hit, 2)]);
    assert_eq!(sum.background_regenerations, 1);
}

/// Measured on next start with expireTime (tests/e2e/conformance/expiry.rs): past expire the
/// request blocks on a render labelled REVALIDATED, and the requests that join it are HIT.
#[test]
fn next_start_joiners_of_an_expired_render_are_hits() {
    let mut r = route(Revalidate::After(s(5.0)));
    r.expire = Some(s(8.0));
    r.render_time = RenderTime::Fixed { time: s(2.0) };
    let mut m = sim(Platform::NextStart, r);
    run(&mut m, &[9.0, 9.5, 11.5]);
    assert_eq!(served(m), vec![(Revalidated, 2), (Hit, 2), (Hit, 2)]);
}

/// A request for an entry invalidated hard while its background render runs waits for that
/// render (single flight) and gets its result: the render's version, at its completion.
#[test]
fn hard_invalidation_during_a_background_render_joins_it() {
    let mut r = route(Revalidate::After(s(5.0)));
    r.render_time = RenderTime::Fixed { time: s(2.0) };
    let mut m = sim(Platform::Vercel, r);
    let p = m.intern("/p");
    m.request(s(6.0), p); // STALE: background render of version 2 until 8.0
    m.action(s(6.5), &revalidate(InvalidateKind::Path, Some(true)));
    m.request(s(7.0), p); // waits for the render in flight
    m.request(s(7.5), p); // and so does this one
    let (summary, rec, _) = m.finish(None);
    let joined: Vec<(Served, u32, Time)> = rec.reqs[1..]
        .iter()
        .map(|q| (q.served, q.version, q.t + q.latency))
        .collect();
    assert_eq!(rec.reqs[0].served, Stale);
    assert_eq!(
        joined,
        vec![(Miss, 2, s(8.0)), (Miss, 2, s(8.0))],
        "{joined:?}"
    );
    assert_eq!(summary.renders, 1, "one render for all three requests");
}
