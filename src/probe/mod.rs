//! `probe`: watch URLs over time and explain what their caches do. Sampling (`sample`), the
//! concurrent loop (`run`), per-URL bookkeeping (`tracker`), lints, the verdict (`verdict`),
//! sitemap reading, the RSC check (`rsc`), the per-POP view (`pops`), and the reusable "did it
//! change yet?" API (`verify`) for revalidate/purge.
//! No terminal output here.

pub mod body;
pub mod error;
pub mod explain;
pub mod fetch;
pub mod kind;
pub mod lints;
pub mod pops;
pub mod rsc;
pub mod run;
pub mod sample;
pub mod sitemap;
pub mod tracker;
pub mod verdict;
pub mod verify;
pub mod wire;

pub use error::{ProbeError, SitemapError};
pub use run::{Event, Outcome, Plan, Until, run};
pub use sample::{RequestSpec, Sample};
pub use tracker::{Transition, UrlSummary, sequence_matches};
pub use verdict::{Checks, Verdict, judge};
