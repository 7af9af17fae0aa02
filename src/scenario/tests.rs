//! Scenario parsing and validation: good files build the right plan, bad files name the place.

use super::*;
use crate::engine::model::InstanceSel;

fn err(src: &str) -> Error {
    parse("s.toml", src).expect_err("should be rejected")
}

#[test]
fn parses_a_full_scenario() {
    let s = parse(
        "s.toml",
        r#"
platform = "next-start"
seed = 7
built_ago = "30s"
[instances]
count = 2
cache = "per-instance"
[cdn]
[[routes]]
path = "/blog/[slug]"
revalidate = "1m"
expire = 3600
tags = ["posts"]
prerender = ["/blog/p-{1..3}"]
render_time = { median = "100ms", p95 = "1s" }
failure_windows = [[10, "20s"]]
[[routes]]
path = "/about"
revalidate = false
[[events]]
at = [0, 1.5]
request = "/blog/p-1"
[[events]]
at = 2
revalidate_tag = "posts"
mode = "soft"
instance = "all"
[[events]]
at = 3
content_change = "tag:posts"
"#,
    )
    .unwrap();
    assert_eq!(s.config.seed, 7);
    assert_eq!(s.config.deploy_at, -30 * SECOND);
    assert_eq!(s.config.topology.instances, 2);
    assert!(s.config.topology.cdn);
    assert_eq!(
        s.config.routes[0].revalidate,
        Revalidate::After(60 * SECOND)
    );
    assert_eq!(s.config.routes[0].expire, Some(3600 * SECOND));
    assert_eq!(
        s.config.routes[0].failures.windows,
        vec![(10 * SECOND, 20 * SECOND)]
    );
    assert_eq!(s.config.routes[1].revalidate, Revalidate::Never);
    assert_eq!(s.config.routes[1].prerender, vec!["/about".to_string()]);
    assert_eq!(s.steps.len(), 4);
    assert_eq!(s.steps[1].0, 1_500_000);
    assert!(matches!(
        &s.steps[2].1,
        Step::Action(Action::Revalidate {
            hard: Some(false),
            instance: InstanceSel::All,
            ..
        })
    ));
}

#[test]
fn revalidate_zero_is_dynamic() {
    let s = parse("s.toml", "[[routes]]\npath = \"/x\"\nrevalidate = 0\n").unwrap();
    assert_eq!(s.config.routes[0].revalidate, Revalidate::Always);
}

#[test]
fn missing_field_names_the_line() {
    let e = err("[[routes]]\nrevalidate = 60\n");
    assert_eq!(e.line, 1);
    assert!(e.to_string().contains("path"), "{e}");
}

#[test]
fn wrong_type_names_the_line() {
    let e = err("[[routes]]\npath = \"/x\"\ntags = \"posts\"\n");
    assert_eq!(e.line, 3, "{e}");
}

#[test]
fn negative_duration_is_rejected() {
    let e = err("[[routes]]\npath = \"/x\"\nrevalidate = -5\n");
    assert_eq!((e.line, e.column), (3, 14), "{e}");
    assert!(e.to_string().contains("negative"), "{e}");
}

#[test]
fn unknown_platform_is_rejected() {
    let e = err("platform = \"netlfy\"\n[[routes]]\npath = \"/x\"\n");
    assert_eq!(e.line, 1);
    assert!(e.to_string().contains("unknown variant `netlfy`"), "{e}");
}

#[test]
fn unknown_keys_are_rejected() {
    let e = err("[[routes]]\npath = \"/x\"\nrevalidat = 5\n");
    assert_eq!(e.line, 3, "{e}");
    assert!(e.to_string().contains("revalidat"), "{e}");
}

#[test]
fn time_going_backwards_is_rejected() {
    let e = err("[[events]]\nat = 10\nrequest = \"/a\"\n\n[[events]]\nat = 5\nrequest = \"/a\"\n");
    assert_eq!(e.line, 5, "{e}");
    assert!(e.to_string().contains("backwards"), "{e}");
}

#[test]
fn an_event_needs_exactly_one_action() {
    let e = err("[[events]]\nat = 1\nrequest = \"/a\"\npurge = \"/a\"\n");
    assert!(e.to_string().contains("exactly one"), "{e}");
    let e = err("[[events]]\nat = 1\n");
    assert!(e.to_string().contains("exactly one"), "{e}");
}

#[test]
fn purge_without_a_cdn_is_rejected_on_next_start() {
    let e = err("[[events]]\nat = 1\npurge = \"/a\"\n");
    assert!(e.to_string().contains("CDN"), "{e}");
}

#[test]
fn line_col_counts_from_one() {
    assert_eq!(line_col("ab\ncd", 0), (1, 1));
    assert_eq!(line_col("ab\ncd", 4), (2, 2));
}

#[test]
fn bypass_events_are_requests_with_the_header() {
    let s = parse("s.toml", "[[events]]\nat = [1, 2]\nbypass = \"/a\"\n").unwrap();
    assert_eq!(s.steps.len(), 2);
    assert!(matches!(&s.steps[0].1, Step::Bypass { path } if path == "/a"));
    let e = err("[[events]]\nat = 1\nbypass = \"/a\"\nrequest = \"/a\"\n");
    assert!(e.to_string().contains("exactly one"), "{e}");
}
