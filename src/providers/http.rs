//! Generic HTTP purge for Varnish and nginx: one `PURGE`/`BAN`/any-method request per URL, with
//! the user's extra headers. 404 and 412 (ngx_cache_purge's "not cached") count as success.

use super::request::{Enc, Planned, SecretRef, Text};
use super::{Kind, check_url, number};
use crate::error::Error;
use std::sync::Arc;

#[derive(Debug, Clone)]
pub struct Plan {
    pub method: String,
    pub urls: Vec<String>,
    pub headers: Vec<(String, String)>,
    /// A header whose value is a secret (`--secret-header NAME` with `--token-env VAR`).
    pub secret_header: Option<(String, Arc<SecretRef>)>,
}

pub fn plan(p: &Plan) -> Result<Vec<Planned>, Error> {
    if reqwest::Method::from_bytes(p.method.as_bytes()).is_err() {
        return Err(Error::usage(format!(
            "'{}' is not an HTTP method",
            p.method
        )));
    }
    let mut out = Vec::new();
    for u in &p.urls {
        check_url(u)?;
        let mut r = Planned::new(&p.method, Text::lit(u.clone()), Kind::Http);
        for (n, v) in &p.headers {
            r = r.header(n, Text::lit(v.clone()));
        }
        if let Some((name, secret)) = &p.secret_header {
            r = r.header(name, Text::default().then_secret(secret, Enc::Raw));
        }
        out.push(r.items(vec![u.clone()]));
    }
    Ok(number(out))
}

/// Parse `-H 'Name: value'`.
pub fn parse_header(s: &str) -> Result<(String, String), String> {
    let (n, v) = s
        .split_once(':')
        .ok_or_else(|| format!("'{s}' is not a header; write 'Name: value'"))?;
    let n = n.trim();
    if n.is_empty() || reqwest::header::HeaderName::from_bytes(n.as_bytes()).is_err() {
        return Err(format!("'{n}' is not a valid header name"));
    }
    Ok((n.to_string(), v.trim().to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_parse() {
        assert_eq!(
            parse_header("X-Purge-Regex: ^/blog").unwrap(),
            ("X-Purge-Regex".into(), "^/blog".into())
        );
        assert!(parse_header("nocolon").is_err());
        assert!(parse_header("bad name: x").is_err());
    }
}
