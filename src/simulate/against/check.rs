//! What `simulate --against` can do to a real deployment: send the scenario's requests, and its
//! `revalidate_path`/`revalidate_tag` events through the app's revalidation route. Everything
//! else (data changes, deploys, restarts, purges, bypass requests, failures, workloads, several
//! instances with caches of their own) is refused before anything is sent, naming where it is.

use super::AgainstError;
use crate::engine::Time;
use crate::engine::model::{Action, InvalidateKind, Target};
use crate::scenario::{Scenario, Step};

/// What one scheduled step sends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Sendable {
    /// GET base URL + path.
    Request { path: String },
    /// The revalidation route, for a path.
    RevalidatePath { path: String },
    /// The revalidation route, for a tag.
    RevalidateTag { tag: String },
}

/// One step to send, at scenario time `t`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scheduled {
    pub t: Time,
    pub what: Sendable,
    /// `file:line` of its `[[events]]` entry (or the step's time when there is no file).
    pub place: String,
    /// A revalidation's `mode` as the scenario sets it (`Some(true)`: hard), which the model
    /// assumes; what the app does depends on how its route is called (`--param`).
    pub mode: Option<bool>,
}

/// The scenario's steps as things to send, in order, or the first one that cannot be sent.
/// `file` names the scenario in messages; `endpoint` says whether a revalidation route was given.
pub fn schedule(s: &Scenario, file: &str, endpoint: bool) -> Result<Vec<Scheduled>, AgainstError> {
    let unsendable =
        |place: String, what: String, why| AgainstError::Unsendable { place, what, why };
    if s.workload.is_some() {
        return Err(unsendable(
            file.to_string(),
            "a workload".into(),
            "it is generated, not a list of requests; list the requests as [[events]]",
        ));
    }
    if let Some(r) = s.config.routes.iter().find(|r| !r.failures.is_none()) {
        return Err(unsendable(
            file.to_string(),
            format!("route '{}' with failure_rate or failure_windows", r.pattern),
            "isrctl cannot make a real render fail; remove the failures from the route",
        ));
    }
    let topo = &s.config.topology;
    if topo.instances > 1 && !topo.shared_cache {
        return Err(unsendable(
            file.to_string(),
            format!("[instances] count = {} with a cache each", topo.instances),
            "the prediction depends on which instance answers each request, and a real load balancer chooses; use one instance, or cache = \"shared\"",
        ));
    }
    let mut out = Vec::with_capacity(s.steps.len());
    for (i, (t, step)) in s.steps.iter().enumerate() {
        let place = match s.step_lines.get(i) {
            Some(line) => format!("{file}:{line}"),
            None => format!("{file}: the step at {}", crate::human::duration(*t)),
        };
        let what = match step {
            Step::Request { path } => Sendable::Request { path: path.clone() },
            Step::Bypass { path } => {
                return Err(unsendable(
                    place,
                    format!("bypass = \"{path}\""),
                    "--against does not send the bypass token; use a revalidate_path event instead",
                ));
            }
            Step::Action(a) => action(a, place.clone(), endpoint)?,
        };
        let mode = match step {
            Step::Action(Action::Revalidate { hard, .. }) => *hard,
            _ => None,
        };
        out.push(Scheduled {
            t: *t,
            what,
            place,
            mode,
        });
    }
    if !out
        .iter()
        .any(|s| matches!(s.what, Sendable::Request { .. }))
    {
        return Err(AgainstError::NoRequests(file.to_string()));
    }
    Ok(out)
}

fn action(a: &Action, place: String, endpoint: bool) -> Result<Sendable, AgainstError> {
    let (what, why) = match a {
        Action::Revalidate { kind, target, .. } => {
            let sendable = match (kind, target) {
                (InvalidateKind::Path, Target::Path(p)) => {
                    Sendable::RevalidatePath { path: p.clone() }
                }
                (InvalidateKind::Tag, Target::Tag(t)) => Sendable::RevalidateTag { tag: t.clone() },
                (_, other) => {
                    return Err(AgainstError::Unsendable {
                        place,
                        what: format!("a revalidation of {other}"),
                        why: "only revalidate_path = \"/path\" and revalidate_tag = \"tag\" are sent",
                    });
                }
            };
            if !endpoint {
                let what = match &sendable {
                    Sendable::RevalidateTag { tag } => format!("revalidate_tag = \"{tag}\""),
                    Sendable::RevalidatePath { path } | Sendable::Request { path } => {
                        format!("revalidate_path = \"{path}\"")
                    }
                };
                return Err(AgainstError::NoEndpoint { place, what });
            }
            return Ok(sendable);
        }
        Action::ContentChange { target } => (
            format!("content_change = \"{target}\""),
            "the data your pages read lives in your CMS or database, which isrctl cannot change; change it yourself outside the run, or drop the event",
        ),
        Action::Purge { target } => (
            format!("purge = \"{target}\""),
            "a CDN purge is not replayed; run `isrctl purge` yourself, or drop the event",
        ),
        Action::Deploy => (
            "deploy".to_string(),
            "isrctl cannot build and deploy your site",
        ),
        Action::Restart { .. } => ("restart".to_string(), "isrctl cannot restart your server"),
    };
    Err(AgainstError::Unsendable { place, what, why })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(src: &str) -> Scenario {
        crate::scenario::parse("s.toml", src).unwrap()
    }

    #[test]
    fn requests_and_revalidations_are_scheduled_with_their_lines() {
        let s = parse(
            "[[events]]\nat = [0, 1]\nrequest = \"/a\"\n\n[[events]]\nat = 0.5\nrevalidate_tag = \"posts\"\n",
        );
        let got = schedule(&s, "s.toml", true).unwrap();
        let places: Vec<&str> = got.iter().map(|s| s.place.as_str()).collect();
        assert_eq!(places, ["s.toml:1", "s.toml:5", "s.toml:1"]);
        assert_eq!(
            got[1].what,
            Sendable::RevalidateTag {
                tag: "posts".into()
            }
        );
        assert_eq!(got[1].mode, None);
        let s = parse(
            "[[events]]\nat = 0\nrequest = \"/a\"\n\n[[events]]\nat = 1\nrevalidate_tag = \"t\"\nmode = \"soft\"\n",
        );
        assert_eq!(schedule(&s, "s.toml", true).unwrap()[1].mode, Some(false));
    }

    #[test]
    fn what_cannot_be_sent_is_refused_with_its_line() {
        let s = parse(
            "[[events]]\nat = 0\nrequest = \"/a\"\n\n[[events]]\nat = 1\ncontent_change = \"/a\"\n",
        );
        let e = schedule(&s, "s.toml", true).unwrap_err().to_string();
        assert!(
            e.starts_with("s.toml:5: content_change = \"/a\" cannot be sent"),
            "{e}"
        );
        let s = parse(
            "[[events]]\nat = 0\nrequest = \"/a\"\n\n[[events]]\nat = 1\nrevalidate_path = \"/a\"\n",
        );
        let e = schedule(&s, "s.toml", false).unwrap_err().to_string();
        assert!(
            e.starts_with("s.toml:5: revalidate_path = \"/a\" needs"),
            "{e}"
        );
        let s = parse("[[events]]\nat = 1\nrestart = 0\n");
        assert!(matches!(
            schedule(&s, "s.toml", true),
            Err(AgainstError::Unsendable { .. })
        ));
        let s = parse("[[events]]\nat = 1\nrevalidate_path = \"/a\"\n");
        assert!(matches!(
            schedule(&s, "s.toml", true),
            Err(AgainstError::NoRequests(_))
        ));
    }
}
