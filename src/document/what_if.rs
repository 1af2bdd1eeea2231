//! `coldroute what-if --json`: schema `coldroute.what-if/1`
//! (docs/resilience.md).

use schemars::JsonSchema;
use serde::Serialize;

use crate::disruption::{first_failing, Disruptions, WhatIf};
use crate::planner::Planned;
use crate::scenario::Scenario;

use super::Instant;

/// The schema name and version of [`WhatIfDocument`].
pub const SCHEMA: &str = "coldroute.what-if/1";

/// Every shipment planned before and after the disruptions.
#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
pub struct WhatIfDocument {
    /// `coldroute.what-if/1`.
    #[schemars(extend("const" = "coldroute.what-if/1"))]
    pub schema: &'static str,
    /// The scenario file as given.
    pub scenario: String,
    /// Each disruption, for people.
    pub disruptions: Vec<String>,
    /// Per shipment, in the scenario's order.
    pub shipments: Vec<Compared>,
    /// The counts.
    pub summary: Summary,
}

/// One shipment before and after.
#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
pub struct Compared {
    /// The shipment id.
    pub id: String,
    /// The recommended plan without the disruptions.
    pub before: Outcome,
    /// The recommended plan with them.
    pub after: Outcome,
    /// The recommended plan's legs changed.
    pub rerouted: bool,
    /// It met its SLA before and does not now.
    pub newly_fails: bool,
}

/// A plan's verdict.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, JsonSchema)]
pub enum Verdict {
    /// It meets the SLA.
    #[serde(rename = "pass")]
    Pass,
    /// It misses the SLA.
    #[serde(rename = "fail")]
    Fail,
    /// No feasible plan.
    #[serde(rename = "no plan")]
    NoPlan,
}

/// The recommended plan, or none.
#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
#[serde(untagged)]
pub enum Outcome {
    /// A plan.
    Plan {
        /// `pass` or `fail`.
        verdict: Verdict,
        /// The first SLA criterion it misses, `null` when it passes.
        first_failing: Option<&'static str>,
        /// Delivery, UTC.
        arrival_utc: Instant,
        /// Ready to delivery, seconds.
        transit_s: i64,
        /// Margin left, seconds; `null`: holds indefinitely.
        margin_s: Option<f64>,
        /// Its legs.
        legs: Vec<String>,
        /// Limits that cut the search (leg limit, label budget), as
        /// sentences: a better plan may exist; `[]` when it saw everything.
        incomplete: Vec<String>,
    },
    /// No feasible plan.
    None {
        /// `no plan`.
        verdict: Verdict,
        /// Why, as `coldroute plan` says it (a limit that cut the search
        /// is named).
        reason: String,
    },
}

/// The counts of a what-if.
#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
pub struct Summary {
    /// Shipments planned.
    pub shipments: usize,
    /// Shipments whose recommended plan changed.
    pub rerouted: usize,
    /// Ids of the shipments that newly fail their SLA.
    pub newly_failing: Vec<String>,
}

fn outcome(s: &Scenario, sh: usize, planned: &Planned) -> Outcome {
    match planned.recommended() {
        None => Outcome::None {
            verdict: Verdict::NoPlan,
            reason: crate::planner::render::no_plan_reason(s, &s.shipments[sh], planned),
        },
        Some(p) => Outcome::Plan {
            verdict: if p.meets_sla {
                Verdict::Pass
            } else {
                Verdict::Fail
            },
            first_failing: if p.meets_sla {
                None
            } else {
                first_failing(s, sh, p)
            },
            arrival_utc: Instant::utc(p.arrival),
            transit_s: p.transit.0,
            margin_s: p.margin_s,
            legs: p.itinerary.legs().map(|st| st.label(s)).collect(),
            incomplete: planned.cuts.iter().map(ToString::to_string).collect(),
        },
    }
}

impl WhatIfDocument {
    /// The what-if `r` of the disruptions `d` on `s`, read from `scenario`.
    pub fn new(s: &Scenario, scenario: &str, d: &Disruptions, r: &WhatIf) -> WhatIfDocument {
        WhatIfDocument {
            schema: SCHEMA,
            scenario: scenario.to_string(),
            disruptions: d.items.iter().map(|x| x.describe(s)).collect(),
            shipments: r
                .shipments
                .iter()
                .map(|c| Compared {
                    id: s.shipments[c.shipment].id.clone(),
                    before: outcome(s, c.shipment, &c.before),
                    after: outcome(&r.disrupted, c.shipment, &c.after),
                    rerouted: c.rerouted(),
                    newly_fails: c.newly_fails(),
                })
                .collect(),
            summary: Summary {
                shipments: r.shipments.len(),
                rerouted: r.shipments.iter().filter(|c| c.rerouted()).count(),
                newly_failing: r
                    .shipments
                    .iter()
                    .filter(|c| c.newly_fails())
                    .map(|c| s.shipments[c.shipment].id.clone())
                    .collect(),
            },
        }
    }
}
