//! What to simulate, as plain values (built from the command line by `commands::simulate`):
//! a scenario file or the quick story, overrides that win over the file, and a trace or workload.
//! [`Plan::scenario`] turns it into the scenario the engine runs.

use super::changes::Changes;
use super::{Error, Result};
use crate::engine::model::{Platform, RenderTime, Revalidate, Route, SimConfig};
use crate::engine::workload::WorkloadSpec;
use crate::engine::{SECOND, Time};
use crate::scenario::next_build::NextBuild;
use crate::scenario::{self, Scenario, Step};
use crate::trace::{self, TraceOptions, TraceReader};
use std::path::PathBuf;

/// A simulation to run.
#[derive(Debug, Clone, Default)]
pub struct Plan {
    /// A scenario file (TOML); without one the quick story is built.
    pub scenario_file: Option<PathBuf>,
    pub quick: QuickStory,
    pub overrides: Overrides,
    pub trace: Option<TraceInput>,
    pub workload: Option<WorkloadSpec>,
    /// Routes, prerendered paths and non-page classes read from a Next.js build.
    pub next_build: Option<NextBuild>,
    /// Content changes added to the run (`--changes`, `--changes-from`).
    pub changes: Changes,
    /// isr+ondemand: how long after a change its webhook revalidates (default
    /// [`super::variants::WEBHOOK_DELAY`]).
    pub webhook_delay: Option<Time>,
}

/// The quick story: every path requested at every time (default: `/pricing` at 0, 45, 65, 70 s).
#[derive(Debug, Clone, Default)]
pub struct QuickStory {
    pub at: Vec<Time>,
    pub paths: Vec<String>,
    /// Paths are not prerendered: the first request renders.
    pub on_demand: bool,
}

impl QuickStory {
    /// Whether any quick-story setting was given.
    pub fn is_set(&self) -> bool {
        !self.at.is_empty() || !self.paths.is_empty() || self.on_demand
    }
}

/// Settings that override the scenario's (flags win over the file).
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    pub platform: Option<Platform>,
    pub seed: Option<u64>,
    pub built_ago: Option<Time>,
    pub revalidate: Option<Revalidate>,
    pub render_time: Option<Time>,
    pub expire: Option<Time>,
}

/// A trace to replay.
#[derive(Debug, Clone)]
pub struct TraceInput {
    /// `-` is stdin.
    pub path: PathBuf,
    pub options: TraceOptions,
}

impl Plan {
    /// The scenario to run: the file or the quick story, with overrides and workload applied.
    pub fn scenario(&self) -> Result<Scenario> {
        let mut s = match &self.scenario_file {
            Some(path) => {
                let src = std::fs::read_to_string(path).map_err(|source| Error::Read {
                    path: path.clone(),
                    source,
                })?;
                let s = scenario::parse(&path.display().to_string(), &src)?;
                if self.quick.is_set() {
                    return Err(Error::QuickFlagsWithScenario);
                }
                let mut s = s;
                // The file's routes come first, so they win where both match a path. A file
                // without [[routes]] gets the catch-all default route, which would shadow every
                // route of the build: it goes.
                if let Some(b) = &self.next_build {
                    s.config.routes.retain(|r| *r != Route::new("*"));
                    s.config.routes.extend(b.routes.iter().cloned());
                    s.config.classes.extend(b.classes.iter().cloned());
                }
                s
            }
            None => self.quick_scenario()?,
        };
        self.apply_overrides(&mut s);
        if let Some(w) = &self.workload {
            s.workload = Some(w.clone());
        }
        if self.trace.is_some() && s.workload.is_some() {
            return Err(Error::TraceWithWorkload);
        }
        if !matches!(self.changes, Changes::None)
            && s.workload.as_ref().is_some_and(|w| w.changes > 0.0)
        {
            return Err(Error::ChangesTwice);
        }
        Ok(s)
    }

    /// Open the trace, if there is one.
    pub fn open_trace(&self) -> Result<Option<TraceReader>> {
        let Some(t) = &self.trace else {
            return Ok(None);
        };
        Ok(Some(trace::open(&t.path, t.options)?))
    }

    /// The seeds' pricing-page story, or the quick flags (or just a default route for a trace or
    /// workload: every path an ISR page, not prerendered, so the first request is a cold MISS).
    fn quick_scenario(&self) -> Result<Scenario> {
        if let Some(b) = &self.next_build {
            return self.build_scenario(b);
        }
        if self.trace.is_some() || self.workload.is_some() {
            return Ok(Scenario {
                config: SimConfig::new(Platform::NextStart, vec![Route::new("*")]),
                steps: Vec::new(),
                workload: None,
                duration: None,
                step_lines: Vec::new(),
            });
        }
        let q = &self.quick;
        let paths = if q.paths.is_empty() {
            vec!["/pricing".to_string()]
        } else {
            q.paths.clone()
        };
        let times = self.quick_times()?;
        let mut route = Route::new("*");
        route.revalidate = Revalidate::After(60 * SECOND);
        if !q.on_demand {
            route.prerender = paths.clone();
        }
        let mut steps = Vec::new();
        for &t in &times {
            for p in &paths {
                steps.push((t, Step::Request { path: p.clone() }));
            }
        }
        Ok(Scenario {
            config: SimConfig::new(Platform::NextStart, vec![route]),
            steps,
            workload: None,
            duration: None,
            step_lines: Vec::new(),
        })
    }

    /// The build's routes, driven by the trace or workload, or else by the quick story over the
    /// given paths (default: every prerendered ISR page).
    fn build_scenario(&self, b: &NextBuild) -> Result<Scenario> {
        let q = &self.quick;
        if q.on_demand {
            return Err(Error::OnDemandWithBuild);
        }
        let mut config = SimConfig::new(Platform::NextStart, b.routes.clone());
        config.classes = b.classes.clone();
        let mut steps = Vec::new();
        if self.trace.is_none() && self.workload.is_none() {
            let paths = if q.paths.is_empty() {
                &b.isr_paths
            } else {
                &q.paths
            };
            if paths.is_empty() {
                return Err(Error::NoIsrPages(b.dir.clone()));
            }
            for t in self.quick_times()? {
                steps.extend(paths.iter().map(|p| (t, Step::Request { path: p.clone() })));
            }
        }
        Ok(Scenario {
            config,
            steps,
            workload: None,
            duration: None,
            step_lines: Vec::new(),
        })
    }

    /// `--at`, or the seeds' 0, 45, 65 and 70 s; never backwards.
    fn quick_times(&self) -> Result<Vec<Time>> {
        let times: Vec<Time> = if self.quick.at.is_empty() {
            [0, 45, 65, 70].iter().map(|s| s * SECOND).collect()
        } else {
            self.quick.at.clone()
        };
        if times.windows(2).any(|w| w[1] < w[0]) {
            return Err(Error::TimesBackwards);
        }
        Ok(times)
    }

    fn apply_overrides(&self, s: &mut Scenario) {
        let o = &self.overrides;
        if let Some(p) = o.platform {
            s.config.platform = p;
        }
        if let Some(seed) = o.seed {
            s.config.seed = seed;
        }
        if let Some(b) = o.built_ago {
            s.config.deploy_at = -b;
        }
        for r in &mut s.config.routes {
            if let Some(v) = o.revalidate {
                r.revalidate = v;
            }
            if let Some(t) = o.render_time {
                r.render_time = RenderTime::Fixed { time: t };
            }
            if o.expire.is_some() {
                r.expire = o.expire;
            }
        }
    }
}

/// How many requests a scenario will make (steps plus the workload's expected count).
pub fn expected_requests(s: &Scenario) -> u64 {
    s.steps
        .iter()
        .filter(|(_, s)| matches!(s, Step::Request { .. } | Step::Bypass { .. }))
        .count() as u64
        + s.workload
            .as_ref()
            .map_or(0, |w| (w.rate * w.duration as f64 / SECOND as f64) as u64)
}
