//! Request classes that no ISR route serves (static assets, API routes, redirects): the rules
//! that pick them out, decided once per distinct path, and their counts.

use super::pattern::matches;
use rustc_hash::FxHashMap;
use serde::Serialize;

/// What serves a path.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PathClass {
    /// A page (or a cached route handler): simulated.
    #[default]
    Page,
    /// A static file (`/_next/static/…`, a file of `public/`): served from disk, no render.
    Asset,
    /// An API route handler: runs on every request, never ISR-cached.
    Api,
    /// Answered with a redirect (a trailing-slash or `redirects()` rule).
    Redirect,
}

impl PathClass {
    /// The classes that are not pages, in report order.
    pub const OTHERS: [PathClass; 3] = [PathClass::Asset, PathClass::Api, PathClass::Redirect];

    pub fn name(self) -> &'static str {
        match self {
            PathClass::Page => "page",
            PathClass::Asset => "asset",
            PathClass::Api => "api",
            PathClass::Redirect => "redirect",
        }
    }
}

/// Which paths a class rule takes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "value", rename_all = "snake_case")]
pub enum Matcher {
    Exact(String),
    Prefix(String),
    /// A route pattern (`/api/[slug]`, `/old/[...rest]`), as route patterns match.
    Pattern(String),
    /// Any path but `/` that ends in `/` (Next.js redirects these when `trailingSlash` is off).
    TrailingSlash,
}

impl Matcher {
    pub fn matches(&self, path: &str) -> bool {
        match self {
            Matcher::Exact(p) => path == p,
            Matcher::Prefix(p) => path.starts_with(p.as_str()),
            Matcher::Pattern(p) => matches(p, path),
            Matcher::TrailingSlash => path.len() > 1 && path.ends_with('/'),
        }
    }
}

/// One rule: paths it matches belong to `class`. The first matching rule wins; a path no rule
/// matches is a page (and goes to the routes).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ClassRule {
    pub class: PathClass,
    pub matcher: Matcher,
}

/// The class of `path` under `rules`.
pub fn classify(rules: &[ClassRule], path: &str) -> PathClass {
    Classifier::new(rules).classify(path)
}

/// The rules, ready to classify many paths: exact paths (a build's `public/` may list many
/// thousands) in a hash map, the other rules in order; the first matching rule still wins.
#[derive(Debug, Default)]
pub struct Classifier {
    /// The index and class of the first exact rule for each path.
    exact: FxHashMap<Box<str>, (usize, PathClass)>,
    /// The other rules with their index in the list.
    others: Vec<(usize, ClassRule)>,
}

impl Classifier {
    pub fn new(rules: &[ClassRule]) -> Self {
        let mut c = Classifier::default();
        for (i, r) in rules.iter().enumerate() {
            match &r.matcher {
                Matcher::Exact(p) => {
                    c.exact.entry(p.as_str().into()).or_insert((i, r.class));
                }
                _ => c.others.push((i, r.clone())),
            }
        }
        c
    }

    pub fn classify(&self, path: &str) -> PathClass {
        let exact = self.exact.get(path).copied();
        let other = self
            .others
            .iter()
            .find(|(_, r)| r.matcher.matches(path))
            .map(|(i, r)| (*i, r.class));
        match (exact, other) {
            (Some(a), Some(b)) => {
                if a.0 < b.0 {
                    a.1
                } else {
                    b.1
                }
            }
            (a, b) => a.or(b).map_or(PathClass::Page, |(_, class)| class),
        }
    }
}

/// Requests per class that is not a page.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct OtherRequests {
    pub assets: u64,
    pub api: u64,
    pub redirects: u64,
}

impl OtherRequests {
    #[inline]
    pub fn add(&mut self, class: PathClass) {
        match class {
            PathClass::Page => {}
            PathClass::Asset => self.assets += 1,
            PathClass::Api => self.api += 1,
            PathClass::Redirect => self.redirects += 1,
        }
    }

    pub fn get(&self, class: PathClass) -> u64 {
        match class {
            PathClass::Page => 0,
            PathClass::Asset => self.assets,
            PathClass::Api => self.api,
            PathClass::Redirect => self.redirects,
        }
    }

    pub fn total(&self) -> u64 {
        self.assets + self.api + self.redirects
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_matching_rule_wins_and_the_rest_are_pages() {
        let rules = vec![
            ClassRule {
                class: PathClass::Asset,
                matcher: Matcher::Prefix("/_next/static/".into()),
            },
            ClassRule {
                class: PathClass::Api,
                matcher: Matcher::Pattern("/api/[...rest]".into()),
            },
            ClassRule {
                class: PathClass::Redirect,
                matcher: Matcher::TrailingSlash,
            },
            ClassRule {
                class: PathClass::Asset,
                matcher: Matcher::Exact("/favicon.ico".into()),
            },
        ];
        assert_eq!(
            classify(&rules, "/_next/static/chunks/a.js"),
            PathClass::Asset
        );
        assert_eq!(classify(&rules, "/api/revalidate"), PathClass::Api);
        // `[...rest]` needs one segment: `/api/` is the trailing-slash redirect.
        assert_eq!(classify(&rules, "/api/"), PathClass::Redirect);
        assert_eq!(classify(&rules, "/blog/"), PathClass::Redirect);
        assert_eq!(classify(&rules, "/"), PathClass::Page);
        assert_eq!(classify(&rules, "/favicon.ico"), PathClass::Asset);
        assert_eq!(classify(&rules, "/favicon.ico2"), PathClass::Page);
        assert_eq!(classify(&rules, "/blog/a"), PathClass::Page);
        // An earlier pattern rule wins over a later exact one, and the other way round.
        let api_first = [
            rules[1].clone(),
            ClassRule {
                class: PathClass::Asset,
                matcher: Matcher::Exact("/api/x".into()),
            },
        ];
        assert_eq!(classify(&api_first, "/api/x"), PathClass::Api);
        let exact_first = [api_first[1].clone(), api_first[0].clone()];
        assert_eq!(classify(&exact_first, "/api/x"), PathClass::Asset);
        let mut n = OtherRequests::default();
        for c in [
            PathClass::Asset,
            PathClass::Api,
            PathClass::Asset,
            PathClass::Page,
        ] {
            n.add(c);
        }
        assert_eq!((n.assets, n.api, n.redirects, n.total()), (2, 1, 0, 3));
    }
}
