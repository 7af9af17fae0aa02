//! isrctl: simulate, probe, revalidate and purge stale-while-revalidate and Next.js ISR caches.
//!
//! The crate is a library with a thin binary. Data flows one way: command-line types (`cli`) become
//! a plain plan (`commands`), which drives the engine or the HTTP clients, whose typed events are
//! rendered by `output`. Only `output` writes to the terminal.
#![warn(clippy::print_stdout, clippy::print_stderr)]

pub mod cli;
pub mod commands;
pub mod config;
pub mod duration;
pub mod engine;
pub mod error;
pub mod exit;
pub mod http;
pub mod human;
pub mod interrupt;
pub mod output;
pub mod probe;
pub mod providers;
pub mod remote;
pub mod scenario;
pub mod secret;
pub mod simulate;
pub mod trace;
pub mod verbosity;
pub mod warm;

use clap::Parser;
use error::Exit;
use std::ffi::OsString;

/// Run the program with these arguments and return the process exit code.
pub fn run<I, T>(args: I) -> u8
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let cli = match cli::Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) if e.use_stderr() => {
            // Usage errors in the house style: `isrctl: error: ...`, then clap's tip and usage.
            #[allow(clippy::print_stderr)]
            {
                eprint!("isrctl: {}", e.render());
            }
            return Exit::Usage.code();
        }
        Err(e) => {
            // Help and version.
            let _ = e.print();
            return Exit::Success.code();
        }
    };
    let g = &cli.global;
    let out = output::Output::new(
        g.format,
        g.color,
        verbosity::Verbosity::from_flags(g.quiet, g.verbose),
    );
    match commands::dispatch(cli, &out) {
        Ok(exit) => exit.code(),
        Err(err) => {
            out.error(&err);
            err.exit().code()
        }
    }
}
