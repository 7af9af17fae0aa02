//! Real servers for the end-to-end tests: `next start` (the fixture app in
//! tests/fixtures/next-app), the python origin, nginx and Varnish, each on a free 127.0.0.1 port
//! in its own temp dir, ready-checked by polling and stopped (signal + wait) on Drop.
//!
//! Declared once in tests/e2e/main.rs; test modules `use crate::servers::*`.
//!
//! A missing component (nginx, varnishd, python3, node_modules, the `.next` build) is a test
//! FAILURE with a message saying to run `bash tests/setup-e2e.sh`; nothing is skipped silently.
//!
//! Real-server tests must run one at a time: every test takes [`serial`] first.

#![allow(dead_code)]
use std::fs;
use std::io::Read;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Mutex, MutexGuard, OnceLock};
use std::time::{Duration, Instant, SystemTime};

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

// ---------------------------------------------------------------------------------------------
// Next.js

pub const REVALIDATE_SECRET: &str = "e2e-s3cret";

/// `next start` on a private copy of the fixture project (a copy of `.next`, so runtime ISR
/// entries and invalidations never leak between tests; `node_modules` is symlinked).
pub struct NextServer {
    pub proc: Proc,
    pub port: u16,
    pub dir: tempfile::TempDir,
    pub app: PathBuf,
    pub data_dir: PathBuf,
    pub state_dir: PathBuf,
    pub secret: String,
    /// How many times the server was restarted (log files are per generation).
    pub generation: u32,
}

fn spawn_next(
    app: &Path,
    data_dir: &Path,
    state_dir: &Path,
    port: u16,
    logs: &Path,
    generation: u32,
) -> Proc {
    // The `next` binary itself (`#!/usr/bin/env node`): the spawned PID is the server.
    let mut cmd = Command::new(next_app_dir().join("node_modules/.bin/next"));
    cmd.args(["start", "-p", &port.to_string(), "-H", "127.0.0.1"])
        .current_dir(app)
        .env("FIXTURE_DATA_DIR", data_dir)
        .env("FIXTURE_STATE_DIR", state_dir)
        .env("REVALIDATE_SECRET", REVALIDATE_SECRET)
        .env("NEXT_TELEMETRY_DISABLED", "1")
        .env_remove("NODE_OPTIONS")
        .env_remove("__NEXT_PRIVATE_PREBUNDLED_REACT");
    Proc::spawn(
        &format!("next-start-{generation}"),
        cmd,
        logs,
        "TERM",
        vec![],
    )
}

/// Fail loudly unless `npm ci` and `next build` have been done.
pub fn require_next_build() -> PathBuf {
    let app = next_app_dir();
    require_file(
        &app.join("node_modules/.bin/next"),
        "tests/fixtures/next-app/node_modules (npm ci)",
    );
    require_file(
        &app.join(".next/BUILD_ID"),
        "tests/fixtures/next-app/.next (next build)",
    );
    require_file(
        &app.join(".next/prerender-manifest.json"),
        "tests/fixtures/next-app/.next/prerender-manifest.json (next build)",
    );
    app
}

/// When the fixture build finished (mtime of .next/BUILD_ID).
pub fn next_build_time() -> SystemTime {
    fs::metadata(require_next_build().join(".next/BUILD_ID"))
        .and_then(|m| m.modified())
        .expect("mtime of .next/BUILD_ID")
}

impl NextServer {
    pub fn start() -> NextServer {
        let src = require_next_build();
        require_bin("node");
        let dir = tempfile::Builder::new()
            .prefix("isrctl-e2e-next-")
            .tempdir()
            .unwrap();
        let app = dir.path().join("app");
        let data_dir = dir.path().join("data");
        let state_dir = dir.path().join("state");
        for d in [&app, &data_dir, &state_dir] {
            fs::create_dir_all(d).unwrap();
        }
        std::os::unix::fs::symlink(src.join("node_modules"), app.join("node_modules")).unwrap();
        for f in ["package.json", "next.config.js"] {
            fs::copy(src.join(f), app.join(f)).unwrap();
        }
        // cp -a keeps the build's mtimes: prerendered entries stay as old as the build.
        let st = Command::new("cp")
            .arg("-a")
            .arg(src.join(".next"))
            .arg(app.join(".next"))
            .status()
            .expect("run cp -a");
        assert!(st.success(), "e2e: cp -a .next failed");

        let port = free_port();
        let proc = spawn_next(&app, &data_dir, &state_dir, port, dir.path(), 0);
        let mut s = NextServer {
            proc,
            port,
            dir,
            app,
            data_dir,
            state_dir,
            secret: REVALIDATE_SECRET.to_string(),
            generation: 0,
        };
        let url = s.url("/");
        s.proc.wait_ready(&url, |st, _| st == 200);
        s
    }

    /// Stop the server (SIGTERM, reaped) and start it again on the same project copy and port:
    /// entries on disk survive, in-memory state (pending invalidations) does not.
    pub fn restart(&mut self) {
        self.proc.stop();
        self.generation += 1;
        self.proc = spawn_next(
            &self.app,
            &self.data_dir,
            &self.state_dir,
            self.port,
            self.dir.path(),
            self.generation,
        );
        let url = self.url("/");
        self.proc.wait_ready(&url, |st, _| st == 200);
    }

    pub fn base(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base(), path)
    }

    /// Write `FIXTURE_DATA_DIR/<name>.txt` (`isr`, `post-7`, `posts`, `flaky`, `dynamic`).
    pub fn set_content(&self, name: &str, value: &str) {
        fs::write(self.data_dir.join(format!("{name}.txt")), value).unwrap();
    }

    /// Make `/flaky` renders throw (true) or succeed (false).
    pub fn set_fail(&self, fail: bool) {
        let p = self.state_dir.join("fail");
        if fail {
            fs::write(p, "").unwrap();
        } else {
            let _ = fs::remove_file(p);
        }
    }

    /// Renders of `route` logged so far (FIXTURE_STATE_DIR/renders.log).
    pub fn renders(&self, route: &str) -> usize {
        fs::read_to_string(self.state_dir.join("renders.log"))
            .unwrap_or_default()
            .lines()
            .filter(|l| l.split(' ').nth(1) == Some(route))
            .count()
    }

    /// The preview-mode id of this build (the self-hosted `x-prerender-revalidate` token).
    pub fn preview_mode_id(&self) -> String {
        let text = fs::read_to_string(self.app.join(".next/prerender-manifest.json")).unwrap();
        let v: serde_json::Value = serde_json::from_str(&text).unwrap();
        v["preview"]["previewModeId"]
            .as_str()
            .expect("preview.previewModeId in prerender-manifest.json")
            .to_string()
    }
}

// ---------------------------------------------------------------------------------------------
// python origin

pub struct Origin {
    pub proc: Proc,
    pub port: u16,
    pub dir: tempfile::TempDir,
    pub data_dir: PathBuf,
}

impl Origin {
    pub fn start() -> Origin {
        let py = require_bin("python3");
        let dir = tempfile::Builder::new()
            .prefix("isrctl-e2e-origin-")
            .tempdir()
            .unwrap();
        let data_dir = dir.path().join("origin");
        fs::create_dir_all(&data_dir).unwrap();
        let port = free_port();
        let mut cmd = Command::new(py);
        cmd.arg("-u")
            .arg(fixtures().join("origin/origin.py"))
            .arg(port.to_string())
            .arg(&data_dir);
        let proc = Proc::spawn("origin", cmd, dir.path(), "TERM", vec![]);
        let mut o = Origin {
            proc,
            port,
            dir,
            data_dir,
        };
        let url = o.url("/__ready");
        o.proc.wait_ready(&url, |st, _| st == 200);
        o
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{}", self.port, path)
    }

    pub fn set_version(&self, v: u32) {
        fs::write(self.data_dir.join("version"), v.to_string()).unwrap();
    }

    pub fn set_cache_control(&self, cc: Option<&str>) {
        let p = self.data_dir.join("cache-control");
        match cc {
            Some(v) => fs::write(p, v).unwrap(),
            None => {
                let _ = fs::remove_file(p);
            }
        }
    }

    pub fn set_fail(&self, fail: bool) {
        let p = self.data_dir.join("fail");
        if fail {
            fs::write(p, "").unwrap();
        } else {
            let _ = fs::remove_file(p);
        }
    }

    /// Requests the origin served for `path` (all paths when None), from hits.log.
    pub fn hits(&self, path: Option<&str>) -> usize {
        fs::read_to_string(self.data_dir.join("hits.log"))
            .unwrap_or_default()
            .lines()
            .filter(|l| path.is_none_or(|p| l.split(' ').nth(2) == Some(p)))
            .count()
    }
}

// ---------------------------------------------------------------------------------------------
// nginx

pub struct Nginx {
    pub proc: Proc,
    pub port: u16,
    pub upstream: u16,
    pub dir: tempfile::TempDir,
}

impl Nginx {
    /// nginx `proxy_cache` (tests/fixtures/nginx/nginx.conf.template) in front of 127.0.0.1:`upstream`.
    pub fn start(upstream: u16) -> Nginx {
        let bin = require_bin("nginx");
        let dir = tempfile::Builder::new()
            .prefix("isrctl-e2e-nginx-")
            .tempdir()
            .unwrap();
        let run = dir.path();
        fs::create_dir_all(run.join("cache")).unwrap();
        fs::create_dir_all(run.join("tmp")).unwrap();
        let port = free_port();
        let conf = fs::read_to_string(fixtures().join("nginx/nginx.conf.template"))
            .unwrap()
            .replace("@RUN_DIR@", run.to_str().unwrap())
            .replace("@LISTEN_PORT@", &port.to_string())
            .replace("@UPSTREAM_PORT@", &upstream.to_string());
        let conf_path = run.join("nginx.conf");
        fs::write(&conf_path, conf).unwrap();
        let mut cmd = Command::new(bin);
        cmd.arg("-p")
            .arg(format!("{}/", run.display()))
            .arg("-c")
            .arg(&conf_path);
        let proc = Proc::spawn("nginx", cmd, run, "QUIT", vec![run.join("error.log")]);
        let mut n = Nginx {
            proc,
            port,
            upstream,
            dir,
        };
        let url = n.url("/__nginx_ready");
        n.proc.wait_ready(&url, |st, _| st == 200);
        n
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{}", self.port, path)
    }

    /// nginx has no purge here: empty its cache directory.
    pub fn clear_cache(&self) {
        let cache = self.dir.path().join("cache");
        let _ = fs::remove_dir_all(&cache);
        fs::create_dir_all(&cache).unwrap();
    }
}

// ---------------------------------------------------------------------------------------------
// Varnish

pub const PURGE_TOKEN: &str = "e2e-purge-token";

pub struct Varnish {
    pub proc: Proc,
    pub port: u16,
    pub upstream: u16,
    pub dir: tempfile::TempDir,
    pub token: String,
}

impl Varnish {
    /// varnishd (tests/fixtures/varnish/default.vcl.template) in front of 127.0.0.1:`upstream`.
    pub fn start(upstream: u16) -> Varnish {
        let bin = require_bin("varnishd");
        let dir = tempfile::Builder::new()
            .prefix("isrctl-e2e-varnish-")
            .tempdir()
            .unwrap();
        let run = dir.path();
        let port = free_port();
        let vcl = fs::read_to_string(fixtures().join("varnish/default.vcl.template"))
            .unwrap()
            .replace("@UPSTREAM_PORT@", &upstream.to_string())
            .replace("@PURGE_TOKEN@", PURGE_TOKEN);
        let vcl_path = run.join("default.vcl");
        fs::write(&vcl_path, vcl).unwrap();
        let mut cmd = Command::new(bin);
        cmd.args(["-j", "none", "-F", "-n"])
            .arg(run.join("varnish"))
            .arg("-a")
            .arg(format!("127.0.0.1:{port}"))
            .args(["-T", "127.0.0.1:0", "-f"])
            .arg(&vcl_path)
            .args(["-s", "malloc,32m", "-P"])
            .arg(run.join("varnishd.pid"));
        let proc = Proc::spawn("varnishd", cmd, run, "TERM", vec![]);
        let mut v = Varnish {
            proc,
            port,
            upstream,
            dir,
            token: PURGE_TOKEN.to_string(),
        };
        let url = v.url("/__varnish_ready");
        v.proc.wait_ready(&url, |st, _| st == 200);
        v
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{}", self.port, path)
    }
}

// ---------------------------------------------------------------------------------------------
// HTTP from the test code (blocking wrapper around reqwest on a private runtime)

/// One response, with when it was sent relative to the client's t0.
#[derive(Debug, Clone)]
pub struct Resp {
    pub status: u16,
    pub headers: reqwest::header::HeaderMap,
    pub body: String,
    /// Send time, seconds since the client's t0.
    pub t: f64,
    /// Latency in seconds (send to end of body).
    pub latency: f64,
}

impl Resp {
    pub fn header(&self, name: &str) -> Option<String> {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(|s| s.to_string())
    }

    /// `x-nextjs-cache` for a 200 (HIT/STALE/MISS/REVALIDATED), `DYNAMIC` for a 200 without it,
    /// else the status code ("500", "404"): the vocabulary of `isrctl simulate`'s `served`.
    pub fn next_state(&self) -> String {
        match (self.status, self.header("x-nextjs-cache")) {
            (200, Some(s)) => s.to_ascii_uppercase(),
            (200, None) => "DYNAMIC".to_string(),
            (st, _) => st.to_string(),
        }
    }

    /// The fixture's stamp line: `ROUTE=.. CONTENT=.. RENDERED_AT=.. COUNT=.. PHASE=..`.
    pub fn stamp(&self) -> Option<String> {
        let i = self.body.find("ROUTE=")?;
        let rest = &self.body[i..];
        let end = rest.find(['<', '"', '\\']).unwrap_or(rest.len());
        Some(rest[..end].to_string())
    }

    /// One field of the stamp (`CONTENT`, `RENDERED_AT`, `COUNT`, `PHASE`).
    pub fn stamp_field(&self, key: &str) -> Option<String> {
        let stamp = self.stamp()?;
        stamp
            .split(' ')
            .find_map(|kv| kv.strip_prefix(&format!("{key}=")).map(|v| v.to_string()))
    }
}

pub struct Http {
    rt: tokio::runtime::Runtime,
    client: reqwest::Client,
    pub t0: Instant,
}

impl Default for Http {
    fn default() -> Self {
        Self::new()
    }
}

impl Http {
    pub fn new() -> Http {
        let _ = rustls::crypto::ring::default_provider().install_default();
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .timeout(Duration::from_secs(20))
            // A fresh connection per request: no keep-alive races with the servers' timeouts.
            .pool_max_idle_per_host(0)
            .build()
            .unwrap();
        Http {
            rt,
            client,
            t0: Instant::now(),
        }
    }

    /// Restart the clock: offsets are measured from now.
    pub fn reset_t0(&mut self) {
        self.t0 = Instant::now();
    }

    pub fn now(&self) -> f64 {
        self.t0.elapsed().as_secs_f64()
    }

    /// Sleep until `t` seconds after t0 (no-op when already past).
    pub fn sleep_until(&self, t: f64) {
        let now = self.now();
        if t > now {
            std::thread::sleep(Duration::from_secs_f64(t - now));
        }
    }

    pub fn send(&self, req: reqwest::RequestBuilder) -> Resp {
        let sent = self.t0.elapsed().as_secs_f64();
        let start = Instant::now();
        let (status, headers, body) = self.rt.block_on(async {
            let r = req
                .send()
                .await
                .unwrap_or_else(|e| panic!("e2e: request failed: {e}"));
            let status = r.status().as_u16();
            let headers = r.headers().clone();
            let body = r.text().await.unwrap_or_default();
            (status, headers, body)
        });
        Resp {
            status,
            headers,
            body,
            t: sent,
            latency: start.elapsed().as_secs_f64(),
        }
    }

    /// GET every URL at once (concurrently on one thread: all are sent within a few ms).
    pub fn get_concurrent(&self, urls: &[String]) -> Vec<Resp> {
        let t0 = self.t0;
        let futs = urls.iter().map(|u| {
            let req = self.client.get(u);
            async move {
                let sent = t0.elapsed().as_secs_f64();
                let start = Instant::now();
                let r = req
                    .send()
                    .await
                    .unwrap_or_else(|e| panic!("e2e: request failed: {e}"));
                let status = r.status().as_u16();
                let headers = r.headers().clone();
                let body = r.text().await.unwrap_or_default();
                Resp {
                    status,
                    headers,
                    body,
                    t: sent,
                    latency: start.elapsed().as_secs_f64(),
                }
            }
        });
        self.rt.block_on(futures_util::future::join_all(futs))
    }

    pub fn get(&self, url: &str) -> Resp {
        self.send(self.client.get(url))
    }

    pub fn request(&self, method: &str, url: &str) -> reqwest::RequestBuilder {
        self.client
            .request(reqwest::Method::from_bytes(method.as_bytes()).unwrap(), url)
    }

    pub fn post_json(&self, url: &str, body: &serde_json::Value) -> Resp {
        self.send(
            self.client
                .post(url)
                .header("content-type", "application/json")
                .body(body.to_string()),
        )
    }

    /// GET a Next.js page until it is a fresh HIT: a prerendered entry older than the page's
    /// revalidate (a build more than an hour old, for `/tagged`) is STALE at first and
    /// regenerates in the background, which would change the content mid-test.
    pub fn warm_until_hit(&self, url: &str) -> Resp {
        self.poll_until(
            url,
            Duration::from_millis(100),
            Duration::from_secs(30),
            |r| r.next_state() == "HIT",
        )
    }

    /// GET `url` every `every` until `pred` holds; panic after `timeout` with the responses seen.
    pub fn poll_until(
        &self,
        url: &str,
        every: Duration,
        timeout: Duration,
        pred: impl Fn(&Resp) -> bool,
    ) -> Resp {
        let start = Instant::now();
        let mut seen = Vec::new();
        loop {
            let r = self.get(url);
            if pred(&r) {
                return r;
            }
            seen.push(format!(
                "{:.2}s {} {:?} {:?}",
                r.t,
                r.status,
                r.header("x-nextjs-cache")
                    .or(r.header("x-cache-status"))
                    .or(r.header("x-cache")),
                r.stamp()
            ));
            if start.elapsed() > timeout {
                panic!(
                    "e2e: GET {url}: condition not met within {timeout:?}; saw:\n{}",
                    seen.join("\n")
                );
            }
            std::thread::sleep(every);
        }
    }
}

/// Revalidation call through the fixture's `/api/revalidate` (POST JSON, secret in the body).
pub fn next_revalidate(http: &Http, next: &NextServer, body: serde_json::Value) -> Resp {
    let mut body = body;
    body["secret"] = serde_json::Value::String(next.secret.clone());
    let r = http.post_json(&next.url("/api/revalidate"), &body);
    assert_eq!(
        r.status, 200,
        "e2e: /api/revalidate {body} answered {} {}",
        r.status, r.body
    );
    r
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
