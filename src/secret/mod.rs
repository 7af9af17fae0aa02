//! Secrets: a redacting value (`Debug`/`Display` print `***`), where it came from, reading it
//! from an environment variable or the first line of a file (one line of printable characters),
//! with typed errors that never hold it; and the one redactor for text that comes back (`redact`).

mod forms;
mod redact;

pub use forms::{SEED_BASE64, SEED_CHARS};
pub use redact::{Headers, MASK, Redacted, Redactor};

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// A secret value. The only way to read it is `expose()`, at the moment it goes on the wire.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(***)")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

/// Where a secret came from: named in messages, hints and `--curl` output (never the value).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    Env(String),
    File(PathBuf),
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Origin::Env(v) => write!(f, "environment variable {v}"),
            Origin::File(p) => write!(f, "file {}", p.display()),
        }
    }
}

/// A secret and where it came from.
#[derive(Debug, Clone)]
pub struct SecretRef {
    pub secret: Secret,
    pub origin: Origin,
}

impl SecretRef {
    pub fn new(value: impl Into<String>, origin: Origin) -> Arc<Self> {
        Arc::new(SecretRef {
            secret: Secret::new(value),
            origin,
        })
    }
}

/// Why a secret could not be had. Messages name the variable or file, never the value.
#[derive(Debug, thiserror::Error)]
pub enum SecretError {
    #[error(
        "the secret variable name is not a valid environment variable name (letters, digits, _)"
    )]
    InvalidVarName,
    #[error("cannot read secret file {}: {source}", path.display())]
    Unreadable {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("secret file {} is empty", path.display())]
    EmptyFile { path: PathBuf },
    /// No API token for a purge provider in any of `vars` (tried in order).
    #[error("no {provider} API token: {} is not set", vars.join(" or "))]
    MissingToken {
        provider: &'static str,
        vars: Vec<String>,
    },
    /// The app's revalidation secret variable is not set.
    #[error("the secret variable {var} is not set")]
    MissingSecret { var: String },
    /// The `x-prerender-revalidate` token variable is not set.
    #[error("no bypass token: {var} is not set")]
    MissingBypassToken { var: String },
    /// A newline, escape or other control character inside the value (never sent, never shown).
    #[error("{origin} contains a control character at byte {byte} (U+{code:04X})")]
    ControlChar {
        origin: Origin,
        byte: usize,
        code: u32,
    },
}

/// Whether `s` can name an environment variable (letters, digits, `_`; not starting with a digit).
pub fn is_env_name(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// Read a secret from an environment variable: `Ok(None)` when unset or empty.
pub fn from_env(var: &str) -> Result<Option<Arc<SecretRef>>, SecretError> {
    if !is_env_name(var) {
        return Err(SecretError::InvalidVarName);
    }
    match std::env::var(var) {
        Ok(v) if !v.trim().is_empty() => {
            let origin = Origin::Env(var.into());
            let lead = v.len() - v.trim_start().len();
            check_printable(v.trim(), origin.clone(), lead)?;
            Ok(Some(SecretRef::new(v.trim(), origin)))
        }
        _ => Ok(None),
    }
}

/// Read a secret from the first line of a file.
pub fn from_file(path: &Path) -> Result<Arc<SecretRef>, SecretError> {
    let text = std::fs::read_to_string(path).map_err(|source| SecretError::Unreadable {
        path: path.to_path_buf(),
        source,
    })?;
    // A byte-order mark (editors on Windows) is not part of the secret.
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(&text);
    let line = text.lines().next().unwrap_or_default();
    let v = line.trim();
    if v.is_empty() {
        return Err(SecretError::EmptyFile {
            path: path.to_path_buf(),
        });
    }
    let origin = Origin::File(path.to_path_buf());
    check_printable(v, origin.clone(), line.len() - line.trim_start().len())?;
    Ok(SecretRef::new(v, origin))
}

/// A secret is one line of printable characters: a newline, CR, escape or other control character
/// inside it (an HTTP header cannot carry it, a terminal would act on it) is an error naming
/// `origin` and the byte (`lead` bytes were trimmed before `v`), before anything is sent.
pub fn check_printable(v: &str, origin: Origin, lead: usize) -> Result<(), SecretError> {
    match v.char_indices().find(|(_, c)| c.is_control()) {
        Some((i, c)) => Err(SecretError::ControlChar {
            origin,
            byte: lead + i,
            code: u32::from(c),
        }),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests;
