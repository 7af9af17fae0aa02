//! Request traces: CSV with a header, nginx/Apache combined and common access logs and JSON lines
//! (the format detected from the first lines), streamed from a file, gzip/zstd file or stdin with
//! one reusable line buffer. Never loads a trace whole. Lines that cannot be read are counted and
//! skipped (the first few quoted), or stop the read under `strict`.

mod combined;
/// Public only for `benches/trace_parse.rs` (the CSV line parser measured on its own).
#[doc(hidden)]
pub mod csv;
mod detect;
mod find;
/// Public only for `benches/trace_parse.rs`.
#[doc(hidden)]
pub mod json;
mod lines;
mod plain;
mod reorder;
mod report;
mod stdin;
/// Public only for `benches/trace_parse.rs`.
#[doc(hidden)]
pub mod time;

pub use report::{Error, ErrorKind, OpenError, SkippedLine, TraceStats};

use crate::engine::Time;
use lines::Lines;
use reorder::{Out, Reorder, Verdict};
use std::io::{BufReader, Read};
use std::path::Path;

/// Which line format a trace is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum TraceFormat {
    /// Detected from the first lines.
    #[default]
    Auto,
    Csv,
    /// nginx/Apache combined or common access-log lines.
    Combined,
    /// JSON lines.
    Json,
}

impl TraceFormat {
    pub fn name(self) -> &'static str {
        match self {
            TraceFormat::Auto => "auto",
            TraceFormat::Csv => "csv",
            TraceFormat::Combined => "combined",
            TraceFormat::Json => "json",
        }
    }
}

/// How to read a trace.
#[derive(Debug, Clone, Copy)]
pub struct TraceOptions {
    pub format: TraceFormat,
    /// Keep the query string in the cache key (Next.js ignores it).
    pub keep_query: bool,
    /// Stop at the first line that cannot be read, is late or is an outlier (else each is
    /// counted and skipped).
    pub strict: bool,
    /// Lines up to this much out of time order are put back in order; later ones are skipped.
    pub reorder_window: Time,
}

/// The default reorder window: 5 seconds.
pub const DEFAULT_REORDER_WINDOW: Time = 5 * crate::engine::SECOND;

/// Lines of no known format read before giving up on detecting one.
pub const DETECT_LINES: u32 = 10;

/// A parsed line: its time and the byte range of its path within the line.
pub type Record = (Time, (usize, usize));

/// Per-format line parsing state.
enum Parser {
    Csv(csv::Columns),
    Combined(combined::StampCache),
    Json,
}

/// A well-formed request line: its (absolute) time, its path's range in the buffer, and the
/// whole line's.
struct Line {
    t: Time,
    path: (usize, usize),
    line: (usize, usize),
}

/// A streaming trace reader.
pub struct TraceReader {
    input: Lines,
    name: String,
    opts: TraceOptions,
    parser: Option<Parser>,
    /// While no format is detected: the error the first line gives, and lines of no format.
    undetected: Option<(Error, u32)>,
    /// The time of the first line read, and of the first released (t = 0).
    first: Option<Time>,
    t0: Option<Time>,
    reorder: Reorder,
    /// The record last returned: its path at an absolute offset of the buffer, or in `owned`.
    cur: (u64, u32),
    cur_owned: bool,
    owned: Box<[u8]>,
    done: bool,
    refills_seen: u64,
    /// `?` or `#`: where a path's query or fragment starts.
    query: find::Two,
    /// Take plain CSV lines by the fast path (`plain.rs`); off only to test it against the
    /// general one.
    plain: bool,
    pub stats: TraceStats,
}

/// Open `path` (`-` is stdin); `.gz` and `.zst` are decompressed on the fly.
pub fn open(path: &Path, opts: TraceOptions) -> Result<TraceReader, OpenError> {
    let name = path.display().to_string();
    let fail = |source: std::io::Error| OpenError {
        path: path.to_path_buf(),
        source,
    };
    let raw: Box<dyn Read + Send> = if name == "-" {
        Box::new(stdin::Stdin::new())
    } else {
        let f = std::fs::File::open(path).map_err(fail)?;
        if name.ends_with(".gz") {
            Box::new(flate2::read::MultiGzDecoder::new(BufReader::with_capacity(
                1 << 16,
                f,
            )))
        } else if name.ends_with(".zst") || name.ends_with(".zstd") {
            Box::new(zstd::Decoder::new(f).map_err(fail)?)
        } else {
            Box::new(f)
        }
    };
    Ok(TraceReader::new(name, raw, opts))
}

impl TraceReader {
    pub fn new(name: String, input: Box<dyn Read + Send>, opts: TraceOptions) -> Self {
        TraceReader {
            input: Lines::new(input),
            name,
            opts,
            parser: None,
            undetected: None,
            first: None,
            t0: None,
            reorder: Reorder::new(opts.reorder_window),
            cur: (0, 0),
            cur_owned: false,
            owned: Box::default(),
            done: false,
            refills_seen: 0,
            query: find::Two::new(b'?', b'#'),
            plain: true,
            stats: TraceStats::default(),
        }
    }

    fn err(&self, message: impl Into<String>, kind: ErrorKind) -> Error {
        self.err_at(self.stats.lines, message, kind)
    }

    #[cold]
    fn err_at(&self, line: u64, message: impl Into<String>, kind: ErrorKind) -> Error {
        Error {
            file: crate::human::escape(&self.name).into_owned(),
            line,
            message: crate::human::escape(&message.into()).into_owned(),
            kind,
        }
    }

    /// A data line that cannot be read (`line` its range): counted, skipped and quoted, or
    /// the error under `strict`.
    #[cold]
    fn bad_line(&mut self, line: (usize, usize), message: String) -> Result<(), Error> {
        if self.opts.strict {
            return Err(self.err(message, ErrorKind::BadLine));
        }
        self.stats.skipped_bad_lines += 1;
        let n = self.stats.lines;
        self.stats.quote_skip(n, self.input.get(line), &message);
        Ok(())
    }

    /// Whether a line at `t` (the line at `line`) is within 100 years of the first line read;
    /// one that is not is an outlier whatever follows (skipped, or the error under `strict`).
    /// Times stay absolute until released in order (the first released is t = 0).
    #[inline]
    fn in_range(&mut self, t: Time, line: (usize, usize)) -> Result<bool, Error> {
        let first = *self.first.get_or_insert(t);
        if t.checked_sub(first)
            .is_none_or(|d| d.unsigned_abs() > crate::duration::MAX_MICROS as u64)
        {
            let reason = "its time is more than 100 years from the first line's".into();
            self.skip_line(self.stats.lines, Some(line), reason, ErrorKind::Outlier)?;
            return Ok(false);
        }
        Ok(true)
    }

    /// A line out of order by more than the window, or with an outlying time.
    #[cold]
    fn skip_line(
        &mut self,
        n: u64,
        line: Option<(usize, usize)>,
        reason: String,
        kind: ErrorKind,
    ) -> Result<(), Error> {
        if self.opts.strict {
            return Err(self.err_at(n, reason, kind));
        }
        match kind {
            ErrorKind::Late { .. } => self.stats.skipped_late += 1,
            _ => self.stats.skipped_outliers += 1,
        }
        match line {
            Some(l) => self.stats.quote_skip(n, self.input.get(l), &reason),
            None => self.stats.note_skip(n),
        }
        Ok(())
    }

    /// The absolute time of t=0 (the first request released), once one was.
    pub fn t0(&self) -> Option<Time> {
        self.t0
    }

    /// Bytes read from the (decompressed) input so far.
    pub fn bytes_read(&self) -> u64 {
        self.input.consumed
    }

    /// The size of the input when it is a plain file (for a progress bar), else `None`.
    pub fn file_size(path: &Path) -> Option<u64> {
        let name = path.to_string_lossy();
        if name == "-" || name.ends_with(".gz") || name.ends_with(".zst") || name.ends_with(".zstd")
        {
            return None;
        }
        std::fs::metadata(path)
            .ok()
            .filter(|m| m.is_file())
            .map(|m| m.len())
    }

    /// The path of the record last returned by `next_record`.
    #[inline]
    pub fn path(&self) -> &[u8] {
        if self.cur_owned {
            &self.owned
        } else {
            self.input.get_abs(self.cur.0, self.cur.1)
        }
    }

    /// Read the next request in time order: its time (t = 0 at the first line). `Ok(None)` at
    /// the end. Lines out of order within the reorder window are put back in order; later ones
    /// and far-future outliers are counted in `stats` and skipped.
    #[inline]
    pub fn next_record(&mut self) -> Result<Option<Time>, Error> {
        loop {
            if let Some(out) = self.reorder.pop(self.done) {
                return Ok(Some(self.emit(out)));
            }
            if self.done {
                return Ok(None);
            }
            self.input.pin = self.reorder.pin();
            if self.input.refills != self.refills_seen {
                self.check_buffered();
            }
            let Some(Line { t, path, line }) = self.read_line()? else {
                self.done = true;
                continue;
            };
            let at = self.input.abs(path.0);
            let n = self.stats.lines;
            match self.reorder.admit(t, n, at, self.input.get(path)) {
                Verdict::Held { reordered: false } => {}
                Verdict::Held { reordered: true } => self.stats.reordered += 1,
                Verdict::Late => {
                    let window = self.opts.reorder_window;
                    let reason = format!(
                        "out of time order by more than the {} reorder window",
                        crate::human::duration(window)
                    );
                    self.skip_line(n, Some(line), reason, ErrorKind::Late { window })?;
                }
                Verdict::Outliers(lines) => self.outliers(&lines)?,
            }
        }
    }

    /// After a refill: when the held lines take too much of the line buffer, release them
    /// early (memory stays bounded; a line later than that counts as out of order).
    #[cold]
    fn check_buffered(&mut self) {
        self.refills_seen = self.input.refills;
        if let Some(p) = self.reorder.pin()
            && self.input.buffered_since(p) > reorder::MAX_BUFFERED
        {
            self.reorder.squeeze = true;
        }
    }

    #[cold]
    fn outliers(&mut self, lines: &[u64]) -> Result<(), Error> {
        for &l in lines {
            let reason = "its time jumps far ahead of the lines around it (an outlier)";
            self.skip_line(l, None, reason.into(), ErrorKind::Outlier)?;
        }
        Ok(())
    }

    #[inline]
    fn emit(&mut self, out: Out) -> Time {
        self.stats.requests += 1;
        let t = match out {
            Out::Buf(b) => {
                self.cur = (b.at, b.len);
                self.cur_owned = false;
                b.t
            }
            Out::Owned(o) => {
                self.owned = o.path;
                self.cur_owned = true;
                o.t
            }
        };
        // Released in order and within 100 years of the first line: no overflow, never negative.
        t - *self.t0.get_or_insert(t)
    }

    /// The next well-formed request line. `Ok(None)` at the end.
    #[inline]
    fn read_line(&mut self) -> Result<Option<Line>, Error> {
        loop {
            if self.plain
                && let Some(Parser::Csv(cols)) = &self.parser
                && let Some((s, w)) = self.input.window::<{ plain::WINDOW }>()
                && let Some(p) = cols.parse_plain(w, self.opts.keep_query)
            {
                self.input.skip_to(s + p.next);
                self.stats.lines += 1;
                let line = (s, s + p.end);
                if !self.in_range(p.t, line)? {
                    continue;
                }
                let path = (s + p.path.0, s + p.path.1);
                return Ok(Some(Line { t: p.t, path, line }));
            }
            let next = match self.input.next_line() {
                Ok(n) => n,
                Err(e) => {
                    self.stats.lines += 1;
                    return Err(self.err(format!("read error: {e}"), ErrorKind::Input));
                }
            };
            let Some((mut ls, le)) = next else {
                return match self.undetected.take() {
                    Some((e, _)) if self.parser.is_none() => Err(e),
                    _ => Ok(None),
                };
            };
            self.stats.lines += 1;
            if self.parser.is_none() {
                // A UTF-8 byte order mark (spreadsheet exports) is not part of the first line.
                if self.stats.lines == 1 && self.input.get((ls, le)).starts_with(b"\xEF\xBB\xBF") {
                    ls += 3;
                }
                if le == ls || self.start((ls, le))? {
                    continue;
                }
            }
            if le == ls {
                continue;
            }
            let line = self.input.get_mut((ls, le));
            let parsed = match self.parser.as_mut().expect("set by start") {
                Parser::Csv(cols) => cols.parse(line).map(Some),
                Parser::Combined(cache) => combined::parse(line, cache),
                Parser::Json => json::parse(line),
            };
            let (t, (ps, pe)) = match parsed {
                Ok(Some(r)) => r,
                Ok(None) => {
                    self.stats.skipped_not_get += 1;
                    continue;
                }
                Err(m) => {
                    self.bad_line((ls, le), m)?;
                    continue;
                }
            };
            if !self.in_range(t, (ls, le))? {
                continue;
            }
            let (mut ps, pe) = (ls + ps, ls + pe);
            // A full URL: keep the path part.
            let path = self.input.get((ps, pe));
            if path.first() == Some(&b'h') {
                ps += origin_len(path);
            }
            let path = self.input.get((ps, pe));
            let pe = if self.opts.keep_query {
                pe
            } else {
                self.query.find(path).map_or(pe, |q| ps + q)
            };
            if pe == ps || self.input.get((ps, pe))[0] != b'/' {
                let shown = crate::human::quoted(self.input.get((ps, pe)), 80);
                self.bad_line(
                    (ls, le),
                    format!("{shown} is not a path (it must start with /)"),
                )?;
                continue;
            }
            return Ok(Some(Line {
                t,
                path: (ps, pe),
                line: (ls, le),
            }));
        }
    }
}

/// The length of a URL's `scheme://host` part (0 if `field` is not an http(s) URL).
fn origin_len(field: &[u8]) -> usize {
    for scheme in [&b"https://"[..], b"http://"] {
        if field.starts_with(scheme) {
            let host = &field[scheme.len()..];
            return scheme.len() + memchr::memchr(b'/', host).unwrap_or(host.len());
        }
    }
    0
}

#[cfg(test)]
mod tests;
