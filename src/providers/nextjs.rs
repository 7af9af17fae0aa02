//! Next.js (and other frameworks') revalidation: the app's own route handler (`--endpoint`) and
//! the `x-prerender-revalidate` bypass header (Vercel bypass token or a self-hosted preview-mode id).
//!
//! Route handlers have no standard contract, so the request shape is configurable: where the
//! secret goes (query, header or body), JSON body or query string, extra parameters, the method.

use super::{ApiError, Ids, Kind, PlanError, Planned, check_url, number};
use crate::http::request::{Enc, Headers, MARKER, SecretRef, Text, url_encode};
use std::sync::Arc;

/// The header Next.js and Vercel's Build Output API use for on-demand revalidation.
pub const BYPASS_HEADER: &str = "x-prerender-revalidate";
/// Vercel rejects bypass tokens shorter than this at build time.
pub const VERCEL_MIN_TOKEN: usize = 32;

/// Where the app's route reads the secret.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SecretIn {
    Query,
    Header,
    Body,
}

/// How the path or tag is sent: a JSON body or a query string.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyShape {
    Json,
    Query,
}

#[derive(Debug, Clone)]
pub struct EndpointPlan {
    pub endpoint: String,
    pub method: String,
    pub paths: Vec<String>,
    pub tags: Vec<String>,
    pub secret: Option<Arc<SecretRef>>,
    pub secret_in: SecretIn,
    pub secret_name: String,
    pub body: BodyShape,
    pub params: Vec<(String, String)>,
}

/// One request per path and per tag.
pub fn plan_endpoint(p: &EndpointPlan) -> Result<Vec<Planned>, PlanError> {
    check_url(&p.endpoint)?;
    for path in &p.paths {
        if !path.starts_with('/') {
            return Err(PlanError::PathWithoutSlash(path.clone()));
        }
    }
    let items = p
        .paths
        .iter()
        .map(|x| ("path", x))
        .chain(p.tags.iter().map(|x| ("tag", x)));
    let mut out = Vec::new();
    for (field, value) in items {
        let mut query: Vec<(String, String)> = Vec::new();
        let mut body = serde_json::Map::new();
        let mut fields = vec![(field.to_string(), value.clone())];
        fields.extend(p.params.iter().cloned());
        match p.body {
            BodyShape::Json => {
                for (k, v) in fields {
                    body.insert(k, v.into());
                }
            }
            BodyShape::Query => query.extend(fields),
        }
        let mut headers = Vec::new();
        match (&p.secret, p.secret_in) {
            (Some(_), SecretIn::Query) => query.push((p.secret_name.clone(), MARKER.into())),
            (Some(_), SecretIn::Body) if p.body == BodyShape::Json => {
                body.insert(p.secret_name.clone(), MARKER.into());
            }
            // No body to put it in: moving it into the URL must be asked for (`--secret-in query`).
            (Some(_), SecretIn::Body) => return Err(PlanError::BodySecretWithoutBody),
            (Some(s), SecretIn::Header) => {
                let v = if p.secret_name.eq_ignore_ascii_case("authorization") {
                    Text::lit("Bearer ").then_secret(s, Enc::Raw)
                } else {
                    Text::lit("").then_secret(s, Enc::Raw)
                };
                headers.push((p.secret_name.clone(), v));
            }
            (None, _) => {}
        }
        let mut url = p.endpoint.clone();
        for (i, (k, v)) in query.iter().enumerate() {
            let sep = if i == 0 && !url.contains('?') {
                '?'
            } else {
                '&'
            };
            let v = if v == MARKER {
                MARKER.to_string()
            } else {
                url_encode(v)
            };
            url.push_str(&format!("{sep}{}={v}", url_encode(k)));
        }
        let url = match &p.secret {
            Some(s) => Text::from_template(&url, MARKER, s, Enc::Url),
            None => Text::lit(url),
        };
        let mut r = Planned::new(&p.method, url, Kind::NextEndpoint);
        r.headers = headers;
        if p.body == BodyShape::Json {
            let json = serde_json::Value::Object(body).to_string();
            r.headers
                .push(("Content-Type".into(), Text::lit("application/json")));
            r.body = Some(match &p.secret {
                Some(s) => Text::from_template(&json, MARKER, s, Enc::Json),
                None => Text::lit(json),
            });
        }
        let label = if field == "path" {
            value.clone()
        } else {
            format!("tag:{value}")
        };
        out.push(r.items(vec![label]));
    }
    Ok(number(out))
}

/// `GET` (or `HEAD`) each URL with `x-prerender-revalidate: <token>`.
pub fn plan_bypass(
    urls: &[String],
    method: &str,
    token: &Arc<SecretRef>,
) -> Result<Vec<Planned>, PlanError> {
    let mut out = Vec::new();
    for u in urls {
        check_url(u)?;
        out.push(
            Planned::new(method, Text::lit(u.clone()), Kind::Bypass)
                .header(BYPASS_HEADER, Text::lit("").then_secret(token, Enc::Raw))
                .items(vec![u.clone()]),
        );
    }
    Ok(number(out))
}

/// A 2xx from the app's route still fails on `{"revalidated": false}` or `{"ok": false}`.
pub fn read_endpoint(json: Option<&serde_json::Value>, body: &str) -> Result<Ids, ApiError> {
    if let Some(v) = json {
        for flag in ["revalidated", "ok", "success"] {
            if v.get(flag).and_then(|b| b.as_bool()) == Some(false) {
                let m =
                    super::error_message(Some(v), "").unwrap_or_else(|| body.trim().to_string());
                return Err(ApiError::rejected(format!(
                    "the app answered {flag}: false ({m})"
                )));
            }
        }
    }
    let line = body.lines().next().unwrap_or_default().trim();
    Ok(Ids::Note(line.chars().take(200).collect()))
}

/// `REVALIDATED` in `x-nextjs-cache` or `x-vercel-cache` means the page was re-rendered for us.
pub fn judge_bypass(h: &Headers) -> Result<Ids, ApiError> {
    for name in ["x-nextjs-cache", "x-vercel-cache"] {
        if let Some(v) = h.get(name) {
            let v = v.as_str().trim();
            return if v.eq_ignore_ascii_case("REVALIDATED") {
                Ok(Ids::Note(format!("{name}: {v}")))
            } else {
                Err(ApiError::rejected(format!(
                    "{name}: {v}: the token was ignored, nothing was regenerated \
                     (wrong bypass token or a preview-mode id from another build)"
                )))
            };
        }
    }
    Err(ApiError::rejected(
        "no x-nextjs-cache or x-vercel-cache header: cannot tell whether the page was revalidated \
         (is it an ISR page?)",
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::http::request::Origin;

    fn plan_with(secret_in: SecretIn, body: BodyShape) -> Vec<Planned> {
        plan_endpoint(&EndpointPlan {
            endpoint: "http://app/api/revalidate".into(),
            method: "POST".into(),
            paths: vec!["/a b".into()],
            tags: vec!["posts".into()],
            secret: Some(SecretRef::new(
                "s&3",
                Origin::Env("REVALIDATE_SECRET".into()),
            )),
            secret_in,
            secret_name: "secret".into(),
            body,
            params: vec![("profile".into(), "max".into())],
        })
        .unwrap()
    }

    #[test]
    fn secret_placement() {
        let r = plan_with(SecretIn::Body, BodyShape::Json);
        assert_eq!(r.len(), 2);
        let b: serde_json::Value =
            serde_json::from_str(&r[1].body.as_ref().unwrap().wire()).unwrap();
        assert_eq!(
            b,
            serde_json::json!({"tag": "posts", "profile": "max", "secret": "s&3"})
        );
        assert!(
            r[1].body
                .as_ref()
                .unwrap()
                .shown()
                .contains("\"secret\":\"***\"")
        );
        assert_eq!(r[1].items, vec!["tag:posts"]);
        let r = plan_with(SecretIn::Query, BodyShape::Query);
        assert_eq!(
            r[0].url.wire(),
            "http://app/api/revalidate?path=%2Fa%20b&profile=max&secret=s%263"
        );
        assert_eq!(
            r[0].url.shown(),
            "http://app/api/revalidate?path=%2Fa%20b&profile=max&secret=***"
        );
        assert!(r[0].body.is_none());
        let r = plan_with(SecretIn::Header, BodyShape::Json);
        assert_eq!(r[0].headers[0].0, "secret");
        assert_eq!(r[0].headers[0].1.wire(), "s&3");
    }

    #[test]
    fn bypass_verdicts() {
        let r = crate::http::request::Redactor::default();
        let h = |v: &str| r.headers([("X-Nextjs-Cache", v.as_bytes())]);
        assert!(judge_bypass(&h("REVALIDATED")).is_ok());
        assert!(
            judge_bypass(&h("HIT"))
                .unwrap_err()
                .to_string()
                .contains("ignored")
        );
        assert!(judge_bypass(&Headers::default()).is_err());
    }

    #[test]
    fn a_body_secret_is_never_moved_into_the_url() {
        let p = plan_endpoint(&EndpointPlan {
            endpoint: "http://app/api/revalidate".into(),
            method: "GET".into(),
            paths: vec!["/a".into()],
            tags: vec![],
            secret: Some(SecretRef::new("s", Origin::Env("S".into()))),
            secret_in: SecretIn::Body,
            secret_name: "secret".into(),
            body: BodyShape::Query,
            params: vec![],
        });
        assert_eq!(p.unwrap_err(), PlanError::BodySecretWithoutBody);
    }
}
