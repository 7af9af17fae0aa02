//! `--verify URL` for `revalidate` and `purge`: take each URL's content version before the call,
//! then wait until it changes. Placeholder until the prober's verify module lands.

use crate::cli::purge::SendArgs;
use crate::error::{Exit, Result};
use crate::output::Output;

/// Content versions of the --verify URLs before the call.
pub struct Baselines(Vec<(String, Option<String>)>);

pub fn baselines(urls: &[String], _args: &SendArgs, _out: &Output) -> Result<Baselines> {
    Ok(Baselines(urls.iter().map(|u| (u.clone(), None)).collect()))
}

pub fn wait(b: Baselines, _args: &SendArgs, out: &Output) -> Result<Exit> {
    if !b.0.is_empty() {
        out.warn("--verify is not available in this build yet");
    }
    Ok(Exit::Success)
}
