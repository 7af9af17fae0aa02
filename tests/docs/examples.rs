//! Every example in README.md and docs/*.md runs here.
//!
//! - ```` ```console ```` blocks (`$ isrctl …` then the expected output, `? CODE` for a non-zero
//!   exit, `...` and `[..]` as wildcards) run through trycmd against the built binary, with stderr
//!   merged into stdout. They run in a scratch directory per page holding `examples/`, every code
//!   block whose first line is `# NAME` (a file the page introduces: `# blog.toml`), and the
//!   access log of docs/simulate.md. Live examples use `127.0.0.1:38000`, which is replaced by the
//!   port of the local mock server (`mock.rs`) in both the commands and the outputs.
//! - ```` ```toml ```` blocks of docs/scenario.md and docs/simulate.md must be accepted by
//!   `isrctl simulate FILE --summary`.
//!
//! `TRYCMD=overwrite cargo test --test docs` writes the real outputs back into the pages.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The port the docs show for the local server; the mock's real port replaces it.
const DOC_ADDR: &str = "127.0.0.1:38000";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_isrctl"))
}

/// README.md and every page of docs/.
pub fn pages() -> Vec<PathBuf> {
    let mut pages = vec![root().join("README.md")];
    let mut docs: Vec<PathBuf> = std::fs::read_dir(root().join("docs"))
        .expect("docs/ exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    docs.sort();
    pages.extend(docs);
    pages
}

/// Fenced code blocks of a markdown page: (info string, body).
pub fn code_blocks(markdown: &str) -> Vec<(String, String)> {
    let mut blocks = Vec::new();
    let mut current: Option<(String, String)> = None;
    for line in markdown.lines() {
        match &mut current {
            None => {
                if let Some(info) = line.strip_prefix("```") {
                    current = Some((info.trim().to_string(), String::new()));
                }
            }
            Some((_, body)) => {
                if line.starts_with("```") {
                    blocks.push(current.take().unwrap());
                } else {
                    body.push_str(line);
                    body.push('\n');
                }
            }
        }
    }
    blocks
}

/// The file a code block introduces, from a first line like `# blog.toml` or `# gen_log.py: …`.
fn block_file_name(body: &str) -> Option<String> {
    let first = body.lines().next()?.strip_prefix("# ")?;
    let name = first.split([':', ' ']).next()?;
    (name.contains('.') && !name.contains('/')).then(|| name.to_string())
}

/// A scratch copy of each page, with its working directory `NAME.in/` next to it.
fn stage(scratch: &Path, port: u16) -> Vec<(PathBuf, PathBuf)> {
    let live = format!("127.0.0.1:{port}");
    assert_eq!(
        live.len(),
        DOC_ADDR.len(),
        "the mock's port must have 5 digits"
    );
    let mut staged = Vec::new();
    for page in pages() {
        let text = std::fs::read_to_string(&page).unwrap();
        let stem = page.file_stem().unwrap().to_string_lossy().into_owned();
        let copy = scratch.join(format!("{stem}.md"));
        std::fs::write(&copy, text.replace(DOC_ADDR, &live)).unwrap();
        let dir = scratch.join(format!("{stem}.in"));
        std::fs::create_dir_all(&dir).unwrap();
        std::os::unix::fs::symlink(root().join("examples"), dir.join("examples")).unwrap();
        // A Next.js app after `next build` (its trimmed manifests and public folder).
        std::os::unix::fs::symlink(root().join("tests/fixtures/next-build"), dir.join("my-app"))
            .unwrap();
        for (_, body) in code_blocks(&text) {
            if let Some(name) = block_file_name(&body) {
                // The `# NAME: …` line names the file. It stays (a comment in TOML, Python, CSV
                // headers aside) except in a log, which has no comment syntax.
                let content = match body.split_once('\n') {
                    Some((_, rest)) if name.ends_with(".log") => rest,
                    _ => body.as_str(),
                };
                std::fs::write(dir.join(&name), content.replace(DOC_ADDR, &live)).unwrap();
            }
        }
        if dir.join("gen_log.py").exists() {
            let ok = Command::new("python3")
                .arg("gen_log.py")
                .current_dir(&dir)
                .status()
                .expect("python3 runs gen_log.py");
            assert!(ok.success(), "gen_log.py failed");
        }
        staged.push((page, copy));
    }
    staged
}

#[test]
fn console_examples_print_what_the_docs_show() {
    let port = crate::mock::start();
    let scratch = tempfile::tempdir().unwrap();
    let staged = stage(scratch.path(), port);
    let config_home = scratch.path().join("no-config-home");
    std::fs::create_dir_all(&config_home).unwrap();
    let cases = trycmd::TestCases::new();
    cases
        .register_bin("isrctl", bin())
        .register_bin("head", PathBuf::from("/usr/bin/head"))
        .env("XDG_CONFIG_HOME", config_home.display().to_string())
        .env("ISRCTL_RETRY_BASE_DELAY", "5ms")
        .env("COLUMNS", "200")
        .env("REVALIDATE_SECRET", crate::mock::SECRET)
        .env("NEXT_PREVIEW_ID", crate::mock::BYPASS_TOKEN)
        .env("PURGE_TOKEN", crate::mock::PURGE_TOKEN)
        .timeout(std::time::Duration::from_secs(120));
    for (_, copy) in &staged {
        cases.case(copy);
    }
    cases.run();
    // TRYCMD=overwrite rewrote the scratch copies: carry the outputs back into the real pages.
    if std::env::var("TRYCMD").is_ok_and(|m| m == "overwrite") {
        let live = format!("127.0.0.1:{port}");
        for (page, copy) in &staged {
            let text = std::fs::read_to_string(copy)
                .unwrap()
                .replace(&live, DOC_ADDR);
            if std::fs::read_to_string(page).unwrap() != text {
                std::fs::write(page, text).unwrap();
            }
        }
    }
}

#[test]
fn every_code_block_has_a_language() {
    // trycmd runs a bare ``` block as a console session; say what each block is.
    for page in pages() {
        let text = std::fs::read_to_string(&page).unwrap();
        for (info, body) in code_blocks(&text) {
            assert!(
                !info.is_empty(),
                "{}: a code block without a language:\n{body}",
                page.display()
            );
        }
    }
}

#[test]
fn scenario_snippets_are_accepted() {
    let scratch = tempfile::tempdir().unwrap();
    let mut checked = 0;
    for name in ["docs/scenario.md", "docs/simulate.md"] {
        let text = std::fs::read_to_string(root().join(name)).unwrap();
        for (i, (info, body)) in code_blocks(&text).into_iter().enumerate() {
            if info != "toml" {
                continue;
            }
            let file = scratch.path().join(format!("block{i}.toml"));
            std::fs::write(&file, &body).unwrap();
            let out = Command::new(bin())
                .args(["simulate", "--summary", "--no-config"])
                .arg(&file)
                .env("XDG_CONFIG_HOME", scratch.path())
                .output()
                .unwrap();
            assert!(
                out.status.success(),
                "{name}: a toml block is not a valid scenario:\n{body}\n{}",
                String::from_utf8_lossy(&out.stderr)
            );
            checked += 1;
        }
    }
    assert!(checked >= 5, "only {checked} toml blocks found");
}
