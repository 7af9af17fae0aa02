//! nginx and Varnish in front of the python origin, each from a config written per test.

#![allow(dead_code)]
use super::*;
use std::fs;
use std::process::Command;

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
