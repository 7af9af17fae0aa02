//! The errors that end a command, and the one place that maps each to an exit code and a hint.
//!
//! Library layers return their own `thiserror` types (scenario, trace, http, providers, ...);
//! they are wrapped here, and only here is it decided which exit code and which hint a user sees.
//! The display style (`isrctl: error: ...` plus `  hint: ...`) is `output::Output::error`'s.

use std::path::PathBuf;

use crate::config::ConfigError;
use crate::http::client::ClientError;
use crate::providers::{Outcome, PlanError, Provider};
use crate::remote::items::ItemsError;
use crate::remote::purge::PurgeError;
use crate::remote::verify::VerifyError;
use crate::secret::SecretError;

pub use crate::exit::Exit;

/// An error that ends the command.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A bad value or combination of flags that clap could not catch itself.
    #[error("{message}")]
    Usage {
        message: String,
        hint: Option<String>,
    },
    /// A file the user named could not be read.
    #[error("cannot read {}: {source}", path.display())]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// A file the user named could not be written (`simulate --csv`).
    #[error("cannot write {}: {source}", path.display())]
    Write {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// A scenario file that does not parse or validate (`file:line:column: ...`).
    #[error(transparent)]
    Scenario(#[from] crate::scenario::Error),
    /// A malformed trace line (`file:line: ...`).
    #[error(transparent)]
    Trace(#[from] crate::trace::Error),
    /// A simulation whose inputs do not fit together (scenario, trace and open errors are
    /// flattened into `Scenario`, `Trace` and `Read` on the way in).
    #[error(transparent)]
    Simulate(crate::simulate::Error),
    /// Any other I/O failure, mostly writing the output (reads of named files are `Read`).
    #[error("I/O error: {0}")]
    Io(#[source] std::io::Error),
    /// `probe`: a sitemap could not be read or listed nothing.
    #[error(transparent)]
    Probe(#[from] crate::probe::ProbeError),
    /// The reader of stdout went away (`isrctl ... | head`): a quiet, successful exit.
    #[error("stdout was closed")]
    BrokenPipe,
    /// `isrctl.toml` could not be read or used.
    #[error(transparent)]
    Config(#[from] ConfigError),
    /// A token or secret could not be had (the message names where, never the value).
    #[error(transparent)]
    Secret(#[from] SecretError),
    /// Akamai credentials (`.edgerc`) could not be had (names file, section and key only).
    #[error(transparent)]
    Edgerc(#[from] crate::config::edgerc::EdgercError),
    /// A revalidation or purge request could not be planned from the values given.
    #[error(transparent)]
    Plan(#[from] PlanError),
    /// A purge that cannot go ahead as asked.
    #[error(transparent)]
    Purge(#[from] PurgeError),
    /// No usable AWS credentials (CloudFront).
    #[error(transparent)]
    Aws(#[from] crate::remote::aws::AwsError),
    /// An item list could not be read or was empty.
    #[error(transparent)]
    Items(#[from] ItemsError),
    /// `purge cloudflare --zone NAME`: the zone's id could not be looked up.
    #[error(transparent)]
    Zone(#[from] crate::remote::zone::ZoneError),
    /// The HTTP client or the async runtime could not be set up.
    #[error(transparent)]
    Client(#[from] ClientError),
    /// `simulate --against`: a scenario that cannot be replayed against a deployment.
    #[error(transparent)]
    Against(#[from] crate::simulate::against::AgainstError),
    /// `simulate --against`: the run stopped (no answer from the deployment, a revalidation not
    /// accepted, Ctrl-C) after printing what it observed.
    #[error(transparent)]
    AgainstStopped(#[from] crate::simulate::against::Stopped),
    /// `warm`: a URL list that cannot be warmed as given.
    #[error(transparent)]
    Warm(#[from] crate::warm::WarmError),
    /// Ctrl-C before there was anything to report (a sitemap or baseline still loading).
    #[error("interrupted")]
    Interrupted,
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// A usage error (exit 2).
    pub fn usage(message: impl Into<String>) -> Self {
        Error::Usage {
            message: message.into(),
            hint: None,
        }
    }

    /// A file could not be read.
    pub fn read(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Read {
            path: path.into(),
            source,
        }
    }

    /// Attach a hint to a usage error (other kinds have their hint fixed in `hint`).
    pub fn with_hint(mut self, h: impl Into<String>) -> Self {
        if let Error::Usage { hint, .. } = &mut self {
            *hint = Some(h.into());
        }
        self
    }

    /// The exit code this error ends the program with.
    pub fn exit(&self) -> Exit {
        match self {
            Error::Usage { .. } => Exit::Usage,
            Error::Read { .. } | Error::Write { .. } => Exit::Usage,
            Error::Scenario(_) | Error::Trace(_) => Exit::Usage,
            Error::Simulate(crate::simulate::Error::Unfinished) => Exit::Internal,
            Error::Simulate(_) => Exit::Usage,
            Error::Io(_) => Exit::Internal,
            Error::Probe(e) => probe_exit(e),
            Error::BrokenPipe => Exit::Success,
            Error::Config(_)
            | Error::Secret(_)
            | Error::Edgerc(_)
            | Error::Plan(_)
            | Error::Purge(_)
            | Error::Aws(_)
            | Error::Items(_) => Exit::Usage,
            Error::Client(_) => Exit::Internal,
            Error::Zone(e) => zone_exit(e),
            Error::Interrupted => Exit::Interrupted,
            Error::Warm(_) => Exit::Usage,
            Error::Against(_) => Exit::Usage,
            Error::AgainstStopped(s) => against_exit(s),
        }
    }

    /// What the user can do about it, when there is a known fix.
    pub fn hint(&self) -> Option<String> {
        match self {
            Error::Usage { hint, .. } => hint.clone(),
            Error::Read { source, .. } if source.kind() == std::io::ErrorKind::NotFound => {
                Some("check the path; relative paths start from the current directory".into())
            }
            Error::Scenario(_) => Some(
                "the scenario format is described in isrctl-scenario(5) and docs/scenario.md"
                    .into(),
            ),
            Error::Trace(e) => trace_hint(&e.kind),
            Error::Simulate(crate::simulate::Error::PublishLog(e)) if e.line > 0 => Some(
                "a publish log line is time,path or time,tag:NAME, e.g. 2026-11-23T10:00:00Z,/blog/a or 90s,tag:posts".into(),
            ),
            Error::Simulate(crate::simulate::Error::TimesBackwards) => {
                Some("list the times in order, e.g. --at 0,45,65,70".into())
            }
            Error::Config(e) => config_hint(e),
            Error::Secret(e) => secret_hint(e),
            Error::Edgerc(e) => edgerc_hint(e),
            Error::Plan(e) => plan_hint(e).map(String::from),
            Error::Purge(e) => purge_hint(e),
            Error::Aws(e) => aws_hint(e),
            Error::Items(_) | Error::Client(_) => None,
            Error::Against(e) => against_hint(e),
            Error::Zone(e) => zone_hint(e),
            Error::AgainstStopped(s) => stopped_hint(s),
            Error::Warm(crate::warm::WarmError::NotAUrl { .. }) => Some(
                "one full URL per line, e.g. https://www.example.com/blog/post-1; blank lines and # comments are skipped".into(),
            ),
            Error::Warm(crate::warm::WarmError::NoUrls) => Some(
                "give URLs, --sitemap URL or --from-file FILE (- for stdin)".into(),
            ),
            Error::Read { .. }
            | Error::Write { .. }
            | Error::Simulate(_)
            | Error::Io(_)
            | Error::Probe(_)
            | Error::BrokenPipe
            | Error::Interrupted => None,
        }
    }

    /// Whether the error is reported at all (a closed pipe is not).
    pub fn is_quiet(&self) -> bool {
        matches!(self, Error::BrokenPipe)
    }
}

fn edgerc_hint(e: &crate::config::edgerc::EdgercError) -> Option<String> {
    use crate::config::edgerc::EdgercError as E;
    Some(match e {
        E::NoSection { found, .. } if !found.is_empty() => format!(
            "it has {}: pick one with --section (or AKAMAI_EDGERC_SECTION); the akamai purge CLI reads [ccu]",
            found.iter().map(|s| format!("[{s}]")).collect::<Vec<_>>().join(", ")
        ),
        E::Read { .. } | E::NoHome | E::NoSection { .. } | E::MissingKey { .. } => "an API client's credentials (Control Center: Identity and Access Management, with Fast Purge access) go in ~/.edgerc as [default] host, client_token, client_secret, access_token; or point --edgerc (or AKAMAI_EDGERC) at the file".into(),
        E::BadHost { .. } => "host is the API client's hostname as Control Center gives it, without https:// or a path".into(),
        E::Syntax { .. } | E::KeyOutsideSection { .. } | E::BadMaxBody { .. } | E::Unprintable { .. } => return None,
    })
}

fn zone_exit(e: &crate::remote::zone::ZoneError) -> Exit {
    use crate::remote::zone::ZoneError as Z;
    match e {
        Z::NotFound { .. } => Exit::Usage,
        Z::Refused { .. } => Exit::Rejected,
        Z::Failed { .. } => Exit::RemoteFailed,
        Z::Unreachable { .. } => Exit::Network,
        Z::Interrupted(_) => Exit::Interrupted,
        Z::Client(_) => Exit::Internal,
    }
}

fn zone_hint(e: &crate::remote::zone::ZoneError) -> Option<String> {
    use crate::remote::zone::ZoneError as Z;
    Some(match e {
        Z::NotFound { .. } | Z::Refused { .. } => "a zone name is looked up with the token, which needs Zone Read besides Cache Purge; or give the zone id (dashboard: the zone's Overview page, API section) with --zone ID".into(),
        _ => return None,
    })
}

fn against_exit(s: &crate::simulate::against::Stopped) -> Exit {
    use crate::simulate::against::Stopped;
    match s {
        Stopped::Interrupted => Exit::Interrupted,
        Stopped::Unreachable { .. } => Exit::Network,
        Stopped::Endpoint { outcome, .. } => Exit::from(*outcome).worst(Exit::Network),
    }
}

fn against_hint(e: &crate::simulate::against::AgainstError) -> Option<String> {
    use crate::simulate::against::AgainstError;
    Some(match e {
        AgainstError::Unsendable { .. } => "--against replays requests and revalidate_path/revalidate_tag events; keep the rest for `isrctl simulate` alone".into(),
        AgainstError::NoEndpoint { .. } => "e.g. --endpoint https://example.com/api/revalidate --secret-env REVALIDATE_SECRET: the same options as `isrctl revalidate`".into(),
        AgainstError::NoRequests(_) | AgainstError::BaseUrl(_) => return None,
    })
}

fn stopped_hint(s: &crate::simulate::against::Stopped) -> Option<String> {
    use crate::simulate::against::Stopped;
    match s {
        Stopped::Unreachable { reason, .. }
            if ["certificate", "tls", "ssl", "handshake", "corrupt message"]
                .iter()
                .any(|w| reason.to_ascii_lowercase().contains(w)) =>
        {
            Some("the TLS connection failed: check that the server speaks HTTPS on that port (http:// otherwise) with a certificate valid for the host (isrctl checks certificates)".into())
        }
        Stopped::Unreachable { .. } => {
            Some("check that the deployment is up at the --against URL (scheme, host and port)".into())
        }
        Stopped::Endpoint {
            status: Some(401 | 403),
            ..
        } => Some("the same options as `isrctl revalidate`: --secret-env/--secret-file, --secret-in and --secret-name must match where the app reads its secret".into()),
        Stopped::Endpoint { .. } | Stopped::Interrupted => None,
    }
}

/// A sitemap that lists nothing is an unmet expectation (6); one that cannot be read is a
/// network failure (3), as are the malformed ones (what the server sent).
fn probe_exit(e: &crate::probe::ProbeError) -> Exit {
    use crate::probe::{ProbeError, SitemapError};
    match e {
        ProbeError::Sitemap(SitemapError::Empty { .. }) => Exit::Unmet,
        ProbeError::Sitemap(_) => Exit::Network,
    }
}

impl From<VerifyError> for Error {
    fn from(e: VerifyError) -> Self {
        match e {
            VerifyError::Url(e) => Error::Plan(e),
            VerifyError::Client(e) => Error::Client(e),
            VerifyError::Interrupted => Error::Interrupted,
        }
    }
}

/// The exit code of one item's outcome (`revalidate`, `purge`); a run takes the worst.
impl From<Outcome> for Exit {
    fn from(o: Outcome) -> Exit {
        match o {
            Outcome::Done => Exit::Success,
            Outcome::Unreachable => Exit::Network,
            Outcome::Rejected => Exit::Rejected,
            Outcome::Failed => Exit::RemoteFailed,
            // Never alone: the cause of the stop adds its own code (130, 4, 1).
            Outcome::Unfinished => Exit::Network,
        }
    }
}

/// A warmed URL's exit code (`warm`; a run takes the worst): not a HIT is an unmet expectation
/// (6); no answer a network error (3), a 4xx a rejection (4), a 5xx a remote failure (5).
impl From<&crate::warm::UrlResult> for Exit {
    fn from(r: &crate::warm::UrlResult) -> Exit {
        use crate::warm::Outcome;
        match r.result {
            Outcome::Warm => Exit::Success,
            Outcome::Cold | Outcome::Uncached | Outcome::Unknown => Exit::Unmet,
            Outcome::Failed => match r.status {
                Some(400..=499) => Exit::Rejected,
                Some(500..) => Exit::RemoteFailed,
                _ => Exit::Network,
            },
            Outcome::Interrupted => Exit::Interrupted,
        }
    }
}

/// What cut a send run short adds its own exit code to the items' (`remote::exit_of_run`).
impl From<&crate::remote::ledger::Stop> for Exit {
    fn from(s: &crate::remote::ledger::Stop) -> Exit {
        use crate::remote::ledger::Stop;
        match s {
            Stop::Interrupted => Exit::Interrupted,
            Stop::Refused { .. } => Exit::Rejected,
            Stop::Crashed { .. } => Exit::Internal,
        }
    }
}

/// Each trace error's own fix: what a header must name, which format the line looks like, or
/// what `--strict` did.
fn trace_hint(kind: &crate::trace::ErrorKind) -> Option<String> {
    use crate::trace::{ErrorKind, TraceFormat, csv};
    Some(match kind {
        ErrorKind::Header { columns } => format!(
            "a CSV trace starts with a header naming a time column ({}) and a path column ({}){}; \
             access logs (combined, common) and JSON lines need no header",
            csv::TIME_COLUMNS.join(", "),
            csv::PATH_COLUMNS.join(", "),
            if columns.len() > 1 {
                " separated by commas, semicolons or tabs"
            } else {
                ""
            }
        ),
        ErrorKind::Mismatch { detected, .. } if *detected != TraceFormat::Auto => format!(
            "leave out --trace-format (the format is detected), or pass --trace-format {}",
            detected.name()
        ),
        ErrorKind::Mismatch { .. } => return None,
        ErrorKind::BadLine => {
            "without --strict, lines that cannot be read are counted and skipped, and the first \
             few quoted"
                .into()
        }
        ErrorKind::Late { window } => format!(
            "a --reorder-window wider than {} puts it back in order; without --strict such \
             lines are counted and skipped",
            crate::human::duration(*window)
        ),
        ErrorKind::Outlier => "without --strict, outlying lines are counted and skipped".into(),
        ErrorKind::Input => return None,
    })
}

fn config_hint(e: &ConfigError) -> Option<String> {
    Some(match e {
        ConfigError::Read { .. } | ConfigError::Toml(_) => return None,
        ConfigError::InFile { source, .. } => config_hint(source).unwrap_or_else(|| {
            "see `isrctl purge --help` and docs/revalidate-and-purge.md".into()
        }),
        ConfigError::LiteralSecret { key: k, .. } => format!(
            "remove it and reference the secret instead: {k}_env = \"VAR_NAME\" or {k}_file = \"path\" \
             (for tokens: token_env / token_file; for app secrets: secret_env / secret_file)"
        ),
        ConfigError::NotAnEnvName { key: k, .. } => {
            format!("write {k} = \"VAR_NAME\" and export VAR_NAME in the environment")
        }
        ConfigError::UnknownTarget { known, .. } if known.is_empty() => {
            "define it as [targets.NAME] in isrctl.toml (current directory or $XDG_CONFIG_HOME/isrctl/)".into()
        }
        ConfigError::UnknownTarget { known, .. } => format!("known targets: {}", known.join(", ")),
        ConfigError::NoConfigFile { .. } => "create isrctl.toml in the current directory or $XDG_CONFIG_HOME/isrctl/, or pass --config FILE".into(),
    })
}

fn secret_hint(e: &SecretError) -> Option<String> {
    Some(match e {
        SecretError::InvalidVarName => {
            "pass the NAME of the variable that holds the secret, e.g. --token-env VERCEL_TOKEN"
                .into()
        }
        SecretError::Unreadable { .. } | SecretError::EmptyFile { .. } => return None,
        SecretError::MissingToken { vars, .. } => format!(
            "export {}=<token> (never pass tokens as flags), or name another variable with --token-env VAR",
            vars.first().map_or("", String::as_str)
        ),
        SecretError::MissingSecret { var } => {
            format!("export {var}=<the app's revalidation secret>")
        }
        SecretError::MissingBypassToken { var } => format!(
            "export {var}=<Vercel bypass token, or previewModeId from .next/prerender-manifest.json>"
        ),
        SecretError::ControlChar {
            origin: crate::secret::Origin::Env(var),
            ..
        } => format!(
            "a token is one line of printable characters; set {var} again without the line break or escape sequence (nothing was sent)"
        ),
        SecretError::ControlChar { .. } => {
            "a token is one line of printable characters: put it alone on the file's first line (nothing was sent)".into()
        }
    })
}

fn aws_hint(e: &crate::remote::aws::AwsError) -> Option<String> {
    use crate::remote::aws::AwsError as A;
    Some(match e {
        A::NoProfile { .. } | A::NoFile { .. } => "export AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN for temporary keys), or name a profile of the credentials file with --profile NAME or AWS_PROFILE (`aws configure` writes one)".into(),
        A::HalfSet { .. } => return None,
        A::MissingKey { .. } => "a profile needs aws_access_key_id and aws_secret_access_key lines".into(),
        A::BadLine { .. } => "the credentials file holds [profile] headers and key = value lines".into(),
        A::Secret(s) => return secret_hint(s),
    })
}

fn plan_hint(e: &PlanError) -> Option<&'static str> {
    Some(match e {
        PlanError::BodySecretWithoutBody => {
            "if the app reads the secret from the query string, say so with --secret-in query \
             (URLs end up in logs and proxies); or send it in a header with --secret-in header \
             --secret-name NAME, or in a JSON body with --body json"
        }
        PlanError::NotAbsoluteUrl(_) => {
            "write the full URL, e.g. https://www.example.com/blog/post-1"
        }
        PlanError::BadPrefix(_) => "e.g. --prefix www.example.com/blog/",
        PlanError::FastlySoftAll => {
            "tag every response with a constant surrogate key (e.g. 'all') and soft-purge that key with --key all --soft"
        }
        PlanError::FastlyNoService => {
            "pass --service SERVICE_ID, set ISRCTL_SERVICE, or use a config target"
        }
        PlanError::PathWithoutSlash(_) => "revalidate the real URL path, e.g. --path /blog/post-1",
        _ => return None,
    })
}

fn purge_hint(e: &PurgeError) -> Option<String> {
    Some(match e {
        PurgeError::NoProvider => "e.g. `isrctl purge cloudflare --zone ID --url URL`, or --target NAME from isrctl.toml".into(),
        PurgeError::Unsupported { provider, kind } => provider
            .accepts()
            .item_hints
            .iter()
            .find(|(k, _)| k == kind)
            .map_or("see `isrctl purge --help` for the items each provider takes", |h| h.1)
            .into(),
        PurgeError::NotAnOption {
            provider: Provider::Http,
            opt: crate::providers::Opt::Token,
        } => "the http provider sends a secret only as a header: add --secret-header NAME (e.g. X-Purge-Token)".into(),
        PurgeError::NotAnOption { .. } => {
            "see `isrctl purge --help`: options are grouped by provider".into()
        }
        PurgeError::NoPurgeAll(Provider::Akamai) => "purge the CP codes that serve the site (--cpcode N): that covers everything they serve".into(),
        PurgeError::NoPurgeAll(_) => "name the URLs (--url), or send a BAN with a pattern header (--method BAN -H 'X-Ban-Url: .')".into(),
        PurgeError::NothingToPurge(_) => "blank lines and # comments in --from-file are skipped".into(),
        PurgeError::Required { flag, env, key } => {
            let link = match *key {
                "project" => ", run `vercel link` here",
                "site" => ", run `netlify link` here",
                _ => "",
            };
            format!("pass {flag}, set {env}{link}, or use --target NAME with `{key} = ...` in isrctl.toml")
        }
        PurgeError::VendorFile(_) => "fix or remove the file (vercel link, fastly compute init and netlify link write these), or give the id with a flag".into(),
        PurgeError::NeedsYes(_) => {
            "re-run the same command with --yes, or preview it with --dry-run".into()
        }
        _ => return None,
    })
}

impl From<std::io::Error> for Error {
    /// A closed pipe is its own quiet exit; other I/O errors without a path are `Io`.
    fn from(e: std::io::Error) -> Self {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            Error::BrokenPipe
        } else {
            Error::Io(e)
        }
    }
}

impl From<crate::simulate::Error> for Error {
    /// Scenario and trace errors keep their own kinds; unreadable files are `Read`.
    fn from(e: crate::simulate::Error) -> Self {
        use crate::simulate::Error as S;
        match e {
            S::Scenario(e) => Error::Scenario(e),
            S::Trace(e) => Error::Trace(e),
            S::TraceOpen(e) => Error::read(e.path, e.source),
            S::Read { path, source } => Error::read(path, source),
            other => Error::Simulate(other),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn broken_pipe_is_quiet_and_successful() {
        let e = Error::from(std::io::Error::from(std::io::ErrorKind::BrokenPipe));
        assert!(e.is_quiet());
        assert_eq!(e.exit(), Exit::Success);
    }

    /// Every kind of trace error gets a hint about itself, and none points to a flag that
    /// would not help (`--skip-bad-lines` is gone; `--strict` only where it stopped the read).
    #[test]
    fn trace_hints_fit_their_error() {
        use crate::trace::{ErrorKind, TraceFormat};
        let hint = |kind: ErrorKind| {
            Error::Trace(crate::trace::Error {
                file: "t".into(),
                line: 1,
                message: "m".into(),
                kind,
            })
            .hint()
        };
        let h = hint(ErrorKind::Header {
            columns: vec!["when".into(), "where".into()],
        })
        .unwrap();
        assert!(
            h.contains("time, timestamp") && h.contains("path, url"),
            "{h}"
        );
        let h = hint(ErrorKind::Mismatch {
            given: TraceFormat::Csv,
            detected: TraceFormat::Combined,
        })
        .unwrap();
        assert!(h.contains("--trace-format combined"), "{h}");
        for kind in [
            ErrorKind::BadLine,
            ErrorKind::Late { window: 5_000_000 },
            ErrorKind::Outlier,
        ] {
            assert!(
                hint(kind.clone()).unwrap().contains("without --strict"),
                "{kind:?}"
            );
        }
        assert!(
            hint(ErrorKind::Late { window: 5_000_000 })
                .unwrap()
                .contains("5s")
        );
        assert_eq!(hint(ErrorKind::Input), None);
        for kind in [ErrorKind::Header { columns: vec![] }, ErrorKind::Input] {
            assert!(!hint(kind).unwrap_or_default().contains("strict"));
        }
        let missing = Error::read("a.log", std::io::Error::from(std::io::ErrorKind::NotFound));
        assert!(missing.hint().unwrap().contains("check the path"));
        assert!(!missing.hint().unwrap().contains("skip"));
    }

    #[test]
    fn read_errors_name_the_path() {
        let e = Error::read(
            "traces/a.csv",
            std::io::Error::from(std::io::ErrorKind::NotFound),
        );
        assert!(e.to_string().contains("traces/a.csv"), "{e}");
        assert_eq!(e.exit(), Exit::Usage);
        assert!(e.hint().is_some());
    }
}
