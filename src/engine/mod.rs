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
mod pattern;
pub mod routes;
mod serve;
pub mod sim;
pub mod workload;

/// Virtual time and durations, in microseconds. Negative times are before t=0 (an older build).
pub type Time = i64;

pub const SECOND: Time = 1_000_000;
pub const MILLI: Time = 1_000;

/// Convert seconds (possibly fractional) to virtual time.
pub fn secs(s: f64) -> Time {
    (s * SECOND as f64).round() as Time
}
