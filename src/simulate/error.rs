//! The errors of the simulate library: a scenario or trace that cannot be used, a plan whose
//! inputs do not fit together, and bad `--sweep`/`--max-staleness` specs.

use std::path::PathBuf;

/// Why a simulation could not run.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Scenario(#[from] crate::scenario::Error),
    #[error(transparent)]
    Trace(#[from] crate::trace::Error),
    #[error(transparent)]
    TraceOpen(#[from] crate::trace::OpenError),
    /// The scenario file could not be read.
    #[error("cannot read {}: {source}", path.display())]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error(
        "--at, --path and --on-demand build a scenario; they cannot be combined with a scenario file"
    )]
    QuickFlagsWithScenario,
    #[error(transparent)]
    NextBuild(#[from] crate::scenario::next_build::NextBuildError),
    #[error("--on-demand: with --next-build the build says which paths were prerendered")]
    OnDemandWithBuild,
    #[error("the build in {} has no prerendered ISR page to request: give --path P, --trace or --workload", .0.display())]
    NoIsrPages(PathBuf),
    #[error("--at: times must not go backwards")]
    TimesBackwards,
    #[error("--trace cannot be combined with a workload (from --workload or the scenario file)")]
    TraceWithWorkload,
    #[error(
        "ssg needs the site's pages: list them with prerender in the scenario's routes (a trace alone does not say which pages exist)"
    )]
    SsgWithoutPages,
    #[error(transparent)]
    PublishLog(#[from] super::publish_log::LogError),
    #[error(
        "--changes …:tag picks among the routes' tags, and no route has one: add tags to the scenario's [[routes]], or change paths (--changes RATE)"
    )]
    NoTags,
    #[error(
        "the workload already has content changes (changes=…); give them there or with --changes/--changes-from, not both"
    )]
    ChangesTwice,
    /// The engine refused the configuration.
    #[error("{0}")]
    Config(String),
    /// A parallel run ended without a result (a bug).
    #[error("a run did not finish")]
    Unfinished,
}

/// A `--sweep` range or `--max-staleness` budget that does not parse.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum SpecError {
    #[error("{0}; try revalidate=10s..1h")]
    Sweep(String),
    #[error("unknown statistic '{0}' (use max, p99, p95 or mean, e.g. p95=10m)")]
    Statistic(String),
    #[error("{0}")]
    Duration(String),
}
