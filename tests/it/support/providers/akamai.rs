//! Akamai Fast Purge v3 as docs/reference/akamai.md records it: the EdgeGrid signature recomputed
//! from the test credentials (a 401 problem when it does not match), 413 past 50,000 bytes,
//! `POST /ccu/v3/{invalidate|delete}/{url|cpcode|tag}/{staging|production}` only, one object type
//! per body, a request larger than its token bucket refused with the 429 problem, and 201
//! documents with a purge id. Errors echo the credentials received (the CLI must redact them).

use super::Received;
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use wiremock::ResponseTemplate;

pub const AK_HOST: &str = "akab-test-host.luna.akamaiapis.net";
pub const AK_CLIENT_TOKEN: &str = "akab-client-SECRET-7d1c2e";
pub const AK_ACCESS_TOKEN: &str = "akab-access-SECRET-93ab4f";
pub const AK_CLIENT_SECRET: &str = "cs-SECRET-QmFzZTY0U2VjcmV0PQ==";
/// The documented body limit.
pub const AK_MAX_BODY: usize = 50_000;

/// An `.edgerc` in `dir` with the test client as `[default]` and `[ccu]`, and `[wrong]`, whose
/// secret the mock does not accept.
pub fn write_edgerc(dir: &Path) -> PathBuf {
    let p = dir.join(".edgerc");
    let section = |name: &str, secret: &str| {
        format!(
            "[{name}]\nhost = {AK_HOST}\nclient_token = {AK_CLIENT_TOKEN}\n\
             client_secret = {secret}\naccess_token = {AK_ACCESS_TOKEN}\nmax_body = 131072\n\n"
        )
    };
    let text = section("default", AK_CLIENT_SECRET)
        + &section("ccu", AK_CLIENT_SECRET)
        + &section("wrong", "cs-SECRET-not-the-right-one");
    std::fs::write(&p, text).unwrap();
    p
}

fn problem(status: u16, title: &str, detail: &str) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_raw(
        json!({"describedBy": "https://techdocs.akamai.com/purge-cache/reference/api-errors",
               "httpStatus": status, "title": title, "detail": detail,
               "supportId": format!("edcp-mock-{status}")})
        .to_string(),
        "application/api-problem+json",
    )
}

/// A scripted failure (`MockApi::fail_next`) in Akamai's shape: a 429 is the URL rate-limit
/// problem; others a problem with the credentials echoed.
pub(super) fn scripted(status: u16, echo: &str) -> ResponseTemplate {
    if status == 429 {
        return ResponseTemplate::new(429).set_body_raw(
            json!({"describedBy": "https://techdocs.akamai.com/purge-cache/reference/api-errors",
                   "detail": "", "httpStatus": 429, "rateLimit": 10000,
                   "rateLimitCurrentRequestSize": 110, "rateLimitRemaining": 94,
                   "supportId": "edup-mock-429", "title": "URL Rate Limit exceeded"})
            .to_string(),
            "application/api-problem+json",
        );
    }
    problem(status, "scripted failure", &format!("you sent {echo}"))
}

/// POST `body` to `path` of the mock at `uri`, signed with the test credentials by this file's
/// own EdgeGrid code (to exercise the contract past the signature check), at `ts` (default:
/// now); the status.
pub fn signed_post(uri: &str, path: &str, body: &str, ts: Option<&str>) -> u16 {
    use std::io::{Read, Write};
    let host = uri.trim_start_matches("http://");
    let current = now().strftime(TS_FORMAT).to_string();
    let ts = ts.unwrap_or(&current);
    let unsigned = format!(
        "EG1-HMAC-SHA256 client_token={AK_CLIENT_TOKEN};access_token={AK_ACCESS_TOKEN};\
         timestamp={ts};nonce=0b6f9e1c-test;"
    );
    let hash =
        STANDARD.encode(ring::digest::digest(&ring::digest::SHA256, body.as_bytes()).as_ref());
    let data = format!("POST\thttp\t{host}\t{path}\t\t{hash}\t{unsigned}");
    let sig = hmac_b64(&hmac_b64(AK_CLIENT_SECRET, ts), &data);
    let mut s = std::net::TcpStream::connect(host).unwrap();
    write!(
        s,
        "POST {path} HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\n\
         Authorization: {unsigned}signature={sig}\r\nContent-Length: {}\r\n\
         Connection: close\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut out = String::new();
    s.read_to_string(&mut out).unwrap();
    out.split(' ')
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0)
}

fn hmac_b64(key: &str, data: &str) -> String {
    let k = ring::hmac::Key::new(ring::hmac::HMAC_SHA256, key.as_bytes());
    STANDARD.encode(ring::hmac::sign(&k, data.as_bytes()).as_ref())
}

/// Why the request's EdgeGrid signature is not right, if it is not.
fn signature_problem(r: &Received) -> Option<&'static str> {
    let count = r
        .headers
        .iter()
        .filter(|(n, _)| n.eq_ignore_ascii_case("authorization"))
        .count();
    if count != 1 {
        return Some("Exactly one Authorization header is expected");
    }
    let auth = r.header("authorization")?;
    let fields = auth.strip_prefix("EG1-HMAC-SHA256 ")?;
    let get = |k: &str| {
        fields
            .split(';')
            .find_map(|f| f.strip_prefix(k)?.strip_prefix('='))
    };
    if get("client_token") != Some(AK_CLIENT_TOKEN) || get("access_token") != Some(AK_ACCESS_TOKEN)
    {
        return Some("Invalid client token or access token");
    }
    let ts = get("timestamp")?;
    // UTC, and within a few minutes of the mock's clock, as a clock-skewed client is refused.
    let fresh = ts.ends_with("+0000")
        && jiff::Timestamp::strptime("%Y%m%dT%H:%M:%S%z", ts)
            .is_ok_and(|t| (t.as_second() - now().as_second()).abs() < 300);
    if !fresh || get("nonce").is_none_or(str::is_empty) {
        return Some("Invalid timestamp or nonce");
    }
    let unsigned = &auth[..auth.find("signature=")?];
    let hash = if r.body.is_empty() {
        String::new()
    } else {
        STANDARD.encode(ring::digest::digest(&ring::digest::SHA256, r.body.as_bytes()).as_ref())
    };
    let path = match r.query.as_str() {
        "" => r.path.clone(),
        q => format!("{}?{q}", r.path),
    };
    let host = r.header("host")?;
    let data = format!("{}\thttp\t{host}\t{path}\t\t{hash}\t{unsigned}", r.method);
    let key = hmac_b64(AK_CLIENT_SECRET, ts);
    (get("signature") != Some(hmac_b64(&key, &data).as_str()))
        .then_some("The signature does not match")
}

const TS_FORMAT: &str = "%Y%m%dT%H:%M:%S+0000";

fn now() -> jiff::Timestamp {
    jiff::Timestamp::now()
}

pub(super) fn akamai(r: &Received, echo: &str) -> ResponseTemplate {
    let unsigned = r
        .header("authorization")
        .is_none_or(|a| !a.starts_with("EG1-HMAC-SHA256 "));
    let bad = if unsigned {
        Some("The request requires authentication")
    } else {
        signature_problem(r)
    };
    if let Some(why) = bad {
        // The API gateway's own problem shape (type/title/status/detail).
        return ResponseTemplate::new(401).set_body_raw(
            json!({"type": "https://problems.luna.akamaiapis.net/-/pep-authn/deny",
                   "title": "Not authorized", "status": 401,
                   "detail": format!("{why} (you sent {echo})"),
                   "instance": format!("https://{AK_HOST}{}", r.path), "method": r.method})
            .to_string(),
            "application/problem+json",
        );
    }
    if r.body.len() > AK_MAX_BODY {
        return problem(
            413,
            "Request Entity Too Large",
            "The request was denied because it exceeds the maximum message body size, which is 50,000 bytes.",
        );
    }
    let parts: Vec<&str> = r.path.split('/').collect();
    let (kind, ok_path) = match parts.as_slice() {
        [
            "",
            "ccu",
            "v3",
            "invalidate" | "delete",
            kind,
            "staging" | "production",
        ] if ["url", "cpcode", "tag"].contains(kind) => (*kind, true),
        _ => ("", false),
    };
    if !ok_path {
        return problem(404, "Not Found", "no such purge endpoint");
    }
    if r.method != "POST" {
        return problem(405, "Method Not Allowed", "purges are POST");
    }
    if r.header("content-type") != Some("application/json") {
        return problem(415, "Unsupported Media Type", "send application/json");
    }
    let body = r.json();
    let objects = match body.as_object() {
        Some(o) if o.len() == 1 => o.get("objects").and_then(Value::as_array),
        _ => None,
    };
    let Some(objects) = objects.filter(|o| !o.is_empty()) else {
        return problem(400, "Bad Request", "the body must be {\"objects\": [...]}");
    };
    let typed = objects.iter().all(|o| match kind {
        "cpcode" => o.is_u64(),
        "url" => o
            .as_str()
            .is_some_and(|u| u.starts_with("https://") || u.starts_with("http://")),
        _ => o.is_string(),
    });
    if !typed {
        return problem(400, "bad object type", &format!("objects must be {kind}s"));
    }
    let bucket = match kind {
        "url" => 10_000,
        "cpcode" => 300,
        _ => 5_000,
    };
    if objects.len() > bucket {
        return scripted(429, "");
    }
    let id = format!("edcp-{:x}", r.body.len() * 7919);
    ResponseTemplate::new(201)
        .insert_header("x-ratelimit-limit", "100")
        .insert_header("x-ratelimit-remaining", "99")
        .set_body_json(json!({"httpStatus": 201, "detail": "Request accepted",
                              "estimatedSeconds": 5, "purgeId": id, "supportId": id}))
}
