//! Fastly: URL purge (`POST /purge/{host/path}`), bulk surrogate-key purge
//! (`POST /service/{id}/purge`, at most 256 keys) and purge-all (`POST /service/{id}/purge_all`).
//!
//! `Fastly-Key: <token>`; soft purges add `Fastly-Soft-Purge: 1` (not possible for purge-all).

use super::{Accepts, Ids, ItemKind, Kind, Opt, PlanError, Planned, batches, check_url, number};
use crate::http::request::{Enc, SecretRef, Text, url_encode, url_encode_as_path};
use std::sync::Arc;

pub const API: &str = "https://api.fastly.com";
pub const MAX_KEYS: usize = 256;

/// URLs and surrogate keys, hard or soft; `--all` for the whole service.
pub const ACCEPTS: Accepts = Accepts {
    items: &[ItemKind::Url, ItemKind::Key],
    file_kind: ItemKind::Key,
    items_flag: "--key/--url",
    options: &[Opt::Hard, Opt::Soft, Opt::Service, Opt::Token],
    needs: &[],
    item_hints: &[(ItemKind::Tag, "Fastly tags are surrogate keys: use --key")],
    token_vars: &["FASTLY_API_TOKEN"],
    needs_token: true,
};

#[derive(Debug, Clone)]
pub struct Plan {
    pub base: String,
    pub service: Option<String>,
    pub urls: Vec<String>,
    pub keys: Vec<String>,
    pub all: bool,
    pub soft: bool,
    pub token: Arc<SecretRef>,
}

pub fn plan(p: &Plan) -> Result<Vec<Planned>, PlanError> {
    if p.all && p.soft {
        return Err(PlanError::FastlySoftAll);
    }
    let service = || p.service.as_deref().ok_or(PlanError::FastlyNoService);
    let key = Text::lit("").then_secret(&p.token, Enc::Raw);
    let mk = |method: &str, url: String, kind: Kind| {
        let mut r = Planned::new(method, Text::lit(url), kind).header("Fastly-Key", key.clone());
        if p.soft {
            r = r.header("Fastly-Soft-Purge", Text::lit("1"));
        }
        r
    };
    let mut out = Vec::new();
    if p.all {
        let s = url_encode(service()?);
        out.push(
            mk(
                "POST",
                format!("{}/service/{s}/purge_all", p.base),
                Kind::FastlySingle,
            )
            .items(vec!["(all)".into()]),
        );
        return Ok(number(out));
    }
    for u in &p.urls {
        let parsed = check_url(u)?;
        // The cached URL rides in the API's path: encoded, so its query stays its own (`?` and
        // `&` would otherwise become the API request's query) and spaces are sent as %20.
        let without_scheme = url_encode_as_path(&u[parsed.scheme().len() + 3..]);
        out.push(
            mk(
                "POST",
                format!("{}/purge/{without_scheme}", p.base),
                Kind::FastlySingle,
            )
            .items(vec![u.clone()]),
        );
    }
    if !p.keys.is_empty() {
        let s = url_encode(service()?);
        for k in &p.keys {
            if k.contains(char::is_whitespace) {
                return Err(PlanError::KeyWhitespace(k.clone()));
            }
        }
        for chunk in batches(&p.keys, MAX_KEYS) {
            let body = serde_json::json!({ "surrogate_keys": chunk });
            out.push(
                mk(
                    "POST",
                    format!("{}/service/{s}/purge", p.base),
                    Kind::FastlyBulk,
                )
                .json(&body)
                .items(chunk),
            );
        }
    }
    Ok(number(out))
}

/// `{"status":"ok","id":".."}` → the id.
pub fn read_single(json: Option<&serde_json::Value>) -> Option<String> {
    json?.get("id")?.as_str().map(String::from)
}

/// `{"key":"id",..}` → per-key ids.
pub fn read_bulk(json: Option<&serde_json::Value>) -> Ids {
    match json.and_then(|v| v.as_object()) {
        Some(m) => Ids::PerItem(m.clone()),
        None => Ids::One(None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::http::request::Origin;

    fn base() -> Plan {
        Plan {
            base: API.into(),
            service: Some("SVC".into()),
            urls: vec![],
            keys: vec![],
            all: false,
            soft: false,
            token: SecretRef::new("t", Origin::Env("FASTLY_API_TOKEN".into())),
        }
    }

    #[test]
    fn keys_batched_at_256_and_urls_one_each() {
        let p = Plan {
            keys: (0..600).map(|i| format!("k{i}")).collect(),
            urls: vec!["https://www.example.com/a?b=1".into()],
            soft: true,
            ..base()
        };
        let r = plan(&p).unwrap();
        assert_eq!(r.len(), 4);
        assert_eq!(
            r[0].url.wire(),
            "https://api.fastly.com/purge/www.example.com/a%3Fb%3D1"
        );
        assert_eq!(r[1].items.len(), 256);
        assert_eq!(r[3].items.len(), 88);
        assert!(
            r[3].headers
                .iter()
                .any(|(n, v)| n == "Fastly-Soft-Purge" && v.wire() == "1")
        );
    }

    #[test]
    fn soft_all_and_missing_service_are_usage_errors() {
        let p = Plan {
            all: true,
            soft: true,
            ..base()
        };
        assert_eq!(plan(&p).unwrap_err(), PlanError::FastlySoftAll);
        let p = Plan {
            service: None,
            keys: vec!["k".into()],
            ..base()
        };
        assert_eq!(plan(&p).unwrap_err(), PlanError::FastlyNoService);
    }

    #[test]
    fn a_purged_url_is_encoded_into_the_api_path() {
        let p = Plan {
            urls: vec![
                "https://www.example.com/a b?x=1&y=2".into(),
                "https://www.example.com/%C3%A9".into(),
            ],
            ..base()
        };
        let r = plan(&p).unwrap();
        assert_eq!(
            r[0].url.wire(),
            "https://api.fastly.com/purge/www.example.com/a%20b%3Fx%3D1%26y%3D2"
        );
        // Already-encoded paths are cached as such: the API decodes once and gets them back.
        assert_eq!(
            r[1].url.wire(),
            "https://api.fastly.com/purge/www.example.com/%25C3%25A9"
        );
    }
}
