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
    fn success_false_is_a_rejection() {
        let v = serde_json::json!({"success": false, "errors": [{"code": 1012, "message": "no"}]});
        assert!(matches!(read_ok(Some(&v)), Err(ApiError::Rejected { .. })));
        let v = serde_json::json!({"success": true, "result": {"id": "abc"}});
        assert!(matches!(read_ok(Some(&v)), Ok(Ids::One(Some(ref id))) if id == "abc"));
    }
}
