//! `--sitemap`: read `<loc>` URLs from a sitemap.xml, following sitemap indexes, with bounded
//! size (per document), depth and URL count. Parsing is pure (`parse`); `fetch_urls` and
//! `add_urls` do IO.

use crate::http::target::http_url;
use quick_xml::Reader;
use quick_xml::events::Event;
use url::Url;

/// Largest sitemap document read (the protocol's limit is 50 MB uncompressed).
pub const MAX_BYTES: u64 = 50 * 1024 * 1024;
/// Sitemap index nesting followed.
pub const MAX_DEPTH: usize = 3;
/// URLs taken in total.
pub const MAX_URLS: usize = 10_000;

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
            });
        }
        body.extend_from_slice(&c);
    }
    if url.ends_with(".gz") || body.starts_with(&[0x1f, 0x8b]) {
        use std::io::Read;
        let mut out = String::new();
        flate2::read::GzDecoder::new(&body[..])
            .take(MAX_BYTES)
            .read_to_string(&mut out)
            .map_err(|source| SitemapError::Gzip {
                url: url.to_string(),
                source,
            })?;
        return Ok(out);
    }
    Ok(String::from_utf8_lossy(&body).into_owned())
}

/// Fetch a sitemap (following indexes up to `MAX_DEPTH`) and return its page URLs, deduplicated,
/// in document order, at most `MAX_URLS`.
pub async fn fetch_urls(client: &reqwest::Client, url: &str) -> Result<Vec<String>, SitemapError> {
    let mut urls: Vec<String> = Vec::new();
    let mut queue: Vec<(String, usize)> = vec![(url.to_string(), 0)];
    let mut seen_maps: Vec<String> = Vec::new();
    while let Some((u, depth)) = queue.pop() {
        if seen_maps.contains(&u) {
            continue;
        }
        seen_maps.push(u.clone());
        let xml = get(client, &u).await?;
        let p = parse(&xml).map_err(|e| SitemapError::Xml {
            url: u.clone(),
            position: e.position,
            source: e.source,
        })?;
        for x in p.urls {
            if urls.len() >= MAX_URLS {
                return Ok(urls);
            }
            if !urls.contains(&x) {
                urls.push(x);
            }
        }
        if depth < MAX_DEPTH {
            for s in p.sitemaps.into_iter().rev() {
                queue.push((s, depth + 1));
            }
        }
    }
    Ok(urls)
}

/// What `add_urls` did with a sitemap's entries.
#[derive(Debug, Default)]
pub struct Added {
    /// Entries the sitemap listed (before checks and deduplication).
    pub listed: usize,
    /// Entries that are not http(s) URLs, as written.
    pub skipped: Vec<String>,
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
        listed: found.len(),
        ..Added::default()
    };
    for u in found {
        match http_url(&u) {
            Ok(u) if !urls.contains(&u) => urls.push(u),
            Ok(_) => {}
            Err(_) => added.skipped.push(u),
        }
    }
    if urls.is_empty() {
        return Err(SitemapError::Empty {
            url: url.to_string(),
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
    #[error("sitemap {url}: larger than {} MiB", MAX_BYTES / 1024 / 1024)]
    TooLarge { url: String },
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
    #[error("sitemap {url} lists no URLs")]
    Empty { url: String },
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
    fn entities_are_unescaped_by_quick_xml() {
        let x = "<urlset><url><loc>https://e.com/?a=1&amp;b=&#50;&#x33;&lt;&unknown;</loc></url></urlset>";
        assert_eq!(
            parse(x).unwrap().urls,
            vec!["https://e.com/?a=1&b=23<&unknown;"]
        );
    }
}
