//! `isrctl.toml`: named targets for `revalidate` and `purge`, and where secrets come from.
//!
//! Precedence: built-in defaults < config file < `ISRCTL_*` environment < command-line flags.
//! Secrets are only referenced (`token_env`, `token_file`, `secret_env`, `secret_file`,
//! `bypass_token_env`); a config holding a literal token or secret is rejected, without echoing it.

use crate::http::target::{HttpUrl, Method};
use crate::providers::nextjs::SecretIn;
use crate::providers::vercel::Environment;
use crate::secret::is_env_name;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub mod edgerc;
pub mod ini;
pub mod vendor;

/// Why a config file or target could not be used. Messages never quote a value from the file.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read config {}: {source}", path.display())]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// An error in the file at `path`.
    #[error("config {}: {source}", path.display())]
    InFile {
        path: PathBuf,
        #[source]
        source: Box<ConfigError>,
    },
    /// TOML syntax or schema (the message without the offending line, which may hold a secret).
    #[error("{0}")]
    Toml(String),
    #[error(
        "targets.{target}.{key} holds a literal secret; isrctl.toml must not contain tokens or secrets"
    )]
    LiteralSecret { target: String, key: String },
    #[error(
        "targets.{target}.{key} must name an environment variable (letters, digits, _), not hold a value"
    )]
    NotAnEnvName { target: String, key: String },
    #[error("no target '{name}' in {}", file.as_ref().map_or("no isrctl.toml found".to_string(), |p| p.display().to_string()))]
    UnknownTarget {
        name: String,
        file: Option<PathBuf>,
        known: Vec<String>,
    },
    #[error("--target {name}: no isrctl.toml found")]
    NoConfigFile { name: String },
}

type Result<T, E = ConfigError> = std::result::Result<T, E>;

/// One named target.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Target {
    pub provider: Option<String>,
    pub project: Option<String>,
    pub team: Option<String>,
    pub environment: Option<Environment>,
    pub zone: Option<String>,
    pub service: Option<String>,
    pub site: Option<String>,
    /// CloudFront distribution id.
    pub distribution: Option<String>,
    /// AWS profile of the shared credentials file (CloudFront).
    pub profile: Option<String>,
    pub base_url: Option<String>,
    pub batch_size: Option<usize>,
    pub token_env: Option<String>,
    pub token_file: Option<PathBuf>,
    pub endpoint: Option<HttpUrl>,
    pub secret_env: Option<String>,
    pub secret_file: Option<PathBuf>,
    pub secret_in: Option<SecretIn>,
    pub secret_name: Option<String>,
    pub method: Option<Method>,
    pub bypass_token_env: Option<String>,
    /// Akamai: the credentials file, its section and the network.
    pub edgerc: Option<PathBuf>,
    pub section: Option<String>,
    pub network: Option<crate::providers::akamai::Network>,
    #[serde(default)]
    pub verify: Vec<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    #[serde(default)]
    pub targets: BTreeMap<String, Target>,
    #[serde(skip)]
    pub path: Option<PathBuf>,
}

/// Keys that would hold a secret value itself.
const LITERAL_SECRET_KEYS: &[&str] = &[
    "token",
    "secret",
    "api_token",
    "api_key",
    "auth_token",
    "access_token",
    "password",
    "bypass_token",
    "fastly_key",
    "key",
];

/// Where to look: `--config FILE`, else ./isrctl.toml, else $XDG_CONFIG_HOME/isrctl/isrctl.toml
/// (or ~/.config/isrctl/isrctl.toml). `None` when nothing is there or `--no-config`.
pub fn locate(explicit: Option<&Path>, no_config: bool) -> Option<PathBuf> {
    if no_config {
        return None;
    }
    if let Some(p) = explicit {
        return Some(p.to_path_buf());
    }
    let local = PathBuf::from("isrctl.toml");
    if local.is_file() {
        return Some(local);
    }
    let xdg = std::env::var_os("XDG_CONFIG_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".config")))?;
    let p = xdg.join("isrctl").join("isrctl.toml");
    p.is_file().then_some(p)
}

/// Read and check a config file.
pub fn load(path: &Path) -> Result<Config> {
    let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    let mut c = parse(&text).map_err(|e| ConfigError::InFile {
        path: path.to_path_buf(),
        source: Box::new(e),
    })?;
    c.path = Some(path.to_path_buf());
    Ok(c)
}

/// Parse config text: literal secrets first (so the error never shows the value), then the schema.
pub fn parse(text: &str) -> Result<Config> {
    let value: toml::Table =
        toml::from_str(text).map_err(|e| ConfigError::Toml(toml_error(&e, text)))?;
    if let Some(toml::Value::Table(targets)) = value.get("targets") {
        for (name, t) in targets {
            let Some(t) = t.as_table() else { continue };
            for (k, v) in t {
                if LITERAL_SECRET_KEYS.contains(&k.as_str()) {
                    return Err(ConfigError::LiteralSecret {
                        target: name.clone(),
                        key: k.clone(),
                    });
                }
                if k.ends_with("_env")
                    && let Some(s) = v.as_str()
                    && !is_env_name(s)
                {
                    return Err(ConfigError::NotAnEnvName {
                        target: name.clone(),
                        key: k.clone(),
                    });
                }
            }
        }
    }
    toml::from_str::<Config>(text).map_err(|e| ConfigError::Toml(toml_error(&e, text)))
}

fn toml_error(e: &toml::de::Error, text: &str) -> String {
    // toml's message quotes the offending line; keep only the explanation so a value that looks
    // like a secret is never echoed.
    let msg = e.message();
    match e.span() {
        Some(s) => {
            let (line, column) = crate::scenario::line_col(text, s.start);
            format!("{msg} (line {line}, column {column})")
        }
        None => msg.to_string(),
    }
}

impl Config {
    pub fn target(&self, name: &str) -> Result<&Target> {
        self.targets
            .get(name)
            .ok_or_else(|| ConfigError::UnknownTarget {
                name: name.to_string(),
                file: self.path.clone(),
                known: self.targets.keys().cloned().collect(),
            })
    }
}

/// The target named by `--target`/`ISRCTL_TARGET`, or an empty one.
pub fn resolve_target(
    name: Option<&str>,
    explicit: Option<&Path>,
    no_config: bool,
) -> Result<Target> {
    let Some(name) = name else {
        return Ok(Target::default());
    };
    let Some(path) = locate(explicit, no_config) else {
        return Err(ConfigError::NoConfigFile {
            name: name.to_string(),
        });
    };
    Ok(load(&path)?.target(name)?.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_targets() {
        let c = parse(
            r#"
[targets.prod]
provider = "vercel"
project = "my-site"
token_env = "VERCEL_TOKEN"
verify = ["https://example.com/blog"]
"#,
        )
        .unwrap();
        let t = c.target("prod").unwrap();
        assert_eq!(t.project.as_deref(), Some("my-site"));
        assert_eq!(t.verify, vec!["https://example.com/blog"]);
        assert!(c.target("staging").is_err());
    }

    #[test]
    fn rejects_literal_secrets_without_echoing_them() {
        for text in [
            "[targets.prod]\ntoken = \"vercel_abcdef123456\"\n",
            "[targets.prod]\ntoken_env = \"vercel_abcdef-123456\"\n",
            "[targets.prod]\nsecret = \"vercel_abcdef123456\"\n",
        ] {
            let e = crate::error::Error::from(parse(text).unwrap_err());
            assert_eq!(e.exit(), crate::error::Exit::Usage);
            assert!(!e.to_string().contains("abcdef"), "{e}");
            assert!(!e.hint().unwrap_or_default().contains("abcdef"));
        }
        let e = parse("[targets.prod]\nzone = 5\nbogus = \"vercel_abcdef123456\"\n").unwrap_err();
        assert!(!e.to_string().contains("abcdef"), "{e}");
    }
}
