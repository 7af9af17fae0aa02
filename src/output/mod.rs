//! Everything that reaches the terminal: format choice, colour, tables, JSON, errors.
//!
//! Machine output (`--format json|ndjson`) goes to stdout only; errors, logs and progress go to
//! stderr. Colour is decided once here (`--color`, `NO_COLOR`, terminal detection).
#![allow(clippy::print_stdout, clippy::print_stderr)]

/// A `type` field that can hold only one value: `tag!(RunTag, "run");`.
macro_rules! tag {
    ($name:ident, $value:literal) => {
        #[derive(Debug, Clone, Copy, Default, serde::Serialize, schemars::JsonSchema)]
        pub enum $name {
            #[default]
            #[serde(rename = $value)]
            Tag,
        }
    };
}

pub mod probe;
pub mod progress;
pub mod purge;
pub mod schema;
pub mod simulate;
pub mod svg;
pub mod table;
pub mod terminal;

use crate::error::Error;
use colored::Colorize;
use std::io::{IsTerminal, Write};

/// When to use colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

/// What the output is for: tables for people, JSON or NDJSON for scripts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Table,
    Json,
    Ndjson,
}

/// The output settings of one run.
#[derive(Debug, Clone)]
pub struct Output {
    pub format: Format,
    pub color: bool,
    pub quiet: bool,
    pub verbose: u8,
    pub stderr_is_terminal: bool,
}

impl Output {
    pub fn new(format: Option<Format>, color: ColorChoice, quiet: bool, verbose: u8) -> Self {
        let color = match color {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                    && std::io::stdout().is_terminal()
            }
        };
        colored::control::set_override(color);
        Output {
            format: format.unwrap_or(Format::Table),
            color,
            quiet,
            verbose,
            stderr_is_terminal: std::io::stderr().is_terminal(),
        }
    }

    /// A plain setting for tests and library users.
    pub fn plain(format: Format) -> Self {
        Output {
            format,
            color: false,
            quiet: false,
            verbose: 0,
            stderr_is_terminal: false,
        }
    }

    pub fn is_machine(&self) -> bool {
        self.format != Format::Table
    }

    /// Write bytes to stdout as they are.
    pub fn write_raw(&self, bytes: &[u8]) -> std::io::Result<()> {
        let mut so = std::io::stdout().lock();
        so.write_all(bytes)?;
        so.flush()
    }

    /// Write a line to stdout.
    pub fn line(&self, s: &str) -> std::io::Result<()> {
        let mut so = std::io::stdout().lock();
        so.write_all(s.as_bytes())?;
        so.write_all(b"\n")
    }

    /// Write one JSON value as one line to stdout.
    pub fn json_line(&self, v: &impl serde::Serialize) -> std::io::Result<()> {
        let mut so = std::io::stdout().lock();
        serde_json::to_writer(&mut so, v)?;
        so.write_all(b"\n")
    }

    /// Write one JSON value, pretty, to stdout.
    pub fn json_pretty(&self, v: &impl serde::Serialize) -> std::io::Result<()> {
        let mut so = std::io::stdout().lock();
        serde_json::to_writer_pretty(&mut so, v)?;
        so.write_all(b"\n")
    }

    /// A note for people on stderr (suppressed by --quiet).
    pub fn note(&self, s: &str) {
        if !self.quiet {
            eprintln!("{s}");
        }
    }

    /// A warning on stderr (shown even with --quiet).
    pub fn warn(&self, s: &str) {
        eprintln!("{} {s}", "isrctl: warning:".yellow().bold());
    }

    /// A log line at verbosity `level` (`-v` = 1) on stderr.
    pub fn log(&self, level: u8, s: &str) {
        if self.verbose >= level {
            eprintln!("{} {s}", "isrctl:".dimmed());
        }
    }

    /// Report an error that ends the command.
    pub fn error(&self, err: &Error) {
        if err.is_quiet() {
            return;
        }
        eprintln!("{} {err}", "isrctl: error:".red().bold());
        if let Some(h) = err.hint() {
            eprintln!("  {} {h}", "hint:".cyan().bold());
        }
    }
}
