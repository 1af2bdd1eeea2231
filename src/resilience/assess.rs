//! Assessing the plans of one shipment: the Monte Carlo of every plan
//! shown, optionally ranked by reliability, and the contingencies of the
//! first.

use crate::network::Network;
use crate::planner::{Config, Planned, Query};
use crate::scenario::Scenario;

use super::{contingencies, monte_carlo, Assessment, Options};

/// How the plans shown are ordered.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum Rank {
    /// The planner's order: the recommended plan first.
    #[default]
    Planner,
    /// By P(meets the SLA), highest first; ties keep the planner's order.
    Reliability,
}

/// Simulates the first `shown` plans of `planned` (the answer to `q`);
/// with [`Rank::Reliability`] reorders them in `planned` by P(meets the
/// SLA). The contingencies are those of the plan that ends up first.
#[allow(clippy::too_many_arguments)]
pub fn assess(
    s: &Scenario,
    net: &Network,
    q: &Query,
    planned: &mut Planned,
    shown: usize,
    cfg: &Config,
    opts: &Options,
    rank: Rank,
) -> Assessment {
    let n = shown.min(planned.plans.len());
    let mut robust: Vec<_> = planned.plans[..n]
        .iter()
        .map(|p| monte_carlo(s, net, q, &p.itinerary, cfg, opts))
        .collect();
    if rank == Rank::Reliability && n > 1 {
        let mut order: Vec<usize> = (0..n).collect();
        order.sort_by(|&a, &b| robust[b].meets_sla.p.total_cmp(&robust[a].meets_sla.p));
        let plans: Vec<_> = order.iter().map(|&i| planned.plans[i].clone()).collect();
        planned.plans.splice(..n, plans);
        let mut taken: Vec<_> = robust.into_iter().map(Some).collect();
        robust = order.iter().filter_map(|&i| taken[i].take()).collect();
    }
    let contingencies = planned
        .plans
        .first()
        .map(|p| contingencies(s, net, q, &p.itinerary, cfg))
        .unwrap_or_default();
    Assessment {
        plans: robust,
        contingencies,
    }
}
