//! What each purge target is called and takes: the providers, the kinds of item, the
//! provider-specific options, and what one provider accepts. No IO here.

use super::{akamai, cloudflare, cloudfront, fastly, http, netlify, vercel};
use serde::Deserialize;

/// A CDN or cache `isrctl purge` talks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Provider {
    Vercel,
    Cloudflare,
    Fastly,
    Netlify,
    Akamai,
    CloudFront,
    Http,
}

impl Provider {
    pub const ALL: [Provider; 7] = [
        Provider::Vercel,
        Provider::Cloudflare,
        Provider::Fastly,
        Provider::Netlify,
        Provider::Akamai,
        Provider::CloudFront,
        Provider::Http,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Provider::Vercel => "vercel",
            Provider::Cloudflare => "cloudflare",
            Provider::Fastly => "fastly",
            Provider::Netlify => "netlify",
            Provider::Akamai => "akamai",
            Provider::Http => "http",
            Provider::CloudFront => "cloudfront",
        }
    }

    /// The provider named `s` (any case).
    pub fn from_name(s: &str) -> Option<Provider> {
        Self::ALL
            .into_iter()
            .find(|p| p.name().eq_ignore_ascii_case(s))
    }

    /// The API root its requests go to unless `--base-url` says otherwise (`http` purges go to
    /// the URLs themselves; Akamai's is the `host` of the `.edgerc` section).
    pub fn api(self) -> Option<&'static str> {
        match self {
            Provider::Vercel => Some(vercel::API),
            Provider::Cloudflare => Some(cloudflare::API),
            Provider::Fastly => Some(fastly::API),
            Provider::Netlify => Some(netlify::API),
            Provider::CloudFront => Some(cloudfront::API),
            Provider::Akamai | Provider::Http => None,
        }
    }

    /// What the provider's module declares it accepts.
    pub fn accepts(self) -> &'static Accepts {
        match self {
            Provider::Vercel => &vercel::ACCEPTS,
            Provider::Cloudflare => &cloudflare::ACCEPTS,
            Provider::Fastly => &fastly::ACCEPTS,
            Provider::Netlify => &netlify::ACCEPTS,
            Provider::Akamai => &akamai::ACCEPTS,
            Provider::Http => &http::ACCEPTS,
            Provider::CloudFront => &cloudfront::ACCEPTS,
        }
    }
}

/// What a purge acts on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ItemKind {
    Url,
    Tag,
    Key,
    Host,
    Prefix,
    /// An Akamai CP code (content provider code, a number).
    Cpcode,
    /// A path within a CloudFront distribution (`/a`, `/blog/*`).
    Path,
}

impl ItemKind {
    pub const ALL: [ItemKind; 7] = [
        ItemKind::Url,
        ItemKind::Tag,
        ItemKind::Key,
        ItemKind::Host,
        ItemKind::Prefix,
        ItemKind::Cpcode,
        ItemKind::Path,
    ];
    pub fn flag(self) -> &'static str {
        match self {
            ItemKind::Url => "--url",
            ItemKind::Tag => "--tag",
            ItemKind::Key => "--key",
            ItemKind::Host => "--host",
            ItemKind::Prefix => "--prefix",
            ItemKind::Cpcode => "--cpcode",
            ItemKind::Path => "--path",
        }
    }
}

/// A provider-specific purge option; each provider declares the ones it takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Opt {
    Hard,
    Deadline,
    CacheType,
    Project,
    Team,
    Environment,
    Zone,
    BatchSize,
    Soft,
    Service,
    Site,
    Method,
    Header,
    SecretHeader,
    /// `--token-env`/`--token-file`.
    Token,
    Delete,
    Network,
    Edgerc,
    Section,
    Distribution,
    Profile,
    Wait,
}

impl Opt {
    /// The order in which unaccepted options are reported (the first is named).
    pub const ALL: [Opt; 22] = [
        Opt::Hard,
        Opt::Deadline,
        Opt::CacheType,
        Opt::Project,
        Opt::Team,
        Opt::Environment,
        Opt::Zone,
        Opt::BatchSize,
        Opt::Soft,
        Opt::Service,
        Opt::Site,
        Opt::Method,
        Opt::Header,
        Opt::SecretHeader,
        Opt::Token,
        Opt::Delete,
        Opt::Network,
        Opt::Edgerc,
        Opt::Section,
        Opt::Distribution,
        Opt::Profile,
        Opt::Wait,
    ];
    pub fn flag(self) -> &'static str {
        match self {
            Opt::Hard => "--hard",
            Opt::Deadline => "--deadline",
            Opt::CacheType => "--type",
            Opt::Project => "--project",
            Opt::Team => "--team",
            Opt::Environment => "--environment",
            Opt::Zone => "--zone",
            Opt::BatchSize => "--batch-size",
            Opt::Soft => "--soft",
            Opt::Service => "--service",
            Opt::Site => "--site",
            Opt::Method => "--method",
            Opt::Header => "--header",
            Opt::SecretHeader => "--secret-header",
            Opt::Token => "--token-env/--token-file",
            Opt::Delete => "--delete",
            Opt::Network => "--network",
            Opt::Edgerc => "--edgerc",
            Opt::Section => "--section",
            Opt::Distribution => "--distribution",
            Opt::Profile => "--profile",
            Opt::Wait => "--wait",
        }
    }
}

/// What one provider accepts: item kinds, options, and what it reads by default.
#[derive(Debug)]
pub struct Accepts {
    pub items: &'static [ItemKind],
    /// The kind of `--from-file` lines when `--file-kind` is not given.
    pub file_kind: ItemKind,
    /// How the items are named in "nothing to purge" (e.g. `--key/--url`).
    pub items_flag: &'static str,
    pub options: &'static [Opt],
    /// Options that only count together with another (`--token-env` needs `--secret-header`).
    pub needs: &'static [(Opt, Opt)],
    /// Why an item kind is not taken and what to do instead.
    pub item_hints: &'static [(ItemKind, &'static str)],
    /// The environment variables read for the API token, in order.
    pub token_vars: &'static [&'static str],
    /// Whether a token is needed at all without `--secret-header` (http: no).
    pub needs_token: bool,
}
