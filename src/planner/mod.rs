//! The route planner: a multi-criteria, time-dependent search with the
//! thermal state in every label.
//!
//! Two engines implement the same search space (docs/planner.md): the
//! connection scan ([`Engine::Scan`], `scan.rs`, the default) and the
//! first label-setting engine ([`Engine::Labels`], `labels.rs`), kept as a
//! second reference. They share the pieces around the search: the limits
//! and what cut a search (`limits.rs`), label dominance with its
//! resolution (`dominance.rs`), Pareto filtering and ranking
//! (`pareto.rs`), the reachability pre-pass (`reach.rs`), and the steps of
//! taking a departure (`crate::itinerary::take`). The brute-force oracle in
//! `tests.rs` runs against either engine.
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

mod dominance;
mod explain;
mod labels;
mod limits;
mod pareto;
mod queue;
pub mod reach;
pub mod render;
mod scan;

pub use dominance::{LabelResolution, LABEL_RESOLUTION};
pub use explain::{Rejection, RejectionReason};
pub use limits::{Cut, Limits};
pub use pareto::{pareto_front, Outcome, Resolution, RESOLUTION};

/// Most rejections kept for explanations.
const MAX_REJECTIONS: usize = 20_000;

/// Which search engine runs a query.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum Engine {
    /// The connection scan with a reachability pre-pass (`scan.rs`).
    #[default]
    Scan,
    /// The first engine: label setting in A* order with wait labels and
    /// equal-time dominance (`labels.rs`); slow, kept as a reference.
    Labels,
}

/// The default label budget: about 330 MB of labels and their bookkeeping
/// on a 64-bit machine (a label and its queue and bag entries take about
/// 160 bytes, measured on the 100-stop line fixture), room to spare on a
/// 24 GB machine.
pub const DEFAULT_LABEL_BUDGET: usize = 2_000_000;

/// The default leg limit for scenario shipments.
pub const DEFAULT_MAX_LEGS: u8 = 6;

/// The default leg limit for timetable (GTFS) queries: no practical limit.
pub const TIMETABLE_MAX_LEGS: u8 = 16;

use crate::itinerary::{Itinerary, Simulation, StepBuf, StepKind};
use crate::network::Network;
use crate::scenario::{Scenario, Shipment, Sla};
use crate::thermal::container::ContainerState;
use crate::thermal::{Exposure, PackagingKind};
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
    /// Set when the shipment is already on its way (re-planning after a
    /// missed connection): it is at `from` from `Resume::at` in the state
    /// given, with no acceptance handling. `ready` stays the shipment's
    /// own, so transit and the deadline count from it.
    pub resume: Option<Resume>,
}

/// Where and in what state a shipment already on its way is re-planned
/// from.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Resume {
    /// Available at the query's origin from this time, UTC seconds.
    pub at: Secs,
    /// Container state then.
    pub state: ContainerState,
    /// Exposure so far.
    pub exposure: Exposure,
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
            resume: None,
        }
    }

    /// This query for the same shipment already on its way: at `hub`
    /// from `at`, in `state` with `exposure` so far (re-planning).
    pub fn resumed(
        &self,
        hub: usize,
        at: Secs,
        state: ContainerState,
        exposure: Exposure,
    ) -> Query {
        Query {
            from: hub,
            resume: Some(Resume {
                at,
                state,
                exposure,
            }),
            ..self.clone()
        }
    }

    /// When the search starts at the origin: after acceptance handling,
    /// or when a re-planned shipment is there.
    pub fn start_time(&self, s: &Scenario) -> Secs {
        match &self.resume {
            Some(r) => r.at,
            None => self.ready + s.hubs[self.from].handling,
        }
    }

    /// The container state and exposure at [`Query::start_time`], before
    /// the origin's steps: freshly packed, or a re-planned shipment's.
    pub fn start_state(&self, pkg: &PackagingKind) -> (ContainerState, Exposure) {
        match &self.resume {
            Some(r) => (r.state, r.exposure),
            None => (
                ContainerState::fresh(pkg, self.payload_start),
                Exposure::new(),
            ),
        }
    }

    /// The steps at the origin before the search's first label: the
    /// acceptance handling, none when re-planning.
    pub fn origin_steps(&self, s: &Scenario) -> StepBuf {
        let mut steps = StepBuf::new();
        if self.resume.is_none() {
            steps.push_nonempty(
                StepKind::Handling { hub: self.from },
                self.ready,
                self.start_time(s),
            );
        }
        steps
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
    /// Which engine searches.
    pub engine: Engine,
    /// Most labels one search may create; when reached the search ends
    /// with the plans found so far and [`Cut::Budget`].
    pub label_budget: usize,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            max_legs: DEFAULT_MAX_LEGS,
            strict_sla: true,
            keep_rejections: true,
            window: Some(Secs(24 * 3600)),
            engine: Engine::default(),
            label_budget: DEFAULT_LABEL_BUDGET,
        }
    }
}

impl Config {
    /// This configuration for a caller that uses only the recommended plan
    /// (re-planning, what-if): no alternatives window and no explanations.
    /// The recommended plan (the earliest meeting the SLA, then the widest
    /// margin) is the same as with the window: the window only adds later
    /// alternatives (tests/it/resilience.rs checks it), and the search
    /// stops at the first delivery meeting the minimum margin.
    pub fn recommended_only(&self) -> Config {
        Config {
            keep_rejections: false,
            window: Some(Secs(0)),
            ..self.clone()
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
    /// The temperature model run once over the itinerary from the query's
    /// start state: what text, JSON and GeoJSON show, so that none of
    /// them simulates again (`sla::check_sla` still does, on purpose).
    pub simulation: Simulation,
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
    /// Labels dropped because a plan already delivered beats whatever
    /// they could still become (scan engine only; see `scan::Ctx::beaten`).
    pub beaten_by_plan: usize,
    /// Connections scanned (those the pre-pass left; scan engine only).
    pub connections: usize,
    /// Scans run for this search, each to a later deadline (scan engine
    /// only; see `scan::search`).
    pub passes: usize,
}

impl Stats {
    /// Adds the counters of another search (an earlier pass of the same
    /// query).
    pub fn add(&mut self, o: &Stats) {
        self.labels += o.labels;
        self.settled += o.settled;
        self.dominated += o.dominated;
        self.pruned_by_bound += o.pruned_by_bound;
        self.rejected_thermal += o.rejected_thermal;
        self.beaten_by_plan += o.beaten_by_plan;
        self.connections += o.connections;
        self.passes += o.passes;
    }
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
    /// Limits that stopped the search before it saw every itinerary
    /// (empty when it saw them all).
    pub cuts: Vec<Cut>,
    /// The earliest delivery by the search's deadline whatever the
    /// temperature and the number of legs (the pre-pass's exact
    /// earliest-arrival scan); `None`: no chain of connections reaches
    /// the destination in time at all.
    pub earliest_delivery: Option<Secs>,
}

impl Planned {
    /// The recommended plan, if any.
    pub fn recommended(&self) -> Option<&Plan> {
        self.plans.first()
    }
}

/// Runs one search for `q` over `net` with the engine `cfg` names.
pub fn search(s: &Scenario, net: &Network, q: &Query, cfg: &Config) -> Planned {
    match cfg.engine {
        Engine::Scan => scan::search(s, net, q, cfg),
        Engine::Labels => labels::search(s, net, q, cfg),
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
    for c in first.cuts {
        if !second.cuts.contains(&c) {
            second.cuts.push(c);
        }
    }
    second.cuts.sort();
    second
}

/// Plans a scenario shipment: builds the network over the shipment's
/// planning window and calls [`plan`].
pub fn plan_shipment(s: &Scenario, sh: &Shipment, cfg: &Config) -> Planned {
    let (start, end) = s.planning_window(sh.ready);
    let net = Network::build(s, start, end);
    plan(s, &net, &Query::for_shipment(sh), cfg)
}

/// Plans many shipments, in their order, building one network for each
/// group of shipments ready within one planning horizon of the group's
/// first (a network spans at most two horizons, so memory stays bounded
/// however far apart the shipments are). Each shipment's answer is the
/// one [`plan_shipment`] gives: a search never looks past its own
/// shipment's horizon ([`Limits::new`]). Groups and the shipments in them
/// are planned in parallel (rayon, one thread a core); each answer depends
/// only on its own shipment, so the result is the same whatever the
/// thread count.
pub fn plan_shipments(s: &Scenario, shipments: &[Shipment], cfg: &Config) -> Vec<Planned> {
    plan_shipments_with(s, shipments, cfg, || {})
}

/// [`plan_shipments`], calling `done` after each shipment (for a progress
/// display; from any thread, in no particular order).
pub fn plan_shipments_with(
    s: &Scenario,
    shipments: &[Shipment],
    cfg: &Config,
    done: impl Fn() + Sync,
) -> Vec<Planned> {
    plan_shipments_blocked(s, shipments, cfg, &crate::network::Blocked::default(), done)
}

/// [`plan_shipments_with`] over networks without the departures
/// `blocked` takes out (`coldroute what-if`).
pub fn plan_shipments_blocked(
    s: &Scenario,
    shipments: &[Shipment],
    cfg: &Config,
    blocked: &crate::network::Blocked,
    done: impl Fn() + Sync,
) -> Vec<Planned> {
    use rayon::prelude::*;
    let mut order: Vec<usize> = (0..shipments.len()).collect();
    order.sort_by_key(|&i| (shipments[i].ready, i));
    let mut groups: Vec<&[usize]> = Vec::new();
    let mut rest = &order[..];
    while let Some(&head) = rest.first() {
        let first = shipments[head].ready;
        let n = rest
            .iter()
            .take_while(|&&i| shipments[i].ready <= first + s.horizon)
            .count();
        let (group, tail) = rest.split_at(n);
        groups.push(group);
        rest = tail;
    }
    let graph = std::sync::Arc::new(crate::network::StaticGraph::new(s));
    let mut planned: Vec<(usize, Planned)> = groups
        .par_iter()
        .flat_map_iter(|group| {
            let first = shipments[group[0]].ready;
            let last = shipments[group[group.len() - 1]].ready;
            let net =
                Network::build_sharing(s, first, last + s.horizon, blocked.clone(), graph.clone());
            group
                .par_iter()
                .map(|&i| {
                    let p = plan(s, &net, &Query::for_shipment(&shipments[i]), cfg);
                    done();
                    (i, p)
                })
                .collect::<Vec<_>>()
        })
        .collect();
    planned.sort_by_key(|(i, _)| *i);
    planned.into_iter().map(|(_, p)| p).collect()
}

#[cfg(test)]
mod tests;
