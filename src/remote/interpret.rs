//! Read a provider's answer into one result per item: ok with a purge id or note, or why it failed.

use crate::providers::{
    ApiError, Ids, ItemResult, Kind, Outcome, Planned, cloudflare, error_message, fastly, nextjs,
};
use reqwest::header::HeaderMap;
use std::time::Duration;

/// What came back for one request after all its attempts.
#[derive(Debug, Clone)]
pub struct Answer {
    /// The last HTTP status, if any response arrived.
    pub status: Option<u16>,
    pub headers: HeaderMap,
    /// The response body (at most 64 KiB), already redacted.
    pub body: String,
    /// The network error of the last attempt when no response arrived (redacted).
    pub error: Option<String>,
    pub attempts: u32,
    pub elapsed: Duration,
}

/// Read the answer to `req` into one result per item.
pub fn interpret(req: &Planned, ans: &Answer) -> Vec<ItemResult> {
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
        let e = ApiError::Unreachable(ans.error.clone().unwrap_or_else(|| "no response".into()));
        return req
            .items
            .iter()
            .map(|i| ItemResult {
                error: Some(e.to_string()),
                outcome: e.outcome(),
                ..base(i)
            })
            .collect();
    };
    let json: Option<serde_json::Value> = serde_json::from_str(&ans.body).ok();
    let verdict: Result<Ids, ApiError> = if (200..300).contains(&status) {
        match req.kind {
            Kind::Cloudflare => cloudflare::read_ok(json.as_ref()),
            Kind::FastlyBulk => Ok(fastly::read_bulk(json.as_ref())),
            Kind::FastlySingle => Ok(Ids::One(fastly::read_single(json.as_ref()))),
            Kind::NextEndpoint => nextjs::read_endpoint(json.as_ref(), &ans.body),
            Kind::Bypass => nextjs::judge_bypass(&ans.headers),
            Kind::Vercel | Kind::Netlify | Kind::Http => Ok(Ids::One(None)),
        }
    } else if req.kind == Kind::Http && matches!(status, 404 | 412) {
        Ok(Ids::Note("was not cached".into()))
    } else {
        let mut msg = format!("HTTP {status}");
        if let Some(m) = error_message(json.as_ref(), &ans.body) {
            msg = format!("{msg}: {m}");
        }
        if (300..400).contains(&status)
            && let Some(l) = ans.headers.get("location").and_then(|v| v.to_str().ok())
        {
            msg = format!("{msg} (redirect to {l})");
        }
        let status = Some(status);
        Err(match status {
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
                    purge_id,
                    note,
                    ..base(i)
                }
            }
            Err(e) => ItemResult {
                error: Some(e.to_string()),
                outcome: e.outcome(),
                ..base(i)
            },
        })
        .collect()
}
