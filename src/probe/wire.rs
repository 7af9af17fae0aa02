//! What a sample records of the exchange besides the cache: where the time went (`Timing`), the
//! redirects followed (`Hop`), `Location`, and with `-i` the response head as received
//! (`RawHead`). Every header value kept here has been through the redactor (the values of the
//! user's own credentials, `-H` and URL passwords) and cookie values are masked.

use crate::http::timing::Phases;
use crate::secret::{MASK, Redactor};
use reqwest::header::HeaderMap;
use serde::Serialize;
use std::time::Duration;

/// Where one sample's time went, in seconds. `dns`, `connect` and `tls` are the durations of
/// those phases (absent when a pooled connection was reused, `tls` also for plain http),
/// `first_byte` the wait from sending the request to the response head, `total` the whole sample
/// with the body. With `-L` each is summed over the redirects followed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Timing {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dns: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub connect: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tls: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first_byte: Option<f64>,
    pub total: f64,
    /// The request went on a connection kept from an earlier one (no setup to time); only
    /// present when true.
    #[serde(skip_serializing_if = "std::ops::Not::not", default)]
    pub reused_connection: bool,
}

/// Seconds, to the tenth of a millisecond.
pub fn secs(d: Duration) -> f64 {
    (d.as_secs_f64() * 10_000.0).round() / 10_000.0
}

impl Timing {
    /// From the setup phases and the time to the response head (both summed over hops).
    pub fn new(p: Phases, to_head: Option<Duration>, total: Duration) -> Timing {
        let setup = p.dns + p.connect + p.tls.unwrap_or_default();
        Timing {
            dns: p.new_connection.then(|| secs(p.dns)),
            connect: p.new_connection.then(|| secs(p.connect)),
            tls: p.tls.filter(|_| p.new_connection).map(secs),
            first_byte: to_head.map(|h| secs(h.saturating_sub(setup))),
            total: secs(total),
            reused_connection: !p.new_connection && to_head.is_some(),
        }
    }
}

/// One redirect followed with `-L`.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Hop {
    pub url: String,
    pub status: u16,
    pub location: String,
    /// `-i`: its response head.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub head: Option<RawHead>,
}

/// A response head as received (`-i`): protocol, status and every header in order.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct RawHead {
    /// `HTTP/1.1`, `HTTP/2`.
    pub version: String,
    pub status: u16,
    /// (name, value) pairs, redacted.
    pub headers: Vec<(String, String)>,
}

impl RawHead {
    pub fn of(version: reqwest::Version, status: u16, h: &HeaderMap, r: &Redactor) -> RawHead {
        let headers = h
            .iter()
            .map(|(n, v)| {
                let v = String::from_utf8_lossy(v.as_bytes());
                (n.as_str().to_string(), shown_value(n.as_str(), &v, r))
            })
            .collect();
        RawHead {
            version: format!("{version:?}"),
            status,
            headers,
        }
    }

    /// The head as curl -i prints it: a status line, then `name: value` lines.
    pub fn lines(&self) -> Vec<String> {
        let reason = reqwest::StatusCode::from_u16(self.status)
            .ok()
            .and_then(|s| s.canonical_reason())
            .unwrap_or("");
        let mut out = vec![
            format!("{} {} {reason}", self.version, self.status)
                .trim_end()
                .to_string(),
        ];
        out.extend(self.headers.iter().map(|(n, v)| format!("{n}: {v}")));
        out
    }
}

/// A header value as the probe may show it: the user's secrets redacted and, for cookies the
/// server sets, the value masked (`sid=***; Path=/`), since a session id is a credential.
pub fn shown_value(name: &str, value: &str, r: &Redactor) -> String {
    let v = r.redact(value).into_string();
    if name.eq_ignore_ascii_case("set-cookie") {
        let (pair, attrs) = v
            .split_once(';')
            .map_or((v.as_str(), None), |(p, a)| (p, Some(a)));
        let name = pair.split_once('=').map_or(pair, |(n, _)| n).trim();
        return match attrs {
            Some(a) => format!("{name}={MASK};{a}"),
            None => format!("{name}={MASK}"),
        };
    }
    v
}

/// Request headers whose values are credentials (`Authorization`, `Cookie`, token, key and
/// secret headers, Next.js/Vercel bypass tokens): redacted wherever they come back (`-i`, `-vv`),
/// and not sent on to another origin by `-L` (as curl does without --location-trusted).
pub fn is_credential_header(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    matches!(
        n.as_str(),
        "cookie" | "x-prerender-revalidate" | "x-vercel-protection-bypass"
    ) || [
        "auth",
        "token",
        "secret",
        "api-key",
        "apikey",
        "password",
        "signature",
    ]
    .iter()
    .any(|w| n.contains(w))
}

/// The redactor for a probe: the values of credential headers and the URLs' passwords.
pub fn redactor<'a>(headers: &HeaderMap, passwords: impl IntoIterator<Item = &'a str>) -> Redactor {
    let mut r = Redactor::default();
    for (n, v) in headers {
        if is_credential_header(n.as_str()) {
            let v = String::from_utf8_lossy(v.as_bytes());
            // `Bearer xyz`: the token after the scheme too, in case it comes back alone.
            r.add_value(v.trim());
            if let Some((_, tok)) = v.trim().split_once(' ') {
                r.add_value(tok.trim());
            }
        }
    }
    for p in passwords {
        r.add_value(p);
    }
    r
}

/// The `Location` of a response, resolved against the request URL (as a browser would), with
/// the user's secrets redacted for showing. `None` when absent; the raw value when it does not
/// resolve (the caller does not follow it).
pub fn location(base: &str, h: &HeaderMap) -> Option<(Option<url::Url>, String)> {
    let raw = crate::http::header_joined(h, "location")?;
    let to = url::Url::parse(base)
        .ok()
        .and_then(|b| b.join(raw.trim()).ok())
        .filter(|u| matches!(u.scheme(), "http" | "https"));
    let shown = to.as_ref().map_or(raw.clone(), |u| u.to_string());
    Some((to, shown))
}

/// A status that `-L` follows when it has a `Location`.
pub fn is_redirect(status: u16) -> bool {
    matches!(status, 301 | 302 | 303 | 307 | 308)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credentials_and_cookies_are_not_shown() {
        let mut h = HeaderMap::new();
        h.insert(
            "authorization",
            "Bearer s3cr3t-t0ken-value".parse().unwrap(),
        );
        h.insert("x-debug", "on".parse().unwrap());
        let r = redactor(&h, ["hunter2-password"]);
        assert_eq!(
            shown_value("x-echo", "got s3cr3t-t0ken-value", &r),
            "got ***"
        );
        assert_eq!(
            shown_value("location", "https://u:hunter2-password@x/", &r),
            "https://u:***@x/"
        );
        assert_eq!(
            shown_value("set-cookie", "sid=abc123; Path=/; HttpOnly", &r),
            "sid=***; Path=/; HttpOnly"
        );
        assert_eq!(shown_value("set-cookie", "flag", &r), "flag=***");
        assert_eq!(shown_value("x-debug", "on", &r), "on");
        assert!(is_credential_header("X-Api-Key") && is_credential_header("Cookie"));
        assert!(!is_credential_header("accept-encoding"));
    }

    #[test]
    fn timing_of_a_reused_connection_has_no_setup() {
        let ms = Duration::from_millis;
        let fresh = Phases {
            dns: ms(2),
            connect: ms(3),
            tls: Some(ms(10)),
            new_connection: true,
        };
        let t = Timing::new(fresh, Some(ms(40)), ms(50));
        assert_eq!(
            (t.dns, t.connect, t.tls),
            (Some(0.002), Some(0.003), Some(0.01))
        );
        assert_eq!(t.first_byte, Some(0.025));
        assert!(!t.reused_connection);
        let t = Timing::new(Phases::default(), Some(ms(40)), ms(50));
        assert_eq!((t.dns, t.connect, t.tls), (None, None, None));
        assert_eq!(t.first_byte, Some(0.04));
        assert!(t.reused_connection);
        assert_eq!(t.total, 0.05);
    }

    #[test]
    fn locations_resolve_against_the_request() {
        let mut h = HeaderMap::new();
        h.insert("location", "/b?x=1".parse().unwrap());
        let (to, shown) = location("http://e.com/a/b", &h).unwrap();
        assert_eq!(to.unwrap().as_str(), "http://e.com/b?x=1");
        assert_eq!(shown, "http://e.com/b?x=1");
        h.insert("location", "ftp://e.com/".parse().unwrap());
        let (to, shown) = location("http://e.com/", &h).unwrap();
        assert!(to.is_none());
        assert_eq!(shown, "ftp://e.com/");
        assert!(location("http://e.com/", &HeaderMap::new()).is_none());
    }
}
