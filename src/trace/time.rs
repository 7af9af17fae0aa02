//! Time fields of traces: integer or decimal seconds (a fast hand path, no float round trip) and
//! RFC 3339 timestamps (jiff, offsets like `+02:00` included). Times are microseconds.

use crate::engine::Time;

/// Parse `123`, `123.25` or an RFC 3339 timestamp into microseconds.
#[inline]
pub fn parse_time(s: &[u8]) -> Result<Time, String> {
    if let Some(t) = parse_decimal(s) {
        return Ok(t);
    }
    let text = std::str::from_utf8(s)
        .map_err(|_| format!("time {} is not UTF-8", crate::human::quoted(s, 40)))?
        .trim();
    let us = rfc3339(text).ok_or_else(|| {
        format!(
            "{} is not a time (seconds, decimal seconds or RFC 3339)",
            crate::human::quoted(text.as_bytes(), 40)
        )
    })?;
    if us < 0 {
        return Err(format!(
            "{} is before 1970",
            crate::human::quoted(text.as_bytes(), 40)
        ));
    }
    Ok(us)
}

/// An RFC 3339 timestamp (`2026-11-23T10:00:00Z`, `...+02:00`), or one without an offset
/// (`2026-11-23 10:00:00`), which is taken as UTC; microseconds since the epoch.
fn rfc3339(text: &str) -> Option<Time> {
    let ts = match text.parse::<jiff::Timestamp>() {
        Ok(ts) => ts,
        Err(_) => {
            let dt = text.parse::<jiff::civil::DateTime>().ok()?;
            jiff::tz::Offset::UTC.to_timestamp(dt).ok()?
        }
    };
    Some(ts.as_microsecond())
}

/// Integer or decimal seconds without a float round trip; `None` if not of that shape.
#[inline]
fn parse_decimal(s: &[u8]) -> Option<Time> {
    let (neg, s) = match s.first() {
        Some(b'-') => (true, &s[1..]),
        _ => (false, s),
    };
    if s.is_empty() || s.len() > 30 {
        return None;
    }
    let mut secs: i64 = 0;
    let mut i = 0;
    while i < s.len() && s[i].is_ascii_digit() {
        secs = secs.checked_mul(10)?.checked_add((s[i] - b'0') as i64)?;
        i += 1;
    }
    if i == 0 {
        return None;
    }
    let mut micros: i64 = 0;
    if i < s.len() {
        if s[i] != b'.' {
            return None;
        }
        i += 1;
        let mut scale = 100_000;
        let start = i;
        while i < s.len() && s[i].is_ascii_digit() {
            micros += (s[i] - b'0') as i64 * scale;
            scale /= 10;
            i += 1;
        }
        if i != s.len() || i == start {
            return None;
        }
    }
    let t = secs.checked_mul(1_000_000)?.checked_add(micros)?;
    Some(if neg { -t } else { t })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimal_seconds() {
        assert_eq!(parse_time(b"0").unwrap(), 0);
        assert_eq!(parse_time(b"65").unwrap(), 65_000_000);
        assert_eq!(parse_time(b"1.5").unwrap(), 1_500_000);
        assert_eq!(parse_time(b"2.000001").unwrap(), 2_000_001);
        assert!(parse_time(b"1.").is_err());
        assert!(parse_time(b"abc").is_err());
        assert!(parse_time(b"").is_err());
    }

    #[test]
    fn rfc3339() {
        assert_eq!(parse_time(b"1970-01-01T00:01:00Z").unwrap(), 60_000_000);
        assert_eq!(
            parse_time(b"1970-01-01T02:01:00+02:00").unwrap(),
            60_000_000
        );
        assert_eq!(parse_time(b"1970-01-01 00:01:00.5").unwrap(), 60_500_000);
        assert_eq!(
            parse_time(b"2026-11-23T00:00:00Z").unwrap(),
            20_780 * 86_400 * 1_000_000
        );
        assert!(parse_time(b"1969-12-31T23:59:59Z").is_err());
        assert!(parse_time(b"2026-02-30T00:00:00Z").is_err());
    }
}
