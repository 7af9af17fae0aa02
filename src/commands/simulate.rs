//! `isrctl simulate`: turn the flags into a [`Plan`], run it (once, or per strategy or TTL) with
//! the simulate library, and hand the results to the renderers in `output::simulate`.

use crate::cli::simulate::CompareItem;
use crate::cli::{Format, SimulateArgs};
use crate::engine::events::NullSink;
use crate::error::{Error, Exit, Result};
use crate::output::Output;
use crate::output::simulate::{Renderer, RunInfo, variants as render_variants};
use crate::simulate::plan::expected_requests;
use crate::simulate::{
    ChangeStats, Changes, Overrides, Plan, QuickStory, SweepRange, TraceInput, Variants, simulate,
    variants,
};
use crate::trace::{TraceOptions, TraceReader};
use indicatif::ProgressBar;

/// Timelines longer than this are not shown unless `--timeline` asks.
pub const DEFAULT_TIMELINE_LIMIT: u64 = 200;

pub fn run(args: SimulateArgs, out: &Output) -> Result<Exit> {
    let mut plan = plan(&args);
    if let Some(path) = &args.changes_from {
        let log = crate::simulate::publish_log::load(path).map_err(crate::simulate::Error::from)?;
        plan.changes = Changes::Log(std::sync::Arc::new(log));
    }
    if let Some(dir) = &args.next_build {
        let build = crate::scenario::next_build::load(dir).map_err(crate::simulate::Error::from)?;
        for note in &build.notes {
            out.warn(&format!("{}: {note}", build.dir.display()));
        }
        plan.next_build = Some(build);
    }
    let scenario = plan.scenario()?;
    if let Some(base) = &args.against {
        return super::against::run(&args, base.as_str(), &scenario, out);
    }
    if let Some(which) = variants_of(&args)? {
        let bar = crate::output::progress::counter(out, 0, which.kind());
        let report = variants::run(&plan, &scenario, &which, &bar)?;
        if let Some(path) = &args.csv {
            render_variants::write_csv(path, &report.rows)?;
        }
        if let Some(path) = &args.plot {
            write_plot(path, &crate::output::simulate::plot::svg(&report))?;
        }
        render_variants::render(out, &report)?;
        warn_changes(out, &args, &report.changes);
        if let Some(first) = report.rows.first() {
            warn_unmatched(out, first.summary.not_found, first.summary.requests);
        }
        if let Some(stats) = &report.trace {
            crate::output::simulate::log_input(out, stats);
            crate::output::simulate::warn_skipped(out, stats, args.reorder_window);
        }
        // A budget that no TTL meets is an unmet expectation, as for probe --expect.
        if report.budget.is_some() && report.recommended.is_none() {
            return Ok(Exit::Unmet);
        }
        return Ok(Exit::Success);
    }
    if args.csv.is_some() {
        return Err(Error::usage(
            "--csv writes the rows of --compare or --sweep; add one of them",
        ));
    }
    let trace = plan.open_trace()?;
    // Short runs show their timeline by default; NDJSON streams events only when asked.
    let timeline = !args.summary
        && (args.timeline
            || (out.format != Format::Ndjson
                && trace.is_none()
                && expected_requests(&scenario) <= DEFAULT_TIMELINE_LIMIT));
    let info = RunInfo {
        platform: scenario.config.platform,
        seed: scenario.config.seed,
        source: source_label(&args),
        routes: scenario.config.routes.clone(),
        instances: scenario.config.topology.instances,
        cdn: scenario.config.topology.cdn,
        basis: scenario.config.basis(),
    };
    info.log(out);
    let mut renderer = Renderer::new(out.clone(), timeline, info);
    if args.plot.is_some() {
        renderer = renderer.with_plot();
    }
    let bar = match (&trace, &args.trace, &scenario.workload) {
        (Some(_), Some(path), _) => {
            crate::output::progress::trace_bar(out, TraceReader::file_size(path))
        }
        (None, _, Some(w)) => crate::output::progress::workload_bar(out, w.duration),
        _ => ProgressBar::hidden(),
    };
    // Long runs stop on Ctrl-C and still print the summary so far.
    crate::interrupt::install();
    let (not_found, requests, stats, changes) = if timeline || args.plot.is_some() {
        let f = simulate(&scenario, trace, &plan.changes, renderer, &bar)?;
        // The picture is written first: it covers the run even when printing fails.
        if let (Some(path), Some(svg)) = (&args.plot, f.sink.plot_svg()) {
            write_plot(path, &svg)?;
        }
        f.sink.finish(&f.summary, f.trace.as_ref())?;
        (f.summary.not_found, f.summary.requests, f.trace, f.changes)
    } else {
        // No timeline: the engine runs with a sink that compiles to nothing.
        let f = simulate(&scenario, trace, &plan.changes, NullSink, &bar)?;
        renderer.finish(&f.summary, f.trace.as_ref())?;
        (f.summary.not_found, f.summary.requests, f.trace, f.changes)
    };
    warn_unmatched(out, not_found, requests);
    warn_changes(out, &args, &changes);
    if crate::interrupt::requested() {
        out.warn("interrupted: the summary above covers the input read before Ctrl-C");
        return Ok(Exit::Interrupted);
    }
    if let Some(stats) = &stats {
        crate::output::simulate::log_input(out, stats);
        crate::output::simulate::warn_skipped(out, stats, args.reorder_window);
    }
    Ok(Exit::Success)
}

/// Write a `--plot` picture.
fn write_plot(path: &std::path::Path, svg: &str) -> Result<()> {
    std::fs::write(path, svg).map_err(|source| Error::Write {
        path: path.to_path_buf(),
        source,
    })
}

/// The flags as a plan for the simulate library.
fn plan(args: &SimulateArgs) -> Plan {
    Plan {
        scenario_file: args.scenario.clone(),
        quick: QuickStory {
            at: args.at.clone(),
            paths: args.paths.clone(),
            on_demand: args.on_demand,
        },
        overrides: Overrides {
            platform: args.platform,
            seed: args.seed,
            built_ago: args.built_ago,
            revalidate: args.revalidate,
            render_time: args.render_time,
            expire: args.expire,
        },
        trace: args.trace.clone().map(|path| TraceInput {
            path,
            options: TraceOptions {
                format: args.trace_format,
                keep_query: args.keep_query,
                strict: args.strict,
                reorder_window: args.reorder_window,
            },
        }),
        workload: args.workload.as_ref().map(|w| w.spec.clone()),
        next_build: None,
        changes: args.changes.map_or(Changes::None, Changes::Rate),
        webhook_delay: Some(args.webhook_delay),
    }
}

/// Added content changes that were not applied (before t=0, after the last request, no page
/// request after them) or that touch no page (a tag no route has) are said, not dropped.
fn warn_changes(out: &Output, args: &SimulateArgs, c: &ChangeStats) {
    let source = match &args.changes_from {
        Some(p) => p.display().to_string(),
        None => "--changes".into(),
    };
    for line in crate::output::simulate::change_warnings(c) {
        out.warn(&format!("{source}: {line}"));
    }
}

/// `--compare` or `--sweep`, if given.
/// More than a tenth of the requests answered 404 usually means routes are missing (a trace
/// replayed against a scenario that does not list the site's pages).
fn warn_unmatched(out: &Output, not_found: u64, requests: u64) {
    if requests > 0 && not_found * 10 > requests {
        out.warn(&format!(
            "{not_found} of {requests} requests ({}) were 404: no route matched them (or a route with dynamic_params = false did not prerender them); are routes missing from the scenario or build?",
            crate::human::percent(not_found, requests)
        ));
    }
}

/// `--compare revalidate=…` runs like a sweep over exactly those values.
fn variants_of(args: &SimulateArgs) -> Result<Option<Variants>> {
    if let Some(range) = &args.sweep {
        return Ok(Some(Variants::Sweep {
            range: range.clone(),
            budget: args.max_staleness,
        }));
    }
    let (mut strategies, mut ttls) = (Vec::new(), Vec::new());
    for item in &args.compare {
        match item {
            CompareItem::Strategy(s) => strategies.push(*s),
            CompareItem::Revalidate(t) => ttls.push(*t),
        }
    }
    if args.max_staleness.is_some() && ttls.is_empty() {
        return Err(Error::usage(
            "--max-staleness picks a TTL: add --sweep revalidate=… or --compare revalidate=…",
        ));
    }
    Ok(match (strategies.is_empty(), ttls.is_empty()) {
        (true, true) => None,
        (false, true) => Some(Variants::Compare(strategies)),
        (true, false) => {
            ttls.sort();
            ttls.dedup();
            Some(Variants::Sweep {
                range: SweepRange::List(ttls),
                budget: args.max_staleness,
            })
        }
        (false, false) => {
            return Err(
                Error::usage("--compare takes strategies or revalidate values, not both")
                    .with_hint("e.g. --compare isr,isr+ondemand or --compare revalidate=10s,5m,1h"),
            );
        }
    })
}

/// What was simulated, in words: the scenario file, trace, workload, quick flags or the default.
fn source_label(args: &SimulateArgs) -> String {
    let mut parts = Vec::new();
    if let Some(p) = &args.scenario {
        parts.push(p.display().to_string());
    }
    if let Some(b) = &args.next_build {
        parts.push(format!("build {}", b.display()));
    }
    if let Some(t) = &args.trace {
        parts.push(format!("trace {}", t.display()));
    }
    if let Some(w) = &args.workload {
        parts.push(format!("workload {}", w.text));
    }
    if parts.is_empty() {
        if args.at.is_empty() && args.paths.is_empty() && args.revalidate.is_none() {
            return "built-in pricing-page story".into();
        }
        return "quick flags".into();
    }
    parts.join(" + ")
}
