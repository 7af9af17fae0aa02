//! Request traces: CSV (`time,path`) and nginx/Apache combined access logs, streamed from a file,
//! gzip/zstd file or stdin with one reusable line buffer. Never loads a trace whole.

mod combined;
/// Public only for `benches/trace_parse.rs` (the CSV line parser measured on its own).
#[doc(hidden)]
pub mod csv;
mod lines;
mod reorder;
mod stdin;
/// Public only for `benches/trace_parse.rs`.
#[doc(hidden)]
pub mod time;

use crate::engine::Time;
use lines::Lines;
use reorder::{Out, Reorder, Verdict};
use std::io::{BufReader, Read};
use std::path::{Path, PathBuf};

/// Which line format a trace is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TraceFormat {
    #[default]
    Csv,
    Combined,
}

/// How to read a trace.
#[derive(Debug, Clone, Copy)]
pub struct TraceOptions {
    pub format: TraceFormat,
    /// Keep the query string in the cache key (Next.js ignores it).
    pub keep_query: bool,
    /// Count malformed lines instead of stopping at the first one.
    pub skip_bad_lines: bool,
    /// Lines up to this much out of time order are put back in order; later ones are skipped.
    pub reorder_window: Time,
}

/// The default reorder window: 5 seconds.
pub const DEFAULT_REORDER_WINDOW: Time = 5 * crate::engine::SECOND;

/// A malformed line (or a failed read), with its place: `file:line: message`.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{file}:{line}: {message}")]
pub struct Error {
    pub file: String,
    pub line: u64,
    pub message: String,
    /// A malformed data line that `--skip-bad-lines` would have skipped (not a header or a
    /// read error, and the flag was not given).
    pub skippable: bool,
}

/// A trace file that cannot be opened.
#[derive(Debug, thiserror::Error)]
#[error("cannot read {}: {source}", path.display())]
pub struct OpenError {
    pub path: PathBuf,
    #[source]
    pub source: std::io::Error,
}

/// A parsed line: its time and the byte range of its path within the line.
pub type Record = (Time, (usize, usize));

/// Counts of what was read.
#[derive(Debug, Clone, Copy, Default, serde::Serialize, schemars::JsonSchema)]
pub struct TraceStats {
    pub lines: u64,
    pub requests: u64,
    pub skipped_bad_lines: u64,
    /// Combined logs: requests other than GET/HEAD, which a page cache does not serve.
    pub skipped_not_get: u64,
    /// Lines older than the reorder window allows (after a later line was already replayed).
    #[serde(default)]
    pub skipped_late: u64,
    /// Lines whose time jumps far ahead of their neighbours (or is more than 100 years from
    /// the first line) and that the lines after them did not confirm.
    #[serde(default)]
    pub skipped_outliers: u64,
    /// Lines that arrived out of order within the reorder window and were put back in order.
    #[serde(default)]
    pub reordered: u64,
    /// Line numbers of the first skipped lines (0: none), for messages.
    #[serde(skip)]
    #[schemars(skip)]
    pub first_skipped: [u64; 5],
}

impl TraceStats {
    /// Lines skipped for any reason but not being GET/HEAD.
    pub fn skipped(&self) -> u64 {
        self.skipped_bad_lines + self.skipped_late + self.skipped_outliers
    }

    fn note_skip(&mut self, line: u64) {
        if let Some(slot) = self.first_skipped.iter_mut().find(|s| **s == 0) {
            *slot = line;
        }
    }
}

/// Per-format line parsing state.
enum Parser {
    Csv(csv::Columns),
    Combined(combined::StampCache),
}

/// A streaming trace reader.
pub struct TraceReader {
    input: Lines,
    name: String,
    opts: TraceOptions,
    parser: Option<Parser>,
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
    pub stats: TraceStats,
}

/// Open `path` (`-` is stdin); `.gz` and `.zst` are decompressed on the fly.
pub fn open(path: &Path, opts: TraceOptions) -> Result<TraceReader, OpenError> {
    let name = path.display().to_string();
    let fail = |source: std::io::Error| OpenError {
        path: path.to_path_buf(),
        source,
    };
    let raw: Box<dyn Read> = if name == "-" {
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
    pub fn new(name: String, input: Box<dyn Read>, opts: TraceOptions) -> Self {
        TraceReader {
            input: Lines::new(input),
            name,
            opts,
            parser: None,
            first: None,
            t0: None,
            reorder: Reorder::new(opts.reorder_window),
            cur: (0, 0),
            cur_owned: false,
            owned: Box::default(),
            done: false,
            refills_seen: 0,
            stats: TraceStats::default(),
        }
    }

    fn err(&self, message: impl Into<String>) -> Error {
        Error {
            file: crate::human::escape(&self.name).into_owned(),
            line: self.stats.lines,
            message: crate::human::escape(&message.into()).into_owned(),
            skippable: false,
        }
    }

    /// A malformed data line: an error, or counted and skipped with `--skip-bad-lines`.
    fn bad_line(&mut self, message: impl Into<String>) -> Result<(), Error> {
        if self.opts.skip_bad_lines {
            self.stats.skipped_bad_lines += 1;
            self.stats.note_skip(self.stats.lines);
            return Ok(());
        }
        Err(Error {
            skippable: true,
            ..self.err(message)
        })
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
            let Some((t, ps, pe)) = self.read_line()? else {
                self.done = true;
                continue;
            };
            let at = self.input.abs(ps);
            let line = self.stats.lines;
            match self.reorder.admit(t, line, at, self.input.get((ps, pe))) {
                Verdict::Held { reordered: false } => {}
                Verdict::Held { reordered: true } => self.stats.reordered += 1,
                Verdict::Late => {
                    self.stats.skipped_late += 1;
                    self.stats.note_skip(line);
                }
                Verdict::Outliers(lines) => self.outliers(&lines),
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
    fn outliers(&mut self, lines: &[u64]) {
        for &l in lines {
            self.stats.skipped_outliers += 1;
            self.stats.note_skip(l);
        }
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

    /// The next well-formed request line: its (absolute) time and its path's range
    /// in the buffer. `Ok(None)` at the end.
    #[inline]
    fn read_line(&mut self) -> Result<Option<(Time, usize, usize)>, Error> {
        loop {
            let next = match self.input.next_line() {
                Ok(n) => n,
                Err(e) => {
                    self.stats.lines += 1;
                    return Err(self.err(format!("read error: {e}")));
                }
            };
            let Some((ls, le)) = next else {
                return Ok(None);
            };
            self.stats.lines += 1;
            if le == ls {
                continue;
            }
            let line = self.input.get_mut((ls, le));
            if self.parser.is_none() {
                if line.starts_with(b"\xff\xfe") || line.starts_with(b"\xfe\xff") {
                    return Err(self.err(
                        "the file is UTF-16 (it starts with a UTF-16 byte order mark); convert it to UTF-8, e.g. iconv -f UTF-16 -t UTF-8",
                    ));
                }
                if self.opts.format == TraceFormat::Csv {
                    let cols = csv::Columns::from_header(line).map_err(|m| self.err(m))?;
                    self.parser = Some(Parser::Csv(cols));
                    continue;
                }
                self.parser = Some(Parser::Combined(combined::StampCache::default()));
            }
            let parsed = match self.parser.as_mut().expect("set above") {
                Parser::Csv(cols) => cols.parse(line).map(Some),
                Parser::Combined(cache) => combined::parse(line, cache),
            };
            let (t, (ps, pe)) = match parsed {
                Ok(Some(r)) => r,
                Ok(None) => {
                    self.stats.skipped_not_get += 1;
                    continue;
                }
                Err(m) => {
                    self.bad_line(m)?;
                    continue;
                }
            };
            // Times stay absolute until released in order (the first released is t = 0); one
            // more than 100 years from the first line read is an outlier whatever follows.
            let first = *self.first.get_or_insert(t);
            if t.checked_sub(first)
                .is_none_or(|d| d.unsigned_abs() > crate::duration::MAX_MICROS as u64)
            {
                // More than 100 years from the first line: an outlier, whatever the rest says.
                self.stats.skipped_outliers += 1;
                self.stats.note_skip(self.stats.lines);
                continue;
            };
            let (ps, pe) = (ls + ps, ls + pe);
            let path = self.input.get((ps, pe));
            let pe = if self.opts.keep_query {
                pe
            } else {
                memchr::memchr2(b'?', b'#', path).map_or(pe, |q| ps + q)
            };
            if pe == ps || self.input.get((ps, pe))[0] != b'/' {
                let shown = crate::human::quoted(self.input.get((ps, pe)), 80);
                self.bad_line(format!("{shown} is not a path (it must start with /)"))?;
                continue;
            }
            return Ok(Some((t, ps, pe)));
        }
    }
}

#[cfg(test)]
mod tests;
