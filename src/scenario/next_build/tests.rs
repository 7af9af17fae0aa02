use super::*;
use crate::engine::classes::classify;

fn fixture() -> NextBuild {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/next-build/.next");
    load(&dir).expect("the fixture build loads")
}

fn route<'a>(b: &'a NextBuild, pattern: &str) -> &'a Route {
    b.routes
        .iter()
        .find(|r| r.pattern == pattern)
        .unwrap_or_else(|| panic!("no route {pattern} in {:?}", b.routes))
}

#[test]
fn isr_routes_carry_revalidate_expire_and_prerendered_paths() {
    let b = fixture();
    let year = 31_536_000 * SECOND;
    let isr = route(&b, "/isr");
    assert_eq!(isr.revalidate, Revalidate::After(5 * SECOND));
    assert_eq!(isr.expire, Some(year));
    assert_eq!(isr.prerender, ["/isr"]);
    assert_eq!(
        route(&b, "/tagged").revalidate,
        Revalidate::After(3600 * SECOND)
    );
    let posts = route(&b, "/posts/[id]");
    assert_eq!(posts.prerender, ["/posts/1", "/posts/2"]);
    assert!(
        posts.dynamic_params,
        "fallback null renders unknown ids on demand"
    );
    assert_eq!(route(&b, "/").revalidate, Revalidate::Never);
    assert_eq!(
        b.isr_paths,
        ["/flaky", "/isr", "/posts/1", "/posts/2", "/tagged"]
    );
}

#[test]
fn dynamic_pages_render_every_request_and_dynamic_params_false_is_kept() {
    let b = fixture();
    assert_eq!(route(&b, "/dynamic").revalidate, Revalidate::Always);
    let docs = route(&b, "/docs/[slug]");
    assert!(!docs.dynamic_params);
    assert_eq!(docs.revalidate, Revalidate::Never);
    assert!(
        b.notes
            .iter()
            .any(|n| n.starts_with("/docs/[slug]: the build records no revalidate"))
    );
    assert!(
        !b.routes.iter().any(|r| r.pattern.starts_with("/_")),
        "{:?}",
        b.routes
    );
}

#[test]
fn exact_routes_come_before_patterns() {
    let b = fixture();
    let first_pattern = b
        .routes
        .iter()
        .position(|r| r.pattern.contains('['))
        .unwrap();
    assert!(
        b.routes[first_pattern..]
            .iter()
            .all(|r| r.pattern.contains('['))
    );
}

#[test]
fn assets_api_and_redirects_are_classes() {
    let b = fixture();
    let c = |p| classify(&b.classes, p);
    assert_eq!(c("/_next/static/chunks/main.js"), PathClass::Asset);
    assert_eq!(c("/_next/image"), PathClass::Asset);
    assert_eq!(c("/favicon.ico"), PathClass::Asset);
    assert_eq!(c("/images/logo.svg"), PathClass::Asset);
    assert_eq!(c("/robots.txt"), PathClass::Asset);
    assert_eq!(c("/api/revalidate"), PathClass::Api);
    assert_eq!(c("/api/items/7"), PathClass::Api);
    assert_eq!(c("/isr/"), PathClass::Redirect);
    assert_eq!(c("/old-blog/hello"), PathClass::Redirect);
    for page in ["/", "/isr", "/posts/9", "/legacy/x"] {
        assert_eq!(c(page), PathClass::Page, "{page}");
    }
    assert!(
        b.notes.iter().any(|n| n.contains("/legacy/(.*)")),
        "{:?}",
        b.notes
    );
}

#[test]
fn a_project_folder_or_a_missing_build_is_explained() {
    let tmp = tempfile::tempdir().unwrap();
    let err = load(tmp.path()).unwrap_err().to_string();
    assert!(
        err.contains("is not a Next.js build directory: prerender-manifest.json is missing"),
        "{err}"
    );
    let next = tmp.path().join(".next");
    std::fs::create_dir(&next).unwrap();
    std::fs::write(next.join("prerender-manifest.json"), "{\"routes\": 3}").unwrap();
    let err = load(tmp.path()).unwrap_err().to_string();
    assert!(
        err.contains("prerender-manifest.json") && err.contains("invalid type"),
        "{err}"
    );
}

#[test]
fn redirect_sources_become_patterns() {
    assert_eq!(pattern_of("/blog/:slug").as_deref(), Some("/blog/[slug]"));
    assert_eq!(
        pattern_of("/docs/:path*").as_deref(),
        Some("/docs/[[...path]]")
    );
    assert_eq!(pattern_of("/a/:rest+").as_deref(), Some("/a/[...rest]"));
    assert_eq!(pattern_of("/x/(.*)"), None);
    assert_eq!(pattern_of("/x/:id(\\d+)"), None);
}

#[test]
fn absurd_manifest_numbers_are_not_durations() {
    assert_eq!(seconds(5.0), Some(5 * SECOND));
    for bad in [-1.0, f64::NAN, f64::INFINITY, 1e12] {
        assert_eq!(seconds(bad), None, "{bad}");
    }
    assert_eq!(revalidate_of(&serde_json::json!(1e300)), None);
    assert_eq!(
        revalidate_of(&serde_json::json!(0)),
        Some(Revalidate::Always)
    );
    assert_eq!(
        revalidate_of(&serde_json::json!(false)),
        Some(Revalidate::Never)
    );
}
