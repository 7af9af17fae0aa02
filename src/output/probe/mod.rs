//! Renderers for `isrctl probe`: live transition lines and a summary table for people, one JSON
//! document, or NDJSON events (`sample`, `transition`, `reached`, `explanation`, `summary`).
//! Knows nothing of HTTP; gets typed events and results from `crate::probe`.
//!
//! `live` makes the live lines, `summary` the end-of-run table, `explain` the `--once` text,
//! `doc` the typed JSON documents (and their schema), `plot` the `--plot` picture, `junit` the
//! `--junit` report; `style` holds what they share.
#![allow(clippy::print_stdout, clippy::print_stderr)]

pub mod doc;
mod explain;
pub mod junit;
mod live;
pub mod plot;
mod style;
mod summary;
mod wire;

use super::{Format, Output, Verbosity};
use crate::human::count;
use crate::probe::explain::Explanation;
use crate::probe::{Event, Outcome, Sample, Transition, Verdict};
use doc::{ExplanationLine, ExplanationTag, ProbeDocument, ProbeTag, SummaryLine, SummaryTag};
use live::Live;
use style::Names;
use url::Url;
pub use wire::Wire;

/// Renders one probe run.
pub struct ProbeRenderer<'a> {
    out: &'a Output,
    names: Names,
    once: bool,
    progress: Option<indicatif::ProgressBar>,
    live: Live,
    /// `--format json`: everything, for the one document at the end.
    samples: Vec<Sample>,
    transitions: Vec<Transition>,
    err: Option<std::io::Error>,
    /// `--plot`: the picture, collected as the samples come.
    plot: Option<plot::ProbePlot>,
    /// `-vv`: each sample's headers on stderr.
    wire: Option<Wire>,
}

impl<'a> ProbeRenderer<'a> {
    pub fn new(out: &'a Output, urls: &[Url], once: bool) -> Self {
        let progress = (out.format == Format::Table && out.stderr_is_terminal && !out.quiet())
            .then(|| {
                let pb = indicatif::ProgressBar::new_spinner();
                pb.enable_steady_tick(std::time::Duration::from_millis(120));
                pb.set_message("probing…");
                pb
            });
        ProbeRenderer {
            out,
            names: Names::new(urls),
            once,
            progress,
            live: Live::default(),
            samples: Vec::new(),
            transitions: Vec::new(),
            err: None,
            plot: None,
            wire: None,
        }
    }

    /// `-vv`: log each sample's request and response headers (whatever the format).
    pub fn with_wire(mut self, wire: Wire) -> Self {
        if self.out.shows(Verbosity::Wire) {
            self.wire = Some(wire);
        }
        self
    }

    /// Also collect the `--plot` picture of these URLs, whatever the format.
    pub fn with_plot(mut self, urls: &[Url]) -> Self {
        self.plot = Some(plot::ProbePlot::new(urls, &self.names));
        self
    }

    /// The picture as SVG, when `with_plot` asked for it.
    pub fn plot_svg(&self, outcome: &Outcome) -> Option<String> {
        let elapsed = outcome.elapsed.as_secs_f64();
        self.plot.as_ref().map(|p| p.svg(elapsed))
    }

    fn line(&mut self, s: &str) {
        let s = &crate::output::terminal::fit_lines(s);
        let r = match &self.progress {
            Some(pb) => pb.suspend(|| self.out.line(s)),
            None => self.out.line(s),
        };
        if let Err(e) = r {
            self.err.get_or_insert(e);
        }
    }

    /// One JSON line. Documents built here go through `serde_json::Value`, whose maps sort their
    /// keys: that is the order these documents have always been printed in.
    fn json(&mut self, v: &impl serde::Serialize) {
        if let Err(e) = self.out.json_line(v) {
            self.err.get_or_insert(e);
        }
    }

    /// Handle one event as it happens.
    pub fn event(&mut self, e: &Event) {
        if let Some(p) = &mut self.plot {
            p.event(e);
        }
        if let (Some(w), Event::Sample(s)) = (&self.wire, e) {
            let lines = w.lines(s);
            let log = || lines.iter().for_each(|l| self.out.log(Verbosity::Wire, l));
            match &self.progress {
                Some(pb) => pb.suspend(log),
                None => log(),
            }
        }
        match self.out.format {
            Format::Ndjson => self.json(e),
            Format::Json => match e {
                Event::Sample(s) => self.samples.push((**s).clone()),
                Event::Transition(t) => self.transitions.push(t.clone()),
                Event::Reached { .. } => {}
            },
            // `-q` prints only the summary and verdict; `--once` explains at the end (`-i`: the
            // heads first).
            Format::Table if self.out.quiet() => {}
            Format::Table if self.once => self.head(e),
            Format::Table => {
                // -i: every response, with its head under its line (as curl -i).
                let verbose = self.out.shows(Verbosity::Detail)
                    || matches!(e, Event::Sample(s) if s.head.is_some());
                let line = self.live.line(e, &self.names, self.out.color, verbose);
                if let (Some(pb), Event::Sample(_)) = (&self.progress, e) {
                    pb.set_message(count(self.live.seen, "sample"));
                }
                if let Some(l) = line {
                    self.line(&l);
                }
                self.head(e);
            }
        }
    }

    /// `-i`: the response heads of a sample (each redirect's, then the last one's), raw.
    fn head(&mut self, e: &Event) {
        let Event::Sample(s) = e else { return };
        let heads = s.redirects.iter().filter_map(|h| h.head.as_ref());
        let lines: Vec<String> = heads
            .chain(s.head.as_ref())
            .flat_map(|h| h.lines().into_iter().chain([String::new()]))
            .collect();
        for l in lines {
            self.line(&l);
        }
    }

    /// Print the end of the run: explanations (`--once`), summary and verdict.
    pub fn finish(
        &mut self,
        outcome: &Outcome,
        verdict: &Verdict,
        explanations: &[Explanation],
    ) -> std::io::Result<()> {
        if let Some(pb) = self.progress.take() {
            pb.finish_and_clear();
        }
        let urls = &outcome.summaries;
        match self.out.format {
            Format::Ndjson => {
                for explanation in explanations {
                    self.json(&sorted(&ExplanationLine {
                        kind: ExplanationTag::Tag,
                        explanation,
                    })?);
                }
                self.json(&sorted(&SummaryLine {
                    kind: SummaryTag::Tag,
                    urls,
                    verdict,
                })?);
            }
            Format::Json => {
                let doc = ProbeDocument {
                    kind: ProbeTag::Tag,
                    samples: &self.samples,
                    transitions: &self.transitions,
                    urls,
                    verdict,
                    explanations,
                };
                self.out.json_pretty(&sorted(&doc)?)?;
            }
            Format::Table => {
                for x in explanations {
                    for l in explain::lines(x, self.out.color) {
                        self.line(&l);
                    }
                }
                if !self.once {
                    if !self.out.quiet() {
                        self.line("");
                    }
                    self.line(&summary::table(urls, &self.names));
                    if let Some(t) = summary::pops_table(urls, &self.names) {
                        self.line(&t);
                    }
                    for l in summary::details(urls, &self.names) {
                        self.line(&l);
                    }
                }
                for m in &verdict.messages {
                    self.line(m);
                }
            }
        }
        match self.err.take() {
            Some(e) => Err(e),
            None => Ok(()),
        }
    }
}

/// The document as a `serde_json::Value`: keys sorted at every level, as printed since the first
/// release (only the live NDJSON events keep their field order).
fn sorted(doc: &impl serde::Serialize) -> std::io::Result<serde_json::Value> {
    Ok(serde_json::to_value(doc)?)
}
