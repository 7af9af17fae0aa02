//! The forms a secret takes when a remote echoes it back, and finding them in text.
//!
//! Character by character, a token may come back raw or upper/lower-cased, percent-encoded
//! (`%xx` or `%XX`, `+` for a space), JSON-escaped (`\"`, `\/`, `\u00xx`), as an HTML entity, as
//! latin-1/cp1252 mojibake of its UTF-8 bytes, or as U+FFFD (a non-UTF-8 echo, decoded lossily),
//! in any mix. Whole, it may come back base64-encoded (standard or URL-safe, padded or not, alone
//! or inside `user:token`, `Bearer token`…: the three byte alignments are all tried).
//!
//! A run of text is a leak when it matches at least the first [`SEED_CHARS`] characters of the
//! token (the whole token when shorter; for base64, [`SEED_BASE64`] characters, and only for
//! tokens of 6 bytes or more), and it is redacted as far as it keeps matching. So a prefix of 8
//! characters is redacted; shorter fragments, and pieces from the middle or the end, are not.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD_NO_PAD;

/// How many leading characters of the token make a leak.
pub const SEED_CHARS: usize = 8;
/// How many base64 characters make a leak (about 8 bytes of the token).
pub const SEED_BASE64: usize = 11;
/// Tokens shorter than this (in bytes) are not looked for in base64: too few characters to tell.
const MIN_BASE64_BYTES: usize = 6;

/// One form of a secret: a sequence of positions, each matched by any of its texts (ASCII letters
/// compared without regard to case), and how many positions make a leak.
#[derive(Debug, Clone)]
pub struct Form {
    units: Vec<Vec<Vec<u8>>>,
    seed: usize,
    /// Which bytes can begin a match (a quick filter).
    first: [bool; 256],
}

/// Every form of `secret` (none for an empty one).
pub fn forms(secret: &str) -> Vec<Form> {
    if secret.is_empty() {
        return Vec::new();
    }
    let units: Vec<Vec<Vec<u8>>> = secret.chars().map(char_texts).collect();
    let seed = SEED_CHARS.min(units.len());
    let mut out = vec![Form::new(units, seed)];
    out.extend(base64_forms(secret.as_bytes()));
    out
}

/// How many unit steps `find` takes per form before it gives up and redacts the rest of the text
/// from where it is (only a very repetitive secret in very repetitive text gets there; redacting
/// too much is safe, taking minutes is not).
const BUDGET: usize = 250_000;

/// The byte ranges of `text` that hold a form of the secret, merged and in order.
pub fn find(forms: &[Form], text: &str) -> Vec<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut spans: Vec<(usize, usize)> = Vec::new();
    for f in forms {
        let mut budget = BUDGET;
        for start in 0..bytes.len() {
            if !f.first[usize::from(bytes[start])] {
                continue;
            }
            match f.match_at(bytes, start, &mut budget) {
                Some(end) if budget == 0 => {
                    spans.push((start, bytes.len().max(end)));
                    break;
                }
                Some(end) => spans.push((start, end)),
                None => {}
            }
        }
    }
    spans.sort_unstable();
    let mut merged: Vec<(usize, usize)> = Vec::new();
    for (s, e) in spans {
        match merged.last_mut() {
            Some(last) if s <= last.1 => last.1 = last.1.max(e),
            _ => merged.push((s, e)),
        }
    }
    merged
}

impl Form {
    fn new(units: Vec<Vec<Vec<u8>>>, seed: usize) -> Form {
        let mut first = [false; 256];
        for t in units.first().into_iter().flatten() {
            if let Some(&b) = t.first() {
                first[usize::from(b.to_ascii_lowercase())] = true;
                first[usize::from(b.to_ascii_uppercase())] = true;
            }
        }
        Form { units, seed, first }
    }

    /// Where a match starting at `start` ends, when it covers at least the seed. Each unit step
    /// costs one from `budget`; at zero the match so far counts whatever its length.
    fn match_at(&self, text: &[u8], start: usize, budget: &mut usize) -> Option<usize> {
        // The positions reachable after each unit (a unit's texts may differ in length).
        let mut at = vec![start];
        let mut matched = 0;
        for unit in &self.units {
            if *budget == 0 {
                return Some(at.into_iter().max().unwrap_or(start));
            }
            *budget -= 1;
            let mut next: Vec<usize> = Vec::new();
            for &p in &at {
                for t in unit {
                    let q = p + t.len();
                    if q <= text.len() && text[p..q].eq_ignore_ascii_case(t) && !next.contains(&q) {
                        next.push(q);
                    }
                }
            }
            if next.is_empty() {
                break;
            }
            matched += 1;
            at = next;
        }
        (matched >= self.seed).then(|| at.into_iter().max().unwrap_or(start))
    }
}

/// The texts that can stand for `c` in an echo.
fn char_texts(c: char) -> Vec<Vec<u8>> {
    let mut cases = vec![c.to_string()];
    for v in [c.to_uppercase().collect(), c.to_lowercase().collect()] {
        if !cases.contains(&v) {
            cases.push(v);
        }
    }
    let mut out: Vec<String> = Vec::new();
    for s in &cases {
        out.push(s.clone());
        out.push(s.bytes().map(|b| format!("%{b:02X}")).collect());
        let json = serde_json::to_string(s).unwrap_or_default();
        out.push(json[1..json.len().saturating_sub(1).max(1)].to_string());
        out.push(s.encode_utf16().map(|u| format!("\\u{u:04X}")).collect());
        out.extend(s.chars().map(|c| format!("&#{};", c as u32)));
        out.extend(s.chars().map(|c| format!("&#x{:X};", c as u32)));
        if !s.is_ascii() {
            for m in mojibake(s) {
                out.push(m.chars().map(|c| format!("\\u{:04X}", c as u32)).collect());
                out.push(m.to_uppercase());
                out.push(m.to_lowercase());
                out.push(m);
            }
            out.push("\u{FFFD}".into());
        }
    }
    match c {
        ' ' => out.push("+".into()),
        '/' => out.push("\\/".into()),
        '&' => out.push("&amp;".into()),
        '<' => out.push("&lt;".into()),
        '>' => out.push("&gt;".into()),
        '"' => out.push("&quot;".into()),
        _ => {}
    }
    out.sort();
    out.dedup();
    out.retain(|t| !t.is_empty());
    out.into_iter().map(String::into_bytes).collect()
}

/// `s`'s UTF-8 bytes read as latin-1 and as windows-1252.
fn mojibake(s: &str) -> [String; 2] {
    let latin1: String = s.bytes().map(char::from).collect();
    let cp1252: String = s.bytes().map(cp1252).collect();
    [latin1, cp1252]
}

/// One byte read as windows-1252 (the five unassigned bytes as latin-1, like browsers do).
fn cp1252(b: u8) -> char {
    const HIGH: [char; 32] = [
        '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8D}', 'Ž',
        '\u{8F}', '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9D}',
        'ž', 'Ÿ',
    ];
    match b {
        0x80..=0x9F => HIGH[usize::from(b - 0x80)],
        _ => char::from(b),
    }
}

/// The base64 forms: for each alignment of the token in a longer encoded value, the characters
/// that depend on the token alone. `+`/`-` and `/`/`_` (and their `%2B`/`%2F`) are one position,
/// so the standard and URL-safe alphabets are both covered; padding never matters.
fn base64_forms(secret: &[u8]) -> Vec<Form> {
    if secret.len() < MIN_BASE64_BYTES {
        return Vec::new();
    }
    (0..3)
        .map(|shift| {
            let mut buf = vec![0u8; shift];
            buf.extend_from_slice(secret);
            let enc = STANDARD_NO_PAD.encode(&buf);
            // Characters mixing leading filler bits, and a last one mixing what follows.
            let skip = [0, 2, 3][shift];
            let full = buf.len() * 8 / 6;
            let units: Vec<Vec<Vec<u8>>> = enc.as_bytes()[skip..full]
                .iter()
                .map(|&b| match b {
                    b'+' => vec![b"+".to_vec(), b"-".to_vec(), b"%2B".to_vec()],
                    b'/' => vec![b"/".to_vec(), b"_".to_vec(), b"%2F".to_vec()],
                    _ => vec![vec![b]],
                })
                .collect();
            let seed = SEED_BASE64.min(units.len());
            Form::new(units, seed)
        })
        .collect()
}
