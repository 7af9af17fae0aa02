//! The SWR/ISR simulator: pure, synchronous and deterministic. No IO, no clocks, no terminals.
//!
//! Inputs are a [`model::SimConfig`] and a time-ordered stream of requests and scenario events;
//! outputs are typed [`events::SimEvent`]s handed to a sink and a [`metrics::Summary`].

mod actions;
mod cache;
pub mod classes;
pub mod events;
pub mod metrics;
pub mod model;
mod names;
mod pattern;
mod queue;
pub mod routes;
mod serve;
mod short_cut;
pub mod sim;
pub mod workload;

/// Virtual time and durations, in microseconds. Negative times are before t=0 (an older build).
pub type Time = i64;

pub const SECOND: Time = 1_000_000;

/// Start bringing `*r` into the cache: a hint for loops that know what they will read next (the
/// trace reader's table, the engine's per-path state). Does nothing off x86_64.
#[inline(always)]
pub fn prefetch<T>(r: &T) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: a prefetch reads nothing and cannot fault; `r` is a valid reference anyway.
    unsafe {
        use std::arch::x86_64::{_MM_HINT_T0, _mm_prefetch};
        _mm_prefetch::<_MM_HINT_T0>((r as *const T).cast::<i8>());
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = r;
}
pub const MILLI: Time = 1_000;

/// Convert seconds (possibly fractional) to virtual time.
pub fn secs(s: f64) -> Time {
    (s * SECOND as f64).round() as Time
}
