//! `isrctl simulate`: build a plan from flags or a scenario file, run the engine, render results.

use crate::cli::SimulateArgs;
use crate::error::{Exit, Result};
use crate::output::Output;

pub fn run(_args: SimulateArgs, _out: &Output) -> Result<Exit> {
    Ok(Exit::Success)
}
