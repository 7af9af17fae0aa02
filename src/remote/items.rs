//! Item lists for `purge` and `revalidate`: read from a file or stdin, one per line, deduplicated.

use std::io::Read;
use std::path::{Path, PathBuf};

/// An item list that could not be read, or that holds nothing.
#[derive(Debug, thiserror::Error)]
pub enum ItemsError {
    #[error("cannot read items from stdin: {0}")]
    Stdin(#[source] std::io::Error),
    #[error("cannot read {}: {source}", path.display())]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{} holds no items (only blank lines or # comments)", if path.as_os_str() == "-" { "stdin".to_string() } else { path.display().to_string() })]
    Empty { path: PathBuf },
}

/// Items from a file (`-` = stdin): one per line, trimmed; blank lines and `#` comments skipped.
/// A file that holds no items is an error.
pub fn read_items(path: &Path) -> Result<Vec<String>, ItemsError> {
    let text = if path == Path::new("-") {
        let mut s = String::new();
        std::io::stdin()
            .read_to_string(&mut s)
            .map_err(ItemsError::Stdin)?;
        s
    } else {
        std::fs::read_to_string(path).map_err(|source| ItemsError::Read {
            path: path.to_path_buf(),
            source,
        })?
    };
    let items = parse_items(&text);
    if items.is_empty() {
        return Err(ItemsError::Empty {
            path: path.to_path_buf(),
        });
    }
    Ok(items)
}

pub fn parse_items(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(String::from)
        .collect()
}

/// Remove repeated items, keeping the first occurrence (a purge per duplicate is wasted quota).
pub fn dedup(items: &mut Vec<String>) {
    let mut seen = std::collections::HashSet::new();
    items.retain(|i| seen.insert(i.clone()));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn items_skip_blanks_and_comments() {
        let text = "# tags to purge\n\nposts\n  post-42  \n#post-43\n\t\nposts\n";
        let mut v = parse_items(text);
        assert_eq!(v, vec!["posts", "post-42", "posts"]);
        dedup(&mut v);
        assert_eq!(v, vec!["posts", "post-42"]);
    }
}
