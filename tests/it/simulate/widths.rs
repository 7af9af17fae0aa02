//! simulate's human tables fit the terminal: at 80 and 120 columns (COLUMNS) every line fits,
//! headers stay whole, wide tables turn into records; snapshots at 120 columns (the 80-column
//! ones are in `tables`).

use crate::support::{isrctl, snapshots};

/// stdout of `isrctl simulate ARGS` laid out for `cols` columns.
pub fn at(cols: usize, args: &[&str]) -> String {
    let out = isrctl()
        .env("COLUMNS", cols.to_string())
        .arg("simulate")
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

/// The widest line, in terminal columns (every character used here is one column wide).
pub fn widest(s: &str) -> usize {
    s.lines().map(|l| l.chars().count()).max().unwrap_or(0)
}

const COMPARE: &[&str] = &[
    "examples/cms-webhook.toml",
    "--compare",
    "ssg,isr,isr+ondemand,ssr",
];
const SWEEP: &[&str] = &[
    "examples/cms-webhook.toml",
    "--sweep",
    "revalidate=5s..2m",
    "--max-staleness",
    "30s",
];

#[test]
fn every_table_fits_80_and_120_columns() {
    let runs: &[&[&str]] = &[
        &[],
        &["examples/two-instances.toml", "--timeline"],
        &["examples/cms-webhook.toml"],
        COMPARE,
        SWEEP,
        &[
            "--workload",
            "zipf:alpha=1.0,keys=1000,rate=50/s,duration=10m,changes=20/h",
        ],
    ];
    for args in runs {
        for cols in [80, 120] {
            let text = at(cols, args);
            assert!(widest(&text) <= cols, "{args:?} at {cols}:\n{text}");
            for broken in ["strate\n", "\ngy ", "renders/\n"] {
                assert!(!text.contains(broken), "{args:?} at {cols}:\n{text}");
            }
        }
    }
}

#[test]
fn compare_at_80_columns_is_one_record_per_strategy() {
    let text = at(80, COMPARE);
    for s in ["ssg", "isr", "isr+ondemand", "ssr"] {
        let line = format!("strategy                    {s}\n");
        assert!(text.contains(&line), "{text}");
    }
    // Numbers people read: separators, no modelled latency, plurals.
    assert!(text.contains("7,280.0"), "{text}");
    assert!(text.contains("16.9s / 51s / 55s"), "{text}");
    assert!(!text.contains("55.005s") && !text.contains("(s)"), "{text}");
}

#[test]
fn compare_sweep_and_timeline_at_120_columns() {
    snapshots().bind(|| {
        insta::assert_snapshot!("compare_120", at(120, COMPARE));
        insta::assert_snapshot!("sweep_120", at(120, SWEEP));
        insta::assert_snapshot!("story_120", at(120, &["--timeline"]));
    });
}
