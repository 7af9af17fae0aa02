//! clap types for `isrctl simulate`: every value parsed here (durations, revalidate, times,
//! paths, workload, sweep range, staleness budget) into the simulate library's types, and the
//! `ValueEnum` of the domain enums (platform, trace format, strategy).

use super::revalidate::EndpointArgs;
use crate::duration::{parse_duration, parse_micros, parse_signed_micros};
use crate::engine::Time;
use crate::engine::model::{Platform, Revalidate};
use crate::engine::workload::WorkloadSpec;
use crate::http::target::HttpUrl;
use crate::simulate::{Budget, ChangeRate, Strategy, SweepRange};
use crate::trace::TraceFormat;
use clap::builder::PossibleValue;
use clap::{Args, ValueEnum};
use std::path::PathBuf;
use std::time::Duration;

pub const SIMULATE_EXAMPLES: &str = "\
Examples:
  isrctl simulate                                   the pricing-page story (revalidate 60s)
  isrctl simulate --revalidate 60 --at 0,45,65,70 --path /pricing
  isrctl simulate examples/cms-webhook.toml         a scenario file (format: isrctl-scenario(5))
  isrctl simulate examples/docs-site.toml --summary --format json
  isrctl simulate --trace access.log.gz --revalidate 5m
  isrctl simulate --next-build .next --trace access.log
  isrctl simulate --workload 'zipf:alpha=1.0,keys=100000,rate=1000/s,duration=1h,changes=10/day'
  isrctl simulate examples/docs-site.toml --compare ssg,isr,isr+ondemand,ssr
  isrctl simulate --trace access.csv --sweep revalidate=10s..1h --max-staleness 5m --csv sweep.csv
  isrctl simulate --trace access.csv --changes-from publishes.csv --compare isr,isr+ondemand
  isrctl simulate on-demand.toml --against https://staging.example.com \
      --endpoint https://staging.example.com/api/revalidate --secret-env REVALIDATE_SECRET";

#[derive(Debug, Args, Default)]
pub struct SimulateArgs {
    /// Scenario file (TOML); without one, quick flags or the built-in pricing-page story are used
    #[arg(value_name = "SCENARIO.toml")]
    pub scenario: Option<PathBuf>,

    /// Route revalidate period: a duration, 0 (render every request) or false (never)
    #[arg(long, value_name = "DUR", value_parser = revalidate)]
    pub revalidate: Option<Revalidate>,

    /// Request times, comma-separated (`0,45,1m5s`); every --path is requested at each
    #[arg(long, value_name = "T,T,...", value_delimiter = ',', value_parser = parse_signed_micros)]
    pub at: Vec<Time>,

    /// Path to request (repeatable)
    #[arg(long = "path", value_name = "P", value_parser = url_path)]
    pub paths: Vec<String>,

    /// Render time of a page (default 200ms)
    #[arg(long, value_name = "DUR", value_parser = parse_micros)]
    pub render_time: Option<Time>,

    /// Total age limit of an entry (Next.js expireTime; for cdn s-maxage + stale-while-revalidate)
    #[arg(long, value_name = "DUR", value_parser = positive_micros)]
    pub expire: Option<Time>,

    /// Routes from a Next.js build (`.next` after `next build`): revalidate, expire, prerendered
    /// paths, dynamic routes; static files, API routes and redirects are counted, not simulated
    #[arg(long, value_name = "DIR")]
    pub next_build: Option<PathBuf>,

    /// Platform profile
    #[arg(long, value_enum)]
    pub platform: Option<Platform>,

    /// The build finished this long before t=0 (prerendered entries are that old at the start)
    #[arg(long, value_name = "DUR", value_parser = parse_micros)]
    pub built_ago: Option<Time>,

    /// Quick-flag paths are not prerendered: the first request renders (MISS)
    #[arg(long)]
    pub on_demand: bool,

    /// Replay a request trace: CSV with a header, nginx/Apache access log or JSON lines (the
    /// format is detected), `-` for stdin, .gz/.zst by extension
    #[arg(long, value_name = "FILE", conflicts_with_all = ["at", "paths", "workload"])]
    pub trace: Option<PathBuf>,

    /// Trace line format; auto detects it from the first lines
    #[arg(long, value_enum, default_value_t = TraceFormat::Auto, value_name = "FORMAT", long_help = TRACE_FORMAT_HELP.as_str())]
    pub trace_format: TraceFormat,

    /// Keep the query string in the cache key (Next.js ignores it)
    #[arg(long)]
    pub keep_query: bool,

    /// Accepted for old scripts: lines that cannot be read are always counted and skipped now
    #[arg(long, hide = true)]
    pub skip_bad_lines: bool,

    /// Trace lines up to this much out of time order are put back in order; lines later than
    /// that, and lone far-future outliers, are counted and skipped
    #[arg(long, value_name = "DUR", default_value = "5s", value_parser = parse_micros)]
    pub reorder_window: Time,

    /// Stop (exit 2, with file:line) at the first trace line that cannot be read, is out of
    /// order by more than the reorder window or is an outlier, instead of counting and skipping it
    #[arg(long)]
    pub strict: bool,

    /// Synthetic workload: zipf:alpha=1.0,keys=100000,rate=1000/s,duration=1h[,changes=10/day][,path=/p/{}]
    #[arg(long, value_name = "SPEC", conflicts_with_all = ["at", "paths"])]
    pub workload: Option<WorkloadArg>,

    /// Content changes at this rate (10/day, 1/h), seeded Poisson arrivals: each changes the page
    /// of the first page request at or after it (so popular pages change more often), or with
    /// :tag one of the routes' tags, each as likely
    #[arg(long, value_name = "RATE[:tag]", conflicts_with = "changes_from")]
    pub changes: Option<ChangeRate>,

    /// Content changes from a publish log: CSV time,path or time,tag:NAME (header optional);
    /// times are absolute (epoch seconds or RFC 3339, aligned with the trace's first request)
    /// or durations from the start (90s)
    #[arg(long, value_name = "FILE")]
    pub changes_from: Option<PathBuf>,

    /// isr+ondemand: the CMS webhook revalidates a changed page this long after the change
    #[arg(long, value_name = "DUR", default_value = "1s", value_parser = parse_micros)]
    pub webhook_delay: Time,

    /// Run the same workload under several strategies (ssg, isr, isr+ondemand, ssr) or
    /// revalidate values (revalidate=10s,5m,1h)
    #[arg(
        long,
        value_name = "STRATS|revalidate=DUR,..",
        value_delimiter = ',',
        conflicts_with = "sweep",
        value_parser = compare_item
    )]
    pub compare: Vec<CompareItem>,

    /// Tabulate TTLs: a range (revalidate=10s..1h) or a list (revalidate=10s,1m,5m)
    #[arg(long, value_name = "revalidate=RANGE|LIST")]
    pub sweep: Option<SweepRange>,

    /// Staleness budget for --sweep (or --compare revalidate=…): recommend the largest TTL whose
    /// worst staleness fits (10m), or whose p99/p95/mean staleness fits (p95=10m); exit 6 when
    /// none does
    #[arg(long, value_name = "[STAT=]DUR")]
    pub max_staleness: Option<Budget>,

    /// Draw an SVG picture in this file: the --sweep rows (renders per hour against staleness p95,
    /// the recommended TTL ringed), the --compare rows (a bar per strategy and metric), or else
    /// the run's timeline (a lane per path, a mark per request coloured by its state)
    #[arg(long, value_name = "FILE.svg")]
    pub plot: Option<PathBuf>,

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

    /// Replay the scenario's requests against this deployment in real time (URL = BASE_URL +
    /// path), its revalidate events through --endpoint, and compare every answer with the
    /// prediction; exit 6 when one diverges
    #[arg(
        long,
        value_name = "BASE_URL",
        help_heading = "Against a deployment",
        conflicts_with_all = ["trace", "workload", "changes", "changes_from", "compare", "sweep", "plot", "csv", "timeline", "summary"]
    )]
    pub against: Option<HttpUrl>,

    /// A disagreement this close to a TTL boundary, the end of a render or an invalidation of
    /// the path is reported as near a boundary and does not fail the run
    #[arg(
        long,
        value_name = "DUR",
        default_value = "500ms",
        value_parser = parse_micros,
        requires = "against",
        help_heading = "Against a deployment"
    )]
    pub slack: Time,

    /// Per-request timeout for --against
    #[arg(
        long,
        value_name = "DUR",
        default_value = "30s",
        value_parser = parse_duration,
        requires = "against",
        help_heading = "Against a deployment"
    )]
    pub timeout: Duration,

    #[command(flatten, next_help_heading = "Against a deployment")]
    pub route: EndpointArgs,
}

/// `--workload`: the spec as written (for the run's label) and parsed.
#[derive(Debug, Clone, PartialEq)]
pub struct WorkloadArg {
    pub text: String,
    pub spec: WorkloadSpec,
}

impl std::str::FromStr for WorkloadArg {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        Ok(WorkloadArg {
            text: s.to_string(),
            spec: WorkloadSpec::parse(s)?,
        })
    }
}

/// One `--compare` value: a strategy, or a revalidate value (`revalidate=10s`, or a bare
/// duration after it: `revalidate=10s,5m`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CompareItem {
    Strategy(Strategy),
    Revalidate(Time),
}

fn compare_item(s: &str) -> Result<CompareItem, String> {
    let s = s.trim();
    if let Some(strat) = Strategy::ALL.iter().find(|x| x.name() == s) {
        return Ok(CompareItem::Strategy(*strat));
    }
    let value = s.strip_prefix("revalidate=").unwrap_or(s);
    match parse_micros(value) {
        Ok(0) => Err("a revalidate value must be above zero".into()),
        Ok(t) => Ok(CompareItem::Revalidate(t)),
        Err(_) => Err(format!(
            "'{s}' is neither a strategy (ssg, isr, isr+ondemand, ssr) nor a revalidate value (revalidate=10s,5m)"
        )),
    }
}

/// A revalidate period: a duration, 0 (render every request) or false/never.
fn revalidate(s: &str) -> Result<Revalidate, String> {
    match s.trim() {
        "false" | "never" => Ok(Revalidate::Never),
        other => Ok(match parse_micros(other)? {
            0 => Revalidate::Always,
            us => Revalidate::After(us),
        }),
    }
}

/// A duration above zero.
fn positive_micros(s: &str) -> Result<Time, String> {
    match parse_micros(s)? {
        0 => Err("must be more than zero".into()),
        us => Ok(us),
    }
}

/// A URL path (starts with `/`).
fn url_path(s: &str) -> Result<String, String> {
    if s.starts_with('/') {
        Ok(s.to_string())
    } else {
        Err(format!("'{s}' must start with '/'"))
    }
}

impl ValueEnum for Strategy {
    fn value_variants<'a>() -> &'a [Self] {
        &Strategy::ALL
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        let help = match self {
            Strategy::Ssg => {
                "Static generation: never revalidated; every content change rebuilds the whole site"
            }
            Strategy::Isr => "Time-based incremental static regeneration (the routes' revalidate)",
            Strategy::IsrOndemand => {
                "ISR plus a CMS webhook that revalidates each changed page at once"
            }
            Strategy::Ssr => "Server rendering on every request",
        };
        Some(PossibleValue::new(self.name()).help(help))
    }
}

/// The long help of `--trace-format`: the formats and every field name each reads.
static TRACE_FORMAT_HELP: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
    use crate::trace::{csv, json};
    format!(
        "Trace line format; auto (the default) detects it from the first non-empty line: a JSON \
         object, an access-log line ([timestamp] then a quoted request) or a CSV header.\n\n\
         csv: a header row naming a time column ({}) and a path column ({}); comma, semicolon \
         or tab separated, fields may be double-quoted.\n\
         combined (also common): nginx/Apache access-log lines; GET and HEAD are replayed.\n\
         json: one object per line. Time: {}. Path: {} (a full URL gives its path; a request \
         line \"GET /p HTTP/1.1\" its method and path). Method: {}; when there is one, requests \
         other than GET and HEAD are skipped. The same names are looked for inside {} objects, \
         and win there: Vercel log drains (proxy.timestamp, proxy.path, proxy.method), Caddy \
         (ts, request.uri, request.method), Cloudflare Logpush http_requests \
         (EdgeStartTimestamp, ClientRequestURI, ClientRequestMethod).\n\n\
         Numeric times are epoch seconds, milliseconds, microseconds or nanoseconds, told \
         apart by their size (seconds below 10^11); strings are RFC 3339 or numbers.",
        csv::TIME_COLUMNS.join(", "),
        csv::PATH_COLUMNS.join(", "),
        json::TIME_FIELDS.join(", "),
        json::PATH_FIELDS.join(", "),
        json::METHOD_FIELDS.join(", "),
        json::NESTED.join(", "),
    )
});

impl ValueEnum for TraceFormat {
    fn value_variants<'a>() -> &'a [Self] {
        &[
            TraceFormat::Auto,
            TraceFormat::Csv,
            TraceFormat::Combined,
            TraceFormat::Json,
        ]
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        Some(match self {
            TraceFormat::Auto => PossibleValue::new("auto").help("Detected from the first lines"),
            TraceFormat::Csv => PossibleValue::new("csv")
                .help("CSV with a header row: time and path (or url, key, obj_id) columns"),
            TraceFormat::Combined => PossibleValue::new("combined")
                .alias("common")
                .help("nginx/Apache combined or common access log"),
            TraceFormat::Json => PossibleValue::new("json")
                .help("JSON lines with time and path fields (Vercel, Cloudflare, Caddy, nginx)"),
        })
    }
}

impl ValueEnum for Platform {
    fn value_variants<'a>() -> &'a [Self] {
        &[Platform::NextStart, Platform::Vercel, Platform::Cdn]
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        let help = match self {
            Platform::NextStart => "Self-hosted `next start`, as measured against Next.js 16",
            Platform::Vercel => {
                "Vercel: durable regional ISR cache, request collapsing, retry after 30s on failure"
            }
            Platform::Cdn => {
                "A generic CDN honouring s-maxage, stale-while-revalidate and stale-if-error"
            }
        };
        Some(PossibleValue::new(self.name()).help(help))
    }
}
