//! `--dry-run` and `--curl`: the planned requests, printed instead of sent. Secrets only ever
//! appear as `***` or as `$VAR` / `$(cat FILE)` references.

use super::docs::{DryRun, RequestView};
use crate::http::request::Text;
use crate::human;
use crate::output::{Format, Output};
use crate::providers::Planned;

/// The request as a curl command line; secrets as `"$VAR"` (or `"$(cat FILE)"`).
pub fn curl(r: &Planned) -> String {
    let first = match r.method.as_str() {
        "GET" => format!("curl {}", r.url.curl()),
        "HEAD" => format!("curl --head {}", r.url.curl()),
        m => format!("curl -X {m} {}", r.url.curl()),
    };
    let mut parts = vec![first];
    for (n, v) in &r.headers {
        let mut line = Text::lit(format!("{n}: "));
        line.0.extend(v.0.iter().cloned());
        parts.push(format!("-H {}", line.curl()));
    }
    if let Some(b) = &r.body {
        parts.push(format!("--data-raw {}", b.curl()));
    }
    parts.join(" \\\n  ")
}

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
            out.note(&format!(
                "dry run: {} not sent{}",
                human::count(n as u64, "request"),
                if secrets {
                    "; secrets shown as *** / $VAR"
                } else {
                    ""
                }
            ));
            Ok(())
        }
    }
}
