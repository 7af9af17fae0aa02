//! Where a request's time went: DNS lookup, TCP connect, TLS handshake, waiting for the first
//! byte. reqwest shows none of this, so the client built with `ClientOptions::timing` gets three
//! hooks that write into the phase log of the request being sent (a tokio task-local, set by
//! `measured`): a DNS resolver that times lookups, a connector layer around connection setup,
//! and a rustls session store whose first use marks the start of the TLS handshake (it is asked
//! for a resumption ticket as the ClientHello is built). A request on a reused connection sets
//! up nothing, so it has no DNS, connect or TLS time: `Phases::new_connection` is false.

use reqwest::dns::{Addrs, Name, Resolve, Resolving};
use rustls::client::ClientSessionStore;
use std::future::Future;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

/// What happened while one request (or a chain of redirects) was being sent.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Phases {
    /// Time spent in DNS lookups.
    pub dns: Duration,
    /// Time from the end of the lookup to the TCP connection (the TLS start, for https).
    pub connect: Duration,
    /// TLS handshake time (https only).
    pub tls: Option<Duration>,
    /// A new connection was set up (else a pooled one was reused and the three above are 0).
    pub new_connection: bool,
}

#[derive(Debug, Default)]
struct Log {
    dns: Duration,
    connect_started: Option<Instant>,
    tls_started: Option<Instant>,
    done: Phases,
}

tokio::task_local! {
    static LOG: Arc<Mutex<Log>>;
}

fn with_log(f: impl FnOnce(&mut Log)) {
    let _ = LOG.try_with(|l| {
        if let Ok(mut l) = l.lock() {
            f(&mut l);
        }
    });
}

/// Run `fut` (one request) and give the phases its connection setup took.
pub async fn measured<F: Future>(fut: F) -> (F::Output, Phases) {
    let log = Arc::new(Mutex::new(Log::default()));
    let out = LOG.scope(log.clone(), fut).await;
    let phases = log.lock().map(|l| l.done).unwrap_or_default();
    (out, phases)
}

/// DNS through the system resolver (as reqwest's default does), timed.
#[derive(Debug, Default, Clone)]
pub struct TimedResolver;

impl Resolve for TimedResolver {
    fn resolve(&self, name: Name) -> Resolving {
        let host = name.as_str().to_string();
        Box::pin(async move {
            let started = Instant::now();
            let r = tokio::net::lookup_host((host.as_str(), 0)).await;
            let took = started.elapsed();
            with_log(|l| l.dns += took);
            let addrs: Vec<SocketAddr> = r?.collect();
            Ok(Box::new(addrs.into_iter()) as Addrs)
        })
    }
}

/// The connector layer: marks when connection setup starts and ends.
#[derive(Debug, Clone, Copy, Default)]
pub struct TimedConnectLayer;

impl<S> tower_layer::Layer<S> for TimedConnectLayer {
    type Service = TimedConnect<S>;
    fn layer(&self, inner: S) -> TimedConnect<S> {
        TimedConnect { inner }
    }
}

#[derive(Debug, Clone)]
pub struct TimedConnect<S> {
    inner: S,
}

impl<S, R> tower_service::Service<R> for TimedConnect<S>
where
    S: tower_service::Service<R>,
    S::Future: Send + 'static,
{
    type Response = S::Response;
    type Error = S::Error;
    type Future = Pin<Box<dyn Future<Output = Result<S::Response, S::Error>> + Send>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), S::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, req: R) -> Self::Future {
        let fut = self.inner.call(req);
        Box::pin(async move {
            let started = Instant::now();
            with_log(|l| {
                l.connect_started = Some(started);
                l.tls_started = None;
                l.dns = Duration::ZERO;
            });
            let r = fut.await;
            let end = Instant::now();
            with_log(|l| {
                let tcp_end = l.tls_started.unwrap_or(end);
                let setup = tcp_end.saturating_duration_since(started);
                l.done.dns += l.dns;
                l.done.connect += setup.saturating_sub(l.dns);
                if let Some(t) = l.tls_started {
                    *l.done.tls.get_or_insert(Duration::ZERO) += end.saturating_duration_since(t);
                }
                l.done.new_connection = true;
            });
            r
        })
    }
}

/// A rustls session store that remembers like rustls's own and notes the TLS start.
#[derive(Debug)]
pub struct TlsStartStore {
    inner: rustls::client::ClientSessionMemoryCache,
}

impl Default for TlsStartStore {
    fn default() -> Self {
        TlsStartStore {
            inner: rustls::client::ClientSessionMemoryCache::new(256),
        }
    }
}

fn tls_starts() {
    let now = Instant::now();
    with_log(|l| {
        if l.connect_started.is_some() && l.tls_started.is_none() {
            l.tls_started = Some(now);
        }
    });
}

type Sn<'a> = rustls::pki_types::ServerName<'a>;

impl ClientSessionStore for TlsStartStore {
    fn set_kx_hint(&self, server_name: Sn<'static>, group: rustls::NamedGroup) {
        self.inner.set_kx_hint(server_name, group);
    }
    fn kx_hint(&self, server_name: &Sn<'_>) -> Option<rustls::NamedGroup> {
        tls_starts();
        self.inner.kx_hint(server_name)
    }
    fn set_tls12_session(
        &self,
        server_name: Sn<'static>,
        value: rustls::client::Tls12ClientSessionValue,
    ) {
        self.inner.set_tls12_session(server_name, value);
    }
    fn tls12_session(
        &self,
        server_name: &Sn<'_>,
    ) -> Option<rustls::client::Tls12ClientSessionValue> {
        tls_starts();
        self.inner.tls12_session(server_name)
    }
    fn remove_tls12_session(&self, server_name: &Sn<'static>) {
        self.inner.remove_tls12_session(server_name);
    }
    fn insert_tls13_ticket(
        &self,
        server_name: Sn<'static>,
        value: rustls::client::Tls13ClientSessionValue,
    ) {
        self.inner.insert_tls13_ticket(server_name, value);
    }
    fn take_tls13_ticket(
        &self,
        server_name: &Sn<'static>,
    ) -> Option<rustls::client::Tls13ClientSessionValue> {
        tls_starts();
        self.inner.take_tls13_ticket(server_name)
    }
}
