//! What the probe's human output shares: coloured state names, the short detail of a sample, and
//! URLs shortened to their path when all of them share one origin.

use crate::http::cache_status::CacheState;
use crate::probe::Sample;
use colored::Colorize;
use url::Url;

/// A state name, coloured by what it means when `color` is on.
pub fn paint(s: CacheState, color: bool) -> String {
    let t = s.as_str();
    if !color {
        return t.to_string();
    }
    match s {
        CacheState::Hit => t.green().to_string(),
        CacheState::Stale | CacheState::Updating => t.yellow().to_string(),
        CacheState::Miss | CacheState::Expired => t.cyan().to_string(),
        CacheState::Revalidated => t.blue().to_string(),
        CacheState::Error => t.red().bold().to_string(),
        _ => t.normal().to_string(),
    }
}

/// The detail of a live line: `(v1, age 61s)` (`HTTP 404` first when the status is not 200,
/// `HTTP 301 → URL` for a redirect not followed, `after 2 redirects` with -L), or
/// the error reason. The freshness window is left out on purpose: it is computed from the
/// origin's headers (and, without `Age`, an estimated age), so next to the cache's own verdict it
/// reads as a contradiction (`HIT → STALE (v1, fresh for at most 3s)`). It stays in the JSON
/// samples and in `--once`.
pub fn detail(s: &Sample) -> String {
    if let Some(e) = &s.error {
        return e.clone();
    }
    let mut parts = Vec::new();
    if let Some(st) = s.status.filter(|c| *c != 200) {
        match &s.location {
            Some(to) => parts.push(format!("HTTP {st} → {to}")),
            None => parts.push(format!("HTTP {st}")),
        }
    }
    if !s.redirects.is_empty() {
        parts.push(format!(
            "after {}",
            crate::human::count(s.redirects.len() as u64, "redirect")
        ));
    }
    if let Some(v) = &s.version {
        parts.push(v.clone());
    }
    if let Some(a) = s.age {
        parts.push(format!("age {}", crate::human::whole_seconds(a)));
    }
    if let Some(p) = &s.pop {
        parts.push(format!("at {}", p.pop));
    }
    if parts.is_empty() {
        return String::new();
    }
    format!("({})", parts.join(", "))
}

/// A measured time for people: `0.3ms` below 10 ms, `12ms` below a second, then as
/// `human::seconds` (`1.2s`), so request phases read in one unit.
pub fn elapsed(x: f64) -> String {
    if x < 0.01 {
        format!("{:.1}ms", x * 1000.0)
    } else {
        crate::human::seconds(x)
    }
}

/// URL names for people: `scheme://host` is stripped when every URL shares it.
#[derive(Debug, Clone, Default)]
pub struct Names {
    prefix: Option<String>,
}

impl Names {
    pub fn new(urls: &[Url]) -> Self {
        let origins: Vec<String> = urls
            .iter()
            .map(|u| u.origin().ascii_serialization())
            .collect();
        let prefix = match origins.first() {
            // An opaque origin ("null") is never shared.
            Some(o) if o != "null" && origins.iter().all(|x| x == o) => Some(o.clone()),
            _ => None,
        };
        Names { prefix }
    }

    /// The name of `url`: its path (and query) when the origin is shared, else all of it.
    pub fn name<'u>(&self, url: &'u str) -> &'u str {
        match &self.prefix {
            Some(p) => url
                .strip_prefix(p.as_str())
                .filter(|r| !r.is_empty())
                .unwrap_or(url),
            None => url,
        }
    }
}
