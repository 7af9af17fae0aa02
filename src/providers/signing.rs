//! Requests signed at send time: the one hook (`Signer`) through which `remote::send` fills in the
//! headers a signing scheme computes from the request itself, per attempt, just before it goes
//! on the wire. Planned requests carry a placeholder for those headers (what dry runs, `--curl`
//! and `-vv` show). No IO here.

use super::edgegrid::{self, EdgeGrid};
use crate::http::request::SecretRef;
use std::sync::Arc;
use std::time::SystemTime;

pub use edgegrid::SignError;

/// How a request is signed.
#[derive(Debug, Clone)]
pub enum Signer {
    /// Akamai EdgeGrid (`Authorization: EG1-HMAC-SHA256 …`).
    EdgeGrid(EdgeGrid),
}

impl Signer {
    /// The headers the signature puts on the request, as the planned request shows them: their
    /// names and a placeholder value with no secret in it.
    pub fn placeholders(&self) -> Vec<(&'static str, String)> {
        match self {
            Signer::EdgeGrid(_) => vec![("Authorization", format!("{} ***", edgegrid::SCHEME))],
        }
    }

    /// The headers to set on `method url` with `body` now (each replaces the planned header of
    /// the same name). Fresh per attempt: a new timestamp and nonce each time.
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
        }
    }
}
