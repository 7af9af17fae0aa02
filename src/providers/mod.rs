//! Purge and revalidation targets: each module builds the exact requests for one provider and
//! reads its answers. Per-request caps live next to the provider that has them. No IO here.

pub mod cloudflare;
pub mod fastly;
pub mod http;
pub mod netlify;
pub mod nextjs;
pub mod request;
pub mod vercel;

use crate::error::{Error, Exit};
use crate::http::send::Answer;
use request::Planned;
use serde::Serialize;

/// How to read the answer to a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Vercel,
    Cloudflare,
    /// `{"status":"ok","id":".."}` (URL purge, purge all).
    FastlySingle,
    /// `{"key":"purge id", ...}`.
    FastlyBulk,
    Netlify,
    /// Varnish/nginx: 404 or 412 mean "was not cached", which is not a failure.
    Http,
    /// An app's revalidation route: 2xx, and not `{"revalidated":false}` / `{"ok":false}`.
    NextEndpoint,
    /// `x-prerender-revalidate`: judged by the cache header (see `nextjs::judge_bypass`).
    Bypass,
}

/// The outcome for one item (tag, URL, key, path).
#[derive(Debug, Clone, Serialize)]
pub struct ItemResult {
    pub item: String,
    pub batch: usize,
    pub ok: bool,
    pub status: Option<u16>,
    pub purge_id: Option<String>,
    pub error: Option<String>,
    /// A remark on success (e.g. "was not cached", the cache header seen).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    pub attempts: u32,
    #[serde(skip)]
    pub exit: Exit,
}

/// Split `items` into chunks of at most `cap`.
pub fn batches(items: &[String], cap: usize) -> Vec<Vec<String>> {
    items.chunks(cap.max(1)).map(<[String]>::to_vec).collect()
}

/// Number the requests 1..=n in order.
pub fn number(mut reqs: Vec<Planned>) -> Vec<Planned> {
    for (i, r) in reqs.iter_mut().enumerate() {
        r.batch = i + 1;
    }
    reqs
}

/// Check and normalise an API root given with `--base-url`.
pub fn base_url(given: Option<&str>, default: &str) -> Result<String, Error> {
    let b = given.unwrap_or(default).trim_end_matches('/');
    match reqwest::Url::parse(b) {
        Ok(u) if matches!(u.scheme(), "http" | "https") && u.host().is_some() => Ok(b.to_string()),
        _ => Err(Error::usage(format!(
            "'{b}' is not a valid base URL (expected http:// or https://HOST)"
        ))),
    }
}

/// Check that `s` is an absolute http(s) URL.
pub fn check_url(s: &str) -> Result<reqwest::Url, Error> {
    match reqwest::Url::parse(s) {
        Ok(u) if matches!(u.scheme(), "http" | "https") && u.host().is_some() => Ok(u),
        _ => Err(
            Error::usage(format!("'{s}' is not an absolute http(s) URL"))
                .with_hint("write the full URL, e.g. https://www.example.com/blog/post-1"),
        ),
    }
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
        exit: Exit::Success,
    };
    let Some(status) = ans.status else {
        let e = ans.error.clone().unwrap_or_else(|| "no response".into());
        return req
            .items
            .iter()
            .map(|i| ItemResult {
                error: Some(e.clone()),
                exit: Exit::Network,
                ..base(i)
            })
            .collect();
    };
    let json: Option<serde_json::Value> = serde_json::from_str(&ans.body).ok();
    let verdict: Result<Ids, (Exit, String)> = if (200..300).contains(&status) {
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
        let exit = if status >= 500 {
            Exit::RemoteFailed
        } else {
            Exit::Rejected
        };
        let mut msg = format!("HTTP {status}");
        if let Some(m) = error_message(json.as_ref(), &ans.body) {
            msg = format!("{msg}: {m}");
        }
        if (300..400).contains(&status)
            && let Some(l) = ans.headers.get("location").and_then(|v| v.to_str().ok())
        {
            msg = format!("{msg} (redirect to {l})");
        }
        Err((exit, msg))
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
            Err((exit, msg)) => ItemResult {
                error: Some(msg.clone()),
                exit: *exit,
                ..base(i)
            },
        })
        .collect()
}

/// Purge ids found in a successful answer.
#[derive(Debug)]
pub enum Ids {
    One(Option<String>),
    PerItem(serde_json::Map<String, serde_json::Value>),
    Note(String),
}

impl Ids {
    fn for_item(&self, item: &str) -> (Option<String>, Option<String>) {
        match self {
            Ids::One(id) => (id.clone(), None),
            Ids::PerItem(m) => (m.get(item).and_then(|v| v.as_str()).map(String::from), None),
            Ids::Note(n) => (None, Some(n.clone())),
        }
    }
}

/// The message from any provider's error shape, else the first line of the body.
pub fn error_message(json: Option<&serde_json::Value>, body: &str) -> Option<String> {
    if let Some(v) = json {
        if let Some(errs) = v.get("errors").and_then(|e| e.as_array()) {
            let parts: Vec<String> = errs
                .iter()
                .filter_map(|e| {
                    let m = e
                        .get("message")
                        .or_else(|| e.get("detail"))
                        .or_else(|| e.get("title"))?
                        .as_str()?;
                    Some(match e.get("code") {
                        Some(c) if !c.is_null() => format!(
                            "{m} (code {})",
                            c.as_str().map_or(c.to_string(), String::from)
                        ),
                        _ => m.to_string(),
                    })
                })
                .collect();
            if !parts.is_empty() {
                return Some(parts.join("; "));
            }
        }
        for p in ["/error/message", "/message", "/msg", "/error", "/detail"] {
            if let Some(s) = v.pointer(p).and_then(|m| m.as_str()) {
                let detail = v
                    .get("detail")
                    .and_then(|d| d.as_str())
                    .filter(|_| p == "/msg");
                return Some(match detail {
                    Some(d) => format!("{s}: {d}"),
                    None => s.to_string(),
                });
            }
        }
    }
    let line = body.lines().find(|l| !l.trim().is_empty())?.trim();
    let mut cut = line.len().min(200);
    while !line.is_char_boundary(cut) {
        cut -= 1;
    }
    Some(line[..cut].to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_shapes() {
        let cf = serde_json::json!({"success":false,"errors":[{"code":1012,"message":"bad"}]});
        assert_eq!(error_message(Some(&cf), "").unwrap(), "bad (code 1012)");
        let v = serde_json::json!({"error":{"code":"forbidden","message":"no access"}});
        assert_eq!(error_message(Some(&v), "").unwrap(), "no access");
        let f = serde_json::json!({"msg":"Bad key","detail":"unknown"});
        assert_eq!(error_message(Some(&f), "").unwrap(), "Bad key: unknown");
        assert_eq!(error_message(None, "\n oops \n").unwrap(), "oops");
    }

    #[test]
    fn batching() {
        let items: Vec<String> = (0..65).map(|i| i.to_string()).collect();
        let b = batches(&items, 30);
        assert_eq!(b.iter().map(Vec::len).collect::<Vec<_>>(), vec![30, 30, 5]);
        assert_eq!(b.concat(), items);
    }
}
