//! HTTP from the test code: a blocking wrapper around reqwest on a private runtime, with each
//! response's send time relative to the client's t0.

#![allow(dead_code)]
use std::time::{Duration, Instant};

/// One response, with when it was sent relative to the client's t0.
#[derive(Debug, Clone)]
pub struct Resp {
    pub status: u16,
    pub headers: reqwest::header::HeaderMap,
    pub body: String,
    /// Send time, seconds since the client's t0.
    pub t: f64,
    /// Latency in seconds (send to end of body).
    pub latency: f64,
}

impl Resp {
    pub fn header(&self, name: &str) -> Option<String> {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(|s| s.to_string())
    }

    /// `x-nextjs-cache` for a 200 (HIT/STALE/MISS/REVALIDATED), `DYNAMIC` for a 200 without it,
    /// else the status code ("500", "404"): the vocabulary of `isrctl simulate`'s `served`.
    pub fn next_state(&self) -> String {
        match (self.status, self.header("x-nextjs-cache")) {
            (200, Some(s)) => s.to_ascii_uppercase(),
            (200, None) => "DYNAMIC".to_string(),
            (st, _) => st.to_string(),
        }
    }

    /// The fixture's stamp line: `ROUTE=.. CONTENT=.. RENDERED_AT=.. COUNT=.. PHASE=..`.
    pub fn stamp(&self) -> Option<String> {
        let i = self.body.find("ROUTE=")?;
        let rest = &self.body[i..];
        let end = rest.find(['<', '"', '\\']).unwrap_or(rest.len());
        Some(rest[..end].to_string())
    }

    /// One field of the stamp (`CONTENT`, `RENDERED_AT`, `COUNT`, `PHASE`).
    pub fn stamp_field(&self, key: &str) -> Option<String> {
        let stamp = self.stamp()?;
        stamp
            .split(' ')
            .find_map(|kv| kv.strip_prefix(&format!("{key}=")).map(|v| v.to_string()))
    }
}

pub struct Http {
    rt: tokio::runtime::Runtime,
    client: reqwest::Client,
    pub t0: Instant,
}

impl Default for Http {
    fn default() -> Self {
        Self::new()
    }
}

impl Http {
    pub fn new() -> Http {
        let _ = rustls::crypto::ring::default_provider().install_default();
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .timeout(Duration::from_secs(20))
            // A fresh connection per request: no keep-alive races with the servers' timeouts.
            .pool_max_idle_per_host(0)
            .build()
            .unwrap();
        Http {
            rt,
            client,
            t0: Instant::now(),
        }
    }

    /// Restart the clock: offsets are measured from now.
    pub fn reset_t0(&mut self) {
        self.t0 = Instant::now();
    }

    pub fn now(&self) -> f64 {
        self.t0.elapsed().as_secs_f64()
    }

    /// Sleep until `t` seconds after t0 (no-op when already past).
    pub fn sleep_until(&self, t: f64) {
        let now = self.now();
        if t > now {
            std::thread::sleep(Duration::from_secs_f64(t - now));
        }
    }

    pub fn send(&self, req: reqwest::RequestBuilder) -> Resp {
        let sent = self.t0.elapsed().as_secs_f64();
        let start = Instant::now();
        let (status, headers, body) = self.rt.block_on(async {
            let r = req
                .send()
                .await
                .unwrap_or_else(|e| panic!("e2e: request failed: {e}"));
            let status = r.status().as_u16();
            let headers = r.headers().clone();
            let body = r.text().await.unwrap_or_default();
            (status, headers, body)
        });
        Resp {
            status,
            headers,
            body,
            t: sent,
            latency: start.elapsed().as_secs_f64(),
        }
    }

    /// GET every URL at once (concurrently on one thread: all are sent within a few ms).
    pub fn get_concurrent(&self, urls: &[String]) -> Vec<Resp> {
        let t0 = self.t0;
        let futs = urls.iter().map(|u| {
            let req = self.client.get(u);
            async move {
                let sent = t0.elapsed().as_secs_f64();
                let start = Instant::now();
                let r = req
                    .send()
                    .await
                    .unwrap_or_else(|e| panic!("e2e: request failed: {e}"));
                let status = r.status().as_u16();
                let headers = r.headers().clone();
                let body = r.text().await.unwrap_or_default();
                Resp {
                    status,
                    headers,
                    body,
                    t: sent,
                    latency: start.elapsed().as_secs_f64(),
                }
            }
        });
        self.rt.block_on(futures_util::future::join_all(futs))
    }

    pub fn get(&self, url: &str) -> Resp {
        self.send(self.client.get(url))
    }

    pub fn request(&self, method: &str, url: &str) -> reqwest::RequestBuilder {
        self.client
            .request(reqwest::Method::from_bytes(method.as_bytes()).unwrap(), url)
    }

    pub fn post_json(&self, url: &str, body: &serde_json::Value) -> Resp {
        self.send(
            self.client
                .post(url)
                .header("content-type", "application/json")
                .body(body.to_string()),
        )
    }

    /// GET a Next.js page until it is a fresh HIT: a prerendered entry older than the page's
    /// revalidate (a build more than an hour old, for `/tagged`) is STALE at first and
    /// regenerates in the background, which would change the content mid-test.
    pub fn warm_until_hit(&self, url: &str) -> Resp {
        self.poll_until(
            url,
            Duration::from_millis(100),
            Duration::from_secs(30),
            |r| r.next_state() == "HIT",
        )
    }

    /// GET `url` every `every` until `pred` holds; panic after `timeout` with the responses seen.
    pub fn poll_until(
        &self,
        url: &str,
        every: Duration,
        timeout: Duration,
        pred: impl Fn(&Resp) -> bool,
    ) -> Resp {
        let start = Instant::now();
        let mut seen = Vec::new();
        loop {
            let r = self.get(url);
            if pred(&r) {
                return r;
            }
            seen.push(format!(
                "{:.2}s {} {:?} {:?}",
                r.t,
                r.status,
                r.header("x-nextjs-cache")
                    .or(r.header("x-cache-status"))
                    .or(r.header("x-cache")),
                r.stamp()
            ));
            if start.elapsed() > timeout {
                panic!(
                    "e2e: GET {url}: condition not met within {timeout:?}; saw:\n{}",
                    seen.join("\n")
                );
            }
            std::thread::sleep(every);
        }
    }
}
