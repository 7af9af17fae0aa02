//! The probe layer's failures: a sitemap that cannot be fetched or read, or lists nothing.
//! Exit codes and hints for them are chosen in `crate::error`, not here.

pub use super::sitemap::SitemapError;

/// A failure of the probe layer that ends the command.
#[derive(Debug, thiserror::Error)]
pub enum ProbeError {
    #[error(transparent)]
    Sitemap(#[from] SitemapError),
}
