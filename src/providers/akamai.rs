//! Akamai Fast Purge (CCU v3): `POST /ccu/v3/{invalidate|delete}/{url|cpcode|tag}/{network}` with
//! `{"objects": [...]}`, one object type per request, EdgeGrid-signed.
//!
//! Bodies stay within the documented 50,000 bytes (413 beyond), and a request holds no more
//! objects than its type's token bucket (URL 10,000, CP code 300, tag 5,000), which the API
//! would refuse outright. Answers: 201 `{"httpStatus": 201, "purgeId", "estimatedSeconds", ..}`;
//! errors are problem documents (`title`, `detail`, `httpStatus`, `supportId`). Reference:
//! docs/reference/akamai.md.

use super::signing::Signer;
use super::{Accepts, ApiError, Ids, ItemKind, Kind, Opt, PlanError, Planned, check_url, number};
use crate::http::request::Text;
use serde_json::Value;

/// The documented request body limit, in bytes.
pub const MAX_BODY: usize = 50_000;

/// URLs, CP codes and cache tags; invalidate (default) or delete; staging or production.
pub const ACCEPTS: Accepts = Accepts {
    items: &[ItemKind::Url, ItemKind::Cpcode, ItemKind::Tag],
    file_kind: ItemKind::Url,
    items_flag: "--url/--cpcode/--tag",
    options: &[Opt::Delete, Opt::Network, Opt::Edgerc, Opt::Section],
    needs: &[],
    item_hints: &[(
        ItemKind::Key,
        "Akamai purges by cache tag (Edge-Cache-Tag): use --tag",
    )],
    token_vars: &[],
    needs_token: false,
};

/// Invalidate (revalidate with the origin before reuse) or delete (fetch anew).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Invalidate,
    Delete,
}

/// Which Akamai network's caches.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Network {
    Staging,
    #[default]
    Production,
}

impl Network {
    pub fn name(self) -> &'static str {
        match self {
            Network::Staging => "staging",
            Network::Production => "production",
        }
    }
}

/// The object type of a request, its path segment and its token bucket's size.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Objects {
    Url,
    Cpcode,
    Tag,
}

impl Objects {
    pub fn segment(self) -> &'static str {
        match self {
            Objects::Url => "url",
            Objects::Cpcode => "cpcode",
            Objects::Tag => "tag",
        }
    }
    /// The most objects one request may hold (the bucket size: a larger request never passes).
    pub fn max_objects(self) -> usize {
        match self {
            Objects::Url => 10_000,
            Objects::Cpcode => 300,
            Objects::Tag => 5_000,
        }
    }
}

#[derive(Debug, Clone)]
pub struct Plan {
    /// `https://{host}` from `.edgerc` (or `--base-url`).
    pub base: String,
    pub action: Action,
    pub network: Network,
    pub urls: Vec<String>,
    pub cpcodes: Vec<String>,
    pub tags: Vec<String>,
    pub signer: Signer,
}

pub fn plan(p: &Plan) -> Result<Vec<Planned>, PlanError> {
    let action = match p.action {
        Action::Invalidate => "invalidate",
        Action::Delete => "delete",
    };
    let mut out = Vec::new();
    for (kind, items) in [
        (Objects::Url, &p.urls),
        (Objects::Cpcode, &p.cpcodes),
        (Objects::Tag, &p.tags),
    ] {
        let objects = items
            .iter()
            .map(|i| object(kind, i).map(|v| (i.clone(), v)))
            .collect::<Result<Vec<_>, _>>()?;
        let url = Text::lit(format!(
            "{}/ccu/v3/{action}/{}/{}",
            p.base,
            kind.segment(),
            p.network.name()
        ));
        for chunk in batches(objects, MAX_BODY, kind.max_objects())? {
            let (names, values): (Vec<String>, Vec<Value>) = chunk.into_iter().unzip();
            out.push(
                Planned::new("POST", url.clone(), Kind::Akamai)
                    .json(&serde_json::json!({ "objects": values }))
                    .signed(p.signer.clone())
                    .items(names),
            );
        }
    }
    Ok(number(out))
}

/// One object as the API takes it: a full URL, a CP code (a JSON number) or a tag.
fn object(kind: Objects, item: &str) -> Result<Value, PlanError> {
    match kind {
        Objects::Url => check_url(item).map(|_| Value::from(item)),
        Objects::Cpcode => item
            .trim()
            .parse::<u64>()
            .map(Value::from)
            .map_err(|_| PlanError::BadCpcode(item.to_string())),
        Objects::Tag => Ok(Value::from(item)),
    }
}

/// `{"objects":[` and `]}`.
const ENVELOPE: usize = r#"{"objects":[]}"#.len();

/// Split objects, in order, into requests whose body (`{"objects":[..]}`, compact JSON) is at
/// most `max_bytes` long and that hold at most `max_objects` each.
pub fn batches(
    objects: Vec<(String, Value)>,
    max_bytes: usize,
    max_objects: usize,
) -> Result<Vec<Vec<(String, Value)>>, PlanError> {
    let mut out: Vec<Vec<(String, Value)>> = Vec::new();
    let mut cur: Vec<(String, Value)> = Vec::new();
    let mut size = ENVELOPE;
    for (name, v) in objects {
        let len = v.to_string().len();
        if ENVELOPE + len > max_bytes {
            return Err(PlanError::AkamaiObjectTooLarge {
                item: name,
                max: max_bytes - ENVELOPE,
            });
        }
        let comma = usize::from(!cur.is_empty());
        if !cur.is_empty() && (size + comma + len > max_bytes || cur.len() == max_objects) {
            out.push(std::mem::take(&mut cur));
            size = ENVELOPE;
        }
        size += usize::from(!cur.is_empty()) + len;
        cur.push((name, v));
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    Ok(out)
}

/// A 2xx answer: the purge id and the estimated seconds until it is done everywhere.
pub fn read_ok(json: Option<&Value>) -> Result<Ids, ApiError> {
    let Some(v) = json.filter(|v| v.is_object()) else {
        return Err(ApiError::failed("answer was not a JSON object"));
    };
    let id = v.get("purgeId").and_then(Value::as_str).map(String::from);
    Ok(match v.get("estimatedSeconds").and_then(Value::as_u64) {
        Some(s) => Ids::Noted {
            id,
            note: format!("done in ~{s}s"),
        },
        None => Ids::One(id),
    })
}

/// The message of a problem document: `title: detail`, the rate limit figures of a 429 and the
/// support id Akamai asks for.
pub fn problem(json: Option<&Value>) -> Option<String> {
    let v = json?;
    let text = |k: &str| {
        v.get(k)
            .and_then(Value::as_str)
            .map(str::trim)
            .filter(|s| !s.is_empty())
    };
    let mut m = match (text("title"), text("detail")) {
        (Some(t), Some(d)) => format!("{t}: {d}"),
        (Some(t), None) => t.to_string(),
        (None, Some(d)) => d.to_string(),
        (None, None) => return None,
    };
    let num = |k: &str| v.get(k).and_then(Value::as_u64);
    if let (Some(limit), Some(left), Some(asked)) = (
        num("rateLimit"),
        num("rateLimitRemaining"),
        num("rateLimitCurrentRequestSize"),
    ) {
        m = format!("{m} ({asked} objects asked, {left} of {limit} tokens left)");
    }
    if let Some(s) = text("supportId") {
        m = format!("{m} [supportId {s}]");
    }
    Some(m)
}

#[cfg(test)]
mod tests;
