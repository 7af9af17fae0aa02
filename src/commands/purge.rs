//! `isrctl purge`: resolve the target (flags > ISRCTL_* env > isrctl.toml), read the items, build the
//! provider's requests, then print them (`--dry-run`/`--curl`) or send them and report per item.

use super::requests::{self, dedup, read_items};
use crate::cli::purge::{ItemKind, Provider, VercelCacheType};
use crate::cli::{GlobalArgs, PurgeArgs};
use crate::config::{self, Target};
use crate::error::{Error, Exit, Result};
use crate::output::Output;
use crate::output::purge as render;
use crate::providers::request::{Origin, Redactor, SecretRef};
use crate::providers::{self, cloudflare, fastly, http, netlify, vercel};
use std::io::IsTerminal;
use std::sync::Arc;

pub fn run(args: PurgeArgs, global: &GlobalArgs, out: &Output) -> Result<Exit> {
    let target = config::resolve_target(
        args.target.as_deref(),
        global.config.as_deref(),
        global.no_config,
    )?;
    let provider = provider_of(&args, &target)?;
    let all = args.all || args.everything;
    let items = Items::gather(&args, provider)?;
    check_flags(&args, provider)?;
    if all && !items.is_empty() {
        return Err(Error::usage(
            "--all/--everything purges everything; do not also give items",
        ));
    }
    if !all && items.is_empty() {
        return Err(Error::usage(format!(
            "nothing to purge: the item list is empty (give {} or --from-file FILE)",
            main_flag(provider)
        ))
        .with_hint("blank lines and # comments in --from-file are skipped"));
    }
    let dry = args.send.dry_run || args.send.curl;
    let mut redactor = Redactor::default();
    let token = if provider == Provider::Http && args.secret_header.is_none() {
        None
    } else {
        let t = token(&args, &target, provider, dry)?;
        redactor.add(&t);
        Some(t)
    };
    let base = |default: &str| {
        providers::base_url(
            args.base_url.as_deref().or(target.base_url.as_deref()),
            default,
        )
    };
    let batch_size = args.batch_size.or(target.batch_size);
    let reqs = match provider {
        Provider::Vercel => vercel::plan(&vercel::Plan {
            base: base(vercel::API)?,
            project: required(
                args.project.clone().or(target.project.clone()),
                "--project",
                "ISRCTL_PROJECT",
                "project",
            )?,
            team: args.team.clone().or(target.team.clone()),
            environment: args.environment.clone().or(target.environment.clone()),
            op: if all {
                let (cdn, data) = match args.cache_type {
                    Some(VercelCacheType::Cdn) => (true, false),
                    Some(VercelCacheType::Data) => (false, true),
                    None => (true, true),
                };
                vercel::Op::All { cdn, data }
            } else if args.hard {
                vercel::Op::Delete {
                    deadline: args.deadline.map(|d| d.as_secs()),
                }
            } else {
                vercel::Op::Invalidate
            },
            tags: items.tag.clone(),
            token: token.clone().expect("vercel has a token"),
        })?,
        Provider::Cloudflare => {
            use cloudflare::Selector as S;
            cloudflare::plan(&cloudflare::Plan {
                base: base(cloudflare::API)?,
                zone: required(
                    args.zone.clone().or(target.zone.clone()),
                    "--zone",
                    "ISRCTL_ZONE",
                    "zone",
                )?,
                soft: args.soft,
                everything: all,
                groups: vec![
                    (S::Files, items.url.clone()),
                    (S::Tags, items.tag.clone()),
                    (S::Hosts, items.host.clone()),
                    (S::Prefixes, items.prefix.clone()),
                ],
                batch_size: batch_size.unwrap_or(cloudflare::DEFAULT_BATCH),
                token: token.clone().expect("cloudflare has a token"),
            })?
        }
        Provider::Fastly => fastly::plan(&fastly::Plan {
            base: base(fastly::API)?,
            service: args.service.clone().or(target.service.clone()),
            urls: items.url.clone(),
            keys: items.key.clone(),
            all,
            soft: args.soft,
            token: token.clone().expect("fastly has a token"),
        })?,
        Provider::Netlify => netlify::plan(&netlify::Plan {
            base: base(netlify::API)?,
            site: required(
                args.site.clone().or(target.site.clone()),
                "--site",
                "ISRCTL_SITE",
                "site",
            )?,
            tags: items.tag.clone(),
            all,
            batch_size: batch_size.unwrap_or(netlify::DEFAULT_BATCH),
            token: token.clone().expect("netlify has a token"),
        })?,
        Provider::Http => {
            let headers = args
                .headers
                .iter()
                .map(|h| http::parse_header(h).map_err(Error::usage))
                .collect::<Result<Vec<_>>>()?;
            http::plan(&http::Plan {
                method: args
                    .method
                    .clone()
                    .or(target.method.clone())
                    .unwrap_or_else(|| "PURGE".into())
                    .to_ascii_uppercase(),
                urls: items.url.clone(),
                headers,
                secret_header: args.secret_header.clone().zip(token.clone()),
            })?
        }
    };
    if dry {
        return requests::dry_run(&reqs, &args.send, out);
    }
    if all && !args.yes {
        confirm(provider, out)?;
    }
    let verify = if args.send.verify.is_empty() {
        &target.verify
    } else {
        &args.send.verify
    };
    let how = super::verify::Sending {
        command: "purge",
        provider: provider.name(),
        verify,
    };
    super::verify::send_then_verify(&reqs, &args.send, &redactor, how, out, |_| {})
}

/// Items by kind, from the flags and --from-file.
#[derive(Debug, Default)]
struct Items {
    url: Vec<String>,
    tag: Vec<String>,
    key: Vec<String>,
    host: Vec<String>,
    prefix: Vec<String>,
}

impl Items {
    fn gather(args: &PurgeArgs, provider: Provider) -> Result<Items> {
        let mut it = Items {
            url: args.url.clone(),
            tag: args.tag.clone(),
            key: args.key.clone(),
            host: args.host.clone(),
            prefix: args.prefix.clone(),
        };
        if let Some(f) = &args.from_file {
            let kind = args.file_kind.unwrap_or(match provider {
                Provider::Vercel | Provider::Netlify => ItemKind::Tag,
                Provider::Cloudflare | Provider::Http => ItemKind::Url,
                Provider::Fastly => ItemKind::Key,
            });
            let lines = read_items(f)?;
            if lines.is_empty() {
                return Err(Error::usage(format!(
                    "{} holds no items (only blank lines or # comments)",
                    if f.as_os_str() == "-" {
                        "stdin".into()
                    } else {
                        f.display().to_string()
                    }
                )));
            }
            it.list(kind).extend(lines);
        }
        for kind in [
            ItemKind::Url,
            ItemKind::Tag,
            ItemKind::Key,
            ItemKind::Host,
            ItemKind::Prefix,
        ] {
            let v = it.list(kind);
            v.retain(|s| !s.trim().is_empty());
            dedup(v);
            if !v.is_empty() && !supports(provider, kind) {
                return Err(unsupported(provider, kind));
            }
        }
        Ok(it)
    }
    fn list(&mut self, k: ItemKind) -> &mut Vec<String> {
        match k {
            ItemKind::Url => &mut self.url,
            ItemKind::Tag => &mut self.tag,
            ItemKind::Key => &mut self.key,
            ItemKind::Host => &mut self.host,
            ItemKind::Prefix => &mut self.prefix,
        }
    }
    fn is_empty(&self) -> bool {
        [&self.url, &self.tag, &self.key, &self.host, &self.prefix]
            .iter()
            .all(|v| v.is_empty())
    }
}

fn supports(p: Provider, k: ItemKind) -> bool {
    use ItemKind::*;
    match p {
        Provider::Vercel | Provider::Netlify => k == Tag,
        Provider::Cloudflare => matches!(k, Url | Tag | Host | Prefix),
        Provider::Fastly => matches!(k, Url | Key),
        Provider::Http => k == Url,
    }
}

fn unsupported(p: Provider, k: ItemKind) -> Error {
    let flag = match k {
        ItemKind::Url => "--url",
        ItemKind::Tag => "--tag",
        ItemKind::Key => "--key",
        ItemKind::Host => "--host",
        ItemKind::Prefix => "--prefix",
    };
    let hint = match (p, k) {
        (Provider::Fastly, ItemKind::Tag) => "Fastly tags are surrogate keys: use --key",
        (Provider::Vercel, ItemKind::Url) => {
            "Vercel purges by tag; to refresh one path use `isrctl revalidate` (endpoint or --bypass)"
        }
        (Provider::Http, _) => {
            "the http provider sends one request per --url; pass tags as -H headers your VCL reads"
        }
        (Provider::Netlify, _) => "Netlify purges by --tag, or the whole site with --all",
        _ => "see `isrctl purge --help` for the items each provider takes",
    };
    Error::usage(format!("{} does not support {flag} items", p.name())).with_hint(hint)
}

fn main_flag(p: Provider) -> &'static str {
    match p {
        Provider::Vercel | Provider::Netlify => "--tag",
        Provider::Cloudflare => "--url/--tag/--host/--prefix",
        Provider::Fastly => "--key/--url",
        Provider::Http => "--url",
    }
}

fn provider_of(args: &PurgeArgs, t: &Target) -> Result<Provider> {
    use clap::ValueEnum;
    let from_target = match &t.provider {
        Some(p) => Some(Provider::from_str(p, true).map_err(|_| {
            Error::usage(format!(
                "target provider '{p}' is not one of vercel, cloudflare, fastly, netlify, http"
            ))
        })?),
        None => None,
    };
    match (args.provider, from_target) {
        (Some(a), Some(b)) if a != b => Err(Error::usage(format!(
            "provider {} on the command line but target '{}' is {}",
            a.name(),
            args.target.as_deref().unwrap_or_default(),
            b.name()
        ))),
        (Some(a), _) | (None, Some(a)) => Ok(a),
        (None, None) => Err(Error::usage(
            "which provider? give vercel, cloudflare, fastly, netlify or http",
        )
        .with_hint(
            "e.g. `isrctl purge cloudflare --zone ID --url URL`, or --target NAME from isrctl.toml",
        )),
    }
}

/// Flags that belong to another provider are usage errors, not silently ignored.
fn check_flags(a: &PurgeArgs, p: Provider) -> Result<()> {
    let mut bad: Vec<&str> = Vec::new();
    let mut flag = |set: bool, name: &'static str, ok: &[Provider]| {
        if set && !ok.contains(&p) {
            bad.push(name);
        }
    };
    use Provider::*;
    flag(a.hard, "--hard", &[Vercel, Cloudflare, Fastly]);
    flag(a.deadline.is_some(), "--deadline", &[Vercel]);
    flag(a.cache_type.is_some(), "--type", &[Vercel]);
    flag(a.project.is_some(), "--project", &[Vercel]);
    flag(a.team.is_some(), "--team", &[Vercel]);
    flag(a.environment.is_some(), "--environment", &[Vercel]);
    flag(a.zone.is_some(), "--zone", &[Cloudflare]);
    flag(
        a.batch_size.is_some(),
        "--batch-size",
        &[Cloudflare, Netlify],
    );
    flag(a.soft, "--soft", &[Vercel, Cloudflare, Fastly]);
    flag(a.service.is_some(), "--service", &[Fastly]);
    flag(a.site.is_some(), "--site", &[Netlify]);
    flag(a.method.is_some(), "--method", &[Http]);
    flag(!a.headers.is_empty(), "--header", &[Http]);
    flag(a.secret_header.is_some(), "--secret-header", &[Http]);
    flag(
        a.token_env.is_some() || a.token_file.is_some(),
        "--token-env/--token-file",
        if a.secret_header.is_some() {
            &[Vercel, Cloudflare, Fastly, Netlify, Http]
        } else {
            &[Vercel, Cloudflare, Fastly, Netlify]
        },
    );
    if let Some(f) = bad.first() {
        let hint = if p == Http && f.starts_with("--token") {
            "the http provider sends a secret only as a header: add --secret-header NAME (e.g. X-Purge-Token)"
        } else {
            "see `isrctl purge --help`: options are grouped by provider"
        };
        return Err(
            Error::usage(format!("{f} is not an option of the {} provider", p.name()))
                .with_hint(hint),
        );
    }
    if a.soft && a.hard {
        return Err(Error::usage("--soft and --hard contradict each other"));
    }
    if a.deadline.is_some() && !a.hard {
        return Err(Error::usage(
            "--deadline only applies to --hard (dangerously-delete-by-tags)",
        ));
    }
    if a.cache_type.is_some() && !(a.all || a.everything) {
        return Err(Error::usage("--type only applies to --all"));
    }
    if p == Vercel && a.soft && (a.all || a.everything) {
        return Err(Error::usage(
            "Vercel's purge-all deletes; it cannot be soft",
        ));
    }
    Ok(())
}

fn required(v: Option<String>, flag: &str, env: &str, key: &str) -> Result<String> {
    v.filter(|s| !s.trim().is_empty()).ok_or_else(|| {
        Error::usage(format!("{flag} is required")).with_hint(format!(
            "pass {flag}, set {env}, or use --target NAME with `{key} = ...` in isrctl.toml"
        ))
    })
}

fn default_token_vars(p: Provider) -> &'static [&'static str] {
    match p {
        Provider::Vercel => &["VERCEL_TOKEN"],
        Provider::Cloudflare => &["CLOUDFLARE_API_TOKEN"],
        Provider::Fastly => &["FASTLY_API_TOKEN"],
        Provider::Netlify => &["NETLIFY_AUTH_TOKEN", "NETLIFY_PURGE_API_TOKEN"],
        Provider::Http => &["ISRCTL_PURGE_SECRET"],
    }
}

/// The API token: --token-file > --token-env > target token_file/token_env > provider default.
/// A dry run without a token shows the variable it would have read.
fn token(a: &PurgeArgs, t: &Target, p: Provider, dry: bool) -> Result<Arc<SecretRef>> {
    if let Some(f) = &a.token_file {
        return config::secret_from_file(f);
    }
    let vars: Vec<String> = match (&a.token_env, &t.token_file, &t.token_env) {
        (Some(v), _, _) => vec![v.clone()],
        (None, Some(f), _) => return config::secret_from_file(f),
        (None, None, Some(v)) => vec![v.clone()],
        (None, None, None) => default_token_vars(p)
            .iter()
            .map(|s| s.to_string())
            .collect(),
    };
    for v in &vars {
        if let Some(s) = config::secret_from_env(v)? {
            return Ok(s);
        }
    }
    if dry {
        return Ok(SecretRef::new("", Origin::Env(vars[0].clone())));
    }
    let names = vars.join(" or ");
    Err(Error::usage(format!("no {} API token: {names} is not set", p.name())).with_hint(format!(
        "export {}=<token> (never pass tokens as flags), or name another variable with --token-env VAR",
        vars[0]
    )))
}

fn confirm(p: Provider, out: &Output) -> Result<()> {
    if !std::io::stdin().is_terminal() {
        return Err(Error::usage(format!(
            "this purges everything on {}; confirm with --yes (stdin is not a terminal, so no prompt)",
            p.name()
        ))
        .with_hint("re-run the same command with --yes, or preview it with --dry-run"));
    }
    if render::confirm(
        out,
        &format!("Purge EVERYTHING on {}? Type 'yes' to continue: ", p.name()),
    )? {
        Ok(())
    } else {
        Err(Error::usage("not confirmed; nothing was purged"))
    }
}
