//! What `warm` will request: the URLs (from the command line, a file, stdin or a sitemap, checked
//! and deduplicated), one target per URL and `--resolve` address, and how (tries, interval,
//! concurrency, rate, the request itself).

use crate::http::target::http_url;
use crate::probe::RequestSpec;
use std::net::SocketAddr;
use std::time::Duration;
use url::Url;

/// A list of URLs that cannot be warmed as given.
#[derive(Debug, thiserror::Error)]
pub enum WarmError {
    /// A line of a URL list that is not an http(s) URL.
    #[error("{from}: '{line}' is not an http(s) URL")]
    NotAUrl { from: String, line: String },
    /// No URL from any source.
    #[error("no URL to warm")]
    NoUrls,
}

/// Requests per second, at most (`--rate 10/s`, `--rate 600/m`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rate {
    pub per_second: f64,
}

impl Rate {
    /// The shortest time between the starts of two requests.
    pub fn spacing(self) -> Duration {
        Duration::from_secs_f64(1.0 / self.per_second)
    }
}

/// One URL to warm, through one address (`--resolve`) or its host's own.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    pub url: Url,
    pub via: Option<SocketAddr>,
}

/// Everything the run needs; built by the command from flags.
#[derive(Debug, Clone)]
pub struct Plan {
    pub targets: Vec<Target>,
    /// The `--resolve` mappings, for the per-address clients.
    pub resolve: Vec<(String, SocketAddr)>,
    /// Requests per target at most (the first included).
    pub tries: u32,
    /// Time between two tries of one target (at least).
    pub interval: Duration,
    /// Requests in flight at once, at most.
    pub concurrency: usize,
    pub rate: Option<Rate>,
    pub request: RequestSpec,
}

/// The http(s) URLs of a list's lines (already trimmed, without blanks and comments); `from`
/// names the list in errors (`urls.txt`, `stdin`, `sitemap …`).
pub fn urls_of(lines: &[String], from: &str) -> Result<Vec<Url>, WarmError> {
    lines
        .iter()
        .map(|l| {
            http_url(l).map_err(|_| WarmError::NotAUrl {
                from: from.to_string(),
                line: crate::human::escape(l).into_owned(),
            })
        })
        .collect()
}

/// The URLs without repeats, first occurrence kept.
pub fn dedup(urls: &mut Vec<Url>) {
    let mut seen = std::collections::HashSet::new();
    urls.retain(|u| seen.insert(u.clone()));
}

/// One target per URL and address: a URL whose host and port have `--resolve` addresses is
/// warmed once through each, address after address (in the order given); the others through
/// their own host. The targets without an address come first.
pub fn targets(urls: &[Url], resolve: &[(String, SocketAddr)]) -> Vec<Target> {
    let matches = |u: &Url, host: &str, addr: &SocketAddr| {
        u.host_str().is_some_and(|h| h.eq_ignore_ascii_case(host))
            && u.port_or_known_default() == Some(addr.port())
    };
    let mut out: Vec<Target> = urls
        .iter()
        .filter(|u| !resolve.iter().any(|(h, a)| matches(u, h, a)))
        .map(|u| Target {
            url: u.clone(),
            via: None,
        })
        .collect();
    for addr in addresses(resolve) {
        for u in urls {
            if resolve.iter().any(|(h, a)| *a == addr && matches(u, h, a)) {
                out.push(Target {
                    url: u.clone(),
                    via: Some(addr),
                });
            }
        }
    }
    out
}

/// The distinct addresses of the `--resolve` mappings, in the order given.
pub fn addresses(resolve: &[(String, SocketAddr)]) -> Vec<SocketAddr> {
    let mut out: Vec<SocketAddr> = Vec::new();
    for (_, a) in resolve {
        if !out.contains(a) {
            out.push(*a);
        }
    }
    out
}

/// The mappings to one address: what its client resolves.
pub fn mappings_to(
    resolve: &[(String, SocketAddr)],
    addr: SocketAddr,
) -> Vec<(String, SocketAddr)> {
    resolve
        .iter()
        .filter(|(_, a)| *a == addr)
        .cloned()
        .collect()
}

/// The first mapping of each host: how the sitemap is read when hosts are resolved (as curl
/// takes the first `--resolve` of a host).
pub fn first_mappings(resolve: &[(String, SocketAddr)]) -> Vec<(String, SocketAddr)> {
    let mut out: Vec<(String, SocketAddr)> = Vec::new();
    for (h, a) in resolve {
        if !out
            .iter()
            .any(|(oh, oa)| oh.eq_ignore_ascii_case(h) && oa.port() == a.port())
        {
            out.push((h.clone(), *a));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn u(s: &str) -> Url {
        Url::parse(s).unwrap()
    }

    #[test]
    fn one_target_per_address_address_after_address() {
        let urls = [
            u("https://site.test/a"),
            u("https://site.test/b"),
            u("https://other.test/c"),
            u("http://site.test/d"),
        ];
        let a1: SocketAddr = "10.0.0.1:443".parse().unwrap();
        let a2: SocketAddr = "10.0.0.2:443".parse().unwrap();
        let resolve = vec![("site.test".to_string(), a1), ("SITE.test".to_string(), a2)];
        let t = targets(&urls, &resolve);
        let got: Vec<(String, Option<SocketAddr>)> = t
            .iter()
            .map(|t| (t.url.path().to_string(), t.via))
            .collect();
        assert_eq!(
            got,
            [
                ("/c".to_string(), None),
                ("/d".to_string(), None),
                ("/a".to_string(), Some(a1)),
                ("/b".to_string(), Some(a1)),
                ("/a".to_string(), Some(a2)),
                ("/b".to_string(), Some(a2)),
            ]
        );
        assert_eq!(addresses(&resolve), [a1, a2]);
        assert_eq!(first_mappings(&resolve), [("site.test".to_string(), a1)]);
        assert_eq!(mappings_to(&resolve, a2).len(), 1);
    }

    #[test]
    fn lists_are_checked_and_deduplicated() {
        let lines = vec!["https://e.test/a".to_string(), "/relative".to_string()];
        let e = urls_of(&lines, "urls.txt").unwrap_err();
        assert_eq!(e.to_string(), "urls.txt: '/relative' is not an http(s) URL");
        let mut v = urls_of(&lines[..1], "x").unwrap();
        v.push(v[0].clone());
        dedup(&mut v);
        assert_eq!(v.len(), 1);
        assert!(Rate { per_second: 4.0 }.spacing() == Duration::from_millis(250));
    }
}
