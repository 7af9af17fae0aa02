//! HTTP plumbing shared by probe, revalidate and purge: one reqwest client configuration, retry
//! policy, and request text with secret holes.

pub mod cache_status;
pub mod client;
pub mod edge;
pub mod freshness;
pub mod request;
pub mod retry;
pub mod target;
pub mod timing;
pub mod tls;

use reqwest::header::HeaderMap;

/// All values of a header, joined with ", " as HTTP allows (lossy UTF-8); `None` when absent.
pub fn header_joined(h: &HeaderMap, name: &str) -> Option<String> {
    let vals: Vec<String> = h
        .get_all(name)
        .iter()
        .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
        .collect();
    if vals.is_empty() {
        None
    } else {
        Some(vals.join(", "))
    }
}
