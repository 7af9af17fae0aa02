//! Rendering for `warm`: a progress bar over the URLs (terminal only), a stderr line per request
//! with `-v`, `url` NDJSON lines as URLs are done, and at the end the per-URL table and totals,
//! or the JSON document, or the last NDJSON lines.

pub mod docs;
mod table;

use super::{Format, Output, Verbosity};
use crate::warm::{Event, Outcome, Run, UrlResult};
use docs::{Totals, UrlLine, UrlTag, WarmDocument, WarmTag};
use indicatif::ProgressBar;

/// Renders one run.
pub struct WarmRenderer<'a> {
    out: &'a Output,
    bar: ProgressBar,
    /// The first error writing NDJSON lines (reported at the end).
    failed: Option<std::io::Error>,
}

impl<'a> WarmRenderer<'a> {
    pub fn new(out: &'a Output, targets: usize) -> Self {
        WarmRenderer {
            out,
            bar: super::progress::urls_bar(out, targets as u64, "warming"),
            failed: None,
        }
    }

    /// One thing that happened.
    pub fn event(&mut self, e: Event<'_>) {
        match e {
            Event::Try(r) if self.out.shows(Verbosity::Detail) => {
                let line = try_line(r);
                self.bar.suspend(|| self.out.log(Verbosity::Detail, &line));
            }
            Event::Try(_) => {}
            Event::Done(r) => {
                self.bar.inc(1);
                if self.out.format == Format::Ndjson
                    && self.failed.is_none()
                    && let Err(e) = self.out.json_line(&url_line(r))
                {
                    self.failed = Some(e);
                }
            }
        }
    }

    /// The report: the table and totals, the JSON document, or the NDJSON lines not yet printed
    /// (URLs never done) and the totals.
    pub fn finish(self, run: &Run) -> std::io::Result<()> {
        self.bar.finish_and_clear();
        if let Some(e) = self.failed {
            return Err(e);
        }
        let totals = Totals::of(run);
        match self.out.format {
            Format::Json => self.out.json_pretty(&WarmDocument {
                kind: WarmTag::Tag,
                urls: &run.results,
                totals,
            }),
            Format::Ndjson => {
                for r in run
                    .results
                    .iter()
                    .filter(|r| r.result == Outcome::Interrupted)
                {
                    self.out.json_line(&url_line(r))?;
                }
                self.out.json_line(&totals)
            }
            Format::Table => table::report(self.out, &run.results, &totals),
        }
    }
}

fn url_line(r: &UrlResult) -> UrlLine<'_> {
    UrlLine {
        kind: UrlTag::Tag,
        r,
    }
}

/// `-v`: `try 2 http://e.test/a @ 10.0.0.1:443: HIT (nginx), HTTP 200`.
fn try_line(r: &UrlResult) -> String {
    let via = r
        .address
        .as_ref()
        .map(|a| format!(" @ {a}"))
        .unwrap_or_default();
    let what = match (&r.state, &r.error) {
        (Some(st), _) => match &r.layer {
            Some(l) => format!("{st} ({l})"),
            None => st.to_string(),
        },
        (None, Some(e)) => format!("no answer: {e}"),
        (None, None) => "no answer".into(),
    };
    let status = r.status.map(|s| format!(", HTTP {s}")).unwrap_or_default();
    format!("try {} {}{via}: {what}{status}", r.tries, r.url)
}
