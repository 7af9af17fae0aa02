//! Tables fit the width they are laid out for: whole headers, cut cells, records when too wide.

use super::*;
use crate::output::terminal::text_width;
use proptest::prelude::*;

fn widest(s: &str) -> usize {
    s.lines().map(text_width).max().unwrap_or(0)
}

fn compare_like() -> Tabular {
    let mut t = Tabular::new([
        col("strategy"),
        col("hit ratio").right(),
        col("origin renders").right(),
        col("renders/h").right(),
        col("").fit(Fit::Decor),
        col("staleness mean / p95 / max"),
        col("time-to-fresh max"),
        col("latency p50 / p95 / p99"),
    ]);
    for (s, bar) in [("ssg", ""), ("isr+ondemand", "████████████")] {
        t.row(vec![
            s.into(),
            "100.0%".into(),
            "4".into(),
            "7,280.0".into(),
            bar.into(),
            "16.9s / 51s / 55s".into(),
            "56s".into(),
            "200ms / 200ms / 200ms".into(),
        ]);
    }
    t
}

#[test]
fn a_table_that_fits_is_left_as_it_is() {
    let mut t = Tabular::new([col("a"), col("bb").right()]);
    t.row(vec!["x".into(), "1".into()]);
    let s = t.render_at(80);
    assert_eq!(s.lines().nth(1).unwrap().trim_end(), " a  bb");
    assert_eq!(s.lines().nth(3).unwrap().trim_end(), " x   1");
    assert_eq!(widest(&s), 7, "{s}");
}

#[test]
fn a_wide_table_keeps_its_headers_whole_or_becomes_records() {
    for w in [40, 60, 80, 100, 120, 160, 200] {
        let s = compare_like().render_at(w);
        assert!(widest(&s) <= w, "{w}:\n{s}");
        for word in ["strategy", "staleness", "time-to-fresh", "latency"] {
            assert!(s.contains(word), "{w}: {word} broken:\n{s}");
        }
        assert!(!s.contains("strate\n") && !s.contains(" gy "), "{s}");
    }
    // At 80 columns it cannot fit as it is, but on its side it does: a row per column.
    let s = compare_like().render_at(80);
    let head = s.lines().nth(1).unwrap();
    assert!(
        head.starts_with(" strategy") && head.trim_end().ends_with("isr+ondemand"),
        "{s}"
    );
    assert!(
        s.lines()
            .any(|l| l.starts_with(" renders/h") && l.contains("7,280.0")),
        "{s}"
    );
    assert!(!s.contains('█'), "bars are left out on the side:\n{s}");
    // At 50 not even that: one record per row, the bar next to its number.
    let s = compare_like().render_at(50);
    assert!(
        s.contains("strategy                    isr+ondemand"),
        "{s}"
    );
    assert!(
        s.contains("renders/h                   7,280.0  ████████████"),
        "{s}"
    );
}

#[test]
fn urls_are_cut_in_the_middle_and_bodies_at_the_end() {
    let url = "https://www.example.com/a/very/long/path/to/a/page/that/goes/on/index.html";
    let body = format!("<html><body>{}</body></html>", "Bad gateway ".repeat(20));
    let mut t = Tabular::new([
        col("URL").fit(Fit::Middle),
        col("STATUS").right(),
        col("ERROR").fit(Fit::End),
    ]);
    t.row(vec![url.into(), "502".into(), body.clone()]);
    let s = t.render_at(80);
    assert!(widest(&s) <= 80, "{s}");
    assert_eq!(
        s.lines().count(),
        4 + END_LINES,
        "a body takes 3 lines at most:\n{s}"
    );
    let row = s.lines().nth(3).unwrap();
    assert!(row.contains("https://www.ex"), "{row}");
    assert!(row.contains("index.html"), "{row}");
    assert!(row.contains('…'), "{row}");
    let last = s.lines().nth(2 + END_LINES).unwrap();
    assert!(last.trim_end().ends_with('…'), "{s}");
    // Wide enough: nothing is cut.
    let wide = t.render_at(400);
    assert!(wide.contains(url) && wide.contains(&body), "{wide}");
}

proptest! {
    #[test]
    fn every_line_fits(
        width in 20usize..200,
        cells in proptest::collection::vec("[a-z /.:]{0,90}", 1..24),
        fits in proptest::collection::vec(0u8..5, 6),
    ) {
        let fit = |i: usize| match fits[i % fits.len()] {
            0 => Fit::Keep,
            1 => Fit::Wrap,
            2 => Fit::Middle,
            3 => Fit::End,
            _ => Fit::Decor,
        };
        let mut t = Tabular::new((0..4).map(|i| col(["t", "path name", "state", "body"][i]).fit(fit(i))));
        for chunk in cells.chunks(4) {
            t.row(chunk.to_vec());
        }
        let s = t.render_at(width);
        prop_assert!(widest(&s) <= width.max(MIN_WIDTH), "{}:\n{}", width, s);
    }
}
