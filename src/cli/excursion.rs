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

use super::{EXIT_FAILED, EXIT_OK};

use coldroute::thermal::{
    assess_with_gaps, parse_duration, parse_logger, parse_profile, record_from_readings,
    Assessment, DateFormat, Error, ExcursionRules, Gap, LoggerOptions, Side, Stability, Step,
    TempUnit, UnitFrom, Verdict, VvmCategory, DEFAULT_DH_OVER_R_K,
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
    #[arg(long, visible_alias = "product-range", value_name = "LO,HI", value_parser = parse_range, allow_hyphen_values = true)]
    pub range: TempRange,

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

    /// Time zone of logger timestamps written without an offset, and of
    /// the times in the report (IANA name)
    #[arg(long, value_name = "TZ", default_value = "UTC")]
    pub tz: String,

    /// How the logger's dates are written, when the rows do not settle it:
    /// DMY (28/03/2021), MDY (3/28/2021), YMD, or a strftime pattern such
    /// as "%d/%m/%Y %I:%M %p"
    #[arg(long, value_name = "DMY|MDY|YMD|PATTERN", value_parser = DateFormat::parse)]
    pub date_format: Option<DateFormat>,

    /// Longest pause between readings still held at the last reading
    /// (default: twice the median interval); longer pauses are gaps of
    /// unknown temperature and fail the record
    #[arg(long, value_name = "DURATION", value_parser = parse_allowance)]
    pub max_gap: Option<f64>,

    /// Unit of the temperature column: C or F (default: what the header
    /// says, `°F`, `degF`, `[F]`, `Temp F`...; else C)
    #[arg(long, value_name = "C|F", value_parser = parse_unit)]
    pub unit: Option<TempUnit>,

    /// The temperature column, by header name or 1-based number (needed
    /// when the header has several, e.g. ambient and probe)
    #[arg(long, value_name = "NAME|N")]
    pub column: Option<String>,

    /// Lines to skip before the header (a vendor export's preamble)
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub skip: usize,

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
/// Returns the exit code: `Ok(EXIT_OK)` (0) when every applicable verdict
/// passes, `Ok(EXIT_FAILED)` (1) when one fails. `Err(message)` is bad
/// input: the caller prints it to stderr (`error: {message}`) and exits
/// with `EXIT_BAD_INPUT` (2). Unreadable logger rows are listed
/// one per line as `FILE:LINE: message`.
pub fn run(args: &ExcursionArgs, out: &mut dyn Write) -> Result<u8, String> {
    let rules = rules(args);
    let record = load(args)?;
    let a = assess_with_gaps(&record.steps, &record.gaps, &rules)
        .map_err(|e| format!("{}: {e}", record.source))?;
    let code = if a.pass() { EXIT_OK } else { EXIT_FAILED };
    let written = if args.json {
        write_json(out, args, &rules, &record, &a, code)
    } else {
        super::ui::painted(out, |o| write_text(o, args, &rules, &record, &a))
    };
    // A failed write is kept by the caller's checked stdout, which ends
    // the run with the conventional status (quiet 141 for a closed pipe).
    let _ = written;
    Ok(code)
}

fn rules(args: &ExcursionArgs) -> ExcursionRules {
    let mut r = ExcursionRules {
        stability: args.stability.map(Stability::Vvm),
        allowance_s: args.allowance_s,
        mkt_dh_over_r_k: args.mkt_dh_over_r,
        ..ExcursionRules::for_range(args.range)
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
    let tz = TimeZone::get(&args.tz).map_err(|_| {
        format!(
            "unknown time zone `{}`; use an IANA name such as America/El_Salvador",
            args.tz
        )
    })?;
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
        });
    }
    let Some(path) = &args.file else {
        return Err("give a logger FILE or --profile".to_string());
    };
    let (source, bytes) = if path.as_os_str() == "-" {
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut std::io::stdin(), &mut bytes)
            .map_err(|e| format!("cannot read standard input: {e}"))?;
        ("<stdin>".to_string(), bytes)
    } else {
        let source = path.display().to_string();
        let bytes = std::fs::read(path)
            .map_err(|e| format!("{source}: cannot read the file ({e}); check the path"))?;
        (source, bytes)
    };
    // Logger software often exports Windows-1252 (`°` is byte 0xB0): text
    // that is not UTF-8 is read as Latin-1, which agrees with Windows-1252
    // on every byte a logger export uses outside 0x80-0x9F.
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => e.into_bytes().iter().map(|&b| char::from(b)).collect(),
    };
    let opts = LoggerOptions {
        naive_time_zone: tz.clone(),
        unit: args.unit,
        column: args.column.clone(),
        skip_lines: args.skip,
        date_format: args.date_format.clone().unwrap_or_default(),
    };
    let data = parse_logger(&text, &opts).map_err(|e| match e {
        Error::BadRows { rows } => {
            let mut lines: Vec<String> = rows
                .iter()
                .map(|r| format!("{source}:{}: {}", r.line, r.message))
                .collect();
            lines.push(format!("{source}: {}", Error::BadRows { rows }));
            lines.join("\n")
        }
        other => format!("{source}: {other}"),
    })?;
    let rec = record_from_readings(&data.readings, args.max_gap);
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

fn product_line(args: &ExcursionArgs, rules: &ExcursionRules) -> String {
    let mut s = format!("{}", rules.range);
    match rules.freeze_limit {
        Some(l) => s.push_str(&format!(", freeze limit {l:.1}")),
        None => s.push_str(", not freeze-sensitive"),
    }
    match args.stability {
        Some(v) => s.push_str(&format!(", stability {}", vvm_name(v))),
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
    writeln!(out, "product:           {}", product_line(args, rules))?;
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
        let why = if args.max_gap.is_some() {
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
    args: &ExcursionArgs,
    rules: &ExcursionRules,
    rec: &Record,
    a: &Assessment,
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
        "stability": args.stability.map(vvm_name),
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
        "exit_code": code,
    });
    serde_json::to_writer_pretty(&mut *out, &v)?;
    writeln!(out)
}

/// `C` or `F` (any case, `°` allowed).
fn parse_unit(s: &str) -> Result<TempUnit, String> {
    match s
        .trim()
        .trim_start_matches('°')
        .to_ascii_uppercase()
        .as_str()
    {
        "C" => Ok(TempUnit::Celsius),
        "F" => Ok(TempUnit::Fahrenheit),
        _ => Err(format!("`{s}` is not a unit; use C or F")),
    }
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

    fn run_with(argv: &[&str]) -> (Result<u8, String>, String) {
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
        assert_eq!(r, Ok(1));
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
        assert_eq!(r, Ok(0));
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(v["mkt_c"], 5.0);
        assert_eq!(v["exit_code"], 0);
        assert_eq!(v["start"], serde_json::Value::Null);
        assert_eq!(v["usp_1079_2"]["checks"][0]["id"], "usp-mkt-24h");
    }

    #[test]
    fn bad_profile_lists_items() {
        let (r, _) = run_with(&["--profile", "18h@5,6x@14", "--range", "2,8"]);
        let msg = r.unwrap_err();
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
        assert_eq!(cli.args.range, TempRange::new(-25.0, -15.0));
        assert_eq!(cli.args.freeze_limit, Some(-30.0));
        assert!(Cli::try_parse_from(["excursion", "--range", "2,8"]).is_err());
    }
}
