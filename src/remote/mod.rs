//! The library behind `revalidate` and `purge`: item lists, per-provider purge plans and their
//! rules, sending with retries, reading answers into per-item results, and `--verify`.
//!
//! No printing: log lines go to a callback, results come back typed for `output::purge`.

pub mod aws;
pub mod ids;
pub mod instances;
pub mod interpret;
pub mod invalidations;
pub mod items;
pub mod ledger;
pub mod purge;
pub mod send;
pub mod verify;
pub mod zone;

use crate::exit::Exit;
use crate::providers::ItemResult;
use ledger::Sent;

/// The combined exit code of per-item outcomes: 5 > 4 > 3 over failed items.
pub fn exit_of(results: &[ItemResult]) -> Exit {
    results
        .iter()
        .fold(Exit::Success, |acc, r| acc.worst(Exit::from(r.outcome)))
}

/// The exit code of a whole send run: its items', and what stopped it early (130 for Ctrl-C,
/// 1 for a crash), so that a run cut short never exits 0.
pub fn exit_of_run(sent: &Sent) -> Exit {
    let items = exit_of(&sent.results);
    match &sent.stopped {
        Some(s) => items.worst(Exit::from(s)),
        None => items,
    }
}
