//! Scenario `[[events]]`: targets, instances, request repetition and time order, validated
//! into the time-ordered steps the engine runs.

use super::toml_types::{EventToml, InstanceToml, TimeList};
use super::{Ctx, Error, Step};
use crate::engine::Time;
use crate::engine::model::{Action, InstanceSel, InvalidateKind, Platform, SimConfig, Target};
use std::ops::Range;

fn parse_target(s: &str) -> Result<Target, String> {
    if s == "*" {
        Ok(Target::All)
    } else if let Some(tag) = s.strip_prefix("tag:") {
        if tag.is_empty() {
            return Err("'tag:' needs a tag name".into());
        }
        Ok(Target::Tag(tag.to_string()))
    } else if s.starts_with('/') {
        Ok(Target::Path(s.to_string()))
    } else {
        Err(format!(
            "'{s}' is not a path (starting with /), tag:NAME or *"
        ))
    }
}

fn instance_sel(
    cx: &Ctx,
    v: &Option<toml::Spanned<InstanceToml>>,
    span: Range<usize>,
    n: u32,
) -> Result<InstanceSel, Error> {
    match v.as_ref().map(|s| s.get_ref()) {
        None => Ok(InstanceSel::One(0)),
        Some(InstanceToml::Index(i)) => match u32::try_from(*i) {
            Ok(ix) if ix < n => Ok(InstanceSel::One(ix)),
            _ => Err(cx.err(
                Some(span),
                format!("instance {i} does not exist (instances are 0..{})", n - 1),
            )),
        },
        Some(InstanceToml::Name(s)) if s == "all" => Ok(InstanceSel::All),
        Some(InstanceToml::Name(s)) => Err(cx.err(
            Some(span),
            format!("instance '{s}': use a number or \"all\""),
        )),
    }
}

/// Most steps (timed requests and actions) the events of one scenario may expand to: each is
/// held in memory with its path (about 60 bytes), so this is a few hundred MB at most.
pub const MAX_STEPS: u64 = 5_000_000;

/// Time-ordered steps, and the 1-based line of the `[[events]]` entry each came from.
type Steps = (Vec<(Time, Step)>, Vec<u32>);

/// The time-ordered steps, and the 1-based line of the `[[events]]` entry each came from.
pub(super) fn build_events(
    cx: &Ctx,
    events: &[toml::Spanned<EventToml>],
    cfg: &SimConfig,
) -> Result<Steps, Error> {
    let mut steps: Vec<(Time, Step)> = Vec::new();
    let mut lines: Vec<u32> = Vec::new();
    let mut last: Option<Time> = None;
    for ev in events {
        let span = ev.span();
        let e = ev.get_ref();
        let times = event_times(cx, e, span.clone(), last)?;
        let actions = event_actions(cx, e, span.clone(), cfg, times.len())?;
        // Checked before allocating: a long every/until times many paths can be huge.
        let total = (times.len() as u64)
            .checked_mul(actions.len() as u64)
            .and_then(|n| n.checked_add(steps.len() as u64))
            .filter(|n| *n <= MAX_STEPS);
        let Some(total) = total else {
            return Err(cx.err(
                Some(span),
                format!(
                    "the events would make more than {MAX_STEPS} steps ({} times x {} paths here, {} before); use a workload (--workload or workload = \"zipf:...\") for long runs",
                    times.len(),
                    actions.len(),
                    steps.len()
                ),
            ));
        };
        steps.reserve_exact(total as usize - steps.len());
        let line = super::line_col(cx.src, span.start).0 as u32;
        for &t in &times {
            for a in &actions {
                steps.push((t, a.clone()));
            }
        }
        lines.resize(steps.len(), line);
        last = times.first().copied();
    }
    // Lists of request times may interleave with later events; keep the stream ordered (a
    // stable sort, the lines moving with their steps).
    let mut order: Vec<usize> = (0..steps.len()).collect();
    order.sort_by_key(|&i| steps[i].0);
    if order.windows(2).all(|w| w[0] < w[1]) {
        return Ok((steps, lines));
    }
    let lines = order.iter().map(|&i| lines[i]).collect();
    let mut slots: Vec<Option<(Time, Step)>> = steps.into_iter().map(Some).collect();
    let steps = order
        .iter()
        .map(|&i| slots[i].take().expect("each step once"))
        .collect();
    Ok((steps, lines))
}

/// An event's times: its `at` (one or a list), expanded by `every`/`until`, in order and not
/// before the previous event's first time.
fn event_times(
    cx: &Ctx,
    e: &EventToml,
    span: Range<usize>,
    last: Option<Time>,
) -> Result<Vec<Time>, Error> {
    let times: Vec<Time> = match &e.at {
        TimeList::One(v) => vec![
            v.signed_micros()
                .map_err(|m| cx.err(Some(span.clone()), format!("at: {m}")))?,
        ],
        TimeList::Many(vs) => {
            let mut out = Vec::new();
            for v in vs {
                out.push(
                    v.signed_micros()
                        .map_err(|m| cx.err(Some(span.clone()), format!("at: {m}")))?,
                );
            }
            out
        }
    };
    if times.is_empty() {
        return Err(cx.err(Some(span), "at: the list of times is empty"));
    }
    let times = repeat(cx, e, span.clone(), times)?;
    if times.windows(2).any(|w| w[1] < w[0]) {
        return Err(cx.err(Some(span), "at: times go backwards within the list"));
    }
    if let Some(prev) = last
        && times[0] < prev
    {
        return Err(cx.err(
            Some(span),
            format!(
                "time goes backwards: this event is at {} but the one before is at {} (list events in time order)",
                crate::human::duration(times[0]),
                crate::human::duration(prev)
            ),
        ));
    }
    Ok(times)
}

/// What an event does: exactly one kind (request, bypass, content change, revalidation, purge,
/// deploy, restart), checked against the platform and the number of instances.
fn event_actions(
    cx: &Ctx,
    e: &EventToml,
    span: Range<usize>,
    cfg: &SimConfig,
    n_times: usize,
) -> Result<Vec<Step>, Error> {
    let n = cfg.topology.instances;
    let mut actions: Vec<Step> = Vec::new();
    let bad = |m: String| cx.err(Some(span.clone()), m);
    let kinds = [
        e.request.is_some(),
        e.bypass.is_some(),
        e.content_change.is_some(),
        e.revalidate_path.is_some(),
        e.revalidate_tag.is_some(),
        e.purge.is_some(),
        e.deploy.is_some(),
        e.restart.is_some(),
    ]
    .iter()
    .filter(|k| **k)
    .count();
    if kinds != 1 {
        return Err(bad(format!(
            "an event needs exactly one of request, bypass, content_change, revalidate_path, revalidate_tag, purge, deploy, restart (found {kinds})"
        )));
    }
    if let Some(r) = &e.request {
        for p in r.paths() {
            if !p.starts_with('/') {
                return Err(bad(format!("request: '{p}' must start with '/'")));
            }
            actions.push(Step::Request { path: p.clone() });
        }
    }
    if let Some(r) = &e.bypass {
        for p in r.paths() {
            if !p.starts_with('/') {
                return Err(bad(format!("bypass: '{p}' must start with '/'")));
            }
            actions.push(Step::Bypass { path: p.clone() });
        }
    }
    if let Some(t) = &e.content_change {
        actions.push(Step::Action(Action::ContentChange {
            target: parse_target(t).map_err(|m| bad(format!("content_change: {m}")))?,
        }));
    }
    let hard = match e.mode.as_deref() {
        None => None,
        Some("hard" | "expire0" | "expire") => Some(true),
        Some("soft" | "max" | "stale") => Some(false),
        Some(o) => return Err(bad(format!("mode '{o}' (expected soft or hard)"))),
    };
    if let Some(p) = &e.revalidate_path {
        if !p.starts_with('/') {
            return Err(bad(format!("revalidate_path: '{p}' must start with '/'")));
        }
        actions.push(Step::Action(Action::Revalidate {
            kind: InvalidateKind::Path,
            target: Target::Path(p.clone()),
            hard,
            instance: instance_sel(cx, &e.instance, span.clone(), n)?,
        }));
    }
    if let Some(t) = &e.revalidate_tag {
        if t.is_empty() {
            return Err(bad("revalidate_tag: empty tag".into()));
        }
        actions.push(Step::Action(Action::Revalidate {
            kind: InvalidateKind::Tag,
            target: Target::Tag(t.clone()),
            hard,
            instance: instance_sel(cx, &e.instance, span.clone(), n)?,
        }));
    }
    if let Some(t) = &e.purge {
        if cfg.platform == Platform::NextStart && !cfg.topology.cdn {
            return Err(bad(
                "purge needs a CDN layer: add a [cdn] table, or use platform vercel or cdn".into(),
            ));
        }
        actions.push(Step::Action(Action::Purge {
            target: parse_target(t).map_err(|m| bad(format!("purge: {m}")))?,
        }));
    }
    if let Some(d) = e.deploy {
        if !d {
            return Err(bad("deploy = false does nothing; remove the event".into()));
        }
        actions.push(Step::Action(Action::Deploy));
    }
    if e.restart.is_some() {
        actions.push(Step::Action(Action::Restart {
            instance: instance_sel(cx, &e.restart, span.clone(), n)?,
        }));
    }
    if e.mode.is_some() && e.revalidate_path.is_none() && e.revalidate_tag.is_none() {
        return Err(bad(
            "mode only applies to revalidate_path and revalidate_tag".into(),
        ));
    }
    if n_times > 1 && e.request.is_none() && e.bypass.is_none() {
        return Err(bad(
            "a list of times is only allowed for request and bypass".into(),
        ));
    }
    Ok(actions)
}

/// Expand `every`/`until` on a request event into its list of times.
fn repeat(
    cx: &Ctx,
    e: &EventToml,
    span: Range<usize>,
    times: Vec<Time>,
) -> Result<Vec<Time>, Error> {
    let bad = |m: &str| cx.err(Some(span.clone()), m.to_string());
    match (&e.every, &e.until) {
        (None, None) => Ok(times),
        (Some(_), None) | (None, Some(_)) => Err(bad(
            "every and until go together (at = 0, every = \"1s\", until = \"2m\")",
        )),
        (Some(every), Some(until)) => {
            if e.request.is_none() {
                return Err(bad("every/until only repeat requests"));
            }
            if times.len() != 1 {
                return Err(bad("every/until need a single start time in at"));
            }
            let every = every.micros().map_err(|m| bad(&format!("every: {m}")))?;
            let until = until
                .signed_micros()
                .map_err(|m| bad(&format!("until: {m}")))?;
            if every == 0 {
                return Err(bad("every must be more than zero"));
            }
            if until < times[0] {
                return Err(bad("until is before at"));
            }
            let n = (until - times[0]) / every + 1;
            if n as u64 > MAX_STEPS {
                return Err(bad(&format!(
                    "every/until would make {n} requests, more than the limit of {MAX_STEPS}; use a workload (workload = \"zipf:...\") for long runs"
                )));
            }
            Ok((0..n).map(|i| times[0] + i * every).collect())
        }
    }
}
