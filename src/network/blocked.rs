//! Departures taken out of a network: hubs closed for a period and
//! flights cancelled (the disruptions of `coldroute what-if`).

use crate::units::Secs;

use super::{Departure, Service};

/// What a network leaves out. Intervals are UTC seconds, `[from, to)`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Blocked {
    /// Hubs closed: no flight or road leaves while it is closed (by its
    /// cutoff or departure) or arrives while it is closed (by its arrival
    /// or availability). Lines' vehicles still call (their runs are not
    /// cut).
    pub hubs: Vec<(usize, Secs, Secs)>,
    /// Flights cancelled: departures of flight `f` in the interval.
    pub flights: Vec<(usize, Secs, Secs)>,
}

fn inside(t: Secs, from: Secs, to: Secs) -> bool {
    from <= t && t < to
}

impl Blocked {
    /// Whether nothing is blocked.
    pub fn is_empty(&self) -> bool {
        self.hubs.is_empty() && self.flights.is_empty()
    }

    /// Whether departure `d` still runs.
    pub fn keeps(&self, d: &Departure) -> bool {
        if matches!(d.service, Service::Ride { .. }) {
            return true;
        }
        if let Service::Flight(f) = d.service {
            if self
                .flights
                .iter()
                .any(|&(g, a, b)| g == f && inside(d.dep, a, b))
            {
                return false;
            }
        }
        !self.hubs.iter().any(|&(h, a, b)| {
            (h == d.from && (inside(d.cutoff, a, b) || inside(d.dep, a, b)))
                || (h == d.to && (inside(d.arr, a, b) || inside(d.avail, a, b)))
        })
    }

    /// When `hub`, closed at `t`, opens again; `None` when it is open.
    pub fn reopens(&self, hub: usize, t: Secs) -> Option<Secs> {
        self.hubs
            .iter()
            .filter(|&&(h, a, b)| h == hub && inside(t, a, b))
            .map(|&(_, _, b)| b)
            .max()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn flight(f: usize, from: usize, to: usize, dep: i64, arr: i64) -> Departure {
        Departure {
            service: Service::Flight(f),
            from,
            to,
            cutoff: Secs(dep - 60),
            dep: Secs(dep),
            arr: Secs(arr),
            avail: Secs(arr + 60),
        }
    }

    #[test]
    fn closures_and_cancellations_take_their_departures_out() {
        let b = Blocked {
            hubs: vec![(1, Secs(1000), Secs(2000))],
            flights: vec![(7, Secs(0), Secs(500))],
        };
        assert!(b.keeps(&flight(0, 0, 2, 100, 900)));
        // Leaves the closed hub, arrives there, or lands just as it closes.
        assert!(!b.keeps(&flight(0, 1, 2, 1500, 3000)));
        assert!(!b.keeps(&flight(0, 0, 1, 100, 1500)));
        assert!(!b.keeps(&flight(0, 0, 1, 100, 950)));
        assert!(b.keeps(&flight(0, 1, 2, 2100, 3000)));
        assert!(!b.keeps(&flight(7, 0, 2, 100, 900)));
        assert!(b.keeps(&flight(7, 0, 2, 600, 900)));
        assert_eq!(b.reopens(1, Secs(1500)), Some(Secs(2000)));
        assert_eq!(b.reopens(1, Secs(2000)), None);
    }
}
