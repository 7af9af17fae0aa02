//! Shared test support: the `isrctl` command, a scripted HTTP server for probe
//! ([`scripted`]), API mocks for revalidate and purge ([`providers`]), and insta settings.

pub mod cache;
pub mod providers;
pub mod scripted;
pub mod svg;

use serde_json::Value;
use std::process::{Child, Output};

/// The real binary with no inherited `ISRCTL_FORMAT` and no colour. (Revalidate and purge use the
/// hermetic [`providers::isrctl`]: empty environment, `--no-config`, fast retries.)
pub fn isrctl() -> assert_cmd::Command {
    let mut c = assert_cmd::Command::new(env!("CARGO_BIN_EXE_isrctl"));
    c.env_remove("ISRCTL_FORMAT").env("NO_COLOR", "1");
    c
}

/// `isrctl simulate ARGS --format json`, which must succeed with one JSON document.
pub fn simulate_json(args: &[&str]) -> Value {
    let out = isrctl()
        .arg("simulate")
        .args(args)
        .args(["--format", "json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("one JSON document")
}

/// The committed JSON Schema `src/output/schemas/NAME.schema.json`, compiled.
pub fn schema(name: &str) -> jsonschema::Validator {
    let path = format!(
        "{}/src/output/schemas/{name}.schema.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    jsonschema::validator_for(&serde_json::from_str(&text).unwrap()).expect("valid schema")
}

/// Send SIGINT to a running child, wait for it, and check it exits with 130.
pub fn interrupt(child: Child) -> Output {
    let ok = std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(ok.success());
    let out = child.wait_with_output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(130),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// Run a command and give what a person sees: `exit N`, stdout, then `--- stderr` and stderr.
/// COLUMNS is fixed so wrapped text is the same on every terminal.
pub fn transcript(cmd: &mut assert_cmd::Command) -> String {
    let out = cmd.env("COLUMNS", "80").output().unwrap();
    format!(
        "exit {}\n{}--- stderr\n{}",
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// insta settings for every snapshot: files under tests/it/snapshots/, no source-path noise, and
/// ports, times and durations that vary between runs replaced by placeholders.
pub fn snapshots() -> insta::Settings {
    let mut s = insta::Settings::clone_current();
    s.set_snapshot_path(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/it/snapshots"));
    s.set_omit_expression(true);
    s
}
