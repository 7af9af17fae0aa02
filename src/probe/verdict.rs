//! The verdict of a probe run: which expectations (`--until`, `--expect`, `--fail-on-lint`) were
//! met, the exit code that follows, and the sentences that explain it. Pure.

use super::explain::Explanation;
use super::run::{Outcome, Until};
use super::tracker::sequence_matches;
use crate::exit::Exit;
use crate::http::cache_status::CacheState;
use serde::Serialize;

/// What a run is judged against.
#[derive(Debug, Clone, Default)]
pub struct Checks {
    /// `--until`: every URL must reach it.
    pub until: Option<Until>,
    /// `--expect`: every URL's collapsed state sequence must equal it (empty: no expectation).
    pub expect: Vec<CacheState>,
    /// `--fail-on-lint`: any lint fails the run.
    pub fail_on_lint: bool,
    /// `--once`: lints are counted from the explanations, not the per-URL summaries.
    pub once: bool,
}

/// The verdict of a run: exit code and the reasons, per URL where it matters.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct Verdict {
    #[serde(serialize_with = "exit_code")]
    #[schemars(with = "u8", extend("enum" = [0, 3, 6, 130]))]
    pub exit: Exit,
    pub interrupted: bool,
    /// Seconds the run lasted.
    pub elapsed: f64,
    pub all_failed: bool,
    /// `--until` target (`HIT`, `changed`, ...) and whether each URL reached it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub until: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub until_reached: Option<Vec<bool>>,
    /// `--expect` sequence and whether each URL met it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expect: Option<Vec<CacheState>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expect_met: Option<Vec<bool>>,
    pub lints: usize,
    /// Human sentences explaining the exit code.
    pub messages: Vec<String>,
}

fn exit_code<S: serde::Serializer>(e: &Exit, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_u8(e.code())
}

/// The lints that fired: those of the `--once` explanations, else those of the URL summaries.
pub fn lint_count(o: &Outcome, checks: &Checks, explanations: &[Explanation]) -> usize {
    if checks.once {
        explanations.iter().map(|x| x.lints.len()).sum()
    } else {
        o.summaries.iter().map(|s| s.lints.len()).sum()
    }
}

/// Judge a run.
pub fn judge(o: &Outcome, checks: &Checks, explanations: &[Explanation]) -> Verdict {
    let lints = lint_count(o, checks, explanations);
    let mut v = Verdict {
        exit: Exit::Success,
        interrupted: o.interrupted,
        elapsed: (o.elapsed.as_secs_f64() * 1000.0).round() / 1000.0,
        all_failed: o.all_failed(),
        until: None,
        until_reached: None,
        expect: None,
        expect_met: None,
        lints,
        messages: Vec::new(),
    };
    let mut exit = Exit::Success;
    if let Some(u) = checks.until {
        let until = u.to_string();
        v.until_reached = Some(o.reached.clone());
        let missing: Vec<&str> = o
            .summaries
            .iter()
            .zip(&o.reached)
            .filter(|(_, r)| !**r)
            .map(|(s, _)| s.url.as_str())
            .collect();
        if !missing.is_empty() {
            exit = exit.worst(Exit::Unmet);
            v.messages.push(format!(
                "--until {until} not reached for: {}",
                missing.join(", ")
            ));
        }
        v.until = Some(until);
    }
    if !checks.expect.is_empty() {
        exit = exit.worst(check_expect(o, &checks.expect, &mut v));
    }
    if checks.fail_on_lint && lints > 0 {
        exit = exit.worst(Exit::Unmet);
        v.messages.push(format!(
            "--fail-on-lint: {} fired",
            crate::human::count(lints as u64, "lint")
        ));
    }
    if v.all_failed {
        exit = exit.worst(Exit::Network);
        v.messages.push("every request failed".into());
    }
    if o.skipped_ticks > 0 {
        v.messages.push(format!(
            "{} skipped: the request before was still running (or waiting for a --concurrency slot) when {} due",
            crate::human::count(o.skipped_ticks, "scheduled request"),
            if o.skipped_ticks == 1 { "it was" } else { "they were" }
        ));
    }
    if o.cancelled > 0 {
        v.messages.push(format!(
            "{} still in flight when --duration ended, cancelled",
            crate::human::count(o.cancelled, "request")
        ));
    }
    if o.interrupted {
        exit = Exit::Interrupted;
        v.messages.push("interrupted; summary so far".into());
    }
    v.exit = exit;
    v
}

/// `--expect`: record per URL whether the sequence matched; `Unmet` when one did not.
fn check_expect(o: &Outcome, expect: &[CacheState], v: &mut Verdict) -> Exit {
    let mut exit = Exit::Success;
    let met: Vec<bool> = o
        .summaries
        .iter()
        .map(|s| sequence_matches(&s.sequence, expect))
        .collect();
    for (s, m) in o.summaries.iter().zip(&met) {
        if !m {
            let want: Vec<&str> = expect.iter().map(|x| x.as_str()).collect();
            let saw: Vec<&str> = s.sequence.iter().map(|x| x.as_str()).collect();
            v.messages.push(format!(
                "--expect {} not met for {}: saw {}",
                want.join(","),
                s.url,
                if saw.is_empty() {
                    "nothing".into()
                } else {
                    saw.join(",")
                }
            ));
            exit = Exit::Unmet;
        }
    }
    v.expect = Some(expect.to_vec());
    v.expect_met = Some(met);
    exit
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::probe::sample::Sample;
    use crate::probe::tracker::Tracker;
    use std::time::Duration;

    fn outcome(states: &[CacheState]) -> Outcome {
        let mut tr = Tracker::new("https://e.com/a");
        for (i, st) in states.iter().enumerate() {
            let mut h = reqwest::header::HeaderMap::new();
            h.insert("x-nextjs-cache", st.as_str().parse().unwrap());
            let mut s = Sample::from_response(
                "https://e.com/a",
                i as u64 + 1,
                i as f64,
                200,
                Duration::ZERO,
                h,
                Some("etag:\"a\"".into()),
                1,
                false,
            );
            tr.push(&mut s);
        }
        Outcome {
            summaries: vec![tr.summary()],
            reached: vec![false],
            interrupted: false,
            elapsed: Duration::from_millis(1500),
            last_samples: vec![None],
            skipped_ticks: 0,
            cancelled: 0,
        }
    }

    #[test]
    fn expect_and_until_decide_the_exit_code() {
        let o = outcome(&[CacheState::Miss, CacheState::Hit, CacheState::Hit]);
        let met = Checks {
            expect: vec![CacheState::Miss, CacheState::Hit],
            ..Checks::default()
        };
        let v = judge(&o, &met, &[]);
        assert_eq!(v.exit, Exit::Success);
        assert_eq!(v.expect_met, Some(vec![true]));
        let unmet = Checks {
            expect: vec![CacheState::Hit],
            until: Some(Until::Changed),
            ..Checks::default()
        };
        let v = judge(&o, &unmet, &[]);
        assert_eq!(v.exit, Exit::Unmet);
        assert_eq!(v.until.as_deref(), Some("changed"));
        assert_eq!(
            v.messages,
            vec![
                "--until changed not reached for: https://e.com/a",
                "--expect HIT not met for https://e.com/a: saw MISS,HIT",
            ]
        );
        let json = serde_json::to_value(&v).unwrap();
        assert_eq!(json["exit"], 6);
        assert_eq!(json["elapsed"], 1.5);
    }
}
