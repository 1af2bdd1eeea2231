//! When one label makes another useless: thermal dominance with a
//! documented resolution.
//!
//! Two labels at the same hub and the same time are compared criterion by
//! criterion, the state on a grid ([`LABEL_RESOLUTION`]): values in one
//! cell count as equal, so near-equal labels (payloads 0.001 C apart,
//! coolant 0.1 g apart) merge instead of multiplying. The payload
//! temperature must be equal (a colder payload is not always better: it
//! may freeze later; a warmer one may leave the range), unless the cold
//! side cannot matter: when no ambient a delivering continuation can meet
//! is below the product's cold limits ([`Guard::cold_safe_from`]), a
//! colder payload and more coolant are better. More coolant or battery
//! otherwise only counts as better under the no-run-out guard explained
//! at [`no_worse`].

use std::cell::OnceCell;

use crate::network::{Network, Service};
use crate::scenario::{RoadAmbient, Scenario};
use crate::thermal::container::{
    coolant_rate_kg_per_s, drain_factor, working_temp, ContainerState,
};
use crate::thermal::{Exposure, ExposureRules, PackagingKind};
use crate::time::utc_to_local;
use crate::units::{Celsius, Secs};

use super::reach::Reach;

/// The grid labels are compared on.
///
/// # Units
/// Payload in C, coolant in kg, battery in hours, cost in the scenario's
/// units.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LabelResolution {
    /// Payload temperatures in one cell are equal, C.
    pub payload_c: f64,
    /// Coolant masses in one cell are equal, kg.
    pub coolant_kg: f64,
    /// Battery autonomies in one cell are equal, h.
    pub battery_h: f64,
    /// Costs in one cell are equal.
    pub cost: f64,
}

/// Payload 0.01 C, coolant 1 g, battery 0.01 h, cost 1 unit. The
/// exposures (stability used, time out of range) have hard limits and are
/// compared exactly. docs/planner.md says what this costs in exactness:
/// each merge may drop a label up to one cell better than the one it keeps.
pub const LABEL_RESOLUTION: LabelResolution = LabelResolution {
    payload_c: 0.01,
    coolant_kg: 0.001,
    battery_h: 0.01,
    cost: 1.0,
};

/// The grid cell of `x`: `x / step` rounded half away from zero (as
/// `f64::round`, without the library call `round` is on baseline x86-64).
fn cell(x: f64, step: f64) -> i64 {
    let y = x / step;
    (y + 0.5f64.copysign(y)) as i64
}

/// What the ambient a search can still meet allows dominance to assume:
/// the fastest reserve use, and whether the cold side can matter.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Guard {
    /// Fastest coolant use, kg/s.
    pub coolant_kg_per_s: f64,
    /// Fastest battery use, h/s.
    pub battery_h_per_s: f64,
    /// A payload at or above this temperature can never go below the
    /// product's range or freeze limit before the deadline, whatever the
    /// continuation; `None` when some ambient in reach is colder than those
    /// limits (or than the packaging's working temperature).
    ///
    /// Why that makes colder better: the payload relaxes towards a target
    /// (the coolant's phase temperature, the set point or the ambient,
    /// docs/thermal-model.md) with one time constant, and the coolant or
    /// battery use depends on the ambient only. So two labels with the same
    /// reserve facing the same ambient keep their order, the colder one
    /// always colder; a passive box with more coolant holds its payload at
    /// the phase temperature while the other drifts towards a warmer
    /// ambient, so it stays colder too. A payload never goes below the
    /// lowest of its own temperature and every target. When all of those
    /// are above the cold limits, the only limits left (time above the
    /// range, the stability budget, the margin at the destination) are all
    /// better colder.
    pub cold_safe_from: Option<Celsius>,
}

impl Guard {
    /// At the warmest and coldest ambient any step of the network could
    /// have ([`Network::ambient_extremes`]), with no cold-side
    /// assumption: the first engine's guard.
    pub fn new(net: &Network, pkg: &PackagingKind) -> Guard {
        Guard {
            cold_safe_from: None,
            ..Guard::within(pkg, None, net.ambient_extremes)
        }
    }

    /// For ambients within `(lo, hi)` and, with `rules`, the product's
    /// cold limits ([`Guard::cold_safe_from`]).
    pub fn within(
        pkg: &PackagingKind,
        rules: Option<&ExposureRules>,
        (lo, hi): (Celsius, Celsius),
    ) -> Guard {
        let cold_limit = rules.map(|r| {
            let freeze = r.freeze_limit.map_or(f64::NEG_INFINITY, |f| f.0);
            r.range.lo.0.max(freeze)
        });
        // The lowest target: the working temperature (phase or set
        // point) or the coldest ambient.
        let floor = lo.0.min(working_temp(pkg).0);
        let cold_safe_from = cold_limit.filter(|&c| floor >= c).map(Celsius);
        match pkg {
            PackagingKind::Passive(p) => Guard {
                coolant_kg_per_s: coolant_rate_kg_per_s(p, hi),
                battery_h_per_s: 0.0,
                cold_safe_from,
            },
            PackagingKind::Active(a) => Guard {
                coolant_kg_per_s: 0.0,
                battery_h_per_s: drain_factor(a, hi).max(drain_factor(a, lo)) / 3600.0,
                cold_safe_from,
            },
        }
    }
}

/// Per hub, the dominance guard for the ambient an itinerary delivered
/// by a search's deadline can still meet from there.
#[derive(Clone, Debug)]
pub struct Guards {
    /// Per hub, its ambient bounds ([`reachable_ambient`]) and the guard
    /// for them, made on first use (most hubs never compare labels).
    per_hub: Vec<((f64, f64), OnceCell<Guard>)>,
    world: Guard,
    pkg: PackagingKind,
    rules: ExposureRules,
}

impl Guards {
    /// The guard at `hub`.
    pub fn at(&self, hub: usize) -> &Guard {
        let ((lo, hi), guard) = &self.per_hub[hub];
        guard.get_or_init(|| {
            if lo <= hi {
                Guard::within(&self.pkg, Some(&self.rules), (Celsius(*lo), Celsius(*hi)))
            } else {
                self.world
            }
        })
    }

    /// For a search delivering by `deadline` from labels available from
    /// `from` on, over the connections `usable` ([`Reach::usable`]), with
    /// the product's exposure `rules` ([`reachable_ambient`]). A hub with
    /// nothing in reach gets the network-wide guard.
    #[allow(clippy::too_many_arguments)]
    pub fn reachable(
        s: &Scenario,
        net: &Network,
        reach: &Reach,
        usable: &[u32],
        ends: (usize, usize),
        from: Secs,
        deadline: Secs,
        pkg: &PackagingKind,
        rules: &ExposureRules,
    ) -> Guards {
        let per_hub = reachable_ambient(s, net, reach, usable, ends, from, deadline)
            .into_iter()
            .map(|b| (b, OnceCell::new()))
            .collect();
        Guards {
            per_hub,
            world: Guard::within(pkg, None, net.ambient_extremes),
            pkg: *pkg,
            rules: *rules,
        }
    }
}

/// Per hub, the coldest and warmest ambient an itinerary delivered by the
/// search's deadline can meet from there on (`(+inf, -inf)` at a hub from
/// which none can be delivered).
///
/// The hubs considered are those the cargo can be at in time to deliver
/// ([`Reach::may_be_at`]: a tenth or less of the hubs that can deliver
/// at all on a 4,000-hub world's queries), the origin, the destination
/// (its air and the reefers of roads into it count for a delivery by
/// road) and both ends of the connections `usable`: a label anywhere
/// else cannot deliver, so what it meets cannot change a plan. Each such
/// hub sees its own air (outdoors, on the apron and in its cold room, over the local months `[from, deadline]`
/// touches, with a day either side; the outdoor model stays within a
/// month's mean daily minimum and maximum plus the apron's solar gain, so
/// these are bounds) and the reefers of its on-demand roads. A connection adds its hold or reefer
/// and everything its landing hub can still meet: one backward pass over
/// `usable` (latest first), as the connection scan's own backward
/// profile, where a landing's bound includes every later connection
/// (a superset of the ones it can take), with walks and on-demand roads
/// relaxed like footpaths whenever a hub's bound widens.
#[allow(clippy::too_many_arguments)]
pub fn reachable_ambient(
    s: &Scenario,
    net: &Network,
    reach: &Reach,
    usable: &[u32],
    (origin, dest): (usize, usize),
    from: Secs,
    deadline: Secs,
) -> Vec<(f64, f64)> {
    let n = s.hubs.len();
    let mut seen: Vec<bool> = (0..n).map(|h| reach.may_be_at(h)).collect();
    seen[origin] = true;
    seen[dest] = true;
    for &i in usable {
        let c = &net.conns[i as usize];
        seen[c.from] = true;
        seen[c.to] = true;
    }
    let mut g = vec![(f64::INFINITY, f64::NEG_INFINITY); n];
    let long = deadline.0 - from.0 > 300 * 86_400;
    for (h, hub) in s.hubs.iter().enumerate() {
        if !seen[h] {
            continue;
        }
        let (lo, hi) = &mut g[h];
        let mut see = |t: f64| {
            *lo = lo.min(t);
            *hi = hi.max(t);
        };
        for &r in &net.on_demand[h] {
            let road = &s.roads[r];
            if let (true, RoadAmbient::Reefer(t)) = (seen[road.to], road.ambient) {
                see(t.0);
            }
        }
        if let Some(c) = hub.cold_room {
            see(c.0);
        }
        // A day either side: the outdoor air of an hour is the climate at
        // the hour's midpoint, which on a zone with a half-hour offset can
        // fall in the next local month.
        let month = |t: Secs| usize::from(utc_to_local(&hub.tz, t).month().clamp(1, 12)) - 1;
        let (first, last) = (month(from - Secs(86_400)), month(deadline + Secs(86_400)));
        let months = if long {
            12
        } else {
            (last + 12 - first) % 12 + 1
        };
        let gain = hub.solar_gain.0;
        for k in 0..months {
            let m = (first + k) % 12;
            see(hub.climate.min[m] + gain.min(0.0));
            see(hub.climate.max[m] + gain.max(0.0));
        }
    }
    // Every hub sees what the hubs its walks and on-demand roads lead to
    // see: one pass over their strongly connected components.
    close_over_roads(net, &seen, &mut g);
    // Walks and on-demand roads into a hub whose bound widened pass it on
    // to where they come from.
    let mut work: Vec<usize> = Vec::new();
    let relax = |g: &mut Vec<(f64, f64)>, work: &mut Vec<usize>| {
        while let Some(v) = work.pop() {
            let (lo, hi) = g[v];
            let into = net.walks_into[v].iter().chain(&net.on_demand_into[v]);
            for &(u, _) in into {
                let u = u as usize;
                if !seen[u] {
                    continue;
                }
                let (ulo, uhi) = g[u];
                if lo < ulo || hi > uhi {
                    g[u] = (ulo.min(lo), uhi.max(hi));
                    work.push(u);
                }
            }
        }
    };
    for &i in usable.iter().rev() {
        let c = &net.conns[i as usize];
        let own = match c.service {
            Service::Flight(f) => Some(s.flights[f].hold.mid().0),
            Service::Road(r) => match s.roads[r].ambient {
                RoadAmbient::Reefer(t) => Some(t.0),
                RoadAmbient::Ambient => None,
            },
            Service::Ride { line, .. } => match s.lines[line as usize].ambient {
                RoadAmbient::Reefer(t) => Some(t.0),
                RoadAmbient::Ambient => None,
            },
        };
        let (mut lo, mut hi) = g[c.to];
        if let Some(t) = own {
            lo = lo.min(t);
            hi = hi.max(t);
        }
        let (flo, fhi) = g[c.from];
        if lo < flo || hi > fhi {
            g[c.from] = (flo.min(lo), fhi.max(hi));
            work.push(c.from);
            relax(&mut g, &mut work);
        }
    }
    g
}

/// Widens each `seen` hub's bound in `g` by the bounds of every `seen`
/// hub its on-demand roads and walks lead to, directly or through other
/// `seen` hubs: the least fixed point of `g[u] >= g[v]` for each such
/// step `u -> v`, which is the union over the hubs `u` reaches.
///
/// Tarjan's strongly connected components (iterative): a component is
/// complete only after every component it reaches, so each gets the
/// union of its members and of what they reach in one visit of each hub
/// and step, where relaxing step by step can widen a hub once per
/// distinct bound that passes (a dozen times a hub on a 4,000-hub world,
/// most of a query's time).
fn close_over_roads(net: &Network, seen: &[bool], g: &mut [(f64, f64)]) {
    let succ = |h: usize, k: usize| -> Option<usize> {
        let roads = &net.on_demand[h];
        match roads.get(k) {
            Some(&r) => Some(net.road_times[r].to as usize),
            None => net.walks_from[h]
                .get(k - roads.len())
                .map(|&(b, _)| b as usize),
        }
    };
    close_over(seen, succ, g);
}

/// [`close_over_roads`] on any graph: `succ(h, k)` is the `k`-th step
/// from hub `h` (`None` past the last).
fn close_over(seen: &[bool], succ: impl Fn(usize, usize) -> Option<usize>, g: &mut [(f64, f64)]) {
    const NONE: u32 = u32::MAX;
    let n = seen.len();
    let widen = |a: (f64, f64), b: (f64, f64)| (a.0.min(b.0), a.1.max(b.1));
    let mut index = vec![NONE; n];
    let mut low = vec![NONE; n];
    let mut on_stack = vec![false; n];
    let mut stack: Vec<usize> = Vec::new();
    // The depth-first path: a hub and the next of its steps to follow.
    let mut path: Vec<(usize, usize)> = Vec::new();
    let mut next = 0u32;
    for root in 0..n {
        if !seen[root] || index[root] != NONE {
            continue;
        }
        let mut entering = Some(root);
        loop {
            if let Some(v) = entering.take() {
                index[v] = next;
                low[v] = next;
                next += 1;
                on_stack[v] = true;
                stack.push(v);
                path.push((v, 0));
            }
            let Some(&mut (v, ref mut k)) = path.last_mut() else {
                break;
            };
            if let Some(w) = succ(v, *k) {
                *k += 1;
                if !seen[w] {
                    continue;
                }
                if index[w] == NONE {
                    entering = Some(w);
                } else if on_stack[w] {
                    low[v] = low[v].min(index[w]);
                } else {
                    // A finished component: its bound is final.
                    g[v] = widen(g[v], g[w]);
                }
                continue;
            }
            path.pop();
            if low[v] == index[v] {
                // `v` roots a component: its members are on the stack
                // from `v` up; each reaches what any of them does.
                let at = stack.iter().rposition(|&u| u == v).unwrap_or(0);
                let all = stack[at..].iter().fold(g[v], |acc, &u| widen(acc, g[u]));
                for u in stack.drain(at..) {
                    on_stack[u] = false;
                    g[u] = all;
                }
            }
            if let Some(&(u, _)) = path.last() {
                low[u] = low[u].min(low[v]);
                if !on_stack[v] {
                    g[u] = widen(g[u], g[v]);
                }
            }
        }
    }
}

/// Whether state `a` (with exposure `ae`) is at least as good as `b` for
/// every continuation of up to `remaining_s` seconds.
///
/// More coolant or battery is not always better: a box that runs out
/// earlier lets its payload warm, which can spare it a later freeze or
/// lengthen its hold time in the cold (the brute-force oracle found such a
/// network). It is better when `b` cannot run out within `remaining_s` even
/// at the fastest possible use: then both follow the same trajectory and
/// `a` only ends with more reserve, which never shortens the hold time.
/// Otherwise reserves must be equal (on the grid). When the cold side
/// cannot matter for `a` ([`Guard::cold_safe_from`]), a colder payload
/// (on the grid) and more coolant are better too.
pub fn no_worse(
    g: &Guard,
    a: &ContainerState,
    ae: &Exposure,
    b: &ContainerState,
    be: &Exposure,
    remaining_s: f64,
) -> bool {
    no_worse_on_grid(g, &Side::new(a, ae), &Side::new(b, be), remaining_s)
}

/// A state's payload and reserves on the grid ([`LABEL_RESOLUTION`]):
/// computed once per state, read by every comparison of it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cells {
    payload: i64,
    coolant: i64,
    battery: i64,
}

impl Cells {
    /// The cells of `s`.
    pub fn of(s: &ContainerState) -> Cells {
        let r = &LABEL_RESOLUTION;
        Cells {
            payload: cell(s.payload.0, r.payload_c),
            coolant: cell(s.coolant_kg, r.coolant_kg),
            battery: cell(s.battery_h, r.battery_h),
        }
    }
}

/// One side of a comparison: a state, its cells and its exposure.
#[derive(Clone, Copy, Debug)]
pub struct Side<'a> {
    pub state: &'a ContainerState,
    /// `Cells::of(state)`.
    pub cells: Cells,
    pub exp: &'a Exposure,
}

impl<'a> Side<'a> {
    /// `state` and `exp`, with the cells computed.
    pub fn new(state: &'a ContainerState, exp: &'a Exposure) -> Side<'a> {
        Side {
            state,
            cells: Cells::of(state),
            exp,
        }
    }
}

/// [`no_worse`] with the cells known.
pub fn no_worse_on_grid(g: &Guard, a: &Side, b: &Side, remaining_s: f64) -> bool {
    let r = &LABEL_RESOLUTION;
    let (pa, pb) = (a.cells.payload, b.cells.payload);
    if pa != pb && !(pa < pb && g.cold_safe_from.is_some_and(|c| a.state.payload.0 >= c.0)) {
        return false;
    }
    let cold_safe = g.cold_safe_from.is_some_and(|c| a.state.payload.0 >= c.0);
    let (ae, be) = (a.exp, b.exp);
    // The exposures have hard limits: a label a hair over the other could
    // break a limit the other would meet, so they compare exactly (up to
    // float noise), never on a grid.
    let exposures = ae.stability_used <= be.stability_used + 1e-12
        && ae.out_of_range_s <= be.out_of_range_s + 1e-6
        && ae.below_freeze_s <= be.below_freeze_s + 1e-6
        && (!ae.frozen || be.frozen);
    if !exposures {
        return false;
    }
    let (a, b, ac, bc) = (a.state, b.state, a.cells, b.cells);
    let never_runs_out = b.coolant_kg - g.coolant_kg_per_s * remaining_s > r.coolant_kg
        || b.battery_h - g.battery_h_per_s * remaining_s > r.battery_h;
    // More battery is not better even when the cold side cannot matter: a
    // unit that has stopped lets its payload cool towards an ambient below
    // the set point, which a running one (holding the set point) does not.
    let holds = (ac.coolant == bc.coolant
        || ((never_runs_out || cold_safe) && a.coolant_kg >= b.coolant_kg))
        && (ac.battery == bc.battery || (never_runs_out && a.battery_h >= b.battery_h));
    #[cfg(test)]
    if holds && (pa < pb || (!never_runs_out && ac.coolant != bc.coolant)) {
        COLD_RULE_USED.with(|n| n.set(n.get() + 1));
    }
    holds
}

/// Whether `a`, after waiting any time, could still be [`no_worse`] than
/// `b`: false when `a` already has more exposure (stability used, time out
/// of range or below freeze, a freeze) or a lower reserve cell than `b`.
/// Waiting only adds exposure and uses reserves, so then no wait can make
/// it no worse; a cheap test that spares advancing `a` through its dwell.
pub fn may_beat_after_waiting(a: &Side, b: &Side) -> bool {
    let (ae, be) = (a.exp, b.exp);
    ae.stability_used <= be.stability_used + 1e-12
        && ae.out_of_range_s <= be.out_of_range_s + 1e-6
        && ae.below_freeze_s <= be.below_freeze_s + 1e-6
        && (!ae.frozen || be.frozen)
        && a.cells.coolant >= b.cells.coolant
        && a.cells.battery >= b.cells.battery
}

#[cfg(test)]
thread_local! {
    /// How often [`no_worse`] held only by the cold-side rule, on this
    /// thread: the oracle tests check that they exercise it.
    pub static COLD_RULE_USED: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// Whether cost `a` is no worse than `b` on the grid.
pub fn cost_no_worse(a: f64, b: f64) -> bool {
    cost_cell(a) <= cost_cell(b)
}

/// The grid cell of cost `c`.
pub fn cost_cell(c: f64) -> i64 {
    cell(c, LABEL_RESOLUTION.cost)
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    /// The least fixed point by relaxing step by step until nothing
    /// widens: the reference for [`super::close_over`].
    fn relaxed(seen: &[bool], adj: &[Vec<usize>], g: &mut [(f64, f64)]) {
        loop {
            let mut changed = false;
            for u in 0..adj.len() {
                if !seen[u] {
                    continue;
                }
                for &v in &adj[u] {
                    if seen[v] && (g[v].0 < g[u].0 || g[v].1 > g[u].1) {
                        g[u] = (g[u].0.min(g[v].0), g[u].1.max(g[v].1));
                        changed = true;
                    }
                }
            }
            if !changed {
                break;
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 500, failure_persistence: None, ..ProptestConfig::default() })]

        /// Components, cycles, self-loops, repeated steps, hubs left out
        /// and hubs with nothing of their own: the one-pass closure equals
        /// the relaxation.
        #[test]
        fn closing_over_components_equals_relaxing(
            n in 1usize..40,
            edges in proptest::collection::vec((0usize..40, 0usize..40), 0..120),
            own in proptest::collection::vec(proptest::option::of((-30i32..40, 0i32..30)), 40),
            out in proptest::collection::vec(proptest::bool::weighted(0.2), 40),
        ) {
            let mut adj = vec![Vec::new(); n];
            for (a, b) in edges {
                adj[a % n].push(b % n);
            }
            let seen: Vec<bool> = (0..n).map(|h| !out[h]).collect();
            let g0: Vec<(f64, f64)> = (0..n)
                .map(|h| match own[h] {
                    Some((lo, w)) => (f64::from(lo), f64::from(lo + w)),
                    None => (f64::INFINITY, f64::NEG_INFINITY),
                })
                .collect();
            let mut want = g0.clone();
            relaxed(&seen, &adj, &mut want);
            let mut got = g0;
            super::close_over(&seen, |h, k| adj[h].get(k).copied(), &mut got);
            for h in 0..n {
                if seen[h] {
                    prop_assert_eq!(got[h], want[h], "hub {}", h);
                }
            }
        }
    }
}
