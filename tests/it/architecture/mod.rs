//! The layering of src/: imports point down the layer table, no file imports itself back through
//! others, and clap stays in the front. Plain string scanning of `use`, `crate::`/`super::` paths
//! and `mod` declarations; no parser crate.

mod scan;

use scan::{Source, contains_word, cycles, imports, read_sources};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Layers, highest first: a file may import its own layer or any lower one (same layer only
/// without a file-level cycle). Keyed by the top-level module (`lib` and `main` are the roots).
const LAYERS: &[(&str, &[&str])] = &[
    ("entry", &["main"]),
    ("root", &["lib"]),
    ("commands", &["commands"]),
    ("cli", &["cli"]),
    ("front", &["error", "output"]),
    ("library", &["simulate", "probe", "remote", "warm"]),
    (
        "core",
        &["engine", "scenario", "trace", "http", "providers", "config"],
    ),
    (
        "leaf",
        &[
            "duration",
            "human",
            "secret",
            "interrupt",
            "exit",
            "verbosity",
        ],
    ),
];

/// Where `clap` may appear: top-level modules (and the two roots).
const CLAP_ALLOWED: &[&str] = &["cli", "output", "commands", "lib", "main"];

#[test]
fn architecture_layers_point_down_without_cycles() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let sources = read_sources(&root.join("src"));
    let modules: BTreeMap<Vec<String>, String> = sources
        .iter()
        .map(|s| (s.module.clone(), s.rel.clone()))
        .collect();
    let mut problems = Vec::new();
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for s in &sources {
        let imports = imports(s, &modules);
        let from = layer_of(&s.module, &s.rel);
        if from.is_none() {
            problems.push(format!(
                "layer: {} is in no layer of the table in tests/it/architecture/mod.rs",
                s.rel
            ));
        }
        for i in &imports {
            graph
                .entry(s.rel.clone())
                .or_default()
                .insert(i.target.clone());
            let target_module = &sources.iter().find(|t| t.rel == i.target).unwrap().module;
            let to = layer_of(target_module, &i.target);
            if let (Some((fl, fr)), Some((tl, tr))) = (from, to)
                && tr < fr
            {
                problems.push(format!(
                    "upward: {}:{}: `{}` → {} ({fl} imports {tl})",
                    s.rel, i.line, i.path, i.target
                ));
            }
        }
        let top = s.module.first().map_or("lib", String::as_str);
        let top = if s.rel == "src/main.rs" { "main" } else { top };
        if !CLAP_ALLOWED.contains(&top) {
            for (n, line) in s.text.lines().enumerate() {
                if contains_word(line, "clap") {
                    problems.push(format!("clap: {}:{}: {}", s.rel, n + 1, line.trim()));
                }
            }
        }
    }
    for (cycle, component) in cycles(&graph) {
        let mut line = format!("cycle: {}", cycle.join(" → "));
        let rest: Vec<&String> = component.iter().filter(|f| !cycle.contains(f)).collect();
        if !rest.is_empty() {
            let rest: Vec<&str> = rest.iter().map(|f| f.as_str()).collect();
            line += &format!(" (same knot: {})", rest.join(", "));
        }
        problems.push(line);
    }
    problems.sort_by_key(|p| (!p.starts_with("cycle"), p.clone()));
    assert!(
        problems.is_empty(),
        "{} layering problem(s) (layer table at the top of tests/it/architecture/mod.rs):\n{}",
        problems.len(),
        problems.join("\n")
    );
}

/// The scanner itself, on the shapes it must understand.
#[test]
fn architecture_scanner_reads_use_groups_paths_and_comments() {
    let modules: BTreeMap<Vec<String>, String> = [
        (vec![], "src/lib.rs"),
        (vec!["a"], "src/a/mod.rs"),
        (vec!["a", "b"], "src/a/b.rs"),
        (vec!["c"], "src/c.rs"),
        (vec!["d"], "src/d.rs"),
        (vec!["e"], "src/e.rs"),
    ]
    .into_iter()
    .map(|(m, f)| (m.into_iter().map(String::from).collect(), f.to_string()))
    .collect();
    let s = Source {
        rel: "src/a/b.rs".into(),
        module: vec!["a".into(), "b".into()],
        text: "//! x uses crate::e\nuse crate::{\n    c::{X, Y as Z},\n    d,\n};\nuse super::Thing;\nfn f() { let s = \"crate::e::no\"; crate::lib_fn(); }\n#[cfg(test)]\nmod tests {\n    use crate::e::T;\n}\n"
            .into(),
    };
    let got: Vec<(usize, String)> = imports(&s, &modules)
        .into_iter()
        .map(|i| (i.line, i.target))
        .collect();
    assert_eq!(
        got,
        [
            (2, "src/c.rs".to_string()),
            (2, "src/d.rs".to_string()),
            (6, "src/a/mod.rs".to_string()),
            (7, "src/lib.rs".to_string()),
        ]
    );
    let g: BTreeMap<String, BTreeSet<String>> = [("x", "y"), ("y", "z"), ("z", "x"), ("z", "w")]
        .into_iter()
        .fold(BTreeMap::new(), |mut g, (a, b)| {
            g.entry(a.to_string()).or_default().insert(b.to_string());
            g
        });
    let (path, component) = cycles(&g).remove(0);
    assert_eq!(path, ["x", "y", "z", "x"]);
    assert_eq!(component.len(), 3);
}

/// The layer (name, rank: 0 is the top) of a file from its top-level module.
fn layer_of(module: &[String], rel: &str) -> Option<(&'static str, usize)> {
    let top = match (rel, module.first()) {
        ("src/main.rs", _) => "main",
        (_, None) => "lib",
        (_, Some(t)) => t.as_str(),
    };
    LAYERS
        .iter()
        .enumerate()
        .find(|(_, (_, ms))| ms.contains(&top))
        .map(|(rank, (name, _))| (*name, rank))
}
