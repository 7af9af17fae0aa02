//! Scenario events applied to the caches (content changes, on-demand invalidation, purges,
//! deploys, restarts) and the staleness / time-to-fresh bookkeeping they feed.

use super::Time;
use super::cache::{HARD, INFLIGHT, INFLIGHT_BLOCKING, INFLIGHT_OK, SOFT};
use super::events::{ActionEvent, SimEvent, Sink};
use super::metrics::ChangeRecord;
use super::model::{Action, InstanceSel, InvalidateKind, OnChange, Platform, Target};
use super::routes::PathId;
use super::sim::{Layer, PendingKind, Sim};

impl<S: Sink> Sim<S> {
    /// Staleness of a response and time-to-fresh bookkeeping for a path with content changes.
    pub(super) fn track_changes(
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
            self.metrics.time_to_fresh.record(ttf as u64);
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
                        let r = self.paths.info[p as usize].route as usize;
                        r < routes.len() && routes[r].tags.iter().any(|x| x == tag)
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

    /// The strategy's automatic reaction to a content change (webhook or rebuild).
    fn react_to_change(&mut self, t: Time, target: &Target) {
        let (at, action) = match self.cfg.on_change {
            OnChange::Nothing => return,
            OnChange::Revalidate { delay } => {
                let kind = match target {
                    Target::Tag(_) => InvalidateKind::Tag,
                    _ => InvalidateKind::Path,
                };
                let action = Action::Revalidate {
                    kind,
                    target: target.clone(),
                    hard: None,
                    instance: InstanceSel::All,
                };
                (t + delay + self.cfg.platform.propagation(), action)
            }
            OnChange::Rebuild { per_page } => {
                let build = self.build_time(per_page);
                self.metrics.rebuilds += 1;
                self.metrics.build_renders += self.prerendered_count();
                (t + build, Action::Deploy)
            }
        };
        self.delayed.push(action);
        let i = self.delayed.len() - 1;
        self.schedule(at, PendingKind::Action(i));
    }

    fn prerendered_count(&self) -> u64 {
        self.paths.info.iter().filter(|i| i.prerendered()).count() as u64
    }

    /// How long a full build takes: every prerendered page rendered one after another.
    pub fn build_time(&self, per_page: Time) -> Time {
        self.prerendered_count() as Time * per_page
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

    pub(super) fn apply_now(&mut self, t: Time, action: &Action) {
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
                self.keep_data();
                for &p in &paths {
                    self.paths.info[p as usize].set_changed();
                    for c in self.caches.iter_mut().chain(self.cdn.iter_mut()) {
                        c.hot[p as usize].fast = 0;
                    }
                    self.changes.entry(p).or_default().times.push((t, ix));
                }
                self.react_to_change(t, target);
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
                        let i = p as usize;
                        if cache.hot[i].version != 0 {
                            cache.hot[i].flags |= if hard { HARD } else { SOFT };
                            cache.marks.entry(p).or_default().invalidated_at = t;
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
                        let hot = &mut cache.hot[p as usize];
                        // Drop the content; a render in flight still completes.
                        hot.version = 0;
                        hot.flags &= INFLIGHT | INFLIGHT_BLOCKING | INFLIGHT_OK;
                    }
                }
                paths.len()
            }
            Action::Deploy => {
                for c in &mut self.caches {
                    c.clear();
                }
                if self.cfg.platform != Platform::NextStart
                    && let Some(c) = &mut self.cdn
                {
                    c.clear();
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
                    // Invalidations are forgotten; renders in flight finish first (and are
                    // kept) where shutdown is graceful, else they are dropped.
                    let mut clear = SOFT | HARD;
                    if !cache.policy.graceful_restart {
                        cache.epoch += 1;
                        cache.inflight.clear();
                        clear |= INFLIGHT | INFLIGHT_BLOCKING | INFLIGHT_OK;
                    }
                    for h in &mut cache.hot {
                        h.flags &= !clear;
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
}
