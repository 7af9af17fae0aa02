//! Squid 5.7: `X-Cache` + `X-Cache-Lookup` against access.log's `TCP_*` codes, and `isrctl probe`
//! measuring the TTL from `Age` cycles (Squid refetches instead of serving stale).

use super::*;
use serde_json::Value;
use std::process::Command;

#[test]
fn squid_states_match_its_access_log() {
    let _g = serial();
    let o = origin();
    let sq = Squid::start(o.port);
    let http = Http::new();
    let url = sq.url("/sq");
    let sent = std::cell::Cell::new(0usize);
    let get = || {
        sent.set(sent.get() + 1);
        http.get(&url)
    };
    let hits = || o.hits(Some("/sq"));
    // Squid's own record of the response just received (access.log is written per request).
    let logged = || nth_logged(|| sq.log_codes("/sq"), sent.get());

    let check = |r: &Resp, want: CacheState, code: &str| {
        assert_eq!(
            (state(r), logged()),
            (want, code.to_string()),
            "{}",
            show(r)
        );
    };

    check(&get(), CacheState::Miss, "TCP_MISS/200");
    check(&get(), CacheState::Hit, "TCP_MEM_HIT/200");
    // Expired, origin unchanged: a 304 refresh that Squid 5 still calls HIT (Age back to 0).
    let r = until(get, |_| hits() == 2);
    check(&r, CacheState::Hit, "TCP_REFRESH_UNMODIFIED/200");
    assert_eq!(r.header("age").as_deref(), Some("0"), "{}", show(&r));
    // Expired, new content: X-Cache MISS beside X-Cache-Lookup HIT.
    o.set_version(2);
    let r = until(get, |_| hits() == 3);
    check(&r, CacheState::Expired, "TCP_REFRESH_MODIFIED/200");
    assert!(r.body.contains("version=2"), "{}", r.body);
    // Expired, origin error: the 500 is passed on (no stale serve), same headers.
    o.set_fail(true);
    let r = until(get, |_| hits() == 4);
    check(&r, CacheState::Expired, "TCP_REFRESH_FAIL_ERR/500");
    assert_eq!(r.status, 500);
    o.set_fail(false);
    let r = http.get(&sq.url("/nostore-sq"));
    assert_eq!(state(&r), CacheState::Dynamic, "{}", show(&r));
    assert_eq!(
        nth_logged(|| sq.log_codes("/nostore-sq"), 1),
        "TCP_MISS/200",
        "{}",
        show(&r)
    );
}

/// `isrctl probe` against Squid: MISS then HITs, the TTL from the first `Age` cycle, and the
/// origin's 500s (passed on by Squid) are not a new content version.
#[test]
fn probe_squid_ttl_from_age_cycles_and_errors_are_not_versions() {
    let _g = serial();
    let o = origin();
    let sq = Squid::start(o.port);
    let url = sq.url("/probe-sq");
    let child = Command::new(env!("CARGO_BIN_EXE_isrctl"))
        .env("NO_COLOR", "1")
        .args(["probe", &url, "--interval", "250ms", "--count", "24"])
        .args(["--format", "json"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("spawn isrctl probe");
    // After the first refresh (2 s), make the origin fail: the next refresh passes its 500 on.
    let start = Instant::now();
    while o.hits(Some("/probe-sq")) < 2 && start.elapsed() < Duration::from_secs(8) {
        std::thread::sleep(Duration::from_millis(50));
    }
    o.set_fail(true);
    let out = child.wait_with_output().unwrap();
    let doc: Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("probe JSON: {e}\n{}", String::from_utf8_lossy(&out.stderr)));
    let u = &doc["urls"][0];
    let table: Vec<String> = doc["samples"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| format!("{} {} {} age={}", s["t"], s["status"], s["state"], s["age"]))
        .collect();
    let table = table.join("\n");
    assert_eq!(u["versions"].as_array().unwrap().len(), 1, "{u}\n{table}");
    assert_eq!(u["non_2xx"][0]["status"], 500, "{u}\n{table}");
    let ttl = u["observed_ttl"].as_f64().unwrap_or(-1.0);
    assert!(
        (1.0..=3.5).contains(&ttl),
        "observed TTL {ttl} for s-maxage=2\n{table}"
    );
    // The 304 refresh Squid calls HIT is REVALIDATED by Age going down; the 500s are EXPIRED.
    assert_eq!(
        u["sequence"],
        serde_json::json!(["MISS", "HIT", "REVALIDATED", "HIT", "EXPIRED"]),
        "{table}"
    );
}
