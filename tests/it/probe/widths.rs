//! probe's human output fits the terminal: long URLs are cut in the middle in the live lines and
//! the summary table, long explanations wrap under themselves, at 80 and 120 columns.

use crate::support::isrctl;
use crate::support::scripted::{nextjs_script, serve};

fn widest(s: &str) -> usize {
    s.lines().map(|l| l.chars().count()).max().unwrap_or(0)
}

const LONG: &str = "/blog/a-very-long-article-slug-about-caching-and-revalidation-in-2026/comments";

fn probe(cols: usize, args: &[&str]) -> String {
    let out = isrctl()
        .env("COLUMNS", cols.to_string())
        .arg("probe")
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn live_lines_summary_and_once_fit() {
    let s = serve(vec![(LONG, nextjs_script()), ("/x", nextjs_script())]);
    let (long, short) = (s.url(LONG), s.url("/x"));
    for cols in [80, 120] {
        let text = probe(cols, &[&long, &short, "--interval", "20ms", "--count", "5"]);
        assert!(widest(&text) <= cols, "{cols}:\n{text}");
        // The summary row of the long URL keeps its start and its end.
        let row = text
            .lines()
            .find(|l| l.starts_with(" /blog/") || l.starts_with(" http"))
            .unwrap_or_else(|| panic!("{text}"));
        assert!(row.contains('…') && row.contains("comments"), "{row}");
        let once = probe(cols, &[&long, "--once"]);
        assert!(widest(&once) <= cols, "{cols}:\n{once}");
        assert!(once.contains("365d"), "31535990s reads as days:\n{once}");
    }
}
