//! The bounds a warmer must keep: requests in flight (`--concurrency`), request starts per
//! second (`--rate`), and the time between two tries of one URL (`--interval`), as the server
//! saw them.

use super::warm_json;
use crate::support::cache::start;
use std::time::Duration;

#[test]
fn warm_never_has_more_requests_in_flight_than_concurrency() {
    let c = start(&[], Duration::from_millis(150));
    let urls: Vec<String> = (0..12).map(|i| c.url(&format!("/page/{i}"))).collect();
    let mut args: Vec<&str> = urls.iter().map(String::as_str).collect();
    args.extend(["--concurrency", "3", "--tries", "1"]);
    let (code, doc, err) = warm_json(&args);
    // One try: every page is still a MISS.
    assert_eq!(code, 6, "{err}");
    assert_eq!(doc["totals"]["cold"], 12);
    assert_eq!(c.total(), 12);
    let max = c.max_in_flight();
    assert!(max <= 3, "{max} requests in flight with --concurrency 3");
    assert!(max >= 2, "the requests did not overlap at all ({max})");
}

#[test]
fn warm_keeps_request_starts_to_the_rate() {
    let c = start(&[], Duration::ZERO);
    let urls: Vec<String> = (0..6).map(|i| c.url(&format!("/page/r{i}"))).collect();
    let mut args: Vec<&str> = urls.iter().map(String::as_str).collect();
    args.extend(["--rate", "10/s", "--concurrency", "6", "--tries", "1"]);
    let (_, doc, err) = warm_json(&args);
    assert_eq!(doc["totals"]["urls"], 6, "{err}");
    let arrivals = c.seen.lock().unwrap().arrivals.clone();
    assert_eq!(arrivals.len(), 6);
    // 10/s: starts 100 ms apart. The server sees them with some jitter (a connection set up
    // late), so any k requests span at least (k - 1) x 100 ms less 50 ms.
    for i in 0..arrivals.len() {
        for j in i + 1..arrivals.len() {
            let span = arrivals[j].duration_since(arrivals[i]);
            let least = Duration::from_millis(100 * (j - i) as u64 - 50);
            assert!(span >= least, "requests {i} and {j} {span:?} apart at 10/s");
        }
    }
    let span = arrivals[5].duration_since(arrivals[0]);
    assert!(
        span >= Duration::from_millis(480),
        "6 requests in {span:?} at 10/s"
    );
}

#[test]
fn warm_waits_the_interval_between_tries_of_a_url() {
    let c = start(&[], Duration::ZERO);
    let (code, _, _) = warm_json(&[&c.url("/cold/i"), "--tries", "3", "--interval", "300ms"]);
    assert_eq!(code, 6);
    let arrivals = c.seen.lock().unwrap().arrivals.clone();
    assert_eq!(arrivals.len(), 3);
    for w in arrivals.windows(2) {
        let gap = w[1].duration_since(w[0]);
        assert!(
            gap >= Duration::from_millis(290),
            "tries {gap:?} apart with --interval 300ms"
        );
    }
}
