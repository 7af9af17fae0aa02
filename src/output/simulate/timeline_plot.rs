//! `simulate --plot FILE` without `--compare`/`--sweep`: the run's timeline as a picture, built
//! from the engine's typed events as they arrive (the events the timeline table is made of). One
//! lane per path, and per cache layer when there is a CDN or several instances. What it keeps is
//! bounded whatever the run's length: the busiest paths, a thinned set of marks per lane.

use super::timeline::{self, ActionKind};
use crate::engine::events::{Background, CacheName, RequestEvent, Served, SimEvent};
use crate::engine::model::Platform;
use crate::engine::routes::PathTable;
use crate::engine::{SECOND, Time};
use crate::human::duration;
use crate::output::svg::lanes::{self, Bar, Chart, Lane, Mark, Marker, Thin};
use crate::output::svg::served_fill;
use rustc_hash::FxHashMap;

/// Paths whose events are kept (the first ones seen); the busiest of them are drawn.
pub const MAX_TRACKED_PATHS: usize = 200;
/// Lanes drawn at most.
pub const MAX_LANES: usize = 24;
/// HIT marks per lane at most, and other marks per lane at most (each thinned evenly, apart, so
/// that the rare STALE and MISS are not thinned away among thousands of HITs).
pub const MAX_MARKS: usize = 400;
/// Render bars per lane at most.
const MAX_BARS: usize = 200;
/// Version labels per lane at most.
const MAX_VERSIONS: usize = 40;
/// Scenario events marked at most.
const MAX_MARKERS: usize = 60;

/// A cache layer with a lane of its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Layer {
    /// One instance and no CDN: the path's only lane.
    Only,
    Cdn,
    /// The origin behind a CDN, or one of several instances.
    Instance(u32),
}

struct LaneData {
    layer: Layer,
    hits: Thin<(Time, Served, u32)>,
    others: Thin<(Time, Served, u32)>,
    bars: Thin<(Time, Time, bool)>,
    failed: Thin<Time>,
    versions: Thin<(Time, u32)>,
    last_version: u32,
}

struct Tracked {
    name: String,
    lanes: Vec<LaneData>,
}

impl Tracked {
    fn lane(&mut self, layer: Layer) -> &mut LaneData {
        let i = match self.lanes.iter().position(|l| l.layer == layer) {
            Some(i) => i,
            None => {
                self.lanes.push(LaneData {
                    layer,
                    hits: Thin::new(MAX_MARKS),
                    others: Thin::new(MAX_MARKS),
                    bars: Thin::new(MAX_BARS),
                    failed: Thin::new(MAX_BARS),
                    versions: Thin::new(MAX_VERSIONS),
                    last_version: 0,
                });
                self.lanes.len() - 1
            }
        };
        &mut self.lanes[i]
    }
}

/// Collects what the timeline picture shows while the engine runs.
pub struct TimelinePlot {
    multi: bool,
    cdn: bool,
    platform: Platform,
    /// Requests per path id, for every path.
    counts: Vec<u64>,
    tracked: FxHashMap<u32, Tracked>,
    markers: Thin<Marker>,
    t_end: Time,
}

fn secs(t: Time) -> f64 {
    t as f64 / SECOND as f64
}

impl TimelinePlot {
    pub fn new(instances: u32, cdn: bool, platform: Platform) -> Self {
        TimelinePlot {
            multi: instances > 1,
            cdn,
            platform,
            counts: Vec::new(),
            tracked: FxHashMap::default(),
            markers: Thin::new(MAX_MARKERS),
            t_end: 0,
        }
    }

    /// The lane of the layer that answered a request (or rendered for it).
    fn instance_layer(&self, instance: Option<u32>) -> Layer {
        match (self.cdn, self.multi, instance) {
            (false, false, _) => Layer::Only,
            (true, _, None) => Layer::Cdn,
            (_, _, i) => Layer::Instance(i.unwrap_or(0)),
        }
    }

    fn path(&mut self, id: u32, paths: &PathTable) -> Option<&mut Tracked> {
        if !self.tracked.contains_key(&id) {
            if self.tracked.len() >= MAX_TRACKED_PATHS {
                return None;
            }
            let name = paths.name(id);
            self.tracked.insert(
                id,
                Tracked {
                    name,
                    lanes: Vec::new(),
                },
            );
        }
        self.tracked.get_mut(&id)
    }

    pub fn event(&mut self, ev: &SimEvent<'_>, paths: &PathTable) {
        match ev {
            SimEvent::Request(r) => self.request(r, paths),
            SimEvent::Render(r) => {
                self.t_end = self.t_end.max(r.t);
                if r.ok {
                    return;
                }
                let layer = match r.cache {
                    CacheName::Cdn => Layer::Cdn,
                    CacheName::Instance(i) => self.instance_layer(Some(i)),
                    CacheName::Shared => self.instance_layer(Some(0)),
                };
                if let Some(p) = self.path(r.path, paths) {
                    p.lane(layer).failed.push(r.t);
                }
            }
            SimEvent::Action(a) => {
                self.t_end = self.t_end.max(a.t);
                let (kind, target, mode, _) = timeline::action(&a.action, self.platform);
                let mut label = kind.words().to_string();
                if let Some(t) = target {
                    label = format!("{label} {t}");
                }
                if let Some(m) = mode {
                    label = format!("{label} ({})", m.words());
                }
                self.markers.push(Marker {
                    t: secs(a.t),
                    kind: kind.id(),
                    label,
                });
            }
        }
    }

    fn request(&mut self, r: &RequestEvent, paths: &PathTable) {
        let i = r.path as usize;
        if i >= self.counts.len() {
            self.counts.resize(i + 1, 0);
        }
        self.counts[i] += 1;
        let main = if self.cdn {
            Layer::Cdn
        } else {
            self.instance_layer(r.instance)
        };
        let origin = self.instance_layer(r.instance);
        let cdn = self.cdn;
        let (bar, done_at) = match r.background {
            Background::RegenerationStarted { done_at } => (Some((origin, false)), done_at),
            Background::RenderStarted { done_at } => (Some((origin, true)), done_at),
            Background::OriginFetch { done_at } => (Some((Layer::Cdn, true)), done_at),
            Background::CdnRefreshStarted { done_at } => (Some((Layer::Cdn, false)), done_at),
            Background::JoinedRender { done_at } => (None, done_at),
            Background::None => (None, r.t),
        };
        self.t_end = self.t_end.max(r.t).max(done_at);
        let Some(p) = self.path(r.path, paths) else {
            return;
        };
        p.lane(main).mark(r.t, r.served, r.version);
        if let (true, Some(o), Some(_)) = (cdn, r.origin, r.instance) {
            p.lane(origin).mark(r.t, o, r.version);
        }
        if let Some((layer, blocking)) = bar {
            p.lane(layer).bars.push((r.t, done_at, blocking));
        }
    }

    /// The picture: the busiest paths' lanes, and a line for each thing left out.
    pub fn svg(&self) -> String {
        let mut order: Vec<(&u32, &Tracked)> = self.tracked.iter().collect();
        let count = |id: &u32| self.counts.get(*id as usize).copied().unwrap_or(0);
        order.sort_by(|a, b| count(b.0).cmp(&count(a.0)).then(a.0.cmp(b.0)));
        let mut chart = Chart {
            title: "Simulated timeline: served state per path over time".into(),
            legend: Served::ALL
                .iter()
                .map(|s| (s.label(), served_fill(*s)))
                .collect(),
            t_end: secs(self.t_end),
            ..Chart::default()
        };
        let (mut shown, mut thinned) = (0, 0u64);
        for (_, p) in &order {
            if !chart.lanes.is_empty() && chart.lanes.len() + p.lanes.len() > MAX_LANES {
                break;
            }
            shown += 1;
            let mut lanes: Vec<&LaneData> = p.lanes.iter().collect();
            lanes.sort_by_key(|l| l.layer);
            for l in lanes {
                if l.hits.thinned() || l.others.thinned() {
                    thinned = thinned.max(l.hits.seen + l.others.seen);
                }
                chart.lanes.push(self.lane(&p.name, l));
            }
        }
        let all = self.counts.iter().filter(|c| **c > 0).count();
        if shown < all {
            let among = if all > self.tracked.len() {
                format!(" (the busiest of the first {} seen)", self.tracked.len())
            } else {
                String::new()
            };
            chart.capped.push(format!(
                "capped: {shown} of {all} paths shown{among}, at most {MAX_LANES} lanes"
            ));
        }
        if thinned > 0 {
            chart.capped.push(format!(
                "capped: each lane shows at most {MAX_MARKS} HITs and {MAX_MARKS} other requests, evenly thinned (the busiest lane had {thinned})"
            ));
        }
        if self.markers.thinned() {
            chart.capped.push(format!(
                "capped: {} of {} scenario events marked",
                self.markers.items.len(),
                self.markers.seen
            ));
        }
        chart.markers = self.markers.items.clone();
        lanes::svg(&chart)
    }

    fn lane(&self, path: &str, l: &LaneData) -> Lane {
        let name = match l.layer {
            Layer::Only => path.to_string(),
            Layer::Cdn => format!("{path} · cdn"),
            Layer::Instance(_) if self.cdn && !self.multi => format!("{path} · origin"),
            Layer::Instance(i) => format!("{path} · instance {i}"),
        };
        Lane {
            name,
            // HITs first, so that the other states are drawn on top of them.
            marks: l
                .hits
                .items
                .iter()
                .chain(&l.others.items)
                .map(|&(t, s, v)| Mark {
                    t: secs(t),
                    state: s.label(),
                    fill: served_fill(s),
                    failure: matches!(s, Served::Error),
                    title: Some(if v == 0 {
                        format!("{} {}", duration(t), s.label())
                    } else {
                        format!("{} {} v{v}", duration(t), s.label())
                    }),
                })
                .collect(),
            bars: l
                .bars
                .items
                .iter()
                .map(|&(start, end, blocking)| Bar {
                    start: secs(start),
                    end: secs(end),
                    kind: if blocking { "render" } else { "regeneration" },
                    fill: if blocking {
                        served_fill(Served::Miss)
                    } else {
                        served_fill(Served::Stale)
                    },
                })
                .collect(),
            failed: l.failed.items.iter().map(|t| secs(*t)).collect(),
            versions: l
                .versions
                .items
                .iter()
                .map(|&(t, v)| (secs(t), format!("v{v}")))
                .collect(),
        }
    }
}

impl LaneData {
    fn mark(&mut self, t: Time, served: Served, version: u32) {
        if served == Served::Hit {
            self.hits.push((t, served, version));
        } else {
            self.others.push((t, served, version));
        }
        if version != 0 && version != self.last_version {
            self.last_version = version;
            self.versions.push((t, version));
        }
    }
}

/// Whether an on-demand action was hard or soft, in words.
impl timeline::Mode {
    pub fn words(self) -> &'static str {
        match self {
            timeline::Mode::Hard => "hard",
            timeline::Mode::Soft => "soft",
        }
    }
}

impl ActionKind {
    /// The name used in JSON (`content_change`), for the picture's `data-action`.
    pub fn id(self) -> &'static str {
        match self {
            ActionKind::ContentChange => "content_change",
            ActionKind::RevalidatePath => "revalidate_path",
            ActionKind::RevalidateTag => "revalidate_tag",
            ActionKind::Purge => "purge",
            ActionKind::Deploy => "deploy",
            ActionKind::Restart => "restart",
        }
    }
}
