//! nginx/Apache combined (and common) access-log lines:
//! `host ident user [10/Oct/2000:13:55:36 -0700] "GET /path HTTP/1.1" status bytes ...`.

use super::time::days_from_civil;
use crate::engine::Time;

/// The last timestamp seen, so a busy log parses each second's stamp once.
#[derive(Debug, Default)]
pub struct StampCache {
    raw: Vec<u8>,
    value: Time,
}

fn num(b: &[u8]) -> Option<i64> {
    if b.is_empty() || !b.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(b.iter().fold(0i64, |a, d| a * 10 + (d - b'0') as i64))
}

fn month(b: &[u8]) -> Option<u32> {
    const M: [&[u8]; 12] = [
        b"Jan", b"Feb", b"Mar", b"Apr", b"May", b"Jun", b"Jul", b"Aug", b"Sep", b"Oct", b"Nov",
        b"Dec",
    ];
    M.iter().position(|m| *m == b).map(|i| i as u32 + 1)
}

/// `10/Oct/2000:13:55:36 -0700` to microseconds since the epoch.
fn parse_stamp(s: &[u8]) -> Option<Time> {
    if s.len() < 20 || s[2] != b'/' || s[6] != b'/' || s[11] != b':' {
        return None;
    }
    let day = num(&s[0..2])? as u32;
    let mon = month(&s[3..6])?;
    let year = num(&s[7..11])?;
    let h = num(&s[12..14])?;
    let m = num(&s[15..17])?;
    let sec = num(&s[18..20])?;
    if !(1..=31).contains(&day) || h > 23 || m > 59 || sec > 60 {
        return None;
    }
    let mut t = days_from_civil(year, mon, day) * 86_400 + h * 3600 + m * 60 + sec;
    if s.len() >= 26 && s[20] == b' ' {
        let sign = match s[21] {
            b'+' => 1,
            b'-' => -1,
            _ => return None,
        };
        let oh = num(&s[22..24])?;
        let om = num(&s[24..26])?;
        t -= sign * (oh * 3600 + om * 60);
    }
    Some(t * 1_000_000)
}

/// Parse a line: `Ok(None)` for a request that is not GET or HEAD.
#[inline]
pub fn parse(line: &[u8], cache: &mut StampCache) -> Result<Option<super::Record>, String> {
    let open = memchr::memchr(b'[', line).ok_or("no [timestamp] in the access-log line")?;
    let close = memchr::memchr(b']', &line[open..])
        .map(|c| open + c)
        .ok_or("unterminated [timestamp]")?;
    let stamp = &line[open + 1..close];
    let t = if stamp == cache.raw.as_slice() {
        cache.value
    } else {
        let v = parse_stamp(stamp).ok_or_else(|| {
            format!(
                "'{}' is not a timestamp like 10/Oct/2000:13:55:36 -0700",
                String::from_utf8_lossy(stamp)
            )
        })?;
        cache.raw.clear();
        cache.raw.extend_from_slice(stamp);
        cache.value = v;
        v
    };
    let q1 = memchr::memchr(b'"', &line[close..])
        .map(|q| close + q + 1)
        .ok_or("no \"request line\" in the access-log line")?;
    let q2 = memchr::memchr(b'"', &line[q1..])
        .map(|q| q1 + q)
        .ok_or("unterminated \"request line\"")?;
    let req = &line[q1..q2];
    let sp1 = memchr::memchr(b' ', req).ok_or("the request line has no path")?;
    let method = &req[..sp1];
    let rest = q1 + sp1 + 1;
    let end = memchr::memchr(b' ', &line[rest..q2]).map_or(q2, |s| rest + s);
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
