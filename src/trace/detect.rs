//! The format of a trace from its first non-empty line: a JSON object, an access-log line (a
//! `[timestamp]` then a quoted request), or a CSV header naming a time and a path column; and the
//! reader's start, which sets its parser from it (or skips lines of no format for a while).

use super::{DETECT_LINES, Error, ErrorKind, Parser, TraceFormat, TraceReader, csv};

/// The reader's side: the first line decides the format.
impl TraceReader {
    /// The first non-empty line (`line` its range): the format, given or detected. `true`
    /// when the line is used up (a CSV header, or a line of no format while detecting).
    #[cold]
    pub(super) fn start(&mut self, line: (usize, usize)) -> Result<bool, Error> {
        let text = self.input.get(line);
        if text.starts_with(b"\xff\xfe") || text.starts_with(b"\xfe\xff") {
            return Err(self.err(
                "the file is UTF-16 (it starts with a UTF-16 byte order mark); convert it to UTF-8, e.g. iconv -f UTF-16 -t UTF-8",
                ErrorKind::Input,
            ));
        }
        let given = self.opts.format;
        let format = match (given, detect(text)) {
            (TraceFormat::Auto, Some(f)) => f,
            (TraceFormat::Auto, None) => return self.undetected(line),
            (given, Some(detected)) if given != detected => {
                return Err(self.err(
                    format!(
                        "the first line {} is not {}; it looks like {}",
                        crate::human::quoted(text, 80),
                        described(given),
                        described(detected)
                    ),
                    ErrorKind::Mismatch { given, detected },
                ));
            }
            (given, _) => given,
        };
        self.stats.format = Some(format);
        let parser = match format {
            TraceFormat::Csv => {
                let cols = csv::Columns::from_header(text).map_err(|m| {
                    let columns = csv::column_names(text, csv::likely_delimiter(text));
                    self.err(m, ErrorKind::Header { columns })
                })?;
                Parser::Csv(cols)
            }
            TraceFormat::Combined => Parser::Combined(super::combined::StampCache::default()),
            TraceFormat::Json | TraceFormat::Auto => Parser::Json,
        };
        let header = matches!(parser, Parser::Csv(_));
        self.parser = Some(parser);
        self.undetected = None;
        Ok(header)
    }

    /// A first line of no known format: nothing can be read if the next lines are not of one
    /// either (or under `strict`); else it is counted as a bad line.
    #[cold]
    fn undetected(&mut self, line: (usize, usize)) -> Result<bool, Error> {
        let text = self.input.get(line);
        let message = unknown(text);
        let columns = csv::column_names(text, csv::likely_delimiter(text));
        let err = self.err(message, ErrorKind::Header { columns });
        if self.opts.strict {
            return Err(err);
        }
        let seen = match &mut self.undetected {
            Some((_, n)) => {
                *n += 1;
                *n
            }
            None => {
                self.undetected = Some((err, 1));
                1
            }
        };
        if seen >= DETECT_LINES {
            return Err(self.undetected.take().expect("set above").0);
        }
        self.stats.skipped_bad_lines += 1;
        let n = self.stats.lines;
        self.stats
            .quote_skip(n, self.input.get(line), "not a line of any trace format");
        Ok(true)
    }
}

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
