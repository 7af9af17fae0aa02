//! clap types for `isrctl probe`. No logic beyond value parsing.

use crate::duration::parse_duration;
use clap::{Args, ValueEnum};
use std::time::Duration;

pub const PROBE_EXAMPLES: &str = "\
Examples:
  isrctl probe https://example.com/blog                     watch for 60s, one request every 2s
  isrctl probe --once https://example.com/blog              explain one response's cache headers
  isrctl probe URL --interval 1s --until STALE              stop at the first STALE (exit 0), else 6
  isrctl probe URL --until changed --duration 5m            wait for new content
  isrctl probe URL --count 10 --expect MISS,HIT             CI check of the state sequence
  isrctl probe --sitemap https://example.com/sitemap.xml --count 3 --format ndjson
  isrctl probe https://www.example.com/ --resolve www.example.com:443:203.0.113.7";

#[derive(Debug, Args)]
pub struct ProbeArgs {
    /// URLs to probe (http or https)
    #[arg(value_name = "URL")]
    pub urls: Vec<String>,

    /// Time between requests to the same URL
    #[arg(long, value_name = "DUR", default_value = "2s", value_parser = parse_duration)]
    pub interval: Duration,

    /// How long to probe (default 60s unless --count is given)
    #[arg(long, value_name = "DUR", value_parser = parse_duration, conflicts_with = "count")]
    pub duration: Option<Duration>,

    /// Requests per URL
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    pub count: Option<u64>,

    /// Stop at the first sample in STATE (HIT, STALE, MISS, ...) or with changed content
    /// ("changed"); exit 6 if it never comes
    #[arg(long, value_name = "STATE|changed")]
    pub until: Option<String>,

    /// Expected state sequence after collapsing repeats, e.g. MISS,HIT,STALE,HIT; exit 6 if not
    #[arg(long, value_name = "SEQ", value_delimiter = ',')]
    pub expect: Vec<String>,

    /// One request per URL and a full explanation of its cache headers
    #[arg(long, conflicts_with_all = ["count", "duration", "until"])]
    pub once: bool,

    /// Read the URL list from a sitemap.xml (sitemap indexes are followed)
    #[arg(long, value_name = "URL")]
    pub sitemap: Option<String>,

    /// At most this many requests in flight at once
    #[arg(long, value_name = "N", default_value_t = 16,
          value_parser = clap::value_parser!(u32).range(1..=1024))]
    pub concurrency: u32,

    /// Per-request timeout (connect, headers and body)
    #[arg(long, value_name = "DUR", default_value = "10s", value_parser = parse_duration)]
    pub timeout: Duration,

    /// Extra request header (repeatable)
    #[arg(short = 'H', long = "header", value_name = "Name: value")]
    pub headers: Vec<String>,

    /// Request method; HEAD identifies content by ETag/Last-Modified only
    #[arg(long, value_enum, default_value_t = ProbeMethod::Get)]
    pub method: ProbeMethod,

    /// Send HOST:PORT to ADDR instead of resolving it (like curl), e.g. to probe one POP
    #[arg(long, value_name = "HOST:PORT:ADDR")]
    pub resolve: Vec<String>,

    /// Accept invalid TLS certificates
    #[arg(short = 'k', long)]
    pub insecure: bool,

    /// Exit 6 when any lint fires
    #[arg(long)]
    pub fail_on_lint: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
#[value(rename_all = "UPPER")]
pub enum ProbeMethod {
    Get,
    Head,
}
