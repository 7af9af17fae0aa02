//! Secrets: a redacting value (`Debug`/`Display` print `***`), where it came from, and reading it
//! from an environment variable or the first line of a file, with typed errors that never hold it.

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
    /// Replace every occurrence of the secret in `text` with `***` (for messages from remotes that
    /// echo what they were sent).
    pub fn redact(&self, text: &str) -> String {
        if self.0.is_empty() {
            text.to_string()
        } else {
            text.replace(&self.0, "***")
        }
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
            Ok(Some(SecretRef::new(v.trim(), Origin::Env(var.into()))))
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
    let v = text.lines().next().unwrap_or_default().trim();
    if v.is_empty() {
        return Err(SecretError::EmptyFile {
            path: path.to_path_buf(),
        });
    }
    Ok(SecretRef::new(v, Origin::File(path.to_path_buf())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn never_prints_the_value() {
        let s = Secret::new("hunter2-very-secret");
        assert_eq!(format!("{s}"), "***");
        assert_eq!(format!("{s:?}"), "Secret(***)");
        assert_eq!(s.redact("token=hunter2-very-secret&x=1"), "token=***&x=1");
        assert_eq!(s.expose(), "hunter2-very-secret");
    }

    #[test]
    fn errors_name_where_not_what() {
        let e = from_file(Path::new("/nonexistent/isrctl-secret")).unwrap_err();
        assert!(e.to_string().contains("/nonexistent/isrctl-secret"), "{e}");
        assert!(matches!(from_env("1BAD"), Err(SecretError::InvalidVarName)));
        let e = SecretError::MissingToken {
            provider: "netlify",
            vars: vec!["A".into(), "B".into()],
        };
        assert_eq!(e.to_string(), "no netlify API token: A or B is not set");
    }
}
