//! Every human table, fitted to the terminal: the one terminal width ([`width`]), the house style
//! (comfy-table), and how a table gives way when it is wider than that: cells cut with `…` (URLs
//! in the middle, bodies at the end), prose wrapped at spaces, bars dropped, headers wrapped only
//! between words, and, when even that cannot fit, the table on its side (a row per column) or one record per row
//! (`header  value` lines).

use comfy_table::{Cell, ColumnConstraint, LineStyle, Table, TableStyle, Width};
use unicode_width::UnicodeWidthChar;

/// A rule under the header, none between rows, no junctions (so no column between columns: two
/// spaces of padding part them). The rules above and below are drawn by [`Tabular::grid`].
const HOUSE: TableStyle = TableStyle::new().header_separator(LineStyle::none().fill('─'));

/// Narrowest a cut or wrapped column gets (unless its content is narrower).
const MIN_FLEX: usize = 12;
/// Most lines an [`Fit::End`] cell takes.
pub const END_LINES: usize = 3;
/// Narrowest terminal laid out for: below it, tables are laid out as if it were this wide.
const MIN_WIDTH: usize = 20;

/// The width human output is laid out for: the terminal's (stdout, then stderr), else `COLUMNS`,
/// else 80. Every table, chart and wrapped line uses this one number.
pub fn width() -> usize {
    let term = [console::Term::stdout(), console::Term::stderr()]
        .into_iter()
        .filter(|t| t.is_term())
        .find_map(|t| t.size_checked().map(|(_, c)| c as usize))
        .filter(|&c| c > 0);
    term.or_else(columns_env).unwrap_or(80).max(MIN_WIDTH)
}

fn columns_env() -> Option<usize> {
    std::env::var("COLUMNS")
        .ok()
        .and_then(|v| v.trim().parse::<usize>().ok())
        .filter(|&c| c > 0)
}

/// How a column gives way when the table is wider than the terminal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fit {
    /// Never cut: numbers, states, short labels.
    Keep,
    /// Wrapped at spaces: prose, notes.
    Wrap,
    /// Cut in the middle with `…`: URLs and paths, whose start and end both matter.
    Middle,
    /// Wrapped to at most [`END_LINES`] lines, then cut with `…`: response bodies and error
    /// messages (long words, such as JSON without spaces, are broken anywhere).
    End,
    /// Left out first: bars and other decoration (in records, joined to the column before).
    Decor,
}

/// One column: its header, how it gives way, and its alignment.
#[derive(Debug, Clone)]
pub struct Col {
    header: String,
    fit: Fit,
    right: bool,
}

/// A column that is never cut.
pub fn col(header: &str) -> Col {
    Col {
        header: header.to_string(),
        fit: Fit::Keep,
        right: false,
    }
}

impl Col {
    pub fn fit(mut self, fit: Fit) -> Self {
        self.fit = fit;
        self
    }
    /// Right-aligned (numbers).
    pub fn right(mut self) -> Self {
        self.right = true;
        self
    }
}

/// A table for people: columns, then rows of cells (colour codes allowed), then [`Tabular::render`].
#[derive(Debug, Clone)]
pub struct Tabular {
    cols: Vec<Col>,
    rows: Vec<Vec<String>>,
}

impl Tabular {
    pub fn new(cols: impl IntoIterator<Item = Col>) -> Self {
        Tabular {
            cols: cols.into_iter().collect(),
            rows: Vec::new(),
        }
    }

    /// Add a row; missing cells are blank, extra cells are ignored.
    pub fn row(&mut self, mut cells: Vec<String>) {
        cells.resize(self.cols.len(), String::new());
        self.rows.push(cells);
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// The table laid out for the terminal ([`width`]).
    pub fn render(&self) -> String {
        self.render_at(width())
    }

    /// The table laid out for `width` columns: as it is when it fits; else bars left out, headers
    /// wrapped between words, cuttable cells cut and prose wrapped; else one record per row.
    pub fn render_at(&self, width: usize) -> String {
        let width = width.max(MIN_WIDTH);
        let natural: Vec<usize> = (0..self.cols.len()).map(|c| self.natural(c)).collect();
        let all: Vec<usize> = (0..self.cols.len()).collect();
        if total(&all, &natural) <= width {
            return self.grid(&all, &natural);
        }
        let shown: Vec<usize> = all
            .iter()
            .copied()
            .filter(|&c| self.cols[c].fit != Fit::Decor)
            .collect();
        if total(&shown, &natural) <= width {
            return self.grid(&shown, &natural);
        }
        let min: Vec<usize> = (0..self.cols.len()).map(|c| self.least(c)).collect();
        if total(&shown, &min) > width {
            return self
                .transposed()
                .filter(|t| t.fits_as_is(width))
                .map_or_else(|| self.records(width), |t| t.render_at(width));
        }
        // What is left goes first to uncut columns, whole, the smallest need first (so as many
        // headers as can be are on one line), then evenly to the others, each up to its need.
        let mut widths = min;
        let mut left = width - total(&shown, &widths);
        let mut keep: Vec<usize> = shown
            .iter()
            .copied()
            .filter(|&c| self.cols[c].fit == Fit::Keep)
            .collect();
        keep.sort_by_key(|&c| natural[c] - widths[c]);
        for c in keep {
            let need = natural[c] - widths[c];
            if need <= left {
                widths[c] += need;
                left -= need;
            }
        }
        while left > 0 {
            let mut gave = false;
            for &c in &shown {
                if left > 0 && widths[c] < natural[c] {
                    widths[c] += 1;
                    left -= 1;
                    gave = true;
                }
            }
            if !gave {
                break;
            }
        }
        self.grid(&shown, &widths)
    }

    /// The table turned on its side: a row per column (its header first), a column per row (its
    /// first cell as the header); bars left out. `None` for a table of one column.
    fn transposed(&self) -> Option<Tabular> {
        let (first, rest) = self.cols.split_first()?;
        if rest.is_empty() {
            return None;
        }
        let mut cols = vec![col(&one_line(&first.header))];
        cols.extend(self.rows.iter().map(|r| col(&r[0]).right()));
        let mut t = Tabular::new(cols);
        for (c, column) in self.cols.iter().enumerate().skip(1) {
            if column.fit == Fit::Decor {
                continue;
            }
            let mut cells = vec![one_line(&column.header)];
            cells.extend(self.rows.iter().map(|r| r[c].clone()));
            t.row(cells);
        }
        Some(t)
    }

    /// Whether every column fits whole, side by side, in `width`.
    fn fits_as_is(&self, width: usize) -> bool {
        let natural: Vec<usize> = (0..self.cols.len()).map(|c| self.natural(c)).collect();
        let all: Vec<usize> = (0..self.cols.len()).collect();
        total(&all, &natural) <= width
    }

    /// The widest a column's header (one line) and cells are.
    fn natural(&self, c: usize) -> usize {
        let cells = self
            .rows
            .iter()
            .map(|r| cell_width(&r[c]))
            .max()
            .unwrap_or(0);
        cells.max(cell_width(&self.cols[c].header))
    }

    /// The narrowest a column may get: its header's longest word; uncut cells whole; cut and
    /// wrapped cells down to [`MIN_FLEX`].
    fn least(&self, c: usize) -> usize {
        let col = &self.cols[c];
        let head = longest_word(&col.header);
        let cells = self
            .rows
            .iter()
            .map(|r| cell_width(&r[c]))
            .max()
            .unwrap_or(0);
        match col.fit {
            Fit::Keep | Fit::Decor => head.max(cells),
            Fit::Wrap => {
                let word = self
                    .rows
                    .iter()
                    .map(|r| longest_word(&r[c]))
                    .max()
                    .unwrap_or(0);
                head.max(cells.min(MIN_FLEX.max(word.min(MIN_FLEX * 2))))
            }
            Fit::Middle | Fit::End => head.max(cells.min(MIN_FLEX)),
        }
    }

    /// The grid of the given columns at the given widths (cells of cut columns cut to fit).
    fn grid(&self, shown: &[usize], widths: &[usize]) -> String {
        let mut t = Table::new();
        t.load_style(HOUSE);
        t.set_header(shown.iter().map(|&c| Cell::new(&self.cols[c].header)));
        for row in &self.rows {
            t.add_row(shown.iter().map(|&c| {
                let cell = &row[c];
                let w = widths[c];
                let text = match self.cols[c].fit {
                    Fit::Middle => cut_middle(cell, w),
                    Fit::End => wrap_cut(cell, w, END_LINES).join("\n"),
                    _ => cell.clone(),
                };
                Cell::new(text)
            }));
        }
        for (i, &c) in shown.iter().enumerate() {
            if let Some(col) = t.column_mut(i) {
                let w = u16::try_from(widths[c] + 2).unwrap_or(u16::MAX);
                col.set_constraint(ColumnConstraint::Absolute(Width::Fixed(w)));
                if self.cols[c].right {
                    col.set_cell_alignment(comfy_table::CellAlignment::Right);
                }
            }
        }
        let rule = "─".repeat(total(shown, widths));
        format!("{rule}\n{t}\n{rule}")
    }

    /// One record per row: a `header  value` line per column, records between rules. Bars join
    /// the value before them; values are cut or wrapped to the width.
    fn records(&self, width: usize) -> String {
        let labels: Vec<String> = self.cols.iter().map(|c| one_line(&c.header)).collect();
        let label_w = labels
            .iter()
            .zip(&self.cols)
            .filter(|(_, c)| c.fit != Fit::Decor)
            .map(|(l, _)| text_width(l))
            .max()
            .unwrap_or(0)
            .min(width.saturating_sub(MIN_FLEX + 2));
        let room = width.saturating_sub(label_w + 2).max(1);
        let rule = "─".repeat(width.min(label_w + 2 + self.widest_value(room)));
        let mut out = Vec::new();
        for row in &self.rows {
            // Records between rules, like the rules around a table.
            out.push(rule.clone());
            let mut fields: Vec<(String, String, Fit)> = Vec::new();
            for (c, col) in self.cols.iter().enumerate() {
                let cell = &row[c];
                if col.fit == Fit::Decor {
                    if let Some(last) = fields.last_mut()
                        && !cell.is_empty()
                    {
                        last.1 = format!("{}  {cell}", last.1);
                    }
                    continue;
                }
                fields.push((labels[c].clone(), cell.clone(), col.fit));
            }
            for (label, value, fit) in fields {
                let label = cut_end(&label, label_w);
                let pad = " ".repeat(label_w - text_width(&label));
                let lines = match fit {
                    Fit::Middle => vec![cut_middle(&value, room)],
                    Fit::Wrap => wrap(&value, room),
                    Fit::End => wrap_cut(&value, room, END_LINES),
                    // Uncut values (and bars) wrap rather than lose their end.
                    _ => wrap_cut(&value, room, 8),
                };
                for (j, l) in lines.iter().enumerate() {
                    let head = if j == 0 {
                        format!("{label}{pad}")
                    } else {
                        " ".repeat(label_w)
                    };
                    out.push(format!("{head}  {l}").trim_end().to_string());
                }
            }
        }
        out.push(rule);
        out.join("\n")
    }

    fn widest_value(&self, room: usize) -> usize {
        self.rows
            .iter()
            .flat_map(|r| r.iter().map(|c| cell_width(c)))
            .max()
            .unwrap_or(0)
            .min(room)
    }
}

/// The width of the given columns side by side: each has one space of padding either side.
fn total(shown: &[usize], widths: &[usize]) -> usize {
    shown.iter().map(|&c| widths[c] + 2).sum()
}

/// Display width of text without its colour codes.
pub fn text_width(s: &str) -> usize {
    console::measure_text_width(s)
}

/// The widest line of a cell.
fn cell_width(s: &str) -> usize {
    s.lines().map(text_width).max().unwrap_or(0)
}

fn longest_word(s: &str) -> usize {
    console::strip_ansi_codes(s)
        .split_whitespace()
        .map(text_width)
        .max()
        .unwrap_or(0)
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A paragraph for people wrapped to the terminal ([`width`]), its later lines indented by two.
pub fn paragraph(s: &str) -> String {
    let w = width();
    let mut lines = wrap(s, w);
    if lines.len() > 1 {
        let rest = wrap(&lines[1..].join(" "), w - 2);
        lines.truncate(1);
        lines.extend(rest.into_iter().map(|l| format!("  {l}")));
    }
    lines.join("\n")
}

/// Lines for people fitted to the terminal ([`width`]): a line that is too wide is wrapped at
/// spaces, its later lines indented two more than it (a word wider than the terminal is cut).
pub fn fit_lines(s: &str) -> String {
    let w = width();
    s.lines()
        .map(|l| fit_line(l, w))
        .collect::<Vec<_>>()
        .join("\n")
}

fn fit_line(line: &str, w: usize) -> String {
    if text_width(line) <= w {
        return line.to_string();
    }
    let indent = line.len() - line.trim_start_matches(' ').len();
    let hang = " ".repeat((indent + 2).min(w / 2));
    let first = wrap(line, w.saturating_sub(indent).max(1));
    let mut out = vec![format!("{}{}", &line[..indent], first[0])];
    let rest = first[1..].join(" ");
    if !rest.is_empty() {
        out.extend(
            wrap(&rest, w - hang.len())
                .into_iter()
                .map(|l| format!("{hang}{l}")),
        );
    }
    out.join("\n")
}

/// `s` in at most `max` columns, cut at the end with `…` (colour codes kept); line breaks become
/// spaces.
pub fn cut_end(s: &str, max: usize) -> String {
    let s = if s.contains('\n') {
        one_line(s)
    } else {
        s.to_string()
    };
    console::truncate_str(&s, max, "…").into_owned()
}

/// `s` in at most `max` columns, cut in the middle with `…` (`https://example.com/…/page`): for
/// URLs and paths. Colour codes are dropped from a cut text.
pub fn cut_middle(s: &str, max: usize) -> String {
    if text_width(s) <= max && !s.contains('\n') {
        return s.to_string();
    }
    let plain = one_line(&console::strip_ansi_codes(s));
    if text_width(&plain) <= max {
        return plain;
    }
    if max == 0 {
        return String::new();
    }
    let keep = max - 1;
    let (head_w, tail_w) = (keep - keep / 2, keep / 2);
    let mut head = String::new();
    let mut w = 0;
    for ch in plain.chars() {
        let cw = ch.width().unwrap_or(0);
        if w + cw > head_w {
            break;
        }
        head.push(ch);
        w += cw;
    }
    let mut tail = Vec::new();
    let mut w = 0;
    for ch in plain.chars().rev() {
        let cw = ch.width().unwrap_or(0);
        if w + cw > tail_w {
            break;
        }
        tail.push(ch);
        w += cw;
    }
    head.push('…');
    head.extend(tail.into_iter().rev());
    head
}

/// `s` in at most `lines` lines of at most `max` columns: wrapped at spaces, a word longer than a
/// line broken anywhere, and what does not fit cut with `…` at the end of the last line.
pub fn wrap_cut(s: &str, max: usize, lines: usize) -> Vec<String> {
    let max = max.max(1);
    if !s.contains('\n') && text_width(s) <= max {
        return vec![s.to_string()];
    }
    let plain = one_line(s);
    let mut out: Vec<String> = Vec::new();
    let mut cur = String::new();
    let mut cur_w = 0;
    let mut cut = false;
    'words: for word in plain.split(' ') {
        let ww = text_width(word);
        if cur_w > 0 && cur_w + 1 + ww > max {
            out.push(std::mem::take(&mut cur));
            cur_w = 0;
        }
        if cur_w > 0 {
            cur.push(' ');
            cur_w += 1;
        }
        for ch in console::strip_ansi_codes(word).chars() {
            let cw = ch.width().unwrap_or(0);
            if cur_w + cw > max {
                out.push(std::mem::take(&mut cur));
                cur_w = 0;
            }
            if out.len() == lines {
                cut = true;
                break 'words;
            }
            cur.push(ch);
            cur_w += cw;
        }
    }
    if !cut && !cur.is_empty() {
        out.push(cur);
    }
    if out.len() > lines {
        out.truncate(lines);
        cut = true;
    }
    if cut && let Some(last) = out.last_mut() {
        let w = text_width(last);
        let mut t = if w + 1 > max {
            console::truncate_str(last, max - 1, "").into_owned()
        } else {
            last.clone()
        };
        t.push('…');
        *last = t;
    }
    if out.is_empty() {
        out.push(String::new());
    }
    out
}

/// Words of `s` in lines of at most `max` columns; a word longer than that is cut with `…`.
pub fn wrap(s: &str, max: usize) -> Vec<String> {
    let mut lines = Vec::new();
    for para in s.lines() {
        let mut line = String::new();
        for word in para.split_whitespace() {
            let word = if text_width(word) > max {
                cut_end(word, max)
            } else {
                word.to_string()
            };
            if !line.is_empty() && text_width(&line) + 1 + text_width(&word) > max {
                lines.push(std::mem::take(&mut line));
            }
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(&word);
        }
        lines.push(line);
    }
    if lines.is_empty() {
        lines.push(String::new());
    }
    lines
}

#[cfg(test)]
mod tests;
