//! The per-POP (per-edge, per-instance) view of one URL: its samples grouped by the POP that
//! answered (`Sample::pop`), the content versions each served, and the `pops-out-of-sync` lint
//! when two of them served different versions at the same time. Pure; fed by the tracker.

use super::lints::LintSet;
use super::sample::Sample;
use crate::http::cache_status::CacheState;
use crate::human::stopwatch;
use serde::Serialize;

/// One POP's samples of one URL.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct PopSummary {
    /// The POP, region or instance (`FRA`, `fra1`, `cache-1`).
    pub pop: String,
    /// Who runs it (`cloudflare`, `fastly`, ...; `header` for `--pop-header`).
    pub vendor: String,
    pub samples: u64,
    /// Content versions it served, in the order first seen (`v1`, `v2`).
    pub versions: Vec<String>,
    pub last_state: CacheState,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_version: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_status: Option<u16>,
    /// Seconds since the start of the probe of its last sample.
    pub last_t: f64,
}

#[derive(Debug, Clone)]
struct Entry {
    summary: PopSummary,
    /// When it last served a content version.
    version_t: Option<f64>,
}

/// The first time two POPs disagreed, and the last.
#[derive(Debug, Clone)]
struct Split {
    first_t: f64,
    first_seq: u64,
    evidence: String,
    last_t: f64,
    count: u64,
}

/// Groups one URL's samples by POP.
#[derive(Debug, Clone)]
pub struct PopBook {
    entries: Vec<Entry>,
    /// Two POPs' versions are compared when their samples are at most this far apart (seconds).
    window: f64,
    split: Option<Split>,
    last_t: f64,
}

impl Default for PopBook {
    fn default() -> Self {
        PopBook::new(2.0)
    }
}

/// The comparison window for a probe interval: one and a half intervals, plus half a second of
/// scheduling slack (samples of one round are "at the same time").
pub fn window_for(interval_secs: f64) -> f64 {
    interval_secs * 1.5 + 0.5
}

impl PopBook {
    pub fn new(window: f64) -> PopBook {
        PopBook {
            entries: Vec::new(),
            window,
            split: None,
            last_t: 0.0,
        }
    }

    /// Record a sample (after the tracker gave it its version label).
    pub fn push(&mut self, s: &Sample) {
        let Some(pop) = &s.pop else { return };
        self.last_t = self.last_t.max(s.t);
        let i = match self
            .entries
            .iter()
            .position(|e| e.summary.pop == pop.pop && e.summary.vendor == pop.vendor)
        {
            Some(i) => i,
            None => {
                self.entries.push(Entry {
                    summary: PopSummary {
                        pop: pop.pop.clone(),
                        vendor: pop.vendor.clone(),
                        samples: 0,
                        versions: Vec::new(),
                        last_state: s.state,
                        last_version: None,
                        last_status: None,
                        last_t: s.t,
                    },
                    version_t: None,
                });
                self.entries.len() - 1
            }
        };
        let e = &mut self.entries[i].summary;
        e.samples += 1;
        e.last_state = s.state;
        e.last_status = s.status;
        e.last_t = s.t;
        let Some(v) = &s.version else { return };
        if !e.versions.contains(v) {
            e.versions.push(v.clone());
        }
        e.last_version = Some(v.clone());
        self.entries[i].version_t = Some(s.t);
        self.compare(i, s);
    }

    /// Does POP `i`'s new version disagree with what another POP served within the window?
    fn compare(&mut self, i: usize, s: &Sample) {
        let me = &self.entries[i].summary;
        let other = self.entries.iter().enumerate().find(|(j, e)| {
            *j != i
                && e.version_t.is_some_and(|t| (s.t - t).abs() <= self.window)
                && e.summary.last_version.is_some()
                && e.summary.last_version != me.last_version
        });
        let Some((_, o)) = other else { return };
        let evidence = format!(
            "{} served {} at {}, {} served {} at {}",
            o.summary.pop,
            o.summary.last_version.as_deref().unwrap_or("-"),
            stopwatch(o.version_t.unwrap_or(0.0)),
            me.pop,
            me.last_version.as_deref().unwrap_or("-"),
            stopwatch(s.t),
        );
        match &mut self.split {
            Some(sp) => {
                sp.last_t = s.t;
                sp.count += 1;
            }
            None => {
                self.split = Some(Split {
                    first_t: s.t,
                    first_seq: s.seq,
                    evidence,
                    last_t: s.t,
                    count: 1,
                })
            }
        }
    }

    pub fn summaries(&self) -> Vec<PopSummary> {
        self.entries.iter().map(|e| e.summary.clone()).collect()
    }

    /// The `pops-out-of-sync` lint: converged (every POP's latest version is the same, and the
    /// last disagreement was before the end) or still split at the end of the run.
    pub fn lint(&self, set: &mut LintSet) {
        let Some(sp) = &self.split else { return };
        let latest: Vec<(&str, &str)> = self
            .entries
            .iter()
            .filter_map(|e| Some((e.summary.pop.as_str(), e.summary.last_version.as_deref()?)))
            .collect();
        let converged = latest.windows(2).all(|w| w[0].1 == w[1].1) && sp.last_t < self.last_t;
        let now: Vec<String> = latest.iter().map(|(p, v)| format!("{p}: {v}")).collect();
        let message = if converged {
            format!(
                "POPs/instances served different content versions at the same time, then \
                 converged on {} after {}: expected briefly after a purge or revalidation (each \
                 POP or instance refreshes its own copy)",
                latest.first().map_or("-", |x| x.1),
                stopwatch(sp.last_t - sp.first_t),
            )
        } else {
            format!(
                "POPs/instances still served different content versions at the end of the run \
                 ({}), {} after they first differed: caches not in sync — a purge that did not \
                 reach them all, or instances without a shared cache (self-hosted Next.js \
                 replicas); they only agree again when each copy expires",
                now.join(", "),
                stopwatch(self.last_t - sp.first_t),
            )
        };
        let evidence = sp.evidence.clone();
        set.add_counted(
            "pops-out-of-sync",
            sp.first_seq,
            message,
            evidence,
            sp.count,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::http::edge::Edge;

    fn at(t: f64, seq: u64, pop: &str, version: &str) -> Sample {
        let mut s = Sample::from_response(
            "http://x/",
            seq,
            t,
            200,
            std::time::Duration::ZERO,
            reqwest::header::HeaderMap::new(),
            Some(format!("body:{version}")),
            1,
            false,
        );
        s.pop = Some(Edge {
            vendor: "cloudflare".into(),
            pop: pop.into(),
            node: None,
            header: "cf-ray".into(),
        });
        s.version = Some(version.into());
        s
    }

    #[test]
    fn only_samples_within_the_window_are_compared() {
        let mut far = PopBook::new(window_for(2.0));
        far.push(&at(0.0, 1, "FRA", "v1"));
        far.push(&at(10.0, 2, "AMS", "v2"));
        let mut set = LintSet::default();
        far.lint(&mut set);
        assert!(!set.has("pops-out-of-sync"));
        let mut near = PopBook::new(window_for(2.0));
        near.push(&at(0.0, 1, "FRA", "v1"));
        near.push(&at(2.0, 2, "AMS", "v2"));
        near.lint(&mut set);
        let l = set.into_vec();
        assert_eq!(l[0].code, "pops-out-of-sync");
        assert_eq!(
            l[0].evidence,
            "FRA served v1 at 0.0s, AMS served v2 at 2.0s"
        );
        assert_eq!(window_for(0.0), 0.5);
    }
}
