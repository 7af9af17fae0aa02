//! nginx/Apache combined (and common) access-log lines:
//! `host ident user [10/Oct/2000:13:55:36 -0700] "GET /path HTTP/1.1" status bytes ...`.

use super::find::One;
use crate::engine::Time;

/// The last timestamp seen, so a busy log parses each second's stamp once; and the byte
/// searchers a line is split with.
#[derive(Debug)]
pub struct StampCache {
    raw: Vec<u8>,
    value: Time,
    open: One,
    close: One,
    quote: One,
    space: One,
}

impl Default for StampCache {
    fn default() -> Self {
        StampCache {
            raw: Vec::new(),
            value: 0,
            open: One::new(b'['),
            close: One::new(b']'),
            quote: One::new(b'"'),
            space: One::new(b' '),
        }
    }
}

/// `10/Oct/2000:13:55:36 -0700` (the offset may be missing: UTC) to microseconds since the epoch.
pub fn parse_stamp(s: &[u8]) -> Option<Time> {
    let s = std::str::from_utf8(s).ok()?;
    let ts = match jiff::fmt::strtime::parse("%d/%b/%Y:%H:%M:%S %z", s) {
        Ok(tm) => tm.to_timestamp().ok()?,
        Err(_) => {
            let dt = jiff::fmt::strtime::parse("%d/%b/%Y:%H:%M:%S", s)
                .ok()?
                .to_datetime()
                .ok()?;
            jiff::tz::Offset::UTC.to_timestamp(dt).ok()?
        }
    };
    Some(ts.as_microsecond())
}

/// Whether a line has the shape of an access-log line: a `[timestamp]` that parses, then a
/// quoted request (whatever is in it: `"-"` lines are access-log lines too).
pub fn looks_like(line: &[u8]) -> bool {
    let Some(open) = memchr::memchr(b'[', line) else {
        return false;
    };
    let Some(close) = memchr::memchr(b']', &line[open..]).map(|c| open + c) else {
        return false;
    };
    parse_stamp(&line[open + 1..close]).is_some()
        && line[close + 1..].trim_ascii_start().first() == Some(&b'"')
}

/// Parse a line: `Ok(None)` for a request that is not GET or HEAD.
#[inline]
pub fn parse(line: &[u8], cache: &mut StampCache) -> Result<Option<super::Record>, String> {
    let open = cache
        .open
        .find(line)
        .ok_or("no [timestamp] in the access-log line")?;
    let close = cache
        .close
        .find(&line[open..])
        .map(|c| open + c)
        .ok_or("unterminated [timestamp]")?;
    let stamp = &line[open + 1..close];
    let t = if stamp == cache.raw.as_slice() {
        cache.value
    } else {
        let v = parse_stamp(stamp).ok_or_else(|| {
            format!(
                "{} is not a timestamp like 10/Oct/2000:13:55:36 -0700",
                crate::human::quoted(stamp, 40)
            )
        })?;
        cache.raw.clear();
        cache.raw.extend_from_slice(stamp);
        cache.value = v;
        v
    };
    let q1 = cache
        .quote
        .find(&line[close..])
        .map(|q| close + q + 1)
        .ok_or("no \"request line\" in the access-log line")?;
    let q2 = cache
        .quote
        .find(&line[q1..])
        .map(|q| q1 + q)
        .ok_or("unterminated \"request line\"")?;
    let req = &line[q1..q2];
    let sp1 = cache.space.find(req).ok_or_else(|| {
        format!(
            "the request line {} has no path",
            crate::human::quoted(req, 40)
        )
    })?;
    let method = &req[..sp1];
    let rest = q1 + sp1 + 1;
    let end = cache.space.find(&line[rest..q2]).map_or(q2, |s| rest + s);
    if method != b"GET" && method != b"HEAD" {
        return Ok(None);
    }
    Ok(Some((t, (rest, end))))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_a_combined_line() {
        let line = br#"127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] "GET /apache_pb.gif?x=1 HTTP/1.0" 200 2326 "http://ex.com/" "Mozilla/4.08""#;
        let mut c = StampCache::default();
        let (t, (s, e)) = parse(line, &mut c).unwrap().unwrap();
        assert_eq!(&line[s..e], b"/apache_pb.gif?x=1");
        assert_eq!(t, 971_211_336_000_000);
        // Cached stamp gives the same value.
        assert_eq!(parse(line, &mut c).unwrap().unwrap().0, t);
    }

    #[test]
    fn access_log_lines_are_recognized_by_shape() {
        let common =
            br#"127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] "GET /a HTTP/1.0" 200 2326"#;
        assert!(looks_like(common));
        let junk = br#"1.2.3.4 - - [10/Oct/2000:13:55:36 +0000] "-" 400 0 "-" "-""#;
        assert!(looks_like(junk));
        let mut c = StampCache::default();
        assert!(parse(junk, &mut c).unwrap_err().contains("'-'"));
        assert!(!looks_like(b"time,path"));
        assert!(!looks_like(b"[not a stamp] \"GET / HTTP/1.1\""));
        assert!(!looks_like(b"1.2.3.4 - - [10/Oct/2000:13:55:36 +0000"));
    }

    #[test]
    fn skips_other_methods_and_rejects_garbage() {
        let mut c = StampCache::default();
        let post = br#"1.2.3.4 - - [10/Oct/2000:13:55:36 +0000] "POST /api HTTP/1.1" 200 1"#;
        assert_eq!(parse(post, &mut c).unwrap(), None);
        assert!(parse(b"garbage", &mut c).is_err());
        assert!(
            parse(
                br#"x [99/Foo/2000:13:55:36 +0000] "GET / HTTP/1.1""#,
                &mut c
            )
            .is_err()
        );
    }
}
