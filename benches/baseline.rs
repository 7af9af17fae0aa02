//! The straightforward loop that `isrctl simulate --trace` is measured against (issue 15): one
//! thread, a std `HashMap` keyed by the path bytes, one lookup per line, TTL plus
//! stale-while-revalidate with zero render time. It prints the same counts as the reference
//! (hit stale miss regenerations), so a run proves it did the work.
//!
//!     cargo bench --bench baseline -- TRACE.csv [TTL_SECONDS]

use std::collections::HashMap;
use std::io::{BufRead, BufReader};

fn main() {
    let mut args = std::env::args().skip(1).filter(|a| a != "--bench");
    let Some(path) = args.next() else {
        // `cargo test --all-targets` runs this without a trace: check the loop on a tiny one.
        let trace = "time,path\n0,/a\n30,/a\n60,/a\n61,/a\n61,/b\n";
        assert_eq!(replay(trace.as_bytes(), 60), (2, 1, 2));
        return;
    };
    let ttl: u64 = args
        .next()
        .map_or(60, |s| s.parse().expect("TTL in seconds"));
    let file = std::fs::File::open(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let (hit, stale, miss) = replay(BufReader::with_capacity(1 << 16, file), ttl);
    println!("{hit} {stale} {miss} {stale}");
}

/// Hits, stales and misses of `input` (a `time,path` CSV with a header) at TTL `ttl` seconds.
fn replay(mut input: impl BufRead, ttl: u64) -> (u64, u64, u64) {
    let mut line = Vec::new();
    input.read_until(b'\n', &mut line).expect("read the header");
    // Path -> when its entry was generated.
    let mut cache: HashMap<Vec<u8>, u64> = HashMap::new();
    let (mut hit, mut stale, mut miss) = (0u64, 0u64, 0u64);
    loop {
        line.clear();
        if input.read_until(b'\n', &mut line).expect("read a line") == 0 {
            break;
        }
        let line = line.strip_suffix(b"\n").unwrap_or(&line);
        let mut fields = line.split(|&b| b == b',');
        let t = fields.next().map_or(0, seconds);
        let Some(p) = fields.next() else { continue };
        match cache.get_mut(p) {
            Some(generated) if t < *generated + ttl => hit += 1,
            Some(generated) => {
                stale += 1;
                *generated = t;
            }
            None => {
                miss += 1;
                cache.insert(p.to_vec(), t);
            }
        }
    }
    (hit, stale, miss)
}

fn seconds(field: &[u8]) -> u64 {
    field
        .iter()
        .take_while(|b| b.is_ascii_digit())
        .fold(0, |n, b| n * 10 + u64::from(b - b'0'))
}
