//! `isrctl warm`: typed flags → the URL list (arguments, `--from-file`, stdin, `--sitemap`) →
//! a `warm::Plan` → `warm::run` on a tokio runtime (Ctrl-C stops it) → the renderer; the worst
//! URL's exit code is the command's.

use crate::cli::WarmArgs;
use crate::error::{Error, Exit, Result};
use crate::http::client::{self, ClientOptions};
use crate::output::warm::WarmRenderer;
use crate::output::{Output, Verbosity};
use crate::probe::{self, RequestSpec, sitemap};
use crate::remote::items::read_items;
use crate::warm::{self, Clients, Plan, WarmError, plan};
use std::path::Path;
use std::time::Duration;
use url::Url;

pub fn run(args: WarmArgs, out: &Output) -> Result<Exit> {
    crate::interrupt::install();
    if args.urls.is_empty() && args.sitemap.is_none() && args.from_file.is_none() {
        return Err(WarmError::NoUrls.into());
    }
    let mut urls = args.urls.clone();
    if let Some(path) = &args.from_file {
        let lines = read_items(path)?;
        urls.extend(plan::urls_of(&lines, &list_name(path))?);
    }
    let base = ClientOptions {
        timeout: args.timeout,
        insecure: args.insecure,
        resolve: Vec::new(),
        timing: false,
    };
    let rt = client::runtime()?;
    if let Some(sm) = &args.sitemap {
        read_sitemap(&rt, &base, &args, sm, &mut urls, out)?;
    }
    plan::dedup(&mut urls);
    for (host, addr) in &args.resolve {
        let used = urls.iter().any(|u| {
            u.host_str().is_some_and(|h| h.eq_ignore_ascii_case(host))
                && u.port_or_known_default() == Some(addr.port())
        });
        if !used {
            out.warn(&format!(
                "--resolve {host}:{}:{}: no URL has that host and port",
                addr.port(),
                addr.ip()
            ));
        }
    }
    let plan = Plan {
        targets: plan::targets(&urls, &args.resolve),
        resolve: args.resolve.clone(),
        tries: args.tries,
        interval: args.interval,
        concurrency: args.concurrency as usize,
        rate: args.rate,
        request: request(&args, &urls),
    };
    let clients = Clients::build(&base, &plan)?;
    out.log(
        Verbosity::Detail,
        &format!(
            "warming {} (up to {} {} each, {} at once)",
            crate::human::count(plan.targets.len() as u64, "URL"),
            plan.tries,
            if plan.tries == 1 { "try" } else { "tries" },
            plan.concurrency
        ),
    );
    let mut r = WarmRenderer::new(out, plan.targets.len());
    let run = rt.block_on(warm::run(
        &clients,
        &plan,
        &mut |e| r.event(e),
        crate::interrupt::wait(),
    ));
    r.finish(&run)?;
    if run.interrupted {
        return Ok(Exit::Interrupted);
    }
    Ok(run
        .results
        .iter()
        .fold(Exit::Success, |e, r| e.worst(Exit::from(r))))
}

/// `stdin` for `-`, else the path as given.
fn list_name(path: &Path) -> String {
    if path == Path::new("-") {
        "stdin".into()
    } else {
        path.display().to_string()
    }
}

/// Add the sitemap's URLs; read through the first `--resolve` address of its host, if any.
fn read_sitemap(
    rt: &tokio::runtime::Runtime,
    base: &ClientOptions,
    args: &WarmArgs,
    sm: &Url,
    urls: &mut Vec<Url>,
    out: &Output,
) -> Result<()> {
    let c = client::build(&ClientOptions {
        resolve: plan::first_mappings(&args.resolve),
        ..base.clone()
    })?;
    let added = rt
        .block_on(async {
            tokio::select! {
                biased;
                () = crate::interrupt::wait() => None,
                added = sitemap::add_urls(&c, sm, urls) => Some(added),
            }
        })
        .ok_or(Error::Interrupted)?
        .map_err(probe::ProbeError::from)?;
    out.log(
        Verbosity::Detail,
        &format!("sitemap: {} URLs", added.listed),
    );
    if let Some(cap) = added.capped {
        out.warn(&format!("sitemap {sm}: {cap}"));
    }
    for u in added.skipped {
        out.warn(&format!("sitemap: skipping '{u}' (not an http(s) URL)"));
    }
    Ok(())
}

/// Each request as a visitor's browser sends it (its Accept-Encoding unless `-H` gives one),
/// the whole body read (a cache may not keep a copy it could not send whole), no redirects
/// followed, the user's credentials redacted from what is shown.
fn request(args: &WarmArgs, urls: &[Url]) -> RequestSpec {
    let headers = super::probe::request_headers(&args.accept_encoding, &args.headers);
    let redactor = probe::wire::redactor(&headers, urls.iter().filter_map(|u| u.password()));
    RequestSpec {
        method: reqwest::Method::GET,
        headers,
        body_cap: u64::MAX,
        timeout: args.timeout + Duration::from_secs(1),
        follow: None,
        keep_head: false,
        redactor,
        timed: false,
        // warm asks for the page as visitors do; the RSC and POP checks are probe's.
        rsc: false,
        pop_header: None,
    }
}
