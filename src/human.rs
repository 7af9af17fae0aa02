//! Numbers for people, formatted one way everywhere: durations, seconds, percentages, plurals.
//!
//! Renderers and messages use these instead of formatting numbers themselves, so a duration or a
//! ratio reads the same in every table and error.

/// Format microseconds compactly and the same way everywhere, to the precision a person reads
/// at that size: `0s`; below a second whole milliseconds (`250ms`, `<1ms`); below an hour tenths
/// of a second at most (`45.2s`, `10s` for 10.005s, `1m5.2s`, `20m`); below a day whole seconds
/// (`1h2m`, `1h2m5s`); from a day on whole minutes (`365d` for 31535995s, `1d2h30m`).
pub fn duration(us: i64) -> String {
    let sign = if us < 0 { "-" } else { "" };
    let a = us.unsigned_abs();
    if a == 0 {
        return "0s".into();
    }
    if a < 999_500 {
        let ms = (a + 500) / 1000;
        return if ms == 0 {
            format!("{sign}<1ms")
        } else {
            format!("{sign}{ms}ms")
        };
    }
    let tenths = (a + 50_000) / 100_000;
    if tenths < 36_000 {
        let (m, t) = (tenths / 600, tenths % 600);
        let (sec, frac) = (t / 10, t % 10);
        let mut out = sign.to_string();
        if m > 0 {
            out.push_str(&format!("{m}m"));
        }
        if frac > 0 {
            out.push_str(&format!("{sec}.{frac}s"));
        } else if sec > 0 || m == 0 {
            out.push_str(&format!("{sec}s"));
        }
        return out;
    }
    let secs = (a + 500_000) / 1_000_000;
    if secs < 86_400 {
        return format!(
            "{sign}{}",
            units(&[(secs / 3600, "h"), (secs / 60 % 60, "m"), (secs % 60, "s")])
        );
    }
    let mins = (a + 30_000_000) / 60_000_000;
    format!(
        "{sign}{}",
        units(&[(mins / 1440, "d"), (mins / 60 % 24, "h"), (mins % 60, "m")])
    )
}

/// `1h2m`: the non-zero parts, largest first.
fn units(parts: &[(u64, &str)]) -> String {
    parts
        .iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, u)| format!("{n}{u}"))
        .collect()
}

/// Format seconds given as a float, as [`duration`] does (`0s`, `250ms`, `1m5.2s`, `365d`);
/// `-` for a value that is not a number.
pub fn seconds(x: f64) -> String {
    if !x.is_finite() {
        return "-".into();
    }
    duration((x * 1e6).round() as i64)
}

/// Whole seconds (a header's `max-age=31536000`), as [`duration`] does (`365d`).
pub fn whole_seconds(n: u64) -> String {
    duration(
        i64::try_from(n)
            .unwrap_or(i64::MAX / 1_000_000)
            .saturating_mul(1_000_000),
    )
}

/// A count with thousands separators: `1,234,567`.
pub fn number(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A number with `places` decimals and thousands separators: `7,280.0`.
pub fn decimal(x: f64, places: usize) -> String {
    if !x.is_finite() {
        return "-".into();
    }
    let text = format!("{:.*}", places, x.abs());
    let (int, frac) = text.split_once('.').unwrap_or((&text, ""));
    let int = number(int.parse().unwrap_or(0));
    let sign = if x < 0.0 && text.chars().any(|c| c.is_ascii_digit() && c != '0') {
        "-"
    } else {
        ""
    };
    if frac.is_empty() {
        format!("{sign}{int}")
    } else {
        format!("{sign}{int}.{frac}")
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

/// `1 item`, `2 items`, `1,200 items`: a count with its noun, plural by adding `s`.
pub fn count(n: u64, noun: &str) -> String {
    format!("{} {}", number(n), plural(n, noun))
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
        assert_eq!(duration(250_000), "250ms");
        assert_eq!(duration(0), "0s");
        assert_eq!(duration(300), "<1ms");
        assert_eq!(duration(999_600), "1s");
        assert_eq!(duration(-30_000_000), "-30s");
    }

    #[test]
    fn no_latency_noise_and_days() {
        // A simulated time that differs from a round one only by a modelled 5ms latency.
        assert_eq!(duration(10_005_000), "10s");
        assert_eq!(duration(1_005_000), "1s");
        assert_eq!(duration(55_005_000), "55s");
        assert_eq!(duration(45_200_000), "45.2s");
        assert_eq!(duration(59_960_000), "1m");
        assert_eq!(duration(3_725_400_000), "1h2m5s");
        assert_eq!(duration(86_400_000_000), "1d");
        assert_eq!(whole_seconds(31_535_995), "365d");
        assert_eq!(whole_seconds(31_536_000), "365d");
        assert_eq!(whole_seconds(90_000), "1d1h");
        assert_eq!(whole_seconds(u64::MAX), whole_seconds(u64::MAX));
        assert_eq!(seconds(f64::NAN), "-");
    }

    #[test]
    fn thousands() {
        assert_eq!(number(0), "0");
        assert_eq!(number(999), "999");
        assert_eq!(number(1000), "1,000");
        assert_eq!(number(1_234_567), "1,234,567");
        assert_eq!(decimal(7280.04, 1), "7,280.0");
        assert_eq!(decimal(-1234.5, 1), "-1,234.5");
        assert_eq!(decimal(-0.01, 1), "0.0");
        assert_eq!(count(1200, "item"), "1,200 items");
    }

    #[test]
    fn seconds_percent_and_plurals() {
        assert_eq!(seconds(0.0), "0s");
        assert_eq!(seconds(0.25), "250ms");
        assert_eq!(seconds(65.2), "1m5.2s");
        assert_eq!(seconds(0.0), duration(0));
        assert_eq!(stopwatch(65.25), "65.2s");
        assert_eq!(stopwatch(0.0), "0.0s");
        assert_eq!(percent(1, 8), "12.5%");
        assert_eq!(percent(3, 0), "0%");
        assert_eq!(count(1, "response"), "1 response");
        assert_eq!(count(2, "lint"), "2 lints");
    }
}
