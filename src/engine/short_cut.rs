//! The engine's short cuts for the common requests of a run without a timeline (one origin
//! cache, no CDN, one instance, content never changed): a fresh hit, and a stale hit whose
//! regeneration takes no time and cannot fail. Each does exactly what the full path
//! (`serve.rs`, then the render's completion) does to the run's results, without the steps
//! between; the property test in `tests/it/engine.rs` runs every scenario both ways.

use super::Time;
use super::events::{Served, Sink};
use super::model::{RenderTime, Revalidate};
use super::routes::{NO_ROUTE, PathId};
use super::sim::{RouteFast, Sim, Spans};

impl Spans {
    /// For tag 0: never answered by a short cut.
    pub(super) const NONE: Spans = Spans {
        fresh: 0,
        revalidate: Time::MAX,
        expire: 0,
    };

    pub(super) fn of(r: &RouteFast) -> Spans {
        let Revalidate::After(period) = r.revalidate else {
            return Spans::NONE;
        };
        let instant = matches!(r.render, RenderTime::Fixed { time: 0 }) && !r.has_failures;
        let (revalidate, expire) = if instant {
            (period, r.expire)
        } else {
            (Spans::NONE.revalidate, Spans::NONE.expire)
        };
        Spans {
            fresh: period.min(r.expire),
            revalidate,
            expire,
        }
    }
}

impl<S: Sink> Sim<S> {
    /// Answer the request for `p` at `t` by a short cut. Returns false (having changed nothing
    /// the run's results depend on) when the full path is needed. Reads the entry alone once it
    /// carries the path's `fast` tag.
    #[inline(always)]
    pub(super) fn try_short_cut(&mut self, t: Time, p: PathId) -> bool {
        if !self.short_cut {
            return false;
        }
        let mut hot = self.caches[0].hot[p as usize];
        if hot.fast == 0 {
            if !self.tag_fast(p) {
                return false;
            }
            hot = self.caches[0].hot[p as usize];
        }
        if !hot.settled() {
            return false;
        }
        let age = t - hot.written_at;
        let spans = self.spans[hot.fast as usize];
        if age < spans.fresh {
            self.metrics.record_fresh_hit(t);
            return true;
        }
        age >= spans.revalidate && age < spans.expire && self.stale_now(t, p)
    }

    /// Whether requests can be answered by the short cuts at all (see [`Sim::fresh_hit`]).
    pub fn has_short_cuts(&self) -> bool {
        !S::ENABLED && self.short_cut
    }

    /// Whether a request for `p` at `t` is a fresh hit the short cut answers, which changes
    /// nothing but the fresh-hit count: for a caller that counts such requests itself (see
    /// [`Sim::add_fresh_hits`]) and gives the engine the others in order, while no timeline
    /// reaches it (then nothing the engine does between two requests for `p` changes `p`'s
    /// entry but a request for `p`). Without a branch on the answer. Only when
    /// [`Sim::has_short_cuts`].
    #[inline(always)]
    pub fn fresh_hit(&self, t: Time, p: PathId) -> bool {
        let Some(hot) = self.caches[0].hot.get(p as usize) else {
            return false;
        };
        let spans = self.spans[hot.fast as usize];
        // What `try_short_cut` asks: tagged, settled, and young enough.
        (hot.fast != 0) & hot.settled() & (t - hot.written_at < spans.fresh)
    }

    /// `n` fresh hits answered by a caller (see [`Sim::fresh_hit`]), the last at `last`; after
    /// at least one request answered here.
    pub fn add_fresh_hits(&mut self, n: u64, last: Time) {
        self.metrics.record_fresh_hits(n, last);
    }

    /// A stale hit on a route whose renders take no time and never fail (an entry with no
    /// flags, its age between revalidate and expire), with nothing else due now: answered
    /// STALE, and the background regeneration it starts is counted and written at once, as the
    /// full path completes such a render right after the request (see `Sim::schedule`).
    #[inline]
    fn stale_now(&mut self, t: Time, p: PathId) -> bool {
        if self.pending.due(t) {
            return false;
        }
        let i = p as usize;
        // The render: a new version, counted as a background regeneration.
        self.metrics.background_regenerations += 1;
        let info = &mut self.paths.info[i];
        info.versions += 1;
        let version = info.versions;
        // Its completion at `t`, started at `t`: what `Sim::complete_fill` does to an entry
        // with no flags but the render's.
        let cache = &mut self.caches[0];
        if !cache.inflight.is_empty() {
            cache.inflight.remove(&p);
        }
        if !cache.marks.is_empty()
            && (cache.policy.render_wins || cache.marks(p).invalidated_at <= t)
        {
            cache.marks.remove(&p);
        }
        cache.stamp(i, t, t);
        let hot = &mut cache.hot[i];
        hot.version = version;
        hot.join_label = Served::Stale;
        self.metrics
            .record_request(t, Served::Stale, self.cfg.latencies.origin_hit, 0);
        true
    }

    /// Give path `p`'s entry its `fast` tag; false when the path may not take the short cut.
    #[cold]
    fn tag_fast(&mut self, p: PathId) -> bool {
        let fast = self.fast_tag(p);
        self.caches[0].hot[p as usize].fast = fast;
        fast != 0
    }

    /// The `fast` tag of path `p` (see [`super::cache::Hot::fast`]): its route index + 1 when
    /// an entry of it may be answered by a short cut, else 0.
    #[cold]
    fn fast_tag(&self, p: PathId) -> u16 {
        let info = self.paths.info[p as usize];
        if info.changed() || info.not_found() || info.route == NO_ROUTE {
            return 0;
        }
        match self.routes[info.route as usize].revalidate {
            Revalidate::After(_) => info.route + 1,
            _ => 0,
        }
    }
}
