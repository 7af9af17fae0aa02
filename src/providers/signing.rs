//! Requests signed at send time: the one hook (`Signer`) through which `remote::send` fills in the
//! headers a signing scheme computes from the request itself, per attempt, just before it goes
//! on the wire. Planned requests carry a placeholder for those headers (what dry runs, `--curl`
//! and `-vv` show). No IO here.

use super::edgegrid::{self, EdgeGrid};
use super::sigv4::{self, SigV4};
use crate::http::request::SecretRef;
use std::sync::Arc;
use std::time::SystemTime;

/// A request that could not be signed (never holds a credential).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SignError {
    #[error(transparent)]
    EdgeGrid(#[from] edgegrid::SignError),
    #[error(transparent)]
    SigV4(#[from] sigv4::SignError),
}

/// How a request is signed.
#[derive(Debug, Clone)]
pub enum Signer {
    /// Akamai EdgeGrid (`Authorization: EG1-HMAC-SHA256 …`).
    EdgeGrid(EdgeGrid),
    /// AWS Signature Version 4 (CloudFront).
    SigV4(SigV4),
}

impl Signer {
    /// The headers the signature puts on the request, as the planned request shows them: their
    /// names and a placeholder value with no secret in it.
    pub fn placeholders(&self) -> Vec<(&'static str, String)> {
        match self {
            Signer::EdgeGrid(_) => vec![("Authorization", format!("{} ***", edgegrid::SCHEME))],
            Signer::SigV4(s) => s.placeholders(),
        }
    }

    /// The headers to set on `method url` with `body` now (each replaces the planned header of
    /// the same name). Fresh per attempt: a new timestamp (and nonce, for EdgeGrid) each time.
    pub fn sign(
        &self,
        method: &str,
        url: &str,
        body: &[u8],
        now: SystemTime,
    ) -> Result<Vec<(&'static str, String)>, SignError> {
        match self {
            Signer::EdgeGrid(c) => {
                let ts = edgegrid::timestamp(now);
                let auth = c.authorization(method, url, body, &ts, &edgegrid::nonce())?;
                Ok(vec![("Authorization", auth)])
            }
            Signer::SigV4(s) => Ok(s.sign(method, url, body, now)?),
        }
    }

    /// The secrets the signature is made from, for the redactor.
    pub fn secrets(&self) -> Vec<Arc<SecretRef>> {
        match self {
            Signer::EdgeGrid(c) => vec![
                c.client_token.clone(),
                c.access_token.clone(),
                c.client_secret.clone(),
            ],
            Signer::SigV4(s) => s.secrets(),
        }
    }

    /// curl options that sign the same way, in place of the placeholder headers (secrets as shell
    /// references); `None` when curl cannot sign it (the placeholders are printed as they are).
    pub fn curl_args(&self) -> Option<Vec<String>> {
        match self {
            Signer::EdgeGrid(_) => None,
            Signer::SigV4(s) => Some(s.curl_args()),
        }
    }
}
