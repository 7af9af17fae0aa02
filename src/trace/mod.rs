//! Request traces: CSV (`time,path`) and nginx/Apache combined access logs, streamed from a file,
//! gzip/zstd file or stdin with one reusable line buffer. Never loads a trace whole.

mod combined;
mod csv;
mod lines;
mod time;

use crate::engine::Time;
use lines::Lines;
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
}

/// A malformed line (or a failed read), with its place: `file:line: message`.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{file}:{line}: {message}")]
pub struct Error {
    pub file: String,
    pub line: u64,
    pub message: String,
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
    path_start: usize,
    path_end: usize,
    t0: Option<Time>,
    last: Time,
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
        Box::new(std::io::stdin())
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
            path_start: 0,
            path_end: 0,
            t0: None,
            last: Time::MIN,
            stats: TraceStats::default(),
        }
    }

    fn err(&self, message: impl Into<String>) -> Error {
        Error {
            file: self.name.clone(),
            line: self.stats.lines,
            message: message.into(),
        }
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
        self.input.get((self.path_start, self.path_end))
    }

    /// Read the next request: its time (t = 0 at the first line). `Ok(None)` at the end.
    #[inline]
    pub fn next_record(&mut self) -> Result<Option<Time>, Error> {
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
                    crate::human::duration(t),
                    crate::human::duration(self.last)
                )));
            }
            let (ps, pe) = (ls + ps, ls + pe);
            let path = self.input.get((ps, pe));
            let pe = if self.opts.keep_query {
                pe
            } else {
                memchr::memchr2(b'?', b'#', path).map_or(pe, |q| ps + q)
            };
            if pe == ps || self.input.get((ps, pe))[0] != b'/' {
                if self.opts.skip_bad_lines {
                    self.stats.skipped_bad_lines += 1;
                    continue;
                }
                let shown = String::from_utf8_lossy(self.input.get((ps, pe))).into_owned();
                return Err(self.err(format!("'{shown}' is not a path (it must start with /)")));
            }
            self.last = t;
            self.path_start = ps;
            self.path_end = pe;
            self.stats.requests += 1;
            return Ok(Some(t));
        }
    }
}

#[cfg(test)]
mod tests;
