//! `simulate SCENARIO --against BASE_URL` against local servers: a scripted page server (states
//! in `x-nextjs-cache`, content by ETag) and a mock app route for revalidations. Agreeing and
//! diverging runs, refusals before anything is sent, the documents' schema, network and secret
//! failures, and the secret never printed.

use crate::support::providers::{APP_SECRET, Api, MockApi, SecretAt, isrctl, run};
use crate::support::schema;
use crate::support::scripted::{Reply, reply, serve};
use std::io::Write as _;

/// An on-demand page: requested at 0, 0.4 and 0.8 s, renders take 100 ms, revalidate 60 s.
const THREE_REQUESTS: &str = "[[routes]]\npath = \"/p/[id]\"\nrevalidate = 60\nrender_time = \"100ms\"\n\n\
                              [[events]]\nat = [0, 0.4, 0.8]\nrequest = \"/p/1\"\n";

fn scenario(src: &str) -> tempfile::NamedTempFile {
    let mut f = tempfile::Builder::new().suffix(".toml").tempfile().unwrap();
    f.write_all(src.as_bytes()).unwrap();
    f
}

fn page(state: &str, etag: &str) -> Reply {
    reply(&[("x-nextjs-cache", state), ("etag", etag)], etag)
}

fn against(
    file: &tempfile::NamedTempFile,
    base: &str,
    extra: &[&str],
) -> crate::support::providers::Run {
    run(isrctl()
        .env("COLUMNS", "80")
        .arg("simulate")
        .arg(file.path())
        .args(["--against", base, "--slack", "100ms"])
        .args(extra))
}

#[test]
fn an_agreeing_run_exits_0_and_says_so() {
    let s = serve(vec![(
        "/p/1",
        vec![page("MISS", "\"a\""), page("HIT", "\"a\"")],
    )]);
    let f = scenario(THREE_REQUESTS);
    // A trailing slash on the base URL is not doubled.
    let r = against(&f, &format!("{}/", s.base), &[]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert_eq!(s.count("/p/1"), 3);
    assert!(r.stdout.contains("3 requests against"), "{}", r.stdout);
    assert!(
        r.stdout.contains(": 3 agree, 0 diverge, 0 near a boundary"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("every request agrees with the model"));
    for line in r.stdout.lines().filter(|l| !l.starts_with("model:")) {
        assert!(line.chars().count() <= 80, "wider than 80 columns: {line}");
    }
}

#[test]
fn a_diverging_run_exits_6_and_names_the_row() {
    // The second request is predicted HIT (same content); the server renders again.
    let s = serve(vec![(
        "/p/1",
        vec![
            page("MISS", "\"a\""),
            page("MISS", "\"b\""),
            page("HIT", "\"b\""),
        ],
    )]);
    let f = scenario(THREE_REQUESTS);
    let r = against(&f, &s.base, &[]);
    assert_eq!(r.code, 6, "{}{}", r.stdout, r.stderr);
    let row = r
        .stdout
        .lines()
        .find(|l| l.contains("400ms"))
        .expect("the 0.4 s row");
    assert!(
        row.contains("HIT") && row.contains("MISS") && row.contains("✗ diverges"),
        "{row}"
    );
    assert!(
        row.contains("no/yes"),
        "version change predicted/observed: {row}"
    );
    assert!(
        r.stdout
            .contains(": 2 agree, 1 diverges, 0 near a boundary"),
        "{}",
        r.stdout
    );
    let path = f.path().display().to_string();
    assert!(
        r.stderr.contains(&format!(
            "{path}:6 t=400ms /p/1: predicted HIT (same content), observed MISS (new content)"
        )),
        "{}",
        r.stderr
    );
}

#[test]
fn the_table_fits_80_columns_with_long_paths_and_states() {
    let long = "/blog/a-very-long-article-slug-that-goes-on/and-on";
    let s = serve(vec![(long, vec![page("REVALIDATED", "\"a\"")])]);
    let f = scenario(&format!(
        "[[routes]]\npath = \"/blog/[...rest]\"\n\n[[events]]\nat = 0\nrequest = \"{long}\"\n"
    ));
    let r = against(&f, &s.base, &[]);
    assert_eq!(r.code, 6, "{}{}", r.stdout, r.stderr);
    for line in r.stdout.lines().filter(|l| !l.starts_with("model:")) {
        assert!(line.chars().count() <= 80, "wider than 80 columns: {line}");
    }
    // The path is cut in the middle: its start and its end both show.
    assert!(
        r.stdout.contains("REVALIDATED")
            && r.stdout.contains("/blog/a-very-l…")
            && r.stdout.contains("…goes-on/and-on"),
        "{}",
        r.stdout
    );
}

#[test]
fn a_disagreement_near_a_boundary_is_reported_without_failing() {
    // Requested 50 ms after the first render ends: the real render took longer (MISS again).
    let src = "[[routes]]\npath = \"/p/[id]\"\nrevalidate = 60\nrender_time = \"100ms\"\n\n\
               [[events]]\nat = [0, 0.15]\nrequest = \"/p/1\"\n";
    let s = serve(vec![(
        "/p/1",
        vec![page("MISS", "\"a\""), page("MISS", "\"a\"")],
    )]);
    let f = scenario(src);
    let r = against(&f, &s.base, &[]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(r.stdout.contains("~ boundary"), "{}", r.stdout);
    assert!(r.stdout.contains("1 near a boundary"));
    assert!(r.stdout.contains("does not fail the run"));
}

#[test]
fn json_and_ndjson_follow_the_schema() {
    let s = serve(vec![(
        "/p/1",
        vec![page("MISS", "\"a\""), page("HIT", "\"a\"")],
    )]);
    let f = scenario(THREE_REQUESTS);
    let v = schema("against");
    let r = against(&f, &s.base, &["--format", "json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let doc: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert!(v.is_valid(&doc), "{doc}");
    assert_eq!(doc["type"], "against");
    assert_eq!(doc["summary"]["agree"], 3);
    assert_eq!(doc["requests"][1]["predicted"], "HIT");
    assert_eq!(doc["requests"][1]["observed_changed"], false);
    // Sent in real time: each request within a small margin of its scenario time.
    for r in doc["requests"].as_array().unwrap() {
        let late = r["sent_at"].as_f64().unwrap() - r["t"].as_f64().unwrap();
        assert!(
            (-0.01..0.2).contains(&late),
            "sent {late} s off schedule: {r}"
        );
    }
    let r = against(&f, &s.base, &["--format", "ndjson"]);
    let lines: Vec<serde_json::Value> = r
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 5);
    assert!(lines.iter().all(|l| v.is_valid(l)));
    assert_eq!(lines[0]["type"], "against_run");
    assert_eq!(lines[4]["type"], "against_summary");
}

#[test]
fn events_that_cannot_be_sent_are_refused_before_the_run_with_their_line() {
    let s = serve(vec![("/p/1", vec![page("HIT", "\"a\"")])]);
    let cases = [
        (
            "[[events]]\nat = 0.2\ncontent_change = \"/p/1\"\n",
            "content_change = \"/p/1\"",
        ),
        ("[[events]]\nat = 0.2\nrestart = 0\n", "restart"),
        ("[[events]]\nat = 0.2\ndeploy = true\n", "deploy"),
        (
            "[[events]]\nat = 0.2\nbypass = \"/p/1\"\n",
            "bypass = \"/p/1\"",
        ),
    ];
    for (event, what) in cases {
        let f = scenario(&format!("{THREE_REQUESTS}\n{event}"));
        let r = against(&f, &s.base, &[]);
        assert_eq!(r.code, 2, "{what}: {}", r.stderr);
        let path = f.path().display().to_string();
        assert!(
            r.stderr
                .contains(&format!("{path}:10: {what} cannot be sent to a deployment")),
            "{}",
            r.stderr
        );
    }
    // A revalidation without the app's route.
    let f = scenario(&format!(
        "{THREE_REQUESTS}\n[[events]]\nat = 0.2\nrevalidate_tag = \"posts\"\n"
    ));
    let r = against(&f, &s.base, &[]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr
            .contains(":10: revalidate_tag = \"posts\" needs the app's revalidation route")
    );
    assert!(r.stderr.contains("--endpoint"));
    // Failures cannot be injected either.
    let f =
        scenario(&THREE_REQUESTS.replace("revalidate = 60", "revalidate = 60\nfailure_rate = 0.1"));
    let r = against(&f, &s.base, &[]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr.contains("route '/p/[id]' with failure_rate"),
        "{}",
        r.stderr
    );
    // Changes added from the command line cannot be made to a deployment either.
    for flag in [["--changes-from", "publishes.csv"], ["--changes", "10/day"]] {
        let r = against(&f, &s.base, &flag);
        assert_eq!(r.code, 2, "{flag:?}: {}", r.stderr);
        assert!(r.stderr.contains("cannot be used with"), "{}", r.stderr);
    }
    assert_eq!(
        s.count("/p/1"),
        0,
        "nothing is sent when the scenario is refused"
    );
}

#[test]
fn a_base_url_with_a_query_is_refused() {
    let f = scenario(THREE_REQUESTS);
    let r = against(&f, "http://127.0.0.1:9/?preview=1", &[]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr.contains("without a query or fragment"),
        "{}",
        r.stderr
    );
}

#[test]
fn an_unreachable_deployment_exits_3_after_reporting_what_was_seen() {
    let dead = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", dead.local_addr().unwrap());
    drop(dead);
    let f = scenario(THREE_REQUESTS);
    let r = against(&f, &base, &[]);
    assert_eq!(r.code, 3, "{}{}", r.stdout, r.stderr);
    assert!(
        r.stderr.contains("/p/1 got no answer: connection failed"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("check that the deployment is up"),
        "{}",
        r.stderr
    );
    assert!(
        r.stdout.contains("no answer") && r.stdout.contains("not sent"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout
            .contains("0 diverge, 0 near a boundary, 1 without an answer, 2 not sent"),
        "no answer is not a divergence: {}",
        r.stdout
    );
}

#[test]
fn a_tls_failure_exits_3_and_says_it_is_tls() {
    // HTTPS to a server that speaks plain HTTP.
    let s = serve(vec![("/p/1", vec![page("HIT", "\"a\"")])]);
    let f = scenario(THREE_REQUESTS);
    let r = against(&f, &s.base.replace("http://", "https://"), &[]);
    assert_eq!(r.code, 3, "{}{}", r.stdout, r.stderr);
    assert!(
        r.stderr.contains("the TLS connection failed"),
        "{}",
        r.stderr
    );
}

#[test]
fn ctrl_c_stops_the_run_after_printing_what_was_seen() {
    let s = serve(vec![("/p/1", vec![page("MISS", "\"a\"")])]);
    let f = scenario(
        "[[routes]]\npath = \"/p/[id]\"\n\n[[events]]\nat = [0, 30]\nrequest = \"/p/1\"\n",
    );
    let child = std::process::Command::new(env!("CARGO_BIN_EXE_isrctl"))
        .env("NO_COLOR", "1")
        .arg("simulate")
        .arg(f.path())
        .args(["--against", &s.base])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while s.count("/p/1") == 0 && std::time::Instant::now() < deadline {
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    std::thread::sleep(std::time::Duration::from_millis(200));
    let out = crate::support::interrupt(child);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("1 agree") && stdout.contains("1 not sent"),
        "{stdout}"
    );
    assert_eq!(s.count("/p/1"), 1);
}

/// Requests at 0 and 0.3 s (prerendered page: HIT), a revalidation of the path at 0.6 s.
const WITH_REVALIDATION: &str = "[[routes]]\npath = \"/a\"\nrevalidate = 60\n\n\
                                 [[events]]\nat = [0, 0.3]\nrequest = \"/a\"\n\n\
                                 [[events]]\nat = 0.6\nrevalidate_path = \"/a\"\n";

#[test]
fn revalidations_go_through_the_route_and_the_secret_is_never_printed() {
    let app = MockApi::start(Api::NextApp);
    let f = scenario(WITH_REVALIDATION);
    let endpoint = format!("{}/api/revalidate", app.uri());
    for format in ["table", "json"] {
        let r = run(isrctl().env("REVALIDATE_SECRET", APP_SECRET).args([
            "simulate",
            &f.path().display().to_string(),
            "--against",
            &app.uri(),
            "--endpoint",
            &endpoint,
            "--secret-env",
            "REVALIDATE_SECRET",
            "-vv",
            "--format",
            format,
        ]));
        assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
        assert!(!r.stdout.contains(APP_SECRET) && !r.stderr.contains(APP_SECRET));
        assert!(
            r.stderr.contains("\"secret\":\"***\""),
            "-vv shows the body: {}",
            r.stderr
        );
    }
    let posts: Vec<_> = app
        .received()
        .into_iter()
        .filter(|g| g.path == "/api/revalidate")
        .collect();
    assert_eq!(posts.len(), 2);
    assert_eq!(
        posts[0].json(),
        serde_json::json!({"path": "/a", "secret": APP_SECRET})
    );
}

#[test]
fn a_refused_secret_exits_4_naming_where_it_came_from_and_never_its_value() {
    // The route answers 401 and echoes the credentials it got: they must not be printed.
    let app = MockApi::start(Api::NextRoute(SecretAt::Header));
    let s = serve(vec![("/a", vec![page("HIT", "\"a\"")])]);
    let f = scenario(WITH_REVALIDATION);
    let r = run(isrctl().env("S", APP_SECRET).args([
        "simulate",
        &f.path().display().to_string(),
        "--against",
        &s.base,
        "--endpoint",
        &format!("{}/api/revalidate", app.uri()),
        "--secret-env",
        "S",
        "-vv",
        "--format",
        "json",
    ]));
    assert_eq!(r.code, 4, "{}{}", r.stdout, r.stderr);
    assert!(!r.stdout.contains(APP_SECRET) && !r.stderr.contains(APP_SECRET));
    assert!(
        r.stderr
            .contains("the revalidation route did not accept the call (HTTP 401)"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("environment variable S"), "{}", r.stderr);
    let doc: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(doc["events"][0]["ok"], false);
    assert_eq!(doc["summary"]["agree"], 2);
}
