//! Progress of long multi-shipment runs on stderr, only when stderr is a
//! terminal (never in CI logs or pipes): rows done, rate and time left.

use std::io::IsTerminal;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// Shown only for runs of at least this many shipments.
const MIN_SHIPMENTS: usize = 2;

/// A progress bar over `n` shipments: drawn on a terminal, hidden
/// otherwise. Call [`ProgressBar::inc`] per shipment and
/// [`ProgressBar::finish_and_clear`] at the end.
pub fn shipments(n: usize) -> ProgressBar {
    if n < MIN_SHIPMENTS || super::ui::quiet() || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(n as u64), ProgressDrawTarget::stderr());
    if let Ok(style) = ProgressStyle::with_template(
        "planning {bar:30} {pos}/{len} shipments, {per_sec}, {eta} left",
    ) {
        bar.set_style(style);
    }
    bar
}

/// A progress bar over the `len` bytes of an input read as it goes
/// (rows done in its message): drawn on a terminal, hidden otherwise or
/// when the length is unknown (standard input).
pub fn bytes(len: Option<u64>) -> ProgressBar {
    let Some(len) = len else {
        return ProgressBar::hidden();
    };
    if super::ui::quiet() || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(len), ProgressDrawTarget::stderr());
    if let Ok(style) =
        ProgressStyle::with_template("planning {bar:30} {percent}%, {msg}, {eta} left")
    {
        bar.set_style(style);
    }
    bar
}
