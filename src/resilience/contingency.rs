//! Contingencies: for each departure of a plan, what the cargo does if it
//! misses it.

use crate::itinerary::{Itinerary, Step};
use crate::network::Network;
use crate::planner::{self, Config, Plan, Query};
use crate::scenario::Scenario;
use crate::units::Secs;

use super::{follow, Day, End};

/// The backup for one missed departure.
#[derive(Clone, Debug, PartialEq)]
pub struct Contingency {
    /// Where the cargo is when it misses the leg.
    pub hub: usize,
    /// The planned leg it misses.
    pub missed: Step,
    /// From when it is re-planned (a minute after the leg's cutoff).
    pub at: Secs,
    /// The re-planned recommendation; `None`: no way on (stranded).
    pub backup: Option<Plan>,
}

/// For each leg of `itinerary` but on-demand roads (planned for `q`), the plan the cargo would
/// follow if it missed that leg on an otherwise punctual day: re-planned
/// from the leg's origin a minute after its cutoff, in the state the
/// plan has it in then.
pub fn contingencies(
    s: &Scenario,
    net: &Network,
    q: &Query,
    itinerary: &Itinerary,
    cfg: &Config,
) -> Vec<Contingency> {
    let cfg = cfg.recommended_only();
    let pkg = &s.packagings[q.packaging].kind;
    let (state, exposure) = q.start_state(pkg);
    let start = (itinerary.start(), state, exposure);
    let mut out = Vec::new();
    for k in 0..itinerary.n_legs() {
        let f = follow(s, net, q, itinerary, &Day::none(), start, Some(k));
        let End::Missed { hub, at, leg, .. } = f.end else {
            continue;
        };
        // An on-demand road leaves when the cargo is ready: it cannot be
        // missed.
        if let crate::itinerary::StepKind::Road { road } = leg.kind {
            if s.roads[road].departures == crate::scenario::Departures::OnDemand {
                continue;
            }
        }
        let rq = q.resumed(hub, at, f.state, f.exposure);
        let backup = if hub == q.to {
            None
        } else {
            planner::plan(s, net, &rq, &cfg).plans.into_iter().next()
        };
        out.push(Contingency {
            hub,
            missed: leg,
            at,
            backup,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::planner::plan_shipment;

    /// A backup plan starts from the state the cargo is in when it misses a
    /// leg: the simulation it carries starts there too, and gives the
    /// margin the planner claims.
    #[test]
    fn a_backup_plan_carries_the_simulation_from_where_it_was_stranded() {
        let s =
            crate::scenario::load(include_str!("../../scenarios/pek-sal-coronavac.toml")).unwrap();
        let cfg = Config::default();
        let mut seen = 0;
        for sh in &s.shipments {
            let planned = plan_shipment(&s, sh, &cfg);
            let Some(p) = planned.recommended() else {
                continue;
            };
            let (start, end) = s.planning_window(sh.ready);
            let net = Network::build(&s, start, end);
            let q = Query::for_shipment(sh);
            for c in contingencies(&s, &net, &q, &p.itinerary, &cfg) {
                let Some(b) = c.backup else { continue };
                seen += 1;
                let m = b.simulation.margin_s.unwrap_or(f64::INFINITY);
                let pm = b.margin_s.unwrap_or(f64::INFINITY);
                assert!(m == pm || (m - pm).abs() <= 1.0, "{}: {m} vs {pm}", sh.id);
                // It continues the exposure of the trip so far instead of
                // starting from a fresh container.
                let fresh = crate::itinerary::simulate(&s, sh, &b.itinerary);
                assert!(
                    b.simulation.exposure.stability_used > fresh.exposure.stability_used,
                    "{}",
                    sh.id
                );
            }
        }
        assert!(seen > 0);
    }
}
