//! A run without a timeline answers fresh hits by a short cut that reads the cached entry alone
//! (the path's `fast` tag), and queues renders in a FIFO when they finish in time order: its
//! summary is exactly the full path's (a run with a timeline takes the full path for every
//! request), also when content changes make some paths leave the short cut; and a sweep with
//! content changes gives each variant what a run of its own gives.

use crate::support::simulate_json as json;

/// A trace of a few hundred paths of uneven popularity, ten requests a second.
fn trace_text() -> String {
    let mut s = String::from("time,path\n");
    let mut x: u64 = 11;
    for i in 0..30_000u64 {
        x = x
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let key = (x >> 33) % 300;
        s.push_str(&format!("{},/blog/p{}\n", i / 10, key * key / 300));
    }
    s
}

#[test]
fn the_short_cut_gives_the_full_paths_summary_with_content_changes() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("t.csv");
    std::fs::write(&file, trace_text()).unwrap();
    let path = file.to_str().unwrap();
    for render in ["0s", "2s"] {
        let args = [
            "--trace",
            path,
            "--revalidate",
            "30s",
            "--render-time",
            render,
            "--changes",
            "120/h",
        ];
        let short = json(&args);
        let mut full_args = args.to_vec();
        full_args.push("--timeline");
        let full = json(&full_args);
        let s = &short["summary"];
        assert_eq!(s, &full["summary"], "render time {render}");
        // The changes reached requests: stale content was served and tracked.
        assert!(
            s["staleness"]["max"].as_f64().unwrap() > 0.0,
            "render time {render}: {s}"
        );
        assert!(s["states"].as_array().unwrap().len() >= 2, "{s}");
    }
}

#[test]
fn a_sweep_with_content_changes_gives_each_variant_its_own_runs_result() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("t.csv");
    std::fs::write(&file, trace_text()).unwrap();
    let path = file.to_str().unwrap();
    let common = ["--trace", path, "--render-time", "1s", "--changes", "60/h"];
    let ttls = ["10s", "2m", "20m"];
    let spec = format!("revalidate={}", ttls.join(","));
    let mut args = common.to_vec();
    args.extend(["--sweep", &spec]);
    let sweep = json(&args);
    let rows = sweep["rows"].as_array().unwrap();
    assert_eq!(rows.len(), ttls.len());
    for (row, ttl) in rows.iter().zip(ttls) {
        let mut args = common.to_vec();
        args.extend(["--revalidate", ttl]);
        let mut alone = json(&args);
        alone["summary"].as_object_mut().unwrap().remove("input");
        assert_eq!(row["summary"], alone["summary"], "TTL {ttl}");
    }
    assert_ne!(rows[0]["summary"]["renders"], rows[2]["summary"]["renders"]);
}
