//! The schedule recorder: drives a real server at planned offsets and writes the matching
//! scenario events.

use crate::servers::*;
use serde_json::Value;
use std::fmt::Write as _;

/// One observed request.
#[derive(Debug, Clone)]
pub(super) struct Obs {
    pub(super) t: f64,
    pub(super) path: String,
    pub(super) state: String,
    /// The render that was served (RENDERED_AT of the stamp), for 200s.
    pub(super) render: Option<String>,
    pub(super) content: Option<String>,
}

/// Records a schedule against the real server and the matching scenario events.
pub(super) struct Schedule<'a> {
    pub(super) http: Http,
    pub(super) target: Target<'a>,
    pub(super) obs: Vec<Obs>,
    /// `[[events]]` blocks, in time order.
    pub(super) events: String,
    /// When `/flaky` started failing (for failure_windows).
    pub(super) fail_since: Option<f64>,
    pub(super) failure_windows: Vec<(f64, f64)>,
    /// Latencies of blocking renders (MISS), to estimate the render time.
    pub(super) blocking: Vec<f64>,
    /// Render durations read from the slow page's stamps (RENDERED_AT to DONE_AT).
    pub(super) render_spans: Vec<f64>,
    /// Requests sent on their own threads (they may wait on a render), not yet recorded.
    pub(super) pending: Vec<(String, std::thread::JoinHandle<Resp>)>,
    /// How far past a whole wall-clock second t0 is (nginx's clock ticks in seconds).
    pub(super) clock_phase: f64,
}

pub(super) fn fmt_t(t: f64) -> String {
    format!("{t:.3}")
}

/// What the schedule drives: a real `next start`, or a cache (Varnish) in front of the origin.
pub(super) enum Target<'a> {
    Next(&'a mut NextServer),
    Cache { base: String, nginx: bool },
}

impl<'a> Schedule<'a> {
    pub(super) fn new(next: &'a mut NextServer) -> Self {
        Self::with_target(Target::Next(next))
    }

    pub(super) fn with_target(target: Target<'a>) -> Self {
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
            render_spans: Vec::new(),
            pending: Vec::new(),
            clock_phase: 0.0,
        }
    }

    pub(super) fn get_at(&mut self, t: f64, path: &str) -> Resp {
        self.http.sleep_until(t);
        let r = self.http.get(&format!("{}{path}", self.base()));
        self.record(path, &r);
        r
    }

    /// Record one response as an observation and its request as a scenario event.
    pub(super) fn record(&mut self, path: &str, r: &Resp) {
        self.observe(path, r);
        writeln!(
            self.events,
            "[[events]]\nat = {}\nrequest = \"{path}\"\n",
            fmt_t(r.t)
        )
        .unwrap();
    }

    /// Record one response as an observation.
    fn observe(&mut self, path: &str, r: &Resp) {
        let state = match self.target {
            Target::Next(_) => r.next_state(),
            // nginx's X-Cache-Status, Varnish's VCL-added X-Cache (MISS/HIT/STALE), or the
            // status when not 200.
            Target::Cache { nginx, .. } if r.status == 200 => r
                .header(if nginx { "x-cache-status" } else { "x-cache" })
                .unwrap_or_else(|| "NONE".into()),
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
        if let Some(span) = render_span(r) {
            self.render_spans.push(span);
        }
        let ok = r.status == 200;
        self.obs.push(Obs {
            t: r.t,
            path: path.to_string(),
            state,
            render: if ok { render } else { None },
            content: if ok { r.stamp_field("CONTENT") } else { None },
        });
    }

    /// `n` concurrent GETs of `path` at `t`; in the scenario they are one request event with
    /// `at = [t, t, ...]` at the first send time. Returns the index range in `obs`.
    pub(super) fn burst_at(&mut self, t: f64, path: &str, n: usize) -> std::ops::Range<usize> {
        self.http.sleep_until(t);
        let url = format!("{}{path}", self.base());
        let rs = self.http.get_concurrent(&vec![url; n]);
        let first = self.obs.len();
        let at = rs.iter().map(|r| r.t).fold(f64::INFINITY, f64::min);
        for r in &rs {
            self.observe(path, r);
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
    pub(super) fn revalidate_at(&mut self, t: f64, body: Value, scenario_event: &str) {
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

    /// Restart t0 at `phase` seconds past a whole second of the wall clock, so that a cache
    /// whose clock ticks in whole seconds (nginx) sees TTL boundaries where the plan expects.
    pub(super) fn align_t0(&mut self, phase: f64) {
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_secs_f64();
        let wait = (phase - now.fract()).rem_euclid(1.0);
        std::thread::sleep(std::time::Duration::from_secs_f64(wait));
        self.http.reset_t0();
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_secs_f64();
        self.clock_phase = now.fract();
    }

    pub(super) fn base(&self) -> String {
        match &self.target {
            Target::Next(n) => n.base(),
            Target::Cache { base, .. } => base.clone(),
        }
    }

    pub(super) fn next(&self) -> &NextServer {
        match &self.target {
            Target::Next(n) => n,
            Target::Cache { .. } => panic!("not a next start schedule"),
        }
    }

    /// Restart `next start` (same .next copy); the scenario's `restart` event is placed when
    /// the new process is ready.
    pub(super) fn restart_at(&mut self, t: f64) {
        self.http.sleep_until(t);
        match &mut self.target {
            Target::Next(n) => n.restart(),
            Target::Cache { .. } => panic!("not a next start schedule"),
        }
        let at = self.http.now();
        writeln!(self.events, "[[events]]\nat = {}\nrestart = 0\n", fmt_t(at)).unwrap();
    }

    /// Record an upstream change made by `change` (file write etc.) as a content_change event.
    pub(super) fn change_at(&mut self, t: f64, target: &str, change: impl FnOnce()) {
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

    pub(super) fn content_at(&mut self, t: f64, file: &str, value: &str, target: &str) {
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

    pub(super) fn fail_at(&mut self, t: f64, fail: bool) {
        self.http.sleep_until(t);
        self.next().set_fail(fail);
        let at = self.http.now();
        if fail {
            self.fail_since = Some(at);
        } else if let Some(s) = self.fail_since.take() {
            self.failure_windows.push((s, at));
        }
    }

    pub(super) fn states(&self) -> Vec<String> {
        self.obs.iter().map(|o| o.state.clone()).collect()
    }

    /// Median blocking-render latency in ms (at least 1), the scenario's render_time.
    pub(super) fn render_ms(&self) -> u64 {
        // The slow page says how long its render took; a blocking latency adds the response.
        let mut v = if self.render_spans.is_empty() {
            self.blocking.clone()
        } else {
            self.render_spans.iter().map(|s| s + 0.03).collect()
        };
        if v.is_empty() {
            return 20;
        }
        v.sort_by(|a, b| a.partial_cmp(b).unwrap());
        ((v[v.len() / 2] * 1000.0).round() as u64).max(1)
    }

    pub(super) fn failure_windows_toml(&self) -> String {
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
    pub(super) fn scenario(&self, routes: &[(&str, &str)], failing_route: Option<&str>) -> String {
        let mut s = match &self.target {
            Target::Next(n) => format!(
                "# generated by tests/e2e/conformance/ from a real `next start` run\n\
                 platform = \"next-start\"\nseed = 1\nbuilt_ago = \"{}s\"\n\n",
                n.build_age_secs()
            ),
            Target::Cache { nginx: false, .. } => {
                "# generated by tests/e2e/conformance/ from a real Varnish run\n\
                 platform = \"cdn\"\nseed = 1\n\n"
                    .to_string()
            }
            Target::Cache { nginx: true, .. } => format!(
                "# generated by tests/e2e/conformance/ from a real nginx run\n\
                 platform = \"cdn\"\nseed = 1\n\n[cdn]\nflavour = \"nginx\"\n\
                 clock_phase = \"{}ms\"\n\n",
                (self.clock_phase * 1000.0).round() as u64
            ),
        };
        let rt = self.render_ms();
        for (path, body) in routes {
            write!(s, "[[routes]]\npath = \"{path}\"\n{body}\n").unwrap();
            if !body.contains("render_time") {
                writeln!(s, "render_time = \"{rt}ms\"").unwrap();
            }
            if failing_route == Some(path) {
                s.push_str(&self.failure_windows_toml());
            }
            s.push('\n');
        }
        s.push_str(&self.events);
        s
    }

    pub(super) fn observed_table(&self) -> String {
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
pub(super) fn next_build_age_secs() -> u64 {
    std::time::SystemTime::now()
        .duration_since(next_build_time())
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

/// How long the render that produced this body took (the slow page stamps its end).
fn render_span(r: &Resp) -> Option<f64> {
    let at = |key: &str| -> Option<jiff::Timestamp> {
        let i = r.body.find(key)? + key.len();
        let rest = &r.body[i..];
        let end = rest.find([' ', '<', '"', '\\'])?;
        rest[..end].parse().ok()
    };
    if r.stamp_field("PHASE").as_deref() != Some("runtime") {
        return None;
    }
    let (start, done) = (at("RENDERED_AT=")?, at("DONE_AT=")?);
    Some(done.duration_since(start).as_secs_f64())
}
