//! What one response says about a URL's warmth: the state of the nearest layer that stores
//! copies (layers that pass requests through, BYPASS or DYNAMIC, are looked past), and whether
//! another try could change it.

use crate::http::cache_status::CacheState;
use crate::probe::Sample;
use serde::Serialize;

/// Where a URL ended up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// The nearest storing cache answered HIT.
    Warm,
    /// Still not a HIT (MISS, STALE, EXPIRED, UPDATING, REVALIDATED) after every try.
    Cold,
    /// Every cache layer said it does not store this response (BYPASS, DYNAMIC): no try can
    /// warm it.
    Uncached,
    /// No cache-status header isrctl reads: whether it is cached cannot be told.
    Unknown,
    /// No answer (connection, TLS, timeout) or an HTTP 4xx/5xx, after every try it was worth.
    Failed,
    /// Ctrl-C before the URL was done.
    Interrupted,
}

impl Outcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Warm => "warm",
            Outcome::Cold => "cold",
            Outcome::Uncached => "uncached",
            Outcome::Unknown => "unknown",
            Outcome::Failed => "failed",
            Outcome::Interrupted => "interrupted",
        }
    }
}

/// One response read.
#[derive(Debug, Clone, PartialEq)]
pub struct Reading {
    pub outcome: Outcome,
    /// Whether another try may change the outcome (cold, no answer, 5xx).
    pub again: bool,
    /// The state judged (the nearest storing layer's, else the response's: also for a 4xx/5xx);
    /// `None` without a whole answer.
    pub state: Option<CacheState>,
    /// The layer judged (`nginx`, `cloudflare`, `cache-status:Netlify Edge`).
    pub layer: Option<String>,
    /// Why, when the state alone does not say it.
    pub note: Option<String>,
}

/// Read one response.
pub fn read(s: &Sample) -> Reading {
    let failed = |again: bool, note: Option<String>| Reading {
        outcome: Outcome::Failed,
        again,
        state: s.status.map(|_| s.state),
        layer: None,
        note,
    };
    let Some(status) = s.status else {
        return failed(true, None);
    };
    if status >= 500 {
        return failed(true, Some(format!("HTTP {status}")));
    }
    if status >= 400 {
        return failed(false, Some(format!("HTTP {status}")));
    }
    if s.failed() {
        // Answered, then the body failed: a cache may not keep a copy it could not send whole.
        return Reading {
            state: None,
            ..failed(true, None)
        };
    }
    let passes = |st: CacheState| matches!(st, CacheState::Bypass | CacheState::Dynamic);
    let stores = s
        .layers
        .iter()
        .find(|l| !passes(l.state) && l.state != CacheState::Unknown);
    let passed: Vec<String> = s
        .layers
        .iter()
        .filter(|l| passes(l.state))
        .map(|l| format!("{} {}", l.source, l.state))
        .collect();
    let passed_note =
        (!passed.is_empty()).then(|| format!("passed through: {}", passed.join(", ")));
    if let Some(l) = stores {
        let warm = l.state == CacheState::Hit;
        return Reading {
            outcome: if warm { Outcome::Warm } else { Outcome::Cold },
            again: !warm,
            state: Some(l.state),
            layer: Some(l.source.clone()),
            note: passed_note,
        };
    }
    if let Some(l) = s.layers.iter().find(|l| passes(l.state)) {
        return Reading {
            outcome: Outcome::Uncached,
            again: false,
            state: Some(l.state),
            layer: Some(l.source.clone()),
            note: Some(format!("{} says {}: not stored", l.source, l.state)),
        };
    }
    let note = if s.layers.is_empty() {
        s.note.clone()
    } else {
        Some("no cache-status value isrctl can read".into())
    };
    Reading {
        outcome: Outcome::Unknown,
        again: false,
        state: Some(s.state),
        layer: None,
        note,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::{HeaderMap, HeaderName};

    fn sample(status: u16, pairs: &[(&str, &str)]) -> Sample {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.append(
                HeaderName::from_bytes(k.as_bytes()).unwrap(),
                v.parse().unwrap(),
            );
        }
        Sample::from_response(
            "http://e.test/",
            1,
            0.0,
            status,
            std::time::Duration::ZERO,
            h,
            None,
            0,
            false,
        )
    }

    #[test]
    fn the_nearest_storing_layer_decides() {
        // A shield HIT behind an edge MISS (multi-hop X-Cache lists the edge last): the edge
        // is still cold, though the headline state is HIT.
        let s = sample(200, &[("x-cache", "HIT, MISS")]);
        assert_eq!(s.state, CacheState::Hit);
        let r = read(&s);
        assert_eq!((r.outcome, r.again), (Outcome::Cold, true), "{r:?}");
        // Cloudflare does not store HTML; the origin's ISR cache behind it is what warms.
        let r = read(&sample(
            200,
            &[("cf-cache-status", "DYNAMIC"), ("x-nextjs-cache", "HIT")],
        ));
        assert_eq!(r.outcome, Outcome::Warm);
        assert_eq!(r.layer.as_deref(), Some("nextjs"));
        assert_eq!(
            r.note.as_deref(),
            Some("passed through: cloudflare DYNAMIC")
        );
        let r = read(&sample(200, &[("x-cache-status", "STALE")]));
        assert_eq!(
            (r.outcome, r.state),
            (Outcome::Cold, Some(CacheState::Stale))
        );
    }

    #[test]
    fn uncached_unknown_and_failed_are_their_own() {
        let r = read(&sample(200, &[("x-cache-status", "BYPASS")]));
        assert_eq!((r.outcome, r.again), (Outcome::Uncached, false));
        let r = read(&sample(200, &[("content-type", "text/html")]));
        assert_eq!((r.outcome, r.again), (Outcome::Unknown, false));
        assert_eq!(r.note.as_deref(), Some("no cache-status header"));
        let r = read(&sample(503, &[("x-cache-status", "MISS")]));
        assert_eq!((r.outcome, r.again), (Outcome::Failed, true));
        let r = read(&sample(404, &[("x-cache-status", "HIT")]));
        assert_eq!((r.outcome, r.again), (Outcome::Failed, false));
        // A cached redirect is warm.
        let r = read(&sample(301, &[("x-cache-status", "HIT")]));
        assert_eq!(r.outcome, Outcome::Warm);
    }
}
