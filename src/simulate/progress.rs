//! How far a long run got: the [`Progress`] a run reports to (a bar, or nothing).

use crate::engine::Time;

/// Where a long run reports how far it got (a progress bar, or nothing).
pub trait Progress: Sync {
    /// A trace replay read `bytes` of input and replayed `requests` at `rate` requests/s.
    fn trace(&self, _bytes: u64, _requests: u64, _rate: f64) {}
    /// A workload run reached simulated time `t` of its `end`.
    fn sim_time(&self, _t: Time, _end: Time) {}
    /// A comparison or sweep of `total` runs starts.
    fn start_runs(&self, _total: usize) {}
    /// `done` runs of a comparison or sweep have finished.
    fn runs(&self, _done: usize) {}
    /// The work is over (clear the bar).
    fn finish(&self) {}
}

/// Reports nothing.
pub struct NoProgress;

impl Progress for NoProgress {}
