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

/// An absolute http(s) URL, checked where it enters (a flag, a config file), kept as written.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
#[serde(try_from = "String")]
pub struct HttpUrl(String);

impl HttpUrl {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::str::FromStr for HttpUrl {
    type Err = UrlError;
    fn from_str(s: &str) -> Result<Self, UrlError> {
        http_url(s).map(|_| HttpUrl(s.to_string()))
    }
}

impl TryFrom<String> for HttpUrl {
    type Error = UrlError;
    fn try_from(s: String) -> Result<Self, UrlError> {
        s.parse()
    }
}

impl std::fmt::Display for HttpUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// An HTTP method token (`POST`, `GET`, `PURGE`, …), upper-cased, checked where it enters.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
#[serde(try_from = "String")]
pub struct Method(String);

/// A method that is not an HTTP token.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("'{0}' is not an HTTP method (letters such as POST, GET or PURGE)")]
pub struct MethodError(String);

impl Method {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::str::FromStr for Method {
    type Err = MethodError;
    fn from_str(s: &str) -> Result<Self, MethodError> {
        let up = s.trim().to_ascii_uppercase();
        match reqwest::Method::from_bytes(up.as_bytes()) {
            Ok(_) if !up.is_empty() => Ok(Method(up)),
            _ => Err(MethodError(s.to_string())),
        }
    }
}

impl TryFrom<String> for Method {
    type Error = MethodError;
    fn try_from(s: String) -> Result<Self, MethodError> {
        s.parse()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_and_methods_are_checked_where_they_enter() {
        assert_eq!(
            "https://x.com/api/revalidate?a=1"
                .parse::<HttpUrl>()
                .unwrap()
                .as_str(),
            "https://x.com/api/revalidate?a=1"
        );
        assert!("ftp://x.com/".parse::<HttpUrl>().is_err());
        assert!("/api/revalidate".parse::<HttpUrl>().is_err());
        assert_eq!("post".parse::<Method>().unwrap().as_str(), "POST");
        assert_eq!("Purge".parse::<Method>().unwrap().as_str(), "PURGE");
        for bad in ["", "GET POST", "G\u{0}T", "(x)"] {
            assert!(bad.parse::<Method>().is_err(), "{bad}");
        }
        #[derive(serde::Deserialize)]
        struct T {
            endpoint: HttpUrl,
        }
        let ok: T = toml::from_str("endpoint = \"https://x.com/a\"").unwrap();
        assert_eq!(ok.endpoint.as_str(), "https://x.com/a");
        let err = toml::from_str::<T>("endpoint = \"example.com/x\"")
            .err()
            .unwrap();
        assert!(err.to_string().contains("is not a valid URL"), "{err}");
    }

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
