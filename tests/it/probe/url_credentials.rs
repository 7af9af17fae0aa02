//! A password written into a probed URL (`https://user:pass@host/`) is masked wherever the URL
//! is shown: live lines, --once, -vv, the summary, JSON and NDJSON, an error's reason.

use crate::support::isrctl;
use crate::support::scripted::{reply, serve};

const PASSWORD: &str = "pw-SECRET-5e1d";

#[test]
fn a_password_in_the_url_is_masked_in_every_output() {
    let s = serve(vec![("/a", vec![reply(&[("x-cache", "HIT")], "page")])]);
    let url = s
        .url("/a")
        .replacen("://", &format!("://user:{PASSWORD}@"), 1);
    let modes: [&[&str]; 6] = [
        &["--once"],
        &["--count", "2", "--interval", "0"],
        &["--count", "1", "-vv"],
        &["--count", "1", "--format", "json"],
        &["--count", "1", "--format", "ndjson"],
        &["--count", "1", "--rsc", "-vv"],
    ];
    for args in modes {
        let o = isrctl().arg("probe").arg(&url).args(args).output().unwrap();
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        );
        assert!(
            !text.contains(PASSWORD),
            "{args:?} printed the password:\n{text}"
        );
        assert!(
            text.contains("user:***@"),
            "{args:?} does not show the URL:\n{text}"
        );
    }
}

#[test]
fn a_password_in_an_unreachable_url_is_masked_in_the_error() {
    // A port nothing listens on: the error names the URL.
    let url = format!("http://user:{PASSWORD}@127.0.0.1:9/a");
    for fmt in ["table", "json"] {
        let o = isrctl()
            .args(["probe", &url, "--count", "1", "--format", fmt])
            .output()
            .unwrap();
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        );
        assert!(!text.contains(PASSWORD), "{fmt}: {text}");
        // No answer (exit 3), not a usage error.
        assert_eq!(o.status.code(), Some(3), "{text}");
        assert!(text.contains("user:***@"), "{fmt}: {text}");
    }
}
