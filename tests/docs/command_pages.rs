//! The man pages of `isrctl` and its subcommands: clap_mangen's sections, then the after-help
//! text as man sections of its own (`Examples:` → EXAMPLES, `Exit codes:` → EXIT STATUS,
//! `Environment:` → ENVIRONMENT) whose indented lines (examples, tables) are no-fill blocks, so
//! nothing in them is hyphenated or justified and every example can be copied into a shell.
//! The test here fails when an example is filled or a page names a page that does not exist.

use roff::{Roff, roman};
use std::path::PathBuf;

/// Widest no-fill line `man` shows in 80 columns without wrapping (it indents the section by 7
/// and the block by 4 more).
const LINE: usize = 68;

/// The page of `cmd` (named `isrctl` or `isrctl-SUB`), as roff.
pub fn command_page(cmd: clap::Command) -> Vec<u8> {
    // `isrctl help` is clap's, and has no page of its own.
    let cmd = cmd.disable_help_subcommand(true);
    let after = cmd
        .get_after_long_help()
        .or_else(|| cmd.get_after_help())
        .map(|s| s.to_string());
    let man = clap_mangen::Man::new(cmd.clone());
    let mut out = Vec::new();
    man.render_title(&mut out).unwrap();
    man.render_name_section(&mut out).unwrap();
    man.render_synopsis_section(&mut out).unwrap();
    man.render_description_section(&mut out).unwrap();
    if cmd.get_arguments().any(|a| !a.is_hide_set()) {
        man.render_options_section(&mut out).unwrap();
    }
    if cmd.get_subcommands().any(|s| !s.is_hide_set()) {
        man.render_subcommands_section(&mut out).unwrap();
    }
    if let Some(text) = after {
        out.extend(after_help(&text).render().into_bytes());
    }
    if cmd.get_version().is_some() {
        man.render_version_section(&mut out).unwrap();
    }
    out
}

/// The after-help text: `Heading:` lines become sections, indented lines no-fill blocks, other
/// lines paragraphs.
fn after_help(text: &str) -> Roff {
    let mut page = Roff::new();
    let mut block: Vec<String> = Vec::new();
    let flush = |page: &mut Roff, block: &mut Vec<String>| {
        if !block.is_empty() {
            crate::man::no_fill(page, block.iter().map(String::as_str));
            block.clear();
        }
    };
    let mut opened = false;
    for line in text.lines() {
        if line.trim().is_empty() {
            flush(&mut page, &mut block);
        } else if line.starts_with(' ') {
            block.extend(block_lines(line.trim()));
        } else if let Some(head) = line.strip_suffix(':') {
            flush(&mut page, &mut block);
            let head = head.to_uppercase();
            page.control(
                "SH",
                [if head == "EXIT CODES" {
                    "EXIT STATUS"
                } else {
                    &head
                }],
            );
            opened = true;
        } else {
            flush(&mut page, &mut block);
            if !opened {
                page.control("SH", ["NOTES"]);
                opened = true;
            }
            page.control("PP", [] as [&str; 0]);
            page.text([roman(line)]);
        }
    }
    flush(&mut page, &mut block);
    page
}

/// One indented line of the after-help text, as lines that fit [`LINE`]: an example's comment
/// (after two spaces) goes on a `# …` line above it, a long command is continued with ` \` before
/// an option, and a long table row wraps under its second column.
fn block_lines(line: &str) -> Vec<String> {
    let (first, rest) = match line.split_once("  ") {
        Some((a, b)) => (a.trim_end(), b.trim_start()),
        None => (line, ""),
    };
    if line.starts_with("isrctl ") {
        let mut out = Vec::new();
        if !rest.is_empty() {
            out.push(format!("# {}", rest.trim_start_matches("# ")));
        }
        out.extend(continued(first));
        return out;
    }
    if line.chars().count() <= LINE || rest.is_empty() {
        return vec![line.to_string()];
    }
    // A table row: `KEY    text …`, the text wrapped under itself.
    let indent = line.len() - rest.len();
    let pad = " ".repeat(indent);
    let mut out = Vec::new();
    let mut cur = line[..indent].to_string();
    let mut empty = true;
    for word in rest.split_whitespace() {
        if !empty && cur.chars().count() + 1 + word.chars().count() > LINE {
            out.push(std::mem::replace(&mut cur, pad.clone()));
            empty = true;
        }
        if !empty {
            cur.push(' ');
        }
        cur.push_str(word);
        empty = false;
    }
    out.push(cur);
    out
}

/// A command in lines of at most [`LINE`], broken with ` \` before an option (` --`), a
/// redirection (` > `) or a pipe (` | `) outside quotes.
fn continued(cmd: &str) -> Vec<String> {
    // The command split before each place it may be broken.
    let mut parts = Vec::new();
    let (mut start, mut quote) = (0, None);
    for (i, c) in cmd.char_indices() {
        match (quote, c) {
            (None, '\'' | '"') => quote = Some(c),
            (Some(q), c) if q == c => quote = None,
            (None, ' ')
                if i > start
                    && (cmd[i..].starts_with(" --")
                        || cmd[i..].starts_with(" > ")
                        || cmd[i..].starts_with(" | ")) =>
            {
                parts.push(&cmd[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&cmd[start..]);
    let mut out = Vec::new();
    let mut cur = String::new();
    for part in parts {
        if cur.is_empty() {
            cur = part.to_string();
        } else if cur.chars().count() + 1 + part.chars().count() + 2 > LINE {
            out.push(format!("{cur} \\"));
            cur = format!("    {part}");
        } else {
            cur = format!("{cur} {part}");
        }
    }
    out.push(cur);
    out
}

fn man_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("man")
}

/// Every command line shown in a man page is in a no-fill block (`.nf` … `.fi`), and every page a
/// page names (`name(N)`) is one of the pages in man/.
#[test]
fn examples_are_not_filled_and_named_pages_exist() {
    let mut pages = Vec::new();
    for entry in std::fs::read_dir(man_dir()).unwrap() {
        let path = entry.unwrap().path();
        pages.push((path.clone(), std::fs::read_to_string(&path).unwrap()));
    }
    let names: Vec<String> = pages
        .iter()
        .map(|(p, _)| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert!(names.len() >= 7, "{names:?}");
    for (path, text) in &pages {
        let mut no_fill = false;
        let mut in_name = false;
        for (n, line) in text.lines().enumerate() {
            if let Some(section) = line.strip_prefix(".SH ") {
                in_name = section == "NAME";
            }
            match line {
                ".nf" | ".EX" => no_fill = true,
                ".fi" | ".EE" => no_fill = false,
                _ => {}
            }
            let at = format!("{}:{}: {line}", path.display(), n + 1);
            let plain = line.replace("\\-", "-");
            // `isrctl - Simulate, …` in NAME is the page's name, not a command.
            let shows_command = !in_name
                && (plain.trim_start().starts_with("isrctl ")
                    || plain.trim_start().starts_with("$ isrctl"));
            assert!(
                no_fill || !shows_command,
                "an example outside a no-fill block: {at}"
            );
            // Only an option with one value that has no space to break at may be longer.
            let unbreakable = plain.trim().trim_end_matches(" \\").split(' ').count() <= 2;
            // (isrctl-scenario.5 shows program output as it is: only the command pages.)
            let command_page = path.extension().is_some_and(|e| e == "1");
            assert!(
                !no_fill
                    || !command_page
                    || plain.replace("\\*(Aq", "'").chars().count() <= LINE
                    || unbreakable,
                "a no-fill line wider than 80 columns in man: {at}"
            );
            for (i, _) in plain.match_indices("isrctl-") {
                let name: String = plain[i..]
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
                    .collect();
                let rest = &plain[i + name.len()..];
                if let Some(sec) = rest.strip_prefix('(').and_then(|r| r.chars().next()) {
                    let file = format!("{name}.{sec}");
                    assert!(
                        names.contains(&file),
                        "{at} names {file}, which is not in man/"
                    );
                }
            }
        }
        assert!(
            !no_fill,
            "{}: a no-fill block is not closed",
            path.display()
        );
    }
}

#[test]
fn block_lines_fit_and_can_be_copied() {
    assert_eq!(
        block_lines("isrctl simulate x.toml        a scenario file"),
        ["# a scenario file", "isrctl simulate x.toml"]
    );
    let long = "isrctl simulate on-demand.toml --against https://staging.example.com --endpoint https://staging.example.com/api/revalidate --secret-env REVALIDATE_SECRET";
    let lines = block_lines(long);
    assert!(lines.iter().all(|l| l.chars().count() <= LINE), "{lines:?}");
    let joined = lines.join("\n").replace(" \\\n    ", " ");
    assert_eq!(joined, long);
    let row = block_lines(&format!("2    usage error {}", "word ".repeat(20)));
    assert!(row.len() > 1 && row[1].starts_with("     w"), "{row:?}");
}
