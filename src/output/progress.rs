//! Progress bars (indicatif) on stderr, only on a terminal, only for table output, never with
//! --quiet: machine output and pipes never see them.

use super::Format;
use super::Output;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

fn visible(out: &Output) -> bool {
    out.stderr_is_terminal && !out.quiet && out.format == Format::Table
}

/// A bar counting `len` runs.
pub fn counter(out: &Output, len: u64, what: &str) -> ProgressBar {
    if !visible(out) {
        return ProgressBar::hidden();
    }
    let pb = ProgressBar::with_draw_target(Some(len), ProgressDrawTarget::stderr());
    pb.set_style(
        ProgressStyle::with_template("{spinner} {msg} [{bar:30}] {pos}/{len} runs ({elapsed})")
            .expect("valid template")
            .progress_chars("=> "),
    );
    pb.set_message(what.to_string());
    pb
}

/// A bar over the bytes of a trace file, with requests per second in its message.
pub fn trace_bar(out: &Output, bytes: Option<u64>) -> ProgressBar {
    if !visible(out) {
        return ProgressBar::hidden();
    }
    let pb = ProgressBar::with_draw_target(bytes, ProgressDrawTarget::stderr());
    let template = if bytes.is_some() {
        "{spinner} replaying [{bar:30}] {bytes}/{total_bytes} {msg} ({elapsed}, eta {eta})"
    } else {
        "{spinner} replaying {bytes} {msg} ({elapsed})"
    };
    pb.set_style(
        ProgressStyle::with_template(template)
            .expect("valid template")
            .progress_chars("=> "),
    );
    pb
}
