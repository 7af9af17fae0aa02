//! Runs `isrctl simulate` on a recorded schedule and compares its prediction with what the real
//! server served.

use super::schedule::*;
use serde_json::Value;
use std::process::Command;

/// One predicted request.
#[derive(Debug, Clone)]
pub(super) struct Pred {
    pub(super) t: f64,
    pub(super) path: String,
    pub(super) served: String,
    pub(super) version: Option<String>,
}

/// Run `isrctl simulate SCENARIO --format json --timeline` and return its request events.
pub(super) fn simulate(scenario: &str) -> (Vec<Pred>, String) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("scenario.toml");
    std::fs::write(&file, scenario).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_isrctl"))
        .arg("simulate")
        .arg(&file)
        .args(["--format", "json", "--timeline", "--color", "never"])
        .output()
        .expect("run isrctl");
    let stdout = String::from_utf8_lossy(&out.stdout).to_string();
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    assert!(
        out.status.success(),
        "isrctl simulate failed ({}):\nstderr: {stderr}\nstdout: {stdout}\nscenario:\n{scenario}",
        out.status
    );
    let doc: Value = serde_json::from_str(stdout.trim()).unwrap_or_else(|e| {
        panic!("isrctl simulate --format json is not one JSON document ({e}):\n{stdout}\nscenario:\n{scenario}")
    });
    let timeline = doc["timeline"].as_array().unwrap_or_else(|| {
        panic!("no `timeline` array in isrctl simulate --format json --timeline:\n{stdout}\nscenario:\n{scenario}")
    });
    let preds = timeline
        .iter()
        .filter(|e| e["type"] == "request")
        .map(|e| Pred {
            t: e["t"].as_f64().unwrap_or(f64::NAN),
            path: e["path"].as_str().unwrap_or("?").to_string(),
            // A non-200 is compared by its status (main prints `"served": "ERROR"` with
            // `"status": 500` for a failed blocking render), like the observed side.
            served: match (e["status"].as_u64(), &e["served"]) {
                (Some(st), _) if st != 200 => st.to_string(),
                (_, Value::String(s)) => s.to_ascii_uppercase(),
                (_, other) => other.to_string(),
            },
            version: match (e["status"].as_u64(), &e["version"]) {
                (Some(st), _) if st != 200 => None,
                (_, Value::Null) => None,
                (_, v) => Some(v.to_string()),
            },
        })
        .collect();
    (preds, stdout)
}

/// Versions renumbered per path in order of first appearance (None for error responses), so
/// the real render stamps and the simulator's version labels can be compared as patterns.
pub(super) fn normalize<'x>(
    items: impl Iterator<Item = (&'x str, Option<&'x str>)>,
) -> Vec<Option<usize>> {
    let mut seen: Vec<(String, String)> = Vec::new();
    items
        .map(|(path, v)| {
            let v = v?;
            let n = seen.iter().filter(|(p, _)| p == path).count();
            match seen
                .iter()
                .filter(|(p, _)| p == path)
                .position(|(_, x)| x == v)
            {
                Some(i) => Some(i),
                None => {
                    seen.push((path.to_string(), v.to_string()));
                    Some(n)
                }
            }
        })
        .collect()
}

/// Assert reality == plan, then simulator == reality.
pub(super) fn check(name: &str, sched: &Schedule, expected_real: &[&str], scenario: &str) {
    let observed = sched.states();
    assert_eq!(
        observed,
        expected_real,
        "[{name}] REALITY CHECK: the real next start did not serve the planned sequence \
         (machine too slow for the schedule's slack, or Next.js changed):\n{}",
        sched.observed_table()
    );
    // ISRCTL_E2E_SCENARIO_DIR=dir keeps the generated scenarios (to replay in the simulator).
    if let Some(dir) = std::env::var_os("ISRCTL_E2E_SCENARIO_DIR") {
        let file = name.replace(|c: char| !c.is_ascii_alphanumeric(), "-");
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(
            std::path::Path::new(&dir).join(format!("{file}.toml")),
            scenario,
        )
        .unwrap();
    }
    let (preds, raw) = simulate(scenario);
    let predicted: Vec<String> = preds.iter().map(|p| p.served.clone()).collect();
    let pred_table = preds
        .iter()
        .map(|p| {
            format!(
                "  t={:7.3} {:<14} {:<8} version={:?}",
                p.t, p.path, p.served, p.version
            )
        })
        .collect::<Vec<_>>()
        .join("\n");
    assert_eq!(
        predicted,
        observed,
        "[{name}] CONFORMANCE: isrctl simulate predicted a different sequence than real next start served.\n\
         observed:\n{}\npredicted:\n{pred_table}\nscenario:\n{scenario}\nsimulate output:\n{raw}",
        sched.observed_table()
    );
    let obs_v = normalize(
        sched
            .obs
            .iter()
            .map(|o| (o.path.as_str(), o.render.as_deref())),
    );
    let pred_v = normalize(preds.iter().map(|p| {
        let v = if p.served.parse::<u16>().is_ok() {
            None
        } else {
            p.version.as_deref()
        };
        (p.path.as_str(), v)
    }));
    assert_eq!(
        pred_v,
        obs_v,
        "[{name}] CONFORMANCE: same states, but the content versions served differ \
         (renumbered per path by first appearance; None = error response).\n\
         observed:\n{}\npredicted:\n{pred_table}\nscenario:\n{scenario}",
        sched.observed_table()
    );
}

/// Run a schedule; if the REAL server did not follow the plan (a "REALITY CHECK" panic: the
/// machine was too slow for the schedule's slack), run it once more on a fresh server. A
/// conformance mismatch (simulator vs the real run) is never retried.
pub(super) fn retry_on_reality(f: impl Fn()) {
    let first = std::panic::catch_unwind(std::panic::AssertUnwindSafe(&f));
    if let Err(e) = first {
        let msg = e
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| e.downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_default();
        if !msg.contains("REALITY CHECK") {
            std::panic::resume_unwind(e);
        }
        eprintln!("e2e: the real server did not follow the plan; retrying the schedule once");
        f();
    }
}
