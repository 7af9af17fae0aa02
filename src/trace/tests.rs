//! Trace reader tests: CSV columns and aliases, query stripping, errors with file:line, skipping.

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
        format: TraceFormat::Csv,
        keep_query: false,
        skip_bad_lines: false,
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

#[test]
fn bad_lines_name_file_and_line() {
    let mut r = reader("time,path\n0,/a\nsoon,/b\n", csv_opts());
    let e = all(&mut r).unwrap_err();
    assert_eq!((e.file.as_str(), e.line), ("t.csv", 3));
    assert!(e.to_string().contains("soon"), "{e}");
    // A line out of order within the reorder window is put back in order, not an error.
    let mut r = reader("time,path\n5,/a\n4,/b\n", csv_opts());
    assert_eq!(
        all(&mut r).unwrap(),
        vec![(0, "/b".into()), (1_000_000, "/a".into())]
    );
    assert_eq!(r.stats.reordered, 1);
    let mut r = reader("when,where\n", csv_opts());
    assert_eq!(all(&mut r).unwrap_err().line, 1);
    let mut r = reader("time,path\n0,nopath\n", csv_opts());
    assert!(all(&mut r).unwrap_err().to_string().contains("not a path"));
}

#[test]
fn skip_bad_lines_counts_them() {
    let mut o = csv_opts();
    o.skip_bad_lines = true;
    let mut r = reader("time,path\n0,/a\nx,/b\n\n3\n2,/c\n1,/d\n", o);
    assert_eq!(
        all(&mut r).unwrap(),
        vec![
            (0, "/a".into()),
            (1_000_000, "/d".into()),
            (2_000_000, "/c".into())
        ]
    );
    assert_eq!(r.stats.skipped_bad_lines, 2);
    assert_eq!(r.stats.first_skipped, [3, 5, 0, 0, 0]);
}

#[test]
fn reads_combined_logs_relative_to_the_first_line() {
    let log = "1.1.1.1 - - [23/Nov/2026:10:00:00 +0000] \"GET /a?utm=1 HTTP/1.1\" 200 5 \"-\" \"ua\"\n\
               1.1.1.1 - - [23/Nov/2026:10:00:00 +0000] \"POST /api HTTP/1.1\" 200 5 \"-\" \"ua\"\n\
               1.1.1.1 - - [23/Nov/2026:10:01:05 +0000] \"HEAD /b HTTP/1.1\" 200 5 \"-\" \"ua\"\n";
    let mut o = csv_opts();
    o.format = TraceFormat::Combined;
    let mut r = reader(log, o);
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
