//! `coldroute validate FILE...`: load each scenario and print every problem.

use std::io::Write;
use std::path::PathBuf;

use super::{read_text, Done, Fail, Outcome};

/// Arguments of `coldroute validate`.
#[derive(clap::Args)]
pub struct ValidateArgs {
    /// Scenario files (TOML), or directories to search recursively for
    /// `*.toml`.
    #[arg(required = true, value_name = "PATH")]
    files: Vec<PathBuf>,
    /// Skip files whose path matches GLOB (`*` within a name, `**` across
    /// directories, `?` one character; repeatable).
    #[arg(long, value_name = "GLOB")]
    exclude: Vec<String>,
    /// Treat plausibility warnings (a site far from its time zone, a road
    /// faster than a truck, a flight block time implausible for its
    /// distance) as problems: exit 2 when there are any.
    #[arg(long)]
    deny_warnings: bool,
}

/// Validates every file; problems and warnings go to stderr, one summary
/// line per file to stdout. Exit 0 when all files are valid (warnings
/// allowed unless `--deny-warnings`), 2 otherwise.
pub fn run(args: &ValidateArgs, out: &mut dyn Write) -> Outcome {
    // Every file is read and reported; any bad one makes the run exit 2.
    let mut bad = false;
    for (path, listed) in super::inputs::scenario_files(&args.files, &args.exclude) {
        let path = &path;
        if let Err(e) = listed {
            super::ui::error(e);
            bad = true;
            continue;
        }
        let name = path.display().to_string();
        let text = match read_text(path) {
            Ok(t) => t,
            Err(e) => {
                super::ui::error(e);
                bad = true;
                continue;
            }
        };
        match super::gtfs::load_with_feeds(path, &text) {
            Ok(s) => {
                let warnings = coldroute::scenario::plausible::warnings(&s);
                if !warnings.is_empty() {
                    let index = coldroute::scenario::LineIndex::new(&text);
                    let shown = coldroute::scenario::MAX_SHOWN;
                    let mut rendered = String::new();
                    for w in warnings.iter().take(shown) {
                        rendered.push_str(&w.render_warning(&name, &text, &index));
                    }
                    if warnings.len() > shown {
                        rendered.push_str(&format!(
                            "... and {} more warnings in {name} (the first {shown} are shown)\n",
                            warnings.len() - shown
                        ));
                    }
                    super::ui::warnings(&rendered, args.deny_warnings);
                }
                // Lines (from GTFS feeds) only where there are some.
                let lines = match s.lines.len() {
                    0 => String::new(),
                    n => format!(", {n} lines"),
                };
                let n = warnings.len();
                let plural = if n == 1 { "" } else { "s" };
                let (verdict, tail) = match (n, args.deny_warnings) {
                    (0, _) => ("ok", String::new()),
                    (_, false) => ("ok", format!("; {n} warning{plural}")),
                    (_, true) => {
                        bad = true;
                        ("invalid", format!("; {n} warning{plural}, denied"))
                    }
                };
                let _ = writeln!(
                    out,
                    "{name}: {verdict} ({} hubs, {} flights, {} roads{lines}, {} shipments){tail}",
                    s.hubs.len(),
                    s.flights.len(),
                    s.roads.len(),
                    s.shipments.len()
                );
            }
            Err(diags) => {
                super::ui::diagnostics(&coldroute::scenario::render_all(&diags, &name, &text));
                let n = diags.len();
                eprintln!("{name}: {n} problem{}\n", if n == 1 { "" } else { "s" });
                let _ = writeln!(
                    out,
                    "{name}: invalid ({n} problem{})",
                    if n == 1 { "" } else { "s" }
                );
                bad = true;
            }
        }
    }
    if bad {
        Err(Fail::Reported)
    } else {
        Ok(Done::Ok)
    }
}
