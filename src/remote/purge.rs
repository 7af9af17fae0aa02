//! `purge` as a plan: which provider, which items, which options (checked against what the
//! provider's module declares it accepts), the API token, and the provider's own request plan.

use crate::config::Target;
use crate::http::request::{Origin, SecretRef};
use crate::providers::{
    ItemKind, Opt, PlanError, Planned, Provider, akamai, cloudflare, cloudfront, fastly, http,
    netlify, vercel,
};
use crate::secret::{self, SecretError};
use std::path::Path;
use std::sync::Arc;

/// A purge that cannot go ahead as asked (usage errors; hints are in `error.rs`).
#[derive(Debug, thiserror::Error)]
pub enum PurgeError {
    #[error(
        "target provider '{0}' is not one of vercel, cloudflare, fastly, netlify, akamai, cloudfront, http"
    )]
    UnknownTargetProvider(String),
    #[error("provider {} on the command line but target '{target}' is {}", given.name(), configured.name())]
    ProviderMismatch {
        given: Provider,
        target: String,
        configured: Provider,
    },
    #[error("which provider? give vercel, cloudflare, fastly, netlify, akamai, cloudfront or http")]
    NoProvider,
    #[error("{} does not support {} items", provider.name(), kind.flag())]
    Unsupported { provider: Provider, kind: ItemKind },
    #[error("{} is not an option of the {} provider", opt.flag(), provider.name())]
    NotAnOption { provider: Provider, opt: Opt },
    #[error("--soft and --hard contradict each other")]
    SoftAndHard,
    #[error("--deadline only applies to --hard (dangerously-delete-by-tags)")]
    DeadlineWithoutHard,
    #[error("--type only applies to --all")]
    TypeWithoutAll,
    #[error("Vercel's purge-all deletes; it cannot be soft")]
    VercelSoftAll,
    #[error("--all/--everything purges everything; do not also give items")]
    AllWithItems,
    #[error("{} has no purge-everything (--all/--everything)", .0.name())]
    NoPurgeAll(Provider),
    #[error("nothing to purge: the item list is empty (give {} or --from-file FILE)", .0.accepts().items_flag)]
    NothingToPurge(Provider),
    #[error("{flag} is required")]
    Required {
        flag: &'static str,
        env: &'static str,
        key: &'static str,
    },
    #[error(
        "this purges everything on {0}; confirm with --yes (stdin is not a terminal, so no prompt)"
    )]
    NeedsYes(String),
    #[error("not confirmed; nothing was purged")]
    NotConfirmed,
    /// A vendor CLI's project file (`.vercel/project.json`, …) that is there but unreadable.
    #[error(transparent)]
    VendorFile(#[from] crate::config::vendor::VendorFileError),
}

/// Items by kind, from the flags and --from-file.
#[derive(Debug, Default, Clone)]
pub struct Items {
    pub url: Vec<String>,
    pub tag: Vec<String>,
    pub key: Vec<String>,
    pub host: Vec<String>,
    pub prefix: Vec<String>,
    pub cpcode: Vec<String>,
    pub path: Vec<String>,
}

impl Items {
    pub fn list(&mut self, k: ItemKind) -> &mut Vec<String> {
        match k {
            ItemKind::Url => &mut self.url,
            ItemKind::Tag => &mut self.tag,
            ItemKind::Key => &mut self.key,
            ItemKind::Host => &mut self.host,
            ItemKind::Prefix => &mut self.prefix,
            ItemKind::Cpcode => &mut self.cpcode,
            ItemKind::Path => &mut self.path,
        }
    }
    pub fn is_empty(&self) -> bool {
        [
            &self.url,
            &self.tag,
            &self.key,
            &self.host,
            &self.prefix,
            &self.cpcode,
            &self.path,
        ]
        .iter()
        .all(|v| v.is_empty())
    }
    /// Drop blank items and repeats; refuse kinds the provider does not take.
    pub fn tidy_for(&mut self, p: Provider) -> Result<(), PurgeError> {
        for kind in ItemKind::ALL {
            let v = self.list(kind);
            v.retain(|s| !s.trim().is_empty());
            super::items::dedup(v);
            if !v.is_empty() && !p.accepts().items.contains(&kind) {
                return Err(PurgeError::Unsupported { provider: p, kind });
            }
        }
        Ok(())
    }
}

/// The provider: from the command line, else the target; both must agree.
pub fn provider(
    given: Option<Provider>,
    target: &Target,
    target_name: &str,
) -> Result<Provider, PurgeError> {
    let configured = match &target.provider {
        Some(p) => Some(
            Provider::from_name(p).ok_or_else(|| PurgeError::UnknownTargetProvider(p.clone()))?,
        ),
        None => None,
    };
    match (given, configured) {
        (Some(given), Some(configured)) if given != configured => {
            Err(PurgeError::ProviderMismatch {
                given,
                target: target_name.to_string(),
                configured,
            })
        }
        (Some(a), _) | (None, Some(a)) => Ok(a),
        (None, None) => Err(PurgeError::NoProvider),
    }
}

/// The switches whose combinations matter, whatever the provider.
#[derive(Debug, Clone, Copy, Default)]
pub struct Modes {
    pub all: bool,
    pub hard: bool,
    pub soft: bool,
    pub deadline: bool,
    pub cache_type: bool,
}

/// Options given that belong to another provider are usage errors, not silently ignored; then
/// contradictions; then whether there is anything (or everything) to purge.
pub fn check(p: Provider, given: &[Opt], m: Modes, items: &Items) -> Result<(), PurgeError> {
    let a = p.accepts();
    let ok = |o: Opt| {
        a.options.contains(&o)
            && a.needs
                .iter()
                .all(|(opt, needs)| *opt != o || given.contains(needs))
    };
    if let Some(opt) = Opt::ALL.into_iter().find(|o| given.contains(o) && !ok(*o)) {
        return Err(PurgeError::NotAnOption { provider: p, opt });
    }
    if m.soft && m.hard {
        return Err(PurgeError::SoftAndHard);
    }
    if m.deadline && !m.hard {
        return Err(PurgeError::DeadlineWithoutHard);
    }
    if m.cache_type && !m.all {
        return Err(PurgeError::TypeWithoutAll);
    }
    if p == Provider::Vercel && m.soft && m.all {
        return Err(PurgeError::VercelSoftAll);
    }
    if m.all && matches!(p, Provider::Akamai | Provider::Http) {
        return Err(PurgeError::NoPurgeAll(p));
    }
    if m.all && !items.is_empty() {
        return Err(PurgeError::AllWithItems);
    }
    if !m.all && items.is_empty() {
        return Err(PurgeError::NothingToPurge(p));
    }
    Ok(())
}

/// A value that must be given somewhere (flag, environment or config target).
pub fn required(
    v: Option<String>,
    flag: &'static str,
    env: &'static str,
    key: &'static str,
) -> Result<String, PurgeError> {
    v.filter(|s| !s.trim().is_empty())
        .ok_or(PurgeError::Required { flag, env, key })
}

/// The API token: --token-file > --token-env > target token_file/token_env > provider default.
/// A missing token is only an error once the request is to be sent ([`Token::required`]): a
/// dry run shows the variable it would have read, and usage errors are reported first.
pub fn token(
    p: Provider,
    token_file: Option<&Path>,
    token_env: Option<&str>,
    t: &Target,
) -> Result<Token, SecretError> {
    if let Some(f) = token_file {
        return secret::from_file(f).map(Token::Found);
    }
    let vars: Vec<String> = match (token_env, &t.token_file, &t.token_env) {
        (Some(v), _, _) => vec![v.to_string()],
        (None, Some(f), _) => return secret::from_file(f).map(Token::Found),
        (None, None, Some(v)) => vec![v.clone()],
        (None, None, None) => p
            .accepts()
            .token_vars
            .iter()
            .map(|s| s.to_string())
            .collect(),
    };
    for v in &vars {
        if let Some(s) = secret::from_env(v)? {
            return Ok(Token::Found(s));
        }
    }
    Ok(Token::Missing {
        provider: p.name(),
        vars,
    })
}

/// An API token, or the variables that were tried for it.
#[derive(Debug)]
pub enum Token {
    Found(Arc<SecretRef>),
    Missing {
        provider: &'static str,
        vars: Vec<String>,
    },
}

impl Token {
    /// The token, or an empty stand-in named after the first variable (for planning and dry runs).
    pub fn or_placeholder(&self) -> Arc<SecretRef> {
        match self {
            Token::Found(s) => s.clone(),
            Token::Missing { vars, .. } => SecretRef::new("", Origin::Env(vars[0].clone())),
        }
    }
    /// The token, or why there is none.
    pub fn required(self) -> Result<Arc<SecretRef>, SecretError> {
        match self {
            Token::Found(s) => Ok(s),
            Token::Missing { provider, vars } => Err(SecretError::MissingToken { provider, vars }),
        }
    }
}

/// One provider's request plan, built from the arguments.
#[derive(Debug, Clone)]
pub enum PurgePlan {
    Vercel(vercel::Plan),
    Cloudflare(cloudflare::Plan),
    Fastly(fastly::Plan),
    Netlify(netlify::Plan),
    Akamai(akamai::Plan),
    Http(http::Plan),
    CloudFront(cloudfront::Plan),
}

impl PurgePlan {
    /// The exact requests, numbered.
    pub fn requests(&self) -> Result<Vec<Planned>, PlanError> {
        match self {
            PurgePlan::Vercel(p) => vercel::plan(p),
            PurgePlan::Cloudflare(p) => cloudflare::plan(p),
            PurgePlan::Fastly(p) => fastly::plan(p),
            PurgePlan::Netlify(p) => netlify::plan(p),
            PurgePlan::Akamai(p) => akamai::plan(p),
            PurgePlan::Http(p) => http::plan(p),
            PurgePlan::CloudFront(p) => cloudfront::plan(p),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn items_with_tag() -> Items {
        Items {
            tag: vec!["t".into()],
            ..Items::default()
        }
    }

    #[test]
    fn options_are_checked_against_the_provider() {
        let m = Modes::default();
        let e = check(Provider::Netlify, &[Opt::Zone], m, &items_with_tag()).unwrap_err();
        assert_eq!(
            e.to_string(),
            "--zone is not an option of the netlify provider"
        );
        let e = check(Provider::Http, &[Opt::Token], m, &Items::default()).unwrap_err();
        assert!(matches!(
            e,
            PurgeError::NotAnOption {
                opt: Opt::Token,
                ..
            }
        ));
        let url = Items {
            url: vec!["https://x/".into()],
            ..Items::default()
        };
        check(Provider::Http, &[Opt::Token, Opt::SecretHeader], m, &url).unwrap();
        let mut it = Items {
            key: vec!["k".into()],
            ..Items::default()
        };
        assert!(matches!(
            it.tidy_for(Provider::Vercel),
            Err(PurgeError::Unsupported { .. })
        ));
    }
}
