//! `--curl`: one planned request as a copyable curl command line; secrets only as `"$VAR"` or
//! `"$(cat FILE)"` references, quoted by `Text::curl` (shlex).

use crate::http::request::Text;
use crate::providers::Planned;

/// The request as a curl command line; secrets as `"$VAR"` (or `"$(cat FILE)"`).
pub fn curl(r: &Planned) -> String {
    let first = match r.method.as_str() {
        "GET" => format!("curl {}", r.url.curl()),
        "HEAD" => format!("curl --head {}", r.url.curl()),
        m => format!("curl -X {m} {}", r.url.curl()),
    };
    let mut parts = vec![first];
    if let Some(v) = &r.via {
        parts.push(format!("--resolve {}", v.curl_form()));
    }
    for (n, v) in &r.headers {
        let mut line = Text::lit(format!("{n}: "));
        line.0.extend(v.0.iter().cloned());
        parts.push(format!("-H {}", line.curl()));
    }
    // A signed request: curl signs it the same way (`--aws-sigv4`), keys as references.
    if let Some(s) = &r.sign {
        parts.extend(s.curl_args());
    }
    if let Some(b) = &r.body {
        parts.push(format!("--data-raw {}", b.curl()));
    }
    parts.join(" \\\n  ")
}
