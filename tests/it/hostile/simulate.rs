//! Hostile traces and scenarios for `isrctl simulate` (issue 11, classes 4, 5 and 6 and the
//! misleading messages): out-of-order and outlier lines cost only themselves, memory caps are
//! checked before allocating, Ctrl-C and a closed pipe end a run at once, and nothing from the
//! input reaches the terminal unescaped or unbounded.

use crate::support::isrctl;
use std::io::Write;
use std::process::Stdio;
use std::time::{Duration, Instant};

fn file(suffix: &str, bytes: &[u8]) -> tempfile::NamedTempFile {
    let mut f = tempfile::Builder::new().suffix(suffix).tempfile().unwrap();
    f.write_all(bytes).unwrap();
    f.flush().unwrap();
    f
}

fn csv(lines: &[String]) -> tempfile::NamedTempFile {
    file(
        ".csv",
        format!("time,path\n{}\n", lines.join("\n")).as_bytes(),
    )
}

/// The run was refused as a usage error (exit 2); its stderr.
fn refused(out: &std::process::Output) -> std::borrow::Cow<'_, str> {
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    err
}

fn json(out: &std::process::Output) -> serde_json::Value {
    serde_json::from_slice(&out.stdout).expect("one JSON document")
}

#[test]
fn one_far_future_line_costs_only_itself() {
    let mut lines: Vec<String> = (0..1000)
        .map(|i| format!("{}.{},/p{}", i / 10, i % 10, i % 7))
        .collect();
    lines[10] = "1000000000,/p0".into();
    let f = csv(&lines);
    let out = isrctl()
        .args(["simulate", "--summary", "--format", "json", "--trace"])
        .arg(f.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let input = &json(&out)["summary"]["input"];
    assert_eq!(input["requests"], 999);
    assert_eq!(input["skipped_outliers"], 1);
    assert_eq!(input["skipped_late"], 0);
}

#[test]
fn lines_out_of_order_within_the_window_are_replayed_in_order() {
    // Pairs swapped by one second: all put back in order with the default 5 s window.
    let lines: Vec<String> = (0..200)
        .map(|i| format!("{},/p{}", if i % 2 == 0 { i + 1 } else { i - 1 }, i % 3))
        .collect();
    let f = csv(&lines);
    let out = isrctl()
        .args(["simulate", "--summary", "--format", "json", "--trace"])
        .arg(f.path())
        .output()
        .unwrap();
    assert!(out.status.success());
    let input = &json(&out)["summary"]["input"];
    assert_eq!(input["requests"], 200);
    assert_eq!(input["reordered"], 100);
    // With no window, the same lines are skipped, counted, and said prominently.
    let out = isrctl()
        .args(["simulate", "--summary", "--reorder-window", "0", "--trace"])
        .arg(f.path())
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(
        err.contains("100 of 200 trace lines (50.0%) were skipped"),
        "{err}"
    );
    assert!(err.contains("first skipped: line 3, 5, 7, 9, 11"), "{err}");
}

#[test]
fn strict_stops_at_the_first_skipped_line() {
    let f = csv(&[
        "0,/a".into(),
        "10,/b".into(),
        "20,/c".into(),
        "1,/d".into(),
        "21,/e".into(),
    ]);
    let out = isrctl()
        .args(["simulate", "--summary", "--strict", "--trace"])
        .arg(f.path())
        .output()
        .unwrap();
    let err = refused(&out);
    assert!(out.stdout.is_empty(), "no report after a strict stop");
    assert!(
        err.contains(":5: out of time order by more than the 5s reorder window"),
        "{err}"
    );
}

#[test]
fn trace_times_near_the_i64_limits_do_not_wrap() {
    let f = csv(&[
        "-9223372036854,/a".into(),
        "9223372036854,/b".into(),
        "0,/c".into(),
    ]);
    let out = isrctl()
        .args(["simulate", "--summary", "--format", "json", "--trace"])
        .arg(f.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let input = &json(&out)["summary"]["input"];
    assert_eq!(input["requests"], 1);
    assert_eq!(input["skipped_outliers"], 2);
}

#[test]
fn a_binary_first_line_is_not_echoed_whole() {
    let mut bin: Vec<u8> = (0..2_700_000u32).map(|i| (i * 7 % 256) as u8).collect();
    bin.retain(|b| *b != b'\n');
    let f = file(".csv", &bin);
    let out = isrctl()
        .args(["simulate", "--trace"])
        .arg(f.path())
        .output()
        .unwrap();
    let err = refused(&out);
    assert!(err.len() < 400, "{} bytes of error", err.len());
    assert!(!err.bytes().any(|b| b == 0x1b || b == 0x07), "{err}");
    // A header cannot be skipped: no hint to skip or to --strict.
    assert!(!err.contains("skip") && !err.contains("strict"), "{err}");
}

#[test]
fn bad_lines_are_skipped_and_quoted_and_a_bad_header_is_not() {
    let f = csv(&["zero,/a".into(), "1,/b".into()]);
    let out = isrctl()
        .args(["simulate", "--summary", "--trace"])
        .arg(f.path())
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(
        err.contains("line 2: 'zero,/a' ('zero' is not a time"),
        "{err}"
    );
    let f = file(".csv", b"when,where\n0,/a\n");
    let out = isrctl()
        .args(["simulate", "--trace"])
        .arg(f.path())
        .output()
        .unwrap();
    let err = refused(&out);
    assert!(err.contains("needs a time column"), "{err}");
    assert!(!err.contains("skip"), "{err}");
}

#[test]
fn byte_order_marks_are_handled_or_named() {
    let f = file(".csv", b"\xEF\xBB\xBFtime,path\n0,/a\n");
    let out = isrctl()
        .args(["simulate", "--summary", "--trace"])
        .arg(f.path())
        .output()
        .unwrap();
    assert!(out.status.success());
    let f = file(".csv", b"\xFF\xFEt\0i\0m\0e\0");
    let out = isrctl()
        .args(["simulate", "--trace"])
        .arg(f.path())
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("UTF-16"), "{err}");
}

#[test]
fn escape_bytes_from_traces_and_scenarios_never_reach_the_terminal() {
    let f = csv(&["0,/a\u{1b}[31mred\u{7}".into(), "1,/b".into()]);
    let out = isrctl()
        .args(["simulate", "--timeline", "--trace"])
        .arg(f.path())
        .output()
        .unwrap();
    assert!(out.status.success());
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        !stdout.contains('\u{1b}') && !stdout.contains('\u{7}'),
        "{stdout}"
    );
    assert!(stdout.contains("/a\\x1b[31mred\\x07"), "{stdout}");
    let f = csv(&["0,x\u{1b}]0;pwned\u{7}".into()]);
    let out = isrctl()
        .args(["simulate", "--trace"])
        .arg(f.path())
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains('\u{1b}'), "{err}");
    let s = file(".toml", b"[[routes]]\npath = \"x\\u001b[2J\"\n");
    let out = isrctl().arg("simulate").arg(s.path()).output().unwrap();
    let err = refused(&out);
    assert!(!err.contains('\u{1b}') && err.contains("\\x1b[2J"), "{err}");
}

#[test]
fn multiplying_prerender_ranges_are_refused_before_allocating() {
    let s = file(
        ".toml",
        b"[[routes]]\npath = \"/p/[a]/[b]\"\nprerender = [\"/p/{1..10000}/{1..10000}\"]\n",
    );
    let started = Instant::now();
    let out = isrctl().arg("simulate").arg(s.path()).output().unwrap();
    let err = refused(&out);
    assert!(
        err.contains("100000000 pages") && err.contains("limit of 1000000"),
        "{err}"
    );
    assert!(err.contains(":1:"), "{err}");
    assert!(started.elapsed() < Duration::from_secs(5));
}

#[test]
fn events_times_paths_past_the_cap_are_refused() {
    let paths: Vec<String> = (0..40).map(|i| format!("\"/p{i}\"")).collect();
    let toml = format!(
        "[[events]]\nat = 0\nevery = \"1s\"\nuntil = \"2d\"\nrequest = [{}]\n",
        paths.join(",")
    );
    let s = file(".toml", toml.as_bytes());
    let out = isrctl().arg("simulate").arg(s.path()).output().unwrap();
    let err = refused(&out);
    assert!(
        err.contains("more than 5000000 steps") && err.contains("workload"),
        "{err}"
    );
}

#[test]
fn too_many_keys_and_routes_say_the_limit_and_where() {
    let out = isrctl()
        .args([
            "simulate",
            "--workload",
            "zipf:keys=100000000,rate=1/s,duration=1s",
        ])
        .output()
        .unwrap();
    let err = refused(&out);
    assert!(err.contains("10000000"), "{err}");
    let routes: String = (0..65_540)
        .map(|i| format!("[[routes]]\npath = \"/r{i}\"\n"))
        .collect();
    let s = file(".toml", routes.as_bytes());
    let out = isrctl().arg("simulate").arg(s.path()).output().unwrap();
    let err = refused(&out);
    assert!(
        err.contains("too many [[routes]]: 65540") && err.contains(":1310"),
        "{err}"
    );
}

#[test]
fn a_long_table_timeline_is_capped_with_a_note() {
    let out = isrctl()
        .args([
            "simulate",
            "--timeline",
            "--format",
            "json",
            "--workload",
            "zipf:keys=10,rate=1000/s,duration=150s",
        ])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(err.contains("first 100000 rows"), "{err}");
    let doc = json(&out);
    assert_eq!(doc["timeline"].as_array().unwrap().len(), 100_000);
    assert!(doc["summary"]["requests"].as_u64().unwrap() > 140_000);
}

#[test]
fn ctrl_c_answers_while_stdin_is_silent() {
    let bin = assert_cmd::cargo::cargo_bin!("isrctl");
    let mut child = std::process::Command::new(bin)
        .args(["simulate", "--summary", "--trace", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    stdin.write_all(b"time,path\n0,/a\n1,/b\n").unwrap();
    stdin.flush().unwrap();
    std::thread::sleep(Duration::from_millis(500));
    let started = Instant::now();
    let out = crate::support::interrupt(child);
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
    drop(stdin);
    assert!(String::from_utf8_lossy(&out.stdout).contains("requests"));
}

#[test]
fn a_closed_pipe_stops_a_streaming_timeline_at_once() {
    let bin = assert_cmd::cargo::cargo_bin!("isrctl");
    let mut child = std::process::Command::new(bin)
        .args([
            "simulate",
            "--timeline",
            "--format",
            "ndjson",
            "--workload",
            "zipf:keys=1000,rate=1000/s,duration=100000h",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let mut first = [0u8; 4096];
    std::io::Read::read_exact(&mut stdout, &mut first).unwrap();
    let started = Instant::now();
    drop(stdout);
    let status = child.wait().unwrap();
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(status.code(), Some(0));
}
