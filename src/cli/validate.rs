//! `coldroute validate FILE...`: load each scenario and print every problem.

use std::io::Write;
use std::path::PathBuf;

use super::{read_text, EXIT_BAD_INPUT, EXIT_OK};

/// Arguments of `coldroute validate`.
#[derive(clap::Args)]
pub struct ValidateArgs {
    /// Scenario files (TOML).
    #[arg(required = true, value_name = "FILE")]
    files: Vec<PathBuf>,
}

/// Validates every file; problems go to stderr, one summary line per file
/// to stdout. Exit 0 when all files are valid, 2 otherwise.
pub fn run(args: &ValidateArgs, out: &mut dyn Write) -> u8 {
    let mut code = EXIT_OK;
    for path in &args.files {
        let name = path.display().to_string();
        let text = match read_text(path) {
            Ok(t) => t,
            Err(e) => {
                eprintln!("error: {e}");
                code = EXIT_BAD_INPUT;
                continue;
            }
        };
        match super::gtfs::load_with_feeds(path, &text) {
            Ok(s) => {
                // Lines (from GTFS feeds) only where there are some.
                let lines = match s.lines.len() {
                    0 => String::new(),
                    n => format!(", {n} lines"),
                };
                let _ = writeln!(
                    out,
                    "{name}: ok ({} hubs, {} flights, {} roads{lines}, {} shipments)",
                    s.hubs.len(),
                    s.flights.len(),
                    s.roads.len(),
                    s.shipments.len()
                );
            }
            Err(diags) => {
                eprint!("{}", coldroute::scenario::render_all(&diags, &name, &text));
                let n = diags.len();
                eprintln!("{name}: {n} problem{}\n", if n == 1 { "" } else { "s" });
                let _ = writeln!(
                    out,
                    "{name}: invalid ({n} problem{})",
                    if n == 1 { "" } else { "s" }
                );
                code = EXIT_BAD_INPUT;
            }
        }
    }
    code
}
