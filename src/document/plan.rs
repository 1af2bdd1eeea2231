//! `coldroute plan --json`: schema `coldroute.plan/2` (docs/json-output.md).
//!
//! A timetable scenario ([`Mode::Timetable`]) has no temperature model:
//! every thermal field is `null` (`mode` says `timetable`).

use schemars::JsonSchema;
use serde::Serialize;

use crate::planner::render::{notable_rejections, RenderOptions};
use crate::planner::{Cut, Planned};
use crate::resilience::{Assessment, Proportion, Quantile};
use crate::scenario::{Mode, Scenario, Shipment};
use crate::thermal::ExposureRules;
use crate::units::Celsius;

use super::{celsius, milli, Instant};

/// The schema name and version of [`PlanDocument`].
pub const SCHEMA: &str = "coldroute.plan/2";

/// The plans of every shipment of one scenario.
#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
pub struct PlanDocument {
    /// `coldroute.plan/2`.
    #[schemars(extend("const" = "coldroute.plan/2"))]
    pub schema: &'static str,
    /// The scenario file as given on the command line (or the feed of an
    /// ad-hoc query).
    pub scenario: String,
    /// One entry per shipment, in the scenario's order.
    pub shipments: Vec<ShipmentPlans>,
}

impl PlanDocument {
    /// A document of `shipments` planned on the scenario read from `scenario`.
    pub fn new(scenario: String, shipments: Vec<ShipmentPlans>) -> PlanDocument {
        PlanDocument {
            schema: SCHEMA,
            scenario,
            shipments,
        }
    }
}

/// Whether a document carries the temperature model's figures.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum ModeName {
    /// A scenario with products, packaging and climates.
    ColdChain,
    /// An ad-hoc `--gtfs`/`--ssim` query: arrivals and vehicles only.
    Timetable,
}

/// One shipment: its query, verdict, plans and what cut the search.
#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
pub struct ShipmentPlans {
    /// The shipment id.
    pub id: String,
    /// `cold-chain`, or `timetable` (every thermal field `null`).
    pub mode: ModeName,
    /// The product id (`null` in timetable mode).
    pub product: Option<String>,
    /// The packaging id (`null` in timetable mode).
    pub packaging: Option<String>,
    /// Origin hub code.
    pub from: String,
    /// Destination hub code.
    pub to: String,
    /// When the shipment is ready at its origin.
    pub ready_utc: Instant,
    /// At least one plan keeps the product within its limits.
    pub feasible: bool,
    /// Some chain of connections reaches the destination within the
    /// planning horizon, whatever the temperature and the legs.
    pub reachable: bool,
    /// The recommended plan meets every SLA limit.
    pub meets_sla: bool,
    /// The shipment's SLA limits.
    pub sla: SlaLimits,
    /// Recommended first, then up to `--alternatives` more, by arrival.
    pub plans: Vec<PlanEntry>,
    /// With `--explain`, or when nothing is feasible: faster itineraries
    /// that were dropped, and why.
    pub rejected: Vec<Rejected>,
    /// Limits that cut the search; empty when it saw everything.
    pub incomplete: Vec<Incomplete>,
    /// With `--robust N`: the simulated days (docs/resilience.md).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub robust: Option<Robust>,
}

/// The SLA limits of a shipment (thermal ones `null` in timetable mode).
#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
pub struct SlaLimits {
    /// Longest allowed transit, seconds.
    pub max_transit_s: i64,
    /// Least temperature margin left on delivery, seconds.
    pub min_margin_s: Option<i64>,
    /// Longest allowed time outside the product range, seconds.
    pub max_excursion_s: Option<i64>,
    /// Largest share of the stability budget used, 0 to 1.
    pub max_stability: Option<f64>,
}

/// One plan: its verdict, figures and steps.
#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
pub struct PlanEntry {
    /// 1 for the recommended plan, then by arrival.
    pub rank: usize,
    /// Whether this is the recommended plan.
    pub recommended: bool,
    /// The plan meets every SLA limit.
    pub meets_sla: bool,
    /// Delivery, UTC.
    pub arrival_utc: Instant,
    /// Delivery on the destination's clock.
    pub arrival_local: Instant,
    /// Ready to delivery, seconds.
    pub transit_s: i64,
    /// How long the container would still hold the product in range at
    /// the margin ambient, seconds; `null` when it would hold indefinitely
    /// (and in timetable mode).
    pub margin_s: Option<i64>,
    /// The ambient the margin is computed at, C.
    pub margin_ambient_c: Option<f64>,
    /// The plan's cost (flight and road costs, in the scenario's unit).
    pub cost: f64,
    /// Changes of vehicle.
    pub transfers: usize,
    /// Share of the stability budget used, 0 to 1.
    pub stability_used: Option<f64>,
    /// Time outside the product range, seconds.
    pub out_of_range_s: Option<i64>,
    /// The payload fell below the freeze limit.
    pub frozen: Option<bool>,
    /// Mean kinetic temperature over the trip, C.
    pub mkt_c: Option<f64>,
    /// Coldest payload, C.
    pub payload_min_c: Option<f64>,
    /// Warmest payload, C.
    pub payload_max_c: Option<f64>,
    /// The steps, in order.
    pub steps: Vec<StepEntry>,
}

/// One step of a plan.
#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
pub struct StepEntry {
    /// `handling`, `dwell`, `apron`, `flight`, `road`, `ride`, `walk`,
    /// `re-ice`, `recharge`, `await-receipt` or `delivery`.
    pub kind: &'static str,
    /// What it is, e.g. `flight PEK-LAX-FR PEK-LAX`.
    pub label: String,
    /// A leg's service: the flight's or road's id, or a line's (a GTFS
    /// route's short name); `null` for other steps.
    pub service: Option<String>,
    /// A ride's trip (GTFS `trip_id`): two rides of one route on
    /// different trips are a change of vehicle; `null` for other steps.
    pub trip: Option<String>,
    /// Hub code where it starts.
    pub from: String,
    /// Hub code where it ends.
    pub to: String,
    /// Start, UTC.
    pub start_utc: Instant,
    /// End, UTC.
    pub end_utc: Instant,
    /// Start on the clock of `from`.
    pub start_local: Instant,
    /// End on the clock of `to`.
    pub end_local: Instant,
    /// `end - start`, seconds.
    pub duration_s: i64,
    /// Coldest ambient during the step, C.
    pub ambient_min_c: Option<f64>,
    /// Warmest ambient during the step, C.
    pub ambient_max_c: Option<f64>,
    /// Coldest payload during the step, C.
    pub payload_min_c: Option<f64>,
    /// Warmest payload during the step, C.
    pub payload_max_c: Option<f64>,
    /// Coolant left at the end of the step, kg (passive packaging).
    pub coolant_kg: Option<f64>,
    /// Battery left at the end of the step, hours (active packaging).
    pub battery_h: Option<f64>,
}

/// A faster itinerary the search dropped.
#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
pub struct Rejected {
    /// Its flight and road services, in order.
    pub services: Vec<String>,
    /// What went wrong and where.
    pub reason: String,
    /// The earliest delivery it could have reached.
    pub earliest_arrival_utc: Instant,
}

/// Which limit cut the search.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum LimitName {
    /// `--max-legs`.
    MaxLegs,
    /// `--label-budget`.
    LabelBudget,
}

/// A limit that cut the search.
#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
pub struct Incomplete {
    /// `max_legs` or `label_budget`.
    pub limit: LimitName,
    /// The limit's value (legs, or labels).
    pub value: usize,
    /// What it means and what to do.
    pub message: String,
}

/// The resilience figures of one shipment (`--robust N`).
#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
pub struct Robust {
    /// Simulated days per plan.
    pub draws: usize,
    /// The seed of the draws.
    pub seed: u64,
    /// The `[delays]` source, `""` when none.
    pub delay_source: String,
    /// One per plan shown, in the order shown.
    pub plans: Vec<RobustPlan>,
    /// The first plan's legs (on-demand roads excepted): the backup when
    /// each is missed.
    pub contingencies: Vec<ContingencyEntry>,
}

/// A share of simulated days and its binomial standard error.
#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
pub struct Share {
    /// The share, 0 to 1.
    pub p: f64,
    /// Its standard error.
    pub se: f64,
}

/// A quantile of simulated days.
#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
pub struct QuantileEntry {
    /// The probability, 0 to 1.
    pub q: f64,
    /// The value, seconds; `null` when unlimited or among days not delivered.
    pub value_s: Option<f64>,
    /// The container holds indefinitely.
    pub unlimited: bool,
    /// Standard error, seconds (`null` when not estimated).
    pub se_s: Option<f64>,
}

/// The simulated days of one plan.
#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
pub struct RobustPlan {
    /// Days that meet the SLA.
    pub meets_sla: Share,
    /// Days delivered at all.
    pub delivered: Share,
    /// Days out of the product range at any time.
    pub excursion: Share,
    /// Days below the freeze limit.
    pub freeze: Share,
    /// Days with at least one missed leg.
    pub replanned: Share,
    /// Transit p50, p90, p99.
    pub transit: Vec<QuantileEntry>,
    /// Margin p5, p50.
    pub margin: Vec<QuantileEntry>,
}

/// What the cargo does when it misses one leg.
#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
pub struct ContingencyEntry {
    /// Where it is stranded.
    pub hub: String,
    /// The missed leg.
    pub missed: String,
    /// When it is re-planned.
    pub replanned_utc: Instant,
    /// The backup plan; `null`: stranded.
    pub backup: Option<Backup>,
}

/// A backup plan after a missed leg.
#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
pub struct Backup {
    /// Its legs.
    pub legs: Vec<String>,
    /// Delivery, UTC.
    pub arrival_utc: Instant,
    /// Ready to delivery, seconds.
    pub transit_s: i64,
    /// Margin left, seconds; `null`: holds indefinitely.
    pub margin_s: Option<f64>,
    /// The backup meets the SLA.
    pub meets_sla: bool,
}

/// One shipment's plans (`robust` is `None`; see [`Robust::new`]).
pub fn shipment_plans(
    s: &Scenario,
    sh: &Shipment,
    planned: &Planned,
    opts: RenderOptions,
) -> ShipmentPlans {
    let rules = ExposureRules::for_product(&s.products[sh.product]);
    let thermal = s.mode == Mode::ColdChain;
    // A thermal figure, or `None` in timetable mode.
    fn th<T>(thermal: bool, v: T) -> Option<T> {
        thermal.then_some(v)
    }
    // A thermal temperature: `None` in timetable mode or when undefined.
    let temp = |c: Celsius| celsius(c).filter(|_| thermal);
    let plans = planned
        .plans
        .iter()
        .take(1 + opts.alternatives)
        .enumerate()
        .map(|(i, p)| {
            let sim = &p.simulation;
            let steps = p
                .itinerary
                .steps
                .iter()
                .zip(&sim.steps)
                .map(|(st, r)| StepEntry {
                    kind: st.kind_name(),
                    label: st.label(s),
                    service: st.service(s).map(str::to_string),
                    trip: st.trip(s).map(str::to_string),
                    from: s.hubs[st.start_hub(s)].code.clone(),
                    to: s.hubs[st.end_hub(s)].code.clone(),
                    start_utc: Instant::utc(st.start),
                    end_utc: Instant::utc(st.end),
                    start_local: Instant::local(&s.hubs[st.start_hub(s)].tz, st.start),
                    end_local: Instant::local(&s.hubs[st.end_hub(s)].tz, st.end),
                    duration_s: st.duration().0,
                    ambient_min_c: temp(r.ambient_min),
                    ambient_max_c: temp(r.ambient_max),
                    payload_min_c: temp(r.payload_min),
                    payload_max_c: temp(r.payload_max),
                    coolant_kg: th(thermal, milli(r.end.coolant_kg)),
                    battery_h: th(thermal, milli(r.end.battery_h)),
                })
                .collect();
            PlanEntry {
                rank: i + 1,
                recommended: i == 0,
                meets_sla: p.meets_sla,
                arrival_utc: Instant::utc(p.arrival),
                arrival_local: Instant::local(&s.hubs[sh.to].tz, p.arrival),
                transit_s: p.transit.0,
                margin_s: p.margin_s.filter(|_| thermal).map(|m| m.round() as i64),
                margin_ambient_c: temp(sim.margin_ambient),
                cost: p.cost,
                transfers: p.transfers,
                stability_used: th(thermal, sim.exposure.stability_used),
                out_of_range_s: th(thermal, sim.exposure.out_of_range_s.round() as i64),
                frozen: th(thermal, sim.exposure.frozen),
                mkt_c: sim.exposure.mkt(&rules).and_then(temp),
                payload_min_c: temp(sim.exposure.min_payload),
                payload_max_c: temp(sim.exposure.max_payload),
                steps,
            }
        })
        .collect();
    let before = planned.recommended().map(|p| p.arrival);
    let rejected = if opts.explain || planned.plans.is_empty() {
        notable_rejections(s, sh, planned, before, 8)
            .into_iter()
            .map(|(services, reason, t)| Rejected {
                services,
                reason,
                earliest_arrival_utc: Instant::utc(t),
            })
            .collect()
    } else {
        Vec::new()
    };
    ShipmentPlans {
        id: sh.id.clone(),
        mode: if thermal {
            ModeName::ColdChain
        } else {
            ModeName::Timetable
        },
        product: th(thermal, s.products[sh.product].id.clone()),
        packaging: th(thermal, s.packagings[sh.packaging].id.clone()),
        from: s.hubs[sh.from].code.clone(),
        to: s.hubs[sh.to].code.clone(),
        ready_utc: Instant::utc(sh.ready),
        feasible: !planned.plans.is_empty(),
        reachable: planned.earliest_delivery.is_some(),
        meets_sla: planned.recommended().is_some_and(|p| p.meets_sla),
        sla: SlaLimits {
            max_transit_s: sh.sla.max_transit.0,
            min_margin_s: th(thermal, sh.sla.min_margin.0),
            max_excursion_s: th(thermal, sh.sla.max_excursion.0),
            max_stability: th(thermal, sh.sla.max_stability),
        },
        plans,
        rejected,
        incomplete: planned
            .cuts
            .iter()
            .map(|c| {
                let (limit, value) = match c {
                    Cut::Legs { max_legs } => (LimitName::MaxLegs, usize::from(*max_legs)),
                    Cut::Budget { labels } => (LimitName::LabelBudget, *labels),
                };
                Incomplete {
                    limit,
                    value,
                    message: c.to_string(),
                }
            })
            .collect(),
        robust: None,
    }
}

fn share(p: &Proportion) -> Share {
    Share { p: p.p, se: p.se }
}

fn quantile(q: &Quantile) -> QuantileEntry {
    QuantileEntry {
        q: q.q,
        value_s: q.value.filter(|v| v.is_finite()),
        unlimited: q.value.is_some_and(f64::is_infinite),
        se_s: q.se,
    }
}

impl Robust {
    /// The assessment of one shipment as its `robust` entry.
    pub fn new(s: &Scenario, a: &Assessment) -> Robust {
        Robust {
            draws: a.plans.first().map_or(0, |r| r.draws),
            seed: a.plans.first().map_or(0, |r| r.seed),
            delay_source: s.delays.source.clone(),
            plans: a
                .plans
                .iter()
                .map(|r| RobustPlan {
                    meets_sla: share(&r.meets_sla),
                    delivered: share(&r.delivered),
                    excursion: share(&r.excursion),
                    freeze: share(&r.freeze),
                    replanned: share(&r.replanned),
                    transit: r.transit.iter().map(quantile).collect(),
                    margin: r.margin.iter().map(quantile).collect(),
                })
                .collect(),
            contingencies: a
                .contingencies
                .iter()
                .map(|c| ContingencyEntry {
                    hub: s.hubs[c.hub].code.clone(),
                    missed: c.missed.label(s),
                    replanned_utc: Instant::utc(c.at),
                    backup: c.backup.as_ref().map(|p| Backup {
                        legs: p.itinerary.legs().map(|st| st.label(s)).collect(),
                        arrival_utc: Instant::utc(p.arrival),
                        transit_s: p.transit.0,
                        margin_s: p.margin_s,
                        meets_sla: p.meets_sla,
                    }),
                })
                .collect(),
        }
    }
}
