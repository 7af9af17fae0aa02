//! Colour, decided per stream: stdout and stderr each get colour only when that stream is a
//! terminal, unless `--color` or the environment (`NO_COLOR`, `CLICOLOR_FORCE`) says otherwise.
//!
//! The `colored` crate has one global switch. It is on when either stream wants colour; a line
//! for a stream that must stay plain has its escape codes stripped as it is written (`plain`).

use std::borrow::Cow;

/// When to use colour (`--color`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorChoice {
    // Colour a stream when it is a terminal (and the environment does not say otherwise).
    Auto,
    // Colour both streams.
    Always,
    Never,
}

/// The colour environment of one run: `NO_COLOR` (any non-empty value disables colour) and
/// `CLICOLOR_FORCE` (any non-empty value other than `0` forces it); `NO_COLOR` wins.
#[derive(Debug, Clone, Copy, Default)]
pub struct ColorEnv {
    pub no_color: bool,
    pub force: bool,
}

impl ColorEnv {
    pub fn from_env() -> Self {
        let set = |name: &str| std::env::var_os(name).filter(|v| !v.is_empty());
        ColorEnv {
            no_color: set("NO_COLOR").is_some(),
            force: set("CLICOLOR_FORCE").is_some_and(|v| v != "0"),
        }
    }
}

/// Whether a stream gets colour: `--color always|never` as said; otherwise `NO_COLOR` disables,
/// then `CLICOLOR_FORCE` forces, then colour when the stream is a terminal.
pub fn decide(choice: ColorChoice, env: ColorEnv, is_terminal: bool) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => !env.no_color && (env.force || is_terminal),
    }
}

/// `s` as it may go to a stream: as is with colour, without escape codes otherwise.
pub fn plain(s: &str, color: bool) -> Cow<'_, str> {
    if color || !s.contains('\x1b') {
        Cow::Borrowed(s)
    } else {
        Cow::Owned(anstream::adapter::strip_str(s).to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_stream_is_decided_by_the_flag_then_no_color_then_force_then_the_terminal() {
        let none = ColorEnv::default();
        let no = ColorEnv {
            no_color: true,
            force: false,
        };
        let force = ColorEnv {
            no_color: false,
            force: true,
        };
        let both = ColorEnv {
            no_color: true,
            force: true,
        };
        assert!(decide(ColorChoice::Auto, none, true));
        assert!(!decide(ColorChoice::Auto, none, false));
        assert!(!decide(ColorChoice::Auto, no, true));
        assert!(decide(ColorChoice::Auto, force, false));
        assert!(!decide(ColorChoice::Auto, both, true), "NO_COLOR wins");
        assert!(decide(ColorChoice::Always, both, false));
        assert!(!decide(ColorChoice::Never, force, true));
    }

    #[test]
    fn plain_strips_escape_codes_only_when_the_stream_has_no_colour() {
        let red = "\x1b[1;31misrctl: error:\x1b[0m boom";
        assert_eq!(plain(red, false), "isrctl: error: boom");
        assert_eq!(plain(red, true), red);
        assert!(matches!(plain("no codes", false), Cow::Borrowed(_)));
    }
}
