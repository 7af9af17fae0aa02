//! Netlify: `POST /api/v1/purge` with `{"site_id"|"site_slug": .., "cache_tags": [..]}`.
//!
//! `Authorization: Bearer <token>`; answers 202. The per-call tag limit is not documented, so
//! tags are sent in batches of `--batch-size` (default 100). No tags = the whole site.

use super::{Accepts, ItemKind, Kind, Opt, PlanError, Planned, batches, number};
use crate::http::request::{Enc, SecretRef, Text};
use std::sync::Arc;

pub const API: &str = "https://api.netlify.com";
pub const DEFAULT_BATCH: usize = 100;

/// Tags only, or `--all` for the whole site.
pub const ACCEPTS: Accepts = Accepts {
    items: &[ItemKind::Tag],
    file_kind: ItemKind::Tag,
    items_flag: "--tag",
    options: &[Opt::BatchSize, Opt::Site, Opt::Token],
    needs: &[],
    item_hints: &[
        (ItemKind::Url, NETLIFY_HINT),
        (ItemKind::Key, NETLIFY_HINT),
        (ItemKind::Host, NETLIFY_HINT),
        (ItemKind::Prefix, NETLIFY_HINT),
    ],
    token_vars: &["NETLIFY_AUTH_TOKEN", "NETLIFY_PURGE_API_TOKEN"],
    needs_token: true,
};
const NETLIFY_HINT: &str = "Netlify purges by --tag, or the whole site with --all";

#[derive(Debug, Clone)]
pub struct Plan {
    pub base: String,
    pub site: String,
    pub tags: Vec<String>,
    pub all: bool,
    pub batch_size: usize,
    pub token: Arc<SecretRef>,
}

/// Site ids are UUIDs; anything else is a site name (slug).
pub fn site_field(site: &str) -> &'static str {
    let uuid = site.len() == 36
        && site.chars().enumerate().all(|(i, c)| {
            if [8, 13, 18, 23].contains(&i) {
                c == '-'
            } else {
                c.is_ascii_hexdigit()
            }
        });
    if uuid { "site_id" } else { "site_slug" }
}

pub fn plan(p: &Plan) -> Result<Vec<Planned>, PlanError> {
    if p.batch_size == 0 {
        return Err(PlanError::BatchSizeZero);
    }
    let auth = Text::lit("Bearer ").then_secret(&p.token, Enc::Raw);
    let mk = || {
        Planned::new(
            "POST",
            Text::lit(format!("{}/api/v1/purge", p.base)),
            Kind::Netlify,
        )
        .header("Authorization", auth.clone())
    };
    let field = site_field(&p.site);
    let mut out = Vec::new();
    if p.all {
        out.push(
            mk().json(&serde_json::json!({ field: p.site }))
                .items(vec!["(whole site)".into()]),
        );
    } else {
        for chunk in batches(&p.tags, p.batch_size) {
            let body = serde_json::json!({ field: p.site, "cache_tags": chunk });
            out.push(mk().json(&body).items(chunk));
        }
    }
    Ok(number(out))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn site_ids_and_slugs() {
        assert_eq!(
            site_field("3970e0fe-8564-4903-9a55-c5f8de49fb8b"),
            "site_id"
        );
        assert_eq!(site_field("my-site"), "site_slug");
    }
}
