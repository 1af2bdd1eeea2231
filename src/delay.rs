//! The delay model: how late a departure leaves, whether it is cancelled,
//! and how much longer handling and apron stays take than planned.
//!
//! A [`Delay`] is one distribution: an on-time probability with a
//! lognormal tail, or empirical quantiles, plus a cancellation
//! probability. [`Delays`] says which distribution applies where: a
//! flight's or road's own, else its origin hub's, else the default for its
//! kind (`[delays]` in the scenario, docs/resilience.md). The planner
//! never reads this; the Monte Carlo in `crate::resilience` draws from it.
//!
//! Units: delays in seconds, probabilities as fractions in `[0, 1]`.

use std::collections::BTreeMap;

use crate::units::Secs;

/// The default cap of a lognormal tail: no drawn delay is longer.
pub const DEFAULT_MAX_DELAY: Secs = Secs(12 * 3600);

/// How the late part of a delay distribution is shaped.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum Tail {
    /// Never late.
    None,
    /// A late departure's delay is lognormal with this median (s) and
    /// shape `sigma`, capped at `max`.
    LogNormal {
        /// Median of the late delays, s.
        median_s: f64,
        /// Standard deviation of the delay's logarithm.
        sigma: f64,
        /// The longest delay drawn.
        max: Secs,
    },
    /// Empirical quantiles: `(p, d)` says P(delay <= d) = p, increasing
    /// in both; linear between points, from (0, 0), and the last delay
    /// above the last point.
    Quantiles(Vec<(f64, Secs)>),
}

/// One delay distribution.
#[derive(Clone, Debug, PartialEq)]
pub struct Delay {
    /// Probability of no delay at all (for a lognormal tail).
    pub on_time: f64,
    /// The late part.
    pub tail: Tail,
    /// Probability that the departure does not run.
    pub cancel: f64,
}

impl Delay {
    /// Never late, never cancelled.
    pub const NONE: Delay = Delay {
        on_time: 1.0,
        tail: Tail::None,
        cancel: 0.0,
    };

    /// The delay at quantile `u` (uniform in `[0, 1)`): the inverse of the
    /// distribution function, to the whole minute (as delays are
    /// reported).
    pub fn sample(&self, u: f64) -> Secs {
        let s = match &self.tail {
            Tail::None => 0.0,
            Tail::LogNormal {
                median_s,
                sigma,
                max,
            } => {
                if u < self.on_time || self.on_time >= 1.0 {
                    0.0
                } else {
                    let v = ((u - self.on_time) / (1.0 - self.on_time)).clamp(1e-12, 1.0 - 1e-12);
                    (median_s * (sigma * inverse_normal(v)).exp()).min(max.0 as f64)
                }
            }
            Tail::Quantiles(q) => {
                let (mut p0, mut d0) = (0.0, 0.0);
                let mut out = q.last().map_or(0.0, |&(_, d)| d.0 as f64);
                for &(p, d) in q {
                    let d = d.0 as f64;
                    if u <= p {
                        out = if p > p0 {
                            d0 + (d - d0) * (u - p0) / (p - p0)
                        } else {
                            d
                        };
                        break;
                    }
                    (p0, d0) = (p, d);
                }
                out
            }
        };
        Secs(((s / 60.0).round().max(0.0) as i64) * 60)
    }

    /// Whether a departure whose cancellation draw is `u` (uniform in
    /// `[0, 1)`) is cancelled.
    pub fn cancelled(&self, u: f64) -> bool {
        u < self.cancel
    }

    /// Whether this distribution never delays and never cancels.
    pub fn is_none(&self) -> bool {
        self.cancel <= 0.0
            && match &self.tail {
                Tail::None => true,
                Tail::LogNormal { .. } => self.on_time >= 1.0,
                Tail::Quantiles(q) => q.iter().all(|&(_, d)| d.0 == 0),
            }
    }
}

/// Which delay distribution applies where.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Delays {
    /// Where the figures come from (`[delays] source`), for reports.
    pub source: String,
    /// Default for flights.
    pub flight: Option<Delay>,
    /// Default for timetabled and on-demand roads (for an on-demand road
    /// the delay is extra travel time: it leaves when the cargo is ready).
    pub road: Option<Delay>,
    /// Default for rides on timetabled lines (GTFS trips): one draw per
    /// trip, the whole run late by it.
    pub ride: Option<Delay>,
    /// Default extra time before landed cargo is available for its next
    /// departure (handling variation), at every hub.
    pub handling: Option<Delay>,
    /// Default extra apron time after a flight lands (the cargo waits on
    /// the apron longer than planned), at every airport.
    pub apron: Option<Delay>,
    /// Per hub: departures from it (flights and roads without their own).
    pub hub_departure: BTreeMap<usize, Delay>,
    /// Per hub: handling variation there.
    pub hub_handling: BTreeMap<usize, Delay>,
    /// Per hub: apron variation there.
    pub hub_apron: BTreeMap<usize, Delay>,
    /// Per flight (index into `Scenario::flights`): its own.
    pub flights: BTreeMap<usize, Delay>,
    /// Per road (index into `Scenario::roads`): its own.
    pub roads: BTreeMap<usize, Delay>,
}

impl Delays {
    /// Whether no delay is modelled anywhere.
    pub fn is_empty(&self) -> bool {
        let all = [
            &self.flight,
            &self.road,
            &self.ride,
            &self.handling,
            &self.apron,
        ];
        all.iter().all(|d| d.as_ref().is_none_or(Delay::is_none))
            && [
                &self.hub_departure,
                &self.hub_handling,
                &self.hub_apron,
                &self.flights,
                &self.roads,
            ]
            .iter()
            .all(|m| m.values().all(Delay::is_none))
    }

    /// The distribution of flight `f`'s departures from hub `from`.
    pub fn flight(&self, f: usize, from: usize) -> &Delay {
        self.flights
            .get(&f)
            .or_else(|| self.hub_departure.get(&from))
            .or(self.flight.as_ref())
            .unwrap_or(&Delay::NONE)
    }

    /// The distribution of road `r`'s departures from hub `from`.
    pub fn road(&self, r: usize, from: usize) -> &Delay {
        self.roads
            .get(&r)
            .or_else(|| self.hub_departure.get(&from))
            .or(self.road.as_ref())
            .unwrap_or(&Delay::NONE)
    }

    /// The distribution of a ride's trip, boarded at hub `from`.
    pub fn ride(&self, from: usize) -> &Delay {
        self.hub_departure
            .get(&from)
            .or(self.ride.as_ref())
            .unwrap_or(&Delay::NONE)
    }

    /// The handling variation at `hub`.
    pub fn handling(&self, hub: usize) -> &Delay {
        self.hub_handling
            .get(&hub)
            .or(self.handling.as_ref())
            .unwrap_or(&Delay::NONE)
    }

    /// The apron variation at `hub`.
    pub fn apron(&self, hub: usize) -> &Delay {
        self.hub_apron
            .get(&hub)
            .or(self.apron.as_ref())
            .unwrap_or(&Delay::NONE)
    }
}

/// The standard normal quantile function (Acklam's rational
/// approximation, relative error below 1.2e-9 on (0, 1)).
pub fn inverse_normal(p: f64) -> f64 {
    const A: [f64; 6] = [
        -3.969_683_028_665_376e1,
        2.209_460_984_245_205e2,
        -2.759_285_104_469_687e2,
        1.383_577_518_672_69e2,
        -3.066_479_806_614_716e1,
        2.506_628_277_459_239,
    ];
    const B: [f64; 5] = [
        -5.447_609_879_822_406e1,
        1.615_858_368_580_409e2,
        -1.556_989_798_598_866e2,
        6.680_131_188_771_972e1,
        -1.328_068_155_288_572e1,
    ];
    const C: [f64; 6] = [
        -7.784_894_002_430_293e-3,
        -3.223_964_580_411_365e-1,
        -2.400_758_277_161_838,
        -2.549_732_539_343_734,
        4.374_664_141_464_968,
        2.938_163_982_698_783,
    ];
    const D: [f64; 4] = [
        7.784_695_709_041_462e-3,
        3.224_671_290_700_398e-1,
        2.445_134_137_142_996,
        3.754_408_661_907_416,
    ];
    const LOW: f64 = 0.024_25;
    if p < LOW {
        let q = (-2.0 * p.ln()).sqrt();
        (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5])
            / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1.0)
    } else if p <= 1.0 - LOW {
        let q = p - 0.5;
        let r = q * q;
        (((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q
            / (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1.0)
    } else {
        -inverse_normal(1.0 - p)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inverse_normal_matches_known_quantiles() {
        for (p, z) in [
            (0.5, 0.0),
            (0.975, 1.959_963_985),
            (0.841_344_746, 1.0),
            (0.001, -3.090_232_306),
            (0.99, 2.326_347_874),
        ] {
            assert!(
                (inverse_normal(p) - z).abs() < 1e-6,
                "{p}: {}",
                inverse_normal(p)
            );
        }
    }

    #[test]
    fn lognormal_tail_has_its_on_time_share_and_median() {
        let d = Delay {
            on_time: 0.8,
            tail: Tail::LogNormal {
                median_s: 1800.0,
                sigma: 1.0,
                max: DEFAULT_MAX_DELAY,
            },
            cancel: 0.0,
        };
        assert_eq!(d.sample(0.0), Secs(0));
        assert_eq!(d.sample(0.79), Secs(0));
        // The median of the late part is at u = 0.8 + 0.2 / 2.
        assert_eq!(d.sample(0.9), Secs(1800));
        // e^(1.96) * 1800 at the 97.5 % point of the tail.
        let hi = d.sample(0.8 + 0.2 * 0.975).0 as f64;
        assert!((hi - 1800.0 * 1.959_964_f64.exp()).abs() <= 30.0, "{hi}");
        assert_eq!(hi % 60.0, 0.0);
        // Capped.
        assert_eq!(d.sample(0.999_999_999), DEFAULT_MAX_DELAY);
    }

    #[test]
    fn quantiles_interpolate_and_hold_the_last_delay() {
        let d = Delay {
            on_time: 1.0,
            tail: Tail::Quantiles(vec![
                (0.7, Secs(0)),
                (0.9, Secs(3600)),
                (0.99, Secs(4 * 3600)),
            ]),
            cancel: 0.01,
        };
        assert_eq!(d.sample(0.5), Secs(0));
        assert_eq!(d.sample(0.8), Secs(1800));
        assert_eq!(d.sample(0.995), Secs(4 * 3600));
        assert!(d.cancelled(0.005) && !d.cancelled(0.5));
        assert!(!d.is_none() && Delay::NONE.is_none());
    }

    #[test]
    fn the_most_specific_distribution_applies() {
        let late = |s| Delay {
            on_time: 0.0,
            tail: Tail::Quantiles(vec![(1.0, Secs(s))]),
            cancel: 0.0,
        };
        let mut d = Delays {
            flight: Some(late(600)),
            ..Delays::default()
        };
        d.hub_departure.insert(3, late(1200));
        d.flights.insert(7, late(1800));
        assert_eq!(d.flight(1, 1).sample(1.0), Secs(600));
        assert_eq!(d.flight(1, 3).sample(1.0), Secs(1200));
        assert_eq!(d.flight(7, 3).sample(1.0), Secs(1800));
        assert_eq!(d.road(0, 0), &Delay::NONE);
        assert!(!d.is_empty() && Delays::default().is_empty());
    }
}
