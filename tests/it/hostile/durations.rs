//! Hostile durations and numbers at the edge (issue 11, class 2): flags, scenario files and
//! the environment give a usage error (exit 2) naming the value's place and the maximum, never a
//! panic and never a silently shortened run.

use crate::support::isrctl;
use std::io::Write;

fn scenario(text: &str) -> tempfile::NamedTempFile {
    let mut f = tempfile::Builder::new().suffix(".toml").tempfile().unwrap();
    f.write_all(text.as_bytes()).unwrap();
    f
}

/// Exit 2 with a message containing every `needles`, no panic text.
fn usage_error(out: std::process::Output, needles: &[&str]) {
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        !err.contains("internal error") && !err.contains("panicked"),
        "{err}"
    );
    for n in needles {
        assert!(err.contains(n), "{n:?} not in {err}");
    }
}

#[test]
fn huge_flag_durations_are_usage_errors_naming_the_flag_and_the_maximum() {
    for (flag, value) in [
        ("--revalidate", "1e20"),
        ("--revalidate", "1e19"),
        ("--revalidate", "9223372036854775807"),
        ("--revalidate", "100000000y"),
        ("--render-time", "inf"),
        ("--expire", "18446744073709551615s"),
        ("--built-ago", "1e17"),
        ("--at", "1e19"),
        ("--at=-1e300", ""),
        ("--reorder-window", "1e20"),
    ] {
        let args: Vec<&str> = [flag, value]
            .into_iter()
            .filter(|a| !a.is_empty())
            .collect();
        let out = isrctl().arg("simulate").args(&args).output().unwrap();
        usage_error(out, &[flag.trim_end_matches("=-1e300"), "100 years"]);
    }
}

#[test]
fn probe_and_purge_durations_are_bounded_too() {
    for args in [
        &["probe", "https://example.com/", "--interval", "1e19"][..],
        &[
            "probe",
            "https://example.com/",
            "--timeout",
            "18446744073709551615s",
        ],
        &["probe", "https://example.com/", "--duration", "1e20"],
        &["purge", "vercel", "--timeout", "1e20"],
    ] {
        let out = isrctl().args(args).output().unwrap();
        usage_error(out, &["100 years"]);
    }
}

#[test]
fn a_309_digit_number_is_not_echoed_whole() {
    let n = format!("1{}", "0".repeat(308));
    let out = isrctl()
        .args(["simulate", "--revalidate", &n])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(2));
    assert!(err.contains("309 characters"), "{err}");
    // clap repeats the value once in its own prefix; ours does not add a second copy.
    assert!(err.matches(&n[..100]).count() <= 1, "{err}");
}

#[test]
fn huge_scenario_values_are_errors_with_their_place() {
    for (toml, needle) in [
        (
            "[[routes]]\npath = \"/\"\nrevalidate = 1e20\n",
            "revalidate",
        ),
        (
            "[[routes]]\npath = \"/\"\nrevalidate = \"1e20\"\n",
            "100 years",
        ),
        (
            "[[routes]]\npath = \"/\"\nexpire = 9223372036854775807\n",
            "100 years",
        ),
        (
            "[[routes]]\npath = \"/\"\nrender_time = { uniform = [0, 1e300] }\n",
            "render_time",
        ),
        (
            "duration = \"600000y\"\n[[events]]\nat = 0\nrequest = \"/\"\n",
            "duration",
        ),
        (
            "[[events]]\nat = 9223372036854775807\nrequest = \"/\"\n",
            "at",
        ),
        ("[[events]]\nat = -1e300\nrequest = \"/\"\n", "at"),
        (
            "[[events]]\nat = 0\nevery = 1e-300\nuntil = 10\nrequest = \"/\"\n",
            "every",
        ),
    ] {
        let f = scenario(toml);
        let out = isrctl().arg("simulate").arg(f.path()).output().unwrap();
        let file = f.path().file_name().unwrap().to_string_lossy().into_owned();
        usage_error(out, &[needle, &file]);
    }
}

#[test]
fn wrong_shapes_say_what_was_expected_not_untagged_enum() {
    for (toml, needle) in [
        ("[[routes]]\npath = \"/\"\nrevalidate = [1]\n", "a duration"),
        (
            "[[routes]]\npath = \"/\"\nrender_time = { foo = 1 }\n",
            "a render time",
        ),
        ("[[events]]\nat = { x = 1 }\nrequest = \"/\"\n", "a time"),
        ("[[events]]\nat = 0\nrequest = 5\n", "a path"),
        (
            "[instances]\ncount = 2\n[[events]]\nat = 0\nrestart = 1.5\n",
            "instance",
        ),
    ] {
        let f = scenario(toml);
        let out = isrctl().arg("simulate").arg(f.path()).output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr).into_owned();
        assert_eq!(out.status.code(), Some(2), "{err}");
        assert!(!err.contains("untagged"), "{err}");
        assert!(err.contains(needle), "{needle:?} not in {err}");
    }
}

#[test]
fn an_instance_index_of_2_to_the_32_is_not_instance_0() {
    let f = scenario("[instances]\ncount = 2\n[[events]]\nat = 0\nrestart = 4294967296\n");
    let out = isrctl().arg("simulate").arg(f.path()).output().unwrap();
    usage_error(out, &["instance 4294967296 does not exist", ":3:"]);
}

#[test]
fn a_huge_retry_delay_in_the_environment_does_not_panic() {
    // The variable only tunes retries; a value past the bound is ignored like any bad value.
    let out = isrctl()
        .env("ISRCTL_RETRY_BASE_DELAY", "1e20")
        .args(["simulate", "--summary"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The retry wait from the environment is parsed like the flags: a bad or huge value is a usage
/// error naming the variable, before anything is sent (it used to be ignored silently).
#[test]
fn retry_base_delay_from_the_environment_is_checked() {
    for (value, needle) in [("1e20", "too large"), ("abc", "is not a duration")] {
        let out = isrctl()
            .env("ISRCTL_RETRY_BASE_DELAY", value)
            .args(["purge", "http", "--url", "http://127.0.0.1:9/a"])
            .output()
            .unwrap();
        usage_error(out, &["ISRCTL_RETRY_BASE_DELAY", needle]);
    }
}
