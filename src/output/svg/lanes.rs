//! The timeline picture shared by `simulate --plot` and `probe --plot`: one horizontal lane per
//! path (or URL, or path and cache layer), time on the x axis, a mark per request coloured by its
//! state, bars for renders, labels where the version changes, and vertical markers for events
//! that touch every lane. [`Thin`] keeps what a lane holds bounded on long runs.

use super::{Doc, Frame, MARK, esc, time_ticks};
use crate::human::duration;

/// At most `cap` items of an unbounded stream, evenly spread over it: every item while they fit,
/// then every 2nd, 4th, … (the kept ones are thinned by half each time the cap is reached).
#[derive(Debug, Clone)]
pub struct Thin<T> {
    pub items: Vec<T>,
    /// Items offered, kept or not.
    pub seen: u64,
    stride: u64,
    cap: usize,
}

impl<T> Thin<T> {
    pub fn new(cap: usize) -> Self {
        Thin {
            items: Vec::new(),
            seen: 0,
            stride: 1,
            cap: cap.max(2),
        }
    }

    pub fn push(&mut self, item: T) {
        if self.seen % self.stride == 0 {
            self.items.push(item);
            if self.items.len() > self.cap {
                let mut i = 0;
                self.items.retain(|_| {
                    i += 1;
                    i % 2 == 1
                });
                self.stride *= 2;
            }
        }
        self.seen += 1;
    }

    /// Some items were left out.
    pub fn thinned(&self) -> bool {
        self.stride > 1
    }
}

/// A request or sample: a short upright mark.
#[derive(Debug, Clone)]
pub struct Mark {
    /// Seconds since the start.
    pub t: f64,
    /// The state's name (`HIT`), kept in the `data-state` attribute.
    pub state: &'static str,
    pub fill: &'static str,
    /// Drawn as a cross, classed `failure` (a failed request).
    pub failure: bool,
    /// Hover text.
    pub title: Option<String>,
}

/// A render from its start to its end.
#[derive(Debug, Clone)]
pub struct Bar {
    pub start: f64,
    pub end: f64,
    /// `regeneration` (in the background) or `render` (blocking), kept in `data-kind`.
    pub kind: &'static str,
    pub fill: &'static str,
}

/// Something that touched every lane at one time (a content change, a revalidation, a purge).
#[derive(Debug, Clone)]
pub struct Marker {
    pub t: f64,
    /// Kept in `data-action`.
    pub kind: &'static str,
    pub label: String,
}

/// One lane.
#[derive(Debug, Clone, Default)]
pub struct Lane {
    pub name: String,
    pub marks: Vec<Mark>,
    pub bars: Vec<Bar>,
    /// When a render failed (seconds): a red cross on the render line, classed `render-failed`.
    pub failed: Vec<f64>,
    /// Where the version served changes: (seconds, label such as `v2`).
    pub versions: Vec<(f64, String)>,
}

/// A whole timeline picture.
#[derive(Debug, Clone, Default)]
pub struct Chart {
    pub title: String,
    pub lanes: Vec<Lane>,
    pub markers: Vec<Marker>,
    /// The end of the time axis, in seconds.
    pub t_end: f64,
    /// The states to name in the legend, with their colours.
    pub legend: Vec<(&'static str, &'static str)>,
    /// What was left out to keep the picture small, one line each (shown in red, classed
    /// `capped`).
    pub capped: Vec<String>,
}

const W: f64 = 960.0;
const LANE_H: f64 = 26.0;
const LEFT: f64 = 190.0;
const TOP: f64 = 96.0;
/// The colour of event markers.
const MARKER: &str = "#7c3aed";

/// A name of at most `max` characters: its end kept, `…` in front.
fn short(name: &str, max: usize) -> String {
    let n = name.chars().count();
    if n <= max {
        return name.to_string();
    }
    let tail: String = name.chars().skip(n + 1 - max).collect();
    format!("…{tail}")
}

fn tick_label(v: f64) -> String {
    duration((v * 1e6).round() as i64)
}

/// The picture.
pub fn svg(chart: &Chart) -> String {
    let lanes = chart.lanes.len().max(1) as f64;
    let capped = chart.capped.len() as f64;
    // Room above the lanes for up to three rows of marker labels, when there are markers.
    let top = if chart.markers.is_empty() {
        TOP - 30.0
    } else {
        TOP
    };
    let height = top + lanes * LANE_H + 60.0 + capped * 16.0;
    let mut doc = Doc::new(W, height, &chart.title);
    doc.legend(LEFT, 44.0, &legend(chart));
    let xs = time_ticks(chart.t_end);
    let f = Frame {
        left: LEFT,
        top,
        width: W - LEFT - 30.0,
        height: lanes * LANE_H,
        xmax: *xs.last().unwrap_or(&1.0),
        ymax: 1.0,
    };
    f.axes(&mut doc, (&xs, tick_label), &[], "time since the start", "");
    for (i, lane) in chart.lanes.iter().enumerate() {
        draw_lane(&mut doc, &f, i, lane);
    }
    // Marker labels take the lowest of three rows where they do not overlap the one before.
    let mut row_end = [f64::MIN; 3];
    for m in &chart.markers {
        let x = f.x(m.t);
        let label = short(&m.label, 44);
        let half = 2.8 * label.chars().count() as f64;
        let row = (0..3).find(|r| row_end[*r] < x - half).unwrap_or(0);
        row_end[row] = x + half + 4.0;
        doc.raw(format_args!(
            "<g class=\"marker\" data-action=\"{}\"><title>{}</title><line x1=\"{x:.1}\" y1=\"{:.1}\" x2=\"{x:.1}\" y2=\"{:.1}\" stroke=\"{MARKER}\" stroke-dasharray=\"3 3\"/><text x=\"{x:.1}\" y=\"{:.1}\" fill=\"{MARKER}\" font-size=\"10\" text-anchor=\"middle\">{}</text></g>",
            m.kind,
            esc(&m.label),
            TOP - 6.0 - row as f64 * 11.0,
            f.top + f.height,
            TOP - 8.0 - row as f64 * 11.0,
            esc(&label)
        ));
    }
    for (i, line) in chart.capped.iter().enumerate() {
        doc.text(
            LEFT,
            f.top + f.height + 56.0 + i as f64 * 16.0,
            &format!("class=\"capped\" fill=\"{MARK}\""),
            line,
        );
    }
    doc.finish()
}

/// The legend entries for what the picture holds: the states its marks show, then the render
/// bars and the event markers if there are any.
fn legend(chart: &Chart) -> Vec<(&'static str, &'static str)> {
    let mut out: Vec<(&'static str, &'static str)> = chart
        .legend
        .iter()
        .filter(|(name, _)| {
            chart
                .lanes
                .iter()
                .any(|l| l.marks.iter().any(|m| m.state == *name))
        })
        .copied()
        .collect();
    for kind in ["regeneration", "render"] {
        if let Some(b) = chart
            .lanes
            .iter()
            .flat_map(|l| &l.bars)
            .find(|b| b.kind == kind)
        {
            out.push((
                if kind == "render" {
                    "blocking render"
                } else {
                    "regeneration"
                },
                b.fill,
            ));
        }
    }
    if !chart.markers.is_empty() {
        out.push(("event", MARKER));
    }
    out
}

fn draw_lane(doc: &mut Doc, f: &Frame, i: usize, lane: &Lane) {
    let top = f.top + i as f64 * LANE_H;
    let mid = top + LANE_H / 2.0;
    doc.raw(format_args!(
        "<g class=\"lane\" data-lane=\"{}\"><title>{}</title>",
        esc(&lane.name),
        esc(&lane.name)
    ));
    if i % 2 == 0 {
        doc.raw(format_args!(
            "<rect x=\"{}\" y=\"{top:.1}\" width=\"{:.1}\" height=\"{LANE_H}\" fill=\"#f9fafb\"/>",
            f.left, f.width
        ));
    }
    doc.text(
        f.left - 8.0,
        mid + 4.0,
        "text-anchor=\"end\"",
        &short(&lane.name, 28),
    );
    for b in &lane.bars {
        let (x0, x1) = (f.x(b.start), f.x(b.end.max(b.start)));
        doc.raw(format_args!(
            "<rect class=\"render\" data-kind=\"{}\" x=\"{x0:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"4\" fill=\"{}\" fill-opacity=\"0.6\"/>",
            b.kind,
            mid + 6.0,
            (x1 - x0).max(1.5),
            b.fill
        ));
    }
    for t in &lane.failed {
        doc.raw(format_args!(
            "<path class=\"render-failed\" d=\"M{:.1} {:.1}l5 5m0 -5l-5 5\" stroke=\"{MARK}\" stroke-width=\"1.5\"/>",
            f.x(*t) - 2.5,
            mid + 5.5
        ));
    }
    for m in &lane.marks {
        let x = f.x(m.t);
        let title = m
            .title
            .as_deref()
            .map(|t| format!("<title>{}</title>", esc(t)))
            .unwrap_or_default();
        if m.failure {
            doc.raw(format_args!(
                "<path class=\"mark failure\" data-state=\"{}\" d=\"M{:.1} {:.1}l6 6m0 -6l-6 6\" stroke=\"{}\" stroke-width=\"2\">{title}</path>",
                m.state,
                x - 3.0,
                mid - 7.0,
                m.fill
            ));
        } else {
            doc.raw(format_args!(
                "<rect class=\"mark\" data-state=\"{}\" x=\"{:.1}\" y=\"{:.1}\" width=\"2.5\" height=\"10\" fill=\"{}\">{title}</rect>",
                m.state,
                x - 1.25,
                mid - 7.0,
                m.fill
            ));
        }
    }
    for (t, label) in &lane.versions {
        doc.text(
            f.x(*t) + 2.0,
            top + 8.0,
            "class=\"version\" font-size=\"9\" fill=\"#374151\"",
            label,
        );
    }
    doc.raw(format_args!("</g>"));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thin_keeps_at_most_its_cap_spread_over_the_stream() {
        let mut t = Thin::new(10);
        for i in 0..1000u32 {
            t.push(i);
        }
        assert!(t.items.len() <= 10 && t.items.len() >= 5, "{:?}", t.items);
        assert_eq!(t.seen, 1000);
        assert!(t.thinned());
        assert_eq!(t.items[0], 0);
        assert!(*t.items.last().unwrap() >= 500, "{:?}", t.items);
        let mut small = Thin::new(10);
        (0..10u32).for_each(|i| small.push(i));
        assert_eq!(small.items.len(), 10);
        assert!(!small.thinned());
    }

    #[test]
    fn long_names_keep_their_end() {
        let s = short("/a/very/long/path/that/goes/on/and/on/page-42", 28);
        assert_eq!(s.chars().count(), 28);
        assert!(s.starts_with('…') && s.ends_with("page-42"), "{s}");
        assert_eq!(short("/a", 28), "/a");
    }
}
