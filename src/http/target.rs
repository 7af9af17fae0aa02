//! What may be requested: an absolute http(s) URL with a host, checked once with `url::Url`.

use url::Url;

/// Why a string is not a URL the prober can request.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UrlError {
    #[error("'{input}' is not a valid URL ({source})")]
    Invalid {
        input: String,
        #[source]
        source: url::ParseError,
    },
    #[error("'{input}' is not an http(s) URL")]
    NotHttp { input: String },
}

/// Parse an absolute `http://` or `https://` URL with a host.
pub fn http_url(input: &str) -> Result<Url, UrlError> {
    let url = Url::parse(input).map_err(|source| UrlError::Invalid {
        input: input.to_string(),
        source,
    })?;
    if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
        return Err(UrlError::NotHttp {
            input: input.to_string(),
        });
    }
    Ok(url)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_absolute_http_urls() {
        assert_eq!(
            http_url("https://example.com").unwrap().as_str(),
            "https://example.com/"
        );
        assert!(matches!(
            http_url("not a url"),
            Err(UrlError::Invalid { .. })
        ));
        assert!(matches!(
            http_url("ftp://example.com/"),
            Err(UrlError::NotHttp { .. })
        ));
        let e = http_url("/blog").unwrap_err().to_string();
        assert!(e.contains("is not a valid URL"), "{e}");
    }
}
