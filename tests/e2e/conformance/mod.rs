//! Conformance: `isrctl simulate --platform next-start` must predict what a real `next start`
//! (Next.js 16.4.6, tests/fixtures/next-app) serves.
//!
//! Each test drives the real server from a fresh copy of the fixture build at planned offsets,
//! records what was actually served (x-nextjs-cache state or HTTP status, and the render stamp),
//! then writes the same schedule as a scenario file — with the offsets actually measured from the
//! test's t0, not the planned ones, and the measured render time — runs the real binary
//! `isrctl simulate SCENARIO --format json --timeline`, and compares.
//!
//! Two assertions per schedule, so a failure says who is wrong:
//! 1. reality check: the real server served the sequence documented in
//!    tests/fixtures/README.md and shared/reference/nextjs-observed.md (if this fails, the machine
//!    was too slow for the schedule's slack, or Next.js behaves differently);
//! 2. conformance: the simulator predicted the same states (and the same pattern of content
//!    versions) for the same schedule.
//!
//! Real servers: the tests take a global lock and run one at a time.

mod cdn;
mod compare;
mod expiry;
mod failures;
mod herds;
mod in_flight;
mod on_demand;
mod schedule;

use crate::servers::require_bin;

pub(super) const POSTS_ROUTE: &str =
    "revalidate = 5\nprerender = [\"/posts/1\", \"/posts/2\"]\ndynamic_params = true";

/// The harness never skips: a missing component is a failure that says how to install it.
#[test]
#[should_panic(expected = "run `bash tests/setup-e2e.sh`")]
fn harness_missing_component_fails_loudly() {
    require_bin("isrctl-e2e-no-such-server");
}
