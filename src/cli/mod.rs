//! The command-line surface as clap types: global options and one subcommand per job. No logic.

pub mod probe;
pub mod purge;
pub mod revalidate;
pub mod simulate;
pub mod warm;

use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

pub use crate::output::{ColorChoice, Format};
pub use probe::{ProbeArgs, ProbeMethod};
pub use purge::PurgeArgs;
pub use revalidate::RevalidateArgs;
pub use simulate::SimulateArgs;
pub use warm::WarmArgs;

pub const EXIT_CODES_HELP: &str = "\
Exit codes:
  0    success
  1    unexpected/internal error
  2    usage error (bad flag, bad scenario file, bad trace line: with file:line and the reason)
  3    network error or timeout (probe: every sample failed)
  4    remote rejected the request (401/403/404/4xx, bad secret, bad token)
  5    remote failed (5xx after retries); with mixed failures 5 wins over 4 over 3
  6    a --expect/--until or --verify expectation was not met
  130  interrupted (Ctrl-C), after printing the summary so far

Environment:
  NO_COLOR         set (not empty): no colour, unless --color always
  CLICOLOR_FORCE   set (not empty, not 0): colour even on a pipe; NO_COLOR wins
  ISRCTL_FORMAT    default for --format (table, json or ndjson)
  Otherwise stdout and stderr are each coloured when a terminal.";

/// Simulate, probe, revalidate and purge stale-while-revalidate and Next.js ISR caches.
#[derive(Debug, Parser)]
#[command(
    name = "isrctl",
    version,
    about,
    long_about = None,
    after_long_help = EXIT_CODES_HELP,
    propagate_version = true,
    max_term_width = 100
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,

    #[command(subcommand)]
    pub command: Command,
}

/// Options every command accepts.
#[derive(Debug, Args)]
#[command(next_help_heading = "Global options")]
pub struct GlobalArgs {
    /// When to use colour in tables and messages
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, global = true)]
    pub color: ColorChoice,

    /// Output format: tables for people, JSON or one JSON object per line for scripts
    #[arg(long, value_enum, global = true, env = "ISRCTL_FORMAT")]
    pub format: Option<Format>,

    /// Print only the result and errors: no progress, notes, live lines or retry announcements
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,

    /// -v: a line per request or sample on stderr; -vv: also the wire (request and response
    /// headers), secrets shown as ***
    #[arg(short, long, action = clap::ArgAction::Count, global = true)]
    pub verbose: u8,

    /// Read targets from this isrctl.toml instead of ./isrctl.toml or $XDG_CONFIG_HOME/isrctl/
    #[arg(long, value_name = "FILE", global = true, env = "ISRCTL_CONFIG")]
    pub config: Option<PathBuf>,

    /// Do not read any isrctl.toml
    #[arg(long, global = true, conflicts_with = "config")]
    pub no_config: bool,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the deterministic stale-while-revalidate / ISR simulator
    #[command(after_long_help = with_verbosity(simulate::SIMULATE_EXAMPLES, SIMULATE_VERBOSITY))]
    Simulate(Box<SimulateArgs>),

    /// Watch URLs over time: cache states, transitions, content versions, TTL and lints
    #[command(after_long_help = with_verbosity(probe::PROBE_EXAMPLES, PROBE_VERBOSITY))]
    Probe(Box<ProbeArgs>),

    /// Ask the app to regenerate paths or tags (its revalidation route or the bypass header)
    #[command(after_long_help = with_verbosity(revalidate::REVALIDATE_EXAMPLES, REMOTE_VERBOSITY))]
    Revalidate(Box<RevalidateArgs>),

    /// Ask a CDN or cache to drop or mark stale: vercel, cloudflare, fastly, netlify, akamai,
    /// cloudfront, http
    #[command(after_long_help = with_verbosity(purge::PURGE_EXAMPLES, REMOTE_VERBOSITY))]
    Purge(Box<PurgeArgs>),

    /// Request URLs (a sitemap, a list) until their cache answers HIT: after a deploy or a purge
    ///
    /// Each URL is requested again, --interval apart, until the nearest cache that stores copies
    /// answers HIT or --tries run out. Exit 0 when every URL is a HIT; 6 when some are not (cold,
    /// not stored, or no cache-status header to tell); 3, 4 or 5 when some got no answer, a 4xx
    /// or a 5xx.
    #[command(after_long_help = with_verbosity(warm::WARM_EXAMPLES, WARM_VERBOSITY))]
    Warm(Box<WarmArgs>),

    /// Print a shell completion script to stdout
    #[command(after_long_help = with_exit_codes(COMPLETIONS_EXAMPLES))]
    Completions(CompletionsArgs),
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to generate completions for
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,

    /// Write the script into this directory instead of stdout
    #[arg(long, value_name = "DIR", hide = true)]
    pub out_dir: Option<PathBuf>,
}

const COMPLETIONS_EXAMPLES: &str = "\
Examples:
  isrctl completions bash > ~/.local/share/bash-completion/completions/isrctl
  isrctl completions zsh > ~/.zfunc/_isrctl
  isrctl completions fish > ~/.config/fish/completions/isrctl.fish";

const SIMULATE_VERBOSITY: &str = "\
Verbosity (the same levels for every command; errors always show):
  -q     the summary only: no timeline, progress or notes
  -v     on stderr: what is simulated, what a trace held (skipped
         lines quoted)
  -vv    as -v; with --against each response's headers too (secrets
         as ***)";

const PROBE_VERBOSITY: &str = "\
Verbosity (the same levels for every command; errors always show):
  -q     the summary and verdict only: no live lines or spinner
  -v     a live line for every sample, not only the first and changes
  -vv    each request's and response's headers too, on stderr
         (secrets as ***)";

const REMOTE_VERBOSITY: &str = "\
Verbosity (the same levels for every command; errors always show):
  -q     the totals line only (it names failed items); no notes
  (none) the per-item table; each retry announced on stderr
  -v     on stderr: each request as it is sent, --verify baselines
  -vv    the wire too: headers and bodies both ways (secrets as ***)";

const WARM_VERBOSITY: &str = "\
Verbosity (the same levels for every command; errors always show):
  -q     the totals line only (it names the URLs not warm)
  (none) the per-URL table and totals; a progress bar on a terminal
  -v     on stderr: a line per request with the state it got
  -vv    as -v";

/// A subcommand's examples, what -q/-v/-vv do for it, then the exit-code table.
pub fn with_verbosity(examples: &str, verbosity: &str) -> String {
    format!("{examples}\n\n{verbosity}\n\n{EXIT_CODES_HELP}")
}

/// A subcommand's examples followed by the exit-code table.
pub fn with_exit_codes(examples: &str) -> String {
    format!("{examples}\n\n{EXIT_CODES_HELP}")
}

/// The clap command, for completions, man pages and tests.
pub fn command() -> clap::Command {
    <Cli as clap::CommandFactory>::command()
}
