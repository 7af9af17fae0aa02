//! Example purge sessions printed for the docs (ignored by default).

use super::urls;
use crate::support::providers::{Api, MockApi, TOKEN, isrctl, run};

/// Prints example sessions for the README (`cargo test --test it -- --ignored --nocapture readme_sessions`).
#[test]
#[ignore]
fn readme_sessions() {
    let cf = MockApi::start(Api::Cloudflare);
    cf.fail_next(1, 429, Some("1"));
    let mut cmd = isrctl();
    cmd.env("CLOUDFLARE_API_TOKEN", TOKEN)
        .args([
            "purge",
            "cloudflare",
            "--zone",
            "023e105f4ecef8ad9ca31a8372d0c353",
            "--from-file",
            "-",
            "--base-url",
            &cf.uri(),
        ])
        .write_stdin(urls(32).join("\n"));
    let r = run(&mut cmd);
    println!("--- cloudflare (exit {})\n{}{}", r.code, r.stdout, r.stderr);
    let v = MockApi::start(Api::Vercel);
    let r = run(isrctl().args([
        "purge",
        "vercel",
        "--project",
        "my-site",
        "--tag",
        "posts",
        "--tag",
        "post-42",
        "--hard",
        "--deadline",
        "60s",
        "--curl",
    ]));
    println!(
        "--- vercel curl (exit {})\n{}{}",
        r.code, r.stdout, r.stderr
    );
    let r = run(isrctl().env("VERCEL_TOKEN", "wrong").args([
        "purge",
        "vercel",
        "--project",
        "my-site",
        "--tag",
        "posts",
        "--base-url",
        &v.uri(),
    ]));
    println!(
        "--- vercel wrong token (exit {})\n{}{}",
        r.code, r.stdout, r.stderr
    );
    let f = MockApi::start(Api::Fastly);
    let r = run(isrctl().env("FASTLY_API_TOKEN", TOKEN).args([
        "purge",
        "fastly",
        "--service",
        "SU1Z0isxPaozGVKXdv0eY",
        "--key",
        "post-42",
        "--key",
        "blog-index",
        "--soft",
        "--base-url",
        &f.uri(),
    ]));
    println!("--- fastly (exit {})\n{}{}", r.code, r.stdout, r.stderr);
    let r = run(isrctl().env("FASTLY_API_TOKEN", TOKEN).args([
        "purge",
        "fastly",
        "--service",
        "S",
        "--all",
        "--soft",
    ]));
    println!(
        "--- fastly soft all (exit {})\n{}{}",
        r.code, r.stdout, r.stderr
    );
    let n = MockApi::start(Api::Netlify);
    let r = run(isrctl().env("NETLIFY_AUTH_TOKEN", TOKEN).args([
        "--format",
        "ndjson",
        "purge",
        "netlify",
        "--site",
        "my-site",
        "--tag",
        "products",
        "--base-url",
        &n.uri(),
    ]));
    println!(
        "--- netlify ndjson (exit {})\n{}{}",
        r.code, r.stdout, r.stderr
    );
    let h = MockApi::start(Api::Varnish);
    let r = run(isrctl().args([
        "purge",
        "http",
        "--url",
        &format!("{}/blog", h.uri()),
        "--url",
        &format!("{}/not-cached", h.uri()),
        "-H",
        "X-Purge-Token: abc",
    ]));
    println!("--- http (exit {})\n{}{}", r.code, r.stdout, r.stderr);
    let app = MockApi::start(Api::NextApp);
    let r = run(isrctl()
        .env("REVALIDATE_SECRET", crate::support::providers::APP_SECRET)
        .args([
            "revalidate",
            "--endpoint",
            &format!("{}/api/revalidate", app.uri()),
            "--secret-env",
            "REVALIDATE_SECRET",
            "--path",
            "/blog",
            "--tag",
            "posts",
            "--verify",
            &format!("{}/blog", app.uri()),
            "--verify-interval",
            "200ms",
        ]));
    println!(
        "--- revalidate verify (exit {})\n{}{}",
        r.code, r.stdout, r.stderr
    );
    let r = run(isrctl().env("REVALIDATE_SECRET", "nope").args([
        "revalidate",
        "--endpoint",
        &format!("{}/api/revalidate", app.uri()),
        "--secret-env",
        "REVALIDATE_SECRET",
        "--path",
        "/blog",
    ]));
    println!(
        "--- revalidate wrong secret (exit {})\n{}{}",
        r.code, r.stdout, r.stderr
    );
    let r = run(isrctl().env("REVALIDATE_SECRET", "x").args([
        "revalidate",
        "--endpoint",
        "https://example.com/api/revalidate",
        "--secret-env",
        "REVALIDATE_SECRET",
        "--secret-in",
        "query",
        "--path",
        "/blog",
        "--param",
        "type=layout",
        "--dry-run",
    ]));
    println!(
        "--- revalidate dry-run (exit {})\n{}{}",
        r.code, r.stdout, r.stderr
    );
    let p = MockApi::start(Api::NextPage);
    let r = run(isrctl().env("ISRCTL_BYPASS_TOKEN", "deadbeef").args([
        "revalidate",
        "--bypass",
        &format!("{}/tagged", p.uri()),
    ]));
    println!(
        "--- bypass wrong id (exit {})\n{}{}",
        r.code, r.stdout, r.stderr
    );
}
