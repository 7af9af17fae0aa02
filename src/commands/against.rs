//! `isrctl simulate SCENARIO --against BASE_URL`: check that the scenario can be sent, predict
//! it with the engine, replay it against the deployment in real time (revalidations through the
//! same route options and sending code as `revalidate`), compare, and render.

use super::revalidate::{endpoint_plan, endpoint_url, rejection_message};
use crate::cli::SimulateArgs;
use crate::config::Target;
use crate::error::{Error, Exit, Result};
use crate::http::request::Redactor;
use crate::output::simulate::against::{RunInfo, render};
use crate::output::{Output, Verbosity};
use crate::providers::nextjs;
use crate::scenario::Scenario;
use crate::simulate::against::{self, AgainstError, Replay, Sendable, Stopped};

pub fn run(args: &SimulateArgs, base: &str, scenario: &Scenario, out: &Output) -> Result<Exit> {
    if base.contains(['?', '#']) {
        return Err(AgainstError::BaseUrl(base.to_string()).into());
    }
    let base = base.trim_end_matches('/').to_string();
    let file = args.scenario.as_ref().map_or_else(
        || "the quick story".to_string(),
        |p| p.display().to_string(),
    );
    let schedule = against::schedule(scenario, &file, !args.route.endpoint.is_empty())?;
    let events = schedule
        .iter()
        .filter(|s| !matches!(s.what, Sendable::Request { .. }))
        .count();
    let mut redactor = Redactor::default();
    let target = Target::default();
    let plan = if events > 0 {
        let url = endpoint_url(&args.route, &target)?;
        let plan = endpoint_plan(&args.route, &target, url, false, &mut redactor, out)?;
        // Planned once before the run, so that a bad combination is a usage error up front.
        nextjs::plan_endpoint(&nextjs::EndpointPlan {
            paths: vec!["/".into()],
            ..plan.clone()
        })?;
        Some(plan)
    } else {
        None
    };
    if let Some(s) = schedule.iter().find(|s| s.mode.is_some())
        && args.route.param.is_empty()
    {
        out.warn(&format!(
            "{}: mode = \"{}\" is what the model assumes; the route is called as `isrctl revalidate` would call it, so pass the --param your route needs to do the same (e.g. --param profile=max for a soft revalidateTag)",
            s.place,
            if s.mode == Some(true) { "hard" } else { "soft" }
        ));
    }
    let prediction = against::predict(scenario)?;
    let span = schedule.last().map_or(0, |s| s.t) - schedule.first().map_or(0, |s| s.t);
    out.note(&format!(
        "replaying {} and {} against {base} in real time ({})…",
        crate::human::count((schedule.len() - events) as u64, "request"),
        crate::human::count(events as u64, "revalidation"),
        crate::human::duration(span)
    ));
    let log = |level: Verbosity, line: &str| out.log(level, line);
    let observed = against::replay(
        &schedule,
        &Replay {
            base: base.clone(),
            timeout: args.timeout,
            endpoint: plan.as_ref(),
            redactor: &redactor,
            log: &log,
        },
    )?;
    let report = against::compare(
        &schedule,
        &prediction,
        &observed,
        &scenario.config.routes,
        args.slack,
    );
    let info = RunInfo {
        base_url: base,
        source: file,
        platform: scenario.config.platform,
        basis: scenario.config.basis(),
        slack: args.slack as f64 / crate::engine::SECOND as f64,
    };
    render(out, &info, &report)?;
    if let Some(stopped) = observed.stopped {
        if let Stopped::Endpoint {
            status: Some(401 | 403),
            ..
        } = &stopped
        {
            out.warn(&rejection_message(plan.and_then(|p| p.secret).as_deref()));
        }
        return Err(Error::from(stopped));
    }
    Ok(if report.tally.diverge > 0 {
        Exit::Unmet
    } else {
        Exit::Success
    })
}
