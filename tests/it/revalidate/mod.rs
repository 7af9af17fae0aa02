//! `isrctl revalidate`: the endpoint mock and the `--dry-run`/`--curl` output.

mod dry_run;
mod edge;
mod endpoint;
mod instances;
