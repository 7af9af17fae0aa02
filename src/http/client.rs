//! The one reqwest client configuration: rustls (ring), timeouts, no redirects, our user agent.

use crate::exit::Exit;
use std::time::Duration;

/// The HTTP machinery could not be set up (internal errors).
#[derive(Debug, thiserror::Error)]
pub enum ClientError {
    #[error("cannot build the HTTP client: {0}")]
    Build(#[source] reqwest::Error),
    #[error("cannot start the async runtime: {0}")]
    Runtime(#[source] std::io::Error),
    #[error("cannot set up TLS: {0}")]
    Tls(#[source] rustls::Error),
}

/// A current-thread runtime for the network part of a command (probe, revalidate, purge).
pub fn runtime() -> Result<tokio::runtime::Runtime, ClientError> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(ClientError::Runtime)
}

/// What to build a client with.
#[derive(Debug, Clone)]
pub struct ClientOptions {
    /// Per-request timeout (connect + response).
    pub timeout: Duration,
    /// Accept invalid TLS certificates (`-k/--insecure`).
    pub insecure: bool,
    /// `--resolve HOST:PORT:ADDR` overrides.
    pub resolve: Vec<(String, std::net::SocketAddr)>,
    /// Measure DNS, connect and TLS time per request (`http::timing`; probe).
    pub timing: bool,
}

impl Default for ClientOptions {
    fn default() -> Self {
        ClientOptions {
            timeout: Duration::from_secs(10),
            insecure: false,
            resolve: Vec::new(),
            timing: false,
        }
    }
}

pub const USER_AGENT: &str = concat!("isrctl/", env!("CARGO_PKG_VERSION"));

/// Build the client. Redirects are never followed: a 3xx and its headers are the answer.
pub fn build(opts: &ClientOptions) -> Result<reqwest::Client, ClientError> {
    // A process-wide crypto provider; installing twice is harmless (the second call fails).
    let _ = rustls::crypto::ring::default_provider().install_default();
    let mut b = reqwest::Client::builder()
        .user_agent(USER_AGENT)
        .redirect(reqwest::redirect::Policy::none())
        .timeout(opts.timeout)
        .connect_timeout(opts.timeout)
        .danger_accept_invalid_certs(opts.insecure);
    for (host, addr) in &opts.resolve {
        b = b.resolve(host, *addr);
    }
    if opts.timing {
        b = b
            .dns_resolver(crate::http::timing::TimedResolver)
            .connector_layer(crate::http::timing::TimedConnectLayer)
            .tls_backend_preconfigured(
                crate::http::tls::config(opts.insecure).map_err(ClientError::Tls)?,
            );
    }
    b.build().map_err(ClientError::Build)
}

/// Classify a reqwest error into an exit code and a short reason (never including URLs' secrets:
/// callers pass URLs without credentials).
pub fn describe(e: &reqwest::Error) -> (Exit, String) {
    use std::error::Error as _;
    let mut reason = String::new();
    let mut src = e.source();
    while let Some(s) = src {
        reason = s.to_string();
        src = s.source();
    }
    let what = if e.is_timeout() {
        "timed out".to_string()
    } else if e.is_connect() {
        format!("connection failed ({reason})")
    } else if e.is_body() || e.is_decode() {
        format!("bad response body ({reason})")
    } else if e.is_request() {
        format!("request failed ({reason})")
    } else {
        if reason.is_empty() {
            "request failed".to_string()
        } else {
            reason
        }
    };
    (Exit::Network, what)
}
