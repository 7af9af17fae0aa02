//! `isrctl revalidate` to every instance: `--resolve` once per pod behind one name, and several
//! `--endpoint`s; every pod is called and reported on its own.

use crate::support::providers::{APP_SECRET, Api, MockApi, SecretAt, isrctl, run};

/// Two pods on one port: 127.0.0.1 and 127.0.0.2.
fn two_pods() -> (MockApi, MockApi, u16) {
    let a = MockApi::start(Api::NextRoute(SecretAt::Body));
    let port = a.server.address().port();
    let l = std::net::TcpListener::bind(("127.0.0.2", port)).unwrap();
    let b = MockApi::start_on(Api::NextRoute(SecretAt::Body), l);
    (a, b, port)
}

#[test]
fn resolve_sends_every_path_and_tag_to_every_pod() {
    let (a, b, port) = two_pods();
    let endpoint = format!("http://pods.test:{port}/api/revalidate");
    let r = run(isrctl()
        .env("REVALIDATE_SECRET", APP_SECRET)
        .args([
            "revalidate",
            "--endpoint",
            &endpoint,
            "--secret-env",
            "REVALIDATE_SECRET",
        ])
        .args(["--path", "/blog", "--tag", "posts", "--format", "json"])
        .args(["--resolve", &format!("pods.test:{port}:127.0.0.1")])
        .args(["--resolve", &format!("pods.test:{port}:127.0.0.2")]));
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    for pod in [&a, &b] {
        let got = pod.received();
        assert_eq!(got.len(), 2, "each pod gets the path and the tag");
        assert_eq!(
            got[0].header("host"),
            Some(format!("pods.test:{port}").as_str())
        );
    }
    let doc: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let items: Vec<&str> = doc["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["item"].as_str().unwrap())
        .collect();
    assert_eq!(
        items,
        [
            format!("/blog @ 127.0.0.1:{port}"),
            format!("/blog @ 127.0.0.2:{port}"),
            format!("tag:posts @ 127.0.0.1:{port}"),
            format!("tag:posts @ 127.0.0.2:{port}"),
        ]
    );
    assert!(!r.stdout.contains(APP_SECRET) && !r.stderr.contains(APP_SECRET));
}

#[test]
fn a_pod_that_is_down_is_reported_and_the_others_still_revalidated() {
    let up = MockApi::start(Api::NextRoute(SecretAt::Body));
    let port = up.server.address().port();
    let endpoint = format!("http://pods.test:{port}/api/revalidate");
    let r = run(isrctl()
        .env("ISRCTL_SECRET", APP_SECRET)
        .args(["revalidate", "--endpoint", &endpoint, "--path", "/blog"])
        .args(["--resolve", &format!("pods.test:{port}:127.0.0.1")])
        .args(["--resolve", &format!("pods.test:{port}:127.0.0.3")])
        .args(["--retries", "0"]));
    assert_eq!(r.code, 3, "{}{}", r.stdout, r.stderr);
    assert_eq!(up.received().len(), 1);
    assert!(
        r.stdout.contains(&format!("/blog @ 127.0.0.3:{port}")),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("1 of 2"), "{}", r.stdout);
}

#[test]
fn several_endpoints_each_get_every_item_and_dry_runs_show_the_pods() {
    let (a, b, port) = two_pods();
    let r = run(isrctl()
        .env("ISRCTL_SECRET", APP_SECRET)
        .args(["revalidate", "--path", "/blog"])
        .args([
            "--endpoint",
            &format!("http://127.0.0.1:{port}/api/revalidate"),
        ])
        .args([
            "--endpoint",
            &format!("http://127.0.0.2:{port}/api/revalidate"),
        ]));
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert_eq!((a.received().len(), b.received().len()), (1, 1));
    assert!(
        r.stdout.contains(&format!("/blog @ 127.0.0.2:{port}")),
        "{}",
        r.stdout
    );

    let r = run(isrctl()
        .env("ISRCTL_SECRET", APP_SECRET)
        .args(["revalidate", "--path", "/blog", "--curl"])
        .args(["--endpoint", "https://www.example.com/api/revalidate"])
        .args(["--resolve", "www.example.com:443:10.0.0.11"])
        .args(["--resolve", "www.example.com:443:[fd00::12]"]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.contains("--resolve www.example.com:443:10.0.0.11"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout
            .contains("--resolve 'www.example.com:443:[fd00::12]'")
            || r.stdout
                .contains("--resolve www.example.com:443:[fd00::12]"),
        "{}",
        r.stdout
    );
    assert!(!r.stdout.contains(APP_SECRET));
    // simulate --against takes one endpoint.
    let dir = tempfile::tempdir().unwrap();
    let scenario = dir.path().join("s.toml");
    std::fs::write(
        &scenario,
        "platform = \"next-start\"\n[[routes]]\npath = \"/a\"\nrevalidate = 5\n\
         [[events]]\nat = 0\nrequest = \"/a\"\n[[events]]\nat = 1\nrevalidate_path = \"/a\"\n",
    )
    .unwrap();
    let r = run(isrctl()
        .args(["simulate", "--against", "http://127.0.0.1:9"])
        .arg(&scenario)
        .args([
            "--endpoint",
            "http://127.0.0.1:9/a",
            "--endpoint",
            "http://127.0.0.1:9/b",
        ]));
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("one --endpoint"), "{}", r.stderr);
}
