//! clap types for `isrctl simulate`.

use clap::{Args, ValueEnum};
use std::path::PathBuf;

pub const SIMULATE_EXAMPLES: &str = "\
Examples:
  isrctl simulate                                   the pricing-page story (revalidate 60s)
  isrctl simulate --revalidate 60 --at 0,45,65,70 --path /pricing
  isrctl simulate examples/cms-webhook.toml         a scenario file (format in the README)
  isrctl simulate examples/docs-site.toml --summary --format json
  isrctl simulate --trace access.log.gz --trace-format combined --revalidate 5m
  isrctl simulate --workload 'zipf:alpha=1.0,keys=100000,rate=1000/s,duration=1h,changes=10/day'";

#[derive(Debug, Args, Default)]
pub struct SimulateArgs {
    /// Scenario file (TOML); without one, quick flags or the built-in pricing-page story are used
    #[arg(value_name = "SCENARIO.toml")]
    pub scenario: Option<PathBuf>,

    /// Route revalidate period: a duration, 0 (render every request) or false (never)
    #[arg(long, value_name = "DUR")]
    pub revalidate: Option<String>,

    /// Request times, comma-separated (`0,45,1m5s`); every --path is requested at each
    #[arg(long, value_name = "T,T,...", value_delimiter = ',')]
    pub at: Vec<String>,

    /// Path to request (repeatable)
    #[arg(long = "path", value_name = "P")]
    pub paths: Vec<String>,

    /// Render time of a page (default 200ms)
    #[arg(long, value_name = "DUR")]
    pub render_time: Option<String>,

    /// Total age limit of an entry (Next.js expireTime; for cdn s-maxage + stale-while-revalidate)
    #[arg(long, value_name = "DUR")]
    pub expire: Option<String>,

    /// Platform profile
    #[arg(long, value_enum)]
    pub platform: Option<PlatformArg>,

    /// The build finished this long before t=0 (prerendered entries are that old at the start)
    #[arg(long, value_name = "DUR")]
    pub built_ago: Option<String>,

    /// Quick-flag paths are not prerendered: the first request renders (MISS)
    #[arg(long)]
    pub on_demand: bool,

    /// Replay a request trace: CSV with time and path columns, `-` for stdin, .gz/.zst by extension
    #[arg(long, value_name = "FILE", conflicts_with_all = ["at", "paths", "workload"])]
    pub trace: Option<PathBuf>,

    /// Trace line format
    #[arg(long, value_enum, default_value_t = TraceFormatArg::Csv, value_name = "FORMAT")]
    pub trace_format: TraceFormatArg,

    /// Keep the query string in the cache key (Next.js ignores it)
    #[arg(long)]
    pub keep_query: bool,

    /// Count and skip malformed trace lines instead of stopping at the first
    #[arg(long)]
    pub skip_bad_lines: bool,

    /// Synthetic workload: zipf:alpha=1.0,keys=100000,rate=1000/s,duration=1h[,changes=10/day][,path=/p/{}]
    #[arg(long, value_name = "SPEC", conflicts_with_all = ["at", "paths"])]
    pub workload: Option<String>,

    /// Seed for random choices (render-time distributions, failures, workloads)
    #[arg(long, value_name = "N")]
    pub seed: Option<u64>,

    /// Always print the per-request timeline
    #[arg(long, conflicts_with = "summary")]
    pub timeline: bool,

    /// Print only the summary, never the timeline
    #[arg(long)]
    pub summary: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum TraceFormatArg {
    /// CSV with a header row: time and path (or key, obj_id, url) columns
    #[default]
    Csv,
    /// nginx/Apache combined access log
    Combined,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PlatformArg {
    /// Self-hosted `next start`, as measured against Next.js 16
    NextStart,
    /// Vercel: durable regional ISR cache, request collapsing, retry after 30s on failure
    Vercel,
    /// A generic CDN honouring s-maxage, stale-while-revalidate and stale-if-error
    Cdn,
}
