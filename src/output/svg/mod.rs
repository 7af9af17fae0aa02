//! The SVG primitives every `--plot` picture is drawn with: the document frame, text escaping,
//! round axis ticks, a plot area with its axes, a legend, and the fill colour of each served or
//! probed state. `lanes` draws the timeline pictures (simulate and probe) on top of them.

pub mod lanes;

use crate::engine::events::Served;
use crate::http::cache_status::CacheState;
use std::fmt::Write;

pub const FONT: &str = "font-family=\"system-ui, sans-serif\" font-size=\"12\"";
/// The colour of a series.
pub const ACCENT: &str = "#2563eb";
/// The colour of what the reader should look at (a recommendation, a cap, a failure).
pub const MARK: &str = "#dc2626";
const GREEN: &str = "#16a34a";
const YELLOW: &str = "#ca8a04";
const BLUE: &str = "#2563eb";
const DARK_BLUE: &str = "#1e3a8a";
const LIGHT_BLUE: &str = "#60a5fa";
const CYAN: &str = "#0891b2";
const ORANGE: &str = "#ea580c";
const RED: &str = "#dc2626";
const GREY: &str = "#9ca3af";

/// The fill of a simulated state: the hue of the timeline table (HIT green, STALE yellow, the
/// renders blue, 404/500 red), one shade per state so the legend tells them apart.
pub fn served_fill(s: Served) -> &'static str {
    match s {
        Served::Hit => GREEN,
        Served::Stale => YELLOW,
        Served::Miss => BLUE,
        Served::Revalidated => DARK_BLUE,
        Served::Dynamic => LIGHT_BLUE,
        Served::NotFound | Served::Error => RED,
        Served::Updating => ORANGE,
        Served::Expired => CYAN,
    }
}

/// The fill of a probed state: the hue of the probe's live lines.
pub fn state_fill(s: CacheState) -> &'static str {
    match s {
        CacheState::Hit => GREEN,
        CacheState::Stale | CacheState::Updating => YELLOW,
        CacheState::Miss | CacheState::Expired => CYAN,
        CacheState::Revalidated => BLUE,
        CacheState::Error => RED,
        _ => GREY,
    }
}

/// Text for SVG: `&`, `<`, `>` and quotes escaped, and the characters XML 1.0 does not allow
/// even escaped (control characters from a log line, `U+FFFE`, `U+FFFF`) shown as `�`.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// An SVG document of `w`×`h` pixels on white, with its title at the top.
pub struct Doc {
    pub out: String,
    pub w: f64,
    pub h: f64,
}

impl Doc {
    pub fn new(w: f64, h: f64, title: &str) -> Self {
        let mut out = String::new();
        let _ = write!(
            out,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" {FONT}>\n\
             <title>{}</title>\n<rect width=\"{w}\" height=\"{h}\" fill=\"white\"/>\n\
             <text x=\"{}\" y=\"22\" text-anchor=\"middle\" font-size=\"15\" font-weight=\"600\">{}</text>\n",
            esc(title),
            w / 2.0,
            esc(title)
        );
        Doc { out, w, h }
    }

    /// One line of SVG as it is (the caller escapes text with [`esc`]).
    pub fn raw(&mut self, line: std::fmt::Arguments<'_>) {
        let _ = self.out.write_fmt(line);
        self.out.push('\n');
    }

    /// A line of text at (`x`, `y`), escaped, with extra attributes.
    pub fn text(&mut self, x: f64, y: f64, attrs: &str, text: &str) {
        self.raw(format_args!(
            "<text x=\"{x:.1}\" y=\"{y:.1}\" {attrs}>{}</text>",
            esc(text)
        ));
    }

    /// A row of coloured squares with their names, starting at (`x`, `y`).
    pub fn legend(&mut self, x: f64, y: f64, entries: &[(&str, &str)]) {
        let mut at = x;
        self.raw(format_args!("<g class=\"legend\">"));
        for (name, fill) in entries {
            self.raw(format_args!(
                "<rect x=\"{at:.1}\" y=\"{:.1}\" width=\"10\" height=\"10\" fill=\"{fill}\"/><text x=\"{:.1}\" y=\"{y:.1}\">{}</text>",
                y - 9.0,
                at + 14.0,
                esc(name)
            ));
            at += 24.0 + 7.0 * name.chars().count() as f64;
        }
        self.raw(format_args!("</g>"));
    }

    pub fn finish(mut self) -> String {
        self.out.push_str("</svg>\n");
        self.out
    }
}

/// About five round tick values from 0 to at least `max`.
pub fn ticks(max: f64) -> Vec<f64> {
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

/// About five round tick values in seconds from 0 to at least `max` seconds, on minute and hour
/// steps once the span is long enough for them to read better.
pub fn time_ticks(max: f64) -> Vec<f64> {
    for unit in [3600.0, 60.0] {
        if max >= 3.0 * unit {
            return ticks(max / unit).into_iter().map(|v| v * unit).collect();
        }
    }
    ticks(max)
}

/// A number for an axis label: whole when it is whole.
pub fn num(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{v:.0}")
    } else {
        format!("{v:.1}")
    }
}

/// A plot area and its scales: values from 0 to `xmax`/`ymax` mapped to pixels.
pub struct Frame {
    pub left: f64,
    pub top: f64,
    pub width: f64,
    pub height: f64,
    pub xmax: f64,
    pub ymax: f64,
}

impl Frame {
    pub fn x(&self, v: f64) -> f64 {
        self.left + v / self.xmax * self.width
    }

    pub fn y(&self, v: f64) -> f64 {
        self.top + self.height - v / self.ymax * self.height
    }

    /// The two axis lines, a label per tick (`xs` under the area, `ys` left of it with a grid
    /// line), and the axis names. `xfmt` writes an x tick.
    pub fn axes(
        &self,
        doc: &mut Doc,
        (xs, xfmt): (&[f64], fn(f64) -> String),
        ys: &[f64],
        xlabel: &str,
        ylabel: &str,
    ) {
        let (l, t, w, h) = (self.left, self.top, self.width, self.height);
        doc.raw(format_args!(
            "<g class=\"axes\" stroke=\"#9ca3af\"><line x1=\"{l}\" y1=\"{}\" x2=\"{}\" y2=\"{}\"/><line x1=\"{l}\" y1=\"{t}\" x2=\"{l}\" y2=\"{}\"/></g>",
            t + h,
            l + w,
            t + h,
            t + h
        ));
        for &v in xs {
            doc.text(
                self.x(v),
                t + h + 16.0,
                "text-anchor=\"middle\" fill=\"#4b5563\"",
                &xfmt(v),
            );
        }
        for &v in ys {
            let y = self.y(v);
            doc.raw(format_args!(
                "<line x1=\"{l}\" y1=\"{y:.1}\" x2=\"{}\" y2=\"{y:.1}\" stroke=\"#e5e7eb\"/>",
                l + w
            ));
            doc.text(
                l - 6.0,
                y + 4.0,
                "text-anchor=\"end\" fill=\"#4b5563\"",
                &num(v),
            );
        }
        if !xlabel.is_empty() {
            doc.text(l + w / 2.0, t + h + 36.0, "text-anchor=\"middle\"", xlabel);
        }
        if !ylabel.is_empty() {
            doc.raw(format_args!(
                "<text transform=\"translate(16 {:.1}) rotate(-90)\" text-anchor=\"middle\">{}</text>",
                t + h / 2.0,
                esc(ylabel)
            ));
        }
    }
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
        assert_eq!(time_ticks(600.0), [0.0, 120.0, 240.0, 360.0, 480.0, 600.0]);
        assert_eq!(time_ticks(4.0 * 3600.0)[1], 3600.0);
    }

    #[test]
    fn text_is_escaped() {
        assert_eq!(esc("a<b & \"c\">"), "a&lt;b &amp; &quot;c&quot;&gt;");
        assert_eq!(
            esc("/a\u{1b}[31m\u{0}\u{FFFF}é"),
            "/a\u{FFFD}[31m\u{FFFD}\u{FFFD}é"
        );
    }

    #[test]
    fn every_state_has_a_colour_and_failures_are_red() {
        assert_eq!(served_fill(Served::Error), MARK);
        assert_eq!(state_fill(CacheState::Error), MARK);
        assert_ne!(served_fill(Served::Hit), served_fill(Served::Stale));
    }
}
