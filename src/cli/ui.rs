//! What the command line says besides its documents, and in what colour.
//!
//! Three levels, set once from the global flags (as ripgrep keeps its
//! message settings): `-q` says only errors (and warnings that
//! `--deny-warnings` turned into errors), the default adds warnings, notes
//! and the progress bar, `-v` adds details (timings, network size, label
//! counts). Documents on standard output (plans, reports, JSON) are the
//! same at every level.
//!
//! Colour (`--color auto|always|never`): `auto` colours a stream only when
//! it is a terminal, `TERM` is not `dumb` and `NO_COLOR` is unset or empty
//! (<https://no-color.org>); `always` and `never` say so whatever the
//! environment. What is coloured: the `error:` and `warning:` prefixes on
//! stderr, and the words `PASS` and `FAIL` in text documents on stdout,
//! never JSON, XML or pictures.

use std::fmt::Display;
use std::io::IsTerminal;
use std::sync::atomic::{AtomicBool, AtomicU8, Ordering};

/// When to colour output.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorChoice {
    /// On a terminal, unless `NO_COLOR` is set or `TERM=dumb`.
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

/// 0 quiet, 1 normal, 2 verbose.
static LEVEL: AtomicU8 = AtomicU8::new(1);
static COLOR_OUT: AtomicBool = AtomicBool::new(false);
static COLOR_ERR: AtomicBool = AtomicBool::new(false);

/// Sets the level and colour from the global flags and the environment.
pub fn init(quiet: bool, verbose: bool, color: ColorChoice) {
    let level = match (quiet, verbose) {
        (true, _) => 0,
        (false, true) => 2,
        (false, false) => 1,
    };
    LEVEL.store(level, Ordering::Relaxed);
    let env = |k: &str| std::env::var_os(k).filter(|v| !v.is_empty());
    let no_color = env("NO_COLOR").is_some();
    let dumb = std::env::var("TERM").is_ok_and(|t| t == "dumb");
    COLOR_OUT.store(
        decide(color, no_color, dumb, std::io::stdout().is_terminal()),
        Ordering::Relaxed,
    );
    COLOR_ERR.store(
        decide(color, no_color, dumb, std::io::stderr().is_terminal()),
        Ordering::Relaxed,
    );
}

/// Whether to colour a stream.
fn decide(choice: ColorChoice, no_color: bool, dumb: bool, terminal: bool) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => terminal && !no_color && !dumb,
    }
}

/// Whether `-q` was given.
pub fn quiet() -> bool {
    LEVEL.load(Ordering::Relaxed) == 0
}

/// Whether `-v` was given.
pub fn verbose() -> bool {
    LEVEL.load(Ordering::Relaxed) >= 2
}

const RED: &str = "\x1b[1;31m";
const YELLOW: &str = "\x1b[1;33m";
const GREEN: &str = "\x1b[1;32m";
const RESET: &str = "\x1b[0m";

/// Prints `error: MESSAGE` to stderr (at every level).
pub fn error(msg: impl Display) {
    eprintln!(
        "{}",
        colour_prefixes(&format!("error: {msg}"), err_colour())
    );
}

/// Prints rendered diagnostics (lines starting `error:` or `warning:`,
/// carets and hints) to stderr, colouring the prefixes.
pub fn diagnostics(text: &str) {
    eprint!("{}", colour_prefixes(text, err_colour()));
}

/// Prints rendered warnings to stderr unless `-q` (or when `denied`:
/// then they are errors).
pub fn warnings(text: &str, denied: bool) {
    if denied || !quiet() {
        diagnostics(text);
    }
}

/// Prints a note (what was written, a verdict beside a picture) to stderr
/// unless `-q`.
pub fn note(msg: impl Display) {
    if !quiet() {
        eprintln!("{msg}");
    }
}

/// Prints a detail to stderr with `-v`.
pub fn detail(msg: impl Display) {
    if verbose() {
        eprintln!("{msg}");
    }
}

fn err_colour() -> bool {
    COLOR_ERR.load(Ordering::Relaxed)
}

/// Writes the text document `write` makes to `out`, with `PASS` and
/// `FAIL` coloured when stdout is (buffered then; streamed otherwise).
pub fn painted(
    out: &mut dyn std::io::Write,
    write: impl FnOnce(&mut dyn std::io::Write) -> std::io::Result<()>,
) -> std::io::Result<()> {
    if !COLOR_OUT.load(Ordering::Relaxed) {
        return write(out);
    }
    let mut buf = Vec::new();
    write(&mut buf)?;
    out.write_all(paint_verdicts(&String::from_utf8_lossy(&buf), true).as_bytes())
}

/// The search counters of one shipment, for `-v`.
pub fn search_detail(id: &str, st: &coldroute::planner::Stats) {
    detail(format!(
        "{id}: {} labels ({} settled, {} dominated, {} cut by the deadline bound, {} beaten by a plan found, {} rejected for temperature), {} connections scanned in {} pass(es)",
        st.labels, st.settled, st.dominated, st.pruned_by_bound, st.beaten_by_plan, st.rejected_thermal, st.connections, st.passes
    ));
}

/// `text` with every line's leading `error:` red and `warning:` yellow.
fn colour_prefixes(text: &str, on: bool) -> String {
    if !on {
        return text.to_string();
    }
    text.split_inclusive('\n')
        .map(|l| {
            for (p, c) in [("error", RED), ("warning", YELLOW)] {
                if let Some(rest) = l.strip_prefix(p) {
                    return format!("{c}{p}{RESET}{rest}");
                }
            }
            l.to_string()
        })
        .collect()
}

/// `text` with the whole words `PASS` green and `FAIL` red.
fn paint_verdicts(text: &str, on: bool) -> String {
    if !on {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len() + 64);
    let b = text.as_bytes();
    let mut i = 0;
    while i < text.len() {
        let word = ["PASS", "FAIL"].into_iter().find(|w| {
            text[i..].starts_with(w)
                && (i == 0 || !b[i - 1].is_ascii_alphanumeric())
                && b.get(i + w.len())
                    .is_none_or(|c| !c.is_ascii_alphanumeric())
        });
        match word {
            Some(w) => {
                let c = if w == "PASS" { GREEN } else { RED };
                out.push_str(c);
                out.push_str(w);
                out.push_str(RESET);
                i += w.len();
            }
            None => {
                let ch = text[i..].chars().next().unwrap_or(' ');
                out.push(ch);
                i += ch.len_utf8();
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colour_follows_the_choice_the_terminal_and_no_color() {
        use ColorChoice::*;
        // (choice, NO_COLOR set, TERM=dumb, a terminal) -> colour
        for (c, nc, dumb, tty, want) in [
            (Auto, false, false, true, true),
            (Auto, false, false, false, false),
            (Auto, true, false, true, false),
            (Auto, false, true, true, false),
            (Always, true, true, false, true),
            (Never, false, false, true, false),
        ] {
            assert_eq!(decide(c, nc, dumb, tty), want, "{c:?} {nc} {dumb} {tty}");
        }
    }

    #[test]
    fn verdict_words_and_prefixes_are_coloured_only_when_on() {
        let t = "verdict: PASS\n  FAIL  range\nPASSED FAILS xFAIL\n";
        assert_eq!(paint_verdicts(t, false), t);
        let p = paint_verdicts(t, true);
        assert_eq!(
            p,
            "verdict: \x1b[1;32mPASS\x1b[0m\n  \x1b[1;31mFAIL\x1b[0m  range\nPASSED FAILS xFAIL\n"
        );
        assert_eq!(
            colour_prefixes("error: x\n  --> a:1:2\nwarning: y\n", true),
            "\x1b[1;31merror\x1b[0m: x\n  --> a:1:2\n\x1b[1;33mwarning\x1b[0m: y\n"
        );
        assert_eq!(colour_prefixes("error: x\n", false), "error: x\n");
    }
}
