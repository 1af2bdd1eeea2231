//! The first engine: label setting over (hub, time) in A* order, with
//! wait labels along each hub's departure times and equal-time dominance.
//!
//! Kept as a second reference for the connection-scan engine
//! ([`super::scan`]): both are checked against the brute-force oracle, and
//! against each other. It is simple and slow: every departure spawns a
//! wait label, and labels are compared only at equal times.
//!
//! It keeps the same limits as the scan, and says so when they cut it: the
//! label budget ([`Config::label_budget`]) ends the search with
//! [`Cut::Budget`], and a label stopped by the leg limit on a departure
//! that could still deliver in time gives [`Cut::Legs`] when nothing found
//! arrives as early as the destination can be reached without the limit
//! (the pre-pass's exact earliest delivery), as in the scan.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap};

use crate::itinerary::simulate::{advance, margin_ambient};
use crate::itinerary::take::{chain_steps, service_at};
use crate::itinerary::{
    leg_steps, merge_dwells, push_delivery, Itinerary, Step, StepBuf, StepKind,
};
use crate::network::{Departure, LowerBounds, Network};
use crate::scenario::Scenario;
use crate::thermal::container::{hold_time, ContainerState};
use crate::thermal::{Exposure, ExposureRules, PackagingKind};
use crate::units::Secs;

use super::dominance::{cost_no_worse, no_worse, Guard};
use super::explain::{Rejection, RejectionReason};
use super::limits::{legs_may_matter, Cut, Limits};
use super::pareto::{rank_plans, Delivery, Outcome};
use super::reach::Reach;
use super::{Config, Planned, Query, Stats, MAX_REJECTIONS};

const NO_PRED: u32 = u32::MAX;

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

struct Ctx<'a> {
    s: &'a Scenario,
    net: &'a Network,
    q: &'a Query,
    cfg: &'a Config,
    pkg: &'a PackagingKind,
    rules: ExposureRules,
    /// Per hub, the static bound to the destination ([`LowerBounds`]),
    /// read at every label.
    bounds: Vec<Option<Secs>>,
    limits: Limits,
    guard: Guard,
    /// Earliest delivery found so far that meets the minimum margin.
    anchor: Option<Secs>,
    labels: Vec<Label>,
    /// Open labels by (lower bound on delivery, time, id): A* order, so
    /// that deliveries are found early and the window prunes the rest.
    heap: BinaryHeap<Reverse<(Secs, Secs, u32)>>,
    /// Settled labels by (hub, time), for equal-time dominance.
    bags: HashMap<(usize, Secs), Vec<u32>>,
    delivered: Vec<(Outcome, u32, Vec<Step>, Exposure)>,
    rejections: Vec<Rejection>,
    stats: Stats,
    /// A label was stopped by the leg limit on a departure that could
    /// still deliver by the limit.
    legs_cut: bool,
    /// The label budget ran out.
    out_of_budget: bool,
}

/// Runs one search for `q` over `net`.
pub(super) fn search(s: &Scenario, net: &Network, q: &Query, cfg: &Config) -> Planned {
    let pkg = &s.packagings[q.packaging].kind;
    let rules = ExposureRules::for_search(&s.products[q.product]).knowing(
        crate::thermal::container::working_temp(&s.packagings[q.packaging].kind),
    );
    let mut cx = Ctx {
        s,
        net,
        q,
        cfg,
        pkg,
        rules,
        bounds: {
            let b = LowerBounds::new(s, &net.static_graph, q.to);
            (0..s.hubs.len()).map(|h| b.to_dest(s, h)).collect()
        },
        limits: Limits::new(s, net.end, q, cfg),
        guard: Guard::new(net, pkg),
        anchor: None,
        labels: Vec::new(),
        heap: BinaryHeap::new(),
        bags: HashMap::new(),
        delivered: Vec::new(),
        rejections: Vec::new(),
        stats: Stats::default(),
        legs_cut: false,
        out_of_budget: false,
    };
    cx.run();
    cx.finish()
}

impl Ctx<'_> {
    fn run(&mut self) {
        let (mut state, mut exp) = self.q.start_state(self.pkg);
        let t0 = self.q.start_time(self.s);
        let steps = self.q.origin_steps(self.s);
        for st in steps.as_slice() {
            advance(
                self.s,
                Some(&self.net.air),
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
        let Some(&root) = self.labels.first() else {
            return;
        };
        self.try_walks(0, &root, StepBuf::new(), self.q.from, t0, 0.0, 0);
        while let Some(Reverse((key, _, id))) = self.heap.pop() {
            if self.out_of_budget {
                break;
            }
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

    /// Queues label `l`, unless the label budget has run out.
    fn push(&mut self, l: Label) {
        if self.labels.len() >= self.cfg.label_budget {
            self.out_of_budget = true;
            return;
        }
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
        self.limits.violation(exp)
    }

    fn expand(&mut self, id: u32) {
        let l = self.labels[id as usize];
        let net = self.net;
        let n = net.by_hub[l.hub].len();
        let dep = |k: usize| *net.departure_from(l.hub, k);
        let i = net.first_at_or_after(l.hub, l.t);
        if i < n {
            let first = dep(i).cutoff;
            let mut j = i;
            while j < n && dep(j).cutoff == first {
                // A hop of a line's run starts a ride to every later stop.
                for d in net.legs_starting(self.s, &dep(j)) {
                    self.try_leg(id, &l, d);
                }
                j += 1;
            }
            if j < n {
                let next = dep(j).cutoff;
                self.try_wait(id, &l, next);
            }
        }
        if !l.waited {
            for k in 0..self.net.on_demand[l.hub].len() {
                let road = self.net.on_demand[l.hub][k];
                if let Some((dep, arr)) = self.net.on_demand_departure(self.s, road, l.t) {
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
            (Some(a), Some(w)) => self.limits.deadline.min(a + w),
            _ => self.limits.deadline,
        }
    }

    fn lower_bound_arrival(&self, hub: usize, t: Secs) -> Option<Secs> {
        let lb = self.bounds[hub]?;
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
        let Some((dur, kind)) = service_at(h, l.hub, self.pkg) else {
            return;
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
                Some(&self.net.air),
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
        if l.legs >= self.limits.max_legs {
            // Say so if the limit stopped an itinerary that could still
            // have delivered in time.
            let bound = if d.to == self.q.to {
                Some(d.avail)
            } else {
                self.lower_bound_arrival(d.to, d.avail)
            };
            if bound.is_some_and(|b| b <= self.limit()) {
                self.legs_cut = true;
            }
            return;
        }
        if d.to != self.q.to && !self.net.walks_from[d.to].is_empty() {
            let lead = leg_steps(l.hub, l.t, &d, d.avail, None);
            self.try_walks(id, l, lead, d.to, d.avail, d.service.cost(self.s), 1);
        }
        let to_hub = &self.s.hubs[d.to];
        let is_dest = d.to == self.q.to;
        let receipt = is_dest.then(|| self.net.receipt(d.to, d.avail));
        let t_next = match receipt {
            Some(r) => r + to_hub.handling,
            None => d.avail + to_hub.min_connection,
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
                    let steps = leg_steps(l.hub, l.t, &d, t_next, receipt);
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
        let steps = leg_steps(l.hub, l.t, &d, t_next, receipt);
        let Some(mut next) = self.child(l, steps, id) else {
            return;
        };
        next.cost += d.service.cost(self.s);
        next.legs += 1;
        self.land(id, next, d.to, t_next, steps);
    }

    /// `next` (a child of label `id` by `steps`) is at `to`, available at
    /// `t_next`: delivered there, or queued.
    fn land(&mut self, id: u32, mut next: Label, to: usize, t_next: Secs, steps: StepBuf) {
        if to == self.q.to {
            let ambient = margin_ambient(self.s, to, t_next);
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
        next.hub = to;
        next.t = t_next;
        next.waited = false;
        next.serviced = false;
        self.push(next);
    }

    /// The walks from `hub` for label `id` (`l`), whose cargo is there at
    /// `t` after `lead` (the leg it just got off, costing `leg_cost` and
    /// counting `legs` legs; nothing at the origin).
    #[allow(clippy::too_many_arguments)]
    fn try_walks(
        &mut self,
        id: u32,
        l: &Label,
        lead: StepBuf,
        hub: usize,
        t: Secs,
        leg_cost: f64,
        legs: u8,
    ) {
        let net = self.net;
        for &(b, dur) in &net.walks_from[hub] {
            let b = b as usize;
            let at = t + dur;
            let is_dest = b == self.q.to;
            let receipt = is_dest.then(|| net.receipt(b, at));
            let t_next = match receipt {
                Some(r) => r + self.s.hubs[b].handling,
                None => at,
            };
            let bound = if is_dest {
                Some(t_next)
            } else {
                self.lower_bound_arrival(b, at)
            };
            if bound.is_none_or(|x| x > self.limit()) {
                self.stats.pruned_by_bound += 1;
                continue;
            }
            let mut steps = lead;
            steps.push(Step {
                kind: StepKind::Walk { from: hub, to: b },
                start: t,
                end: at,
            });
            if let Some(r) = receipt {
                push_delivery(&mut steps, b, at, r, t_next);
            }
            let Some(mut next) = self.child(l, steps, id) else {
                continue;
            };
            next.cost += leg_cost;
            next.legs += legs;
            self.land(id, next, b, t_next, steps);
        }
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
                && cost_no_worse(b.cost, l.cost)
                && (!b.waited || l.waited)
                && (!b.serviced || l.serviced)
                && no_worse(
                    &self.guard,
                    &b.state,
                    &b.exp,
                    &l.state,
                    &l.exp,
                    (self.limit().0 - l.t.0).max(0) as f64,
                )
        })
    }

    fn steps_to(&self, id: u32) -> Vec<Step> {
        chain_steps(id, |c| {
            let l = &self.labels[c as usize];
            (l.pred, l.steps.as_slice())
        })
    }

    fn finish(mut self) -> Planned {
        let limit = self.limit();
        let delivered = std::mem::take(&mut self.delivered);
        let delivered: Vec<Delivery> = delivered
            .into_iter()
            .filter(|d| d.0.arrival <= limit)
            .map(|(outcome, pred, steps, exposure)| {
                let mut all = self.steps_to(pred);
                all.extend_from_slice(&steps);
                Delivery {
                    itinerary: Itinerary {
                        steps: merge_dwells(all),
                    },
                    outcome,
                    exposure,
                }
            })
            .collect();
        let earliest_delivery = Reach::forward_from(
            self.s,
            self.net,
            self.q.from,
            self.q.start_time(self.s),
            self.q.to,
            self.limits.deadline,
        )
        .earliest_delivery;
        let mut cuts = Vec::new();
        if self.out_of_budget {
            cuts.push(Cut::Budget {
                labels: self.cfg.label_budget,
            });
        }
        let plans = rank_plans(self.s, self.q, delivered);
        if self.legs_cut && legs_may_matter(&plans, earliest_delivery) {
            cuts.push(Cut::Legs {
                max_legs: self.limits.max_legs,
            });
        }
        Planned {
            plans,
            relaxed: false,
            rejections: std::mem::take(&mut self.rejections),
            stats: self.stats,
            cuts,
            earliest_delivery,
        }
    }
}
