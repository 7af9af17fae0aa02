//! Squid (tests/fixtures/squid/squid.conf.template) in front of the python origin.

#![allow(dead_code)]
use super::*;
use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::process::Command;

pub struct Squid {
    pub proc: Proc,
    pub port: u16,
    pub dir: tempfile::TempDir,
}

/// Let a server that drops root privileges (squid -> proxy, httpd -> nobody) write its logs.
pub(super) fn open_to_all(p: &Path) {
    fs::set_permissions(p, fs::Permissions::from_mode(0o777)).unwrap();
}

/// Fill a fixture template's `@RUN_DIR@`, `@LISTEN_PORT@`, `@UPSTREAM_PORT@`.
pub(super) fn render(template: &str, run: &Path, port: u16, upstream: u16) -> String {
    fs::read_to_string(fixtures().join(template))
        .unwrap()
        .replace("@RUN_DIR@", run.to_str().unwrap())
        .replace("@LISTEN_PORT@", &port.to_string())
        .replace("@UPSTREAM_PORT@", &upstream.to_string())
}

impl Squid {
    pub fn start(upstream: u16) -> Squid {
        let bin = require_bin("squid");
        let dir = tempfile::Builder::new()
            .prefix("isrctl-e2e-squid-")
            .tempdir()
            .unwrap();
        let run = dir.path();
        open_to_all(run);
        let port = free_port();
        let conf = run.join("squid.conf");
        fs::write(
            &conf,
            render("squid/squid.conf.template", run, port, upstream),
        )
        .unwrap();
        let mut cmd = Command::new(bin);
        cmd.arg("-N").arg("-f").arg(&conf);
        let proc = Proc::spawn("squid", cmd, run, "TERM", vec![run.join("cache.log")]);
        let mut s = Squid { proc, port, dir };
        let url = s.url("/__ready");
        s.proc.wait_ready(&url, |st, _| st == 200);
        s
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{}", self.port, path)
    }

    /// Squid's own record of each request: the `TCP_*` result code of access.log lines for `path`.
    pub fn log_codes(&self, path: &str) -> Vec<String> {
        fs::read_to_string(self.dir.path().join("access.log"))
            .unwrap_or_default()
            .lines()
            .filter(|l| {
                l.split_whitespace()
                    .nth(6)
                    .is_some_and(|u| u.ends_with(path))
            })
            .filter_map(|l| l.split_whitespace().nth(3).map(str::to_string))
            .collect()
    }
}
