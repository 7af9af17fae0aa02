//! The probe layer's failures: a sitemap that cannot be fetched or read, or lists nothing.
//! Exit codes and hints for them are chosen in `crate::error`, not here.

use super::sitemap::MAX_BYTES;

/// A failure of the probe layer that ends the command.
#[derive(Debug, thiserror::Error)]
pub enum ProbeError {
    #[error(transparent)]
    Sitemap(#[from] SitemapError),
}

/// Why `--sitemap` gave no URLs.
#[derive(Debug, thiserror::Error)]
pub enum SitemapError {
    /// The request failed (connection, timeout, body).
    #[error("sitemap {url}: {reason}")]
    Fetch { url: String, reason: String },
    #[error("sitemap {url}: HTTP {status}")]
    Status { url: String, status: u16 },
    #[error("sitemap {url}: larger than {} MiB", MAX_BYTES / 1024 / 1024)]
    TooLarge { url: String },
    #[error("sitemap {url}: bad gzip: {source}")]
    Gzip {
        url: String,
        #[source]
        source: std::io::Error,
    },
    #[error("sitemap {url}: not a valid sitemap (XML error at byte {position}: {source})")]
    Xml {
        url: String,
        position: u64,
        #[source]
        source: quick_xml::Error,
    },
    /// Read fine, but no usable page URL in it (and none given on the command line).
    #[error("sitemap {url} lists no URLs")]
    Empty { url: String },
}
