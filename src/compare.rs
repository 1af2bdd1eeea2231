//! Planned against recorded: a plan's payload temperature beside what a
//! data logger recorded on the same trip.
//!
//! The comparison a quality manager makes every day. [`compare`] aligns a
//! logger's readings with the plan by time (UTC instants on both sides),
//! keeps the part of the trip the record covers, and gives:
//!
//! - both verdicts with their figures: *planned* from the plan's own
//!   simulation (the SLA check's exposure: MKT, time out of range, stability
//!   used; pass when the SLA's thermal criteria pass) and *recorded* from
//!   the readings assessed by the excursion rules of the shipment's product
//!   ([`crate::thermal::assess_with_gaps`], gaps of unknown temperature
//!   included), over the covered part of the trip;
//! - every stretch where the record is more than the threshold away from
//!   the plan ([`Deviation`]), the record held from each reading to the next
//!   as the excursion assessment holds it;
//! - the largest deviation, with its time and the step of the plan the
//!   shipment was in.
//!
//! The plan's temperature at a reading's instant is the model's exact
//! trajectory there: the constant-ambient segment holding the instant,
//! advanced from its start by [`crate::thermal::step`].

use crate::itinerary::{Itinerary, Simulation};
use crate::scenario::{Scenario, Shipment};
use crate::sla::SlaReport;
use crate::thermal::{
    assess_with_gaps, record_from_readings, step as container_step, Assessment, ExcursionRules,
    ExposureRules, Reading,
};
use crate::units::{Celsius, Secs};

/// Default threshold of a deviation worth shading, C.
pub const DEFAULT_DEVIATION_C: f64 = 2.0;

/// The plan and the record side by side.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Comparison {
    /// A deviation is a stretch where `|recorded - planned|` exceeds this,
    /// C.
    pub threshold_c: f64,
    /// The part of the trip the record covers, UTC seconds.
    pub window: (f64, f64),
    /// Time of the trip (ready to delivered) the record does not cover, s.
    pub uncovered_s: f64,
    /// The readings inside the window: `(UTC seconds, C)`.
    pub recorded: Vec<(f64, f64)>,
    /// Stretches without readings (unknown temperature), UTC seconds.
    pub gaps: Vec<(f64, f64)>,
    /// The plan's figures.
    pub planned: Figures,
    /// The record's figures, over the window.
    pub actual: Figures,
    /// Where the record strays from the plan, in time order.
    pub deviations: Vec<Deviation>,
    /// The reading furthest from the plan.
    pub largest: Option<Largest>,
}

/// A verdict and the figures behind it.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Figures {
    /// Whether the product's limits hold.
    pub pass: bool,
    /// Mean kinetic temperature.
    pub mkt: Option<Celsius>,
    /// Time outside the product's range, s.
    pub out_of_range_s: f64,
    /// Stability budget used, fraction.
    pub stability_used: Option<f64>,
    /// Lowest temperature.
    pub min: Celsius,
    /// Highest temperature.
    pub max: Celsius,
}

/// A stretch where the record is more than the threshold from the plan.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Deviation {
    /// Start, UTC seconds (the first reading beyond the threshold).
    pub start: f64,
    /// End, UTC seconds (the next reading back within it, or the end of
    /// the window).
    pub end: f64,
    /// The largest `recorded - planned` in it, signed, C.
    pub peak_c: f64,
}

/// The reading furthest from the plan.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Largest {
    /// When, UTC seconds.
    pub t: f64,
    /// What the logger read.
    pub recorded: Celsius,
    /// What the plan has there.
    pub planned: Celsius,
    /// `recorded - planned`, C.
    pub delta_c: f64,
    /// The plan's step at that moment: `apron SAL`.
    pub step: String,
}

/// Why a record cannot be compared with a plan.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum CompareError {
    /// The record and the trip share fewer than two readings' worth of
    /// time.
    #[error(
        "the record ({record}) does not cover the trip ({trip}): fewer than two readings fall between ready and delivery; check the logger file, its time zone (--tz) and the shipment"
    )]
    NoOverlap {
        /// First and last reading, UTC.
        record: String,
        /// Ready and delivered, UTC.
        trip: String,
    },
    /// The threshold is not a positive number.
    #[error("a deviation threshold must be a positive number of degrees C, not {0}")]
    BadThreshold(f64),
}

/// The plan's payload temperature at `t` (UTC seconds), exactly: the
/// constant-ambient segment holding `t` advanced from its start. `None`
/// outside the trip.
pub fn planned_at(s: &Scenario, sh: &Shipment, sim: &Simulation, t: f64) -> Option<Celsius> {
    let pkg = &s.packagings[sh.packaging].kind;
    let i = sim
        .segments
        .partition_point(|(seg, _, _)| (seg.end.0 as f64) < t);
    let (seg, before, after) = sim.segments.get(i)?;
    let start = seg.start.0 as f64;
    if t < start {
        return None;
    }
    if t >= seg.end.0 as f64 {
        return Some(after.payload);
    }
    Some(
        container_step(pkg, before, seg.ambient, t - start)
            .end
            .payload,
    )
}

/// Compares `readings` (a logger's, in time order) with the plan `it` of
/// shipment `sh` and its SLA check `sla`. `max_gap_s` is the gap threshold
/// of [`record_from_readings`] (`None`: twice the median interval).
///
/// # Errors
/// [`CompareError::NoOverlap`] when fewer than two readings fall inside
/// the trip; [`CompareError::BadThreshold`] for a threshold that is not
/// positive.
pub fn compare(
    s: &Scenario,
    sh: &Shipment,
    it: &Itinerary,
    sla: &SlaReport,
    readings: &[Reading],
    max_gap_s: Option<f64>,
    threshold_c: f64,
) -> Result<Comparison, CompareError> {
    if !(threshold_c.is_finite() && threshold_c > 0.0) {
        return Err(CompareError::BadThreshold(threshold_c));
    }
    let sim = &sla.simulation;
    let (ready, delivered) = (sh.ready.0 as f64, it.end().0 as f64);
    let inside: Vec<Reading> = readings
        .iter()
        .filter(|r| {
            let t = r.at.as_second() as f64;
            t >= ready && t <= delivered
        })
        .cloned()
        .collect();
    if inside.len() < 2 {
        let span = |a: Option<&Reading>, b: Option<&Reading>| match (a, b) {
            (Some(a), Some(b)) => format!("{} .. {}", a.at, b.at),
            _ => "no readings".to_string(),
        };
        return Err(CompareError::NoOverlap {
            record: span(readings.first(), readings.last()),
            trip: format!(
                "{} .. {}",
                crate::time::format_utc(sh.ready),
                crate::time::format_utc(it.end())
            ),
        });
    }
    let t_of = |r: &Reading| r.at.as_second() as f64;
    let first = t_of(&inside[0]);
    let last = t_of(&inside[inside.len() - 1]);
    let window = (first, last);

    // The record's verdict over the window, by the product's rules.
    let product = &s.products[sh.product];
    let rules = ExcursionRules::for_product(product);
    let rec = record_from_readings(&inside, max_gap_s);
    let a: Option<Assessment> = assess_with_gaps(&rec.steps, &rec.gaps, &rules).ok();
    let gaps: Vec<(f64, f64)> = rec
        .gaps
        .iter()
        .map(|g| (first + g.start_s, first + g.end_s))
        .collect();
    let (lo, hi) = inside
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(l, h), r| {
            (l.min(r.temp.0), h.max(r.temp.0))
        });
    let actual = Figures {
        pass: a.as_ref().is_some_and(|a| a.product.pass),
        mkt: a.as_ref().map(|a| a.mkt),
        out_of_range_s: a.as_ref().map_or(0.0, |a| a.time_out_of_range_s),
        stability_used: a.as_ref().and_then(|a| a.stability_used),
        min: Celsius(lo),
        max: Celsius(hi),
    };
    let exposure_rules = ExposureRules::for_product(product);
    let thermal_ok = sla
        .criteria
        .iter()
        .filter(|c| matches!(c.name, "excursion" | "stability" | "freeze"))
        .all(|c| c.pass);
    let planned = Figures {
        pass: thermal_ok,
        mkt: sim.exposure.mkt(&exposure_rules),
        out_of_range_s: sim.exposure.out_of_range_s,
        stability_used: Some(sim.exposure.stability_used),
        min: sim.exposure.min_payload,
        max: sim.exposure.max_payload,
    };

    // Deviations: each reading against the plan at its instant, held to
    // the next reading; a gap ends a deviation.
    let in_gap = |t: f64| gaps.iter().any(|&(a, b)| t >= a && t < b);
    let mut deviations: Vec<Deviation> = Vec::new();
    let mut largest: Option<Largest> = None;
    let mut open = false;
    for (i, r) in inside.iter().enumerate() {
        let t = t_of(r);
        let Some(p) = planned_at(s, sh, sim, t) else {
            continue;
        };
        let delta = r.temp.0 - p.0;
        if largest
            .as_ref()
            .is_none_or(|l| delta.abs() > l.delta_c.abs())
        {
            largest = Some(Largest {
                t,
                recorded: r.temp,
                planned: p,
                delta_c: delta,
                step: step_at(s, it, t),
            });
        }
        let next = inside.get(i + 1).map_or(last, t_of);
        let beyond = delta.abs() > threshold_c && !in_gap(t);
        match (beyond, open) {
            (true, false) => {
                deviations.push(Deviation {
                    start: t,
                    end: next,
                    peak_c: delta,
                });
                open = true;
            }
            (true, true) => {
                if let Some(d) = deviations.last_mut() {
                    d.end = next;
                    if delta.abs() > d.peak_c.abs() {
                        d.peak_c = delta;
                    }
                }
            }
            (false, _) => open = false,
        }
    }
    let uncovered_s = (first - ready) + (delivered - last);
    Ok(Comparison {
        threshold_c,
        window,
        uncovered_s,
        recorded: inside.iter().map(|r| (t_of(r), r.temp.0)).collect(),
        gaps,
        planned,
        actual,
        deviations,
        largest,
    })
}

/// The label of the plan's step at `t`: `apron SAL`.
fn step_at(s: &Scenario, it: &Itinerary, t: f64) -> String {
    let t = Secs(t.floor() as i64);
    it.steps
        .iter()
        .find(|st| st.start <= t && t < st.end)
        .or(it.steps.last())
        .map_or_else(String::new, |st| st.label(s))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::planner::{plan_shipment, Config};
    use jiff::Timestamp;

    fn setup() -> (Scenario, usize) {
        let s = crate::scenario::load(include_str!("../scenarios/pek-sal-coronavac.toml")).unwrap();
        (s, 0)
    }

    fn reading(t: f64, c: f64, line: usize) -> Reading {
        Reading {
            at: Timestamp::from_second(t as i64).unwrap(),
            temp: Celsius(c),
            line,
        }
    }

    #[test]
    fn a_record_equal_to_the_plan_deviates_nowhere_and_one_warm_hour_is_found() {
        let (s, i) = setup();
        let sh = &s.shipments[i];
        let planned = plan_shipment(&s, sh, &Config::default());
        let plan = planned.recommended().unwrap();
        let sla = crate::sla::check_sla(&s, sh, &plan.itinerary).unwrap();
        let (t0, t1) = (sh.ready.0 as f64, plan.itinerary.end().0 as f64);
        // Readings every 10 minutes exactly on the plan.
        let times: Vec<f64> = (0..)
            .map(|k| t0 + 600.0 * f64::from(k))
            .take_while(|&t| t <= t1)
            .collect();
        let exact: Vec<Reading> = times
            .iter()
            .enumerate()
            .map(|(k, &t)| reading(t, planned_at(&s, sh, &sla.simulation, t).unwrap().0, k + 2))
            .collect();
        let c = compare(&s, sh, &plan.itinerary, &sla, &exact, None, 2.0).unwrap();
        assert!(c.deviations.is_empty());
        assert!(c.largest.as_ref().unwrap().delta_c.abs() < 1e-9);
        assert!(c.actual.pass && c.planned.pass);
        assert!(c.uncovered_s <= 600.0);
        // Six readings one hour into the trip read 9 C above the plan: one
        // deviation of an hour, the largest at +9.
        let warm: Vec<Reading> = exact
            .iter()
            .enumerate()
            .map(|(k, r)| {
                let mut r = r.clone();
                if (6..12).contains(&k) {
                    r.temp = Celsius(r.temp.0 + 9.0);
                }
                r
            })
            .collect();
        let c = compare(&s, sh, &plan.itinerary, &sla, &warm, None, 2.0).unwrap();
        assert_eq!(c.deviations.len(), 1, "{:?}", c.deviations);
        let d = &c.deviations[0];
        assert_eq!((d.start, d.end), (times[6], times[12]));
        assert!((d.peak_c - 9.0).abs() < 1e-9);
        assert!((c.largest.unwrap().delta_c - 9.0).abs() < 1e-9);
        // +5 + 9 = +14 C for an hour leaves +2..+8 C: the record fails.
        assert!(!c.actual.pass);
        assert!((c.actual.out_of_range_s - 3600.0).abs() < 1e-6);
        assert!(c.planned.pass);
    }

    #[test]
    fn a_record_outside_the_trip_is_refused() {
        let (s, i) = setup();
        let sh = &s.shipments[i];
        let planned = plan_shipment(&s, sh, &Config::default());
        let plan = planned.recommended().unwrap();
        let sla = crate::sla::check_sla(&s, sh, &plan.itinerary).unwrap();
        let t = sh.ready.0 as f64 - 86_400.0;
        let r = [reading(t, 5.0, 2), reading(t + 600.0, 5.0, 3)];
        let e = compare(&s, sh, &plan.itinerary, &sla, &r, None, 2.0).unwrap_err();
        assert!(matches!(e, CompareError::NoOverlap { .. }), "{e}");
        assert!(matches!(
            compare(&s, sh, &plan.itinerary, &sla, &r, None, 0.0),
            Err(CompareError::BadThreshold(_))
        ));
    }
}
