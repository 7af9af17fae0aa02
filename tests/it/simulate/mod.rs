//! `isrctl simulate`: stories, examples, schema and bad input, and snapshots of the human tables.

mod against;
mod changes;
mod chart;
mod cli;
mod next_build;
mod one_pass;
mod plot;
mod real_logs;
mod short_cut;
mod tables;
mod timeline_plot;
mod variants;
mod widths;
