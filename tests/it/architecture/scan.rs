//! The scanner behind the layering test: source files and their module paths, `use` trees and
//! inline `crate::`/`super::` paths resolved to files, and cycles in the file graph.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// One source file: its path relative to the repo and its module path (`["engine", "sim"]`).
pub struct Source {
    pub rel: String,
    pub module: Vec<String>,
    pub text: String,
}

/// An import found in a file: 1-based line and the path as written, resolved to a file.
pub struct Import {
    pub line: usize,
    pub path: String,
    pub target: String,
}

pub fn read_sources(src: &Path) -> Vec<Source> {
    let mut files = Vec::new();
    walk(src, &mut files);
    files.sort();
    let repo = src.parent().unwrap();
    files
        .into_iter()
        .map(|f| {
            let rel = f
                .strip_prefix(repo)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            let inner = f.strip_prefix(src).unwrap().with_extension("");
            let mut module: Vec<String> = inner
                .iter()
                .map(|c| c.to_string_lossy().into_owned())
                .collect();
            if matches!(
                module.last().map(String::as_str),
                Some("mod" | "lib" | "main")
            ) {
                module.pop();
            }
            let text = std::fs::read_to_string(&f).unwrap();
            Source { rel, module, text }
        })
        .collect()
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            walk(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// Every import of a non-test file to another file of the crate, in source order.
pub fn imports(s: &Source, modules: &BTreeMap<Vec<String>, String>) -> Vec<Import> {
    if s.module.last().is_some_and(|m| m == "tests") {
        return Vec::new();
    }
    let mut code = blank_comments_and_strings(&s.text);
    // Unit tests may import anything: drop an inline `#[cfg(test)] mod tests { … }` at the end.
    if let Some(at) = find_test_module(&code) {
        code.truncate(at);
    }
    let line_of = |at: usize| code[..at].matches('\n').count() + 1;
    let mut found: Vec<(usize, Vec<String>)> = Vec::new();
    // `use` statements, groups expanded; then blanked so the path scan below skips them.
    let mut masked = code.clone().into_bytes();
    for (start, end) in use_statements(&code) {
        let tree = code[start + 3..end]
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .replace(" ::", "::")
            .replace(":: ", "::")
            .replace(", ", ",")
            .replace("{ ", "{")
            .replace(" }", "}")
            .replace(" {", "{");
        for p in expand(&tree) {
            found.push((line_of(start), p));
        }
        masked[start..end].fill(b' ');
    }
    let masked = String::from_utf8(masked).unwrap();
    // Paths written inline: `crate::a::b`, `super::x`, `isrctl::y` in main.rs.
    for head in ["crate::", "super::", "isrctl::"] {
        let mut from = 0;
        while let Some(i) = masked[from..].find(head) {
            let at = from + i;
            from = at + head.len();
            let before = masked[..at].chars().next_back();
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':') {
                continue;
            }
            let path: String = masked[at..]
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == ':')
                .collect();
            let segs: Vec<String> = path
                .split("::")
                .filter(|x| !x.is_empty())
                .map(String::from)
                .collect();
            found.push((line_of(at), segs));
        }
    }
    found.sort_by_key(|(line, _)| *line);
    let mut out = Vec::new();
    let mut seen = BTreeSet::new();
    for (line, segs) in found {
        if let Some(target) = resolve(s, &segs, modules)
            && target != s.rel
            && seen.insert((line, target.clone()))
        {
            out.push(Import {
                line,
                path: segs.join("::"),
                target,
            });
        }
    }
    out
}

/// The file a path names: the longest prefix that is a module of the crate.
fn resolve(s: &Source, segs: &[String], modules: &BTreeMap<Vec<String>, String>) -> Option<String> {
    let mut base: Vec<String> = Vec::new();
    let mut rest = segs;
    match segs.first().map(String::as_str) {
        Some("crate") => rest = &segs[1..],
        Some("isrctl") if s.rel == "src/main.rs" => rest = &segs[1..],
        Some("self") => {
            base = s.module.clone();
            rest = &segs[1..];
        }
        Some("super") => {
            base = s.module.clone();
            while rest.first().is_some_and(|x| x == "super") {
                base.pop();
                rest = &rest[1..];
            }
        }
        _ => return None,
    }
    if s.rel == "src/main.rs" && segs[0] != "isrctl" {
        return None;
    }
    let mut full = base;
    full.extend(rest.iter().cloned());
    (0..=full.len())
        .rev()
        .find_map(|n| modules.get(&full[..n]))
        .cloned()
}

/// Byte ranges `use …;` (from `use` to the `;`) of every use statement.
fn use_statements(code: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(i) = code[from..].find("use") {
        let at = from + i;
        from = at + 3;
        let word_start = code[..at]
            .chars()
            .next_back()
            .is_none_or(|c| !(c.is_alphanumeric() || c == '_'));
        let word_end = code[at + 3..].starts_with(char::is_whitespace);
        if !(word_start && word_end) {
            continue;
        }
        let prev = code[..at].trim_end();
        let statement =
            prev.is_empty() || prev.ends_with([';', '{', '}', ']', ')']) || prev.ends_with("pub");
        if !statement {
            continue;
        }
        if let Some(end) = code[at..].find(';') {
            out.push((at, at + end));
            from = at + end;
        }
    }
    out
}

/// `a::{b,c::{d,e as f},self}` → `[a,b]`, `[a,c,d]`, `[a,c,e]`, `[a]` (whitespace squeezed).
fn expand(tree: &str) -> Vec<Vec<String>> {
    fn go(prefix: &[String], tree: &str, out: &mut Vec<Vec<String>>) {
        for part in split_top(tree) {
            if let Some(brace) = part.find('{') {
                let mut p = prefix.to_vec();
                p.extend(
                    part[..brace]
                        .split("::")
                        .filter(|x| !x.is_empty())
                        .map(String::from),
                );
                go(&p, &part[brace + 1..part.len() - 1], out);
            } else {
                let path = part.split(" as ").next().unwrap_or(part).trim();
                let mut p = prefix.to_vec();
                p.extend(
                    path.split("::")
                        .filter(|x| !x.is_empty() && *x != "*" && *x != "self")
                        .map(String::from),
                );
                out.push(p);
            }
        }
    }
    let mut out = Vec::new();
    go(&[], tree, &mut out);
    out
}

/// Split at top-level commas (not inside braces).
fn split_top(s: &str) -> Vec<&str> {
    let (mut depth, mut start, mut out) = (0, 0, Vec::new());
    for (i, c) in s.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                out.push(&s[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(&s[start..]);
    out.into_iter().filter(|p| !p.is_empty()).collect()
}

/// Where the last `#[cfg(test)] mod tests {` begins, if the file has one.
fn find_test_module(code: &str) -> Option<usize> {
    let squeezed = |from: usize| -> String {
        code[from..]
            .chars()
            .filter(|c| !c.is_whitespace())
            .take(24)
            .collect()
    };
    code.match_indices("#[cfg(test)]")
        .map(|(i, _)| i)
        .find(|&i| squeezed(i).starts_with("#[cfg(test)]modtests{"))
}

/// The text with comments, string and char literals replaced by spaces (newlines kept).
fn blank_comments_and_strings(text: &str) -> String {
    let b: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    let blank = |c: char| if c == '\n' { '\n' } else { ' ' };
    while i < b.len() {
        let c = b[i];
        let next = b.get(i + 1).copied();
        if c == '/' && next == Some('/') {
            while i < b.len() && b[i] != '\n' {
                out.push(' ');
                i += 1;
            }
        } else if c == '/' && next == Some('*') {
            let mut depth = 0;
            while i < b.len() {
                if b[i] == '/' && b.get(i + 1) == Some(&'*') {
                    depth += 1;
                    out.push_str("  ");
                    i += 2;
                } else if b[i] == '*' && b.get(i + 1) == Some(&'/') {
                    depth -= 1;
                    out.push_str("  ");
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    out.push(blank(b[i]));
                    i += 1;
                }
            }
        } else if c == 'r'
            && matches!(next, Some('"' | '#'))
            && (i == 0 || !(b[i - 1].is_alphanumeric() || b[i - 1] == '_'))
        {
            // Raw string r"…" / r#"…"#.
            let mut j = i + 1;
            let mut hashes = 0;
            while b.get(j) == Some(&'#') {
                hashes += 1;
                j += 1;
            }
            if b.get(j) != Some(&'"') {
                out.push(c);
                i += 1;
                continue;
            }
            j += 1;
            loop {
                if j >= b.len() {
                    break;
                }
                if b[j] == '"' && (1..=hashes).all(|k| b.get(j + k) == Some(&'#')) {
                    j += 1 + hashes;
                    break;
                }
                j += 1;
            }
            for &ch in &b[i..j.min(b.len())] {
                out.push(blank(ch));
            }
            i = j;
        } else if c == '"' {
            out.push(' ');
            i += 1;
            while i < b.len() && b[i] != '"' {
                if b[i] == '\\' {
                    out.push(' ');
                    i += 1;
                }
                if i < b.len() {
                    out.push(blank(b[i]));
                    i += 1;
                }
            }
            out.push(' ');
            i += 1;
        } else if c == '\'' {
            // A char literal ('x', '\n', '\u{1F600}') or a lifetime ('a): blank only literals.
            let end = if next == Some('\\') {
                (i + 2..b.len()).find(|&j| b[j] == '\'')
            } else if b.get(i + 2) == Some(&'\'') {
                Some(i + 2)
            } else {
                None
            };
            match end {
                Some(e) => {
                    out.extend(std::iter::repeat_n(' ', e - i + 1));
                    i = e + 1;
                }
                None => {
                    out.push(c);
                    i += 1;
                }
            }
        } else {
            out.push(c);
            i += 1;
        }
    }
    out
}

pub fn contains_word(line: &str, word: &str) -> bool {
    let code = line.split("//").next().unwrap_or(line);
    code.match_indices(word).any(|(i, _)| {
        let before = code[..i].chars().next_back();
        let after = code[i + word.len()..].chars().next();
        let ident = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
        !ident(before) && !ident(after)
    })
}

/// One shortest cycle per strongly connected component of more than one file, starting and
/// ending at the component's first file (`a → b → a`), with all the component's files.
pub fn cycles(graph: &BTreeMap<String, BTreeSet<String>>) -> Vec<(Vec<String>, BTreeSet<String>)> {
    let nodes: BTreeSet<&String> = graph.keys().chain(graph.values().flatten()).collect();
    let reach = |from: &String| -> BTreeSet<String> {
        let mut seen = BTreeSet::new();
        let mut todo = vec![from.clone()];
        while let Some(n) = todo.pop() {
            for m in graph.get(&n).into_iter().flatten() {
                if seen.insert(m.clone()) {
                    todo.push(m.clone());
                }
            }
        }
        seen
    };
    let reachable: BTreeMap<&String, BTreeSet<String>> =
        nodes.iter().map(|n| (*n, reach(n))).collect();
    let mut done: BTreeSet<String> = BTreeSet::new();
    let mut out = Vec::new();
    for &n in &nodes {
        if done.contains(n) || !reachable[n].contains(n) {
            continue;
        }
        let component: BTreeSet<String> = reachable[n]
            .iter()
            .filter(|m| reachable[*m].contains(n))
            .cloned()
            .collect();
        done.extend(component.iter().cloned());
        // Shortest path n → … → n inside the component (breadth first).
        let mut prev: BTreeMap<String, String> = BTreeMap::new();
        let mut queue = std::collections::VecDeque::from([n.clone()]);
        'bfs: while let Some(x) = queue.pop_front() {
            for y in graph.get(&x).into_iter().flatten() {
                if !component.contains(y) {
                    continue;
                }
                if y == n {
                    prev.insert(format!("{n}#end"), x.clone());
                    break 'bfs;
                }
                if !prev.contains_key(y) {
                    prev.insert(y.clone(), x.clone());
                    queue.push_back(y.clone());
                }
            }
        }
        let mut path = vec![n.clone()];
        let mut at = prev[&format!("{n}#end")].clone();
        while &at != n {
            path.push(at.clone());
            at = prev[&at].clone();
        }
        path.push(n.clone());
        path.reverse();
        out.push((path, component));
    }
    out
}
