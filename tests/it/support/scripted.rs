//! A scripted HTTP/1.1 server on 127.0.0.1:0 for probe tests: each path replays a list of
//! responses in order (the last one repeats). Raw TCP so it can also send garbage, huge bodies,
//! or hang. One thread per connection; `Connection: close` on every response.

use std::collections::HashMap;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::Duration;

#[derive(Clone)]
pub enum Reply {
    /// status, headers, body
    Ok(u16, Vec<(String, String)>, String),
    /// Raw bytes written as they are (garbage).
    Raw(Vec<u8>),
    /// 200 with a body of this many bytes, streamed (chunked) until the client goes away.
    Huge(u64),
    /// Accept and never answer.
    Hang,
    /// status, headers, body bytes (binary: compressed bodies).
    Bytes(u16, Vec<(String, String)>, Vec<u8>),
    /// Chosen from the request head (request line and headers, as received).
    ByRequest(Arc<dyn Fn(&str) -> Reply + Send + Sync>),
}

/// `reply(&[("x-nextjs-cache","HIT"),("etag","\"a\"")], "body")`
pub fn reply(headers: &[(&str, &str)], body: &str) -> Reply {
    Reply::Ok(
        200,
        headers
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
        body.to_string(),
    )
}

pub const NEXT_CC: &str = "s-maxage=10, stale-while-revalidate=31535990";

/// Next.js dialect: MISS, HIT, HIT, STALE (old body), HIT (new ETag).
pub fn nextjs_script() -> Vec<Reply> {
    let h = |state: &'static str, etag: &'static str| {
        reply(
            &[
                ("x-nextjs-cache", state),
                ("cache-control", NEXT_CC),
                ("etag", etag),
                ("x-powered-by", "Next.js"),
            ],
            etag,
        )
    };
    vec![
        h("MISS", "\"a\""),
        h("HIT", "\"a\""),
        h("HIT", "\"a\""),
        h("STALE", "\"a\""),
        h("HIT", "\"b\""),
        h("HIT", "\"b\""),
    ]
}

pub struct Server {
    pub base: String,
    pub hits: Arc<Mutex<HashMap<String, usize>>>,
}

impl Server {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }
    pub fn count(&self, path: &str) -> usize {
        *self.hits.lock().unwrap().get(path).unwrap_or(&0)
    }
}

pub fn serve(script: Vec<(&str, Vec<Reply>)>) -> Server {
    let l = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", l.local_addr().unwrap());
    let script: Arc<HashMap<String, Vec<Reply>>> = Arc::new(
        script
            .into_iter()
            .map(|(p, r)| (p.to_string(), r))
            .collect(),
    );
    let hits: Arc<Mutex<HashMap<String, usize>>> = Arc::default();
    let h2 = hits.clone();
    std::thread::spawn(move || {
        for conn in l.incoming() {
            let Ok(conn) = conn else { continue };
            let (script, hits) = (script.clone(), h2.clone());
            std::thread::spawn(move || handle(conn, &script, &hits));
        }
    });
    Server { base, hits }
}

fn handle(
    mut c: TcpStream,
    script: &HashMap<String, Vec<Reply>>,
    hits: &Mutex<HashMap<String, usize>>,
) {
    let _ = c.set_read_timeout(Some(Duration::from_secs(5)));
    let mut buf = Vec::new();
    let mut tmp = [0u8; 1024];
    while !buf.windows(4).any(|w| w == b"\r\n\r\n") {
        match c.read(&mut tmp) {
            Ok(0) | Err(_) => return,
            Ok(n) => buf.extend_from_slice(&tmp[..n]),
        }
    }
    let head = String::from_utf8_lossy(&buf).to_string();
    let mut first = head.lines().next().unwrap_or("").split_whitespace();
    let method = first.next().unwrap_or("GET").to_string();
    let path = first.next().unwrap_or("/").to_string();
    let n = {
        let mut h = hits.lock().unwrap();
        let e = h.entry(path.clone()).or_insert(0);
        *e += 1;
        *e
    };
    // A path with a query (`/p?_rsc=…`) is scripted by its path alone unless listed itself.
    let bare = path.split('?').next().unwrap_or("");
    let Some(replies) = script.get(&path).or_else(|| script.get(bare)) else {
        let _ = c
            .write_all(b"HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\nconnection: close\r\n\r\n");
        return;
    };
    let mut r = replies[(n - 1).min(replies.len() - 1)].clone();
    while let Reply::ByRequest(f) = r {
        r = f(&head);
    }
    match r {
        Reply::Ok(status, headers, body) => {
            let mut s = format!("HTTP/1.1 {status} X\r\nconnection: close\r\n");
            for (k, v) in headers {
                s.push_str(&format!("{k}: {v}\r\n"));
            }
            s.push_str(&format!("content-length: {}\r\n\r\n", body.len()));
            if method != "HEAD" {
                s.push_str(&body);
            }
            let _ = c.write_all(s.as_bytes());
        }
        Reply::Bytes(status, headers, body) => {
            let mut s = format!("HTTP/1.1 {status} X\r\nconnection: close\r\n");
            for (k, v) in headers {
                s.push_str(&format!("{k}: {v}\r\n"));
            }
            s.push_str(&format!("content-length: {}\r\n\r\n", body.len()));
            let mut bytes = s.into_bytes();
            if method != "HEAD" {
                bytes.extend_from_slice(&body);
            }
            let _ = c.write_all(&bytes);
        }
        Reply::ByRequest(_) => unreachable!("resolved above"),
        Reply::Raw(b) => {
            let _ = c.write_all(&b);
        }
        Reply::Huge(total) => {
            let _ = c.write_all(
                format!("HTTP/1.1 200 OK\r\nx-nextjs-cache: HIT\r\ncontent-length: {total}\r\nconnection: close\r\n\r\n").as_bytes(),
            );
            let chunk = vec![b'x'; 64 * 1024];
            let mut sent = 0u64;
            while sent < total {
                if c.write_all(&chunk).is_err() {
                    return;
                }
                sent += chunk.len() as u64;
            }
        }
        Reply::Hang => std::thread::sleep(Duration::from_secs(30)),
    }
    let _ = c.flush();
}
