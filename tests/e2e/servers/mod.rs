//! Real servers for the end-to-end tests: `next start` (the fixture app in
//! tests/fixtures/next-app), the python origin, nginx, Varnish, Squid, Apache httpd and Apache
//! Traffic Server, each on a free 127.0.0.1 port
//! in its own temp dir, ready-checked by polling and stopped (signal + wait) on Drop.
//!
//! Declared once in tests/e2e/main.rs; test modules `use crate::servers::*`.
//!
//! A missing component (nginx, varnishd, python3, node_modules, the `.next` build) is a test
//! FAILURE with a message saying to run `bash tests/setup-e2e.sh`; nothing is skipped silently.
//!
//! Real-server tests must run one at a time: every test takes [`serial`] first.

#![allow(dead_code)]

mod caches;
mod http;
mod httpd;
mod next;
mod origin;
mod squid;
mod trafficserver;

pub use caches::*;
pub use http::*;
pub use httpd::*;
pub use next::*;
pub use origin::*;
pub use squid::Squid;
use std::fs;
use std::io::Read;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Mutex, MutexGuard, OnceLock};
use std::time::{Duration, Instant};
pub use trafficserver::*;

/// How long a server may take to become ready before the test fails.
pub const READY_TIMEOUT: Duration = Duration::from_secs(30);

const SETUP_HINT: &str = "run `bash tests/setup-e2e.sh` (tests/run.sh does it for you)";

static LOCK: Mutex<()> = Mutex::new(());

/// Take the global real-server lock (tests in one binary run in parallel threads otherwise).
/// A panicking test poisons the mutex; the next test still runs.
pub fn serial() -> MutexGuard<'static, ()> {
    LOCK.lock().unwrap_or_else(|e| e.into_inner())
}

pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn fixtures() -> PathBuf {
    repo_root().join("tests").join("fixtures")
}

pub fn next_app_dir() -> PathBuf {
    fixtures().join("next-app")
}

/// A free port on 127.0.0.1 (bound and released; the small race is acceptable for tests).
pub fn free_port() -> u16 {
    let l = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
    l.local_addr().unwrap().port()
}

/// Find an executable: on PATH, else in the usual sbin dirs (nginx/varnishd live in /usr/sbin,
/// which is not on every user's PATH). Panics with the setup hint when absent.
pub fn require_bin(name: &str) -> PathBuf {
    if let Some(path) = std::env::var_os("PATH") {
        for dir in std::env::split_paths(&path) {
            let p = dir.join(name);
            if p.is_file() {
                return p;
            }
        }
    }
    for dir in ["/usr/sbin", "/usr/local/sbin", "/sbin", "/usr/bin"] {
        let p = Path::new(dir).join(name);
        if p.is_file() {
            return p;
        }
    }
    panic!("e2e: `{name}` not found on PATH or in /usr/sbin: {SETUP_HINT}");
}

fn require_file(p: &Path, what: &str) {
    if !p.exists() {
        panic!("e2e: {what} missing ({}): {SETUP_HINT}", p.display());
    }
}

/// Read a log file for a panic message (last 4000 characters).
pub fn tail(p: &Path) -> String {
    let mut s = String::new();
    if let Ok(mut f) = fs::File::open(p) {
        let _ = f.read_to_string(&mut s);
    }
    if s.len() > 4000 {
        let mut cut = s.len() - 4000;
        while !s.is_char_boundary(cut) {
            cut += 1;
        }
        s = format!("...{}", &s[cut..]);
    }
    s
}

fn log_files(dir: &Path, name: &str) -> (fs::File, fs::File, PathBuf, PathBuf) {
    let out = dir.join(format!("{name}.stdout.log"));
    let err = dir.join(format!("{name}.stderr.log"));
    (
        fs::File::create(&out).unwrap(),
        fs::File::create(&err).unwrap(),
        out,
        err,
    )
}

/// One spawned server process with its logs; signalled and reaped on Drop.
pub struct Proc {
    pub name: String,
    pub child: Child,
    pub stdout: PathBuf,
    pub stderr: PathBuf,
    /// Signal for a graceful stop ("TERM", "QUIT").
    stop_signal: &'static str,
    /// Extra files to show when the server fails (e.g. nginx's error.log).
    pub extra_logs: Vec<PathBuf>,
}

impl Proc {
    fn spawn(
        name: &str,
        mut cmd: Command,
        dir: &Path,
        stop_signal: &'static str,
        extra_logs: Vec<PathBuf>,
    ) -> Proc {
        let (o, e, stdout, stderr) = log_files(dir, name);
        cmd.stdin(Stdio::null()).stdout(o).stderr(e);
        let child = cmd.spawn().unwrap_or_else(|err| {
            panic!("e2e: cannot spawn {name} ({cmd:?}): {err}; {SETUP_HINT}")
        });
        Proc {
            name: name.to_string(),
            child,
            stdout,
            stderr,
            stop_signal,
            extra_logs,
        }
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Everything the process (and its extra logs) said, for failure messages.
    pub fn logs(&self) -> String {
        let mut s = format!(
            "--- {} stdout ---\n{}\n--- {} stderr ---\n{}",
            self.name,
            tail(&self.stdout),
            self.name,
            tail(&self.stderr)
        );
        for p in &self.extra_logs {
            s.push_str(&format!("\n--- {} ---\n{}", p.display(), tail(p)));
        }
        s
    }

    /// Poll `url` until `ok(status, body)` or the timeout; panic with the logs otherwise.
    fn wait_ready(&mut self, url: &str, ok: impl Fn(u16, &str) -> bool) {
        let start = Instant::now();
        let mut last = String::from("no attempt");
        while start.elapsed() < READY_TIMEOUT {
            if let Ok(Some(status)) = self.child.try_wait() {
                panic!(
                    "e2e: {} exited before it was ready ({status}); {}\n{}",
                    self.name,
                    SETUP_HINT,
                    self.logs()
                );
            }
            match raw_get(url, Duration::from_secs(2)) {
                Ok((status, body)) if ok(status, &body) => return,
                Ok((status, body)) => last = format!("HTTP {status}: {}", body.trim()),
                Err(e) => last = e,
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        panic!(
            "e2e: {} not ready after {:?} (GET {url}: {last})\n{}",
            self.name,
            READY_TIMEOUT,
            self.logs()
        );
    }

    fn signal(&self, sig: &str) {
        let _ = Command::new("kill")
            .arg(format!("-{sig}"))
            .arg(self.child.id().to_string())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
    }

    /// Graceful stop, then SIGKILL after 5 s; always reaped.
    pub fn stop(&mut self) {
        if let Ok(Some(_)) = self.child.try_wait() {
            return;
        }
        self.signal(self.stop_signal);
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(5) {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Proc {
    fn drop(&mut self) {
        self.stop();
    }
}

/// A minimal blocking HTTP/1.0 GET used for readiness polling (no runtime needed).
pub fn raw_get(url: &str, timeout: Duration) -> Result<(u16, String), String> {
    use std::io::Write;
    let rest = url
        .strip_prefix("http://")
        .ok_or_else(|| format!("not an http URL: {url}"))?;
    let (hostport, path) = match rest.find('/') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, "/"),
    };
    let addr: std::net::SocketAddr = hostport
        .parse()
        .map_err(|e| format!("bad address {hostport}: {e}"))?;
    let mut s = std::net::TcpStream::connect_timeout(&addr, timeout).map_err(|e| e.to_string())?;
    s.set_read_timeout(Some(timeout)).ok();
    s.set_write_timeout(Some(timeout)).ok();
    write!(
        s,
        "GET {path} HTTP/1.0\r\nHost: {hostport}\r\nConnection: close\r\n\r\n"
    )
    .map_err(|e| e.to_string())?;
    let mut buf = Vec::new();
    s.read_to_end(&mut buf).map_err(|e| e.to_string())?;
    let text = String::from_utf8_lossy(&buf).to_string();
    let status = text
        .split_whitespace()
        .nth(1)
        .and_then(|c| c.parse::<u16>().ok())
        .ok_or_else(|| format!("not an HTTP response: {:.80}", text))?;
    let body = text
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_string())
        .unwrap_or_default();
    Ok((status, body))
}

/// Cached one-off: the fixture build exists (fails loudly otherwise). Call at the start of tests.
pub fn require_all() {
    static CHECKED: OnceLock<()> = OnceLock::new();
    CHECKED.get_or_init(|| {
        require_next_build();
        require_bin("node");
        require_bin("nginx");
        require_bin("varnishd");
        require_bin("python3");
    });
}
