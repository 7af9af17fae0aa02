//! `simulate --compare` and `--sweep`: the same workload run under several strategies or TTLs,
//! side by side, on as many threads as there are cores.

use super::simulate::{open_trace, simulate};
use crate::cli::SimulateArgs;
use crate::cli::simulate::CompareStrategy;
use crate::engine::events::NullSink;
use crate::engine::metrics::Summary;
use crate::engine::model::{OnChange, RenderTime, Revalidate};
use crate::engine::routes::expand_ranges;
use crate::engine::{SECOND, Time};
use crate::error::{Error, Result};
use crate::scenario::{Scenario, Step};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

/// How long after a content change the CMS webhook's revalidation arrives (isr+ondemand).
pub const WEBHOOK_DELAY: Time = SECOND;

/// One run of a comparison or sweep.
#[derive(Debug, Clone)]
pub struct Variant {
    pub label: String,
    pub revalidate: Option<Time>,
    pub scenario: Scenario,
    /// SSG: how long one full build takes.
    pub build_time: Option<Time>,
}

/// A finished variant.
#[derive(Debug, Clone)]
pub struct VariantResult {
    pub variant: Variant,
    pub summary: Summary,
}

fn typical_render(rt: &RenderTime) -> Time {
    match *rt {
        RenderTime::Fixed { time } => time,
        RenderTime::Uniform { min, max } => (min + max) / 2,
        RenderTime::LogNormal { median, .. } => median,
    }
}

fn without_revalidations(s: &mut Scenario) {
    s.steps.retain(|(_, step)| {
        !matches!(
            step,
            Step::Action(crate::engine::model::Action::Revalidate { .. })
        )
    });
}

/// The base scenario rewritten for one strategy.
pub fn strategy(base: &Scenario, strat: CompareStrategy) -> Result<Variant> {
    let mut s = base.clone();
    without_revalidations(&mut s);
    let mut build_time = None;
    let label = match strat {
        CompareStrategy::Ssg => {
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
                return Err(Error::usage(
                    "ssg needs the site's pages: list them with prerender in the scenario's routes (a trace alone does not say which pages exist)",
                ));
            }
            for r in &mut s.config.routes {
                r.revalidate = Revalidate::Never;
            }
            s.config.on_change = OnChange::Rebuild { per_page };
            build_time = Some(pages as Time * per_page);
            "ssg"
        }
        CompareStrategy::Isr => "isr",
        CompareStrategy::IsrOndemand => {
            s.config.on_change = OnChange::Revalidate {
                delay: WEBHOOK_DELAY,
            };
            "isr+ondemand"
        }
        CompareStrategy::Ssr => {
            for r in &mut s.config.routes {
                r.revalidate = Revalidate::Always;
            }
            "ssr"
        }
    };
    Ok(Variant {
        label: label.to_string(),
        revalidate: None,
        scenario: s,
        build_time,
    })
}

/// The TTLs of `revalidate=10s..1h`: a "nice" series (1, 2, 3, 5, 10, 15, 20, 30, 45 s, the same
/// in minutes, then hours) inside the range, with both ends.
pub fn sweep_values(spec: &str) -> Result<Vec<Time>> {
    let bad = |m: &str| {
        Error::usage(format!("--sweep '{spec}': {m}")).with_hint("try --sweep revalidate=10s..1h")
    };
    let (param, range) = spec
        .split_once('=')
        .ok_or_else(|| bad("expected revalidate=FROM..TO"))?;
    if param.trim() != "revalidate" {
        return Err(bad("only revalidate can be swept"));
    }
    let (a, b) = range
        .split_once("..")
        .ok_or_else(|| bad("expected FROM..TO"))?;
    let parse = |x: &str| -> Result<Time> { crate::duration::parse_micros(x).map_err(|e| bad(&e)) };
    let (lo, hi) = (parse(a)?, parse(b)?);
    if lo == 0 || hi <= lo {
        return Err(bad(
            "the range must start above zero and end above its start",
        ));
    }
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
    Ok(v)
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
    }
}

/// Run every variant (in parallel, one engine per thread) and return results in input order.
pub fn run_all(
    variants: Vec<Variant>,
    args: &SimulateArgs,
    done: &(dyn Fn(usize) + Sync),
) -> Result<Vec<VariantResult>> {
    if args.trace.as_deref().is_some_and(|p| p.as_os_str() == "-") {
        return Err(Error::usage(
            "--compare and --sweep read the trace once per run; give a file, not stdin",
        ));
    }
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(variants.len())
        .max(1);
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<Result<Summary>>>> =
        Mutex::new((0..variants.len()).map(|_| None).collect());
    let finished = AtomicUsize::new(0);
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(v) = variants.get(i) else { break };
                    let r = open_trace(args).and_then(|trace| {
                        simulate(
                            &v.scenario,
                            trace,
                            NullSink,
                            &indicatif::ProgressBar::hidden(),
                        )
                        .map(|(s, _, _)| s)
                    });
                    results.lock().expect("no panics while holding the lock")[i] = Some(r);
                    done(finished.fetch_add(1, Ordering::Relaxed) + 1);
                }
            });
        }
    });
    let results = results.into_inner().expect("threads finished");
    variants
        .into_iter()
        .zip(results)
        .map(|(variant, r)| {
            let summary = r.ok_or_else(|| Error::internal("a run did not finish"))??;
            Ok(VariantResult { variant, summary })
        })
        .collect()
}

/// A staleness budget for `--sweep`: `10m` (worst case) or `p95=10m`, `p99=…`, `mean=…`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Budget {
    pub stat: &'static str,
    pub limit: Time,
}

impl Budget {
    pub fn parse(s: &str) -> Result<Self> {
        let (stat, dur) = match s.split_once('=') {
            Some((st, d)) => (st.trim(), d),
            None => ("max", s),
        };
        let stat = match stat {
            "max" => "max",
            "p99" => "p99",
            "p95" => "p95",
            "mean" => "mean",
            other => {
                return Err(Error::usage(format!(
                    "--max-staleness: unknown statistic '{other}' (use max, p99, p95 or mean, e.g. p95=10m)"
                )));
            }
        };
        let limit = crate::duration::parse_micros(dur)
            .map_err(|e| Error::usage(format!("--max-staleness: {e}")))?;
        Ok(Budget { stat, limit })
    }

    /// The statistic of served staleness this budget is about, in seconds.
    pub fn measure(&self, s: &Summary) -> f64 {
        match self.stat {
            "p99" => s.staleness.p99,
            "p95" => s.staleness.p95,
            "mean" => s.staleness.mean,
            _ => s.staleness.max,
        }
    }

    /// In words: "worst staleness", "p95 staleness", "mean staleness".
    pub fn describe(&self) -> String {
        match self.stat {
            "max" => "worst staleness".into(),
            st => format!("{st} staleness"),
        }
    }
}

/// Index of the recommended row: the largest TTL whose staleness statistic fits the budget.
pub fn recommend(rows: &[VariantResult], budget: Budget) -> Option<usize> {
    rows.iter()
        .enumerate()
        .filter(|(_, r)| (budget.measure(&r.summary) * 1e6).round() as Time <= budget.limit)
        .max_by_key(|(_, r)| r.variant.revalidate.unwrap_or(0))
        .map(|(i, _)| i)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sweep_series_is_nice_and_bounded() {
        let v = sweep_values("revalidate=10s..1h").unwrap();
        assert_eq!(v.first(), Some(&(10 * SECOND)));
        assert_eq!(v.last(), Some(&(3600 * SECOND)));
        assert!(v.contains(&(60 * SECOND)) && v.contains(&(300 * SECOND)));
        assert!(v.windows(2).all(|w| w[0] < w[1]));
        assert!(sweep_values("expire=1s..2s").is_err());
        assert!(sweep_values("revalidate=1h..10s").is_err());
        assert!(sweep_values("revalidate=10s").is_err());
    }

    #[test]
    fn budgets_parse() {
        assert_eq!(
            Budget::parse("10m").unwrap(),
            Budget {
                stat: "max",
                limit: 600 * SECOND
            }
        );
        assert_eq!(Budget::parse("p95=30s").unwrap().stat, "p95");
        assert!(Budget::parse("p42=1s").is_err());
        assert!(Budget::parse("p95=soon").is_err());
    }
}
