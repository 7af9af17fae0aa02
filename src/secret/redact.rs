//! The one redactor: every text that came from a remote (bodies, headers, error messages) goes
//! through `Redactor::redact` before anything shows it, and comes out as `Redacted`, which only
//! this module can make. Renderers and reports take `Redacted`, so un-redacted remote text does
//! not type-check there.

use super::SecretRef;
use super::forms::{Form, find, forms};
use std::fmt;
use std::sync::Arc;

/// What the redactor puts in place of a secret.
pub const MASK: &str = "***";

/// Text that has been through the redactor (or is known to hold no remote text).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
#[serde(transparent)]
pub struct Redacted(String);

/// In schemas, a plain string (inlined, so the documents' schemas do not change).
impl schemars::JsonSchema for Redacted {
    fn inline_schema() -> bool {
        true
    }
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Redacted".into()
    }
    fn json_schema(g: &mut schemars::SchemaGenerator) -> schemars::Schema {
        String::json_schema(g)
    }
}

impl Redacted {
    /// Text written into the program (a `&'static str` cannot have come from a remote).
    pub fn fixed(s: &'static str) -> Self {
        Redacted(s.to_string())
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
    pub fn into_string(self) -> String {
        self.0
    }
}

/// Read access as `&str` (the text is already redacted; only `Redactor::redact` makes one).
impl std::ops::Deref for Redacted {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Redacted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Replaces every known secret, in every form `forms` knows (raw, re-cased, percent-, JSON-,
/// HTML-escaped, mojibake, base64, a prefix of 8 characters or more), with `***`.
#[derive(Debug, Clone, Default)]
pub struct Redactor {
    forms: Vec<Form>,
}

impl Redactor {
    pub fn add(&mut self, s: &Arc<SecretRef>) {
        self.add_value(s.secret.expose());
    }
    /// A secret known only by its value (a credential the user put in a header flag).
    pub fn add_value(&mut self, value: &str) {
        self.forms.extend(forms(value));
    }
    /// `text` with every form of every secret replaced by `***`.
    pub fn redact(&self, text: &str) -> Redacted {
        let mut out = String::with_capacity(text.len());
        let mut from = 0;
        for (s, e) in find(&self.forms, text) {
            let (s, e) = (floor_boundary(text, s), ceil_boundary(text, e));
            if s < from {
                continue;
            }
            out.push_str(&text[from..s]);
            out.push_str(MASK);
            from = e;
        }
        out.push_str(&text[from..]);
        Redacted(out)
    }
    /// Response headers, names and values redacted (values read as UTF-8, lossily).
    pub fn headers<'a>(&self, h: impl IntoIterator<Item = (&'a str, &'a [u8])>) -> Headers {
        Headers(
            h.into_iter()
                .map(|(n, v)| (self.redact(n), self.redact(&String::from_utf8_lossy(v))))
                .collect(),
        )
    }
}

fn floor_boundary(s: &str, mut i: usize) -> usize {
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn ceil_boundary(s: &str, mut i: usize) -> usize {
    while !s.is_char_boundary(i) {
        i += 1;
    }
    i
}

/// A response's headers after the redactor, in the order received.
#[derive(Debug, Clone, Default)]
pub struct Headers(Vec<(Redacted, Redacted)>);

impl Headers {
    /// Every header, name and value, in the order received.
    pub fn iter(&self) -> impl Iterator<Item = (&Redacted, &Redacted)> {
        self.0.iter().map(|(n, v)| (n, v))
    }

    /// The first value of header `name` (any case).
    pub fn get(&self, name: &str) -> Option<&Redacted> {
        self.0
            .iter()
            .find(|(n, _)| n.as_str().eq_ignore_ascii_case(name))
            .map(|(_, v)| v)
    }
}
