//! The format of a trace from its first non-empty line: a JSON object, an access-log line (a
//! `[timestamp]` then a quoted request), or a CSV header naming a time and a path column.

use super::TraceFormat;

/// The format a first line is in, if any.
pub fn detect(line: &[u8]) -> Option<TraceFormat> {
    let trimmed = line.trim_ascii_start();
    if trimmed.first() == Some(&b'{') {
        Some(TraceFormat::Json)
    } else if super::combined::looks_like(line) {
        Some(TraceFormat::Combined)
    } else if super::csv::Columns::from_header(line).is_ok() {
        Some(TraceFormat::Csv)
    } else {
        None
    }
}

/// A format in words, for messages: "a CSV header (...)".
pub fn described(f: TraceFormat) -> &'static str {
    match f {
        TraceFormat::Csv => "a CSV header (time and path columns)",
        TraceFormat::Combined => "an access-log line (combined or common)",
        TraceFormat::Json => "a JSON object",
        TraceFormat::Auto => "a line of a known format",
    }
}

/// The message for a first line of no known format. A line with a delimiter reads as a CSV
/// header that lacks a column (and says which it has).
pub fn unknown(line: &[u8]) -> String {
    if line.iter().any(|b| matches!(b, b',' | b';' | b'\t')) && std::str::from_utf8(line).is_ok() {
        if let Err(m) = super::csv::Columns::from_header(line) {
            return m;
        }
    }
    format!(
        "the first line {} is neither {}, {} nor {}",
        crate::human::quoted(line, 80),
        described(TraceFormat::Csv),
        described(TraceFormat::Combined),
        described(TraceFormat::Json)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_format_is_told_by_its_first_line() {
        let cases: [(&[u8], Option<TraceFormat>); 9] = [
            (b"time,path", Some(TraceFormat::Csv)),
            (b"Timestamp;URL;status", Some(TraceFormat::Csv)),
            (b"ts\tpath", Some(TraceFormat::Csv)),
            (
                br#"1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.1" 200 5 "-" "ua""#,
                Some(TraceFormat::Combined),
            ),
            (
                br#"1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] "-" 400 0"#,
                Some(TraceFormat::Combined),
            ),
            (br#"  {"time": 1, "path": "/"}"#, Some(TraceFormat::Json)),
            (br#"{"truncated"#, Some(TraceFormat::Json)),
            (b"when,where", None),
            (b"\x00\x01\xff garbage", None),
        ];
        for (line, want) in cases {
            assert_eq!(detect(line), want, "{}", String::from_utf8_lossy(line));
        }
    }

    #[test]
    fn unknown_lines_say_what_was_expected() {
        assert!(unknown(b"when,where").contains("'when', 'where'"));
        let m = unknown(b"\x1b[2Jhello");
        assert!(
            m.contains("neither a CSV header") && m.contains("\\x1b"),
            "{m}"
        );
    }
}
