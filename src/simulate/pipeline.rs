//! Trace replay on two cores: a reader thread parses the trace while the engine runs on the
//! calling thread. Batches of (time, path bytes) go through a bounded channel in order, so a
//! run is exactly the same as on one thread, and memory stays bounded by the channel and the
//! distinct paths, not by the trace's length.
//!
//! Each batch's paths are numbered (one hash and one table look-up a request, with the slots of
//! the next ones prefetched) by whichever side has time for it: usually the receiving side, as
//! parsing is the heavier half; the reader, while the batches it sent wait unread (a trace of
//! mostly new paths keeps the engine busier than the reader). Batches are numbered in order
//! either way. A path's number is dense (0, 1, 2, … in order of first appearance), so the
//! engine interns each path once, when its first request is replayed, and afterwards only
//! indexes a table.

use super::numbering::Numbers;
use crate::engine::Time;
use crate::engine::routes::path_key;
use crate::trace::{Error, TraceReader, TraceStats};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::thread::JoinHandle;

/// Requests per batch: large enough that the channel costs nothing per request, small enough
/// that a batch (~200 KiB) stays in the cache between the two threads.
const BATCH: usize = 16 * 1024;
/// Batches in flight, at most: the reader runs at most this far ahead of the engine.
const DEPTH: usize = 4;
/// Requests in flight, at most: bigger batches are fewer in flight (at least one).
const IN_FLIGHT: usize = DEPTH * BATCH;
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
    /// Its place in the stream (0, 1, 2, …), and whether it was numbered yet.
    seq: u64,
    numbered: bool,
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

    /// The bytes of path `n`, which is new in this batch.
    pub fn new_path(&self, n: u32) -> &[u8] {
        piece(
            &self.new_bytes,
            &self.new_ends,
            (n - self.first_new) as usize,
        )
    }

    /// Number the paths: dense numbers in order of first appearance, continuing the numbering
    /// in `state`.
    fn number(&mut self, state: &mut State) {
        const AHEAD: usize = 48;
        debug_assert_eq!(state.done, self.seq, "batches are numbered in order");
        let State {
            numbers, hashes, ..
        } = state;
        hashes.clear();
        hashes.extend((0..self.times.len()).map(|i| path_key(piece(&self.bytes, &self.ends, i))));
        self.first_new = numbers.len();
        self.paths.clear();
        self.paths.reserve(hashes.len());
        for (i, &h) in hashes.iter().enumerate() {
            if let Some(&next) = hashes.get(i + AHEAD) {
                numbers.prefetch(next);
            }
            let (n, new) = numbers.number(h);
            if new {
                self.new_bytes
                    .extend_from_slice(piece(&self.bytes, &self.ends, i));
                self.new_ends.push(self.new_bytes.len() as u32);
            }
            self.paths.push(n);
        }
        self.bytes = Vec::new();
        self.ends = Vec::new();
        self.numbered = true;
        state.done += 1;
    }
}

/// Piece `i` of `bytes`, where piece `i` ends at `ends[i]` and starts where the one before ends.
#[inline]
fn piece<'a>(bytes: &'a [u8], ends: &[u32], i: usize) -> &'a [u8] {
    let start = if i == 0 { 0 } else { ends[i - 1] } as usize;
    &bytes[start..ends[i] as usize]
}

/// The numbering, shared by the two sides.
#[derive(Default)]
struct Shared {
    state: Mutex<State>,
    /// Signalled when a batch was numbered or the receiving side hung up.
    changed: Condvar,
    /// Batches sent and not yet received.
    queued: AtomicUsize,
}

#[derive(Default)]
struct State {
    numbers: Numbers,
    hashes: Vec<u64>,
    /// Batches numbered so far, and how many of them on the reader's side.
    done: u64,
    by_reader: u64,
    /// The receiving side hung up: the reader waits no more.
    closed: bool,
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, State> {
        // A panic while numbering ends the run anyway; the data is not looked at again.
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn close(&self) {
        self.lock().closed = true;
        self.changed.notify_all();
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
    shared: Arc<Shared>,
}

impl Pipeline {
    /// Start reading `reader` on its own thread.
    pub fn start(reader: TraceReader) -> Pipeline {
        Self::with_batches(reader, BATCH)
    }

    /// Start reading `reader` on its own thread, in batches of `size` requests.
    pub fn with_batches(reader: TraceReader, size: usize) -> Pipeline {
        let depth = (IN_FLIGHT / size.max(1)).clamp(1, DEPTH);
        let (tx, rx) = sync_channel(depth);
        let shared = Arc::new(Shared::default());
        let theirs = Arc::clone(&shared);
        let out = Out {
            tx,
            depth,
            shared: theirs,
        };
        let handle = std::thread::Builder::new()
            .name("trace-reader".into())
            .spawn(move || read(reader, out, size.max(1)))
            .expect("spawn the trace reader thread");
        Pipeline {
            rx: Some(rx),
            reader: Some(handle),
            shared,
        }
    }

    /// The next batch in trace order, its paths numbered; `None` at the end. A read error ends
    /// the stream.
    pub fn next_batch(&mut self) -> Option<Result<Batch, Error>> {
        match self.rx.as_ref()?.recv().ok()? {
            Msg::Batch(mut b) => {
                self.shared.queued.fetch_sub(1, Ordering::Relaxed);
                if !b.numbered {
                    b.number(&mut self.shared.lock());
                    self.shared.changed.notify_all();
                }
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
        self.shared.close();
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

impl Drop for Pipeline {
    fn drop(&mut self) {
        // A reader waiting for its turn to number must not wait for ever.
        self.shared.close();
    }
}

/// The reader's side of the channel.
struct Out {
    tx: SyncSender<Msg>,
    depth: usize,
    shared: Arc<Shared>,
}

/// The reader thread: parse and send batches until the end, an error, or the engine hanging up.
fn read(mut reader: TraceReader, out: Out, size: usize) -> TraceReader {
    let mut seq = 0;
    // Number on this side: set when the channel is found full (the engine is behind), cleared
    // when it is found empty.
    let mut help = false;
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
        let sent = batch.times.is_empty() || {
            batch.seq = seq;
            seq += 1;
            let queued = out.shared.queued.load(Ordering::Relaxed);
            help = (help || queued >= out.depth) && queued > 0;
            if help && !number_here(&mut batch, &out.shared) {
                return reader;
            }
            send(&out, batch, &reader)
        };
        if let Some(e) = failed {
            if sent {
                let _ = out.tx.send(Msg::Failed(e));
            }
            return reader;
        }
        if done || !sent {
            return reader;
        }
    }
}

/// Number `batch` on the reader's side, once every batch before it was numbered; false when the
/// receiving side hung up meanwhile.
fn number_here(batch: &mut Batch, shared: &Shared) -> bool {
    let mut state = shared.lock();
    while state.done < batch.seq && !state.closed {
        state = shared
            .changed
            .wait(state)
            .unwrap_or_else(|p| p.into_inner());
    }
    if state.closed {
        return false;
    }
    batch.number(&mut state);
    state.by_reader += 1;
    true
}

fn send(out: &Out, mut batch: Batch, reader: &TraceReader) -> bool {
    batch.bytes_read = reader.bytes_read();
    batch.t0 = reader.t0();
    out.shared.queued.fetch_add(1, Ordering::Relaxed);
    out.tx.send(Msg::Batch(batch)).is_ok()
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
    fn the_reader_numbers_while_the_engine_is_behind_and_the_numbers_stay_the_same() {
        // Small batches, a slow start on the receiving side (the channel fills), then fast.
        let mut text = String::from("time,path\n");
        let mut expected = Vec::new();
        let mut first_seen: std::collections::HashMap<String, u32> = Default::default();
        for i in 0..4_000u32 {
            let path = format!("/p{}", (i * 7919) % 1_500);
            let next = first_seen.len() as u32;
            expected.push(*first_seen.entry(path.clone()).or_insert(next));
            text.push_str(&format!("{i},{path}\n"));
        }
        let input = Box::new(std::io::Cursor::new(text.into_bytes()));
        let reader = TraceReader::new("t.csv".into(), input, opts(false));
        let mut p = Pipeline::with_batches(reader, 8);
        let (mut got, mut batches, mut next_new) = (Vec::new(), 0, 0u32);
        while let Some(b) = p.next_batch() {
            let b = b.unwrap();
            if batches < 20 {
                std::thread::sleep(std::time::Duration::from_millis(5));
            }
            batches += 1;
            for &n in &b.paths {
                if n == next_new {
                    // A new path: its bytes travel with the batch.
                    let path = String::from_utf8(b.new_path(n).to_vec()).unwrap();
                    assert_eq!(first_seen[&path], n);
                    next_new += 1;
                }
                got.push(n);
            }
        }
        let by_reader = p.shared.lock().by_reader;
        assert_eq!(got, expected);
        assert!(by_reader > 0, "the reader never helped");
        assert!(by_reader < batches, "the engine never numbered");
        p.finish(got.len() as u64);
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
