//! `coldroute report SCENARIO -o OUT.png`: draw a shipment's recommended
//! plan as a timeline picture (PNG, or SVG with `--svg`).
//!
//! The library draws into memory (`coldroute::report`); this file owns the
//! paths: every picture goes to a temporary file in the target directory
//! and is renamed into place only once it is complete, so a failure never
//! leaves a half-written picture behind.

use std::io::Write;
use std::path::{Path, PathBuf};

use coldroute::planner::{plan_shipment, Config};
use coldroute::report::{build_timeline, render_rgb, render_svg, Size};
use coldroute::scenario::{Scenario, Shipment};
use plotters::prelude::{BitMapBackend, DrawingBackend};

use super::{load_scenario, EXIT_BAD_INPUT, EXIT_FAILED, EXIT_OK};

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
}

/// Draws the reports; exit 1 when a shipment has no plan or its plan
/// fails the SLA, 2 on bad input or when a file cannot be written.
pub fn run(args: &ReportArgs, out: &mut dyn Write) -> u8 {
    let size = Size {
        width: args.width,
        height: args.height,
    };
    // Check the size before any planning, so a typo fails fast.
    if let Err(e) = size.check() {
        eprintln!("error: {e}");
        return EXIT_BAD_INPUT;
    }
    let Some((scenario, _text)) = load_scenario(&args.scenario) else {
        return EXIT_BAD_INPUT;
    };
    let svg = args.svg
        || (!args.all
            && args
                .output
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("svg")));
    let ext = if svg { "svg" } else { "png" };

    let jobs: Vec<(&Shipment, PathBuf)> = if args.all {
        if let Err(e) = std::fs::create_dir_all(&args.output) {
            eprintln!(
                "error: cannot create directory `{}`: {e}",
                args.output.display()
            );
            return EXIT_BAD_INPUT;
        }
        let names = file_names(scenario.shipments.iter().map(|s| s.id.as_str()));
        scenario
            .shipments
            .iter()
            .zip(names)
            .map(|(sh, n)| (sh, args.output.join(format!("{n}.{ext}"))))
            .collect()
    } else {
        match pick_shipment(&scenario, args) {
            Ok(sh) => vec![(sh, args.output.clone())],
            Err(e) => {
                eprintln!("error: {e}");
                return EXIT_BAD_INPUT;
            }
        }
    };

    let mut code = EXIT_OK;
    for (sh, path) in jobs {
        match report_one(&scenario, sh, &path, size, svg) {
            Ok(Outcome::Pass) => {
                let _ = writeln!(out, "{}: wrote {} (meets the SLA)", sh.id, path.display());
            }
            Ok(Outcome::Fail) => {
                let _ = writeln!(out, "{}: wrote {} (FAILS the SLA)", sh.id, path.display());
                code = code.max(EXIT_FAILED);
            }
            Ok(Outcome::NoPlan) => {
                eprintln!(
                    "{}: no feasible plan, so no report; run `coldroute plan {} --shipment {} --explain` to see why",
                    sh.id,
                    args.scenario.display(),
                    sh.id
                );
                code = code.max(EXIT_FAILED);
            }
            Err(e) => {
                eprintln!("error: {}: {e}", sh.id);
                code = EXIT_BAD_INPUT;
            }
        }
    }
    code
}

enum Outcome {
    Pass,
    Fail,
    NoPlan,
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

/// Plans, checks and draws one shipment into `path`.
fn report_one(
    s: &Scenario,
    sh: &Shipment,
    path: &Path,
    size: Size,
    svg: bool,
) -> Result<Outcome, String> {
    let planned = plan_shipment(s, sh, &Config::default());
    let Some(plan) = planned.recommended() else {
        return Ok(Outcome::NoPlan);
    };
    let sla = coldroute::sla::check_sla(s, sh, &plan.itinerary)
        .map_err(|e| format!("the recommended plan does not verify ({e}); please report this"))?;
    let tl = build_timeline(s, sh, plan, &sla);
    if svg {
        let doc = render_svg(&tl, size).map_err(|e| e.to_string())?;
        write_via_temp(path, "svg", |tmp| {
            std::fs::write(tmp, doc.as_bytes()).map_err(|e| e.to_string())
        })?;
    } else {
        let rgb = render_rgb(&tl, size).map_err(|e| e.to_string())?;
        write_via_temp(path, "png", |tmp| save_png(tmp, size, &rgb))?;
    }
    Ok(if sla.pass() {
        Outcome::Pass
    } else {
        Outcome::Fail
    })
}

/// Encodes an RGB buffer as PNG at `path` through plotters' bitmap file
/// backend (its `image` encoder picks the format from the `.png`
/// extension). coldroute has no PNG encoder of its own as a normal
/// dependency; with one the library could return PNG bytes instead.
fn save_png(path: &Path, size: Size, rgb: &[u8]) -> Result<(), String> {
    let mut backend = BitMapBackend::new(path, (size.width, size.height));
    backend
        .blit_bitmap((0, 0), (size.width, size.height), rgb)
        .map_err(|e| e.to_string())?;
    backend.present().map_err(|e| e.to_string())
}

/// Writes `path` by calling `write` on a temporary path in the same
/// directory (ending in `.EXT`) and renaming it over `path`; the temporary
/// file is removed on any failure.
fn write_via_temp(
    path: &Path,
    ext: &str,
    write: impl FnOnce(&Path) -> Result<(), String>,
) -> Result<(), String> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = path
        .file_name()
        .map_or_else(|| "report".into(), |n| n.to_string_lossy().into_owned());
    let tmp = dir.join(format!(".{name}.{}.tmp.{ext}", std::process::id()));
    let result = write(&tmp).and_then(|()| std::fs::rename(&tmp, path).map_err(|e| e.to_string()));
    if let Err(e) = result {
        let _ = std::fs::remove_file(&tmp);
        return Err(format!("cannot write `{}`: {e}", path.display()));
    }
    Ok(())
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
