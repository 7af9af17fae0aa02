//! The terminal human output is laid out for: its width ([`width`], the one place it is decided)
//! and text fitted to it: cut at the end or in the middle with `…`, wrapped at spaces, paragraphs
//! and lines wrapped under themselves. Colour codes do not count as width.

use unicode_width::UnicodeWidthChar;

/// Narrowest terminal laid out for: below it, text is laid out as if it were this wide.
pub const MIN_WIDTH: usize = 20;
/// Most lines a cell cut at the end takes (`table::Fit::End`).
pub const END_LINES: usize = 3;

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

/// Display width of text without its colour codes.
pub fn text_width(s: &str) -> usize {
    console::measure_text_width(s)
}

/// The widest line of a cell.
pub(super) fn cell_width(s: &str) -> usize {
    s.lines().map(text_width).max().unwrap_or(0)
}

pub(super) fn longest_word(s: &str) -> usize {
    console::strip_ansi_codes(s)
        .split_whitespace()
        .map(text_width)
        .max()
        .unwrap_or(0)
}

pub(super) fn one_line(s: &str) -> String {
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
mod tests {
    use super::*;

    #[test]
    fn cuts_and_wraps() {
        assert_eq!(cut_middle("abcdefghij", 5), "ab…ij");
        assert_eq!(cut_middle("abc", 5), "abc");
        assert_eq!(cut_end("abcdefghij", 5), "abcd…");
        assert_eq!(cut_end("ab\ncd", 10), "ab cd");
        assert_eq!(wrap("one two three", 7), ["one two", "three"]);
        assert_eq!(
            wrap_cut("{\"a\":1,\"b\":2}", 5, 3),
            ["{\"a\":", "1,\"b\"", ":2}"]
        );
        assert_eq!(wrap_cut("aaaa bbbb cccc dddd", 4, 2), ["aaaa", "bbb…"]);
        assert_eq!(wrap_cut("ab  cd", 10, 1), ["ab  cd"]);
        assert_eq!(fit_line("  aaa bbb ccc", 9), "  aaa bbb\n    ccc");
    }
}
