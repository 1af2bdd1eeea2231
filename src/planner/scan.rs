//! The connection-scan engine: a multi-criteria connection scan (McCSA)
//! with the thermal state in every label.
//!
//! 1. **Pre-pass** ([`super::reach`]): exact forward earliest availability
//!    and backward latest availability to the deadline. Only connections
//!    that can still be part of an itinerary delivered by the deadline are
//!    scanned (on a world network, a few dozen of tens of thousands).
//! 2. **Scan** the usable connections in cutoff order. Each hub holds a
//!    *bag* of labels waiting there, each advanced (by the dwell's thermal
//!    model) as far as an event at that hub needed it: a departure
//!    advances the whole bag, an arrival only the labels it is compared
//!    with. A connection leaving a hub is boarded by every label in its
//!    bag. Labels that land
//!    somewhere wait in a queue of *arrivals* until the scan reaches their
//!    time.
//! 3. **Arrival** of a label at a hub: first what can only happen on
//!    arrival (a re-icing or recharge stop, an on-demand road at its
//!    earliest departure), then the label joins the hub's bag. Every label
//!    in a bag can only wait, so the bag compares labels *across times*:
//!    the earlier one is advanced through the wait to the later one's time
//!    and then compared ([`super::dominance`]), which is sound because any
//!    label can always wait.
//!
//! The window rule (alternatives within `Config::window` of the earliest
//! delivery meeting the minimum margin) ends the scan early, and the
//! search first runs to the pre-pass's earliest delivery plus the window,
//! a second time only if that delivery misses the margin ([`search`]).
//! Labels keep how they were reached ([`How`]), not their steps. A label budget
//! bounds memory; when it runs out the plans found so far are returned
//! with [`Cut::Budget`]. Itineraries that need more legs than allowed are
//! reported as [`Cut::Legs`] when they could have been faster.
//!
//! References: Dibbelt, Pajor, Strasser, Wagner, "Connection Scan
//! Algorithm", ACM JEA 23 (2018), section 4 (McCSA, Pareto bags per stop);
//! Delling, Pajor, Werneck, "Round-Based Public Transit Routing",
//! Transportation Science 49 (2015) (McRAPTOR, the same bags by rounds).

use std::cell::OnceCell;
use std::collections::HashMap;

use crate::itinerary::simulate::{advance, margin_ambient, StepResult};
use crate::itinerary::take::{chain_steps, service_at};
use crate::itinerary::{
    leg_steps, merge_dwells, push_delivery, Itinerary, Step, StepBuf, StepKind,
};
use crate::network::{Departure, LowerBounds, Network, Service};
use crate::scenario::Scenario;
use crate::thermal::container::{hold_time, working_temp, ContainerState};
use crate::thermal::{Exposure, ExposureRules, PackagingKind};
use crate::time::utc_to_local;
use crate::units::Secs;

use super::dominance::{
    cost_cell, cost_no_worse, may_beat_after_waiting, no_worse, no_worse_on_grid, Cells, Guard,
    Guards, Side,
};
use super::explain::{Rejection, RejectionReason};
use super::limits::{legs_may_matter, Cut, Limits};
use super::pareto::{pareto_front, rank_plans, Delivery, Outcome};
use super::queue::ArrivalQueue;
use super::reach::Reach;
use super::{Config, Planned, Query, Stats, MAX_REJECTIONS};

const NO_PRED: u32 = u32::MAX;

/// A shipment available at a hub.
#[derive(Clone, Copy, Debug)]
struct Label {
    hub: usize,
    /// Available from this time.
    t: Secs,
    state: ContainerState,
    exp: Exposure,
    cost: f64,
    legs: u8,
    /// Re-iced or recharged during this hub visit.
    serviced: bool,
    pred: u32,
    /// How it was reached from the predecessor: the steps from the
    /// predecessor's time to `t` follow from it ([`Ctx::steps_of`]), so a
    /// label keeps 24 bytes instead of its steps.
    how: How,
}

/// What a rejected itinerary's earliest delivery is.
#[derive(Clone, Copy, Debug)]
enum Bound {
    /// This moment.
    At(Secs),
    /// A lower bound on delivery from this hub at this time.
    From(usize, Secs),
}

/// How a label was reached from its predecessor.
#[derive(Clone, Copy, Debug)]
enum How {
    /// The origin after acceptance handling.
    Root,
    /// Connection `Network::conns[k]`.
    Conn(u32),
    /// An on-demand road leaving at `dep` and arriving at `arr`.
    OnDemand { road: u32, dep: Secs, arr: Secs },
    /// A re-icing or recharge stop ending at the label's time.
    Service,
    /// A ride boarding at hop `first` and leaving at the end of hop
    /// `last` of the same run (`Network::conns` indices).
    Ride { first: u32, last: u32 },
    /// A walk from the predecessor's hub, starting at its time.
    Walk,
}

/// A label on board a line's run, at the stop the run has just reached.
#[derive(Clone, Copy, Debug)]
struct OnBoard {
    /// The label that boarded.
    pred: u32,
    /// The hop it boarded (`Network::conns` index).
    first: u32,
    /// Arrival at the stop just reached.
    t: Secs,
    state: ContainerState,
    exp: Exposure,
    cost: f64,
    legs: u8,
}

/// A label waiting in a hub's bag, its state advanced to `t`.
#[derive(Clone, Copy, Debug)]
struct Waiting {
    id: u32,
    /// The label's legs and cost cell (`Label::legs`, `Label::cost` on
    /// the grid), kept here so comparing a bag reads the bag only.
    legs: u8,
    cost: i64,
    t: Secs,
    state: ContainerState,
    /// `Cells::of(&state)`, kept with it.
    cells: Cells,
    exp: Exposure,
}

impl Waiting {
    /// Label `id` (`l`) waiting in its state.
    fn new(id: u32, l: &Label) -> Waiting {
        Waiting {
            id,
            legs: l.legs,
            cost: cost_cell(l.cost),
            t: l.t,
            state: l.state,
            cells: Cells::of(&l.state),
            exp: l.exp,
        }
    }

    fn side(&self) -> Side<'_> {
        Side {
            state: &self.state,
            cells: self.cells,
            exp: &self.exp,
        }
    }
}

struct Ctx<'a> {
    s: &'a Scenario,
    net: &'a Network,
    q: &'a Query,
    cfg: &'a Config,
    pkg: &'a PackagingKind,
    rules: ExposureRules,
    limits: Limits,
    /// Per hub, computed on the first comparison of thermal states (it
    /// walks every hub and the usable connections; most small queries
    /// never need it).
    guard: OnceCell<Guards>,
    reach: Reach,
    /// Per rejection kept, the hub and time its earliest delivery is to
    /// be bounded from (`None`: its `earliest_arrival` is already the
    /// delivery); resolved in [`Ctx::finish`] with one static search.
    bound_from: Vec<Option<(usize, Secs)>>,
    anchor: Option<Secs>,
    labels: Vec<Label>,
    /// Labels landed and not yet processed, by (available, id).
    arrivals: ArrivalQueue,
    /// Per hub, the labels waiting there.
    bags: Vec<Vec<Waiting>>,
    /// Labels in all the bags.
    n_waiting: usize,
    /// Per trip (`Hop::trip`) being ridden, the labels on board.
    riding: HashMap<u32, Vec<OnBoard>>,
    /// On-board labels made (they count against the label budget).
    n_onboard: usize,
    delivered: Vec<(Outcome, u32, StepBuf, Exposure)>,
    rejections: Vec<Rejection>,
    stats: Stats,
    /// A label was stopped by the leg limit on a connection that can
    /// reach the destination in time.
    legs_cut: bool,
    /// The label budget ran out.
    out_of_budget: bool,
    /// Every label died before the scan reached its limit, at this
    /// time.
    died: Option<Secs>,
    /// The plans delivered so far with an unlimited margin, as (arrival,
    /// cost, transfers), none beaten by another ([`Ctx::beaten`]).
    unlimited: Vec<(Secs, f64, usize)>,
    /// Per hub, the label that last beat or joined its bag, and where in
    /// the bag it was then: the first one [`Ctx::wait`] compares a
    /// newcomer with.
    winner: Vec<(u32, u32)>,
    /// Per hub, when a label first waited there (`Secs(i64::MAX)`: never).
    first_wait: Vec<Secs>,
    /// The hubs where labels waited, in the order they first did.
    waited_at: Vec<u32>,
    /// The connections the scan reads (`Reach::usable`, kept for
    /// [`Ctx::guard`] and [`Ctx::final_at_any_deadline`]).
    scanned: Vec<u32>,
}

#[cfg(test)]
thread_local! {
    /// How often [`Ctx::beaten`] dropped a label, on this thread: the
    /// oracle tests check that they exercise it.
    pub(super) static BEATEN_BY_PLAN: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// The first step past the window when the earliest delivery misses the
/// minimum margin ([`search`]); each further step doubles.
const FIRST_STEP: Secs = Secs(3600);

/// Runs one search for `q` over `net`.
///
/// With an alternatives window `w`, the search first assumes that the
/// earliest delivery `E` (known exactly from the forward pre-pass) meets
/// the minimum margin, and searches only up to `E + w`; the backward
/// pre-pass to that nearer deadline leaves far fewer connections. If no
/// delivery up to there meets the margin, it searches again to `E + w +
/// 1 h`, `E + w + 2 h`, `E + w + 4 h` and so on (doubling, up to the
/// deadline) until one does; when the earliest delivery meeting the
/// margin is some `a` with `a + w` past the search's reach, one more
/// search runs to `a + w`. A search to `d` sees every itinerary
/// delivered by `d` (the pre-pass keeps every connection of one), so the
/// result is the one a single search to the deadline would give, whose
/// window ends at `a + w` too; the cost is that of the last search, at
/// most about twice the one that finds `a`, instead of a search of the
/// whole horizon (a 6-day SLA: seconds where the steps take
/// milliseconds).
pub(super) fn search(s: &Scenario, net: &Network, q: &Query, cfg: &Config) -> Planned {
    let limits = Limits::new(s, net.end, q, cfg);
    let t0 = q.start_time(s);
    let mut reach = Reach::forward_from(s, net, q.from, t0, q.to, limits.deadline);
    let mut spent = Stats::default();
    let mut deadline = limits.deadline;
    if let (Some(e), Some(w)) = (reach.earliest_delivery, cfg.window) {
        let mut step = Secs(0);
        loop {
            let near = e + w + step;
            if near >= limits.deadline {
                break;
            }
            reach.narrow(s, net, near);
            let mut cx = Ctx::new(s, net, q, cfg, limits, near, reach).run(t0);
            if cx.out_of_budget
                || cx.anchor.is_some_and(|a| a + w <= near)
                || (cx.anchor.is_none() && cx.final_at_any_deadline())
            {
                cx.stats.add(&spent);
                return cx.finish();
            }
            // The next search starts afresh but keeps the forward profile
            // (it does not depend on the deadline).
            spent.add(&cx.stats);
            reach = cx.reach;
            if let Some(a) = cx.anchor {
                deadline = deadline.min(a + w);
                break;
            }
            step = if step == Secs(0) {
                FIRST_STEP
            } else {
                step + step
            };
        }
    }
    reach.narrow(s, net, deadline);
    let mut cx = Ctx::new(s, net, q, cfg, limits, deadline, reach).run(t0);
    cx.stats.add(&spent);
    cx.finish()
}

/// The reference for [`search`]'s steps: one search to the deadline
/// (within the window after the earliest delivery meeting the margin,
/// when there is a window).
#[cfg(test)]
pub(super) fn search_whole(s: &Scenario, net: &Network, q: &Query, cfg: &Config) -> Planned {
    let limits = Limits::new(s, net.end, q, cfg);
    let t0 = q.start_time(s);
    let mut reach = Reach::forward_from(s, net, q.from, t0, q.to, limits.deadline);
    reach.narrow(s, net, limits.deadline);
    Ctx::new(s, net, q, cfg, limits, limits.deadline, reach)
        .run(t0)
        .finish()
}

impl<'a> Ctx<'a> {
    /// A search for `q` within `limits`, up to `deadline` (at or before
    /// the limits' own), over the connections `reach` leaves.
    fn new(
        s: &'a Scenario,
        net: &'a Network,
        q: &'a Query,
        cfg: &'a Config,
        limits: Limits,
        deadline: Secs,
        reach: Reach,
    ) -> Ctx<'a> {
        Ctx {
            s,
            net,
            q,
            cfg,
            pkg: &s.packagings[q.packaging].kind,
            rules: ExposureRules::for_search(&s.products[q.product])
                .knowing(working_temp(&s.packagings[q.packaging].kind)),
            limits: Limits { deadline, ..limits },
            guard: OnceCell::new(),
            reach,
            bound_from: Vec::new(),
            anchor: None,
            labels: Vec::new(),
            arrivals: ArrivalQueue::new(),
            bags: vec![Vec::new(); s.hubs.len()],
            n_waiting: 0,
            riding: HashMap::new(),
            n_onboard: 0,
            delivered: Vec::new(),
            rejections: Vec::new(),
            stats: Stats::default(),
            legs_cut: false,
            out_of_budget: false,
            died: None,
            unlimited: Vec::new(),
            winner: vec![(NO_PRED, 0); s.hubs.len()],
            first_wait: vec![Secs(i64::MAX); s.hubs.len()],
            waited_at: Vec::new(),
            scanned: Vec::new(),
        }
    }

    /// Runs the search from cargo available at the origin at `t0`.
    fn run(mut self, t0: Secs) -> Ctx<'a> {
        self.stats.passes += 1;
        self.scan(t0);
        self
    }

    fn scan(&mut self, t0: Secs) {
        // Kept whole for the guard ([`Ctx::guard`]) and for
        // [`Ctx::final_at_any_deadline`].
        self.scanned = std::mem::take(&mut self.reach.usable);
        let (mut state, mut exp) = self.q.start_state(self.pkg);
        let steps = self.q.origin_steps(self.s);
        for st in steps.as_slice() {
            self.step(st, &mut state, &mut exp);
        }
        if let Some(reason) = self.limits.violation(&exp) {
            self.stats.rejected_thermal += 1;
            self.reject(NO_PRED, steps.as_slice().to_vec(), reason, Bound::At(t0));
            self.died = Some(t0);
            return;
        }
        if self.reach.earliest_delivery.is_none() {
            return;
        }
        self.push(Label {
            hub: self.q.from,
            t: t0,
            state,
            exp,
            cost: 0.0,
            legs: 0,
            serviced: false,
            pred: NO_PRED,
            how: How::Root,
        });
        // Walks from the origin (a station to its platforms, say).
        let walks = self.walks_from(self.q.from, t0);
        self.walk(0, self.q.from, t0, (state, exp, 0.0, 0), walks);
        let net = self.net;
        for k in 0..self.scanned.len() {
            let i = self.scanned[k];
            let c = &net.conns[i as usize];
            if c.cutoff > self.limit() || self.out_of_budget {
                break;
            }
            self.drain(c.cutoff);
            if c.cutoff > self.limit() || self.out_of_budget {
                break;
            }
            if !self.alive() {
                self.died = Some(c.cutoff);
                break;
            }
            self.stats.connections += 1;
            match c.service {
                Service::Ride { .. } => self.ride(i, c),
                _ => self.board_all(c, How::Conn(i)),
            }
        }
        self.drain(Secs(i64::MAX));
    }

    /// Whether this search's answer is the one any later deadline would
    /// give: every label died (so nothing was left to board later
    /// connections), none was dropped by the deadline bound, by
    /// dominance (whose horizon depends on the deadline) or by a plan
    /// delivered (by the deadline), and no
    /// connection this search did not read left a hub while a label could
    /// have been waiting there. Then a search to a later deadline makes
    /// the same labels, and only those: a query whose shipment spoils
    /// before it can get anywhere is answered without searching its
    /// whole horizon.
    fn final_at_any_deadline(&self) -> bool {
        let Some(end) = self.died else {
            return false;
        };
        if self.stats.pruned_by_bound > 0
            || self.stats.dominated > 0
            || self.stats.beaten_by_plan > 0
            || self.out_of_budget
        {
            return false;
        }
        self.waited_at.iter().all(|&h| {
            let from = self.first_wait[h as usize];
            let deps = &self.net.by_hub[h as usize];
            let conns = &self.net.conns;
            let k = deps.partition_point(|&i| conns[i as usize].cutoff < from);
            deps[k..]
                .iter()
                .take_while(|&&i| conns[i as usize].cutoff < end)
                .all(|i| self.scanned.binary_search(i).is_ok())
        })
    }

    /// The latest delivery still of interest: the deadline, or the window
    /// after the earliest delivery that meets the minimum margin.
    fn limit(&self) -> Secs {
        match (self.anchor, self.cfg.window) {
            (Some(a), Some(w)) => self.limits.deadline.min(a + w),
            _ => self.limits.deadline,
        }
    }

    /// Takes hub `hub`'s bag out to work on it ([`Ctx::put_bag`] puts it
    /// back).
    fn take_bag(&mut self, hub: usize) -> Vec<Waiting> {
        let bag = std::mem::take(&mut self.bags[hub]);
        self.n_waiting -= bag.len();
        bag
    }

    /// Puts a bag taken with [`Ctx::take_bag`] back.
    fn put_bag(&mut self, hub: usize, bag: Vec<Waiting>) {
        self.n_waiting += bag.len();
        self.bags[hub] = bag;
    }

    /// Whether any label can still move: waiting in a bag, landed and not
    /// yet processed, or on board. When none can, no later connection
    /// can be boarded and the scan is over.
    fn alive(&self) -> bool {
        self.n_waiting > 0 || !self.arrivals.is_empty() || !self.riding.is_empty()
    }

    /// Queues label `l` to arrive at its time.
    fn push(&mut self, l: Label) {
        let t = l.t;
        if let Some(id) = self.store(l) {
            self.arrivals.push(t, id);
        }
    }

    /// Keeps label `l` (counted against the budget) and returns its id;
    /// `None` when the budget has run out.
    fn store(&mut self, l: Label) -> Option<u32> {
        if self.labels.len() + self.n_onboard >= self.cfg.label_budget {
            self.out_of_budget = true;
            return None;
        }
        let id = self.labels.len() as u32;
        self.labels.push(l);
        self.stats.labels += 1;
        Some(id)
    }

    /// Processes every arrival available at or before `upto`.
    fn drain(&mut self, upto: Secs) {
        while let Some((t, id)) = self.arrivals.peek() {
            if t > upto || self.out_of_budget {
                break;
            }
            self.arrivals.pop();
            if t > self.limit() {
                self.stats.pruned_by_bound += 1;
                continue;
            }
            self.arrive(id);
        }
    }

    /// What a label does on arrival: a service stop, on-demand roads, then
    /// it joins the hub's bag.
    fn arrive(&mut self, id: u32) {
        let l = self.labels[id as usize];
        if !self.reach.can_deliver_from(l.hub, l.t) {
            self.stats.pruned_by_bound += 1;
            return;
        }
        // At the leg limit it goes on, to say so if it could board.
        if l.legs < self.limits.max_legs && self.beaten(l.t, l.cost, l.legs) {
            self.stats.beaten_by_plan += 1;
            return;
        }
        self.stats.settled += 1;
        if !l.serviced && l.legs > 0 {
            self.try_service(id, &l);
        }
        if l.legs < self.limits.max_legs {
            let net = self.net;
            for &road in &net.on_demand[l.hub] {
                if let Some((dep, arr)) = net.on_demand_departure(self.s, road, l.t) {
                    let d = Departure::road(road, &self.s.roads[road], dep, arr);
                    if d.avail <= net.end {
                        let via = How::OnDemand {
                            road: road as u32,
                            dep,
                            arr,
                        };
                        self.try_leg(id, &l, l.state, l.exp, l.t, &d, via);
                    }
                }
            }
        } else if !self.net.on_demand[l.hub].is_empty() {
            self.legs_cut = true;
        }
        self.wait(id, &l);
    }

    /// Puts label `id` into its hub's bag unless a waiting label, advanced
    /// to its time, is at least as good; drops the waiting labels it beats.
    ///
    /// Waiting labels are advanced to its time only when they are compared
    /// with it, and only those that could beat it or that it could beat by
    /// legs and cost (the criteria that do not change while waiting); the
    /// others stay where they are until something needs them (a departure,
    /// or a comparison). The hub's last winner is tried first: most labels
    /// that arrive are beaten (97 % on the generated world's widest
    /// shipments), most often by the label that beat the one before, and
    /// then nothing else of the bag is advanced or compared
    /// (docs/performance.md).
    fn wait(&mut self, id: u32, l: &Label) {
        let mut bag = self.take_bag(l.hub);
        let remaining = (self.limit().0 - l.t.0).max(0) as f64;
        let me = Waiting::new(id, l);
        let (legs, cost, t) = (me.legs, me.cost, me.t);
        // Legs and cost do not change while waiting; the rest only gets
        // worse ([`may_beat_after_waiting`]).
        let could_beat_me = |w: &Waiting| {
            w.legs <= legs && w.cost <= cost && may_beat_after_waiting(&w.side(), &me.side())
        };
        let (hint, at) = self.winner[l.hub];
        let mut dominated = false;
        // Where it was, unless a label before it has gone since.
        let found = if bag.get(at as usize).is_some_and(|w| w.id == hint) {
            Some(at as usize)
        } else {
            bag.iter().position(|w| w.id == hint)
        };
        if let Some(k) = found {
            if could_beat_me(&bag[k])
                && self.advance_one(l.hub, &mut bag, k, t)
                && self.beats(l.hub, &bag[k], &me, remaining)
            {
                dominated = true;
            }
        }
        let mut k = 0;
        while !dominated && k < bag.len() {
            if bag[k].id != hint && could_beat_me(&bag[k]) {
                if !self.advance_one(l.hub, &mut bag, k, t) {
                    continue;
                }
                if self.beats(l.hub, &bag[k], &me, remaining) {
                    self.winner[l.hub] = (bag[k].id, k as u32);
                    dominated = true;
                }
            }
            k += 1;
        }
        if dominated {
            self.stats.dominated += 1;
        } else {
            let mut k = 0;
            while k < bag.len() {
                if legs <= bag[k].legs && cost <= bag[k].cost {
                    if !self.advance_one(l.hub, &mut bag, k, t) {
                        continue;
                    }
                    if self.beats(l.hub, &me, &bag[k], remaining) {
                        bag.remove(k);
                        self.stats.dominated += 1;
                        continue;
                    }
                }
                k += 1;
            }
            self.winner[l.hub] = (id, bag.len() as u32);
            bag.push(me);
            if self.first_wait[l.hub] == Secs(i64::MAX) {
                self.first_wait[l.hub] = l.t;
                self.waited_at.push(l.hub as u32);
            }
        }
        self.put_bag(l.hub, bag);
    }

    /// Advances `state` and `exp` through step `st` (the thermal model,
    /// with the network's air table).
    fn step(&self, st: &Step, state: &mut ContainerState, exp: &mut Exposure) -> StepResult {
        advance(
            self.s,
            Some(&self.net.air),
            self.pkg,
            &self.rules,
            st,
            state,
            exp,
            |_, _, _| {},
        )
    }

    /// The dominance guard at `hub` for the ambient this search can still
    /// meet from there ([`Guards::reachable`]), computed on first use.
    fn guard(&self, hub: usize) -> &Guard {
        self.guard
            .get_or_init(|| {
                Guards::reachable(
                    self.s,
                    self.net,
                    &self.reach,
                    &self.scanned,
                    (self.q.from, self.q.to),
                    self.q.start_time(self.s),
                    self.limits.deadline,
                    self.pkg,
                    &self.rules,
                )
            })
            .at(hub)
    }

    /// Whether a plan already delivered beats every plan a label could
    /// still become, once it is past `t` at a hub other than the
    /// destination with cost `cost` after `legs` legs.
    ///
    /// Such a plan arrives after `t`, costs at least `cost` (costs are never
    /// negative, `Scenario::check_invariants`) and has at least `legs`
    /// transfers (one more leg at least); its margin is at most unlimited.
    /// So a delivered plan with an unlimited margin that arrived before `t`
    /// and is no dearer, with no more transfers, is at least as good in
    /// every criterion of the Pareto front ([`pareto_front`]), and ranks
    /// first in a tie (it was delivered first): the front is the same
    /// without the label. Rejections it could still make arrive after that
    /// plan, later than any rejection shown (those are faster than the
    /// recommended plan). A destination with a cold room inside the range
    /// gives every delivery an unlimited margin: there this keeps the
    /// alternatives window from being searched with every label that
    /// cannot be cheaper or have fewer transfers (docs/planner.md).
    fn beaten(&self, t: Secs, cost: f64, legs: u8) -> bool {
        let beaten = self
            .unlimited
            .iter()
            .any(|&(a, c, k)| a < t && c <= cost && k <= usize::from(legs));
        #[cfg(test)]
        if beaten {
            BEATEN_BY_PLAN.with(|n| n.set(n.get() + 1));
        }
        beaten
    }

    /// Whether waiting label `a` is at least as good as `b` (both at `hub`
    /// at the same time) for every continuation of up to `remaining_s`.
    fn beats(&self, hub: usize, a: &Waiting, b: &Waiting, remaining_s: f64) -> bool {
        // The guards bound only hubs the cargo can be at in time
        // ([`Reach::may_be_at`]): labels are compared nowhere else (the
        // oracle tests run this on every comparison).
        #[cfg(test)]
        assert!(
            hub == self.q.from || self.reach.may_be_at(hub),
            "labels compared at hub {hub}, which the guards take as out of reach"
        );
        a.legs <= b.legs
            && a.cost <= b.cost
            && {
                debug_assert_eq!(a.t, b.t, "compared at different times");
                true
            }
            && no_worse_on_grid(self.guard(hub), &a.side(), &b.side(), remaining_s)
    }

    /// Advances every label of a bag through the dwell to `t`; drops (and
    /// explains) those that break a limit while waiting.
    fn advance_bag(&mut self, hub: usize, bag: &mut Vec<Waiting>, t: Secs) {
        let mut k = 0;
        while k < bag.len() {
            if self.advance_one(hub, bag, k, t) {
                k += 1;
            }
        }
    }

    /// Advances label `bag[k]` through the dwell to `t` (if it is not there
    /// yet); when it breaks a limit while waiting, explains it, removes it
    /// from the bag and returns false.
    fn advance_one(&mut self, hub: usize, bag: &mut Vec<Waiting>, k: usize, t: Secs) -> bool {
        if bag[k].t >= t {
            return true;
        }
        let w = &mut bag[k];
        let st = Step {
            kind: StepKind::Dwell { hub },
            start: w.t,
            end: t,
        };
        let r = self.step(&st, &mut w.state, &mut w.exp);
        w.t = t;
        w.cells = Cells::of(&w.state);
        let Some(mut reason) = self.limits.violation(&w.exp) else {
            return true;
        };
        let id = w.id;
        let from = self.labels[id as usize].t;
        if let RejectionReason::Freeze { at, temp } = &mut reason {
            *at = Some((0, r.freeze.map_or(st.start, |f| f.0)));
            *temp = r.payload_min;
        } else if let RejectionReason::Excursion { at, .. } = &mut reason {
            *at = Some((0, from));
        }
        self.stats.rejected_thermal += 1;
        let whole = Step {
            kind: StepKind::Dwell { hub },
            start: from,
            end: t,
        };
        self.reject(id, vec![whole], reason, Bound::From(hub, t));
        bag.remove(k);
        false
    }

    /// Every label waiting at `c`'s origin boards it.
    fn board_all(&mut self, c: &Departure, via: How) {
        let mut bag = self.take_bag(c.from);
        self.advance_bag(c.from, &mut bag, c.cutoff);
        for w in &bag {
            let l = self.labels[w.id as usize];
            if l.legs >= self.limits.max_legs {
                self.legs_cut = true;
                continue;
            }
            if self.beaten(c.cutoff, l.cost + c.service.cost(self.s), l.legs) {
                self.stats.beaten_by_plan += 1;
                continue;
            }
            self.try_leg(w.id, &l, w.state, w.exp, c.cutoff, c, via);
            if self.out_of_budget {
                break;
            }
        }
        self.put_bag(c.from, bag);
    }

    fn try_service(&mut self, id: u32, l: &Label) {
        let h = &self.s.hubs[l.hub];
        let Some((dur, kind)) = service_at(h, l.hub, self.pkg) else {
            return;
        };
        let local = utc_to_local(&h.tz, l.t);
        let start = l.t + Secs(i64::from(h.opening.wait_until_open(local.secs_of_day)));
        let end = start + dur;
        if end > self.limit() || !self.reach.can_deliver_from(l.hub, end) {
            self.stats.pruned_by_bound += 1;
            return;
        }
        let mut steps = StepBuf::new();
        steps.push_nonempty(StepKind::Dwell { hub: l.hub }, l.t, start);
        steps.push(Step { kind, start, end });
        let (mut state, mut exp) = (l.state, l.exp);
        if !self.apply(&mut state, &mut exp, &steps, l.t, id) {
            return;
        }
        self.push(Label {
            t: end,
            state,
            exp,
            serviced: true,
            pred: id,
            how: How::Service,
            ..*l
        });
    }

    /// Label `id` (`l`, whose state is `state`/`exp` at `from_t`) takes
    /// departure `d` (reached as `via`).
    #[allow(clippy::too_many_arguments)]
    fn try_leg(
        &mut self,
        id: u32,
        l: &Label,
        state: ContainerState,
        exp: Exposure,
        from_t: Secs,
        d: &Departure,
        via: How,
    ) {
        let stay = self.landing(id, d);
        let walks = self.walks_after(d);
        let cost = l.cost + d.service.cost(self.s);
        let (mut state, mut exp) = (state, exp);
        if walks.is_empty() {
            let Some((t_next, steps)) = stay else {
                return;
            };
            if self.apply(&mut state, &mut exp, &steps, from_t, id) {
                self.land(id, steps, d.to, t_next, state, exp, cost, l.legs + 1, via);
            }
            return;
        }
        let to_avail = leg_steps(l.hub, l.t, d, d.avail, None);
        if self.apply(&mut state, &mut exp, &to_avail, from_t, id) {
            let off = (state, exp, cost, l.legs + 1);
            self.arrive_by(id, d, off, via, stay, walks);
        }
    }

    /// Label `pred`'s cargo is off leg `d` at its destination hub, in
    /// state `off` (state, exposure, cost, legs): it waits there (`stay`,
    /// from [`Ctx::landing`]) and walks on (`walks`, from
    /// [`Ctx::walks_after`]).
    fn arrive_by(
        &mut self,
        pred: u32,
        d: &Departure,
        off: (ContainerState, Exposure, f64, u8),
        how: How,
        stay: Option<(Secs, StepBuf)>,
        walks: Vec<(usize, Secs, Secs)>,
    ) {
        let (state, exp, cost, legs) = off;
        if let Some((t_next, steps)) = stay {
            let (mut st, mut ex) = (state, exp);
            if self.apply(&mut st, &mut ex, &steps, d.avail, pred) {
                self.land(pred, steps, d.to, t_next, st, ex, cost, legs, how);
            }
        }
        if walks.is_empty() {
            return;
        }
        // The cargo just off the leg: the walks' predecessor, waiting
        // nowhere (not queued).
        let Some(mid) = self.store(Label {
            hub: d.to,
            t: d.avail,
            state,
            exp,
            cost,
            legs,
            serviced: false,
            pred,
            how,
        }) else {
            return;
        };
        self.walk(mid, d.to, d.avail, (state, exp, cost, legs), walks);
    }

    /// The walks worth taking from `d`'s destination for cargo off it:
    /// `(to, when there, when available or delivered)`.
    fn walks_after(&mut self, d: &Departure) -> Vec<(usize, Secs, Secs)> {
        if d.to == self.q.to || self.net.walks_from[d.to].is_empty() {
            return Vec::new();
        }
        self.walks_from(d.to, d.avail)
    }

    /// The walks worth taking from `hub` at `t`.
    fn walks_from(&mut self, hub: usize, t: Secs) -> Vec<(usize, Secs, Secs)> {
        let net = self.net;
        let mut out = Vec::new();
        for &(b, dur) in &net.walks_from[hub] {
            let b = b as usize;
            let at = t + dur;
            let is_dest = b == self.q.to;
            let t_next = net.next_available(self.q.to, b, at);
            let t_next = if is_dest { t_next } else { at };
            if t_next > self.limit() || (!is_dest && !self.reach.can_deliver_from(b, at)) {
                self.stats.pruned_by_bound += 1;
                continue;
            }
            out.push((b, at, t_next));
        }
        out
    }

    /// Label `from` (at `hub` at `t`, in state `off`) walks to each of
    /// `walks`.
    fn walk(
        &mut self,
        from: u32,
        hub: usize,
        t: Secs,
        off: (ContainerState, Exposure, f64, u8),
        walks: Vec<(usize, Secs, Secs)>,
    ) {
        let (state, exp, cost, legs) = off;
        for (b, at, t_next) in walks {
            let mut steps = StepBuf::new();
            steps.push(Step {
                kind: StepKind::Walk { from: hub, to: b },
                start: t,
                end: at,
            });
            if b == self.q.to {
                let receipt = t_next - self.net.handling[b];
                push_delivery(&mut steps, b, at, receipt, t_next);
            }
            let (mut st, mut ex) = (state, exp);
            if self.apply(&mut st, &mut ex, &steps, t, from) {
                self.land(from, steps, b, t_next, st, ex, cost, legs, How::Walk);
            }
        }
    }

    /// Where label `pred` lands taking leg `d`: when it is next available
    /// there and the steps from `pred` on; `None` (counted, and explained
    /// at the destination) when that is too late.
    fn landing(&mut self, pred: u32, d: &Departure) -> Option<(Secs, StepBuf)> {
        let p = self.labels[pred as usize];
        let is_dest = d.to == self.q.to;
        let t_next = self.net.next_available(self.q.to, d.to, d.avail);
        // `next_available` received and handled it: the receipt is the
        // handling's start.
        let receipt = is_dest.then(|| t_next - self.net.handling[d.to]);
        if t_next > self.limit() {
            self.stats.pruned_by_bound += 1;
            // Only the legs that reach the destination itself are worth
            // explaining; inner prunes are countless.
            if is_dest {
                let steps = leg_steps(p.hub, p.t, d, t_next, receipt);
                let reason = RejectionReason::Deadline { arrival: t_next };
                self.reject(pred, steps.as_slice().to_vec(), reason, Bound::At(t_next));
            }
            return None;
        }
        if !is_dest && !self.reach.can_deliver_from(d.to, t_next) {
            self.stats.pruned_by_bound += 1;
            return None;
        }
        Some((t_next, leg_steps(p.hub, p.t, d, t_next, receipt)))
    }

    /// A label (after `pred`, by `steps`, in `state`) is at hub `to`,
    /// available at `t_next`: delivered if `to` is the destination, else
    /// queued.
    #[allow(clippy::too_many_arguments)]
    fn land(
        &mut self,
        pred: u32,
        steps: StepBuf,
        to: usize,
        t_next: Secs,
        state: ContainerState,
        exp: Exposure,
        cost: f64,
        legs: u8,
        how: How,
    ) {
        if to == self.q.to {
            let ambient = margin_ambient(self.s, to, t_next);
            let margin =
                hold_time(self.pkg, &state, ambient, &self.rules.range).unwrap_or(f64::INFINITY);
            let out = Outcome {
                arrival: t_next,
                margin_s: margin,
                cost,
                transfers: usize::from(legs).saturating_sub(1),
            };
            if out.margin_s >= self.q.sla.min_margin.0 as f64 {
                self.anchor = Some(self.anchor.map_or(out.arrival, |a| a.min(out.arrival)));
            }
            if out.margin_s == f64::INFINITY {
                let me = (out.arrival, out.cost, out.transfers);
                let beats = |a: &(Secs, f64, usize), b: &(Secs, f64, usize)| {
                    a.0 <= b.0 && a.1 <= b.1 && a.2 <= b.2
                };
                if !self.unlimited.iter().any(|u| beats(u, &me)) {
                    self.unlimited.retain(|u| !beats(&me, u));
                    self.unlimited.push(me);
                }
            }
            self.delivered.push((out, pred, steps, exp));
            return;
        }
        self.push(Label {
            hub: to,
            t: t_next,
            state,
            exp,
            cost,
            legs,
            serviced: false,
            pred,
            how,
        });
    }

    /// Hop `i` (`c`) of a line's run: the labels on board ride it, the
    /// labels waiting at its stop board it, and every label that reaches
    /// the next stop may leave the vehicle there (a leg ends) or stay on
    /// (the same leg goes on, with no connection time).
    fn ride(&mut self, i: u32, c: &Departure) {
        let Service::Ride {
            line,
            run,
            board,
            alight,
        } = c.service
        else {
            return;
        };
        let kind = StepKind::Ride {
            line,
            run,
            board,
            alight,
        };
        let trip = self.net.hops[i as usize].trip;
        let line_cost = self.s.lines[line as usize].cost;
        let remaining = (self.limit().0 - c.arr.0).max(0) as f64;
        let mut next: Vec<OnBoard> = Vec::new();
        // Stay on board: from the arrival at this stop to the next.
        for mut ob in self.riding.remove(&trip).unwrap_or_default() {
            let piece = Step {
                kind,
                start: ob.t,
                end: c.arr,
            };
            if self.ride_piece(&piece, &mut ob, i) {
                ob.t = c.arr;
                self.keep_on_board(&mut next, ob, c.to, remaining);
            }
        }
        // Board: every label waiting at the stop.
        let mut bag = self.take_bag(c.from);
        self.advance_bag(c.from, &mut bag, c.cutoff);
        for w in &bag {
            let l = self.labels[w.id as usize];
            if l.legs >= self.limits.max_legs {
                self.legs_cut = true;
                continue;
            }
            if self.labels.len() + self.n_onboard >= self.cfg.label_budget {
                self.out_of_budget = true;
                break;
            }
            let mut ob = OnBoard {
                pred: w.id,
                first: i,
                t: c.arr,
                state: w.state,
                exp: w.exp,
                cost: l.cost + line_cost,
                legs: l.legs + 1,
            };
            let piece = Step {
                kind,
                start: c.dep,
                end: c.arr,
            };
            if self.ride_piece(&piece, &mut ob, i) {
                self.n_onboard += 1;
                self.stats.labels += 1;
                self.keep_on_board(&mut next, ob, c.to, remaining);
            }
        }
        self.put_bag(c.from, bag);
        // Leave at the next stop.
        for ob in &next {
            let d = self.net.ride_between(ob.first as usize, i as usize);
            let stay = self.landing(ob.pred, &d);
            let walks = self.walks_after(&d);
            let how = How::Ride {
                first: ob.first,
                last: i,
            };
            let off = (ob.state, ob.exp, ob.cost, ob.legs);
            self.arrive_by(ob.pred, &d, off, how, stay, walks);
        }
        // A run may pass the destination and come back: the labels on
        // board stay on there too.
        if !self.net.ends_run(self.s, i as usize) && !next.is_empty() {
            self.riding.insert(trip, next);
        }
    }

    /// Advances an on-board label through `piece` of its ride (ending at
    /// hop `i`); on a violation explains it and returns false.
    fn ride_piece(&mut self, piece: &Step, ob: &mut OnBoard, i: u32) -> bool {
        let r = self.step(piece, &mut ob.state, &mut ob.exp);
        let Some(mut reason) = self.limits.violation(&ob.exp) else {
            return true;
        };
        let p = self.labels[ob.pred as usize];
        let d = self.net.ride_between(ob.first as usize, i as usize);
        let steps = leg_steps(p.hub, p.t, &d, d.avail, None);
        let k = steps.as_slice().len() - 1;
        match &mut reason {
            RejectionReason::Freeze { at, temp } => {
                *at = Some((k, r.freeze.map_or(piece.start, |f| f.0)));
                *temp = r.payload_min;
            }
            RejectionReason::Excursion { at, .. } => *at = Some((k, piece.start)),
            RejectionReason::Stability { .. } | RejectionReason::Deadline { .. } => {}
        }
        self.stats.rejected_thermal += 1;
        self.reject(
            ob.pred,
            steps.as_slice().to_vec(),
            reason,
            Bound::From(d.to, d.avail),
        );
        false
    }

    /// Adds `ob` to the labels on board one vehicle (all at the same stop,
    /// `hub`, and time) unless one of them is at least as good; drops
    /// those it beats.
    fn keep_on_board(
        &mut self,
        riding: &mut Vec<OnBoard>,
        ob: OnBoard,
        hub: usize,
        remaining: f64,
    ) {
        let guard = self.guard(hub);
        let beats = |a: &OnBoard, b: &OnBoard| {
            a.legs <= b.legs
                && cost_no_worse(a.cost, b.cost)
                && no_worse(guard, &a.state, &a.exp, &b.state, &b.exp, remaining)
        };
        if riding.iter().any(|o| beats(o, &ob)) {
            self.stats.dominated += 1;
            return;
        }
        let before = riding.len();
        riding.retain(|o| !beats(&ob, o));
        self.stats.dominated += before - riding.len();
        riding.push(ob);
    }

    /// Advances a state through the steps that start at or after `from_t`
    /// (the earlier ones are already in it); on a violation records the
    /// rejection and returns false.
    fn apply(
        &mut self,
        state: &mut ContainerState,
        exp: &mut Exposure,
        steps: &StepBuf,
        from_t: Secs,
        pred: u32,
    ) -> bool {
        let steps = steps.as_slice();
        for (k, st) in steps.iter().enumerate() {
            if st.start < from_t {
                continue;
            }
            let r = self.step(st, state, exp);
            if let Some(mut reason) = self.limits.violation(exp) {
                // Say where: the step whose simulation broke the limit.
                match &mut reason {
                    RejectionReason::Freeze { at, temp } => {
                        *at = Some((k, r.freeze.map_or(st.start, |f| f.0)));
                        *temp = r.payload_min;
                    }
                    RejectionReason::Excursion { at, .. } => *at = Some((k, st.start)),
                    RejectionReason::Stability { .. } | RejectionReason::Deadline { .. } => {}
                }
                self.stats.rejected_thermal += 1;
                let bound = Bound::From(st.end_hub(self.s), st.end);
                self.reject(pred, steps[..=k].to_vec(), reason, bound);
                return false;
            }
        }
        true
    }

    fn reject(&mut self, pred: u32, steps: Vec<Step>, reason: RejectionReason, bound: Bound) {
        if self.cfg.keep_rejections && self.rejections.len() < MAX_REJECTIONS {
            let (at, from) = match bound {
                Bound::At(t) => (t, None),
                Bound::From(hub, t) => (t, Some((hub, t))),
            };
            self.rejections.push(Rejection {
                pred_steps: self.steps_to(pred),
                steps,
                reason,
                earliest_arrival: at,
            });
            self.bound_from.push(from);
        }
    }

    /// Sets each rejection's earliest delivery from the hub and time it
    /// was bounded from: one static search toward exactly those hubs.
    fn bound_rejections(&mut self) {
        let mut hubs: Vec<usize> = self.bound_from.iter().flatten().map(|b| b.0).collect();
        if hubs.is_empty() {
            return;
        }
        hubs.sort_unstable();
        hubs.dedup();
        let b = LowerBounds::toward(self.s, &self.net.static_graph, self.q.to, &hubs);
        let handling = self.s.hubs[self.q.to].handling;
        for (r, from) in self.rejections.iter_mut().zip(&self.bound_from) {
            if let Some((hub, t)) = *from {
                r.earliest_arrival = match b.to_dest(self.s, hub) {
                    Some(lb) => t + lb + handling,
                    None => t,
                };
            }
        }
    }

    fn steps_to(&self, id: u32) -> Vec<Step> {
        chain_steps(id, |c| (self.labels[c as usize].pred, self.steps_of(c)))
    }

    /// The steps from label `id`'s predecessor to it, as they were built
    /// when it was made.
    fn steps_of(&self, id: u32) -> StepBuf {
        let l = &self.labels[id as usize];
        let mut steps = StepBuf::new();
        let p = || &self.labels[l.pred as usize];
        match l.how {
            How::Root => self.q.origin_steps(self.s),
            How::Conn(k) => leg_steps(p().hub, p().t, &self.net.conns[k as usize], l.t, None),
            How::Ride { first, last } => {
                let d = self.net.ride_between(first as usize, last as usize);
                leg_steps(p().hub, p().t, &d, l.t, None)
            }
            How::Walk => {
                steps.push(Step {
                    kind: StepKind::Walk {
                        from: p().hub,
                        to: l.hub,
                    },
                    start: p().t,
                    end: l.t,
                });
                steps
            }
            How::OnDemand { road, dep, arr } => {
                let road = road as usize;
                let d = Departure::road(road, &self.s.roads[road], dep, arr);
                leg_steps(p().hub, p().t, &d, l.t, None)
            }
            How::Service => {
                // A service label exists only where the hub offers one.
                let (dur, kind) = service_at(&self.s.hubs[l.hub], l.hub, self.pkg)
                    .unwrap_or((Secs(0), StepKind::Dwell { hub: l.hub }));
                let start = l.t - dur;
                steps.push_nonempty(StepKind::Dwell { hub: l.hub }, p().t, start);
                steps.push(Step {
                    kind,
                    start,
                    end: l.t,
                });
                steps
            }
        }
    }

    fn finish(mut self) -> Planned {
        self.bound_rejections();
        let limit = self.limit();
        let delivered = std::mem::take(&mut self.delivered);
        let mut delivered: Vec<_> = delivered
            .into_iter()
            .filter(|d| d.0.arrival <= limit)
            .collect();
        // Only the Pareto plans get their whole itinerary built (filtering
        // the front again in `rank_plans` keeps it as it is).
        let outs: Vec<Outcome> = delivered.iter().map(|d| d.0).collect();
        let front = pareto_front(&outs);
        let mut k = 0;
        delivered.retain(|_| {
            k += 1;
            front.binary_search(&(k - 1)).is_ok()
        });
        let delivered: Vec<Delivery> = delivered
            .into_iter()
            .map(|(outcome, pred, steps, exposure)| {
                let mut all = self.steps_to(pred);
                all.extend_from_slice(steps.as_slice());
                Delivery {
                    itinerary: Itinerary {
                        steps: merge_dwells(all),
                    },
                    outcome,
                    exposure,
                }
            })
            .collect();
        let mut cuts = Vec::new();
        if self.out_of_budget {
            cuts.push(Cut::Budget {
                labels: self.cfg.label_budget,
            });
        }
        let plans = rank_plans(self.s, self.q, delivered);
        if self.legs_cut && legs_may_matter(&plans, self.reach.earliest_delivery) {
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
            earliest_delivery: self.reach.earliest_delivery,
        }
    }
}
