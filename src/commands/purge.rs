//! `isrctl purge`: resolve the target (flags > ISRCTL_* env > isrctl.toml), gather the items, check
//! them and the options against the provider, build its plan, then print the requests
//! (`--dry-run`/`--curl`) or send them and report per item.

use super::verify::{Sending, dry_run, send_options, send_then_verify, verify_urls};
use crate::cli::{GlobalArgs, PurgeArgs};
use crate::config::edgerc::{self, Client};
use crate::config::{self, Target, vendor};
use crate::error::{Exit, Result};
use crate::http::request::{Redactor, SecretRef};
use crate::output::Output;
use crate::output::purge as render;
use crate::providers::edgegrid::EdgeGrid;
use crate::providers::signing::Signer;
use crate::providers::vercel::CacheType;
use crate::providers::{self, Opt, Provider, akamai, cloudflare, fastly, http, netlify, vercel};
use crate::remote::ids::{self, Ids};
use crate::remote::items::read_items;
use crate::remote::purge::{self as plan, Items, Modes, PurgeError, PurgePlan, Token};
use crate::remote::zone;
use crate::verbosity::Verbosity;
use std::io::IsTerminal;
use std::path::PathBuf;
use std::sync::Arc;

pub fn run(args: PurgeArgs, global: &GlobalArgs, out: &Output) -> Result<Exit> {
    let target = config::resolve_target(
        args.target.as_deref(),
        global.config.as_deref(),
        global.no_config,
    )?;
    let target_name = args.target.as_deref().unwrap_or_default();
    let provider = plan::provider(args.provider, &target, target_name)?;
    let items = gather(&args, provider)?;
    let all = args.all || args.everything;
    let modes = Modes {
        all,
        hard: args.hard,
        soft: args.soft,
        deadline: args.deadline.is_some(),
        cache_type: args.cache_type.is_some(),
    };
    plan::check(provider, &options_given(&args), modes, &items)?;
    // Usage errors first (ids, then the plan's own checks), a missing token only after them.
    let service_needed = all || !items.key.is_empty();
    let mut ids = ids::resolve(
        provider,
        given(&args),
        &target,
        &|v| std::env::var(v).ok(),
        &vendor::here(),
        service_needed,
    )?;
    let dry = args.send.dry_run || args.send.curl;
    let token = if provider.accepts().needs_token || args.secret_header.is_some() {
        Some(plan::token(
            provider,
            args.token_file.as_deref(),
            args.token_env.as_deref(),
            &target,
        )?)
    } else {
        None
    };
    let stand_in = token.as_ref().map(Token::or_placeholder);
    // The API root (none for http purges, which go to the URLs themselves).
    let base = provider
        .api()
        .map(|api| {
            providers::base_url(args.base_url.as_deref().or(target.base_url.as_deref()), api)
        })
        .transpose()?
        .unwrap_or_default();
    if provider == Provider::CloudFront {
        let distribution = ids.distribution.clone().unwrap_or_default();
        return super::cloudfront::run(&args, &target, distribution, base, items.path, out);
    }
    let zone_name = ids.zone.clone().filter(|z| cloudflare::is_zone_name(z));
    if let Some(name) = &zone_name {
        ids.zone = Some(cloudflare::zone_placeholder(name));
    }
    let mut reqs = provider_plan(
        &args,
        &target,
        provider,
        &ids,
        &base,
        items.clone(),
        Creds::Token(stand_in.clone()),
    )?
    .requests()?;
    // Akamai: the items are checked (above, with stand-in credentials), then the .edgerc read.
    let client = match provider {
        Provider::Akamai => Some(load_edgerc(&args, &target)?),
        _ => None,
    };
    if let Some(c) = &client {
        let base = providers::base_url(
            args.base_url.as_deref().or(target.base_url.as_deref()),
            &format!("https://{}", c.host),
        )?;
        let creds = Creds::Akamai(c.clone());
        reqs = provider_plan(&args, &target, provider, &ids, &base, items.clone(), creds)?
            .requests()?;
    }
    if dry {
        if let (Some(name), Some(t)) = (&zone_name, &stand_in) {
            reqs.insert(0, cloudflare::zone_lookup(&base, name, t));
            reqs = providers::number(reqs);
        }
        return dry_run(&reqs, &args.send, out);
    }
    let mut redactor = Redactor::default();
    let token = token.map(Token::required).transpose()?;
    if let Some(t) = &token {
        redactor.add(t);
    }
    if let Some(c) = &client {
        for s in Signer::EdgeGrid(c.creds.clone()).secrets() {
            redactor.add(&s);
        }
    }
    if let (Some(name), Some(t)) = (&zone_name, &token) {
        let log = |level: Verbosity, line: &str| out.log(level, line);
        let id = zone::resolve(&base, name, t, send_options(&args.send), &redactor, &log)?;
        out.log(Verbosity::Detail, &format!("zone {name} is {id}"));
        ids.zone = Some(id);
        let creds = Creds::Token(token.clone());
        reqs = provider_plan(&args, &target, provider, &ids, &base, items, creds)?.requests()?;
    }
    if all && !args.yes {
        let scope = match &zone_name {
            Some(name) => format!("{} ({name})", ids.scope(provider)),
            None => ids.scope(provider),
        };
        confirm(&scope, out)?;
    }
    let verify = verify_urls(&args.send, &target);
    let how = Sending {
        command: "purge",
        provider: provider.name(),
        verify,
        held: Vec::new(),
    };
    send_then_verify(&reqs, &args.send, &redactor, how, out, |results| {
        if provider == Provider::Akamai && results.iter().any(|r| r.status == Some(401)) {
            out.note(
                "an EdgeGrid signature was refused: check the .edgerc section's tokens and \
                 client_secret, and this machine's clock (the signature includes the time)",
            );
        }
        Exit::Success
    })
}

fn given(a: &PurgeArgs) -> ids::Given<'_> {
    ids::Given {
        project: a.project.as_deref(),
        team: a.team.as_deref(),
        zone: a.zone.as_deref(),
        service: a.service.as_deref(),
        site: a.site.as_deref(),
        distribution: a.distribution.as_deref(),
    }
}

/// Items from the flags, the positional items (the provider's main kind) and --from-file (lines
/// are the provider's main kind unless --file-kind).
fn gather(args: &PurgeArgs, provider: Provider) -> Result<Items> {
    let mut it = Items {
        url: args.url.clone(),
        tag: args.tag.clone(),
        key: args.key.clone(),
        host: args.host.clone(),
        prefix: args.prefix.clone(),
        cpcode: args.cpcode.iter().map(u64::to_string).collect(),
        path: args.path.clone(),
    };
    // Positional items are the provider's main kind, as in its own CLI.
    it.list(provider.accepts().file_kind)
        .extend(args.items.iter().cloned());
    if let Some(f) = &args.from_file {
        let kind = args.file_kind.unwrap_or(provider.accepts().file_kind);
        it.list(kind).extend(read_items(f)?);
    }
    it.tidy_for(provider)?;
    Ok(it)
}

/// The provider-specific options given on the command line.
fn options_given(a: &PurgeArgs) -> Vec<Opt> {
    [
        (a.hard, Opt::Hard),
        (a.deadline.is_some(), Opt::Deadline),
        (a.cache_type.is_some(), Opt::CacheType),
        (a.project.is_some(), Opt::Project),
        (a.team.is_some(), Opt::Team),
        (a.environment.is_some(), Opt::Environment),
        (a.zone.is_some(), Opt::Zone),
        (a.batch_size.is_some(), Opt::BatchSize),
        (a.soft, Opt::Soft),
        (a.service.is_some(), Opt::Service),
        (a.site.is_some(), Opt::Site),
        (a.method.is_some(), Opt::Method),
        (!a.headers.is_empty(), Opt::Header),
        (a.secret_header.is_some(), Opt::SecretHeader),
        (a.token_env.is_some() || a.token_file.is_some(), Opt::Token),
        (a.delete, Opt::Delete),
        (a.network.is_some(), Opt::Network),
        (a.edgerc.is_some(), Opt::Edgerc),
        (a.section.is_some(), Opt::Section),
        (a.distribution.is_some(), Opt::Distribution),
        (a.profile.is_some(), Opt::Profile),
        (
            a.wait || a.wait_timeout.is_some() || a.wait_interval.is_some(),
            Opt::Wait,
        ),
    ]
    .into_iter()
    .filter_map(|(set, o)| set.then_some(o))
    .collect()
}

/// What a provider's requests are authorised with: an API token (or none, for http purges), or
/// Akamai's EdgeGrid credentials.
enum Creds {
    Token(Option<Arc<SecretRef>>),
    Akamai(Client),
}

/// The `.edgerc` file and section: the flags, else the config target, else `AKAMAI_EDGERC` and
/// `AKAMAI_EDGERC_SECTION` (as Akamai's CLIs read them), else `~/.edgerc` and `[default]`.
fn load_edgerc(a: &PurgeArgs, t: &Target) -> Result<Client> {
    let var = |v: &str| std::env::var_os(v).filter(|s| !s.is_empty());
    let file = a
        .edgerc
        .clone()
        .or_else(|| t.edgerc.clone())
        .or_else(|| var("AKAMAI_EDGERC").map(PathBuf::from));
    let section = a
        .section
        .clone()
        .or_else(|| t.section.clone())
        .or_else(|| var("AKAMAI_EDGERC_SECTION").map(|s| s.to_string_lossy().into_owned()))
        .unwrap_or_else(|| edgerc::DEFAULT_SECTION.to_string());
    let home = var("HOME").map(PathBuf::from);
    let path = edgerc::path(file.as_deref(), home.as_deref())?;
    Ok(edgerc::load(&path, &section)?)
}

/// Empty EdgeGrid credentials, to check a plan's items before the .edgerc is read.
fn akamai_stand_in() -> Client {
    let s = || {
        SecretRef::new(
            "",
            crate::http::request::Origin::File(PathBuf::from(".edgerc")),
        )
    };
    Client {
        host: String::new(),
        creds: EdgeGrid {
            client_token: s(),
            access_token: s(),
            client_secret: s(),
            max_body: providers::edgegrid::DEFAULT_MAX_BODY,
        },
    }
}

/// The provider's plan from the flags and the resolved ids, falling back to the config target.
fn provider_plan(
    a: &PurgeArgs,
    t: &Target,
    p: Provider,
    ids: &Ids,
    base: &str,
    items: Items,
    creds: Creds,
) -> Result<PurgePlan> {
    let all = a.all || a.everything;
    let base = base.to_string();
    let batch_size = a.batch_size.or(t.batch_size);
    let (token, client) = match creds {
        Creds::Token(t) => (t, None),
        Creds::Akamai(c) => (None, Some(c)),
    };
    let tok = || token.clone().expect("the provider needs a token");
    let id = |v: &Option<String>| v.clone().unwrap_or_default();
    Ok(match p {
        Provider::Vercel => PurgePlan::Vercel(vercel::Plan {
            base,
            project: id(&ids.project),
            team: ids.team.clone(),
            environment: a.environment.or(t.environment),
            op: if all {
                let (cdn, data) = match a.cache_type {
                    Some(CacheType::Cdn) => (true, false),
                    Some(CacheType::Data) => (false, true),
                    None => (true, true),
                };
                vercel::Op::All { cdn, data }
            } else if a.hard {
                vercel::Op::Delete {
                    deadline: a.deadline.map(|d| d.as_secs()),
                }
            } else {
                vercel::Op::Invalidate
            },
            tags: items.tag,
            token: tok(),
        }),
        Provider::Cloudflare => {
            use cloudflare::Selector as S;
            PurgePlan::Cloudflare(cloudflare::Plan {
                base,
                zone: id(&ids.zone),
                soft: a.soft,
                everything: all,
                groups: vec![
                    (S::Files, items.url),
                    (S::Tags, items.tag),
                    (S::Hosts, items.host),
                    (S::Prefixes, items.prefix),
                ],
                batch_size: batch_size.unwrap_or(cloudflare::DEFAULT_BATCH),
                token: tok(),
            })
        }
        Provider::Fastly => PurgePlan::Fastly(fastly::Plan {
            base,
            service: ids.service.clone(),
            urls: items.url,
            keys: items.key,
            all,
            soft: a.soft,
            token: tok(),
        }),
        Provider::Netlify => PurgePlan::Netlify(netlify::Plan {
            base,
            site: id(&ids.site),
            tags: items.tag,
            all,
            batch_size: batch_size.unwrap_or(netlify::DEFAULT_BATCH),
            token: tok(),
        }),
        Provider::Akamai => PurgePlan::Akamai(akamai::Plan {
            base,
            action: if a.delete {
                akamai::Action::Delete
            } else {
                akamai::Action::Invalidate
            },
            network: a.network.or(t.network).unwrap_or_default(),
            urls: items.url,
            cpcodes: items.cpcode,
            tags: items.tag,
            signer: Signer::EdgeGrid(client.unwrap_or_else(akamai_stand_in).creds),
        }),
        // Planned by `commands::cloudfront` (it signs instead of taking a token); `run` hands it
        // over before any provider plan is built.
        Provider::CloudFront => unreachable!("cloudfront is planned in commands::cloudfront"),
        Provider::Http => PurgePlan::Http(http::Plan {
            method: a
                .method
                .as_ref()
                .or(t.method.as_ref())
                .map_or("PURGE", |m| m.as_str())
                .to_string(),
            urls: items.url,
            headers: a.headers.clone(),
            secret_header: a.secret_header.clone().zip(token.clone()),
        }),
    })
}

/// Ask before purging everything on `scope` (e.g. `cloudflare zone example.com`).
fn confirm(scope: &str, out: &Output) -> Result<()> {
    if !std::io::stdin().is_terminal() {
        return Err(PurgeError::NeedsYes(scope.to_string()).into());
    }
    let prompt = format!("Purge EVERYTHING on {scope}? Type 'yes' to continue: ");
    if render::confirm(out, &prompt)? {
        Ok(())
    } else {
        Err(PurgeError::NotConfirmed.into())
    }
}
