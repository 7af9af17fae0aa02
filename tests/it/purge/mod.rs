//! `isrctl purge`: every provider against its API mock, bad input and configuration, and the
//! `--dry-run`/`--curl` output.

mod akamai;
mod cloudflare;
mod cloudfront;
mod cloudfront_keys;
mod conventions;
mod documents;
mod dry_run;
mod fastly;
mod http;
mod input;
mod linked;
mod vercel;
mod widths;

use std::io::Write;

/// `n` page URLs on example.com.
fn urls(n: usize) -> Vec<String> {
    (0..n)
        .map(|i| format!("https://www.example.com/p/{i}"))
        .collect()
}

/// A tags file with `n` tags, blank lines and a comment.
fn tags_file(n: usize) -> tempfile::NamedTempFile {
    let mut f = tempfile::NamedTempFile::new().unwrap();
    writeln!(f, "# tags to purge\n").unwrap();
    for i in 0..n {
        writeln!(f, "tag-{i}\n").unwrap();
    }
    f
}
