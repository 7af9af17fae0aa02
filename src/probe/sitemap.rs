//! `--sitemap`: read `<loc>` URLs from a sitemap.xml, following sitemap indexes, with bounded
//! size (per document), depth and URL count. Parsing is pure (`parse`); `fetch_urls` does IO.

use quick_xml::Reader;
use quick_xml::events::Event;

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

/// Parse one sitemap or sitemap index.
pub fn parse(xml: &str) -> Result<Parsed, String> {
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
                    if let Ok(Some(c)) = e.resolve_char_ref() {
                        l.push(c);
                    } else {
                        l.push_str(&unescape(&format!("&{};", e.into_inner())));
                    }
                }
            }
            Ok(Event::Eof) => break,
            Ok(_) => {}
            Err(e) => {
                return Err(format!(
                    "not a valid sitemap (XML error at byte {}: {e})",
                    r.error_position()
                ));
            }
        }
    }
    Ok(out)
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

async fn get(client: &reqwest::Client, url: &str) -> Result<String, String> {
    use futures_util::StreamExt;
    let resp = client
        .get(url)
        .send()
        .await
        .map_err(|e| crate::http::client::describe(&e).1)?;
    if !resp.status().is_success() {
        return Err(format!("HTTP {}", resp.status().as_u16()));
    }
    let mut body = Vec::new();
    let mut stream = resp.bytes_stream();
    while let Some(c) = stream.next().await {
        let c = c.map_err(|e| crate::http::client::describe(&e).1)?;
        if body.len() as u64 + c.len() as u64 > MAX_BYTES {
            return Err(format!("larger than {} MiB", MAX_BYTES / 1024 / 1024));
        }
        body.extend_from_slice(&c);
    }
    if url.ends_with(".gz") || body.starts_with(&[0x1f, 0x8b]) {
        use std::io::Read;
        let mut out = String::new();
        flate2::read::GzDecoder::new(&body[..])
            .take(MAX_BYTES)
            .read_to_string(&mut out)
            .map_err(|e| format!("bad gzip: {e}"))?;
        return Ok(out);
    }
    Ok(String::from_utf8_lossy(&body).into_owned())
}

/// Fetch a sitemap (following indexes up to `MAX_DEPTH`) and return its page URLs, deduplicated,
/// in document order, at most `MAX_URLS`.
pub async fn fetch_urls(client: &reqwest::Client, url: &str) -> Result<Vec<String>, String> {
    let mut urls: Vec<String> = Vec::new();
    let mut queue: Vec<(String, usize)> = vec![(url.to_string(), 0)];
    let mut seen_maps: Vec<String> = Vec::new();
    while let Some((u, depth)) = queue.pop() {
        if seen_maps.contains(&u) {
            continue;
        }
        seen_maps.push(u.clone());
        let xml = get(client, &u)
            .await
            .map_err(|e| format!("sitemap {u}: {e}"))?;
        let p = parse(&xml).map_err(|e| format!("sitemap {u}: {e}"))?;
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
}
