//! Hostile servers against secrets: answers that echo the token in every encoding we know of (in a
//! JSON error, a text body, a redirect's `Location`, a cache header), redirects that would re-send
//! it elsewhere, `--method GET` moving it into the URL, and tokens with control characters. For
//! each, stdout and stderr (and the strings inside JSON output) hold no form of the token, in
//! every output mode.

use crate::support::providers::{isrctl, run};
use base64::Engine as _;
use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD, URL_SAFE, URL_SAFE_NO_PAD};
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// A plain ASCII token, and one with non-ASCII and URL-reserved characters.
const TOKENS: [&str; 2] = ["hostile-TOKEN-7f3a9c21e4", "pä/ss wörd+&=?#Ω-9c41e7"];

/// Every form of `t` a server might echo: (name, text).
fn forms(t: &str) -> Vec<(&'static str, String)> {
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
struct Answer {
    status: u16,
    headers: Vec<(String, String)>,
    body: String,
}

/// A raw TCP server answering every request with one `Answer`; counts what it received.
struct Hostile {
    base: String,
    hits: Arc<Mutex<Vec<String>>>,
}

impl Hostile {
    fn start(a: Answer) -> Hostile {
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
    fn hits(&self) -> usize {
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
const SEND_MODES: [&[&str]; 5] = [
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
fn seen(stdout: &str, stderr: &str) -> String {
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
fn leaks(token: &str, seen: &str) -> Vec<&'static str> {
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

/// A redirect to another origin (the secret in the query, body or a header would go with it) is
/// never followed; a same-origin one (Next.js `trailingSlash`) is reported, with the secret
/// redacted and the URL to use instead.
#[test]
fn redirects_are_not_followed_and_say_where_they_point() {
    let token = TOKENS[0];
    let elsewhere = Hostile::start(Answer {
        status: 200,
        headers: vec![],
        body: "stolen".into(),
    });
    for status in [301, 302, 303, 307, 308] {
        for (target, same) in [
            (format!("{}/steal?secret={token}", elsewhere.base), false),
            (format!("/api/revalidate/?secret={token}"), true),
        ] {
            let app = Hostile::start(Answer {
                status,
                headers: vec![("location".into(), target.clone())],
                body: String::new(),
            });
            for at in ["query", "body", "header"] {
                for mode in SEND_MODES {
                    let r = run(isrctl()
                        .env("APP_SECRET", token)
                        .args(["revalidate", "--secret-env", "APP_SECRET", "--path", "/x"])
                        .args(["--secret-in", at, "--retries", "2", "--endpoint"])
                        .arg(format!("{}/api/revalidate", app.base))
                        .args(mode));
                    let seen = seen(&r.stdout, &r.stderr);
                    assert!(leaks(token, &seen).is_empty(), "{status} {at}: {seen}");
                    assert_eq!(r.code, 4, "{status} {at} {mode:?}: {seen}");
                    assert!(seen.contains("redirect"), "{seen}");
                    if same {
                        assert!(seen.contains("/api/revalidate/?secret=***"), "{seen}");
                    }
                }
                assert_eq!(elsewhere.hits(), 0, "followed a redirect to another origin");
            }
            assert_eq!(
                app.hits(),
                3 * SEND_MODES.len(),
                "one request per run, no retry"
            );
        }
    }
}

/// `--method GET` has no body: a body secret would move into the URL (logs, proxies, history).
/// That needs `--secret-in query` said out loud; otherwise a usage error before anything is sent.
#[test]
fn get_does_not_silently_move_a_body_secret_into_the_url() {
    let token = TOKENS[0];
    let app = Hostile::start(Answer {
        status: 200,
        headers: vec![],
        body: "ok".into(),
    });
    let endpoint = format!("{}/api/revalidate", app.base);
    for extra in [
        &["--method", "GET"][..],
        &["--method", "get", "--secret-in", "body"][..],
        &["--body", "query"][..],
        &["--method", "GET", "--dry-run"][..],
        &["--method", "GET", "--curl", "--format", "json"][..],
    ] {
        let r = run(isrctl()
            .env("APP_SECRET", token)
            .args(["revalidate", "--secret-env", "APP_SECRET", "--path", "/x"])
            .args(["--endpoint", &endpoint])
            .args(extra));
        assert_eq!(r.code, 2, "{extra:?}: {}{}", r.stdout, r.stderr);
        assert!(r.stderr.contains("--secret-in query"), "{}", r.stderr);
        assert!(leaks(token, &seen(&r.stdout, &r.stderr)).is_empty());
    }
    assert_eq!(app.hits(), 0);
    let r = run(isrctl()
        .env("APP_SECRET", token)
        .args(["revalidate", "--secret-env", "APP_SECRET", "--path", "/x"])
        .args([
            "--method",
            "GET",
            "--secret-in",
            "query",
            "--endpoint",
            &endpoint,
        ]));
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert_eq!(app.hits(), 1);
}

/// A token with a newline, CR or other control character is a usage error naming where it came
/// from and the byte, before any request (no retries); a file's line ending is not part of it.
#[test]
fn tokens_with_control_characters_are_usage_errors() {
    let app = Hostile::start(Answer {
        status: 200,
        headers: vec![("x-nextjs-cache".into(), "REVALIDATED".into())],
        body: "ok".into(),
    });
    let dir = tempfile::tempdir().unwrap();
    let bad = [
        "tok\nen-1234567",
        "tok\ren-1234567",
        "tok\u{1b}[31men",
        "tok\ten-1234567",
        "tok\u{7f}en",
        "tok\u{85}en-next-line",
        "tok\0en",
    ];
    let mut cases = 0;
    for (i, value) in bad.iter().enumerate() {
        if value.contains('\0') {
            // An environment variable cannot hold NUL; a file can.
        } else {
            for cmd in env_commands(&app.base) {
                for mode in [&[][..], &["--dry-run"][..], &["--curl"][..]] {
                    cases += 1;
                    let r = run(isrctl().env(cmd.0, value).args(&cmd.1).args(mode));
                    assert_eq!(r.code, 2, "{:?} {value:?}: {}{}", cmd.1, r.stdout, r.stderr);
                    assert!(r.stderr.contains(cmd.0), "{}", r.stderr);
                    assert!(
                        r.stderr.contains("control character at byte 3"),
                        "{}",
                        r.stderr
                    );
                    assert!(!r.stderr.contains(value), "{}", r.stderr);
                }
            }
        }
        let f = dir.path().join(format!("token{i}"));
        std::fs::write(&f, format!("{value}\n")).unwrap();
        let r = run(isrctl()
            .args(["purge", "vercel", "--project", "p", "--tag", "a"])
            .args(["--base-url", &app.base, "--token-file"])
            .arg(&f));
        cases += 1;
        if value.starts_with("tok\n") {
            // The first line of a file is the token; a line break ends it (documented).
            continue;
        }
        assert_eq!(r.code, 2, "{value:?}: {}{}", r.stdout, r.stderr);
        assert!(r.stderr.contains(&f.display().to_string()), "{}", r.stderr);
        assert!(
            r.stderr.contains("control character at byte 3"),
            "{}",
            r.stderr
        );
    }
    eprintln!("control-character token cases: {cases}");
    assert_eq!(app.hits(), 1, "only the file whose first line is `tok`");
    // One trailing newline (or CRLF) in a file is the file's line ending, not the token's.
    let f = dir.path().join("crlf");
    std::fs::write(&f, "good-token-123\r\n").unwrap();
    let r = run(isrctl()
        .args(["purge", "vercel", "--project", "p", "--tag", "a"])
        .args(["--base-url", &app.base, "--token-file"])
        .arg(&f));
    assert_ne!(r.code, 2, "{}", r.stderr);
    assert!(
        app.hits
            .lock()
            .unwrap()
            .last()
            .unwrap()
            .contains("Bearer good-token-123\r\n")
    );
}

/// (variable, arguments) for every way a token comes from the environment.
fn env_commands(base: &str) -> Vec<(&'static str, Vec<String>)> {
    let v = |a: &[&str]| a.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    let ep = format!("{base}/api/revalidate");
    vec![
        (
            "APP_SECRET",
            v(&[
                "revalidate",
                "--secret-env",
                "APP_SECRET",
                "--path",
                "/x",
                "--endpoint",
                &ep,
            ]),
        ),
        (
            "ISRCTL_SECRET",
            v(&["revalidate", "--path", "/x", "--endpoint", &ep]),
        ),
        (
            "ISRCTL_BYPASS_TOKEN",
            v(&["revalidate", "--bypass", &format!("{base}/p")]),
        ),
        (
            "VERCEL_TOKEN",
            v(&[
                "purge",
                "vercel",
                "--project",
                "p",
                "--tag",
                "a",
                "--base-url",
                base,
            ]),
        ),
        (
            "PURGE_TOKEN",
            v(&[
                "purge",
                "http",
                "--url",
                &format!("{base}/x"),
                "--secret-header",
                "X-Purge-Token",
                "--token-env",
                "PURGE_TOKEN",
            ]),
        ),
    ]
}
