//! Engine-only throughput (no trace parsing): `cargo bench --bench engine`.
//!
//! Replays 10 M requests over 100 k interned paths (Zipf-like, 1,000 requests per second of
//! virtual time) through `Sim::request` with revalidate 60 s and render time 0, and prints
//! requests per second. The full pipeline with CSV parsing is measured by `benches/run.sh`.

use isrctl::engine::events::NullSink;
use isrctl::engine::model::{Platform, RenderTime, Revalidate, Route, SimConfig};
use isrctl::engine::sim::Sim;
use isrctl::engine::{SECOND, Time};
use std::time::Instant;

fn main() {
    let n: usize = std::env::var("N_REQ")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10_000_000);
    let keys: u64 = 100_000;
    let mut route = Route::new("*");
    route.revalidate = Revalidate::After(60 * SECOND);
    route.render_time = RenderTime::Fixed { time: 0 };
    let mut sim =
        Sim::new(SimConfig::new(Platform::NextStart, vec![route]), NullSink).expect("valid config");
    let ids: Vec<u32> = (0..keys)
        .map(|k| sim.intern(&format!("/blog/post-{k}")))
        .collect();
    // A cheap deterministic skewed stream, generated before timing.
    let mut x: u64 = 42;
    let stream: Vec<(Time, u32)> = (0..n)
        .map(|i| {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let u = (x >> 11) as f64 / (1u64 << 53) as f64;
            let k = ((keys as f64).powf(u) as u64)
                .saturating_sub(1)
                .min(keys - 1);
            ((i as Time / 1000) * SECOND, ids[k as usize])
        })
        .collect();
    let start = Instant::now();
    for &(t, id) in &stream {
        sim.request(t, id);
    }
    let (summary, _, _) = sim.finish(None);
    let secs = start.elapsed().as_secs_f64();
    println!(
        "engine: {n} requests in {secs:.3}s = {:.1} M requests/s (hit ratio {:.3}, {} regenerations)",
        n as f64 / secs / 1e6,
        summary.hit_ratio,
        summary.background_regenerations
    );
}
