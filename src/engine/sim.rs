//! The event loop: time-ordered requests and scenario events, renders finishing from a queue
//! (`queue.rs`), and the per-request bookkeeping (metrics, staleness, events for the sink).
//!
//! Requests and scenario events must arrive in non-decreasing time order; renders finishing are
//! applied before anything later. Nothing here sleeps or does IO. How one cache layer answers a
//! request is in `serve.rs`; scenario events in `actions.rs`.

use super::cache::{
    Cache, HARD, INFLIGHT, INFLIGHT_BLOCKING, INFLIGHT_OK, Inflight, Policy, RETRY_WAIT, SOFT,
};
use super::classes::PathClass;
use super::events::{CacheName, RenderEvent, RequestEvent, SimEvent, Sink};
use super::metrics::{Metrics, Summary};
use super::model::{Action, Platform, RenderTime, Revalidate, SimConfig};
use super::queue::Queue;
use super::routes::{PathId, PathTable};
use super::{SECOND, Time};
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use rustc_hash::FxHashMap;

/// Next.js default `expireTime`: one year.
pub const DEFAULT_EXPIRE: Time = 31_536_000 * SECOND;

/// Which layer a cache is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Layer {
    Cdn,
    Origin(u32),
}

impl Layer {
    pub(super) fn index(self) -> u32 {
        match self {
            Layer::Cdn => u32::MAX,
            Layer::Origin(i) => i,
        }
    }
}

/// The entry ages a route's short cuts answer (`short_cut.rs`).
#[derive(Debug, Clone, Copy)]
pub(super) struct Spans {
    /// Younger than this: fresh (the shorter of the route's revalidate period and its expire
    /// time; 0 for routes without a revalidate period).
    pub(super) fresh: Time,
    /// From `revalidate` up to `expire`: stale but not expired, answered at once when the
    /// route's renders take no time and never fail (else an empty span).
    pub(super) revalidate: Time,
    pub(super) expire: Time,
}

/// A route's settings as the hot path reads them (all `Copy`, defaults resolved).
#[derive(Debug, Clone, Copy)]
pub(super) struct RouteFast {
    pub revalidate: Revalidate,
    pub expire: Time,
    pub stale_if_error: Time,
    pub render: RenderTime,
    pub has_failures: bool,
}

/// Something scheduled for later.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum PendingKind {
    Fill {
        layer: u32,
        path: PathId,
        epoch: u32,
        run: Inflight,
    },
    Action(usize),
}

/// Per-path content-change history, for staleness and time-to-fresh.
#[derive(Debug, Default)]
pub(super) struct PathChanges {
    /// (time, index into metrics.changes), in time order.
    pub times: Vec<(Time, u32)>,
    /// Changes before this index have been served fresh somewhere.
    pub fresh_cursor: usize,
    /// Changes before this index have seen a request after them.
    pub req_cursor: usize,
}

/// The simulator.
pub struct Sim<S: Sink> {
    pub(super) cfg: SimConfig,
    pub paths: PathTable,
    pub(super) routes: Vec<RouteFast>,
    pub(super) caches: Vec<Cache>,
    pub(super) cdn: Option<Cache>,
    pub(super) changes: FxHashMap<PathId, PathChanges>,
    pub(super) pending: Queue<PendingKind>,
    pub(super) delayed: Vec<Action>,
    pub(super) rng: ChaCha8Rng,
    pub(super) rr: u32,
    pub(super) metrics: Metrics,
    /// The short cuts apply: one origin cache, no CDN, one instance (see `short_cut.rs`).
    pub(super) short_cut: bool,
    /// By `fast` tag (route index + 1): the entry ages the short cuts answer.
    pub(super) spans: Vec<Spans>,
    /// The time of the request being answered (without a timeline), and the render of no
    /// duration it started, to complete right after it (see [`Sim::schedule`]).
    answering: Option<Time>,
    done_now: Option<(Time, PendingKind)>,
    pub(super) sink: S,
}

impl<S: Sink> Sim<S> {
    /// Build a simulation; prerendered paths are written at `cfg.deploy_at` as version 1.
    pub fn new(cfg: SimConfig, sink: S) -> Result<Self, String> {
        if cfg.routes.is_empty() {
            return Err("no routes".into());
        }
        if cfg.routes.len() > super::routes::MAX_ROUTES {
            return Err(format!(
                "{} routes are too many (the limit is {})",
                cfg.routes.len(),
                super::routes::MAX_ROUTES
            ));
        }
        let paths = PathTable::new(&cfg.routes, &cfg.classes)?;
        let policy = Policy::for_platform(cfg.platform);
        let n = cfg.topology.instances.max(1);
        let caches = if cfg.platform == Platform::Cdn {
            Vec::new()
        } else if cfg.topology.shared_cache || cfg.platform == Platform::Vercel {
            vec![Cache::new(CacheName::Shared, policy)]
        } else {
            (0..n)
                .map(|i| Cache::new(CacheName::Instance(i), policy))
                .collect()
        };
        let cdn = (cfg.topology.cdn || cfg.platform == Platform::Cdn).then(|| {
            let t = &cfg.topology;
            Cache::new(
                CacheName::Cdn,
                Policy::for_cdn(t.cdn_flavour, t.clock_phase),
            )
        });
        let routes: Vec<RouteFast> = cfg
            .routes
            .iter()
            .map(|r| RouteFast {
                revalidate: r.revalidate,
                expire: r.expire.unwrap_or(DEFAULT_EXPIRE),
                stale_if_error: r.stale_if_error,
                render: r.render_time,
                has_failures: !r.failures.is_none(),
            })
            .collect();
        let rng = ChaCha8Rng::seed_from_u64(cfg.seed);
        let short_cut = caches.len() == 1 && cdn.is_none() && cfg.topology.instances == 1;
        // The short cut answers from the one origin cache.
        let fresh_latency = cfg.latencies.origin_hit;
        let spans = std::iter::once(Spans::NONE)
            .chain(routes.iter().map(Spans::of))
            .collect();
        let mut sim = Sim {
            cfg,
            paths,
            routes,
            caches,
            cdn,
            changes: FxHashMap::default(),
            pending: Queue::default(),
            delayed: Vec::new(),
            rng,
            rr: 0,
            metrics: Metrics::with_fresh_latency(fresh_latency),
            short_cut,
            spans,
            answering: None,
            done_now: None,
            sink,
        };
        let at = sim.cfg.deploy_at;
        sim.grow();
        sim.write_build(at);
        Ok(sim)
    }

    pub fn config(&self) -> &SimConfig {
        &self.cfg
    }

    /// Keep every entry's content snapshot time from the start. A run keeps them from its
    /// first content change on, with the same results (a property test holds them equal).
    pub fn keep_data(&mut self) {
        for c in self.caches.iter_mut().chain(self.cdn.iter_mut()) {
            c.keep_data();
        }
    }

    /// Intern a path (for callers that stream paths).
    #[inline]
    pub fn intern(&mut self, path: &str) -> PathId {
        self.intern_bytes(path.as_bytes())
    }

    /// Start bringing what a request for `p` reads into the cache (the replay loop knows the
    /// requests ahead): its entry, which is all a fresh hit reads, and the path's facts, which
    /// the rest read. Always both: deciding from the entry whether the request will need the
    /// facts cost more than the prefetch (a sweep's engines ran 19 % longer).
    #[inline]
    pub fn prefetch(&self, p: PathId) {
        let i = p as usize;
        if let Some(hot) = self.caches.first().and_then(|c| c.hot.get(i)) {
            super::prefetch(hot);
        }
        if let Some(info) = self.paths.info.get(i) {
            super::prefetch(info);
        }
    }

    /// Intern a path given as bytes (trace replay).
    #[inline]
    pub fn intern_bytes(&mut self, path: &[u8]) -> PathId {
        let n = self.paths.len();
        let id = self.paths.intern_bytes(path, &self.cfg.routes);
        if self.paths.len() != n {
            self.grow();
        }
        id
    }

    /// Intern a path the caller has not given before (see [`PathTable::intern_unseen`]).
    pub fn intern_unseen(&mut self, path: &[u8]) -> PathId {
        let n = self.paths.len();
        let id = self.paths.intern_unseen(path, &self.cfg.routes);
        if self.paths.len() != n {
            self.grow();
        }
        id
    }

    /// Make every cache as long as the path table.
    #[cold]
    pub(super) fn grow(&mut self) {
        let n = self.paths.len();
        for c in self.caches.iter_mut().chain(self.cdn.iter_mut()) {
            // The vectors' capacity grows geometrically (interning N paths costs O(N)); only
            // the entries in use are written.
            c.grow(n);
        }
    }

    /// Write the prerendered set as a new build at `at` (deploy).
    pub(super) fn write_build(&mut self, at: Time) {
        let on_cdn = self.cfg.platform == Platform::Cdn;
        for p in 0..self.paths.len() as PathId {
            let info = &mut self.paths.info[p as usize];
            if !info.prerendered() {
                continue;
            }
            info.versions += 1;
            let v = info.versions;
            for c in &mut self.caches {
                c.write(p, v, at, at);
            }
            // On the cdn platform the build is pushed to the CDN itself.
            if on_cdn && let Some(c) = &mut self.cdn {
                c.write(p, v, at, at);
            }
        }
    }

    /// Apply everything scheduled up to and including `t`.
    #[inline]
    pub(super) fn advance(&mut self, t: Time) {
        while let Some((at, what)) = self.pending.pop_due(t) {
            match what {
                PendingKind::Fill {
                    layer,
                    path,
                    epoch,
                    run,
                } => self.complete_fill(layer, path, epoch, at, run),
                PendingKind::Action(i) => {
                    let a = self.delayed[i].clone();
                    self.apply_now(at, &a);
                }
            }
        }
    }

    /// Schedule `what` at `at` (after whatever is already scheduled then).
    pub(super) fn schedule(&mut self, at: Time, what: PendingKind) {
        // A render that takes no time, started by the request being answered, with nothing else
        // due by then: it completes right after that request, as the next look at the queue
        // would complete it (nothing can happen in between), without going through the queue.
        if !S::ENABLED
            && self.answering == Some(at)
            && self.done_now.is_none()
            && !self.pending.due(at)
            && let PendingKind::Fill { .. } = what
        {
            self.done_now = Some((at, what));
            return;
        }
        // Renders come in time order when render times are equal; a delayed action far ahead
        // would keep the renders after it out of the FIFO.
        let in_order = matches!(what, PendingKind::Fill { .. });
        self.pending.push(at, what, in_order);
    }

    pub(super) fn cache_mut(&mut self, layer: Layer) -> &mut Cache {
        match layer {
            Layer::Cdn => self.cdn.as_mut().expect("cdn layer exists"),
            Layer::Origin(i) => &mut self.caches[i as usize],
        }
    }

    /// A render finished: store it (or handle the failure) in the layer's cache.
    fn complete_fill(&mut self, layer_ix: u32, p: PathId, epoch: u32, at: Time, run: Inflight) {
        let layer = if layer_ix == u32::MAX {
            Layer::Cdn
        } else {
            Layer::Origin(layer_ix)
        };
        let cache = self.cache_mut(layer);
        if cache.epoch != epoch {
            return;
        }
        let policy = cache.policy;
        let name = cache.name;
        let i = p as usize;
        if cache.hot[i].flags & INFLIGHT == 0 {
            return;
        }
        let invalidated_at = cache.marks(p).invalidated_at;
        let flags = cache.hot[i].flags;
        let ok = flags & INFLIGHT_OK != 0;
        let blocking = flags & INFLIGHT_BLOCKING != 0;
        if !cache.inflight.is_empty() {
            cache.inflight.remove(&p);
        }
        let started = run.data;
        cache.hot[i].flags &= !(INFLIGHT | INFLIGHT_BLOCKING | INFLIGHT_OK);
        if ok {
            cache.stamp(i, at, started);
            let hot = &mut cache.hot[i];
            hot.version = run.version;
            hot.flags &= !RETRY_WAIT;
            // An invalidation that arrived while this render ran still applies, unless the
            // platform stores the result as newer than it (next-start).
            if policy.render_wins || invalidated_at <= started {
                hot.flags &= !(SOFT | HARD);
                // Every later render starts after that invalidation, and no backoff is left:
                // the marks no longer decide anything.
                if !cache.marks.is_empty() {
                    cache.marks.remove(&p);
                }
            }
        } else if cache.hot[i].version != 0 && !blocking {
            if policy.restamp_on_failure {
                cache.restamp(i, at);
                cache.hot[i].flags &= !SOFT;
            } else if policy.retry_after > 0 {
                cache.hot[i].flags |= RETRY_WAIT;
                cache.marks.entry(p).or_default().retry_at = at + policy.retry_after;
            }
        }
        let version = cache.hot[i].version;
        if S::ENABLED {
            let ev = RenderEvent {
                t: at,
                path: p,
                cache: name,
                ok,
                blocking,
                version,
            };
            self.sink.event(SimEvent::Render(&ev), &self.paths);
        }
    }

    /// A request for `p` arrives at `t`.
    #[inline]
    pub fn request(&mut self, t: Time, p: PathId) {
        if self.pending.due(t) {
            self.advance(t);
        }
        if !S::ENABLED && self.try_short_cut(t, p) {
            return;
        }
        self.answer(t, p, false);
    }

    /// A request for `p` at `t` carrying the bypass header (`x-prerender-revalidate` with the
    /// right token): it goes to the origin (past any CDN) and re-renders at once, even when the
    /// entry is fresh (next-start answers REVALIDATED).
    pub fn bypass(&mut self, t: Time, p: PathId) {
        self.advance(t);
        self.answer(t, p, true);
    }

    fn answer(&mut self, t: Time, p: PathId, bypass: bool) {
        if S::ENABLED {
            return self.serve_request(t, p, bypass);
        }
        self.answering = Some(t);
        self.serve_request(t, p, bypass);
        self.answering = None;
        if let Some((
            at,
            PendingKind::Fill {
                layer,
                path,
                epoch,
                run,
            },
        )) = self.done_now.take()
        {
            self.complete_fill(layer, path, epoch, at, run);
        }
    }

    fn serve_request(&mut self, t: Time, p: PathId, bypass: bool) {
        let class = self.paths.info[p as usize].class;
        if class != PathClass::Page {
            self.metrics.not_isr.add(class);
            return;
        }
        let track = self.paths.info[p as usize].changed();
        // A bypass request goes past the CDN to the origin (unless the CDN is the only cache).
        let via_cdn = self.cdn.is_some() && (!bypass || self.caches.is_empty());
        let resp = if via_cdn {
            self.serve(Layer::Cdn, p, t, track, bypass)
        } else {
            let inst = self.pick_instance();
            let ix = if self.caches.len() == 1 { 0 } else { inst };
            let mut r = self.serve(Layer::Origin(ix), p, t, track, bypass);
            if self.cfg.topology.instances > 1 {
                r.instance = Some(inst);
            }
            r
        };
        let served_at = resp.ready_at;
        let staleness = if track {
            self.track_changes(p, t, resp.data_time, served_at, resp.version != 0)
        } else {
            0
        };
        let latency = served_at - t;
        self.metrics
            .record_request(t, resp.served, latency, staleness);
        if S::ENABLED {
            let ev = RequestEvent {
                t,
                path: p,
                instance: resp.instance,
                served: resp.served,
                origin: resp.origin_state,
                status: resp.served.status(),
                version: resp.version,
                age: if resp.version == 0 {
                    0
                } else {
                    (t - resp.written_at).max(0)
                },
                latency,
                staleness,
                background: resp.background,
            };
            self.sink.event(SimEvent::Request(&ev), &self.paths);
        }
    }

    /// Finish: apply renders still in flight and summarise (renders per hour over `duration`).
    pub fn finish(mut self, duration: Option<Time>) -> (Summary, S, PathTable) {
        self.advance(Time::MAX / 4);
        let summary = self.metrics.summary(self.paths.len(), duration);
        (summary, self.sink, self.paths)
    }

    /// Whether the sink can take no more events (the driver then stops early).
    #[inline]
    pub fn sink_stopped(&self) -> bool {
        S::ENABLED && self.sink.stopped()
    }

    /// Renders in flight over all caches (at most one per path per cache, by construction).
    pub fn inflight(&self) -> usize {
        self.caches
            .iter()
            .chain(self.cdn.iter())
            .map(Cache::inflight)
            .sum()
    }

    /// Requests served so far.
    pub fn requests(&self) -> u64 {
        self.metrics.requests()
    }
}

#[cfg(test)]
mod tests;
