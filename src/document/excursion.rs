//! `coldroute excursion --json`: schema `coldroute.excursion/1`
//! (docs/thermal-model.md).
//!
//! Figures are rounded for output (0.001 s and C, 1e-9 of the stability
//! budget) so that the last bits of floating point do not leak into golden
//! files. An instant is `null` for an inline profile, which has no clock.

use jiff::Timestamp;
use schemars::JsonSchema;
use serde::Serialize;

use crate::compare::Figures;
use crate::record::{instant, local, round, side_name, stability_name, unit_name};
use crate::record::{Against, Record};
use crate::thermal::{Assessment, ExcursionRules, UnitFrom, Verdict};

use super::Instant;

/// The schema name and version of [`ExcursionDocument`].
pub const SCHEMA: &str = "coldroute.excursion/1";

/// A temperature record assessed against a product's limits and USP
/// <1079.2>, and optionally against a shipment's plan.
#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
pub struct ExcursionDocument {
    /// `coldroute.excursion/1`.
    #[schemars(extend("const" = "coldroute.excursion/1"))]
    pub schema: &'static str,
    /// The logger file, or `--profile`.
    pub source: String,
    /// How readings become a curve: `sample-and-hold` (each reading holds
    /// until the next).
    pub interpretation: &'static str,
    /// Number of readings (`null` for a profile).
    pub readings: Option<usize>,
    /// First reading, UTC.
    pub start: Option<Instant>,
    /// End of the record, UTC.
    pub end: Option<Instant>,
    /// Length of the record, seconds.
    pub duration_s: f64,
    /// The product range `[low, high]`, C.
    pub range_c: [f64; 2],
    /// Freeze limit, C (`null`: not freeze-sensitive).
    pub freeze_limit_c: Option<f64>,
    /// Stability model (`null`: none).
    pub stability: Option<String>,
    /// Cumulative time out of range the label allows, seconds.
    pub allowance_s: f64,
    /// Activation energy over the gas constant of the MKT, K.
    pub mkt_dh_over_r_k: f64,
    /// Lowest temperature, C.
    pub min_c: f64,
    /// Highest temperature, C.
    pub max_c: f64,
    /// Mean kinetic temperature of the whole record, C.
    pub mkt_c: f64,
    /// The warmest 24-hour window by MKT.
    pub max_mkt_24h: Window,
    /// Time outside the range, seconds.
    pub time_out_of_range_s: f64,
    /// Time below the range, seconds.
    pub time_below_range_s: f64,
    /// Time above the range, seconds.
    pub time_above_range_s: f64,
    /// Time above +8 C, seconds.
    pub time_above_8c_s: f64,
    /// Share of the stability budget used, 0 to 1 (`null` without a model).
    pub stability_used: Option<f64>,
    /// How a logger file was read (`null` for a profile).
    pub read: Option<Read>,
    /// Time inside gaps (temperature unknown), seconds.
    pub time_unknown_s: f64,
    /// Stretches without readings.
    pub gaps: Vec<GapEntry>,
    /// Stretches outside the range.
    pub excursions: Vec<ExcursionEntry>,
    /// Stretches below the freeze limit.
    pub freeze_events: Vec<FreezeEntry>,
    /// The verdict against the product's own limits.
    pub product: VerdictEntry,
    /// The verdict against USP <1079.2> controlled cold.
    pub usp_1079_2: VerdictEntry,
    /// Every applicable verdict passes.
    pub pass: bool,
    /// With `--plan`: the shipment's recommended plan against the record.
    pub plan: Option<Comparison>,
    /// The exit code of the command (0 pass, 1 fail).
    pub exit_code: u8,
}

/// The warmest 24-hour window.
#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
pub struct Window {
    /// Its MKT, C.
    pub mkt_c: f64,
    /// Its start, seconds into the record.
    pub start_s: f64,
    /// Its end, seconds into the record.
    pub end_s: f64,
    /// Its start, UTC.
    pub start: Option<Instant>,
    /// Its end, UTC.
    pub end: Option<Instant>,
    /// A full 24 hours (false: the record is shorter).
    pub full_window: bool,
}

/// How a logger file was read.
#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
pub struct Read {
    /// The temperature column's header (`null`: no header).
    pub column: Option<String>,
    /// `C` or `F`.
    pub unit: &'static str,
    /// Where the unit came from: `option`, `header` or `assumed`.
    pub unit_from: &'static str,
    /// How the dates were read.
    pub dates: String,
    /// Lines skipped before the header.
    pub preamble_lines: usize,
    /// The median interval between readings, seconds.
    pub median_interval_s: f64,
    /// A silence longer than this is a gap, seconds.
    pub max_gap_s: f64,
}

/// A stretch without readings.
#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
pub struct GapEntry {
    /// Seconds into the record.
    pub start_s: f64,
    /// Seconds into the record.
    pub end_s: f64,
    /// Start, UTC.
    pub start: Option<Instant>,
    /// End, UTC.
    pub end: Option<Instant>,
    /// The file line of the reading before it.
    pub after_line: usize,
    /// The file line of the reading after it.
    pub before_line: usize,
}

/// A stretch outside the product range.
#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
pub struct ExcursionEntry {
    /// Seconds into the record.
    pub start_s: f64,
    /// Seconds into the record.
    pub end_s: f64,
    /// Start, UTC.
    pub start: Option<Instant>,
    /// End, UTC.
    pub end: Option<Instant>,
    /// Start in the report's zone.
    pub start_local: Option<Instant>,
    /// End in the report's zone.
    pub end_local: Option<Instant>,
    /// Its length, seconds.
    pub duration_s: f64,
    /// `above` or `below` the range.
    pub side: &'static str,
    /// The highest (above) or lowest (below) temperature, C.
    pub peak_c: f64,
}

/// A stretch below the freeze limit.
#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
pub struct FreezeEntry {
    /// Seconds into the record.
    pub start_s: f64,
    /// Seconds into the record.
    pub end_s: f64,
    /// Start, UTC.
    pub start: Option<Instant>,
    /// End, UTC.
    pub end: Option<Instant>,
    /// The lowest temperature, C.
    pub min_c: f64,
}

/// A verdict and its checks.
#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
pub struct VerdictEntry {
    /// The rules apply to this product (USP <1079.2>: a +2..+8 C range).
    pub applicable: bool,
    /// Every check passes.
    pub pass: bool,
    /// The checks, in order.
    pub checks: Vec<CheckEntry>,
}

/// One check of a verdict.
#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
pub struct CheckEntry {
    /// Its id, e.g. `usp-mkt-24h`.
    pub id: &'static str,
    /// It passes.
    pub pass: bool,
    /// Figure and limit, for people.
    pub detail: String,
}

/// The plan against the record.
#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
pub struct Comparison {
    /// `SV-0328 in pek-sal-coronavac.toml`.
    pub shipment: String,
    /// The product's name.
    pub product: String,
    /// A reading further than this from the plan is a deviation, C.
    pub threshold_c: f64,
    /// Start of the compared stretch, UTC.
    pub start: Option<Instant>,
    /// End of the compared stretch, UTC.
    pub end: Option<Instant>,
    /// Time of the trip not covered by readings, seconds.
    pub uncovered_s: f64,
    /// The plan's figures over the stretch.
    pub planned: ComparedFigures,
    /// The record's figures over the stretch.
    pub recorded: ComparedFigures,
    /// Where the record is furthest from the plan.
    pub largest_deviation: Option<LargestDeviation>,
    /// Stretches further than `threshold_c` from the plan.
    pub deviations: Vec<DeviationEntry>,
}

/// Figures of the plan or of the record over the compared stretch.
#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
pub struct ComparedFigures {
    /// Within the product's limits.
    pub pass: bool,
    /// MKT, C.
    pub mkt_c: Option<f64>,
    /// Time outside the range, seconds.
    pub out_of_range_s: f64,
    /// Share of the stability budget used.
    pub stability_used: Option<f64>,
    /// Lowest temperature, C.
    pub min_c: f64,
    /// Highest temperature, C.
    pub max_c: f64,
}

/// The largest deviation of the record from the plan.
#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
pub struct LargestDeviation {
    /// When, UTC.
    pub at: Option<Instant>,
    /// When, in the report's zone.
    pub at_local: Option<Instant>,
    /// The recorded temperature, C.
    pub recorded_c: f64,
    /// The planned temperature, C.
    pub planned_c: f64,
    /// Recorded minus planned, C.
    pub delta_c: f64,
    /// The plan's step at that time.
    pub step: String,
}

/// A stretch where the record is further than the threshold from the plan.
#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
pub struct DeviationEntry {
    /// Start, UTC.
    pub start: Option<Instant>,
    /// End, UTC.
    pub end: Option<Instant>,
    /// Its length, seconds.
    pub duration_s: f64,
    /// The furthest deviation, C.
    pub peak_c: f64,
}

fn verdict(v: &Verdict) -> VerdictEntry {
    VerdictEntry {
        applicable: v.applicable,
        pass: v.pass,
        checks: v
            .checks
            .iter()
            .map(|c| CheckEntry {
                id: c.id,
                pass: c.pass,
                detail: c.detail.clone(),
            })
            .collect(),
    }
}

fn figures(f: &Figures) -> ComparedFigures {
    ComparedFigures {
        pass: f.pass,
        mkt_c: f.mkt.map(|m| round(m.0, 3)),
        out_of_range_s: round(f.out_of_range_s, 3),
        stability_used: f.stability_used.map(|u| round(u, 9)),
        min_c: round(f.min.0, 3),
        max_c: round(f.max.0, 3),
    }
}

fn comparison(p: &Against, rec: &Record) -> Comparison {
    let c = &p.cmp;
    let ts = |t: f64| {
        Timestamp::from_second(t.round() as i64)
            .ok()
            .map(|t| Instant(t.to_string()))
    };
    Comparison {
        shipment: p.what.clone(),
        product: p.product.clone(),
        threshold_c: c.threshold_c,
        start: ts(c.window.0),
        end: ts(c.window.1),
        uncovered_s: round(c.uncovered_s, 3),
        planned: figures(&c.planned),
        recorded: figures(&c.actual),
        largest_deviation: c.largest.as_ref().map(|l| LargestDeviation {
            at: ts(l.t),
            at_local: Timestamp::from_second(l.t.round() as i64)
                .ok()
                .map(|t| Instant(local(t, &rec.tz))),
            recorded_c: round(l.recorded.0, 3),
            planned_c: round(l.planned.0, 3),
            delta_c: round(l.delta_c, 3),
            step: l.step.clone(),
        }),
        deviations: c
            .deviations
            .iter()
            .map(|d| DeviationEntry {
                start: ts(d.start),
                end: ts(d.end),
                duration_s: round(d.end - d.start, 3),
                peak_c: round(d.peak_c, 3),
            })
            .collect(),
    }
}

impl ExcursionDocument {
    /// The assessment `a` of `rec` under `rules`, compared with a plan
    /// when `against` is given; `exit_code` is the command's.
    pub fn new(
        rules: &ExcursionRules,
        rec: &Record,
        a: &Assessment,
        against: Option<&Against>,
        exit_code: u8,
    ) -> ExcursionDocument {
        let ts = |s: f64| instant(rec, s).map(|t| Instant(t.to_string()));
        let lts = |s: f64| instant(rec, s).map(|t| Instant(local(t, &rec.tz)));
        let w = &a.max_mkt_24h;
        ExcursionDocument {
            schema: SCHEMA,
            source: rec.source.clone(),
            interpretation: "sample-and-hold",
            readings: rec.readings,
            start: ts(0.0),
            end: ts(a.duration_s),
            duration_s: round(a.duration_s, 3),
            range_c: [rules.range.lo.0, rules.range.hi.0],
            freeze_limit_c: rules.freeze_limit.map(|c| c.0),
            stability: rules.stability.as_ref().map(stability_name),
            allowance_s: round(rules.allowance_s, 3),
            mkt_dh_over_r_k: rules.mkt_dh_over_r_k,
            min_c: round(a.min.0, 3),
            max_c: round(a.max.0, 3),
            mkt_c: round(a.mkt.0, 3),
            max_mkt_24h: Window {
                mkt_c: round(w.mkt.0, 3),
                start_s: round(w.start_s, 3),
                end_s: round(w.end_s, 3),
                start: ts(w.start_s),
                end: ts(w.end_s),
                full_window: w.full,
            },
            time_out_of_range_s: round(a.time_out_of_range_s, 3),
            time_below_range_s: round(a.time_below_range_s, 3),
            time_above_range_s: round(a.time_above_range_s, 3),
            time_above_8c_s: round(a.time_above_8c_s, 3),
            stability_used: a.stability_used.map(|u| round(u, 9)),
            read: rec.read.as_ref().map(|r| Read {
                column: r.column.clone(),
                unit: unit_name(r.unit),
                unit_from: match r.unit_from {
                    UnitFrom::Option => "option",
                    UnitFrom::Header => "header",
                    UnitFrom::Assumed => "assumed",
                },
                dates: r.dates.clone(),
                preamble_lines: r.preamble_lines,
                median_interval_s: round(r.median_interval_s, 3),
                max_gap_s: round(r.max_gap_s, 3),
            }),
            time_unknown_s: round(a.time_unknown_s, 3),
            gaps: a
                .gaps
                .iter()
                .map(|g| GapEntry {
                    start_s: round(g.start_s, 3),
                    end_s: round(g.end_s, 3),
                    start: ts(g.start_s),
                    end: ts(g.end_s),
                    after_line: g.after_line,
                    before_line: g.before_line,
                })
                .collect(),
            excursions: a
                .excursions
                .iter()
                .map(|e| ExcursionEntry {
                    start_s: round(e.start_s, 3),
                    end_s: round(e.end_s, 3),
                    start: ts(e.start_s),
                    end: ts(e.end_s),
                    start_local: lts(e.start_s),
                    end_local: lts(e.end_s),
                    duration_s: round(e.end_s - e.start_s, 3),
                    side: side_name(e.side),
                    peak_c: round(e.peak.0, 3),
                })
                .collect(),
            freeze_events: a
                .freeze_events
                .iter()
                .map(|e| FreezeEntry {
                    start_s: round(e.start_s, 3),
                    end_s: round(e.end_s, 3),
                    start: ts(e.start_s),
                    end: ts(e.end_s),
                    min_c: round(e.min.0, 3),
                })
                .collect(),
            product: verdict(&a.product),
            usp_1079_2: verdict(&a.usp),
            pass: a.pass(),
            plan: against.map(|p| comparison(p, rec)),
            exit_code,
        }
    }
}
