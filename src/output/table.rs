//! Every human table, fitted to the terminal ([`super::terminal::width`]): the house style
//! (comfy-table), and how a table gives way when it is wider than that: cells cut with `…` (URLs
//! in the middle, bodies after three lines), prose wrapped at spaces, bars dropped, headers
//! wrapped only between words, and, when even that cannot fit, the table on its side (a row per
//! column) or one record per row (`header  value` lines).

use super::terminal::{
    END_LINES, MIN_WIDTH, cell_width, cut_end, cut_middle, longest_word, one_line, text_width,
    width, wrap, wrap_cut,
};
use comfy_table::{Cell, ColumnConstraint, LineStyle, Table, TableStyle, Width};

/// A rule under the header, none between rows, no junctions (so no column between columns: two
/// spaces of padding part them). The rules above and below are drawn by [`Tabular::grid`].
const HOUSE: TableStyle = TableStyle::new().header_separator(LineStyle::none().fill('─'));

/// Narrowest a cut or wrapped column gets (unless its content is narrower).
const MIN_FLEX: usize = 12;

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

#[cfg(test)]
mod tests;
