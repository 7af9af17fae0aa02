//! EdgeGrid (`EG1-HMAC-SHA256`), the request signing of Akamai's APIs, as Akamai's own edgegrid
//! libraries compute it. Pure: the clock and the nonce are arguments; `remote::send` signs each
//! attempt just before it goes on the wire (through `signing::Signer`).
//!
//! Data to sign: method, scheme, `host[:port]`, path with query, the canonical signed headers
//! (none for Fast Purge), the base64 SHA-256 of a POST body (its first `max_body` bytes; empty
//! for an empty body or another method) and the unsigned header, tab-separated. Signing key:
//! base64(HMAC-SHA256(client_secret, timestamp)); signature: base64(HMAC-SHA256(signing key,
//! data)). Reference: docs/reference/akamai.md.

use crate::http::request::SecretRef;
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use ring::{digest, hmac};
use std::sync::Arc;
use std::time::SystemTime;

/// The scheme word that opens the header.
pub const SCHEME: &str = "EG1-HMAC-SHA256";
/// How much of a POST body is hashed when `.edgerc` gives no `max_body` (the libraries' default).
pub const DEFAULT_MAX_BODY: usize = 131_072;

/// One API client's credentials, as secrets (the redactor knows all three).
#[derive(Debug, Clone)]
pub struct EdgeGrid {
    pub client_token: Arc<SecretRef>,
    pub access_token: Arc<SecretRef>,
    pub client_secret: Arc<SecretRef>,
    /// The longest body prefix that is hashed.
    pub max_body: usize,
}

/// A request URL that cannot be signed (it has no host).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("cannot sign a request to '{0}': not an absolute URL with a host")]
pub struct SignError(pub String);

impl EdgeGrid {
    /// The `Authorization` value for `method url` with `body`, at `timestamp` with `nonce`.
    pub fn authorization(
        &self,
        method: &str,
        url: &str,
        body: &[u8],
        timestamp: &str,
        nonce: &str,
    ) -> Result<String, SignError> {
        let unsigned = format!(
            "{SCHEME} client_token={};access_token={};timestamp={timestamp};nonce={nonce};",
            self.client_token.secret.expose(),
            self.access_token.secret.expose(),
        );
        let data = self.data_to_sign(method, url, body, &unsigned)?;
        let key = signing_key(self.client_secret.secret.expose(), timestamp);
        Ok(format!("{unsigned}signature={}", hmac_b64(&key, &data)))
    }

    /// The tab-separated string that is signed (`unsigned` is the header before `signature=`).
    pub fn data_to_sign(
        &self,
        method: &str,
        url: &str,
        body: &[u8],
        unsigned: &str,
    ) -> Result<String, SignError> {
        let u = url::Url::parse(url).map_err(|_| SignError(url.to_string()))?;
        let host = u.host_str().ok_or_else(|| SignError(url.to_string()))?;
        let netloc = match u.port() {
            Some(p) => format!("{host}:{p}"),
            None => host.to_string(),
        };
        let path = match u.query() {
            Some(q) => format!("{}?{q}", u.path()),
            None => u.path().to_string(),
        };
        let method = method.to_ascii_uppercase();
        let hash = content_hash(&method, body, self.max_body);
        Ok([
            method.as_str(),
            u.scheme(),
            &netloc,
            &path,
            "",
            &hash,
            unsigned,
        ]
        .join("\t"))
    }
}

/// base64(HMAC-SHA256(client_secret, timestamp)), used (as text) as the key of the signature.
pub fn signing_key(client_secret: &str, timestamp: &str) -> String {
    hmac_b64(client_secret, timestamp)
}

/// base64(SHA-256) of the first `max_body` bytes of a POST body; empty otherwise.
pub fn content_hash(method: &str, body: &[u8], max_body: usize) -> String {
    if method != "POST" || body.is_empty() {
        return String::new();
    }
    let d = digest::digest(&digest::SHA256, &body[..body.len().min(max_body)]);
    STANDARD.encode(d.as_ref())
}

fn hmac_b64(key: &str, data: &str) -> String {
    let k = hmac::Key::new(hmac::HMAC_SHA256, key.as_bytes());
    STANDARD.encode(hmac::sign(&k, data.as_bytes()).as_ref())
}

/// `yyyyMMddTHH:mm:ss+0000` in UTC.
pub fn timestamp(t: SystemTime) -> String {
    let secs = t
        .duration_since(SystemTime::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let ts = jiff::Timestamp::from_second(secs as i64).unwrap_or(jiff::Timestamp::UNIX_EPOCH);
    ts.strftime("%Y%m%dT%H:%M:%S+0000").to_string()
}

/// A random (version 4) UUID, as the libraries send for the nonce.
pub fn nonce() -> String {
    use rand::RngExt;
    let mut b: [u8; 16] = rand::rng().random();
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let h: String = b.iter().map(|x| format!("{x:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &h[..8],
        &h[8..12],
        &h[12..16],
        &h[16..20],
        &h[20..]
    )
}

#[cfg(test)]
mod tests;
