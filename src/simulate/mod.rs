//! The simulate library: turn a [`Plan`] into a scenario and an input, run the engine over it,
//! and compare strategies or sweep TTLs. No clap, no terminal: progress goes to a [`Progress`].

pub mod against;
pub mod budget;
pub mod changes;
mod error;
mod numbering;
mod one_pass;
mod pipeline;
pub mod plan;
mod progress;
pub mod publish_log;
mod replay;
pub mod run;
pub mod variants;

pub use budget::Budget;
pub use changes::{ChangeRate, ChangeStats, Changes};
pub use error::{Error, SpecError};
pub use plan::{Overrides, Plan, QuickStory, TraceInput};
pub use progress::{NoProgress, Progress};
pub use run::{Finished, simulate};
pub use variants::{Strategy, SweepRange, VariantResult, Variants};

pub type Result<T, E = Error> = std::result::Result<T, E>;
