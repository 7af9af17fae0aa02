//! AWS credentials for SigV4 (CloudFront), as the AWS CLI finds them: `--profile NAME` reads
//! that profile of the shared credentials file; otherwise `AWS_ACCESS_KEY_ID` +
//! `AWS_SECRET_ACCESS_KEY` (+ `AWS_SESSION_TOKEN`); otherwise the profile `AWS_PROFILE` names,
//! else `default`. The file is `AWS_SHARED_CREDENTIALS_FILE`, else `~/.aws/credentials`.
//! Errors name the variable, file, profile and key, never a value.

use crate::http::request::{Origin, SecretRef};
use crate::providers::cloudfront::{REGION, SERVICE};
use crate::providers::sigv4::{KeySource, SigV4};
use crate::secret::{self, SecretError};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Why there are no usable AWS credentials.
#[derive(Debug, thiserror::Error)]
pub enum AwsError {
    #[error(
        "no AWS credentials: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set, and {} has no profile [{profile}]",
        path.display()
    )]
    NoProfile { path: PathBuf, profile: String },
    #[error(
        "no AWS credentials: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set, and {} cannot be read ({source})",
        path.display()
    )]
    NoFile {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{set} is set but {unset} is not; set both (or neither, to use a profile)")]
    HalfSet {
        set: &'static str,
        unset: &'static str,
    },
    #[error("{}: profile [{profile}] has no {key}", path.display())]
    MissingKey {
        path: PathBuf,
        profile: String,
        key: &'static str,
    },
    #[error("{}: line {line} is not `key = value`, a [profile] header or a comment", path.display())]
    BadLine { path: PathBuf, line: usize },
    #[error(transparent)]
    Secret(#[from] SecretError),
}

/// The credentials file: `AWS_SHARED_CREDENTIALS_FILE`, else `~/.aws/credentials`.
pub fn credentials_file(env: &dyn Fn(&str) -> Option<String>) -> PathBuf {
    if let Some(p) = env("AWS_SHARED_CREDENTIALS_FILE").filter(|p| !p.trim().is_empty()) {
        return PathBuf::from(p);
    }
    match env("HOME")
        .or_else(|| env("USERPROFILE"))
        .filter(|h| !h.is_empty())
    {
        Some(home) => Path::new(&home).join(".aws").join("credentials"),
        // No home: name the usual place (never read relative to the current directory).
        None => PathBuf::from("~/.aws/credentials"),
    }
}

/// A SigV4 signer for CloudFront with the credentials found, or why there are none.
pub fn signer(profile: Option<&str>) -> Result<SigV4, AwsError> {
    let env = |v: &str| std::env::var(v).ok();
    let explicit = profile.is_some();
    if !explicit {
        let id = secret::from_env("AWS_ACCESS_KEY_ID")?;
        let key = secret::from_env("AWS_SECRET_ACCESS_KEY")?;
        match (id, key) {
            (Some(id), Some(key)) => {
                return Ok(sigv4(
                    id,
                    key,
                    secret::from_env("AWS_SESSION_TOKEN")?,
                    KeySource::Env,
                ));
            }
            (Some(_), None) => {
                return Err(AwsError::HalfSet {
                    set: "AWS_ACCESS_KEY_ID",
                    unset: "AWS_SECRET_ACCESS_KEY",
                });
            }
            (None, Some(_)) => {
                return Err(AwsError::HalfSet {
                    set: "AWS_SECRET_ACCESS_KEY",
                    unset: "AWS_ACCESS_KEY_ID",
                });
            }
            (None, None) => {}
        }
    }
    let name = profile
        .map(String::from)
        .or_else(|| env("AWS_PROFILE").filter(|p| !p.trim().is_empty()))
        .unwrap_or_else(|| "default".to_string());
    let path = credentials_file(&env);
    let text = std::fs::read_to_string(&path).map_err(|source| AwsError::NoFile {
        path: path.clone(),
        source,
    })?;
    from_profile(&text, &path, &name)
}

/// Stand-in credentials for a dry run without any: `--curl` still names where they would be
/// read from (the variables, or the profile).
pub fn placeholder(profile: Option<&str>) -> SigV4 {
    let env = |v: &str| SecretRef::new("", Origin::Env(v.to_string()));
    let named = profile.map(String::from).or_else(|| {
        std::env::var("AWS_PROFILE")
            .ok()
            .filter(|p| !p.trim().is_empty())
    });
    sigv4(
        env("AWS_ACCESS_KEY_ID"),
        env("AWS_SECRET_ACCESS_KEY"),
        None,
        named.map_or(KeySource::Env, KeySource::Profile),
    )
}

fn sigv4(
    id: Arc<SecretRef>,
    key: Arc<SecretRef>,
    token: Option<Arc<SecretRef>>,
    source: KeySource,
) -> SigV4 {
    SigV4 {
        access_key_id: id,
        secret_key: key,
        session_token: token,
        source,
        region: REGION,
        service: SERVICE,
    }
}

/// The keys of profile `name` in the text of a credentials file at `path`.
pub fn from_profile(text: &str, path: &Path, name: &str) -> Result<SigV4, AwsError> {
    let keys = profile_keys(text, path, name)?.ok_or_else(|| AwsError::NoProfile {
        path: path.to_path_buf(),
        profile: name.to_string(),
    })?;
    let get = |key: &'static str| -> Result<Option<Arc<SecretRef>>, AwsError> {
        match keys.iter().find(|(k, _)| k == key) {
            Some((_, v)) if !v.is_empty() => {
                let origin = Origin::File(path.to_path_buf());
                secret::check_printable(v, origin.clone(), 0)?;
                Ok(Some(SecretRef::new(v.as_str(), origin)))
            }
            _ => Ok(None),
        }
    };
    let need = |key: &'static str| -> Result<Arc<SecretRef>, AwsError> {
        get(key)?.ok_or_else(|| AwsError::MissingKey {
            path: path.to_path_buf(),
            profile: name.to_string(),
            key,
        })
    };
    Ok(sigv4(
        need("aws_access_key_id")?,
        need("aws_secret_access_key")?,
        get("aws_session_token")?,
        KeySource::Profile(name.to_string()),
    ))
}

/// The `key = value` lines of section `[name]` (keys lower-cased), `None` when it is absent.
/// Blank lines and `#`/`;` comments are skipped; a repeated section adds to the first.
fn profile_keys(
    text: &str,
    path: &Path,
    name: &str,
) -> Result<Option<Vec<(String, String)>>, AwsError> {
    let mut found = false;
    let mut inside = false;
    let mut keys = Vec::new();
    for (line_no, line) in crate::config::ini::content_lines(text) {
        if let Some(section) = line.strip_prefix('[') {
            let Some(section) = section.strip_suffix(']') else {
                return Err(AwsError::BadLine {
                    path: path.to_path_buf(),
                    line: line_no,
                });
            };
            inside = section.trim() == name;
            found |= inside;
            continue;
        }
        let Some((k, v)) = line.split_once('=') else {
            return Err(AwsError::BadLine {
                path: path.to_path_buf(),
                line: line_no,
            });
        };
        if inside {
            keys.push((k.trim().to_ascii_lowercase(), v.trim().to_string()));
        }
    }
    Ok(found.then_some(keys))
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = "\u{FEFF}# my keys\n[default]\naws_access_key_id = AKIDDEFAULT\n\
        aws_secret_access_key=secret-default\n\n; staging\n[prod]\n\
        AWS_ACCESS_KEY_ID = AKIDPROD\naws_secret_access_key = secret/prod+1=\n\
        aws_session_token = tok-prod\n[half]\naws_access_key_id = AKIDHALF\n";

    #[test]
    fn profiles_are_read_with_their_keys() {
        let p = Path::new("/home/u/.aws/credentials");
        let d = from_profile(FILE, p, "default").unwrap();
        assert_eq!(d.access_key_id.secret.expose(), "AKIDDEFAULT");
        assert_eq!(d.secret_key.secret.expose(), "secret-default");
        assert!(d.session_token.is_none());
        let prod = from_profile(FILE, p, "prod").unwrap();
        assert_eq!(prod.secret_key.secret.expose(), "secret/prod+1=");
        assert_eq!(prod.session_token.unwrap().secret.expose(), "tok-prod");
        assert_eq!(prod.source, KeySource::Profile("prod".into()));
    }

    #[test]
    fn a_repeated_section_adds_to_the_first() {
        let p = Path::new("c");
        let text = "[a]\naws_access_key_id = K\n[b]\naws_access_key_id = X\n[a]\naws_secret_access_key = S\n";
        let a = from_profile(text, p, "a").unwrap();
        assert_eq!(a.access_key_id.secret.expose(), "K");
        assert_eq!(a.secret_key.secret.expose(), "S");
    }

    #[test]
    fn errors_name_the_file_and_profile_never_a_value() {
        let p = Path::new("/home/u/.aws/credentials");
        let e = from_profile(FILE, p, "nope").unwrap_err().to_string();
        assert!(
            e.contains("/home/u/.aws/credentials has no profile [nope]"),
            "{e}"
        );
        let e = from_profile(FILE, p, "half").unwrap_err().to_string();
        assert_eq!(
            e,
            "/home/u/.aws/credentials: profile [half] has no aws_secret_access_key"
        );
        assert!(!e.contains("AKIDHALF"));
        let e = from_profile("[default]\naws_secret_access_key secret\n", p, "default")
            .unwrap_err()
            .to_string();
        assert!(e.contains("line 2 is not"), "{e}");
        assert!(!e.contains("secret\n") && !e.contains(" secret"), "{e}");
    }

    #[test]
    fn the_file_is_found_from_the_environment() {
        let env = |v: &str| match v {
            "HOME" => Some("/home/u".to_string()),
            _ => None,
        };
        assert_eq!(
            credentials_file(&env),
            Path::new("/home/u/.aws/credentials")
        );
        let env = |v: &str| (v == "AWS_SHARED_CREDENTIALS_FILE").then(|| "/tmp/c".to_string());
        assert_eq!(credentials_file(&env), Path::new("/tmp/c"));
    }
}
