//! Label setting over (hub, time) with thermal state, dominance and bounds.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap};

use crate::itinerary::simulate::{advance, margin_ambient};
use crate::itinerary::{Itinerary, Step, StepKind};
use crate::network::{on_demand_departure, Departure, LowerBounds, Network, Service};
use crate::scenario::Scenario;
use crate::thermal::container::{hold_time, ContainerState};
use crate::thermal::{Exposure, ExposureRules, PackagingKind};
use crate::units::Secs;

use super::explain::{Rejection, RejectionReason};
use super::{Config, Plan, Planned, Query, Stats};

const NO_PRED: u32 = u32::MAX;
/// Temperatures closer than this count as equal in dominance, C.
const TEMP_EPS: f64 = 1e-6;
/// Masses, hours and shares closer than this count as equal.
const QTY_EPS: f64 = 1e-9;
/// Most rejections kept for explanations.
const MAX_REJECTIONS: usize = 20_000;

/// The few steps between a label and its predecessor (at most five: dwell,
/// apron, leg, apron, connection), kept inline so labels do not allocate.
#[derive(Clone, Copy, Debug)]
struct StepBuf {
    n: u8,
    s: [Step; 5],
}

impl StepBuf {
    const EMPTY: Step = Step {
        kind: StepKind::Dwell { hub: 0 },
        start: Secs(0),
        end: Secs(0),
    };

    fn new() -> StepBuf {
        StepBuf {
            n: 0,
            s: [StepBuf::EMPTY; 5],
        }
    }

    fn push(&mut self, st: Step) {
        self.s[usize::from(self.n)] = st;
        self.n += 1;
    }

    /// Pushes a step unless it is empty.
    fn push_nonempty(&mut self, kind: StepKind, start: Secs, end: Secs) {
        if end > start {
            self.push(Step { kind, start, end });
        }
    }

    fn as_slice(&self) -> &[Step] {
        &self.s[..usize::from(self.n)]
    }
}

#[derive(Clone, Copy, Debug)]
struct Label {
    hub: usize,
    /// Available for a cutoff at or after this time.
    t: Secs,
    state: ContainerState,
    exp: Exposure,
    cost: f64,
    legs: u8,
    /// Reached by waiting for a later departure (no on-demand roads or
    /// services from here: those start as soon as the cargo is available).
    waited: bool,
    /// Re-iced or recharged during this hub visit.
    serviced: bool,
    pred: u32,
    /// Steps from the predecessor's time to `t`.
    steps: StepBuf,
}

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
    /// Whether `self` is at least as good as `o` in every criterion.
    pub fn weakly_dominates(&self, o: &Outcome) -> bool {
        self.arrival <= o.arrival
            && self.margin_s >= o.margin_s - 1e-6
            && self.cost <= o.cost + 1e-9
            && self.transfers <= o.transfers
    }
}

/// Indices of the Pareto-optimal outcomes; among equal outcomes the first
/// is kept.
pub fn pareto_front(outs: &[Outcome]) -> Vec<usize> {
    let mut keep = Vec::new();
    for (i, o) in outs.iter().enumerate() {
        let beaten = outs
            .iter()
            .enumerate()
            .any(|(j, p)| j != i && p.weakly_dominates(o) && (!o.weakly_dominates(p) || j < i));
        if !beaten {
            keep.push(i);
        }
    }
    keep
}

struct Ctx<'a> {
    s: &'a Scenario,
    net: &'a Network,
    q: &'a Query,
    cfg: &'a Config,
    pkg: &'a PackagingKind,
    rules: ExposureRules,
    bounds: LowerBounds,
    deadline: Secs,
    /// Fastest possible coolant use anywhere in the network, kg/s.
    max_coolant_kg_per_s: f64,
    /// Fastest possible battery use anywhere in the network, h/s.
    max_battery_h_per_s: f64,
    /// Earliest delivery found so far that meets the minimum margin.
    anchor: Option<Secs>,
    max_excursion_s: f64,
    max_stability: f64,
    labels: Vec<Label>,
    /// Open labels by (lower bound on delivery, time, id): A* order, so
    /// that deliveries are found early and the window prunes the rest.
    heap: BinaryHeap<Reverse<(Secs, Secs, u32)>>,
    /// Settled labels by (hub, time), for equal-time dominance.
    bags: HashMap<(usize, Secs), Vec<u32>>,
    delivered: Vec<(Outcome, u32, Vec<Step>, Exposure)>,
    rejections: Vec<Rejection>,
    stats: Stats,
}

/// Runs one search for `q` over `net`.
pub fn search(s: &Scenario, net: &Network, q: &Query, cfg: &Config) -> Planned {
    let pkg = &s.packagings[q.packaging].kind;
    let product = &s.products[q.product];
    let rules = ExposureRules::for_product(product);
    let (deadline, max_excursion_s, max_stability) = if cfg.strict_sla {
        (
            (q.ready + q.sla.max_transit).min(net.end),
            product
                .excursion_allowance_s
                .min(q.sla.max_excursion.0 as f64),
            q.sla.max_stability.min(1.0),
        )
    } else {
        (net.end, product.excursion_allowance_s, 1.0)
    };
    let mut cx = Ctx {
        s,
        net,
        q,
        cfg,
        pkg,
        rules,
        bounds: LowerBounds::new(s, &net.static_graph, q.to),
        deadline,
        max_coolant_kg_per_s: fastest_use(s, pkg).0,
        max_battery_h_per_s: fastest_use(s, pkg).1,
        anchor: None,
        max_excursion_s,
        max_stability,
        labels: Vec::new(),
        heap: BinaryHeap::new(),
        bags: HashMap::new(),
        delivered: Vec::new(),
        rejections: Vec::new(),
        stats: Stats::default(),
    };
    cx.run();
    cx.finish()
}

impl Ctx<'_> {
    fn run(&mut self) {
        let origin = &self.s.hubs[self.q.from];
        let mut state = ContainerState::fresh(self.pkg, self.q.payload_start);
        let mut exp = Exposure::new();
        let t0 = self.q.ready + origin.handling;
        let mut steps = StepBuf::new();
        steps.push_nonempty(StepKind::Handling { hub: self.q.from }, self.q.ready, t0);
        for st in steps.as_slice() {
            advance(
                self.s,
                self.pkg,
                &self.rules,
                st,
                &mut state,
                &mut exp,
                |_, _, _| {},
            );
        }
        let root = Label {
            hub: self.q.from,
            t: t0,
            state,
            exp,
            cost: 0.0,
            legs: 0,
            waited: false,
            serviced: false,
            pred: NO_PRED,
            steps,
        };
        if let Some(reason) = self.violation(&root.exp) {
            self.reject(NO_PRED, root.steps.as_slice().to_vec(), reason, t0);
            return;
        }
        self.push(root);
        while let Some(Reverse((key, _, id))) = self.heap.pop() {
            // The window may have closed since the label was queued.
            if key > self.limit() {
                self.stats.pruned_by_bound += 1;
                continue;
            }
            if self.is_dominated(id) {
                self.stats.dominated += 1;
                continue;
            }
            self.stats.settled += 1;
            let (hub, t) = {
                let l = &self.labels[id as usize];
                (l.hub, l.t)
            };
            self.bags.entry((hub, t)).or_default().push(id);
            self.expand(id);
        }
    }

    fn push(&mut self, l: Label) {
        let id = self.labels.len() as u32;
        let key = self.lower_bound_arrival(l.hub, l.t).unwrap_or(l.t);
        self.heap.push(Reverse((key, l.t, id)));
        self.labels.push(l);
        self.stats.labels += 1;
    }

    fn reject(&mut self, pred: u32, steps: Vec<Step>, reason: RejectionReason, bound: Secs) {
        if self.cfg.keep_rejections && self.rejections.len() < MAX_REJECTIONS {
            self.rejections.push(Rejection {
                pred_steps: self.steps_to(pred),
                steps,
                reason,
                earliest_arrival: bound,
            });
        }
    }

    /// The product or SLA limit an exposure breaks, if any.
    fn violation(&self, exp: &Exposure) -> Option<RejectionReason> {
        if exp.frozen {
            return Some(RejectionReason::Freeze {
                at: None,
                temp: exp.min_payload,
            });
        }
        if exp.out_of_range_s > self.max_excursion_s + 1e-6 {
            return Some(RejectionReason::Excursion {
                at: None,
                out_of_range_s: exp.out_of_range_s,
                limit_s: self.max_excursion_s,
            });
        }
        if exp.stability_used > self.max_stability {
            return Some(RejectionReason::Stability {
                used: exp.stability_used,
                limit: self.max_stability,
            });
        }
        None
    }

    fn expand(&mut self, id: u32) {
        let l = self.labels[id as usize];
        let deps = &self.net.by_hub[l.hub];
        let i = self.net.first_at_or_after(l.hub, l.t);
        if i < deps.len() {
            let first = deps[i].cutoff;
            let mut j = i;
            while j < deps.len() && deps[j].cutoff == first {
                let d = deps[j];
                self.try_leg(id, &l, d);
                j += 1;
            }
            if j < deps.len() {
                let next = deps[j].cutoff;
                self.try_wait(id, &l, next);
            }
        }
        if !l.waited {
            for k in 0..self.net.on_demand[l.hub].len() {
                let road = self.net.on_demand[l.hub][k];
                if let Some((dep, arr)) = on_demand_departure(self.s, road, l.t) {
                    let d = Departure::road(road, &self.s.roads[road], dep, arr);
                    if d.avail <= self.net.end {
                        self.try_leg(id, &l, d);
                    }
                }
            }
            // A container is packed fresh at the origin: services are for
            // hubs reached by a leg.
            if !l.serviced && l.legs > 0 {
                self.try_service(id, &l);
            }
        }
    }

    /// The latest delivery still of interest: the deadline, or the
    /// earliest delivery meeting the minimum margin plus the window.
    fn limit(&self) -> Secs {
        match (self.anchor, self.cfg.window) {
            (Some(a), Some(w)) => self.deadline.min(a + w),
            _ => self.deadline,
        }
    }

    fn lower_bound_arrival(&self, hub: usize, t: Secs) -> Option<Secs> {
        let lb = self.bounds.to_dest[hub]?;
        Some(t + lb + self.s.hubs[self.q.to].handling)
    }

    /// Whether a label at `hub` at `t` could still deliver by the limit;
    /// counts the prune when not.
    fn can_still_deliver(&mut self, hub: usize, t: Secs) -> bool {
        match self.lower_bound_arrival(hub, t) {
            Some(b) if b <= self.limit() => true,
            _ => {
                self.stats.pruned_by_bound += 1;
                false
            }
        }
    }

    fn try_wait(&mut self, id: u32, l: &Label, until: Secs) {
        if !self.can_still_deliver(l.hub, until) {
            return;
        }
        let mut steps = StepBuf::new();
        steps.push(Step {
            kind: StepKind::Dwell { hub: l.hub },
            start: l.t,
            end: until,
        });
        let Some(mut next) = self.child(l, steps, id) else {
            return;
        };
        next.t = until;
        next.waited = true;
        self.push(next);
    }

    fn try_service(&mut self, id: u32, l: &Label) {
        let h = &self.s.hubs[l.hub];
        let (dur, kind) = match self.pkg {
            PackagingKind::Passive(_) => match h.re_ice {
                Some(d) => (d, StepKind::ReIce { hub: l.hub }),
                None => return,
            },
            PackagingKind::Active(_) => match h.recharge {
                Some(d) => (d, StepKind::Recharge { hub: l.hub }),
                None => return,
            },
        };
        let local = crate::time::utc_to_local(&h.tz, l.t);
        let start = l.t + Secs(i64::from(h.opening.wait_until_open(local.secs_of_day)));
        let end = start + dur;
        if !self.can_still_deliver(l.hub, end) {
            return;
        }
        let mut steps = StepBuf::new();
        steps.push_nonempty(StepKind::Dwell { hub: l.hub }, l.t, start);
        steps.push(Step { kind, start, end });
        let Some(mut next) = self.child(l, steps, id) else {
            return;
        };
        next.t = end;
        next.waited = false;
        next.serviced = true;
        self.push(next);
    }

    /// `l` advanced through `steps` as a child of label `id`, or `None`
    /// (with the rejection recorded) when a limit breaks on the way.
    fn child(&mut self, l: &Label, steps: StepBuf, id: u32) -> Option<Label> {
        let mut next = *l;
        if !self.apply(&mut next, steps.as_slice(), id) {
            return None;
        }
        next.pred = id;
        next.steps = steps;
        Some(next)
    }

    /// Advances `l` through `steps`; on a violation records the rejection
    /// and returns false.
    fn apply(&mut self, l: &mut Label, steps: &[Step], pred: u32) -> bool {
        for (k, st) in steps.iter().enumerate() {
            let r = advance(
                self.s,
                self.pkg,
                &self.rules,
                st,
                &mut l.state,
                &mut l.exp,
                |_, _, _| {},
            );
            if let Some(mut reason) = self.violation(&l.exp) {
                // Say where: the step whose simulation broke the limit.
                match &mut reason {
                    RejectionReason::Freeze { at, temp } => {
                        *at = Some((k, r.freeze.map_or(st.start, |f| f.0)));
                        *temp = r.payload_min;
                    }
                    RejectionReason::Excursion { at, .. } => *at = Some((k, st.start)),
                    RejectionReason::Stability { .. } => {}
                    RejectionReason::Deadline { .. } => {}
                }
                self.stats.rejected_thermal += 1;
                // The earliest this candidate could have delivered, from where
                // the failing step ended.
                let bound = self
                    .lower_bound_arrival(st.end_hub(self.s), st.end)
                    .unwrap_or(st.end);
                self.reject(pred, steps[..=k].to_vec(), reason, bound);
                return false;
            }
        }
        true
    }

    fn try_leg(&mut self, id: u32, l: &Label, d: Departure) {
        if l.legs >= self.cfg.max_legs {
            return;
        }
        let to_hub = &self.s.hubs[d.to];
        let is_dest = d.to == self.q.to;
        let t_next = if is_dest {
            d.avail + to_hub.handling
        } else {
            d.avail + to_hub.min_connection
        };
        let bound = if is_dest {
            Some(t_next)
        } else {
            self.lower_bound_arrival(d.to, t_next)
        };
        match bound {
            Some(b) if b <= self.limit() => {}
            Some(b) => {
                self.stats.pruned_by_bound += 1;
                // Only the legs that reach the destination itself are worth
                // explaining; inner bound prunes are countless.
                if is_dest {
                    let steps = leg_steps(l, &d, t_next, is_dest);
                    let steps = steps.as_slice().to_vec();
                    self.reject(id, steps, RejectionReason::Deadline { arrival: b }, b);
                }
                return;
            }
            None => {
                self.stats.pruned_by_bound += 1;
                return;
            }
        }
        let steps = leg_steps(l, &d, t_next, is_dest);
        let Some(mut next) = self.child(l, steps, id) else {
            return;
        };
        next.cost += match d.service {
            Service::Flight(f) => self.s.flights[f].cost,
            Service::Road(r) => self.s.roads[r].cost,
        };
        next.legs += 1;
        if is_dest {
            let ambient = margin_ambient(self.s, d.to, t_next);
            let margin = hold_time(self.pkg, &next.state, ambient, &self.rules.range)
                .unwrap_or(f64::INFINITY);
            let out = Outcome {
                arrival: t_next,
                margin_s: margin,
                cost: next.cost,
                transfers: usize::from(next.legs).saturating_sub(1),
            };
            if out.margin_s >= self.q.sla.min_margin.0 as f64 {
                self.anchor = Some(self.anchor.map_or(out.arrival, |a| a.min(out.arrival)));
            }
            self.delivered
                .push((out, id, steps.as_slice().to_vec(), next.exp));
            return;
        }
        next.hub = d.to;
        next.t = t_next;
        next.waited = false;
        next.serviced = false;
        self.push(next);
    }

    /// Whether a settled label at the same hub and the same time dominates
    /// label `id`.
    ///
    /// Labels are compared only at equal times (labels are settled in A*
    /// order, not time order, so the settled ones are kept by hub and time). Comparing across times (an
    /// earlier label "waited" forward) would let a label prune its own
    /// wait-chain descendant, the only way it reaches later departures.
    /// Equal-time comparison loses nothing: every label moves along its
    /// hub's departure times by wait labels, so labels that could compete
    /// meet at those times.
    fn is_dominated(&self, id: u32) -> bool {
        let l = &self.labels[id as usize];
        let Some(bag) = self.bags.get(&(l.hub, l.t)) else {
            return false;
        };
        bag.iter().any(|&bid| {
            let b = &self.labels[bid as usize];
            b.legs <= l.legs
                && b.cost <= l.cost + 1e-9
                && (!b.waited || l.waited)
                && (!b.serviced || l.serviced)
                && self.thermally_no_worse(&b.state, &b.exp, &l.state, &l.exp, l.t)
        })
    }

    /// Whether state `a` is at least as good as `b` for every continuation
    /// from time `t`.
    fn thermally_no_worse(
        &self,
        a: &ContainerState,
        ae: &Exposure,
        b: &ContainerState,
        be: &Exposure,
        t: Secs,
    ) -> bool {
        if (a.payload.0 - b.payload.0).abs() > TEMP_EPS {
            return false;
        }
        // More coolant or battery is not always better: a box that runs out
        // earlier lets its payload warm, which can spare it a later freeze
        // or lengthen its hold time in the cold (a random network found
        // this). It is better when `b` cannot run out before the last
        // delivery still of interest even at the fastest possible use:
        // then both follow the same trajectory and `a` only ends with more
        // reserve, which never shortens the hold time. Otherwise reserves
        // must be equal.
        let remaining_s = (self.limit().0 - t.0).max(0) as f64;
        let b_never_runs_out = b.coolant_kg - self.max_coolant_kg_per_s * remaining_s > QTY_EPS
            || b.battery_h - self.max_battery_h_per_s * remaining_s > QTY_EPS;
        let reserve_ok = |x: f64, y: f64| (x - y).abs() <= QTY_EPS || (b_never_runs_out && x >= y);
        reserve_ok(a.coolant_kg, b.coolant_kg)
            && reserve_ok(a.battery_h, b.battery_h)
            && ae.stability_used <= be.stability_used + QTY_EPS
            && ae.out_of_range_s <= be.out_of_range_s + 1e-6
            && ae.below_freeze_s <= be.below_freeze_s + 1e-6
            && (!ae.frozen || be.frozen)
    }

    fn steps_to(&self, id: u32) -> Vec<Step> {
        let mut chain = Vec::new();
        let mut cur = id;
        while cur != NO_PRED {
            chain.push(cur);
            cur = self.labels[cur as usize].pred;
        }
        let mut steps = Vec::new();
        for &c in chain.iter().rev() {
            steps.extend_from_slice(self.labels[c as usize].steps.as_slice());
        }
        merge_dwells(steps)
    }

    fn finish(mut self) -> Planned {
        let limit = self.limit();
        self.delivered.retain(|d| d.0.arrival <= limit);
        let outs: Vec<Outcome> = self.delivered.iter().map(|d| d.0).collect();
        let front = pareto_front(&outs);
        let mut plans: Vec<Plan> = front
            .into_iter()
            .map(|i| {
                let (out, pred, steps, exp) = &self.delivered[i];
                let mut all = self.steps_to(*pred);
                all.extend_from_slice(steps);
                let itinerary = Itinerary {
                    steps: merge_dwells(all),
                };
                let transit = out.arrival - self.q.ready;
                let margin_s = out.margin_s.is_finite().then_some(out.margin_s);
                let sla = &self.q.sla;
                let meets_sla = transit <= sla.max_transit
                    && out.margin_s >= sla.min_margin.0 as f64
                    && exp.out_of_range_s <= sla.max_excursion.0 as f64 + 1e-6
                    && exp.stability_used <= sla.max_stability
                    && !exp.frozen;
                Plan {
                    itinerary,
                    arrival: out.arrival,
                    transit,
                    margin_s,
                    cost: out.cost,
                    transfers: out.transfers,
                    stability_used: exp.stability_used,
                    out_of_range_s: exp.out_of_range_s,
                    meets_sla,
                }
            })
            .collect();
        // Recommended first: meets the SLA, then earliest, then widest
        // margin, then cheapest, then fewest transfers.
        plans.sort_by(|a, b| {
            b.meets_sla
                .cmp(&a.meets_sla)
                .then(a.arrival.cmp(&b.arrival))
                .then(
                    b.margin_s
                        .unwrap_or(f64::INFINITY)
                        .total_cmp(&a.margin_s.unwrap_or(f64::INFINITY)),
                )
                .then(a.cost.total_cmp(&b.cost))
                .then(a.transfers.cmp(&b.transfers))
        });
        if plans.len() > 1 {
            let first = plans.remove(0);
            plans.sort_by(|a, b| {
                a.arrival
                    .cmp(&b.arrival)
                    .then(
                        b.margin_s
                            .unwrap_or(f64::INFINITY)
                            .total_cmp(&a.margin_s.unwrap_or(f64::INFINITY)),
                    )
                    .then(a.cost.total_cmp(&b.cost))
                    .then(a.transfers.cmp(&b.transfers))
            });
            plans.insert(0, first);
        }
        let rejections = std::mem::take(&mut self.rejections);
        Planned {
            plans,
            relaxed: false,
            rejections,
            stats: self.stats,
        }
    }
}

/// The fastest coolant (kg/s) and battery (h/s) use the container can see
/// anywhere in the scenario: at the warmest and coldest ambient any step
/// could have (hub climates plus apron solar gain, cold rooms, cargo holds,
/// reefers).
fn fastest_use(s: &Scenario, pkg: &PackagingKind) -> (f64, f64) {
    let mut lo = f64::INFINITY;
    let mut hi = f64::NEG_INFINITY;
    let mut see = |t: f64| {
        lo = lo.min(t);
        hi = hi.max(t);
    };
    for h in &s.hubs {
        for m in 0..12 {
            see(h.climate.min[m]);
            see(h.climate.max[m] + h.solar_gain.0.max(0.0));
        }
        if let Some(c) = h.cold_room {
            see(c.0);
        }
    }
    for f in &s.flights {
        see(f.hold.mid().0);
    }
    for r in &s.roads {
        if let crate::scenario::RoadAmbient::Reefer(t) = r.ambient {
            see(t.0);
        }
    }
    match pkg {
        PackagingKind::Passive(p) => (
            crate::thermal::container::coolant_rate_kg_per_s(p, crate::units::Celsius(hi)),
            0.0,
        ),
        PackagingKind::Active(a) => {
            let d = crate::thermal::container::drain_factor(a, crate::units::Celsius(hi)).max(
                crate::thermal::container::drain_factor(a, crate::units::Celsius(lo)),
            );
            (0.0, d / 3600.0)
        }
    }
}

/// The steps of taking departure `d` from label `l`: dwell until the
/// cutoff, apron, the leg, apron, then the connection dwell (or delivery
/// handling at the destination) until `t_next`.
fn leg_steps(l: &Label, d: &Departure, t_next: Secs, is_dest: bool) -> StepBuf {
    let mut steps = StepBuf::new();
    steps.push_nonempty(StepKind::Dwell { hub: l.hub }, l.t, d.cutoff);
    match d.service {
        Service::Flight(f) => {
            steps.push_nonempty(StepKind::Apron { hub: d.from }, d.cutoff, d.dep);
            steps.push(Step {
                kind: StepKind::Flight { flight: f },
                start: d.dep,
                end: d.arr,
            });
            steps.push_nonempty(StepKind::Apron { hub: d.to }, d.arr, d.avail);
        }
        Service::Road(r) => steps.push(Step {
            kind: StepKind::Road { road: r },
            start: d.dep,
            end: d.arr,
        }),
    }
    let kind = if is_dest {
        StepKind::Delivery { hub: d.to }
    } else {
        StepKind::Dwell { hub: d.to }
    };
    steps.push_nonempty(kind, d.avail, t_next);
    steps
}

/// Joins consecutive dwells at the same hub into one step.
pub(crate) fn merge_dwells(steps: Vec<Step>) -> Vec<Step> {
    let mut out: Vec<Step> = Vec::with_capacity(steps.len());
    for st in steps {
        if let (Some(last), StepKind::Dwell { hub }) = (out.last_mut(), st.kind) {
            if last.kind == (StepKind::Dwell { hub }) && last.end == st.start {
                last.end = st.end;
                continue;
            }
        }
        out.push(st);
    }
    out
}
