//! The lines of an INI-style credentials file that carry content (`.edgerc`,
//! `~/.aws/credentials`): a UTF-8 byte-order mark dropped, each line trimmed, blank lines and
//! `#`/`;` comments skipped. Each reader applies its own dialect to what is left.

/// `(1-based line number, trimmed line)` for every line with content.
pub fn content_lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    text.lines()
        .enumerate()
        .map(|(i, raw)| (i + 1, raw.trim()))
        .filter(|(_, l)| !(l.is_empty() || l.starts_with('#') || l.starts_with(';')))
}

#[cfg(test)]
mod tests {
    #[test]
    fn comments_blanks_and_the_byte_order_mark_are_skipped_with_line_numbers_kept() {
        let text = "\u{FEFF}# c\n\n  [a]  \n; d\nk = v\n";
        let got: Vec<_> = super::content_lines(text).collect();
        assert_eq!(got, vec![(3, "[a]"), (5, "k = v")]);
    }
}
