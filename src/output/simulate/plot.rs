//! `--plot FILE`: the rows of `--sweep` and `--compare` as an SVG picture, written as plain SVG
//! from the typed results. A sweep is origin cost (renders per hour) against staleness p95, one
//! point per TTL, the recommended one ringed; a comparison is one bar chart per metric.

use crate::engine::metrics::Summary;
use crate::human::duration as fmt_secs;
use crate::simulate::variants::Report;
use std::fmt::Write;

const W: f64 = 760.0;
const H: f64 = 440.0;
const FONT: &str = "font-family=\"system-ui, sans-serif\" font-size=\"12\"";
const ACCENT: &str = "#2563eb";
const MARK: &str = "#dc2626";

/// The picture of a sweep or comparison.
pub fn svg(report: &Report) -> String {
    if report.kind == "sweep" {
        sweep(report)
    } else {
        compare(report)
    }
}

/// Text for SVG: `&`, `<`, `>` and quotes escaped.
fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn open(out: &mut String, title: &str) {
    let _ = write!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{W}\" height=\"{H}\" viewBox=\"0 0 {W} {H}\" {FONT}>\n\
         <title>{}</title>\n<rect width=\"{W}\" height=\"{H}\" fill=\"white\"/>\n\
         <text x=\"{}\" y=\"22\" text-anchor=\"middle\" font-size=\"15\" font-weight=\"600\">{}</text>\n",
        esc(title),
        W / 2.0,
        esc(title)
    );
}

/// About five round tick values from 0 to at least `max`.
fn ticks(max: f64) -> Vec<f64> {
    let max = if max > 0.0 && max.is_finite() {
        max
    } else {
        1.0
    };
    let raw = max / 5.0;
    let mag = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0]
        .iter()
        .map(|m| m * mag)
        .find(|s| *s >= raw)
        .unwrap_or(mag * 10.0);
    let n = (max / step).ceil() as usize;
    (0..=n).map(|i| i as f64 * step).collect()
}

/// A number for an axis label: whole when it is whole.
fn num(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{v:.0}")
    } else {
        format!("{v:.1}")
    }
}

/// A plot area and its scales: values from 0 to `xmax`/`ymax` mapped to pixels.
struct Frame {
    left: f64,
    top: f64,
    width: f64,
    height: f64,
    xmax: f64,
    ymax: f64,
}

impl Frame {
    fn x(&self, v: f64) -> f64 {
        self.left + v / self.xmax * self.width
    }

    fn y(&self, v: f64) -> f64 {
        self.top + self.height - v / self.ymax * self.height
    }

    fn axes(&self, out: &mut String, xs: &[f64], ys: &[f64], xlabel: &str, ylabel: &str) {
        let (l, t, w, h) = (self.left, self.top, self.width, self.height);
        let _ = writeln!(
            out,
            "<g class=\"axes\" stroke=\"#9ca3af\"><line x1=\"{l}\" y1=\"{}\" x2=\"{}\" y2=\"{}\"/><line x1=\"{l}\" y1=\"{t}\" x2=\"{l}\" y2=\"{}\"/></g>",
            t + h,
            l + w,
            t + h,
            t + h
        );
        for &v in xs {
            let _ = writeln!(
                out,
                "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\" fill=\"#4b5563\">{}</text>",
                self.x(v),
                t + h + 16.0,
                num(v)
            );
        }
        for &v in ys {
            let _ = writeln!(
                out,
                "<line x1=\"{l}\" y1=\"{y:.1}\" x2=\"{}\" y2=\"{y:.1}\" stroke=\"#e5e7eb\"/><text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\" fill=\"#4b5563\">{}</text>",
                l + w,
                l - 6.0,
                self.y(v) + 4.0,
                num(v),
                y = self.y(v)
            );
        }
        let _ = writeln!(
            out,
            "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}</text>\n<text transform=\"translate(16 {:.1}) rotate(-90)\" text-anchor=\"middle\">{}</text>",
            l + w / 2.0,
            t + h + 36.0,
            esc(xlabel),
            t + h / 2.0,
            esc(ylabel)
        );
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
    let mut out = String::new();
    open(&mut out, "TTL sweep: origin cost against staleness");
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
        &mut out,
        &xs,
        &ys,
        "staleness p95 (seconds)",
        "renders per hour (origin cost)",
    );
    if no_changes {
        let _ = writeln!(
            &mut out,
            "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\" fill=\"{MARK}\">no content changes in this run: staleness is 0 for every TTL</text>",
            f.left + f.width / 2.0,
            f.top + 14.0
        );
    }
    let path: Vec<String> = pts
        .iter()
        .map(|(x, y, _)| format!("{:.1},{:.1}", f.x(*x), f.y(*y)))
        .collect();
    let _ = writeln!(
        &mut out,
        "<polyline class=\"series\" fill=\"none\" stroke=\"{ACCENT}\" stroke-opacity=\"0.4\" points=\"{}\"/>",
        path.join(" ")
    );
    for (i, (x, y, label)) in pts.iter().enumerate() {
        let (px, py) = (f.x(*x), f.y(*y));
        let _ = writeln!(
            &mut out,
            "<circle class=\"point\" data-ttl=\"{}\" cx=\"{px:.1}\" cy=\"{py:.1}\" r=\"4\" fill=\"{ACCENT}\"/><text x=\"{:.1}\" y=\"{:.1}\" fill=\"#111827\">{}</text>",
            esc(label),
            px + 7.0,
            py - 6.0,
            esc(label)
        );
        if report.recommended == Some(i) {
            let _ = writeln!(
                &mut out,
                "<circle class=\"recommended\" cx=\"{px:.1}\" cy=\"{py:.1}\" r=\"9\" fill=\"none\" stroke=\"{MARK}\" stroke-width=\"2\"/><text x=\"{:.1}\" y=\"{:.1}\" fill=\"{MARK}\" font-weight=\"600\">recommended</text>",
                px + 7.0,
                py + 16.0
            );
        }
    }
    out.push_str("</svg>\n");
    out
}

/// One metric of a comparison: its name and value per row.
type Metric = (&'static str, fn(&Summary) -> f64);

fn compare(report: &Report) -> String {
    let metrics: [Metric; 3] = [
        ("hit ratio (%)", |s| s.hit_ratio * 100.0),
        ("renders per hour", |s| s.renders_per_hour),
        ("staleness p95 (s)", |s| s.staleness.p95),
    ];
    let mut out = String::new();
    open(&mut out, "Strategies compared");
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
        f.axes(&mut out, &[], &ys, "", "");
        let _ = writeln!(
            &mut out,
            "<text x=\"{:.1}\" y=\"48\" text-anchor=\"middle\" font-weight=\"600\">{}</text>",
            f.left + f.width / 2.0,
            esc(name)
        );
        let slot = f.width / values.len().max(1) as f64;
        for (i, (v, row)) in values.iter().zip(&report.rows).enumerate() {
            let x = f.left + i as f64 * slot + slot * 0.15;
            let y = f.y(*v);
            let _ = writeln!(
                &mut out,
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
            );
        }
    }
    out.push_str("</svg>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticks_are_round_and_cover_the_maximum() {
        assert_eq!(ticks(9.0), [0.0, 2.0, 4.0, 6.0, 8.0, 10.0]);
        assert_eq!(ticks(0.0), [0.0, 0.2, 0.4, 0.6000000000000001, 0.8, 1.0]);
        assert!(*ticks(1234.0).last().unwrap() >= 1234.0);
        assert!(ticks(f64::NAN).len() > 1);
    }

    #[test]
    fn text_is_escaped() {
        assert_eq!(esc("a<b & \"c\">"), "a&lt;b &amp; &quot;c&quot;&gt;");
    }
}
