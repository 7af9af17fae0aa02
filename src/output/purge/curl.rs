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
    // A signed request that curl can sign itself (SigV4: `--aws-sigv4`): its options, keys as
    // references, in place of the placeholder headers.
    let signing = r
        .sign
        .as_ref()
        .and_then(|s| Some((s.placeholders(), s.curl_args()?)));
    for (n, v) in &r.headers {
        if let Some((owned, _)) = &signing
            && owned.iter().any(|(o, _)| o.eq_ignore_ascii_case(n))
        {
            continue;
        }
        let mut line = Text::lit(format!("{n}: "));
        line.0.extend(v.0.iter().cloned());
        parts.push(format!("-H {}", line.curl()));
    }
    if let Some((_, args)) = signing {
        parts.extend(args);
    }
    if let Some(b) = &r.body {
        parts.push(format!("--data-raw {}", b.curl()));
    }
    parts.join(" \\\n  ")
}
