//! One simulated day: every delay of it, drawn once per service instance.

use crate::delay::Delay;
use crate::itinerary::StepKind;
use crate::scenario::Scenario;
use crate::units::Secs;

/// A simulated day: draw `index` of a run seeded with `seed`. Every
/// random figure is a pure function of (seed, index, what is drawn), so a
/// flight instance has one delay that day whoever asks, in whatever
/// order, on whatever thread; `Day::none()` draws no delay at all.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Day {
    key: u64,
    none: bool,
}

/// What a draw is for (part of its key).
#[derive(Clone, Copy)]
enum Tag {
    Flight = 1,
    Road = 2,
    Ride = 3,
    OnDemand = 4,
    Handling = 5,
    Apron = 6,
    Cancel = 7,
}

fn splitmix(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

impl Day {
    /// Day `index` of the run seeded with `seed`.
    pub fn new(seed: u64, index: u64) -> Day {
        Day {
            key: splitmix(splitmix(seed) ^ index),
            none: false,
        }
    }

    /// A day on which everything runs to schedule.
    pub fn none() -> Day {
        Day { key: 0, none: true }
    }

    /// A uniform number in [0, 1) for `tag` of item `a` at `b`.
    fn unit(&self, tag: Tag, a: u64, b: i64) -> f64 {
        let h = splitmix(splitmix(splitmix(self.key ^ tag as u64) ^ a) ^ b as u64);
        (h >> 11) as f64 / (1u64 << 53) as f64
    }

    fn draw(&self, d: &Delay, tag: Tag, a: u64, b: i64, can_cancel: bool) -> Option<Secs> {
        if self.none {
            return Some(Secs(0));
        }
        if can_cancel && d.cancel > 0.0 && d.cancelled(self.unit(Tag::Cancel, a ^ tag as u64, b)) {
            return None;
        }
        Some(d.sample(self.unit(tag, a, b)))
    }

    /// The departure delay of leg `kind` scheduled to leave `from` at
    /// `dep`; `None` when it is cancelled that day. A ride's delay is its
    /// whole run's; an on-demand road's is extra travel time (drawn per
    /// road and hour of departure).
    pub fn leg(&self, s: &Scenario, kind: &StepKind, from: usize, dep: Secs) -> Option<Secs> {
        let d = &s.delays;
        match *kind {
            StepKind::Flight { flight } => self.draw(
                d.flight(flight, from),
                Tag::Flight,
                flight as u64,
                dep.0,
                true,
            ),
            StepKind::Road { road } => {
                let on_demand = s.roads[road].departures == crate::scenario::Departures::OnDemand;
                if on_demand {
                    self.draw(
                        d.road(road, from),
                        Tag::OnDemand,
                        road as u64,
                        dep.0.div_euclid(3600),
                        false,
                    )
                } else {
                    self.draw(d.road(road, from), Tag::Road, road as u64, dep.0, true)
                }
            }
            StepKind::Ride { line, run, .. } => self.draw(
                d.ride(from),
                Tag::Ride,
                (u64::from(line) << 32) | u64::from(run),
                0,
                true,
            ),
            _ => Some(Secs(0)),
        }
    }

    /// Extra handling time of cargo landed at `hub` at `at`.
    pub fn handling(&self, s: &Scenario, hub: usize, at: Secs) -> Secs {
        self.draw(
            s.delays.handling(hub),
            Tag::Handling,
            hub as u64,
            at.0,
            false,
        )
        .unwrap_or(Secs(0))
    }

    /// Extra apron time of cargo landed at `hub` at `at` by a flight.
    pub fn apron(&self, s: &Scenario, hub: usize, at: Secs) -> Secs {
        self.draw(s.delays.apron(hub), Tag::Apron, hub as u64, at.0, false)
            .unwrap_or(Secs(0))
    }
}
