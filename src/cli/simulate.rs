//! clap types for `isrctl simulate`.

use clap::{Args, ValueEnum};
use std::path::PathBuf;

pub const SIMULATE_EXAMPLES: &str = "\
Examples:
  isrctl simulate                                   the pricing-page story (revalidate 60s)
  isrctl simulate --revalidate 60 --at 0,45,65,70 --path /pricing
  isrctl simulate examples/cms-webhook.toml         a scenario file (format: isrctl-scenario(5))
  isrctl simulate examples/docs-site.toml --summary --format json
  isrctl simulate --trace access.log.gz --trace-format combined --revalidate 5m
  isrctl simulate --workload 'zipf:alpha=1.0,keys=100000,rate=1000/s,duration=1h,changes=10/day'
  isrctl simulate examples/docs-site.toml --compare ssg,isr,isr+ondemand,ssr
  isrctl simulate --trace access.csv --sweep revalidate=10s..1h --max-staleness 5m --csv sweep.csv";

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

    /// Run the same workload under several strategies: ssg, isr, isr+ondemand, ssr
    #[arg(
        long,
        value_name = "STRATS",
        value_delimiter = ',',
        conflicts_with = "sweep"
    )]
    pub compare: Vec<CompareStrategy>,

    /// Tabulate a range of TTLs: revalidate=10s..1h
    #[arg(long, value_name = "RANGE")]
    pub sweep: Option<String>,

    /// Staleness budget for --sweep: recommend the largest TTL whose worst staleness fits (10m),
    /// or whose p99/p95/mean staleness fits (p95=10m)
    #[arg(long, value_name = "[STAT=]DUR", requires = "sweep")]
    pub max_staleness: Option<String>,

    /// Also write the --compare or --sweep rows as CSV to this file
    #[arg(long, value_name = "FILE")]
    pub csv: Option<PathBuf>,

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

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CompareStrategy {
    /// Static generation: never revalidated; every content change rebuilds the whole site
    Ssg,
    /// Time-based incremental static regeneration (the routes' revalidate)
    Isr,
    /// ISR plus a CMS webhook that revalidates each changed page at once
    #[value(name = "isr+ondemand")]
    IsrOndemand,
    /// Server rendering on every request
    Ssr,
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
