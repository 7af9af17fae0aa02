//! purge's table fits the terminal: a 502 answered with a whole HTML page on one line takes at
//! most three lines of the table, the body cut at the end, the purged URL in the middle; at 80 and
//! 120 columns (snapshots).

use crate::support::providers::{isrctl, run};
use crate::support::scripted::{Reply, serve};
use crate::support::snapshots;

const PAGE: &str = "/blog/a-very-long-article-slug-about-caching-and-revalidation-2026";

fn bad_gateway() -> Reply {
    let body = format!(
        "<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad \
         Gateway</h1>{}<hr>nginx/1.24.0</body></html>",
        "<p>The upstream server sent an invalid response.</p>".repeat(4)
    );
    Reply::Ok(502, vec![("content-type".into(), "text/html".into())], body)
}

#[test]
fn a_502_html_page_takes_three_lines_at_most_at_80_and_120_columns() {
    let s = serve(vec![
        (PAGE, vec![bad_gateway()]),
        ("/x", vec![bad_gateway()]),
    ]);
    for cols in [80, 120] {
        let r = run(isrctl().env("COLUMNS", cols.to_string()).args([
            "purge",
            "http",
            "--retries",
            "0",
            &s.url(PAGE),
            &s.url("/x"),
        ]));
        assert_eq!(r.code, 5, "{}{}", r.stdout, r.stderr);
        let widest = r.stdout.lines().map(|l| l.chars().count()).max().unwrap();
        assert!(widest <= cols, "{cols}:\n{}", r.stdout);
        // Between the rules: two items, each at most three lines, the body cut with `…`.
        let table: Vec<&str> = r
            .stdout
            .lines()
            .skip(3)
            .take_while(|l| !l.starts_with('─'))
            .collect();
        assert!(table.len() <= 6, "{}", r.stdout);
        let rows: Vec<&str> = table
            .iter()
            .copied()
            .filter(|l| l.contains(" 502 "))
            .collect();
        assert_eq!(rows.len(), 2, "{}", r.stdout);
        let cut = table.iter().filter(|l| l.trim_end().ends_with('…')).count();
        assert_eq!(cut, 2, "{}", r.stdout);
        assert!(
            rows[0].contains("2026"),
            "the URL keeps its end:\n{}",
            r.stdout
        );
        // Ports vary between runs (five digits: the layout does not).
        let mut settings = snapshots();
        settings.add_filter(r"127\.0\.0\.1:\d+", "127.0.0.1:PORT");
        settings.add_filter(r":\d+…", ":PORT…");
        settings.bind(|| insta::assert_snapshot!(format!("purge_502_{cols}"), r.stdout));
    }
}
