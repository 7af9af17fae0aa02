//! `probe`: watch URLs over time and explain what their caches do. Sampling (`sample`), the
//! concurrent loop (`run`), per-URL bookkeeping (`tracker`), lints, sitemap reading, and the
//! reusable "did it change yet?" API (`verify`) for revalidate/purge. No terminal output here.

pub mod explain;
pub mod lints;
pub mod run;
pub mod sample;
pub mod sitemap;
pub mod tracker;
pub mod verify;

pub use run::{Event, Outcome, Plan, Until, run};
pub use sample::{RequestSpec, Sample};
pub use tracker::{Transition, UrlSummary, sequence_matches};

/// The verdict of a run: exit code and the reasons, per URL where it matters.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct Verdict {
    pub exit: u8,
    pub interrupted: bool,
    pub elapsed_s: f64,
    pub all_failed: bool,
    /// `--until` target (`HIT`, `changed`, ...) and whether each URL reached it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub until: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub until_reached: Option<Vec<bool>>,
    /// `--expect` sequence and whether each URL met it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expect: Option<Vec<crate::http::cache_status::CacheState>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expect_met: Option<Vec<bool>>,
    pub lints: usize,
    /// Human sentences explaining the exit code.
    pub messages: Vec<String>,
}
