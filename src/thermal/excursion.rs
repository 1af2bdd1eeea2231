//! Assessment of a temperature record: figures and a verdict.
//!
//! [`assess`] takes a record as [`Step`]s (a logger file read by
//! [`super::logger`] and turned into sample-and-hold steps, or an inline
//! profile) and [`ExcursionRules`], and returns an [`Assessment`]: MKT over
//! the record and its highest 24 h MKT, time outside the product range,
//! stability budget used, every freeze event, and two verdicts:
//!
//! - **product limits**: time out of range within the product's excursion
//!   allowance, no reading below the freeze limit (for freeze-sensitive
//!   products), stability budget used at most 1;
//! - **USP <1079.2> controlled cold** (cold-chain-facts.md lines 14-15),
//!   applicable when the product range lies within +2..+8 C: the MKT over
//!   any 24 h is at most +8 C; excursions go no higher than +15 C; and the
//!   time above +8 C adds up to at most 24 h over the record (cumulative:
//!   the stricter reading of "allowed for <= 24 h"). The rule says nothing
//!   about the cold side; freezing is judged by the product limits.
//!
//! # Interpretation of logger samples
//! Sample and hold: each reading is taken to hold until the next one
//! (piecewise constant). This matches the usual logger-software MKT with
//! equal sampling intervals, never invents temperatures between readings,
//! and makes every figure exact for the record as read. The last reading
//! counts for the minimum, maximum and freeze checks but carries no time.
//!
//! # Gaps
//! A record may have [`Gap`]s: stretches without readings longer than the
//! logger's usual interval (see `logger::record`). Their temperature is
//! unknown: they count for no figure (MKT and the 24 h MKT are taken over
//! known time only, times in and out of range exclude them, stability is
//! not charged for them) and they fail the product verdict's `gaps` check,
//! because nobody can say the product stayed in range there.
//!
//! This module does not read files or print; the CLI does.

use super::error::Error;
use super::mkt::{max_mkt_over_window_known, MktSum, WindowMkt, DEFAULT_DH_OVER_R_K};
use super::product::{Product, Stability, DEFAULT_FREEZE_LIMIT};
use super::stability::Arrhenius;
use super::trajectory::{Piece, Step};
use crate::units::{Celsius, Secs, TempRange};

/// USP <1079.2> controlled cold temperature range, C (cold-chain-facts.md line 14).
pub const USP_CONTROLLED_COLD: TempRange = TempRange {
    lo: Celsius(2.0),
    hi: Celsius(8.0),
};
/// Highest MKT over any 24 h allowed in controlled cold, C (line 14).
pub const USP_MAX_MKT_24H: Celsius = Celsius(8.0);
/// Highest excursion temperature allowed in controlled cold, C (line 15).
pub const USP_MAX_EXCURSION: Celsius = Celsius(15.0);
/// Longest cumulative time above the controlled-cold range, s (line 15).
pub const USP_MAX_EXCURSION_S: f64 = 86_400.0;
/// Window of the MKT rule, s.
pub const MKT_WINDOW_S: f64 = 86_400.0;

/// What a record is judged against.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ExcursionRules {
    /// Allowed range, C.
    pub range: TempRange,
    /// Readings strictly below this count as freezing, C; `None` for
    /// products that are not freeze-sensitive.
    pub freeze_limit: Option<Celsius>,
    /// Stability model; `None` to skip the budget check.
    pub stability: Option<Stability>,
    /// Cumulative time outside `range` the product allows, s.
    pub allowance_s: f64,
    /// dH/R for the MKT, K.
    pub mkt_dh_over_r_k: f64,
}

impl ExcursionRules {
    /// Rules for a range only: not freeze-sensitive, no stability model,
    /// no allowance, default MKT activation energy.
    pub fn for_range(range: TempRange) -> ExcursionRules {
        ExcursionRules {
            range,
            freeze_limit: None,
            stability: None,
            allowance_s: 0.0,
            mkt_dh_over_r_k: DEFAULT_DH_OVER_R_K,
        }
    }

    /// The rules of a product.
    pub fn for_product(p: &Product) -> ExcursionRules {
        ExcursionRules {
            range: p.range,
            freeze_limit: p.freeze_limit,
            stability: Some(p.stability),
            allowance_s: p.excursion_allowance_s,
            mkt_dh_over_r_k: DEFAULT_DH_OVER_R_K,
        }
    }

    /// These rules, freeze-sensitive with the WHO default limit (-0.5 C)
    /// unless a limit is already set.
    pub fn freeze_sensitive(mut self) -> ExcursionRules {
        self.freeze_limit.get_or_insert(DEFAULT_FREEZE_LIMIT);
        self
    }
}

/// A run of readings below the freeze limit.
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize)]
pub struct FreezeEvent {
    /// Start, s from the start of the record.
    pub start_s: f64,
    /// End, s from the start of the record (equal to the start for a
    /// single last reading).
    pub end_s: f64,
    /// Lowest reading during the event, C.
    pub min: Celsius,
}

/// A stretch of a record with no readings: its temperature is unknown.
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize)]
pub struct Gap {
    /// Index of the step that spans the gap.
    pub step: usize,
    /// Start, s from the start of the record (the last reading before it).
    pub start_s: f64,
    /// End, s from the start of the record (the first reading after it).
    pub end_s: f64,
    /// Line of the last reading before the gap.
    pub after_line: usize,
    /// Line of the first reading after the gap.
    pub before_line: usize,
}

/// Which side of the range an excursion is on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Side {
    /// Above the range's upper bound.
    Above,
    /// Below the range's lower bound.
    Below,
}

/// A run of known time outside the product range, on one side.
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize)]
pub struct ExcursionEvent {
    /// Start, s from the start of the record.
    pub start_s: f64,
    /// End, s from the start of the record (equal to the start for a last
    /// reading out of range).
    pub end_s: f64,
    /// Above or below the range.
    pub side: Side,
    /// The highest reading (above) or the lowest (below), C.
    pub peak: Celsius,
}

/// One rule and its outcome.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Check {
    /// Stable identifier: `range`, `freeze`, `gaps`, `stability`, `usp-mkt-24h`,
    /// `usp-max-15c`, `usp-excursion-24h`.
    pub id: &'static str,
    /// Whether the record satisfies the rule.
    pub pass: bool,
    /// The figures behind the outcome, in words.
    pub detail: String,
}

/// A set of checks.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Verdict {
    /// Whether the rules apply to this record at all.
    pub applicable: bool,
    /// Whether every check passed (true when not applicable).
    pub pass: bool,
    /// The checks, in a fixed order.
    pub checks: Vec<Check>,
}

impl Verdict {
    fn of(checks: Vec<Check>) -> Verdict {
        Verdict {
            applicable: true,
            pass: checks.iter().all(|c| c.pass),
            checks,
        }
    }
}

/// The figures and verdicts of a record.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Assessment {
    /// Length of the record, s.
    pub duration_s: f64,
    /// Lowest reading, C.
    pub min: Celsius,
    /// Highest reading, C.
    pub max: Celsius,
    /// MKT over the whole record.
    pub mkt: Celsius,
    /// Highest MKT over any 24 h window (the whole record when shorter).
    pub max_mkt_24h: WindowMkt,
    /// Time below the range, s.
    pub time_below_range_s: f64,
    /// Time above the range, s.
    pub time_above_range_s: f64,
    /// Time outside the range, s.
    pub time_out_of_range_s: f64,
    /// Time above the controlled-cold range (+8 C), s, for the USP rule.
    pub time_above_8c_s: f64,
    /// Stability budget used (fraction), when a model was given.
    pub stability_used: Option<f64>,
    /// Runs of readings below the freeze limit.
    pub freeze_events: Vec<FreezeEvent>,
    /// Runs of known time outside the range, in time order.
    pub excursions: Vec<ExcursionEvent>,
    /// Time in gaps, where the temperature is unknown, s.
    pub time_unknown_s: f64,
    /// The gaps, as given.
    pub gaps: Vec<Gap>,
    /// Verdict against the product's own limits.
    pub product: Verdict,
    /// Verdict against USP <1079.2> controlled cold.
    pub usp: Verdict,
}

impl Assessment {
    /// Whether the record passes every applicable verdict.
    pub fn pass(&self) -> bool {
        self.product.pass && self.usp.pass
    }
}

/// Assesses a record.
///
/// # Errors
/// [`Error::EmptyRecord`] when the steps add up to no time.
pub fn assess(steps: &[Step], rules: &ExcursionRules) -> Result<Assessment, Error> {
    assess_with_gaps(steps, &[], rules)
}

/// Assesses a record with gaps (see the module docs): the steps named by
/// `gaps` (in time order) have unknown temperature.
///
/// # Errors
/// [`Error::EmptyRecord`] when the steps add up to no known time.
pub fn assess_with_gaps(
    steps: &[Step],
    gaps: &[Gap],
    rules: &ExcursionRules,
) -> Result<Assessment, Error> {
    let dh = rules.mkt_dh_over_r_k;
    let unknown: Vec<usize> = gaps.iter().map(|g| g.step).collect();
    let mut time_unknown = 0.0;
    let mut excursions: Vec<ExcursionEvent> = Vec::new();
    let mut in_excursion = false;
    let mut sum = MktSum::default();
    let (mut below, mut above, mut above_cc, mut used) = (0.0, 0.0, 0.0, 0.0);
    let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
    let arrhenius = rules.stability.as_ref().map(Arrhenius::of);
    let mut events: Vec<FreezeEvent> = Vec::new();
    let mut in_event = false;
    let mut t = 0.0;
    for (i, s) in steps.iter().enumerate() {
        if unknown.binary_search(&i).is_ok() {
            time_unknown += s.duration_s;
            t += s.duration_s;
            in_event = false;
            in_excursion = false;
            continue;
        }
        let p = Piece::from(*s);
        sum.add_step(s, dh);
        below += p.time_below(rules.range.lo);
        above += p.time_above(rules.range.hi);
        above_cc += p.time_above(USP_CONTROLLED_COLD.hi);
        if let Some(a) = &arrhenius {
            used += a.budget_used(&p);
        }
        lo = lo.min(s.temp.0);
        hi = hi.max(s.temp.0);
        let freezing = rules.freeze_limit.is_some_and(|l| s.temp.0 < l.0);
        match (freezing, in_event, events.last_mut()) {
            (true, true, Some(e)) => {
                e.end_s = t + s.duration_s;
                e.min = Celsius(e.min.0.min(s.temp.0));
            }
            (true, _, _) => events.push(FreezeEvent {
                start_s: t,
                end_s: t + s.duration_s,
                min: s.temp,
            }),
            _ => {}
        }
        in_event = freezing;
        let side = if s.temp.0 > rules.range.hi.0 {
            Some(Side::Above)
        } else if s.temp.0 < rules.range.lo.0 {
            Some(Side::Below)
        } else {
            None
        };
        match (side, excursions.last_mut()) {
            (Some(side), Some(e)) if in_excursion && e.side == side => {
                e.end_s = t + s.duration_s;
                e.peak = match side {
                    Side::Above => Celsius(e.peak.0.max(s.temp.0)),
                    Side::Below => Celsius(e.peak.0.min(s.temp.0)),
                };
            }
            (Some(side), _) => excursions.push(ExcursionEvent {
                start_s: t,
                end_s: t + s.duration_s,
                side,
                peak: s.temp,
            }),
            (None, _) => {}
        }
        in_excursion = side.is_some();
        t += s.duration_s;
    }
    let mkt = sum.mkt(dh).ok_or(Error::EmptyRecord)?;
    let max_mkt_24h =
        max_mkt_over_window_known(steps, &unknown, MKT_WINDOW_S, dh).ok_or(Error::EmptyRecord)?;
    let mut a = Assessment {
        duration_s: t,
        min: Celsius(lo),
        max: Celsius(hi),
        mkt,
        max_mkt_24h,
        time_below_range_s: below,
        time_above_range_s: above,
        time_out_of_range_s: below + above,
        time_above_8c_s: above_cc,
        stability_used: arrhenius.map(|_| used),
        freeze_events: events,
        excursions,
        time_unknown_s: time_unknown,
        gaps: gaps.to_vec(),
        product: Verdict::of(Vec::new()),
        usp: Verdict::of(Vec::new()),
    };
    a.product = product_verdict(&a, rules);
    a.usp = usp_verdict(&a, rules);
    Ok(a)
}

fn dur(s: f64) -> Secs {
    Secs(s.round() as i64)
}

fn product_verdict(a: &Assessment, rules: &ExcursionRules) -> Verdict {
    let mut checks = vec![Check {
        id: "range",
        pass: a.time_out_of_range_s <= rules.allowance_s,
        detail: format!(
            "{} outside {}, allowance {}",
            dur(a.time_out_of_range_s),
            rules.range,
            dur(rules.allowance_s)
        ),
    }];
    if let Some(limit) = rules.freeze_limit {
        let n = a.freeze_events.len();
        let detail = if n == 0 {
            format!("no reading below {limit:.1}")
        } else {
            let lowest = a
                .freeze_events
                .iter()
                .map(|e| e.min.0)
                .fold(f64::INFINITY, f64::min);
            format!(
                "{n} freeze event(s) below {limit:.1}, lowest {:.1}",
                Celsius(lowest)
            )
        };
        checks.push(Check {
            id: "freeze",
            pass: n == 0,
            detail,
        });
    }
    if !a.gaps.is_empty() {
        checks.push(Check {
            id: "gaps",
            pass: false,
            detail: format!(
                "{} without readings in {} gap(s); the temperature there is unknown",
                dur(a.time_unknown_s),
                a.gaps.len()
            ),
        });
    }
    if let Some(used) = a.stability_used {
        checks.push(Check {
            id: "stability",
            pass: used <= 1.0,
            detail: format!("{:.2} % of the stability budget used", used * 100.0),
        });
    }
    Verdict::of(checks)
}

fn usp_verdict(a: &Assessment, rules: &ExcursionRules) -> Verdict {
    let time_above_cc = a.time_above_8c_s;
    let cc = USP_CONTROLLED_COLD;
    if !(rules.range.lo.0 >= cc.lo.0 && rules.range.hi.0 <= cc.hi.0) {
        return Verdict {
            applicable: false,
            pass: true,
            checks: Vec::new(),
        };
    }
    let w = &a.max_mkt_24h;
    let window = if w.full {
        "highest 24 h MKT".to_string()
    } else {
        format!(
            "MKT of the whole record ({}, shorter than 24 h)",
            dur(w.end_s - w.start_s)
        )
    };
    Verdict::of(vec![
        Check {
            id: "usp-mkt-24h",
            pass: w.mkt.0 <= USP_MAX_MKT_24H.0,
            detail: format!("{window} {:.2} (limit {:.1})", w.mkt, USP_MAX_MKT_24H),
        },
        Check {
            id: "usp-max-15c",
            pass: a.max.0 <= USP_MAX_EXCURSION.0,
            detail: format!(
                "highest reading {:.1} (limit {:.1})",
                a.max, USP_MAX_EXCURSION
            ),
        },
        Check {
            id: "usp-excursion-24h",
            pass: time_above_cc <= USP_MAX_EXCURSION_S,
            detail: format!(
                "{} above {:.1} in total (limit {} h)",
                dur(time_above_cc),
                cc.hi,
                USP_MAX_EXCURSION_S / 3600.0
            ),
        },
    ])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::thermal::product::VvmCategory;

    fn st(hours: f64, t: f64) -> Step {
        Step {
            duration_s: hours * 3600.0,
            temp: Celsius(t),
        }
    }

    fn cold_chain() -> ExcursionRules {
        ExcursionRules {
            stability: Some(Stability::Vvm(VvmCategory::Vvm14)),
            ..ExcursionRules::for_range(TempRange::new(2.0, 8.0))
        }
        .freeze_sensitive()
    }

    fn ids(v: &Verdict) -> Vec<(&'static str, bool)> {
        v.checks.iter().map(|c| (c.id, c.pass)).collect()
    }

    #[test]
    fn constant_5_c_passes_everything() {
        // cold-chain-facts.md line 18: constant 5 C -> MKT 5.000 C.
        let a = assess(&[st(48.0, 5.0)], &cold_chain()).unwrap();
        assert!((a.mkt.0 - 5.0).abs() < 0.01);
        assert!((a.max_mkt_24h.mkt.0 - 5.0).abs() < 0.01);
        assert!(a.max_mkt_24h.full);
        assert_eq!(a.time_out_of_range_s, 0.0);
        assert!(a.pass());
        assert_eq!(
            ids(&a.product),
            vec![("range", true), ("freeze", true), ("stability", true)]
        );
        assert_eq!(
            ids(&a.usp),
            vec![
                ("usp-mkt-24h", true),
                ("usp-max-15c", true),
                ("usp-excursion-24h", true)
            ]
        );
        // 48 h at +5 C uses 2 / (14 days at 37 C scaled to 5 C) of a VVM14 budget.
        let want = 2.0
            * crate::thermal::stability::rate_per_day(
                &Stability::Vvm(VvmCategory::Vvm14),
                Celsius(5.0),
            );
        assert!((a.stability_used.unwrap() - want).abs() < 1e-12);
    }

    #[test]
    fn the_profile_18h_at_5_then_6h_at_14() {
        // The example profile: 6 h at +14 C is out of range but within
        // USP controlled cold (below +15 C, under 24 h, 24 h MKT checked).
        let a = assess(&[st(18.0, 5.0), st(6.0, 14.0)], &cold_chain()).unwrap();
        assert_eq!(a.time_out_of_range_s, 6.0 * 3600.0);
        assert_eq!(a.time_above_8c_s, 6.0 * 3600.0);
        assert!(!a.product.pass);
        assert_eq!(
            a.product.checks[0].detail,
            "6h 00m outside +2.0..+8.0 C, allowance 0m"
        );
        // MKT of 18 h at +5 C and 6 h at +14 C with dH/R = 10 000 K
        // (cold-chain-facts.md lines 10-13) is +8.285 C, above the +8 C limit.
        let m = a.max_mkt_24h.mkt.0;
        assert!((m - 8.285).abs() < 0.001, "{m}");
        assert_eq!(
            ids(&a.usp),
            vec![
                ("usp-mkt-24h", false),
                ("usp-max-15c", true),
                ("usp-excursion-24h", true)
            ]
        );
    }

    #[test]
    fn freeze_events_are_listed() {
        let steps = [
            st(1.0, 5.0),
            st(0.5, -0.6),
            st(0.5, -1.2),
            st(1.0, 3.0),
            st(0.25, -0.7),
            st(0.0, -0.9),
        ];
        let a = assess(&steps, &cold_chain()).unwrap();
        assert_eq!(
            a.freeze_events,
            vec![
                FreezeEvent {
                    start_s: 3600.0,
                    end_s: 7200.0,
                    min: Celsius(-1.2)
                },
                FreezeEvent {
                    start_s: 10_800.0,
                    end_s: 11_700.0,
                    min: Celsius(-0.9)
                },
            ]
        );
        assert_eq!(a.min, Celsius(-1.2));
        assert_eq!(
            a.product.checks[1].detail,
            "2 freeze event(s) below -0.5 C, lowest -1.2 C"
        );
        assert!(!a.pass());
        // Not freeze-sensitive: no events, no freeze check.
        let a = assess(&steps, &ExcursionRules::for_range(TempRange::new(2.0, 8.0))).unwrap();
        assert!(a.freeze_events.is_empty());
        assert_eq!(ids(&a.product), vec![("range", false)]);
    }

    #[test]
    fn usp_rules_apply_to_controlled_cold_only() {
        let a = assess(
            &[st(24.0, 20.0)],
            &ExcursionRules::for_range(TempRange::new(15.0, 25.0)),
        )
        .unwrap();
        assert!(!a.usp.applicable);
        assert!(a.usp.pass);
        assert!(a.pass());
    }

    #[test]
    fn spike_above_15_c_fails_usp() {
        let a = assess(&[st(23.0, 4.0), st(1.0, 16.0)], &cold_chain()).unwrap();
        assert!(!a.usp.pass);
        assert_eq!(
            a.usp.checks[1].detail,
            "highest reading +16.0 C (limit +15.0 C)"
        );
    }

    #[test]
    fn empty_record_is_an_error() {
        assert_eq!(assess(&[], &cold_chain()), Err(Error::EmptyRecord));
        assert_eq!(
            assess(&[st(0.0, 5.0)], &cold_chain()),
            Err(Error::EmptyRecord)
        );
    }

    #[test]
    fn excursions_are_listed_by_side_and_end_at_gaps() {
        let steps = [
            st(1.0, 5.0),
            st(0.5, 9.0),
            st(0.5, 11.0),
            st(0.25, 1.0),
            st(1.0, 5.0),
            st(0.5, 12.0),
            st(0.0, 12.0), // the reading before a gap
            st(2.0, 12.0), // the gap
            st(0.5, 13.0),
            st(0.0, 4.0),
        ];
        let gaps = [Gap {
            step: 7,
            start_s: 4.75 * 3600.0,
            end_s: 6.75 * 3600.0,
            after_line: 8,
            before_line: 9,
        }];
        let a = assess_with_gaps(
            &steps,
            &gaps,
            &ExcursionRules::for_range(TempRange::new(2.0, 8.0)),
        )
        .unwrap();
        let h = |x: f64| x * 3600.0;
        assert_eq!(
            a.excursions,
            vec![
                ExcursionEvent {
                    start_s: h(1.0),
                    end_s: h(2.0),
                    side: Side::Above,
                    peak: Celsius(11.0)
                },
                ExcursionEvent {
                    start_s: h(2.0),
                    end_s: h(2.25),
                    side: Side::Below,
                    peak: Celsius(1.0)
                },
                ExcursionEvent {
                    start_s: h(3.25),
                    end_s: h(3.75),
                    side: Side::Above,
                    peak: Celsius(12.0)
                },
                ExcursionEvent {
                    start_s: h(5.75),
                    end_s: h(6.25),
                    side: Side::Above,
                    peak: Celsius(13.0)
                },
            ]
        );
        // The gap is not held at +12 C: it is unknown, and fails the record.
        assert_eq!(a.time_unknown_s, h(2.0));
        assert_eq!(a.time_above_range_s, h(2.0));
        assert_eq!(a.time_below_range_s, h(0.25));
        assert_eq!(a.duration_s, h(6.25));
        let gaps_check = a.product.checks.iter().find(|c| c.id == "gaps").unwrap();
        assert!(!gaps_check.pass);
        assert_eq!(
            gaps_check.detail,
            "2h 00m without readings in 1 gap(s); the temperature there is unknown"
        );
        // MKT over known time only: the same as the record without the gap step.
        let mut known = steps.to_vec();
        known.remove(7);
        let b = assess(&known, &ExcursionRules::for_range(TempRange::new(2.0, 8.0))).unwrap();
        assert!((a.mkt.0 - b.mkt.0).abs() < 1e-9);
        assert!((a.max_mkt_24h.mkt.0 - b.max_mkt_24h.mkt.0).abs() < 1e-9);
        assert!(b.product.checks.iter().all(|c| c.id != "gaps"));
    }
}
