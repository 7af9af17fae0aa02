//! RFC 9111 + RFC 5861 freshness for a shared (CDN) cache: lifetime, age and the window left.
//!
//! Pure: headers in, a `Freshness` out; no IO, no clock (the caller passes "now" only through the
//! response's own `Date`). Targeted fields (RFC 9213: `Vercel-/Cloudflare-/Netlify-CDN-Cache-Control`,
//! `CDN-Cache-Control`, `Surrogate-Control`) take precedence over `Cache-Control` for the CDN layer.

use reqwest::header::HeaderMap;
use serde::Serialize;

/// The Cache-Control directives that matter to a shared cache.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct Directives {
    pub s_maxage: Option<u64>,
    pub max_age: Option<u64>,
    pub stale_while_revalidate: Option<u64>,
    /// `stale-while-revalidate` without a value (ignored by RFC 5861 caches).
    pub swr_without_value: bool,
    pub stale_if_error: Option<u64>,
    pub no_store: bool,
    /// Unqualified `no-cache`.
    pub no_cache: bool,
    /// Unqualified `private`.
    pub private: bool,
    pub public: bool,
    pub must_revalidate: bool,
    pub proxy_revalidate: bool,
    pub immutable: bool,
}

/// RFC 9111: delta-seconds beyond 2^31 are treated as 2^31.
const DELTA_MAX: u64 = 2_147_483_648;

impl Directives {
    /// Parse a Cache-Control-style value (legacy list syntax; tolerant of junk and empty members).
    /// Duplicate directives: the first wins.
    pub fn parse(v: &str) -> Directives {
        let mut d = Directives::default();
        for part in v.split(',') {
            let part = part.trim();
            if part.is_empty() {
                continue;
            }
            let (name, val) = match part.split_once('=') {
                Some((n, v)) => (
                    n.trim().to_ascii_lowercase(),
                    Some(v.trim().trim_matches('"')),
                ),
                None => (part.to_ascii_lowercase(), None),
            };
            let secs = val
                .and_then(|v| v.parse::<u64>().ok())
                .map(|s| s.min(DELTA_MAX));
            match name.as_str() {
                "s-maxage" => d.s_maxage = d.s_maxage.or(secs),
                "max-age" => d.max_age = d.max_age.or(secs),
                "stale-while-revalidate" => match secs {
                    Some(s) => {
                        d.stale_while_revalidate = d.stale_while_revalidate.or(Some(s));
                    }
                    None => d.swr_without_value = true,
                },
                "stale-if-error" => d.stale_if_error = d.stale_if_error.or(secs),
                "no-store" => d.no_store = true,
                "no-cache" if val.is_none() => d.no_cache = true,
                "private" if val.is_none() => d.private = true,
                "public" => d.public = true,
                "must-revalidate" => d.must_revalidate = true,
                "proxy-revalidate" => d.proxy_revalidate = true,
                "immutable" => d.immutable = true,
                _ => {}
            }
        }
        d
    }
}

/// Where the age came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum AgeSource {
    /// The `Age` header.
    Header,
    /// Estimated by the prober (e.g. time since this content version first appeared): a lower bound.
    Estimated,
    /// Not known (no `Age`; Next.js never sends one).
    None,
}

/// The freshness window a response is in, from a shared cache's point of view.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(tag = "window", rename_all = "kebab-case")]
pub enum Window {
    /// A shared cache must not store it (`no-store`, `private`).
    Uncacheable {
        reason: String,
    },
    /// Stored but must be validated on every use (`no-cache`).
    NoCache,
    Fresh {
        remaining: u64,
    },
    StaleWhileRevalidate {
        remaining: u64,
    },
    StaleIfError {
        remaining: u64,
    },
    /// Stale and no stale window applies: must revalidate (`over` seconds past expiry).
    MustRevalidate {
        over: u64,
    },
    /// Lifetime known but age unknown: fresh for at most `lifetime` seconds.
    AgeUnknown {
        lifetime: u64,
    },
    /// No explicit freshness information.
    NoExplicitFreshness,
}

/// Freshness analysis of one response.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct Freshness {
    /// The header the CDN policy came from (`cache-control`, `cdn-cache-control`, ...), if any.
    pub policy_header: Option<String>,
    pub directives: Directives,
    /// Freshness lifetime in seconds and what it came from (`s-maxage`, `max-age`, `expires`).
    pub lifetime: Option<u64>,
    pub lifetime_from: Option<&'static str>,
    pub age: Option<u64>,
    pub age_source: AgeSource,
    #[serde(flatten)]
    pub window: Window,
}

/// Targeted fields, most specific first (RFC 9213 and vendor docs).
pub const TARGETED: &[&str] = &[
    "vercel-cdn-cache-control",
    "cloudflare-cdn-cache-control",
    "netlify-cdn-cache-control",
    "cdn-cache-control",
    "surrogate-control",
];

/// The policy a CDN would use: the most specific targeted field present, else Cache-Control.
pub fn cdn_policy(h: &HeaderMap) -> Option<(String, Directives)> {
    for name in TARGETED.iter().copied().chain(["cache-control"]) {
        if let Some(v) = crate::http::header_joined(h, name) {
            return Some((name.to_string(), Directives::parse(&v)));
        }
    }
    None
}

/// Analyse a response. `estimated_age` is used when there is no `Age` header.
pub fn analyze(h: &HeaderMap, estimated_age: Option<u64>) -> Freshness {
    let (policy_header, d) = match cdn_policy(h) {
        Some((n, d)) => (Some(n), d),
        None => (None, Directives::default()),
    };
    let targeted = policy_header
        .as_deref()
        .is_some_and(|n| n != "cache-control");
    let header_age = crate::http::header_joined(h, "age").and_then(|a| {
        a.split(',')
            .next()
            .and_then(|x| x.trim().parse::<u64>().ok())
    });
    let (age, age_source) = match (header_age, estimated_age) {
        (Some(a), _) => (Some(a), AgeSource::Header),
        (None, Some(e)) => (Some(e), AgeSource::Estimated),
        (None, None) => (None, AgeSource::None),
    };
    let (lifetime, lifetime_from) = if let Some(s) = d.s_maxage {
        (Some(s), Some("s-maxage"))
    } else if let Some(m) = d.max_age {
        (Some(m), Some("max-age"))
    } else if !targeted && let Some(e) = crate::http::header_joined(h, "expires") {
        let date = crate::http::header_joined(h, "date").and_then(|x| parse_http_date(&x));
        match (parse_http_date(&e), date) {
            (Some(exp), Some(date)) => (Some(exp.saturating_sub(date)), Some("expires")),
            // An invalid Expires (`0`, `-1`) means already expired.
            (None, _) => (Some(0), Some("expires")),
            (Some(_), None) => (None, None),
        }
    } else {
        (None, None)
    };
    let window = if d.no_store {
        Window::Uncacheable {
            reason: "no-store".into(),
        }
    } else if d.private {
        Window::Uncacheable {
            reason: "private".into(),
        }
    } else if d.no_cache {
        Window::NoCache
    } else {
        match (lifetime, age) {
            (None, _) => Window::NoExplicitFreshness,
            (Some(l), None) => Window::AgeUnknown { lifetime: l },
            (Some(l), Some(a)) if a < l => Window::Fresh { remaining: l - a },
            (Some(l), Some(a)) => {
                let over = a - l;
                let forbid = d.must_revalidate || d.proxy_revalidate;
                match (d.stale_while_revalidate, d.stale_if_error) {
                    (Some(s), _) if !forbid && over < s => Window::StaleWhileRevalidate {
                        remaining: s - over,
                    },
                    (_, Some(e)) if !forbid && over < e => Window::StaleIfError {
                        remaining: e - over,
                    },
                    _ => Window::MustRevalidate { over },
                }
            }
        }
    };
    Freshness {
        policy_header,
        directives: d,
        lifetime,
        lifetime_from,
        age,
        age_source,
        window,
    }
}

impl Freshness {
    /// A short phrase for people: "fresh for 12s", "in stale-while-revalidate for 48s more".
    pub fn describe(&self) -> String {
        let est = if self.age_source == AgeSource::Estimated {
            " (age estimated from observed data)"
        } else {
            ""
        };
        match &self.window {
            Window::Uncacheable { reason } => format!("not stored by shared caches ({reason})"),
            Window::NoCache => "stored, but must revalidate on every use (no-cache)".into(),
            Window::Fresh { remaining } => format!("fresh for {remaining}s{est}"),
            Window::StaleWhileRevalidate { remaining } => {
                format!("in stale-while-revalidate for {remaining}s more{est}")
            }
            Window::StaleIfError { remaining } => {
                format!("stale; usable on origin errors for {remaining}s more{est}")
            }
            Window::MustRevalidate { over } => {
                format!("must revalidate (stale by {over}s){est}")
            }
            Window::AgeUnknown { lifetime } => {
                format!("fresh for at most {lifetime}s (no Age header, current age unknown)")
            }
            Window::NoExplicitFreshness => "no explicit freshness (heuristic only)".into(),
        }
    }

    /// s-maxage/max-age + stale-while-revalidate: the oldest a copy may legitimately be served.
    pub fn max_servable_age(&self) -> Option<u64> {
        let l = self.lifetime?;
        Some(l.saturating_add(self.directives.stale_while_revalidate.unwrap_or(0)))
    }
}

/// Parse an HTTP date into seconds since the Unix epoch. All three forms RFC 9110 (section
/// 5.6.7) requires recipients to accept are read, by the `httpdate` crate: IMF-fixdate
/// (`Sun, 06 Nov 1994 08:49:37 GMT`), RFC 850 (`Sunday, 06-Nov-94 08:49:37 GMT`) and asctime
/// (`Sun Nov  6 08:49:37 1994`).
pub fn parse_http_date(s: &str) -> Option<u64> {
    let t = httpdate::parse_http_date(s.trim()).ok()?;
    t.duration_since(std::time::UNIX_EPOCH)
        .ok()
        .map(|d| d.as_secs())
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::{HeaderName, HeaderValue};

    fn hm(pairs: &[(&str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.append(
                HeaderName::from_bytes(k.as_bytes()).unwrap(),
                HeaderValue::from_str(v).unwrap(),
            );
        }
        h
    }

    #[test]
    fn parses_directives() {
        let d = Directives::parse("s-maxage=10, stale-while-revalidate=31535990, max-age=5");
        assert_eq!(d.s_maxage, Some(10));
        assert_eq!(d.max_age, Some(5));
        assert_eq!(d.stale_while_revalidate, Some(31_535_990));
        let d = Directives::parse("private, no-cache, no-store, max-age=0, must-revalidate");
        assert!(d.private && d.no_cache && d.no_store && d.must_revalidate);
        let d = Directives::parse("s-maxage=31536000, ");
        assert_eq!(d.s_maxage, Some(31_536_000));
        let d = Directives::parse("s-maxage=60, stale-while-revalidate");
        assert!(d.swr_without_value && d.stale_while_revalidate.is_none());
        let d = Directives::parse("max-age=99999999999, max-age=3");
        assert_eq!(d.max_age, Some(DELTA_MAX));
        let d = Directives::parse("no-cache=\"set-cookie\", private=\"x\"");
        assert!(!d.no_cache && !d.private);
    }

    #[test]
    fn windows() {
        let f = analyze(
            &hm(&[
                ("cache-control", "s-maxage=60, stale-while-revalidate=60"),
                ("age", "48"),
            ]),
            None,
        );
        assert_eq!(f.window, Window::Fresh { remaining: 12 });
        assert_eq!(f.describe(), "fresh for 12s");
        let f = analyze(
            &hm(&[
                ("cache-control", "s-maxage=60, stale-while-revalidate=60"),
                ("age", "72"),
            ]),
            None,
        );
        assert_eq!(f.window, Window::StaleWhileRevalidate { remaining: 48 });
        assert_eq!(f.describe(), "in stale-while-revalidate for 48s more");
        let f = analyze(
            &hm(&[
                (
                    "cache-control",
                    "max-age=60, must-revalidate, stale-while-revalidate=60",
                ),
                ("age", "72"),
            ]),
            None,
        );
        assert_eq!(f.window, Window::MustRevalidate { over: 12 });
        let f = analyze(
            &hm(&[
                ("cache-control", "max-age=10, stale-if-error=100"),
                ("age", "30"),
            ]),
            None,
        );
        assert_eq!(f.window, Window::StaleIfError { remaining: 80 });
        assert_eq!(f.max_servable_age(), Some(10));
    }

    #[test]
    fn uncacheable_and_no_cache() {
        let f = analyze(&hm(&[("cache-control", "private, max-age=60")]), None);
        assert!(matches!(f.window, Window::Uncacheable { .. }));
        let f = analyze(&hm(&[("cache-control", "no-store")]), None);
        assert_eq!(f.describe(), "not stored by shared caches (no-store)");
        let f = analyze(&hm(&[("cache-control", "no-cache, max-age=60")]), None);
        assert_eq!(f.window, Window::NoCache);
        let f = analyze(&hm(&[]), None);
        assert_eq!(f.window, Window::NoExplicitFreshness);
    }

    #[test]
    fn nextjs_has_no_age_so_estimate_or_say_unknown() {
        let h = hm(&[(
            "cache-control",
            "s-maxage=10, stale-while-revalidate=31535990",
        )]);
        let f = analyze(&h, None);
        assert_eq!(f.window, Window::AgeUnknown { lifetime: 10 });
        assert!(f.describe().contains("no Age header"));
        let f = analyze(&h, Some(4));
        assert_eq!(f.age_source, AgeSource::Estimated);
        assert_eq!(f.window, Window::Fresh { remaining: 6 });
        assert!(f.describe().contains("estimated"));
    }

    #[test]
    fn targeted_fields_win() {
        let h = hm(&[
            ("cache-control", "public, max-age=0, must-revalidate"),
            ("cdn-cache-control", "max-age=300"),
            (
                "cloudflare-cdn-cache-control",
                "max-age=60, stale-while-revalidate=30",
            ),
            ("age", "70"),
        ]);
        let f = analyze(&h, None);
        assert_eq!(
            f.policy_header.as_deref(),
            Some("cloudflare-cdn-cache-control")
        );
        assert_eq!(f.window, Window::StaleWhileRevalidate { remaining: 20 });
        let h = hm(&[
            ("cache-control", "max-age=0"),
            ("surrogate-control", "max-age=600"),
        ]);
        assert_eq!(analyze(&h, None).lifetime, Some(600));
        let h = hm(&[
            ("cache-control", "max-age=0"),
            ("vercel-cdn-cache-control", "s-maxage=5"),
            ("cdn-cache-control", "s-maxage=9"),
        ]);
        assert_eq!(analyze(&h, None).lifetime, Some(5));
    }

    #[test]
    fn expires_minus_date() {
        let h = hm(&[
            ("date", "Mon, 23 Nov 2026 10:11:56 GMT"),
            ("expires", "Mon, 23 Nov 2026 10:12:56 GMT"),
            ("age", "10"),
        ]);
        let f = analyze(&h, None);
        assert_eq!((f.lifetime, f.lifetime_from), (Some(60), Some("expires")));
        assert_eq!(f.window, Window::Fresh { remaining: 50 });
        let f = analyze(&hm(&[("expires", "0")]), None);
        assert_eq!(f.lifetime, Some(0));
        assert_eq!(
            parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT"),
            Some(784_111_777)
        );
        assert_eq!(parse_http_date("garbage"), None);
        assert_eq!(parse_http_date("Sun, 99 Nov 1994 08:49:37 GMT"), None);
    }

    #[test]
    fn http_dates_in_all_three_rfc9110_forms() {
        for form in [
            "Sun, 06 Nov 1994 08:49:37 GMT",  // IMF-fixdate
            "Sunday, 06-Nov-94 08:49:37 GMT", // RFC 850
            "Sun Nov  6 08:49:37 1994",       // asctime
        ] {
            assert_eq!(parse_http_date(form), Some(784_111_777), "{form}");
        }
        // Expires minus Date works whichever form each header uses.
        let h = hm(&[
            ("date", "Sunday, 06-Nov-94 08:49:37 GMT"),
            ("expires", "Sun Nov  6 08:50:37 1994"),
        ]);
        let f = analyze(&h, None);
        assert_eq!((f.lifetime, f.lifetime_from), (Some(60), Some("expires")));
    }
}
