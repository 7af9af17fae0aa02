//! Trace parsing only (no engine): isrctl's CSV reader against the `csv` crate's `ByteRecord`
//! reader on the same file, in the same run: `cargo bench --bench trace_parse [-- FILE]`.
//!
//! Both extract the time and path of every line and parse the time. The isrctl reader also does
//! what a replay needs besides parsing (the reorder window, query stripping, path checks), so it
//! is the whole reader against the `csv` crate's parsing alone: the hand-written CSV fast path in
//! `src/trace/csv.rs` stays only while the whole reader keeps up with that. Without FILE a synthetic 2 M-line trace (`time,obj_id` over 100 k paths) is written
//! to a temp file first.

use isrctl::trace::{self, TraceFormat, TraceOptions};
use std::io::Write;
use std::path::Path;
use std::time::Instant;

fn isrctl_reader(path: &Path) -> (u64, usize) {
    let opts = TraceOptions {
        format: TraceFormat::Csv,
        keep_query: false,
        strict: true,
        reorder_window: trace::DEFAULT_REORDER_WINDOW,
    };
    let mut r = trace::open(path, opts).expect("trace opens");
    let (mut n, mut bytes) = (0, 0);
    while let Some(_t) = r.next_record().expect("valid trace") {
        n += 1;
        bytes += r.path().len();
    }
    (n, bytes)
}

fn csv_crate(path: &Path) -> (u64, usize) {
    let f = std::fs::File::open(path).expect("trace opens");
    let mut rd = csv::ReaderBuilder::new()
        .buffer_capacity(1 << 20)
        .from_reader(f);
    let mut rec = csv::ByteRecord::new();
    let (mut n, mut bytes) = (0, 0);
    while rd.read_byte_record(&mut rec).expect("valid csv") {
        let t: f64 = std::str::from_utf8(&rec[0])
            .ok()
            .and_then(|s| s.trim().parse().ok())
            .expect("a numeric time");
        std::hint::black_box(t);
        n += 1;
        bytes += rec[1].len();
    }
    (n, bytes)
}

/// The hand-written CSV line parser alone: the lines split with memchr, each parsed by
/// `trace::csv::Columns::parse` (fields, time, path).
fn hand_lines(text: &mut [u8]) -> (u64, usize) {
    let nl = memchr::memchr(b'\n', text).expect("a header line");
    let cols = trace::csv::Columns::from_header(&text[..nl]).expect("a header");
    let (mut n, mut bytes, mut start) = (0, 0, nl + 1);
    while start < text.len() {
        let end = memchr::memchr(b'\n', &text[start..]).map_or(text.len(), |e| start + e);
        let (t, (ps, pe)) = cols.parse(&mut text[start..end]).expect("a valid line");
        std::hint::black_box(t);
        n += 1;
        bytes += pe - ps;
        start = end + 1;
    }
    (n, bytes)
}

/// The `csv` crate's `ByteRecord` reader over the same bytes in memory, with the same time
/// parser: the parsing alone, as `hand_lines`.
fn csv_lines(text: &[u8]) -> (u64, usize) {
    let mut rd = csv::ReaderBuilder::new().from_reader(text);
    let mut rec = csv::ByteRecord::new();
    let (mut n, mut bytes) = (0, 0);
    while rd.read_byte_record(&mut rec).expect("valid csv") {
        let t = trace::time::parse_time(&rec[0]).expect("a time");
        std::hint::black_box(t);
        n += 1;
        bytes += rec[1].len();
    }
    (n, bytes)
}

fn main() {
    let given = std::env::args().skip(1).find(|a| !a.starts_with('-'));
    let _tmp;
    let path = match given {
        Some(p) => std::path::PathBuf::from(p),
        None => {
            let lines = if cfg!(debug_assertions) {
                20_000
            } else {
                2_000_000
            };
            let mut f = tempfile::NamedTempFile::new().expect("temp file");
            let mut w = std::io::BufWriter::new(f.as_file_mut());
            writeln!(w, "time,obj_id,obj_size").unwrap();
            let mut x: u64 = 1;
            for i in 0..lines {
                x = x
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                writeln!(w, "{},/blog/post-{},1024", i / 1000, (x >> 33) % 100_000).unwrap();
            }
            drop(w);
            _tmp = f;
            _tmp.path().to_path_buf()
        }
    };
    let runs = if cfg!(debug_assertions) { 1 } else { 5 };
    let mut rates: [Vec<f64>; 2] = [Vec::new(), Vec::new()];
    let mut seen = None;
    for _ in 0..runs {
        for (i, f) in [isrctl_reader as fn(&Path) -> (u64, usize), csv_crate]
            .iter()
            .enumerate()
        {
            let t = Instant::now();
            let got = f(&path);
            rates[i].push(got.0 as f64 / t.elapsed().as_secs_f64() / 1e6);
            assert_eq!(
                *seen.get_or_insert(got),
                got,
                "both readers see the same records"
            );
        }
    }
    if cfg!(debug_assertions) {
        println!("(a debug build: a smoke run only; `cargo bench --bench trace_parse` measures)");
    }
    // The parsers alone, on the file in memory (the first run's result is the reference).
    let text = std::fs::read(&path).expect("trace readable");
    let mut parse_rates: [Vec<f64>; 2] = [Vec::new(), Vec::new()];
    for _ in 0..runs {
        let mut copy = text.clone();
        let t = Instant::now();
        let a = hand_lines(&mut copy);
        parse_rates[0].push(a.0 as f64 / t.elapsed().as_secs_f64() / 1e6);
        let t = Instant::now();
        let b = csv_lines(&text);
        parse_rates[1].push(b.0 as f64 / t.elapsed().as_secs_f64() / 1e6);
        assert_eq!(a, b, "both parsers see the same records");
    }
    for (name, r) in ["hand CSV parser", "csv ByteRecord parse"]
        .iter()
        .zip(&mut parse_rates)
    {
        r.sort_by(f64::total_cmp);
        println!(
            "{name:20} median {:6.2} M lines/s in memory",
            r[r.len() / 2]
        );
    }
    for (name, r) in ["isrctl trace reader", "csv ByteRecord"]
        .iter()
        .zip(&mut rates)
    {
        r.sort_by(f64::total_cmp);
        println!(
            "{name:20} median {:6.2} M lines/s over {runs} runs",
            r[r.len() / 2]
        );
    }
}
