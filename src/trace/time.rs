//! Fast time-field parsing for traces: integer or decimal seconds, RFC 3339, and the calendar
//! arithmetic the access-log timestamp needs. Times are microseconds.

use crate::engine::Time;

/// Parse `123`, `123.25` or an RFC 3339 timestamp into microseconds.
#[inline]
pub fn parse_time(s: &[u8]) -> Result<Time, String> {
    if let Some(t) = parse_decimal(s) {
        return Ok(t);
    }
    let text = std::str::from_utf8(s)
        .map_err(|_| "time is not UTF-8".to_string())?
        .trim();
    let st = humantime::parse_rfc3339_weak(text)
        .map_err(|_| format!("'{text}' is not a time (seconds, decimal seconds or RFC 3339)"))?;
    let d = st
        .duration_since(std::time::UNIX_EPOCH)
        .map_err(|_| format!("'{text}' is before 1970"))?;
    Ok(d.as_micros() as Time)
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

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
pub fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m as i64 + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
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
    }

    #[test]
    fn civil_days() {
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(days_from_civil(2000, 3, 1), 11_017);
        assert_eq!(days_from_civil(2026, 11, 23), 20_780);
    }
}
