//! Apache Traffic Server (tests/fixtures/trafficserver/) in front of the python origin: its own
//! runroot (config, cache file, logs) in a temp dir, the xdebug plugin loaded.

#![allow(dead_code)]
use super::squid::render;
use super::*;
use std::fs;
use std::process::Command;

pub struct TrafficServer {
    pub proc: Proc,
    pub port: u16,
    pub dir: tempfile::TempDir,
}

impl TrafficServer {
    pub fn start(upstream: u16) -> TrafficServer {
        let bin = require_bin("traffic_server");
        let system_etc = Path::new("/etc/trafficserver");
        require_file(&system_etc.join("ip_allow.yaml"), "Traffic Server config");
        let dir = tempfile::Builder::new()
            .prefix("isrctl-e2e-ats-")
            .tempdir()
            .unwrap();
        let run = dir.path();
        let etc = run.join("etc");
        for d in ["etc", "run", "log", "cache"] {
            fs::create_dir_all(run.join(d)).unwrap();
        }
        // The package's defaults for everything not set here (ip_allow.yaml, logging.yaml ...).
        for e in fs::read_dir(system_etc).unwrap().flatten() {
            if e.path().is_file() {
                fs::copy(e.path(), etc.join(e.file_name())).unwrap();
            }
        }
        let port = free_port();
        let tpl = |name: &str| render(&format!("trafficserver/{name}"), run, port, upstream);
        fs::write(etc.join("records.config"), tpl("records.config.template")).unwrap();
        fs::write(run.join("runroot.yaml"), tpl("runroot.yaml.template")).unwrap();
        fs::write(
            etc.join("storage.config"),
            format!("{} 128M\n", run.join("cache").display()),
        )
        .unwrap();
        fs::write(
            etc.join("remap.config"),
            format!("map / http://127.0.0.1:{upstream}/\n"),
        )
        .unwrap();
        fs::write(etc.join("plugin.config"), "xdebug.so\n").unwrap();
        let mut cmd = Command::new(bin);
        cmd.arg(format!("--run-root={}", run.display()));
        let proc = Proc::spawn(
            "traffic_server",
            cmd,
            run,
            "TERM",
            vec![run.join("log/diags.log")],
        );
        let mut s = TrafficServer { proc, port, dir };
        let url = s.url("/__ready");
        s.proc.wait_ready(&url, |st, _| st == 200);
        s
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{}", self.port, path)
    }
}
