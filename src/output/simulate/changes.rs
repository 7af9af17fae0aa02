//! What became of the content changes added with `--changes`/`--changes-from`, in words: the
//! ones that were not applied (and why) and the ones that touch no page.

use crate::human::count;
use crate::simulate::ChangeStats;

/// One line per kind of change that did not count as the user may expect (none: all applied).
pub fn change_warnings(c: &ChangeStats) -> Vec<String> {
    let mut lines = Vec::new();
    if c.before_start > 0 {
        lines.push(format!(
            "{} before the trace's first request (t=0) not applied",
            count(c.before_start, "change")
        ));
    }
    if c.after_end > 0 {
        lines.push(format!(
            "{} after the last request not applied (nothing served after them)",
            count(c.after_end, "change")
        ));
    }
    if c.unplaced > 0 {
        lines.push(format!(
            "{} not applied: no page was requested after it",
            count(c.unplaced, "change")
        ));
    }
    if c.unknown_tags > 0 {
        lines.push(format!(
            "{} to a tag that no route has, touching no page (routes get tags in the scenario file)",
            count(c.unknown_tags, "change")
        ));
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn says_each_kind_once() {
        assert!(change_warnings(&ChangeStats::default()).is_empty());
        let w = change_warnings(&ChangeStats {
            applied: 3,
            before_start: 2,
            after_end: 1,
            unplaced: 0,
            unknown_tags: 1,
        });
        assert_eq!(w.len(), 3, "{w:?}");
        assert!(w[0].starts_with("2 changes before"), "{w:?}");
        assert!(w[1].starts_with("1 change after"), "{w:?}");
    }
}
