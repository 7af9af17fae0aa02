//! Cloudflare `--zone example.com`: the zone's id looked up by name before the purge, so users
//! can name the zone as they know it (wrangler does the same); ids are used as given.

use super::interpret::Answer;
use super::send::{Log, SendOptions, fetch};
use crate::http::client::ClientError;
use crate::http::request::{Redactor, SecretRef};
use crate::providers::cloudflare;
use std::sync::Arc;

/// Why a zone name could not be turned into an id.
#[derive(Debug, thiserror::Error)]
pub enum ZoneError {
    #[error("no Cloudflare zone named {name} is visible to this token")]
    NotFound { name: String },
    #[error("looking up zone {name}: HTTP {status}: {message}")]
    Refused {
        name: String,
        status: u16,
        message: String,
    },
    #[error("looking up zone {name}: {message}")]
    Failed { name: String, message: String },
    #[error("looking up zone {name}: {message}")]
    Unreachable { name: String, message: String },
    #[error("interrupted while looking up zone {0}")]
    Interrupted(String),
    #[error(transparent)]
    Client(#[from] ClientError),
}

/// `zone` itself when it is an id, else the id of the zone with that name.
pub fn resolve(
    base: &str,
    zone: &str,
    token: &Arc<SecretRef>,
    opts: SendOptions,
    redactor: &Redactor,
    log: Log<'_>,
) -> Result<String, ZoneError> {
    if !cloudflare::is_zone_name(zone) {
        return Ok(zone.to_string());
    }
    let req = cloudflare::zone_lookup(base, zone, token);
    let answer =
        fetch(&req, opts, redactor, log)?.ok_or_else(|| ZoneError::Interrupted(zone.into()))?;
    read(zone, &answer)
}

fn read(name: &str, a: &Answer) -> Result<String, ZoneError> {
    let name_s = || name.to_string();
    let body = a.body.as_str();
    let json: Option<serde_json::Value> = serde_json::from_str(body).ok();
    let message = || {
        crate::providers::error_message(json.as_ref(), body).unwrap_or_else(|| "no answer".into())
    };
    match a.status {
        None => Err(ZoneError::Unreachable {
            name: name_s(),
            message: a.error.as_ref().map_or_else(message, |e| e.to_string()),
        }),
        Some(s @ 400..=499) => Err(ZoneError::Refused {
            name: name_s(),
            status: s,
            message: message(),
        }),
        Some(200..=299) => match json.as_ref() {
            Some(v) if v.get("success").and_then(|s| s.as_bool()) == Some(true) => {
                cloudflare::zone_id(v, name).ok_or(ZoneError::NotFound { name: name_s() })
            }
            _ => Err(ZoneError::Failed {
                name: name_s(),
                message: message(),
            }),
        },
        Some(s) => Err(ZoneError::Failed {
            name: name_s(),
            message: format!("HTTP {s}: {}", message()),
        }),
    }
}
