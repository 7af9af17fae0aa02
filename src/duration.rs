//! Parsing of durations and virtual times: humantime (`250ms`, `1h30m`) or a bare number of seconds.

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

/// Parse a signed offset in seconds or humantime, allowing a leading minus (`-30s`).
pub fn parse_signed_micros(s: &str) -> Result<i64, String> {
    let t = s.trim();
    let (neg, rest) = match t.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, t),
    };
    let d = parse_duration(rest)?;
    let us = i64::try_from(d.as_micros()).map_err(|_| format!("'{t}' is too large"))?;
    Ok(if neg { -us } else { us })
}

/// Format microseconds of virtual time compactly: `65s`, `65.2s`, `1h2m`, `0.25s`.
pub fn fmt_secs(us: i64) -> String {
    let neg = us < 0;
    let us = us.unsigned_abs();
    let s = if us % 1_000_000 == 0 {
        let secs = us / 1_000_000;
        if secs >= 3600 && secs % 60 == 0 {
            humantime::format_duration(Duration::from_secs(secs))
                .to_string()
                .replace(' ', "")
        } else {
            format!("{secs}s")
        }
    } else {
        let v = us as f64 / 1e6;
        let txt = format!("{v:.3}");
        let txt = txt.trim_end_matches('0').trim_end_matches('.');
        format!("{txt}s")
    };
    if neg { format!("-{s}") } else { s }
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
    fn signed_offsets() {
        assert_eq!(parse_signed_micros("-30s").unwrap(), -30_000_000);
        assert_eq!(parse_signed_micros("1.5").unwrap(), 1_500_000);
    }

    #[test]
    fn formats_compactly() {
        assert_eq!(fmt_secs(65_000_000), "65s");
        assert_eq!(fmt_secs(65_200_000), "65.2s");
        assert_eq!(fmt_secs(3_720_000_000), "1h2m");
        assert_eq!(fmt_secs(-30_000_000), "-30s");
    }
}
