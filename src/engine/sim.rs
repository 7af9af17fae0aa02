//! The event loop: per-path, per-cache entry states, single-flight regeneration, CDN layer,
//! on-demand invalidation, failures, and the bookkeeping for staleness and time-to-fresh.
//!
//! Requests and scenario events must arrive in non-decreasing time order; renders finishing are
//! kept in a binary heap and applied before anything later. Nothing here sleeps or does IO.

use super::events::{
    ActionEvent, Background, CacheName, RenderEvent, RequestEvent, Served, SimEvent, Sink,
};
use super::metrics::{ChangeRecord, Metrics, Summary};
use super::model::{
    Action, Balance, Failures, InstanceSel, InvalidateKind, Platform, RenderTime, Revalidate,
    SimConfig, Target,
};
use super::routes::{PathId, PathTable};
use super::{SECOND, Time};
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rand_distr::{Distribution, LogNormal};
use rustc_hash::FxHashMap;
use std::cmp::Reverse;
use std::collections::BinaryHeap;

/// Next.js default `expireTime`: one year.
pub const DEFAULT_EXPIRE: Time = 31_536_000 * SECOND;

const SOFT: u8 = 1;
const HARD: u8 = 2;
const INFLIGHT: u8 = 4;
const INFLIGHT_BLOCKING: u8 = 8;
const INFLIGHT_OK: u8 = 16;

/// One cache entry. `version == 0` means absent.
#[derive(Debug, Clone, Copy, Default)]
struct Entry {
    version: u32,
    flags: u8,
    /// Label given to requests joining the blocking render in flight.
    join_label: Served,
    /// When the entry was written: the freshness clock starts here.
    written_at: Time,
    /// Upstream data snapshot of the content (render start).
    data_time: Time,
    /// No background regeneration before this (vercel: 30 s after a failure).
    retry_at: Time,
    /// When the last on-demand invalidation arrived.
    invalidated_at: Time,
    /// The render in flight: when it finishes, and what it will produce.
    inflight_done: Time,
    inflight_version: u32,
    inflight_data: Time,
}

/// Which layer a cache is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Layer {
    Cdn,
    Origin(u32),
}

/// Per-layer behaviour.
#[derive(Debug, Clone, Copy)]
struct Policy {
    /// next-start: a failed background regeneration re-stamps the old entry as fresh.
    restamp_on_failure: bool,
    /// vercel: after a failed regeneration, serve stale without retrying for this long.
    retry_after: Time,
    /// Label for the blocking render past `expire`.
    expired_label: Served,
    /// cdn: serve stale when the blocking refresh fails and stale-if-error allows.
    stale_if_error: bool,
}

impl Policy {
    fn for_platform(p: Platform) -> Self {
        match p {
            Platform::NextStart => Policy {
                restamp_on_failure: true,
                retry_after: 0,
                expired_label: Served::Revalidated,
                stale_if_error: false,
            },
            Platform::Vercel => Policy {
                restamp_on_failure: false,
                retry_after: Platform::VERCEL_RETRY,
                expired_label: Served::Miss,
                stale_if_error: false,
            },
            Platform::Cdn => Policy {
                restamp_on_failure: false,
                retry_after: 0,
                expired_label: Served::Miss,
                stale_if_error: true,
            },
        }
    }
}

struct Cache {
    name: CacheName,
    policy: Policy,
    entries: Vec<Entry>,
    /// Bumped on restart/deploy so renders started before are dropped when they finish.
    epoch: u32,
}

impl Cache {
    fn new(name: CacheName, policy: Policy) -> Self {
        Cache {
            name,
            policy,
            entries: Vec::new(),
            epoch: 0,
        }
    }
    #[inline]
    fn entry(&mut self, p: PathId) -> &mut Entry {
        let i = p as usize;
        if i >= self.entries.len() {
            self.entries.resize(i + 1, Entry::default());
        }
        &mut self.entries[i]
    }
}

/// Something scheduled for later.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Pending {
    at: Time,
    seq: u64,
    what: PendingKind,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum PendingKind {
    Fill {
        layer: u32,
        path: PathId,
        epoch: u32,
    },
    Action(usize),
}

/// The result of a fill (a render, or a CDN fetch from the origin).
#[derive(Debug, Clone, Copy)]
struct Fill {
    ok: bool,
    /// 404 from the origin: not stored.
    not_found: bool,
    version: u32,
    data_time: Time,
    ready_at: Time,
    origin_state: Option<Served>,
    instance: Option<u32>,
    cacheable: bool,
}

/// What one layer answered.
#[derive(Debug, Clone, Copy)]
struct Resp {
    served: Served,
    version: u32,
    written_at: Time,
    data_time: Time,
    ready_at: Time,
    background: Background,
    origin_state: Option<Served>,
    instance: Option<u32>,
}

/// Per-path content-change history, for staleness and time-to-fresh.
#[derive(Debug, Default)]
struct PathChanges {
    /// (time, index into metrics.changes), in time order.
    times: Vec<(Time, u32)>,
    /// Changes before this index have been served fresh somewhere.
    fresh_cursor: usize,
    /// Changes before this index have seen a request after them.
    req_cursor: usize,
}

/// The simulator.
pub struct Sim<S: Sink> {
    cfg: SimConfig,
    pub paths: PathTable,
    caches: Vec<Cache>,
    cdn: Option<Cache>,
    next_version: Vec<u32>,
    has_changes: Vec<bool>,
    changes: FxHashMap<PathId, PathChanges>,
    heap: BinaryHeap<Reverse<Pending>>,
    delayed: Vec<Action>,
    seq: u64,
    rng: ChaCha8Rng,
    rr: u32,
    now: Time,
    metrics: Metrics,
    sink: S,
}

impl<S: Sink> Sim<S> {
    /// Build a simulation; prerendered paths are written at `cfg.deploy_at` as version 1.
    pub fn new(cfg: SimConfig, sink: S) -> Result<Self, String> {
        if cfg.routes.is_empty() {
            return Err("no routes".into());
        }
        if cfg.routes.len() >= u16::MAX as usize {
            return Err("too many routes".into());
        }
        let paths = PathTable::new(&cfg.routes)?;
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
        let cdn = (cfg.topology.cdn || cfg.platform == Platform::Cdn)
            .then(|| Cache::new(CacheName::Cdn, Policy::for_platform(Platform::Cdn)));
        let rng = ChaCha8Rng::seed_from_u64(cfg.seed);
        let mut sim = Sim {
            now: cfg.deploy_at.min(0),
            cfg,
            paths,
            caches,
            cdn,
            next_version: Vec::new(),
            has_changes: Vec::new(),
            changes: FxHashMap::default(),
            heap: BinaryHeap::new(),
            delayed: Vec::new(),
            seq: 0,
            rng,
            rr: 0,
            metrics: Metrics::default(),
            sink,
        };
        let at = sim.cfg.deploy_at;
        sim.write_build(at);
        Ok(sim)
    }

    pub fn config(&self) -> &SimConfig {
        &self.cfg
    }

    /// Intern a path (for callers that stream paths).
    #[inline]
    pub fn intern(&mut self, path: &str) -> PathId {
        self.intern_bytes(path.as_bytes())
    }

    /// Intern a path given as bytes (trace replay).
    #[inline]
    pub fn intern_bytes(&mut self, path: &[u8]) -> PathId {
        let id = self.paths.intern_bytes(path, &self.cfg.routes);
        if id as usize >= self.next_version.len() {
            self.next_version.resize(id as usize + 1, 0);
            self.has_changes.resize(id as usize + 1, false);
        }
        id
    }

    /// Write the prerendered set as a new build at `at` (deploy).
    fn write_build(&mut self, at: Time) {
        let n = self.paths.len();
        self.next_version.resize(n, 0);
        self.has_changes.resize(n, false);
        for p in 0..n as PathId {
            if !self.paths.info[p as usize].prerendered {
                continue;
            }
            self.next_version[p as usize] += 1;
            let v = self.next_version[p as usize];
            for c in &mut self.caches {
                *c.entry(p) = Entry {
                    version: v,
                    written_at: at,
                    data_time: at,
                    ..Entry::default()
                };
            }
            // On the cdn platform the build is pushed to the CDN itself.
            if self.cfg.platform == Platform::Cdn
                && let Some(c) = &mut self.cdn
            {
                *c.entry(p) = Entry {
                    version: v,
                    written_at: at,
                    data_time: at,
                    ..Entry::default()
                };
            }
        }
    }

    /// Apply everything scheduled up to and including `t`.
    #[inline]
    fn advance(&mut self, t: Time) {
        while let Some(Reverse(top)) = self.heap.peek() {
            if top.at > t {
                break;
            }
            let Reverse(p) = self.heap.pop().expect("peeked");
            self.now = self.now.max(p.at);
            match p.what {
                PendingKind::Fill { layer, path, epoch } => {
                    self.complete_fill(layer, path, epoch, p.at)
                }
                PendingKind::Action(i) => {
                    let a = self.delayed[i].clone();
                    self.apply_now(p.at, &a);
                }
            }
        }
        self.now = self.now.max(t);
    }

    fn schedule(&mut self, at: Time, what: PendingKind) {
        self.seq += 1;
        self.heap.push(Reverse(Pending {
            at,
            seq: self.seq,
            what,
        }));
    }

    fn layer_index(layer: Layer) -> u32 {
        match layer {
            Layer::Cdn => u32::MAX,
            Layer::Origin(i) => i,
        }
    }

    fn cache_mut(&mut self, layer: Layer) -> &mut Cache {
        match layer {
            Layer::Cdn => self.cdn.as_mut().expect("cdn layer exists"),
            Layer::Origin(i) => &mut self.caches[i as usize],
        }
    }

    /// A render finished: store it (or handle the failure) in the layer's cache.
    fn complete_fill(&mut self, layer_ix: u32, p: PathId, epoch: u32, at: Time) {
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
        let e = cache.entry(p);
        if e.flags & INFLIGHT == 0 {
            return;
        }
        let ok = e.flags & INFLIGHT_OK != 0;
        let blocking = e.flags & INFLIGHT_BLOCKING != 0;
        let started = e.inflight_data;
        e.flags &= !(INFLIGHT | INFLIGHT_BLOCKING | INFLIGHT_OK);
        if ok {
            e.version = e.inflight_version;
            e.written_at = at;
            e.data_time = e.inflight_data;
            e.retry_at = 0;
            // An invalidation that arrived while this render ran still applies.
            if e.invalidated_at <= started {
                e.flags &= !(SOFT | HARD);
            }
        } else if e.version != 0 && !blocking {
            if policy.restamp_on_failure {
                e.written_at = at;
                e.flags &= !SOFT;
            } else if policy.retry_after > 0 {
                e.retry_at = at + policy.retry_after;
            }
        }
        let version = e.version;
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

    fn pick_instance(&mut self) -> u32 {
        let n = self.cfg.topology.instances.max(1);
        match self.cfg.topology.balance {
            Balance::RoundRobin => {
                let i = self.rr % n;
                self.rr = self.rr.wrapping_add(1);
                i
            }
            Balance::Random => self.rng.random_range(0..n),
        }
    }

    fn render_duration(&mut self, rt: &RenderTime) -> Time {
        match *rt {
            RenderTime::Fixed { time } => time,
            RenderTime::Uniform { min, max } => {
                if max <= min {
                    min
                } else {
                    self.rng.random_range(min..=max)
                }
            }
            RenderTime::LogNormal { median, p95 } => {
                let mu = (median.max(1) as f64).ln();
                let sigma = ((p95.max(median + 1) as f64).ln() - mu) / 1.644_853_6;
                match LogNormal::new(mu, sigma) {
                    Ok(d) => d.sample(&mut self.rng).round() as Time,
                    Err(_) => median,
                }
            }
        }
    }

    fn render_fails(&mut self, f: &Failures, t: Time) -> bool {
        if f.windows.iter().any(|&(a, b)| t >= a && t < b) {
            return true;
        }
        f.probability > 0.0 && self.rng.random_bool(f.probability.min(1.0))
    }

    /// Render `p` at the origin, starting at `t`.
    fn render(&mut self, p: PathId, t: Time, blocking: bool) -> Fill {
        let route = self.paths.info[p as usize].route as usize;
        let rt = self.cfg.routes[route].render_time.clone();
        let dur = self.render_duration(&rt);
        let failures = std::mem::take(&mut self.cfg.routes[route].failures);
        let fails = !failures.is_none() && self.render_fails(&failures, t);
        self.cfg.routes[route].failures = failures;
        if blocking {
            self.metrics.blocking_renders += 1;
        } else {
            self.metrics.background_regenerations += 1;
        }
        let version = if fails {
            if blocking {
                self.metrics.failed_renders += 1;
            } else {
                self.metrics.failed_regenerations += 1;
            }
            0
        } else {
            self.next_version[p as usize] += 1;
            self.next_version[p as usize]
        };
        Fill {
            ok: !fails,
            not_found: false,
            version,
            data_time: t,
            ready_at: t + dur,
            origin_state: None,
            instance: None,
            cacheable: true,
        }
    }

    /// Get content for `layer` from whatever is behind it.
    fn fill(&mut self, layer: Layer, p: PathId, t: Time, blocking: bool) -> Fill {
        match layer {
            Layer::Origin(_) => self.render(p, t, blocking),
            Layer::Cdn if self.caches.is_empty() => self.render(p, t, blocking),
            Layer::Cdn => {
                if !blocking {
                    self.metrics.cdn_refreshes += 1;
                }
                let inst = self.pick_instance();
                let cache_ix = if self.caches.len() == 1 { 0 } else { inst };
                let r = self.serve(Layer::Origin(cache_ix), p, t);
                let route = &self.cfg.routes[self.paths.info[p as usize].route as usize];
                Fill {
                    ok: r.served.status() == 200,
                    not_found: r.served == Served::NotFound,
                    version: r.version,
                    data_time: r.data_time,
                    ready_at: r.ready_at,
                    origin_state: Some(r.served),
                    instance: Some(inst),
                    cacheable: route.revalidate != Revalidate::Always,
                }
            }
        }
    }

    /// Serve a request for `p` arriving at `layer` at time `t`.
    fn serve(&mut self, layer: Layer, p: PathId, t: Time) -> Resp {
        let info = self.paths.info[p as usize];
        let hit_latency = match layer {
            Layer::Cdn => self.cfg.latencies.cdn_hit,
            Layer::Origin(_) => self.cfg.latencies.origin_hit,
        };
        let instance = match layer {
            Layer::Origin(i) if self.caches.len() > 1 => Some(i),
            _ => None,
        };
        let mut resp = Resp {
            served: Served::NotFound,
            version: 0,
            written_at: t,
            data_time: t,
            ready_at: t + hit_latency,
            background: Background::None,
            origin_state: None,
            instance,
        };
        if info.not_found && layer != Layer::Cdn {
            return resp;
        }
        let route = &self.cfg.routes[info.route.min(self.cfg.routes.len() as u16 - 1) as usize];
        let revalidate = route.revalidate;
        let expire = route.expire.unwrap_or(DEFAULT_EXPIRE);
        let sie = route.stale_if_error;
        if info.not_found || revalidate == Revalidate::Always {
            // Uncacheable at this layer: pass through.
            let f = self.fill(layer, p, t, true);
            resp.served = if info.not_found {
                Served::NotFound
            } else if f.ok {
                Served::Dynamic
            } else {
                Served::Error
            };
            resp.version = f.version;
            resp.data_time = f.data_time;
            resp.ready_at = f.ready_at.max(t + hit_latency);
            resp.origin_state = f.origin_state;
            resp.instance = f.instance.or(instance);
            resp.background = Background::RenderStarted {
                done_at: f.ready_at,
            };
            return resp;
        }
        let layer_ix = Self::layer_index(layer);
        let cache = self.cache_mut(layer);
        let policy = cache.policy;
        let epoch = cache.epoch;
        let e = *cache.entry(p);
        let age = t - e.written_at;
        let present = e.version != 0;
        let expired = present && age >= expire;
        let inflight = e.flags & INFLIGHT != 0;

        // Join a blocking render already in flight (request collapsing).
        if inflight && e.flags & INFLIGHT_BLOCKING != 0 {
            let ok = e.flags & INFLIGHT_OK != 0;
            resp.served = if ok { e.join_label } else { Served::Error };
            resp.version = e.inflight_version;
            resp.data_time = e.inflight_data;
            resp.written_at = e.inflight_done;
            resp.ready_at = e.inflight_done.max(t + hit_latency);
            resp.background = Background::JoinedRender {
                done_at: e.inflight_done,
            };
            return resp;
        }

        let needs_block = !present || e.flags & HARD != 0 || expired;
        if needs_block {
            let label = if present && e.flags & HARD == 0 {
                policy.expired_label
            } else {
                Served::Miss
            };
            if inflight {
                // A background regeneration is already running: wait for it (single flight).
                let ok = e.flags & INFLIGHT_OK != 0;
                resp.served = if ok { label } else { Served::Error };
                resp.version = e.inflight_version;
                resp.data_time = e.inflight_data;
                resp.written_at = e.inflight_done;
                resp.ready_at = e.inflight_done.max(t + hit_latency);
                resp.background = Background::JoinedRender {
                    done_at: e.inflight_done,
                };
                return resp;
            }
            let f = self.fill(layer, p, t, true);
            let cache = self.cache_mut(layer);
            let en = cache.entry(p);
            if f.cacheable && !f.not_found {
                en.flags |= INFLIGHT | INFLIGHT_BLOCKING | if f.ok { INFLIGHT_OK } else { 0 };
                en.join_label = label;
                en.inflight_done = f.ready_at;
                en.inflight_version = f.version;
                en.inflight_data = f.data_time;
                self.schedule(
                    f.ready_at,
                    PendingKind::Fill {
                        layer: layer_ix,
                        path: p,
                        epoch,
                    },
                );
            }
            resp.origin_state = f.origin_state;
            resp.instance = f.instance.or(instance);
            resp.ready_at = f.ready_at.max(t + hit_latency);
            if f.ok {
                resp.served = if f.not_found { Served::NotFound } else { label };
                resp.version = f.version;
                resp.data_time = f.data_time;
                resp.written_at = f.ready_at;
            } else if policy.stale_if_error && present && age < expire + sie {
                resp.served = Served::Stale;
                resp.version = e.version;
                resp.data_time = e.data_time;
                resp.written_at = e.written_at;
            } else {
                resp.served = Served::Error;
            }
            resp.background = Background::RenderStarted {
                done_at: f.ready_at,
            };
            return resp;
        }

        resp.version = e.version;
        resp.data_time = e.data_time;
        resp.written_at = e.written_at;
        let fresh = match revalidate {
            Revalidate::After(r) => age < r,
            _ => true,
        } && e.flags & SOFT == 0;
        if fresh {
            resp.served = Served::Hit;
            return resp;
        }
        resp.served = Served::Stale;
        if inflight || t < e.retry_at {
            return resp;
        }
        let f = self.fill(layer, p, t, false);
        let cache = self.cache_mut(layer);
        let en = cache.entry(p);
        en.flags |= INFLIGHT
            | if f.ok && f.cacheable && !f.not_found {
                INFLIGHT_OK
            } else {
                0
            };
        en.inflight_done = f.ready_at;
        en.inflight_version = f.version;
        en.inflight_data = f.data_time;
        self.schedule(
            f.ready_at,
            PendingKind::Fill {
                layer: layer_ix,
                path: p,
                epoch,
            },
        );
        resp.background = if layer == Layer::Cdn && !self.caches.is_empty() {
            Background::CdnRefreshStarted {
                done_at: f.ready_at,
            }
        } else {
            Background::RegenerationStarted {
                done_at: f.ready_at,
            }
        };
        resp.origin_state = f.origin_state;
        resp
    }

    /// A request for `p` arrives at `t`.
    #[inline]
    pub fn request(&mut self, t: Time, p: PathId) {
        self.advance(t);
        let resp = if self.cdn.is_some() {
            self.serve(Layer::Cdn, p, t)
        } else {
            let inst = self.pick_instance();
            let ix = if self.caches.len() == 1 { 0 } else { inst };
            let mut r = self.serve(Layer::Origin(ix), p, t);
            if self.cfg.topology.instances > 1 {
                r.instance = Some(inst);
            }
            r
        };
        let served_at = resp.ready_at;
        let staleness = if self.has_changes[p as usize] {
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
                instance: resp.instance.unwrap_or(0),
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

    /// Staleness of a response and time-to-fresh bookkeeping for a path with content changes.
    fn track_changes(
        &mut self,
        p: PathId,
        t: Time,
        data_time: Time,
        served_at: Time,
        has_body: bool,
    ) -> Time {
        let Some(pc) = self.changes.get_mut(&p) else {
            return 0;
        };
        while pc.req_cursor < pc.times.len() && pc.times[pc.req_cursor].0 <= t {
            let ix = pc.times[pc.req_cursor].1 as usize;
            self.metrics.changes[ix].requested += 1;
            pc.req_cursor += 1;
        }
        if !has_body {
            return 0;
        }
        while pc.fresh_cursor < pc.times.len() && pc.times[pc.fresh_cursor].0 <= data_time {
            let (at, ix) = pc.times[pc.fresh_cursor];
            let ttf = (served_at - at).max(0);
            let rec = &mut self.metrics.changes[ix as usize];
            rec.fresh += 1;
            rec.max_time_to_fresh = Some(rec.max_time_to_fresh.map_or(ttf, |m| m.max(ttf)));
            rec.min_time_to_fresh = Some(rec.min_time_to_fresh.map_or(ttf, |m| m.min(ttf)));
            self.metrics.time_to_fresh.saturating_record(ttf as u64);
            pc.fresh_cursor += 1;
        }
        // The first change not reflected in the served content.
        let i = pc.times.partition_point(|&(c, _)| c <= data_time);
        match pc.times.get(i) {
            Some(&(c, _)) if c <= served_at => served_at - c,
            _ => 0,
        }
    }

    /// Paths an event targets (known paths only; a path named explicitly is interned).
    fn resolve(&mut self, target: &Target) -> Vec<PathId> {
        match target {
            Target::Path(path) => vec![self.intern(path)],
            Target::Tag(tag) => {
                let routes = &self.cfg.routes;
                (0..self.paths.len() as PathId)
                    .filter(|&p| {
                        let r = self.paths.info[p as usize].route;
                        (r as usize) < routes.len()
                            && routes[r as usize].tags.iter().any(|x| x == tag)
                    })
                    .collect()
            }
            Target::All => (0..self.paths.len() as PathId).collect(),
        }
    }

    /// A scenario event at `t`.
    pub fn action(&mut self, t: Time, action: &Action) {
        self.advance(t);
        let delay = match action {
            Action::Revalidate { .. } | Action::Purge { .. } => self.cfg.platform.propagation(),
            _ => 0,
        };
        if delay > 0 {
            self.delayed.push(action.clone());
            let i = self.delayed.len() - 1;
            self.schedule(t + delay, PendingKind::Action(i));
        } else {
            self.apply_now(t, action);
        }
    }

    fn origin_caches(&self, sel: InstanceSel) -> Vec<Layer> {
        if self.caches.is_empty() {
            return vec![Layer::Cdn];
        }
        match sel {
            InstanceSel::All => (0..self.caches.len() as u32).map(Layer::Origin).collect(),
            InstanceSel::One(i) => {
                let i = if self.caches.len() == 1 {
                    0
                } else {
                    i.min(self.caches.len() as u32 - 1)
                };
                vec![Layer::Origin(i)]
            }
        }
    }

    fn apply_now(&mut self, t: Time, action: &Action) {
        let touched = match action {
            Action::ContentChange { target } => {
                let paths = self.resolve(target);
                let ix = self.metrics.changes.len() as u32;
                self.metrics.changes.push(ChangeRecord {
                    at: t,
                    target: target.to_string(),
                    paths: paths.len() as u32,
                    fresh: 0,
                    requested: 0,
                    max_time_to_fresh: None,
                    min_time_to_fresh: None,
                });
                for &p in &paths {
                    self.has_changes[p as usize] = true;
                    self.changes.entry(p).or_default().times.push((t, ix));
                }
                paths.len()
            }
            Action::Revalidate {
                kind,
                target,
                hard,
                instance,
            } => {
                let hard = hard.unwrap_or_else(|| self.cfg.platform.default_hard(*kind));
                let paths = self.resolve(target);
                for layer in self.origin_caches(*instance) {
                    let cache = self.cache_mut(layer);
                    for &p in &paths {
                        let e = cache.entry(p);
                        if e.version != 0 {
                            e.flags |= if hard { HARD } else { SOFT };
                            e.invalidated_at = t;
                        }
                    }
                }
                paths.len()
            }
            Action::Purge { target } => {
                let paths = self.resolve(target);
                let layers: Vec<Layer> = if self.cdn.is_some() {
                    vec![Layer::Cdn]
                } else {
                    self.origin_caches(InstanceSel::All)
                };
                for layer in layers {
                    let cache = self.cache_mut(layer);
                    for &p in &paths {
                        let e = cache.entry(p);
                        if e.flags & INFLIGHT == 0 {
                            *e = Entry::default();
                        } else {
                            // Keep the render in flight; drop the content.
                            e.version = 0;
                        }
                    }
                }
                paths.len()
            }
            Action::Deploy => {
                for c in &mut self.caches {
                    c.entries.clear();
                    c.epoch += 1;
                }
                if self.cfg.platform != Platform::NextStart
                    && let Some(c) = &mut self.cdn
                {
                    c.entries.clear();
                    c.epoch += 1;
                }
                self.write_build(t);
                self.paths.len()
            }
            Action::Restart { instance } => {
                let layers = if self.cfg.topology.shared_cache || self.caches.is_empty() {
                    Vec::new()
                } else {
                    self.origin_caches(*instance)
                };
                let n = layers.len();
                for layer in layers {
                    let cache = self.cache_mut(layer);
                    cache.epoch += 1;
                    for e in &mut cache.entries {
                        e.flags &= !(SOFT | HARD | INFLIGHT | INFLIGHT_BLOCKING | INFLIGHT_OK);
                    }
                }
                n
            }
        };
        if S::ENABLED {
            let ev = ActionEvent {
                t,
                action: action.clone(),
                paths: touched,
            };
            self.sink.event(SimEvent::Action(&ev), &self.paths);
        }
    }

    /// Finish: apply renders still in flight and summarise (renders per hour over `duration`).
    pub fn finish(mut self, duration: Option<Time>) -> (Summary, S, PathTable) {
        self.advance(Time::MAX / 4);
        let summary = self.metrics.summary(self.paths.len(), duration);
        (summary, self.sink, self.paths)
    }

    /// Invariant check for tests: no cache has more than one render in flight per path, by
    /// construction of the flag; returns the number of renders in flight.
    pub fn inflight(&self) -> usize {
        self.caches
            .iter()
            .chain(self.cdn.iter())
            .map(|c| c.entries.iter().filter(|e| e.flags & INFLIGHT != 0).count())
            .sum()
    }

    /// Requests served so far.
    pub fn requests(&self) -> u64 {
        self.metrics.requests()
    }

    /// Convenience for callers with a `kind` only.
    pub fn default_hard(&self, kind: InvalidateKind) -> bool {
        self.cfg.platform.default_hard(kind)
    }
}
