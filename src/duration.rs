//! Parsing of durations and virtual times (formatting for people is `human`'s): humantime (`250ms`, `1h30m`) or a bare number of seconds.

use std::time::Duration;

/// Parse a duration: a bare number is seconds (`45`, `0.5`), anything else goes to humantime.
pub fn parse_duration(s: &str) -> Result<Duration, String> {
    let t = s.trim();
    if t.is_empty() {
        return Err("empty duration".into());
    }
    if let Ok(secs) = t.parse::<f64>() {
        if !secs.is_finite() || secs < 0.0 {
            return Err(format!("'{t}' is not a non-negative duration"));
        }
        return Ok(Duration::from_secs_f64(secs));
    }
    if t.starts_with('-') {
        return Err(format!("'{t}' is negative; durations must be zero or more"));
    }
    humantime::parse_duration(t)
        .map_err(|e| format!("'{t}' is not a duration ({e}); try 45s, 250ms or 1h30m"))
}

/// Largest duration accepted, in microseconds: a quarter of `i64::MAX` (about 73,000 years), so
/// sums of times and durations never overflow.
pub const MAX_MICROS: i64 = i64::MAX / 4;

/// Parse a duration into microseconds (`parse_duration`, bounded by `MAX_MICROS`).
pub fn parse_micros(s: &str) -> Result<i64, String> {
    let d = parse_duration(s)?;
    i64::try_from(d.as_micros())
        .ok()
        .filter(|us| *us <= MAX_MICROS)
        .ok_or_else(|| format!("'{}' is too large", s.trim()))
}

/// Parse a signed offset in seconds or humantime, allowing a leading minus (`-30s`).
pub fn parse_signed_micros(s: &str) -> Result<i64, String> {
    let t = s.trim();
    let (neg, rest) = match t.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, t),
    };
    let us = parse_micros(rest)?;
    Ok(if neg { -us } else { us })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bare_numbers_are_seconds() {
        assert_eq!(parse_duration("45").unwrap(), Duration::from_secs(45));
        assert_eq!(parse_duration("0.25").unwrap(), Duration::from_millis(250));
        assert_eq!(parse_duration("1m5s").unwrap(), Duration::from_secs(65));
        assert!(parse_duration("-3").is_err());
        assert!(parse_duration("soon").is_err());
        assert!(parse_duration("").is_err());
    }

    #[test]
    fn micros_are_bounded() {
        assert_eq!(parse_micros("1.5").unwrap(), 1_500_000);
        assert!(
            parse_micros("100000000y")
                .unwrap_err()
                .contains("too large")
        );
    }

    #[test]
    fn signed_offsets() {
        assert_eq!(parse_signed_micros("-30s").unwrap(), -30_000_000);
        assert_eq!(parse_signed_micros("1.5").unwrap(), 1_500_000);
    }
}
