//! Pareto filtering and ranking of delivered itineraries, with the
//! documented resolution of every criterion.
//!
//! A planner does not care about a margin 20 seconds wider or a cost a
//! fraction of a unit lower: such plans are the same plan to them. So
//! outcomes are compared on a grid ([`Resolution`]): arrival to the
//! second, margin to the minute, cost to the unit, transfers exactly.
//! Among plans in one cell the best by rank is kept, and a plan whose only
//! advantage is a margin less than a minute wider (across a cell edge) is
//! dropped when another is visibly better. Both engines use these
//! functions; the oracle tests compare with the same tolerances.

use crate::itinerary::{simulate_from, Itinerary};
use crate::scenario::{Scenario, SlaFigures};
use crate::thermal::Exposure;
use crate::units::Secs;

use super::{Plan, Query};

/// The grid outcomes are compared on.
///
/// # Units
/// Margin in seconds, cost in the scenario's cost units.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Resolution {
    /// Margins in one step of this size count as equal, s.
    pub margin_s: f64,
    /// Costs in one step of this size count as equal.
    pub cost: f64,
}

/// The resolution plans are filtered with: margin 1 min, cost 1 unit.
pub const RESOLUTION: Resolution = Resolution {
    margin_s: 60.0,
    cost: 1.0,
};

/// A delivered itinerary's criteria, for Pareto filtering.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Outcome {
    /// Delivery, UTC seconds (minimise).
    pub arrival: Secs,
    /// Thermal margin, s, `f64::INFINITY` for indefinitely (maximise).
    pub margin_s: f64,
    /// Cost (minimise).
    pub cost: f64,
    /// Transfers (minimise).
    pub transfers: usize,
}

impl Outcome {
    /// The outcome on the grid: (arrival, margin step, cost step,
    /// transfers). An unlimited margin is the largest step.
    fn cell(&self) -> (i64, i64, i64, usize) {
        let m = if self.margin_s.is_finite() {
            (self.margin_s / RESOLUTION.margin_s).floor() as i64
        } else {
            i64::MAX
        };
        let c = (self.cost / RESOLUTION.cost).round() as i64;
        (self.arrival.0, m, c, self.transfers)
    }

    /// Whether `self` is at least as good as `o` in every criterion, on
    /// the grid.
    pub fn weakly_dominates(&self, o: &Outcome) -> bool {
        let (a, b) = (self.cell(), o.cell());
        a.0 <= b.0 && a.1 >= b.1 && a.2 <= b.2 && a.3 <= b.3
    }

    /// Whether `self` is no later, no dearer (to the cost step), with no
    /// more transfers and a margin less than one margin step narrower at
    /// most, and better where a planner sees it: earlier, a whole cost step
    /// cheaper or with fewer transfers.
    fn visibly_beats(&self, o: &Outcome) -> bool {
        let margin_ok = self.margin_s.is_infinite()
            || (o.margin_s.is_finite() && self.margin_s > o.margin_s - RESOLUTION.margin_s);
        let no_worse = self.arrival <= o.arrival
            && margin_ok
            && self.cost < o.cost + RESOLUTION.cost
            && self.transfers <= o.transfers;
        let visible = self.arrival < o.arrival
            || self.cost <= o.cost - RESOLUTION.cost
            || self.transfers < o.transfers;
        no_worse && visible
    }

    /// The ranking of alternatives: earlier, then wider margin, then
    /// cheaper, then fewer transfers (raw values, not the grid).
    pub fn rank_cmp(&self, o: &Outcome) -> std::cmp::Ordering {
        self.arrival
            .cmp(&o.arrival)
            .then(o.margin_s.total_cmp(&self.margin_s))
            .then(self.cost.total_cmp(&o.cost))
            .then(self.transfers.cmp(&o.transfers))
    }
}

/// Indices of the Pareto-optimal outcomes on the grid. Of outcomes in one
/// grid cell the best by [`Outcome::rank_cmp`] is kept (the first on a
/// tie), so the result does not depend on the order of equal plans.
pub fn pareto_front(outs: &[Outcome]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..outs.len()).collect();
    order.sort_by(|&i, &j| outs[i].rank_cmp(&outs[j]).then(i.cmp(&j)));
    let mut keep: Vec<usize> = Vec::new();
    // In rank order, an outcome is dominated on the grid only by one ranked
    // before it (a dominating one is never later in arrival), so one pass
    // against the kept ones suffices.
    for i in order {
        if !keep.iter().any(|&k| outs[k].weakly_dominates(&outs[i])) {
            keep.push(i);
        }
    }
    // Grid cells have edges: margins 20 s apart can fall in two cells.
    // A plan whose only advantage is such a margin (less than one step
    // wider) while another kept plan is visibly better (earlier, a whole
    // cost unit cheaper or fewer transfers) and no worse otherwise is
    // dropped. Removers are taken in the order (arrival, cost, transfers),
    // so every plan dropped is covered by a plan kept.
    keep.sort_by(|&i, &j| {
        let (a, b) = (&outs[i], &outs[j]);
        a.arrival
            .cmp(&b.arrival)
            .then(a.cost.total_cmp(&b.cost))
            .then(a.transfers.cmp(&b.transfers))
            .then(b.margin_s.total_cmp(&a.margin_s))
            .then(i.cmp(&j))
    });
    let mut kept: Vec<usize> = Vec::with_capacity(keep.len());
    for i in keep {
        if !kept.iter().any(|&k| outs[k].visibly_beats(&outs[i])) {
            kept.push(i);
        }
    }
    kept.sort_unstable();
    kept
}

/// A delivered candidate as an engine found it: its whole itinerary, its
/// criteria and its exposure.
#[derive(Clone, Debug)]
pub struct Delivery {
    /// From ready to delivered.
    pub itinerary: Itinerary,
    /// Its criteria.
    pub outcome: Outcome,
    /// Its exposure.
    pub exposure: Exposure,
}

/// The Pareto plans among `delivered`, the recommended one first (meets
/// the SLA, then earliest, then widest margin, then cheapest, then fewest
/// transfers), then the others by the same ranking without the SLA.
pub fn rank_plans(s: &Scenario, q: &Query, delivered: Vec<Delivery>) -> Vec<Plan> {
    let outs: Vec<Outcome> = delivered.iter().map(|d| d.outcome).collect();
    let front = pareto_front(&outs);
    let mut plans: Vec<(Outcome, Plan)> = Vec::with_capacity(front.len());
    let mut delivered: Vec<Option<Delivery>> = delivered.into_iter().map(Some).collect();
    for i in front {
        let Some(d) = delivered[i].take() else {
            continue;
        };
        plans.push((d.outcome, plan_of(s, q, d)));
    }
    plans.sort_by(|a, b| b.1.meets_sla.cmp(&a.1.meets_sla).then(a.0.rank_cmp(&b.0)));
    if plans.len() > 1 {
        let first = plans.remove(0);
        plans.sort_by(|a, b| a.0.rank_cmp(&b.0));
        plans.insert(0, first);
    }
    plans.into_iter().map(|(_, p)| p).collect()
}

fn plan_of(s: &Scenario, q: &Query, d: Delivery) -> Plan {
    let out = d.outcome;
    let transit = out.arrival - q.ready;
    let (state, exposure) = q.start_state(&s.packagings[q.packaging].kind);
    let simulation = simulate_from(s, &q.as_shipment(""), state, exposure, &d.itinerary);
    let meets_sla = q
        .sla
        .judge(&SlaFigures {
            transit,
            margin_s: out.margin_s,
            out_of_range_s: d.exposure.out_of_range_s,
            stability_used: d.exposure.stability_used,
            frozen: d.exposure.frozen,
        })
        .pass();
    Plan {
        itinerary: d.itinerary,
        arrival: out.arrival,
        transit,
        margin_s: out.margin_s.is_finite().then_some(out.margin_s),
        cost: out.cost,
        transfers: out.transfers,
        stability_used: d.exposure.stability_used,
        out_of_range_s: d.exposure.out_of_range_s,
        meets_sla,
        simulation,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn o(arrival: i64, margin_s: f64, cost: f64, transfers: usize) -> Outcome {
        Outcome {
            arrival: Secs(arrival),
            margin_s,
            cost,
            transfers,
        }
    }

    #[test]
    fn near_equal_margins_merge_and_the_wider_is_kept() {
        let outs = [
            o(100, 3600.2, 0.0, 0),
            o(100, 3600.5, 0.0, 0),
            o(100, 3660.0, 0.0, 0),
        ];
        // 3660 is a whole minute wider than the other two.
        assert_eq!(pareto_front(&outs), vec![2]);
        let outs = [o(100, 3600.2, 0.0, 0), o(100, 3600.5, 0.0, 0)];
        assert_eq!(pareto_front(&outs), vec![1]);
    }

    #[test]
    fn a_margin_a_few_seconds_wider_across_a_cell_edge_does_not_keep_a_dearer_plan() {
        // 3659 s and 3661 s are in different minute cells; the dearer plan
        // with two more transfers is worse in every way a planner sees.
        let outs = [o(100, 3661.0, 900.0, 3), o(100, 3659.0, 500.0, 1)];
        assert_eq!(pareto_front(&outs), vec![1]);
        // A whole minute wider is a trade-off.
        let outs = [o(100, 3720.0, 900.0, 3), o(100, 3659.0, 500.0, 1)];
        assert_eq!(pareto_front(&outs), vec![0, 1]);
    }

    #[test]
    fn the_front_of_a_front_is_itself() {
        // The engine builds itineraries only for the front, and
        // `rank_plans` filters that again: it must change nothing.
        let mut x: u64 = 7;
        let mut next = |m: u64| {
            x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            (x >> 33) % m
        };
        for _ in 0..2000 {
            let n = 1 + next(12) as usize;
            let outs: Vec<Outcome> = (0..n)
                .map(|_| {
                    let margin = if next(10) == 0 {
                        f64::INFINITY
                    } else {
                        next(400) as f64 * 7.5
                    };
                    o(
                        next(5) as i64 * 60,
                        margin,
                        next(6) as f64 * 0.7,
                        next(3) as usize,
                    )
                })
                .collect();
            let front = pareto_front(&outs);
            let sub: Vec<Outcome> = front.iter().map(|&i| outs[i]).collect();
            assert_eq!(
                pareto_front(&sub),
                (0..sub.len()).collect::<Vec<_>>(),
                "{outs:?}"
            );
        }
    }

    #[test]
    fn trade_offs_are_kept() {
        let outs = [
            o(100, 600.0, 5.0, 1),
            o(200, 7200.0, 5.0, 1),
            o(100, 600.0, 1.0, 2),
        ];
        assert_eq!(pareto_front(&outs), vec![0, 1, 2]);
    }

    #[test]
    fn a_fraction_of_a_cost_unit_does_not_keep_a_plan() {
        let outs = [o(100, 600.0, 5.2, 1), o(100, 600.0, 5.0, 1)];
        assert_eq!(pareto_front(&outs), vec![1]);
    }
}
