//! The ids the vendors' own CLIs keep in a project folder, read as a last resort after flags,
//! `ISRCTL_*` variables, isrctl.toml and the vendors' variables: `.vercel/project.json`
//! (`vercel link`), `fastly.toml` (`fastly compute init`), `.netlify/state.json` (`netlify link`).
//!
//! Only the given folder (the current directory) is read, as those CLIs do: a parent folder may
//! belong to another project. A file that exists but cannot be read is an error naming it, not a
//! silent fallback.

use serde::Deserialize;
use std::path::{Path, PathBuf};

/// A vendor file that is there but unreadable.
#[derive(Debug, thiserror::Error)]
#[error("{}: {reason}", path.display())]
pub struct VendorFileError {
    pub path: PathBuf,
    pub reason: String,
}

/// A linked Vercel project: the project id and, for a team's project, the team id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VercelLink {
    pub project: String,
    /// `orgId` when it names a team (`team_…`); a personal account's user id is not a team.
    pub team: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct VercelProjectJson {
    project_id: Option<String>,
    org_id: Option<String>,
}

#[derive(Deserialize)]
struct FastlyToml {
    service_id: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct NetlifyState {
    site_id: Option<String>,
}

/// The team a Vercel `orgId`/`VERCEL_ORG_ID` stands for: teams' ids start with `team_`; anything
/// else is a personal account, which the API takes without a team (as the vercel CLI does).
pub fn vercel_team(org_id: &str) -> Option<String> {
    org_id.starts_with("team_").then(|| org_id.to_string())
}

/// `.vercel/project.json` in `dir`, if there is one.
pub fn vercel(dir: &Path) -> Result<Option<VercelLink>, VendorFileError> {
    let Some((path, text)) = read(dir, ".vercel/project.json")? else {
        return Ok(None);
    };
    let v: VercelProjectJson = serde_json::from_str(&text).map_err(|e| bad(&path, e))?;
    let project = non_empty(v.project_id).ok_or_else(|| bad(&path, "no \"projectId\""))?;
    Ok(Some(VercelLink {
        project,
        team: v.org_id.as_deref().and_then(vercel_team),
    }))
}

/// `service_id` from `fastly.toml` in `dir`, if the file is there and has one (a new Compute
/// project's manifest has none until its first deploy).
pub fn fastly(dir: &Path) -> Result<Option<String>, VendorFileError> {
    let Some((path, text)) = read(dir, "fastly.toml")? else {
        return Ok(None);
    };
    let v: FastlyToml = toml::from_str(&text).map_err(|e| bad(&path, e.message()))?;
    Ok(non_empty(v.service_id))
}

/// `siteId` from `.netlify/state.json` in `dir`, if there is one.
pub fn netlify(dir: &Path) -> Result<Option<String>, VendorFileError> {
    let Some((path, text)) = read(dir, ".netlify/state.json")? else {
        return Ok(None);
    };
    let v: NetlifyState = serde_json::from_str(&text).map_err(|e| bad(&path, e))?;
    Ok(non_empty(v.site_id))
}

/// Where the vendor files are looked for: the current directory.
pub fn here() -> PathBuf {
    std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."))
}

/// Files this small hold ids; anything larger is not the vendor's file.
const MAX_LEN: u64 = 64 * 1024;

fn read(dir: &Path, rel: &str) -> Result<Option<(PathBuf, String)>, VendorFileError> {
    let path = dir.join(rel);
    let meta = match std::fs::metadata(&path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(bad(&path, e)),
    };
    if !meta.is_file() || meta.len() > MAX_LEN {
        return Err(bad(&path, "not a small regular file"));
    }
    let text = std::fs::read_to_string(&path).map_err(|e| bad(&path, e))?;
    Ok(Some((path, text)))
}

fn non_empty(v: Option<String>) -> Option<String> {
    v.map(|s| s.trim().to_string()).filter(|s| !s.is_empty())
}

fn bad(path: &Path, reason: impl std::fmt::Display) -> VendorFileError {
    VendorFileError {
        path: path.to_path_buf(),
        reason: reason.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dir_with(files: &[(&str, &str)]) -> tempfile::TempDir {
        let d = tempfile::tempdir().unwrap();
        for (rel, text) in files {
            let p = d.path().join(rel);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, text).unwrap();
        }
        d
    }

    #[test]
    fn reads_each_vendors_file() {
        let d = dir_with(&[
            (
                ".vercel/project.json",
                r#"{"projectId":"prj_1","orgId":"team_9","projectName":"site"}"#,
            ),
            (
                "fastly.toml",
                "manifest_version = 3\nname = \"x\"\nservice_id = \"SvC\"\n[local_server]\n",
            ),
            (".netlify/state.json", r#"{"siteId":"abc-123"}"#),
        ]);
        let v = vercel(d.path()).unwrap().unwrap();
        assert_eq!(v.project, "prj_1");
        assert_eq!(v.team.as_deref(), Some("team_9"));
        assert_eq!(fastly(d.path()).unwrap().as_deref(), Some("SvC"));
        assert_eq!(netlify(d.path()).unwrap().as_deref(), Some("abc-123"));
    }

    #[test]
    fn absent_files_and_personal_accounts() {
        let d = dir_with(&[(
            ".vercel/project.json",
            r#"{"projectId":"prj_1","orgId":"AbCuser"}"#,
        )]);
        assert_eq!(vercel(d.path()).unwrap().unwrap().team, None);
        assert_eq!(fastly(d.path()).unwrap(), None);
        assert_eq!(netlify(d.path()).unwrap(), None);
        let fresh = dir_with(&[("fastly.toml", "manifest_version = 3\nname = \"x\"\n")]);
        assert_eq!(fastly(fresh.path()).unwrap(), None);
    }

    #[test]
    fn broken_files_are_errors_that_name_them() {
        let d = dir_with(&[
            (".vercel/project.json", "{\"orgId\": \"team_1\"}"),
            ("fastly.toml", "service_id = "),
            (".netlify/state.json", "not json"),
        ]);
        let e = vercel(d.path()).unwrap_err().to_string();
        assert!(e.contains("project.json") && e.contains("projectId"), "{e}");
        assert!(
            fastly(d.path())
                .unwrap_err()
                .to_string()
                .contains("fastly.toml")
        );
        assert!(
            netlify(d.path())
                .unwrap_err()
                .to_string()
                .contains("state.json")
        );
    }
}
