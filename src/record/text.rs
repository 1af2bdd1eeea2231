//! The text report of `coldroute excursion`.

use std::io::{self, Write};

use jiff::tz::TimeZone;
use jiff::Timestamp;

use crate::thermal::{Assessment, ExcursionRules, Side, TempUnit, UnitFrom, Verdict};
use crate::units::Celsius;

use super::{dur, instant, local, side_name, stability_name, unit_name, Against, ReadInfo, Record};

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

/// A point of the record for text output: an instant in the report's
/// zone, or `t+1h 00m`.
fn when(rec: &Record, offset_s: f64) -> String {
    match instant(rec, offset_s) {
        Some(t) => local(t, &rec.tz),
        None => format!("t+{}", dur(offset_s)),
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

fn write_verdict(out: &mut dyn Write, title: &str, v: &Verdict) -> io::Result<()> {
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

/// The record's report: how it was read, its figures, excursions, gaps,
/// freeze events and the product and USP <1079.2> verdicts.
pub fn write_text(
    out: &mut dyn Write,
    rules: &ExcursionRules,
    rec: &Record,
    a: &Assessment,
    against: Option<&Against>,
) -> io::Result<()> {
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
        let why = if r.max_gap_given {
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

/// The plan against the record, after the record's own report.
pub fn write_comparison(out: &mut dyn Write, p: &Against, tz: &TimeZone) -> io::Result<()> {
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
