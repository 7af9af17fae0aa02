//! What a response body is: an HTML page, a React Server Components payload or something else,
//! from its `Content-Type` and its first decoded bytes (`body::Digest::prefix`). Pure.

/// What a response body is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum BodyKind {
    /// An HTML document.
    Html,
    /// A React Server Components payload (`text/x-component`, `0:{...` lines).
    Rsc,
    /// Anything else (JSON, an image, plain text).
    Other,
}

fn looks_like_rsc(p: &[u8]) -> bool {
    // `0:{"P":null,"b":"...`, `1:I[...]`, `2:HL[...]`; Next 13 began with `:HL[...]`.
    let hex = p.iter().take_while(|b| b.is_ascii_hexdigit()).count();
    if hex > 8 || p.get(hex) != Some(&b':') {
        return false;
    }
    matches!(
        p.get(hex + 1),
        Some(b'[' | b'{' | b'"' | b'$') | Some(b'A'..=b'Z')
    )
}

fn looks_like_html(p: &[u8]) -> bool {
    let lower: Vec<u8> = p.iter().take(16).map(u8::to_ascii_lowercase).collect();
    lower.starts_with(b"<!doctype") || lower.starts_with(b"<html") || lower.starts_with(b"<head")
}

/// The kind of a body from its `Content-Type` and its first bytes; `None` for an empty body.
pub fn body_kind(content_type: Option<&str>, prefix: &[u8]) -> Option<BodyKind> {
    let ct = content_type.unwrap_or("").to_ascii_lowercase();
    let start = prefix.iter().position(|b| !b.is_ascii_whitespace());
    let p = start.map_or(&[][..], |i| &prefix[i..]);
    if ct.starts_with("text/x-component") || looks_like_rsc(p) {
        return Some(BodyKind::Rsc);
    }
    if ct.starts_with("text/html") || looks_like_html(p) {
        return Some(BodyKind::Html);
    }
    (!p.is_empty() || !ct.is_empty()).then_some(BodyKind::Other)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bodies_are_told_apart() {
        let rsc = Some(BodyKind::Rsc);
        assert_eq!(body_kind(Some("text/x-component"), b""), rsc);
        assert_eq!(
            body_kind(Some("text/html"), b"0:{\"P\":null,\"b\":\"x\"}"),
            rsc
        );
        assert_eq!(body_kind(None, b"1:I[\"abc\",[]]\n"), rsc);
        // What next start 16.4.6 sent first for /isr (tests/fixtures/next-app, measured here).
        assert_eq!(
            body_kind(None, b"1:\"$Sreact.fragment\"\n2:\"/_next/static/"),
            rsc
        );
        assert_eq!(body_kind(None, b":HL[\"/_next/static/css/a.css\"]"), rsc);
        let html = Some(BodyKind::Html);
        assert_eq!(
            body_kind(Some("text/html; charset=utf-8"), b"<!DOCTYPE html>"),
            html
        );
        assert_eq!(body_kind(None, b"\n  <!doctype html><html>"), html);
        assert_eq!(
            body_kind(Some("application/json"), b"{\"a\":1}"),
            Some(BodyKind::Other)
        );
        assert_eq!(body_kind(None, b"12345678901:x"), Some(BodyKind::Other));
        assert_eq!(body_kind(None, b""), None);
    }
}
