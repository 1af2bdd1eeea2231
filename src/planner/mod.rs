//! The route planner: multi-criteria, time-dependent label setting with the
//! thermal state in every label.
//!
//! A *label* is a shipment at a hub at a time, with its container state
//! (payload temperature, coolant or battery), its exposure (stability
//! used, time out of range), its cost and its number of legs. Labels are
//! settled in time order; a label is dropped when another label at the same
//! hub, advanced by waiting to the same time, is at least as good in every
//! respect (dominance), when the payload freezes or leaves its range beyond
//! the allowance, or when a lower bound says the deadline cannot be met.
//! Dropped labels keep their reason for `--explain`.
//!
//! The result is the Pareto set of delivered itineraries over arrival time
//! (earliest), thermal margin (largest), cost (lowest) and transfers
//! (fewest), with the recommended plan first: the earliest arrival that
//! meets the SLA, ties broken by margin.
//!
//! See docs/planner.md for the itinerary space the search covers exactly.

mod explain;
pub mod render;
mod search;

pub use explain::{Rejection, RejectionReason};
pub use search::{pareto_front, search, Outcome};

use crate::itinerary::Itinerary;
use crate::network::Network;
use crate::scenario::{Scenario, Shipment, Sla};
use crate::units::{Celsius, Secs};

/// What to plan.
#[derive(Clone, Debug, PartialEq)]
pub struct Query {
    /// Origin hub.
    pub from: usize,
    /// Destination hub.
    pub to: usize,
    /// Ready at the origin, UTC seconds.
    pub ready: Secs,
    /// Index into `Scenario::products`.
    pub product: usize,
    /// Index into `Scenario::packagings`.
    pub packaging: usize,
    /// Payload temperature when packed.
    pub payload_start: Celsius,
    /// Service level to meet.
    pub sla: Sla,
}

impl Query {
    /// The query of a scenario shipment.
    pub fn for_shipment(sh: &Shipment) -> Query {
        Query {
            from: sh.from,
            to: sh.to,
            ready: sh.ready,
            product: sh.product,
            packaging: sh.packaging,
            payload_start: sh.payload_start,
            sla: sh.sla,
        }
    }

    /// The query as a shipment (for simulation).
    pub fn as_shipment(&self, id: &str) -> Shipment {
        Shipment {
            id: id.to_string(),
            product: self.product,
            packaging: self.packaging,
            from: self.from,
            to: self.to,
            ready: self.ready,
            payload_start: self.payload_start,
            sla: self.sla,
            span: 0..0,
        }
    }
}

/// Search settings.
#[derive(Clone, Debug, PartialEq)]
pub struct Config {
    /// Most flight and road legs in an itinerary.
    pub max_legs: u8,
    /// Treat the SLA's transit, excursion and stability limits as hard
    /// constraints (prune with them). When false only the product's own
    /// limits and the network window apply.
    pub strict_sla: bool,
    /// Keep rejected labels for explanations.
    pub keep_rejections: bool,
    /// Alternatives must arrive within this long after the earliest
    /// delivery that meets the minimum margin; `None` keeps every Pareto
    /// plan up to the deadline. Bounds the search on large networks.
    pub window: Option<Secs>,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            max_legs: 6,
            strict_sla: true,
            keep_rejections: true,
            window: Some(Secs(24 * 3600)),
        }
    }
}

/// A delivered itinerary and its figures, as the planner found them.
#[derive(Clone, Debug, PartialEq)]
pub struct Plan {
    /// The steps.
    pub itinerary: Itinerary,
    /// Delivered, UTC seconds.
    pub arrival: Secs,
    /// Door-to-door transit.
    pub transit: Secs,
    /// Thermal margin on delivery, s; `None` = indefinitely.
    pub margin_s: Option<f64>,
    /// Sum of leg costs.
    pub cost: f64,
    /// Legs minus one.
    pub transfers: usize,
    /// Stability budget used, fraction.
    pub stability_used: f64,
    /// Time out of the product range, s.
    pub out_of_range_s: f64,
    /// Whether the plan meets every SLA limit.
    pub meets_sla: bool,
}

/// Counters of one search.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Stats {
    /// Labels created.
    pub labels: usize,
    /// Labels settled (not dominated).
    pub settled: usize,
    /// Labels dropped by dominance.
    pub dominated: usize,
    /// Labels dropped by the deadline bound.
    pub pruned_by_bound: usize,
    /// Labels dropped for a thermal reason.
    pub rejected_thermal: usize,
}

/// The answer to a query.
#[derive(Clone, Debug)]
pub struct Planned {
    /// Pareto-optimal plans, the recommended one first, then by arrival.
    pub plans: Vec<Plan>,
    /// Whether the SLA limits had to be relaxed to find any plan (then no
    /// plan meets the SLA).
    pub relaxed: bool,
    /// Why candidate itineraries were dropped.
    pub rejections: Vec<Rejection>,
    /// Search counters.
    pub stats: Stats,
}

impl Planned {
    /// The recommended plan, if any.
    pub fn recommended(&self) -> Option<&Plan> {
        self.plans.first()
    }
}

/// Plans a query over a network: first with the SLA as hard limits; if that
/// finds nothing, again with only the product's own limits, so that the
/// best failing plan can be shown with the figures it misses by.
pub fn plan(s: &Scenario, net: &Network, q: &Query, cfg: &Config) -> Planned {
    let strict = Config {
        strict_sla: true,
        ..cfg.clone()
    };
    let mut first = search(s, net, q, &strict);
    if first.plans.iter().any(|p| p.meets_sla) {
        return first;
    }
    let relaxed_cfg = Config {
        strict_sla: false,
        ..cfg.clone()
    };
    let mut second = search(s, net, q, &relaxed_cfg);
    second.relaxed = true;
    // The strict search's reasons say why the SLA could not be met.
    first.rejections.append(&mut second.rejections);
    second.rejections = first.rejections;
    second
}

/// Plans a scenario shipment: builds the network over the shipment's
/// planning window and calls [`plan`].
pub fn plan_shipment(s: &Scenario, sh: &Shipment, cfg: &Config) -> Planned {
    let net = Network::build(s, sh.ready, sh.ready + s.horizon);
    plan(s, &net, &Query::for_shipment(sh), cfg)
}

#[cfg(test)]
mod tests;
