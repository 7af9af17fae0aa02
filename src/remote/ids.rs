//! Where a purge's ids come from, first found wins: the flags (and `ISRCTL_*` through them), the
//! isrctl.toml target, the vendors' own variables (`VERCEL_PROJECT_ID`, `FASTLY_SERVICE_ID`,
//! `NETLIFY_SITE_ID`, …), then the project files their CLIs write in the current directory
//! (`.vercel/project.json`, `fastly.toml`, `.netlify/state.json`). Resolved before the token is
//! read, so a missing id is reported before a missing token.

use super::purge::{PurgeError, required};
use crate::config::{Target, vendor};
use crate::providers::Provider;
use std::path::Path;

/// The ids given on the command line.
#[derive(Debug, Default, Clone, Copy)]
pub struct Given<'a> {
    pub project: Option<&'a str>,
    pub team: Option<&'a str>,
    pub zone: Option<&'a str>,
    pub service: Option<&'a str>,
    pub site: Option<&'a str>,
    pub distribution: Option<&'a str>,
}

/// The ids a provider's plan needs (only its own are filled).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Ids {
    pub project: Option<String>,
    pub team: Option<String>,
    pub zone: Option<String>,
    pub service: Option<String>,
    pub site: Option<String>,
    pub distribution: Option<String>,
}

impl Ids {
    /// What "everything" means for this provider, for the confirmation prompt.
    pub fn scope(&self, p: Provider) -> String {
        let named = |what: &str, v: &Option<String>| match v {
            Some(v) => format!("{} {what} {v}", p.name()),
            None => p.name().to_string(),
        };
        match p {
            Provider::Vercel => named("project", &self.project),
            Provider::Cloudflare => named("zone", &self.zone),
            Provider::Fastly => named("service", &self.service),
            Provider::Netlify => named("site", &self.site),
            Provider::CloudFront => named("distribution", &self.distribution),
            Provider::Akamai | Provider::Http => p.name().to_string(),
        }
    }
}

/// Resolve the ids `p` needs. `env` reads a variable (the process environment outside tests);
/// `dir` is where the vendors' project files are looked for. A Fastly service is only looked for
/// when `service_needed` (keys and --all need one; URL purges do not).
pub fn resolve(
    p: Provider,
    given: Given<'_>,
    t: &Target,
    env: &dyn Fn(&str) -> Option<String>,
    dir: &Path,
    service_needed: bool,
) -> Result<Ids, PurgeError> {
    let pick = |flag: Option<&str>, conf: &Option<String>| {
        flag.map(String::from)
            .or_else(|| conf.clone())
            .filter(|s| !s.trim().is_empty())
    };
    let var = |name: &str| env(name).filter(|v| !v.trim().is_empty());
    let mut ids = Ids::default();
    match p {
        Provider::Vercel => {
            let mut project = pick(given.project, &t.project).or_else(|| var("VERCEL_PROJECT_ID"));
            let mut team = pick(given.team, &t.team)
                .or_else(|| var("VERCEL_ORG_ID").and_then(|o| vendor::vercel_team(&o)));
            if project.is_none() || team.is_none() {
                if let Some(link) = vendor::vercel(dir)? {
                    team = team.or(link.team);
                    project = project.or(Some(link.project));
                }
            }
            ids.project = Some(required(
                project,
                "--project",
                "ISRCTL_PROJECT or VERCEL_PROJECT_ID",
                "project",
            )?);
            ids.team = team;
        }
        Provider::Cloudflare => {
            ids.zone = Some(required(
                pick(given.zone, &t.zone),
                "--zone",
                "ISRCTL_ZONE",
                "zone",
            )?);
        }
        Provider::Fastly => {
            ids.service = pick(given.service, &t.service).or_else(|| var("FASTLY_SERVICE_ID"));
            if ids.service.is_none() && service_needed {
                ids.service = vendor::fastly(dir)?;
            }
        }
        Provider::Netlify => {
            let site = match pick(given.site, &t.site).or_else(|| var("NETLIFY_SITE_ID")) {
                Some(s) => Some(s),
                None => vendor::netlify(dir)?,
            };
            ids.site = Some(required(
                site,
                "--site",
                "ISRCTL_SITE or NETLIFY_SITE_ID",
                "site",
            )?);
        }
        Provider::CloudFront => {
            ids.distribution = Some(required(
                pick(given.distribution, &t.distribution),
                "--distribution",
                "ISRCTL_DISTRIBUTION",
                "distribution",
            )?);
        }
        Provider::Akamai | Provider::Http => {}
    }
    Ok(ids)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn linked() -> tempfile::TempDir {
        let d = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(d.path().join(".vercel")).unwrap();
        std::fs::write(
            d.path().join(".vercel/project.json"),
            r#"{"projectId":"prj_file","orgId":"team_file"}"#,
        )
        .unwrap();
        std::fs::write(d.path().join("fastly.toml"), "service_id = \"svc_file\"\n").unwrap();
        std::fs::create_dir_all(d.path().join(".netlify")).unwrap();
        std::fs::write(
            d.path().join(".netlify/state.json"),
            r#"{"siteId":"site_file"}"#,
        )
        .unwrap();
        d
    }

    fn none(_: &str) -> Option<String> {
        None
    }

    #[test]
    fn flags_then_config_then_variables_then_files() {
        let d = linked();
        let t = Target::default();
        let vercel = |g: Given, env: &dyn Fn(&str) -> Option<String>| {
            resolve(Provider::Vercel, g, &t, env, d.path(), false).unwrap()
        };
        let from_file = vercel(Given::default(), &none);
        assert_eq!(from_file.project.as_deref(), Some("prj_file"));
        assert_eq!(from_file.team.as_deref(), Some("team_file"));
        let env = |v: &str| match v {
            "VERCEL_PROJECT_ID" => Some("prj_env".to_string()),
            "VERCEL_ORG_ID" => Some("user_personal".to_string()),
            _ => None,
        };
        let from_env = vercel(Given::default(), &env);
        assert_eq!(from_env.project.as_deref(), Some("prj_env"));
        // A personal account's id is not a team; the linked file's team is used then.
        assert_eq!(from_env.team.as_deref(), Some("team_file"));
        let flags = Given {
            project: Some("prj_flag"),
            team: Some("team_flag"),
            ..Given::default()
        };
        let from_flags = vercel(flags, &env);
        assert_eq!(from_flags.project.as_deref(), Some("prj_flag"));
        assert_eq!(from_flags.team.as_deref(), Some("team_flag"));

        let fastly = |needed| {
            resolve(
                Provider::Fastly,
                Given::default(),
                &t,
                &none,
                d.path(),
                needed,
            )
        };
        assert_eq!(fastly(true).unwrap().service.as_deref(), Some("svc_file"));
        assert_eq!(fastly(false).unwrap().service, None);
        let netlify = resolve(
            Provider::Netlify,
            Given::default(),
            &t,
            &none,
            d.path(),
            false,
        );
        assert_eq!(netlify.unwrap().site.as_deref(), Some("site_file"));
    }

    #[test]
    fn nothing_anywhere_is_a_required_error_and_a_broken_file_names_itself() {
        let empty = tempfile::tempdir().unwrap();
        let t = Target::default();
        let e = resolve(
            Provider::Vercel,
            Given::default(),
            &t,
            &none,
            empty.path(),
            false,
        );
        assert!(matches!(
            e,
            Err(PurgeError::Required {
                flag: "--project",
                ..
            })
        ));
        std::fs::create_dir_all(empty.path().join(".netlify")).unwrap();
        std::fs::write(empty.path().join(".netlify/state.json"), "{").unwrap();
        let e = resolve(
            Provider::Netlify,
            Given::default(),
            &t,
            &none,
            empty.path(),
            false,
        );
        assert!(matches!(e, Err(PurgeError::VendorFile(_))), "{e:?}");
    }

    #[test]
    fn the_prompt_names_what_everything_is() {
        let ids = Ids {
            zone: Some("example.com".into()),
            ..Ids::default()
        };
        assert_eq!(
            ids.scope(Provider::Cloudflare),
            "cloudflare zone example.com"
        );
        assert_eq!(Ids::default().scope(Provider::Fastly), "fastly");
    }
}
