//! One cache layer's entries: the 16 bytes every request reads in one flat vector, the content's
//! upstream snapshot time (8 bytes, kept once content changes) in a second, and what only a few
//! paths carry at a time — a render a request joins, an on-demand invalidation, a backoff after
//! a failure — in small maps, so a million paths cost 16 to 24 bytes each here.

use super::events::{CacheName, Served};
use super::model::CdnFlavour;
use super::model::Platform;
use super::routes::PathId;
use super::{SECOND, Time};
use rustc_hash::FxHashMap;

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
/// After a failed regeneration: no new attempt before `Marks::retry_at`.
pub const RETRY_WAIT: u8 = 32;
/// The content's upstream snapshot is its write time (a build, or a render that took no
/// time); otherwise it is earlier. Kept so that the snapshot times need not be (see
/// [`Cache::data`]). Not a state: the flag tests below leave it out.
pub const SNAPSHOT_AT_WRITE: u8 = 64;
/// The flags that are states of the entry (all but `SNAPSHOT_AT_WRITE`).
pub const STATES: u8 = !SNAPSHOT_AT_WRITE;

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

impl Hot {
    /// Written, and no flags (no render in flight, no invalidation, no backoff): what the
    /// short cuts may answer. Without a branch.
    #[inline(always)]
    pub fn settled(&self) -> bool {
        (self.version != 0) & (self.flags & STATES == 0)
    }
}

/// A render in flight (the entry's `INFLIGHT` flag is set while the path has one). It travels
/// with the render's completion in the queue; a blocking one is also kept by path, for the
/// requests that join it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Inflight {
    /// When it completes.
    pub done: Time,
    /// Its upstream data snapshot (its start).
    pub data: Time,
    pub version: u32,
}

/// What an on-demand invalidation or a failed regeneration leaves on a path (absent: both 0).
#[derive(Debug, Clone, Copy, Default)]
pub struct Marks {
    /// After a failure (`RETRY_WAIT`): no new attempt before this.
    pub retry_at: Time,
    /// When the last on-demand invalidation arrived.
    pub invalidated_at: Time,
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

/// An entry's snapshot time as far as its flag tells (see [`Cache::keep_data`]).
#[inline]
fn derived_data_time(h: &Hot) -> Time {
    if h.flags & SNAPSHOT_AT_WRITE != 0 {
        h.written_at
    } else {
        h.written_at.saturating_sub(1)
    }
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
    /// Upstream data snapshot of each entry's content (its render's start), kept from the first
    /// content change of the run on (only a path whose content changed reads it). Before, an
    /// entry's flag `SNAPSHOT_AT_WRITE` says whether it equals the write time or is earlier,
    /// which is all a change arriving later can tell apart (see [`Cache::data_time`]).
    data: Vec<Time>,
    keep_data: bool,
    /// Blocking renders in flight (and background ones a request joined), by path (at most one
    /// per path: single flight).
    pub inflight: FxHashMap<PathId, Inflight>,
    /// Paths invalidated on demand or backing off after a failure.
    pub marks: FxHashMap<PathId, Marks>,
    /// Bumped on restart/deploy so renders started before are dropped when they finish.
    pub epoch: u32,
}

impl Cache {
    pub fn new(name: CacheName, policy: Policy) -> Self {
        Cache {
            name,
            policy,
            hot: Vec::new(),
            data: Vec::new(),
            keep_data: false,
            inflight: FxHashMap::default(),
            marks: FxHashMap::default(),
            epoch: 0,
        }
    }

    /// Make room for path ids below `n`. Capacity grows geometrically, but only the entries in
    /// use are written (memory not yet used is not yet touched).
    pub fn grow(&mut self, n: usize) {
        if self.hot.len() < n {
            self.hot.resize(n, Hot::default());
            if self.keep_data {
                self.data.resize(n, 0);
            }
        }
    }

    /// Keep every entry's snapshot time from now on (a content change arrived). The entries
    /// written before get their write time when it was their snapshot, else the instant
    /// before: every content change is at or after now, at or after every write so far, so
    /// both place the entry's content before every change exactly as its true time would.
    pub fn keep_data(&mut self) {
        if self.keep_data {
            return;
        }
        self.keep_data = true;
        self.data = self.hot.iter().map(derived_data_time).collect();
    }

    /// The upstream snapshot time of entry `i`'s content (see [`Cache::keep_data`]).
    #[inline]
    pub fn data_time(&self, i: usize) -> Time {
        match self.data.get(i) {
            Some(&d) => d,
            None => derived_data_time(&self.hot[i]),
        }
    }

    /// Entry `i` was (re)written at `at` with content of snapshot `data_time`.
    #[inline]
    pub fn stamp(&mut self, i: usize, at: Time, data_time: Time) {
        let hot = &mut self.hot[i];
        hot.written_at = at;
        hot.flags &= STATES;
        if data_time == at {
            hot.flags |= SNAPSHOT_AT_WRITE;
        }
        if let Some(d) = self.data.get_mut(i) {
            *d = data_time;
        }
    }

    /// Entry `i` is stamped fresh again at `at` with its old content (a failed regeneration on
    /// next-start).
    pub fn restamp(&mut self, i: usize, at: Time) {
        let old = self.data_time(i);
        self.stamp(i, at, old);
    }

    /// The marks of path `p` (both 0 when it has none).
    #[inline]
    pub fn marks(&self, p: PathId) -> Marks {
        self.marks.get(&p).copied().unwrap_or_default()
    }

    /// Write a fresh entry (a build or a completed render).
    pub fn write(&mut self, p: PathId, version: u32, at: Time, data_time: Time) {
        let i = p as usize;
        self.hot[i] = Hot {
            version,
            ..Hot::default()
        };
        self.stamp(i, at, data_time);
        if !self.inflight.is_empty() {
            self.inflight.remove(&p);
        }
        if !self.marks.is_empty() {
            self.marks.remove(&p);
        }
    }

    /// Drop every entry and every render in flight.
    pub fn clear(&mut self) {
        self.hot.iter_mut().for_each(|h| *h = Hot::default());
        self.data.iter_mut().for_each(|d| *d = 0);
        self.inflight.clear();
        self.marks.clear();
        self.epoch += 1;
    }

    pub fn inflight(&self) -> usize {
        let running = self.hot.iter().filter(|h| h.flags & INFLIGHT != 0).count();
        let blocking = self.hot.iter().filter(|h| h.flags & INFLIGHT_BLOCKING != 0);
        debug_assert!(
            (blocking.count()..=running).contains(&self.inflight.len()),
            "the renders kept by path are neither all the blocking ones nor among those running"
        );
        running
    }
}
