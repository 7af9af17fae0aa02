//! Ctrl-C, one mechanism for the whole program: the first Ctrl-C asks the running command to stop
//! so the report so far can be printed (exit 130); a second one ends the process at once.
//!
//! Synchronous loops poll `requested()`; async code awaits `wait()`.

use std::sync::Once;
use std::sync::atomic::{AtomicBool, Ordering};
use tokio::sync::Notify;

static REQUESTED: AtomicBool = AtomicBool::new(false);
static NOTIFY: Notify = Notify::const_new();
static INSTALL: Once = Once::new();

/// Install the handler (once per process). Failing to install only loses the graceful stop.
pub fn install() {
    INSTALL.call_once(|| {
        let _ = ctrlc::set_handler(|| {
            if REQUESTED.swap(true, Ordering::SeqCst) {
                std::process::exit(130);
            }
            NOTIFY.notify_waiters();
        });
    });
}

/// Whether Ctrl-C was pressed. Cheap enough to poll every few thousand requests.
#[inline]
pub fn requested() -> bool {
    REQUESTED.load(Ordering::Relaxed)
}

/// Resolve when Ctrl-C is pressed (at once if it already was). Installs the handler.
pub async fn wait() {
    install();
    loop {
        let notified = NOTIFY.notified();
        tokio::pin!(notified);
        // Register before checking the flag, so a press between the two is not missed.
        notified.as_mut().enable();
        if REQUESTED.load(Ordering::SeqCst) {
            return;
        }
        notified.await;
    }
}
