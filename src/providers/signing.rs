//! The one hook for requests that are signed at send time (`Planned::sign`): `remote::send`
//! calls [`Signer::sign`] just before a request goes on the wire; dry runs, `--curl` and logs
//! show [`Signer::placeholders`] / [`Signer::curl_args`] instead. No IO.

use super::sigv4::{self, SignError};
use crate::http::request::SecretRef;
use std::sync::Arc;
use std::time::SystemTime;

/// How a request is signed.
#[derive(Debug, Clone)]
pub enum Signer {
    /// AWS Signature Version 4 (CloudFront).
    SigV4(sigv4::SigV4),
}

impl Signer {
    /// The headers to add to the request, computed from its wire form at time `now`.
    pub fn sign(
        &self,
        method: &str,
        url: &str,
        headers: &[(String, String)],
        body: &[u8],
        now: SystemTime,
    ) -> Result<Vec<(String, String)>, SignError> {
        match self {
            Signer::SigV4(s) => s.sign(method, url, headers, body, now),
        }
    }

    /// The signed headers as dry runs and `-vv` show them: names, with `***` for what is secret
    /// or only known when sent.
    pub fn placeholders(&self) -> Vec<(String, String)> {
        match self {
            Signer::SigV4(s) => s.placeholders(),
        }
    }

    /// curl options that sign the same way, secrets as shell references.
    pub fn curl_args(&self) -> Vec<String> {
        match self {
            Signer::SigV4(s) => s.curl_args(),
        }
    }

    /// The secrets to add to the redactor.
    pub fn secrets(&self) -> Vec<Arc<SecretRef>> {
        match self {
            Signer::SigV4(s) => s.secrets(),
        }
    }
}
