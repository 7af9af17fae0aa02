//! `--plot FILE`: the rows of `--sweep` and `--compare` as an SVG picture, written as plain SVG
//! from the typed results. A sweep is origin cost (renders per hour) against staleness p95, one
//! point per TTL, the recommended one ringed; a comparison is one bar chart per metric.

use crate::engine::metrics::Summary;
use crate::human::duration as fmt_secs;
use crate::output::svg::{ACCENT, Doc, Frame, MARK, esc, num, ticks};
use crate::simulate::variants::Report;

const W: f64 = 760.0;
const H: f64 = 440.0;

/// The picture of a sweep or comparison.
pub fn svg(report: &Report) -> String {
    if report.kind == "sweep" {
        sweep(report)
    } else {
        compare(report)
    }
}

fn sweep(report: &Report) -> String {
    let pts: Vec<(f64, f64, String)> = report
        .rows
        .iter()
        .map(|r| {
            let ttl = r.variant.revalidate.unwrap_or(0);
            (
                r.summary.staleness.p95,
                r.summary.renders_per_hour,
                fmt_secs(ttl),
            )
        })
        .collect();
    let no_changes = report.rows.iter().all(|r| r.summary.changes.is_empty());
    let mut doc = Doc::new(W, H, "TTL sweep: origin cost against staleness");
    let xs = ticks(pts.iter().map(|p| p.0).fold(0.0, f64::max));
    let ys = ticks(pts.iter().map(|p| p.1).fold(0.0, f64::max));
    let f = Frame {
        left: 80.0,
        top: 44.0,
        width: W - 120.0,
        height: H - 110.0,
        xmax: *xs.last().unwrap_or(&1.0),
        ymax: *ys.last().unwrap_or(&1.0),
    };
    f.axes(
        &mut doc,
        (&xs, num),
        &ys,
        "staleness p95 (seconds)",
        "renders per hour (origin cost)",
    );
    if no_changes {
        doc.raw(format_args!(
                        "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\" fill=\"{MARK}\">no content changes in this run: staleness is 0 for every TTL</text>",
            f.left + f.width / 2.0,
            f.top + 14.0
        ));
    }
    let path: Vec<String> = pts
        .iter()
        .map(|(x, y, _)| format!("{:.1},{:.1}", f.x(*x), f.y(*y)))
        .collect();
    doc.raw(format_args!(
                "<polyline class=\"series\" fill=\"none\" stroke=\"{ACCENT}\" stroke-opacity=\"0.4\" points=\"{}\"/>",
        path.join(" ")
    ));
    for (i, (x, y, label)) in pts.iter().enumerate() {
        let (px, py) = (f.x(*x), f.y(*y));
        doc.raw(format_args!(
                        "<circle class=\"point\" data-ttl=\"{}\" cx=\"{px:.1}\" cy=\"{py:.1}\" r=\"4\" fill=\"{ACCENT}\"/><text x=\"{:.1}\" y=\"{:.1}\" fill=\"#111827\">{}</text>",
            esc(label),
            px + 7.0,
            py - 6.0,
            esc(label)
        ));
        if report.recommended == Some(i) {
            doc.raw(format_args!(
                                "<circle class=\"recommended\" cx=\"{px:.1}\" cy=\"{py:.1}\" r=\"9\" fill=\"none\" stroke=\"{MARK}\" stroke-width=\"2\"/><text x=\"{:.1}\" y=\"{:.1}\" fill=\"{MARK}\" font-weight=\"600\">recommended</text>",
                px + 7.0,
                py + 16.0
            ));
        }
    }
    doc.finish()
}

/// One metric of a comparison: its name and value per row.
type Metric = (&'static str, fn(&Summary) -> f64);

fn compare(report: &Report) -> String {
    let metrics: [Metric; 3] = [
        ("hit ratio (%)", |s| s.hit_ratio * 100.0),
        ("renders per hour", |s| s.renders_per_hour),
        ("staleness p95 (s)", |s| s.staleness.p95),
    ];
    let mut doc = Doc::new(W, H, "Strategies compared");
    let panel = (W - 40.0) / metrics.len() as f64;
    for (m, (name, value)) in metrics.iter().enumerate() {
        let values: Vec<f64> = report.rows.iter().map(|r| value(&r.summary)).collect();
        let ys = ticks(values.iter().copied().fold(0.0, f64::max));
        let f = Frame {
            left: 20.0 + m as f64 * panel + 50.0,
            top: 60.0,
            width: panel - 70.0,
            height: H - 150.0,
            xmax: 1.0,
            ymax: *ys.last().unwrap_or(&1.0),
        };
        f.axes(&mut doc, (&[], num), &ys, "", "");
        doc.raw(format_args!(
            "<text x=\"{:.1}\" y=\"48\" text-anchor=\"middle\" font-weight=\"600\">{}</text>",
            f.left + f.width / 2.0,
            esc(name)
        ));
        let slot = f.width / values.len().max(1) as f64;
        for (i, (v, row)) in values.iter().zip(&report.rows).enumerate() {
            let x = f.left + i as f64 * slot + slot * 0.15;
            let y = f.y(*v);
            doc.raw(format_args!(
                                "<rect class=\"bar\" data-metric=\"{}\" data-variant=\"{}\" x=\"{x:.1}\" y=\"{y:.1}\" width=\"{:.1}\" height=\"{:.1}\" fill=\"{ACCENT}\"/><text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\" transform=\"rotate(-35 {:.1} {:.1})\">{}</text>",
                esc(name),
                esc(&row.variant.label),
                slot * 0.7,
                f.top + f.height - y,
                x + slot * 0.35,
                f.top + f.height + 14.0,
                x + slot * 0.35,
                f.top + f.height + 14.0,
                esc(&row.variant.label)
            ));
        }
    }
    doc.finish()
}
