//! CSV traces: a header row naming a time column and a path column (the aliases in
//! [`TIME_COLUMNS`] and [`PATH_COLUMNS`]); other columns are ignored. The delimiter (`,`, `;` or
//! tab) is found from the header. Fields may be double-quoted, with `""` for a quote.

use super::time::parse_time;

/// Names of a time column, in order of preference (case-insensitive).
pub const TIME_COLUMNS: &[&str] = &["time", "timestamp", "ts", "@timestamp", "date"];
/// Names of a path column, in order of preference (case-insensitive).
pub const PATH_COLUMNS: &[&str] = &["path", "url", "uri", "request_uri", "key", "obj_id"];
/// Delimiters tried on the header, in order.
const DELIMITERS: [u8; 3] = [b',', b';', b'\t'];

/// Where the time and path columns are, and what separates fields.
#[derive(Debug, Clone, Copy)]
pub struct Columns {
    pub(super) time: usize,
    pub(super) path: usize,
    pub(super) delim: u8,
    find_delim: super::find::One,
}

/// Iterate the fields of one CSV line as (start, end) byte ranges, honouring double quotes.
fn fields(line: &[u8], delim: u8, mut want: impl FnMut(usize, usize, usize) -> bool) {
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
            let e = memchr::memchr(delim, &line[i..]).map_or(line.len(), |c| i + c);
            (i, e, e)
        };
        if !want(ix, s, e) {
            return;
        }
        // Skip to after the next delimiter.
        match memchr::memchr(delim, &line[next.min(line.len())..]) {
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

/// The names of a header's columns split by `delim` (trimmed, lowercase, unquoted).
pub fn column_names(line: &[u8], delim: u8) -> Vec<String> {
    let mut names = Vec::new();
    fields(line, delim, |_, s, e| {
        let (s, e) = trim(line, s, e);
        names.push(String::from_utf8_lossy(&line[s..e]).to_ascii_lowercase());
        true
    });
    names
}

/// The delimiter that splits a header into the most fields (`,` when none does).
pub fn likely_delimiter(line: &[u8]) -> u8 {
    DELIMITERS
        .into_iter()
        .max_by_key(|d| (memchr::memchr_iter(*d, line).count(), *d == b','))
        .filter(|d| memchr::memchr(*d, line).is_some())
        .unwrap_or(b',')
}

fn delimiter_name(d: u8) -> &'static str {
    match d {
        b';' => "semicolon",
        b'\t' => "tab",
        _ => "comma",
    }
}

impl Columns {
    /// The columns of a header line (a UTF-8 byte order mark before it is ignored); the error
    /// names the columns found.
    pub fn from_header(line: &[u8]) -> Result<Self, String> {
        let line = line.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(line);
        for delim in DELIMITERS {
            let names = column_names(line, delim);
            let find = |aliases: &[&str]| {
                aliases
                    .iter()
                    .find_map(|a| names.iter().position(|n| n == a))
            };
            if let (Some(time), Some(path)) = (find(TIME_COLUMNS), find(PATH_COLUMNS)) {
                return Ok(Columns {
                    time,
                    path,
                    delim,
                    find_delim: super::find::One::new(delim),
                });
            }
        }
        let names = column_names(line, likely_delimiter(line));
        let shown: Vec<String> = names
            .iter()
            .take(8)
            .map(|n| crate::human::quoted(n.as_bytes(), 30))
            .collect();
        Err(format!(
            "the header {} needs a time column and a path column; its columns are {}{}",
            crate::human::quoted(line, 80),
            shown.join(", "),
            if names.len() > 8 { ", …" } else { "" }
        ))
    }

    /// Parse one data line into (time, path byte range).
    #[inline]
    pub fn parse(&self, line: &mut [u8]) -> Result<super::Record, String> {
        // Fast path: unquoted fields (a quoted field starts with '"'), delimiter to delimiter
        // with memchr, up to the last column we need.
        let last = self.time.max(self.path);
        let (mut t, mut p) = ((0, 0), (0, 0));
        let mut start = 0;
        for ix in 0..=last {
            if line.get(start) == Some(&b'"') {
                return self.parse_quoted(line);
            }
            let end = match self.find_delim.find(&line[start..]) {
                Some(c) => start + c,
                None if ix == last => line.len(),
                None => return Err(self.too_few()),
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

    #[cold]
    fn too_few(&self) -> String {
        format!(
            "expected at least {} {}-separated fields",
            self.time.max(self.path) + 1,
            delimiter_name(self.delim)
        )
    }

    /// Parse a line with double-quoted fields. A quoted path's doubled quotes (`""`) are
    /// unescaped in place, so the returned range holds the path as written in the log.
    #[cold]
    fn parse_quoted(&self, line: &mut [u8]) -> Result<super::Record, String> {
        let (mut t, mut p) = (None, None);
        let last = self.time.max(self.path);
        fields(line, self.delim, |ix, s, e| {
            if ix == self.time {
                t = Some((s, e));
            } else if ix == self.path {
                p = Some((s, e));
            }
            ix < last
        });
        let (Some(t), Some(p)) = (t, p) else {
            return Err(self.too_few());
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
        Ok((time, trim(line, ps, pe)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(header: &str, line: &str) -> Result<(i64, String), String> {
        let cols = Columns::from_header(header.as_bytes())?;
        let mut l = line.as_bytes().to_vec();
        let (t, (s, e)) = cols.parse(&mut l)?;
        Ok((t, String::from_utf8_lossy(&l[s..e]).into_owned()))
    }

    #[test]
    fn the_delimiter_is_found_from_the_header() {
        assert_eq!(
            parse("time,path", "1,/a").unwrap(),
            (1_000_000, "/a".into())
        );
        assert_eq!(
            parse("Time;Path;size", "2;/b;3").unwrap(),
            (2_000_000, "/b".into())
        );
        assert_eq!(
            parse("size\tts\turl", "9\t3\t/c,d").unwrap(),
            (3_000_000, "/c,d".into())
        );
        // Quoted fields with the delimiter and doubled quotes inside, in each dialect.
        assert_eq!(
            parse("time;path", "4;\"/e;\"\"f\"\"\"").unwrap(),
            (4_000_000, "/e;\"f\"".into())
        );
        assert_eq!(
            parse("path\ttime", "\"/g\th\"\t5").unwrap(),
            (5_000_000, "/g\th".into())
        );
        // A comma inside a semicolon file is part of the field.
        assert_eq!(
            parse("time;path", "6;/i,j").unwrap(),
            (6_000_000, "/i,j".into())
        );
    }

    #[test]
    fn a_header_without_the_columns_names_the_ones_it_has() {
        let e = Columns::from_header(b"when;where;size").unwrap_err();
        assert!(e.contains("'when', 'where', 'size'"), "{e}");
        let e = parse("time;path", "7").unwrap_err();
        assert!(e.contains("2 semicolon-separated fields"), "{e}");
    }

    #[test]
    fn aliases_follow_their_order_of_preference() {
        assert_eq!(
            parse("key,timestamp,path", "x,1,/p").unwrap(),
            (1_000_000, "/p".into())
        );
        assert_eq!(
            parse("@timestamp,obj_id", "2,/o").unwrap(),
            (2_000_000, "/o".into())
        );
    }
}
