//! Generic HTTP purge for Varnish and nginx: one `PURGE`/`BAN`/any-method request per URL, with
//! the user's extra headers. 404 and 412 (ngx_cache_purge's "not cached") count as success.

use super::{Accepts, ItemKind, Kind, Opt, PlanError, Planned, check_url, number};
use crate::http::request::{Enc, SecretRef, Text};
use std::sync::Arc;

const HTTP_HINT: &str =
    "the http provider sends one request per --url; pass tags as -H headers your VCL reads";

/// One request per URL; a secret only as a header (`--token-*` needs `--secret-header`).
pub const ACCEPTS: Accepts = Accepts {
    items: &[ItemKind::Url],
    file_kind: ItemKind::Url,
    items_flag: "--url",
    options: &[Opt::Method, Opt::Header, Opt::SecretHeader, Opt::Token],
    needs: &[(Opt::Token, Opt::SecretHeader)],
    item_hints: &[
        (ItemKind::Tag, HTTP_HINT),
        (ItemKind::Key, HTTP_HINT),
        (ItemKind::Host, HTTP_HINT),
        (ItemKind::Prefix, HTTP_HINT),
    ],
    token_vars: &["ISRCTL_PURGE_SECRET"],
    needs_token: false,
};

#[derive(Debug, Clone)]
pub struct Plan {
    pub method: String,
    pub urls: Vec<String>,
    pub headers: Vec<(String, String)>,
    /// A header whose value is a secret (`--secret-header NAME` with `--token-env VAR`).
    pub secret_header: Option<(String, Arc<SecretRef>)>,
}

pub fn plan(p: &Plan) -> Result<Vec<Planned>, PlanError> {
    if reqwest::Method::from_bytes(p.method.as_bytes()).is_err() {
        return Err(PlanError::BadMethod(p.method.clone()));
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
