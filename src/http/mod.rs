//! HTTP plumbing shared by probe, revalidate and purge: one reqwest client configuration.

pub mod client;
pub mod retry;
pub mod send;
