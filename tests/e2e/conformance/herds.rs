//! Thundering herds: concurrent requests for a never-rendered and a just-expired page.

use super::POSTS_ROUTE;
use super::compare::*;
use super::schedule::*;
use crate::servers::*;
use serde_json::Value;

/// (i) Thundering herds on one path: 8 concurrent requests for a never-rendered on-demand page,
/// and 8 concurrent requests right after it expired. Compared per burst as a multiset of states
/// (arrival order inside a burst is not observable), plus the number of renders (Next.js
/// renders.log vs the simulator's render events): one render per path per instance at a time.
#[test]
fn conformance_thundering_herds() {
    let _g = serial();
    require_all();
    retry_on_reality(|| {
        let mut next = NextServer::start();
        let p = "/posts/91";
        let mut s = Schedule::new(&mut next);
        let cold = s.burst_at(0.0, p, 8);
        s.get_at(1.0, p);
        let warm = s.burst_at(5.8, p, 8);
        s.get_at(6.8, p);
        let scenario = s.scenario(&[("/posts/[id]", POSTS_ROUTE)], None);
        let renders_real = s.next().renders(p);
        let sorted = |v: &[String], r: &std::ops::Range<usize>| {
            let mut g = v[r.clone()].to_vec();
            g.sort();
            g
        };
        let observed = s.states();
        eprintln!(
            "observed herd:\n{}\nrenders: {renders_real}",
            s.observed_table()
        );
        let planned: Vec<&str> =
            [vec!["MISS"; 8], vec!["HIT"], vec!["STALE"; 8], vec!["HIT"]].concat();
        assert_eq!(
            observed,
            planned,
            "REALITY CHECK: herds did not go as planned:\n{}",
            s.observed_table()
        );
        let (preds, raw) = simulate(&scenario);
        let predicted: Vec<String> = preds.iter().map(|p| p.served.clone()).collect();
        let renders_pred = serde_json::from_str::<Value>(raw.trim()).unwrap()["timeline"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e["type"] == "render" && e["path"] == p)
            .count();
        let msg = format!(
            "observed:\n{}\nrenders observed {renders_real}\npredicted: {predicted:?}\nrenders predicted {renders_pred}\nscenario:\n{scenario}",
            s.observed_table()
        );
        assert_eq!(predicted.len(), observed.len(), "{msg}");
        assert_eq!(
            sorted(&predicted, &cold),
            sorted(&observed, &cold),
            "cold herd\n{msg}"
        );
        assert_eq!(predicted[cold.end], observed[cold.end], "{msg}");
        assert_eq!(
            sorted(&predicted, &warm),
            sorted(&observed, &warm),
            "stale herd\n{msg}"
        );
        assert_eq!(predicted[warm.end], observed[warm.end], "{msg}");
        assert_eq!(renders_pred, renders_real, "renders\n{msg}");
    });
}
