//! The `isrctl` binary: parse the command line, run the command, map its outcome to an exit code.

use std::process::ExitCode;

fn main() -> ExitCode {
    // A panic is a bug: say so in the house style and exit 1 (not Rust's 101). The payload is
    // not printed: it could quote input, and input can hold secrets.
    std::panic::set_hook(Box::new(|info| {
        let place = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()))
            .unwrap_or_default();
        eprintln!("isrctl: error: internal error{place}\n  hint: this is a bug in isrctl; please report it with the command you ran");
    }));
    match std::panic::catch_unwind(|| isrctl::run(std::env::args_os())) {
        Ok(code) => ExitCode::from(code),
        Err(_) => ExitCode::from(1),
    }
}
