//! What a network keeps of each on-demand road to find its departures
//! without reading local clocks: the road's openings over the network's
//! window (computed by `model::opening`, the one definition) and two
//! shortcuts that give the same answers with no memory to search.

use crate::model::opening::{daily_window, first_open, openings, travel, Opening};
use crate::scenario::{Road, Scenario};
use crate::units::Secs;

/// What a network keeps of one on-demand road to find its departures
/// without touching the scenario: its openings, and two shortcuts that
/// give the same answers with no memory to search.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RoadTimes {
    /// The road's range in the network's array of openings.
    pub range: (u32, u32),
    /// `(open, close, offset)` when the road is open every day over the
    /// same local seconds `[open, close)` and the origin's UTC offset
    /// does not change in the window: a departure is then arithmetic.
    pub daily: Option<(u32, u32, i32)>,
    /// The travel time, when it does not depend on the hour.
    pub travel: Option<Secs>,
    /// The least travel time at any hour (`Road::profile`'s least
    /// point): a departure at `t` arrives at `t + least` or later.
    pub least: Secs,
    /// The road's destination (`Road::to`), kept here so that the
    /// reachability scans read one record per road.
    pub to: u32,
}

impl RoadTimes {
    /// The times of road `road` over `[from, to)`, its openings appended
    /// to `all`.
    pub fn new(
        s: &Scenario,
        road: usize,
        from: Secs,
        to: Secs,
        all: &mut Vec<Opening>,
    ) -> RoadTimes {
        let r = &s.roads[road];
        let a = all.len() as u32;
        all.extend(openings(s, road, from, to));
        let daily = daily_window(s, road);
        let periods = s.hubs[r.from].tz.offset_periods(from, to);
        RoadTimes {
            range: (a, all.len() as u32),
            daily: match (
                r.days == crate::time::Weekdays::DAILY,
                &periods[..],
                &daily[..],
            ) {
                (true, &[(_, offset)], &[(open, close)]) => Some((open, close, offset)),
                _ => None,
            },
            travel: match r.profile.points[..] {
                [(_, d)] => Some(d),
                _ => None,
            },
            least: r.profile.min(),
            to: r.to as u32,
        }
    }

    /// The earliest departure at or after `t` (at or after the window's
    /// start, before its end `to`) and the arrival: the same answer as
    /// [`first_open`] on the road's openings and [`travel`].
    pub fn departure(&self, all: &[Opening], r: &Road, t: Secs, to: Secs) -> Option<(Secs, Secs)> {
        let (dep, off) = match self.daily {
            Some((open, close, off)) => {
                let sod = (t.0 + i64::from(off)).rem_euclid(86_400) as u32;
                let wait = if sod >= open && sod < close {
                    0
                } else if sod < open {
                    open - sod
                } else {
                    86_400 - sod + open
                };
                let dep = t + Secs(i64::from(wait));
                if dep >= to {
                    return None;
                }
                (dep, off)
            }
            None => first_open(&all[self.range.0 as usize..self.range.1 as usize], t)?,
        };
        let travel = match self.travel {
            Some(d) => d,
            None => travel(r, dep, off),
        };
        Some((dep, dep + travel))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::opening::tests::{receiving_in, scenario, DST_WEEKS, RECEIVING_WINDOWS};

    #[test]
    fn the_networks_receipt_is_the_models_across_dst() {
        for window in RECEIVING_WINDOWS {
            let s = receiving_in(window);
            for start in DST_WEEKS {
                let net = crate::network::Network::build(&s, Secs(start), Secs(start + 4 * 86_400));
                for k in 0..700 {
                    let t = Secs(start + k * 397);
                    assert_eq!(net.receipt(1, t), s.receipt(1, t), "{window} at {t:?}");
                }
            }
        }
    }

    #[test]
    fn the_shortcuts_give_the_openings_answers() {
        // A daily road in a zone without DST (the shortcut), the same in
        // a window across a DST change, and a road on some days only
        // (both search their openings).
        for (tz, days, from) in [
            ("Asia/Shanghai", r#""daily""#, 1_616_716_800i64),
            ("Europe/Brussels", r#""daily""#, 1_616_716_800),
            ("Europe/Brussels", r#""daily""#, 1_620_000_000),
            ("UTC", r#""mon", "thu""#, 1_616_716_800),
        ] {
            let s = scenario(tz, "05:00-22:00", "00:00-24:00", days);
            let (from, to) = (Secs(from), Secs(from + 5 * 86_400));
            let mut all = Vec::new();
            let rt = RoadTimes::new(&s, 0, from, to, &mut all);
            let shortcut = tz == "Asia/Shanghai" || from.0 == 1_620_000_000;
            assert_eq!(rt.daily.is_some(), shortcut, "{tz} {days} {from:?}");
            assert_eq!(rt.travel, Some(Secs(3600)));
            let slow = RoadTimes {
                daily: None,
                travel: None,
                ..rt
            };
            for k in 0..2000 {
                let t = from + Secs(k * 211);
                let want = first_open(&all, t).map(|(d, off)| (d, d + travel(&s.roads[0], d, off)));
                assert_eq!(
                    rt.departure(&all, &s.roads[0], t, to),
                    want,
                    "{tz} at {t:?}"
                );
                assert_eq!(
                    slow.departure(&all, &s.roads[0], t, to),
                    want,
                    "{tz} at {t:?}"
                );
            }
        }
    }
}
