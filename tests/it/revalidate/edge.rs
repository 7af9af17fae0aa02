//! Values are parsed where they enter: `--endpoint`, `--bypass`, `--method` and `--environment`
//! by clap, the same keys in isrctl.toml when the file is read (with line and column). Nothing is
//! sent when one is wrong.

use crate::support::isrctl;

fn run(args: &[&str]) -> (i32, String) {
    let o = isrctl()
        .env("ISRCTL_SECRET", "s3cret")
        .args(args)
        .output()
        .unwrap();
    (
        o.status.code().unwrap(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

#[test]
fn bad_flags_are_refused_by_the_parser() {
    let cases: [(&[&str], &str); 5] = [
        (
            &[
                "revalidate",
                "--endpoint",
                "example.com/api",
                "--path",
                "/a",
            ],
            "invalid value 'example.com/api' for '--endpoint <URL>'",
        ),
        (
            &[
                "revalidate",
                "--endpoint",
                "ftp://x.com/api",
                "--path",
                "/a",
            ],
            "is not an http(s) URL",
        ),
        (
            &["revalidate", "--bypass", "/pricing"],
            "invalid value '/pricing' for '--bypass <URL>'",
        ),
        (
            &[
                "revalidate",
                "--endpoint",
                "https://x.com/a",
                "--method",
                "G T",
                "--path",
                "/a",
            ],
            "'G T' is not an HTTP method",
        ),
        (
            &[
                "purge",
                "vercel",
                "--project",
                "p",
                "--tag",
                "t",
                "--environment",
                "prod",
            ],
            "invalid value 'prod' for '--environment <ENV>'",
        ),
    ];
    for (args, want) in cases {
        let (code, err) = run(args);
        assert_eq!(code, 2, "{args:?}: {err}");
        assert!(err.contains(want), "{args:?}: {err}");
    }
}

#[test]
fn bad_config_values_are_refused_with_their_place() {
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        (
            "endpoint = \"example.com/api\"",
            "is not a valid URL",
            "line 2, column 12",
        ),
        (
            "endpoint = \"https://x.com/a\"\nsecret_in = \"cookie\"",
            "unknown variant `cookie`",
            "line 3, column 13",
        ),
        (
            "endpoint = \"https://x.com/a\"\nmethod = \"G T\"",
            "is not an HTTP method",
            "line 3",
        ),
        (
            "provider = \"vercel\"\nenvironment = \"prod\"",
            "unknown variant `prod`",
            "line 3",
        ),
    ];
    for (body, want, place) in cases {
        let cfg = dir.path().join("isrctl.toml");
        std::fs::write(&cfg, format!("[targets.site]\n{body}\n")).unwrap();
        let (code, err) = run(&[
            "--config",
            cfg.to_str().unwrap(),
            "revalidate",
            "--target",
            "site",
            "--path",
            "/a",
        ]);
        assert_eq!(code, 2, "{body}: {err}");
        assert!(err.contains(want) && err.contains(place), "{body}: {err}");
    }
    // A good file: the typed values arrive (method upper-cased, secret in the query).
    let cfg = dir.path().join("isrctl.toml");
    std::fs::write(
        &cfg,
        "[targets.site]\nendpoint = \"https://x.com/api/revalidate\"\nmethod = \"get\"\nsecret_in = \"query\"\nsecret_env = \"ISRCTL_SECRET\"\n",
    )
    .unwrap();
    let o = isrctl()
        .env("ISRCTL_SECRET", "s3cret")
        .args([
            "--config",
            cfg.to_str().unwrap(),
            "revalidate",
            "--target",
            "site",
        ])
        .args(["--path", "/a", "--curl"])
        .output()
        .unwrap();
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    // GET is curl's default (no -X POST), and the secret rides in the query as a variable.
    assert!(
        out.contains("curl 'https://x.com/api/revalidate?path=%2Fa&secret='\"$ISRCTL_SECRET\""),
        "{out}"
    );
    assert!(!out.contains("-X POST"), "{out}");
    assert!(!out.contains("s3cret"), "{out}");
}
