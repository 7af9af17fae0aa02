//! Route patterns, path interning and prerender-list expansion.
//!
//! Each distinct path is interned once to a dense `u32` id; per-path state everywhere else is a
//! flat vector indexed by that id, so memory grows with distinct paths, never with requests.

use super::classes::{ClassRule, Classifier, PathClass};
use super::model::Route;
use super::names::Names;
pub use super::pattern::{is_exact, matches};
use rustc_hash::FxHashMap;

/// Dense id of an interned path.
pub type PathId = u32;

/// Route index meaning "no route matched" (served as 404).
pub const NO_ROUTE: u16 = u16::MAX;

/// Expand `{a..b}` integer ranges in a path (`/docs/page-{1..50}` gives 50 paths).
pub fn expand_ranges(s: &str) -> Result<Vec<String>, String> {
    let n = range_count(s)?;
    if n > MAX_PRERENDER {
        return Err(too_many_pages(s, n));
    }
    let mut out = Vec::with_capacity(n as usize);
    expand_into(s, "", &mut out);
    Ok(out)
}

/// Most prerendered pages in a scenario, over all routes: each is a page the simulator keeps
/// in memory from the start (a path string, a table entry and its state, about 100 bytes).
pub const MAX_PRERENDER: u64 = 1_000_000;

/// Most routes in a scenario (a route index is 16 bits, one value is "no route").
pub const MAX_ROUTES: usize = u16::MAX as usize - 1;

/// The message for a prerender list that expands to `n` pages, more than the limit.
pub fn too_many_pages(s: &str, n: u64) -> String {
    format!(
        "{} expands to {n} pages, more than the limit of {MAX_PRERENDER} prerendered pages (each is kept in memory); prerender fewer, or leave them out and let dynamic pages render on first request",
        crate::human::quoted(s.as_bytes(), 60)
    )
}

/// How many paths `{a..b}` ranges in `s` expand to, without expanding them (`u64::MAX` when
/// the product does not fit). Checks the syntax as `expand_ranges` does.
pub fn range_count(s: &str) -> Result<u64, String> {
    let q = || crate::human::quoted(s.as_bytes(), 60);
    let mut n: u64 = 1;
    let mut rest = s;
    while let Some(open) = rest.find('{') {
        let close = rest[open..]
            .find('}')
            .map(|c| open + c)
            .ok_or_else(|| format!("{}: '{{' without a closing '}}'", q()))?;
        let (a, b) = range_bounds(&rest[open + 1..close]).map_err(|m| format!("{}: {m}", q()))?;
        n = n.saturating_mul(b - a + 1);
        rest = &rest[close + 1..];
    }
    Ok(n)
}

fn range_bounds(inner: &str) -> Result<(u64, u64), String> {
    let (a, b) = inner
        .split_once("..")
        .ok_or("expected a range like {1..50}")?;
    let num = |x: &str| {
        x.trim().parse::<u64>().map_err(|_| {
            format!(
                "{} is not a whole number",
                crate::human::quoted(x.trim().as_bytes(), 24)
            )
        })
    };
    let (a, b) = (num(a)?, num(b)?);
    if b < a {
        return Err(format!("range {a}..{b} is empty"));
    }
    Ok((a, b))
}

/// Append the expansion of `s` (already checked by `range_count`) after `prefix` to `out`.
fn expand_into(s: &str, prefix: &str, out: &mut Vec<String>) {
    let Some(open) = s.find('{') else {
        out.push(format!("{prefix}{s}"));
        return;
    };
    let close = open + s[open..].find('}').expect("checked by range_count");
    let (a, b) = range_bounds(&s[open + 1..close]).expect("checked by range_count");
    for i in a..=b {
        expand_into(&s[close + 1..], &format!("{prefix}{}{i}", &s[..open]), out);
    }
}

/// Per-path facts, plus the two per-path counters the engine keeps (one flat record per path, so
/// a request touches one cache line here).
#[derive(Debug, Clone, Copy)]
pub struct PathInfo {
    /// Render generations so far (the build is 1).
    pub versions: u32,
    /// Index into the route list, or `NO_ROUTE`.
    pub route: u16,
    /// Not a page (an asset, API route or redirect): counted, never cached.
    pub class: PathClass,
    /// `CHANGED`, `PRERENDERED`, `NOT_FOUND` (eight bytes a path in all).
    bits: u8,
}

const CHANGED: u8 = 1;
const PRERENDERED: u8 = 2;
const NOT_FOUND: u8 = 4;

impl PathInfo {
    /// Upstream content of this path changed at least once (staleness is tracked).
    #[inline]
    pub fn changed(&self) -> bool {
        self.bits & CHANGED != 0
    }

    pub fn set_changed(&mut self) {
        self.bits |= CHANGED;
    }

    /// Written at deploy time.
    #[inline]
    pub fn prerendered(&self) -> bool {
        self.bits & PRERENDERED != 0
    }

    /// Served as 404 (no route, or `dynamic_params = false` and not prerendered).
    #[inline]
    pub fn not_found(&self) -> bool {
        self.bits & NOT_FOUND != 0
    }
}

/// The 64-bit key of a path: xxh3 of its bytes. Paths are told apart by this key alone, which
/// keeps the lookup to one probe of a table of integers (no string compare, no pointer chase).
/// Two different paths share a key with probability about n²/2⁶⁵: below 10⁻⁸ for a million
/// distinct paths.
#[inline]
pub fn path_key(path: &[u8]) -> u64 {
    xxhash_rust::xxh3::xxh3_64(path)
}

/// The interned paths and their routes.
#[derive(Debug, Default)]
pub struct PathTable {
    /// Key → id, kept from the first look-up by name on. Until then every path came from a
    /// caller that knew it to be new ([`PathTable::intern_unseen`]: a trace reader numbers its
    /// paths itself), and a replay of a million paths keeps no second table of them.
    ids: Option<FxHashMap<u64, PathId>>,
    /// Every path's name, front-coded (one allocation, not one per path: at a million paths
    /// their text alone is tens of MiB).
    names: Names,
    pub info: Vec<PathInfo>,
    prerendered: FxHashMap<Box<str>, ()>,
    classes: Classifier,
}

impl PathTable {
    /// Build the table, interning every prerendered path of every route.
    pub fn new(routes: &[Route], classes: &[ClassRule]) -> Result<Self, String> {
        let mut t = PathTable {
            classes: Classifier::new(classes),
            ..PathTable::default()
        };
        let mut total: u64 = 0;
        for r in routes {
            for p in &r.prerender {
                total = total.saturating_add(range_count(p)?);
                if total > MAX_PRERENDER {
                    return Err(too_many_pages(p, total));
                }
            }
        }
        for r in routes {
            for p in &r.prerender {
                for e in expand_ranges(p)? {
                    t.prerendered.insert(e.into_boxed_str(), ());
                }
            }
        }
        let pre: Vec<Box<str>> = t.prerendered.keys().cloned().collect();
        let mut pre = pre;
        pre.sort();
        for p in pre {
            t.intern(&p, routes);
        }
        Ok(t)
    }

    pub fn len(&self) -> usize {
        self.names.len()
    }

    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }

    /// The name of path `id`.
    pub fn name(&self, id: PathId) -> String {
        self.names.get(id as usize)
    }

    /// The id of `path`, interning it (and resolving its route) on first sight.
    #[inline]
    pub fn intern(&mut self, path: &str, routes: &[Route]) -> PathId {
        self.intern_bytes(path.as_bytes(), routes)
    }

    /// As `intern`, for raw bytes from a trace (invalid UTF-8 is shown lossily in output).
    #[inline]
    pub fn intern_bytes(&mut self, path: &[u8], routes: &[Route]) -> PathId {
        // Keyed by the name as stored (invalid UTF-8 shown lossily), so that the table can be
        // rebuilt from the names.
        let key = match std::str::from_utf8(path) {
            Ok(_) => path_key(path),
            Err(_) => path_key(String::from_utf8_lossy(path).as_bytes()),
        };
        if let Some(&id) = self.index().get(&key) {
            return id;
        }
        let id = self.insert_new(path, routes);
        self.index().insert(key, id);
        id
    }

    /// As `intern_bytes`, for a path the caller has not given before (a trace reader's new path
    /// number). It may still have been interned by name (a prerendered page, a scenario
    /// action's target): that is looked up once a name was.
    #[inline]
    pub fn intern_unseen(&mut self, path: &[u8], routes: &[Route]) -> PathId {
        if self.ids.is_some() {
            return self.intern_bytes(path, routes);
        }
        self.insert_new(path, routes)
    }

    /// The key → id table, built from the names on first use.
    fn index(&mut self) -> &mut FxHashMap<u64, PathId> {
        if self.ids.is_none() {
            let mut ids = FxHashMap::default();
            ids.reserve(self.len());
            self.names
                .for_each(|id, name| _ = ids.insert(path_key(name), id as PathId));
            self.ids = Some(ids);
        }
        self.ids.as_mut().expect("built above")
    }

    #[cold]
    fn insert_new(&mut self, raw: &[u8], routes: &[Route]) -> PathId {
        let text = String::from_utf8_lossy(raw);
        let path: &str = &text;
        let id = self.names.len() as PathId;
        let route = routes
            .iter()
            .position(|r| matches(&r.pattern, path))
            .map(|i| i as u16)
            .unwrap_or(NO_ROUTE);
        let class = self.classes.classify(path);
        let prerendered = route != NO_ROUTE && self.prerendered.contains_key(path);
        let not_found =
            route == NO_ROUTE || (!routes[route as usize].dynamic_params && !prerendered);
        self.names.push(path);
        self.info.push(PathInfo {
            versions: 0,
            route,
            class,
            bits: if prerendered { PRERENDERED } else { 0 } | if not_found { NOT_FOUND } else { 0 },
        });
        id
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns() {
        assert!(matches("/pricing", "/pricing"));
        assert!(!matches("/pricing", "/pricing/x"));
        assert!(matches("/blog/[slug]", "/blog/hello"));
        assert!(!matches("/blog/[slug]", "/blog"));
        assert!(!matches("/blog/[slug]", "/blog/a/b"));
        assert!(matches("/docs/[...rest]", "/docs/a/b"));
        assert!(!matches("/docs/[...rest]", "/docs"));
        assert!(matches("/docs/[[...rest]]", "/docs"));
        assert!(matches("/docs/*", "/docs/x/y"));
        assert!(matches("*", "/anything"));
    }

    #[test]
    fn ranges() {
        assert_eq!(
            expand_ranges("/p-{1..3}").unwrap(),
            vec!["/p-1", "/p-2", "/p-3"]
        );
        assert_eq!(expand_ranges("/x").unwrap(), vec!["/x"]);
        assert_eq!(expand_ranges("/{1..2}/{1..2}").unwrap().len(), 4);
        assert!(expand_ranges("/p-{3..1}").is_err());
        assert!(expand_ranges("/p-{1..").is_err());
    }

    #[test]
    fn not_found_rules() {
        let mut strict = Route::new("/s/[id]");
        strict.dynamic_params = false;
        strict.prerender = vec!["/s/1".into()];
        let routes = vec![strict, Route::new("/open/[id]")];
        let mut t = PathTable::new(&routes, &[]).unwrap();
        let a = t.intern("/s/1", &routes);
        let b = t.intern("/s/2", &routes);
        let c = t.intern("/open/9", &routes);
        let d = t.intern("/nowhere", &routes);
        assert!(t.info[a as usize].prerendered() && !t.info[a as usize].not_found());
        assert!(t.info[b as usize].not_found());
        assert!(!t.info[c as usize].not_found() && !t.info[c as usize].prerendered());
        assert!(t.info[d as usize].not_found());
    }
}
