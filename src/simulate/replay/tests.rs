//! A replay that gets nothing but requests counts its fresh hits a chunk at a time
//! (`Replay::batch_quiet`): its summary must be the engine's given every request in turn.

use super::Replay;
use crate::engine::events::NullSink;
use crate::engine::metrics::Summary;
use crate::engine::model::{Platform, RenderTime, Revalidate, Route, SimConfig};
use crate::engine::sim::Sim;
use crate::engine::{SECOND, Time};
use crate::scenario::Scenario;
use crate::simulate::changes::{Changes, Feed};
use crate::simulate::pipeline::Pipeline;
use crate::trace::{DEFAULT_REORDER_WINDOW, TraceFormat, TraceOptions, TraceReader};
use proptest::prelude::*;

/// Replay the trace `text` in batches of `batch` requests, as `simulate --trace` does.
fn replayed(cfg: &SimConfig, text: &str, batch: usize) -> Summary {
    let s = Scenario {
        config: cfg.clone(),
        steps: Vec::new(),
        workload: None,
        duration: None,
        step_lines: Vec::new(),
    };
    let changes = Changes::default();
    let mut feed = Feed::new(&changes, &s).unwrap();
    let mut sim = Sim::new(cfg.clone(), NullSink).unwrap();
    let opts = TraceOptions {
        format: TraceFormat::Auto,
        keep_query: false,
        strict: true,
        reorder_window: DEFAULT_REORDER_WINDOW,
    };
    let input = std::io::Cursor::new(text.as_bytes().to_vec());
    let mut pipe =
        Pipeline::with_batches(TraceReader::new("t".into(), Box::new(input), opts), batch);
    let mut r = Replay::new(&s);
    while let Some(b) = pipe.next_batch() {
        assert!(r.batch(&mut sim, &mut feed, &b.unwrap(), None));
    }
    let n = r.n;
    r.end(&mut sim, &mut feed);
    assert_eq!(pipe.finish(n).requests, n);
    sim.finish(None).0
}

/// The engine given each request in turn.
fn one_by_one(cfg: &SimConfig, requests: &[(Time, u32)]) -> Summary {
    let mut sim = Sim::new(cfg.clone(), NullSink).unwrap();
    for &(t, p) in requests {
        let id = sim.intern(&format!("/p/{p}"));
        sim.request(t * SECOND, id);
    }
    sim.finish(None).0
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    /// Requests crowded on few paths (many in one chunk for the same path, new paths in the
    /// middle of chunks, chunks across batches), renders instant or not, failing or not.
    #[test]
    fn a_quiet_replay_gives_the_engines_own_summary(
        platform in prop_oneof![Just(Platform::NextStart), Just(Platform::Vercel)],
        revalidate_s in 1i64..30,
        expire_s in prop_oneof![Just(None), (1i64..60).prop_map(Some)],
        render_s in prop_oneof![Just(0i64), 1i64..4],
        fail in prop_oneof![Just(0.0), Just(0.3)],
        steps in prop::collection::vec((0i64..3, 0u32..40), 1..2500),
        batch in prop_oneof![Just(64usize), Just(300), Just(1000), Just(4096)],
    ) {
        let mut r = Route::new("/p/[id]");
        r.revalidate = Revalidate::After(revalidate_s * SECOND);
        r.expire = expire_s.map(|e| e * SECOND);
        r.render_time = RenderTime::Fixed { time: render_s * SECOND };
        r.failures.probability = fail;
        let cfg = SimConfig::new(platform, vec![r]);
        // Whole seconds from 0 (the replay's first request is its t = 0); paths skewed low.
        let mut t = 0;
        let mut requests = Vec::with_capacity(steps.len());
        let mut text = String::from("time,path\n");
        for (i, (dt, p)) in steps.into_iter().enumerate() {
            if i > 0 {
                t += dt / 2;
            }
            let p = p * p / 40;
            requests.push((t, p));
            text.push_str(&format!("{t},/p/{p}\n"));
        }
        let quiet = replayed(&cfg, &text, batch);
        let alone = one_by_one(&cfg, &requests);
        prop_assert_eq!(serde_json::to_value(&quiet).unwrap(), serde_json::to_value(&alone).unwrap());
    }
}
