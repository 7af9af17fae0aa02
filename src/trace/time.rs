//! Time fields of traces: integer or decimal epoch numbers (seconds, ms, us or ns by magnitude; a
//! fast hand path, no float round trip) and RFC 3339
//! timestamps (jiff, offsets like `+02:00` included). Times are microseconds.

use crate::engine::Time;

/// Parse `123`, `123.25` or an RFC 3339 timestamp into microseconds.
#[inline]
pub fn parse_time(s: &[u8]) -> Result<Time, String> {
    // Whole seconds, the commonest form, without a branch per digit: up to 11 digits cannot
    // overflow and are below `SECONDS_BELOW`, so they are seconds.
    if !s.is_empty() && s.len() <= 11 {
        let (mut v, mut digits) = (0i64, true);
        for &b in s {
            let d = b.wrapping_sub(b'0');
            digits &= d < 10;
            v = v * 10 + d as i64;
        }
        if digits {
            return Ok(v * 1_000_000);
        }
    }
    parse_other(s)
}

#[inline(never)]
fn parse_other(s: &[u8]) -> Result<Time, String> {
    if let Some(t) = parse_decimal(s) {
        return Ok(t);
    }
    let text = std::str::from_utf8(s)
        .map_err(|_| format!("time {} is not UTF-8", crate::human::quoted(s, 40)))?
        .trim();
    let us = rfc3339(text).ok_or_else(|| {
        format!(
            "{} is not a time (epoch seconds, ms, us or ns, or RFC 3339)",
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

/// Integer or decimal epoch numbers without a float round trip; `None` if not of that shape.
/// The unit is decided by magnitude ([`epoch_unit`]): small values are seconds.
#[inline]
fn parse_decimal(s: &[u8]) -> Option<Time> {
    let (neg, s) = match s.first() {
        Some(b'-') => (true, &s[1..]),
        _ => (false, s),
    };
    if s.is_empty() || s.len() > 30 {
        return None;
    }
    let mut int: i64 = 0;
    let mut i = 0;
    while i < s.len() && s[i].is_ascii_digit() {
        int = int.checked_mul(10)?.checked_add((s[i] - b'0') as i64)?;
        i += 1;
    }
    if i == 0 {
        return None;
    }
    let frac = if i < s.len() {
        if s[i] != b'.' || i + 1 == s.len() || !s[i + 1..].iter().all(u8::is_ascii_digit) {
            return None;
        }
        &s[i + 1..]
    } else {
        &[][..]
    };
    let t = scale(int, frac)?;
    Some(if neg { -t } else { t })
}

/// Below this an epoch number is seconds (up to the year 5138); below 1000 times as much,
/// milliseconds; then microseconds; from 10^17 on, nanoseconds.
pub const SECONDS_BELOW: i64 = 100_000_000_000;

/// The unit of an epoch number by its magnitude: how many microseconds one unit is, as
/// (multiplier, divisor).
#[inline]
pub fn epoch_unit(abs: u64) -> (i64, i64) {
    if abs < SECONDS_BELOW as u64 {
        (1_000_000, 1)
    } else if abs < SECONDS_BELOW as u64 * 1000 {
        (1000, 1)
    } else if abs < SECONDS_BELOW as u64 * 1_000_000 {
        (1, 1)
    } else {
        (1, 1000)
    }
}

/// `int.frac` (`int` not negative) in the unit its magnitude says, to microseconds. Seconds,
/// the common case, take no division.
#[inline]
fn scale(int: i64, frac: &[u8]) -> Option<Time> {
    if int < SECONDS_BELOW {
        let mut sub = 0;
        let mut place = 100_000;
        for &d in frac {
            if place == 0 {
                break;
            }
            sub += (d - b'0') as i64 * place;
            place /= 10;
        }
        return int.checked_mul(1_000_000)?.checked_add(sub);
    }
    scale_large(int, frac)
}

/// Milliseconds, microseconds or nanoseconds since the epoch.
#[cold]
fn scale_large(int: i64, frac: &[u8]) -> Option<Time> {
    let (mul, div) = epoch_unit(int.unsigned_abs());
    let mut sub = 0;
    // The fraction's digits down to a microsecond.
    let mut place = mul / 10;
    for &d in frac {
        if place == 0 {
            break;
        }
        sub += (d - b'0') as i64 * place;
        place /= 10;
    }
    int.checked_mul(mul)?.checked_add(sub).map(|t| t / div)
}

/// A JSON number of an epoch (seconds, ms, us or ns by magnitude) to microseconds.
pub fn from_f64(x: f64) -> Option<Time> {
    if !x.is_finite() || x.abs() >= 9.0e18 {
        return None;
    }
    let (mul, div) = epoch_unit(x.abs() as u64);
    Some((x * mul as f64 / div as f64).round() as Time)
}

/// A JSON integer of an epoch (seconds, ms, us or ns by magnitude) to microseconds.
pub fn from_i64(n: i64) -> Option<Time> {
    let (mul, div) = epoch_unit(n.unsigned_abs());
    n.checked_mul(mul).map(|t| t / div)
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
        assert!(parse_time(b"1.x").is_err());
        assert!(parse_time(b"abc").is_err());
        assert!(parse_time(b"").is_err());
    }

    #[test]
    fn epoch_numbers_by_magnitude() {
        let s = 1_700_000_000;
        let us = s * 1_000_000;
        assert_eq!(parse_time(b"1700000000").unwrap(), us);
        assert_eq!(parse_time(b"1700000000123").unwrap(), us + 123_000);
        assert_eq!(parse_time(b"1700000000123456").unwrap(), us + 123_456);
        assert_eq!(parse_time(b"1700000000123456789").unwrap(), us + 123_456);
        assert_eq!(parse_time(b"1700000000.5").unwrap(), us + 500_000);
        assert_eq!(parse_time(b"1700000000123.25").unwrap(), us + 123_250);
        // Relative seconds stay seconds up to the year 5138.
        assert_eq!(parse_time(b"99999999999").unwrap(), 99_999_999_999_000_000);
        assert_eq!(from_i64(1_700_000_000_000), Some(us));
        assert_eq!(from_i64(1_700_000_000_000_000_000), Some(us));
        assert_eq!(from_f64(1_700_000_000.25), Some(us + 250_000));
        assert_eq!(from_f64(1_700_000_000_250.0), Some(us + 250_000));
        assert_eq!(from_f64(f64::NAN), None);
        assert_eq!(from_f64(1e300), None);
    }

    proptest::proptest! {
        /// Whole numbers take the fast path and give what the general parser gives, up to the
        /// longest the fast path takes and past it; digits with anything else mixed in do not.
        #[test]
        fn whole_numbers_agree_with_the_general_parser(n in 0u64..10_000_000_000_000, junk in 0u8..=255, at in 0usize..13) {
            let digits = n.to_string();
            proptest::prop_assert_eq!(parse_time(digits.as_bytes()).ok(), parse_decimal(digits.as_bytes()));
            let mut mixed = digits.into_bytes();
            mixed.insert(at.min(mixed.len()), junk);
            proptest::prop_assert_eq!(parse_time(&mixed).ok().is_some(), parse_other(&mixed).is_ok());
            proptest::prop_assert_eq!(parse_time(&mixed).ok(), parse_other(&mixed).ok());
        }
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
