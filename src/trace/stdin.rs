//! Standard input read on its own thread, so a slow or silent pipe never keeps Ctrl-C from
//! being answered: the reader waits for chunks with a timeout and ends the input at Ctrl-C.

use std::io::Read;
use std::sync::mpsc::{Receiver, RecvTimeoutError, sync_channel};
use std::time::Duration;

/// How often a waiting read looks at Ctrl-C.
const POLL: Duration = Duration::from_millis(100);

/// Stdin as a `Read` that returns end of input once Ctrl-C was pressed, within `POLL`.
pub struct Stdin {
    rx: Receiver<std::io::Result<Vec<u8>>>,
    chunk: Vec<u8>,
    pos: usize,
}

impl Stdin {
    pub fn new() -> Self {
        Self::from_reader(Box::new(std::io::stdin()))
    }

    /// Any reader on a thread (stdin in use; tests give a slow one).
    pub fn from_reader(mut src: Box<dyn Read + Send>) -> Self {
        // Two chunks in flight bound the memory.
        let (tx, rx) = sync_channel(2);
        std::thread::spawn(move || {
            loop {
                let mut buf = vec![0; 1 << 16];
                let r = match src.read(&mut buf) {
                    Ok(n) => {
                        buf.truncate(n);
                        Ok(buf)
                    }
                    Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                    Err(e) => Err(e),
                };
                let end = !matches!(&r, Ok(b) if !b.is_empty());
                if tx.send(r).is_err() || end {
                    return;
                }
            }
        });
        Stdin {
            rx,
            chunk: Vec::new(),
            pos: 0,
        }
    }
}

impl Read for Stdin {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        while self.pos >= self.chunk.len() {
            if crate::interrupt::requested() {
                return Ok(0);
            }
            match self.rx.recv_timeout(POLL) {
                Ok(Ok(c)) if c.is_empty() => return Ok(0),
                Ok(Ok(c)) => {
                    self.chunk = c;
                    self.pos = 0;
                }
                Ok(Err(e)) => return Err(e),
                Err(RecvTimeoutError::Timeout) => {}
                Err(RecvTimeoutError::Disconnected) => return Ok(0),
            }
        }
        let n = out.len().min(self.chunk.len() - self.pos);
        out[..n].copy_from_slice(&self.chunk[self.pos..self.pos + n]);
        self.pos += n;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passes_the_bytes_through_in_order() {
        let data: Vec<u8> = (0..200_000u32).map(|i| (i % 251) as u8).collect();
        let mut s = Stdin::from_reader(Box::new(std::io::Cursor::new(data.clone())));
        let mut got = Vec::new();
        s.read_to_end(&mut got).unwrap();
        assert_eq!(got, data);
    }
}
