//! `coldroute excursion`: assess a temperature record against a product's
//! limits and USP <1079.2>.
//!
//! The record is a data-logger CSV file (FILE) or an inline profile
//! (`--profile 18h@5,6h@14`). The product is described by flags
//! (`--range`, `--freeze-sensitive`, `--stability`, `--allowance`). The
//! output is text, or JSON with `--json` (fields documented in
//! `docs/thermal-model.md`).
//!
//! This is the only part of the excursion feature that touches the file
//! system; reading, the physics and the verdict live in
//! `coldroute::thermal`, the reports in `coldroute::record` (text) and
//! `coldroute::document::excursion` (JSON).

use std::io::Write;
use std::path::PathBuf;

use super::logger::{read_logger, LoggerFlags};
use super::{Done, Fail, Outcome, EXIT_FAILED, EXIT_OK};

use coldroute::compare::compare;
use coldroute::document::excursion::ExcursionDocument;
use coldroute::planner::{plan_shipment, Config};
use coldroute::record::{write_comparison, write_text, Against, ReadInfo, Record};
use coldroute::thermal::{
    assess_with_gaps, parse_duration, parse_profile, record_from_readings, Error, ExcursionRules,
    Stability, VvmCategory, DEFAULT_DH_OVER_R_K,
};
use coldroute::units::{Celsius, TempRange};

/// Assess a temperature record (data-logger CSV or inline profile) against
/// a product's limits and USP <1079.2> controlled cold
///
/// Exit code 0 when every verdict passes, 1 when one fails, 2 for bad input.
#[derive(Clone, Debug, clap::Args)]
pub struct ExcursionArgs {
    /// Data-logger CSV: one reading per row, a timestamp and a temperature
    /// (comma, semicolon or tab separated; header optional); `-` reads
    /// standard input
    #[arg(
        value_name = "FILE",
        required_unless_present = "profile",
        conflicts_with = "profile"
    )]
    pub file: Option<PathBuf>,

    /// Inline profile instead of a file: DURATION@TEMP items, e.g. 18h@5,6h@14
    #[arg(long, value_name = "PROFILE", allow_hyphen_values = true)]
    pub profile: Option<String>,

    /// Product range in C, as LO,HI (e.g. 2,8 or -25,-15)
    #[arg(long, visible_alias = "product-range", value_name = "LO,HI", value_parser = parse_range, allow_hyphen_values = true, required_unless_present = "plan")]
    pub range: Option<TempRange>,

    /// Compare the record with the recommended plan of a shipment of this
    /// scenario: the product's own limits apply, and the output adds the
    /// plan against the record (both verdicts, the largest deviation and
    /// every stretch beyond --deviation)
    #[arg(long, value_name = "SCENARIO", conflicts_with_all = ["range", "freeze_sensitive", "freeze_limit", "stability", "allowance_s", "profile"])]
    pub plan: Option<PathBuf>,

    /// The shipment of --plan (needed when the scenario has more than one)
    #[arg(long, value_name = "ID", requires = "plan")]
    pub shipment: Option<String>,

    /// With --plan: a reading more than this many degrees C from the plan
    /// is a deviation (default 2)
    #[arg(long, value_name = "C", requires = "plan")]
    pub deviation: Option<f64>,

    /// The product must not freeze: readings below -0.5 C fail (WHO freeze
    /// indicator threshold)
    #[arg(long)]
    pub freeze_sensitive: bool,

    /// Freeze limit in C for a freeze-sensitive product (implies --freeze-sensitive)
    #[arg(long, value_name = "C", allow_negative_numbers = true)]
    pub freeze_limit: Option<f64>,

    /// Stability model, a WHO vaccine vial monitor: VVM2, VVM7, VVM14 or VVM30
    #[arg(long, value_name = "VVM", value_parser = parse_vvm)]
    pub stability: Option<VvmCategory>,

    /// Cumulative time out of range the product label allows, e.g. 2h or 30m
    #[arg(long = "allowance", value_name = "DURATION", default_value = "0m", value_parser = parse_allowance)]
    pub allowance_s: f64,

    #[command(flatten)]
    pub logger: LoggerFlags,

    /// Activation energy over the gas constant for the MKT, in K
    #[arg(long, value_name = "K", default_value_t = DEFAULT_DH_OVER_R_K)]
    pub mkt_dh_over_r: f64,

    /// Print JSON instead of text
    #[arg(long)]
    pub json: bool,
}

fn parse_range(s: &str) -> Result<TempRange, String> {
    let msg = || format!("cannot read range `{s}`; write it as LO,HI in C, e.g. 2,8");
    let (lo, hi) = s
        .split_once(',')
        .or_else(|| s.split_once(".."))
        .ok_or_else(msg)?;
    let lo: f64 = lo.trim().parse().map_err(|_| msg())?;
    let hi: f64 = hi.trim().parse().map_err(|_| msg())?;
    if !(lo.is_finite() && hi.is_finite()) {
        return Err(msg());
    }
    if lo > hi {
        return Err(format!(
            "range `{s}` is reversed; write the lower bound first, e.g. {hi},{lo}"
        ));
    }
    Ok(TempRange::new(lo, hi))
}

fn parse_vvm(s: &str) -> Result<VvmCategory, String> {
    match s.to_ascii_uppercase().as_str() {
        "VVM2" => Ok(VvmCategory::Vvm2),
        "VVM7" => Ok(VvmCategory::Vvm7),
        "VVM14" => Ok(VvmCategory::Vvm14),
        "VVM30" => Ok(VvmCategory::Vvm30),
        _ => Err(format!(
            "unknown stability model `{s}`; use VVM2, VVM7, VVM14 or VVM30"
        )),
    }
}

fn parse_allowance(s: &str) -> Result<f64, String> {
    parse_duration(s).map_err(|e| e.to_string())
}

/// Runs `coldroute excursion`, writing the report to `out`.
///
/// `Done::Ok` when every applicable verdict passes, `Done::Failed` when
/// one fails (or `--plan` finds no feasible plan); `Fail::Input` for bad
/// input, whose message lists unreadable logger rows one per line as
/// `FILE:LINE: message`.
pub fn run(args: &ExcursionArgs, out: &mut dyn Write) -> Outcome {
    if args.plan.is_none() && (args.shipment.is_some() || args.deviation.is_some()) {
        return Err(Fail::Input(
            "--shipment and --deviation choose and compare a plan; give --plan SCENARIO with them"
                .to_string(),
        ));
    }
    let record = load(args)?;
    let against = match &args.plan {
        Some(path) => match against_plan(args, path, &record)? {
            Some(p) => Some(p),
            None => return Ok(Done::Failed),
        },
        None => None,
    };
    let rules = match &against {
        Some(p) => p.rules,
        None => rules(args),
    };
    let a = assess_with_gaps(&record.steps, &record.gaps, &rules)
        .map_err(|e| format!("{}: {e}", record.source))?;
    let code = if a.pass() { EXIT_OK } else { EXIT_FAILED };
    let written = if args.json {
        let doc = ExcursionDocument::new(&rules, &record, &a, against.as_ref(), code);
        serde_json::to_writer_pretty(&mut *out, &doc)
            .map_err(std::io::Error::from)
            .and_then(|()| writeln!(out))
    } else {
        super::ui::painted(out, |o| {
            write_text(o, &rules, &record, &a, against.as_ref())?;
            match &against {
                Some(p) => write_comparison(o, p, &record.tz),
                None => Ok(()),
            }
        })
    };
    // A failed write is kept by the caller's checked stdout, which ends
    // the run with the conventional status (quiet 141 for a closed pipe).
    let _ = written;
    Ok(Done::pass_if(a.pass()))
}

/// Plans the shipment of `--plan` and compares the record with it; `None`
/// when the shipment has no feasible plan (said on stderr, exit 1).
fn against_plan(
    args: &ExcursionArgs,
    path: &std::path::Path,
    record: &Record,
) -> Result<Option<Against>, String> {
    if record.raw.is_empty() {
        return Err("--plan compares a logger FILE with a plan; give a FILE".to_string());
    }
    let Some((s, _text)) = super::load_scenario(path) else {
        return Err(format!(
            "{}: cannot compare with a plan from a scenario that does not load",
            path.display()
        ));
    };
    let sh = match &args.shipment {
        Some(id) => s.shipment(id).ok_or_else(|| {
            let ids: Vec<&str> = s.shipments.iter().map(|x| x.id.as_str()).collect();
            format!(
                "no shipment `{id}` in `{}`; it has: {}",
                path.display(),
                ids.join(", ")
            )
        })?,
        None if s.shipments.len() == 1 => &s.shipments[0],
        None => {
            let ids: Vec<&str> = s.shipments.iter().map(|x| x.id.as_str()).collect();
            return Err(format!(
                "`{}` has {} shipments ({}); choose one with --shipment ID",
                path.display(),
                ids.len(),
                ids.join(", ")
            ));
        }
    };
    let planned = plan_shipment(&s, sh, &Config::default());
    let Some(plan) = planned.recommended() else {
        super::ui::error(format!(
            "{}: no feasible plan to compare the record with; run `coldroute plan {} --shipment {} --explain` to see why",
            sh.id,
            path.display(),
            sh.id
        ));
        return Ok(None);
    };
    let sla = coldroute::sla::check_sla(&s, sh, &plan.itinerary)
        .map_err(|e| format!("the recommended plan does not verify ({e}); please report this"))?;
    let cmp = compare(
        &s,
        sh,
        &plan.itinerary,
        &sla,
        &record.raw,
        args.logger.max_gap,
        args.deviation
            .unwrap_or(coldroute::compare::DEFAULT_DEVIATION_C),
    )
    .map_err(|e| format!("{}: {e}", record.source))?;
    let product = &s.products[sh.product];
    let name = path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    Ok(Some(Against {
        what: format!("{} in {name}", sh.id),
        product: product.name.clone(),
        rules: ExcursionRules::for_product(product),
        cmp,
    }))
}

fn rules(args: &ExcursionArgs) -> ExcursionRules {
    let mut r = ExcursionRules {
        stability: args.stability.map(Stability::Vvm),
        allowance_s: args.allowance_s,
        mkt_dh_over_r_k: args.mkt_dh_over_r,
        ..ExcursionRules::for_range(args.range.unwrap_or(TempRange::new(2.0, 8.0)))
    };
    if let Some(l) = args.freeze_limit {
        r.freeze_limit = Some(Celsius(l));
    }
    if args.freeze_sensitive {
        r = r.freeze_sensitive();
    }
    r
}

fn load(args: &ExcursionArgs) -> Result<Record, String> {
    let tz = args.logger.zone()?;
    if let Some(p) = &args.profile {
        let steps = parse_profile(p).map_err(|e| match e {
            Error::BadProfile { items } => {
                let mut lines: Vec<String> =
                    items.iter().map(|i| format!("--profile: {i}")).collect();
                lines.push(format!("--profile: {}", Error::BadProfile { items }));
                lines.join("\n")
            }
            other => format!("--profile: {other}"),
        })?;
        return Ok(Record {
            source: "--profile".to_string(),
            steps,
            gaps: Vec::new(),
            readings: None,
            start: None,
            read: None,
            tz,
            raw: Vec::new(),
        });
    }
    let Some(path) = &args.file else {
        return Err("give a logger FILE or --profile".to_string());
    };
    let (source, data, _) = read_logger(path, &args.logger)?;
    let rec = record_from_readings(&data.readings, args.logger.max_gap);
    Ok(Record {
        source,
        steps: rec.steps,
        gaps: rec.gaps,
        readings: Some(data.readings.len()),
        start: data.readings.first().map(|r| r.at),
        read: Some(ReadInfo {
            column: data.column,
            unit: data.unit,
            unit_from: data.unit_from,
            dates: data.dates,
            preamble_lines: data.preamble_lines,
            max_gap_s: rec.max_gap_s,
            max_gap_given: args.logger.max_gap.is_some(),
            median_interval_s: rec.median_interval_s,
        }),
        tz,
        raw: data.readings,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    #[derive(Debug, clap::Parser)]
    struct Cli {
        #[command(flatten)]
        args: ExcursionArgs,
    }

    fn run_with(argv: &[&str]) -> (Outcome, String) {
        let cli =
            Cli::try_parse_from(std::iter::once("excursion").chain(argv.iter().copied())).unwrap();
        let mut out = Vec::new();
        let r = run(&cli.args, &mut out);
        (r, String::from_utf8(out).unwrap())
    }

    #[test]
    fn profile_text_report() {
        let (r, out) = run_with(&[
            "--profile",
            "18h@5,6h@14",
            "--range",
            "2,8",
            "--freeze-sensitive",
            "--stability",
            "vvm7",
        ]);
        assert_eq!(r, Ok(Done::Failed));
        assert!(
            out.contains("time out of range: 6h 00m (6h 00m above, 0m below)"),
            "{out}"
        );
        assert!(
            out.contains("  FAIL  usp-mkt-24h        highest 24 h MKT +8.29 C (limit +8.0 C)"),
            "{out}"
        );
        assert!(out.ends_with("verdict: FAIL\n"), "{out}");
    }

    #[test]
    fn profile_json_report() {
        let (r, out) = run_with(&["--profile", "24h@5", "--range=2,8", "--json"]);
        assert_eq!(r, Ok(Done::Ok));
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(v["mkt_c"], 5.0);
        assert_eq!(v["exit_code"], 0);
        assert_eq!(v["start"], serde_json::Value::Null);
        assert_eq!(v["usp_1079_2"]["checks"][0]["id"], "usp-mkt-24h");
    }

    #[test]
    fn bad_profile_lists_items() {
        let (r, _) = run_with(&["--profile", "18h@5,6x@14", "--range", "2,8"]);
        let Err(Fail::Input(msg)) = r else {
            panic!("{r:?}")
        };
        assert!(
            msg.starts_with("--profile: item 2 `6x@14`: cannot read duration `6x`"),
            "{msg}"
        );
    }

    #[test]
    fn flags() {
        assert_eq!(parse_range("-25,-15"), Ok(TempRange::new(-25.0, -15.0)));
        assert_eq!(parse_range("2..8"), Ok(TempRange::new(2.0, 8.0)));
        assert!(parse_range("8,2").unwrap_err().contains("reversed"));
        assert!(parse_range("two,8").is_err());
        assert_eq!(parse_vvm("VVM14"), Ok(VvmCategory::Vvm14));
        assert!(parse_vvm("VVM5").is_err());
        assert_eq!(parse_allowance("1h30m"), Ok(5400.0));
        let cli = Cli::try_parse_from([
            "excursion",
            "--profile",
            "1h@5",
            "--range",
            "-25,-15",
            "--freeze-limit",
            "-30",
        ])
        .unwrap();
        assert_eq!(cli.args.range, Some(TempRange::new(-25.0, -15.0)));
        assert_eq!(cli.args.freeze_limit, Some(-30.0));
        assert!(Cli::try_parse_from(["excursion", "--range", "2,8"]).is_err());
    }
}
