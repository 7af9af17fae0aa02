//! clap types for `isrctl warm`. No logic beyond value parsing: URLs, headers, `--resolve` and
//! `--rate` arrive in the command already typed.

use super::probe::{parse_header, parse_header_value, parse_resolve, parse_url};
use crate::duration::parse_duration;
use crate::warm::Rate;
use clap::Args;
use reqwest::header::{HeaderName, HeaderValue};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;
use url::Url;

pub const WARM_EXAMPLES: &str = "\
Examples:
  isrctl warm --sitemap https://example.com/sitemap.xml
  isrctl warm --from-file urls.txt --tries 5 --interval 2s
  grep /blog/ urls.txt | isrctl warm --from-file -      URLs on stdin
  isrctl warm --sitemap URL --concurrency 4 --rate 10/s
  isrctl warm https://example.com/ --resolve example.com:443:203.0.113.7 \\
      --resolve example.com:443:203.0.113.8            one POP, then the other";

#[derive(Debug, Args)]
pub struct WarmArgs {
    /// URLs to warm (http or https)
    #[arg(value_name = "URL", value_parser = parse_url)]
    pub urls: Vec<Url>,

    /// Warm the URLs of this sitemap.xml (sitemap indexes are followed)
    #[arg(long, value_name = "URL", value_parser = parse_url)]
    pub sitemap: Option<Url>,

    /// Warm the URLs in this file, one per line (blank lines and # comments skipped); - reads
    /// stdin
    #[arg(long, value_name = "FILE")]
    pub from_file: Option<PathBuf>,

    /// Requests per URL at most: it is requested again until its cache answers HIT
    #[arg(long, value_name = "N", default_value_t = 3,
          value_parser = clap::value_parser!(u32).range(1..=100))]
    pub tries: u32,

    /// Time between two tries of one URL (at least)
    #[arg(long, value_name = "DUR", default_value = "1s", value_parser = parse_duration)]
    pub interval: Duration,

    /// At most this many requests in flight at once
    #[arg(long, value_name = "N", default_value_t = 8,
          value_parser = clap::value_parser!(u32).range(1..=256))]
    pub concurrency: u32,

    /// At most this many requests per second, e.g. 10, 10/s or 300/m [default: no limit]
    #[arg(long, value_name = "N/s", value_parser = parse_rate)]
    pub rate: Option<Rate>,

    /// Per-request timeout (connect, headers and the whole body)
    #[arg(long, value_name = "DUR", default_value = "30s", value_parser = parse_duration)]
    pub timeout: Duration,

    /// Extra request header (repeatable); credentials in it are never printed
    #[arg(short = 'H', long = "header", value_name = "Name: value", value_parser = parse_header)]
    pub headers: Vec<(HeaderName, HeaderValue)>,

    /// Accept-Encoding to send, as a browser does by default: caches keep one copy per encoding,
    /// and this is the one warmed
    #[arg(long, value_name = "VALUE", default_value = crate::probe::body::BROWSER_ACCEPT_ENCODING,
          value_parser = parse_header_value)]
    pub accept_encoding: HeaderValue,

    /// Send HOST:PORT to ADDR instead of resolving it (like curl). Repeat it for one host to warm
    /// each POP or instance behind it in turn, each reported on its own
    #[arg(long, value_name = "HOST:PORT:ADDR", value_parser = parse_resolve)]
    pub resolve: Vec<(String, SocketAddr)>,

    /// Accept invalid TLS certificates
    #[arg(short = 'k', long)]
    pub insecure: bool,
}

/// `10`, `10/s`, `300/m`, `0.5/s`: requests per second, more than zero.
pub(crate) fn parse_rate(s: &str) -> Result<Rate, String> {
    let bad = || format!("'{s}' is not a rate; use e.g. 10, 10/s or 300/m");
    let t = s.trim();
    let (n, per) = match t.split_once('/') {
        Some((n, unit)) => {
            let per = match unit.trim() {
                "s" | "sec" | "second" => 1.0,
                "m" | "min" | "minute" => 60.0,
                _ => return Err(bad()),
            };
            (n.trim(), per)
        }
        None => (t, 1.0),
    };
    let n: f64 = n.parse().map_err(|_| bad())?;
    if !n.is_finite() || n <= 0.0 {
        return Err(format!("'{s}': the rate must be more than zero"));
    }
    if n / per > 10_000.0 {
        return Err(format!("'{s}': at most 10000 requests per second"));
    }
    Ok(Rate {
        per_second: n / per,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_are_parsed_at_the_edge() {
        assert_eq!(parse_rate("10").unwrap().per_second, 10.0);
        assert_eq!(parse_rate(" 4/s ").unwrap().per_second, 4.0);
        assert_eq!(parse_rate("300/m").unwrap().per_second, 5.0);
        assert!(parse_rate("0").unwrap_err().contains("more than zero"));
        assert!(parse_rate("-1/s").unwrap_err().contains("more than zero"));
        assert!(parse_rate("fast").unwrap_err().contains("not a rate"));
        assert!(parse_rate("10/h").unwrap_err().contains("not a rate"));
        assert!(parse_rate("NaN").is_err());
        assert!(parse_rate("1e9").unwrap_err().contains("at most"));
    }
}
