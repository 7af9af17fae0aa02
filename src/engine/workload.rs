//! Synthetic workloads: Zipf popularity over N keys, Poisson arrivals and a Poisson process of
//! content changes, all seeded. Parsed from `zipf:alpha=1.0,keys=1000,rate=50/s,duration=1h`.

use super::{SECOND, Time};
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use rand_distr::{Distribution, Exp, Zipf};
use serde::Serialize;

/// Most keys a workload may have: every key requested becomes a page in memory (about 100 bytes
/// each), so 10 million keys is about 1 GB at worst.
pub const MAX_KEYS: u64 = 10_000_000;

/// A synthetic workload.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WorkloadSpec {
    pub alpha: f64,
    pub keys: u64,
    /// Requests per second.
    pub rate: f64,
    pub duration: Time,
    /// Content changes per second (0: none).
    pub changes: f64,
    /// Path template; `{}` is replaced by the key's popularity rank (1 = most popular).
    pub path: String,
}

/// Parse a rate: `1000/s`, `10/day`, `5/min`, `2/h`, or a bare number per second.
pub fn parse_rate(s: &str) -> Result<f64, String> {
    let (n, unit) = match s.split_once('/') {
        Some((n, u)) => (n, u.trim()),
        None => (s, "s"),
    };
    let n: f64 = n
        .trim()
        .parse()
        .map_err(|_| format!("'{s}' is not a rate; try 1000/s, 5/min or 10/day"))?;
    let per = match unit {
        "s" | "sec" | "second" => 1.0,
        "m" | "min" | "minute" => 60.0,
        "h" | "hour" => 3600.0,
        "d" | "day" => 86400.0,
        _ => {
            return Err(format!(
                "'{s}': unknown rate unit '{unit}' (use s, min, h or day)"
            ));
        }
    };
    if !n.is_finite() || n < 0.0 {
        return Err(format!("'{s}' must be a non-negative rate"));
    }
    Ok(n / per)
}

impl WorkloadSpec {
    /// Parse `zipf:alpha=..,keys=..,rate=../s,duration=..[,changes=../day][,path=/p/{}]`.
    pub fn parse(spec: &str) -> Result<Self, String> {
        let (kind, rest) = spec.split_once(':').unwrap_or((spec, ""));
        if kind.trim() != "zipf" {
            return Err(format!(
                "unknown workload '{kind}'; the supported kind is zipf:alpha=..,keys=..,rate=../s,duration=.."
            ));
        }
        let mut w = WorkloadSpec {
            alpha: 1.0,
            keys: 1000,
            rate: 10.0,
            duration: 3600 * SECOND,
            changes: 0.0,
            path: "/page/{}".into(),
        };
        for kv in rest.split(',').map(str::trim).filter(|s| !s.is_empty()) {
            let (k, v) = kv
                .split_once('=')
                .ok_or_else(|| format!("workload: '{kv}' should be key=value"))?;
            let v = v.trim();
            match k.trim() {
                "alpha" => {
                    w.alpha = v
                        .parse()
                        .map_err(|_| format!("workload: alpha '{v}' is not a number"))?;
                    if !(w.alpha.is_finite() && w.alpha >= 0.0) {
                        return Err(format!("workload: alpha '{v}' must be zero or more"));
                    }
                }
                "keys" => {
                    w.keys = v
                        .replace('_', "")
                        .parse()
                        .map_err(|_| format!("workload: keys '{v}' is not a whole number"))?;
                    if w.keys == 0 || w.keys > MAX_KEYS {
                        return Err(format!(
                            "workload: keys must be between 1 and {MAX_KEYS} (each requested key is a page the simulator keeps, about 100 bytes); with Zipf popularity the rarely requested tail changes little, so use fewer keys"
                        ));
                    }
                }
                "rate" => w.rate = parse_rate(v).map_err(|e| format!("workload: {e}"))?,
                "duration" => {
                    w.duration =
                        crate::duration::parse_micros(v).map_err(|e| format!("workload: {e}"))?;
                }
                "changes" => w.changes = parse_rate(v).map_err(|e| format!("workload: {e}"))?,
                "path" => {
                    if !v.contains("{}") {
                        return Err(format!("workload: path '{v}' needs a {{}} for the key"));
                    }
                    w.path = v.to_string();
                }
                other => {
                    return Err(format!(
                        "workload: unknown key '{other}' (known: alpha, keys, rate, duration, changes, path)"
                    ));
                }
            }
        }
        if w.rate <= 0.0 {
            return Err("workload: rate must be more than zero".into());
        }
        Ok(w)
    }

    pub fn path_for(&self, key: u64) -> String {
        self.path.replacen("{}", &key.to_string(), 1)
    }

    /// The requests and content changes in time order.
    pub fn generate(&self, seed: u64) -> WorkloadIter {
        let keys = self.keys as f64;
        WorkloadIter {
            zipf: Zipf::new(keys, self.alpha).ok(),
            keys: self.keys,
            req_rng: ChaCha8Rng::seed_from_u64(seed),
            chg_rng: ChaCha8Rng::seed_from_u64(seed ^ 0x9E37_79B9_7F4A_7C15),
            req_gap: Exp::new(self.rate).ok(),
            chg_gap: (self.changes > 0.0)
                .then(|| Exp::new(self.changes).ok())
                .flatten(),
            next_req: 0.0,
            next_chg: f64::INFINITY,
            started: false,
            end: self.duration as f64 / SECOND as f64,
        }
    }
}

/// One generated item.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum WorkItem {
    Request { t: Time, key: u64 },
    Change { t: Time, key: u64 },
}

pub struct WorkloadIter {
    zipf: Option<Zipf<f64>>,
    keys: u64,
    req_rng: ChaCha8Rng,
    chg_rng: ChaCha8Rng,
    req_gap: Option<Exp<f64>>,
    chg_gap: Option<Exp<f64>>,
    next_req: f64,
    next_chg: f64,
    started: bool,
    end: f64,
}

impl WorkloadIter {
    fn key(&mut self, change: bool) -> u64 {
        let rng = if change {
            &mut self.chg_rng
        } else {
            &mut self.req_rng
        };
        match &self.zipf {
            Some(z) => (z.sample(rng) as u64).clamp(1, self.keys),
            None => 1,
        }
    }
}

impl Iterator for WorkloadIter {
    type Item = WorkItem;

    fn next(&mut self) -> Option<WorkItem> {
        if !self.started {
            self.started = true;
            self.next_req = self
                .req_gap
                .map_or(f64::INFINITY, |g| g.sample(&mut self.req_rng));
            self.next_chg = self
                .chg_gap
                .map_or(f64::INFINITY, |g| g.sample(&mut self.chg_rng));
        }
        let t = self.next_req.min(self.next_chg);
        if t >= self.end {
            return None;
        }
        let time = (t * SECOND as f64) as Time;
        if self.next_chg < self.next_req {
            let key = self.key(true);
            self.next_chg += self
                .chg_gap
                .map_or(f64::INFINITY, |g| g.sample(&mut self.chg_rng));
            Some(WorkItem::Change { t: time, key })
        } else {
            let key = self.key(false);
            self.next_req += self
                .req_gap
                .map_or(f64::INFINITY, |g| g.sample(&mut self.req_rng));
            Some(WorkItem::Request { t: time, key })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_specs() {
        let w = WorkloadSpec::parse("zipf:alpha=1.2,keys=2000,rate=5/s,duration=1h,changes=4/day")
            .unwrap();
        assert_eq!(w.keys, 2000);
        assert!((w.rate - 5.0).abs() < 1e-9);
        assert!((w.changes - 4.0 / 86400.0).abs() < 1e-12);
        assert_eq!(w.duration, 3600 * SECOND);
        assert!(WorkloadSpec::parse("uniform:keys=3").is_err());
        assert!(WorkloadSpec::parse("zipf:keys=0").is_err());
        assert!(WorkloadSpec::parse("zipf:colour=red").is_err());
        assert!(WorkloadSpec::parse("zipf:rate=3/fortnight").is_err());
    }

    #[test]
    fn generates_ordered_seeded_items() {
        let w = WorkloadSpec::parse("zipf:alpha=1,keys=100,rate=100/s,duration=60s,changes=1/s")
            .unwrap();
        let a: Vec<_> = w.generate(7).collect();
        let b: Vec<_> = w.generate(7).collect();
        assert_eq!(a, b);
        let times: Vec<Time> = a
            .iter()
            .map(|i| match i {
                WorkItem::Request { t, .. } | WorkItem::Change { t, .. } => *t,
            })
            .collect();
        assert!(times.windows(2).all(|w| w[0] <= w[1]));
        let reqs = a
            .iter()
            .filter(|i| matches!(i, WorkItem::Request { .. }))
            .count();
        // Poisson with mean 6000: well within +-10%.
        assert!((5400..6600).contains(&reqs), "{reqs}");
        assert!(a.iter().all(|i| match i {
            WorkItem::Request { key, .. } | WorkItem::Change { key, .. } => (1..=100).contains(key),
        }));
    }
}
