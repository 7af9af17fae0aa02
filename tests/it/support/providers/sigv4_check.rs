//! An independent AWS SigV4 check for the CloudFront mock (ring's HMAC-SHA256, written from the
//! published algorithm, not the crate isrctl signs with): the `Authorization` header's shape,
//! `x-amz-date`, the credential scope, and the signature recomputed from what arrived.

use super::Received;
use ring::{digest, hmac};

/// Why a request's signature is not accepted: (HTTP status, AWS error code, message).
pub type Refusal = (u16, &'static str, String);

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

fn sha256_hex(b: &[u8]) -> String {
    hex(digest::digest(&digest::SHA256, b).as_ref())
}

fn mac(key: &[u8], data: &str) -> Vec<u8> {
    hmac::sign(&hmac::Key::new(hmac::HMAC_SHA256, key), data.as_bytes())
        .as_ref()
        .to_vec()
}

/// RFC 3986 encoding of one path segment (everything but unreserved characters).
fn uri_encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// Check `r` against the key pair (and session token, when one is expected). `Ok` holds the
/// signed header names.
pub fn verify(
    r: &Received,
    key_id: &str,
    secret: &str,
    token: Option<&str>,
    region: &str,
    service: &str,
) -> Result<Vec<String>, Refusal> {
    let refuse = |status, code, msg: &str| Err((status, code, msg.to_string()));
    let Some(auth) = r.header("authorization") else {
        return refuse(
            403,
            "MissingAuthenticationToken",
            "Missing Authentication Token",
        );
    };
    let Some(rest) = auth.strip_prefix("AWS4-HMAC-SHA256 ") else {
        return refuse(
            400,
            "IncompleteSignature",
            "Authorization is not AWS4-HMAC-SHA256",
        );
    };
    let field = |name: &str| {
        rest.split(", ")
            .find_map(|p| p.strip_prefix(&format!("{name}=")))
            .map(str::to_string)
    };
    let (Some(cred), Some(signed), Some(sig)) = (
        field("Credential"),
        field("SignedHeaders"),
        field("Signature"),
    ) else {
        return refuse(
            400,
            "IncompleteSignature",
            "Credential, SignedHeaders or Signature missing",
        );
    };
    let Some(amz_date) = r.header("x-amz-date") else {
        return refuse(400, "IncompleteSignature", "x-amz-date is missing");
    };
    let date_ok = amz_date.len() == 16
        && amz_date.as_bytes()[8] == b'T'
        && amz_date.ends_with('Z')
        && amz_date[..8]
            .bytes()
            .chain(amz_date[9..15].bytes())
            .all(|b| b.is_ascii_digit());
    if !date_ok {
        return refuse(
            400,
            "IncompleteSignature",
            "x-amz-date is not YYYYMMDDTHHMMSSZ",
        );
    }
    let scope_parts: Vec<&str> = cred.split('/').collect();
    if scope_parts.len() != 5 || scope_parts[0] != key_id {
        return refuse(
            403,
            "InvalidClientTokenId",
            "The security token included in the request is invalid.",
        );
    }
    let scope = format!("{}/{region}/{service}/aws4_request", &amz_date[..8]);
    if scope_parts[1..].join("/") != scope {
        return refuse(
            403,
            "SignatureDoesNotMatch",
            "Credential should be scoped to a valid region, service and date.",
        );
    }
    if sig.len() != 64 || !sig.bytes().all(|b| b.is_ascii_hexdigit()) {
        return refuse(400, "IncompleteSignature", "Signature is not 64 hex digits");
    }
    let names: Vec<String> = signed.split(';').map(String::from).collect();
    for must in ["host", "x-amz-date"] {
        if !names.iter().any(|n| n == must) {
            return refuse(
                403,
                "SignatureDoesNotMatch",
                &format!("{must} is not a signed header"),
            );
        }
    }
    if let Some(t) = token {
        if r.header("x-amz-security-token") != Some(t)
            || !names.iter().any(|n| n == "x-amz-security-token")
        {
            return refuse(
                403,
                "InvalidClientTokenId",
                "The security token included in the request is invalid.",
            );
        }
    }
    let mut canonical_headers = String::new();
    for n in &names {
        let Some(v) = r.header(n) else {
            return refuse(
                403,
                "SignatureDoesNotMatch",
                &format!("signed header {n} was not sent"),
            );
        };
        let v = v.split_whitespace().collect::<Vec<_>>().join(" ");
        canonical_headers.push_str(&format!("{n}:{v}\n"));
    }
    let canonical_uri = r
        .path
        .split('/')
        .map(uri_encode)
        .collect::<Vec<_>>()
        .join("/");
    let mut query: Vec<&str> = r.query.split('&').filter(|q| !q.is_empty()).collect();
    query.sort();
    let creq = format!(
        "{}\n{canonical_uri}\n{}\n{canonical_headers}\n{signed}\n{}",
        r.method,
        query.join("&"),
        sha256_hex(r.body.as_bytes())
    );
    let sts = format!(
        "AWS4-HMAC-SHA256\n{amz_date}\n{scope}\n{}",
        sha256_hex(creq.as_bytes())
    );
    let mut k = mac(format!("AWS4{secret}").as_bytes(), &amz_date[..8]);
    for part in [region, service, "aws4_request"] {
        k = mac(&k, part);
    }
    if hex(&mac(&k, &sts)) != sig {
        return refuse(
            403,
            "SignatureDoesNotMatch",
            "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method.",
        );
    }
    Ok(names)
}
