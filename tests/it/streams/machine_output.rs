//! One convention for machine output (docs/output.md): every committed schema and every document
//! each command prints has `"schema_version": 1` as its first key, and no field name carries a
//! unit (`latency_ms`, `elapsed_s`): times are seconds. Each document also validates against its
//! schema.

use crate::support::providers::{APP_SECRET, Api, MockApi, isrctl, run};
use crate::support::schema;
use crate::support::scripted::{nextjs_script, reply, serve};
use serde_json::Value;
use std::io::Write as _;

/// Name endings that say a unit: the convention is seconds with no suffix (sizes say `_bytes`).
const UNIT_SUFFIXES: &[&str] = &[
    "_ms", "_s", "_sec", "_secs", "_seconds", "_millis", "_us", "_ns", "_min", "_mins", "_minutes",
    "_h", "_hours",
];

fn has_unit(name: &str) -> bool {
    UNIT_SUFFIXES.iter().any(|s| name.ends_with(s))
}

/// Every object key of a document with a unit in its name, as a path.
fn unit_keys(v: &Value, path: &str, bad: &mut Vec<String>) {
    match v {
        Value::Object(m) => {
            for (k, v) in m {
                let p = format!("{path}.{k}");
                if has_unit(k) {
                    bad.push(p.clone());
                }
                unit_keys(v, &p, bad);
            }
        }
        Value::Array(a) => a
            .iter()
            .for_each(|v| unit_keys(v, &format!("{path}[]"), bad)),
        _ => {}
    }
}

/// Every property name a schema declares with a unit in it.
fn unit_properties(v: &Value, path: &str, bad: &mut Vec<String>) {
    match v {
        Value::Object(m) => {
            for (k, v) in m {
                if k == "properties"
                    && let Value::Object(props) = v
                {
                    bad.extend(
                        props
                            .keys()
                            .filter(|n| has_unit(n))
                            .map(|n| format!("{path}.{n}")),
                    );
                }
                unit_properties(v, &format!("{path}/{k}"), bad);
            }
        }
        Value::Array(a) => a.iter().for_each(|v| unit_properties(v, path, bad)),
        _ => {}
    }
}

fn resolve<'a>(root: &'a Value, v: &'a Value) -> &'a Value {
    match v.get("$ref").and_then(Value::as_str) {
        Some(r) => &root["$defs"][r.trim_start_matches("#/$defs/")],
        None => v,
    }
}

/// A document's schema (or each alternative of a union of documents) requires
/// `schema_version: 1`.
fn requires_version(root: &Value, doc: &Value, path: &str, bad: &mut Vec<String>) {
    // A reference with properties beside it adds to the referenced schema.
    let doc = if doc.get("properties").is_some() {
        doc
    } else {
        resolve(root, doc)
    };
    if doc.get("properties").is_none()
        && let Some(Value::Array(alts)) = doc.get("oneOf").or(doc.get("anyOf"))
    {
        for (i, alt) in alts.iter().enumerate() {
            requires_version(root, alt, &format!("{path}|{i}"), bad);
        }
        return;
    }
    let required = doc["required"]
        .as_array()
        .is_some_and(|r| r.iter().any(|n| n == "schema_version"));
    if !required || doc["properties"]["schema_version"]["const"] != 1 {
        bad.push(path.to_string());
    }
}

#[test]
fn every_schema_requires_schema_version_1_and_names_no_unit() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/src/output/schemas");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    assert_eq!(files.len(), 5, "{files:?}");
    for f in files {
        let s: Value = serde_json::from_str(&std::fs::read_to_string(&f).unwrap()).unwrap();
        let name = f.file_name().unwrap().to_string_lossy().to_string();
        let mut bad = Vec::new();
        unit_properties(&s, &name, &mut bad);
        assert!(bad.is_empty(), "fields with a unit in the name: {bad:#?}");
        let docs = s["oneOf"].as_array().expect("a union of documents");
        for (i, d) in docs.iter().enumerate() {
            requires_version(&s, d, &format!("{name} oneOf[{i}]"), &mut bad);
        }
        assert!(bad.is_empty(), "documents without schema_version: {bad:#?}");
    }
}

/// The printed documents of one run: `schema_version` is the first key of each, no key names a
/// unit, and each validates against the schema `schema`.
fn check(stdout: &str, json: bool, schema_name: &str) -> Vec<Value> {
    let docs: Vec<(&str, Value)> = if json {
        assert!(
            stdout.starts_with("{\n  \"schema_version\": 1,\n"),
            "schema_version is not the first key:\n{stdout}"
        );
        vec![(
            stdout,
            serde_json::from_str(stdout).expect("one JSON document"),
        )]
    } else {
        stdout
            .lines()
            .map(|l| {
                (
                    l,
                    serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")),
                )
            })
            .collect()
    };
    assert!(!docs.is_empty(), "nothing printed");
    let validator = schema(schema_name);
    for (text, doc) in &docs {
        if !json {
            assert!(
                text.starts_with("{\"schema_version\":1,"),
                "schema_version is not the first key: {text}"
            );
        }
        let mut bad = Vec::new();
        unit_keys(doc, "", &mut bad);
        assert!(bad.is_empty(), "keys with a unit: {bad:?} in {text}");
        let errors: Vec<String> = validator.iter_errors(doc).map(|e| e.to_string()).collect();
        assert!(errors.is_empty(), "{schema_name}: {errors:#?}\n{text}");
    }
    docs.into_iter().map(|(_, d)| d).collect()
}

/// Run `isrctl --format F ARGS` in both formats; it must exit 0.
fn both(args: &[&str], schema_name: &str, env: &[(&str, &str)]) -> Vec<Value> {
    let mut all = Vec::new();
    for format in ["json", "ndjson"] {
        let r = run(isrctl()
            .envs(env.iter().copied())
            .args(["--format", format])
            .args(args));
        assert_eq!(r.code, 0, "{args:?} {format}: {}{}", r.stdout, r.stderr);
        all.extend(check(&r.stdout, format == "json", schema_name));
    }
    all
}

#[test]
fn simulate_documents_follow_the_convention() {
    let docs = both(
        &["simulate", "examples/pricing.toml", "--timeline"],
        "simulate",
        &[],
    );
    // The timeline's latency is in seconds (5 ms modelled).
    let request = docs.iter().find(|d| d["type"] == "request").unwrap();
    assert!(request["latency"].as_f64().unwrap() < 1.0, "{request}");
    both(
        &[
            "simulate",
            "examples/pricing.toml",
            "--sweep",
            "revalidate=10s,1m",
            "--max-staleness",
            "1m",
        ],
        "simulate",
        &[],
    );
    both(
        &[
            "simulate",
            "examples/pricing.toml",
            "--compare",
            "isr,isr+ondemand",
        ],
        "simulate",
        &[],
    );
}

#[test]
fn probe_documents_follow_the_convention_with_latency_in_seconds() {
    let s = serve(vec![("/p", nextjs_script())]);
    let url = s.url("/p");
    let docs = both(
        &["probe", &url, "--count", "3", "--interval", "0"],
        "probe",
        &[],
    );
    let sample = docs.iter().find(|d| d["type"] == "sample").unwrap();
    let latency = sample["latency"].as_f64().expect("latency in seconds");
    assert!(latency > 0.0 && latency < 5.0, "{sample}");
    let summary = docs.iter().find(|d| d["type"] == "summary").unwrap();
    assert!(summary["verdict"]["elapsed"].is_f64(), "{summary}");
    both(&["probe", &url, "--once"], "probe", &[]);
}

#[test]
fn revalidate_and_purge_documents_follow_the_convention() {
    let m = MockApi::start(Api::NextApp);
    let page = format!("{}/blog", m.uri());
    let endpoint = format!("{}/api/revalidate", m.uri());
    let verify = ["--verify", &page, "--verify-interval", "50ms"];
    let docs = both(
        &[
            &["revalidate", "--endpoint", &endpoint, "--path", "/blog"],
            &verify[..],
        ]
        .concat(),
        "remote",
        &[("ISRCTL_SECRET", APP_SECRET)],
    );
    let v = docs.iter().find(|d| d["type"] == "verify").unwrap();
    assert!(v["elapsed"].as_f64().unwrap() < 5.0, "{v}");
    both(
        &[&["purge", "http", "--url", &page], &verify[..]].concat(),
        "remote",
        &[],
    );
    both(
        &["purge", "http", "--url", &page, "--dry-run"],
        "remote",
        &[],
    );
}

#[test]
fn simulate_against_documents_follow_the_convention() {
    let s = serve(vec![(
        "/p/1",
        vec![reply(&[("x-nextjs-cache", "MISS"), ("etag", "\"a\"")], "a")],
    )]);
    let mut f = tempfile::Builder::new().suffix(".toml").tempfile().unwrap();
    f.write_all(b"[[routes]]\npath = \"/p/[id]\"\nrevalidate = 60\n\n[[events]]\nat = [0]\nrequest = \"/p/1\"\n")
        .unwrap();
    let file = f.path().to_str().unwrap();
    for format in ["json", "ndjson"] {
        let r = run(isrctl().args([
            "--format",
            format,
            "simulate",
            file,
            "--against",
            &s.base,
            "--slack",
            "100ms",
        ]));
        assert!(r.code == 0 || r.code == 6, "{}{}", r.stdout, r.stderr);
        let docs = check(&r.stdout, format == "json", "against");
        assert!(!docs.is_empty());
    }
}

#[test]
fn warm_documents_follow_the_convention() {
    let c = crate::support::cache::start(&[], std::time::Duration::ZERO);
    let (a, b) = (c.url("/page/conv-a"), c.url("/page/conv-b"));
    let docs = both(&["warm", &a, &b, "--interval", "0s"], "warm", &[]);
    assert!(docs.iter().any(|d| d["type"] == "warm"));
    assert!(docs.iter().any(|d| d["type"] == "url"));
    assert!(docs.iter().any(|d| d["type"] == "totals"));
}
