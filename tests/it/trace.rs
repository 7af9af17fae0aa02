//! Trace replay through the binary: the engine against an independent straightforward model,
//! compressed and streamed input, access logs, and malformed lines reported with file:line.

use crate::support::{interrupt, simulate_json as run_json};
use assert_cmd::cargo::cargo_bin_cmd;
use predicates::prelude::*;
use serde_json::Value;
use std::collections::HashMap;
use std::io::Write;

/// A deterministic skewed trace: (integer second, path).
fn trace(n: usize, keys: u64, rate: usize, seed: u64) -> Vec<(u64, String)> {
    let mut x = seed;
    (0..n)
        .map(|i| {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let u = (x >> 11) as f64 / (1u64 << 53) as f64;
            let key = ((keys as f64) * u * u * u) as u64;
            ((i / rate) as u64, format!("/blog/post-{key}"))
        })
        .collect()
}

fn write_csv(rows: &[(u64, String)]) -> tempfile::NamedTempFile {
    let mut f = tempfile::Builder::new().suffix(".csv").tempfile().unwrap();
    writeln!(f, "time,obj_id,obj_size").unwrap();
    for (t, p) in rows {
        writeln!(f, "{t},{p},1024").unwrap();
    }
    f.flush().unwrap();
    f
}

/// The straightforward model of the reference counts (shared/bench/README.md): fresh while
/// t < generated + revalidate; a stale request starts one regeneration that completes after the
/// render time; requests for an absent path wait for one render.
fn reference(rows: &[(u64, String)], revalidate: f64, render: f64) -> (u64, u64, u64, u64) {
    #[derive(Default)]
    struct E {
        generated: Option<f64>,
        pending: Option<f64>,
    }
    let mut m: HashMap<&str, E> = HashMap::new();
    let (mut hit, mut stale, mut miss, mut regen) = (0, 0, 0, 0);
    for (t, p) in rows {
        let t = *t as f64;
        let e = m.entry(p.as_str()).or_default();
        if let Some(d) = e.pending
            && d <= t
        {
            e.generated = Some(d);
            e.pending = None;
        }
        match e.generated {
            None => {
                miss += 1;
                if e.pending.is_none() {
                    e.pending = Some(t + render);
                    if render == 0.0 {
                        e.generated = Some(t);
                        e.pending = None;
                    }
                }
            }
            Some(g) if t < g + revalidate => hit += 1,
            Some(_) => {
                stale += 1;
                if e.pending.is_none() {
                    regen += 1;
                    e.pending = Some(t + render);
                    if render == 0.0 {
                        e.generated = Some(t);
                        e.pending = None;
                    }
                }
            }
        }
    }
    (hit, stale, miss, regen)
}

fn counts(doc: &Value) -> (u64, u64, u64, u64) {
    let s = &doc["summary"];
    let c = |state: &str| {
        s["states"]
            .as_array()
            .unwrap()
            .iter()
            .find(|x| x["state"] == state)
            .unwrap()["count"]
            .as_u64()
            .unwrap()
    };
    (
        c("HIT"),
        c("STALE"),
        c("MISS"),
        s["background_regenerations"].as_u64().unwrap(),
    )
}

#[test]
fn engine_matches_the_straightforward_model() {
    let rows = trace(200_000, 5_000, 50, 7);
    let f = write_csv(&rows);
    let path = f.path().to_str().unwrap();
    for (revalidate, render) in [(60.0, 0.0), (60.0, 2.0), (5.0, 0.0), (5.0, 7.0)] {
        let doc = run_json(&[
            "--trace",
            path,
            "--revalidate",
            &revalidate.to_string(),
            "--render-time",
            &render.to_string(),
        ]);
        assert_eq!(
            counts(&doc),
            reference(&rows, revalidate, render),
            "revalidate {revalidate}, render {render}"
        );
        assert_eq!(doc["summary"]["requests"], 200_000);
        assert_eq!(doc["summary"]["input"]["lines"], 200_001);
    }
}

#[test]
fn gzip_zstd_and_stdin_give_the_same_counts() {
    let rows = trace(20_000, 500, 20, 3);
    let f = write_csv(&rows);
    let text = std::fs::read(f.path()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let gz = dir.path().join("t.csv.gz");
    let mut enc = flate2::write::GzEncoder::new(
        std::fs::File::create(&gz).unwrap(),
        flate2::Compression::fast(),
    );
    enc.write_all(&text).unwrap();
    enc.finish().unwrap();
    let zst = dir.path().join("t.csv.zst");
    std::fs::write(&zst, zstd::encode_all(&text[..], 3).unwrap()).unwrap();
    let plain = counts(&run_json(&["--trace", f.path().to_str().unwrap()]));
    assert_eq!(counts(&run_json(&["--trace", gz.to_str().unwrap()])), plain);
    assert_eq!(
        counts(&run_json(&["--trace", zst.to_str().unwrap()])),
        plain
    );
    let out = cargo_bin_cmd!("isrctl")
        .args(["simulate", "--trace", "-", "--format", "json"])
        .write_stdin(text)
        .output()
        .unwrap();
    assert_eq!(counts(&serde_json::from_slice(&out.stdout).unwrap()), plain);
}

#[test]
fn malformed_lines_are_skipped_or_exit_2_with_file_and_line_under_strict() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("bad.csv");
    std::fs::write(&p, "time,path\n0,/a\n1,/b\nlater,/c\n2,/d\n").unwrap();
    cargo_bin_cmd!("isrctl")
        .args(["simulate", "--strict", "--trace"])
        .arg(&p)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("bad.csv:4:"))
        .stderr(predicate::str::contains("without --strict"));
    let doc = run_json(&["--trace", p.to_str().unwrap()]);
    assert_eq!(doc["summary"]["requests"], 3);
    assert_eq!(doc["summary"]["input"]["skipped_bad_lines"], 1);
    // The old flag is still accepted.
    let doc = run_json(&["--trace", p.to_str().unwrap(), "--skip-bad-lines"]);
    assert_eq!(doc["summary"]["input"]["skipped_bad_lines"], 1);
    let back = dir.path().join("back.csv");
    std::fs::write(&back, "time,path\n5,/a\n4,/b\n").unwrap();
    // Out of order within the reorder window: put back in order (issue 11).
    let doc = run_json(&["--trace", back.to_str().unwrap()]);
    assert_eq!(doc["summary"]["requests"], 2);
    assert_eq!(doc["summary"]["input"]["reordered"], 1);
    // Without a window the late line is counted, skipped and said; --strict stops there.
    cargo_bin_cmd!("isrctl")
        .args(["simulate", "--reorder-window", "0", "--trace"])
        .arg(&back)
        .assert()
        .code(0)
        .stderr(predicate::str::contains("first skipped: line 3"));
    cargo_bin_cmd!("isrctl")
        .args(["simulate", "--reorder-window", "0", "--strict", "--trace"])
        .arg(&back)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("back.csv:3: out of time order"));
    cargo_bin_cmd!("isrctl")
        .args(["simulate", "--trace", "/no/such/trace.csv"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("/no/such/trace.csv"));
}

#[test]
fn access_logs_replay_get_requests() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("access.log");
    let mut log = String::new();
    for i in 0..100 {
        let (m, s) = (i / 60, i % 60);
        log.push_str(&format!(
            "10.0.0.1 - - [23/Nov/2026:10:{m:02}:{s:02} +0000] \"GET /docs/a?ref={i} HTTP/1.1\" 200 512 \"-\" \"curl\"\n"
        ));
    }
    log.push_str("10.0.0.1 - - [23/Nov/2026:10:01:40 +0000] \"POST /api/revalidate HTTP/1.1\" 200 10 \"-\" \"curl\"\n");
    std::fs::write(&p, log).unwrap();
    let doc = run_json(&[
        "--trace",
        p.to_str().unwrap(),
        "--trace-format",
        "combined",
        "--revalidate",
        "30",
    ]);
    // One path (query ignored): cold MISS at 0, then a regeneration every 30 s of requests.
    assert_eq!(doc["summary"]["distinct_paths"], 1);
    assert_eq!(counts(&doc), (96, 3, 1, 3));
    assert_eq!(doc["summary"]["input"]["skipped_not_get"], 1);
    let kept = run_json(&[
        "--trace",
        p.to_str().unwrap(),
        "--trace-format",
        "combined",
        "--keep-query",
    ]);
    assert_eq!(kept["summary"]["distinct_paths"], 100);
}

#[test]
fn ctrl_c_prints_the_summary_so_far_and_exits_130() {
    // A workload far too long to finish: stopped by SIGINT after it has started.
    let bin = assert_cmd::cargo::cargo_bin!("isrctl");
    let child = std::process::Command::new(bin)
        .args([
            "simulate",
            "--workload",
            "zipf:keys=1000,rate=1000000/s,duration=24h",
            "--format",
            "json",
        ])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(700));
    let out = interrupt(child);
    let doc: Value = serde_json::from_slice(&out.stdout).expect("the summary so far, as JSON");
    let n = doc["summary"]["requests"].as_u64().unwrap();
    assert!(n > 0 && n < 86_400_000_000, "{n}");
    assert!(String::from_utf8_lossy(&out.stderr).contains("interrupted"));
}
