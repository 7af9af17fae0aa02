//! Vercel REST API: invalidate-by-tags (soft), dangerously-delete-by-tags (hard), purge-all.
//!
//! `Authorization: Bearer <token>`, `?projectIdOrName=..&teamId=..|slug=..`; at most 16 tags per
//! call and 256 characters per tag (Vercel's limits table).

use super::{Accepts, ItemKind, Kind, Opt, PlanError, Planned, batches, number};
use crate::http::request::{Enc, SecretRef, Text, url_encode};
use std::sync::Arc;

pub const API: &str = "https://api.vercel.com";
pub const MAX_TAGS: usize = 16;
pub const MAX_TAG_LEN: usize = 256;

/// Tags only (soft, hard with a deadline), or `--all` for the project's CDN and/or data cache.
pub const ACCEPTS: Accepts = Accepts {
    items: &[ItemKind::Tag],
    file_kind: ItemKind::Tag,
    items_flag: "--tag",
    options: &[
        Opt::Hard,
        Opt::Deadline,
        Opt::CacheType,
        Opt::Project,
        Opt::Team,
        Opt::Environment,
        Opt::Soft,
        Opt::Token,
    ],
    needs: &[],
    item_hints: &[(
        ItemKind::Url,
        "Vercel purges by tag; to refresh one path use `isrctl revalidate` (endpoint or --bypass)",
    )],
    token_vars: &["VERCEL_TOKEN"],
    needs_token: true,
};

/// Which cache `--all` purges.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CacheType {
    Cdn,
    Data,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Op {
    /// Mark stale (invalidate-by-tags).
    Invalidate,
    /// Delete (dangerously-delete-by-tags), optionally after a deadline in seconds.
    Delete { deadline: Option<u64> },
    /// Purge everything of the project: CDN cache, data cache or both.
    All { cdn: bool, data: bool },
}

#[derive(Debug, Clone)]
pub struct Plan {
    pub base: String,
    pub project: String,
    pub team: Option<String>,
    /// Only this environment's cache; all environments when absent.
    pub environment: Option<Environment>,
    pub op: Op,
    pub tags: Vec<String>,
    pub token: Arc<SecretRef>,
}

/// A Vercel deployment environment whose cache a tag purge is limited to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Environment {
    Production,
    Preview,
}

impl Environment {
    pub fn name(self) -> &'static str {
        match self {
            Environment::Production => "production",
            Environment::Preview => "preview",
        }
    }
}

pub fn plan(p: &Plan) -> Result<Vec<Planned>, PlanError> {
    let mut q = format!("projectIdOrName={}", url_encode(&p.project));
    if let Some(t) = &p.team {
        let key = if t.starts_with("team_") {
            "teamId"
        } else {
            "slug"
        };
        q.push_str(&format!("&{key}={}", url_encode(t)));
    }
    let auth = Text::lit("Bearer ").then_secret(&p.token, Enc::Raw);
    let mk = |method: &str, path: &str| {
        Planned::new(
            method,
            Text::lit(format!("{}{path}?{q}", p.base)),
            Kind::Vercel,
        )
        .header("Authorization", auth.clone())
    };
    let mut out = Vec::new();
    match &p.op {
        Op::All { cdn, data } => {
            if *cdn {
                out.push(mk("POST", "/v1/edge-cache/purge-all").items(vec!["(all: cdn)".into()]));
            }
            if *data {
                out.push(
                    mk("DELETE", "/v1/data-cache/purge-all").items(vec!["(all: data)".into()]),
                );
            }
        }
        op => {
            for t in &p.tags {
                if t.len() > MAX_TAG_LEN {
                    return Err(PlanError::TagTooLong {
                        tag: t.clone(),
                        len: t.len(),
                        max: MAX_TAG_LEN,
                    });
                }
            }
            let path = match op {
                Op::Invalidate => "/v1/edge-cache/invalidate-by-tags",
                _ => "/v1/edge-cache/dangerously-delete-by-tags",
            };
            for chunk in batches(&p.tags, MAX_TAGS) {
                let mut body = serde_json::json!({ "tags": chunk });
                if let Some(env) = p.environment {
                    body["target"] = env.name().into();
                }
                if let Op::Delete { deadline: Some(d) } = op {
                    body["revalidationDeadlineSeconds"] = (*d).into();
                }
                out.push(mk("POST", path).json(&body).items(chunk));
            }
        }
    }
    Ok(number(out))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::http::request::Origin;

    fn plan_of(op: Op, n: usize) -> Vec<Planned> {
        plan(&Plan {
            base: API.into(),
            project: "my site".into(),
            team: Some("team_abc".into()),
            environment: Some(Environment::Production),
            op,
            tags: (0..n).map(|i| format!("t{i}")).collect(),
            token: SecretRef::new("tok", Origin::Env("VERCEL_TOKEN".into())),
        })
        .unwrap()
    }

    #[test]
    fn tags_are_batched_at_16() {
        let r = plan_of(Op::Delete { deadline: Some(60) }, 40);
        assert_eq!(r.len(), 3);
        assert_eq!(r[2].items.len(), 8);
        assert_eq!(
            r[0].url.wire(),
            "https://api.vercel.com/v1/edge-cache/dangerously-delete-by-tags?projectIdOrName=my%20site&teamId=team_abc"
        );
        let body: serde_json::Value =
            serde_json::from_str(&r[1].body.as_ref().unwrap().wire()).unwrap();
        assert_eq!(body["tags"].as_array().unwrap().len(), 16);
        assert_eq!(body["revalidationDeadlineSeconds"], 60);
        assert_eq!(body["target"], "production");
        assert_eq!(r[0].headers[0].1.shown(), "Bearer ***");
    }

    #[test]
    fn purge_all_uses_both_endpoints() {
        let r = plan_of(
            Op::All {
                cdn: true,
                data: true,
            },
            0,
        );
        assert_eq!(r.len(), 2);
        assert_eq!(r[1].method, "DELETE");
        assert!(r[1].url.wire().contains("/v1/data-cache/purge-all"));
    }
}
