//! Route patterns: exact segments, `[param]`, `[...rest]`, `[[...optional]]` and `*`.

/// Does `path` match `pattern`? Exact segments, `[param]` for one segment, `[...rest]` or a final
/// `*` for the rest (one or more segments), and `*` alone for everything.
pub fn matches(pattern: &str, path: &str) -> bool {
    if pattern == "*" {
        return true;
    }
    let mut ps = pattern.trim_start_matches('/').split('/');
    let mut xs = path.trim_start_matches('/').split('/');
    loop {
        match (ps.next(), xs.next()) {
            (None, None) => return true,
            (Some(p), Some(x)) => {
                if p == "*" || (p.starts_with("[...") && p.ends_with(']')) {
                    return !x.is_empty();
                }
                if p.starts_with("[[...") {
                    return true;
                }
                let is_param = p.starts_with('[') && p.ends_with(']');
                if !(is_param && !x.is_empty() || p == x) {
                    return false;
                }
            }
            (Some(p), None) => return p.starts_with("[[..."),
            (None, Some(_)) => return false,
        }
    }
}

/// Is this pattern a plain path (no parameters or wildcards)?
pub fn is_exact(pattern: &str) -> bool {
    !pattern.contains('[') && !pattern.contains('*')
}
