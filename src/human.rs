//! Numbers for people, formatted one way everywhere: durations, seconds, percentages, plurals.
//!
//! Renderers and messages use these instead of formatting numbers themselves, so a duration or a
//! ratio reads the same in every table and error.

/// Format microseconds compactly and the same way everywhere: `45s`, `65.2s` is `1m5.2s`,
/// `1200s` is `20m`, `3720s` is `1h2m`, `0.25s`; milliseconds at most.
pub fn duration(us: i64) -> String {
    let neg = us < 0;
    // Round to the millisecond.
    let ms = (us.unsigned_abs() + 500) / 1000;
    let (h, rest) = (ms / 3_600_000, ms % 3_600_000);
    let (m, rest) = (rest / 60_000, rest % 60_000);
    let (sec, frac) = (rest / 1000, rest % 1000);
    let mut out = String::new();
    if neg {
        out.push('-');
    }
    if h > 0 {
        out.push_str(&format!("{h}h"));
    }
    if m > 0 {
        out.push_str(&format!("{m}m"));
    }
    if sec > 0 || frac > 0 || (h == 0 && m == 0) {
        if frac == 0 {
            out.push_str(&format!("{sec}s"));
        } else {
            let f = format!("{frac:03}");
            out.push_str(&format!("{sec}.{}s", f.trim_end_matches('0')));
        }
    }
    out
}

/// Format seconds given as a float: `0s` at zero, milliseconds below a second (`250ms`),
/// otherwise as `duration` (`1m5.2s`).
pub fn seconds(x: f64) -> String {
    if x == 0.0 {
        "0s".into()
    } else if x.abs() < 1.0 {
        format!("{:.0}ms", x * 1000.0)
    } else {
        duration((x * 1e6).round() as i64)
    }
}

/// Format seconds given as a float for the simulate summary: milliseconds below a second
/// (`0ms`, `250ms`), otherwise as `duration` (`1m5.2s`).
pub fn short_seconds(x: f64) -> String {
    if x < 1.0 {
        format!("{:.0}ms", x * 1000.0)
    } else {
        duration((x * 1e6).round() as i64)
    }
}

/// Seconds with one decimal, as on a stopwatch (`0.5s`, `65.2s`): for times since the start of a
/// run and measured spans, where one fixed format lines up in columns.
pub fn stopwatch(x: f64) -> String {
    format!("{x:.1}s")
}

/// `n` as a percentage of `of` with one decimal (`12.5%`); `0%` when `of` is zero.
pub fn percent(n: u64, of: u64) -> String {
    if of == 0 {
        "0%".into()
    } else {
        format!("{:.1}%", n as f64 * 100.0 / of as f64)
    }
}

/// `1 item`, `2 items`: a count with its noun, plural by adding `s`.
pub fn count(n: u64, noun: &str) -> String {
    format!("{n} {}", plural(n, noun))
}

/// The noun, with an `s` unless `n` is one.
pub fn plural(n: u64, noun: &str) -> String {
    if n == 1 {
        noun.to_string()
    } else {
        format!("{noun}s")
    }
}

/// Text from outside (trace paths, scenario values, lines of a file) made safe to show on a
/// terminal: control characters and invalid UTF-8 are escaped (`\x1b`, `\n`, `\xff`), so no
/// escape sequence reaches the terminal. Borrowed when there is nothing to escape.
pub fn escape(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.chars().any(needs_escape) {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        push_escaped(&mut out, c);
    }
    std::borrow::Cow::Owned(out)
}

/// Bytes from outside shown in a message: quoted, escaped as by [`escape`] (invalid UTF-8 as
/// `\xNN`), and cut to `max` characters with the full length said (`'abc…' (2700000 bytes)`).
pub fn quoted(bytes: &[u8], max: usize) -> String {
    let mut out = String::from("'");
    let mut shown = 0;
    let mut cut = false;
    for chunk in bytes.utf8_chunks() {
        for c in chunk.valid().chars() {
            if shown >= max {
                cut = true;
                break;
            }
            push_escaped(&mut out, c);
            shown += 1;
        }
        if cut {
            break;
        }
        for b in chunk.invalid() {
            if shown >= max {
                cut = true;
                break;
            }
            out.push_str(&format!("\\x{b:02x}"));
            shown += 1;
        }
        if cut {
            break;
        }
    }
    if cut {
        let n = bytes.len();
        let unit = if std::str::from_utf8(bytes).is_ok() {
            "characters"
        } else {
            "bytes"
        };
        let n = if unit == "characters" {
            String::from_utf8_lossy(bytes).chars().count()
        } else {
            n
        };
        out.push_str(&format!("…' ({n} {unit})"));
    } else {
        out.push('\'');
    }
    out
}

fn needs_escape(c: char) -> bool {
    c.is_control() || c == '\u{feff}' || ('\u{202a}'..='\u{202e}').contains(&c)
}

fn push_escaped(out: &mut String, c: char) {
    match c {
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        '\t' => out.push_str("\\t"),
        c if needs_escape(c) && (c as u32) < 0x100 => out.push_str(&format!("\\x{:02x}", c as u32)),
        c if needs_escape(c) => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
        c => out.push(c),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_control_characters() {
        assert_eq!(escape("/a"), "/a");
        assert!(matches!(escape("/a"), std::borrow::Cow::Borrowed(_)));
        assert_eq!(escape("/a\u{1b}[31mred\u{7}"), "/a\\x1b[31mred\\x07");
        assert_eq!(escape("/a\nb"), "/a\\nb");
        assert_eq!(escape("/\u{9b}x"), "/\\x9bx");
        assert_eq!(escape("\u{feff}time"), "\\u{feff}time");
    }

    #[test]
    fn quoted_is_short_and_escaped() {
        assert_eq!(quoted(b"/a", 80), "'/a'");
        assert_eq!(quoted(b"ab\xffc", 80), "'ab\\xffc'");
        let big = vec![b'x'; 2_700_000];
        let q = quoted(&big, 80);
        assert!(q.len() < 110, "{q}");
        assert!(q.ends_with("…' (2700000 characters)"), "{q}");
        let bin: Vec<u8> = (0..=255u8).cycle().take(10_000).collect();
        let q = quoted(&bin, 80);
        assert!(q.ends_with("(10000 bytes)"), "{q}");
        assert!(!q.chars().any(|c| c.is_control()), "{q}");
    }

    #[test]
    fn formats_compactly() {
        assert_eq!(duration(45_000_000), "45s");
        assert_eq!(duration(65_000_000), "1m5s");
        assert_eq!(duration(65_200_000), "1m5.2s");
        assert_eq!(duration(1_200_000_000), "20m");
        assert_eq!(duration(3_720_000_000), "1h2m");
        assert_eq!(duration(250_000), "0.25s");
        assert_eq!(duration(0), "0s");
        assert_eq!(duration(-30_000_000), "-30s");
    }

    #[test]
    fn seconds_percent_and_plurals() {
        assert_eq!(seconds(0.0), "0s");
        assert_eq!(seconds(0.25), "250ms");
        assert_eq!(seconds(65.2), "1m5.2s");
        assert_eq!(stopwatch(65.25), "65.2s");
        assert_eq!(stopwatch(0.0), "0.0s");
        assert_eq!(percent(1, 8), "12.5%");
        assert_eq!(percent(3, 0), "0%");
        assert_eq!(count(1, "response"), "1 response");
        assert_eq!(count(2, "lint"), "2 lints");
    }
}
