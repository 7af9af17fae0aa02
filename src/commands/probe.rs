//! `isrctl probe`: typed flags → a `probe::Plan` → `probe::run` on a tokio runtime (Ctrl-C
//! stops it) → `probe::judge` → the renderer; the verdict's exit code is the command's.

use crate::cli::ProbeArgs;
use crate::error::{Error, Exit, Result};
use crate::http::client::{self, ClientOptions};
use crate::output::probe::{ProbeRenderer, Wire, junit};
use crate::output::{Output, Verbosity};
use crate::probe::sample::DEFAULT_BODY_CAP;
use crate::probe::{self, Checks, Plan, RequestSpec, explain, sitemap};
use reqwest::header::{ACCEPT_ENCODING, HeaderMap, HeaderName, HeaderValue};
use std::time::Duration;

pub fn run(args: ProbeArgs, out: &Output) -> Result<Exit> {
    crate::interrupt::install();
    if args.urls.is_empty() && args.sitemap.is_none() {
        return Err(Error::usage("no URL to probe")
            .with_hint("isrctl probe https://example.com/page, or --sitemap URL"));
    }
    if args.interval.is_zero() && args.count.is_none() && !args.once {
        return Err(Error::usage("--interval 0 needs --count"));
    }
    let client = client::build(&ClientOptions {
        timeout: args.timeout,
        insecure: args.insecure,
        resolve: args.resolve.clone(),
        timing: true,
    })?;
    let rt = client::runtime()?;
    let mut urls = args.urls.clone();
    if let Some(sm) = &args.sitemap {
        let added = rt
            .block_on(async {
                tokio::select! {
                    biased;
                    () = crate::interrupt::wait() => None,
                    added = sitemap::add_urls(&client, sm, &mut urls) => Some(added),
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
    }
    let plan = plan(&args, urls);
    let checks = Checks {
        until: args.until,
        expect: args.expected(),
        fail_on_lint: args.fail_on_lint,
        once: args.once,
    };
    let mut r = ProbeRenderer::new(out, &plan.urls, args.once).with_wire(Wire::new(
        plan.request.method.as_str(),
        &plan.request.headers,
    ));
    if args.plot.is_some() {
        r = r.with_plot(&plan.urls);
    }
    let outcome = rt.block_on(probe::run(
        &client,
        &plan,
        &mut |e| r.event(e),
        crate::interrupt::wait(),
    ));
    let explanations = if args.once {
        explain::explain_last(&outcome)
    } else {
        Vec::new()
    };
    let verdict = probe::judge(&outcome, &checks, &explanations);
    // The picture is written however the probe ended (--count, --duration, --until, Ctrl-C) and
    // even when printing the summary failed.
    let printed = r.finish(&outcome, &verdict, &explanations);
    if let (Some(path), Some(svg)) = (&args.plot, r.plot_svg(&outcome)) {
        std::fs::write(path, svg).map_err(|source| Error::Write {
            path: path.clone(),
            source,
        })?;
    }
    if let Some(path) = &args.junit {
        let write = |e: std::io::Error| Error::Write {
            path: path.clone(),
            source: e,
        };
        let xml = junit::report(&outcome, &checks, &verdict, &explanations)
            .map_err(|e| write(std::io::Error::other(e)))?;
        std::fs::write(path, xml).map_err(write)?;
    }
    printed?;
    Ok(verdict.exit)
}

/// The sampling plan: `--once` is one sample per URL; without `--count` or `--duration`, 60s.
fn plan(args: &ProbeArgs, urls: Vec<url::Url>) -> Plan {
    let (count, duration) = if args.once {
        (Some(1), None)
    } else {
        match (args.count, args.duration) {
            (None, None) => (None, Some(Duration::from_secs(60))),
            other => other,
        }
    };
    let headers = request_headers(&args.accept_encoding, &args.headers);
    let redactor = probe::wire::redactor(&headers, urls.iter().filter_map(|u| u.password()));
    Plan {
        urls,
        interval: args.interval,
        duration,
        count,
        until: args.until,
        concurrency: args.concurrency as usize,
        request: RequestSpec {
            method: args.method.into(),
            headers,
            body_cap: DEFAULT_BODY_CAP,
            timeout: args.timeout + Duration::from_secs(1),
            follow: args.location.then_some(args.max_redirs),
            keep_head: args.include,
            redactor,
            timed: true,
            rsc: args.rsc,
            pop_header: args.pop_header.as_ref().map(|n| n.as_str().to_string()),
        },
    }
}

/// The headers a visitor's request carries: a browser's Accept-Encoding unless `-H` gives one
/// (caches keep one copy per encoding), then every `-H` in order (shared with `warm`).
pub(super) fn request_headers(
    accept_encoding: &HeaderValue,
    given: &[(HeaderName, HeaderValue)],
) -> HeaderMap {
    let mut headers = HeaderMap::new();
    headers.insert(ACCEPT_ENCODING, accept_encoding.clone());
    let mut given_encoding = false;
    for (name, value) in given {
        if name == ACCEPT_ENCODING && !given_encoding {
            headers.remove(ACCEPT_ENCODING);
            given_encoding = true;
        }
        headers.append(name.clone(), value.clone());
    }
    headers
}
