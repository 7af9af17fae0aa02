//! Content changes fed into a run besides the scenario's own: `--changes RATE[:path|:tag]`
//! (seeded Poisson arrivals) or `--changes-from FILE` (a publish log), as one time-ordered
//! [`Feed`] the driver merges with requests at the cost of one comparison per request.

use super::publish_log::{PublishLog, When};
use super::{Error, Result};
use crate::engine::classes::PathClass;
use crate::engine::events::Sink;
use crate::engine::model::{Action, Target};
use crate::engine::sim::Sim;
use crate::engine::{SECOND, Time};
use crate::scenario::Scenario;
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rand_distr::{Distribution, Exp};
use std::sync::Arc;

/// Content changes to add to a run.
#[derive(Debug, Clone, Default)]
pub enum Changes {
    #[default]
    None,
    Rate(ChangeRate),
    Log(Arc<PublishLog>),
}

/// What a random change touches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Per {
    /// One page: the path of the first page request at or after the change (so popular pages
    /// change more often, as they are requested more often).
    Path,
    /// One of the routes' tags, each as likely.
    Tag,
}

/// `--changes 10/day`, `1/h:tag`: Poisson arrivals at a rate, per path (default) or per tag.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ChangeRate {
    /// Changes per second.
    pub per_second: f64,
    pub per: Per,
}

impl std::str::FromStr for ChangeRate {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        let (rate, per) = match s.rsplit_once(':') {
            Some((r, "tag")) => (r, Per::Tag),
            Some((r, "path")) => (r, Per::Path),
            Some((_, other)) => {
                return Err(format!(
                    "'{other}': a change touches a path or a tag (10/day:path, 10/day:tag)"
                ));
            }
            None => (s, Per::Path),
        };
        let per_second = crate::engine::workload::parse_rate(rate)?;
        if per_second <= 0.0 {
            return Err(format!("'{rate}': the rate must be above zero"));
        }
        Ok(ChangeRate { per_second, per })
    }
}

/// What became of the changes of a [`Changes`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ChangeStats {
    /// Changes applied.
    pub applied: u64,
    /// Publish-log changes before t=0 (the trace's first request), not applied.
    pub before_start: u64,
    /// Publish-log changes after the last request, not applied.
    pub after_end: u64,
    /// A per-path change with no page request after it, not applied.
    pub unplaced: u64,
    /// Applied changes to a tag that no route has (they touch no page).
    pub unknown_tags: u64,
}

/// Where the next change comes from.
enum Source<'a> {
    None,
    Poisson {
        rng: Box<ChaCha8Rng>,
        gap: Exp<f64>,
        /// Seconds since t=0 of the next change.
        at: f64,
        per: Per,
        tags: Vec<String>,
    },
    Log {
        log: &'a PublishLog,
        /// (time from t=0, entry index), in time order; resolved when t=0 is known.
        items: Vec<(Time, usize)>,
        pos: usize,
    },
}

/// The changes of one run, in time order.
pub struct Feed<'a> {
    src: Source<'a>,
    /// Time of the next change (`Time::MAX`: none).
    next: Time,
    /// A per-path change waits for a page request; nothing is applied before this time.
    floor: Time,
    deferred: bool,
    tags: Vec<String>,
    pub stats: ChangeStats,
}

/// Mixed into the seed so the change stream is independent of the workload's.
const SEED_MIX: u64 = 0xC0FF_EE15_0DD5_EED5;

impl<'a> Feed<'a> {
    /// The feed of `changes` for `scenario` (same seed, same changes); per-tag changes need
    /// a route with tags. Call [`Feed::start`] with the clock's origin before use.
    pub fn new(changes: &'a Changes, scenario: &Scenario) -> Result<Self> {
        let mut tags: Vec<String> = Vec::new();
        for t in scenario.config.routes.iter().flat_map(|r| r.tags.iter()) {
            if !tags.contains(t) {
                tags.push(t.clone());
            }
        }
        let src = match changes {
            Changes::None => Source::None,
            Changes::Rate(r) => {
                if r.per == Per::Tag && tags.is_empty() {
                    return Err(Error::NoTags);
                }
                let mut rng = Box::new(ChaCha8Rng::seed_from_u64(scenario.config.seed ^ SEED_MIX));
                let gap = Exp::new(r.per_second).map_err(|e| Error::Config(e.to_string()))?;
                let at = gap.sample(&mut *rng);
                Source::Poisson {
                    rng,
                    gap,
                    at,
                    per: r.per,
                    tags: if r.per == Per::Tag {
                        tags.clone()
                    } else {
                        Vec::new()
                    },
                }
            }
            Changes::Log(log) => Source::Log {
                log,
                items: Vec::new(),
                pos: 0,
            },
        };
        let mut feed = Feed {
            src,
            next: Time::MAX,
            floor: Time::MIN,
            deferred: false,
            tags,
            stats: ChangeStats::default(),
        };
        feed.set_next();
        Ok(feed)
    }

    /// The clock's origin is known: `t0` is the absolute time of t=0 (a trace's first request;
    /// 0 without a trace). Publish-log times are placed on the run's clock.
    pub fn start(&mut self, t0: Time) {
        if let Source::Log { log, items, .. } = &mut self.src {
            for (i, e) in log.entries.iter().enumerate() {
                let t = match e.when {
                    When::Absolute(a) => a.saturating_sub(t0),
                    When::Relative(r) => r,
                };
                if t < 0 {
                    self.stats.before_start += 1;
                } else {
                    items.push((t, i));
                }
            }
            items.sort_by_key(|&(t, _)| t);
        }
        self.set_next();
    }

    /// When the next change is due (`Time::MAX`: none); a waiting per-path change is due at
    /// once (`Time::MIN`).
    #[inline]
    pub fn next(&self) -> Time {
        if self.deferred { Time::MIN } else { self.next }
    }

    fn set_next(&mut self) {
        self.next = match &self.src {
            Source::None => Time::MAX,
            Source::Poisson { at, .. } => {
                if *at * SECOND as f64 >= crate::duration::MAX_MICROS as f64 {
                    Time::MAX
                } else {
                    (*at * SECOND as f64) as Time
                }
            }
            Source::Log { items, pos, .. } => items.get(*pos).map_or(Time::MAX, |&(t, _)| t),
        };
    }

    /// When the next change is due if the next input is at `t`: a waiting per-path change is
    /// due at `t`.
    #[inline]
    pub fn due_at(&self, t: Time) -> Time {
        if self.deferred { t } else { self.next }
    }

    /// Apply every change due at or before `t`, the time of the next input (`path`: the path
    /// it requests, if it is a request).
    #[cold]
    pub fn fire_due<S: Sink>(&mut self, sim: &mut Sim<S>, t: Time, path: Option<&[u8]>) {
        while self.due_at(t) <= t && self.fire_one(sim, t, path) {}
    }

    /// Apply the next change (due at or before `t`). A per-path change needs a page request:
    /// when `path` is not one it waits (false), and is applied at the time of the first page
    /// request after it.
    pub fn fire_one<S: Sink>(&mut self, sim: &mut Sim<S>, t: Time, path: Option<&[u8]>) -> bool {
        let target = match &mut self.src {
            Source::None => return false,
            Source::Poisson {
                per: Per::Tag,
                rng,
                tags,
                ..
            } => Target::Tag(tags[rng.random_range(0..tags.len())].clone()),
            Source::Poisson { per: Per::Path, .. } => {
                let page = path.map(|p| sim.intern_bytes(p)).filter(|&id| {
                    let info = &sim.paths.info[id as usize];
                    info.class == PathClass::Page && !info.not_found()
                });
                let Some(id) = page else {
                    self.deferred = true;
                    self.floor = self.floor.max(t);
                    return false;
                };
                Target::Path(sim.paths.name(id))
            }
            Source::Log { log, items, pos } => log.entries[items[*pos].1].target.clone(),
        };
        if let Target::Tag(tag) = &target
            && !self.tags.contains(tag)
        {
            self.stats.unknown_tags += 1;
        }
        let at = self.due_at(t).max(self.floor);
        self.floor = at;
        self.deferred = false;
        sim.action(at, &Action::ContentChange { target });
        self.stats.applied += 1;
        match &mut self.src {
            Source::Poisson { rng, gap, at, .. } => *at += gap.sample(&mut **rng),
            Source::Log { pos, .. } => *pos += 1,
            Source::None => {}
        }
        self.set_next();
        true
    }

    /// The input is over: count what was not applied.
    pub fn finish(mut self) -> ChangeStats {
        if self.deferred {
            self.stats.unplaced += 1;
        }
        if let Source::Log { items, pos, .. } = &self.src {
            self.stats.after_end += (items.len() - pos) as u64;
        }
        self.stats
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::events::NullSink;
    use crate::engine::model::{Platform, Route, SimConfig};
    use crate::simulate::publish_log::{Entry, PublishLog};

    fn blog() -> Scenario {
        let mut r = Route::new("/blog/[slug]");
        r.tags = vec!["posts".into()];
        Scenario {
            config: SimConfig::new(Platform::NextStart, vec![r]),
            steps: Vec::new(),
            workload: None,
            duration: None,
            step_lines: Vec::new(),
        }
    }

    #[test]
    fn a_per_path_change_waits_for_a_page_request() {
        let s = blog();
        let changes = Changes::Rate(ChangeRate {
            per_second: 0.01,
            per: Per::Path,
        });
        let mut feed = Feed::new(&changes, &s).unwrap();
        feed.start(0);
        let mut sim = Sim::new(s.config.clone(), NullSink).unwrap();
        let first = feed.next();
        assert!(first > 0 && first < Time::MAX);
        feed.fire_due(&mut sim, first - 1, Some(b"/blog/early"));
        assert_eq!(feed.stats.applied, 0);
        // A 404 is not a page: the change waits, and is due at once from then on.
        feed.fire_due(&mut sim, first + 10, Some(b"/nowhere"));
        assert_eq!((feed.stats.applied, feed.next()), (0, Time::MIN));
        feed.fire_due(&mut sim, first + 20, Some(b"/blog/x"));
        assert_eq!(feed.stats.applied, 1);
        assert!(feed.next() > first);
        let (summary, _, _) = sim.finish(None);
        let c = &summary.changes[0];
        assert_eq!((c.at, c.target.as_str()), (first + 20, "/blog/x"));
    }

    #[test]
    fn a_publish_log_is_placed_on_the_clock_in_time_order() {
        let entry = |when, target: &str, line| Entry {
            when,
            target: if let Some(t) = target.strip_prefix("tag:") {
                Target::Tag(t.into())
            } else {
                Target::Path(target.into())
            },
            line,
        };
        let log = PublishLog {
            name: "p.csv".into(),
            entries: vec![
                entry(When::Absolute(1_000 * SECOND), "/blog/b", 1),
                entry(When::Relative(5 * SECOND), "tag:posts", 2),
                entry(When::Absolute(10 * SECOND), "/blog/early", 3),
                entry(When::Absolute(5_000 * SECOND), "tag:nope", 4),
                entry(When::Absolute(9_000 * SECOND), "/blog/late", 5),
            ],
        };
        let changes = Changes::Log(Arc::new(log));
        let s = blog();
        let mut feed = Feed::new(&changes, &s).unwrap();
        feed.start(900 * SECOND);
        assert_eq!(feed.next(), 5 * SECOND);
        let mut sim = Sim::new(s.config.clone(), NullSink).unwrap();
        feed.fire_due(&mut sim, 4_200 * SECOND, None);
        let stats = feed.finish();
        assert_eq!(
            (
                stats.applied,
                stats.before_start,
                stats.after_end,
                stats.unknown_tags
            ),
            (3, 1, 1, 1)
        );
        let (summary, _, _) = sim.finish(None);
        let got: Vec<(Time, &str)> = summary
            .changes
            .iter()
            .map(|c| (c.at, c.target.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                (5 * SECOND, "tag:posts"),
                (100 * SECOND, "/blog/b"),
                (4_100 * SECOND, "tag:nope")
            ]
        );
    }

    #[test]
    fn rates_parse_with_what_they_touch() {
        let r: ChangeRate = "10/day".parse().unwrap();
        assert_eq!(r.per, Per::Path);
        assert!((r.per_second - 10.0 / 86400.0).abs() < 1e-12);
        assert_eq!("1/h:tag".parse::<ChangeRate>().unwrap().per, Per::Tag);
        assert_eq!("2/min:path".parse::<ChangeRate>().unwrap().per, Per::Path);
        assert!("1/h:page".parse::<ChangeRate>().is_err());
        assert!("0/h".parse::<ChangeRate>().is_err());
        assert!("often".parse::<ChangeRate>().is_err());
    }
}
