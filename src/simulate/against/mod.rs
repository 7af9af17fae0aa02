//! `simulate --against`: replay a scenario's requests and revalidations against a real
//! deployment in real time, and compare each answer with what the model predicts for the same
//! schedule. [`check`] refuses what cannot be sent, [`predict`] runs the engine, [`replay`] sends,
//! [`verdict`] compares (with slack for real clocks near a boundary).

pub mod check;
pub mod predict;
pub mod replay;
pub mod verdict;

pub use check::{Scheduled, Sendable, schedule};
pub use predict::{Prediction, predict};
pub use replay::{Observed, Replay, Stopped, replay};
pub use verdict::{EventRow, Report, Row, Tally, Verdict, compare};

/// Why `--against` cannot run or stopped.
#[derive(Debug, thiserror::Error)]
pub enum AgainstError {
    /// A step or setting of the scenario that cannot be done to a real deployment.
    #[error("{place}: {what} cannot be sent to a deployment: {why}")]
    Unsendable {
        /// `file:line` (or `file`, or the setting) the refused part came from.
        place: String,
        what: String,
        why: &'static str,
    },
    /// Revalidation events without the app's revalidation route.
    #[error("{place}: {what} needs the app's revalidation route: give --endpoint URL")]
    NoEndpoint { place: String, what: String },
    /// The scenario has no request to send.
    #[error("{0}: the scenario has no request events to replay")]
    NoRequests(String),
    /// The base URL cannot take a path appended (`?query` or `#fragment`).
    #[error("--against {0}: give the deployment's base URL without a query or fragment")]
    BaseUrl(String),
}
