//! `--resolve HOST:PORT:ADDR`: each address given for a host is warmed on its own, and the
//! requests reach that address with the URL's own Host.

use super::warm_json;
use crate::support::cache::{Cache, start, start_on};
use std::time::Duration;

/// Two instances on the same port: 127.0.0.1 and 127.0.0.2 (a free port on both).
fn two_instances() -> (Cache, Cache) {
    for _ in 0..20 {
        let a = start(&[], Duration::ZERO);
        if std::net::TcpListener::bind(("127.0.0.2", a.port)).is_ok() {
            let b = start_on(&format!("127.0.0.2:{}", a.port), &[], Duration::ZERO);
            return (a, b);
        }
    }
    panic!("no port free on both 127.0.0.1 and 127.0.0.2");
}

#[test]
fn warm_each_resolve_address_in_turn_with_a_report_per_address() {
    let (a, b) = two_instances();
    let p = a.port;
    let urls = [
        format!("http://site.test:{p}/page/x"),
        format!("http://site.test:{p}/page/y"),
    ];
    let r1 = format!("site.test:{p}:127.0.0.1");
    let r2 = format!("site.test:{p}:127.0.0.2");
    let (code, doc, err) = warm_json(&[
        &urls[0],
        &urls[1],
        "--resolve",
        &r1,
        "--resolve",
        &r2,
        "--interval",
        "0s",
    ]);
    assert_eq!(code, 0, "{err}");
    // Each instance got each page until it was a HIT there: MISS, then HIT.
    for inst in [&a, &b] {
        assert_eq!(inst.count("/page/x"), 2, "{}", inst.base);
        assert_eq!(inst.count("/page/y"), 2, "{}", inst.base);
        let hosts = inst.seen.lock().unwrap().hosts.clone();
        assert!(
            hosts.iter().all(|h| h == &format!("site.test:{p}")),
            "{hosts:?}"
        );
    }
    // One instance at a time: the second saw nothing before the first was done.
    let last_a = *a.seen.lock().unwrap().arrivals.last().unwrap();
    let first_b = b.seen.lock().unwrap().arrivals[0];
    assert!(
        first_b > last_a,
        "127.0.0.2 was warmed before 127.0.0.1 was done"
    );
    let list = doc["urls"].as_array().unwrap();
    let addrs: Vec<&str> = list
        .iter()
        .map(|u| u["address"].as_str().unwrap())
        .collect();
    let (a1, a2) = (format!("127.0.0.1:{p}"), format!("127.0.0.2:{p}"));
    assert_eq!(addrs, [&a1, &a1, &a2, &a2], "address after address");
    let per = doc["totals"]["addresses"].as_array().unwrap();
    assert_eq!(per.len(), 2);
    assert_eq!(per[1]["address"], a2.as_str());
    assert_eq!(
        (per[1]["urls"].as_u64(), per[1]["warm"].as_u64()),
        (Some(2), Some(2))
    );
}

#[test]
fn warm_a_cold_instance_is_named_by_its_address() {
    let (a, b) = two_instances();
    let p = a.port;
    // /late/ needs three tries: with two, both instances stay cold, each reported apart.
    let u = format!("http://site.test:{p}/late/z");
    let (code, doc, _) = warm_json(&[
        &u,
        "--resolve",
        &format!("site.test:{p}:127.0.0.2"),
        "--resolve",
        &format!("site.test:{p}:127.0.0.1"),
        "--tries",
        "2",
        "--interval",
        "0s",
    ]);
    assert_eq!(code, 6);
    let list = doc["urls"].as_array().unwrap();
    assert_eq!(
        list[0]["address"],
        format!("127.0.0.2:{p}"),
        "the order given"
    );
    assert!(list.iter().all(|u| u["result"] == "cold"));
    assert_eq!((a.count("/late/z"), b.count("/late/z")), (2, 2));
    let last_b = *b.seen.lock().unwrap().arrivals.last().unwrap();
    assert!(
        a.seen.lock().unwrap().arrivals[0] > last_b,
        "in the order given"
    );
}
