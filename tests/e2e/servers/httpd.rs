//! Apache httpd mod_cache (tests/fixtures/httpd/httpd.conf.template) in front of the python origin.

#![allow(dead_code)]
use super::squid::{open_to_all, render};
use super::*;
use std::fs;
use std::process::Command;

pub struct Httpd {
    pub proc: Proc,
    pub port: u16,
    pub dir: tempfile::TempDir,
}

impl Httpd {
    pub fn start(upstream: u16) -> Httpd {
        let bin = require_bin("apache2");
        let modules = Path::new("/usr/lib/apache2/modules");
        require_file(&modules.join("mod_cache_disk.so"), "httpd mod_cache_disk");
        let dir = tempfile::Builder::new()
            .prefix("isrctl-e2e-httpd-")
            .tempdir()
            .unwrap();
        let run = dir.path();
        open_to_all(run);
        fs::create_dir_all(run.join("cache")).unwrap();
        open_to_all(&run.join("cache"));
        let port = free_port();
        let conf = run.join("httpd.conf");
        let text = render("httpd/httpd.conf.template", run, port, upstream)
            .replace("@MODULES@", modules.to_str().unwrap());
        fs::write(&conf, text).unwrap();
        let mut cmd = Command::new(bin);
        cmd.arg("-f").arg(&conf).arg("-DFOREGROUND");
        let proc = Proc::spawn("httpd", cmd, run, "TERM", vec![run.join("error.log")]);
        let mut s = Httpd { proc, port, dir };
        let url = s.url("/__ready");
        s.proc.wait_ready(&url, |st, _| st == 200);
        s
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{}", self.port, path)
    }

    /// httpd's own record of each request for `path`: the `cache-status` note of access.log.
    pub fn log_notes(&self, path: &str) -> Vec<String> {
        fs::read_to_string(self.dir.path().join("access.log"))
            .unwrap_or_default()
            .lines()
            .filter(|l| l.split_whitespace().nth(2) == Some(path))
            .filter_map(|l| l.split_once("cache=").map(|(_, n)| n.to_string()))
            .collect()
    }
}
