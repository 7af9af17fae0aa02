//! How much a run says on stderr, the same for every command: `-q`, the default, `-v`, `-vv`.

/// A verbosity level, and the level of a message: a message is shown when the run's level is at
/// least the message's (`Normal` messages hide under `-q`, `Detail` needs `-v`, `Wire` `-vv`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub enum Verbosity {
    /// `-q`: only the result and errors (no progress, notes, live lines or retry announcements).
    Quiet,
    /// The default: the result, warnings, notes and retries as they happen.
    #[default]
    Normal,
    /// `-v`: a line per request or sample.
    Detail,
    /// `-vv`: the wire: request and response headers, secrets shown as `***`.
    Wire,
}

impl Verbosity {
    /// The level of `-q` and the number of `-v` flags (`-q` wins over `-v`).
    pub fn from_flags(quiet: bool, verbose: u8) -> Self {
        match (quiet, verbose) {
            (true, _) => Verbosity::Quiet,
            (false, 0) => Verbosity::Normal,
            (false, 1) => Verbosity::Detail,
            (false, _) => Verbosity::Wire,
        }
    }

    /// Whether a message of level `message` is shown at this level.
    pub fn shows(self, message: Verbosity) -> bool {
        message != Verbosity::Quiet && self >= message
    }

    pub fn is_quiet(self) -> bool {
        self == Verbosity::Quiet
    }
}

#[cfg(test)]
mod tests {
    use super::Verbosity::{self, *};

    #[test]
    fn flags_make_one_level_and_each_level_shows_what_is_at_or_below_it() {
        assert_eq!(Verbosity::from_flags(false, 0), Normal);
        assert_eq!(Verbosity::from_flags(false, 1), Detail);
        assert_eq!(Verbosity::from_flags(false, 2), Wire);
        assert_eq!(Verbosity::from_flags(false, 7), Wire);
        assert_eq!(Verbosity::from_flags(true, 2), Quiet);
        assert!(!Quiet.shows(Normal) && !Quiet.shows(Quiet));
        assert!(Normal.shows(Normal) && !Normal.shows(Detail));
        assert!(Detail.shows(Detail) && !Detail.shows(Wire));
        assert!(Wire.shows(Normal) && Wire.shows(Detail) && Wire.shows(Wire));
    }
}
