//! Snapshots of `isrctl purge PROVIDER --dry-run` and `--curl` for every provider: nothing is
//! sent, so the output is the same on every run.

use crate::support::providers::{TOKEN, isrctl};
use crate::support::{snapshots, transcript};

fn output(args: &[&str]) -> String {
    transcript(
        isrctl()
            .env("VERCEL_TOKEN", TOKEN)
            .env("CLOUDFLARE_API_TOKEN", TOKEN)
            .env("FASTLY_API_TOKEN", TOKEN)
            .env("NETLIFY_AUTH_TOKEN", TOKEN)
            .arg("purge")
            .args(args),
    )
}

#[test]
fn purge_dry_run_and_curl_per_provider() {
    let cases: &[(&str, &[&str])] = &[
        (
            "vercel",
            &[
                "vercel",
                "--project",
                "my-site",
                "--tag",
                "posts",
                "--tag",
                "post-42",
            ],
        ),
        (
            "cloudflare",
            &[
                "cloudflare",
                "--zone",
                "z0",
                "--tag",
                "posts",
                "--url",
                "https://example.com/blog",
            ],
        ),
        (
            "fastly",
            &[
                "fastly",
                "--service",
                "svc",
                "--key",
                "posts",
                "--url",
                "https://example.com/blog",
            ],
        ),
        ("netlify", &["netlify", "--site", "s1", "--tag", "posts"]),
        (
            "http",
            &[
                "http",
                "--url",
                "https://example.com/blog",
                "--url",
                "https://example.com/",
            ],
        ),
    ];
    for (provider, args) in cases {
        for mode in ["--dry-run", "--curl"] {
            let all = [*args, &[mode]].concat();
            let name = format!("purge_{provider}_{}", mode.trim_start_matches('-'));
            snapshots().bind(|| insta::assert_snapshot!(name, output(&all)));
        }
    }
}
