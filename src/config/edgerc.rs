//! `.edgerc`: Akamai's credentials file (INI), read as Akamai's edgegrid libraries read it: one
//! `[section]` per API client with `host`, `client_token`, `client_secret`, `access_token` and an
//! optional `max_body`; keys in any case, `-` or `_` (`client-token`), `=` or `:`; `#`/`;` comment
//! lines; `[DEFAULT]` values shared by every section. Errors name the file, the section and the
//! key, never a value; the three tokens come back as secrets.

use crate::providers::edgegrid::{DEFAULT_MAX_BODY, EdgeGrid};
use crate::secret::{Origin, SecretError, SecretRef, check_printable};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The section the edgegrid libraries read when none is named.
pub const DEFAULT_SECTION: &str = "default";

/// One API client: where to send (`host`) and how to sign.
#[derive(Debug, Clone)]
pub struct Client {
    /// `akab-….luna.akamaiapis.net` (no scheme, no trailing slash).
    pub host: String,
    pub creds: EdgeGrid,
}

/// Why the credentials could not be had. Never holds a value from the file.
#[derive(Debug, thiserror::Error)]
pub enum EdgercError {
    #[error("cannot read the Akamai credentials file {}: {source}", path.display())]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("no Akamai credentials file: HOME is not set, so ~/.edgerc cannot be found")]
    NoHome,
    #[error("{}:{line}: not an INI line (expected [section] or key = value)", path.display())]
    Syntax { path: PathBuf, line: usize },
    #[error("{}:{line}: a key before any [section]", path.display())]
    KeyOutsideSection { path: PathBuf, line: usize },
    #[error("{} has no [{section}] section", path.display())]
    NoSection {
        path: PathBuf,
        section: String,
        /// The sections it does have (names only).
        found: Vec<String>,
    },
    #[error("{} [{section}] has no {key}", path.display())]
    MissingKey {
        path: PathBuf,
        section: String,
        key: &'static str,
    },
    #[error("{} [{section}]: max_body is not a positive number", path.display())]
    BadMaxBody { path: PathBuf, section: String },
    #[error("{} [{section}]: host must be a bare hostname such as akab-….luna.akamaiapis.net", path.display())]
    BadHost { path: PathBuf, section: String },
    #[error("{} [{section}] {key}: {source}", path.display())]
    Unprintable {
        path: PathBuf,
        section: String,
        key: &'static str,
        #[source]
        source: SecretError,
    },
}

/// `--edgerc`, else `~/.edgerc` (`home` is `$HOME`).
pub fn path(given: Option<&Path>, home: Option<&Path>) -> Result<PathBuf, EdgercError> {
    match (given, home) {
        (Some(p), _) => Ok(match (p.strip_prefix("~"), home) {
            (Ok(rest), Some(h)) => h.join(rest),
            _ => p.to_path_buf(),
        }),
        (None, Some(h)) => Ok(h.join(".edgerc")),
        (None, None) => Err(EdgercError::NoHome),
    }
}

/// Read `section` of the file at `path`.
pub fn load(path: &Path, section: &str) -> Result<Client, EdgercError> {
    let text = std::fs::read_to_string(path).map_err(|source| EdgercError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    parse(&text, path, section)
}

type Sections = Vec<(String, BTreeMap<String, String>)>;

fn sections(text: &str, path: &Path) -> Result<Sections, EdgercError> {
    let mut out: Sections = Vec::new();
    for (line_no, line) in super::ini::content_lines(text) {
        let at = || path.to_path_buf();
        if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            let name = name.trim().to_string();
            if !out.iter().any(|(n, _)| *n == name) {
                out.push((name.clone(), BTreeMap::new()));
            }
            let idx = out.iter().position(|(n, _)| *n == name).unwrap_or(0);
            // Later keys go to this section (a repeated header continues the first).
            let s = out.remove(idx);
            out.push(s);
            continue;
        }
        let Some(split) = line.find(['=', ':']) else {
            return Err(EdgercError::Syntax {
                path: at(),
                line: line_no,
            });
        };
        let key = line[..split].trim().to_ascii_lowercase().replace('-', "_");
        let mut value = line[split + 1..].trim();
        if value.len() >= 2 && value.starts_with('"') && value.ends_with('"') {
            value = &value[1..value.len() - 1];
        }
        let Some((_, map)) = out.last_mut() else {
            return Err(EdgercError::KeyOutsideSection {
                path: at(),
                line: line_no,
            });
        };
        map.insert(key, value.to_string());
    }
    Ok(out)
}

/// Read `section` from the text of the file at `path`.
pub fn parse(text: &str, path: &Path, section: &str) -> Result<Client, EdgercError> {
    let all = sections(text, path)?;
    let find = |name: &str| all.iter().find(|(n, _)| n == name).map(|(_, m)| m);
    let Some(map) = find(section) else {
        return Err(EdgercError::NoSection {
            path: path.to_path_buf(),
            section: section.to_string(),
            found: all
                .iter()
                .map(|(n, _)| n.clone())
                .filter(|n| n != "DEFAULT")
                .collect(),
        });
    };
    let defaults = find("DEFAULT");
    let get = |key: &'static str| {
        map.get(key)
            .or_else(|| defaults.and_then(|d| d.get(key)))
            .map(String::as_str)
            .filter(|v| !v.is_empty())
    };
    let here = || (path.to_path_buf(), section.to_string());
    let need = |key: &'static str| {
        get(key).ok_or_else(|| EdgercError::MissingKey {
            path: path.to_path_buf(),
            section: section.to_string(),
            key,
        })
    };
    let secret = |key: &'static str| -> Result<Arc<SecretRef>, EdgercError> {
        let v = need(key)?;
        check_printable(v, Origin::File(path.to_path_buf()), 0).map_err(|source| {
            EdgercError::Unprintable {
                path: path.to_path_buf(),
                section: section.to_string(),
                key,
                source,
            }
        })?;
        Ok(SecretRef::new(v, Origin::File(path.to_path_buf())))
    };
    let host = need("host")?;
    let host = host.strip_prefix("https://").unwrap_or(host);
    let host = host.trim_end_matches('/');
    if host.is_empty() || host.contains(['/', ' ', '\t', '?', '#', '@']) || host.contains("://") {
        let (path, section) = here();
        return Err(EdgercError::BadHost { path, section });
    }
    let max_body = match get("max_body") {
        None => DEFAULT_MAX_BODY,
        Some(v) => match v.parse::<usize>() {
            Ok(n) if n > 0 => n,
            _ => {
                let (path, section) = here();
                return Err(EdgercError::BadMaxBody { path, section });
            }
        },
    };
    Ok(Client {
        host: host.to_string(),
        creds: EdgeGrid {
            client_token: secret("client_token")?,
            access_token: secret("access_token")?,
            client_secret: secret("client_secret")?,
            max_body,
        },
    })
}

#[cfg(test)]
mod tests;
