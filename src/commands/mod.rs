//! One module per subcommand: turn clap types into a plan, run it, hand events to `output`.

pub mod against;
pub mod cloudfront;
pub mod completions;
pub mod probe;
pub mod purge;
pub mod revalidate;
pub mod simulate;
pub mod verify;
pub mod warm;

use crate::cli::{Cli, Command};
use crate::error::{Exit, Result};
use crate::output::Output;

/// Run the parsed command line. `Ok` carries the exit code of a command that ran to its end
/// (an unmet expectation is not an error); `Err` is a failure to report.
pub fn dispatch(cli: Cli, out: &Output) -> Result<Exit> {
    match cli.command {
        Command::Simulate(args) => simulate::run(*args, out),
        Command::Probe(args) => probe::run(*args, out),
        Command::Revalidate(args) => revalidate::run(*args, &cli.global, out),
        Command::Purge(args) => purge::run(*args, &cli.global, out),
        Command::Warm(args) => warm::run(*args, out),
        Command::Completions(args) => completions::run(&args, out),
    }
}
