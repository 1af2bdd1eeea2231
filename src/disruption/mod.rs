//! Disruptions for `coldroute what-if`: a hub closed for a period, a
//! flight cancelled on a date or over a period, the ambient at hubs raised
//! by some degrees, a road slowed. [`Disruptions::scenario`] gives the
//! scenario with the heat and the slower roads (still a valid scenario:
//! climates stay ordered, road profiles stay FIFO); [`Disruptions::blocked`]
//! the departures a network built for it leaves out. [`what_if()`] plans
//! every shipment before and after. `parse.rs` reads them from a TOML file
//! (located errors) or from command-line specs.

mod parse;
pub mod render;
mod what_if;

pub use parse::{parse_file, parse_spec, DisruptionError, Kind};
pub use what_if::{first_failing, what_if, Compared, WhatIf};

use crate::network::Blocked;
use crate::scenario::{HubIdx, Scenario};
use crate::units::Secs;

/// The start of all time, for a disruption without a period.
pub const ALWAYS_FROM: Secs = Secs(i64::MIN / 4);
/// The end of all time.
pub const ALWAYS_TO: Secs = Secs(i64::MAX / 4);

/// One disruption.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum Disruption {
    /// Hub `hub` closed over `[from, to)`: nothing leaves or arrives.
    Close {
        /// The hub.
        hub: HubIdx,
        /// From, UTC seconds.
        from: Secs,
        /// Until, UTC seconds.
        to: Secs,
    },
    /// Flight `flight`'s departures in `[from, to)` cancelled.
    Cancel {
        /// Index into `Scenario::flights`.
        flight: usize,
        /// From, UTC seconds.
        from: Secs,
        /// Until, UTC seconds.
        to: Secs,
    },
    /// The outdoor air at `hubs` raised by `by` K (monthly minima and
    /// maxima alike) over the whole run: a heat wave.
    Heat {
        /// The hubs.
        hubs: Vec<HubIdx>,
        /// Degrees, K (negative for a cold spell).
        by: f64,
    },
    /// Road `road` slower by `by` at every hour.
    Slow {
        /// Index into `Scenario::roads`.
        road: usize,
        /// Extra travel time.
        by: Secs,
    },
}

/// A set of disruptions, in the order given.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Disruptions {
    /// The disruptions.
    pub items: Vec<Disruption>,
}

fn period(from: Secs, to: Secs) -> String {
    match (from == ALWAYS_FROM, to == ALWAYS_TO) {
        (true, true) => "throughout".into(),
        (true, false) => format!("until {}", crate::time::format_utc(to)),
        (false, true) => format!("from {}", crate::time::format_utc(from)),
        (false, false) => format!(
            "{} to {}",
            crate::time::format_utc(from),
            crate::time::format_utc(to)
        ),
    }
}

impl Disruption {
    /// A short description: `close LAX 2021-04-05 00:00Z to 2021-04-06 00:00Z`.
    pub fn describe(&self, s: &Scenario) -> String {
        match self {
            Disruption::Close { hub, from, to } => {
                format!("close {} {}", s.hubs[*hub].code, period(*from, *to))
            }
            Disruption::Cancel { flight, from, to } => {
                format!("cancel {} {}", s.flights[*flight].id, period(*from, *to))
            }
            Disruption::Heat { hubs, by } => {
                let codes: Vec<&str> = hubs.iter().map(|&h| s.hubs[h].code.as_str()).collect();
                format!("heat {by:+} K at {}", codes.join(", "))
            }
            Disruption::Slow { road, by } => {
                format!("slow road {} by {by}", s.roads[*road].id)
            }
        }
    }
}

impl Disruptions {
    /// The scenario with the heat and the slower roads applied.
    pub fn scenario(&self, s: &Scenario) -> Scenario {
        let mut out = s.clone();
        for d in &self.items {
            match d {
                Disruption::Heat { hubs, by } => {
                    for &h in hubs {
                        let c = &mut out.hubs[h].climate;
                        for m in 0..12 {
                            c.min[m] += by;
                            c.max[m] += by;
                        }
                    }
                }
                Disruption::Slow { road, by } => {
                    // A constant added to every point keeps the profile
                    // FIFO.
                    for p in &mut out.roads[*road].profile.points {
                        p.1 = p.1 + *by;
                    }
                }
                Disruption::Close { .. } | Disruption::Cancel { .. } => {}
            }
        }
        out
    }

    /// The departures a network leaves out for these disruptions.
    pub fn blocked(&self) -> Blocked {
        let mut b = Blocked::default();
        for d in &self.items {
            match *d {
                Disruption::Close { hub, from, to } => b.hubs.push((hub, from, to)),
                Disruption::Cancel { flight, from, to } => b.flights.push((flight, from, to)),
                Disruption::Heat { .. } | Disruption::Slow { .. } => {}
            }
        }
        b
    }
}
