//! `coldroute report SCENARIO -o OUT.png`: draw a shipment's recommended
//! plan as a timeline picture (PNG, or SVG with `--svg`).
//!
//! The library draws into memory (`coldroute::report`); this file owns the
//! paths: every picture goes to a temporary file in the target directory
//! and is renamed into place only once it is complete, so a failure never
//! leaves a half-written picture behind.

use std::io::Write;
use std::path::PathBuf;

use coldroute::report::{
    build_timeline, render_plans_rgb, render_plans_svg, render_rgb, render_svg, Size, Source,
};
use coldroute::scenario::{Scenario, Shipment};

use super::logger::{read_logger, LoggerFlags};
use super::{load_scenario, Done, Fail, Outcome};

/// Arguments of `coldroute report`.
#[derive(clap::Args)]
pub struct ReportArgs {
    /// Scenario file (TOML).
    scenario: PathBuf,
    /// The shipment to draw (needed when the scenario has more than one).
    #[arg(long, value_name = "ID", conflicts_with = "all")]
    shipment: Option<String>,
    /// Draw every shipment: `-o` names a directory (created if missing)
    /// that gets one file per shipment, named after its id.
    #[arg(long)]
    all: bool,
    /// Output file (or directory with --all).
    #[arg(short = 'o', long = "output", value_name = "PATH")]
    output: PathBuf,
    /// Write SVG instead of PNG (also chosen by an `.svg` output name).
    #[arg(long)]
    svg: bool,
    /// Picture width, px.
    #[arg(long, default_value_t = 1600, value_name = "PX")]
    width: u32,
    /// Picture height, px.
    #[arg(long, default_value_t = 900, value_name = "PX")]
    height: u32,
    /// A data logger's record of the trip (any export `coldroute
    /// excursion` reads), drawn over the planned payload curve and compared
    /// with it
    #[arg(long, value_name = "FILE", conflicts_with = "all")]
    logger: Option<PathBuf>,
    /// With --logger: a reading more than this many degrees C from the
    /// plan is a deviation, shaded (default 2)
    #[arg(long, value_name = "C", requires = "logger")]
    deviation: Option<f64>,
    #[command(flatten)]
    logger_flags: LoggerFlags,
    /// Draw the recommended plan and up to N alternatives (the planner's
    /// other Pareto-optimal plans) as rows on one time axis, each with its
    /// verdict
    #[arg(long, value_name = "N", conflicts_with = "logger")]
    alternatives: Option<usize>,
    /// Simulate N days of delays (the scenario's delay model, re-planning
    /// missed connections; docs/resilience.md) and draw their spread: a
    /// 5-95 % band of the payload temperature, the deliveries per time on
    /// their own row, and P(meets the SLA) in the header
    #[arg(long, value_name = "N", conflicts_with = "alternatives", value_parser = clap::value_parser!(u64).range(1..=100_000))]
    robust: Option<u64>,
    /// Seed of the simulated days
    #[arg(long, default_value_t = 1, value_name = "N", requires = "robust")]
    seed: u64,
    #[command(flatten)]
    search: super::SearchArgs,
}

/// Draws the reports; exit 1 when a shipment has no plan or its plan
/// fails the SLA, 2 on bad input or when a file cannot be written.
pub fn run(args: &ReportArgs, out: &mut dyn Write) -> Outcome {
    let size = Size {
        width: args.width,
        height: args.height,
    };
    // Check the size before any planning, so a typo fails fast.
    size.check().map_err(|e| e.to_string())?;
    if args.all && args.output.as_os_str() == "-" {
        return Err(
            "--all writes one file per shipment into a directory; give -o DIR, not -".into(),
        );
    }
    let Some((scenario, text)) = load_scenario(&args.scenario) else {
        return Err(Fail::Reported);
    };
    // The logger file is read before any planning, so a bad file fails
    // fast; its name and hash go into the audit footer.
    let record = match &args.logger {
        Some(path) => {
            let (source, data, bytes) = read_logger(path, &args.logger_flags)?;
            let name = file_name(path);
            Some(Record {
                name: name.clone(),
                source,
                audit: Source::new(name, &bytes),
                readings: data.readings,
            })
        }
        None => None,
    };
    let svg = args.svg
        || (!args.all
            && args
                .output
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("svg")));
    let ext = if svg { "svg" } else { "png" };

    let jobs: Vec<(&Shipment, PathBuf)> = if args.all {
        std::fs::create_dir_all(&args.output)
            .map_err(|e| format!("cannot create directory `{}`: {e}", args.output.display()))?;
        let names = file_names(scenario.shipments.iter().map(|s| s.id.as_str()));
        scenario
            .shipments
            .iter()
            .zip(names)
            .map(|(sh, n)| (sh, args.output.join(format!("{n}.{ext}"))))
            .collect()
    } else {
        vec![(pick_shipment(&scenario, args)?, args.output.clone())]
    };

    // The audit footer names the scenario by its file name and the hash of
    // its text, so the same file drawn from anywhere gives the same bytes.
    let source = Source::new(file_name(&args.scenario), text.as_bytes());
    // Every shipment is drawn; the run ends with the worst outcome.
    let (mut failed, mut bad) = (false, false);
    for (sh, path) in jobs {
        let done = report_one(&scenario, &source, record.as_ref(), args, sh, size, svg).and_then(
            |(outcome, bytes)| {
                if let Some(bytes) = bytes {
                    super::output::write_output(&path, &bytes, out)?;
                }
                Ok(outcome)
            },
        );
        // With the picture on standard output, the verdict goes to stderr.
        let to_stdout = path.as_os_str() == "-";
        let mut say = |line: String| {
            if to_stdout {
                super::ui::note(line);
            } else {
                let _ = writeln!(out, "{line}");
            }
        };
        match done {
            Ok(Drawn::Pass) => say(format!(
                "{}: wrote {} (meets the SLA)",
                sh.id,
                path.display()
            )),
            Ok(Drawn::Fail) => {
                say(format!(
                    "{}: wrote {} (FAILS the SLA)",
                    sh.id,
                    path.display()
                ));
                failed = true;
            }
            Ok(Drawn::RecordFails) => {
                say(format!(
                    "{}: wrote {} (the plan meets the SLA; the logger's record FAILS the product's limits)",
                    sh.id,
                    path.display()
                ));
                failed = true;
            }
            Ok(Drawn::NoPlan(why)) => {
                eprintln!(
                    "{}: {why}, so no report; run `coldroute plan {} --shipment {} --explain{}` for more",
                    sh.id,
                    args.scenario.display(),
                    sh.id,
                    args.search.flags()
                );
                failed = true;
            }
            Err(e) => {
                super::ui::error(format!("{}: {e}", sh.id));
                bad = true;
            }
        }
    }
    if bad {
        Err(Fail::Reported)
    } else {
        Ok(Done::pass_if(!failed))
    }
}

enum Drawn {
    Pass,
    Fail,
    /// The plan meets the SLA, the logger's record breaks the product's
    /// limits.
    RecordFails,
    /// No plan, and why (`coldroute plan`'s sentence).
    NoPlan(String),
}

fn pick_shipment<'s>(s: &'s Scenario, args: &ReportArgs) -> Result<&'s Shipment, String> {
    let ids = || {
        s.shipments
            .iter()
            .map(|s| s.id.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    match &args.shipment {
        Some(id) => s.shipment(id).ok_or_else(|| {
            format!(
                "no shipment `{id}` in `{}`; it has: {}",
                args.scenario.display(),
                ids()
            )
        }),
        None if s.shipments.len() == 1 => Ok(&s.shipments[0]),
        None => Err(format!(
            "`{}` has {} shipments ({}); choose one with --shipment ID, or draw them all with --all -o DIR",
            args.scenario.display(),
            s.shipments.len(),
            ids()
        )),
    }
}

/// A logger record to draw over the plan.
struct Record {
    /// File name, for the header.
    name: String,
    /// Path as given, for messages.
    source: String,
    /// Name and hash, for the footer.
    audit: Source,
    readings: Vec<coldroute::thermal::Reading>,
}

/// The file name of `path` (the whole path when it has none).
fn file_name(path: &std::path::Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

/// Plans, checks and draws one shipment: the verdict and the picture's
/// bytes (none when there is no plan).
#[allow(clippy::too_many_arguments)]
fn report_one(
    s: &Scenario,
    source: &Source,
    record: Option<&Record>,
    args: &ReportArgs,
    sh: &Shipment,
    size: Size,
    svg: bool,
) -> Result<(Drawn, Option<Vec<u8>>), String> {
    // One network for the plan and, with --robust, its simulated days.
    let (start, end) = s.planning_window(sh.ready);
    let net = coldroute::network::Network::build(s, start, end);
    let q = coldroute::planner::Query::for_shipment(sh);
    let cfg = args.search.config(false);
    let planned = coldroute::planner::plan(s, &net, &q, &cfg);
    let Some(plan) = planned.recommended() else {
        let why = coldroute::planner::render::no_plan_reason(s, sh, &planned);
        return Ok((Drawn::NoPlan(why), None));
    };
    for c in &planned.cuts {
        super::ui::note(format!("{}: incomplete search: {c}", sh.id));
    }
    let sla = coldroute::sla::check_sla(s, sh, &plan.itinerary)
        .map_err(|e| format!("the recommended plan does not verify ({e}); please report this"))?;
    let mut tl = build_timeline(s, sh, plan, &sla);
    tl.audit.scenario = Some(source.clone());
    tl.audit.inputs.push(format!(
        "{} {}x{}",
        if svg { "svg" } else { "png" },
        size.width,
        size.height
    ));
    if let Some(r) = record {
        let cmp = coldroute::compare::compare(
            s,
            sh,
            &plan.itinerary,
            &sla,
            &r.readings,
            args.logger_flags.max_gap,
            args.deviation
                .unwrap_or(coldroute::compare::DEFAULT_DEVIATION_C),
        )
        .map_err(|e| format!("{}: {e}", r.source))?;
        tl.audit.inputs.push(format!("logger {}", r.audit));
        tl.audit
            .inputs
            .push(format!("deviation {:.1} C", cmp.threshold_c));
        tl.recorded = Some((r.name.clone(), cmp));
    }
    if let Some(n) = args.robust {
        let opts = coldroute::resilience::Options {
            draws: usize::try_from(n).unwrap_or(usize::MAX),
            seed: args.seed,
            max_replans: coldroute::resilience::DEFAULT_MAX_REPLANS,
        };
        let r = coldroute::resilience::monte_carlo(s, &net, &q, &plan.itinerary, &cfg, &opts);
        tl = tl.with_robust(s, sh, &r);
        tl.audit
            .inputs
            .push(format!("robust {n} days, seed {}", args.seed));
    }
    let bytes = match args.alternatives {
        Some(n) => {
            let found = planned.plans.len() - 1;
            if found < n {
                super::ui::note(format!(
                    "{}: only {found} alternative{} to the recommended plan exist{}",
                    sh.id,
                    if found == 1 { "" } else { "s" },
                    if found == 1 { "s" } else { "" }
                ));
            }
            // The rows actually drawn must fit.
            let fits = coldroute::report::multiples::max_plans(size).saturating_sub(1);
            if n.min(found) > fits {
                return Err(format!(
                    "{} alternatives do not fit in a picture {} px high (at most {fits} do); raise --height or ask for fewer",
                    n.min(found),
                    size.height
                ));
            }
            tl.audit.inputs.push(format!("alternatives {n}"));
            let mut rows = vec![tl.clone()];
            for alt in planned.plans.iter().skip(1).take(n) {
                let check = coldroute::sla::check_sla(s, sh, &alt.itinerary).map_err(|e| {
                    format!("an alternative plan does not verify ({e}); please report this")
                })?;
                rows.push(build_timeline(s, sh, alt, &check));
            }
            if svg {
                render_plans_svg(&rows, size)
                    .map_err(|e| e.to_string())?
                    .into_bytes()
            } else {
                let rgb = render_plans_rgb(&rows, size).map_err(|e| e.to_string())?;
                encode_png(size, &rgb)?
            }
        }
        None if svg => render_svg(&tl, size)
            .map_err(|e| e.to_string())?
            .into_bytes(),
        None => {
            let rgb = render_rgb(&tl, size).map_err(|e| e.to_string())?;
            encode_png(size, &rgb)?
        }
    };
    let record_fails = tl.recorded.as_ref().is_some_and(|(_, c)| !c.actual.pass);
    let outcome = match (sla.pass(), record_fails) {
        (true, false) => Drawn::Pass,
        (true, true) => Drawn::RecordFails,
        (false, _) => Drawn::Fail,
    };
    Ok((outcome, Some(bytes)))
}

/// Encodes an RGB buffer as PNG with the `image` encoder plotters' bitmap
/// backend saves with (the same bytes as saving through plotters).
pub fn encode_png(size: Size, rgb: &[u8]) -> Result<Vec<u8>, String> {
    use image::ImageEncoder;
    let mut bytes = Vec::new();
    image::codecs::png::PngEncoder::new(&mut bytes)
        .write_image(rgb, size.width, size.height, image::ColorType::Rgb8)
        .map_err(|e| format!("cannot encode the PNG: {e}"))?;
    Ok(bytes)
}

/// File names for shipment ids: letters, digits, `-`, `_` and `.` kept,
/// anything else replaced by `_`, no leading dot, and a `-2`, `-3`... suffix
/// when two ids end up the same.
fn file_names<'a>(ids: impl Iterator<Item = &'a str>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for id in ids {
        let mut base: String = id
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.') {
                    c
                } else {
                    '_'
                }
            })
            .collect();
        base = base.trim_start_matches('.').to_string();
        if base.is_empty() {
            base = "shipment".into();
        }
        let mut name = base.clone();
        let mut n = 2;
        while out.iter().any(|o| o.eq_ignore_ascii_case(&name)) {
            name = format!("{base}-{n}");
            n += 1;
        }
        out.push(name);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::file_names;

    #[test]
    fn file_names_are_sanitized_and_unique() {
        let ids = ["SV-0328", "a/b", "a_b", "..x", "", "A_B", "ü"];
        assert_eq!(
            file_names(ids.into_iter()),
            ["SV-0328", "a_b", "a_b-2", "x", "shipment", "A_B-3", "_"]
        );
    }
}
