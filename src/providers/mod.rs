//! Purge and revalidation targets: each module builds the exact requests for one provider, says
//! which items and options it accepts, and reads its answers. Per-request caps live next to the
//! provider that has them. No IO here.

pub mod akamai;
mod catalog;
pub mod cloudflare;
pub mod cloudfront;
pub mod edgegrid;
pub mod fastly;
pub mod http;
pub mod netlify;
pub mod nextjs;
pub mod signing;
pub mod sigv4;
pub mod vercel;

pub use catalog::{Accepts, ItemKind, Opt, Provider};

use crate::http::request::{Redacted, Text};
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
    /// CloudFront: XML answers (`Invalidation`, `ErrorResponse`).
    CloudFront,
    /// Varnish/nginx: 404 or 412 mean "was not cached", which is not a failure.
    Http,
    /// An app's revalidation route: 2xx, and not `{"revalidated":false}` / `{"ok":false}`.
    NextEndpoint,
    /// `x-prerender-revalidate`: judged by the cache header (see `nextjs::judge_bypass`).
    Bypass,
    /// Akamai Fast Purge: 201 with a purge id; errors are problem documents.
    Akamai,
}

/// One HTTP request to send (or to print in a dry run), and which items it covers.
#[derive(Debug, Clone)]
pub struct Planned {
    pub method: String,
    pub url: Text,
    pub headers: Vec<(String, Text)>,
    pub body: Option<Text>,
    /// The items this request acts on (tags, URLs, keys, paths); shown per item in the report.
    pub items: Vec<String>,
    /// 1-based request number, shown as the batch column.
    pub batch: usize,
    /// How to read the answer.
    pub kind: Kind,
    /// Send to this address instead of resolving the URL's host (`--resolve HOST:PORT:ADDR`), to
    /// reach one instance of several behind one name.
    pub via: Option<Via>,
    /// Signed at send time (`remote::send`); `headers` hold the signer's placeholders.
    pub sign: Option<signing::Signer>,
}

/// `--resolve HOST:PORT:ADDR`: the host and port a request's URL names, and where it really goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Via {
    pub host: String,
    pub addr: std::net::SocketAddr,
}

impl Via {
    /// As curl's `--resolve` takes it: `host:port:addr` (IPv6 addresses bracketed).
    pub fn curl_form(&self) -> String {
        let ip = match self.addr.ip() {
            std::net::IpAddr::V6(v6) => format!("[{v6}]"),
            v4 => v4.to_string(),
        };
        format!("{}:{}:{ip}", self.host, self.addr.port())
    }
}

impl Planned {
    pub fn new(method: &str, url: Text, kind: Kind) -> Self {
        Planned {
            method: method.to_string(),
            url,
            headers: Vec::new(),
            body: None,
            items: Vec::new(),
            batch: 0,
            kind,
            via: None,
            sign: None,
        }
    }
    pub fn header(mut self, name: &str, value: Text) -> Self {
        self.headers.push((name.to_string(), value));
        self
    }
    pub fn json(mut self, v: &serde_json::Value) -> Self {
        self.headers
            .push(("Content-Type".into(), Text::lit("application/json")));
        self.body = Some(Text::lit(v.to_string()));
        self
    }
    /// Signed by `signer` when sent; until then its headers are placeholders.
    pub fn signed(mut self, signer: signing::Signer) -> Self {
        for (name, shown) in signer.placeholders() {
            self.headers.push((name.to_string(), Text::lit(shown)));
        }
        self.sign = Some(signer);
        self
    }
    pub fn items(mut self, items: Vec<String>) -> Self {
        self.items = items;
        self
    }
    /// How log lines name the request: `request N` once numbered, else what it is for (a
    /// look-up sent before the numbered requests, such as a Cloudflare zone's id).
    pub fn name(&self) -> String {
        match self.batch {
            0 => self.items.join(", "),
            n => format!("request {n}"),
        }
    }

    /// Whether any part of the request holds a secret.
    pub fn has_secret(&self) -> bool {
        self.sign.is_some()
            || self
                .headers
                .iter()
                .map(|h| &h.1)
                .chain(self.body.iter())
                .chain([&self.url])
                .any(Text::has_secret)
    }
}

/// The outcome class of one item: what went wrong, if anything. `error.rs` maps it to an exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Outcome {
    #[default]
    Done,
    /// No answer (network error or timeout).
    Unreachable,
    /// The remote refused (4xx, `success: false`, a token or secret it did not accept).
    Rejected,
    /// The remote failed (5xx after retries, an answer that is not what the API promises).
    Failed,
    /// The run was cut short before this item had an answer (not sent, or sent and interrupted);
    /// what cut it short (Ctrl-C, a refused token, a crash) decides the exit code.
    Unfinished,
}

/// Why a provider's answer counts as a failure.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ApiError {
    #[error("{0}")]
    Unreachable(String),
    #[error("{message}")]
    Rejected {
        status: Option<u16>,
        message: String,
    },
    #[error("{message}")]
    Failed {
        status: Option<u16>,
        message: String,
    },
}

impl ApiError {
    pub fn rejected(message: impl Into<String>) -> Self {
        ApiError::Rejected {
            status: None,
            message: message.into(),
        }
    }
    pub fn failed(message: impl Into<String>) -> Self {
        ApiError::Failed {
            status: None,
            message: message.into(),
        }
    }
    pub fn outcome(&self) -> Outcome {
        match self {
            ApiError::Unreachable(_) => Outcome::Unreachable,
            ApiError::Rejected { .. } => Outcome::Rejected,
            ApiError::Failed { .. } => Outcome::Failed,
        }
    }
}

/// A request that cannot be planned: a bad value the flags' parsers could not see alone.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PlanError {
    /// `--secret-in body` (the default) with no body (`--body query`, the default for GET).
    #[error(
        "the secret goes in the body (--secret-in body, the default), but this request has none \
         (--body query, the default for --method GET): it would move into the URL's query string"
    )]
    BodySecretWithoutBody,
    #[error("'{0}' is not an absolute http(s) URL")]
    NotAbsoluteUrl(String),
    #[error("'{0}' is not a valid base URL (expected http:// or https://HOST)")]
    BadBaseUrl(String),
    #[error("'{0}' is not an HTTP method")]
    BadMethod(String),
    #[error("--batch-size must be between 1 and {0} (Cloudflare's largest per-request cap)")]
    BatchSizeRange(usize),
    #[error("--batch-size must be at least 1")]
    BatchSizeZero,
    #[error("prefix '{0}' must be host/path without scheme, query or fragment")]
    BadPrefix(String),
    #[error("host '{0}' must be a bare hostname such as www.example.com")]
    BadHost(String),
    #[error("Fastly cannot soft-purge everything (--all with --soft)")]
    FastlySoftAll,
    #[error("--service is required for surrogate-key purges and --all")]
    FastlyNoService,
    #[error("surrogate key '{0}' contains whitespace; keys are space-separated on the wire")]
    KeyWhitespace(String),
    #[error("tag '{}…' is {len} characters long; Vercel allows at most {max}", &tag[..32.min(tag.len())])]
    TagTooLong { tag: String, len: usize, max: usize },
    #[error("path '{0}' must start with '/'")]
    PathWithoutSlash(String),
    #[error("CP code '{0}' is not a number")]
    BadCpcode(String),
    #[error("'{}…' is too long for one Akamai purge request (at most {max} bytes as JSON)", item.chars().take(40).collect::<String>())]
    AkamaiObjectTooLarge { item: String, max: usize },
    #[error(
        "'{given}' is a URL; CloudFront invalidates paths within the distribution: give '{path}'"
    )]
    UrlNotPath { given: String, path: String },
    #[error("path '{0}': CloudFront takes the * wildcard only as the last character")]
    WildcardNotLast(String),
}

/// The outcome for one item (tag, URL, key, path).
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct ItemResult {
    pub item: String,
    pub batch: usize,
    pub ok: bool,
    pub status: Option<u16>,
    // purge_id, error and note hold text from the remote: only as it comes out of the redactor.
    pub purge_id: Option<Redacted>,
    pub error: Option<Redacted>,
    /// A remark on success (e.g. "was not cached", the cache header seen).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<Redacted>,
    pub attempts: u32,
    /// `false` when the request for this item was never sent (the run stopped first); only
    /// written then.
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub sent: bool,
    #[serde(skip)]
    pub outcome: Outcome,
}

fn yes() -> bool {
    true
}

fn is_true(b: &bool) -> bool {
    *b
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
pub fn base_url(given: Option<&str>, default: &str) -> Result<String, PlanError> {
    let b = given.unwrap_or(default).trim_end_matches('/');
    match reqwest::Url::parse(b) {
        Ok(u) if matches!(u.scheme(), "http" | "https") && u.host().is_some() => Ok(b.to_string()),
        _ => Err(PlanError::BadBaseUrl(b.to_string())),
    }
}

/// Check that `s` is an absolute http(s) URL.
pub fn check_url(s: &str) -> Result<reqwest::Url, PlanError> {
    crate::http::target::http_url(s).map_err(|_| PlanError::NotAbsoluteUrl(s.to_string()))
}

/// Purge ids found in a successful answer.
#[derive(Debug)]
pub enum Ids {
    One(Option<String>),
    PerItem(serde_json::Map<String, serde_json::Value>),
    Note(String),
    /// One id for the whole request, and a remark on it (Akamai's estimated seconds).
    Noted {
        id: Option<String>,
        note: String,
    },
}

impl Ids {
    pub fn for_item(&self, item: &str) -> (Option<String>, Option<String>) {
        match self {
            Ids::One(id) => (id.clone(), None),
            Ids::PerItem(m) => (m.get(item).and_then(|v| v.as_str()).map(String::from), None),
            Ids::Note(n) => (None, Some(n.clone())),
            Ids::Noted { id, note } => (id.clone(), Some(note.clone())),
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
