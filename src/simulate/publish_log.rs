//! `--changes-from FILE`: a publish log, CSV `time,path` or `time,tag:NAME` (header optional),
//! read whole (it is small; capped at [`MAX_LINES`]) with `file:line` errors. Times are absolute
//! (epoch seconds or RFC 3339, the trace's parsers), aligned with the trace's first time, or
//! durations with a unit (`90s`, `1h30m`) counted from t=0.

use crate::engine::Time;
use crate::engine::model::Target;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;

/// Most lines a publish log may have (a day of a busy CMS is a few thousand).
pub const MAX_LINES: u64 = 1_000_000;

/// Longest line accepted (a path or tag is well under this).
const MAX_LINE_BYTES: usize = 16 * 1024;

/// When a logged change happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum When {
    /// Microseconds on the trace's clock (epoch, or whatever its times count from).
    Absolute(Time),
    /// Microseconds after t=0.
    Relative(Time),
}

/// One line of a publish log.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub when: When,
    pub target: Target,
    pub line: u64,
}

/// A parsed publish log.
#[derive(Debug, Clone, PartialEq)]
pub struct PublishLog {
    /// The file name, for messages.
    pub name: String,
    pub entries: Vec<Entry>,
}

/// A publish log that cannot be used: `file:line: message` (line 0: the file as a whole).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{}{message}", place(file, *line))]
pub struct LogError {
    pub file: String,
    pub line: u64,
    pub message: String,
}

fn place(file: &str, line: u64) -> String {
    if line == 0 {
        format!("{file}: ")
    } else {
        format!("{file}:{line}: ")
    }
}

/// Read a publish log from a file.
pub fn load(path: &Path) -> Result<PublishLog, LogError> {
    let name = crate::human::escape(&path.display().to_string()).into_owned();
    let f = std::fs::File::open(path).map_err(|e| LogError {
        file: name.clone(),
        line: 0,
        message: format!("cannot read the publish log: {e}"),
    })?;
    parse(name, f)
}

/// Parse a publish log from any reader; `name` is only used in messages.
pub fn parse(name: String, input: impl Read) -> Result<PublishLog, LogError> {
    let mut reader = BufReader::new(input);
    let mut buf = Vec::new();
    let mut entries = Vec::new();
    let mut line: u64 = 0;
    let err = |line: u64, message: String| LogError {
        file: name.clone(),
        line,
        message: crate::human::escape(&message).into_owned(),
    };
    loop {
        buf.clear();
        let n = (&mut reader)
            .take(MAX_LINE_BYTES as u64 + 1)
            .read_until(b'\n', &mut buf)
            .map_err(|e| err(line + 1, format!("read error: {e}")))?;
        if n == 0 {
            break;
        }
        line += 1;
        if line > MAX_LINES {
            return Err(err(
                0,
                format!(
                    "more than {MAX_LINES} lines; a publish log lists content changes (a few per hour or day), not requests"
                ),
            ));
        }
        if buf.len() > MAX_LINE_BYTES && !buf.ends_with(b"\n") {
            return Err(err(
                line,
                format!("line longer than {MAX_LINE_BYTES} bytes"),
            ));
        }
        let mut text = std::str::from_utf8(&buf)
            .map_err(|_| err(line, "not UTF-8".into()))?
            .trim();
        if line == 1 {
            text = text.trim_start_matches('\u{feff}').trim();
        }
        if text.is_empty() || text.starts_with('#') {
            continue;
        }
        match parse_line(text) {
            Ok(Some(e)) => entries.push(Entry { line, ..e }),
            Ok(None) if entries.is_empty() => {} // the header
            Ok(None) => return Err(err(line, "a header line in the middle of the log".into())),
            Err(m) => return Err(err(line, m)),
        }
    }
    Ok(PublishLog { name, entries })
}

/// One field, without surrounding double quotes (`""` inside is one `"`).
fn field(s: &str) -> String {
    let s = s.trim();
    match s.strip_prefix('"').and_then(|x| x.strip_suffix('"')) {
        Some(inner) => inner.replace("\"\"", "\""),
        None => s.to_string(),
    }
}

/// A data line, `Ok(None)` for a header (`time,path`, `timestamp,target`, …).
fn parse_line(text: &str) -> Result<Option<Entry>, String> {
    let Some((time, target)) = text.split_once(',') else {
        return Err(format!(
            "{} should be time,path or time,tag:NAME",
            crate::human::quoted(text.as_bytes(), 60)
        ));
    };
    let (time, target) = (field(time), field(target));
    if matches!(
        time.to_ascii_lowercase().as_str(),
        "time" | "timestamp" | "at" | "date"
    ) {
        return Ok(None);
    }
    let when = parse_when(&time)?;
    let target = if let Some(tag) = target.strip_prefix("tag:") {
        if tag.trim().is_empty() {
            return Err("tag: needs a name (tag:posts)".into());
        }
        Target::Tag(tag.trim().to_string())
    } else if target.starts_with('/') {
        Target::Path(target)
    } else {
        return Err(format!(
            "{} is neither a path (it must start with /) nor a tag (tag:NAME)",
            crate::human::quoted(target.as_bytes(), 60)
        ));
    };
    Ok(Some(Entry {
        when,
        target,
        line: 0,
    }))
}

/// Epoch or trace seconds and RFC 3339 are absolute; a duration with a unit is from t=0.
fn parse_when(s: &str) -> Result<When, String> {
    if let Ok(t) = crate::trace::time::parse_time(s.as_bytes()) {
        return Ok(When::Absolute(t));
    }
    if s.ends_with(|c: char| c.is_ascii_alphabetic())
        && let Ok(t) = crate::duration::parse_micros(s)
    {
        return Ok(When::Relative(t));
    }
    Err(format!(
        "{} is not a time: use epoch seconds or RFC 3339 (aligned with the trace's first time), or a duration from the start like 90s",
        crate::human::quoted(s.as_bytes(), 40)
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::SECOND;

    fn log(text: &str) -> Result<PublishLog, LogError> {
        parse("p.csv".into(), text.as_bytes())
    }

    #[test]
    fn reads_absolute_relative_tags_and_a_header() {
        let l = log(
            "\u{feff}time,path\r\n2026-11-23T10:00:30Z,/a\n1763892000,\"/b\"\n\n# note\n90s,tag:posts\n",
        )
        .unwrap();
        let w: Vec<_> = l.entries.iter().map(|e| (e.when, e.line)).collect();
        assert_eq!(
            w,
            vec![
                (When::Absolute(1_795_428_030 * SECOND), 2),
                (When::Absolute(1_763_892_000 * SECOND), 3),
                (When::Relative(90 * SECOND), 6),
            ]
        );
        assert_eq!(l.entries[1].target, Target::Path("/b".into()));
        assert_eq!(l.entries[2].target, Target::Tag("posts".into()));
    }

    #[test]
    fn bad_lines_name_their_place() {
        let e = log("time,path\n10,/a\nsoon,/b\n").unwrap_err();
        assert_eq!((e.line, e.to_string().starts_with("p.csv:3: ")), (3, true));
        assert!(e.message.contains("not a time"), "{e}");
        assert_eq!(log("10,b\n").unwrap_err().line, 1);
        assert_eq!(log("10\n").unwrap_err().line, 1);
        assert_eq!(log("10,tag:\n").unwrap_err().line, 1);
        assert_eq!(log("10,/a\ntime,path\n").unwrap_err().line, 2);
        let long = format!("10,/{}\n", "x".repeat(MAX_LINE_BYTES));
        assert!(log(&long).unwrap_err().message.contains("longer"));
    }

    #[test]
    fn line_count_is_capped() {
        struct Endless;
        impl Read for Endless {
            fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
                let l = b"1,/a\n";
                let n = buf.len() / l.len() * l.len();
                for c in buf[..n].chunks_mut(l.len()) {
                    c.copy_from_slice(l);
                }
                Ok(n)
            }
        }
        let e = parse("big".into(), Endless).unwrap_err();
        assert_eq!(e.line, 0);
        assert!(
            e.to_string().starts_with("big: more than 1000000 lines"),
            "{e}"
        );
    }
}
