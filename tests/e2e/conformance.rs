//! Conformance: `isrctl simulate --platform next-start` must predict what a real `next start`
//! (Next.js 16.4.6, tests/fixtures/next-app) serves.
//!
//! Each test drives the real server from a fresh copy of the fixture build at planned offsets,
//! records what was actually served (x-nextjs-cache state or HTTP status, and the render stamp),
//! then writes the same schedule as a scenario file — with the offsets actually measured from the
//! test's t0, not the planned ones, and the measured render time — runs the real binary
//! `isrctl simulate SCENARIO --format json --timeline`, and compares.
//!
//! Two assertions per schedule, so a failure says who is wrong:
//! 1. reality check: the real server served the sequence documented in
//!    tests/fixtures/README.md and shared/reference/nextjs-observed.md (if this fails, the machine
//!    was too slow for the schedule's slack, or Next.js behaves differently);
//! 2. conformance: the simulator predicted the same states (and the same pattern of content
//!    versions) for the same schedule.
//!
//! Real servers: the tests take a global lock and run one at a time.

use crate::servers::*;
use serde_json::{Value, json};
use std::fmt::Write as _;
use std::process::Command;

/// One observed request.
#[derive(Debug, Clone)]
struct Obs {
    t: f64,
    path: String,
    state: String,
    /// The render that was served (RENDERED_AT of the stamp), for 200s.
    render: Option<String>,
    content: Option<String>,
}

/// Records a schedule against the real server and the matching scenario events.
struct Schedule<'a> {
    http: Http,
    target: Target<'a>,
    obs: Vec<Obs>,
    /// `[[events]]` blocks, in time order.
    events: String,
    /// When `/flaky` started failing (for failure_windows).
    fail_since: Option<f64>,
    failure_windows: Vec<(f64, f64)>,
    /// Latencies of blocking renders (MISS), to estimate the render time.
    blocking: Vec<f64>,
}

fn fmt_t(t: f64) -> String {
    format!("{t:.3}")
}

/// What the schedule drives: a real `next start`, or a cache (Varnish) in front of the origin.
enum Target<'a> {
    Next(&'a mut NextServer),
    Cache { base: String },
}

impl<'a> Schedule<'a> {
    fn new(next: &'a mut NextServer) -> Self {
        Self::with_target(Target::Next(next))
    }

    fn with_target(target: Target<'a>) -> Self {
        let mut http = Http::new();
        http.reset_t0();
        Schedule {
            http,
            target,
            obs: Vec::new(),
            events: String::new(),
            fail_since: None,
            failure_windows: Vec::new(),
            blocking: Vec::new(),
        }
    }

    fn get_at(&mut self, t: f64, path: &str) -> Resp {
        self.http.sleep_until(t);
        let r = self.http.get(&format!("{}{path}", self.base()));
        let state = match self.target {
            Target::Next(_) => r.next_state(),
            // Varnish's VCL-added X-Cache (MISS/HIT/STALE), or the status when not 200.
            Target::Cache { .. } if r.status == 200 => {
                r.header("x-cache").unwrap_or_else(|| "NONE".into())
            }
            Target::Cache { .. } => r.status.to_string(),
        };
        // The origin's body says which fetch it came from: `... hit=<n> ...`.
        let render = match self.target {
            Target::Next(_) => r.stamp_field("RENDERED_AT"),
            Target::Cache { .. } => r
                .body
                .split_whitespace()
                .find(|w| w.starts_with("hit="))
                .map(|w| w.to_string()),
        };
        if state == "MISS" || state == "REVALIDATED" {
            self.blocking.push(r.latency);
        }
        let ok = r.status == 200;
        self.obs.push(Obs {
            t: r.t,
            path: path.to_string(),
            state,
            render: if ok { render } else { None },
            content: if ok { r.stamp_field("CONTENT") } else { None },
        });
        writeln!(
            self.events,
            "[[events]]\nat = {}\nrequest = \"{path}\"\n",
            fmt_t(r.t)
        )
        .unwrap();
        r
    }

    /// `n` concurrent GETs of `path` at `t`; in the scenario they are one request event with
    /// `at = [t, t, ...]` at the first send time. Returns the index range in `obs`.
    fn burst_at(&mut self, t: f64, path: &str, n: usize) -> std::ops::Range<usize> {
        self.http.sleep_until(t);
        let url = format!("{}{path}", self.base());
        let rs = self.http.get_concurrent(&vec![url; n]);
        let first = self.obs.len();
        let at = rs.iter().map(|r| r.t).fold(f64::INFINITY, f64::min);
        for r in &rs {
            let state = r.next_state();
            if state == "MISS" || state == "REVALIDATED" {
                self.blocking.push(r.latency);
            }
            self.obs.push(Obs {
                t: r.t,
                path: path.to_string(),
                state,
                render: r.stamp_field("RENDERED_AT"),
                content: r.stamp_field("CONTENT"),
            });
        }
        let ats = vec![fmt_t(at); n].join(", ");
        writeln!(
            self.events,
            "[[events]]\nat = [{ats}]\nrequest = \"{path}\"\n"
        )
        .unwrap();
        first..self.obs.len()
    }

    /// POST /api/revalidate; the event time is when the answer arrived (invalidation done).
    fn revalidate_at(&mut self, t: f64, body: Value, scenario_event: &str) {
        self.http.sleep_until(t);
        let r = next_revalidate(&self.http, self.next(), body);
        let at = r.t + r.latency;
        writeln!(
            self.events,
            "[[events]]\nat = {}\n{scenario_event}\n",
            fmt_t(at)
        )
        .unwrap();
    }

    fn base(&self) -> String {
        match &self.target {
            Target::Next(n) => n.base(),
            Target::Cache { base } => base.clone(),
        }
    }

    fn next(&self) -> &NextServer {
        match &self.target {
            Target::Next(n) => n,
            Target::Cache { .. } => panic!("not a next start schedule"),
        }
    }

    /// Restart `next start` (same .next copy); the scenario's `restart` event is placed when
    /// the new process is ready.
    fn restart_at(&mut self, t: f64) {
        self.http.sleep_until(t);
        match &mut self.target {
            Target::Next(n) => n.restart(),
            Target::Cache { .. } => panic!("not a next start schedule"),
        }
        let at = self.http.now();
        writeln!(self.events, "[[events]]\nat = {}\nrestart = 0\n", fmt_t(at)).unwrap();
    }

    /// Record an upstream change made by `change` (file write etc.) as a content_change event.
    fn change_at(&mut self, t: f64, target: &str, change: impl FnOnce()) {
        self.http.sleep_until(t);
        change();
        let at = self.http.now();
        writeln!(
            self.events,
            "[[events]]\nat = {}\ncontent_change = \"{target}\"\n",
            fmt_t(at)
        )
        .unwrap();
    }

    fn content_at(&mut self, t: f64, file: &str, value: &str, target: &str) {
        self.http.sleep_until(t);
        self.next().set_content(file, value);
        let at = self.http.now();
        writeln!(
            self.events,
            "[[events]]\nat = {}\ncontent_change = \"{target}\"\n",
            fmt_t(at)
        )
        .unwrap();
    }

    fn fail_at(&mut self, t: f64, fail: bool) {
        self.http.sleep_until(t);
        self.next().set_fail(fail);
        let at = self.http.now();
        if fail {
            self.fail_since = Some(at);
        } else if let Some(s) = self.fail_since.take() {
            self.failure_windows.push((s, at));
        }
    }

    fn states(&self) -> Vec<String> {
        self.obs.iter().map(|o| o.state.clone()).collect()
    }

    /// Median blocking-render latency in ms (at least 1), the scenario's render_time.
    fn render_ms(&self) -> u64 {
        let mut v = self.blocking.clone();
        if v.is_empty() {
            return 20;
        }
        v.sort_by(|a, b| a.partial_cmp(b).unwrap());
        ((v[v.len() / 2] * 1000.0).round() as u64).max(1)
    }

    fn failure_windows_toml(&self) -> String {
        let mut w = self.failure_windows.clone();
        if let Some(s) = self.fail_since {
            w.push((s, 1.0e6));
        }
        if w.is_empty() {
            return String::new();
        }
        let parts: Vec<String> = w
            .iter()
            .map(|(a, b)| format!("[{}, {}]", fmt_t(*a), fmt_t(*b)))
            .collect();
        format!("failure_windows = [{}]\n", parts.join(", "))
    }

    /// The scenario file: `routes` are `[[routes]]` blocks without render_time/failure_windows
    /// (added here for the route named `failing_route`, if any).
    fn scenario(&self, routes: &[(&str, &str)], failing_route: Option<&str>) -> String {
        let mut s = match self.target {
            Target::Next(_) => format!(
                "# generated by tests/e2e/conformance.rs from a real `next start` run\n\
                 platform = \"next-start\"\nseed = 1\nbuilt_ago = \"{}s\"\n\n",
                next_build_age_secs()
            ),
            Target::Cache { .. } => {
                "# generated by tests/e2e/conformance.rs from a real Varnish run\n\
                 platform = \"cdn\"\nseed = 1\n\n"
                    .to_string()
            }
        };
        let rt = self.render_ms();
        for (path, body) in routes {
            write!(
                s,
                "[[routes]]\npath = \"{path}\"\n{body}\nrender_time = \"{rt}ms\"\n"
            )
            .unwrap();
            if failing_route == Some(path) {
                s.push_str(&self.failure_windows_toml());
            }
            s.push('\n');
        }
        s.push_str(&self.events);
        s
    }

    fn observed_table(&self) -> String {
        self.obs
            .iter()
            .map(|o| {
                format!(
                    "  t={:7.3} {:<14} {:<8} content={:?} rendered_at={:?}",
                    o.t, o.path, o.state, o.content, o.render
                )
            })
            .collect::<Vec<_>>()
            .join("\n")
    }
}

/// Age of the fixture build at t0, whole seconds (the copy keeps the build's mtimes).
fn next_build_age_secs() -> u64 {
    std::time::SystemTime::now()
        .duration_since(next_build_time())
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

/// One predicted request.
#[derive(Debug, Clone)]
struct Pred {
    t: f64,
    path: String,
    served: String,
    version: Option<String>,
}

/// Run `isrctl simulate SCENARIO --format json --timeline` and return its request events.
fn simulate(scenario: &str) -> (Vec<Pred>, String) {
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
fn normalize<'x>(items: impl Iterator<Item = (&'x str, Option<&'x str>)>) -> Vec<Option<usize>> {
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
fn check(name: &str, sched: &Schedule, expected_real: &[&str], scenario: &str) {
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
fn retry_on_reality(f: impl Fn()) {
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

const POSTS_ROUTE: &str =
    "revalidate = 5\nprerender = [\"/posts/1\", \"/posts/2\"]\ndynamic_params = true";

/// (a) Time-based expiry on an on-demand path: MISS, HIT.., past revalidate STALE (background
/// render), HIT with the new render, again STALE after the next period, HIT.
#[test]
fn conformance_time_based_expiry() {
    let _g = serial();
    require_all();
    retry_on_reality(|| {
        let mut next = NextServer::start();
        let mut s = Schedule::new(&mut next);
        let p = "/posts/41";
        for t in [0.0, 1.0, 3.0, 5.8, 6.6, 9.0, 11.6, 12.4] {
            s.get_at(t, p);
        }
        let scenario = s.scenario(&[("/posts/[id]", POSTS_ROUTE)], None);
        check(
            "time-based expiry",
            &s,
            &["MISS", "HIT", "HIT", "STALE", "HIT", "HIT", "STALE", "HIT"],
            &scenario,
        );
    });
}

/// (e) A prerendered page whose build entry is older than revalidate: the very first request
/// after start is STALE (build body), the next HIT (runtime render).
#[test]
fn conformance_prerendered_build_entry_is_stale() {
    let _g = serial();
    require_all();
    retry_on_reality(|| {
        assert!(
            next_build_age_secs() >= 6,
            "the fixture build is younger than /isr's revalidate (5 s); this schedule needs it older"
        );
        let mut next = NextServer::start();
        let mut s = Schedule::new(&mut next);
        let r = s.get_at(0.0, "/isr");
        assert_eq!(
            r.stamp_field("PHASE").as_deref(),
            Some("build"),
            "REALITY CHECK: {r:?}"
        );
        s.get_at(0.8, "/isr");
        s.get_at(1.6, "/isr");
        let scenario = s.scenario(&[("/isr", "revalidate = 5")], None);
        check(
            "prerendered build entry",
            &s,
            &["STALE", "HIT", "HIT"],
            &scenario,
        );
    });
}

/// (b) revalidatePath is hard on next start: MISS (blocking, new content), then HIT.
#[test]
fn conformance_revalidate_path_hard() {
    let _g = serial();
    require_all();
    retry_on_reality(|| {
        let mut next = NextServer::start();
        let mut s = Schedule::new(&mut next);
        let p = "/posts/42";
        s.get_at(0.0, p);
        s.get_at(0.6, p);
        s.content_at(1.0, "post-42", "v2", p);
        s.get_at(1.3, p);
        s.revalidate_at(
            1.6,
            json!({ "path": p }),
            &format!("revalidate_path = \"{p}\""),
        );
        let r = s.get_at(2.0, p);
        assert_eq!(
            r.stamp_field("CONTENT").as_deref(),
            Some("v2"),
            "REALITY CHECK: {r:?}"
        );
        s.get_at(2.6, p);
        let scenario = s.scenario(&[("/posts/[id]", POSTS_ROUTE)], None);
        check(
            "revalidatePath",
            &s,
            &["MISS", "HIT", "HIT", "MISS", "HIT"],
            &scenario,
        );
    });
}

/// (c) revalidateTag: profile 'max' is soft (STALE with the old body, then HIT with the new);
/// one-arg and {expire: 0} are hard (MISS, then HIT).
#[test]
fn conformance_revalidate_tag_soft_and_hard() {
    let _g = serial();
    require_all();
    retry_on_reality(|| {
        let mut next = NextServer::start();
        let mut s = Schedule::new(&mut next);
        let p = "/tagged";
        // Known state at t0: hard-invalidate the build entry, so the first request renders (MISS).
        s.revalidate_at(
            0.0,
            json!({ "path": p }),
            &format!("revalidate_path = \"{p}\""),
        );
        s.get_at(0.3, p);
        s.get_at(0.9, p);
        // soft
        s.content_at(1.2, "posts", "v2", "tag:posts");
        s.revalidate_at(
            1.4,
            json!({ "tag": "posts", "profile": "max" }),
            "revalidate_tag = \"posts\"\nmode = \"soft\"",
        );
        let r = s.get_at(1.8, p);
        assert_eq!(
            r.stamp_field("CONTENT").as_deref(),
            Some("initial"),
            "{r:?}"
        );
        let r = s.get_at(2.7, p);
        assert_eq!(
            r.stamp_field("CONTENT").as_deref(),
            Some("v2"),
            "REALITY CHECK: {r:?}"
        );
        // hard: one-arg revalidateTag
        s.content_at(3.1, "posts", "v3", "tag:posts");
        s.revalidate_at(3.3, json!({ "tag": "posts" }), "revalidate_tag = \"posts\"");
        let r = s.get_at(3.7, p);
        assert_eq!(
            r.stamp_field("CONTENT").as_deref(),
            Some("v3"),
            "REALITY CHECK: {r:?}"
        );
        s.get_at(4.3, p);
        // hard: {expire: 0}
        s.content_at(4.6, "posts", "v4", "tag:posts");
        s.revalidate_at(
            4.8,
            json!({ "tag": "posts", "profile": "expire0" }),
            "revalidate_tag = \"posts\"\nmode = \"hard\"",
        );
        let r = s.get_at(5.2, p);
        assert_eq!(
            r.stamp_field("CONTENT").as_deref(),
            Some("v4"),
            "REALITY CHECK: {r:?}"
        );
        s.get_at(5.8, p);
        let scenario = s.scenario(&[(p, "revalidate = 3600\ntags = [\"posts\"]")], None);
        check(
            "revalidateTag",
            &s,
            &["MISS", "HIT", "STALE", "HIT", "MISS", "HIT", "MISS", "HIT"],
            &scenario,
        );
    });
}

/// (d) Failing regeneration: background failure = STALE once, then the OLD body as HIT for a
/// whole revalidate period, STALE again (one retry per period); after a hard invalidation
/// while failing, every request is a 500; recovery = MISS then HIT.
#[test]
fn conformance_failing_regeneration() {
    let _g = serial();
    require_all();
    retry_on_reality(|| {
        let mut next = NextServer::start();
        let mut s = Schedule::new(&mut next);
        let p = "/flaky";
        s.revalidate_at(
            0.0,
            json!({ "path": p }),
            &format!("revalidate_path = \"{p}\""),
        );
        let first = s.get_at(0.3, p);
        s.fail_at(0.8, true);
        s.get_at(1.3, p);
        s.get_at(5.9, p); // STALE, background render fails, old entry re-stamped
        s.get_at(6.7, p); // HIT old
        s.get_at(9.5, p); // HIT old (within the re-stamped period)
        s.get_at(11.7, p); // STALE again: one retry per period
        s.get_at(12.5, p); // HIT old
        let old = first.stamp_field("RENDERED_AT");
        for o in &s.obs[1..] {
            assert_eq!(
                o.render, old,
                "REALITY CHECK: old body expected while failing: {o:?}"
            );
        }
        s.revalidate_at(
            12.9,
            json!({ "path": p }),
            &format!("revalidate_path = \"{p}\""),
        );
        s.get_at(13.2, p); // 500
        s.get_at(13.5, p); // 500 again (no backoff)
        s.fail_at(13.8, false);
        s.get_at(14.1, p); // MISS
        s.get_at(14.6, p); // HIT
        let scenario = s.scenario(&[(p, "revalidate = 5")], Some(p));
        check(
            "failing regeneration",
            &s,
            &[
                "MISS", "HIT", "STALE", "HIT", "HIT", "STALE", "HIT", "500", "500", "MISS", "HIT",
            ],
            &scenario,
        );
    });
}

/// (f) Soft invalidation while renders fail (revalidateTag(implicit path tag, 'max')): STALE once
/// with the old body, then HIT old (the invalidation is consumed by the failed attempt, the old
/// entry re-stamped); retries once per period; after the failure ends the next STALE
/// regenerates and the HIT after it has the new render.
#[test]
fn conformance_soft_invalidation_while_failing_then_recovery() {
    let _g = serial();
    require_all();
    retry_on_reality(|| {
        let mut next = NextServer::start();
        let mut s = Schedule::new(&mut next);
        let p = "/flaky";
        let tag = "_N_T_/flaky";
        s.revalidate_at(
            0.0,
            json!({ "path": p }),
            &format!("revalidate_path = \"{p}\""),
        );
        s.get_at(0.3, p); // MISS
        s.fail_at(0.6, true);
        s.revalidate_at(
            0.9,
            json!({ "tag": tag, "profile": "max" }),
            &format!("revalidate_tag = \"{tag}\"\nmode = \"soft\""),
        );
        s.get_at(1.2, p); // STALE, background render fails, old entry re-stamped
        s.get_at(2.0, p); // HIT old
        s.get_at(4.0, p); // HIT old
        s.get_at(6.9, p); // STALE: one retry per period, fails again
        s.fail_at(7.3, false);
        s.get_at(7.7, p); // HIT old
        s.get_at(12.5, p); // STALE, background render succeeds
        s.get_at(13.3, p); // HIT new
        let old = s.obs[0].render.clone();
        for o in &s.obs[1..7] {
            assert_eq!(
                o.render, old,
                "REALITY CHECK: old body expected while failing: {o:?}"
            );
        }
        assert_ne!(
            s.obs[7].render, old,
            "REALITY CHECK: recovered render expected"
        );
        let scenario = s.scenario(
            &[(p, &format!("revalidate = 5\ntags = [\"{tag}\"]"))],
            Some(p),
        );
        check(
            "soft invalidation while failing",
            &s,
            &[
                "MISS", "STALE", "HIT", "HIT", "STALE", "HIT", "STALE", "HIT",
            ],
            &scenario,
        );
    });
}

/// (g) Restart of `next start`: a pending hard invalidation is lost (HIT with the old body
/// after the restart), entries on disk survive with their age (an on-demand entry written
/// before the restart goes STALE 5 s after it was written, not after the restart).
#[test]
fn conformance_restart_loses_pending_invalidation() {
    let _g = serial();
    require_all();
    retry_on_reality(|| {
        let mut next = NextServer::start();
        let mut s = Schedule::new(&mut next);
        let t = "/tagged";
        let p = "/posts/81";
        s.revalidate_at(
            0.0,
            json!({ "path": t }),
            &format!("revalidate_path = \"{t}\""),
        );
        s.get_at(0.2, t); // MISS
        s.get_at(0.4, p); // MISS (on demand)
        s.get_at(0.8, t); // HIT
        s.content_at(1.0, "posts", "lost", "tag:posts");
        s.revalidate_at(
            1.2,
            json!({ "path": t }),
            &format!("revalidate_path = \"{t}\""),
        );
        s.restart_at(1.4);
        let after = s.http.now().max(3.0);
        let r = s.get_at(after, t); // HIT, old body: the invalidation was lost
        assert_eq!(
            r.stamp_field("CONTENT").as_deref(),
            Some("initial"),
            "{r:?}"
        );
        s.get_at(after + 0.3, p); // HIT from disk
        s.get_at(6.3, p); // STALE (written at ~0.45)
        s.get_at(7.1, p); // HIT new
        s.get_at(7.3, t); // still HIT old
        let scenario = s.scenario(
            &[
                (t, "revalidate = 3600\ntags = [\"posts\"]"),
                ("/posts/[id]", POSTS_ROUTE),
            ],
            None,
        );
        check(
            "restart",
            &s,
            &["MISS", "MISS", "HIT", "HIT", "HIT", "STALE", "HIT", "HIT"],
            &scenario,
        );
    });
}

/// (h) The `cdn` profile against Varnish in front of the origin with
/// `Cache-Control: s-maxage=2, stale-while-revalidate=2`: MISS, HIT, STALE inside the SWR
/// window (background fetch), HIT with the new object, and past s-maxage + swr a MISS
/// (the object is gone), then HIT.
#[test]
fn conformance_cdn_profile_vs_varnish() {
    let _g = serial();
    require_all();
    retry_on_reality(|| {
        let origin = Origin::start();
        origin.set_cache_control(Some("public, s-maxage=2, stale-while-revalidate=2"));
        let varnish = Varnish::start(origin.port);
        let mut s = Schedule::with_target(Target::Cache {
            base: varnish.url(""),
        });
        let p = "/cdn/a";
        s.get_at(0.0, p); // MISS
        s.get_at(0.8, p); // HIT
        s.change_at(1.2, p, || origin.set_version(2));
        s.get_at(2.7, p); // STALE (age 2.7 < 2 + 2), background fetch
        s.get_at(3.3, p); // HIT, new object fetched at ~2.7
        s.change_at(3.6, p, || origin.set_version(3));
        s.get_at(7.6, p); // MISS: age 4.9 > s-maxage + swr
        s.get_at(8.2, p); // HIT
        let scenario = s.scenario(&[(p, "revalidate = 2\nexpire = 4\nprerender = []")], None);
        check(
            "cdn vs Varnish",
            &s,
            &["MISS", "HIT", "STALE", "HIT", "MISS", "HIT"],
            &scenario,
        );
    });
}

/// (i) Thundering herds on one path: 8 concurrent requests for a never-rendered on-demand page,
/// and 8 concurrent requests right after it expired. Compared per burst as a multiset of states
/// (arrival order inside a burst is not observable), plus the number of renders (Next.js
/// renders.log vs the simulator's render events): one render per path per instance at a time.
#[test]
fn conformance_thundering_herds() {
    let _g = serial();
    require_all();
    retry_on_reality(|| {
        let mut next = NextServer::start();
        let p = "/posts/91";
        let mut s = Schedule::new(&mut next);
        let cold = s.burst_at(0.0, p, 8);
        s.get_at(1.0, p);
        let warm = s.burst_at(5.8, p, 8);
        s.get_at(6.8, p);
        let scenario = s.scenario(&[("/posts/[id]", POSTS_ROUTE)], None);
        let renders_real = s.next().renders(p);
        let sorted = |v: &[String], r: &std::ops::Range<usize>| {
            let mut g = v[r.clone()].to_vec();
            g.sort();
            g
        };
        let observed = s.states();
        eprintln!(
            "observed herd:\n{}\nrenders: {renders_real}",
            s.observed_table()
        );
        let planned: Vec<&str> =
            [vec!["MISS"; 8], vec!["HIT"], vec!["STALE"; 8], vec!["HIT"]].concat();
        assert_eq!(
            observed,
            planned,
            "REALITY CHECK: herds did not go as planned:\n{}",
            s.observed_table()
        );
        let (preds, raw) = simulate(&scenario);
        let predicted: Vec<String> = preds.iter().map(|p| p.served.clone()).collect();
        let renders_pred = serde_json::from_str::<Value>(raw.trim()).unwrap()["timeline"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e["type"] == "render" && e["path"] == p)
            .count();
        let msg = format!(
            "observed:\n{}\nrenders observed {renders_real}\npredicted: {predicted:?}\nrenders predicted {renders_pred}\nscenario:\n{scenario}",
            s.observed_table()
        );
        assert_eq!(predicted.len(), observed.len(), "{msg}");
        assert_eq!(
            sorted(&predicted, &cold),
            sorted(&observed, &cold),
            "cold herd\n{msg}"
        );
        assert_eq!(predicted[cold.end], observed[cold.end], "{msg}");
        assert_eq!(
            sorted(&predicted, &warm),
            sorted(&observed, &warm),
            "stale herd\n{msg}"
        );
        assert_eq!(predicted[warm.end], observed[warm.end], "{msg}");
        assert_eq!(renders_pred, renders_real, "renders\n{msg}");
    });
}

/// The harness never skips: a missing component is a failure that says how to install it.
#[test]
#[should_panic(expected = "run `bash tests/setup-e2e.sh`")]
fn harness_missing_component_fails_loudly() {
    require_bin("isrctl-e2e-no-such-server");
}
