//! `coldroute check PATH...`: plan every shipment of every scenario and
//! check the recommended plan's SLA by independent re-simulation, for CI.
//!
//! Directories are searched recursively for `*.toml` files (hidden entries
//! skipped, symbolic links to directories not followed), sorted by path.
//! Every file is processed even after a bad one. Exit 0 when every
//! shipment passes, 1 when any fails, 2 when any input is bad (bad input
//! wins). Output formats are in `coldroute::sla::ci`; docs/ci.md documents
//! them.

use std::io::Write;
use std::path::{Path, PathBuf};

use coldroute::planner::render::{no_plan_reason, notable_rejections};
use coldroute::planner::{plan_shipments_with, Config, Planned, RejectionReason};
use coldroute::scenario::{line_col, Scenario, Shipment};
use coldroute::sla::check_sla;
use coldroute::sla::ci::{
    self, FileOutcome, FileResult, LimitCut, Problem, Reason, ShipmentOutcome, Summary, Verdict,
};

use super::{read_text, Done, Fail, Outcome};

/// How many of the planner's reasons to report when no plan exists.
const MAX_REASONS: usize = 4;

/// Arguments of `coldroute check`.
#[derive(clap::Args)]
pub struct CheckArgs {
    /// Scenario files, or directories to search recursively for `*.toml`.
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,
    /// Skip files whose path matches GLOB (`*` within a name, `**` across
    /// directories, `?` one character; repeatable), e.g. `--exclude
    /// 'scenarios/drafts/**'`.
    #[arg(long, value_name = "GLOB")]
    exclude: Vec<String>,
    /// Also write a JUnit XML report to FILE (one test suite per scenario
    /// file, one test case per shipment).
    #[arg(long, value_name = "FILE")]
    junit: Option<PathBuf>,
    /// Print JSON (schema `coldroute.check/2`, docs/ci.md) instead of text.
    #[arg(long, conflicts_with = "github")]
    json: bool,
    /// Also print GitHub Actions `::error` annotations at failing shipments
    /// and at the problems of invalid files.
    #[arg(long)]
    github: bool,
    #[command(flatten)]
    search: super::SearchArgs,
}

/// Checks every scenario; see the module documentation for exit codes.
pub fn run(args: &CheckArgs, out: &mut dyn Write) -> Outcome {
    let mut files = Vec::new();
    // A closed stdout (`check ... | head`) must not keep the JUnit report
    // from being written: note it and carry on.
    let mut stdout_failed = false;
    for (path, listed) in super::inputs::scenario_files(&args.paths, &args.exclude) {
        let outcome = match listed {
            Ok(()) => check_file(&path, &args.search.config(false)),
            Err(msg) => {
                let problem = Problem::unlocated(msg);
                super::ui::diagnostics(&problem.rendered);
                FileOutcome {
                    path: display(&path),
                    result: FileResult::Invalid(vec![problem]),
                }
            }
        };
        if !args.json && !stdout_failed {
            let written = super::ui::painted(out, |o| ci::write_text(o, &outcome)).and_then(|()| {
                if args.github {
                    ci::write_github(out, &outcome)
                } else {
                    Ok(())
                }
            });
            stdout_failed = written.is_err();
        }
        files.push(outcome);
    }
    let sum = Summary::of(&files);
    let printed = if args.json {
        let doc = coldroute::document::check::CheckDocument::new(&files);
        writeln!(
            out,
            "{}",
            serde_json::to_string_pretty(&doc).unwrap_or_default()
        )
    } else {
        writeln!(out, "{}", sum.line())
    };
    stdout_failed |= printed.is_err();
    if let Some(junit) = &args.junit {
        // The report usually goes to a fresh directory of CI artifacts.
        let written = match junit.parent().filter(|p| !p.as_os_str().is_empty()) {
            Some(dir) => std::fs::create_dir_all(dir)
                .map_err(|e| format!("cannot create `{}`: {e}", dir.display())),
            None => Ok(()),
        }
        .and_then(|()| super::output::write_output(junit, ci::to_junit(&files).as_bytes(), out));
        written?;
    }
    if sum.invalid_files > 0 || stdout_failed {
        Err(Fail::Reported)
    } else {
        Ok(Done::pass_if(sum.failed == 0))
    }
}

/// A path for reports, with `/` separators on every platform (GitHub
/// annotations and JUnit class names want repository paths).
fn display(path: &Path) -> String {
    let s = path.display().to_string();
    if std::path::MAIN_SEPARATOR == '\\' {
        s.replace('\\', "/")
    } else {
        s
    }
}

/// Loads one scenario and checks each of its shipments. The loader's
/// problems go to stderr as `validate` prints them.
fn check_file(path: &Path, cfg: &Config) -> FileOutcome {
    let name = display(path);
    let text = match read_text(path) {
        Ok(t) => t,
        Err(e) => {
            let problem = Problem::unlocated(e);
            super::ui::diagnostics(&problem.rendered);
            return FileOutcome {
                path: name,
                result: FileResult::Invalid(vec![problem]),
            };
        }
    };
    let result = match super::gtfs::load_with_feeds(path, &text) {
        Ok(s) => FileResult::Checked(
            plan_shipments_progress(&s, cfg)
                .into_iter()
                .zip(&s.shipments)
                .map(|(planned, sh)| check_shipment(&s, &text, sh, planned))
                .collect(),
        ),
        Err(diags) => {
            super::ui::diagnostics(&coldroute::scenario::render_all(&diags, &name, &text));
            let index = coldroute::scenario::LineIndex::new(&text);
            let n = diags.len();
            eprintln!("{name}: {n} problem{}\n", if n == 1 { "" } else { "s" });
            FileResult::Invalid(
                diags
                    .iter()
                    .map(|d| Problem::from_diagnostic(d, &name, &text, &index))
                    .collect(),
            )
        }
    };
    FileOutcome { path: name, result }
}

/// Plans every shipment of `s`, with a progress bar on a terminal.
fn plan_shipments_progress(s: &Scenario, cfg: &Config) -> Vec<Planned> {
    let bar = super::progress::shipments(s.shipments.len());
    let started = std::time::Instant::now();
    let planned = plan_shipments_with(s, &s.shipments, cfg, || bar.inc(1));
    bar.finish_and_clear();
    super::ui::detail(format!(
        "planned {} shipment(s) in {:.3} s",
        s.shipments.len(),
        started.elapsed().as_secs_f64()
    ));
    for (sh, p) in s.shipments.iter().zip(&planned) {
        super::ui::search_detail(&sh.id, &p.stats);
    }
    planned
}

/// Checks the recommended plan of `sh` (planned) with `check_sla`: the
/// verdict is the re-simulation's, not the planner's own figures.
fn check_shipment(s: &Scenario, text: &str, sh: &Shipment, planned: Planned) -> ShipmentOutcome {
    let verdict = match planned.recommended() {
        Some(plan) => match check_sla(s, sh, &plan.itinerary) {
            Ok(report) => Verdict::Checked {
                criteria: report.criteria,
                planner_meets_sla: plan.meets_sla,
            },
            Err(e) => Verdict::Unverified {
                error: e.to_string(),
            },
        },
        None => {
            let reasons = reasons(s, sh, &planned);
            // The reasons name the broken limits; without them, or when a
            // limit cut the search, the planner's sentence says why.
            let why = if planned.cuts.is_empty() && !reasons.is_empty() {
                "no feasible plan".to_string()
            } else {
                no_plan_reason(s, sh, &planned)
            };
            Verdict::NoPlan { why, reasons }
        }
    };
    let (line, col) = line_col(text, sh.span.start);
    ShipmentOutcome {
        id: sh.id.clone(),
        line,
        col,
        verdict,
        incomplete: planned
            .cuts
            .iter()
            .map(|c| LimitCut {
                limit: c.name(),
                message: c.to_string(),
            })
            .collect(),
    }
}

/// The planner's reasons for finding nothing, each with the criterion it
/// breaks.
fn reasons(s: &Scenario, sh: &Shipment, planned: &Planned) -> Vec<Reason> {
    let freeze_limit = s.products[sh.product].freeze_limit;
    notable_rejections(s, sh, planned, None, MAX_REASONS)
        .into_iter()
        .map(|(services, text, earliest)| {
            // `notable_rejections` gives words; find the rejection they
            // describe to name the criterion.
            let criterion = planned
                .rejections
                .iter()
                .filter(|r| r.earliest_arrival == earliest)
                .find(|r| r.describe(s, freeze_limit) == text)
                .map_or("transit", |r| match r.reason {
                    RejectionReason::Freeze { .. } => "freeze",
                    RejectionReason::Excursion { .. } => "excursion",
                    RejectionReason::Stability { .. } => "stability",
                    RejectionReason::Deadline { .. } => "transit",
                });
            Reason {
                criterion,
                services,
                text,
                earliest_arrival_utc: coldroute::time::rfc3339_utc(earliest),
            }
        })
        .collect()
}
