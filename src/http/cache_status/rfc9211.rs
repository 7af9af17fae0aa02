//! RFC 9211 `Cache-Status`: parsed as a structured-field list with `sfv`, falling back to a
//! lenient parser for the non-conforming values some CDNs send; one layer per list member.

use super::*;

/// Parse an RFC 9211 `Cache-Status` value into layers, client-nearest first.
pub fn parse_cache_status(v: &str) -> Vec<Layer> {
    let members = match sfv::Parser::new(v).parse::<sfv::List>() {
        Ok(list) => list
            .into_iter()
            .filter_map(|e| match e {
                sfv::ListEntry::Item(it) => Some(member_from_sfv(&it)),
                sfv::ListEntry::InnerList(_) => None,
            })
            .collect(),
        Err(_) => lenient_members(v),
    };
    let mut layers: Vec<Layer> = members.into_iter().map(|m| m.into_layer()).collect();
    layers.reverse();
    layers
}

#[derive(Default, Debug)]
struct Member {
    name: String,
    raw: String,
    hit: bool,
    fwd: Option<String>,
    fwd_status: Option<i64>,
    ttl: Option<i64>,
    detail: Option<String>,
}

impl Member {
    fn into_layer(self) -> Layer {
        let state = if self.hit && self.fwd.as_deref() == Some("stale") {
            // Netlify and its Next.js runtime: served stale, background refresh.
            CacheState::Stale
        } else if self.hit {
            if self.ttl.is_some_and(|t| t < 0) {
                CacheState::Stale
            } else {
                CacheState::Hit
            }
        } else {
            match self.fwd.as_deref() {
                Some("stale") if self.fwd_status == Some(304) => CacheState::Revalidated,
                Some("stale") => CacheState::Expired,
                Some("uri-miss" | "vary-miss" | "miss" | "partial" | "request") => CacheState::Miss,
                Some("bypass") => CacheState::Bypass,
                Some("method") => CacheState::Dynamic,
                _ => CacheState::Unknown,
            }
        };
        let mut detail = self.detail.clone();
        if let Some(f) = &self.fwd {
            let f = format!("fwd={f}");
            detail = Some(match detail {
                Some(d) => format!("{f}; {d}"),
                None => f,
            });
        }
        Layer {
            source: format!("cache-status:{}", self.name),
            header: "cache-status".into(),
            raw: self.raw,
            state,
            detail,
            ttl: self.ttl,
        }
    }
}

fn member_from_sfv(it: &sfv::Item) -> Member {
    let name = match &it.bare_item {
        sfv::BareItem::Token(t) => t.as_str().to_string(),
        sfv::BareItem::String(s) => s.as_str().to_string(),
        other => format!("{other:?}"),
    };
    let mut m = Member {
        name,
        ..Member::default()
    };
    for (k, v) in &it.params {
        match k.as_str() {
            "hit" => m.hit = v.as_boolean().unwrap_or(false),
            "fwd" => m.fwd = v.as_token().map(|t| t.as_str().to_ascii_lowercase()),
            "fwd-status" => m.fwd_status = v.as_integer().map(i64::from),
            "ttl" => m.ttl = v.as_integer().map(i64::from),
            "detail" => {
                m.detail = v
                    .as_token()
                    .map(|t| t.as_str().to_string())
                    .or_else(|| v.as_string().map(|s| s.as_str().to_string()))
            }
            _ => {}
        }
    }
    m.raw = sfv::FieldType::serialize(it);
    m
}

/// A forgiving parser for values that are not valid structured fields, such as Netlify's blog
/// form `"Netlify Edge"; hit, fwd=stale` (a nameless `key=value` member continues the previous one).
fn lenient_members(v: &str) -> Vec<Member> {
    let mut out: Vec<Member> = Vec::new();
    for part in split_outside_quotes(v, ',') {
        let mut pieces = split_outside_quotes(&part, ';').into_iter();
        let head = pieces.next().unwrap_or_default();
        let head_t = head.trim();
        let continues = head_t.contains('=') && !head_t.starts_with('"') && !out.is_empty();
        let mut params: Vec<String> = Vec::new();
        if continues {
            params.push(head_t.to_string());
        }
        params.extend(pieces);
        let m = if continues {
            let m = out.last_mut().expect("checked non-empty");
            m.raw.push_str(", ");
            m.raw.push_str(part.trim());
            m
        } else {
            out.push(Member {
                name: head_t.trim_matches('"').to_string(),
                raw: part.trim().to_string(),
                ..Member::default()
            });
            out.last_mut().expect("just pushed")
        };
        for p in params {
            let (k, val) = match p.split_once('=') {
                Some((k, v)) => (
                    k.trim().to_ascii_lowercase(),
                    Some(v.trim().trim_matches('"')),
                ),
                None => (p.trim().to_ascii_lowercase(), None),
            };
            match (k.as_str(), val) {
                ("hit", None) | ("hit", Some("?1")) => m.hit = true,
                ("fwd", Some(x)) => m.fwd = Some(x.to_ascii_lowercase()),
                ("fwd-status", Some(x)) => m.fwd_status = x.parse().ok(),
                ("ttl", Some(x)) => m.ttl = x.parse().ok(),
                ("detail", Some(x)) => m.detail = Some(x.to_string()),
                _ => {}
            }
        }
    }
    out
}

fn split_outside_quotes(s: &str, sep: char) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    for c in s.chars() {
        if c == '"' {
            quoted = !quoted;
        }
        if c == sep && !quoted {
            out.push(std::mem::take(&mut cur));
        } else {
            cur.push(c);
        }
    }
    out.push(cur);
    out
}
