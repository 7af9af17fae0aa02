//! `isrctl purge http`: plain PURGE/BAN against a local cache mock, and network errors.

use crate::support::providers::{Api, MockApi, TOKEN, isrctl, run};

#[test]
fn http_purge_and_ban_with_headers_not_cached_is_ok() {
    let m = MockApi::start(Api::Varnish);
    let u = m.uri();
    let r = run(isrctl()
        .args([
            "purge",
            "http",
            "--url",
            &format!("{u}/blog"),
            "--url",
            &format!("{u}/not-cached"),
        ])
        .args(["-H", "X-Purge-Token: abc"]));
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(r.stdout.contains("was not cached"), "{}", r.stdout);
    let got = m.received();
    assert!(
        got.iter()
            .all(|g| g.method == "PURGE" && g.header("x-purge-token") == Some("abc"))
    );
    let r = run(isrctl().args([
        "purge",
        "http",
        "--method",
        "ban",
        "--url",
        &format!("{u}/x"),
    ]));
    assert_eq!(r.code, 0);
    assert_eq!(m.received()[2].method, "BAN");
    let r = run(isrctl().args([
        "purge",
        "http",
        "--method",
        "GET",
        "--url",
        &format!("{u}/x"),
    ]));
    assert_eq!(r.code, 4, "405 is a rejection");
}

#[test]
fn network_errors_exit_3_after_retries() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let r = run(isrctl().env("VERCEL_TOKEN", TOKEN).args([
        "purge",
        "vercel",
        "--project",
        "p",
        "--tag",
        "t",
        "--retries",
        "1",
        "--base-url",
        &format!("http://127.0.0.1:{port}"),
    ]));
    assert_eq!(r.code, 3, "{}{}", r.stdout, r.stderr);
    assert!(r.stdout.contains("connection failed"), "{}", r.stdout);
}
