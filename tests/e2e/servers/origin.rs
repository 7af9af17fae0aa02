//! The python origin (tests/fixtures/origin.py) for the cache tests.

#![allow(dead_code)]
use super::*;
use std::fs;
use std::path::PathBuf;
use std::process::Command;

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
