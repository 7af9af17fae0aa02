//! completions/ and man/ are generated: from the clap definitions (clap_complete, clap_mangen) and,
//! for `man/isrctl-scenario.5`, from docs/scenario.md. This test fails when they drift.
//! Rewrite them with `ISRCTL_REGENERATE=1 cargo test --test docs`.

use clap_complete::Shell;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn expected_files() -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    for shell in [
        Shell::Bash,
        Shell::Zsh,
        Shell::Fish,
        Shell::PowerShell,
        Shell::Elvish,
    ] {
        let mut cmd = isrctl::cli::command();
        let mut buf = Vec::new();
        clap_complete::generate(shell, &mut cmd, "isrctl", &mut buf);
        let name = match shell {
            Shell::Bash => "isrctl.bash",
            Shell::Zsh => "_isrctl",
            Shell::Fish => "isrctl.fish",
            Shell::PowerShell => "_isrctl.ps1",
            Shell::Elvish => "isrctl.elv",
            _ => unreachable!(),
        };
        out.push((root().join("completions").join(name), buf));
    }
    let cmd = isrctl::cli::command();
    let mut pages = vec![cmd.clone()];
    for sub in cmd.get_subcommands() {
        if sub.get_name() != "help" {
            pages.push(sub.clone().name(format!("isrctl-{}", sub.get_name())));
        }
    }
    for page in pages {
        let name = format!("{}.1", page.get_name());
        let buf = crate::command_pages::command_page(page);
        out.push((root().join("man").join(name), buf));
    }
    let scenario =
        std::fs::read_to_string(root().join("docs/scenario.md")).expect("docs/scenario.md");
    out.push((
        root().join("man").join("isrctl-scenario.5"),
        crate::man::scenario_page(&scenario).into_bytes(),
    ));
    out
}

fn listing(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| rd.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    v.sort();
    v
}

#[test]
fn completions_and_man_pages_match_the_cli() {
    let files = expected_files();
    if std::env::var_os("ISRCTL_REGENERATE").is_some() {
        for dir in ["completions", "man"] {
            let _ = std::fs::remove_dir_all(root().join(dir));
            std::fs::create_dir_all(root().join(dir)).unwrap();
        }
        for (path, bytes) in &files {
            std::fs::write(path, bytes).unwrap();
        }
        return;
    }
    let mut stale = Vec::new();
    for (path, bytes) in &files {
        match std::fs::read(path) {
            Ok(on_disk) if &on_disk == bytes => {}
            _ => stale.push(path.display().to_string()),
        }
    }
    let mut wanted: Vec<PathBuf> = files.iter().map(|(p, _)| p.clone()).collect();
    wanted.sort();
    let mut present = listing(&root().join("completions"));
    present.extend(listing(&root().join("man")));
    present.sort();
    for extra in present.iter().filter(|p| !wanted.contains(p)) {
        stale.push(format!("{} (no longer generated)", extra.display()));
    }
    assert!(
        stale.is_empty(),
        "generated files are out of date: {stale:?}\nrun: ISRCTL_REGENERATE=1 cargo test --test docs"
    );
}
