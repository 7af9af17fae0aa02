//! Read a provider's answer into one result per item: ok with a purge id or note, or why it failed.
//!
//! Everything here comes from a remote and is shown to the user, so it arrives redacted
//! (`Answer` holds only `Redacted` text) and every message made from it is redacted again on the
//! way out (a JSON parser decodes escapes the raw text had).

use crate::http::request::{Headers, Redacted, Redactor};
use crate::providers::{
    ApiError, Ids, ItemResult, Kind, Outcome, Planned, akamai, cloudflare, cloudfront,
    error_message, fastly, nextjs,
};
use std::time::Duration;

/// What came back for one request after all its attempts.
#[derive(Debug, Clone)]
pub struct Answer {
    /// The last HTTP status, if any response arrived.
    pub status: Option<u16>,
    pub headers: Headers,
    /// The response body (at most 64 KiB).
    pub body: Redacted,
    /// The network error of the last attempt when no response arrived.
    pub error: Option<Redacted>,
    pub attempts: u32,
    pub elapsed: Duration,
}

/// Read the answer to `req` into one result per item.
pub fn interpret(req: &Planned, ans: &Answer, redactor: &Redactor) -> Vec<ItemResult> {
    let clean = |s: Option<String>| s.map(|s| redactor.redact(&s));
    let base = |item: &str| ItemResult {
        item: item.to_string(),
        batch: req.batch,
        ok: false,
        status: ans.status,
        purge_id: None,
        error: None,
        note: None,
        attempts: ans.attempts,
        sent: true,
        outcome: Outcome::Done,
    };
    let Some(status) = ans.status else {
        let e = ApiError::Unreachable(
            ans.error
                .as_ref()
                .map_or_else(|| "no response".into(), |e| e.to_string()),
        );
        return req
            .items
            .iter()
            .map(|i| ItemResult {
                error: clean(Some(e.to_string())),
                outcome: e.outcome(),
                ..base(i)
            })
            .collect();
    };
    let body = ans.body.as_str();
    let json: Option<serde_json::Value> = serde_json::from_str(body).ok();
    let verdict: Result<Ids, ApiError> = if (200..300).contains(&status) {
        match req.kind {
            Kind::Cloudflare => cloudflare::read_ok(json.as_ref()),
            Kind::Akamai => akamai::read_ok(json.as_ref()),
            Kind::FastlyBulk => Ok(fastly::read_bulk(json.as_ref())),
            Kind::FastlySingle => Ok(Ids::One(fastly::read_single(json.as_ref()))),
            Kind::NextEndpoint => nextjs::read_endpoint(json.as_ref(), body),
            Kind::Bypass => nextjs::judge_bypass(&ans.headers),
            Kind::CloudFront => cloudfront::read_ok(body),
            Kind::Vercel | Kind::Netlify | Kind::Http => Ok(Ids::One(None)),
        }
    } else if req.kind == Kind::Http && matches!(status, 404 | 412) {
        Ok(Ids::Note("was not cached".into()))
    } else {
        let mut msg = format!("HTTP {status}");
        let specific = match req.kind {
            Kind::Akamai => akamai::problem(json.as_ref()),
            Kind::CloudFront => cloudfront::error_message(body),
            _ => None,
        };
        if let Some(m) = specific.or_else(|| error_message(json.as_ref(), body)) {
            msg = format!("{msg}: {m}");
        }
        if (300..400).contains(&status)
            && let Some(l) = ans.headers.get("location")
        {
            msg = format!("{msg} ({})", redirect(&req.url.shown(), l.as_str()));
        }
        if matches!(status, 405 | 501) {
            msg = format!(
                "{msg} (the server does not take {} here: it needs a rule that accepts it; not retried)",
                req.method
            );
        }
        let status = Some(status);
        // 501 is permanent (the method is not implemented), a refusal like a 4xx.
        Err(match status {
            Some(501) => ApiError::Rejected {
                status,
                message: msg,
            },
            Some(500..) => ApiError::Failed {
                status,
                message: msg,
            },
            _ => ApiError::Rejected {
                status,
                message: msg,
            },
        })
    };
    req.items
        .iter()
        .map(|i| match &verdict {
            Ok(ids) => {
                let (purge_id, note) = ids.for_item(i);
                ItemResult {
                    ok: true,
                    purge_id: clean(purge_id),
                    note: clean(note),
                    ..base(i)
                }
            }
            Err(e) => ItemResult {
                error: clean(Some(e.to_string())),
                outcome: e.outcome(),
                ..base(i)
            },
        })
        .collect()
}

/// Why a redirect was not followed, and where it points. Redirects are never followed: the
/// request may carry a secret (query, header or body), and another origin must not get it; a
/// same-origin one (a trailing slash) names the URL to use instead.
fn redirect(request_url: &str, location: &str) -> String {
    let Ok(from) = url::Url::parse(request_url) else {
        return format!("redirects to {location}; not followed");
    };
    match from.join(location) {
        Ok(to) if to.origin() == from.origin() => format!(
            "redirects to {to}; not followed: use that URL (e.g. with the trailing slash the app wants)"
        ),
        Ok(to) => {
            format!("redirects to another origin, {to}; not followed, so nothing was re-sent there")
        }
        Err(_) => format!("redirects to {location}; not followed"),
    }
}
