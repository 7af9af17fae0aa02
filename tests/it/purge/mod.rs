//! `isrctl purge`: every provider against its API mock, bad input and configuration, and the
//! `--dry-run`/`--curl` output.

mod dry_run;
mod input;
mod providers;
