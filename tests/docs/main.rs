//! The docs test binary: generated files (completions, man pages) match their sources, and every
//! example in README.md and docs/ prints what the page shows.

mod command_pages;
mod examples;
mod generated;
mod man;
mod mock;
