//! `warm`: request every URL of a list (a sitemap, a file, stdin) until its cache answers HIT or
//! the tries run out, with bounded concurrency and rate, once per `--resolve` address. Planning
//! (`plan`), reading a response (`judge`), the loop (`run`). No terminal output here.

pub mod judge;
pub mod plan;
pub mod run;

pub use judge::Outcome;
pub use plan::{Plan, Rate, Target, WarmError};
pub use run::{Clients, Event, Run, UrlResult, run};
