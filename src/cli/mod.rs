//! The command line: clap definitions, file reading, printing and exit
//! codes. This is the only part of coldroute that touches paths, stdout
//! and stderr.

use clap::{Parser, Subcommand};

mod batch;
mod check;
mod excursion;
mod exit;
mod generate;
pub mod gtfs;
mod inputs;
mod logger;
mod output;
mod plan;
mod progress;
mod report;
mod sweep;
mod ui;
mod validate;
mod what_if;

pub use exit::{Done, Fail, Outcome, EXIT_BAD_INPUT, EXIT_FAILED, EXIT_OK};

/// Search settings shared by the commands that plan (`plan`, `check`,
/// `batch`, `sweep`, `what-if`, `report`).
#[derive(clap::Args, Clone, Debug)]
pub struct SearchArgs {
    /// Most flight, road and ride legs in an itinerary [default: 6; 16 for
    /// timetable-only queries: `plan --gtfs` and `plan --ssim`].
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u8).range(1..=64))]
    max_legs: Option<u8>,
    /// Most labels one search may create, a bound on memory (a label takes
    /// about 160 bytes, so the default is about 330 MB); when reached, the
    /// plans found so far are shown, marked incomplete.
    #[arg(long, value_name = "N", default_value_t = coldroute::planner::DEFAULT_LABEL_BUDGET as u64, value_parser = clap::value_parser!(u64).range(1..))]
    label_budget: u64,
    /// Search engine: `scan` (the connection scan) or `labels` (the first
    /// engine, slow, kept to compare against).
    #[arg(long, value_name = "ENGINE", default_value = "scan", value_parser = ["scan", "labels"])]
    engine: String,
}

impl SearchArgs {
    /// The options given that differ from the defaults, as they are typed
    /// (` --max-legs 7 --label-budget 500`), for a command to suggest.
    pub fn flags(&self) -> String {
        let mut out = String::new();
        if let Some(n) = self.max_legs {
            out.push_str(&format!(" --max-legs {n}"));
        }
        if self.label_budget != coldroute::planner::DEFAULT_LABEL_BUDGET as u64 {
            out.push_str(&format!(" --label-budget {}", self.label_budget));
        }
        if self.engine != "scan" {
            out.push_str(&format!(" --engine {}", self.engine));
        }
        out
    }

    /// The planner configuration; `timetable` for timetable-only queries
    /// (no practical leg limit by default).
    pub fn config(&self, timetable: bool) -> coldroute::planner::Config {
        use coldroute::planner::{Config, Engine, DEFAULT_MAX_LEGS, TIMETABLE_MAX_LEGS};
        let default_legs = if timetable {
            TIMETABLE_MAX_LEGS
        } else {
            DEFAULT_MAX_LEGS
        };
        Config {
            max_legs: self.max_legs.unwrap_or(default_legs),
            label_budget: usize::try_from(self.label_budget).unwrap_or(usize::MAX),
            engine: if self.engine == "labels" {
                Engine::Labels
            } else {
                Engine::Scan
            },
            ..Config::default()
        }
    }
}

/// Plans cold-chain deliveries of vaccines and medical supplies.
#[derive(Parser)]
#[command(name = "coldroute", version, about, long_about = None, after_long_help = LONG_HELP)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// Say only errors on stderr: no warnings, notes or progress bar
    /// (documents on stdout are unchanged)
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    quiet: bool,
    /// Say more on stderr: timings, network size and label counts
    #[arg(short, long, global = true)]
    verbose: bool,
    /// Colour `error:`/`warning:` and PASS/FAIL: auto (on a terminal,
    /// unless NO_COLOR is set), always or never
    #[arg(long, value_name = "WHEN", global = true, default_value = "auto")]
    color: ui::ColorChoice,
}

/// Examples and exit codes, after `coldroute --help`.
const LONG_HELP: &str = "\
Examples:
  coldroute validate scenarios/                  check every scenario file under a directory
  coldroute plan scenarios/pek-sal-coronavac.toml --explain
  coldroute plan --gtfs feed.zip --from 101S --to 142S --ready 2026-09-30T08:00
  coldroute report scenarios/pek-sal-coronavac.toml --shipment SV-0406 -o sv-0406.png
  coldroute check scenarios/ --junit reports/coldroute.xml
  coldroute plan scenarios/pek-sal-coronavac.toml --robust 1000
  coldroute what-if scenarios/pek-sal-coronavac.toml --close LAX
  coldroute excursion logger.csv --range 2,8 --freeze-sensitive
  coldroute completions bash > /etc/bash_completion.d/coldroute
  coldroute man > coldroute.1

Global options (every command):
  -q, --quiet          only errors on stderr (no warnings, notes or progress bar)
  -v, --verbose        timings, network size and label counts on stderr
  --color WHEN         auto (a terminal, unless NO_COLOR is set), always, never

Exit codes:
  0    ok: valid, planned, every SLA met
  1    an SLA failed, or there is no feasible plan
  2    bad input or usage (located at file:line:column), or output that could not be written
  130  interrupted (SIGINT, SIGTERM); temporary files are removed
  141  standard output was closed (a pipe); nothing else went wrong

Documentation: README.md and docs/ in the source repository.";

#[derive(Subcommand)]
enum Command {
    /// Plan shipments: earliest arrival in range, with alternatives.
    Plan(plan::PlanArgs),
    /// Plan a shipment list (CSV or JSON Lines): one JSON record a row, in order.
    Batch(batch::BatchArgs),
    /// Plan one shipment's lane for every day of a range: a CSV and a calendar picture.
    Sweep(sweep::SweepArgs),
    /// Assess a temperature record against a product's limits and USP <1079.2>.
    Excursion(excursion::ExcursionArgs),
    /// Re-plan every shipment under disruptions: closed hubs, cancelled flights, heat, slow roads.
    WhatIf(what_if::WhatIfArgs),
    /// Write a seeded synthetic world network (for benchmarks).
    Generate(generate::GenerateArgs),
    /// Check scenario files and report every problem with its location.
    Validate(validate::ValidateArgs),
    /// Draw a shipment's plan as a timeline picture (PNG, or SVG with --svg).
    Report(report::ReportArgs),
    /// Plan every shipment of scenario files and directories and check each SLA, for CI.
    Check(check::CheckArgs),
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell).
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff, for `man`).
    Man,
}

/// Runs the command line and returns the process exit code.
pub fn run() -> u8 {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                EXIT_BAD_INPUT
            } else {
                EXIT_OK
            };
        }
    };
    ui::init(cli.quiet, cli.verbose, cli.color);
    output::remove_temporaries_on_signals();
    let stdout = std::io::stdout();
    let mut out = output::Checked::new(stdout.lock());
    let code = match cli.command {
        Command::Validate(args) => exit::code(validate::run(&args, &mut out)),
        Command::Check(args) => exit::code(check::run(&args, &mut out)),
        Command::Plan(args) => exit::code(plan::run(&args, &mut out)),
        Command::Batch(args) => exit::code(batch::run(&args, &mut out)),
        Command::Sweep(args) => exit::code(sweep::run(&args, &mut out)),
        Command::WhatIf(args) => exit::code(what_if::run(&args, &mut out)),
        Command::Report(args) => exit::code(report::run(&args, &mut out)),
        Command::Generate(args) => exit::code(generate::run(&args, &mut out)),
        Command::Completions { shell } => {
            let mut cmd = <Cli as clap::CommandFactory>::command();
            clap_complete::generate(shell, &mut cmd, "coldroute", &mut out);
            EXIT_OK
        }
        Command::Man => {
            let cmd = <Cli as clap::CommandFactory>::command();
            match clap_mangen::Man::new(cmd).render(&mut out) {
                Ok(()) => EXIT_OK,
                Err(e) => output::stdout_failure(&e),
            }
        }
        Command::Excursion(args) => exit::code(excursion::run(&args, &mut out)),
    };
    // Whatever the command printed, output that did not arrive is an
    // error: exit 2 with a message, or quietly 141 for a closed pipe.
    match out.finish() {
        Some(e) => output::stdout_failure(&e),
        None => code,
    }
}

/// Reads a file as UTF-8 text, with a message that names the path.
pub fn read_text(path: &std::path::Path) -> Result<String, String> {
    let bytes =
        std::fs::read(path).map_err(|e| format!("cannot read `{}`: {e}", path.display()))?;
    String::from_utf8(bytes).map_err(|e| {
        let bytes = e.as_bytes();
        let at = e.utf8_error().valid_up_to();
        // The valid prefix locates the bad byte by line and column.
        let valid = std::str::from_utf8(&bytes[..at]).unwrap_or_default();
        let (line, col) = coldroute::scenario::line_col(valid, valid.len());
        format!(
            "{}:{line}:{col}: not UTF-8 text (byte 0x{:02X}); save the file as UTF-8",
            path.display(),
            bytes[at]
        )
    })
}

/// Reads and loads a scenario; prints every problem and returns `None` on
/// failure.
pub fn load_scenario(path: &std::path::Path) -> Option<(coldroute::scenario::Scenario, String)> {
    load_scenario_for(path, &|_| Vec::new())
}

/// [`load_scenario`] for queries ready at times `extra` gives (not the
/// file's shipments): a scenario's GTFS rides are expanded around them too
/// ([`gtfs::load_with_feeds_for`]).
pub fn load_scenario_for(
    path: &std::path::Path,
    extra: &dyn Fn(&coldroute::scenario::Scenario) -> Vec<coldroute::units::Secs>,
) -> Option<(coldroute::scenario::Scenario, String)> {
    let name = path.display().to_string();
    let text = match read_text(path) {
        Ok(t) => t,
        Err(e) => {
            ui::error(e);
            return None;
        }
    };
    match gtfs::load_with_feeds_for(path, &text, extra) {
        Ok(s) => Some((s, text)),
        Err(diags) => {
            ui::diagnostics(&coldroute::scenario::render_all(&diags, &name, &text));
            eprintln!(
                "{name}: {} problem(s); run `coldroute validate {name}` after fixing them",
                diags.len()
            );
            None
        }
    }
}
