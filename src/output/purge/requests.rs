//! `--dry-run` and `--curl`: the planned requests, printed instead of sent. Secrets only ever
//! appear as `***` or as `$VAR` / `$(cat FILE)` references.

use super::curl::curl;
use super::docs::{DryRun, RequestView};
use crate::human;
use crate::output::{Format, Output};
use crate::providers::Planned;

/// Print planned requests without sending them.
pub fn requests(out: &Output, reqs: &[Planned], as_curl: bool) -> std::io::Result<()> {
    match out.format {
        Format::Json => {
            let doc = DryRun {
                kind: "dry_run",
                requests: reqs.iter().map(RequestView::of).collect(),
            };
            // Through a `Value` so the keys print in sorted order, as they always have.
            out.json_pretty(&serde_json::to_value(&doc)?)
        }
        Format::Ndjson => {
            for r in reqs {
                out.json_line(&RequestView::of(r))?;
            }
            Ok(())
        }
        Format::Table => {
            let n = reqs.len();
            for r in reqs {
                let items = if r.items.len() == 1 {
                    r.items[0].clone()
                } else {
                    human::count(r.items.len() as u64, "item")
                };
                out.line(&format!("# request {} of {n}: {items}", r.batch))?;
                if let Some(v) = &r.via {
                    out.line(&format!(
                        "# sent to {} (--resolve {})",
                        v.addr,
                        v.curl_form()
                    ))?;
                }
                if as_curl {
                    out.line(&curl(r))?;
                } else {
                    out.line(&format!("{} {}", r.method, r.url.shown()))?;
                    for (h, v) in &r.headers {
                        out.line(&format!("{h}: {}", v.shown()))?;
                    }
                    if let Some(b) = &r.body {
                        out.line("")?;
                        out.line(&b.shown())?;
                    }
                }
                out.line("")?;
            }
            let secrets = reqs.iter().any(Planned::has_secret);
            // (`--curl` of a request curl signs itself, `--aws-sigv4`, can be replayed.)
            let signed = reqs.iter().any(|r| {
                r.sign
                    .as_ref()
                    .is_some_and(|s| !as_curl || s.curl_args().is_none())
            });
            out.note(&format!(
                "dry run: {} not sent{}{}",
                human::count(n as u64, "request"),
                if secrets {
                    "; secrets shown as *** / $VAR"
                } else {
                    ""
                },
                if signed {
                    "; signatures (***) are computed per request as it is sent, so these cannot be \
                     replayed as shown"
                } else {
                    ""
                }
            ));
            Ok(())
        }
    }
}
