//! Real logs just work (issue 12, item 2): the format detected from the content, junk lines
//! counted, skipped and quoted by default, `--strict` stopping at the first with file:line, and
//! each error's hint fitting it. Driven through the binary on hand-written logs.

use crate::support::isrctl;
use serde_json::Value;

fn write(dir: &tempfile::TempDir, name: &str, bytes: &[u8]) -> std::path::PathBuf {
    let p = dir.path().join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

fn line(stamp: &str, request: &str, status: u16) -> String {
    format!(
        "10.0.0.1 - - [23/Nov/2026:10:{stamp} +0000] \"{request}\" {status} 512 \"-\" \"curl/8\""
    )
}

/// An nginx log as found: a BOM, CRLF endings, a `"-" 400` line, binary garbage, a truncated
/// last-but-one line, a POST, and a line one second out of order.
fn nginx_log() -> Vec<u8> {
    let mut out = b"\xEF\xBB\xBF".to_vec();
    let lines = [
        line("00:00", "GET /blog/a HTTP/1.1", 200),       // 1
        line("00:01", "-", 400),                          // 2: junk
        line("00:02", "GET /blog/b?utm=x HTTP/1.1", 200), // 3
        line("00:04", "GET /blog/a HTTP/1.1", 200),       // 4
        line("00:03", "GET /blog/c HTTP/1.1", 200),       // 5: 1 s out of order
        line("00:05", "POST /api/form HTTP/1.1", 200),    // 6
        line("00:06", "HEAD /blog/b HTTP/1.1", 200),      // 7
    ];
    for (i, l) in lines.iter().enumerate() {
        out.extend_from_slice(l.as_bytes());
        out.extend_from_slice(if i % 2 == 0 { b"\r\n" } else { b"\n" });
    }
    out.extend_from_slice(b"\x00\x9f\xff\x1b[31m garbage\r\n"); // 8
    out.extend_from_slice(b"10.0.0.1 - - [23/Nov/2026:10:00:07 +0000] \"GET /blog/"); // 9
    out.extend_from_slice(b"\n");
    out.extend_from_slice(line("00:08", "GET /blog/a HTTP/1.1", 200).as_bytes()); // 10
    out.extend_from_slice(b"\n");
    out
}

#[test]
fn an_nginx_log_with_junk_is_read_without_flags() {
    let dir = tempfile::tempdir().unwrap();
    let log = write(&dir, "access.log", &nginx_log());
    let out = isrctl()
        .args(["simulate", "--summary", "--format", "json", "--trace"])
        .arg(&log)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{err}");
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    let input = &doc["summary"]["input"];
    assert_eq!(input["format"], "combined");
    assert_eq!(input["lines"], 10);
    assert_eq!(input["requests"], 6);
    assert_eq!(input["skipped_bad_lines"], 3);
    assert_eq!(input["skipped_not_get"], 1);
    assert_eq!(input["reordered"], 1);
    assert_eq!(input["skipped_late"], 0);
    let quoted = input["first_skipped_lines"].as_array().unwrap();
    let lines: Vec<u64> = quoted.iter().map(|q| q["line"].as_u64().unwrap()).collect();
    assert_eq!(lines, [2, 8, 9]);
    assert!(
        quoted[0]["reason"]
            .as_str()
            .unwrap()
            .contains("'-' has no path")
    );
    assert_eq!(doc["summary"]["distinct_paths"], 3);
    // The warning says how many, why, and quotes the lines, escaped: no raw control bytes.
    assert!(
        err.contains("3 of 9 trace lines (33.3%) were skipped: 3 could not be read"),
        "{err}"
    );
    assert!(
        err.contains("line 2: '10.0.0.1 - - [23/Nov/2026:10:00:01 +0000] \"-\" 400"),
        "{err}"
    );
    assert!(
        err.contains("line 8: '\\x00\\x9f\\xff\\x1b[31m garbage'"),
        "{err}"
    );
    assert!(
        err.contains("line 9: '10.0.0.1 - - [23/Nov/2026:10:00:07 +0000] \"GET /blog/'"),
        "{err}"
    );
    assert!(!err.bytes().any(|b| b == 0x1b || b == 0), "{err}");
}

#[test]
fn strict_stops_at_the_first_bad_line_with_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let log = write(&dir, "access.log", &nginx_log());
    let out = isrctl()
        .args(["simulate", "--summary", "--strict", "--trace"])
        .arg(&log)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("access.log:2: the request line '-' has no path"),
        "{err}"
    );
    assert!(err.contains("hint: without --strict"), "{err}");
    assert!(out.stdout.is_empty(), "no report after a strict stop");
    // A late line under --strict: stopped there, and the hint names the window.
    let late = [
        line("00:00", "GET /a HTTP/1.1", 200),
        line("00:09", "GET /b HTTP/1.1", 200),
        line("00:20", "GET /d HTTP/1.1", 200),
        line("00:01", "GET /c HTTP/1.1", 200),
    ]
    .join("\n");
    let log = write(&dir, "late.log", late.as_bytes());
    let out = isrctl()
        .args(["simulate", "--summary", "--strict", "--trace"])
        .arg(&log)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("late.log:4: out of time order by more than the 5s reorder window"),
        "{err}"
    );
    assert!(err.contains("wider than 5s"), "{err}");
    // Without --strict the same line is counted, skipped and quoted.
    let out = isrctl()
        .args(["simulate", "--summary", "--format", "json", "--trace"])
        .arg(&log)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["summary"]["input"]["skipped_late"], 1);
    assert_eq!(doc["summary"]["input"]["first_skipped_lines"][0]["line"], 4);
}

#[test]
fn json_lines_of_vercel_and_cloudflare_are_read() {
    let dir = tempfile::tempdir().unwrap();
    let vercel = concat!(
        r#"{"id":"1","timestamp":1763892000100,"source":"static","path":"/x","proxy":{"timestamp":1763892000000,"method":"GET","path":"/blog/a?ref=1","statusCode":200}}"#,
        "\n",
        r#"{"id":"2","timestamp":1763892001000,"source":"build","message":"Compiled"}"#,
        "\n",
        r#"{"id":"3","timestamp":1763892002000,"source":"lambda","proxy":{"timestamp":1763892002000,"method":"POST","path":"/api"}}"#,
        "\n",
        r#"{"id":"4","timestamp":1763892003000,"source":"edge","proxy":{"timestamp":1763892003000,"method":"GET","path":"https://ex.com/blog/b"}}"#,
        "\n",
    );
    let p = write(&dir, "drain.ndjson", vercel.as_bytes());
    let out = isrctl()
        .args(["simulate", "--summary", "--format", "json", "--trace"])
        .arg(&p)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{err}");
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    let input = &doc["summary"]["input"];
    assert_eq!(input["format"], "json");
    assert_eq!(
        (
            input["requests"].as_u64(),
            input["skipped_not_get"].as_u64()
        ),
        (Some(2), Some(1))
    );
    assert_eq!(input["skipped_bad_lines"], 1);
    assert!(
        err.contains("line 2:") && err.contains("no path field"),
        "{err}"
    );
    assert_eq!(doc["summary"]["distinct_paths"], 2);
    let cf = concat!(
        r#"{"ClientRequestMethod":"GET","ClientRequestURI":"/p?a=1","EdgeStartTimestamp":"2026-11-23T10:00:00Z"}"#,
        "\n",
        r#"{"ClientRequestMethod":"GET","ClientRequestURI":"/p","EdgeStartTimestamp":"2026-11-23T10:00:30Z"}"#,
        "\n",
    );
    let p = write(&dir, "cf.json", cf.as_bytes());
    let out = isrctl()
        .args([
            "simulate",
            "--summary",
            "--format",
            "json",
            "--revalidate",
            "10",
            "--trace",
        ])
        .arg(&p)
        .output()
        .unwrap();
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["summary"]["requests"], 2);
    assert_eq!(doc["summary"]["distinct_paths"], 1);
}

#[test]
fn csv_dialects_are_read_the_same() {
    let dir = tempfile::tempdir().unwrap();
    let dialects: [&[u8]; 4] = [
        b"time,path\n0,/a\n1,\"/b,\"\"c\"\"\"\n2,/a\n",
        b"\xEF\xBB\xBFtime;path\r\n0;/a\r\n1;\"/b,\"\"c\"\"\"\r\n2;/a\r\n",
        b"ts\turl\n0\t/a\n1\t\"/b,\"\"c\"\"\"\n2\thttps://ex.com/a\n",
        b"Timestamp,Path,Size\n1763892000,/a,1\n1763892001000,\"/b,\"\"c\"\"\",1\n1763892002,/a,1\n",
    ];
    for (i, text) in dialects.iter().enumerate() {
        let p = write(&dir, &format!("t{i}.csv"), text);
        let out = isrctl()
            .args([
                "simulate",
                "--summary",
                "--format",
                "json",
                "--revalidate",
                "1s",
                "--trace",
            ])
            .arg(&p)
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "dialect {i}: {err}");
        let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
        let s = &doc["summary"];
        assert_eq!(s["input"]["format"], "csv", "dialect {i}");
        assert_eq!(s["requests"], 3, "dialect {i}");
        assert_eq!(s["input"]["skipped_bad_lines"], 0, "dialect {i}");
        assert_eq!(s["distinct_paths"], 2, "dialect {i}");
    }
}

#[test]
fn each_error_has_a_hint_that_fits_it() {
    let dir = tempfile::tempdir().unwrap();
    let run = |args: &[&str], p: &std::path::Path| {
        let out = isrctl()
            .arg("simulate")
            .args(args)
            .arg("--trace")
            .arg(p)
            .output()
            .unwrap();
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    // An access log read as CSV: the hint names the format the line is in.
    let log = write(
        &dir,
        "access.log",
        line("00:00", "GET / HTTP/1.1", 200).as_bytes(),
    );
    let (code, err) = run(&["--trace-format", "csv"], &log);
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("looks like an access-log line"), "{err}");
    assert!(err.contains("--trace-format combined"), "{err}");
    // `common` is the same parser as combined.
    let (code, err) = run(&["--trace-format", "common", "--summary"], &log);
    assert_eq!(code, Some(0), "{err}");
    // A CSV header without the columns: the hint names the expected ones, the message the found.
    let csv = write(&dir, "t.csv", b"when;where\n0;/a\n");
    let (code, err) = run(&[], &csv);
    assert_eq!(code, Some(2));
    assert!(
        err.contains("t.csv:1:") && err.contains("'when', 'where'"),
        "{err}"
    );
    assert!(
        err.contains("hint: a CSV trace starts with a header naming a time column"),
        "{err}"
    );
    assert!(!err.contains("skip"), "{err}");
    // A missing file: the path, and nothing about skipping.
    let (code, err) = run(&[], &dir.path().join("nope.log"));
    assert_eq!(code, Some(2));
    assert!(
        err.contains("nope.log") && err.contains("check the path"),
        "{err}"
    );
    assert!(!err.contains("skip") && !err.contains("strict"), "{err}");
    // --skip-bad-lines is still accepted (and changes nothing).
    let (code, err) = run(&["--skip-bad-lines", "--summary"], &log);
    assert_eq!(code, Some(0), "{err}");
}
