//! Snapshots of `--help` for the top level and every subcommand (80 columns): the guard for the
//! move to typed, parsed-at-the-edge arguments.

use crate::support::{isrctl, snapshots, transcript};

fn help(args: &[&str]) -> String {
    transcript(isrctl().args(args).arg("--help"))
}

#[test]
fn help_texts() {
    for cmd in [
        "",
        "simulate",
        "probe",
        "revalidate",
        "purge",
        "purge vercel",
        "purge cloudflare",
        "purge fastly",
        "purge netlify",
        "purge akamai",
        "purge http",
        "warm",
        "purge cloudfront",
        "completions",
    ] {
        let args: Vec<&str> = cmd.split_whitespace().collect();
        let name = if cmd.is_empty() {
            "isrctl".to_string()
        } else {
            format!("isrctl {cmd}")
        };
        snapshots().bind(|| insta::assert_snapshot!(name.replace(' ', "_"), help(&args)));
    }
}
