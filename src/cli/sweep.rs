//! `coldroute sweep`: one shipment's lane planned for every day of a
//! range, as a CSV and a calendar picture.

use std::io::Write;
use std::path::PathBuf;

use coldroute::report::{build_calendar, render_calendar_rgb, Size};
use coldroute::sweep::{ready_times, sweep, to_csv, SweepVerdict};

use super::{load_scenario_for, Done, Fail, Outcome};

/// Plan a shipment's lane for every ready time in a date range (lane risk
/// assessment): a CSV row each and a calendar heat map
///
/// Exit code 0 when every ready time meets the SLA, 1 when one does not.
#[derive(Clone, Debug, clap::Args)]
pub struct SweepArgs {
    /// Scenario file (TOML)
    pub scenario: PathBuf,
    /// The shipment whose lane, product, packaging, SLA and local ready time are swept
    #[arg(long, value_name = "ID")]
    pub shipment: String,
    /// First day (local at the origin), e.g. 2021-01-01
    #[arg(long, value_name = "DATE")]
    pub from: jiff::civil::Date,
    /// Last day, included
    #[arg(long, value_name = "DATE")]
    pub to: jiff::civil::Date,
    /// Step between ready times: whole days keep the local time, e.g. 1d, 7d, 6h
    #[arg(long, value_name = "DURATION", default_value = "1d", value_parser = coldroute::time::parse_duration)]
    pub every: coldroute::units::Secs,
    /// The CSV: ready_local, ready_utc, verdict, transit_s, margin_s, out_of_range_s, first_failing, route; `-` is standard output
    #[arg(short, long, value_name = "FILE.csv")]
    pub output: PathBuf,
    /// Also draw the calendar (PNG): one cell a day, coloured by verdict and margin, lettered by route
    #[arg(long, value_name = "FILE.png")]
    pub png: Option<PathBuf>,
    #[command(flatten)]
    pub search: super::SearchArgs,
}

/// Runs `coldroute sweep`.
pub fn run(args: &SweepArgs, out: &mut dyn Write) -> Outcome {
    // The sweep's ready times get a feed's rides too.
    let readies = |s: &coldroute::scenario::Scenario| {
        s.shipment(&args.shipment)
            .and_then(|sh| ready_times(s, sh, args.from, args.to, args.every).ok())
            .unwrap_or_default()
    };
    let Some((scenario, _)) = load_scenario_for(&args.scenario, &readies) else {
        return Err(Fail::Reported);
    };
    let Some(sh) = scenario.shipment(&args.shipment) else {
        let ids: Vec<&str> = scenario.shipments.iter().map(|s| s.id.as_str()).collect();
        return Err(Fail::Input(format!(
            "no shipment `{}` in `{}`; it has: {}",
            args.shipment,
            args.scenario.display(),
            ids.join(", ")
        )));
    };
    let readies =
        ready_times(&scenario, sh, args.from, args.to, args.every).map_err(|e| e.to_string())?;
    let started = std::time::Instant::now();
    let rows = sweep(&scenario, sh, &readies, &args.search.config(false));
    super::ui::detail(format!(
        "planned {} ready times in {:.3} s",
        rows.len(),
        started.elapsed().as_secs_f64()
    ));
    let csv = to_csv(&scenario, sh, &rows);
    super::output::write_output(&args.output, csv.as_bytes(), out)?;
    let cal = build_calendar(&scenario, sh, &rows);
    if let Some(png) = &args.png {
        let size = Size::default();
        render_calendar_rgb(&cal, size)
            .map_err(|e| format!("cannot draw the calendar: {e}"))
            .and_then(|rgb| super::report::encode_png(size, &rgb))
            .and_then(|b| super::output::write_output(png, &b, out))?;
    }
    super::ui::note(format!("{}: {}", sh.id, cal.summary));
    let cut = rows.iter().filter(|r| !r.incomplete.is_empty()).count();
    if cut > 0 {
        super::ui::note(format!(
            "{}: {cut} of {} ready times were planned by a search a limit cut (column `incomplete`): a better plan may exist; raise --max-legs or --label-budget",
            sh.id,
            rows.len()
        ));
    }
    Ok(Done::pass_if(
        rows.iter().all(|r| r.verdict == SweepVerdict::Pass),
    ))
}
