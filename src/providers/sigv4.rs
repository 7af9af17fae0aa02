//! AWS Signature Version 4 for one request, with the `aws-sigv4` crate (AWS's own standalone
//! signer): the `Authorization`, `X-Amz-Date` and (with a session token) `X-Amz-Security-Token`
//! headers, computed at send time from the wire form of the request. No IO.

use crate::http::request::{Origin, SecretRef};
use aws_credential_types::Credentials;
use aws_sigv4::http_request::{SignableBody, SignableRequest, SigningSettings, sign};
use aws_sigv4::sign::v4;
use std::sync::Arc;
use std::time::SystemTime;

/// Where the key pair came from: shown by `--curl` as the shell words that read it again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeySource {
    /// `AWS_ACCESS_KEY_ID` / `AWS_SECRET_ACCESS_KEY` (/ `AWS_SESSION_TOKEN`).
    Env,
    /// A profile of a shared credentials file.
    Profile(String),
}

/// Signing credentials and scope. The key id, secret key and session token are secrets: only
/// [`SigV4::sign`] reads them, and `Debug` shows where they came from, never their values.
#[derive(Debug, Clone)]
pub struct SigV4 {
    pub access_key_id: Arc<SecretRef>,
    pub secret_key: Arc<SecretRef>,
    pub session_token: Option<Arc<SecretRef>>,
    pub source: KeySource,
    pub region: &'static str,
    pub service: &'static str,
}

const AUTHORIZATION: &str = "Authorization";
const DATE: &str = "X-Amz-Date";
const TOKEN: &str = "X-Amz-Security-Token";

/// A request that could not be signed (never holds a credential).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("cannot sign the request (AWS SigV4): {0}")]
pub struct SignError(String);

impl SigV4 {
    /// The headers to set on the request `method url` with `body`, signed for time `now`:
    /// `X-Amz-Date`, `Authorization`, and `X-Amz-Security-Token` with a session token (signed
    /// too). The signed headers are `host` (from the URL), `x-amz-date` and the token.
    pub fn sign(
        &self,
        method: &str,
        url: &str,
        body: &[u8],
        now: SystemTime,
    ) -> Result<Vec<(&'static str, String)>, SignError> {
        let identity = Credentials::new(
            self.access_key_id.secret.expose(),
            self.secret_key.secret.expose(),
            self.session_token
                .as_ref()
                .map(|t| t.secret.expose().to_string()),
            None,
            "isrctl",
        )
        .into();
        let params = v4::SigningParams::builder()
            .identity(&identity)
            .region(self.region)
            .name(self.service)
            .time(now)
            .settings(SigningSettings::default())
            .build()
            .map_err(|e| SignError(e.to_string()))?
            .into();
        let host = host_of(url).ok_or_else(|| SignError(format!("'{url}' has no host")))?;
        // Messages of the crate's errors name a header or the URL, never a credential.
        let req = SignableRequest::new(
            method,
            url,
            [("host", host.as_str())].into_iter(),
            SignableBody::Bytes(body),
        )
        .map_err(|e| SignError(e.to_string()))?;
        let (out, _signature) = sign(req, &params)
            .map_err(|e| SignError(e.to_string()))?
            .into_parts();
        let mut headers = Vec::new();
        for (name, value) in out.headers() {
            let name = [AUTHORIZATION, DATE, TOKEN]
                .into_iter()
                .find(|n| n.eq_ignore_ascii_case(name))
                .ok_or_else(|| SignError(format!("unexpected signed header {name}")))?;
            headers.push((name, value.to_string()));
        }
        Ok(headers)
    }

    /// What dry runs and logs show in place of the signed headers (the same names).
    pub fn placeholders(&self) -> Vec<(&'static str, String)> {
        let mut v = vec![
            (
                AUTHORIZATION,
                format!(
                    "AWS4-HMAC-SHA256 Credential=***/DATE/{}/{}/aws4_request, SignedHeaders=…, \
                     Signature=***",
                    self.region, self.service
                ),
            ),
            (DATE, "(the time of sending)".to_string()),
        ];
        if self.session_token.is_some() {
            v.push((TOKEN, "***".to_string()));
        }
        v
    }

    /// The curl options that sign the same way (curl 7.75+): `--aws-sigv4` and `--user` with
    /// the keys as shell references, never values.
    pub fn curl_args(&self) -> Vec<String> {
        let read = |s: &SecretRef, key: &str| match (&self.source, &s.origin) {
            (KeySource::Profile(p), _) => format!(
                "$(aws configure get {key} --profile {})",
                crate::http::request::shell_quote(p)
            ),
            (KeySource::Env, Origin::Env(v)) => format!("${v}"),
            (KeySource::Env, Origin::File(f)) => format!(
                "$(cat {})",
                crate::http::request::shell_quote(&f.display().to_string())
            ),
        };
        let mut v = vec![
            format!("--aws-sigv4 'aws:amz:{}:{}'", self.region, self.service),
            format!(
                "--user \"{}:{}\"",
                read(&self.access_key_id, "aws_access_key_id"),
                read(&self.secret_key, "aws_secret_access_key")
            ),
        ];
        if let Some(t) = &self.session_token {
            v.push(format!(
                "-H \"X-Amz-Security-Token: {}\"",
                read(t, "aws_session_token")
            ));
        }
        v
    }

    /// Every secret the signer holds, for the redactor.
    pub fn secrets(&self) -> Vec<Arc<SecretRef>> {
        let mut v = vec![self.secret_key.clone()];
        v.extend(self.session_token.clone());
        v
    }
}

/// `host[:port]` as the `Host` header carries it (no port when it is the scheme's default).
fn host_of(url: &str) -> Option<String> {
    let u = reqwest::Url::parse(url).ok()?;
    let host = u.host_str()?;
    Some(match u.port() {
        Some(p) => format!("{host}:{p}"),
        None => host.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, UNIX_EPOCH};

    /// The AWS SigV4 test suite's credentials, scope and time (20150830T123600Z).
    fn suite(token: Option<&str>) -> SigV4 {
        let env = |v: &str, k: &str| SecretRef::new(k, Origin::Env(v.into()));
        SigV4 {
            access_key_id: env("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE"),
            secret_key: env(
                "AWS_SECRET_ACCESS_KEY",
                "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
            ),
            session_token: token.map(|t| env("AWS_SESSION_TOKEN", t)),
            source: KeySource::Env,
            region: "us-east-1",
            service: "service",
        }
    }
    const T: u64 = 1_440_938_160;

    fn header<'a>(h: &'a [(&str, String)], name: &str) -> &'a str {
        &h.iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .unwrap()
            .1
    }

    /// aws4_testsuite `get-vanilla` and `post-vanilla` (the published expected Authorization).
    #[test]
    fn signatures_match_the_published_test_suite() {
        let s = suite(None);
        let at = UNIX_EPOCH + Duration::from_secs(T);
        let get = s
            .sign("GET", "https://example.amazonaws.com/", b"", at)
            .unwrap();
        assert_eq!(
            header(&get, "authorization"),
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, \
             SignedHeaders=host;x-amz-date, \
             Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"
        );
        assert_eq!(header(&get, "x-amz-date"), "20150830T123600Z");
        let post = s
            .sign("POST", "https://example.amazonaws.com/", b"", at)
            .unwrap();
        assert!(header(&post, "authorization").ends_with(
            "Signature=5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b"
        ));
    }

    /// aws4_testsuite `post-sts-token/post-sts-header-before`: the token is a signed header.
    #[test]
    fn a_session_token_is_sent_and_signed() {
        const TOKEN: &str = "AQoDYXdzEPT//////////wEXAMPLEtc764bNrC9SAPBSM22wDOk4x4HIZ8j4FZTwdQWLWsKWHGBuFqwAeMicRXmxfpSPfIeoIYRqTflfKD8YUuwthAx7mSEI/qkPpKPi/kMcGdQrmGdeehM4IC1NtBmUpp2wUE8phUZampKsburEDy0KPkyQDYwT7WZ0wq5VSXDvp75YU9HFvlRd8Tx6q6fE8YQcHNVXAkiY9q6d+xo0rKwT38xVqr7ZD0u0iPPkUL64lIZbqBAz+scqKmlzm8FDrypNC9Yjc8fPOLn9FX9KSYvKTr4rvx3iSIlTJabIQwj2ICCR/oLxBA==";
        let s = suite(Some(TOKEN));
        let at = UNIX_EPOCH + Duration::from_secs(T);
        let h = s
            .sign("POST", "https://example.amazonaws.com/", b"", at)
            .unwrap();
        assert_eq!(header(&h, "x-amz-security-token"), TOKEN);
        assert_eq!(
            header(&h, "authorization"),
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, \
             SignedHeaders=host;x-amz-date;x-amz-security-token, \
             Signature=85d96828115b5dc0cfc3bd16ad9e210dd772bbebba041836c64533a82be05ead"
        );
    }

    #[test]
    fn placeholders_and_curl_never_hold_a_key() {
        let s = suite(Some("tok-123"));
        let shown = format!("{:?} {:?} {:?}", s.placeholders(), s.curl_args(), s);
        for secret in ["AKIDEXAMPLE", "wJalrXUtnFEMI", "tok-123"] {
            assert!(!shown.contains(secret), "{shown}");
        }
        assert!(
            s.curl_args()
                .contains(&"--user \"$AWS_ACCESS_KEY_ID:$AWS_SECRET_ACCESS_KEY\"".to_string())
        );
        let p = SigV4 {
            source: KeySource::Profile("prod".into()),
            ..s
        };
        assert!(
            p.curl_args()[1].contains("$(aws configure get aws_secret_access_key --profile prod)")
        );
        assert_eq!(
            host_of("http://127.0.0.1:8080/x").as_deref(),
            Some("127.0.0.1:8080")
        );
        assert_eq!(
            host_of("https://cloudfront.amazonaws.com:443/").as_deref(),
            Some("cloudfront.amazonaws.com")
        );
    }
}
