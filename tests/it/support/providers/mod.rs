//! Local mock servers (wiremock on 127.0.0.1:0) that enforce the documented contracts of the purge
//! and revalidation APIs, can be scripted to fail (429 + Retry-After, 5xx), record every request,
//! and echo the credentials they received in error bodies (to prove the CLI redacts them).

use serde_json::{Value, json};
use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

mod akamai;
pub mod cloudfront;
mod contracts;
mod sigv4_check;
pub use akamai::{
    AK_ACCESS_TOKEN, AK_CLIENT_SECRET, AK_CLIENT_TOKEN, AK_MAX_BODY, signed_post, write_edgerc,
};
pub use contracts::CF_ZONE;
use contracts::*;

pub const TOKEN: &str = "tok-SECRET-4f9a2c7e1b";
pub const APP_SECRET: &str = "app-SECRET-93kd02mz";
pub const PREVIEW_ID: &str = "c5c8be3e71dd49cd427995f91788717a";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Api {
    Vercel,
    Cloudflare,
    Fastly,
    Netlify,
    /// Akamai Fast Purge v3 with EdgeGrid signatures (`akamai.rs`).
    Akamai,
    Varnish,
    /// A Next.js route handler at /api/revalidate; the secret is expected where `SecretAt` says.
    NextRoute(SecretAt),
    /// A Next.js page answering `x-nextjs-cache`, REVALIDATED only for the right preview-mode id.
    NextPage,
    /// A whole app: /api/revalidate (secret in the body), or a `PURGE` of any URL, bumps the
    /// content version of every page.
    NextApp,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SecretAt {
    Body,
    Query,
    Header,
}

/// What the mock received.
#[derive(Debug, Clone)]
pub struct Received {
    pub method: String,
    pub path: String,
    pub query: String,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Received {
    /// What wiremock handed the responder, as the contracts read it.
    pub fn of(req: &Request) -> Received {
        Received {
            method: req.method.to_string(),
            path: req.url.path().to_string(),
            query: req.url.query().unwrap_or_default().to_string(),
            headers: req
                .headers
                .iter()
                .map(|(n, v)| (n.to_string(), v.to_str().unwrap_or_default().to_string()))
                .collect(),
            body: String::from_utf8_lossy(&req.body).to_string(),
        }
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or(Value::Null)
    }
}

#[derive(Default)]
struct State {
    received: Vec<Received>,
    /// Answers to give before the contract is checked: (status, Retry-After).
    script: VecDeque<(u16, Option<String>)>,
    /// Cloudflare's per-request cap.
    cap: usize,
    /// Items (tags, keys) whose requests fail with this status, to test partial failure.
    poison: Option<(String, u16)>,
    /// NextApp: content generation, bumped by each successful revalidation.
    generation: u32,
}

pub struct MockApi {
    pub server: MockServer,
    state: Arc<Mutex<State>>,
    /// Owned so the server's runtime lives as long as the mock.
    #[allow(dead_code)]
    rt: tokio::runtime::Runtime,
}

impl MockApi {
    pub fn start(api: Api) -> MockApi {
        Self::start_with(api, None)
    }
    /// A mock on `listener` (e.g. 127.0.0.2 on another mock's port: a second pod behind one name).
    pub fn start_on(api: Api, listener: std::net::TcpListener) -> MockApi {
        Self::start_with(api, Some(listener))
    }
    fn start_with(api: Api, listener: Option<std::net::TcpListener>) -> MockApi {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        let server = rt.block_on(match listener {
            Some(l) => MockServer::builder().listener(l).start(),
            None => MockServer::builder().start(),
        });
        let state = Arc::new(Mutex::new(State {
            cap: 30,
            ..Default::default()
        }));
        let responder = Responder {
            api,
            state: state.clone(),
        };
        rt.block_on(Mock::given(any()).respond_with(responder).mount(&server));
        MockApi { server, state, rt }
    }
    pub fn uri(&self) -> String {
        self.server.uri()
    }
    /// The next `n` requests get `status` (with `Retry-After` when given) and an error body that
    /// echoes the credentials they carried.
    pub fn fail_next(&self, n: usize, status: u16, retry_after: Option<&str>) {
        let mut s = self.state.lock().unwrap();
        for _ in 0..n {
            s.script.push_back((status, retry_after.map(String::from)));
        }
    }
    /// Every request whose body mentions `item` fails with `status`.
    pub fn poison(&self, item: &str, status: u16) {
        self.state.lock().unwrap().poison = Some((item.to_string(), status));
    }
    pub fn received(&self) -> Vec<Received> {
        self.state.lock().unwrap().received.clone()
    }
}

struct Responder {
    api: Api,
    state: Arc<Mutex<State>>,
}

impl Respond for Responder {
    fn respond(&self, req: &Request) -> ResponseTemplate {
        let rec = Received::of(req);
        let mut st = self.state.lock().unwrap();
        st.received.push(rec.clone());
        // Everything the client sent that could be a credential, echoed back on errors.
        let echo = format!(
            "auth={:?} key={:?} query={} body={}",
            rec.header("authorization"),
            rec.header("fastly-key"),
            rec.query,
            rec.body
        );
        if let Some((status, ra)) = st.script.pop_front() {
            let mut t = if self.api == Api::Akamai {
                akamai::scripted(status, &echo)
            } else {
                err_json(
                    status,
                    json!({"success": false, "errors": [{"code": 10000, "message": format!("scripted failure; you sent {echo}")}],
                       "error": {"code": "scripted", "message": format!("scripted failure; you sent {echo}")},
                       "msg": format!("scripted failure; you sent {echo}")}),
                )
            };
            if let Some(ra) = ra {
                t = t.insert_header("retry-after", ra.as_str());
            }
            return t;
        }
        if let Some((item, status)) = &st.poison
            && rec.body.contains(item.as_str())
        {
            return err_json(
                *status,
                json!({"success": false, "errors": [{"code": 1, "message": format!("poisoned item; you sent {echo}")}], "error": {"message": "poisoned"}}),
            );
        }
        let cap = st.cap;
        if self.api == Api::NextApp {
            // A Varnish-style PURGE of any page also brings new content (for `purge --verify`).
            if rec.method == "PURGE" {
                st.generation += 1;
                return ResponseTemplate::new(200);
            }
            if rec.path != "/api/revalidate" {
                let g = st.generation;
                return ResponseTemplate::new(200)
                    .insert_header("x-nextjs-cache", "HIT")
                    .insert_header("etag", format!("\"v{g}\"").as_str())
                    .set_body_string(format!("<html>generation {g}</html>"));
            }
            let (ok, t) = next_route(&rec, SecretAt::Body, &echo);
            if ok {
                st.generation += 1;
            }
            return t;
        }
        drop(st);
        match self.api {
            Api::Vercel => vercel(&rec, &echo),
            Api::Cloudflare => cloudflare(&rec, &echo, cap),
            Api::Fastly => fastly(&rec, &echo),
            Api::Netlify => netlify(&rec, &echo),
            Api::Akamai => akamai::akamai(&rec, &echo),
            Api::Varnish => varnish(&rec),
            Api::NextRoute(at) => next_route(&rec, at, &echo).1,
            Api::NextPage | Api::NextApp => next_page(&rec),
        }
    }
}

/// The real binary with a clean environment: no config lookup, fast retries, and a terminal wide
/// enough that table cells are not wrapped (tests read the words; layout tests set COLUMNS).
pub fn isrctl() -> assert_cmd::Command {
    let mut c = assert_cmd::Command::new(env!("CARGO_BIN_EXE_isrctl"));
    c.env_clear()
        .env("ISRCTL_RETRY_BASE_DELAY", "5ms")
        .env("NO_COLOR", "1")
        .env("COLUMNS", "1000")
        .arg("--no-config");
    c
}

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

pub fn run(cmd: &mut assert_cmd::Command) -> Run {
    let o = cmd.output().unwrap();
    Run {
        code: o.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&o.stdout).to_string(),
        stderr: String::from_utf8_lossy(&o.stderr).to_string(),
    }
}
