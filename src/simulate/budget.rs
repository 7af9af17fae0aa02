//! Staleness budgets for `--sweep`: `10m` (worst case) or `p95=10m`, `p99=…`, `mean=…`, and
//! the statistic of a run they are checked against.

use super::SpecError;
use crate::engine::Time;
use crate::engine::metrics::Summary;
use serde::Serialize;

/// Which statistic of served staleness a budget limits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Stat {
    Max,
    P99,
    P95,
    Mean,
}

impl Stat {
    pub fn as_str(self) -> &'static str {
        match self {
            Stat::Max => "max",
            Stat::P99 => "p99",
            Stat::P95 => "p95",
            Stat::Mean => "mean",
        }
    }
}

/// A staleness budget: the statistic and its limit.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Budget {
    pub stat: Stat,
    pub limit: Time,
}

impl std::str::FromStr for Budget {
    type Err = SpecError;

    fn from_str(s: &str) -> Result<Self, SpecError> {
        let (stat, dur) = match s.split_once('=') {
            Some((st, d)) => (st.trim(), d),
            None => ("max", s),
        };
        let stat = match stat {
            "max" => Stat::Max,
            "p99" => Stat::P99,
            "p95" => Stat::P95,
            "mean" => Stat::Mean,
            other => return Err(SpecError::Statistic(other.to_string())),
        };
        let limit = crate::duration::parse_micros(dur).map_err(SpecError::Duration)?;
        Ok(Budget { stat, limit })
    }
}

impl Budget {
    /// The statistic of served staleness this budget is about, in seconds.
    pub fn measure(&self, s: &Summary) -> f64 {
        match self.stat {
            Stat::P99 => s.staleness.p99,
            Stat::P95 => s.staleness.p95,
            Stat::Mean => s.staleness.mean,
            Stat::Max => s.staleness.max,
        }
    }

    /// In words: "worst staleness", "p95 staleness", "mean staleness".
    pub fn describe(&self) -> String {
        match self.stat {
            Stat::Max => "worst staleness".into(),
            st => format!("{} staleness", st.as_str()),
        }
    }

    /// Whether a run's staleness statistic fits the budget.
    pub fn fits(&self, s: &Summary) -> bool {
        (self.measure(s) * 1e6).round() as Time <= self.limit
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::SECOND;

    #[test]
    fn budgets_parse() {
        assert_eq!(
            "10m".parse::<Budget>().unwrap(),
            Budget {
                stat: Stat::Max,
                limit: 600 * SECOND
            }
        );
        assert_eq!("p95=30s".parse::<Budget>().unwrap().stat, Stat::P95);
        assert!("p42=1s".parse::<Budget>().is_err());
        assert!("p95=soon".parse::<Budget>().is_err());
    }
}
