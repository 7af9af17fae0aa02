//! `isrctl revalidate`: call the app's revalidation route once per path and tag, or re-render
//! pages directly with the `x-prerender-revalidate` bypass header; then optionally verify.

use super::verify::{Sending, dry_run, send_then_verify, verify_urls};
use crate::cli::revalidate::EndpointArgs;
use crate::cli::{GlobalArgs, RevalidateArgs};
use crate::config::{self, Target};
use crate::error::{Error, Exit, Result};
use crate::http::request::{Origin, Redactor, SecretRef};
use crate::output::Output;
use crate::providers::nextjs::{self, BodyShape, EndpointPlan, SecretIn};
use crate::providers::{ItemResult, Planned};
use crate::remote::instances;
use crate::secret::{self, SecretError};
use std::sync::Arc;

pub fn run(args: RevalidateArgs, global: &GlobalArgs, out: &Output) -> Result<Exit> {
    let target = config::resolve_target(
        args.target.as_deref(),
        global.config.as_deref(),
        global.no_config,
    )?;
    if let Some(p) = &target.provider
        && !p.eq_ignore_ascii_case("nextjs")
        && target.endpoint.is_none()
        && args.bypass.is_empty()
    {
        return Err(Error::usage(format!(
            "target '{}' is a {p} purge target; revalidate needs an endpoint",
            args.target.as_deref().unwrap_or_default()
        ))
        .with_hint(format!(
            "use `isrctl purge --target {}`",
            args.target.as_deref().unwrap_or_default()
        )));
    }
    let dry = args.send.dry_run || args.send.curl;
    let mut redactor = Redactor::default();
    let (reqs, secret) = if args.bypass.is_empty() {
        endpoint_requests(&args, &target, dry, &mut redactor, out)?
    } else {
        bypass_requests(&args, &target, dry, &mut redactor, out)?
    };
    let (reqs, reached) = instances::fan_out(reqs, &args.resolve);
    if dry {
        return dry_run(&reqs, &args.send, out);
    }
    let verify = verify_urls(&args.send, &target);
    let how = Sending {
        command: "revalidate",
        provider: "revalidate",
        verify,
        held: Vec::new(),
    };
    let bypass = !args.bypass.is_empty();
    send_then_verify(&reqs, &args.send, &redactor, how, out, |results| {
        explain_rejection(results, secret.as_deref(), bypass, out);
        if !bypass
            && reached == 1
            && !verify.is_empty()
            && crate::remote::exit_of(results) == Exit::Success
        {
            out.note("note: self-hosted with several instances, only the one that got the call was revalidated (unless they share a cache handler): reach each with --resolve HOST:PORT:ADDR");
        }
        Exit::Success
    })
}

type Requests = (Vec<Planned>, Option<Arc<SecretRef>>);

/// `--bypass URL`: GET or HEAD each page with the `x-prerender-revalidate` token.
fn bypass_requests(
    args: &RevalidateArgs,
    target: &Target,
    dry: bool,
    redactor: &mut Redactor,
    out: &Output,
) -> Result<Requests> {
    let token = bypass_token(args, target, dry, out)?;
    redactor.add(&token);
    let method = args.route.method.as_ref().map_or("GET", |m| m.as_str());
    if method != "GET" && method != "HEAD" {
        return Err(Error::usage(
            "--bypass sends GET or HEAD (--method GET|HEAD)",
        ));
    }
    Ok((
        nextjs::plan_bypass(
            &args
                .bypass
                .iter()
                .map(|u| u.to_string())
                .collect::<Vec<_>>(),
            method,
            &token,
        )?,
        Some(token),
    ))
}

/// `--endpoint URL`: one request per `--path` and `--tag` to the app's revalidation route, to
/// each endpoint given.
fn endpoint_requests(
    args: &RevalidateArgs,
    target: &Target,
    dry: bool,
    redactor: &mut Redactor,
    out: &Output,
) -> Result<Requests> {
    let endpoints = endpoint_urls(&args.route, target)?;
    if args.path.is_empty() && args.tag.is_empty() {
        return Err(Error::usage(
            "nothing to revalidate: give --path P or --tag T (repeatable)",
        ));
    }
    let mut plan = endpoint_plan(&args.route, target, String::new(), dry, redactor, out)?;
    plan.paths = args.path.clone();
    plan.tags = args.tag.clone();
    let mut reqs = Vec::new();
    for e in endpoints {
        plan.endpoint = e;
        reqs.extend(nextjs::plan_endpoint(&plan)?);
    }
    Ok((reqs, plan.secret))
}

/// The revalidation routes' URLs: every `--endpoint`, else the config target's.
fn endpoint_urls(route: &EndpointArgs, target: &Target) -> Result<Vec<String>> {
    let given: Vec<String> = route.endpoint.iter().map(|u| u.to_string()).collect();
    if !given.is_empty() {
        return Ok(given);
    }
    target
        .endpoint
        .as_ref()
        .map(|u| vec![u.to_string()])
        .ok_or_else(|| {
            Error::usage("--endpoint URL is required (or --bypass URL)").with_hint(
                "the app's revalidation route, e.g. --endpoint https://example.com/api/revalidate; \
             or set ISRCTL_ENDPOINT, or use --target NAME with `endpoint = ...` in isrctl.toml",
            )
        })
}

/// The one revalidation route `simulate --against` sends its events to.
pub(super) fn endpoint_url(route: &EndpointArgs, target: &Target) -> Result<String> {
    let mut urls = endpoint_urls(route, target)?;
    if urls.len() > 1 {
        return Err(
            Error::usage("simulate --against sends its revalidations to one --endpoint").with_hint(
                "use `isrctl revalidate` with several --endpoint URLs to reach every instance",
            ),
        );
    }
    Ok(urls.remove(0))
}

/// How to call the revalidation route at `endpoint` (no paths or tags yet): the secret (added to
/// `redactor`), where it goes, the method, body shape and extra parameters. Shared by
/// `revalidate` and `simulate --against`.
pub(super) fn endpoint_plan(
    route: &EndpointArgs,
    target: &Target,
    endpoint: String,
    dry: bool,
    redactor: &mut Redactor,
    out: &Output,
) -> Result<EndpointPlan> {
    let secret = endpoint_secret(route, target, dry)?;
    if let Some(s) = &secret {
        redactor.add(s);
    } else {
        out.warn("no secret given (--secret-env, --secret-file or ISRCTL_SECRET): sending the requests without one");
    }
    let method = route
        .method
        .as_ref()
        .or(target.method.as_ref())
        .map_or("POST", |m| m.as_str())
        .to_string();
    let secret_in = route
        .secret_in
        .or(target.secret_in)
        .unwrap_or(SecretIn::Body);
    let body = route.body.unwrap_or(if method == "GET" {
        BodyShape::Query
    } else {
        BodyShape::Json
    });
    Ok(EndpointPlan {
        endpoint,
        method,
        paths: Vec::new(),
        tags: Vec::new(),
        secret,
        secret_in,
        secret_name: route
            .secret_name
            .clone()
            .or(target.secret_name.clone())
            .unwrap_or_else(|| "secret".into()),
        body,
        params: route.param.clone(),
    })
}

/// 401/403 from the app almost always means the secret: say which one was sent.
fn explain_rejection(
    results: &[ItemResult],
    secret: Option<&SecretRef>,
    bypass: bool,
    out: &Output,
) {
    if bypass {
        return;
    }
    if results.iter().any(|r| matches!(r.status, Some(401 | 403))) {
        out.warn(&rejection_message(secret));
    }
}

/// What a 401/403 from the revalidation route means: the secret (named by where it came from,
/// never its value), or that none was sent.
pub(super) fn rejection_message(secret: Option<&SecretRef>) -> String {
    match secret {
        Some(s) => format!(
            "the app refused the secret (401/403); it came from {} — check that it matches the app's secret and that --secret-in/--secret-name match where the app reads it",
            s.origin
        ),
        None => "the app refused the request (401/403) and no secret was sent: pass --secret-env VAR, --secret-file FILE or set ISRCTL_SECRET".into(),
    }
}

/// The app's secret: --secret-file > --secret-env > ISRCTL_SECRET > config secret_file/secret_env.
/// A dry run (`--dry-run`, `--curl`) without the named variable shows where it would have been
/// read (`***`, `"$VAR"`), as `purge` does for its tokens.
fn endpoint_secret(a: &EndpointArgs, t: &Target, dry: bool) -> Result<Option<Arc<SecretRef>>> {
    let from_env = |v: &String| -> Result<Option<Arc<SecretRef>>> {
        match secret::from_env(v)? {
            Some(s) => Ok(Some(s)),
            None if dry => Ok(Some(SecretRef::new("", Origin::Env(v.clone())))),
            None => Err(SecretError::MissingSecret { var: v.clone() }.into()),
        }
    };
    if let Some(f) = &a.secret_file {
        return Ok(Some(secret::from_file(f)?));
    }
    if let Some(v) = &a.secret_env {
        return from_env(v);
    }
    if let Some(s) = secret::from_env("ISRCTL_SECRET")? {
        return Ok(Some(s));
    }
    if let Some(f) = &t.secret_file {
        return Ok(Some(secret::from_file(f)?));
    }
    if let Some(v) = &t.secret_env {
        return from_env(v);
    }
    Ok(None)
}

fn bypass_token(a: &RevalidateArgs, t: &Target, dry: bool, out: &Output) -> Result<Arc<SecretRef>> {
    let var = a
        .bypass_token_env
        .clone()
        .or(t.bypass_token_env.clone())
        .unwrap_or_else(|| "ISRCTL_BYPASS_TOKEN".into());
    let tok = match secret::from_env(&var)? {
        Some(t) => t,
        None if dry => SecretRef::new("", Origin::Env(var)),
        None => {
            return Err(SecretError::MissingBypassToken { var }.into());
        }
    };
    let len = tok.secret.expose().len();
    let vercel_like = a.bypass.iter().any(|u| u.as_str().contains(".vercel.app"))
        || t.provider.as_deref() == Some("vercel");
    if len > 0 && len < nextjs::VERCEL_MIN_TOKEN && vercel_like {
        out.warn(&format!(
            "the bypass token is {len} characters; Vercel requires at least {} (a self-hosted previewModeId is fine)",
            nextjs::VERCEL_MIN_TOKEN
        ));
    }
    Ok(tok)
}
