//! Item lists for `purge` and `revalidate`: read from a file or stdin, one per line, deduplicated.

use std::io::{BufRead, Read};
use std::path::{Path, PathBuf};

/// Longest item line read (URLs, tags, keys; servers refuse URLs much longer than this).
pub const MAX_LINE: usize = 16 * 1024;
/// Largest item list read.
pub const MAX_FILE: u64 = 64 * 1024 * 1024;

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
    #[error("{} holds no items (only blank lines or # comments)", shown(path))]
    Empty { path: PathBuf },
    #[error("{}: line {line} is longer than {} KiB; items are one per line", shown(path), MAX_LINE / 1024)]
    LineTooLong { path: PathBuf, line: usize },
    #[error("{}: line {line} is not UTF-8 text", shown(path))]
    NotText { path: PathBuf, line: usize },
    #[error("{} is larger than {} MiB; split the list into several runs", shown(path), MAX_FILE / 1024 / 1024)]
    TooLarge { path: PathBuf },
}

fn shown(path: &Path) -> String {
    if path.as_os_str() == "-" {
        "stdin".to_string()
    } else {
        path.display().to_string()
    }
}

/// Items from a file (`-` = stdin): one per line, trimmed; blank lines and `#` comments skipped.
/// A file that holds no items is an error, and so is one with a line longer than `MAX_LINE` or
/// more than `MAX_FILE` bytes in all (checked while reading: `/dev/zero` is refused at once).
pub fn read_items(path: &Path) -> Result<Vec<String>, ItemsError> {
    let items = if path == Path::new("-") {
        read_bounded(std::io::stdin().lock(), path).map_err(|e| match e {
            ItemsError::Read { source, .. } => ItemsError::Stdin(source),
            other => other,
        })?
    } else {
        let f = std::fs::File::open(path).map_err(|source| ItemsError::Read {
            path: path.to_path_buf(),
            source,
        })?;
        read_bounded(std::io::BufReader::new(f), path)?
    };
    if items.is_empty() {
        return Err(ItemsError::Empty {
            path: path.to_path_buf(),
        });
    }
    Ok(items)
}

/// Read item lines with the line and total caps applied as the bytes come in.
fn read_bounded(r: impl BufRead, path: &Path) -> Result<Vec<String>, ItemsError> {
    let mut r = r.take(MAX_FILE + 1);
    let mut items = Vec::new();
    let mut buf = Vec::new();
    let mut total = 0u64;
    for line in 1.. {
        buf.clear();
        let n = (&mut r)
            .take(MAX_LINE as u64 + 1)
            .read_until(b'\n', &mut buf)
            .map_err(|source| ItemsError::Read {
                path: path.to_path_buf(),
                source,
            })?;
        if n == 0 {
            break;
        }
        total += n as u64;
        if total > MAX_FILE {
            return Err(ItemsError::TooLarge {
                path: path.to_path_buf(),
            });
        }
        let text = buf.strip_suffix(b"\n").unwrap_or(&buf);
        if text.len() > MAX_LINE {
            return Err(ItemsError::LineTooLong {
                path: path.to_path_buf(),
                line,
            });
        }
        let text = std::str::from_utf8(text).map_err(|_| ItemsError::NotText {
            path: path.to_path_buf(),
            line,
        })?;
        items.extend(parse_items(text));
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

    #[test]
    fn lines_and_totals_are_capped_while_reading() {
        let p = Path::new("items.txt");
        let ok = read_bounded(&b"a\r\n\nb"[..], p).unwrap();
        assert_eq!(ok, vec!["a", "b"]);
        let long = vec![b'x'; MAX_LINE + 1];
        let e = read_bounded(&long[..], p).unwrap_err();
        assert!(matches!(e, ItemsError::LineTooLong { line: 1, .. }), "{e}");
        let at_cap = [vec![b'y'; MAX_LINE], b"\n".to_vec()].concat();
        assert_eq!(read_bounded(&at_cap[..], p).unwrap().len(), 1);
        let e = read_bounded(std::io::BufReader::new(std::io::repeat(0)), p).unwrap_err();
        assert!(
            e.to_string().contains("line 1 is longer than 16 KiB"),
            "{e}"
        );
        let e = read_bounded(&b"ok\n\xff\xfe\n"[..], p).unwrap_err();
        assert!(matches!(e, ItemsError::NotText { line: 2, .. }), "{e}");
    }
}
