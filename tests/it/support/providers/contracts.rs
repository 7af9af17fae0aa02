//! Each provider's documented contract as a wiremock responder: paths, auth headers, batch caps,
//! error bodies (echoing the credentials received, to prove the CLI redacts them).

use super::{APP_SECRET, PREVIEW_ID, Received, SecretAt, TOKEN};
use serde_json::{Value, json};
use wiremock::ResponseTemplate;

pub(super) fn err_json(status: u16, body: Value) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_json(body)
}

fn bearer_ok(r: &Received) -> bool {
    r.header("authorization") == Some(&format!("Bearer {TOKEN}"))
}

pub(super) fn vercel(r: &Received, echo: &str) -> ResponseTemplate {
    if !bearer_ok(r) {
        return err_json(
            403,
            json!({"error": {"code": "forbidden", "message": format!("Not authorized ({echo})")}}),
        );
    }
    if !r.query.contains("projectIdOrName=") {
        return err_json(
            400,
            json!({"error": {"code": "bad_request", "message": "projectIdOrName is required"}}),
        );
    }
    match (r.method.as_str(), r.path.as_str()) {
        (
            "POST",
            "/v1/edge-cache/invalidate-by-tags" | "/v1/edge-cache/dangerously-delete-by-tags",
        ) => {
            let body = r.json();
            let Some(tags) = body["tags"].as_array() else {
                return err_json(
                    400,
                    json!({"error": {"code": "bad_request", "message": "tags must be an array"}}),
                );
            };
            if tags.is_empty() || tags.len() > 16 {
                return err_json(
                    400,
                    json!({"error": {"code": "bad_request", "message": "tags must contain 1 to 16 items"}}),
                );
            }
            if tags
                .iter()
                .any(|t| t.as_str().is_none_or(|s| s.len() > 256))
            {
                return err_json(
                    400,
                    json!({"error": {"code": "bad_request", "message": "tag longer than 256"}}),
                );
            }
            ResponseTemplate::new(200)
        }
        ("POST", "/v1/edge-cache/purge-all") | ("DELETE", "/v1/data-cache/purge-all") => {
            ResponseTemplate::new(200)
        }
        _ => err_json(
            404,
            json!({"error": {"code": "not_found", "message": "no such endpoint"}}),
        ),
    }
}

fn cf_err(status: u16, code: u32, msg: &str) -> ResponseTemplate {
    err_json(
        status,
        json!({"success": false, "errors": [{"code": code, "message": msg}], "messages": [], "result": null}),
    )
}

pub(super) fn cloudflare(r: &Received, echo: &str, cap: usize) -> ResponseTemplate {
    if !bearer_ok(r) {
        return cf_err(403, 10000, &format!("Authentication error ({echo})"));
    }
    if r.method == "GET" && r.path == "/zones" {
        return cf_zones(&r.query);
    }
    let ok_path = r.path.starts_with("/zones/")
        && (r.path.ends_with("/purge_cache") || r.path.ends_with("/invalidate_cache"));
    if r.method != "POST" || !ok_path {
        return cf_err(404, 7003, "No route for that URI");
    }
    let body = r.json();
    let Some(obj) = body.as_object() else {
        return cf_err(
            400,
            1012,
            "Request must contain one of \"purge_everything\", \"files\", \"tags\", \"hosts\" or \"prefixes\"",
        );
    };
    if obj.len() != 1 {
        return cf_err(400, 1012, "exactly one selector per request");
    }
    let (k, v) = obj.iter().next().unwrap();
    if k == "purge_everything" {
        if v != &json!(true) {
            return cf_err(400, 1012, "purge_everything must be true");
        }
    } else if ["files", "tags", "hosts", "prefixes"].contains(&k.as_str()) {
        let Some(a) = v.as_array() else {
            return cf_err(400, 1014, "selector must be an array");
        };
        if a.len() > cap {
            return cf_err(400, 1015, &format!("More than {cap} items in the request"));
        }
    } else {
        return cf_err(
            400,
            1012,
            "Request must contain one of \"purge_everything\", \"files\", \"tags\", \"hosts\" or \"prefixes\"",
        );
    }
    let id = format!("cfid-{:x}", r.body.len() * 7919);
    err_json(
        200,
        json!({"success": true, "errors": [], "messages": [], "result": {"id": id}}),
    )
}

/// The zone the Cloudflare mock knows by name, and its id (the documentation's example).
pub const CF_ZONE: (&str, &str) = ("example.com", "023e105f4ecef8ad9ca31a8372d0c353");

/// `GET /zones?name=NAME`: the zones with that name (one or none), in the list envelope.
fn cf_zones(query: &str) -> ResponseTemplate {
    let name = url_pairs(query)
        .into_iter()
        .find(|(k, _)| k == "name")
        .map(|(_, v)| v);
    let result: Vec<Value> = match name.as_deref() {
        Some(n) if n == CF_ZONE.0 => vec![json!({"id": CF_ZONE.1, "name": n, "status": "active"})],
        Some(_) => vec![],
        None => return cf_err(400, 1001, "name is required in this mock"),
    };
    let count = result.len();
    err_json(
        200,
        json!({"success": true, "errors": [], "messages": [], "result": result,
               "result_info": {"page": 1, "per_page": 20, "count": count, "total_count": count}}),
    )
}

pub(super) fn fastly(r: &Received, echo: &str) -> ResponseTemplate {
    if r.header("fastly-key") != Some(TOKEN) {
        return err_json(
            401,
            json!({"msg": "Provided credentials are missing or invalid", "detail": echo}),
        );
    }
    if r.method != "POST" {
        return err_json(405, json!({"msg": "Method not allowed"}));
    }
    let soft = r.header("fastly-soft-purge") == Some("1");
    if let Some(rest) = r.path.strip_prefix("/purge/") {
        return err_json(
            200,
            json!({"status": "ok", "id": format!("url-{}", rest.len())}),
        );
    }
    let parts: Vec<&str> = r.path.trim_start_matches('/').split('/').collect();
    match parts.as_slice() {
        ["service", _, "purge_all"] => {
            if soft {
                return err_json(400, json!({"msg": "purge_all cannot be soft"}));
            }
            err_json(200, json!({"status": "ok"}))
        }
        ["service", _, "purge"] => {
            let body = r.json();
            let Some(keys) = body["surrogate_keys"].as_array() else {
                return err_json(400, json!({"msg": "surrogate_keys required"}));
            };
            if keys.len() > 256 {
                return err_json(
                    400,
                    json!({"msg": "Too many surrogate keys", "detail": "at most 256 keys per request"}),
                );
            }
            let map: serde_json::Map<String, Value> = keys
                .iter()
                .map(|k| {
                    (
                        k.as_str().unwrap_or_default().to_string(),
                        json!(format!("108-{}", k.as_str().unwrap_or_default())),
                    )
                })
                .collect();
            err_json(200, Value::Object(map))
        }
        _ => err_json(404, json!({"msg": "Record not found"})),
    }
}

pub(super) fn netlify(r: &Received, echo: &str) -> ResponseTemplate {
    if !bearer_ok(r) {
        return err_json(
            401,
            json!({"code": 401, "message": format!("Access Denied ({echo})")}),
        );
    }
    if r.method != "POST" || r.path != "/api/v1/purge" {
        return err_json(404, json!({"code": 404, "message": "Not Found"}));
    }
    let body = r.json();
    if body.get("site_id").is_none() && body.get("site_slug").is_none() {
        return err_json(
            400,
            json!({"code": 400, "message": "site_id or site_slug is required"}),
        );
    }
    if body.get("cache_tags").is_some_and(|t| !t.is_array()) {
        return err_json(
            400,
            json!({"code": 400, "message": "cache_tags must be an array"}),
        );
    }
    if body["site_slug"] == json!("unknown-site") {
        return err_json(404, json!({"code": 404, "message": "Not Found"}));
    }
    ResponseTemplate::new(202)
}

pub(super) fn varnish(r: &Received) -> ResponseTemplate {
    // A purge token, when sent, must be the right one (the 403 echoes what it got, like a
    // careless VCL would).
    if let Some(tok) = r.header("x-purge-secret")
        && tok != TOKEN
    {
        return ResponseTemplate::new(403).set_body_string(format!("Invalid purge token {tok}"));
    }
    match r.method.as_str() {
        "PURGE" if r.path == "/not-cached" => {
            ResponseTemplate::new(404).set_body_string("Not in cache")
        }
        "PURGE" | "BAN" => ResponseTemplate::new(200).set_body_string("Purged"),
        _ => ResponseTemplate::new(405).set_body_string("Method Not Allowed"),
    }
}

pub(super) fn next_route(r: &Received, at: SecretAt, echo: &str) -> (bool, ResponseTemplate) {
    if r.path != "/api/revalidate" {
        return (false, ResponseTemplate::new(404));
    }
    let body = r.json();
    let query: Vec<(String, String)> = url_pairs(&r.query);
    let q = |k: &str| query.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone());
    let secret = match at {
        SecretAt::Body => body["secret"].as_str().map(String::from),
        SecretAt::Query => q("secret"),
        SecretAt::Header => r.header("x-revalidate-secret").map(String::from),
    };
    if secret.as_deref() != Some(APP_SECRET) {
        return (
            false,
            err_json(
                401,
                json!({"ok": false, "error": format!("bad secret ({echo})")}),
            ),
        );
    }
    let what = body["path"]
        .as_str()
        .filter(|s| !s.is_empty())
        .map(|p| format!("revalidatePath({p})"))
        .or_else(|| {
            body["tag"]
                .as_str()
                .filter(|s| !s.is_empty())
                .map(|t| format!("revalidateTag({t})"))
        })
        .or_else(|| q("path").map(|p| format!("revalidatePath({p})")))
        .or_else(|| q("tag").map(|t| format!("revalidateTag({t})")));
    match what {
        Some(w) => (
            true,
            err_json(
                200,
                json!({"ok": true, "done": [w], "now": "2026-11-23T10:13:38.356Z"}),
            ),
        ),
        None => (
            false,
            err_json(
                200,
                json!({"revalidated": false, "message": "Missing path to revalidate"}),
            ),
        ),
    }
}

fn url_pairs(q: &str) -> Vec<(String, String)> {
    q.split('&')
        .filter_map(|p| p.split_once('='))
        .map(|(k, v)| (decode(k), decode(v)))
        .collect()
}

fn decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() {
            if let Ok(v) = u8::from_str_radix(&s[i + 1..i + 3], 16) {
                out.push(v);
                i += 3;
                continue;
            }
        }
        out.push(if b[i] == b'+' { b' ' } else { b[i] });
        i += 1;
    }
    String::from_utf8_lossy(&out).to_string()
}

pub(super) fn next_page(r: &Received) -> ResponseTemplate {
    let state = if r.header("x-prerender-revalidate") == Some(PREVIEW_ID) {
        "REVALIDATED"
    } else {
        "HIT"
    };
    ResponseTemplate::new(200)
        .insert_header("x-nextjs-cache", state)
        .insert_header(
            "cache-control",
            "s-maxage=3600, stale-while-revalidate=31532400",
        )
        .set_body_string("<html>page</html>")
}
