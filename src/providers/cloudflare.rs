//! Cloudflare: `POST /zones/{zone}/purge_cache` (hard) or `/invalidate_cache` (soft).
//!
//! One selector per request (`files`, `tags`, `hosts`, `prefixes` or `purge_everything`), checked
//! via the `{"success": .., "errors": [..], "result": {"id": ..}}` envelope, not only the status.
//! Default cap 30 items per call (older documented limit, still enforced for some plans); the
//! current documentation allows 100 (500 URLs on Enterprise), hence `--batch-size` up to 500.

use super::{
    Accepts, ApiError, Ids, ItemKind, Kind, Opt, PlanError, Planned, batches, check_url, number,
};
use crate::http::request::{Enc, SecretRef, Text, url_encode};
use std::sync::Arc;

pub const API: &str = "https://api.cloudflare.com/client/v4";
pub const DEFAULT_BATCH: usize = 30;
pub const MAX_BATCH: usize = 500;

/// URLs, tags, hosts and prefixes; hard or soft; `--everything` instead of items.
pub const ACCEPTS: Accepts = Accepts {
    items: &[
        ItemKind::Url,
        ItemKind::Tag,
        ItemKind::Host,
        ItemKind::Prefix,
    ],
    file_kind: ItemKind::Url,
    items_flag: "--url/--tag/--host/--prefix",
    options: &[Opt::Hard, Opt::Zone, Opt::BatchSize, Opt::Soft, Opt::Token],
    needs: &[],
    item_hints: &[],
    token_vars: &["CLOUDFLARE_API_TOKEN", "CF_API_TOKEN"],
    needs_token: true,
};

/// The selector a group of items goes under.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Selector {
    Files,
    Tags,
    Hosts,
    Prefixes,
}

impl Selector {
    pub fn field(self) -> &'static str {
        match self {
            Selector::Files => "files",
            Selector::Tags => "tags",
            Selector::Hosts => "hosts",
            Selector::Prefixes => "prefixes",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Plan {
    pub base: String,
    pub zone: String,
    pub soft: bool,
    pub everything: bool,
    pub groups: Vec<(Selector, Vec<String>)>,
    pub batch_size: usize,
    pub token: Arc<SecretRef>,
}

pub fn plan(p: &Plan) -> Result<Vec<Planned>, PlanError> {
    if p.batch_size == 0 || p.batch_size > MAX_BATCH {
        return Err(PlanError::BatchSizeRange(MAX_BATCH));
    }
    let op = if p.soft {
        "invalidate_cache"
    } else {
        "purge_cache"
    };
    let url = Text::lit(format!("{}/zones/{}/{op}", p.base, url_encode(&p.zone)));
    let auth = Text::lit("Bearer ").then_secret(&p.token, Enc::Raw);
    let mk = || {
        Planned::new("POST", url.clone(), Kind::Cloudflare).header("Authorization", auth.clone())
    };
    let mut out = Vec::new();
    if p.everything {
        out.push(
            mk().json(&serde_json::json!({"purge_everything": true}))
                .items(vec!["(everything)".into()]),
        );
        return Ok(number(out));
    }
    for (sel, items) in &p.groups {
        for i in items {
            check_item(*sel, i)?;
        }
        for chunk in batches(items, p.batch_size) {
            let body = serde_json::json!({ sel.field(): chunk });
            out.push(mk().json(&body).items(chunk));
        }
    }
    Ok(number(out))
}

fn check_item(sel: Selector, i: &str) -> Result<(), PlanError> {
    match sel {
        Selector::Files => check_url(i).map(|_| ()),
        Selector::Prefixes if i.contains("://") || i.contains('?') || i.contains('#') => {
            Err(PlanError::BadPrefix(i.to_string()))
        }
        Selector::Hosts if i.contains('/') => Err(PlanError::BadHost(i.to_string())),
        _ => Ok(()),
    }
}

/// Whether `--zone` names the zone (`example.com`) rather than giving its id: ids never hold a
/// dot, names always do.
pub fn is_zone_name(zone: &str) -> bool {
    zone.contains('.')
}

/// What a dry run shows in place of the id of zone `name`, which only the look-up can tell.
pub fn zone_placeholder(name: &str) -> String {
    format!("ZONE_ID_OF_{name}")
}

/// `GET /zones?name=NAME`: the zone's id by its name, as wrangler looks it up (the token needs
/// Zone Read as well as Cache Purge).
pub fn zone_lookup(base: &str, name: &str, token: &Arc<SecretRef>) -> Planned {
    let url = Text::lit(format!("{base}/zones?name={}", url_encode(name)));
    Planned::new("GET", url, Kind::Cloudflare)
        .header(
            "Authorization",
            Text::lit("Bearer ").then_secret(token, Enc::Raw),
        )
        .items(vec![format!("zone {name} (look-up)")])
}

/// The id of the zone called `name` in a `/zones?name=` answer; `None` when there is none.
pub fn zone_id(v: &serde_json::Value, name: &str) -> Option<String> {
    v.get("result")?
        .as_array()?
        .iter()
        .find(|z| {
            z.get("name")
                .and_then(|n| n.as_str())
                .is_some_and(|n| n.eq_ignore_ascii_case(name))
        })?
        .get("id")?
        .as_str()
        .map(String::from)
}

/// A 2xx answer still needs `"success": true`.
pub fn read_ok(json: Option<&serde_json::Value>) -> Result<Ids, ApiError> {
    let Some(v) = json else {
        return Err(ApiError::failed("answer was not JSON"));
    };
    if v.get("success").and_then(|s| s.as_bool()) != Some(true) {
        let m = super::error_message(Some(v), "").unwrap_or_else(|| "success: false".into());
        return Err(ApiError::rejected(m));
    }
    Ok(Ids::One(
        v.pointer("/result/id")
            .and_then(|i| i.as_str())
            .map(String::from),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::http::request::Origin;

    #[test]
    fn groups_are_batched_per_selector() {
        let files: Vec<String> = (0..31).map(|i| format!("https://e.com/{i}")).collect();
        let p = Plan {
            base: API.into(),
            zone: "z1".into(),
            soft: false,
            everything: false,
            groups: vec![(Selector::Files, files), (Selector::Tags, vec!["a".into()])],
            batch_size: 30,
            token: SecretRef::new("t", Origin::Env("CLOUDFLARE_API_TOKEN".into())),
        };
        let r = plan(&p).unwrap();
        assert_eq!(r.len(), 3);
        assert_eq!(r[1].items, vec!["https://e.com/30"]);
        assert_eq!(r[2].body.as_ref().unwrap().wire(), r#"{"tags":["a"]}"#);
        assert!(r[0].url.wire().ends_with("/zones/z1/purge_cache"));
        let bad = Plan {
            groups: vec![(Selector::Files, vec!["/relative".into()])],
            ..p.clone()
        };
        assert!(matches!(plan(&bad), Err(PlanError::NotAbsoluteUrl(_))));
        let big = Plan {
            batch_size: 501,
            ..p
        };
        assert_eq!(
            plan(&big).unwrap_err(),
            PlanError::BatchSizeRange(MAX_BATCH)
        );
    }

    #[test]
    fn zones_by_name() {
        assert!(is_zone_name("example.com") && !is_zone_name("023e105f4ecef8ad9ca31a8372d0c353"));
        let v = serde_json::json!({"success": true, "result": [
            {"id": "other", "name": "www.example.com"},
            {"id": "023e", "name": "Example.com"}]});
        assert_eq!(zone_id(&v, "example.com").as_deref(), Some("023e"));
        assert_eq!(zone_id(&v, "example.org"), None);
        assert_eq!(zone_id(&serde_json::json!({"result": null}), "a.b"), None);
        let t = SecretRef::new("t", Origin::Env("CF_API_TOKEN".into()));
        let r = zone_lookup(API, "a b.com", &t);
        assert_eq!(r.method, "GET");
        assert!(
            r.url.wire().ends_with("/zones?name=a%20b.com"),
            "{}",
            r.url.wire()
        );
    }

    #[test]
    fn success_false_is_a_rejection() {
        let v = serde_json::json!({"success": false, "errors": [{"code": 1012, "message": "no"}]});
        assert!(matches!(read_ok(Some(&v)), Err(ApiError::Rejected { .. })));
        let v = serde_json::json!({"success": true, "result": {"id": "abc"}});
        assert!(matches!(read_ok(Some(&v)), Ok(Ids::One(Some(ref id))) if id == "abc"));
    }
}
