//! `isrctl simulate`: build a plan from flags or a scenario file, run the engine, render results.

use super::variants::{self, Variant};
use crate::cli::SimulateArgs;
use crate::cli::simulate::{PlatformArg, TraceFormatArg};
use crate::duration::{parse_micros, parse_signed_micros};
use crate::engine::events::{NullSink, Sink};
use crate::engine::metrics::Summary;
use crate::engine::model::{Action, Platform, RenderTime, Revalidate, Route, SimConfig, Target};
use crate::engine::sim::Sim;
use crate::engine::workload::{WorkItem, WorkloadSpec};
use crate::engine::{SECOND, Time};
use crate::error::{Error, Exit, Result};
use crate::output::Output;
use crate::output::simulate::{Renderer, RunInfo};
use crate::scenario::{self, Scenario, Step};
use crate::trace::{self, TraceFormat, TraceOptions, TraceReader, TraceStats};
use indicatif::ProgressBar;

/// Timelines longer than this are not shown unless `--timeline` asks.
pub const DEFAULT_TIMELINE_LIMIT: u64 = 200;

fn usage(flag: &str, e: String) -> Error {
    Error::usage(format!("{flag}: {e}"))
}

fn micros(flag: &str, s: &str) -> Result<Time> {
    parse_micros(s).map_err(|e| usage(flag, e))
}

fn parse_revalidate(s: &str) -> Result<Revalidate> {
    match s.trim() {
        "false" | "never" => Ok(Revalidate::Never),
        other => Ok(match micros("--revalidate", other)? {
            0 => Revalidate::Always,
            us => Revalidate::After(us),
        }),
    }
}

fn platform(p: PlatformArg) -> Platform {
    match p {
        PlatformArg::NextStart => Platform::NextStart,
        PlatformArg::Vercel => Platform::Vercel,
        PlatformArg::Cdn => Platform::Cdn,
    }
}

/// The seeds' pricing-page story, or the quick flags (or just a default route for a trace or
/// workload: every path an ISR page, not prerendered, so the first request is a cold MISS).
fn quick_scenario(args: &SimulateArgs) -> Result<Scenario> {
    if args.trace.is_some() || args.workload.is_some() {
        return Ok(Scenario {
            config: SimConfig::new(Platform::NextStart, vec![Route::new("*")]),
            steps: Vec::new(),
            workload: None,
            duration: None,
        });
    }
    let paths = if args.paths.is_empty() {
        vec!["/pricing".to_string()]
    } else {
        args.paths.clone()
    };
    for p in &paths {
        if !p.starts_with('/') {
            return Err(Error::usage(format!("--path '{p}' must start with '/'")));
        }
    }
    let times: Vec<Time> = if args.at.is_empty() {
        [0, 45, 65, 70].iter().map(|s| s * SECOND).collect()
    } else {
        args.at
            .iter()
            .map(|t| parse_signed_micros(t).map_err(|e| usage("--at", e)))
            .collect::<Result<_>>()?
    };
    if times.windows(2).any(|w| w[1] < w[0]) {
        return Err(Error::usage("--at: times must not go backwards")
            .with_hint("list the times in order, e.g. --at 0,45,65,70"));
    }
    let mut route = Route::new("*");
    route.revalidate = Revalidate::After(60 * SECOND);
    if !args.on_demand {
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
    })
}

/// Apply flags that override the scenario (flags win over the file).
fn apply_overrides(s: &mut Scenario, args: &SimulateArgs) -> Result<()> {
    if let Some(p) = args.platform {
        s.config.platform = platform(p);
    }
    if let Some(seed) = args.seed {
        s.config.seed = seed;
    }
    if let Some(b) = &args.built_ago {
        s.config.deploy_at = -micros("--built-ago", b)?;
    }
    let revalidate = args
        .revalidate
        .as_deref()
        .map(parse_revalidate)
        .transpose()?;
    let render = args
        .render_time
        .as_deref()
        .map(|r| micros("--render-time", r))
        .transpose()?;
    let expire = args
        .expire
        .as_deref()
        .map(|e| micros("--expire", e))
        .transpose()?;
    if expire == Some(0) {
        return Err(Error::usage("--expire must be more than zero"));
    }
    for r in &mut s.config.routes {
        if let Some(v) = revalidate {
            r.revalidate = v;
        }
        if let Some(t) = render {
            r.render_time = RenderTime::Fixed { time: t };
        }
        if expire.is_some() {
            r.expire = expire;
        }
    }
    Ok(())
}

fn load(args: &SimulateArgs) -> Result<Scenario> {
    let mut s = match &args.scenario {
        Some(path) => {
            let name = path.display().to_string();
            let src = std::fs::read_to_string(path)
                .map_err(|e| Error::usage(format!("cannot read scenario file {name}: {e}")))?;
            let s = scenario::parse(&name, &src).map_err(|e| {
                Error::usage(e.to_string()).with_hint(
                    "the scenario format is described in isrctl-scenario(5) and docs/scenario.md",
                )
            })?;
            if !args.at.is_empty() || !args.paths.is_empty() || args.on_demand {
                return Err(Error::usage(
                    "--at, --path and --on-demand build a scenario; they cannot be combined with a scenario file",
                ));
            }
            s
        }
        None => quick_scenario(args)?,
    };
    apply_overrides(&mut s, args)?;
    if let Some(w) = &args.workload {
        s.workload = Some(WorkloadSpec::parse(w).map_err(|e| usage("--workload", e))?);
    }
    if args.trace.is_some() && s.workload.is_some() {
        return Err(Error::usage(
            "--trace cannot be combined with a workload (from --workload or the scenario file)",
        ));
    }
    Ok(s)
}

pub fn open_trace(args: &SimulateArgs) -> Result<Option<TraceReader>> {
    let Some(path) = &args.trace else {
        return Ok(None);
    };
    let opts = TraceOptions {
        format: match args.trace_format {
            TraceFormatArg::Csv => TraceFormat::Csv,
            TraceFormatArg::Combined => TraceFormat::Combined,
        },
        keep_query: args.keep_query,
        skip_bad_lines: args.skip_bad_lines,
    };
    trace::open(path, opts).map(Some).map_err(trace_error)
}

fn trace_error(e: trace::TraceError) -> Error {
    Error::usage(e.to_string()).with_hint("use --skip-bad-lines to count and skip malformed lines")
}

pub fn run(args: SimulateArgs, out: &Output) -> Result<Exit> {
    let scenario = load(&args)?;
    if !args.compare.is_empty() || args.sweep.is_some() {
        return run_variants(&args, &scenario, out);
    }
    if args.csv.is_some() {
        return Err(Error::usage(
            "--csv writes the rows of --compare or --sweep; add one of them",
        ));
    }
    let expected_requests = scenario
        .steps
        .iter()
        .filter(|(_, s)| matches!(s, Step::Request { .. } | Step::Bypass { .. }))
        .count() as u64
        + scenario
            .workload
            .as_ref()
            .map_or(0, |w| (w.rate * w.duration as f64 / SECOND as f64) as u64);
    let trace = open_trace(&args)?;
    // Short runs show their timeline by default; NDJSON streams events only when asked.
    let timeline = if args.summary {
        false
    } else {
        args.timeline
            || (out.format != crate::cli::Format::Ndjson
                && trace.is_none()
                && expected_requests <= DEFAULT_TIMELINE_LIMIT)
    };
    let info = RunInfo {
        platform: scenario.config.platform,
        seed: scenario.config.seed,
        source: source_label(&args),
        routes: scenario.config.routes.clone(),
        instances: scenario.config.topology.instances,
        cdn: scenario.config.topology.cdn,
    };
    let renderer = Renderer::new(out.clone(), timeline, info);
    let progress = match (&trace, &args.trace) {
        (Some(_), Some(path)) => {
            crate::output::progress::trace_bar(out, TraceReader::file_size(path))
        }
        _ => ProgressBar::hidden(),
    };
    // Long runs stop on Ctrl-C and still print the summary so far.
    crate::interrupt::install();
    if timeline {
        let (summary, renderer, stats) = simulate(&scenario, trace, renderer, &progress)?;
        renderer.finish(&summary, stats.as_ref())?;
    } else {
        // No timeline: the engine runs with a sink that compiles to nothing.
        let (summary, _, stats) = simulate(&scenario, trace, NullSink, &progress)?;
        renderer.finish(&summary, stats.as_ref())?;
    }
    if crate::interrupt::requested() {
        out.warn("interrupted: the summary above covers the input read before Ctrl-C");
        return Ok(Exit::Interrupted);
    }
    Ok(Exit::Success)
}

/// What was simulated, in words: the scenario file, trace, workload, quick flags or the default.
fn source_label(args: &SimulateArgs) -> String {
    let mut parts = Vec::new();
    if let Some(p) = &args.scenario {
        parts.push(p.display().to_string());
    }
    if let Some(t) = &args.trace {
        parts.push(format!("trace {}", t.display()));
    }
    if let Some(w) = &args.workload {
        parts.push(format!("workload {w}"));
    }
    if parts.is_empty() {
        if args.at.is_empty() && args.paths.is_empty() && args.revalidate.is_none() {
            return "built-in pricing-page story".into();
        }
        return "quick flags".into();
    }
    parts.join(" + ")
}

/// `--compare` or `--sweep`: many runs of the same input, one table.
fn run_variants(args: &SimulateArgs, scenario: &Scenario, out: &Output) -> Result<Exit> {
    let (kind, variants, budget) = if let Some(spec) = &args.sweep {
        let values = variants::sweep_values(spec)?;
        let budget = args
            .max_staleness
            .as_deref()
            .map(variants::Budget::parse)
            .transpose()?;
        let v: Vec<Variant> = values
            .into_iter()
            .map(|ttl| variants::with_revalidate(scenario, ttl))
            .collect();
        ("sweep", v, budget)
    } else {
        let mut seen = Vec::new();
        for s in &args.compare {
            if !seen.contains(s) {
                seen.push(*s);
            }
        }
        (
            "compare",
            seen.into_iter()
                .map(|s| variants::strategy(scenario, s))
                .collect::<Result<Vec<_>>>()?,
            None,
        )
    };
    let progress = crate::output::progress::counter(out, variants.len() as u64, kind);
    let rows = variants::run_all(variants, args, &|n| progress.set_position(n as u64))?;
    progress.finish_and_clear();
    let recommended = budget.and_then(|b| variants::recommend(&rows, b));
    if let Some(path) = &args.csv {
        crate::output::variants::write_csv(path, &rows)?;
    }
    crate::output::variants::render(out, kind, &rows, recommended, budget)?;
    Ok(Exit::Success)
}

/// Run one scenario (with its trace, if any) to the end.
pub fn simulate<S: Sink>(
    scenario: &Scenario,
    trace: Option<TraceReader>,
    sink: S,
    progress: &ProgressBar,
) -> Result<(Summary, S, Option<TraceStats>)> {
    let mut sim = Sim::new(scenario.config.clone(), sink).map_err(Error::usage)?;
    let stats = run_steps(&mut sim, scenario, trace, progress)?;
    progress.finish_and_clear();
    let (summary, sink, _) = sim.finish(scenario.duration);
    Ok((summary, sink, stats))
}

/// Feed the scenario steps and the workload or trace (merged by time) into the engine.
fn run_steps<S: Sink>(
    sim: &mut Sim<S>,
    s: &Scenario,
    trace: Option<TraceReader>,
    progress: &ProgressBar,
) -> Result<Option<TraceStats>> {
    if let Some(mut reader) = trace {
        replay(sim, s, &mut reader, progress)?;
        return Ok(Some(reader.stats));
    }
    let mut work = s.workload.as_ref().map(|w| (w, w.generate(s.config.seed)));
    let mut next_work: Option<WorkItem> = work.as_mut().and_then(|(_, it)| it.next());
    let mut steps = s.steps.iter().peekable();
    let mut n: u64 = 0;
    loop {
        n += 1;
        if n & 0xFFFF == 0 && crate::interrupt::requested() {
            break;
        }
        let step_t = steps.peek().map(|(t, _)| *t);
        let work_t = next_work.map(|w| match w {
            WorkItem::Request { t, .. } | WorkItem::Change { t, .. } => t,
        });
        match (step_t, work_t) {
            (None, None) => break,
            (Some(st), wt) if wt.is_none_or(|wt| st <= wt) => {
                let (t, step) = steps.next().expect("peeked");
                apply_step(sim, *t, step);
            }
            _ => {
                let (spec, it) = work.as_mut().expect("workload item implies a workload");
                apply_work(sim, spec, next_work.take().expect("some"));
                next_work = it.next();
            }
        }
    }
    Ok(None)
}

fn apply_step<S: Sink>(sim: &mut Sim<S>, t: Time, step: &Step) {
    match step {
        Step::Request { path } => {
            let id = sim.intern(path);
            sim.request(t, id);
        }
        Step::Bypass { path } => {
            let id = sim.intern(path);
            sim.bypass(t, id);
        }
        Step::Action(a) => sim.action(t, a),
    }
}

/// Replay a trace, with the scenario's own steps merged in by time. This is the hot loop:
/// one reused line buffer, one hash lookup per request, nothing allocated per request.
fn replay<S: Sink>(
    sim: &mut Sim<S>,
    s: &Scenario,
    reader: &mut TraceReader,
    progress: &ProgressBar,
) -> Result<()> {
    let mut steps = s.steps.iter().peekable();
    let started = std::time::Instant::now();
    while let Some(t) = reader.next_record().map_err(trace_error)? {
        while let Some((st, step)) = steps.next_if(|(st, _)| *st <= t) {
            apply_step(sim, *st, step);
        }
        let id = sim.intern_bytes(reader.path());
        sim.request(t, id);
        if reader.stats.requests & 0xF_FFFF == 0 {
            if crate::interrupt::requested() {
                return Ok(());
            }
            let n = reader.stats.requests;
            let rate = n as f64 / started.elapsed().as_secs_f64().max(1e-9);
            progress.set_position(reader.bytes_read());
            progress.set_message(format!(
                "{:.1}M requests, {:.1}M/s",
                n as f64 / 1e6,
                rate / 1e6
            ));
        }
    }
    for (st, step) in steps {
        apply_step(sim, *st, step);
    }
    Ok(())
}

fn apply_work<S: Sink>(sim: &mut Sim<S>, spec: &WorkloadSpec, item: WorkItem) {
    match item {
        WorkItem::Request { t, key } => {
            let id = sim.intern(&spec.path_for(key));
            sim.request(t, id);
        }
        WorkItem::Change { t, key } => {
            sim.action(
                t,
                &Action::ContentChange {
                    target: Target::Path(spec.path_for(key)),
                },
            );
        }
    }
}
