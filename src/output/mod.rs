//! Everything that reaches the terminal: format choice, colour, tables, JSON, errors.
//!
//! Machine output (`--format json|ndjson`) goes to stdout only; errors, logs and progress go to
//! stderr. Colour is decided here, per stream (`color`); every JSON document and NDJSON line gets its
//! `schema_version` here.
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

mod color;
pub mod probe;
pub mod progress;
pub mod purge;
pub mod schema;
pub mod simulate;
pub mod svg;
pub mod table;
pub mod terminal;
pub mod warm;

pub use color::{ColorChoice, ColorEnv};

use crate::error::Error;
pub use crate::verbosity::Verbosity;
use colored::Colorize;
use std::io::{IsTerminal, Write};

/// What the output is for: tables for people, JSON or NDJSON for scripts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Table,
    Json,
    Ndjson,
}

/// The version of every JSON document and NDJSON line (`schema_version`, their first key).
/// Bumped when a field is renamed or removed or changes type or meaning (docs/output.md).
pub const SCHEMA_VERSION: u32 = 1;

/// A document as printed: `schema_version` first, then the document's own keys.
#[derive(serde::Serialize)]
struct Versioned<'a, T: ?Sized> {
    schema_version: u32,
    #[serde(flatten)]
    doc: &'a T,
}

/// The output settings of one run.
#[derive(Debug, Clone)]
pub struct Output {
    pub format: Format,
    /// Colour on stdout (tables, live lines).
    pub color: bool,
    /// Colour on stderr (errors, warnings, notes, logs).
    pub err_color: bool,
    /// How much is said on stderr (and, for live views, on stdout): `-q`, `-v`, `-vv`.
    pub verbosity: Verbosity,
    pub stderr_is_terminal: bool,
}

impl Output {
    /// The settings from the global flags, the environment and the terminals.
    pub fn new(format: Option<Format>, color: ColorChoice, verbosity: Verbosity) -> Self {
        let env = ColorEnv::from_env();
        let stderr_is_terminal = std::io::stderr().is_terminal();
        let out = color::decide(color, env, std::io::stdout().is_terminal());
        let err = color::decide(color, env, stderr_is_terminal);
        // One switch for the `colored` crate; a stream without colour has codes stripped.
        colored::control::set_override(out || err);
        Output {
            format: format.unwrap_or(Format::Table),
            color: out,
            err_color: err,
            verbosity,
            stderr_is_terminal,
        }
    }

    /// A plain setting for tests and library users.
    pub fn plain(format: Format) -> Self {
        Output {
            format,
            color: false,
            err_color: false,
            verbosity: Verbosity::Normal,
            stderr_is_terminal: false,
        }
    }

    /// `-q`: only the result and errors.
    pub fn quiet(&self) -> bool {
        self.verbosity.is_quiet()
    }

    /// Whether messages of this level are shown (`Detail` with `-v`, `Wire` with `-vv`).
    pub fn shows(&self, level: Verbosity) -> bool {
        self.verbosity.shows(level)
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
        so.write_all(color::plain(s, self.color).as_bytes())?;
        so.write_all(b"\n")
    }

    /// Write one JSON value (an object) as one line to stdout, `schema_version` first.
    pub fn json_line(&self, v: &impl serde::Serialize) -> std::io::Result<()> {
        let mut so = std::io::stdout().lock();
        serde_json::to_writer(&mut so, &versioned(v))?;
        so.write_all(b"\n")
    }

    /// Write one JSON value (an object), pretty, to stdout, `schema_version` first.
    pub fn json_pretty(&self, v: &impl serde::Serialize) -> std::io::Result<()> {
        let mut so = std::io::stdout().lock();
        serde_json::to_writer_pretty(&mut so, &versioned(v))?;
        so.write_all(b"\n")
    }

    /// A note for people on stderr (suppressed by --quiet).
    pub fn note(&self, s: &str) {
        self.log(Verbosity::Normal, s);
    }

    /// A warning on stderr (shown even with --quiet).
    pub fn warn(&self, s: &str) {
        self.err_line(&format!("{} {s}", "isrctl: warning:".yellow().bold()));
    }

    /// A message of this level on stderr, when the verbosity shows it: `Normal` ones as they
    /// are (notes, retries), `Detail` and `Wire` ones (`-v`, `-vv`) after a dimmed `isrctl:`.
    pub fn log(&self, level: Verbosity, s: &str) {
        if !self.shows(level) {
            return;
        }
        if level == Verbosity::Normal {
            self.err_line(s);
        } else {
            self.err_line(&format!("{} {s}", "isrctl:".dimmed()));
        }
    }

    /// One line on stderr, coloured only when stderr has colour.
    pub fn err_line(&self, s: &str) {
        eprintln!("{}", color::plain(s, self.err_color));
    }

    /// Report an error that ends the command.
    pub fn error(&self, err: &Error) {
        if err.is_quiet() {
            return;
        }
        self.err_line(&format!("{} {err}", "isrctl: error:".red().bold()));
        if let Some(h) = err.hint() {
            self.err_line(&format!("  {} {h}", "hint:".cyan().bold()));
        }
    }
}

/// `v` with `schema_version` as its first key.
fn versioned<T: serde::Serialize + ?Sized>(v: &T) -> Versioned<'_, T> {
    Versioned {
        schema_version: SCHEMA_VERSION,
        doc: v,
    }
}
