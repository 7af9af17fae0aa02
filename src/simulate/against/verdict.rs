//! Predicted against observed, request by request: the state (a non-200 answer as its status
//! code, as the prediction says 404 or 500) and whether the content changed since that path's
//! previous request. A disagreement within the slack of a TTL boundary, a render's end or an
//! invalidation of the path is "near a boundary" (real clocks and latency may land either side)
//! and does not fail the run.

use super::check::{Scheduled, Sendable};
use super::predict::{Predicted, Prediction};
use super::replay::{Done, Observed};
use crate::engine::model::{Revalidate, Route};
use crate::engine::{SECOND, Time};
use crate::human::duration;
use schemars::JsonSchema;
use serde::Serialize;
use std::collections::HashMap;

/// How one request compared.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    Agree,
    Diverge,
    /// A disagreement within the slack of a boundary: reported, not failed.
    NearBoundary,
    /// The request got no answer (network or TLS error, timeout): the run stopped there.
    NoAnswer,
    /// The run stopped before this request was answered.
    NotSent,
}

/// One request, predicted and observed. Times in seconds.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Row {
    /// Scenario time.
    pub t: f64,
    pub path: String,
    /// `file:line` of the request's event.
    pub place: String,
    /// Predicted state: HIT, STALE, MISS, REVALIDATED, …, or 404/500.
    pub predicted: String,
    /// Observed state by the probe's classifier, or the status code when not 200.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub observed: Option<String>,
    pub predicted_version: u32,
    /// Predicted age of the entry served.
    pub predicted_age: f64,
    /// Predicted: the version differs from the path's previous request (null: first request).
    pub predicted_changed: Option<bool>,
    /// Observed: the content identity (ETag or body hash) differs from the path's previous
    /// request (null: first request, or not answered).
    pub observed_changed: Option<bool>,
    /// When it was sent, seconds after the run started.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sent_at: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<u16>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub latency: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub content_id: Option<String>,
    pub verdict: Verdict,
    /// Why the request is near a boundary (set whenever it is, agreeing or not).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub boundary: Option<String>,
}

/// `revalidate_path` or `revalidate_tag`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum EventKind {
    RevalidatePath,
    RevalidateTag,
}

/// One revalidation sent to the app's route.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct EventRow {
    pub t: f64,
    pub event: EventKind,
    /// The path or tag.
    pub target: String,
    pub place: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sent_at: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<u16>,
    /// It was sent (the run had not stopped before its time).
    pub sent: bool,
    /// The route accepted it.
    pub ok: bool,
    /// What the route said when it did not (redacted).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// The counts of a run.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Tally {
    pub requests: usize,
    pub agree: usize,
    pub diverge: usize,
    pub near_boundary: usize,
    /// Requests that got no answer (the run stops at the first).
    pub no_answer: usize,
    pub not_sent: usize,
    /// Requests for paths the model does not simulate (a build's assets, API routes,
    /// redirects): sent, not compared, not in `requests`.
    pub not_simulated: usize,
}

/// Every request compared, every revalidation sent, and the counts.
#[derive(Debug, Clone)]
pub struct Report {
    pub rows: Vec<Row>,
    pub events: Vec<EventRow>,
    pub tally: Tally,
}

fn secs(t: Time) -> f64 {
    t as f64 / SECOND as f64
}

/// Compare the prediction with what was observed; `slack` is the boundary margin.
pub fn compare(
    schedule: &[Scheduled],
    prediction: &Prediction,
    observed: &Observed,
    routes: &[Route],
    slack: Time,
) -> Report {
    let invalidations: Vec<(Time, &Sendable)> = schedule
        .iter()
        .filter(|s| !matches!(s.what, Sendable::Request { .. }))
        .map(|s| (s.t, &s.what))
        .collect();
    let ctx = Boundaries {
        routes,
        renders: &prediction.renders,
        invalidations: &invalidations,
        slack,
    };
    let mut predicted = prediction.requests.iter().peekable();
    let mut last_version: HashMap<&str, u32> = HashMap::new();
    let mut last_content: HashMap<&str, Option<&str>> = HashMap::new();
    let (mut rows, mut events) = (Vec::new(), Vec::new());
    let mut tally = Tally::default();
    for (s, answer) in schedule.iter().zip(&observed.answers) {
        let (path, kind) = match &s.what {
            Sendable::Request { path } => (path, None),
            Sendable::RevalidatePath { path } => (path, Some(EventKind::RevalidatePath)),
            Sendable::RevalidateTag { tag } => (tag, Some(EventKind::RevalidateTag)),
        };
        if let Some(event) = kind {
            let (status, ok, error) = match answer.as_ref().map(|a| &a.done) {
                Some(Done::Event { status, result }) => (
                    *status,
                    result.ok,
                    result.error.as_ref().map(|e| e.as_str().to_string()),
                ),
                _ => (None, false, None),
            };
            events.push(EventRow {
                t: secs(s.t),
                event,
                target: path.clone(),
                place: s.place.clone(),
                sent_at: answer.as_ref().map(|a| a.sent_at),
                sent: answer.is_some(),
                status,
                ok,
                error,
            });
            continue;
        }
        // Requests for paths the model does not simulate (assets, API routes, redirects of a
        // --next-build) have no prediction: they are sent, and counted, not compared.
        let Some(p) = predicted.next_if(|p| p.t == s.t && p.path == *path) else {
            tally.not_simulated += 1;
            continue;
        };
        let predicted_changed = last_version
            .insert(p.path.as_str(), p.version)
            .map(|v| v != p.version);
        let sample = match answer.as_ref().map(|a| &a.done) {
            Some(Done::Page(sample)) => Some(sample),
            _ => None,
        };
        let observed_label = sample.map(|s| match s.status {
            Some(200) => s.state.as_str().to_string(),
            Some(code) => code.to_string(),
            None => s.state.as_str().to_string(),
        });
        let observed_changed = sample.and_then(|smp| {
            let id = smp.content_id.as_deref();
            last_content
                .insert(p.path.as_str(), id)
                .map(|prev| prev != id)
        });
        let boundary = ctx.near(p);
        let predicted_label = p.served.label().to_string();
        let verdict = match &observed_label {
            None => Verdict::NotSent,
            Some(_) if sample.is_some_and(|s| s.status.is_none()) => Verdict::NoAnswer,
            Some(o) if *o == predicted_label && observed_changed == predicted_changed => {
                Verdict::Agree
            }
            Some(_) if boundary.is_some() => Verdict::NearBoundary,
            Some(_) => Verdict::Diverge,
        };
        tally.requests += 1;
        match verdict {
            Verdict::Agree => tally.agree += 1,
            Verdict::Diverge => tally.diverge += 1,
            Verdict::NearBoundary => tally.near_boundary += 1,
            Verdict::NoAnswer => tally.no_answer += 1,
            Verdict::NotSent => tally.not_sent += 1,
        }
        rows.push(Row {
            t: secs(s.t),
            path: path.clone(),
            place: s.place.clone(),
            predicted: predicted_label,
            observed: observed_label,
            predicted_version: p.version,
            predicted_age: secs(p.age),
            predicted_changed,
            observed_changed,
            sent_at: answer.as_ref().map(|a| a.sent_at),
            status: sample.and_then(|s| s.status),
            latency: answer.as_ref().map(|a| a.latency),
            content_id: sample.and_then(|s| s.content_id.clone()),
            verdict,
            boundary,
        });
    }
    Report {
        rows,
        events,
        tally,
    }
}

/// What a request can be near.
struct Boundaries<'a> {
    routes: &'a [Route],
    renders: &'a [(String, Time)],
    invalidations: &'a [(Time, &'a Sendable)],
    slack: Time,
}

impl Boundaries<'_> {
    /// Why `p` is within the slack of a boundary, if it is: its route's revalidate or expire
    /// (by the predicted age), the end of a render of its path (not one it started itself), or
    /// an invalidation of its path.
    fn near(&self, p: &Predicted) -> Option<String> {
        let close = |a: Time, b: Time| (a - b).abs() <= self.slack;
        let slack = duration(self.slack);
        let route = p.route.and_then(|r| self.routes.get(r));
        if let Some(r) = route
            && p.version != 0
        {
            if let Revalidate::After(rv) = r.revalidate
                && close(p.age, rv)
            {
                return Some(format!(
                    "age {} is within {slack} of revalidate {}",
                    duration(p.age),
                    duration(rv)
                ));
            }
            if let Some(e) = r.expire
                && close(p.age, e)
            {
                return Some(format!(
                    "age {} is within {slack} of expire {}",
                    duration(p.age),
                    duration(e)
                ));
            }
        }
        if let Some((_, end)) = self
            .renders
            .iter()
            .find(|(path, end)| *path == p.path && close(p.t, *end) && Some(*end) != p.own_render)
        {
            return Some(format!(
                "a render of {} ends at {}, within {slack}",
                p.path,
                duration(*end)
            ));
        }
        for (t, what) in self.invalidations {
            if !close(p.t, *t) {
                continue;
            }
            let hit = match what {
                Sendable::RevalidatePath { path } => *path == p.path,
                Sendable::RevalidateTag { tag } => route.is_some_and(|r| r.tags.contains(tag)),
                Sendable::Request { .. } => false,
            };
            if hit {
                return Some(format!(
                    "an invalidation of {} at {}, within {slack}",
                    p.path,
                    duration(*t)
                ));
            }
        }
        None
    }
}

#[cfg(test)]
mod tests;
