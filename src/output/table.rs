//! comfy-table construction in the one house style used by every command.

use comfy_table::{Cell, ContentArrangement, LineStyle, Table, TableStyle};

/// Light rules above and below, a rule under the header, no rules between rows.
const HOUSE: TableStyle = TableStyle::new()
    .top_border(LineStyle::none().fill('─').junction('─'))
    .header_separator(LineStyle::none().fill('─').junction('─'))
    .bottom_border(LineStyle::none().fill('─').junction('─'));

/// A table with the house style: light rules, header row, wrapped to the terminal.
pub fn new_table<I, S>(header: I) -> Table
where
    I: IntoIterator<Item = S>,
    S: Into<Cell>,
{
    let mut t = Table::new();
    t.load_style(HOUSE).set_header(header);
    // Wrap to the terminal, unless it reports an unusable width (some ptys say 0).
    if t.width().is_some_and(|w| w >= 60) {
        t.set_content_arrangement(ContentArrangement::Dynamic);
    }
    t
}

/// Right-align the given columns (numbers).
pub fn align_right(t: &mut Table, cols: &[usize]) {
    for &c in cols {
        if let Some(col) = t.column_mut(c) {
            col.set_cell_alignment(comfy_table::CellAlignment::Right);
        }
    }
}
