//! Renderers for `isrctl simulate`: the timeline and summary tables, one JSON document, or NDJSON
//! streamed as the engine runs; `--compare`/`--sweep` tables and CSV (`variants`).

pub mod against;
mod changes;
mod chart;
pub mod documents;
pub mod plot;
mod summary;
pub mod timeline;
pub mod timeline_plot;
pub mod variants;

use super::{Format, Output, Verbosity};
use crate::engine::SECOND;
use crate::engine::events::{SimEvent, Sink};
use crate::engine::metrics::Summary;
use crate::engine::model::{Platform, Route};
use crate::engine::routes::PathTable;
use crate::error::Result;
use crate::trace::TraceStats;
pub use changes::change_warnings;
use documents::{RouteDoc, RunLine, SimulationDoc, SummaryDoc, SummaryLine};
use timeline::Event;

/// What was simulated, for headers and the JSON document.
#[derive(Debug, Clone)]
pub struct RunInfo {
    pub platform: Platform,
    pub seed: u64,
    pub source: String,
    pub routes: Vec<Route>,
    pub instances: u32,
    pub cdn: bool,
    /// What the model rests on (measured on a real server, or vendor docs).
    pub basis: String,
}

impl RunInfo {
    /// `-v`: what is simulated, on stderr before the run.
    pub fn log(&self, out: &Output) {
        let platform = serde_json::to_value(self.platform)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default();
        out.log(
            Verbosity::Detail,
            &format!(
                "simulating {}: platform {platform}, seed {}, {}, {}{}",
                self.source,
                self.seed,
                crate::human::count(self.routes.len() as u64, "route"),
                crate::human::count(u64::from(self.instances), "instance"),
                if self.cdn { ", behind a CDN" } else { "" }
            ),
        );
    }

    fn run_line(&self) -> RunLine {
        RunLine {
            cdn: self.cdn,
            instances: self.instances,
            platform: self.platform,
            seed: self.seed,
            source: self.source.clone(),
            basis: self.basis.clone(),
            kind: Default::default(),
        }
    }

    fn columns(&self) -> timeline::Columns {
        timeline::Columns {
            multi: self.instances > 1,
            cdn: self.cdn,
            platform: self.platform,
        }
    }
}

/// The sink that renders a simulation: streams NDJSON, or collects events for a table/JSON.
pub struct Renderer {
    out: Output,
    timeline: bool,
    info: RunInfo,
    events: Vec<Event>,
    error: Option<std::io::Error>,
    started: bool,
    /// Timeline rows past `MAX_TIMELINE_ROWS`, not kept.
    dropped: u64,
    /// `--plot`: the timeline picture, collected as the events come.
    plot: Option<timeline_plot::TimelinePlot>,
}

impl Renderer {
    pub fn new(out: Output, timeline: bool, info: RunInfo) -> Self {
        Renderer {
            out,
            timeline,
            info,
            events: Vec::new(),
            error: None,
            started: false,
            dropped: 0,
            plot: None,
        }
    }

    /// Also collect the timeline picture (`--plot`), whether or not the timeline is printed.
    pub fn with_plot(mut self) -> Self {
        let i = &self.info;
        self.plot = Some(timeline_plot::TimelinePlot::new(
            i.instances,
            i.cdn,
            i.platform,
        ));
        self
    }

    /// The timeline picture as SVG, when `with_plot` asked for it.
    pub fn plot_svg(&self) -> Option<String> {
        self.plot.as_ref().map(timeline_plot::TimelinePlot::svg)
    }

    fn start_stream(&mut self) {
        if !self.started {
            self.started = true;
            if self.out.format == Format::Ndjson
                && let Err(e) = self.out.json_line(&self.info.run_line())
            {
                self.error = Some(e);
            }
        }
    }

    /// Print what was collected and the summary.
    pub fn finish(mut self, summary: &Summary, input: Option<&TraceStats>) -> Result<()> {
        self.start_stream();
        if let Some(e) = self.error.take() {
            return Err(e.into());
        }
        if self.dropped > 0 {
            self.out.warn(&format!(
                "the timeline shows its first {MAX_TIMELINE_ROWS} rows; {} more were left out (the summary counts them all). --format ndjson --timeline streams every row",
                self.dropped
            ));
        }
        let doc = SummaryDoc {
            summary: summary.clone(),
            input: input.cloned(),
        };
        match self.out.format {
            Format::Ndjson => self.out.json_line(&sorted(&SummaryLine {
                summary: doc,
                kind: Default::default(),
            }))?,
            Format::Json => {
                let run = self.info.run_line();
                let timeline = self.timeline.then(|| std::mem::take(&mut self.events));
                self.out.json_pretty(&sorted(&SimulationDoc {
                    cdn: run.cdn,
                    instances: run.instances,
                    platform: run.platform,
                    seed: run.seed,
                    source: run.source,
                    routes: self.info.routes.iter().map(RouteDoc::from).collect(),
                    timeline,
                    summary: doc,
                    kind: Default::default(),
                }))?
            }
            Format::Table => self.tables(summary, input)?,
        }
        Ok(())
    }

    fn tables(&self, summary: &Summary, input: Option<&TraceStats>) -> Result<()> {
        if self.timeline && !self.out.quiet() {
            let t = timeline::table(&self.events, self.info.columns());
            self.out.line(&t.to_string())?;
            self.out.line("")?;
        }
        let mut table = summary::summary_table(summary, &self.info);
        if let Some(i) = input {
            summary::input_rows(&mut table, i);
        }
        self.out.line(&table.to_string())?;
        if !summary.changes.is_empty() {
            self.out.line("")?;
            self.out
                .line(&summary::changes_table(summary).to_string())?;
        }
        Ok(())
    }
}

/// A document as a JSON value: objects print with their keys sorted, as they always have.
pub(crate) fn sorted(doc: &impl serde::Serialize) -> serde_json::Value {
    serde_json::to_value(doc).expect("documents serialize")
}

impl Sink for Renderer {
    fn event(&mut self, ev: SimEvent<'_>, paths: &PathTable) {
        if let Some(p) = &mut self.plot {
            p.event(&ev, paths);
        }
        if !self.timeline || self.error.is_some() {
            return;
        }
        let e = Event::new(&ev, paths, self.info.instances > 1, self.info.platform);
        if self.out.format == Format::Ndjson {
            self.start_stream();
            if let Err(err) = self.out.json_line(&e) {
                self.error = Some(err);
            }
        } else if self.events.len() < MAX_TIMELINE_ROWS {
            self.events.push(e);
        } else {
            self.dropped += 1;
        }
    }

    fn stopped(&self) -> bool {
        self.error.is_some()
    }
}

/// Most timeline rows a table or JSON document holds (they are built whole in memory); NDJSON
/// streams every row.
pub const MAX_TIMELINE_ROWS: usize = 100_000;

/// A progress bar shows how far a trace replay or a comparison got.
impl crate::simulate::Progress for indicatif::ProgressBar {
    fn trace(&self, bytes: u64, requests: u64, rate: f64) {
        self.set_position(bytes);
        self.set_message(format!(
            "{:.1}M requests, {:.1}M/s",
            requests as f64 / 1e6,
            rate / 1e6
        ));
    }

    fn sim_time(&self, t: crate::engine::Time, end: crate::engine::Time) {
        self.set_length((end.max(0) / crate::engine::SECOND) as u64);
        self.set_position((t.max(0) / crate::engine::SECOND) as u64);
        let whole = |x: crate::engine::Time| crate::human::duration(x / SECOND * SECOND);
        self.set_message(format!("{} of {}", whole(t), whole(end)));
    }

    fn start_runs(&self, total: usize) {
        self.set_length(total as u64);
    }

    fn runs(&self, done: usize) {
        self.set_position(done as u64);
    }

    fn finish(&self) {
        self.finish_and_clear();
    }
}

/// Share of trace lines skipped above which the run says so on stderr, not only in the summary.
pub const SKIPPED_WARN_SHARE: f64 = 0.01;

/// Say on stderr, whatever the format, when trace lines could not be read or many were skipped
/// for any reason: how many, why, the first line numbers, and the first few lines quoted.
/// `-v`: what the trace held, and each quoted skipped line with why.
pub fn log_input(out: &Output, s: &TraceStats) {
    out.log(
        Verbosity::Detail,
        &format!(
            "trace: {} read, {}, {} skipped, {} not GET or HEAD, {} put back in order",
            crate::human::count(s.lines, "line"),
            crate::human::count(s.requests, "request"),
            s.skipped(),
            s.skipped_not_get,
            s.reordered
        ),
    );
    for l in &s.first_skipped_lines {
        out.log(
            Verbosity::Detail,
            &format!("trace line {} skipped ({}): {}", l.line, l.reason, l.text),
        );
    }
}

pub fn warn_skipped(out: &Output, s: &TraceStats, window: crate::engine::Time) {
    let skipped = s.skipped();
    let seen = skipped + s.requests;
    if skipped == 0
        || (s.skipped_bad_lines == 0 && (skipped as f64) <= SKIPPED_WARN_SHARE * seen as f64)
    {
        return;
    }
    let mut why = Vec::new();
    if s.skipped_bad_lines > 0 {
        why.push(format!("{} could not be read", s.skipped_bad_lines));
    }
    if s.skipped_late > 0 {
        why.push(format!(
            "{} out of time order by more than the {} reorder window",
            s.skipped_late,
            crate::human::duration(window)
        ));
    }
    if s.skipped_outliers > 0 {
        why.push(format!(
            "{} with a time far from the lines around them (outliers)",
            s.skipped_outliers
        ));
    }
    let first: Vec<String> = s
        .first_skipped
        .iter()
        .filter(|l| **l > 0)
        .map(|l| l.to_string())
        .collect();
    let mut msg = format!(
        "{} of {} trace lines ({}) were skipped: {}; first skipped: line {}",
        skipped,
        seen,
        crate::human::percent(skipped, seen),
        why.join(", "),
        first.join(", ")
    );
    if s.skipped_late > 0 {
        msg.push_str("; a wider --reorder-window puts more of them back in order");
    }
    msg.push_str("; --strict stops at the first");
    for q in &s.first_skipped_lines {
        msg.push_str(&format!("\n  line {}: {} ({})", q.line, q.text, q.reason));
    }
    out.warn(&msg);
}
