//! `probe -vv`: each sample's request and response headers for stderr, credentials as `***`.
//!
//! The credentials are the values of the request's credential headers (`Authorization`,
//! `Cookie`, token and secret headers given with `-H`); the one redactor masks them wherever
//! they come back in the response headers too.

use crate::probe::Sample;
use crate::secret::{MASK, Redactor};
use reqwest::header::HeaderMap;

/// The request side of every sample, and the redactor for the response side.
#[derive(Debug, Clone)]
pub struct Wire {
    method: String,
    request: Vec<String>,
    redactor: Redactor,
}

use crate::probe::wire::{is_credential_header as is_credential, shown_value};

impl Wire {
    /// The method and the `-H` headers every probe request is sent with.
    pub fn new(method: &str, headers: &HeaderMap) -> Self {
        let mut redactor = Redactor::default();
        let mut request = Vec::new();
        for (name, value) in headers {
            let value = String::from_utf8_lossy(value.as_bytes()).into_owned();
            if is_credential(name.as_str()) {
                redactor.add_value(&value);
                request.push(format!("> {name}: {MASK}"));
            } else {
                request.push(format!("> {name}: {value}"));
            }
        }
        Wire {
            method: method.to_string(),
            request,
            redactor,
        }
    }

    /// The lines of one sample: `> METHOD URL`, the request headers, then `< STATUS` and the
    /// response headers (or `< failed: …`).
    pub fn lines(&self, s: &Sample) -> Vec<String> {
        let mut lines = vec![format!("> {} {}", self.method, s.url)];
        lines.extend(self.request.iter().cloned());
        match (s.status, &s.error) {
            (Some(status), _) => {
                lines.push(format!("< {status}"));
                // One rule for what a header may show (`-i` too): credentials and set cookies
                // masked.
                lines.extend(s.headers.iter().map(|(n, v)| {
                    let v = shown_value(
                        n.as_str(),
                        &String::from_utf8_lossy(v.as_bytes()),
                        &self.redactor,
                    );
                    format!("< {n}: {v}")
                }));
            }
            (None, Some(e)) => lines.push(format!("< failed: {}", self.redactor.redact(e))),
            (None, None) => lines.push("< no answer".into()),
        }
        lines
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    #[test]
    fn credentials_are_masked_both_ways_and_other_headers_shown() {
        let mut h = HeaderMap::new();
        h.insert(
            "authorization",
            HeaderValue::from_static("Bearer s3cr3t-t0ken"),
        );
        h.insert("x-purpose", HeaderValue::from_static("probe"));
        let w = Wire::new("GET", &h);
        let mut resp = HeaderMap::new();
        resp.insert(
            "x-echo",
            HeaderValue::from_static("got Bearer s3cr3t-t0ken"),
        );
        resp.insert("x-cache", HeaderValue::from_static("HIT"));
        resp.insert("set-cookie", HeaderValue::from_static("sid=abc123; Path=/"));
        let s = Sample::from_response(
            "https://example.com/a",
            1,
            0.0,
            200,
            std::time::Duration::ZERO,
            resp,
            None,
            0,
            false,
        );
        let text = w.lines(&s).join("\n");
        assert!(!text.contains("s3cr3t"), "{text}");
        assert!(text.contains("> GET https://example.com/a"), "{text}");
        assert!(text.contains("> authorization: ***"), "{text}");
        assert!(text.contains("> x-purpose: probe"), "{text}");
        assert!(text.contains("< 200\n"), "{text}");
        assert!(text.contains("< x-cache: HIT"), "{text}");
        assert!(text.contains("< x-echo: got ***"), "{text}");
        assert!(text.contains("< set-cookie: sid=***; Path=/"), "{text}");
    }
}
