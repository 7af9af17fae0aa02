//! CSV traces: a header row naming `time` and `path` (aliases `key`, `obj_id`, `url`) columns;
//! other columns are ignored. Fields may be double-quoted.

use super::time::parse_time;

/// Where the time and path columns are.
#[derive(Debug, Clone, Copy)]
pub struct Columns {
    time: usize,
    path: usize,
}

/// Iterate the fields of one CSV line as (start, end) byte ranges, honouring double quotes.
fn fields(line: &[u8], mut want: impl FnMut(usize, usize, usize) -> bool) {
    let mut i = 0;
    let mut ix = 0;
    loop {
        let (s, e, next) = if line.get(i) == Some(&b'"') {
            let s = i + 1;
            let mut j = s;
            loop {
                match memchr::memchr(b'"', &line[j..]) {
                    Some(q) if line.get(j + q + 1) == Some(&b'"') => j += q + 2,
                    Some(q) => break (s, j + q, j + q + 1),
                    None => break (s, line.len(), line.len()),
                }
            }
        } else {
            let e = memchr::memchr(b',', &line[i..]).map_or(line.len(), |c| i + c);
            (i, e, e)
        };
        if !want(ix, s, e) {
            return;
        }
        // Skip to after the next comma.
        match memchr::memchr(b',', &line[next.min(line.len())..]) {
            Some(c) => i = next + c + 1,
            None => return,
        }
        ix += 1;
    }
}

#[inline]
fn trim(line: &[u8], mut s: usize, mut e: usize) -> (usize, usize) {
    while s < e && line[s].is_ascii_whitespace() {
        s += 1;
    }
    while e > s && line[e - 1].is_ascii_whitespace() {
        e -= 1;
    }
    (s, e)
}

/// Collapse each `""` in `line[s..e]` (inside a quoted field) to `"`, in place; the new end.
fn unescape(line: &mut [u8], s: usize, e: usize) -> usize {
    let mut w = s;
    let mut r = s;
    while r < e {
        line[w] = line[r];
        r += if line[r] == b'"' && r + 1 < e && line[r + 1] == b'"' {
            2
        } else {
            1
        };
        w += 1;
    }
    w
}

impl Columns {
    pub fn from_header(line: &[u8]) -> Result<Self, String> {
        // A UTF-8 byte order mark (spreadsheet exports) is not part of the first column's name.
        let line = line.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(line);
        let (mut time, mut path) = (None, None);
        fields(line, |ix, s, e| {
            let (s, e) = trim(line, s, e);
            let name = String::from_utf8_lossy(&line[s..e]).to_ascii_lowercase();
            match name.as_str() {
                "time" | "timestamp" => time = time.or(Some(ix)),
                "path" | "key" | "obj_id" | "url" => path = path.or(Some(ix)),
                _ => {}
            }
            true
        });
        match (time, path) {
            (Some(time), Some(path)) => Ok(Columns { time, path }),
            _ => Err(format!(
                "the header {} needs a time column and a path column (path, key, obj_id or url)",
                crate::human::quoted(line, 80)
            )),
        }
    }

    /// Parse one data line into (time, path byte range).
    #[inline]
    pub fn parse(&self, line: &mut [u8]) -> Result<super::Record, String> {
        // Fast path: unquoted fields (a quoted field starts with '"'), comma to comma with memchr,
        // up to the last column we need.
        let last = self.time.max(self.path);
        let (mut t, mut p) = ((0, 0), (0, 0));
        let mut start = 0;
        for ix in 0..=last {
            if line.get(start) == Some(&b'"') {
                return self.parse_quoted(line);
            }
            let end = match memchr::memchr(b',', &line[start..]) {
                Some(c) => start + c,
                None if ix == last => line.len(),
                None => {
                    return Err(format!(
                        "expected at least {} comma-separated fields",
                        last + 1
                    ));
                }
            };
            if ix == self.time {
                t = (start, end);
            }
            if ix == self.path {
                p = (start, end);
            }
            start = end + 1;
        }
        self.finish(line, t, p)
    }

    /// Parse a line with double-quoted fields. A quoted path's doubled quotes (`""`) are
    /// unescaped in place, so the returned range holds the path as written in the log.
    #[cold]
    fn parse_quoted(&self, line: &mut [u8]) -> Result<super::Record, String> {
        let (mut t, mut p) = (None, None);
        let last = self.time.max(self.path);
        fields(line, |ix, s, e| {
            if ix == self.time {
                t = Some((s, e));
            } else if ix == self.path {
                p = Some((s, e));
            }
            ix < last
        });
        let (Some(t), Some(p)) = (t, p) else {
            return Err(format!(
                "expected at least {} comma-separated fields",
                last + 1
            ));
        };
        let quoted = p.0 > 0 && line[p.0 - 1] == b'"';
        let (time, (ps, pe)) = self.finish(line, t, p)?;
        Ok((time, (ps, if quoted { unescape(line, ps, pe) } else { pe })))
    }

    #[inline]
    fn finish(
        &self,
        line: &[u8],
        (ts, te): (usize, usize),
        (ps, pe): (usize, usize),
    ) -> Result<super::Record, String> {
        let (ts, te) = trim(line, ts, te);
        let time = parse_time(&line[ts..te])?;
        let (mut ps, pe) = trim(line, ps, pe);
        // A full URL: keep the path part.
        if line.get(ps) == Some(&b'h') {
            let field = &line[ps..pe];
            for scheme in [&b"https://"[..], b"http://"] {
                if field.starts_with(scheme) {
                    let host = ps + scheme.len();
                    ps = memchr::memchr(b'/', &line[host..pe]).map_or(pe, |s| host + s);
                }
            }
        }
        Ok((time, (ps, pe)))
    }
}
