//! Progress bars (indicatif) on stderr, only on a terminal, only for table output, never with
//! --quiet: machine output and pipes never see them. Each fits one line of the terminal: the bar
//! takes what the text leaves, and a terminal too narrow for the text as well gets a shorter line
//! without the bar ([`style`]).

use super::Format;
use super::Output;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// The full template when the terminal has `needs` columns for it, else the short one.
fn style(full: &str, needs: usize, short: &str) -> ProgressStyle {
    let template = if super::terminal::width() >= needs {
        full
    } else {
        short
    };
    ProgressStyle::with_template(template)
        .expect("valid template")
        .progress_chars("=> ")
}

fn visible(out: &Output) -> bool {
    out.stderr_is_terminal && !out.quiet() && out.format == Format::Table
}

/// A bar counting `len` runs.
pub fn counter(out: &Output, len: u64, what: &str) -> ProgressBar {
    if !visible(out) {
        return ProgressBar::hidden();
    }
    let pb = ProgressBar::with_draw_target(Some(len), ProgressDrawTarget::stderr());
    pb.set_style(style(
        "{spinner} {msg} [{wide_bar}] {pos}/{len} runs {elapsed}",
        50,
        "{spinner} {pos}/{len} runs",
    ));
    pb.set_message(what.to_string());
    // Runs take a while each: the spinner and the clock show the work goes on.
    pb.enable_steady_tick(std::time::Duration::from_millis(200));
    pb
}

/// A bar counting URLs done (`warm`), what is being done in its message.
pub fn urls_bar(out: &Output, len: u64, what: &str) -> ProgressBar {
    counting(out, len, what, "URLs")
}

/// A bar counting completed invalidations (`purge cloudfront --wait`).
pub fn waiting(out: &Output, len: u64) -> ProgressBar {
    counting(out, len, "waiting", "completed")
}

/// A bar counting things done, `what` before it and `unit` after the count.
fn counting(out: &Output, len: u64, what: &str, unit: &str) -> ProgressBar {
    if !visible(out) {
        return ProgressBar::hidden();
    }
    let pb = ProgressBar::with_draw_target(Some(len), ProgressDrawTarget::stderr());
    pb.set_style(style(
        &format!("{{spinner}} {{msg}} [{{wide_bar}}] {{pos}}/{{len}} {unit} {{elapsed}}"),
        50,
        &format!("{{spinner}} {{pos}}/{{len}} {unit}"),
    ));
    pb.set_message(what.to_string());
    pb.enable_steady_tick(std::time::Duration::from_millis(200));
    pb
}

/// A bar over the simulated time of a workload (`end`), the simulated time in its message.
pub fn workload_bar(out: &Output, end: crate::engine::Time) -> ProgressBar {
    if !visible(out) {
        return ProgressBar::hidden();
    }
    let secs = (end.max(0) / crate::engine::SECOND) as u64;
    let pb = ProgressBar::with_draw_target(Some(secs), ProgressDrawTarget::stderr());
    pb.set_style(style(
        "{spinner} simulating [{wide_bar}] {msg} eta {eta}",
        50,
        "{spinner} {msg}",
    ));
    pb.enable_steady_tick(std::time::Duration::from_millis(200));
    pb
}

/// A bar over the bytes of a trace file, with requests per second in its message.
pub fn trace_bar(out: &Output, bytes: Option<u64>) -> ProgressBar {
    if !visible(out) {
        return ProgressBar::hidden();
    }
    let pb = ProgressBar::with_draw_target(bytes, ProgressDrawTarget::stderr());
    // `1.0M requests, 0.4M/s` in the message: the full line needs about 80 columns.
    pb.set_style(if bytes.is_some() {
        style(
            "{spinner} replaying [{wide_bar}] {bytes}/{total_bytes} {msg} eta {eta}",
            80,
            "{spinner} {percent}% {msg}",
        )
    } else {
        style(
            "{spinner} replaying {bytes} {msg} {elapsed}",
            60,
            "{spinner} {msg}",
        )
    });
    pb
}

#[cfg(test)]
mod tests {
    use super::*;

    fn out(format: Format, terminal: bool, quiet: bool) -> Output {
        Output {
            format,
            stderr_is_terminal: terminal,
            verbosity: if quiet {
                crate::verbosity::Verbosity::Quiet
            } else {
                crate::verbosity::Verbosity::Normal
            },
            ..Output::plain(format)
        }
    }

    #[test]
    fn bars_only_on_a_terminal_for_tables_without_quiet() {
        for (o, shown) in [
            (out(Format::Table, true, false), true),
            (out(Format::Table, false, false), false),
            (out(Format::Table, true, true), false),
            (out(Format::Json, true, false), false),
            (out(Format::Ndjson, true, false), false),
        ] {
            let bars = [
                counter(&o, 3, "sweep"),
                workload_bar(&o, 3_600_000_000),
                trace_bar(&o, Some(1000)),
                trace_bar(&o, None),
                urls_bar(&o, 3, "warming"),
            ];
            // indicatif hides a bar itself when stderr is no terminal (as under cargo test).
            for b in bars {
                assert!(shown || b.is_hidden());
                b.finish_and_clear();
            }
        }
    }
}
