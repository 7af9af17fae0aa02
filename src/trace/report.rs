//! What reading a trace tells its caller: the counts of [`TraceStats`] (with the first skipped
//! lines quoted), and the [`Error`] that stops a read, with its [`ErrorKind`] for the hint.

use super::TraceFormat;
use crate::engine::Time;

/// Why a trace could not be read (each kind gets its own hint in `crate::error`).
#[derive(Debug, Clone, PartialEq)]
pub enum ErrorKind {
    /// The first line is not a usable CSV header (nor, when detecting, an access-log line or a
    /// JSON object): nothing can be read. `columns`: what the line names, split as CSV.
    Header { columns: Vec<String> },
    /// `--trace-format` was given, and the first line is of another format.
    Mismatch {
        given: TraceFormat,
        detected: TraceFormat,
    },
    /// `--strict`: a line that cannot be read.
    BadLine,
    /// `--strict`: a line out of time order by more than the reorder window.
    Late { window: Time },
    /// `--strict`: a line whose time is far from the lines around it.
    Outlier,
    /// The input itself could not be read (I/O error, UTF-16, a line too long).
    Input,
}

/// A trace that cannot be read on, with its place: `file:line: message`.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{file}:{line}: {message}")]
pub struct Error {
    pub file: String,
    pub line: u64,
    pub message: String,
    pub kind: ErrorKind,
}

/// A trace file that cannot be opened.
#[derive(Debug, thiserror::Error)]
#[error("cannot read {}: {source}", path.display())]
pub struct OpenError {
    pub path: std::path::PathBuf,
    #[source]
    pub source: std::io::Error,
}

/// One skipped line, quoted for a message.
#[derive(Debug, Clone, PartialEq, serde::Serialize, schemars::JsonSchema)]
pub struct SkippedLine {
    pub line: u64,
    /// The line, escaped and cut to 80 characters.
    pub text: String,
    pub reason: String,
}

/// How many skipped lines are quoted.
pub const QUOTED_SKIPS: usize = 3;

/// Counts of what was read.
#[derive(Debug, Clone, Default, serde::Serialize, schemars::JsonSchema)]
pub struct TraceStats {
    /// The line format read (given, or detected from the first lines).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub format: Option<TraceFormat>,
    pub lines: u64,
    pub requests: u64,
    /// Lines that could not be read (and, while the format was being detected, lines of none).
    pub skipped_bad_lines: u64,
    /// Requests other than GET/HEAD (access logs, JSON lines with a method), which a page
    /// cache does not serve.
    pub skipped_not_get: u64,
    /// Lines older than the reorder window allows (after a later line was already replayed).
    #[serde(default)]
    pub skipped_late: u64,
    /// Lines whose time jumps far ahead of their neighbours (or is more than 100 years from
    /// the first line) and that the lines after them did not confirm.
    #[serde(default)]
    pub skipped_outliers: u64,
    /// Lines that arrived out of order within the reorder window and were put back in order.
    #[serde(default)]
    pub reordered: u64,
    /// The first skipped lines that could not be read or were out of order, quoted.
    #[serde(default)]
    pub first_skipped_lines: Vec<SkippedLine>,
    /// Line numbers of the first skipped lines (0: none), for messages.
    #[serde(skip)]
    #[schemars(skip)]
    pub first_skipped: [u64; 5],
}

impl TraceStats {
    /// Lines skipped for any reason but not being GET/HEAD.
    pub fn skipped(&self) -> u64 {
        self.skipped_bad_lines + self.skipped_late + self.skipped_outliers
    }

    pub(super) fn note_skip(&mut self, line: u64) {
        if let Some(slot) = self.first_skipped.iter_mut().find(|s| **s == 0) {
            *slot = line;
        }
    }

    /// Count a skipped line's number, and quote it while fewer than [`QUOTED_SKIPS`] are.
    #[cold]
    pub(super) fn quote_skip(&mut self, line: u64, text: &[u8], reason: &str) {
        self.note_skip(line);
        if self.first_skipped_lines.len() < QUOTED_SKIPS {
            self.first_skipped_lines.push(SkippedLine {
                line,
                text: crate::human::quoted(text, 80),
                reason: crate::human::escape(reason).into_owned(),
            });
        }
    }
}
