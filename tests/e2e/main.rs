//! End-to-end tests against real servers (`next start`, nginx, Varnish, Squid, Apache httpd,
//! Apache Traffic Server, the python origin); `warm` against nginx.
//!
//! Needs `bash tests/setup-e2e.sh` first. Every test takes `servers::serial()`, so the tests run
//! one at a time even though the harness runs tests in parallel threads.

mod against;
mod conformance;
mod next_build;
mod probe;
mod revalidate_purge;
mod rsc;
mod servers;
mod vendors;
mod warm;
