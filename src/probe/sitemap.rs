//! `--sitemap`: read `<loc>` URLs from a sitemap.xml, following sitemap indexes, with bounded
//! size (per document, compressed or not), depth, document count, URL count and total time; a
//! limit that cuts the list short is reported (`Cap`), never silent. Parsing is pure (`parse`);
//! `fetch_urls` and `add_urls` do IO.

use crate::http::target::http_url;
use quick_xml::Reader;
use quick_xml::events::Event;
use std::collections::HashSet;
use std::time::{Duration, Instant};
use url::Url;

/// Largest sitemap document read (the protocol's limit is 50 MB uncompressed).
pub const MAX_BYTES: u64 = 50 * 1024 * 1024;
/// Sitemap index nesting followed.
pub const MAX_DEPTH: usize = 3;
/// URLs taken in total.
pub const MAX_URLS: usize = 10_000;
/// Documents (sitemaps and indexes) fetched in total.
pub const MAX_DOCS: usize = 1_000;
/// Time spent reading the sitemap and its indexes in total.
pub const MAX_TIME: Duration = Duration::from_secs(60);

/// A limit that cut the URL list short.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cap {
    /// `MAX_URLS` reached; later entries not taken.
    Urls,
    /// `MAX_DOCS` documents read; `left` listed sitemaps not fetched.
    Docs { left: usize },
    /// Indexes nested deeper than `MAX_DEPTH`; `skipped` sitemaps not followed.
    Depth { skipped: usize },
    /// `MAX_TIME` spent; `left` listed sitemaps not fetched.
    Time { left: usize },
}

impl std::fmt::Display for Cap {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Cap::Urls => write!(
                f,
                "took the first {MAX_URLS} URLs (the limit); the rest are not probed"
            ),
            Cap::Docs { left } => write!(
                f,
                "read {MAX_DOCS} sitemap documents (the limit); {left} more listed were not fetched"
            ),
            Cap::Depth { skipped } => write!(
                f,
                "indexes nest deeper than {MAX_DEPTH} levels (the limit); {skipped} nested sitemaps were not followed"
            ),
            Cap::Time { left } => write!(
                f,
                "stopped reading after {}s (the time limit); {left} listed sitemaps were not fetched",
                MAX_TIME.as_secs()
            ),
        }
    }
}

/// What one document contained.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Parsed {
    /// `<url><loc>` entries.
    pub urls: Vec<String>,
    /// `<sitemap><loc>` entries (from a sitemap index).
    pub sitemaps: Vec<String>,
}

/// Where a document stopped being XML.
#[derive(Debug, thiserror::Error)]
#[error("not a valid sitemap (XML error at byte {position}: {source})")]
pub struct XmlError {
    pub position: u64,
    #[source]
    pub source: quick_xml::Error,
}

/// Parse one sitemap or sitemap index.
pub fn parse(xml: &str) -> Result<Parsed, XmlError> {
    let mut r = Reader::from_str(xml);
    let mut out = Parsed::default();
    let mut stack: Vec<String> = Vec::new();
    let mut loc: Option<String> = None;
    loop {
        match r.read_event() {
            Ok(Event::Start(e)) => {
                let n = {
                    let ln = e.local_name();
                    AsRef::<str>::as_ref(&ln).to_ascii_lowercase()
                };
                if n == "loc" {
                    loc = Some(String::new());
                }
                stack.push(n);
            }
            Ok(Event::End(_)) => {
                if stack.pop().as_deref() == Some("loc")
                    && let Some(l) = loc.take()
                {
                    let l = l.trim().to_string();
                    match stack.last().map(String::as_str) {
                        Some("url") => out.urls.push(l),
                        Some("sitemap") => out.sitemaps.push(l),
                        _ => {}
                    }
                }
            }
            Ok(Event::Text(t)) => {
                if let Some(l) = loc.as_mut() {
                    l.push_str(&t.into_inner());
                }
            }
            Ok(Event::CData(t)) => {
                if let Some(l) = loc.as_mut() {
                    l.push_str(&t.into_inner());
                }
            }
            Ok(Event::GeneralRef(e)) => {
                if let Some(l) = loc.as_mut() {
                    // `&amp;`, `&#38;`, `&#x26;`: quick-xml's own unescaping; an unknown entity
                    // is kept as written.
                    let raw = format!("&{};", AsRef::<str>::as_ref(&e.into_inner()));
                    match quick_xml::escape::unescape(&raw) {
                        Ok(text) => l.push_str(&text),
                        Err(_) => l.push_str(&raw),
                    }
                }
            }
            Ok(Event::Eof) => break,
            Ok(_) => {}
            Err(source) => {
                return Err(XmlError {
                    position: r.error_position(),
                    source,
                });
            }
        }
    }
    Ok(out)
}

async fn get(client: &reqwest::Client, url: &str) -> Result<String, SitemapError> {
    use futures_util::StreamExt;
    let fetch = |e: reqwest::Error| SitemapError::Fetch {
        url: url.to_string(),
        reason: crate::http::client::describe(&e).1,
    };
    let resp = client.get(url).send().await.map_err(fetch)?;
    if !resp.status().is_success() {
        return Err(SitemapError::Status {
            url: url.to_string(),
            status: resp.status().as_u16(),
        });
    }
    let mut body = Vec::new();
    let mut stream = resp.bytes_stream();
    while let Some(c) = stream.next().await {
        let c = c.map_err(fetch)?;
        if body.len() as u64 + c.len() as u64 > MAX_BYTES {
            return Err(SitemapError::TooLarge {
                url: url.to_string(),
                unpacked: false,
            });
        }
        body.extend_from_slice(&c);
    }
    if url.ends_with(".gz") || body.starts_with(&[0x1f, 0x8b]) {
        use std::io::Read;
        // One byte past the limit tells "too large" from "exactly at the limit".
        let mut out = Vec::new();
        flate2::read::GzDecoder::new(&body[..])
            .take(MAX_BYTES + 1)
            .read_to_end(&mut out)
            .map_err(|source| SitemapError::Gzip {
                url: url.to_string(),
                source,
            })?;
        if out.len() as u64 > MAX_BYTES {
            return Err(SitemapError::TooLarge {
                url: url.to_string(),
                unpacked: true,
            });
        }
        return Ok(String::from_utf8_lossy(&out).into_owned());
    }
    Ok(String::from_utf8_lossy(&body).into_owned())
}

/// Page URLs read from a sitemap, and the limit that cut them short, if one did.
#[derive(Debug, Default)]
pub struct Fetched {
    pub urls: Vec<String>,
    pub capped: Option<Cap>,
}

/// Fetch a sitemap (following indexes up to `MAX_DEPTH`, at most `MAX_DOCS` documents within
/// `MAX_TIME`) and return its page URLs, deduplicated, in document order, at most `MAX_URLS`.
/// A limit reached once some URLs are in ends the walk with what was read (`capped`); the time
/// limit reached before any is an error.
pub async fn fetch_urls(client: &reqwest::Client, url: &str) -> Result<Fetched, SitemapError> {
    let deadline = Instant::now() + MAX_TIME;
    let mut out = Fetched::default();
    let mut seen_urls: HashSet<String> = HashSet::new();
    let mut queue: Vec<(String, usize)> = vec![(url.to_string(), 0)];
    let mut seen_maps: HashSet<String> = HashSet::new();
    let mut docs = 0usize;
    let mut too_deep = 0usize;
    while let Some((u, depth)) = queue.pop() {
        if !seen_maps.insert(u.clone()) {
            continue;
        }
        if docs == MAX_DOCS {
            out.capped = Some(Cap::Docs {
                left: queue.len() + 1,
            });
            return Ok(out);
        }
        docs += 1;
        let xml = match tokio::time::timeout_at(deadline.into(), get(client, &u)).await {
            Ok(xml) => xml?,
            Err(_) if out.urls.is_empty() => return Err(SitemapError::TimedOut { url: u }),
            Err(_) => {
                out.capped = Some(Cap::Time {
                    left: queue.len() + 1,
                });
                return Ok(out);
            }
        };
        let p = parse(&xml).map_err(|e| SitemapError::Xml {
            url: u.clone(),
            position: e.position,
            source: e.source,
        })?;
        for x in p.urls {
            if out.urls.len() >= MAX_URLS {
                out.capped = Some(Cap::Urls);
                return Ok(out);
            }
            if seen_urls.insert(x.clone()) {
                out.urls.push(x);
            }
        }
        if depth < MAX_DEPTH {
            for s in p.sitemaps.into_iter().rev() {
                queue.push((s, depth + 1));
            }
        } else {
            too_deep += p.sitemaps.len();
        }
    }
    if too_deep > 0 {
        out.capped = Some(Cap::Depth { skipped: too_deep });
    }
    Ok(out)
}

/// What `add_urls` did with a sitemap's entries.
#[derive(Debug, Default)]
pub struct Added {
    /// Entries the sitemap listed (before checks and deduplication).
    pub listed: usize,
    /// Entries that are not http(s) URLs, as written.
    pub skipped: Vec<String>,
    /// The limit that cut the list short, if one did (to be announced).
    pub capped: Option<Cap>,
}

/// Fetch the sitemap at `url` and append its http(s) page URLs to `urls` (no duplicates). Fails
/// when the sitemap cannot be read, or when `urls` is still empty afterwards.
pub async fn add_urls(
    client: &reqwest::Client,
    url: &Url,
    urls: &mut Vec<Url>,
) -> Result<Added, SitemapError> {
    let found = fetch_urls(client, url.as_str()).await?;
    let mut added = Added {
        listed: found.urls.len(),
        capped: found.capped,
        ..Added::default()
    };
    let mut have: HashSet<Url> = urls.iter().cloned().collect();
    for u in found.urls {
        match http_url(&u) {
            Ok(u) if have.insert(u.clone()) => urls.push(u),
            Ok(_) => {}
            Err(_) => added.skipped.push(u),
        }
    }
    if urls.is_empty() {
        return Err(SitemapError::Empty {
            url: url.to_string(),
            capped: added.capped,
        });
    }
    Ok(added)
}

/// Why `--sitemap` gave no URLs.
#[derive(Debug, thiserror::Error)]
pub enum SitemapError {
    /// The request failed (connection, timeout, body).
    #[error("sitemap {url}: {reason}")]
    Fetch { url: String, reason: String },
    #[error("sitemap {url}: HTTP {status}")]
    Status { url: String, status: u16 },
    #[error(
        "sitemap {url}: larger than {} MiB{} (the sitemap protocol's limit per document)",
        MAX_BYTES / 1024 / 1024,
        if *unpacked { " once decompressed" } else { "" }
    )]
    TooLarge { url: String, unpacked: bool },
    #[error("sitemap {url}: no answer within {}s", MAX_TIME.as_secs())]
    TimedOut { url: String },
    #[error("sitemap {url}: bad gzip: {source}")]
    Gzip {
        url: String,
        #[source]
        source: std::io::Error,
    },
    #[error("sitemap {url}: not a valid sitemap (XML error at byte {position}: {source})")]
    Xml {
        url: String,
        position: u64,
        #[source]
        source: quick_xml::Error,
    },
    /// Read fine, but no usable page URL in it (and none given on the command line).
    /// With `capped`, a limit stopped the walk before any page URL was found.
    #[error("sitemap {url} lists no URLs{}", capped.map(|c| format!(" within the limits: {c}")).unwrap_or_default())]
    Empty { url: String, capped: Option<Cap> },
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_urlset_and_index() {
        let x = r#"<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <url><loc>https://example.com/a?x=1&amp;y=2</loc><lastmod>2026-01-01</lastmod></url>
  <url><loc> https://example.com/b </loc></url>
</urlset>"#;
        let p = parse(x).unwrap();
        assert_eq!(
            p.urls,
            vec!["https://example.com/a?x=1&y=2", "https://example.com/b"]
        );
        let x = r#"<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <sitemap><loc>https://example.com/s1.xml</loc></sitemap></sitemapindex>"#;
        let p = parse(x).unwrap();
        assert_eq!(p.sitemaps, vec!["https://example.com/s1.xml"]);
        assert!(p.urls.is_empty());
        assert!(parse("<urlset><url><loc>x</loc></urlset>").is_err());
    }

    #[test]
    fn caps_are_named_in_messages() {
        let e = SitemapError::Empty {
            url: "https://e.com/s.xml".into(),
            capped: Some(Cap::Depth { skipped: 7 }),
        };
        assert_eq!(
            e.to_string(),
            "sitemap https://e.com/s.xml lists no URLs within the limits: indexes nest deeper than 3 levels (the limit); 7 nested sitemaps were not followed"
        );
        let e = SitemapError::TooLarge {
            url: "https://e.com/s.xml.gz".into(),
            unpacked: true,
        };
        assert!(
            e.to_string()
                .contains("larger than 50 MiB once decompressed"),
            "{e}"
        );
    }

    #[test]
    fn entities_are_unescaped_by_quick_xml() {
        let x = "<urlset><url><loc>https://e.com/?a=1&amp;b=&#50;&#x33;&lt;&unknown;</loc></url></urlset>";
        assert_eq!(
            parse(x).unwrap().urls,
            vec!["https://e.com/?a=1&b=23<&unknown;"]
        );
    }
}
