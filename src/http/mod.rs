//! HTTP plumbing shared by probe, revalidate and purge: one reqwest client configuration.

pub mod cache_status;
pub mod client;
pub mod freshness;
pub mod retry;
pub mod send;
