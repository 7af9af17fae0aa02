//! clap types for `isrctl probe`. No logic beyond value parsing: URLs, headers, `--resolve`,
//! `--until` and `--expect` states arrive in the command already typed.

use crate::duration::parse_duration;
use crate::http::cache_status::CacheState;
use crate::http::target::{UrlError, http_url};
use crate::probe::Until;
use clap::builder::PossibleValue;
use clap::{Args, ValueEnum};
use reqwest::header::{HeaderName, HeaderValue};
use std::net::{IpAddr, SocketAddr};
use std::time::Duration;
use url::Url;

pub const PROBE_EXAMPLES: &str = "\
Examples:
  isrctl probe https://example.com/blog                     watch for 60s, one request every 2s
  isrctl probe --once https://example.com/blog              explain one response's cache headers
  isrctl probe URL --interval 1s --until STALE              stop at the first STALE (exit 0), else 6
  isrctl probe URL --until changed --duration 5m            wait for new content
  isrctl probe URL --count 10 --expect MISS,HIT             CI check of the state sequence
  isrctl probe URL --count 10 --junit probe.xml             checks as a JUnit report for CI
  isrctl probe -L -i --once URL                             follow redirects, print the headers
  isrctl probe URL --duration 5m --plot probe.svg           the samples as a picture
  isrctl probe URL --rsc --count 5                          check a CDN keeps RSC and HTML apart
  isrctl probe --sitemap https://example.com/sitemap.xml --count 3 --format ndjson
  isrctl probe https://www.example.com/ --resolve www.example.com:443:203.0.113.7";

#[derive(Debug, Args)]
pub struct ProbeArgs {
    /// URLs to probe (http or https)
    #[arg(value_name = "URL", value_parser = parse_url)]
    pub urls: Vec<Url>,

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
    #[arg(long, value_name = "STATE|changed", value_parser = parse_until)]
    pub until: Option<Until>,

    /// Expected state sequence after collapsing repeats, e.g. MISS,HIT,STALE,HIT; exit 6 if not
    #[arg(long, value_name = "SEQ", value_delimiter = ',', value_parser = parse_expected)]
    pub expect: Vec<ExpectedState>,

    /// One request per URL and a full explanation of its cache headers
    #[arg(long, conflicts_with_all = ["count", "duration", "until"])]
    pub once: bool,

    /// Read the URL list from a sitemap.xml (sitemap indexes are followed)
    #[arg(long, value_name = "URL", value_parser = parse_url)]
    pub sitemap: Option<Url>,

    /// At most this many requests in flight at once
    #[arg(long, value_name = "N", default_value_t = 16,
          value_parser = clap::value_parser!(u32).range(1..=1024))]
    pub concurrency: u32,

    /// Per-request timeout (connect, headers and body)
    #[arg(long, value_name = "DUR", default_value = "10s", value_parser = parse_duration)]
    pub timeout: Duration,

    /// Extra request header (repeatable)
    #[arg(short = 'H', long = "header", value_name = "Name: value", value_parser = parse_header)]
    pub headers: Vec<(HeaderName, HeaderValue)>,

    /// Accept-Encoding to send, as a browser does by default; caches keep one copy per encoding.
    /// `identity` asks for the uncompressed copy. Bodies are decoded before hashing.
    #[arg(long, value_name = "VALUE", default_value = crate::probe::body::BROWSER_ACCEPT_ENCODING,
          value_parser = parse_header_value)]
    pub accept_encoding: HeaderValue,

    /// Follow redirects (each shown with its Location); without it a 3xx is the answer
    #[arg(short = 'L', long)]
    pub location: bool,

    /// With -L, follow at most this many redirects (more is an ERROR sample)
    #[arg(long, value_name = "N", default_value_t = 20, requires = "location",
          value_parser = clap::value_parser!(u32).range(0..=1000))]
    pub max_redirs: u32,

    /// Print each response's status line and headers (like curl -i); credentials and cookie
    /// values are masked. In JSON, each sample gets its `head`
    #[arg(short = 'i', long)]
    pub include: bool,

    /// Write a JUnit XML report here when the probe ends: one test case per URL and check
    /// (--until, --expect, lints, errors), for CI
    #[arg(long, value_name = "FILE.xml")]
    pub junit: Option<std::path::PathBuf>,

    /// Request method; HEAD identifies content by ETag/Last-Modified only
    #[arg(long, value_enum, default_value_t = ProbeMethod::Get)]
    pub method: ProbeMethod,

    /// Send HOST:PORT to ADDR instead of resolving it (like curl), e.g. to probe one POP
    #[arg(long, value_name = "HOST:PORT:ADDR", value_parser = parse_resolve)]
    pub resolve: Vec<(String, SocketAddr)>,

    /// Accept invalid TLS certificates
    #[arg(short = 'k', long)]
    pub insecure: bool,

    /// Exit 6 when any lint fires
    #[arg(long)]
    pub fail_on_lint: bool,

    /// Also request each URL as Next.js's client router does on a navigation (RSC: 1,
    /// Next-Router-State-Tree, ?_rsc=), and lint when a cache answers a page request with the RSC
    /// payload or the RSC request with the page (a CDN that ignores Vary: RSC). Doubles the
    /// requests
    #[arg(long, conflicts_with = "method")]
    pub rsc: bool,

    /// Response header that names the instance (or POP) that answered, for the per-POP view when
    /// the vendor headers say nothing (e.g. x-instance set by your load balancer)
    #[arg(long, value_name = "NAME", value_parser = parse_header_name)]
    pub pop_header: Option<HeaderName>,

    /// Draw the samples as an SVG timeline in this file when the probe ends (a lane per URL, a
    /// mark per sample coloured by its cache state, version changes labelled)
    #[arg(long, value_name = "FILE.svg")]
    pub plot: Option<std::path::PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
#[value(rename_all = "UPPER")]
pub enum ProbeMethod {
    Get,
    Head,
}

impl From<ProbeMethod> for reqwest::Method {
    fn from(m: ProbeMethod) -> Self {
        match m {
            ProbeMethod::Get => reqwest::Method::GET,
            ProbeMethod::Head => reqwest::Method::HEAD,
        }
    }
}

/// One item of `--expect`: a state, or nothing for an empty item (`--expect ""`, `MISS,,HIT`),
/// which is ignored as it always was.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ExpectedState(pub Option<CacheState>);

impl ProbeArgs {
    /// The `--expect` sequence without its empty items.
    pub fn expected(&self) -> Vec<CacheState> {
        self.expect.iter().filter_map(|e| e.0).collect()
    }
}

/// The cache states as clap values, case-insensitive (`hit`, `HIT`): the one `CacheState` enum
/// of `http::cache_status`, with no copy of its names here.
impl ValueEnum for CacheState {
    fn value_variants<'a>() -> &'a [Self] {
        &CacheState::ALL
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        Some(PossibleValue::new(self.as_str()))
    }
}

fn state_names() -> String {
    CacheState::ALL.map(CacheState::as_str).join(", ")
}

fn parse_state(s: &str) -> Option<CacheState> {
    CacheState::from_str(s.trim(), true).ok()
}

pub(crate) fn parse_url(s: &str) -> Result<Url, String> {
    http_url(s).map_err(|e| match e {
        UrlError::Invalid { .. } => {
            format!("{e}; give a full URL such as https://example.com/blog")
        }
        UrlError::NotHttp { .. } => e.to_string(),
    })
}

fn parse_until(s: &str) -> Result<Until, String> {
    if s.eq_ignore_ascii_case("changed") {
        return Ok(Until::Changed);
    }
    parse_state(s)
        .map(Until::State)
        .ok_or_else(|| format!("not a cache state; use changed or one of {}", state_names()))
}

fn parse_expected(s: &str) -> Result<ExpectedState, String> {
    if s.trim().is_empty() {
        return Ok(ExpectedState(None));
    }
    parse_state(s)
        .map(|st| ExpectedState(Some(st)))
        .ok_or_else(|| format!("'{s}' is not a cache state; use {}", state_names()))
}

/// `Name: value`.
pub(crate) fn parse_header(h: &str) -> Result<(HeaderName, HeaderValue), String> {
    let (n, v) = h
        .split_once(':')
        .ok_or_else(|| "expected 'Name: value'".to_string())?;
    let name = HeaderName::from_bytes(n.trim().as_bytes())
        .map_err(|_| format!("'{}' is not a header name", n.trim()))?;
    let value = HeaderValue::from_str(v.trim())
        .map_err(|_| "the value is not a valid header value".to_string())?;
    Ok((name, value))
}

/// A header name (`--pop-header`).
fn parse_header_name(n: &str) -> Result<HeaderName, String> {
    HeaderName::from_bytes(n.trim().as_bytes())
        .map_err(|_| format!("'{}' is not a header name", n.trim()))
}

/// A header value (`--accept-encoding`).
pub(crate) fn parse_header_value(v: &str) -> Result<HeaderValue, String> {
    HeaderValue::from_str(v.trim()).map_err(|_| "not a valid header value".to_string())
}

/// `HOST:PORT:ADDR` (ADDR may be `[v6]`).
pub(crate) fn parse_resolve(r: &str) -> Result<(String, SocketAddr), String> {
    let bad = || "expected HOST:PORT:ADDR, for example example.com:443:203.0.113.7".to_string();
    let (host, rest) = r.split_once(':').ok_or_else(bad)?;
    let (port, addr) = rest.split_once(':').ok_or_else(bad)?;
    let port: u16 = port.parse().map_err(|_| bad())?;
    let ip: IpAddr = addr
        .trim_start_matches('[')
        .trim_end_matches(']')
        .parse()
        .map_err(|_| bad())?;
    if host.is_empty() {
        return Err(bad());
    }
    Ok((host.to_string(), SocketAddr::new(ip, port)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_parsed_at_the_edge() {
        assert_eq!(parse_until("changed"), Ok(Until::Changed));
        assert_eq!(parse_until(" stale"), Ok(Until::State(CacheState::Stale)));
        let e = parse_until("SOMETIMES").unwrap_err();
        assert!(e.contains("changed or one of HIT, STALE, MISS"), "{e}");
        assert_eq!(parse_expected(""), Ok(ExpectedState(None)));
        assert_eq!(
            parse_expected(" hit "),
            Ok(ExpectedState(Some(CacheState::Hit)))
        );
        assert!(parse_expected("NOPE").unwrap_err().contains("'NOPE'"));
        let (n, v) = parse_header("X-Debug:  1 ").unwrap();
        assert_eq!((n.as_str(), v.to_str().unwrap()), ("x-debug", "1"));
        assert!(parse_header("no colon").is_err());
        assert!(
            parse_header("bad name: x")
                .unwrap_err()
                .contains("'bad name'")
        );
        let (h, a) = parse_resolve("example.com:443:[::1]").unwrap();
        assert_eq!(
            (h.as_str(), a.to_string().as_str()),
            ("example.com", "[::1]:443")
        );
        assert!(parse_resolve("example.com:x:1.2.3.4").is_err());
        assert!(parse_resolve(":443:1.2.3.4").is_err());
        assert!(
            parse_url("not a url")
                .unwrap_err()
                .contains("is not a valid URL")
        );
        assert!(parse_url("ftp://e.com/").unwrap_err().contains("http(s)"));
    }
}
