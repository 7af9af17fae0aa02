//! Content changes with a trace: `--changes-from` publish logs (absolute and relative times,
//! tags, bad lines), `--changes RATE` per path and per tag, `--webhook-delay`, determinism, and
//! no progress bar off a terminal.

use crate::support::{isrctl, simulate_json};
use serde_json::Value;
use std::path::PathBuf;

/// 2026-11-23T10:00:00Z in epoch seconds: the trace's first request.
const T0: u64 = 1_795_428_000;

/// A one-hour trace in a temporary directory: `/blog/a`, `/blog/b` and `/` each requested every
/// second (epoch times), and routes: `/blog/[slug]` tagged `posts`, everything else untagged.
struct Site {
    dir: tempfile::TempDir,
}

impl Site {
    fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let mut trace = String::from("time,path\n");
        for s in 0..3600 {
            for (i, p) in ["/blog/a", "/blog/b", "/"].iter().enumerate() {
                trace.push_str(&format!("{}.{},{p}\n", T0 + s, i * 3));
            }
        }
        std::fs::write(dir.path().join("trace.csv"), trace).unwrap();
        std::fs::write(
            dir.path().join("site.toml"),
            "[[routes]]\npath = \"/blog/[slug]\"\ntags = [\"posts\"]\n\n[[routes]]\npath = \"*\"\n",
        )
        .unwrap();
        Site { dir }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn file(&self, name: &str, text: &str) -> String {
        let p = self.path(name);
        std::fs::write(&p, text).unwrap();
        p.display().to_string()
    }

    fn trace(&self) -> String {
        self.path("trace.csv").display().to_string()
    }
}

/// A publish log: absolute RFC 3339 and epoch times, a relative one, a tag, one change before
/// the trace and one after it.
const PUBLISHES: &str = "time,path
2026-11-23T10:07:10Z,/blog/a
1795429013,/blog/b
23m17s,/
2026-11-23T10:41:53Z,tag:posts
2026-11-23T09:00:00Z,/blog/a
2026-11-23T12:00:00Z,/blog/a
";

fn run(args: &[&str]) -> (i32, String, String) {
    let o = isrctl().arg("simulate").args(args).output().unwrap();
    (
        o.status.code().unwrap(),
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

fn row<'a>(doc: &'a Value, label: &str) -> &'a Value {
    doc["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["label"] == label)
        .unwrap_or_else(|| panic!("no row {label}: {doc}"))
}

#[test]
fn a_publish_log_is_placed_on_the_traces_clock_and_makes_staleness_measurable() {
    let site = Site::new();
    let log = site.file("pub.csv", PUBLISHES);
    let doc = simulate_json(&[
        &site.path("site.toml").display().to_string(),
        "--trace",
        &site.trace(),
        "--changes-from",
        &log,
        "--revalidate",
        "5m",
        "--summary",
    ]);
    let s = &doc["summary"];
    let at: Vec<(f64, String)> = s["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["at"].as_f64().unwrap(),
                c["target"].as_str().unwrap().into(),
            )
        })
        .collect();
    assert_eq!(
        at,
        [
            (430.0, "/blog/a".into()),
            (1013.0, "/blog/b".into()),
            (1397.0, "/".into()),
            (2513.0, "tag:posts".into()),
        ]
    );
    // The tag reaches both blog pages.
    assert_eq!(s["changes"][3]["paths"], 2, "{s}");
    assert!(s["staleness"]["max"].as_f64().unwrap() > 10.0, "{s}");
    let ttf = s["time_to_fresh"]["max"].as_f64().unwrap();
    assert!(ttf > 10.0 && ttf <= 301.0, "{s}");
    assert!(
        s["changes"]
            .as_array()
            .unwrap()
            .iter()
            .all(|c| c["fresh"].as_u64() > Some(0))
    );

    let (code, _, err) = run(&[
        "--trace",
        &site.trace(),
        "--changes-from",
        &log,
        "--summary",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("1 change before the trace's first request"),
        "{err}"
    );
    assert!(err.contains("1 change after the last request"), "{err}");
    assert!(err.contains("1 change to a tag that no route has"), "{err}");
}

#[test]
fn on_demand_staleness_is_about_the_webhook_delay_and_isr_grows_with_the_ttl() {
    let site = Site::new();
    let log = site.file("pub.csv", PUBLISHES);
    let trace = site.trace();
    let compare = |delay: &str| {
        simulate_json(&[
            "--trace",
            &trace,
            "--changes-from",
            &log,
            "--revalidate",
            "5m",
            "--compare",
            "isr,isr+ondemand",
            "--webhook-delay",
            delay,
        ])
    };
    let doc = compare("1s");
    let (isr, od) = (row(&doc, "isr"), row(&doc, "isr+ondemand"));
    let max = |r: &Value| r["summary"]["staleness"]["max"].as_f64().unwrap();
    assert!(max(od) > 0.0 && max(od) <= 2.5, "{od}");
    assert!(max(isr) > 60.0, "{isr}");
    assert_eq!(od["webhook_delay"], 1.0);
    assert!(isr.get("webhook_delay").is_none());
    let slow = compare("30s");
    let od = row(&slow, "isr+ondemand");
    assert!(max(od) >= 29.0 && max(od) <= 31.5, "{od}");
    assert_eq!(od["webhook_delay"], 30.0);

    // A sweep: the worst staleness grows with the TTL, and the budget picks the TTL.
    let doc = simulate_json(&[
        "--trace",
        &trace,
        "--changes-from",
        &log,
        "--sweep",
        "revalidate=10s,1m,5m",
        "--max-staleness",
        "90s",
    ]);
    let worst: Vec<f64> = doc["rows"].as_array().unwrap().iter().map(max).collect();
    assert!(worst[0] < worst[1] && worst[1] < worst[2], "{worst:?}");
    assert_eq!(doc["recommended"], 60.0, "{doc}");
    let (code, out, _) = run(&[
        "--trace",
        &trace,
        "--changes-from",
        &log,
        "--compare",
        "isr,isr+ondemand",
    ]);
    assert_eq!(code, 0);
    assert!(
        out.contains("revalidates each changed page 1s after the change"),
        "{out}"
    );
    assert!(!out.contains("no content changes"), "{out}");
}

#[test]
fn a_bad_publish_log_line_is_named_with_its_place() {
    let site = Site::new();
    for (text, want) in [
        (
            "time,path\n10,/a\nsoon,/b\n",
            "pub.csv:3: 'soon' is not a time",
        ),
        ("5m,blog\n", "pub.csv:1: 'blog' is neither a path"),
        ("5m,/a\n6m\n", "pub.csv:2: "),
    ] {
        let log = site.file("pub.csv", text);
        let (code, _, err) = run(&["--trace", &site.trace(), "--changes-from", &log]);
        assert_eq!(code, 2, "{err}");
        assert!(err.contains(want), "{want}: {err}");
        assert!(err.contains("time,path or time,tag:NAME"), "{err}");
    }
    let (code, _, err) = run(&[
        "--trace",
        &site.trace(),
        "--changes-from",
        &site.path("missing.csv").display().to_string(),
    ]);
    assert_eq!(code, 2);
    assert!(
        err.contains("missing.csv: cannot read the publish log"),
        "{err}"
    );
}

fn targets(doc: &Value) -> Vec<String> {
    doc["summary"]["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["target"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn random_changes_are_seeded_and_touch_requested_pages_or_route_tags() {
    let site = Site::new();
    let toml = site.path("site.toml").display().to_string();
    let trace = site.trace();
    let per_path = |seed: &str| {
        simulate_json(&[
            "--trace",
            &trace,
            "--changes",
            "20/h",
            "--seed",
            seed,
            "--summary",
        ])
    };
    let a = per_path("3");
    assert_eq!(a, per_path("3"));
    assert_ne!(targets(&a), targets(&per_path("4")));
    let t = targets(&a);
    // Poisson with mean 20 over the hour.
    assert!((8..=35).contains(&t.len()), "{t:?}");
    assert!(
        t.iter()
            .all(|p| ["/blog/a", "/blog/b", "/"].contains(&p.as_str())),
        "{t:?}"
    );
    assert!(a["summary"]["staleness"]["max"].as_f64().unwrap() > 0.0);

    let tags = simulate_json(&[
        &toml,
        "--trace",
        &trace,
        "--changes",
        "20/h:tag",
        "--summary",
    ]);
    let t = targets(&tags);
    assert!(!t.is_empty() && t.iter().all(|x| x == "tag:posts"), "{t:?}");

    // Every run of a comparison sees the same changes.
    let doc = simulate_json(&[
        "--trace",
        &trace,
        "--changes",
        "20/h",
        "--compare",
        "isr,isr+ondemand",
    ]);
    let at = |r: &Value| {
        let c = r["summary"]["changes"].as_array().unwrap().clone();
        c.iter()
            .map(|c| (c["at"].clone(), c["target"].clone()))
            .collect::<Vec<_>>()
    };
    assert_eq!(at(row(&doc, "isr")), at(row(&doc, "isr+ondemand")));

    let (code, _, err) = run(&["--trace", &trace, "--changes", "20/h:tag"]);
    assert_eq!(code, 2);
    assert!(err.contains("no route has one"), "{err}");
    let (code, _, err) = run(&["--trace", &trace, "--changes", "20/fortnight"]);
    assert_eq!(code, 2);
    assert!(err.contains("unknown rate unit"), "{err}");
}

#[test]
fn changes_with_a_workload_and_no_bar_off_a_terminal() {
    let w = "zipf:alpha=1.0,keys=50,rate=20/s,duration=30m";
    let doc = simulate_json(&["--workload", w, "--changes", "30/h", "--summary"]);
    assert!(!targets(&doc).is_empty());
    let (code, _, err) = run(&[
        "--workload",
        &format!("{w},changes=10/day"),
        "--changes",
        "30/h",
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("not both"), "{err}");
    // stderr is a pipe here: no progress bar, no carriage return.
    for args in [
        vec!["--workload", w, "--summary"],
        vec!["--workload", w, "--sweep", "revalidate=10s,1m"],
    ] {
        let (code, _, err) = run(&args);
        assert_eq!(code, 0, "{err}");
        assert!(
            !err.contains('\r') && !err.contains("simulating") && !err.contains("runs"),
            "{err:?}"
        );
    }
}
