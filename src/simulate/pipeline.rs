//! Trace replay on two cores: a reader thread parses the trace while the engine runs on the
//! calling thread. Batches of (time, path bytes) go through a bounded channel in order, so a
//! run is exactly the same as on one thread, and memory stays bounded by the channel and the
//! distinct paths, not by the trace's length.
//!
//! The receiving side numbers each batch's paths (one hash and one table look-up a request,
//! with the slots of the next ones prefetched): parsing is the heavier half, so the engine's
//! thread takes this part. A path's number is dense (0, 1, 2, … in order of first appearance),
//! so the engine interns each path once, when its first request is replayed, and afterwards only
//! indexes a table.

use super::numbering::Numbers;
use crate::engine::Time;
use crate::engine::routes::path_key;
use crate::trace::{Error, TraceReader, TraceStats};
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};
use std::thread::JoinHandle;

/// Requests per batch: large enough that the channel costs nothing per request, small enough
/// that a batch (~200 KiB) stays in the cache between the two threads.
const BATCH: usize = 16 * 1024;
/// Requests in flight: the reader runs at most this far ahead of the engine (in whole batches,
/// at least one).
const IN_FLIGHT: usize = 4 * BATCH;
/// A batch ends early once its paths take this many bytes (very long paths): memory stays
/// bounded, and offsets fit in 32 bits.
const MAX_BYTES: usize = 16 << 20;

/// Requests in trace order: their times and paths, and once numbered the paths' numbers and
/// which of them are new.
#[derive(Debug, Default)]
pub struct Batch {
    pub times: Vec<Time>,
    /// Each request's path number (set by [`Pipeline::next_batch`]).
    pub paths: Vec<u32>,
    /// End offsets in `bytes` of each request's path.
    ends: Vec<u32>,
    bytes: Vec<u8>,
    /// The number of the first path new in this batch; new paths are numbered on from it.
    first_new: u32,
    /// Once numbered: the bytes of the paths new in this batch (`ends` and `bytes` are
    /// dropped then: a batch may wait a while in a sweep).
    new_ends: Vec<u32>,
    new_bytes: Vec<u8>,
    /// Input bytes read when the batch was sent (for progress).
    pub bytes_read: u64,
    /// The absolute time of t = 0, once the first request was read.
    pub t0: Option<Time>,
}

impl Batch {
    fn new(size: usize) -> Self {
        Batch {
            times: Vec::with_capacity(size),
            ends: Vec::with_capacity(size),
            ..Batch::default()
        }
    }

    /// The path of request `i`.
    #[inline]
    fn path(&self, i: usize) -> &[u8] {
        let start = if i == 0 { 0 } else { self.ends[i - 1] } as usize;
        &self.bytes[start..self.ends[i] as usize]
    }

    /// The bytes of path `n`, which is new in this batch.
    pub fn new_path(&self, n: u32) -> &[u8] {
        let i = (n - self.first_new) as usize;
        let start = if i == 0 { 0 } else { self.new_ends[i - 1] } as usize;
        &self.new_bytes[start..self.new_ends[i] as usize]
    }

    /// Number the paths: dense numbers in order of first appearance, continuing `numbers`.
    fn number(&mut self, numbers: &mut Numbers, hashes: &mut Vec<u64>) {
        const AHEAD: usize = 48;
        hashes.clear();
        hashes.extend((0..self.times.len()).map(|i| path_key(self.path(i))));
        self.first_new = numbers.len();
        self.paths.clear();
        self.paths.reserve(hashes.len());
        for (i, &h) in hashes.iter().enumerate() {
            if let Some(&next) = hashes.get(i + AHEAD) {
                numbers.prefetch(next);
            }
            let (n, new) = numbers.number(h);
            if new {
                let start = if i == 0 { 0 } else { self.ends[i - 1] } as usize;
                self.new_bytes
                    .extend_from_slice(&self.bytes[start..self.ends[i] as usize]);
                self.new_ends.push(self.new_bytes.len() as u32);
            }
            self.paths.push(n);
        }
        self.bytes = Vec::new();
        self.ends = Vec::new();
    }
}

enum Msg {
    Batch(Batch),
    Failed(Error),
}

/// The reader thread and the batches it sends.
pub struct Pipeline {
    rx: Option<Receiver<Msg>>,
    reader: Option<JoinHandle<TraceReader>>,
    numbers: Numbers,
    hashes: Vec<u64>,
}

impl Pipeline {
    /// Start reading `reader` on its own thread.
    pub fn start(reader: TraceReader) -> Pipeline {
        Self::with_batches(reader, BATCH)
    }

    /// Start reading `reader` on its own thread, in batches of `size` requests.
    pub fn with_batches(reader: TraceReader, size: usize) -> Pipeline {
        let (tx, rx) = sync_channel((IN_FLIGHT / size.max(1)).max(1));
        let handle = std::thread::Builder::new()
            .name("trace-reader".into())
            .spawn(move || read(reader, tx, size.max(1)))
            .expect("spawn the trace reader thread");
        Pipeline {
            rx: Some(rx),
            reader: Some(handle),
            numbers: Numbers::default(),
            hashes: Vec::new(),
        }
    }

    /// The next batch in trace order, its paths numbered; `None` at the end. A read error ends
    /// the stream.
    pub fn next_batch(&mut self) -> Option<Result<Batch, Error>> {
        match self.rx.as_ref()?.recv().ok()? {
            Msg::Batch(mut b) => {
                b.number(&mut self.numbers, &mut self.hashes);
                Some(Ok(b))
            }
            Msg::Failed(e) => Some(Err(e)),
        }
    }

    /// Stop reading (if still reading) and give back what was read, with `requests` set to the
    /// number the engine replayed (the reader may have read a little ahead of a run stopped
    /// early).
    pub fn finish(mut self, replayed: u64) -> TraceStats {
        self.rx = None;
        let reader = self
            .reader
            .take()
            .expect("finished once")
            .join()
            .unwrap_or_else(|p| std::panic::resume_unwind(p));
        let mut stats = reader.stats;
        stats.requests = replayed;
        stats
    }
}

/// The reader thread: parse and send batches until the end, an error, or the engine hanging up.
fn read(mut reader: TraceReader, tx: SyncSender<Msg>, size: usize) -> TraceReader {
    loop {
        let mut batch = Batch::new(size);
        let mut failed = None;
        let mut done = false;
        while batch.times.len() < size && batch.bytes.len() < MAX_BYTES {
            match reader.next_record() {
                Ok(Some(t)) => {
                    batch.bytes.extend_from_slice(reader.path());
                    batch.ends.push(batch.bytes.len() as u32);
                    batch.times.push(t);
                }
                Ok(None) => {
                    done = true;
                    break;
                }
                Err(e) => {
                    failed = Some(e);
                    break;
                }
            }
        }
        let sent = batch.times.is_empty() || send(&tx, batch, &reader);
        if let Some(e) = failed {
            if sent {
                let _ = tx.send(Msg::Failed(e));
            }
            return reader;
        }
        if done || !sent {
            return reader;
        }
    }
}

fn send(tx: &SyncSender<Msg>, mut batch: Batch, reader: &TraceReader) -> bool {
    batch.bytes_read = reader.bytes_read();
    batch.t0 = reader.t0();
    tx.send(Msg::Batch(batch)).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::trace::{DEFAULT_REORDER_WINDOW, TraceFormat, TraceOptions};

    fn opts(strict: bool) -> TraceOptions {
        TraceOptions {
            format: TraceFormat::Auto,
            keep_query: false,
            strict,
            reorder_window: DEFAULT_REORDER_WINDOW,
        }
    }

    fn pipe(text: &str) -> Pipeline {
        let input = Box::new(std::io::Cursor::new(text.as_bytes().to_vec()));
        Pipeline::start(TraceReader::new("t.csv".into(), input, opts(false)))
    }

    #[test]
    fn numbers_paths_in_order_of_first_appearance_and_carries_their_bytes() {
        let mut text = String::from("time,path\n");
        for i in 0..(BATCH + 10) {
            text.push_str(&format!("{i},/p{}\n", i % 3));
        }
        text.push_str(&format!("{},/late\n", BATCH + 10));
        let mut p = pipe(&text);
        let first = p.next_batch().unwrap().unwrap();
        assert_eq!(first.times.len(), BATCH);
        assert_eq!(&first.paths[..4], &[0, 1, 2, 0]);
        assert_eq!(first.new_path(1), b"/p1");
        assert_eq!(first.t0, Some(0));
        let second = p.next_batch().unwrap().unwrap();
        assert_eq!(second.times.len(), 11);
        assert_eq!(*second.paths.last().unwrap(), 3);
        assert_eq!(second.new_path(3), b"/late");
        assert!(p.next_batch().is_none());
        let stats = p.finish(BATCH as u64 + 11);
        assert_eq!(stats.lines, BATCH as u64 + 12);
    }

    #[test]
    fn a_bad_line_ends_the_stream() {
        let input = Box::new(std::io::Cursor::new(
            b"time,path\n0,/a\n1,/b\nnot a line\n".to_vec(),
        ));
        let mut p = Pipeline::start(TraceReader::new("t.csv".into(), input, opts(true)));
        // The lines before it are still held for reordering when the bad one is read.
        let e = p.next_batch().unwrap().unwrap_err();
        assert_eq!(e.line, 4, "{e}");
        assert!(p.next_batch().is_none());
    }
}
