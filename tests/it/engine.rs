//! Property tests of the simulator: single flight, bounded staleness, monotonic time, and counts
//! that add up, over random routes, platforms, topologies and event streams.

use isrctl::engine::events::{Background, Served, SimEvent, Sink};
use isrctl::engine::model::*;
use isrctl::engine::routes::PathTable;
use isrctl::engine::sim::{DEFAULT_EXPIRE, Sim};
use isrctl::engine::{MILLI, SECOND, Time};
use proptest::prelude::*;
use std::collections::HashMap;

#[derive(Default)]
struct Check {
    last_t: Time,
    /// (instance, path) -> when the render it started finishes.
    inflight: HashMap<(u32, u32), Time>,
    violations: Vec<String>,
    requests: u64,
    states: HashMap<Served, u64>,
    revalidate: Option<Time>,
    expire: Time,
    single_cache: bool,
}

impl Sink for Check {
    fn event(&mut self, ev: SimEvent<'_>, _paths: &PathTable) {
        let t = match &ev {
            SimEvent::Request(r) => r.t,
            SimEvent::Render(r) => r.t,
            SimEvent::Action(a) => a.t,
        };
        if t < self.last_t {
            self.violations
                .push(format!("time went backwards: {t} after {}", self.last_t));
        }
        self.last_t = t;
        // A restart or deploy drops renders in flight: a new one may start at once.
        if let SimEvent::Action(a) = &ev
            && matches!(a.action, Action::Restart { .. } | Action::Deploy)
        {
            self.inflight.clear();
        }
        if let SimEvent::Request(r) = ev {
            self.requests += 1;
            *self.states.entry(r.served).or_default() += 1;
            if let Background::RegenerationStarted { done_at } = r.background
                && self.single_cache
            {
                let key = (r.instance.unwrap_or(0), r.path);
                if let Some(&busy) = self.inflight.get(&key)
                    && busy > r.t
                {
                    self.violations.push(format!(
                        "second regeneration at {} while one runs until {busy}",
                        r.t
                    ));
                }
                self.inflight.insert(key, done_at);
            }
            if r.served == Served::Hit
                && let Some(rv) = self.revalidate
                && r.age >= rv
            {
                self.violations
                    .push(format!("HIT at age {} >= revalidate {rv}", r.age));
            }
            if matches!(r.served, Served::Hit | Served::Stale) && r.age >= self.expire {
                self.violations.push(format!(
                    "{:?} at age {} >= expire {}",
                    r.served, r.age, self.expire
                ));
            }
        }
    }
}

#[derive(Debug, Clone)]
enum Op {
    Req(u8),
    Act(Action),
}

fn action() -> impl Strategy<Value = Action> {
    let target = prop_oneof![
        (0u8..3).prop_map(|p| Target::Path(format!("/p/{p}"))),
        Just(Target::Tag("t".into())),
        Just(Target::All),
    ];
    prop_oneof![
        target
            .clone()
            .prop_map(|target| Action::ContentChange { target }),
        (target.clone(), any::<Option<bool>>(), any::<bool>()).prop_map(|(target, hard, path)| {
            Action::Revalidate {
                kind: if path {
                    InvalidateKind::Path
                } else {
                    InvalidateKind::Tag
                },
                target,
                hard,
                instance: InstanceSel::All,
            }
        }),
        target.prop_map(|target| Action::Purge { target }),
        Just(Action::Deploy),
        Just(Action::Restart {
            instance: InstanceSel::One(0)
        }),
    ]
}

fn ops() -> impl Strategy<Value = Vec<(u32, Op)>> {
    prop::collection::vec(
        (
            0u32..5_000,
            prop_oneof![8 => (0u8..3).prop_map(Op::Req), 1 => action().prop_map(Op::Act)],
        ),
        1..120,
    )
    .prop_map(|mut v| {
        v.sort_by_key(|(t, _)| *t);
        v
    })
}

fn platform() -> impl Strategy<Value = Platform> {
    prop_oneof![
        Just(Platform::NextStart),
        Just(Platform::Vercel),
        Just(Platform::Cdn)
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn engine_invariants(
        platform in platform(),
        revalidate_ds in prop_oneof![Just(None), (1i64..200).prop_map(Some)],
        expire_ds in prop_oneof![Just(None), (1i64..400).prop_map(Some)],
        render_ms in prop_oneof![Just(0i64), Just(1000), 0i64..3000],
        fail in prop_oneof![Just(0.0), 0.0f64..0.6],
        instances in 1u32..3,
        cdn in any::<bool>(),
        prerender in any::<bool>(),
        seed in any::<u64>(),
        ops in ops(),
        crowded in any::<bool>(),
    ) {
        let mut r = Route::new("/p/[id]");
        r.revalidate = revalidate_ds.map_or(Revalidate::Never, |d| Revalidate::After(d * SECOND / 10));
        r.expire = expire_ds.map(|d| d * SECOND / 10);
        r.render_time = RenderTime::Fixed { time: render_ms * MILLI };
        r.failures.probability = fail;
        r.tags = vec!["t".into()];
        if prerender {
            r.prerender = vec!["/p/0".into(), "/p/1".into()];
        }
        let mut cfg = SimConfig::new(platform, vec![r.clone()]);
        cfg.topology.instances = instances;
        cfg.topology.cdn = cdn;
        cfg.seed = seed;
        // Single-flight is checked per (instance, path) where the request's instance names the
        // cache that regenerates: one origin cache per instance and no CDN layer.
        let single_cache = !cdn && platform == Platform::NextStart;
        let check = Check {
            revalidate: match r.revalidate { Revalidate::After(v) => Some(v), _ => None },
            expire: r.expire.unwrap_or(DEFAULT_EXPIRE),
            single_cache,
            ..Check::default()
        };
        let mut sim = Sim::new(cfg.clone(), check).unwrap();
        // The same run without a timeline (the engine's fast paths) must give the same figures.
        let mut quiet = Sim::new(cfg.clone(), isrctl::engine::events::NullSink).unwrap();
        // And keeping the content snapshot times from the start (a run keeps them from its
        // first content change on) must too.
        let mut exact = Sim::new(cfg, isrctl::engine::events::NullSink).unwrap();
        exact.keep_data();
        let mut fed = 0u64;
        for (t, op) in &ops {
            // Crowded: many requests, renders and changes at the same instant.
            let t = if crowded { *t as Time / 500 * SECOND } else { *t as Time * SECOND / 10 };
            match op {
                Op::Req(p) => {
                    let id = sim.intern(&format!("/p/{p}"));
                    sim.request(t, id);
                    let qid = quiet.intern(&format!("/p/{p}"));
                    quiet.request(t, qid);
                    let eid = exact.intern(&format!("/p/{p}"));
                    exact.request(t, eid);
                    fed += 1;
                }
                Op::Act(a) => {
                    if matches!(a, Action::Purge { .. }) && platform == Platform::NextStart && !cdn {
                        continue;
                    }
                    sim.action(t, a);
                    quiet.action(t, a);
                    exact.action(t, a);
                }
            }
            prop_assert!(sim.inflight() <= 3 * (instances as usize + 1), "more renders in flight than (cache, path) pairs");
        }
        let (summary, check, _) = sim.finish(None);
        let (quiet_summary, _, _) = quiet.finish(None);
        let (exact_summary, _, _) = exact.finish(None);
        prop_assert_eq!(
            serde_json::to_value(&summary).unwrap(),
            serde_json::to_value(&quiet_summary).unwrap()
        );
        prop_assert_eq!(
            serde_json::to_value(&exact_summary).unwrap(),
            serde_json::to_value(&quiet_summary).unwrap()
        );
        prop_assert!(check.violations.is_empty(), "{:?}", check.violations);
        prop_assert_eq!(summary.requests, fed);
        prop_assert_eq!(check.requests, fed);
        let by_state: u64 = summary.states.iter().map(|s| s.count).sum();
        prop_assert_eq!(by_state, fed);
        prop_assert_eq!(summary.renders, summary.blocking_renders + summary.background_regenerations);
        prop_assert!(summary.failed_renders <= summary.blocking_renders);
        prop_assert!(summary.failed_regenerations <= summary.background_regenerations);
        prop_assert_eq!(summary.errors, *check.states.get(&Served::Error).unwrap_or(&0));
        for c in &summary.changes {
            prop_assert!(c.fresh <= c.paths);
        }
    }
    /// Every run of this shape takes the engine's short cuts (fresh hits, and stale hits whose
    /// render takes no time and cannot fail: one origin cache, no CDN, one instance): each must
    /// do what the full path, taken by a run with a timeline, does.
    #[test]
    fn short_cuts_do_what_the_full_path_does(
        platform in prop_oneof![Just(Platform::NextStart), Just(Platform::Vercel)],
        revalidate_ds in 1i64..200,
        expire_ds in prop_oneof![Just(None), (1i64..400).prop_map(Some)],
        ops in ops(),
        crowded in any::<bool>(),
    ) {
        let mut r = Route::new("/p/[id]");
        r.revalidate = Revalidate::After(revalidate_ds * SECOND / 10);
        r.expire = expire_ds.map(|d| d * SECOND / 10);
        r.render_time = RenderTime::Fixed { time: 0 };
        r.tags = vec!["t".into()];
        let cfg = SimConfig::new(platform, vec![r]);
        let mut full = Sim::new(cfg.clone(), Check::default()).unwrap();
        let mut quiet = Sim::new(cfg, isrctl::engine::events::NullSink).unwrap();
        for (t, op) in &ops {
            let t = if crowded { *t as Time / 500 * SECOND } else { *t as Time * SECOND / 10 };
            match op {
                Op::Req(p) => {
                    let id = full.intern(&format!("/p/{p}"));
                    full.request(t, id);
                    let qid = quiet.intern(&format!("/p/{p}"));
                    quiet.request(t, qid);
                }
                Op::Act(a) => {
                    full.action(t, a);
                    quiet.action(t, a);
                }
            }
        }
        let (summary, _, _) = full.finish(None);
        let (quiet_summary, _, _) = quiet.finish(None);
        prop_assert_eq!(
            serde_json::to_value(&summary).unwrap(),
            serde_json::to_value(&quiet_summary).unwrap()
        );
    }
}
