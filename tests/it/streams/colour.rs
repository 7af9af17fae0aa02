//! Colour per stream: stderr is coloured only when it is a terminal (a `2>err.txt` file gets no
//! escape codes even when stdout is a terminal), `NO_COLOR` (non-empty) disables, `CLICOLOR_FORCE`
//! (non-empty, not `0`) forces, `NO_COLOR` wins, `--color` overrides both.

use std::io::Write as _;

const ESC: char = '\x1b';

/// A trace with one unreadable line: the timeline (coloured states) on stdout, a warning on
/// stderr.
fn trace() -> tempfile::NamedTempFile {
    let mut f = tempfile::Builder::new().suffix(".csv").tempfile().unwrap();
    f.write_all(b"time,path\n0,/pricing\nzzz,\n1,/pricing\n")
        .unwrap();
    f
}

struct Streams {
    stdout: String,
    stderr: String,
}

/// `isrctl simulate … --trace` with this colour environment, stdout and stderr not terminals.
fn simulate(env: &[(&str, &str)], args: &[&str]) -> Streams {
    let t = trace();
    let mut c = assert_cmd::Command::new(env!("CARGO_BIN_EXE_isrctl"));
    c.env_remove("NO_COLOR")
        .env_remove("CLICOLOR_FORCE")
        .env_remove("ISRCTL_FORMAT")
        .envs(env.iter().copied())
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(args)
        .args(["simulate", "examples/pricing.toml", "--timeline", "--trace"])
        .arg(t.path());
    let o = c.output().unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let s = Streams {
        stdout: String::from_utf8_lossy(&o.stdout).into(),
        stderr: String::from_utf8_lossy(&o.stderr).into(),
    };
    assert!(s.stderr.contains("warning:"), "{}", s.stderr);
    s
}

fn coloured(s: &str) -> bool {
    s.contains(ESC)
}

#[test]
fn streams_that_are_not_terminals_get_no_escape_codes() {
    let s = simulate(&[], &[]);
    assert!(!coloured(&s.stderr), "{:?}", s.stderr);
    assert!(!coloured(&s.stdout), "{:?}", s.stdout);
}

#[test]
fn clicolor_force_colours_both_streams_and_no_color_wins() {
    let forced = simulate(&[("CLICOLOR_FORCE", "1")], &[]);
    assert!(coloured(&forced.stderr), "{:?}", forced.stderr);
    assert!(coloured(&forced.stdout), "{:?}", forced.stdout);
    for env in [
        &[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")][..],
        &[("CLICOLOR_FORCE", "0")],
        &[("NO_COLOR", "yes")],
    ] {
        let s = simulate(env, &[]);
        assert!(
            !coloured(&s.stderr) && !coloured(&s.stdout),
            "{env:?}: {:?}",
            s.stderr
        );
    }
    // An empty NO_COLOR is not set.
    let s = simulate(&[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "")], &[]);
    assert!(coloured(&s.stderr), "{:?}", s.stderr);
}

#[test]
fn the_color_flag_overrides_the_environment() {
    let s = simulate(&[("NO_COLOR", "1")], &["--color", "always"]);
    assert!(coloured(&s.stderr) && coloured(&s.stdout), "{:?}", s.stderr);
    let s = simulate(&[("CLICOLOR_FORCE", "1")], &["--color", "never"]);
    assert!(
        !coloured(&s.stderr) && !coloured(&s.stdout),
        "{:?}",
        s.stderr
    );
}

#[test]
fn machine_output_is_never_coloured() {
    let s = simulate(&[("CLICOLOR_FORCE", "1")], &["--format", "ndjson"]);
    assert!(!coloured(&s.stdout), "{:?}", s.stdout);
    assert!(s.stdout.lines().all(|l| l.starts_with('{')), "{}", s.stdout);
}

/// The reported case: stdout a terminal (coloured table), stderr redirected to a file (plain).
/// Needs util-linux `script` for the terminal.
#[test]
fn a_terminal_stdout_does_not_colour_a_redirected_stderr() {
    if std::process::Command::new("script")
        .arg("--version")
        .output()
        .is_err()
    {
        eprintln!("skipped: no `script` to give the binary a terminal");
        return;
    }
    let t = trace();
    let dir = tempfile::tempdir().unwrap();
    let err = dir.path().join("err.txt");
    let cmd = format!(
        "{} simulate examples/pricing.toml --timeline --trace {} 2>{}",
        env!("CARGO_BIN_EXE_isrctl"),
        t.path().display(),
        err.display()
    );
    let o = std::process::Command::new("script")
        .args(["-qec", &cmd, "/dev/null"])
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR_FORCE")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&o.stdout);
    let stderr = std::fs::read_to_string(&err).unwrap();
    assert!(stderr.contains("warning:"), "{stderr}");
    assert!(!coloured(&stderr), "{stderr:?}");
    assert!(coloured(&stdout), "the terminal gets colour: {stdout:?}");
}
