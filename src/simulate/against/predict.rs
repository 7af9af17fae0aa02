//! The predicted side of `simulate --against`: the engine run over the same scenario, keeping
//! what each request is predicted to be served (state, version, age, route) and when each
//! path's renders end.

use crate::engine::Time;
use crate::engine::events::{Background, Served, SimEvent, Sink};
use crate::engine::routes::{NO_ROUTE, PathTable};
use crate::scenario::Scenario;
use crate::simulate::NoProgress;

/// What the model predicts for one request.
#[derive(Debug, Clone, PartialEq)]
pub struct Predicted {
    pub t: Time,
    pub path: String,
    pub served: Served,
    /// Render generation served (0: nothing was served).
    pub version: u32,
    /// Time since the entry served was written.
    pub age: Time,
    /// Index of the path's route in the scenario's routes.
    pub route: Option<usize>,
    /// The end of the render this request set off itself (not a boundary for it).
    pub own_render: Option<Time>,
}

/// The prediction: every request in order, and every render's end per path.
#[derive(Debug, Default)]
pub struct Prediction {
    pub requests: Vec<Predicted>,
    /// (path, time the render finished).
    pub renders: Vec<(String, Time)>,
}

impl Sink for Prediction {
    fn event(&mut self, ev: SimEvent<'_>, paths: &PathTable) {
        match ev {
            SimEvent::Request(r) => {
                let route = paths.info[r.path as usize].route;
                let own_render = match r.background {
                    Background::RegenerationStarted { done_at }
                    | Background::RenderStarted { done_at }
                    | Background::OriginFetch { done_at }
                    | Background::CdnRefreshStarted { done_at } => Some(done_at),
                    Background::None | Background::JoinedRender { .. } => None,
                };
                self.requests.push(Predicted {
                    t: r.t,
                    path: paths.name(r.path),
                    served: r.served,
                    version: r.version,
                    age: r.age,
                    route: (route != NO_ROUTE).then_some(route as usize),
                    own_render,
                });
            }
            SimEvent::Render(r) => self.renders.push((paths.name(r.path), r.t)),
            SimEvent::Action(_) => {}
        }
    }
}

/// Run the engine over the scenario and keep what `--against` compares.
pub fn predict(s: &Scenario) -> crate::simulate::Result<Prediction> {
    let done = crate::simulate::simulate(
        s,
        None,
        &crate::simulate::changes::Changes::None,
        Prediction::default(),
        &NoProgress,
    )?;
    let prediction = done.sink;
    Ok(prediction)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_request_is_predicted_in_order_with_its_route_and_renders() {
        let s = crate::scenario::parse(
            "s.toml",
            "[[routes]]\npath = \"/p/[id]\"\nrevalidate = 1\nrender_time = \"100ms\"\n\n[[events]]\nat = [0, 0.5, 1.5]\nrequest = \"/p/1\"\n",
        )
        .unwrap();
        let p = predict(&s).unwrap();
        let states: Vec<&str> = p.requests.iter().map(|r| r.served.label()).collect();
        assert_eq!(states, ["MISS", "HIT", "STALE"]);
        assert_eq!(p.requests[0].route, Some(0));
        assert_eq!(p.requests[0].own_render, Some(100_000));
        assert_eq!(p.requests[1].own_render, None);
        assert_eq!(p.renders[0], ("/p/1".to_string(), 100_000));
        assert_eq!(p.requests[2].age, 1_400_000);
    }
}
