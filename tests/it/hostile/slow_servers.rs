//! Hostile HTTP servers on 127.0.0.1:0 for the remote-command corpus: a routing function decides,
//! per request, to answer (after an optional delay) or to accept and never answer. Raw TCP, one
//! thread per connection, `Connection: close` on every answer.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

/// What the server does with one request.
pub enum Act {
    /// Status, headers, body.
    Answer(u16, Vec<(String, String)>, Vec<u8>),
    /// Wait, then answer.
    After(Duration, u16, Vec<(String, String)>, Vec<u8>),
    /// Accept and never answer (the connection is held for a minute).
    Hang,
}

/// `Act::Answer` with string headers and body.
pub fn answer(status: u16, headers: &[(&str, &str)], body: impl Into<Vec<u8>>) -> Act {
    Act::Answer(status, owned(headers), body.into())
}

/// `Act::After` with string headers and body.
pub fn after(d: Duration, status: u16, headers: &[(&str, &str)], body: impl Into<Vec<u8>>) -> Act {
    Act::After(d, status, owned(headers), body.into())
}

fn owned(h: &[(&str, &str)]) -> Vec<(String, String)> {
    h.iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

pub struct Hostile {
    pub base: String,
    /// Requests received so far.
    pub hits: Arc<AtomicUsize>,
}

impl Hostile {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }
}

/// Serve with `route(method, path) -> Act`.
pub fn serve(route: impl Fn(&str, &str) -> Act + Send + Sync + 'static) -> Hostile {
    let l = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", l.local_addr().unwrap());
    let route = Arc::new(route);
    let hits = Arc::new(AtomicUsize::new(0));
    let h2 = hits.clone();
    std::thread::spawn(move || {
        for conn in l.incoming() {
            let Ok(conn) = conn else { continue };
            let (route, hits) = (route.clone(), h2.clone());
            std::thread::spawn(move || handle(conn, &*route, &hits));
        }
    });
    Hostile { base, hits }
}

/// A server that accepts every connection and never answers.
pub fn never_answers() -> Hostile {
    serve(|_, _| Act::Hang)
}

fn handle(mut c: TcpStream, route: &dyn Fn(&str, &str) -> Act, hits: &AtomicUsize) {
    let _ = c.set_read_timeout(Some(Duration::from_secs(5)));
    let mut buf = Vec::new();
    let mut tmp = [0u8; 4096];
    while !buf.windows(4).any(|w| w == b"\r\n\r\n") {
        match c.read(&mut tmp) {
            Ok(0) | Err(_) => return,
            Ok(n) => buf.extend_from_slice(&tmp[..n]),
        }
    }
    hits.fetch_add(1, Ordering::SeqCst);
    let head = String::from_utf8_lossy(&buf).to_string();
    let mut first = head.lines().next().unwrap_or("").split_whitespace();
    let method = first.next().unwrap_or("GET").to_string();
    let path = first.next().unwrap_or("/").to_string();
    let (status, headers, body) = match route(&method, &path) {
        Act::Answer(s, h, b) => (s, h, b),
        Act::After(d, s, h, b) => {
            std::thread::sleep(d);
            (s, h, b)
        }
        Act::Hang => {
            std::thread::sleep(Duration::from_secs(60));
            return;
        }
    };
    let mut s = format!("HTTP/1.1 {status} X\r\nconnection: close\r\n");
    for (k, v) in headers {
        s.push_str(&format!("{k}: {v}\r\n"));
    }
    s.push_str(&format!("content-length: {}\r\n\r\n", body.len()));
    let _ = c.write_all(s.as_bytes());
    if method != "HEAD" {
        let _ = c.write_all(&body);
    }
    let _ = c.flush();
}
