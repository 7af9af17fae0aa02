//! Parsing of durations and virtual times (formatting for people is `human`'s): humantime (`250ms`, `1h30m`) or a bare number of seconds,
//! bounded at the edge by [`MAX_MICROS`] (100 years) so no later sum, conversion or sleep can overflow.
//!
//! Every duration that comes from outside (flags, scenario files, environment variables) goes
//! through [`parse_duration`] / [`parse_micros`] / [`secs_to_micros`]: a value is either at most
//! 100 years or an error that says so; nothing panics and nothing is silently truncated.

use std::time::Duration;

/// Largest duration accepted, in microseconds: 100 years of 365.25 days. The engine's clock is
/// `i64` microseconds (±292,000 years), so sums of many such values stay far from overflow.
pub const MAX_MICROS: i64 = 36_525 * 86_400 * 1_000_000;

/// The bound as people read it, for messages.
pub const MAX_TEXT: &str = "100 years";

/// How much of a rejected value is echoed back in a message.
const ECHO: usize = 40;

/// A value as given, shortened for a message (`'1000…' (309 characters)`), control characters escaped.
pub fn echo(s: &str) -> String {
    crate::human::quoted(s.as_bytes(), ECHO)
}

fn too_large(t: &str) -> String {
    format!("{} is too large (the maximum is {MAX_TEXT})", echo(t))
}

/// Whole and fractional seconds to microseconds, bounded by `MAX_MICROS`; never panics.
pub fn secs_to_micros(secs: f64) -> Result<i64, String> {
    if secs.is_nan() {
        return Err("not a number".into());
    }
    if secs < 0.0 {
        return Err("must not be negative".into());
    }
    let us = (secs * 1e6).round();
    if us > MAX_MICROS as f64 {
        return Err(format!(
            "{secs} seconds is too large (the maximum is {MAX_TEXT})"
        ));
    }
    Ok(us as i64)
}

/// Whole seconds to microseconds, bounded by `MAX_MICROS` (negative values allowed, as offsets).
pub fn int_secs_to_micros(secs: i64) -> Result<i64, String> {
    secs.checked_mul(1_000_000)
        .filter(|us| us.unsigned_abs() <= MAX_MICROS as u64)
        .ok_or_else(|| too_large(&secs.to_string()))
}

/// Parse a duration: a bare number is seconds (`45`, `0.5`, `1e3`), anything else goes to
/// humantime. At most `MAX_MICROS`.
pub fn parse_duration(s: &str) -> Result<Duration, String> {
    let us = parse_micros(s)?;
    Ok(Duration::from_micros(us as u64))
}

/// Parse a duration into microseconds (at most `MAX_MICROS`).
pub fn parse_micros(s: &str) -> Result<i64, String> {
    let t = s.trim();
    if t.is_empty() {
        return Err("empty duration".into());
    }
    if t.starts_with('-') {
        return Err(format!(
            "{} is negative; durations must be zero or more",
            echo(t)
        ));
    }
    if let Ok(secs) = t.parse::<f64>() {
        if !secs.is_finite() {
            return Err(if secs.is_nan() {
                format!("{} is not a duration; try 45s, 250ms or 1h30m", echo(t))
            } else {
                too_large(t)
            });
        }
        return secs_to_micros(secs).map_err(|_| too_large(t));
    }
    match humantime::parse_duration(t) {
        Ok(d) => i64::try_from(d.as_micros())
            .ok()
            .filter(|us| *us <= MAX_MICROS)
            .ok_or_else(|| too_large(t)),
        Err(humantime::DurationError::NumberOverflow) => Err(too_large(t)),
        Err(e) => Err(format!(
            "{} is not a duration ({e}); try 45s, 250ms or 1h30m",
            echo(t)
        )),
    }
}

/// Parse a signed offset in seconds or humantime, allowing a leading minus (`-30s`).
pub fn parse_signed_micros(s: &str) -> Result<i64, String> {
    let t = s.trim();
    match t.strip_prefix('-') {
        Some(rest) if !rest.trim_start().starts_with('-') => Ok(-parse_micros(rest)?),
        _ => parse_micros(t),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn bare_numbers_are_seconds() {
        assert_eq!(parse_duration("45").unwrap(), Duration::from_secs(45));
        assert_eq!(parse_duration("0.25").unwrap(), Duration::from_millis(250));
        assert_eq!(parse_duration("1m5s").unwrap(), Duration::from_secs(65));
        assert_eq!(parse_duration("1e3").unwrap(), Duration::from_secs(1000));
        assert!(parse_duration("-3").is_err());
        assert!(parse_duration("soon").is_err());
        assert!(parse_duration("").is_err());
    }

    #[test]
    fn micros_are_bounded() {
        assert_eq!(parse_micros("1.5").unwrap(), 1_500_000);
        assert_eq!(parse_micros("100y").unwrap(), MAX_MICROS);
        for big in [
            "100000000y",
            "1e20",
            "1e19",
            "inf",
            "18446744073709551615s",
            "18446744073709551615",
            "101y",
            "9223372036854775807",
        ] {
            let e = parse_micros(big).unwrap_err();
            assert!(
                e.contains("too large") && e.contains("100 years"),
                "{big}: {e}"
            );
        }
        assert!(parse_duration("1e20").is_err());
    }

    #[test]
    fn long_values_are_not_echoed_whole() {
        let n = format!("1{}", "0".repeat(308));
        let e = parse_micros(&n).unwrap_err();
        assert!(e.len() < 120, "{e}");
        assert!(e.contains("309 characters"), "{e}");
        let e = parse_micros("\u{1b}[31mred").unwrap_err();
        assert!(!e.contains('\u{1b}'), "{e}");
    }

    #[test]
    fn signed_offsets() {
        assert_eq!(parse_signed_micros("-30s").unwrap(), -30_000_000);
        assert_eq!(parse_signed_micros("1.5").unwrap(), 1_500_000);
        assert!(parse_signed_micros("--30s").is_err());
        assert!(parse_signed_micros("-1e20").is_err());
    }

    #[test]
    fn seconds_conversions() {
        assert_eq!(secs_to_micros(0.5).unwrap(), 500_000);
        assert!(secs_to_micros(f64::NAN).is_err());
        assert!(secs_to_micros(1e300).is_err());
        assert!(int_secs_to_micros(i64::MAX).is_err());
        assert_eq!(int_secs_to_micros(-5).unwrap(), -5_000_000);
    }

    proptest! {
        #[test]
        fn any_string_is_bounded_or_an_error(s in "\\PC{0,40}") {
            if let Ok(us) = parse_micros(&s) {
                prop_assert!((0..=MAX_MICROS).contains(&us));
            }
            if let Ok(us) = parse_signed_micros(&s) {
                prop_assert!(us.unsigned_abs() <= MAX_MICROS as u64);
            }
        }

        #[test]
        fn number_shaped_strings_are_bounded_or_an_error(
            n in any::<f64>(),
            unit in prop::sample::select(vec!["", "s", "ms", "us", "ns", "m", "h", "d", "w", "y"]),
        ) {
            for s in [format!("{n}{unit}"), format!("{n:e}{unit}"), format!("{}{unit}", n as u64)] {
                if let Ok(us) = parse_micros(&s) {
                    prop_assert!((0..=MAX_MICROS).contains(&us));
                }
            }
        }

        #[test]
        fn any_seconds_are_bounded_or_an_error(x in any::<f64>(), i in any::<i64>()) {
            if let Ok(us) = secs_to_micros(x) {
                prop_assert!((0..=MAX_MICROS).contains(&us));
            }
            if let Ok(us) = int_secs_to_micros(i) {
                prop_assert!(us.unsigned_abs() <= MAX_MICROS as u64);
            }
        }
    }
}
