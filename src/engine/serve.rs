//! How one cache layer answers a request: HIT, STALE with a background regeneration, a blocking
//! render (MISS / REVALIDATED), joining a render in flight, or passing through; and the renders
//! themselves (duration, failures, versions).

use super::Time;
use super::cache::{HARD, INFLIGHT, INFLIGHT_BLOCKING, INFLIGHT_OK, Inflight, RETRY_WAIT, SOFT};
use super::events::{Background, Served, Sink};
use super::model::{Balance, RenderTime, Revalidate};
use super::routes::PathId;
use super::sim::{Layer, PendingKind, RouteFast, Sim};
use rand::RngExt;
use rand_distr::{Distribution, LogNormal};

/// The result of a fill (a render, or a CDN fetch from the origin).
#[derive(Debug, Clone, Copy)]
pub(super) struct Fill {
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
pub(super) struct Resp {
    pub served: Served,
    pub version: u32,
    pub written_at: Time,
    /// Upstream snapshot of the content served (only kept when the path's changes are tracked).
    pub data_time: Time,
    pub ready_at: Time,
    pub background: Background,
    pub origin_state: Option<Served>,
    pub instance: Option<u32>,
}

impl<S: Sink> Sim<S> {
    pub(super) fn pick_instance(&mut self) -> u32 {
        let n = self.cfg.topology.instances.max(1);
        if n == 1 {
            return 0;
        }
        match self.cfg.topology.balance {
            Balance::RoundRobin => {
                let i = self.rr % n;
                self.rr = self.rr.wrapping_add(1);
                i
            }
            Balance::Random => self.rng.random_range(0..n),
        }
    }

    fn render_duration(&mut self, rt: RenderTime) -> Time {
        match rt {
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

    fn render_fails(&mut self, route: usize, t: Time) -> bool {
        let f = &self.cfg.routes[route].failures;
        if f.windows.iter().any(|&(a, b)| t >= a && t < b) {
            return true;
        }
        let p = f.probability;
        p > 0.0 && self.rng.random_bool(p.min(1.0))
    }

    /// Render `p` at the origin, starting at `t`.
    fn render(&mut self, p: PathId, t: Time, blocking: bool) -> Fill {
        let route = self.paths.info[p as usize].route as usize;
        let rf = self.routes[route];
        let dur = self.render_duration(rf.render);
        let fails = rf.has_failures && self.render_fails(route, t);
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
            let info = &mut self.paths.info[p as usize];
            info.versions += 1;
            info.versions
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
        if layer != Layer::Cdn || self.caches.is_empty() {
            return self.render(p, t, blocking);
        }
        if !blocking {
            self.metrics.cdn_refreshes += 1;
        }
        let inst = self.pick_instance();
        let cache_ix = if self.caches.len() == 1 { 0 } else { inst };
        let r = self.serve(Layer::Origin(cache_ix), p, t, true, false);
        let route = self.paths.info[p as usize].route as usize;
        Fill {
            ok: r.served.status() == 200,
            not_found: r.served == Served::NotFound,
            version: r.version,
            data_time: r.data_time,
            ready_at: r.ready_at,
            origin_state: Some(r.served),
            instance: Some(inst),
            cacheable: route < self.routes.len()
                && self.routes[route].revalidate != Revalidate::Always,
        }
    }

    /// Mark a render in flight on `layer` and schedule its completion.
    fn start_fill(&mut self, layer: Layer, p: PathId, f: &Fill, blocking: bool, label: Served) {
        let cache = self.cache_mut(layer);
        let epoch = cache.epoch;
        let i = p as usize;
        let ok = f.ok && f.cacheable && !f.not_found;
        let hot = &mut cache.hot[i];
        hot.flags |= INFLIGHT
            | if ok { INFLIGHT_OK } else { 0 }
            | if blocking { INFLIGHT_BLOCKING } else { 0 };
        hot.join_label = label;
        let run = Inflight {
            done: f.ready_at,
            data: f.data_time,
            version: f.version,
        };
        if blocking {
            cache.inflight.insert(p, run);
        }
        self.schedule(
            f.ready_at,
            PendingKind::Fill {
                layer: layer.index(),
                path: p,
                epoch,
                run,
            },
        );
    }

    /// The render in flight of `p` at `layer`, which a request joins. A blocking one is kept by
    /// path; a background one travels only in the queue (joining it is rare: the entry expired
    /// or was dropped while it ran), so it is found there once and then kept by path too.
    fn joined_run(&mut self, layer: Layer, p: PathId) -> Inflight {
        let epoch = self.cache_mut(layer).epoch;
        if let Some(run) = self.cache_mut(layer).inflight.get(&p) {
            return *run;
        }
        let ix = layer.index();
        let run = self
            .pending
            .find(|k| match k {
                PendingKind::Fill {
                    layer,
                    path,
                    epoch: e,
                    run,
                } if *layer == ix && *path == p && *e == epoch => Some(*run),
                _ => None,
            })
            .unwrap_or_default();
        self.cache_mut(layer).inflight.insert(p, run);
        run
    }

    /// What a request that waits at `layer` waits for: a render, or the CDN's fetch from the origin.
    fn blocking_background(&self, layer: Layer, done_at: Time) -> Background {
        if layer == Layer::Cdn && !self.caches.is_empty() {
            Background::OriginFetch { done_at }
        } else {
            Background::RenderStarted { done_at }
        }
    }

    /// Serve a request for `p` arriving at `layer` at time `t`. `track` asks for the content's
    /// upstream snapshot time (needed only for paths whose content changed).
    /// `force` is a request with the bypass header (`x-prerender-revalidate`): it re-renders at
    /// once even when the entry is fresh, and is answered REVALIDATED.
    pub(super) fn serve(
        &mut self,
        layer: Layer,
        p: PathId,
        t: Time,
        track: bool,
        force: bool,
    ) -> Resp {
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
        if info.not_found() && layer != Layer::Cdn {
            return resp;
        }
        let rf = self.routes[(info.route as usize).min(self.routes.len() - 1)];
        if info.not_found() || rf.revalidate == Revalidate::Always {
            return self.pass_through(layer, p, t, info.not_found(), resp);
        }
        let cache = self.cache_mut(layer);
        let policy = cache.policy;
        let i = p as usize;
        let hot = cache.hot[i];
        let present = hot.version != 0;
        let expired = present && policy.elapsed(hot.written_at, t, rf.expire);
        let inflight = hot.flags & INFLIGHT != 0;
        let blocking_inflight = inflight && hot.flags & INFLIGHT_BLOCKING != 0;
        // After a hard invalidation a request waits for a render, unless a background render
        // is already running where that render wins (next-start): then the old entry, STALE.
        let hard = hot.flags & HARD != 0 && !(inflight && !blocking_inflight && policy.render_wins);

        if !present || hard || expired || force || blocking_inflight {
            return self.serve_blocking(layer, p, t, force, rf, resp);
        }

        resp.version = hot.version;
        resp.written_at = hot.written_at;
        if track {
            resp.data_time = cache.data_time(i);
        }
        let fresh = match rf.revalidate {
            Revalidate::After(r) => !policy.elapsed(hot.written_at, t, r),
            _ => true,
        } && hot.flags & (SOFT | HARD) == 0;
        if fresh {
            resp.served = Served::Hit;
            return resp;
        }
        resp.served = Served::Stale;
        if inflight {
            resp.served = policy.updating_label;
            return resp;
        }
        if hot.flags & RETRY_WAIT != 0 && t < cache.marks(p).retry_at {
            return resp;
        }
        let f = self.fill(layer, p, t, false);
        self.start_fill(layer, p, &f, false, Served::Stale);
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

    /// An uncacheable request at this layer (a 404, or `revalidate = 0`): render or fetch for
    /// this request alone.
    fn pass_through(
        &mut self,
        layer: Layer,
        p: PathId,
        t: Time,
        not_found: bool,
        mut resp: Resp,
    ) -> Resp {
        let hit_latency = resp.ready_at - t;
        let f = self.fill(layer, p, t, true);
        resp.served = if not_found {
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
        resp.instance = f.instance.or(resp.instance);
        resp.background = if not_found {
            Background::None
        } else {
            self.blocking_background(layer, f.ready_at)
        };
        resp
    }

    /// A request that must wait for a render: absent, hard-invalidated, expired, forced by the
    /// bypass header, or arriving while a blocking render runs (then it joins that render).
    fn serve_blocking(
        &mut self,
        layer: Layer,
        p: PathId,
        t: Time,
        force: bool,
        rf: RouteFast,
        mut resp: Resp,
    ) -> Resp {
        let hit_latency = resp.ready_at - t;
        let instance = resp.instance;
        let cache = self.cache_mut(layer);
        let policy = cache.policy;
        let i = p as usize;
        let hot = cache.hot[i];
        let age = t - hot.written_at;
        let present = hot.version != 0;
        let inflight = hot.flags & INFLIGHT != 0;
        let hard = hot.flags & HARD != 0;
        // This request's label, and the label of the requests that join its render.
        let (label, join) = if inflight && hot.flags & INFLIGHT_BLOCKING != 0 {
            (hot.join_label, hot.join_label)
        } else if force {
            (Served::Revalidated, Served::Revalidated)
        } else if present && !hard {
            (policy.expired_label, policy.expired_join_label)
        } else {
            (Served::Miss, policy.miss_join_label)
        };
        if inflight {
            // A render is already running: wait for it (single flight, request collapsing).
            let run = self.joined_run(layer, p);
            resp.served = if hot.flags & INFLIGHT_OK != 0 {
                label
            } else {
                Served::Error
            };
            resp.version = run.version;
            resp.data_time = run.data;
            resp.written_at = run.done;
            resp.ready_at = run.done.max(t + hit_latency);
            resp.background = Background::JoinedRender { done_at: run.done };
            return resp;
        }
        let old_data = cache.data_time(i);
        let f = self.fill(layer, p, t, true);
        if f.cacheable && !f.not_found {
            self.start_fill(layer, p, &f, true, join);
        }
        resp.origin_state = f.origin_state;
        resp.instance = f.instance.or(instance);
        resp.ready_at = f.ready_at.max(t + hit_latency);
        resp.background = if f.not_found {
            Background::None
        } else {
            self.blocking_background(layer, f.ready_at)
        };
        if f.ok {
            resp.served = if f.not_found { Served::NotFound } else { label };
            resp.version = f.version;
            resp.data_time = f.data_time;
            resp.written_at = f.ready_at;
        } else if policy.stale_if_error && present && age < rf.expire + rf.stale_if_error {
            resp.served = Served::Stale;
            resp.version = hot.version;
            resp.data_time = old_data;
            resp.written_at = hot.written_at;
        } else {
            resp.served = Served::Error;
        }
        resp
    }
}
