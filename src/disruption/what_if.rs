//! Every shipment planned before and after a set of disruptions.

use crate::network::Blocked;
use crate::planner::{plan_shipments, plan_shipments_blocked, Config, Plan, Planned};
use crate::scenario::{Scenario, SlaFigures};

use super::Disruptions;

/// One shipment before and after.
#[derive(Clone, Debug)]
pub struct Compared {
    /// Index into `Scenario::shipments`.
    pub shipment: usize,
    /// Planned on the scenario as it is.
    pub before: Planned,
    /// Planned with the disruptions.
    pub after: Planned,
}

impl Compared {
    /// Whether the recommended plan met the SLA before.
    pub fn met_before(&self) -> bool {
        self.before.recommended().is_some_and(|p| p.meets_sla)
    }

    /// Whether it meets it after.
    pub fn meets_after(&self) -> bool {
        self.after.recommended().is_some_and(|p| p.meets_sla)
    }

    /// Whether the shipment met its SLA and no longer does.
    pub fn newly_fails(&self) -> bool {
        self.met_before() && !self.meets_after()
    }

    /// Whether the recommended plan is the same after, figure for figure
    /// (route, times, margin, verdict).
    pub fn unchanged(&self) -> bool {
        self.before.recommended() == self.after.recommended()
    }

    /// Whether the recommended route is another one after.
    pub fn rerouted(&self) -> bool {
        let legs =
            |p: Option<&Plan>| p.map(|p| p.itinerary.legs().map(|st| st.kind).collect::<Vec<_>>());
        legs(self.before.recommended()) != legs(self.after.recommended())
    }
}

/// The answer of a what-if.
#[derive(Clone, Debug)]
pub struct WhatIf {
    /// The scenario with the disruptions' heat and slower roads.
    pub disrupted: Scenario,
    /// The departures left out.
    pub blocked: Blocked,
    /// Every shipment, in the scenario's order.
    pub shipments: Vec<Compared>,
}

/// The first SLA criterion a plan fails, or `None`.
pub fn first_failing(s: &Scenario, sh: usize, p: &Plan) -> Option<&'static str> {
    s.shipments[sh]
        .sla
        .judge(&SlaFigures {
            transit: p.transit,
            margin_s: p.margin_s.unwrap_or(f64::INFINITY),
            out_of_range_s: p.out_of_range_s,
            stability_used: p.stability_used,
            frozen: false,
        })
        .first_failing()
}

/// Plans every shipment of `s` as it is and with `d` (the recommended
/// plans only: [`Config::recommended_only`]).
pub fn what_if(s: &Scenario, d: &Disruptions, cfg: &Config) -> WhatIf {
    // Only the recommended plans are compared.
    let cfg = &cfg.recommended_only();
    let before = plan_shipments(s, &s.shipments, cfg);
    let disrupted = d.scenario(s);
    let blocked = d.blocked();
    let after = plan_shipments_blocked(&disrupted, &disrupted.shipments, cfg, &blocked, || {});
    let shipments = before
        .into_iter()
        .zip(after)
        .enumerate()
        .map(|(shipment, (before, after))| Compared {
            shipment,
            before,
            after,
        })
        .collect();
    WhatIf {
        disrupted,
        blocked,
        shipments,
    }
}
