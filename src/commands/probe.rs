//! `isrctl probe`: validate flags into a `probe::Plan`, run it on a tokio runtime with Ctrl-C
//! handling, hand events to the renderer, and turn the outcome into an exit code.

use crate::cli::{ProbeArgs, ProbeMethod};
use crate::error::{Error, Exit, Result};
use crate::http::cache_status::CacheState;
use crate::http::client::{self, ClientOptions};
use crate::output::Output;
use crate::output::probe::ProbeRenderer;
use crate::probe::sample::DEFAULT_BODY_CAP;
use crate::probe::{self, Outcome, Plan, RequestSpec, Until, Verdict, explain, sitemap};
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use std::time::Duration;

fn check_url(u: &str) -> Result<String> {
    let url = reqwest::Url::parse(u).map_err(|e| {
        Error::usage(format!("'{u}' is not a valid URL ({e})"))
            .with_hint("give a full URL such as https://example.com/blog")
    })?;
    if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
        return Err(Error::usage(format!("'{u}' is not an http(s) URL")));
    }
    Ok(url.to_string())
}

fn parse_header(h: &str) -> Result<(HeaderName, HeaderValue)> {
    let (n, v) = h
        .split_once(':')
        .ok_or_else(|| Error::usage(format!("-H '{h}': expected 'Name: value'")))?;
    let name = HeaderName::from_bytes(n.trim().as_bytes())
        .map_err(|_| Error::usage(format!("-H '{h}': '{}' is not a header name", n.trim())))?;
    let value = HeaderValue::from_str(v.trim())
        .map_err(|_| Error::usage(format!("-H '{h}': the value is not a valid header value")))?;
    Ok((name, value))
}

/// `HOST:PORT:ADDR` (ADDR may be `[v6]`).
fn parse_resolve(r: &str) -> Result<(String, std::net::SocketAddr)> {
    let bad = || {
        Error::usage(format!("--resolve '{r}': expected HOST:PORT:ADDR"))
            .with_hint("for example --resolve example.com:443:203.0.113.7")
    };
    let (host, rest) = r.split_once(':').ok_or_else(bad)?;
    let (port, addr) = rest.split_once(':').ok_or_else(bad)?;
    let port: u16 = port.parse().map_err(|_| bad())?;
    let ip: std::net::IpAddr = addr
        .trim_start_matches('[')
        .trim_end_matches(']')
        .parse()
        .map_err(|_| bad())?;
    if host.is_empty() {
        return Err(bad());
    }
    Ok((host.to_string(), std::net::SocketAddr::new(ip, port)))
}

fn parse_until(u: &str) -> Result<Until> {
    if u.eq_ignore_ascii_case("changed") {
        return Ok(Until::Changed);
    }
    CacheState::parse(u).map(Until::State).ok_or_else(|| {
        Error::usage(format!("--until '{u}': not a cache state"))
            .with_hint("use changed or one of HIT, STALE, MISS, REVALIDATED, EXPIRED, UPDATING, BYPASS, DYNAMIC, ERROR, UNKNOWN")
    })
}

pub fn run(args: ProbeArgs, out: &Output) -> Result<Exit> {
    let until = args.until.as_deref().map(parse_until).transpose()?;
    let expect: Vec<CacheState> = args
        .expect
        .iter()
        .filter(|s| !s.trim().is_empty())
        .map(|s| {
            CacheState::parse(s)
                .ok_or_else(|| Error::usage(format!("--expect: '{s}' is not a cache state")))
        })
        .collect::<Result<_>>()?;
    let mut urls = args
        .urls
        .iter()
        .map(|u| check_url(u))
        .collect::<Result<Vec<_>>>()?;
    let sitemap_url = args.sitemap.as_deref().map(check_url).transpose()?;
    if urls.is_empty() && sitemap_url.is_none() {
        return Err(Error::usage("no URL to probe")
            .with_hint("isrctl probe https://example.com/page, or --sitemap URL"));
    }
    let mut headers = HeaderMap::new();
    for h in &args.headers {
        let (n, v) = parse_header(h)?;
        headers.append(n, v);
    }
    let resolve = args
        .resolve
        .iter()
        .map(|r| parse_resolve(r))
        .collect::<Result<Vec<_>>>()?;
    if args.interval.is_zero() && args.count.is_none() && !args.once {
        return Err(Error::usage("--interval 0 needs --count"));
    }
    let client = client::build(&ClientOptions {
        timeout: args.timeout,
        insecure: args.insecure,
        resolve,
    })?;
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| Error::internal(format!("cannot start the async runtime: {e}")))?;

    if let Some(sm) = &sitemap_url {
        let found = rt
            .block_on(sitemap::fetch_urls(&client, sm))
            .map_err(|e| Error::new(Exit::Network, e))?;
        out.log(1, &format!("sitemap: {} URLs", found.len()));
        for u in found {
            match check_url(&u) {
                Ok(u) if !urls.contains(&u) => urls.push(u),
                Ok(_) => {}
                Err(_) => out.warn(&format!("sitemap: skipping '{u}' (not an http(s) URL)")),
            }
        }
        if urls.is_empty() {
            return Err(Error::new(
                Exit::Unmet,
                format!("sitemap {sm} lists no URLs"),
            ));
        }
    }

    let (count, duration) = if args.once {
        (Some(1), None)
    } else {
        match (args.count, args.duration) {
            (None, None) => (None, Some(Duration::from_secs(60))),
            other => other,
        }
    };
    let plan = Plan {
        urls,
        interval: args.interval,
        duration,
        count,
        until,
        concurrency: args.concurrency as usize,
        request: RequestSpec {
            method: match args.method {
                ProbeMethod::Get => reqwest::Method::GET,
                ProbeMethod::Head => reqwest::Method::HEAD,
            },
            headers,
            body_cap: DEFAULT_BODY_CAP,
            timeout: args.timeout + Duration::from_secs(1),
        },
    };
    let mut r = ProbeRenderer::new(out, &plan.urls, args.once);
    let outcome = rt.block_on(async {
        probe::run(
            &client,
            &plan,
            &mut |e| r.event(e),
            crate::interrupt::wait(),
        )
        .await
    });
    let explanations: Vec<_> = if args.once {
        outcome
            .last_samples
            .iter()
            .flatten()
            .map(explain::explain)
            .collect()
    } else {
        Vec::new()
    };
    let lint_count = if args.once {
        explanations.iter().map(|x| x.lints.len()).sum()
    } else {
        outcome.summaries.iter().map(|s| s.lints.len()).sum()
    };
    let verdict = verdict(&outcome, &args, until, &expect, lint_count);
    r.finish(&outcome, &verdict, &explanations)?;
    Ok(match verdict.exit {
        0 => Exit::Success,
        3 => Exit::Network,
        6 => Exit::Unmet,
        130 => Exit::Interrupted,
        _ => Exit::Internal,
    })
}

fn verdict(
    o: &Outcome,
    args: &ProbeArgs,
    until: Option<Until>,
    expect: &[CacheState],
    lints: usize,
) -> Verdict {
    let mut v = Verdict {
        interrupted: o.interrupted,
        elapsed_s: (o.elapsed.as_secs_f64() * 1000.0).round() / 1000.0,
        all_failed: o.all_failed(),
        lints,
        ..Verdict::default()
    };
    let mut exit = Exit::Success;
    if let Some(u) = until {
        v.until = Some(match u {
            Until::Changed => "changed".into(),
            Until::State(s) => s.as_str().into(),
        });
        v.until_reached = Some(o.reached.clone());
        let missing: Vec<&str> = o
            .summaries
            .iter()
            .zip(&o.reached)
            .filter(|(_, r)| !**r)
            .map(|(s, _)| s.url.as_str())
            .collect();
        if !missing.is_empty() {
            exit = exit.worst(Exit::Unmet);
            v.messages.push(format!(
                "--until {} not reached for: {}",
                v.until.as_deref().unwrap_or(""),
                missing.join(", ")
            ));
        }
    }
    if !expect.is_empty() {
        let met: Vec<bool> = o
            .summaries
            .iter()
            .map(|s| probe::sequence_matches(&s.sequence, expect))
            .collect();
        for (s, m) in o.summaries.iter().zip(&met) {
            if !m {
                let want: Vec<&str> = expect.iter().map(|x| x.as_str()).collect();
                let saw: Vec<&str> = s.sequence.iter().map(|x| x.as_str()).collect();
                v.messages.push(format!(
                    "--expect {} not met for {}: saw {}",
                    want.join(","),
                    s.url,
                    if saw.is_empty() {
                        "nothing".into()
                    } else {
                        saw.join(",")
                    }
                ));
                exit = exit.worst(Exit::Unmet);
            }
        }
        v.expect = Some(expect.to_vec());
        v.expect_met = Some(met);
    }
    if args.fail_on_lint && lints > 0 {
        exit = exit.worst(Exit::Unmet);
        v.messages.push(format!(
            "--fail-on-lint: {lints} lint{} fired",
            if lints == 1 { "" } else { "s" }
        ));
    }
    if v.all_failed {
        exit = exit.worst(Exit::Network);
        v.messages.push("every request failed".into());
    }
    if o.interrupted {
        exit = Exit::Interrupted;
        v.messages.push("interrupted; summary so far".into());
    }
    v.exit = exit.code();
    v
}
