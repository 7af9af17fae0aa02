//! `--sweep` and `--compare` over a trace read it once and feed every variant: each variant's
//! result is exactly what a replay of its own gives, and a trace from stdin can be swept.

use assert_cmd::cargo::cargo_bin_cmd;
use serde_json::Value;

/// A trace with a few hundred paths of uneven popularity, in time order.
fn trace_text() -> String {
    let mut s = String::from("time,path\n");
    let mut x: u64 = 7;
    for i in 0..40_000u64 {
        x = x
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let key = (x >> 33) % 400;
        let path = key * key / 400; // popular low numbers
        s.push_str(&format!("{},/blog/post-{path}\n", i / 8));
    }
    s
}

fn json(args: &[&str], stdin: Option<&str>) -> Value {
    let mut c = cargo_bin_cmd!("isrctl");
    c.arg("--no-config")
        .arg("simulate")
        .args(args)
        .args(["--format", "json"]);
    if let Some(input) = stdin {
        c.write_stdin(input);
    }
    let out = c.output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn each_variant_of_a_sweep_is_its_own_replay_and_stdin_can_be_swept() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("t.csv");
    let text = trace_text();
    std::fs::write(&file, &text).unwrap();
    let path = file.to_str().unwrap();
    let ttls = ["5s", "1m", "15m"];
    let sweep = json(
        &[
            "--trace",
            path,
            "--render-time",
            "200ms",
            "--sweep",
            &format!("revalidate={}", ttls.join(",")),
        ],
        None,
    );
    let rows = sweep["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 3);
    for (row, ttl) in rows.iter().zip(ttls) {
        let mut alone = json(
            &[
                "--trace",
                path,
                "--render-time",
                "200ms",
                "--revalidate",
                ttl,
            ],
            None,
        );
        // A single run also reports what it read of the trace; a sweep does that once, above.
        let input = alone["summary"]
            .as_object_mut()
            .unwrap()
            .remove("input")
            .unwrap();
        assert_eq!(input["requests"], 40_000);
        assert_eq!(row["summary"], alone["summary"], "TTL {ttl}");
    }
    // The variants differ, so the comparison above compared something.
    assert_ne!(rows[0]["summary"]["renders"], rows[2]["summary"]["renders"]);

    let from_stdin = json(
        &[
            "--trace",
            "-",
            "--render-time",
            "200ms",
            "--sweep",
            &format!("revalidate={}", ttls.join(",")),
        ],
        Some(&text),
    );
    assert_eq!(from_stdin["rows"], sweep["rows"]);
}
