//! Amazon CloudFront: `CreateInvalidation` (`POST /2020-05-31/distribution/{Id}/invalidation`,
//! an XML `InvalidationBatch`) and `GetInvalidation` for `--wait`, SigV4-signed at send time
//! (`Planned::sign`). Paths only (`/a`, `/blog/*`). The documented in-progress maxima per
//! distribution (3,000 individual paths, 15 wildcard paths) cap what one run sends: the paths
//! past them are held back and reported, never silently dropped. docs/reference/cloudfront.md
//! cites the API reference for each of these.

use super::signing::Signer;
use super::{Accepts, ApiError, Ids, ItemKind, Kind, Opt, PlanError, Planned, batches, number};
use crate::http::request::{Text, url_encode};
use quick_xml::Reader;
use quick_xml::events::{BytesText, Event};
use quick_xml::writer::Writer;

pub const API: &str = "https://cloudfront.amazonaws.com";
/// The API version in every path.
pub const VERSION: &str = "2020-05-31";
/// CloudFront is a global service: requests are signed for us-east-1.
pub const REGION: &str = "us-east-1";
pub const SERVICE: &str = "cloudfront";
/// Individual (non-wildcard) paths in progress at once per distribution.
pub const MAX_PATHS: usize = 3000;
/// Wildcard paths in progress at once per distribution.
pub const MAX_WILDCARDS: usize = 15;
const XMLNS: &str = "http://cloudfront.amazonaws.com/doc/2020-05-31/";

/// Paths, from `--path`, positional items or `--from-file`.
pub const ACCEPTS: Accepts = Accepts {
    items: &[ItemKind::Path],
    file_kind: ItemKind::Path,
    items_flag: "--path",
    options: &[Opt::Distribution, Opt::Profile, Opt::BatchSize, Opt::Wait],
    needs: &[],
    item_hints: &[
        (ItemKind::Url, HINT),
        (ItemKind::Tag, HINT),
        (ItemKind::Key, HINT),
        (ItemKind::Host, HINT),
        (ItemKind::Prefix, HINT),
    ],
    token_vars: &[],
    needs_token: false,
};
const HINT: &str = "CloudFront invalidates paths: --path /blog/post-1 or --path '/blog/*'";

#[derive(Debug, Clone)]
pub struct Plan {
    pub base: String,
    pub distribution: String,
    pub paths: Vec<String>,
    /// Paths per request (at most the in-progress maxima allow in one run).
    pub batch_size: usize,
    /// Unique per run (`isrctl-<unix ms>-<pid>`); request N sends `<this>-N`.
    pub caller_reference: String,
    pub signer: Signer,
}

/// A fresh `CallerReference` stem: `isrctl-<unix ms>-<pid>`.
pub fn caller_reference(now: std::time::SystemTime) -> String {
    let ms = now
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis());
    format!("isrctl-{ms}-{}", std::process::id())
}

/// Whether a path is a wildcard path (ends with `*`).
pub fn is_wildcard(path: &str) -> bool {
    path.ends_with('*')
}

/// Check one path: it starts with `/`; `*` only at the end. A full URL is refused with the
/// path to give instead (its host may not be this distribution's).
pub fn check_path(p: &str) -> Result<(), PlanError> {
    if let Ok(u) = reqwest::Url::parse(p)
        && matches!(u.scheme(), "http" | "https")
    {
        let mut path = u.path().to_string();
        if let Some(q) = u.query() {
            path = format!("{path}?{q}");
        }
        return Err(PlanError::UrlNotPath {
            given: p.to_string(),
            path,
        });
    }
    if !p.starts_with('/') {
        return Err(PlanError::PathWithoutSlash(p.to_string()));
    }
    if p.trim_end_matches('*').contains('*') {
        return Err(PlanError::WildcardNotLast(p.to_string()));
    }
    Ok(())
}

/// The paths one run can send, and those held back past the in-progress maxima, with why.
pub fn split_at_limits(paths: &[String]) -> (Vec<String>, Vec<(String, String)>) {
    let (mut files, mut wild) = (0, 0);
    let mut send = Vec::new();
    let mut held = Vec::new();
    for p in paths {
        let (n, max, what) = if is_wildcard(p) {
            (&mut wild, MAX_WILDCARDS, "wildcard paths")
        } else {
            (&mut files, MAX_PATHS, "individual paths")
        };
        if *n < max {
            *n += 1;
            send.push(p.clone());
        } else {
            held.push((
                p.clone(),
                format!(
                    "not sent: CloudFront allows at most {max} {what} in progress per \
                     distribution; run again for these once the others complete"
                ),
            ));
        }
    }
    (send, held)
}

/// The `CreateInvalidation` requests for the paths within the maxima, numbered.
pub fn plan(p: &Plan) -> Result<Vec<Planned>, PlanError> {
    if p.batch_size == 0 {
        return Err(PlanError::BatchSizeZero);
    }
    for path in &p.paths {
        check_path(path)?;
    }
    let (send, _held) = split_at_limits(&p.paths);
    let url = Text::lit(format!(
        "{}/{VERSION}/distribution/{}/invalidation",
        p.base,
        url_encode(&p.distribution)
    ));
    let out: Vec<Planned> = batches(&send, p.batch_size)
        .into_iter()
        .enumerate()
        .map(|(i, chunk)| {
            let body = invalidation_batch(&format!("{}-{}", p.caller_reference, i + 1), &chunk);
            let mut r = Planned::new("POST", url.clone(), Kind::CloudFront)
                .header("Content-Type", Text::lit("application/xml"))
                .signed(p.signer.clone())
                .items(chunk);
            r.body = Some(Text::lit(body));
            r
        })
        .collect();
    Ok(number(out))
}

/// The XML body of `CreateInvalidation`.
pub fn invalidation_batch(caller_reference: &str, paths: &[String]) -> String {
    let mut w = Writer::new(Vec::new());
    let write = |w: &mut Writer<Vec<u8>>| -> std::io::Result<()> {
        w.create_element("InvalidationBatch")
            .with_attribute(("xmlns", XMLNS))
            .write_inner_content(|w| {
                w.create_element("CallerReference")
                    .write_text_content(BytesText::new(caller_reference))?;
                w.create_element("Paths").write_inner_content(|w| {
                    w.create_element("Quantity")
                        .write_text_content(BytesText::new(&paths.len().to_string()))?;
                    w.create_element("Items").write_inner_content(|w| {
                        for p in paths {
                            w.create_element("Path")
                                .write_text_content(BytesText::new(p))?;
                        }
                        Ok(())
                    })?;
                    Ok(())
                })?;
                Ok(())
            })?;
        Ok(())
    };
    // Writing into a Vec cannot fail.
    let _ = write(&mut w);
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>{}",
        String::from_utf8_lossy(&w.into_inner())
    )
}

/// `GetInvalidation` for `--wait`.
pub fn get_invalidation(base: &str, distribution: &str, id: &str, signer: &Signer) -> Planned {
    let url = Text::lit(format!(
        "{base}/{VERSION}/distribution/{}/invalidation/{}",
        url_encode(distribution),
        url_encode(id)
    ));
    Planned::new("GET", url, Kind::CloudFront)
        .signed(signer.clone())
        .items(vec![format!("invalidation {id}")])
}

/// The text of the first element at `path` (local names from the root), if any; entities are
/// unescaped (quick-xml hands them over as separate events).
pub fn xml_text(body: &str, path: &[&str]) -> Option<String> {
    let mut r = Reader::from_str(body);
    let mut stack: Vec<String> = Vec::new();
    let mut text: Option<String> = None;
    loop {
        match r.read_event().ok()? {
            Event::Start(e) => {
                let ln = e.local_name();
                stack.push(AsRef::<str>::as_ref(&ln).to_string());
                if stack == path {
                    text = Some(String::new());
                }
            }
            Event::End(_) => {
                if stack == path {
                    return text;
                }
                stack.pop();
            }
            Event::Text(t) => {
                if let Some(s) = text.as_mut() {
                    s.push_str(&t.into_inner());
                }
            }
            Event::CData(t) => {
                if let Some(s) = text.as_mut() {
                    s.push_str(&t.into_inner());
                }
            }
            Event::GeneralRef(e) => {
                if let Some(s) = text.as_mut() {
                    let raw = format!("&{};", AsRef::<str>::as_ref(&e.into_inner()));
                    match quick_xml::escape::unescape(&raw) {
                        Ok(t) => s.push_str(&t),
                        Err(_) => s.push_str(&raw),
                    }
                }
            }
            Event::Eof => return None,
            _ => {}
        }
    }
}

/// `Invalidation/Id` and `Invalidation/Status` of a 201 (or a `GetInvalidation` 200).
pub fn read_invalidation(body: &str) -> Option<(String, String)> {
    Some((
        xml_text(body, &["Invalidation", "Id"])?,
        xml_text(body, &["Invalidation", "Status"]).unwrap_or_default(),
    ))
}

/// A 2xx answer must carry the invalidation's id.
pub fn read_ok(body: &str) -> Result<Ids, ApiError> {
    match read_invalidation(body) {
        Some((id, _)) => Ok(Ids::One(Some(id))),
        None => Err(ApiError::failed("answer has no Invalidation/Id")),
    }
}

/// `Code: Message` from an `ErrorResponse/Error` document.
pub fn error_message(body: &str) -> Option<String> {
    let code = xml_text(body, &["ErrorResponse", "Error", "Code"])?;
    Some(
        match xml_text(body, &["ErrorResponse", "Error", "Message"]) {
            Some(m) => format!("{code}: {m}"),
            None => code,
        },
    )
}

/// AWS's throttling answers are `400` with code `Throttling` (or `429`/`503`): retried.
pub fn is_throttling(body: &str) -> bool {
    matches!(
        xml_text(body, &["ErrorResponse", "Error", "Code"]).as_deref(),
        Some("Throttling" | "ThrottlingException" | "RequestLimitExceeded")
    )
}

#[cfg(test)]
mod tests;
