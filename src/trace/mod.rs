//! Request traces: CSV (`time,path`) and nginx/Apache combined access logs, streamed from a file,
//! gzip/zstd file or stdin with one reusable line buffer. Never loads a trace whole.

mod combined;
mod csv;
mod time;

use crate::engine::Time;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;

/// Which line format a trace is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TraceFormat {
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
}

/// A malformed line (or unreadable input), with its place.
#[derive(Debug, Clone, PartialEq)]
pub struct TraceError {
    pub file: String,
    pub line: u64,
    pub message: String,
}

impl std::fmt::Display for TraceError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.line == 0 {
            write!(f, "{}: {}", self.file, self.message)
        } else {
            write!(f, "{}:{}: {}", self.file, self.line, self.message)
        }
    }
}

/// Counts of what was read.
#[derive(Debug, Clone, Copy, Default, serde::Serialize)]
pub struct TraceStats {
    pub lines: u64,
    pub requests: u64,
    pub skipped_bad_lines: u64,
    /// Combined logs: requests other than GET/HEAD, which a page cache does not serve.
    pub skipped_not_get: u64,
}

/// Per-format line parsing state.
enum Parser {
    Csv(csv::Columns),
    Combined(combined::StampCache),
}

/// A streaming trace reader.
pub struct TraceReader {
    input: Box<dyn BufRead>,
    name: String,
    opts: TraceOptions,
    parser: Option<Parser>,
    line: Vec<u8>,
    path_start: usize,
    path_end: usize,
    t0: Option<Time>,
    last: Time,
    pub stats: TraceStats,
}

/// Open `path` (`-` is stdin); `.gz` and `.zst` are decompressed on the fly.
pub fn open(path: &Path, opts: TraceOptions) -> Result<TraceReader, TraceError> {
    let name = path.display().to_string();
    let fail = |m: String| TraceError {
        file: name.clone(),
        line: 0,
        message: m,
    };
    let raw: Box<dyn Read> = if name == "-" {
        Box::new(std::io::stdin())
    } else {
        let f = std::fs::File::open(path).map_err(|e| fail(format!("cannot open trace: {e}")))?;
        if name.ends_with(".gz") {
            Box::new(flate2::read::MultiGzDecoder::new(BufReader::with_capacity(
                1 << 16,
                f,
            )))
        } else if name.ends_with(".zst") || name.ends_with(".zstd") {
            Box::new(zstd::Decoder::new(f).map_err(|e| fail(format!("cannot read zstd: {e}")))?)
        } else {
            Box::new(f)
        }
    };
    Ok(TraceReader::new(
        name,
        Box::new(BufReader::with_capacity(1 << 20, raw)),
        opts,
    ))
}

impl TraceReader {
    pub fn new(name: String, input: Box<dyn BufRead>, opts: TraceOptions) -> Self {
        TraceReader {
            input,
            name,
            opts,
            parser: None,
            line: Vec::with_capacity(256),
            path_start: 0,
            path_end: 0,
            t0: None,
            last: Time::MIN,
            stats: TraceStats::default(),
        }
    }

    fn err(&self, message: impl Into<String>) -> TraceError {
        TraceError {
            file: self.name.clone(),
            line: self.stats.lines,
            message: message.into(),
        }
    }

    /// The path of the record last returned by `next_record`.
    #[inline]
    pub fn path(&self) -> &[u8] {
        &self.line[self.path_start..self.path_end]
    }

    /// Read the next request: its time (t = 0 at the first line). `Ok(None)` at the end.
    #[inline]
    pub fn next_record(&mut self) -> Result<Option<Time>, TraceError> {
        loop {
            self.line.clear();
            let n = self
                .input
                .read_until(b'\n', &mut self.line)
                .map_err(|e| self.err(format!("read error: {e}")))?;
            if n == 0 {
                return Ok(None);
            }
            self.stats.lines += 1;
            let mut end = self.line.len();
            while end > 0 && matches!(self.line[end - 1], b'\n' | b'\r') {
                end -= 1;
            }
            if end == 0 {
                continue;
            }
            if self.parser.is_none() {
                if self.opts.format == TraceFormat::Csv {
                    let cols =
                        csv::Columns::from_header(&self.line[..end]).map_err(|m| self.err(m))?;
                    self.parser = Some(Parser::Csv(cols));
                    continue;
                }
                self.parser = Some(Parser::Combined(combined::StampCache::default()));
            }
            let parsed = match self.parser.as_mut().expect("set above") {
                Parser::Csv(cols) => cols.parse(&self.line[..end]).map(Some),
                Parser::Combined(cache) => combined::parse(&self.line[..end], cache),
            };
            let (t, (ps, pe)) = match parsed {
                Ok(Some(r)) => r,
                Ok(None) => {
                    self.stats.skipped_not_get += 1;
                    continue;
                }
                Err(m) => {
                    if self.opts.skip_bad_lines {
                        self.stats.skipped_bad_lines += 1;
                        continue;
                    }
                    return Err(self.err(m));
                }
            };
            let t0 = *self.t0.get_or_insert(t);
            let t = t - t0;
            if t < self.last {
                if self.opts.skip_bad_lines {
                    self.stats.skipped_bad_lines += 1;
                    continue;
                }
                return Err(self.err(format!(
                    "time goes backwards ({} after {}); traces must be in time order",
                    crate::duration::fmt_secs(t),
                    crate::duration::fmt_secs(self.last)
                )));
            }
            self.last = t;
            let pe = if self.opts.keep_query {
                pe
            } else {
                memchr::memchr2(b'?', b'#', &self.line[ps..pe]).map_or(pe, |q| ps + q)
            };
            if pe == ps || self.line[ps] != b'/' {
                if self.opts.skip_bad_lines {
                    self.stats.skipped_bad_lines += 1;
                    continue;
                }
                return Err(self.err(format!(
                    "'{}' is not a path (it must start with /)",
                    String::from_utf8_lossy(&self.line[ps..pe])
                )));
            }
            self.path_start = ps;
            self.path_end = pe;
            self.stats.requests += 1;
            return Ok(Some(t));
        }
    }
}

#[cfg(test)]
mod tests;
