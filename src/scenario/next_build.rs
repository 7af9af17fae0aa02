//! Routes from a Next.js build (`.next` after `next build`): revalidate and expire per route,
//! prerendered paths, dynamic routes and their `dynamicParams`, the app's `expireTime`, and the
//! paths no ISR route serves (static files, public files, API routes, redirects) as classes.
//!
//! Read from `prerender-manifest.json` (ISR routes), `routes-manifest.json` (every route,
//! redirects, `basePath`), `app-path-routes-manifest.json` (which routes are handlers) and
//! `required-server-files.json` (`expireTime`, `trailingSlash`), plus the `public/` folder next
//! to the build.

use crate::engine::classes::{ClassRule, Matcher, PathClass};
use crate::engine::model::{Revalidate, Route};
use crate::engine::{SECOND, Time};
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Files of `public/` read at most (a bigger folder is reported, not loaded).
const MAX_PUBLIC_FILES: usize = 100_000;

/// A build that cannot be read.
#[derive(Debug, thiserror::Error)]
pub enum NextBuildError {
    #[error("{} is not a Next.js build directory: {} is missing", dir.display(), file)]
    NotABuild { dir: PathBuf, file: &'static str },
    #[error("cannot read {}: {source}", path.display())]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{}: {source}", path.display())]
    Json {
        path: PathBuf,
        #[source]
        source: serde_json::Error,
    },
}

/// What the build says about the site.
#[derive(Debug, Clone, Default)]
pub struct NextBuild {
    /// The build directory that was read.
    pub dir: PathBuf,
    /// Page routes, most specific first (exact paths before patterns).
    pub routes: Vec<Route>,
    /// Paths that are not pages.
    pub classes: Vec<ClassRule>,
    /// Prerendered paths of ISR routes (a time-based `revalidate`), sorted.
    pub isr_paths: Vec<String>,
    /// Things the build holds that the simulation does not model, said once.
    pub notes: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct PrerenderManifest {
    #[serde(default)]
    routes: BTreeMap<String, PrerenderRoute>,
    #[serde(default)]
    dynamic_routes: BTreeMap<String, DynamicRoute>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct PrerenderRoute {
    /// `false` (never) or seconds.
    #[serde(default)]
    initial_revalidate_seconds: serde_json::Value,
    #[serde(default)]
    initial_expire_seconds: Option<f64>,
    src_route: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct DynamicRoute {
    /// `null`: render unknown params on demand (blocking); `false`: 404 (`dynamicParams =
    /// false`); a string: a fallback shell first.
    #[serde(default)]
    fallback: serde_json::Value,
    #[serde(default)]
    fallback_revalidate: serde_json::Value,
    #[serde(default)]
    fallback_expire: Option<f64>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
struct RoutesManifest {
    #[serde(default)]
    base_path: String,
    #[serde(default)]
    static_routes: Vec<PageEntry>,
    #[serde(default)]
    dynamic_routes: Vec<PageEntry>,
    #[serde(default)]
    redirects: Vec<Redirect>,
}

#[derive(Debug, Deserialize)]
struct PageEntry {
    page: String,
}

#[derive(Debug, Deserialize)]
struct Redirect {
    source: String,
    #[serde(default)]
    internal: bool,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
struct ServerFiles {
    #[serde(default)]
    config: ServerConfig,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
struct ServerConfig {
    expire_time: Option<f64>,
    #[serde(default)]
    trailing_slash: bool,
    #[serde(default)]
    i18n: serde_json::Value,
}

/// Read a build: `dir` is the `.next` folder, or the project folder that holds one.
pub fn load(dir: &Path) -> Result<NextBuild, NextBuildError> {
    let dir = if dir.join(".next").join("prerender-manifest.json").is_file() {
        dir.join(".next")
    } else {
        dir.to_path_buf()
    };
    let prerender: PrerenderManifest =
        read_json(&dir, "prerender-manifest.json")?.ok_or_else(|| NextBuildError::NotABuild {
            dir: dir.clone(),
            file: "prerender-manifest.json",
        })?;
    let manifest: RoutesManifest = read_json(&dir, "routes-manifest.json")?.unwrap_or_default();
    let handlers: BTreeMap<String, String> =
        read_json(&dir, "app-path-routes-manifest.json")?.unwrap_or_default();
    let server: ServerFiles = read_json(&dir, "required-server-files.json")?.unwrap_or_default();
    let mut b = NextBuild {
        dir: dir.clone(),
        ..NextBuild::default()
    };
    let base = manifest.base_path.trim_end_matches('/').to_string();
    let expire_time = server.config.expire_time.and_then(seconds);
    if !server.config.i18n.is_null() {
        b.notes.push("the build uses i18n: locale prefixes are not expanded, so localized paths match only as written in the routes".into());
    }
    isr_routes(&prerender, &base, expire_time, &mut b);
    let handler_pages: BTreeSet<&str> = handlers
        .iter()
        .filter(|(k, _)| k.ends_with("/route"))
        .map(|(_, v)| v.as_str())
        .collect();
    other_routes(&manifest, &prerender, &handler_pages, &base, &mut b);
    asset_rules(&dir, &base, &mut b);
    redirect_rules(&manifest, &base, server.config.trailing_slash, &mut b);
    b.routes.sort_by_key(|r| specificity(&r.pattern));
    Ok(b)
}

/// `Ok(None)` when the file is absent.
fn read_json<T: serde::de::DeserializeOwned>(
    dir: &Path,
    name: &str,
) -> Result<Option<T>, NextBuildError> {
    let path = dir.join(name);
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(source) => return Err(NextBuildError::Read { path, source }),
    };
    serde_json::from_str(&text)
        .map(Some)
        .map_err(|source| NextBuildError::Json { path, source })
}

/// Seconds from the manifest, as engine time; `None` when negative, not finite or past the
/// longest duration the simulator takes (100 years).
fn seconds(s: f64) -> Option<Time> {
    let max = crate::duration::MAX_MICROS as f64 / SECOND as f64;
    (s.is_finite() && (0.0..=max).contains(&s)).then_some((s * SECOND as f64) as Time)
}

/// `false` → never; 0 → every request renders; n → after n seconds; anything else → unknown.
fn revalidate_of(v: &serde_json::Value) -> Option<Revalidate> {
    match v {
        serde_json::Value::Bool(false) => Some(Revalidate::Never),
        serde_json::Value::Number(n) => match n.as_f64().and_then(seconds)? {
            0 => Some(Revalidate::Always),
            t => Some(Revalidate::After(t)),
        },
        _ => None,
    }
}

/// Internal pages (`/_not-found`, `/_global-error`, `/_app`, …) are never requested as such.
fn internal(page: &str) -> bool {
    page.starts_with("/_")
}

/// Routes from the prerender manifest: one per source route, with its prerendered paths.
fn isr_routes(p: &PrerenderManifest, base: &str, expire_time: Option<Time>, b: &mut NextBuild) {
    let mut groups: BTreeMap<&str, Vec<(&str, &PrerenderRoute)>> = BTreeMap::new();
    for (path, r) in &p.routes {
        let src = r.src_route.as_deref().unwrap_or(path);
        if !internal(src) {
            groups.entry(src).or_default().push((path, r));
        }
    }
    for (src, paths) in &groups {
        let first = paths[0].1;
        let mut route = Route::new(format!("{base}{src}"));
        route.revalidate =
            revalidate_of(&first.initial_revalidate_seconds).unwrap_or(Revalidate::Never);
        route.expire = first
            .initial_expire_seconds
            .and_then(seconds)
            .or(expire_time);
        route.prerender = paths.iter().map(|(p, _)| format!("{base}{p}")).collect();
        if let Some(d) = p.dynamic_routes.get(*src) {
            route.dynamic_params = d.fallback != serde_json::Value::Bool(false);
        }
        if matches!(route.revalidate, Revalidate::After(_)) {
            b.isr_paths.extend(route.prerender.iter().cloned());
        }
        b.routes.push(route);
    }
    for (src, d) in &p.dynamic_routes {
        if groups.contains_key(src.as_str()) || internal(src) {
            continue;
        }
        let mut route = Route::new(format!("{base}{src}"));
        route.dynamic_params = d.fallback != serde_json::Value::Bool(false);
        route.expire = d.fallback_expire.and_then(seconds).or(expire_time);
        route.revalidate = match revalidate_of(&d.fallback_revalidate) {
            Some(r) => r,
            None => {
                b.notes.push(format!(
                    "{src}: the build records no revalidate (no path of it was prerendered); \
                     simulated as revalidate = false (cached until invalidated) unless --revalidate is given"
                ));
                Revalidate::Never
            }
        };
        b.routes.push(route);
    }
    b.isr_paths.sort();
}

/// Routes of the routes manifest that the prerender manifest does not hold: route handlers are
/// API (or static files when they serve one, like `/favicon.ico` or `/robots.txt`); pages are
/// dynamic (rendered on every request).
fn other_routes(
    m: &RoutesManifest,
    p: &PrerenderManifest,
    handlers: &BTreeSet<&str>,
    base: &str,
    b: &mut NextBuild,
) {
    let known: BTreeSet<&str> = p
        .routes
        .iter()
        .map(|(k, r)| r.src_route.as_deref().unwrap_or(k))
        .chain(p.dynamic_routes.keys().map(String::as_str))
        .collect();
    for entry in m.static_routes.iter().chain(&m.dynamic_routes) {
        let page = entry.page.as_str();
        if internal(page) || known.contains(page) {
            continue;
        }
        let pattern = format!("{base}{page}");
        let last = page.rsplit('/').next().unwrap_or_default();
        let class = if handlers.contains(page) && last.contains('.') {
            Some(PathClass::Asset)
        } else if handlers.contains(page) || page == "/api" || page.starts_with("/api/") {
            Some(PathClass::Api)
        } else {
            None
        };
        match class {
            Some(class) => b.classes.push(ClassRule {
                class,
                matcher: Matcher::Pattern(pattern),
            }),
            None => {
                let mut route = Route::new(pattern);
                route.revalidate = Revalidate::Always;
                b.routes.push(route);
            }
        }
    }
}

/// Build output and the files of `public/` (next to the build directory).
fn asset_rules(dir: &Path, base: &str, b: &mut NextBuild) {
    for prefix in ["/_next/static/", "/_next/image"] {
        b.classes.push(ClassRule {
            class: PathClass::Asset,
            matcher: Matcher::Prefix(format!("{base}{prefix}")),
        });
    }
    let Some(public) = dir.parent().map(|p| p.join("public")) else {
        return;
    };
    let mut files = Vec::new();
    let mut stack = vec![public.clone()];
    while let Some(d) = stack.pop() {
        let Ok(rd) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in rd.flatten() {
            let path = e.path();
            if e.file_type().is_ok_and(|t| t.is_dir()) {
                stack.push(path);
            } else if let Ok(rel) = path.strip_prefix(&public) {
                if files.len() == MAX_PUBLIC_FILES {
                    b.notes.push(format!(
                        "{} holds more than {MAX_PUBLIC_FILES} files: the rest count as pages",
                        public.display()
                    ));
                    stack.clear();
                    break;
                }
                let rel = rel.to_string_lossy().replace('\\', "/");
                files.push(format!("{base}/{rel}"));
            }
        }
    }
    files.sort();
    b.classes.extend(files.into_iter().map(|f| ClassRule {
        class: PathClass::Asset,
        matcher: Matcher::Exact(f),
    }));
}

/// The trailing-slash redirect (`trailingSlash` off: `/a/` → `/a`) and `redirects()` rules whose
/// source is a plain path pattern (`/old/:slug`, `/docs/:path*`).
fn redirect_rules(m: &RoutesManifest, base: &str, trailing_slash: bool, b: &mut NextBuild) {
    if trailing_slash {
        b.notes.push("trailingSlash is on: requests without the slash (redirected by Next.js) are simulated as pages".into());
    } else {
        b.classes.push(ClassRule {
            class: PathClass::Redirect,
            matcher: Matcher::TrailingSlash,
        });
    }
    let mut skipped = Vec::new();
    for r in m.redirects.iter().filter(|r| !r.internal) {
        match pattern_of(&r.source) {
            Some(p) => b.classes.push(ClassRule {
                class: PathClass::Redirect,
                matcher: Matcher::Pattern(format!("{base}{p}")),
            }),
            None => skipped.push(r.source.as_str()),
        }
    }
    if !skipped.is_empty() {
        b.notes.push(format!(
            "redirect sources with regular expressions are not matched (their paths count as pages): {}",
            skipped.join(", ")
        ));
    }
}

/// A `redirects()` source (`/blog/:slug`, `/docs/:path*`, `/a/:rest+`) as a route pattern;
/// `None` when it uses regular expressions or conditions the pattern language lacks.
fn pattern_of(source: &str) -> Option<String> {
    if source.contains(['(', ')', '{', '}', '?', '[']) {
        return None;
    }
    let segs: Vec<String> = source
        .trim_start_matches('/')
        .split('/')
        .map(|s| match s.strip_prefix(':') {
            Some(n) if n.ends_with('*') => format!("[[...{}]]", &n[..n.len() - 1]),
            Some(n) if n.ends_with('+') => format!("[...{}]", &n[..n.len() - 1]),
            Some(n) => format!("[{n}]"),
            None => s.to_string(),
        })
        .collect();
    Some(format!("/{}", segs.join("/")))
}

/// Sort key: exact paths first, then patterns with more fixed segments, catch-alls last.
fn specificity(pattern: &str) -> (bool, bool, std::cmp::Reverse<usize>) {
    let segs: Vec<&str> = pattern.split('/').filter(|s| !s.is_empty()).collect();
    let fixed = segs.iter().filter(|s| !s.starts_with('[')).count();
    let catch_all = pattern.contains("[...") || pattern.contains('*');
    (
        !crate::engine::routes::is_exact(pattern),
        catch_all,
        std::cmp::Reverse(fixed),
    )
}

#[cfg(test)]
mod tests;
