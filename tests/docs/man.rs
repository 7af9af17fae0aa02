//! `man/isrctl-scenario.5` from docs/scenario.md: pulldown-cmark reads the markdown, the `roff`
//! crate writes the page. Headings become sections, code blocks and tables no-fill blocks (so they
//! can be copied), inline code bold.

use pulldown_cmark::{CodeBlockKind, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use roff::{Inline, Roff, bold, italic, roman};

const NO_ARGS: [&str; 0] = [];

/// Render the scenario reference as a section-5 man page.
pub fn scenario_page(markdown: &str) -> String {
    let mut page = Roff::new();
    page.control("TH", ["ISRCTL-SCENARIO", "5", "", "isrctl", "File Formats"]);
    page.control("SH", ["NAME"]);
    page.text([roman(
        "isrctl-scenario - the scenario file format of isrctl simulate",
    )]);
    let mut w = Writer::default();
    for event in Parser::new_ext(markdown, Options::ENABLE_TABLES) {
        w.event(&mut page, event);
    }
    page.control("SH", ["SEE ALSO"]);
    page.text([
        bold("isrctl-simulate"),
        roman("(1), docs/scenario.md and docs/simulate.md in the isrctl sources"),
    ]);
    page.render()
}

#[derive(Default)]
struct Writer {
    /// Inline text of the paragraph, heading or table cell being read.
    inlines: Vec<Inline>,
    bold: usize,
    italic: usize,
    /// Skip the level-1 title: the NAME section replaces it.
    in_title: bool,
    heading: Option<HeadingLevel>,
    heading_text: String,
    code: Option<String>,
    /// The code block is a console session: its `? CODE` lines (exit status) are test syntax.
    console: bool,
    table: Vec<Vec<String>>,
    cell: Option<String>,
    list_depth: usize,
}

impl Writer {
    fn push(&mut self, text: &str) {
        if self.in_title {
            return;
        }
        if self.heading.is_some() {
            self.heading_text.push_str(text);
        } else if let Some(cell) = &mut self.cell {
            cell.push_str(text);
        } else if let Some(code) = &mut self.code {
            code.push_str(text);
        } else if self.bold > 0 {
            self.inlines.push(bold(text));
        } else if self.italic > 0 {
            self.inlines.push(italic(text));
        } else {
            self.inlines.push(roman(text));
        }
    }

    fn flush(&mut self, page: &mut Roff) {
        if !self.inlines.is_empty() {
            page.text(std::mem::take(&mut self.inlines));
        }
    }

    fn event(&mut self, page: &mut Roff, event: Event) {
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                self.flush(page);
                self.in_title = level == HeadingLevel::H1;
                self.heading = Some(level);
            }
            Event::End(TagEnd::Heading(_)) => {
                let title = std::mem::take(&mut self.heading_text);
                match self.heading.take() {
                    Some(HeadingLevel::H2) => {
                        page.control("SH", [title.to_uppercase().as_str()]);
                    }
                    Some(HeadingLevel::H1) => {}
                    _ => {
                        page.control("SS", [title.as_str()]);
                    }
                }
                self.in_title = false;
            }
            Event::Start(Tag::Paragraph) => {
                self.flush(page);
                if self.list_depth == 0 {
                    page.control("PP", NO_ARGS);
                }
            }
            Event::End(TagEnd::Paragraph) => self.flush(page),
            Event::Start(Tag::List(_)) => {
                self.flush(page);
                self.list_depth += 1;
            }
            Event::End(TagEnd::List(_)) => {
                self.flush(page);
                self.list_depth -= 1;
            }
            Event::Start(Tag::Item) => {
                self.flush(page);
                page.control("IP", ["\\(bu", "2"]);
            }
            Event::End(TagEnd::Item) => self.flush(page),
            Event::Start(Tag::CodeBlock(kind)) => {
                self.flush(page);
                self.console =
                    matches!(kind, CodeBlockKind::Fenced(info) if info.as_ref() == "console");
                self.code = Some(String::new());
            }
            Event::End(TagEnd::CodeBlock) => {
                let code = self.code.take().unwrap_or_default();
                let console = self.console;
                no_fill(
                    page,
                    code.lines().filter(|l| !(console && l.starts_with("? "))),
                );
            }
            Event::Start(Tag::Table(_)) => {
                self.flush(page);
                self.table.clear();
            }
            Event::Start(Tag::TableHead | Tag::TableRow) => self.table.push(Vec::new()),
            Event::Start(Tag::TableCell) => self.cell = Some(String::new()),
            Event::End(TagEnd::TableCell) => {
                let cell = self.cell.take().unwrap_or_default();
                self.table.last_mut().unwrap().push(cell);
            }
            Event::End(TagEnd::Table) => {
                let rows = std::mem::take(&mut self.table);
                no_fill(page, table_lines(&rows).iter().map(String::as_str));
            }
            Event::Start(Tag::Strong) => self.bold += 1,
            Event::End(TagEnd::Strong) => self.bold -= 1,
            Event::Start(Tag::Emphasis) => self.italic += 1,
            Event::End(TagEnd::Emphasis) => self.italic -= 1,
            Event::Code(text) => {
                if self.cell.is_some() || self.heading.is_some() {
                    self.push(&text);
                } else {
                    self.inlines.push(bold(text.as_ref()));
                }
            }
            Event::Text(text) => self.push(&text),
            Event::SoftBreak => self.push(" "),
            Event::HardBreak => self.inlines.push(roff::line_break()),
            _ => {}
        }
    }
}

/// Lines shown as they are (indented, no filling, no hyphenation).
pub(crate) fn no_fill<'a>(page: &mut Roff, lines: impl Iterator<Item = &'a str>) {
    page.control("PP", NO_ARGS);
    page.control("RS", ["4"]);
    page.control("nf", NO_ARGS);
    for line in lines {
        page.text([roman(line)]);
    }
    page.control("fi", NO_ARGS);
    page.control("RE", NO_ARGS);
}

/// A markdown table as aligned columns, with a rule under the header.
fn table_lines(rows: &[Vec<String>]) -> Vec<String> {
    let cols = rows.iter().map(Vec::len).max().unwrap_or(0);
    let width = |c: usize| {
        rows.iter()
            .filter_map(|r| r.get(c))
            .map(|s| s.chars().count())
            .max()
            .unwrap_or(0)
    };
    let widths: Vec<usize> = (0..cols).map(width).collect();
    let mut out = Vec::new();
    for (i, row) in rows.iter().enumerate() {
        let mut line = String::new();
        for (c, cell) in row.iter().enumerate() {
            if c + 1 == row.len() {
                line.push_str(cell);
            } else {
                line.push_str(&format!("{cell:<w$}  ", w = widths[c]));
            }
        }
        out.push(line.trim_end().to_string());
        if i == 0 {
            let rule: Vec<String> = widths.iter().map(|w| "-".repeat(*w)).collect();
            out.push(rule.join("  "));
        }
    }
    out
}
