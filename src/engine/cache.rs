//! One cache layer's entries, split hot/cold: the 16 bytes every request reads sit in one flat
//! vector; what only renders, invalidations and backoff need lives in a second one.

use super::events::{CacheName, Served};
use super::model::CdnFlavour;
use super::model::Platform;
use super::routes::PathId;
use super::{SECOND, Time};

/// Soft invalidation: the next request gets STALE and triggers a regeneration.
pub const SOFT: u8 = 1;
/// Hard invalidation: the next request blocks on a render.
pub const HARD: u8 = 2;
/// A render is in flight (single flight: at most one per path per cache).
pub const INFLIGHT: u8 = 4;
/// The render in flight is blocking (requests join it).
pub const INFLIGHT_BLOCKING: u8 = 8;
/// The render in flight will succeed.
pub const INFLIGHT_OK: u8 = 16;
/// After a failed regeneration: no new attempt before `Cold::retry_at`.
pub const RETRY_WAIT: u8 = 32;

/// What every request reads. `version == 0` means absent.
#[derive(Debug, Clone, Copy, Default)]
pub struct Hot {
    /// When the entry was written: the freshness clock starts here.
    pub written_at: Time,
    pub version: u32,
    pub flags: u8,
    /// Label given to requests joining the blocking render in flight.
    pub join_label: Served,
    /// The path's route index + 1 once a request found that the path may take the fresh-hit
    /// short cut (a page whose content never changed, with a time-based revalidate), 0 until
    /// then: the short cut then reads this entry alone. Rewriting the entry clears it, and so
    /// does a content change of the path.
    pub fast: u16,
}

/// What only renders, invalidations and staleness bookkeeping read.
#[derive(Debug, Clone, Copy, Default)]
pub struct Cold {
    /// Upstream data snapshot of the content (its render's start).
    pub data_time: Time,
    pub retry_at: Time,
    /// When the last on-demand invalidation arrived.
    pub invalidated_at: Time,
    pub inflight_done: Time,
    pub inflight_data: Time,
    pub inflight_version: u32,
}

/// Per-layer behaviour of a platform profile.
#[derive(Debug, Clone, Copy)]
pub struct Policy {
    /// next-start: a failed background regeneration re-stamps the old entry as fresh.
    pub restamp_on_failure: bool,
    /// vercel: after a failed regeneration, serve stale without retrying for this long.
    pub retry_after: Time,
    /// Label for the blocking render past `expire`.
    pub expired_label: Served,
    /// Label for the requests that join that render (next-start, measured: HIT).
    pub expired_join_label: Served,
    /// cdn: serve stale when the blocking refresh fails and stale-if-error allows.
    pub stale_if_error: bool,
    /// next-start (measured): a render's result is stored as of its completion and supersedes
    /// the invalidations that arrived while it ran; a request after a hard invalidation while
    /// a background render runs gets the old entry (STALE) at once instead of waiting.
    pub render_wins: bool,
    /// next-start (measured): a restart lets the renders in flight finish and keeps them
    /// (SIGTERM waits for them); otherwise they are dropped.
    pub graceful_restart: bool,
    /// Label for requests given the old entry while a background refresh runs (nginx: UPDATING).
    pub updating_label: Served,
    /// Label for requests that join the blocking render of an absent entry (nginx's
    /// proxy_cache_lock: they read the new entry, HIT).
    pub miss_join_label: Served,
    /// nginx: ages on a clock of whole seconds, t = 0 being this far past a whole second.
    pub second_clock: Option<Time>,
}

impl Policy {
    pub fn for_platform(p: Platform) -> Self {
        match p {
            Platform::NextStart => Policy {
                restamp_on_failure: true,
                retry_after: 0,
                expired_label: Served::Revalidated,
                expired_join_label: Served::Hit,
                stale_if_error: false,
                render_wins: true,
                graceful_restart: true,
                updating_label: Served::Stale,
                miss_join_label: Served::Miss,
                second_clock: None,
            },
            Platform::Vercel => Policy {
                restamp_on_failure: false,
                retry_after: Platform::VERCEL_RETRY,
                expired_label: Served::Miss,
                expired_join_label: Served::Miss,
                stale_if_error: false,
                render_wins: false,
                graceful_restart: false,
                updating_label: Served::Stale,
                miss_join_label: Served::Miss,
                second_clock: None,
            },
            Platform::Cdn => Policy {
                restamp_on_failure: false,
                retry_after: 0,
                expired_label: Served::Miss,
                expired_join_label: Served::Miss,
                stale_if_error: true,
                render_wins: false,
                graceful_restart: false,
                updating_label: Served::Stale,
                miss_join_label: Served::Miss,
                second_clock: None,
            },
        }
    }

    /// The CDN layer's policy (or the `cdn` platform's cache).
    pub fn for_cdn(flavour: CdnFlavour, clock_phase: Time) -> Self {
        let generic = Self::for_platform(Platform::Cdn);
        match flavour {
            CdnFlavour::Generic => generic,
            CdnFlavour::Nginx => Policy {
                expired_label: Served::Expired,
                expired_join_label: Served::Hit,
                updating_label: Served::Updating,
                miss_join_label: Served::Hit,
                second_clock: Some(clock_phase),
                ..generic
            },
        }
    }

    /// Whether an entry written at `written` is `span` old at `t`. nginx keeps whole seconds:
    /// an entry stored in second S with max-age n is fresh through second S + n.
    #[inline]
    pub fn elapsed(&self, written: Time, t: Time, span: Time) -> bool {
        match self.second_clock {
            None => t - written >= span,
            Some(phase) => {
                let sec = |x: Time| (x + phase).div_euclid(SECOND);
                sec(t) > sec(written).saturating_add(span / SECOND)
            }
        }
    }
}

/// One cache: the CDN, one instance's cache, or a shared cache.
pub struct Cache {
    pub name: CacheName,
    pub policy: Policy,
    pub hot: Vec<Hot>,
    pub cold: Vec<Cold>,
    /// Bumped on restart/deploy so renders started before are dropped when they finish.
    pub epoch: u32,
}

impl Cache {
    pub fn new(name: CacheName, policy: Policy) -> Self {
        Cache {
            name,
            policy,
            hot: Vec::new(),
            cold: Vec::new(),
            epoch: 0,
        }
    }

    /// Make room for path ids below `n`.
    pub fn grow(&mut self, n: usize) {
        if self.hot.len() < n {
            self.hot.resize(n, Hot::default());
            self.cold.resize(n, Cold::default());
        }
    }

    /// Write a fresh entry (a build or a completed render).
    pub fn write(&mut self, p: PathId, version: u32, at: Time, data_time: Time) {
        let i = p as usize;
        self.hot[i] = Hot {
            written_at: at,
            version,
            ..Hot::default()
        };
        self.cold[i] = Cold {
            data_time,
            ..Cold::default()
        };
    }

    /// Drop every entry and every render in flight.
    pub fn clear(&mut self) {
        self.hot.iter_mut().for_each(|h| *h = Hot::default());
        self.cold.iter_mut().for_each(|c| *c = Cold::default());
        self.epoch += 1;
    }

    pub fn inflight(&self) -> usize {
        self.hot.iter().filter(|h| h.flags & INFLIGHT != 0).count()
    }
}
