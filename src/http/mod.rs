//! HTTP plumbing shared by probe, revalidate and purge: one reqwest client configuration.

pub mod client;
