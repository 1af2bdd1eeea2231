//! From readings to a record: sample and hold, except across gaps.
//!
//! Each reading holds until the next one (piecewise constant), as logger
//! software computes MKT for equal sampling intervals. A pause between two
//! readings longer than the gap threshold is not held: it becomes a
//! [`Gap`], a stretch whose temperature is unknown, which the assessment
//! reports and does not count as in range. The default threshold is twice
//! the median interval between readings ([`DEFAULT_GAP_FACTOR`]); a
//! logger that records every 5 minutes has gaps from 10 minutes on.

use super::Reading;
use crate::thermal::excursion::Gap;
use crate::thermal::trajectory::Step;

/// The default gap threshold, in median reading intervals.
pub const DEFAULT_GAP_FACTOR: f64 = 2.0;

/// A record read from a logger: the steps to assess and the gaps in it.
#[derive(Clone, Debug, PartialEq)]
pub struct LoggerRecord {
    /// Sample-and-hold steps; a gap is one step of its own, marked in
    /// `gaps`.
    pub steps: Vec<Step>,
    /// Stretches without readings longer than `max_gap_s`, in time order.
    pub gaps: Vec<Gap>,
    /// The gap threshold used, s.
    pub max_gap_s: f64,
    /// The median interval between readings, s.
    pub median_interval_s: f64,
}

/// The median of the intervals between consecutive readings, s (the
/// lower middle one for an even count; 0 with fewer than two readings).
pub fn median_interval_s(readings: &[Reading]) -> f64 {
    let mut d: Vec<f64> = readings
        .windows(2)
        .map(|w| seconds(w[0].at, w[1].at))
        .collect();
    if d.is_empty() {
        return 0.0;
    }
    d.sort_by(f64::total_cmp);
    d[(d.len() - 1) / 2]
}

fn seconds(a: jiff::Timestamp, b: jiff::Timestamp) -> f64 {
    (b.as_nanosecond() - a.as_nanosecond()) as f64 / 1e9
}

/// Turns readings into a record. `max_gap_s` is the gap threshold (`None`:
/// twice the median interval): a pause longer than it is a gap, where the
/// reading before it holds for no time (it still counts for the minimum,
/// maximum and freeze checks) and the pause is unknown. The last reading is
/// a step of zero duration for the same reason.
pub fn record_from_readings(readings: &[Reading], max_gap_s: Option<f64>) -> LoggerRecord {
    let median = median_interval_s(readings);
    let max_gap_s = max_gap_s.unwrap_or(DEFAULT_GAP_FACTOR * median);
    let mut steps = Vec::with_capacity(readings.len() + 1);
    let mut gaps = Vec::new();
    let mut t = 0.0;
    for w in readings.windows(2) {
        let d = seconds(w[0].at, w[1].at);
        if d > max_gap_s {
            steps.push(Step {
                duration_s: 0.0,
                temp: w[0].temp,
            });
            gaps.push(Gap {
                step: steps.len(),
                start_s: t,
                end_s: t + d,
                after_line: w[0].line,
                before_line: w[1].line,
            });
        }
        steps.push(Step {
            duration_s: d,
            temp: w[0].temp,
        });
        t += d;
    }
    if let Some(last) = readings.last() {
        steps.push(Step {
            duration_s: 0.0,
            temp: last.temp,
        });
    }
    LoggerRecord {
        steps,
        gaps,
        max_gap_s,
        median_interval_s: median,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::units::Celsius;

    fn readings(at_min: &[i64]) -> Vec<Reading> {
        at_min
            .iter()
            .enumerate()
            .map(|(i, m)| Reading {
                at: jiff::Timestamp::from_second(1_616_911_200 + m * 60).unwrap(),
                temp: Celsius(i as f64),
                line: i + 2,
            })
            .collect()
    }

    #[test]
    fn sample_and_hold_without_gaps() {
        let r = record_from_readings(&readings(&[0, 5, 15]), None);
        let got: Vec<(f64, f64)> = r.steps.iter().map(|s| (s.duration_s, s.temp.0)).collect();
        assert_eq!(got, vec![(300.0, 0.0), (600.0, 1.0), (0.0, 2.0)]);
        // Median of 5 and 10 minutes (the lower middle): 5; threshold 10.
        assert_eq!(r.median_interval_s, 300.0);
        assert_eq!(r.max_gap_s, 600.0);
        assert!(r.gaps.is_empty());
    }

    #[test]
    fn a_long_pause_is_a_gap_not_held() {
        // Every 5 minutes, then six hours without a reading.
        let r = record_from_readings(&readings(&[0, 5, 10, 370, 375]), None);
        assert_eq!(
            r.gaps,
            vec![Gap {
                step: 3,
                start_s: 600.0,
                end_s: 22_200.0,
                after_line: 4,
                before_line: 5,
            }]
        );
        let got: Vec<(f64, f64)> = r.steps.iter().map(|s| (s.duration_s, s.temp.0)).collect();
        assert_eq!(
            got,
            vec![
                (300.0, 0.0),
                (300.0, 1.0),
                (0.0, 2.0),
                (21_600.0, 2.0),
                (300.0, 3.0),
                (0.0, 4.0)
            ]
        );
        // A threshold above the pause: held, as before.
        let r = record_from_readings(&readings(&[0, 5, 10, 370, 375]), Some(7.0 * 3600.0));
        assert!(r.gaps.is_empty());
        assert_eq!(r.steps.len(), 5);
    }
}
