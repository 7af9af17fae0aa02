//! The integration tests: one binary, one module per area, one support module.
//!
//! Run one area with `cargo test --test it probe::`, one test by name as usual. The real-server
//! tests live in tests/e2e/ and the generated-files check in tests/generated.rs.

mod architecture;
mod engine;
mod help;
mod hostile;
mod probe;
mod purge;
mod revalidate;
mod secrets;
mod simulate;
mod streams;
mod support;
mod trace;
mod warm;
