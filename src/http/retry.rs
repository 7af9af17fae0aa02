//! Retry policy for API calls: exponential backoff with jitter, `Retry-After` and rate-limit resets.
//!
//! Only 429, 5xx and network errors are retried; any other 4xx is an answer, not a hiccup. Pure
//! functions only: the sending loop lives in `remote::send`.

use rand::RngExt;
use reqwest::header::HeaderMap;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// How often and how patiently to retry.
#[derive(Debug, Clone, Copy)]
pub struct RetryPolicy {
    /// Retries after the first attempt.
    pub retries: u32,
    /// First backoff step; doubled per attempt.
    pub base: Duration,
    /// Longest single wait, including a server's `Retry-After`.
    pub max: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            retries: 3,
            base: Duration::from_millis(500),
            max: Duration::from_secs(60),
        }
    }
}

impl RetryPolicy {
    /// The default policy with `retries`, and `base` as the first wait when given
    /// (`ISRCTL_RETRY_BASE_DELAY`, parsed with the flags).
    pub fn new(retries: u32, base: Option<Duration>) -> Self {
        let d = RetryPolicy::default();
        RetryPolicy {
            retries,
            base: base.unwrap_or(d.base),
            ..d
        }
    }

    /// Backoff before retry number `attempt` (1-based): `base * 2^(attempt-1)`, capped at `max`,
    /// with "equal jitter" (a random wait between half and all of it).
    pub fn backoff(&self, attempt: u32) -> Duration {
        let exp = self
            .base
            .saturating_mul(1u32 << attempt.saturating_sub(1).min(16));
        let full = exp.min(self.max);
        let half = full / 2;
        let jitter = if half.is_zero() {
            Duration::ZERO
        } else {
            let ms = rand::rng().random_range(0..=half.as_millis() as u64);
            Duration::from_millis(ms)
        };
        half + jitter
    }

    /// The wait before the next attempt: the server's hint when it gave one (capped), else backoff.
    pub fn wait(&self, attempt: u32, server_hint: Option<Duration>) -> Duration {
        match server_hint {
            Some(d) => d.min(self.max),
            None => self.backoff(attempt),
        }
    }
}

/// Statuses worth another try: rate limits and server errors, but not the permanent ones
/// (501 Not Implemented: the method, e.g. PURGE, is not supported; 505: the HTTP version).
pub fn is_retryable(status: u16) -> bool {
    status == 429 || ((500..=599).contains(&status) && !matches!(status, 501 | 505))
}

/// How long the server asks us to wait: `Retry-After` (seconds or HTTP date), else a rate-limit
/// reset header (`X-RateLimit-Reset`/`Fastly-RateLimit-Reset` as a Unix time or seconds,
/// `RateLimit: ...;t=N`), else Vercel's `{"error":{"limit":{"reset":UNIX}}}` body, else the five
/// seconds Akamai's documentation asks for after its rate-limit problem (`"rateLimit"` fields).
pub fn server_wait(headers: &HeaderMap, body: &str, now: SystemTime) -> Option<Duration> {
    let get = |n: &str| headers.get(n).and_then(|v| v.to_str().ok()).map(str::trim);
    if let Some(v) = get("retry-after") {
        if let Ok(secs) = v.parse::<u64>() {
            return Some(Duration::from_secs(secs));
        }
        if let Some(t) = parse_http_date(v) {
            return Some(t.duration_since(now).unwrap_or(Duration::ZERO));
        }
    }
    for name in ["x-ratelimit-reset", "fastly-ratelimit-reset"] {
        if let Some(n) = get(name).and_then(|v| v.parse::<u64>().ok()) {
            return Some(reset_to_wait(n, now));
        }
    }
    if let Some(v) = get("ratelimit") {
        for param in v.split(';') {
            if let Some(t) = param.trim().strip_prefix("t=")
                && let Ok(n) = t.trim().parse::<u64>()
            {
                return Some(Duration::from_secs(n));
            }
        }
    }
    let v: serde_json::Value = serde_json::from_str(body).ok()?;
    if let Some(reset) = v.pointer("/error/limit/reset").and_then(|r| r.as_u64()) {
        return Some(reset_to_wait(reset, now));
    }
    (v.get("rateLimitRemaining").is_some() && v.get("supportId").is_some())
        .then_some(AKAMAI_RATE_LIMIT_WAIT)
}

/// Akamai Fast Purge, 429: "Wait five seconds, then retry" (docs/reference/akamai.md).
pub const AKAMAI_RATE_LIMIT_WAIT: Duration = Duration::from_secs(5);

/// A reset value is a Unix time when it is large, else a number of seconds. A time too far out
/// for the clock is the longest wait there is (`RetryPolicy::wait` caps it like any other).
fn reset_to_wait(n: u64, now: SystemTime) -> Duration {
    if n > 1_000_000_000 {
        match UNIX_EPOCH.checked_add(Duration::from_secs(n)) {
            Some(at) => at.duration_since(now).unwrap_or(Duration::ZERO),
            None => Duration::MAX,
        }
    } else {
        Duration::from_secs(n)
    }
}

/// Parse an HTTP date in any of the three forms RFC 9110 requires recipients to accept:
/// IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`), RFC 850 (`Sunday, 06-Nov-94 08:49:37 GMT`)
/// and asctime (`Sun Nov  6 08:49:37 1994`).
pub fn parse_http_date(s: &str) -> Option<SystemTime> {
    httpdate::parse_http_date(s).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    #[test]
    fn http_dates() {
        for form in [
            "Sun, 06 Nov 1994 08:49:37 GMT",  // IMF-fixdate
            "Sunday, 06-Nov-94 08:49:37 GMT", // RFC 850
            "Sun Nov  6 08:49:37 1994",       // asctime
        ] {
            let t = parse_http_date(form).unwrap_or_else(|| panic!("{form}"));
            assert_eq!(t.duration_since(UNIX_EPOCH).unwrap().as_secs(), 784_111_777);
        }
        assert!(parse_http_date("Sun, 06 Nov 1994 08:49:37 CET").is_none());
        assert!(parse_http_date("soon").is_none());
    }

    #[test]
    fn server_hints() {
        let now = UNIX_EPOCH + Duration::from_secs(784_111_770);
        let mut h = HeaderMap::new();
        h.insert("retry-after", HeaderValue::from_static("7"));
        assert_eq!(server_wait(&h, "", now), Some(Duration::from_secs(7)));
        h.insert(
            "retry-after",
            HeaderValue::from_static("Sun, 06 Nov 1994 08:49:37 GMT"),
        );
        assert_eq!(server_wait(&h, "", now), Some(Duration::from_secs(7)));
        h.insert(
            "retry-after",
            HeaderValue::from_static("Sunday, 06-Nov-94 08:49:37 GMT"),
        );
        assert_eq!(server_wait(&h, "", now), Some(Duration::from_secs(7)));
        let later = UNIX_EPOCH + Duration::from_secs(1_800_000_000);
        let mut h = HeaderMap::new();
        h.insert(
            "fastly-ratelimit-reset",
            HeaderValue::from_static("1800000005"),
        );
        assert_eq!(server_wait(&h, "", later), Some(Duration::from_secs(5)));
        h.insert("fastly-ratelimit-reset", HeaderValue::from_static("12"));
        assert_eq!(server_wait(&h, "", later), Some(Duration::from_secs(12)));
        let mut h = HeaderMap::new();
        h.insert(
            "ratelimit",
            HeaderValue::from_static("\"default\";r=0;t=30"),
        );
        assert_eq!(server_wait(&h, "", now), Some(Duration::from_secs(30)));
        let body = r#"{"error":{"code":"rate_limited","limit":{"reset":1800000002}}}"#;
        assert_eq!(
            server_wait(&HeaderMap::new(), body, later),
            Some(Duration::from_secs(2))
        );
        assert_eq!(server_wait(&HeaderMap::new(), "{}", now), None);
        // Akamai's 429 problem (techdocs.akamai.com/purge-cache/reference/429): wait five seconds.
        let akamai = r#"{"detail":"","httpStatus":429,"rateLimit":10000,"rateLimitCurrentRequestSize":110,"rateLimitRemaining":94,"supportId":"edup-N","title":"URL Rate Limit exceeded"}"#;
        assert_eq!(
            server_wait(&HeaderMap::new(), akamai, now),
            Some(Duration::from_secs(5))
        );
        let mut h = HeaderMap::new();
        h.insert("retry-after", HeaderValue::from_static("1"));
        assert_eq!(server_wait(&h, akamai, now), Some(Duration::from_secs(1)));
    }

    /// Server numbers past the clock's range are a long wait, capped by the policy; never a
    /// panic (`UNIX_EPOCH + u64::MAX s` overflows `SystemTime`).
    #[test]
    fn huge_server_numbers_are_capped_not_a_panic() {
        let p = RetryPolicy::default();
        let now = SystemTime::now();
        let max = u64::MAX.to_string();
        for name in ["retry-after", "x-ratelimit-reset", "fastly-ratelimit-reset"] {
            let mut h = HeaderMap::new();
            h.insert(name, HeaderValue::from_str(&max).unwrap());
            let w = server_wait(&h, "", now);
            assert!(w.is_some_and(|d| d >= p.max), "{name}: {w:?}");
            assert_eq!(p.wait(1, w), p.max);
        }
        let body = format!(r#"{{"error":{{"limit":{{"reset":{max}}}}}}}"#);
        assert_eq!(p.wait(1, server_wait(&HeaderMap::new(), &body, now)), p.max);
        let mut h = HeaderMap::new();
        h.insert(
            "retry-after",
            HeaderValue::from_static("Sat, 01 Jan 300000000000 00:00:00 GMT"),
        );
        assert!(p.wait(1, server_wait(&h, "", now)) <= p.max);
    }

    proptest::proptest! {
        /// Whatever a server puts in its rate-limit headers and body, the wait is at most the cap.
        #[test]
        fn any_server_hint_is_capped(
            name in proptest::sample::select(vec!["retry-after", "x-ratelimit-reset", "fastly-ratelimit-reset", "ratelimit"]),
            value in "[0-9]{0,25}|[ -~]{0,40}|t=[0-9]{1,25}",
            body in "\\{\"error\":\\{\"limit\":\\{\"reset\":[0-9]{1,25}\\}\\}\\}|[ -~]{0,40}",
            attempt in 0u32..100,
        ) {
            let p = RetryPolicy::default();
            let mut h = HeaderMap::new();
            if let Ok(v) = HeaderValue::from_str(&value) {
                h.insert(name, v);
            }
            let w = p.wait(attempt, server_wait(&h, &body, SystemTime::now()));
            proptest::prop_assert!(w <= p.max);
        }
    }

    #[test]
    fn backoff_grows_with_jitter_and_is_capped() {
        let p = RetryPolicy {
            retries: 5,
            base: Duration::from_millis(100),
            max: Duration::from_millis(1000),
        };
        for _ in 0..50 {
            let b1 = p.backoff(1);
            assert!(b1 >= Duration::from_millis(50) && b1 <= Duration::from_millis(100));
            let b3 = p.backoff(3);
            assert!(b3 >= Duration::from_millis(200) && b3 <= Duration::from_millis(400));
            assert!(p.backoff(10) <= Duration::from_millis(1000));
        }
        assert_eq!(p.wait(1, Some(Duration::from_secs(99))), p.max);
        assert!(is_retryable(429) && is_retryable(503) && !is_retryable(403) && !is_retryable(400));
    }
}
