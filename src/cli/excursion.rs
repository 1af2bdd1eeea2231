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
//! `coldroute::thermal`.

use std::io::Write;
use std::path::PathBuf;

use jiff::tz::TimeZone;
use jiff::Timestamp;

use super::logger::{read_logger, LoggerFlags};
use super::{Done, Fail, Outcome, EXIT_FAILED, EXIT_OK};

use coldroute::compare::{compare, Comparison};
use coldroute::planner::{plan_shipment, Config};
use coldroute::thermal::{
    assess_with_gaps, parse_duration, parse_profile, record_from_readings, Assessment, Error,
    ExcursionRules, Gap, Reading, Side, Stability, Step, TempUnit, UnitFrom, Verdict, VvmCategory,
    DEFAULT_DH_OVER_R_K,
};
use coldroute::units::{Celsius, Secs, TempRange};

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

/// `VVM2`, or `Arrhenius (Ea/R 10000 K, 100 days at +5.0 C)`.
fn stability_name(s: &Stability) -> String {
    match s {
        Stability::Vvm(v) => vvm_name(*v).to_string(),
        Stability::Arrhenius {
            ea_over_r_k,
            ref_temp,
            ref_days,
        } => format!(
            "Arrhenius (Ea/R {ea_over_r_k} K, {ref_days} days at {:+.1} C)",
            ref_temp.0
        ),
    }
}

fn vvm_name(c: VvmCategory) -> &'static str {
    match c {
        VvmCategory::Vvm2 => "VVM2",
        VvmCategory::Vvm7 => "VVM7",
        VvmCategory::Vvm14 => "VVM14",
        VvmCategory::Vvm30 => "VVM30",
    }
}

/// A record as read: its steps and, for logger files, where it sits in time.
struct Record {
    /// File path, or `--profile`.
    source: String,
    steps: Vec<Step>,
    /// Stretches without readings (logger files only).
    gaps: Vec<Gap>,
    /// Number of readings (logger files only).
    readings: Option<usize>,
    /// Time of the first reading (logger files only).
    start: Option<Timestamp>,
    /// How a logger file was read.
    read: Option<ReadInfo>,
    /// The zone of the times in the report.
    tz: TimeZone,
    /// The readings (logger files only), for a comparison with a plan.
    raw: Vec<Reading>,
}

/// How a logger file was read, for the reviewer.
struct ReadInfo {
    column: Option<String>,
    unit: TempUnit,
    unit_from: UnitFrom,
    dates: String,
    preamble_lines: usize,
    max_gap_s: f64,
    median_interval_s: f64,
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
        write_json(out, &rules, &record, &a, against.as_ref(), code)
    } else {
        super::ui::painted(out, |o| {
            write_text(o, args, &rules, &record, &a, against.as_ref())?;
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

/// A record compared with a shipment's plan.
struct Against {
    /// `SV-0328 in pek-sal-coronavac.toml`.
    what: String,
    /// The product's name and its rules.
    product: String,
    rules: ExcursionRules,
    cmp: Comparison,
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

fn at(t: f64, tz: &TimeZone) -> String {
    match Timestamp::from_second(t.round() as i64) {
        Ok(ts) => local(ts, tz),
        Err(_) => format!("{t} s"),
    }
}

fn pct(u: Option<f64>) -> String {
    u.map_or_else(|| "-".to_string(), |u| format!("{:.3} %", u * 100.0))
}

fn mkt_text(m: Option<Celsius>) -> String {
    m.map_or_else(|| "-".to_string(), |m| format!("{:+.2} C", m.0))
}

/// The plan against the record, after the record's own report.
fn write_comparison(out: &mut dyn Write, p: &Against, tz: &TimeZone) -> std::io::Result<()> {
    let c = &p.cmp;
    writeln!(out)?;
    writeln!(
        out,
        "planned against recorded: {} (recommended plan)",
        p.what
    )?;
    writeln!(
        out,
        "  compared over:   {} to {} ({} of the trip not covered by readings)",
        at(c.window.0, tz),
        at(c.window.1, tz),
        dur(c.uncovered_s)
    )?;
    writeln!(out, "                   {:<18}recorded", "planned")?;
    let verdict = |b: bool| if b { "PASS" } else { "FAIL" };
    writeln!(
        out,
        "  verdict:         {:<18}{}",
        verdict(c.planned.pass),
        verdict(c.actual.pass)
    )?;
    writeln!(
        out,
        "  MKT:             {:<18}{}",
        mkt_text(c.planned.mkt),
        mkt_text(c.actual.mkt)
    )?;
    writeln!(
        out,
        "  out of range:    {:<18}{}",
        dur(c.planned.out_of_range_s).to_string(),
        dur(c.actual.out_of_range_s)
    )?;
    writeln!(
        out,
        "  stability used:  {:<18}{}",
        pct(c.planned.stability_used),
        pct(c.actual.stability_used)
    )?;
    writeln!(
        out,
        "  min / max:       {:<18}{:+.1} / {:+.1} C",
        format!("{:+.1} / {:+.1} C", c.planned.min.0, c.planned.max.0),
        c.actual.min.0,
        c.actual.max.0
    )?;
    if let Some(l) = &c.largest {
        writeln!(
            out,
            "  largest deviation: {:+.1} C at {} during {} (recorded {:+.1} C, planned {:+.1} C)",
            l.delta_c,
            at(l.t, tz),
            l.step,
            l.recorded.0,
            l.planned.0
        )?;
    }
    if c.deviations.is_empty() {
        writeln!(out, "  deviations:      none beyond {:.1} C", c.threshold_c)?;
    } else {
        writeln!(
            out,
            "  deviations:      {} beyond {:.1} C",
            c.deviations.len(),
            c.threshold_c
        )?;
        for d in &c.deviations {
            writeln!(
                out,
                "    {} to {} ({}), peak {:+.1} C",
                at(d.start, tz),
                at(d.end, tz),
                dur(d.end - d.start),
                d.peak_c
            )?;
        }
    }
    Ok(())
}

/// The comparison as JSON.
fn comparison_json(p: &Against, tz: &TimeZone) -> serde_json::Value {
    let c = &p.cmp;
    let ts = |t: f64| {
        Timestamp::from_second(t.round() as i64)
            .ok()
            .map(|t| t.to_string())
    };
    let figures = |f: &coldroute::compare::Figures| {
        serde_json::json!({
            "pass": f.pass,
            "mkt_c": f.mkt.map(|m| round(m.0, 3)),
            "out_of_range_s": round(f.out_of_range_s, 3),
            "stability_used": f.stability_used.map(|u| round(u, 9)),
            "min_c": round(f.min.0, 3),
            "max_c": round(f.max.0, 3),
        })
    };
    serde_json::json!({
        "shipment": p.what,
        "product": p.product,
        "threshold_c": c.threshold_c,
        "start": ts(c.window.0),
        "end": ts(c.window.1),
        "uncovered_s": round(c.uncovered_s, 3),
        "planned": figures(&c.planned),
        "recorded": figures(&c.actual),
        "largest_deviation": c.largest.as_ref().map(|l| serde_json::json!({
            "at": ts(l.t),
            "at_local": Timestamp::from_second(l.t.round() as i64).ok().map(|t| local(t, tz)),
            "recorded_c": round(l.recorded.0, 3),
            "planned_c": round(l.planned.0, 3),
            "delta_c": round(l.delta_c, 3),
            "step": l.step,
        })),
        "deviations": c.deviations.iter().map(|d| serde_json::json!({
            "start": ts(d.start),
            "end": ts(d.end),
            "duration_s": round(d.end - d.start, 3),
            "peak_c": round(d.peak_c, 3),
        })).collect::<Vec<_>>(),
    })
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
            median_interval_s: rec.median_interval_s,
        }),
        tz,
        raw: data.readings,
    })
}

/// An instant in the report's zone: `2021-03-28T20:05:00Z` in UTC,
/// `2021-03-28T14:05:00-06:00` elsewhere.
fn local(t: Timestamp, tz: &TimeZone) -> String {
    if tz.to_offset(t).seconds() == 0 && tz.iana_name() == Some("UTC") {
        return t.to_string();
    }
    t.to_zoned_datetime(tz.clone())
        .strftime("%Y-%m-%dT%H:%M:%S%:z")
        .to_string()
}

fn dur(s: f64) -> Secs {
    Secs(s.round() as i64)
}

/// The instant `offset_s` seconds into the record, when it has a start.
fn instant(rec: &Record, offset_s: f64) -> Option<Timestamp> {
    let start = rec.start?;
    Timestamp::from_second(start.as_second() + offset_s.round() as i64).ok()
}

/// A point of the record for text output: an instant in the report's
/// zone, or `t+1h 00m`.
fn when(rec: &Record, offset_s: f64) -> String {
    match instant(rec, offset_s) {
        Some(t) => local(t, &rec.tz),
        None => format!("t+{}", dur(offset_s)),
    }
}

fn side_name(s: Side) -> &'static str {
    match s {
        Side::Above => "above",
        Side::Below => "below",
    }
}

fn unit_name(u: TempUnit) -> &'static str {
    match u {
        TempUnit::Celsius => "C",
        TempUnit::Fahrenheit => "F",
    }
}

/// `column `Temp (°F)` in F (from the header), converted to C; dates
/// 28/03/2021 14:05 (day first); lines 1-9 skipped as a preamble`.
fn read_line(r: &ReadInfo) -> String {
    let column = match &r.column {
        Some(c) => format!("column `{c}`"),
        None => "second column (no header)".to_string(),
    };
    let from = match r.unit_from {
        UnitFrom::Option => "from --unit",
        UnitFrom::Header => "from the header",
        UnitFrom::Assumed => "assumed: the header names no unit",
    };
    let mut s = format!("{column} in {} ({from})", unit_name(r.unit));
    if r.unit == TempUnit::Fahrenheit {
        s.push_str(", converted to C");
    }
    if !r.dates.is_empty() {
        s.push_str(&format!("; dates as {}", r.dates));
    }
    match r.preamble_lines {
        0 => {}
        1 => s.push_str("; line 1 skipped as a preamble"),
        n => s.push_str(&format!("; lines 1-{n} skipped as a preamble")),
    }
    s
}

fn product_line(rules: &ExcursionRules) -> String {
    let mut s = format!("{}", rules.range);
    match rules.freeze_limit {
        Some(l) => s.push_str(&format!(", freeze limit {l:.1}")),
        None => s.push_str(", not freeze-sensitive"),
    }
    match &rules.stability {
        Some(st) => s.push_str(&format!(", stability {}", stability_name(st))),
        None => s.push_str(", no stability model"),
    }
    s.push_str(&format!(", allowance {}", dur(rules.allowance_s)));
    s
}

fn write_verdict(out: &mut dyn Write, title: &str, v: &Verdict) -> std::io::Result<()> {
    if !v.applicable {
        return writeln!(
            out,
            "{title}: not applicable (the product range is not within +2..+8 C)"
        );
    }
    writeln!(out, "{title}: {}", if v.pass { "PASS" } else { "FAIL" })?;
    let width = v.checks.iter().map(|c| c.id.len()).max().unwrap_or(0);
    for c in &v.checks {
        let mark = if c.pass { "ok" } else { "FAIL" };
        writeln!(out, "  {mark:<4}  {:<width$}  {}", c.id, c.detail)?;
    }
    Ok(())
}

fn write_text(
    out: &mut dyn Write,
    args: &ExcursionArgs,
    rules: &ExcursionRules,
    rec: &Record,
    a: &Assessment,
    against: Option<&Against>,
) -> std::io::Result<()> {
    match rec.readings {
        Some(n) => writeln!(
            out,
            "record:            {}, {n} readings, sample and hold",
            rec.source
        )?,
        None => writeln!(
            out,
            "record:            {}, {} steps",
            rec.source,
            rec.steps.len()
        )?,
    }
    if let Some(r) = &rec.read {
        writeln!(out, "read:              {}", read_line(r))?;
    }
    writeln!(
        out,
        "period:            {} to {} ({})",
        when(rec, 0.0),
        when(rec, a.duration_s),
        dur(a.duration_s)
    )?;
    match against {
        Some(p) => writeln!(
            out,
            "product:           {} ({}), from {}",
            p.product,
            product_line(rules),
            p.what
        )?,
        None => writeln!(out, "product:           {}", product_line(rules))?,
    }
    writeln!(out, "min / max:         {:.1} / {:.1}", a.min, a.max)?;
    writeln!(
        out,
        "MKT:               {:.2} (dH/R {} K)",
        a.mkt, rules.mkt_dh_over_r_k
    )?;
    let w = &a.max_mkt_24h;
    if w.full {
        writeln!(
            out,
            "max 24 h MKT:      {:.2} ({} to {})",
            w.mkt,
            when(rec, w.start_s),
            when(rec, w.end_s)
        )?;
    } else {
        writeln!(
            out,
            "max 24 h MKT:      {:.2} (whole record, shorter than 24 h)",
            w.mkt
        )?;
    }
    writeln!(
        out,
        "time out of range: {} ({} above, {} below)",
        dur(a.time_out_of_range_s),
        dur(a.time_above_range_s),
        dur(a.time_below_range_s)
    )?;
    if let Some(r) = &rec.read {
        let why = if args.logger.max_gap.is_some() {
            "--max-gap".to_string()
        } else {
            format!("twice the median interval of {}", dur(r.median_interval_s))
        };
        if a.gaps.is_empty() {
            writeln!(
                out,
                "gaps:              none longer than {} ({why})",
                dur(r.max_gap_s)
            )?;
        } else {
            writeln!(
                out,
                "gaps:              {} longer than {} ({why}), {} in all, temperature unknown",
                a.gaps.len(),
                dur(r.max_gap_s),
                dur(a.time_unknown_s)
            )?;
            for g in &a.gaps {
                writeln!(
                    out,
                    "  {} to {} ({}), no reading between lines {} and {}",
                    when(rec, g.start_s),
                    when(rec, g.end_s),
                    dur(g.end_s - g.start_s),
                    g.after_line,
                    g.before_line
                )?;
            }
        }
    }
    if a.excursions.is_empty() {
        writeln!(out, "excursions:        none")?;
    } else {
        writeln!(
            out,
            "excursions:        {} outside {}",
            a.excursions.len(),
            rules.range
        )?;
        for e in &a.excursions {
            let peak = match e.side {
                Side::Above => "highest",
                Side::Below => "lowest",
            };
            writeln!(
                out,
                "  {} to {} ({}), {}, {peak} {:.1}",
                when(rec, e.start_s),
                when(rec, e.end_s),
                dur(e.end_s - e.start_s),
                side_name(e.side),
                e.peak
            )?;
        }
    }
    match a.stability_used {
        Some(u) => writeln!(out, "stability used:    {:.2} %", u * 100.0)?,
        None => writeln!(out, "stability used:    not assessed (no --stability)")?,
    }
    match (rules.freeze_limit, a.freeze_events.len()) {
        (None, _) => writeln!(
            out,
            "freeze events:     not assessed (not freeze-sensitive)"
        )?,
        (Some(_), 0) => writeln!(out, "freeze events:     none")?,
        (Some(l), n) => {
            writeln!(out, "freeze events:     {n} below {l:.1}")?;
            for e in &a.freeze_events {
                writeln!(
                    out,
                    "  {} to {} ({}), lowest {:.1}",
                    when(rec, e.start_s),
                    when(rec, e.end_s),
                    dur(e.end_s - e.start_s),
                    e.min
                )?;
            }
        }
    }
    write_verdict(out, "product limits", &a.product)?;
    write_verdict(out, "USP <1079.2> controlled cold", &a.usp)?;
    writeln!(out, "verdict: {}", if a.pass() { "PASS" } else { "FAIL" })
}

/// Rounds for output, so that the last bits of floating point do not leak
/// into golden files.
fn round(x: f64, decimals: i32) -> f64 {
    let k = 10f64.powi(decimals);
    let r = (x * k).round() / k;
    if r == 0.0 {
        0.0
    } else {
        r
    }
}

fn verdict_json(v: &Verdict) -> serde_json::Value {
    serde_json::json!({
        "applicable": v.applicable,
        "pass": v.pass,
        "checks": v.checks.iter().map(|c| serde_json::json!({
            "id": c.id,
            "pass": c.pass,
            "detail": c.detail,
        })).collect::<Vec<_>>(),
    })
}

fn write_json(
    out: &mut dyn Write,
    rules: &ExcursionRules,
    rec: &Record,
    a: &Assessment,
    against: Option<&Against>,
    code: u8,
) -> std::io::Result<()> {
    let ts = |s: f64| instant(rec, s).map(|t| t.to_string());
    let lts = |s: f64| instant(rec, s).map(|t| local(t, &rec.tz));
    let w = &a.max_mkt_24h;
    let v = serde_json::json!({
        "source": rec.source,
        "interpretation": "sample-and-hold",
        "readings": rec.readings,
        "start": ts(0.0),
        "end": ts(a.duration_s),
        "duration_s": round(a.duration_s, 3),
        "range_c": [rules.range.lo.0, rules.range.hi.0],
        "freeze_limit_c": rules.freeze_limit.map(|c| c.0),
        "stability": rules.stability.as_ref().map(stability_name),
        "allowance_s": round(rules.allowance_s, 3),
        "mkt_dh_over_r_k": rules.mkt_dh_over_r_k,
        "min_c": round(a.min.0, 3),
        "max_c": round(a.max.0, 3),
        "mkt_c": round(a.mkt.0, 3),
        "max_mkt_24h": {
            "mkt_c": round(w.mkt.0, 3),
            "start_s": round(w.start_s, 3),
            "end_s": round(w.end_s, 3),
            "start": ts(w.start_s),
            "end": ts(w.end_s),
            "full_window": w.full,
        },
        "time_out_of_range_s": round(a.time_out_of_range_s, 3),
        "time_below_range_s": round(a.time_below_range_s, 3),
        "time_above_range_s": round(a.time_above_range_s, 3),
        "time_above_8c_s": round(a.time_above_8c_s, 3),
        "stability_used": a.stability_used.map(|u| round(u, 9)),
        "read": rec.read.as_ref().map(|r| serde_json::json!({
            "column": r.column,
            "unit": unit_name(r.unit),
            "unit_from": match r.unit_from {
                UnitFrom::Option => "option",
                UnitFrom::Header => "header",
                UnitFrom::Assumed => "assumed",
            },
            "dates": r.dates,
            "preamble_lines": r.preamble_lines,
            "median_interval_s": round(r.median_interval_s, 3),
            "max_gap_s": round(r.max_gap_s, 3),
        })),
        "time_unknown_s": round(a.time_unknown_s, 3),
        "gaps": a.gaps.iter().map(|g| serde_json::json!({
            "start_s": round(g.start_s, 3),
            "end_s": round(g.end_s, 3),
            "start": ts(g.start_s),
            "end": ts(g.end_s),
            "after_line": g.after_line,
            "before_line": g.before_line,
        })).collect::<Vec<_>>(),
        "excursions": a.excursions.iter().map(|e| serde_json::json!({
            "start_s": round(e.start_s, 3),
            "end_s": round(e.end_s, 3),
            "start": ts(e.start_s),
            "end": ts(e.end_s),
            "start_local": lts(e.start_s),
            "end_local": lts(e.end_s),
            "duration_s": round(e.end_s - e.start_s, 3),
            "side": side_name(e.side),
            "peak_c": round(e.peak.0, 3),
        })).collect::<Vec<_>>(),
        "freeze_events": a.freeze_events.iter().map(|e| serde_json::json!({
            "start_s": round(e.start_s, 3),
            "end_s": round(e.end_s, 3),
            "start": ts(e.start_s),
            "end": ts(e.end_s),
            "min_c": round(e.min.0, 3),
        })).collect::<Vec<_>>(),
        "product": verdict_json(&a.product),
        "usp_1079_2": verdict_json(&a.usp),
        "pass": a.pass(),
        "plan": against.map(|p| comparison_json(p, &rec.tz)),
        "exit_code": code,
    });
    serde_json::to_writer_pretty(&mut *out, &v)?;
    writeln!(out)
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
