//! Text with secret holes, for request URLs, headers and bodies: literal pieces and secret pieces.
//!
//! A secret piece is only turned into its value by `wire()`, at the moment the request is sent.
//! `shown()` prints it as `***` and `curl()` as a shell reference (`$VERCEL_TOKEN`), so dry runs,
//! logs and JSON can never carry the value. This module does no IO.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use std::sync::Arc;

pub use crate::secret::{Headers, Origin, Redacted, Redactor, SecretRef};

/// How a secret is encoded where it sits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Enc {
    Raw,
    Json,
    Url,
}

#[derive(Debug, Clone)]
pub enum Piece {
    Lit(String),
    Secret(Arc<SecretRef>, Enc),
}

/// A string with secret holes.
#[derive(Debug, Clone, Default)]
pub struct Text(pub Vec<Piece>);

/// The placeholder used while building a URL or JSON body around a secret.
pub const MARKER: &str = "@@isrctl-secret@@";

impl Text {
    pub fn lit(s: impl Into<String>) -> Self {
        Text(vec![Piece::Lit(s.into())])
    }
    pub fn then_secret(mut self, s: &Arc<SecretRef>, enc: Enc) -> Self {
        self.0.push(Piece::Secret(s.clone(), enc));
        self
    }
    /// Split `template` at every `marker` occurrence, putting the secret in each hole.
    pub fn from_template(template: &str, marker: &str, s: &Arc<SecretRef>, enc: Enc) -> Self {
        let mut parts = template.split(marker);
        let mut t = Text::lit(parts.next().unwrap_or_default());
        for p in parts {
            t = t.then_secret(s, enc);
            if !p.is_empty() {
                t.0.push(Piece::Lit(p.to_string()));
            }
        }
        t
    }
    /// The real value, for the wire only.
    pub fn wire(&self) -> String {
        let mut out = String::new();
        for p in &self.0 {
            match p {
                Piece::Lit(s) => out.push_str(s),
                Piece::Secret(s, enc) => out.push_str(&encode(s.secret.expose(), *enc)),
            }
        }
        out
    }
    /// The value with every secret shown as `***`.
    pub fn shown(&self) -> String {
        let mut out = String::new();
        for p in &self.0 {
            match p {
                Piece::Lit(s) => out.push_str(s),
                Piece::Secret(..) => out.push_str("***"),
            }
        }
        out
    }
    /// One shell word: literals single-quoted, secrets as `"$VAR"` or `"$(cat FILE)"`.
    pub fn curl(&self) -> String {
        // Merge neighbouring literals so each run is quoted once.
        let mut merged: Vec<Piece> = Vec::new();
        for p in &self.0 {
            match (merged.last_mut(), p) {
                (Some(Piece::Lit(a)), Piece::Lit(b)) => a.push_str(b),
                _ => merged.push(p.clone()),
            }
        }
        let mut out = String::new();
        for p in &merged {
            match p {
                Piece::Lit(s) if s.is_empty() => {}
                Piece::Lit(s) => out.push_str(&shell_quote(s)),
                Piece::Secret(s, _) => match &s.origin {
                    Origin::Env(v) => out.push_str(&format!("\"${v}\"")),
                    Origin::File(p) => out.push_str(&format!(
                        "\"$(cat {})\"",
                        shell_quote(&p.display().to_string())
                    )),
                },
            }
        }
        if out.is_empty() { "''".into() } else { out }
    }
    pub fn has_secret(&self) -> bool {
        self.0.iter().any(|p| matches!(p, Piece::Secret(..)))
    }
}

fn encode(v: &str, enc: Enc) -> String {
    match enc {
        Enc::Raw => v.to_string(),
        Enc::Json => {
            let q = serde_json::to_string(v).unwrap_or_default();
            q[1..q.len() - 1].to_string()
        }
        Enc::Url => url_encode(v),
    }
}

/// Everything but RFC 3986's unreserved characters (`A-Z a-z 0-9 - _ . ~`).
const NOT_UNRESERVED: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// Percent-encode everything outside the unreserved set (a query value or one path segment).
pub fn url_encode(v: &str) -> String {
    utf8_percent_encode(v, NOT_UNRESERVED).to_string()
}

/// Percent-encode a whole URL to carry it as a path (`/` kept, `?`, `&`, `%`, spaces encoded),
/// as an API that takes a URL in its own path must receive it.
pub fn url_encode_as_path(v: &str) -> String {
    const KEEP_SLASH: &AsciiSet = &NOT_UNRESERVED.remove(b'/');
    utf8_percent_encode(v, KEEP_SLASH).to_string()
}

/// Quote one word for POSIX shells (shlex: bare when safe, else single or double quotes).
pub fn shell_quote(s: &str) -> String {
    match shlex::try_quote(s) {
        Ok(q) => q.into_owned(),
        // A NUL byte cannot be passed in a shell word at all; show it escaped and quoted.
        Err(_) => shlex::try_quote(&s.replace('\0', "\\0"))
            .map(|q| q.into_owned())
            .unwrap_or_default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secret_pieces_render_three_ways() {
        let s = SecretRef::new("s3\"cr t", Origin::Env("MY_TOKEN".into()));
        let body = serde_json::json!({"path": "/a", "secret": MARKER}).to_string();
        let t = Text::from_template(&body, MARKER, &s, Enc::Json);
        assert_eq!(t.wire(), r#"{"path":"/a","secret":"s3\"cr t"}"#);
        assert_eq!(t.shown(), r#"{"path":"/a","secret":"***"}"#);
        assert_eq!(t.curl(), r#"'{"path":"/a","secret":"'"$MY_TOKEN"'"}'"#);
        let u = Text::lit("http://x/?secret=").then_secret(&s, Enc::Url);
        assert_eq!(u.wire(), "http://x/?secret=s3%22cr%20t");
        let mut r = Redactor::default();
        r.add(&s);
        assert_eq!(
            r.redact("got s3%22cr%20t and s3\\\"cr t").as_str(),
            "got *** and ***"
        );
    }

    #[test]
    fn shell_quoting() {
        assert_eq!(shell_quote("https://a.b/c"), "https://a.b/c");
        assert_eq!(shell_quote("it's"), "\"it's\"");
        assert_eq!(shell_quote("a b"), "'a b'");
        assert_eq!(url_encode("/a b&é~"), "%2Fa%20b%26%C3%A9~");
    }
}
