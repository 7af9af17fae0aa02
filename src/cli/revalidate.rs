//! clap types for `isrctl revalidate`. No logic.

use super::purge::SendArgs;
use crate::http::target::{HttpUrl, Method};
use crate::providers::nextjs::{BodyShape, SecretIn};
use clap::builder::PossibleValue;
use clap::{Args, ValueEnum};
use std::net::SocketAddr;
use std::path::PathBuf;

pub const REVALIDATE_EXAMPLES: &str = "\
Examples:
  export REVALIDATE_SECRET=...
  isrctl revalidate --endpoint https://example.com/api/revalidate --secret-env REVALIDATE_SECRET \\
      --path /blog/post-1 --tag posts --param profile=max
  isrctl revalidate --endpoint https://example.com/api/revalidate --secret-in query --body query \\
      --method GET --path /pricing --verify https://example.com/pricing
  isrctl revalidate --bypass https://example.com/blog --bypass-token-env VERCEL_BYPASS_TOKEN
  isrctl revalidate --endpoint https://example.com/api/revalidate --path /blog \
      --resolve example.com:443:10.0.0.11 --resolve example.com:443:10.0.0.12   # every pod";

#[derive(Debug, Args)]
pub struct RevalidateArgs {
    /// Use the named target from isrctl.toml (endpoint, secret variable, verify URLs)
    #[arg(long, value_name = "NAME", env = "ISRCTL_TARGET")]
    pub target: Option<String>,

    /// A path to revalidate (one request each; repeatable)
    #[arg(long, value_name = "PATH")]
    pub path: Vec<String>,

    /// A tag to revalidate (one request each; repeatable)
    #[arg(long, value_name = "TAG")]
    pub tag: Vec<String>,

    #[command(flatten)]
    pub route: EndpointArgs,

    /// Send HOST:PORT to ADDR instead of resolving it (like curl). Repeat it for one host to
    /// revalidate every pod or instance behind it, each reported on its own
    #[arg(long, value_name = "HOST:PORT:ADDR", value_parser = super::probe::parse_resolve)]
    pub resolve: Vec<(String, SocketAddr)>,

    /// Re-render this page now with the x-prerender-revalidate header (repeatable)
    #[arg(long, value_name = "URL", conflicts_with_all = ["path", "tag", "endpoint"])]
    pub bypass: Vec<HttpUrl>,

    /// Environment variable holding the bypass token (Vercel, >= 32 chars) or the self-hosted
    /// preview-mode id from .next/prerender-manifest.json [default: ISRCTL_BYPASS_TOKEN]
    #[arg(long, value_name = "VAR")]
    pub bypass_token_env: Option<String>,

    #[command(flatten)]
    pub send: SendArgs,
}

/// The app's revalidation route and how to call it: the same options for `revalidate` and for
/// the revalidate events of `simulate --against`.
#[derive(Debug, Args, Default)]
pub struct EndpointArgs {
    /// The app's revalidation route, e.g. https://example.com/api/revalidate; `revalidate` takes
    /// several (one per instance: each gets every path and tag)
    #[arg(long, value_name = "URL", env = "ISRCTL_ENDPOINT")]
    pub endpoint: Vec<HttpUrl>,

    /// Read the secret from this environment variable (ISRCTL_SECRET is used when no source is given)
    #[arg(long, value_name = "VAR")]
    pub secret_env: Option<String>,

    /// Read the secret from this file (first line)
    #[arg(long, value_name = "FILE")]
    pub secret_file: Option<PathBuf>,

    /// Where the app expects the secret [default: body]
    #[arg(long, value_enum, value_name = "WHERE")]
    pub secret_in: Option<SecretIn>,

    /// The secret's field, query parameter or header name [default: secret]
    #[arg(long, value_name = "NAME")]
    pub secret_name: Option<String>,

    /// Request shape: JSON body ({"path": ..}) or query string [default: json, query for GET]
    #[arg(long, value_enum, value_name = "SHAPE")]
    pub body: Option<BodyShape>,

    /// An extra field the app expects, e.g. type=layout or profile=max (repeatable)
    #[arg(long, value_name = "K=V", value_parser = parse_param)]
    pub param: Vec<(String, String)>,

    /// HTTP method for the endpoint (POST, GET, ...) or for `revalidate --bypass` (GET or HEAD)
    /// [default: POST for --endpoint, GET for --bypass]
    #[arg(long, value_name = "METHOD")]
    pub method: Option<Method>,
}

fn parse_param(s: &str) -> Result<(String, String), String> {
    match s.split_once('=') {
        Some((k, v)) if !k.trim().is_empty() => Ok((k.trim().to_string(), v.to_string())),
        _ => Err(format!("'{s}' is not K=V")),
    }
}

impl ValueEnum for SecretIn {
    fn value_variants<'a>() -> &'a [Self] {
        &[SecretIn::Query, SecretIn::Header, SecretIn::Body]
    }
    fn to_possible_value(&self) -> Option<PossibleValue> {
        Some(PossibleValue::new(match self {
            SecretIn::Query => "query",
            SecretIn::Header => "header",
            SecretIn::Body => "body",
        }))
    }
}

impl ValueEnum for BodyShape {
    fn value_variants<'a>() -> &'a [Self] {
        &[BodyShape::Json, BodyShape::Query]
    }
    fn to_possible_value(&self) -> Option<PossibleValue> {
        Some(PossibleValue::new(match self {
            BodyShape::Json => "json",
            BodyShape::Query => "query",
        }))
    }
}
