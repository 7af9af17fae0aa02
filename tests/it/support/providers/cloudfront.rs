//! A mock of the CloudFront invalidation API as docs/reference/cloudfront.md describes it:
//! SigV4 checked and recomputed (403 SignatureDoesNotMatch otherwise), `CreateInvalidation`
//! (Quantity == number of Path items, paths start with `/`, the in-progress maxima of 3,000
//! individual and 15 wildcard paths enforced across requests, 201 + Location + Invalidation XML),
//! `GetInvalidation` (InProgress for a number of polls, then Completed), and scripted failures
//! (429/503/400 Throttling with Retry-After) whose bodies echo the session token received; and
//! `/site/page`, a page whose version is the number of invalidations created (for `--verify`).

use super::Received;
use super::sigv4_check::verify;
use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

pub const KEY_ID: &str = "AKIDCFTEST0001";
pub const SECRET_KEY: &str = "cfsecret-LEAKCHECK-9f2e7a61";
pub const SESSION_TOKEN: &str = "cftoken-LEAKCHECK-31abd07c";
pub const DISTRIBUTION: &str = "E2EXAMPLE1";
const NS: &str = "http://cloudfront.amazonaws.com/doc/2020-05-31/";

#[derive(Debug, Clone)]
pub struct Invalidation {
    pub id: String,
    pub caller_reference: String,
    pub paths: Vec<String>,
    /// GetInvalidation answers InProgress this many more times, then Completed.
    polls_left: u32,
}

impl Invalidation {
    pub fn in_progress(&self) -> bool {
        self.polls_left > 0
    }
}

struct State {
    received: Vec<Received>,
    created: Vec<Invalidation>,
    script: VecDeque<(u16, &'static str, Option<String>)>,
    /// Whether requests must carry the session token.
    token: Option<String>,
    /// How many GetInvalidation answers say InProgress before Completed.
    polls: u32,
}

pub struct CloudFrontMock {
    pub server: MockServer,
    state: Arc<Mutex<State>>,
    #[allow(dead_code)]
    rt: tokio::runtime::Runtime,
}

impl CloudFrontMock {
    /// Accepts `KEY_ID`/`SECRET_KEY`; with `token`, also requires `SESSION_TOKEN`.
    pub fn start(token: bool) -> CloudFrontMock {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        let server = rt.block_on(MockServer::builder().start());
        let state = Arc::new(Mutex::new(State {
            received: Vec::new(),
            created: Vec::new(),
            script: VecDeque::new(),
            token: token.then(|| SESSION_TOKEN.to_string()),
            polls: 1,
        }));
        let r = Responder {
            state: state.clone(),
            base: server.uri(),
        };
        rt.block_on(Mock::given(any()).respond_with(r).mount(&server));
        CloudFrontMock { server, state, rt }
    }
    pub fn uri(&self) -> String {
        self.server.uri()
    }
    /// GetInvalidation says InProgress `n` times, then Completed.
    pub fn polls_before_completed(&self, n: u32) {
        self.state.lock().unwrap().polls = n;
    }
    /// The next `n` requests get `status` with error `code` (and Retry-After when given).
    pub fn fail_next(&self, n: usize, status: u16, code: &'static str, retry_after: Option<&str>) {
        let mut s = self.state.lock().unwrap();
        for _ in 0..n {
            s.script
                .push_back((status, code, retry_after.map(String::from)));
        }
    }
    /// Every invalidation so far completes (the next run starts with none in progress).
    pub fn complete_all(&self) {
        for i in &mut self.state.lock().unwrap().created {
            i.polls_left = 0;
        }
    }
    pub fn received(&self) -> Vec<Received> {
        self.state.lock().unwrap().received.clone()
    }
    pub fn created(&self) -> Vec<Invalidation> {
        self.state.lock().unwrap().created.clone()
    }
}

struct Responder {
    state: Arc<Mutex<State>>,
    base: String,
}

fn xml_error(status: u16, code: &str, message: &str) -> ResponseTemplate {
    let kind = if status >= 500 { "Receiver" } else { "Sender" };
    ResponseTemplate::new(status)
        .insert_header("content-type", "text/xml")
        .insert_header("x-amz-request-id", "mock-request-1")
        .set_body_string(format!(
            "<?xml version=\"1.0\"?>\n<ErrorResponse xmlns=\"{NS}\"><Error><Type>{kind}</Type>\
             <Code>{code}</Code><Message>{}</Message></Error><RequestId>mock-request-1</RequestId>\
             </ErrorResponse>",
            message.replace('&', "&amp;").replace('<', "&lt;")
        ))
}

/// The text of every `<name>` element (no nesting inside it), unescaped.
fn all_text(body: &str, name: &str) -> Vec<String> {
    let open = format!("<{name}>");
    let close = format!("</{name}>");
    body.split(&open)
        .skip(1)
        .filter_map(|s| s.split_once(&close).map(|(t, _)| t))
        .map(|t| {
            t.replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&amp;", "&")
        })
        .collect()
}

fn invalidation_xml(i: &Invalidation, status: &str) -> String {
    let items: String = i
        .paths
        .iter()
        .map(|p| format!("<Path>{}</Path>", p.replace('&', "&amp;")))
        .collect();
    format!(
        "<?xml version=\"1.0\"?>\n<Invalidation xmlns=\"{NS}\"><Id>{}</Id><Status>{status}</Status>\
         <CreateTime>2026-12-02T14:00:00.000Z</CreateTime><InvalidationBatch><CallerReference>{}\
         </CallerReference><Paths><Quantity>{}</Quantity><Items>{items}</Items></Paths>\
         </InvalidationBatch></Invalidation>",
        i.id,
        i.caller_reference,
        i.paths.len()
    )
}

impl Respond for Responder {
    fn respond(&self, req: &Request) -> ResponseTemplate {
        let rec = Received::of(req);
        let mut st = self.state.lock().unwrap();
        st.received.push(rec.clone());
        // What the client sent that could be a credential, echoed back on errors.
        let echo = format!(
            "token={:?} auth={:?}",
            rec.header("x-amz-security-token"),
            rec.header("authorization")
        );
        if let Some((status, code, ra)) = st.script.pop_front() {
            let mut t = xml_error(status, code, &format!("Rate exceeded; you sent {echo}"));
            if let Some(ra) = ra {
                t = t.insert_header("retry-after", ra.as_str());
            }
            return t;
        }
        // A page of the site behind the distribution (for --verify): its version is the number
        // of invalidations created so far. Not an API call, so not signed.
        if rec.method == "GET" && rec.path == "/site/page" {
            let v = st.created.len();
            return ResponseTemplate::new(200)
                .insert_header("etag", format!("\"v{v}\"").as_str())
                .set_body_string(format!("<html>version {v}</html>"));
        }
        let token = st.token.clone();
        if let Err((status, code, msg)) = verify(
            &rec,
            KEY_ID,
            SECRET_KEY,
            token.as_deref(),
            "us-east-1",
            "cloudfront",
        ) {
            return xml_error(status, code, &format!("{msg} ({echo})"));
        }
        let parts: Vec<&str> = rec.path.trim_start_matches('/').split('/').collect();
        match (rec.method.as_str(), parts.as_slice()) {
            ("POST", ["2020-05-31", "distribution", dist, "invalidation"]) => {
                if *dist != DISTRIBUTION {
                    return xml_error(
                        404,
                        "NoSuchDistribution",
                        "The specified distribution does not exist.",
                    );
                }
                create(&mut st, &rec, &self.base)
            }
            ("GET", ["2020-05-31", "distribution", dist, "invalidation", id]) => {
                if *dist != DISTRIBUTION {
                    return xml_error(
                        404,
                        "NoSuchDistribution",
                        "The specified distribution does not exist.",
                    );
                }
                let Some(i) = st.created.iter_mut().find(|i| i.id == *id) else {
                    return xml_error(
                        404,
                        "NoSuchInvalidation",
                        "The specified invalidation does not exist.",
                    );
                };
                let status = if i.in_progress() {
                    i.polls_left -= 1;
                    "InProgress"
                } else {
                    "Completed"
                };
                let body = invalidation_xml(i, status);
                ResponseTemplate::new(200)
                    .insert_header("content-type", "text/xml")
                    .set_body_string(body)
            }
            _ => xml_error(400, "InvalidArgument", "Unknown operation"),
        }
    }
}

fn create(st: &mut State, rec: &Received, base: &str) -> ResponseTemplate {
    if rec.body.trim().is_empty() {
        return xml_error(400, "MissingBody", "This operation requires a body.");
    }
    let refs = all_text(&rec.body, "CallerReference");
    let quantity = all_text(&rec.body, "Quantity");
    let paths = all_text(&rec.body, "Path");
    let (Some(caller_reference), Some(quantity)) = (refs.first(), quantity.first()) else {
        return xml_error(
            400,
            "InvalidArgument",
            "CallerReference and Paths/Quantity are required.",
        );
    };
    if quantity.parse::<usize>().ok() != Some(paths.len()) {
        return xml_error(
            400,
            "InconsistentQuantities",
            "The value of Quantity and the size of Items don't match.",
        );
    }
    if let Some(p) = paths.iter().find(|p| !p.starts_with('/')) {
        return xml_error(
            400,
            "InvalidArgument",
            &format!("Your request contains one or more invalid invalidation paths: {p}"),
        );
    }
    if let Some(old) = st
        .created
        .iter()
        .find(|i| &i.caller_reference == caller_reference)
    {
        if old.paths != paths {
            return xml_error(
                409,
                "InvalidationBatchAlreadyExists",
                "The CallerReference was already used with other paths.",
            );
        }
    }
    let busy = st.created.iter().filter(|i| i.in_progress());
    let (mut files, mut wild) = (0, 0);
    for p in busy.flat_map(|i| i.paths.iter()).chain(paths.iter()) {
        if p.ends_with('*') {
            wild += 1;
        } else {
            files += 1;
        }
    }
    if files > 3000 || wild > 15 {
        return xml_error(
            400,
            "TooManyInvalidationsInProgress",
            "Processing your request will cause you to exceed the maximum number of in-progress invalidations.",
        );
    }
    let inv = Invalidation {
        id: format!("I{:013}", st.created.len() + 1),
        caller_reference: caller_reference.clone(),
        paths,
        polls_left: st.polls,
    };
    let body = invalidation_xml(&inv, "InProgress");
    let location = format!(
        "{base}/2020-05-31/distribution/{DISTRIBUTION}/invalidation/{}",
        inv.id
    );
    st.created.push(inv);
    ResponseTemplate::new(201)
        .insert_header("content-type", "text/xml")
        .insert_header("location", location.as_str())
        .set_body_string(body)
}
