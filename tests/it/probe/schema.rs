//! Real `--format ndjson` and `--format json` output validates against the committed schema
//! (src/output/schemas/probe.schema.json); the schema also rejects malformed events.

use crate::support::isrctl;
use crate::support::scripted::{reply, serve};
use serde_json::Value;

fn schema() -> jsonschema::Validator {
    crate::support::schema("probe")
}

fn run(args: &[&str]) -> String {
    let o = isrctl().arg("probe").args(args).output().unwrap();
    String::from_utf8(o.stdout).unwrap()
}

#[test]
fn ndjson_and_json_match_the_schema() {
    let h = |s: &'static str, e: &'static str| {
        reply(
            &[
                ("x-nextjs-cache", s),
                ("etag", e),
                ("cache-control", "s-maxage=1, stale-while-revalidate"),
            ],
            e,
        )
    };
    let s = serve(vec![
        (
            "/a",
            vec![
                h("MISS", "\"1\""),
                h("HIT", "\"1\""),
                h("STALE", "\"1\""),
                h("HIT", "\"2\""),
            ],
        ),
        (
            "/b",
            vec![reply(&[("cache-status", "X; hit; ttl=-3")], "b")],
        ),
    ]);
    let v = schema();
    let out = run(&[
        &s.url("/a"),
        &s.url("/b"),
        "--interval",
        "50ms",
        "--count",
        "4",
        "--until",
        "changed",
        "--format",
        "ndjson",
    ]);
    let mut types = Vec::new();
    for line in out.lines() {
        let j: Value = serde_json::from_str(line).unwrap();
        let errs: Vec<String> = v.iter_errors(&j).map(|e| e.to_string()).collect();
        assert!(errs.is_empty(), "{line}\n{errs:?}");
        types.push(j["type"].as_str().unwrap().to_string());
    }
    for t in ["sample", "transition", "reached", "summary"] {
        assert!(types.iter().any(|x| x == t), "no {t} event in {types:?}");
    }
    assert_eq!(types.last().unwrap(), "summary");

    let out = run(&[&s.url("/a"), "--once", "--format", "ndjson"]);
    assert!(out.contains("\"type\":\"explanation\""));
    for line in out.lines() {
        assert!(v.is_valid(&serde_json::from_str(line).unwrap()), "{line}");
    }
    let doc: Value =
        serde_json::from_str(&run(&[&s.url("/a"), "--once", "--format", "json"])).unwrap();
    let errs: Vec<String> = v.iter_errors(&doc).map(|e| e.to_string()).collect();
    assert!(errs.is_empty(), "{errs:?}");
    // Each document's `type` is its own constant: the json document relabelled is invalid.
    for wrong in ["summary", "explanation", "sample"] {
        let mut d = doc.clone();
        d["type"] = wrong.into();
        assert!(!v.is_valid(&d), "a probe document typed {wrong} validated");
    }
    assert!(!v.is_valid(&serde_json::json!({"schema_version": 1, "type": "sample", "url": "x"})));
    let reached =
        serde_json::json!({"schema_version": 1, "type": "reached", "url": "x", "t": 1.0, "seq": 2});
    let mut unversioned = reached.clone();
    unversioned
        .as_object_mut()
        .unwrap()
        .remove("schema_version");
    assert!(!v.is_valid(&unversioned), "a line without schema_version");
    assert!(v.is_valid(&reached));
    let mut extra = reached.clone();
    extra["state"] = "HIT".into();
    assert!(
        !v.is_valid(&extra),
        "a reached event with a field it does not have"
    );
    assert!(!v.is_valid(&serde_json::json!({"schema_version": 1, "type": "transition", "url": "x", "t": 1, "seq": 1, "from": "HIT", "to": "SOMETHING", "new_version": false})));
}
