//! The compact terminal chart under a `--sweep` table: a line per TTL with two bars (renders per
//! hour, staleness p95), the recommended TTL marked, within 80 columns; never in machine output.

use crate::support::{isrctl, snapshots, transcript};

const WORKLOAD: &str = "zipf:alpha=1.0,keys=50,rate=20/s,duration=30m,changes=2000/day";

/// The lines after the table's last rule up to the notes: the chart.
fn under_the_table(text: &str) -> Vec<&str> {
    let lines: Vec<&str> = text.lines().collect();
    let last_rule = lines
        .iter()
        .rposition(|l| l.starts_with('─'))
        .expect("a table");
    lines[last_rule + 1..]
        .iter()
        .copied()
        .take_while(|l| {
            !["--- stderr", "recommended:", "note:", "no TTL"]
                .iter()
                .any(|p| l.starts_with(p))
        })
        .collect()
}

#[test]
fn a_sweep_table_ends_with_a_chart_that_fits_80_columns() {
    let text = transcript(isrctl().args([
        "simulate",
        "--workload",
        WORKLOAD,
        "--sweep",
        "revalidate=10s,1m,5m,10m,30m,1h",
        "--max-staleness",
        "p95=5m",
    ]));
    assert!(text.starts_with("exit 0\n"), "{text}");
    let chart = under_the_table(&text);
    assert!(chart.iter().all(|l| l.chars().count() <= 80), "{chart:#?}");
    let rows: Vec<&&str> = chart
        .iter()
        .filter(|l| l.contains("/h ") && !l.contains("renders/h"))
        .collect();
    assert_eq!(rows.len(), 6, "{chart:#?}");
    assert_eq!(
        chart
            .iter()
            .filter(|l| l.ends_with("◀ recommended"))
            .count(),
        1,
        "{chart:#?}"
    );
    snapshots().bind(|| insta::assert_snapshot!(chart.join("\n")));
}

#[test]
fn machine_output_and_comparisons_have_no_chart() {
    for format in ["json", "ndjson"] {
        let o = isrctl()
            .args([
                "simulate",
                "--workload",
                WORKLOAD,
                "--sweep",
                "revalidate=10s,1m",
            ])
            .args(["--format", format])
            .output()
            .unwrap();
        assert!(o.status.success());
        assert!(
            !String::from_utf8_lossy(&o.stdout).contains('█'),
            "{format}"
        );
    }
    let text =
        transcript(isrctl().args(["simulate", "--workload", WORKLOAD, "--compare", "isr,ssr"]));
    assert!(
        !under_the_table(&text).iter().any(|l| l.contains("/h ")),
        "{text}"
    );
}
