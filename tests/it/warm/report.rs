//! What `warm` prints: NDJSON and JSON valid against the committed schema, a table that fits
//! 80 columns, `-q`, no secret anywhere, and a partial report on Ctrl-C.

use crate::support::cache::start;
use crate::support::{interrupt, isrctl};
use serde_json::Value;
use std::process::Stdio;
use std::time::Duration;

#[test]
fn warm_ndjson_and_json_match_the_committed_schema() {
    let v = crate::support::schema("warm");
    let c = start(&[], Duration::ZERO);
    let args = [
        c.url("/page/a"),
        c.url("/cold/b"),
        c.url("/plain/c"),
        c.url("/error/d"),
    ];
    let o = isrctl()
        .arg("warm")
        .args(&args)
        .args(["--tries", "2", "--interval", "0s", "--format", "ndjson"])
        .output()
        .unwrap();
    let text = String::from_utf8(o.stdout).unwrap();
    let mut types = Vec::new();
    for line in text.lines() {
        assert!(line.starts_with("{\"schema_version\":1,"), "{line}");
        let j: Value = serde_json::from_str(line).unwrap();
        let errs: Vec<String> = v.iter_errors(&j).map(|e| e.to_string()).collect();
        assert!(errs.is_empty(), "{line}\n{errs:?}");
        types.push(j["type"].as_str().unwrap().to_string());
    }
    assert_eq!(types, ["url", "url", "url", "url", "totals"], "{text}");
    let o = isrctl()
        .arg("warm")
        .args(&args)
        .args(["--tries", "2", "--interval", "0s", "--format", "json"])
        .output()
        .unwrap();
    let doc: Value = serde_json::from_slice(&o.stdout).unwrap();
    let errs: Vec<String> = v.iter_errors(&doc).map(|e| e.to_string()).collect();
    assert!(errs.is_empty(), "{errs:?}");
    assert_eq!(doc["type"], "warm");
    // The schema is a contract: a wrong result or type does not validate.
    let mut bad = doc.clone();
    bad["urls"][0]["result"] = "lukewarm".into();
    assert!(!v.is_valid(&bad));
    let mut bad = doc.clone();
    bad["type"] = "url".into();
    assert!(!v.is_valid(&bad));
}

#[test]
fn warm_table_fits_80_columns_and_quiet_prints_the_totals_only() {
    let c = start(&[], Duration::ZERO);
    let long = c.url(&format!("/page/{}", "a-very-long-slug-".repeat(6)));
    let p = c.port;
    let cmd = |extra: &[&str]| {
        let o = isrctl()
            .env("COLUMNS", "80")
            .args(["warm", &long])
            .arg(format!("http://site.test:{p}/error/x"))
            .args(["--resolve", &format!("site.test:{p}:127.0.0.1")])
            .args(["--tries", "2", "--interval", "0s"])
            .args(extra)
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(5));
        String::from_utf8(o.stdout).unwrap()
    };
    let out = cmd(&[]);
    for line in out.lines() {
        let w = line.chars().count();
        assert!(w <= 80, "{w} columns: {line}\n{out}");
    }
    for want in [
        "URL",
        "VIA",
        "RESULT",
        "HIT (nginx)",
        "HTTP 500",
        "warmed 1 of 2 URLs",
    ] {
        assert!(out.contains(want), "no {want:?} in\n{out}");
    }
    assert!(
        out.contains(&format!("127.0.0.1:{p}: 0 of 1 URL warm")),
        "{out}"
    );
    // One origin: the column holds paths, the origin is said once above.
    let o = isrctl()
        .env("COLUMNS", "80")
        .args(["warm", &long, &c.url("/page/b"), "--interval", "0s"])
        .output()
        .unwrap();
    let out = String::from_utf8(o.stdout).unwrap();
    assert!(out.starts_with(&format!("{}\n", c.base)), "{out}");
    assert!(out.contains(" PATH ") && out.contains(" /page/b "), "{out}");
    let quiet = cmd(&["-q"]);
    assert!(!quiet.contains("RESULT"), "-q prints no table:\n{quiet}");
    assert!(quiet.starts_with("warmed 1 of 2 URLs with "), "{quiet}");
    assert!(quiet.contains("1 failed:"), "{quiet}");
    assert!(
        quiet.contains(&format!("site.test:{p}/error/x @ 127.0.0.1:{p}")),
        "{quiet}"
    );
}

#[test]
fn warm_never_prints_credentials_from_headers_or_urls() {
    let c = start(&[], Duration::ZERO);
    let token = "warm-bearer-7f3a9c1e5d";
    let password = "warm-pw-55c0ffee";
    let with_pw = c
        .url("/page/pw")
        .replace("http://", &format!("http://user:{password}@"));
    let dead = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let dead_url = format!(
        "http://user:{password}@127.0.0.1:{}/x",
        dead.local_addr().unwrap().port()
    );
    drop(dead);
    for extra in [
        &[][..],
        &["-v"],
        &["-vv"],
        &["--format", "json"],
        &["--format", "ndjson"],
    ] {
        let o = isrctl()
            .args(["warm", &with_pw, &dead_url, "-H"])
            .arg(format!("Authorization: Bearer {token}"))
            .args(["--tries", "2", "--interval", "0s"])
            .args(extra)
            .output()
            .unwrap();
        let all = format!(
            "{}{}",
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        );
        assert!(all.contains("/page/pw"), "{extra:?}: {all}");
        for s in [token, password] {
            assert!(!all.contains(s), "{extra:?} printed a secret:\n{all}");
        }
        assert!(all.contains("user:***@"), "{extra:?}: {all}");
    }
}

#[test]
fn warm_ctrl_c_prints_the_report_so_far_and_exits_130() {
    let c = start(&[], Duration::from_secs(3));
    let urls: Vec<String> = (0..4).map(|i| c.url(&format!("/page/slow{i}"))).collect();
    let child = std::process::Command::new(env!("CARGO_BIN_EXE_isrctl"))
        .arg("warm")
        .args(&urls)
        .args(["--concurrency", "1", "--format", "json"])
        .env("NO_COLOR", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(800));
    let out = interrupt(child);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains("panicked"), "{err}");
    let doc: Value = serde_json::from_slice(&out.stdout).expect("a whole JSON document");
    assert_eq!(doc["totals"]["stopped"], "interrupted");
    assert_eq!(doc["totals"]["urls"], 4);
    assert_eq!(doc["totals"]["interrupted"], 4, "{doc}");
    assert!(crate::support::schema("warm").is_valid(&doc));
}
