//! Hostile servers against secrets: answers that echo the token in every encoding we know of (in a
//! JSON error, a text body, a redirect's `Location`, a cache header). Stdout and stderr (and the
//! strings inside JSON output) hold no form of the token, in every output mode. The server, the
//! forms and the leak check are shared with `secret_flows`.

use crate::support::providers::{isrctl, run};
use base64::Engine as _;
use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD, URL_SAFE, URL_SAFE_NO_PAD};
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// A plain ASCII token, and one with non-ASCII and URL-reserved characters.
pub(super) const TOKENS: [&str; 2] = ["hostile-TOKEN-7f3a9c21e4", "pä/ss wörd+&=?#Ω-9c41e7"];

/// Every form of `t` a server might echo: (name, text).
pub(super) fn forms(t: &str) -> Vec<(&'static str, String)> {
    let pct = |upper: bool, all: bool| -> String {
        t.bytes()
            .map(|b| {
                if !all && (b.is_ascii_alphanumeric() || b"-_.~".contains(&b)) {
                    (b as char).to_string()
                } else if upper {
                    format!("%{b:02X}")
                } else {
                    format!("%{b:02x}")
                }
            })
            .collect()
    };
    let json_u: String = t.encode_utf16().map(|u| format!("\\u{u:04x}")).collect();
    let json_escaped = serde_json::to_string(t).unwrap();
    let half = t.chars().count().div_ceil(2).max(8);
    let prefix = |n: usize| t.chars().take(n).collect::<String>();
    let mojibake: String = t.bytes().map(|b| b as char).collect();
    vec![
        ("raw", t.to_string()),
        ("upper", t.to_uppercase()),
        ("lower", t.to_lowercase()),
        ("pct-upper", pct(true, false)),
        ("pct-lower", pct(false, false)),
        ("pct-all-lower", pct(false, true)),
        (
            "form-plus",
            url::form_urlencoded::byte_serialize(t.as_bytes()).collect(),
        ),
        ("b64", STANDARD.encode(t)),
        ("b64-nopad", STANDARD_NO_PAD.encode(t)),
        ("b64-url", URL_SAFE.encode(t)),
        ("b64-url-nopad", URL_SAFE_NO_PAD.encode(t)),
        ("b64-basic-user", STANDARD.encode(format!("user:{t}"))),
        ("b64-basic-token", STANDARD.encode(format!("{t}:"))),
        ("b64-bearer", URL_SAFE_NO_PAD.encode(format!("Bearer {t}"))),
        ("json", json_escaped[1..json_escaped.len() - 1].to_string()),
        ("json-u", json_u.clone()),
        ("json-u-upper", json_u.to_uppercase().replace("\\U", "\\u")),
        ("json-slash", t.replace('/', "\\/")),
        ("prefix-8", prefix(8)),
        ("prefix-half", prefix(half)),
        ("mojibake", mojibake.clone()),
        ("mojibake-upper", mojibake.to_uppercase()),
    ]
}

/// What the hostile server answers to every request.
#[derive(Clone)]
pub(super) struct Answer {
    pub(super) status: u16,
    pub(super) headers: Vec<(String, String)>,
    pub(super) body: String,
}

/// A raw TCP server answering every request with one `Answer`; counts what it received.
pub(super) struct Hostile {
    pub(super) base: String,
    pub(super) hits: Arc<Mutex<Vec<String>>>,
}

impl Hostile {
    pub(super) fn start(a: Answer) -> Hostile {
        let l = TcpListener::bind("127.0.0.1:0").unwrap();
        let base = format!("http://{}", l.local_addr().unwrap());
        let hits: Arc<Mutex<Vec<String>>> = Arc::default();
        let h2 = hits.clone();
        std::thread::spawn(move || {
            for c in l.incoming().flatten() {
                let (a, h) = (a.clone(), h2.clone());
                std::thread::spawn(move || answer(c, &a, &h));
            }
        });
        Hostile { base, hits }
    }
    pub(super) fn hits(&self) -> usize {
        self.hits.lock().unwrap().len()
    }
}

fn answer(mut c: TcpStream, a: &Answer, hits: &Mutex<Vec<String>>) {
    let _ = c.set_read_timeout(Some(Duration::from_millis(300)));
    let mut buf = Vec::new();
    let mut tmp = [0u8; 4096];
    // Read the head, then whatever body arrives within the timeout.
    loop {
        match c.read(&mut tmp) {
            Ok(0) | Err(_) => break,
            Ok(n) => buf.extend_from_slice(&tmp[..n]),
        }
        if let Some(end) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&buf[..end]).to_ascii_lowercase();
            let len = head
                .lines()
                .find_map(|l| l.strip_prefix("content-length:"))
                .and_then(|v| v.trim().parse::<usize>().ok())
                .unwrap_or(0);
            if buf.len() >= end + 4 + len {
                break;
            }
        }
    }
    hits.lock()
        .unwrap()
        .push(String::from_utf8_lossy(&buf).into_owned());
    let mut s = format!("HTTP/1.1 {} X\r\nconnection: close\r\n", a.status).into_bytes();
    for (k, v) in &a.headers {
        s.extend_from_slice(format!("{k}: {v}\r\n").as_bytes());
    }
    s.extend_from_slice(format!("content-length: {}\r\n\r\n", a.body.len()).as_bytes());
    s.extend_from_slice(a.body.as_bytes());
    let _ = c.write_all(&s);
}

/// Where the echoes go in the answer.
#[derive(Debug, Clone, Copy)]
enum Place {
    JsonError,
    TextError,
    TextOk,
    Location,
    CacheHeader,
}

fn hostile_answer(place: Place, forms: &[(&str, String)]) -> Answer {
    let joined = |sep: &str| {
        forms
            .iter()
            .map(|(n, f)| format!("{n}={f}"))
            .collect::<Vec<_>>()
            .join(sep)
    };
    match place {
        Place::JsonError => {
            // Embedded unquoted so the JSON escapes (\u00xx, \/) are decoded by the parser.
            let fields: Vec<String> = forms
                .iter()
                .map(|(n, f)| format!("\"{n}\": \"{f}\""))
                .collect();
            Answer {
                status: 400,
                headers: vec![("content-type".into(), "application/json".into())],
                body: format!(
                    "{{\"error\": {{\"message\": \"{}\"}}, {}}}",
                    forms
                        .iter()
                        .map(|(_, f)| f.as_str())
                        .collect::<Vec<_>>()
                        .join(" "),
                    fields.join(", ")
                ),
            }
        }
        Place::TextError => Answer {
            status: 500,
            headers: vec![],
            body: format!("bad token: {}\n", joined(" ")),
        },
        Place::TextOk => Answer {
            status: 200,
            headers: vec![],
            body: format!("ok {}\n", joined(" ")),
        },
        Place::Location => Answer {
            status: 308,
            headers: vec![(
                "location".into(),
                format!("/api/revalidate/?{}", joined("&")),
            )],
            body: String::new(),
        },
        Place::CacheHeader => Answer {
            status: 200,
            headers: vec![("x-nextjs-cache".into(), format!("HIT {}", joined(" ")))],
            body: String::new(),
        },
    }
}

/// Output modes of a real send, and of a dry run.
pub(super) const SEND_MODES: [&[&str]; 5] = [
    &[],
    &["--format", "json"],
    &["--format", "ndjson"],
    &["-vv"],
    &["-vv", "--format", "json"],
];
const DRY_MODES: [&[&str]; 5] = [
    &["--dry-run"],
    &["--curl"],
    &["--dry-run", "--format", "json"],
    &["--curl", "--format", "ndjson"],
    &["-vv", "--dry-run"],
];

/// Everything a person or a program sees: stdout, stderr and the strings inside JSON output.
pub(super) fn seen(stdout: &str, stderr: &str) -> String {
    let mut all = format!("{stdout}\n{stderr}\n");
    let mut strings = Vec::new();
    for doc in serde_json::Deserializer::from_str(stdout).into_iter::<serde_json::Value>() {
        let Ok(doc) = doc else { break };
        collect_strings(&doc, &mut strings);
    }
    all.push_str(&strings.join("\n"));
    all
}

fn collect_strings(v: &serde_json::Value, out: &mut Vec<String>) {
    match v {
        serde_json::Value::String(s) => out.push(s.clone()),
        serde_json::Value::Array(a) => a.iter().for_each(|x| collect_strings(x, out)),
        serde_json::Value::Object(o) => o.values().for_each(|x| collect_strings(x, out)),
        _ => {}
    }
}

/// The forms of `token` found in `seen` (empty when clean).
pub(super) fn leaks(token: &str, seen: &str) -> Vec<&'static str> {
    forms(token)
        .into_iter()
        .filter(|(_, f)| seen.contains(f.as_str()))
        .map(|(n, _)| n)
        .collect()
}

/// A command to run against a hostile server at `base`, with the token in `VAR`.
struct Cmd {
    name: &'static str,
    var: &'static str,
    args: fn(&str) -> Vec<String>,
    places: &'static [Place],
}

fn s(v: &[&str]) -> Vec<String> {
    v.iter().map(|x| x.to_string()).collect()
}

fn commands() -> Vec<Cmd> {
    vec![
        Cmd {
            name: "revalidate body",
            var: "APP_SECRET",
            args: |b| {
                s(&["revalidate", "--secret-env", "APP_SECRET", "--path", "/x"])
                    .into_iter()
                    .chain(["--endpoint".into(), format!("{b}/api/revalidate")])
                    .collect()
            },
            places: &[
                Place::JsonError,
                Place::TextError,
                Place::TextOk,
                Place::Location,
            ],
        },
        Cmd {
            name: "revalidate query GET",
            var: "APP_SECRET",
            args: |b| {
                s(&[
                    "revalidate",
                    "--secret-env",
                    "APP_SECRET",
                    "--secret-in",
                    "query",
                    "--method",
                    "GET",
                    "--tag",
                    "t",
                ])
                .into_iter()
                .chain(["--endpoint".into(), format!("{b}/api/revalidate")])
                .collect()
            },
            places: &[Place::JsonError, Place::TextOk, Place::Location],
        },
        Cmd {
            name: "revalidate header",
            var: "APP_SECRET",
            args: |b| {
                s(&[
                    "revalidate",
                    "--secret-env",
                    "APP_SECRET",
                    "--secret-in",
                    "header",
                    "--secret-name",
                    "Authorization",
                    "--path",
                    "/x",
                ])
                .into_iter()
                .chain(["--endpoint".into(), format!("{b}/api/revalidate")])
                .collect()
            },
            places: &[Place::JsonError, Place::Location],
        },
        Cmd {
            name: "revalidate bypass",
            var: "ISRCTL_BYPASS_TOKEN",
            args: |b| {
                s(&["revalidate", "--bypass"])
                    .into_iter()
                    .chain([format!("{b}/p")])
                    .collect()
            },
            places: &[Place::CacheHeader, Place::Location, Place::TextError],
        },
        Cmd {
            name: "purge http",
            var: "PURGE_TOKEN",
            args: |b| {
                s(&[
                    "purge",
                    "http",
                    "--secret-header",
                    "X-Purge-Token",
                    "--token-env",
                    "PURGE_TOKEN",
                    "--url",
                ])
                .into_iter()
                .chain([format!("{b}/page")])
                .collect()
            },
            places: &[Place::TextError, Place::Location],
        },
        Cmd {
            name: "purge vercel",
            var: "VERCEL_TOKEN",
            args: |b| {
                s(&[
                    "purge",
                    "vercel",
                    "--project",
                    "p",
                    "--tag",
                    "a",
                    "--base-url",
                ])
                .into_iter()
                .chain([b.to_string()])
                .collect()
            },
            places: &[Place::JsonError, Place::TextError, Place::Location],
        },
    ]
}

/// Every command × place × token × output mode; each form of the token is one case. Prints the
/// counts; fails listing every leak.
#[test]
fn echoes_of_the_token_in_any_form_are_redacted_everywhere() {
    let (mut cases, mut failed) = (0usize, Vec::new());
    for cmd in commands() {
        for token in TOKENS {
            let fs = forms(token);
            for &place in cmd.places {
                let server = Hostile::start(hostile_answer(place, &fs));
                for mode in SEND_MODES.iter().chain(DRY_MODES.iter()) {
                    let r = run(isrctl()
                        .env(cmd.var, token)
                        .args((cmd.args)(&server.base))
                        .args(["--retries", "0"])
                        .args(*mode));
                    let seen = seen(&r.stdout, &r.stderr);
                    cases += fs.len();
                    let l = leaks(token, &seen);
                    if !l.is_empty() {
                        failed.push(format!(
                            "{} {place:?} {token:?} {mode:?}: {l:?}\n{seen}",
                            cmd.name
                        ));
                    }
                    assert_ne!(
                        r.code, 2,
                        "{} {mode:?}: usage error: {}",
                        cmd.name, r.stderr
                    );
                }
            }
        }
    }
    eprintln!("secret echo cases: {cases}, leaking runs: {}", failed.len());
    assert!(
        failed.is_empty(),
        "{} runs leaked:\n{}",
        failed.len(),
        failed.join("\n----\n")
    );
}
