//! `--compare` and `--sweep`: the same input run under several strategies or TTLs, in parallel
//! (one engine per thread), and the sweep's recommendation against a staleness budget.

use super::changes::ChangeStats;
use super::progress::{NoProgress, Progress};
use super::run::simulate;
use super::{Budget, Error, Plan, Result, SpecError};
use crate::engine::events::NullSink;
use crate::engine::metrics::Summary;
use crate::engine::model::{Action, OnChange, RenderTime, Revalidate};
use crate::engine::routes::expand_ranges;
use crate::engine::{SECOND, Time};
use crate::scenario::{Scenario, Step};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

/// How long after a content change the CMS webhook's revalidation arrives (isr+ondemand).
pub const WEBHOOK_DELAY: Time = SECOND;

/// A rendering strategy to compare.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Strategy {
    /// Static generation: never revalidated; every content change rebuilds the whole site.
    Ssg,
    /// Time-based incremental static regeneration (the routes' revalidate).
    Isr,
    /// ISR plus a CMS webhook that revalidates each changed page at once.
    IsrOndemand,
    /// Server rendering on every request.
    Ssr,
}

impl Strategy {
    pub const ALL: [Strategy; 4] = [
        Strategy::Ssg,
        Strategy::Isr,
        Strategy::IsrOndemand,
        Strategy::Ssr,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Strategy::Ssg => "ssg",
            Strategy::Isr => "isr",
            Strategy::IsrOndemand => "isr+ondemand",
            Strategy::Ssr => "ssr",
        }
    }
}

/// A `--sweep`: `revalidate=FROM..TO` (a series of round values inside the range) or
/// `revalidate=A,B,C` (exactly those values).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SweepRange {
    Range { from: Time, to: Time },
    List(Vec<Time>),
}

impl std::str::FromStr for SweepRange {
    type Err = SpecError;

    fn from_str(spec: &str) -> Result<Self, SpecError> {
        let bad = |m: &str| SpecError::Sweep(m.to_string());
        let (param, range) = spec
            .split_once('=')
            .ok_or_else(|| bad("expected revalidate=FROM..TO or revalidate=A,B,C"))?;
        if param.trim() != "revalidate" {
            return Err(bad("only revalidate can be swept"));
        }
        let parse = |x: &str| crate::duration::parse_micros(x).map_err(|e| bad(&e));
        let Some((a, b)) = range.split_once("..") else {
            let mut list = range.split(',').map(parse).collect::<Result<Vec<_>, _>>()?;
            if list.contains(&0) {
                return Err(bad("every revalidate value must be above zero"));
            }
            list.sort();
            list.dedup();
            if list.len() < 2 {
                return Err(bad(
                    "give two or more values (revalidate=10s,1m) or a range (revalidate=10s..1h)",
                ));
            }
            return Ok(SweepRange::List(list));
        };
        let (from, to) = (parse(a)?, parse(b)?);
        if from == 0 || to <= from {
            return Err(bad(
                "the range must start above zero and end above its start",
            ));
        }
        Ok(SweepRange::Range { from, to })
    }
}

impl SweepRange {
    /// The TTLs: a "nice" series (1, 2, 3, 5, 10, 15, 20, 30, 45 s, the same in minutes, then
    /// hours up to a day, then days) inside the range, with both ends.
    pub fn values(&self) -> Vec<Time> {
        let (lo, hi) = match self {
            SweepRange::List(v) => return v.clone(),
            SweepRange::Range { from, to } => (*from, *to),
        };
        let mut nice = Vec::new();
        for unit in [1, 60, 3600] {
            for n in [1, 2, 3, 5, 10, 15, 20, 30, 45] {
                if unit == 3600 && n > 24 {
                    continue;
                }
                nice.push(n * unit * SECOND);
            }
        }
        for n in [1, 2, 3, 7, 30] {
            nice.push(n * 86_400 * SECOND);
        }
        nice.sort();
        nice.dedup();
        let mut v: Vec<Time> = std::iter::once(lo)
            .chain(nice.into_iter().filter(|&x| x > lo && x < hi))
            .chain(std::iter::once(hi))
            .collect();
        v.dedup();
        v
    }
}

/// What to run many times.
#[derive(Debug, Clone)]
pub enum Variants {
    Compare(Vec<Strategy>),
    Sweep {
        range: SweepRange,
        budget: Option<Budget>,
    },
}

impl Variants {
    /// `compare` or `sweep`.
    pub fn kind(&self) -> &'static str {
        match self {
            Variants::Compare(_) => "compare",
            Variants::Sweep { .. } => "sweep",
        }
    }

    pub fn budget(&self) -> Option<Budget> {
        match self {
            Variants::Sweep { budget, .. } => *budget,
            Variants::Compare(_) => None,
        }
    }

    /// The runs, in order (a strategy named twice runs once); isr+ondemand's webhook
    /// revalidates `webhook_delay` after each change.
    pub fn expand(&self, base: &Scenario, webhook_delay: Time) -> Result<Vec<Variant>> {
        match self {
            Variants::Sweep { range, .. } => Ok(range
                .values()
                .into_iter()
                .map(|ttl| with_revalidate(base, ttl))
                .collect()),
            Variants::Compare(list) => {
                let mut seen = Vec::new();
                for s in list {
                    if !seen.contains(s) {
                        seen.push(*s);
                    }
                }
                seen.into_iter()
                    .map(|s| strategy(base, s, webhook_delay))
                    .collect()
            }
        }
    }
}

/// One run of a comparison or sweep.
#[derive(Debug, Clone)]
pub struct Variant {
    pub label: String,
    pub revalidate: Option<Time>,
    pub scenario: Scenario,
    /// SSG: how long one full build takes.
    pub build_time: Option<Time>,
    /// isr+ondemand: how long after a content change the webhook revalidates.
    pub webhook_delay: Option<Time>,
}

/// A finished variant.
#[derive(Debug, Clone)]
pub struct VariantResult {
    pub variant: Variant,
    pub summary: Summary,
}

/// The rows of a comparison or sweep, and the sweep's recommendation.
#[derive(Debug, Clone)]
pub struct Report {
    pub kind: &'static str,
    pub rows: Vec<VariantResult>,
    pub budget: Option<Budget>,
    /// Index of the recommended row.
    pub recommended: Option<usize>,
    /// What became of the added content changes (the same in every run).
    pub changes: ChangeStats,
    /// What the trace reader read and skipped (the same in every run).
    pub trace: Option<crate::trace::TraceStats>,
}

/// Run every variant of `base` and recommend a TTL when there is a budget.
pub fn run(
    plan: &Plan,
    base: &Scenario,
    which: &Variants,
    progress: &dyn Progress,
) -> Result<Report> {
    let variants = which.expand(base, plan.webhook_delay.unwrap_or(WEBHOOK_DELAY))?;
    progress.start_runs(variants.len());
    let (rows, changes, trace) = run_all(variants, plan, progress)?;
    progress.finish();
    let budget = which.budget();
    let recommended = budget.and_then(|b| recommend(&rows, b));
    Ok(Report {
        kind: which.kind(),
        rows,
        budget,
        recommended,
        changes,
        trace,
    })
}

fn typical_render(rt: &RenderTime) -> Time {
    match *rt {
        RenderTime::Fixed { time } => time,
        RenderTime::Uniform { min, max } => (min + max) / 2,
        RenderTime::LogNormal { median, .. } => median,
    }
}

/// The base scenario rewritten for one strategy.
pub fn strategy(base: &Scenario, strat: Strategy, webhook_delay: Time) -> Result<Variant> {
    let mut s = base.clone();
    s.steps
        .retain(|(_, step)| !matches!(step, Step::Action(Action::Revalidate { .. })));
    let mut build_time = None;
    let mut webhook = None;
    match strat {
        Strategy::Ssg => {
            // Every page of the site is built; with a workload that is every key.
            if let Some(w) = &s.workload
                && let Some(r) = s.config.routes.first_mut()
            {
                r.prerender
                    .push(w.path.replacen("{}", &format!("{{1..{}}}", w.keys), 1));
            }
            let per_page = s
                .config
                .routes
                .first()
                .map_or(0, |r| typical_render(&r.render_time));
            let mut all = std::collections::HashSet::new();
            for p in s.config.routes.iter().flat_map(|r| r.prerender.iter()) {
                all.extend(expand_ranges(p).unwrap_or_default());
            }
            let pages = all.len();
            if pages == 0 {
                return Err(Error::SsgWithoutPages);
            }
            for r in &mut s.config.routes {
                r.revalidate = Revalidate::Never;
            }
            s.config.on_change = OnChange::Rebuild { per_page };
            build_time = Some(pages as Time * per_page);
        }
        Strategy::Isr => {}
        Strategy::IsrOndemand => {
            s.config.on_change = OnChange::Revalidate {
                delay: webhook_delay,
            };
            webhook = Some(webhook_delay);
        }
        Strategy::Ssr => {
            for r in &mut s.config.routes {
                r.revalidate = Revalidate::Always;
            }
        }
    }
    Ok(Variant {
        label: strat.name().to_string(),
        revalidate: None,
        scenario: s,
        build_time,
        webhook_delay: webhook,
    })
}

/// The base scenario with every route's revalidate set to `ttl`.
pub fn with_revalidate(base: &Scenario, ttl: Time) -> Variant {
    let mut s = base.clone();
    for r in &mut s.config.routes {
        r.revalidate = Revalidate::After(ttl);
    }
    Variant {
        label: crate::human::duration(ttl),
        revalidate: Some(ttl),
        scenario: s,
        build_time: None,
        webhook_delay: None,
    }
}

/// Run every variant (in parallel, one engine per thread) and return results in input order,
/// with what became of the added changes (the first run's: the changes are the same in all).
pub fn run_all(
    variants: Vec<Variant>,
    plan: &Plan,
    progress: &dyn Progress,
) -> Result<(
    Vec<VariantResult>,
    ChangeStats,
    Option<crate::trace::TraceStats>,
)> {
    // A trace is read once for every variant.
    if let Some(reader) = plan.open_trace()? {
        let scenarios: Vec<&Scenario> = variants.iter().map(|v| &v.scenario).collect();
        progress.start_runs(variants.len());
        let (outcomes, stats) =
            super::one_pass::replay_all(&scenarios, reader, &plan.changes, progress)?;
        progress.runs(variants.len());
        let changes = outcomes.first().map(|o| o.changes).unwrap_or_default();
        let rows = variants
            .into_iter()
            .zip(outcomes)
            .map(|(variant, o)| VariantResult {
                variant,
                summary: o.summary,
            })
            .collect();
        return Ok((rows, changes, Some(stats)));
    }
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(variants.len())
        .max(1);
    let next = AtomicUsize::new(0);
    type Outcome = Option<Result<(Summary, ChangeStats, Option<crate::trace::TraceStats>)>>;
    let results: Mutex<Vec<Outcome>> = Mutex::new((0..variants.len()).map(|_| None).collect());
    let finished = AtomicUsize::new(0);
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(v) = variants.get(i) else { break };
                    let r = plan.open_trace().and_then(|trace| {
                        simulate(&v.scenario, trace, &plan.changes, NullSink, &NoProgress)
                            .map(|f| (f.summary, f.changes, f.trace))
                    });
                    results.lock().expect("no panics while holding the lock")[i] = Some(r);
                    progress.runs(finished.fetch_add(1, Ordering::Relaxed) + 1);
                }
            });
        }
    });
    let results = results.into_inner().expect("threads finished");
    let (mut changes, mut trace) = (None, None);
    let rows = variants
        .into_iter()
        .zip(results)
        .map(|(variant, r)| {
            let (summary, c, t) = r.ok_or(Error::Unfinished)??;
            changes.get_or_insert(c);
            if trace.is_none() {
                trace = t;
            }
            Ok(VariantResult { variant, summary })
        })
        .collect::<Result<Vec<_>>>()?;
    Ok((rows, changes.unwrap_or_default(), trace))
}

/// Index of the recommended row: the largest TTL whose staleness statistic fits the budget.
pub fn recommend(rows: &[VariantResult], budget: Budget) -> Option<usize> {
    rows.iter()
        .enumerate()
        .filter(|(_, r)| budget.fits(&r.summary))
        .max_by_key(|(_, r)| r.variant.revalidate.unwrap_or(0))
        .map(|(i, _)| i)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sweep(s: &str) -> Result<Vec<Time>, SpecError> {
        s.parse::<SweepRange>().map(|r| r.values())
    }

    #[test]
    fn sweep_series_is_nice_and_bounded() {
        let v = sweep("revalidate=10s..1h").unwrap();
        assert_eq!(v.first(), Some(&(10 * SECOND)));
        assert_eq!(v.last(), Some(&(3600 * SECOND)));
        assert!(v.contains(&(60 * SECOND)) && v.contains(&(300 * SECOND)));
        assert!(v.windows(2).all(|w| w[0] < w[1]));
        assert!(sweep("expire=1s..2s").is_err());
        assert!(sweep("revalidate=1h..10s").is_err());
        assert!(sweep("revalidate=10s").is_err());
    }
}
