//! Errors that leave the program: one type carrying the exit code, message and an optional hint.
//!
//! Every failure a user can cause maps to a documented exit code (see `Exit`). The display style is
//! fixed here: `isrctl: error: ...` plus `  hint: ...` when there is a known fix.

use std::fmt;

/// The documented exit codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Exit {
    Success = 0,
    Internal = 1,
    Usage = 2,
    Network = 3,
    Rejected = 4,
    RemoteFailed = 5,
    Unmet = 6,
    Interrupted = 130,
}

impl Exit {
    pub fn code(self) -> u8 {
        self as u8
    }

    /// Combine the outcome of several items: 5 wins over 4 over 3; usage and internal errors
    /// and interruption win over all of them.
    pub fn worst(self, other: Exit) -> Exit {
        fn rank(e: Exit) -> u8 {
            match e {
                Exit::Success => 0,
                Exit::Unmet => 1,
                Exit::Network => 2,
                Exit::Rejected => 3,
                Exit::RemoteFailed => 4,
                Exit::Usage => 5,
                Exit::Internal => 6,
                Exit::Interrupted => 7,
            }
        }
        if rank(other) > rank(self) {
            other
        } else {
            self
        }
    }
}

/// An error that ends the command.
#[derive(Debug)]
pub struct Error {
    pub exit: Exit,
    pub message: String,
    pub hint: Option<String>,
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    pub fn new(exit: Exit, message: impl Into<String>) -> Self {
        Error {
            exit,
            message: message.into(),
            hint: None,
        }
    }
    pub fn usage(message: impl Into<String>) -> Self {
        Self::new(Exit::Usage, message)
    }
    pub fn internal(message: impl Into<String>) -> Self {
        Self::new(Exit::Internal, message)
    }
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}

impl From<std::io::Error> for Error {
    fn from(e: std::io::Error) -> Self {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            // The reader went away (`isrctl ... | head`): not worth an error message.
            return Error::new(Exit::Success, String::new());
        }
        Error::internal(format!("I/O error: {e}"))
    }
}
