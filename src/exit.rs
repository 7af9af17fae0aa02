//! The documented exit codes and how the outcomes of several items combine into one.

/// The documented exit codes (see `isrctl --help`).
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

#[cfg(test)]
mod tests {
    use super::Exit;

    #[test]
    fn worst_prefers_remote_failures_over_rejections_over_network() {
        assert_eq!(Exit::Network.worst(Exit::RemoteFailed), Exit::RemoteFailed);
        assert_eq!(Exit::Rejected.worst(Exit::Network), Exit::Rejected);
        assert_eq!(Exit::Success.worst(Exit::Unmet), Exit::Unmet);
        assert_eq!(
            Exit::RemoteFailed.worst(Exit::Interrupted),
            Exit::Interrupted
        );
    }
}
