//! clap types for `isrctl purge` and the request options shared with `revalidate`. No logic.

use clap::builder::PossibleValue;
use clap::{Args, ValueEnum};
use std::path::PathBuf;
use std::time::Duration;

use crate::duration::parse_duration;
use crate::http::target::Method;
use crate::providers::akamai::Network;
use crate::providers::http::parse_header;
use crate::providers::vercel::{CacheType, Environment};
pub use crate::providers::{ItemKind, Provider};

pub const PURGE_EXAMPLES: &str = "\
Examples:
  isrctl purge vercel --project my-site --tag posts,post-42
  isrctl purge cloudflare --zone example.com https://example.com/a https://example.com/b
  isrctl purge vercel --project my-site --tag posts --hard --deadline 60s
  isrctl purge cloudflare --zone $ZONE_ID --from-file urls.txt      # batches of 30
  isrctl purge fastly --service $SERVICE_ID --key post-42 --soft
  isrctl purge netlify --site my-site --tag products
  isrctl purge akamai --network staging https://www.example.com/blog
  isrctl purge cloudfront --distribution $DIST_ID /a '/blog/*' --wait
  isrctl purge http --url https://cache.internal/blog --method BAN -H 'X-Ban-Regex: ^/blog'
  isrctl purge --target prod --tag posts --dry-run --curl";

impl ValueEnum for Provider {
    fn value_variants<'a>() -> &'a [Self] {
        &Provider::ALL
    }
    fn to_possible_value(&self) -> Option<PossibleValue> {
        Some(PossibleValue::new(self.name()))
    }
}

impl ValueEnum for ItemKind {
    fn value_variants<'a>() -> &'a [Self] {
        &ItemKind::ALL
    }
    fn to_possible_value(&self) -> Option<PossibleValue> {
        Some(PossibleValue::new(&self.flag()[2..]))
    }
}

impl ValueEnum for Network {
    fn value_variants<'a>() -> &'a [Self] {
        &[Network::Production, Network::Staging]
    }
    fn to_possible_value(&self) -> Option<PossibleValue> {
        Some(PossibleValue::new(self.name()))
    }
}

impl ValueEnum for CacheType {
    fn value_variants<'a>() -> &'a [Self] {
        &[CacheType::Cdn, CacheType::Data]
    }
    fn to_possible_value(&self) -> Option<PossibleValue> {
        Some(PossibleValue::new(match self {
            CacheType::Cdn => "cdn",
            CacheType::Data => "data",
        }))
    }
}

#[derive(Debug, Args)]
pub struct PurgeArgs {
    /// The CDN or cache to purge (may come from --target instead)
    #[arg(value_enum)]
    pub provider: Option<Provider>,

    /// Items as each provider's own CLI takes them: tags (vercel, netlify), URLs (cloudflare,
    /// akamai, http), surrogate keys (fastly) or paths (cloudfront); name the provider first
    #[arg(value_name = "ITEM", help_heading = "Items", requires = "provider")]
    pub items: Vec<String>,

    /// Use the named target from isrctl.toml (provider, ids, token variable, verify URLs)
    #[arg(long, value_name = "NAME", env = "ISRCTL_TARGET")]
    pub target: Option<String>,

    /// Cache tags to purge (Vercel, Cloudflare, Netlify, Akamai; repeatable, or comma-separated
    /// as the vercel CLI takes them: --tag a,b)
    #[arg(
        long,
        value_name = "TAG",
        value_delimiter = ',',
        help_heading = "Items"
    )]
    pub tag: Vec<String>,

    /// A full URL to purge (Cloudflare, Fastly, Akamai, http; repeatable)
    #[arg(long, value_name = "URL", help_heading = "Items")]
    pub url: Vec<String>,

    /// A Fastly surrogate key (repeatable; sent in batches of 256)
    #[arg(long, value_name = "KEY", help_heading = "Items")]
    pub key: Vec<String>,

    /// A hostname to purge entirely (Cloudflare; repeatable)
    #[arg(long, value_name = "HOST", help_heading = "Items")]
    pub host: Vec<String>,

    /// A host/path prefix to purge (Cloudflare; repeatable)
    #[arg(long, value_name = "PREFIX", help_heading = "Items")]
    pub prefix: Vec<String>,

    /// An Akamai CP code: everything it serves (repeatable, or comma-separated)
    #[arg(long, value_name = "N", value_delimiter = ',', help_heading = "Items")]
    pub cpcode: Vec<u64>,
    /// A path in a CloudFront distribution to invalidate: /a, or /blog/* (the * wildcard only at
    /// the end); repeatable
    #[arg(long, value_name = "PATH", help_heading = "Items")]
    pub path: Vec<String>,

    /// Read items from FILE ('-' = stdin), one per line; blank lines and # comments are ignored
    #[arg(long, value_name = "FILE", help_heading = "Items")]
    pub from_file: Option<PathBuf>,

    /// What the lines of --from-file are [default: the provider's main kind: vercel/netlify tag,
    /// cloudflare/akamai/http url, fastly key, cloudfront path]
    #[arg(long, value_enum, value_name = "KIND", help_heading = "Items")]
    pub file_kind: Option<ItemKind>,

    /// Purge everything (Vercel project, Fastly service, Netlify site); needs --yes without a terminal
    #[arg(long, help_heading = "Items")]
    pub all: bool,

    /// Purge everything in the Cloudflare zone; needs --yes without a terminal
    #[arg(long, help_heading = "Items")]
    pub everything: bool,

    /// Confirm --all/--everything without a prompt
    #[arg(long, short = 'y')]
    pub yes: bool,

    /// Vercel: delete instead of marking stale (dangerously-delete-by-tags)
    #[arg(long, help_heading = "Vercel")]
    pub hard: bool,

    /// Vercel --hard: keep serving stale until this deadline, then delete (e.g. 60s)
    #[arg(long, value_name = "DUR", value_parser = parse_duration, help_heading = "Vercel")]
    pub deadline: Option<Duration>,

    /// Vercel --all: which cache to purge [default: both]
    #[arg(
        long = "type",
        value_enum,
        value_name = "TYPE",
        help_heading = "Vercel"
    )]
    pub cache_type: Option<CacheType>,

    /// Vercel project id or name [default: VERCEL_PROJECT_ID, else .vercel/project.json from
    /// `vercel link` in the current directory]
    #[arg(
        long,
        value_name = "ID|NAME",
        env = "ISRCTL_PROJECT",
        help_heading = "Vercel"
    )]
    pub project: Option<String>,

    /// Vercel team id (team_...) or slug [default: VERCEL_ORG_ID or .vercel/project.json's orgId,
    /// when it is a team]
    #[arg(
        long,
        value_name = "ID|SLUG",
        env = "ISRCTL_TEAM",
        help_heading = "Vercel"
    )]
    pub team: Option<String>,

    /// Vercel: only this environment's cache (production or preview) [default: all]
    #[arg(long, value_name = "ENV", value_enum, help_heading = "Vercel")]
    pub environment: Option<Environment>,

    /// Cloudflare zone id, or the zone's name (example.com), looked up with the token first
    #[arg(
        long,
        value_name = "ID|NAME",
        env = "ISRCTL_ZONE",
        help_heading = "Cloudflare"
    )]
    pub zone: Option<String>,

    /// Items per request: Cloudflare (default 30, at most 500), Netlify (default 100), CloudFront
    /// (default 3000)
    #[arg(long, value_name = "N", help_heading = "Cloudflare")]
    pub batch_size: Option<usize>,

    /// Mark stale instead of deleting (Fastly Fastly-Soft-Purge; Cloudflare invalidate_cache)
    #[arg(long, help_heading = "Fastly")]
    pub soft: bool,

    /// Fastly service id [default: FASTLY_SERVICE_ID, else service_id in ./fastly.toml]
    #[arg(
        long,
        value_name = "ID",
        env = "ISRCTL_SERVICE",
        help_heading = "Fastly"
    )]
    pub service: Option<String>,

    /// Netlify site id or name [default: NETLIFY_SITE_ID, else .netlify/state.json from
    /// `netlify link`]
    #[arg(
        long,
        value_name = "ID|NAME",
        env = "ISRCTL_SITE",
        help_heading = "Netlify"
    )]
    pub site: Option<String>,

    /// Akamai: delete instead of invalidating (the next request fetches anew, even when the
    /// origin's copy did not change)
    #[arg(long, help_heading = "Akamai")]
    pub delete: bool,

    /// Akamai: which network's caches [default: production]
    #[arg(long, value_enum, value_name = "NET", help_heading = "Akamai")]
    pub network: Option<Network>,

    /// Akamai: the EdgeGrid credentials file [default: AKAMAI_EDGERC, else ~/.edgerc]
    #[arg(long, value_name = "FILE", help_heading = "Akamai")]
    pub edgerc: Option<PathBuf>,

    /// Akamai: the .edgerc section to use [default: AKAMAI_EDGERC_SECTION, else default]
    #[arg(long, value_name = "NAME", help_heading = "Akamai")]
    pub section: Option<String>,
    /// CloudFront distribution id (E1ABCDEF2GHIJ)
    #[arg(
        long,
        value_name = "ID",
        env = "ISRCTL_DISTRIBUTION",
        help_heading = "CloudFront"
    )]
    pub distribution: Option<String>,

    /// The profile of the AWS shared credentials file (AWS_SHARED_CREDENTIALS_FILE, else
    /// ~/.aws/credentials) [default: AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY/AWS_SESSION_TOKEN
    /// when set, else AWS_PROFILE, else default]
    #[arg(long, value_name = "NAME", help_heading = "CloudFront")]
    pub profile: Option<String>,

    /// After the invalidations are created, poll GetInvalidation until each is Completed
    #[arg(long, help_heading = "CloudFront")]
    pub wait: bool,

    /// Give up --wait after this long (exit 6) [default: 10m, as the AWS CLI's waiter]
    #[arg(long, value_name = "DUR", value_parser = parse_duration, help_heading = "CloudFront")]
    pub wait_timeout: Option<Duration>,

    /// How often --wait asks [default: 20s, as the AWS CLI's waiter]
    #[arg(long, value_name = "DUR", value_parser = parse_duration, help_heading = "CloudFront")]
    pub wait_interval: Option<Duration>,

    /// http: the request method (PURGE, BAN, ...) [default: PURGE]
    #[arg(long, value_name = "METHOD", help_heading = "http")]
    pub method: Option<Method>,

    /// http: an extra request header (repeatable)
    #[arg(
        short = 'H',
        long = "header",
        value_name = "'Name: value'",
        value_parser = parse_header,
        help_heading = "http"
    )]
    pub headers: Vec<(String, String)>,

    /// Send the secret from --token-env/--token-file (default: ISRCTL_PURGE_SECRET) in this
    /// header (e.g. X-Purge-Token), so it is never typed on the command line or shown by --dry-run
    #[arg(long, value_name = "NAME", help_heading = "http")]
    pub secret_header: Option<String>,

    /// Read the API token from this environment variable [default: VERCEL_TOKEN,
    /// CLOUDFLARE_API_TOKEN (or CF_API_TOKEN), FASTLY_API_TOKEN, NETLIFY_AUTH_TOKEN or NETLIFY_PURGE_API_TOKEN]
    #[arg(long, value_name = "VAR")]
    pub token_env: Option<String>,

    /// Read the API token from this file (first line)
    #[arg(long, value_name = "FILE")]
    pub token_file: Option<PathBuf>,

    /// Send API calls to this root instead of the provider's (proxies, tests)
    #[arg(long, value_name = "URL", env = "ISRCTL_BASE_URL")]
    pub base_url: Option<String>,

    #[command(flatten)]
    pub send: SendArgs,
}

/// How requests are sent, shown or verified (`revalidate` and `purge`).
#[derive(Debug, Args)]
pub struct SendArgs {
    /// Print the exact requests (secrets as ***) and send nothing
    #[arg(long)]
    pub dry_run: bool,

    /// Print the requests as curl commands (secrets as $VAR references) and send nothing
    #[arg(long)]
    pub curl: bool,

    /// Requests in flight at once
    #[arg(long, value_name = "N", default_value_t = 4, value_parser = clap::value_parser!(u32).range(1..=64))]
    pub concurrency: u32,

    /// Retries per request on 429, 5xx and network errors (exponential backoff with jitter,
    /// honouring Retry-After)
    #[arg(long, value_name = "N", default_value_t = 3)]
    pub retries: u32,

    /// Per-request timeout
    #[arg(long, value_name = "DUR", default_value = "30s", value_parser = parse_duration)]
    pub timeout: Duration,

    /// First retry wait, usually from ISRCTL_RETRY_BASE_DELAY (the test-suite sets 5ms) [default: 500ms]
    #[arg(
        long = "retry-base-delay",
        env = "ISRCTL_RETRY_BASE_DELAY",
        value_name = "ISRCTL_RETRY_BASE_DELAY",
        hide = true,
        value_parser = parse_duration
    )]
    pub retry_base_delay: Option<Duration>,

    /// After the call, watch this URL until its content changes (repeatable)
    #[arg(long, value_name = "URL")]
    pub verify: Vec<String>,

    /// Give up verifying after this long (exit 6)
    #[arg(long, value_name = "DUR", default_value = "60s", value_parser = parse_duration)]
    pub verify_timeout: Duration,

    /// How often to request a --verify URL
    #[arg(long, value_name = "DUR", default_value = "1s", value_parser = parse_duration)]
    pub verify_interval: Duration,
}

impl ValueEnum for Environment {
    fn value_variants<'a>() -> &'a [Self] {
        &[Environment::Production, Environment::Preview]
    }
    fn to_possible_value(&self) -> Option<PossibleValue> {
        Some(PossibleValue::new(self.name()))
    }
}
