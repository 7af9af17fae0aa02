//! The `isrctl` binary: parse the command line, run the command, map its outcome to an exit code.

use std::process::ExitCode;

fn main() -> ExitCode {
    let code = isrctl::run(std::env::args_os());
    ExitCode::from(code)
}
