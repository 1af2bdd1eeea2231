//! A temperature record as read (a data-logger file or an inline profile),
//! how it was read, an optional comparison with a shipment's plan, and the
//! record's text report for `coldroute excursion` (its JSON is
//! `document::excursion`).
//!
//! The CLI reads the file and fills in a [`Record`]; the physics and the
//! verdicts live in `thermal` (`assess_with_gaps`) and `compare`. Nothing
//! here reads files.

use jiff::tz::TimeZone;
use jiff::Timestamp;

use crate::compare::Comparison;
use crate::thermal::{
    ExcursionRules, Gap, Reading, Side, Stability, Step, TempUnit, UnitFrom, VvmCategory,
};
use crate::units::Secs;

mod text;

pub use text::{write_comparison, write_text};

/// A record as read: its steps and, for logger files, where it sits in time.
#[derive(Clone, Debug)]
pub struct Record {
    /// File path, or `--profile`.
    pub source: String,
    /// The record as constant-temperature steps (sample and hold).
    pub steps: Vec<Step>,
    /// Stretches without readings (logger files only).
    pub gaps: Vec<Gap>,
    /// Number of readings (logger files only).
    pub readings: Option<usize>,
    /// Time of the first reading (logger files only).
    pub start: Option<Timestamp>,
    /// How a logger file was read.
    pub read: Option<ReadInfo>,
    /// The zone of the times in the report.
    pub tz: TimeZone,
    /// The readings (logger files only), for a comparison with a plan.
    pub raw: Vec<Reading>,
}

/// How a logger file was read, for the reviewer.
#[derive(Clone, Debug)]
pub struct ReadInfo {
    /// The temperature column's header, `None` without a header.
    pub column: Option<String>,
    /// The unit of the readings.
    pub unit: TempUnit,
    /// Where the unit came from.
    pub unit_from: UnitFrom,
    /// How the dates were read, e.g. `28/03/2021 14:05 (day first)`.
    pub dates: String,
    /// Lines skipped before the header.
    pub preamble_lines: usize,
    /// A silence longer than this is a gap, seconds.
    pub max_gap_s: f64,
    /// The gap limit was set by the user (`--max-gap`), not derived from
    /// the median interval.
    pub max_gap_given: bool,
    /// The median interval between readings, seconds.
    pub median_interval_s: f64,
}

/// A record compared with a shipment's plan.
#[derive(Clone, Debug)]
pub struct Against {
    /// `SV-0328 in pek-sal-coronavac.toml`.
    pub what: String,
    /// The product's name.
    pub product: String,
    /// The product's rules.
    pub rules: ExcursionRules,
    /// The plan against the record.
    pub cmp: Comparison,
}

/// `VVM2`, or `Arrhenius (Ea/R 10000 K, 100 days at +5.0 C)`.
pub fn stability_name(s: &Stability) -> String {
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

/// An instant in the report's zone: `2021-03-28T20:05:00Z` in UTC,
/// `2021-03-28T14:05:00-06:00` elsewhere.
pub(crate) fn local(t: Timestamp, tz: &TimeZone) -> String {
    if tz.to_offset(t).seconds() == 0 && tz.iana_name() == Some("UTC") {
        return t.to_string();
    }
    t.to_zoned_datetime(tz.clone())
        .strftime("%Y-%m-%dT%H:%M:%S%:z")
        .to_string()
}

pub(crate) fn dur(s: f64) -> Secs {
    Secs(s.round() as i64)
}

/// The instant `offset_s` seconds into the record, when it has a start.
pub(crate) fn instant(rec: &Record, offset_s: f64) -> Option<Timestamp> {
    let start = rec.start?;
    Timestamp::from_second(start.as_second() + offset_s.round() as i64).ok()
}

pub(crate) fn side_name(s: Side) -> &'static str {
    match s {
        Side::Above => "above",
        Side::Below => "below",
    }
}

pub(crate) fn unit_name(u: TempUnit) -> &'static str {
    match u {
        TempUnit::Celsius => "C",
        TempUnit::Fahrenheit => "F",
    }
}

/// Rounds for output, so that the last bits of floating point do not leak
/// into golden files.
pub(crate) fn round(x: f64, decimals: i32) -> f64 {
    let k = 10f64.powi(decimals);
    let r = (x * k).round() / k;
    if r == 0.0 {
        0.0
    } else {
        r
    }
}
