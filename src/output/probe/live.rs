//! The live lines of a table-format probe run: the first sample of each URL, every state
//! transition, new content in the same state, and `--until` being reached (every sample with -v).

use super::style::{Names, detail, paint};
use crate::http::cache_status::CacheState;
use crate::human::stopwatch;
use crate::output::terminal::{cut_middle, width};
use crate::probe::{Event, Sample};
use std::collections::HashMap;

/// A URL in a live line: at most half the terminal, cut in the middle.
fn short(name: &str) -> String {
    cut_middle(name, width() / 2)
}

/// What the live view remembers between events.
#[derive(Debug, Default)]
pub struct Live {
    /// Samples seen so far (for the spinner).
    pub seen: u64,
    /// The last sample, for the detail of the transition that follows it.
    last_sample: Option<Sample>,
    /// Per URL: the state and version of its last sample.
    last: HashMap<String, (CacheState, Option<String>)>,
}

impl Live {
    /// The line to print for this event, if any. With `verbose`, every sample gets a line and
    /// transitions none (the sample lines show them).
    pub fn line(&mut self, e: &Event, names: &Names, color: bool, verbose: bool) -> Option<String> {
        let line = match e {
            Event::Sample(s) => self.sample(s, names, color, verbose),
            Event::Transition(t) => {
                if verbose {
                    return None;
                }
                let d = self
                    .last_sample
                    .as_ref()
                    .filter(|s| s.url == t.url && s.seq == t.seq)
                    .map(detail)
                    .unwrap_or_default();
                Some(format!(
                    "{:>7}  {}  {} → {}  {d}",
                    stopwatch(t.t),
                    short(names.name(&t.url)),
                    paint(t.from, color),
                    paint(t.to, color),
                ))
            }
            Event::Reached { url, t, .. } => {
                return Some(format!(
                    "{:>7}  {}  reached --until",
                    stopwatch(*t),
                    short(names.name(url))
                ));
            }
        };
        line.map(|l| l.trim_end().to_string())
    }

    fn sample(&mut self, s: &Sample, names: &Names, color: bool, verbose: bool) -> Option<String> {
        self.seen += 1;
        let line = if s.seq == 1 || verbose {
            Some(format!(
                "{:>7}  {}  {}  {}",
                stopwatch(s.t),
                short(names.name(&s.url)),
                paint(s.state, color),
                detail(s)
            ))
        } else if let Some((st, v)) = self.last.get(&s.url)
            && *st == s.state
            && s.version.is_some()
            && *v != s.version
        {
            Some(format!(
                "{:>7}  {}  {}  new content {}",
                stopwatch(s.t),
                short(names.name(&s.url)),
                paint(s.state, color),
                detail(s)
            ))
        } else {
            None
        };
        self.last
            .insert(s.url.clone(), (s.state, s.version.clone()));
        self.last_sample = Some(s.clone());
        line
    }
}
