//! The library behind `revalidate` and `purge`: item lists, per-provider purge plans and their
//! rules, sending with retries, reading answers into per-item results, and `--verify`.
//!
//! No printing: log lines go to a callback, results come back typed for `output::purge`.

pub mod interpret;
pub mod items;
pub mod purge;
pub mod send;
pub mod verify;

use crate::exit::Exit;
use crate::providers::ItemResult;

/// The combined exit code of per-item outcomes: 5 > 4 > 3 over failed items.
pub fn exit_of(results: &[ItemResult]) -> Exit {
    results
        .iter()
        .fold(Exit::Success, |acc, r| acc.worst(Exit::from(r.outcome)))
}
