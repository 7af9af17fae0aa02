//! Hostile-input corpus for `probe --sitemap` and `purge --from-file` (issue 11, classes 4-6):
//! caps announced without -v, a gzip bomb refused by name, an index of indexes bounded in
//! documents and time, item files bounded in line length and size; and a garbage `Age` header.

use super::slow_servers::{Act, answer, serve};
use crate::support::providers::{isrctl, run};
use std::io::Write;
use std::time::{Duration, Instant};

fn probe() -> assert_cmd::Command {
    let mut c = crate::support::isrctl();
    c.arg("probe");
    c
}

fn index(children: impl Iterator<Item = String>) -> String {
    let mut s = String::from("<sitemapindex>");
    for c in children {
        s.push_str(&format!("<sitemap><loc>{c}</loc></sitemap>"));
    }
    s.push_str("</sitemapindex>");
    s
}

/// An index of indexes of indexes, 50 wide (125,000 leaf documents, one page each): the walk
/// stops at the document cap, says so on stderr without -v, and the probe goes on.
#[test]
fn index_of_indexes_is_capped_and_announced() {
    // /i/<depth>/<n>.xml: an index at depth < 3, else a urlset with one page; the server
    // learns its own base URL once bound.
    let base = std::sync::Arc::new(std::sync::OnceLock::<String>::new());
    let b2 = base.clone();
    let s2 = serve(move |_, p| {
        let base = b2.get().unwrap();
        let Some(rest) = p.strip_prefix("/i/") else {
            return answer(200, &[("x-nextjs-cache", "HIT")], "page");
        };
        let (d, n) = rest.trim_end_matches(".xml").split_once('/').unwrap();
        let (d, n): (usize, usize) = (d.parse().unwrap(), n.parse().unwrap());
        let body = if d < 3 {
            index((0..50).map(|k| format!("{base}/i/{}/{}.xml", d + 1, n * 50 + k)))
        } else {
            format!("<urlset><url><loc>{base}/p/{n}</loc></url></urlset>")
        };
        answer(200, &[], body)
    });
    base.set(s2.base.clone()).unwrap();
    let t = Instant::now();
    let r = run(probe().args([
        "--once",
        "--format",
        "json",
        "--sitemap",
        &s2.url("/i/0/0.xml"),
    ]));
    assert!(
        t.elapsed() < Duration::from_secs(40),
        "took {:?}",
        t.elapsed()
    );
    let capped: Vec<&str> = r
        .stderr
        .lines()
        .filter(|l| l.contains("sitemap") && l.contains("limit"))
        .collect();
    assert_eq!(capped.len(), 1, "{}", r.stderr);
    assert!(r.stdout.contains("/p/"), "{}", r.stdout);
}

/// More than 10,000 URLs in one sitemap: the cap is announced without -v.
#[test]
fn url_cap_is_announced() {
    let body = {
        let mut b = String::from("<urlset>");
        for i in 0..10_050 {
            b.push_str(&format!("<url><loc>http://127.0.0.1:9/p/{i}</loc></url>"));
        }
        b.push_str("</urlset>");
        b
    };
    let s = serve(move |_, _| answer(200, &[], body.clone()));
    // --count 1 --interval 0 --timeout 1ms: each of the 10,000 URLs fails at once (port 9).
    let r = run(probe().args([
        "--sitemap",
        &s.url("/sitemap.xml"),
        "--format",
        "json",
        "--once",
        "--timeout",
        "50ms",
        "--concurrency",
        "1024",
    ]));
    assert!(
        r.stderr.contains("10000") || r.stderr.contains("10,000"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("limit"), "{}", r.stderr);
}

/// A gzip sitemap that inflates past the 50 MiB limit is refused as too large, naming the limit.
#[test]
fn gzip_bomb_sitemap_is_refused_as_too_large() {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    let zeros = vec![b' '; 1024 * 1024];
    for _ in 0..60 {
        gz.write_all(&zeros).unwrap();
    }
    let bomb = gz.finish().unwrap();
    let s = serve(move |_, _| Act::Answer(200, vec![], bomb.clone()));
    let r = run(probe().args(["--once", "--sitemap", &s.url("/sitemap.xml.gz")]));
    assert_ne!(r.code, 0);
    assert!(r.stderr.contains("50 MiB"), "{}", r.stderr);
    assert!(!r.stderr.contains("lists no URLs"), "{}", r.stderr);
}

/// `--from-file /dev/zero`: refused with the limit named, quickly, not read forever.
#[test]
fn from_file_dev_zero_is_bounded() {
    let t = Instant::now();
    let r = run(isrctl().args(["purge", "http", "--from-file", "/dev/zero", "--dry-run"]));
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("/dev/zero"), "{}", r.stderr);
    assert!(r.stderr.contains("longer than"), "{}", r.stderr);
    assert!(t.elapsed() < Duration::from_secs(5));
}

/// A file of many short lines past the total cap, and one long line: both refused by name.
#[test]
fn from_file_size_and_line_caps() {
    let dir = tempfile::tempdir().unwrap();
    let long = dir.path().join("long.txt");
    std::fs::write(&long, format!("https://a/{}\n", "x".repeat(100_000))).unwrap();
    let r = run(isrctl()
        .args(["purge", "http", "--dry-run", "--from-file"])
        .arg(&long));
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("line 1"), "{}", r.stderr);

    let big = dir.path().join("big.txt");
    let mut f = std::fs::File::create(&big).unwrap();
    let line = format!("https://a/{}\n", "y".repeat(1000));
    for _ in 0..70_000 {
        f.write_all(line.as_bytes()).unwrap();
    }
    drop(f);
    let r = run(isrctl()
        .args(["purge", "http", "--dry-run", "--from-file"])
        .arg(&big));
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("MiB"), "{}", r.stderr);
}

/// `age: abc` is not explained as "abcs": the header value is called invalid.
#[test]
fn garbage_age_header_is_called_invalid() {
    let s = serve(|_, _| {
        answer(
            200,
            &[
                ("age", "abc"),
                ("cache-control", "s-maxage=xyz, max-age=60"),
            ],
            "x",
        )
    });
    let r = run(probe().args(["--once", &s.url("/")]));
    assert!(!r.stdout.contains("abcs"), "{}", r.stdout);
    assert!(!r.stdout.contains("xyzs"), "{}", r.stdout);
    assert!(r.stdout.contains("invalid"), "{}", r.stdout);
}
