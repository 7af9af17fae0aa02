//! `probe --plot FILE`: the samples as a timeline picture, one lane per URL, each sample a mark
//! coloured by its normalized cache state, failures as crosses, a label where the content version
//! changes and a marker where `--until` was reached. Bounded on long runs and long sitemaps.

use super::style::Names;
use crate::http::cache_status::CacheState;
use crate::output::svg::lanes::{self, Chart, Lane, Mark, Marker, Thin};
use crate::output::svg::state_fill;
use crate::probe::{Event, Sample};
use std::collections::HashMap;
use url::Url;

/// URLs drawn at most (the first ones of the list).
pub const MAX_URLS: usize = 30;
/// Sample marks per URL at most (more are thinned evenly).
pub const MAX_MARKS: usize = 400;
const MAX_VERSIONS: usize = 40;

struct UrlLane {
    name: String,
    marks: Thin<Mark>,
    versions: Thin<(f64, String)>,
    last_version: Option<String>,
}

/// Collects the picture while the probe runs.
pub struct ProbePlot {
    lanes: Vec<UrlLane>,
    index: HashMap<String, usize>,
    urls: usize,
    markers: Vec<Marker>,
    t_end: f64,
}

impl ProbePlot {
    pub fn new(urls: &[Url], names: &Names) -> Self {
        let lanes: Vec<UrlLane> = urls
            .iter()
            .take(MAX_URLS)
            .map(|u| UrlLane {
                name: names.name(u.as_str()).to_string(),
                marks: Thin::new(MAX_MARKS),
                versions: Thin::new(MAX_VERSIONS),
                last_version: None,
            })
            .collect();
        let index = urls
            .iter()
            .take(MAX_URLS)
            .enumerate()
            .map(|(i, u)| (u.as_str().to_string(), i))
            .collect();
        ProbePlot {
            lanes,
            index,
            urls: urls.len(),
            markers: Vec::new(),
            t_end: 0.0,
        }
    }

    pub fn event(&mut self, e: &Event) {
        match e {
            Event::Sample(s) => self.sample(s),
            Event::Reached { url, t, .. } => {
                if let Some(&i) = self.index.get(url) {
                    self.markers.push(Marker {
                        t: *t,
                        kind: "reached",
                        label: format!("--until reached: {}", self.lanes[i].name),
                    });
                }
            }
            Event::Transition(_) => {}
        }
    }

    fn sample(&mut self, s: &Sample) {
        self.t_end = self.t_end.max(s.t);
        let Some(&i) = self.index.get(&s.url) else {
            return;
        };
        let lane = &mut self.lanes[i];
        let failed = s.error.is_some() || s.status.is_some_and(|c| c >= 500);
        let mut title = format!("#{} at {:.1}s: {}", s.seq, s.t, s.state.as_str());
        if let Some(st) = s.status.filter(|c| *c != 200) {
            title.push_str(&format!(" HTTP {st}"));
        }
        if let Some(v) = &s.version {
            title.push_str(&format!(" {v}"));
        }
        if let Some(e) = &s.error {
            title.push_str(&format!(": {e}"));
        }
        lane.marks.push(Mark {
            t: s.t,
            state: s.state.as_str(),
            fill: state_fill(if failed { CacheState::Error } else { s.state }),
            failure: failed,
            title: Some(title),
        });
        if s.version.is_some() && s.version != lane.last_version {
            lane.last_version = s.version.clone();
            lane.versions
                .push((s.t, s.version.clone().unwrap_or_default()));
        }
    }

    /// The picture; `elapsed` (seconds) is how long the probe ran.
    pub fn svg(&self, elapsed: f64) -> String {
        let mut chart = Chart {
            title: "Probe: cache state per URL over time".into(),
            legend: CacheState::ALL
                .iter()
                .map(|s| (s.as_str(), state_fill(*s)))
                .collect(),
            t_end: self.t_end.max(elapsed),
            markers: self.markers.clone(),
            ..Chart::default()
        };
        let mut thinned = 0;
        for l in &self.lanes {
            if l.marks.thinned() {
                thinned = thinned.max(l.marks.seen);
            }
            chart.lanes.push(Lane {
                name: l.name.clone(),
                marks: l.marks.items.clone(),
                versions: l.versions.items.clone(),
                ..Lane::default()
            });
        }
        if self.urls > self.lanes.len() {
            chart.capped.push(format!(
                "capped: the first {} of {} URLs shown",
                self.lanes.len(),
                self.urls
            ));
        }
        if thinned > 0 {
            chart.capped.push(format!(
                "capped: each lane shows at most {MAX_MARKS} samples, evenly thinned (the busiest URL had {thinned})"
            ));
        }
        lanes::svg(&chart)
    }
}
