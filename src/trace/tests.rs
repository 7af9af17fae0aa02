//! Trace reader tests: CSV columns and aliases, query stripping, format detection, errors with
//! file:line, skipping and quoting by default, stopping under strict.

use super::*;

fn reader(text: &str, opts: TraceOptions) -> TraceReader {
    TraceReader::new(
        "t.csv".into(),
        Box::new(std::io::Cursor::new(text.as_bytes().to_vec())),
        opts,
    )
}

fn csv_opts() -> TraceOptions {
    TraceOptions {
        format: TraceFormat::Auto,
        keep_query: false,
        strict: false,
        reorder_window: DEFAULT_REORDER_WINDOW,
    }
}

fn all(r: &mut TraceReader) -> Result<Vec<(Time, String)>, Error> {
    let mut out = Vec::new();
    while let Some(t) = r.next_record()? {
        out.push((t, String::from_utf8_lossy(r.path()).into_owned()));
    }
    Ok(out)
}

#[test]
fn reads_csv_with_aliases_and_extra_columns() {
    let mut r = reader(
        "time,obj_id,obj_size\n10,/a,1\n10,/b?x=1,1\n11.5,\"/c,d\",1\n",
        csv_opts(),
    );
    assert_eq!(
        all(&mut r).unwrap(),
        vec![
            (0, "/a".into()),
            (0, "/b".into()),
            (1_500_000, "/c,d".into())
        ]
    );
    assert_eq!(r.stats.requests, 3);
}

#[test]
fn keeps_the_query_when_asked_and_strips_url_hosts() {
    let mut o = csv_opts();
    o.keep_query = true;
    let mut r = reader("url,time\nhttps://ex.com/a?x=1,0\n", o);
    assert_eq!(all(&mut r).unwrap(), vec![(0, "/a?x=1".into())]);
}

fn strict() -> TraceOptions {
    TraceOptions {
        strict: true,
        ..csv_opts()
    }
}

#[test]
fn under_strict_bad_lines_stop_the_read_with_file_and_line() {
    let mut r = reader("time,path\n0,/a\nsoon,/b\n", strict());
    let e = all(&mut r).unwrap_err();
    assert_eq!((e.file.as_str(), e.line), ("t.csv", 3));
    assert_eq!(e.kind, ErrorKind::BadLine);
    assert!(e.to_string().contains("soon"), "{e}");
    // A line out of order within the reorder window is put back in order, not an error.
    let mut r = reader("time,path\n5,/a\n4,/b\n", strict());
    assert_eq!(
        all(&mut r).unwrap(),
        vec![(0, "/b".into()), (1_000_000, "/a".into())]
    );
    assert_eq!(r.stats.reordered, 1);
    let mut r = reader("time,path\n0,nopath\n", strict());
    assert!(all(&mut r).unwrap_err().to_string().contains("not a path"));
    // Later than the window: stopped at that line.
    let o = TraceOptions {
        reorder_window: 0,
        ..strict()
    };
    let e = all(&mut reader("time,path\n5,/a\n6,/b\n4,/c\n7,/d\n", o)).unwrap_err();
    assert_eq!((e.line, e.kind), (4, ErrorKind::Late { window: 0 }));
    let e = all(&mut reader("time,path\n0,/a\n9999999999,/b\n", strict())).unwrap_err();
    assert_eq!((e.line, e.kind), (3, ErrorKind::Outlier));
}

#[test]
fn a_header_without_the_columns_is_an_error_at_line_1() {
    for o in [csv_opts(), strict()] {
        let e = all(&mut reader("when,where\n0,/a\n", o)).unwrap_err();
        assert_eq!(e.line, 1);
        assert_eq!(
            e.kind,
            ErrorKind::Header {
                columns: vec!["when".into(), "where".into()]
            }
        );
    }
}

#[test]
fn bad_lines_are_counted_skipped_and_quoted() {
    let mut r = reader(
        "time,path\n0,/a\nx,/b\n\n3\n2,/c\n1,/d\n9,\x1b[2J\n",
        csv_opts(),
    );
    assert_eq!(
        all(&mut r).unwrap(),
        vec![
            (0, "/a".into()),
            (1_000_000, "/d".into()),
            (2_000_000, "/c".into())
        ]
    );
    assert_eq!(r.stats.skipped_bad_lines, 3);
    assert_eq!(r.stats.first_skipped, [3, 5, 8, 0, 0]);
    let q = &r.stats.first_skipped_lines;
    assert_eq!(q.len(), 3);
    assert_eq!((q[0].line, q[0].text.as_str()), (3, "'x,/b'"));
    assert!(q[0].reason.contains("'x' is not a time"), "{:?}", q[0]);
    assert_eq!((q[1].line, q[1].text.as_str()), (5, "'3'"));
    assert_eq!(q[2].text, "'9,\\x1b[2J'");
}

#[test]
fn the_format_is_detected_from_the_first_line() {
    let combined = "\u{feff}1.1.1.1 - - [23/Nov/2026:10:00:00 +0000] \"GET /a HTTP/1.1\" 200 5\r\n";
    let mut r = reader(combined, csv_opts());
    assert_eq!(all(&mut r).unwrap(), vec![(0, "/a".into())]);
    assert_eq!(r.stats.format, Some(TraceFormat::Combined));
    let json = "{\"time\":1700000000,\"path\":\"/j\"}\n{\"time\":1700000001,\"url\":\"https://x.com/k\"}\n";
    let mut r = reader(json, csv_opts());
    assert_eq!(
        all(&mut r).unwrap(),
        vec![(0, "/j".into()), (1_000_000, "/k".into())]
    );
    assert_eq!(r.stats.format, Some(TraceFormat::Json));
    let mut r = reader("time;path\r\n1;/s\r\n", csv_opts());
    assert_eq!(all(&mut r).unwrap(), vec![(0, "/s".into())]);
    assert_eq!(r.stats.format, Some(TraceFormat::Csv));
}

#[test]
fn junk_before_an_access_log_is_skipped_while_detecting() {
    let log =
        "\x00\x01garbage\n1.1.1.1 - - [23/Nov/2026:10:00:00 +0000] \"GET /a HTTP/1.1\" 200 5\n";
    let mut r = reader(log, csv_opts());
    assert_eq!(all(&mut r).unwrap(), vec![(0, "/a".into())]);
    assert_eq!(r.stats.skipped_bad_lines, 1);
    assert_eq!(r.stats.first_skipped_lines[0].line, 1);
    // Under strict, or when no line of the first few is of any format, nothing can be read.
    assert_eq!(all(&mut reader(log, strict())).unwrap_err().line, 1);
    let junk = "nothing\n".repeat(DETECT_LINES as usize + 5);
    let e = all(&mut reader(&junk, csv_opts())).unwrap_err();
    assert_eq!(e.line, 1);
    assert!(e.message.contains("neither a CSV header"), "{e}");
}

#[test]
fn a_given_format_that_does_not_fit_names_the_detected_one() {
    let o = TraceOptions {
        format: TraceFormat::Combined,
        ..csv_opts()
    };
    let e = all(&mut reader("time,path\n0,/a\n", o)).unwrap_err();
    assert_eq!(
        e.kind,
        ErrorKind::Mismatch {
            given: TraceFormat::Combined,
            detected: TraceFormat::Csv
        }
    );
    let o = TraceOptions {
        format: TraceFormat::Csv,
        ..csv_opts()
    };
    let log = "1.1.1.1 - - [23/Nov/2026:10:00:00 +0000] \"GET /a HTTP/1.1\" 200 5\n";
    let e = all(&mut reader(log, o)).unwrap_err();
    assert!(e.message.contains("looks like an access-log line"), "{e}");
    // A given format whose first line is junk: that line is skipped like any other.
    let o = TraceOptions {
        format: TraceFormat::Json,
        ..csv_opts()
    };
    let mut r = reader("{oops\n{\"ts\":5,\"path\":\"/x\"}\n", o);
    assert_eq!(all(&mut r).unwrap(), vec![(0, "/x".into())]);
    assert_eq!(r.stats.skipped_bad_lines, 1);
}

#[test]
fn reads_combined_logs_relative_to_the_first_line() {
    let log = "1.1.1.1 - - [23/Nov/2026:10:00:00 +0000] \"GET /a?utm=1 HTTP/1.1\" 200 5 \"-\" \"ua\"\n\
               1.1.1.1 - - [23/Nov/2026:10:00:00 +0000] \"POST /api HTTP/1.1\" 200 5 \"-\" \"ua\"\n\
               1.1.1.1 - - [23/Nov/2026:10:01:05 +0000] \"HEAD /b HTTP/1.1\" 200 5 \"-\" \"ua\"\n";
    let mut r = reader(log, csv_opts());
    assert_eq!(
        all(&mut r).unwrap(),
        vec![(0, "/a".into()), (65_000_000, "/b".into())]
    );
    assert_eq!(r.stats.skipped_not_get, 1);
}

#[test]
fn a_byte_order_mark_before_the_header_is_ignored() {
    let mut r = reader("\u{feff}time,path\n1,/a\n", csv_opts());
    assert_eq!(all(&mut r).unwrap(), vec![(0, "/a".into())]);
}

#[test]
fn quoted_fields_unescape_doubled_quotes() {
    let text = "time,path\n1,\"/a\"\"b\"\n\"2\",\"/c,d\"\n3,\"/e\"\n";
    let mut r = reader(text, csv_opts());
    assert_eq!(
        all(&mut r).unwrap(),
        vec![
            (0, "/a\"b".into()),
            (1_000_000, "/c,d".into()),
            (2_000_000, "/e".into())
        ]
    );
}

#[test]
fn late_lines_and_outliers_are_counted_not_fatal() {
    let mut o = csv_opts();
    o.reorder_window = 0;
    let mut r = reader("time,path\n0,/a\n10,/b\n9,/c\n99999999999,/x\n11,/d\n", o);
    let got = all(&mut r).unwrap();
    assert_eq!(got.len(), 3, "{got:?}");
    assert_eq!(r.stats.skipped_late, 1);
    assert_eq!(r.stats.skipped_outliers, 1);
    assert_eq!(r.stats.first_skipped[..2], [4, 5]);
}

#[test]
fn the_reorder_buffer_survives_refills() {
    // Many lines, each pair swapped, across several 1 MiB refills of the line buffer.
    let mut text = String::from("time,path\n");
    for i in 0..200_000u64 {
        let t = if i % 2 == 0 { i + 1 } else { i - 1 };
        text.push_str(&format!("{}.{:03},/page/{i}\n", t / 1000, t % 1000));
    }
    let mut r = reader(&text, csv_opts());
    let got = all(&mut r).unwrap();
    assert_eq!(got.len(), 200_000);
    assert!(got.windows(2).all(|w| w[0].0 <= w[1].0));
    assert_eq!(got[0].1, "/page/1");
    assert_eq!(got[199_999].1, "/page/199998");
    assert_eq!(r.stats.reordered, 100_000);
}

/// Hands out its bytes a few at a time, so that lines and the fast path's window straddle
/// refills of the line buffer.
struct Chunks(Vec<u8>, usize, usize);

impl Read for Chunks {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        let n = self.2.min(out.len()).min(self.0.len() - self.1);
        out[..n].copy_from_slice(&self.0[self.1..self.1 + n]);
        self.1 += n;
        Ok(n)
    }
}

mod plain_lines {
    use super::*;
    use proptest::prelude::*;

    fn time() -> impl Strategy<Value = String> {
        prop_oneof![
            6 => (0u32..100_000).prop_map(|t| t.to_string()),
            1 => Just("12.25".to_string()),
            1 => Just(" 3".to_string()),
            1 => Just("4 ".to_string()),
            1 => Just("99999999999".to_string()),
            1 => Just("x".to_string()),
            1 => Just(String::new()),
        ]
    }

    fn path() -> impl Strategy<Value = String> {
        prop_oneof![
            6 => "/[a-z?#=&é/]{0,70}",
            1 => Just("/a ".to_string()),
            1 => Just(" /b".to_string()),
            1 => Just("\"/q,\"\"r\"\"\"".to_string()),
            1 => Just("https://h.example/x?y".to_string()),
            1 => Just("/\"mid".to_string()),
            1 => Just("rel".to_string()),
            1 => Just(String::new()),
        ]
    }

    fn other() -> impl Strategy<Value = String> {
        prop_oneof![
            Just("1024".to_string()),
            Just("\"a,b;c\td?e\"".to_string()),
            // Quoted delimiters that would make plausible fields if split.
            Just("\"z,7,/w\"".to_string()),
            Just("\"z\t7\t/w\"".to_string()),
            "[a-z?#]{0,8}",
        ]
    }

    /// A header, and lines of its columns (time, path or other), sometimes one short.
    fn trace() -> impl Strategy<Value = (String, String)> {
        let header = prop_oneof![
            Just(("time,path", ",")),
            Just(("path;time", ";")),
            Just(("time,obj_id,obj_size", ",")),
            Just(("size\tts\turl", "\t")),
            Just(("x,time,path", ",")),
        ];
        let line = (
            time(),
            path(),
            other(),
            prop_oneof![8 => Just(0usize), 1 => Just(1)],
            prop_oneof![Just("\n"), Just("\r\n")],
        );
        (header, proptest::collection::vec(line, 0..60)).prop_map(|((h, delim), lines)| {
            let mut text = format!("{h}\n");
            for (t, p, o, short, end) in lines {
                let mut fields: Vec<&str> = h
                    .split(delim)
                    .map(|c| match c {
                        "time" | "ts" => t.as_str(),
                        "path" | "obj_id" | "url" => p.as_str(),
                        _ => o.as_str(),
                    })
                    .collect();
                fields.truncate(fields.len() - short);
                text.push_str(&fields.join(delim));
                text.push_str(end);
            }
            (h.to_string(), text)
        })
    }

    fn read(text: &str, opts: TraceOptions, plain: bool, chunk: usize) -> String {
        let input = Chunks(text.as_bytes().to_vec(), 0, chunk);
        let mut r = TraceReader::new("t.csv".into(), Box::new(input), opts);
        r.plain = plain;
        let got = all(&mut r);
        format!("{got:?} {:?}", r.stats)
    }

    proptest! {
        /// The fast path for plain lines reads every trace exactly as the general parser does:
        /// the same requests, skips, errors and counts, whatever the lines hold and however
        /// the input arrives.
        #[test]
        fn reads_as_the_general_parser((_h, text) in trace(), keep_query: bool, strict: bool, chunk in prop_oneof![Just(1usize << 20), 1usize..100]) {
            let opts = TraceOptions {
                format: TraceFormat::Csv,
                keep_query,
                strict,
                reorder_window: DEFAULT_REORDER_WINDOW,
            };
            prop_assert_eq!(read(&text, opts, true, chunk), read(&text, opts, false, chunk));
        }
    }
}
