//! `next start` on a private copy of the fixture app, and its revalidation route.

#![allow(dead_code)]
use super::*;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::SystemTime;

pub const REVALIDATE_SECRET: &str = "e2e-s3cret";

/// `next start` on a private copy of the fixture project (a copy of `.next`, so runtime ISR
/// entries and invalidations never leak between tests; `node_modules` is symlinked).
pub struct NextServer {
    pub proc: Proc,
    /// The loopback address it listens on (127.0.0.1, or another for a second pod).
    pub host: String,
    pub port: u16,
    pub dir: tempfile::TempDir,
    pub app: PathBuf,
    pub data_dir: PathBuf,
    pub state_dir: PathBuf,
    pub secret: String,
    /// How many times the server was restarted (log files are per generation).
    pub generation: u32,
    /// The build's `expireTime` in seconds when it is the second build (`.next-expire`).
    pub expire: Option<u32>,
}

/// The fixture's second build: `FIXTURE_EXPIRE_TIME=8 next build` (distDir `.next-expire`).
pub const EXPIRE_BUILD_SECS: u32 = 8;

#[allow(clippy::too_many_arguments)]
fn spawn_next(
    app: &Path,
    data_dir: &Path,
    state_dir: &Path,
    host: &str,
    port: u16,
    logs: &Path,
    generation: u32,
    expire: Option<u32>,
) -> Proc {
    // The `next` binary itself (`#!/usr/bin/env node`): the spawned PID is the server.
    let mut cmd = Command::new(next_app_dir().join("node_modules/.bin/next"));
    cmd.args(["start", "-p", &port.to_string(), "-H", host])
        .current_dir(app)
        .env("FIXTURE_DATA_DIR", data_dir)
        .env("FIXTURE_STATE_DIR", state_dir)
        .env("REVALIDATE_SECRET", REVALIDATE_SECRET)
        .env("NEXT_TELEMETRY_DISABLED", "1")
        .env_remove("NODE_OPTIONS")
        .env_remove("__NEXT_PRIVATE_PREBUNDLED_REACT");
    // next.config.js reads it: the expireTime and the distDir of the second build.
    match expire {
        Some(e) => cmd.env("FIXTURE_EXPIRE_TIME", e.to_string()),
        None => cmd.env_remove("FIXTURE_EXPIRE_TIME"),
    };
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
        Self::start_build(None, "127.0.0.1", free_port())
    }

    /// One pod of a multi-instance deployment: its own copy of the build (and so its own ISR
    /// cache), listening on `host:port` (pods share a port on different loopback addresses).
    pub fn start_pod(host: &str, port: u16) -> NextServer {
        Self::start_build(None, host, port)
    }

    /// `next start` on the second build (expireTime = `EXPIRE_BUILD_SECS`).
    pub fn start_expire_build() -> NextServer {
        Self::start_build(Some(EXPIRE_BUILD_SECS), "127.0.0.1", free_port())
    }

    fn dist(expire: Option<u32>) -> &'static str {
        if expire.is_some() {
            ".next-expire"
        } else {
            ".next"
        }
    }

    fn start_build(expire: Option<u32>, host: &str, port: u16) -> NextServer {
        let src = require_next_build();
        let dist = Self::dist(expire);
        require_file(
            &src.join(dist).join("BUILD_ID"),
            "tests/fixtures/next-app/.next-expire (FIXTURE_EXPIRE_TIME=8 next build)",
        );
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
            .arg(src.join(dist))
            .arg(app.join(dist))
            .status()
            .expect("run cp -a");
        assert!(st.success(), "e2e: cp -a .next failed");

        let proc = spawn_next(
            &app,
            &data_dir,
            &state_dir,
            host,
            port,
            dir.path(),
            0,
            expire,
        );
        let mut s = NextServer {
            proc,
            host: host.to_string(),
            port,
            dir,
            app,
            data_dir,
            state_dir,
            secret: REVALIDATE_SECRET.to_string(),
            generation: 0,
            expire,
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
            &self.host,
            self.port,
            self.dir.path(),
            self.generation,
            self.expire,
        );
        let url = self.url("/");
        self.proc.wait_ready(&url, |st, _| st == 200);
    }

    /// Seconds since this server's build finished (its `BUILD_ID` keeps the build's mtime).
    pub fn build_age_secs(&self) -> u64 {
        fs::metadata(self.app.join(Self::dist(self.expire)).join("BUILD_ID"))
            .and_then(|m| m.modified())
            .ok()
            .and_then(|m| SystemTime::now().duration_since(m).ok())
            .map_or(0, |d| d.as_secs())
    }

    pub fn base(&self) -> String {
        format!("http://{}:{}", self.host, self.port)
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
