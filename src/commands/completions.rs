//! `isrctl completions SHELL`: shell completion scripts generated from the clap definitions.

use crate::cli::{CompletionsArgs, command};
use crate::error::{Exit, Result};
use crate::output::Output;

pub fn run(args: &CompletionsArgs, out: &Output) -> Result<Exit> {
    let mut cmd = command();
    match &args.out_dir {
        Some(dir) => {
            std::fs::create_dir_all(dir)?;
            clap_complete::generate_to(args.shell, &mut cmd, "isrctl", dir)?;
        }
        None => {
            let mut buf = Vec::new();
            clap_complete::generate(args.shell, &mut cmd, "isrctl", &mut buf);
            out.write_raw(&buf)?;
        }
    }
    Ok(Exit::Success)
}
