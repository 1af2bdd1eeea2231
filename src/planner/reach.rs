//! Exact time-dependent reachability for one query, the pre-pass of the
//! connection-scan engine.
//!
//! Two plain scans over the network's connections, no thermal state:
//!
//! - **forward** ([`Reach::ea`]): the earliest moment the cargo can be
//!   available at each hub (after its connection time), from the origin
//!   at the ready time: an earliest-arrival connection scan, with on-demand
//!   roads relaxed like footpaths whenever a hub improves and, as in CSA,
//!   a flag per trip so that staying on a line's run needs no connection
//!   time;
//! - **backward** ([`Reach::ld`]): the latest moment the cargo can be
//!   available at each hub and still be delivered by the deadline: the
//!   same scan from the deadline down, with on-demand roads relaxed at
//!   their least travel time (a bound: it ignores their hours, so it may
//!   keep a connection that cannot matter, never drop one that can) and a
//!   flag per trip: a hop is worth riding if its landing can deliver or
//!   the run's next hop is worth riding.
//!
//! A connection can carry a useful itinerary only if the cargo can be at
//! its origin by its cutoff and can still reach the destination from where
//! it lands ([`Reach::usable`]). On a world network that leaves a few
//! dozen connections of tens of thousands. Services (re-icing, recharging)
//! only ever delay the cargo, so both bounds hold with them too.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use crate::network::{Hop, Network, NO_TRIP};
use crate::scenario::Scenario;
use crate::units::Secs;

const NEVER: Secs = Secs(i64::MAX);

#[cfg(test)]
thread_local! {
    /// Whether [`Reach::may_improve`] may skip road departures, on this
    /// thread: the tests turn it off for the reference profile.
    pub(super) static SKIP_ROADS: std::cell::Cell<bool> = const { std::cell::Cell::new(true) };
    /// How often it did.
    pub(super) static ROADS_SKIPPED: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}
const TOO_LATE: Secs = Secs(i64::MIN);

/// The two reachability profiles of one query.
#[derive(Clone, Debug)]
pub struct Reach {
    /// Per hub, the earliest availability, `Secs(i64::MAX)` if unreachable;
    /// exact up to where the forward scan stopped (the earliest delivery),
    /// an upper bound or unset after.
    pub ea: Vec<Secs>,
    /// Per hub, the latest availability that can still deliver by the
    /// deadline, `Secs(i64::MIN)` if none can.
    pub ld: Vec<Secs>,
    /// The earliest delivery (after handling), if the destination can be
    /// reached by the deadline at all, whatever the number of legs.
    pub earliest_delivery: Option<Secs>,
    /// Indices into `Network::conns` of the usable connections, in scan
    /// order.
    pub usable: Vec<u32>,
    /// Per trip of the network, whether the cargo can be on board (from
    /// a hop already scanned on).
    boarded: Vec<bool>,
    /// The first connection the forward scan did not read: it stopped
    /// there, at the earliest delivery (or the end of the horizon).
    fwd_next: usize,
    /// The deadline of the forward scan (the query's); `deadline` is the
    /// one of the latest narrowing.
    horizon: Secs,
    /// Where the forward scan stopped: `ea` is exact up to here, and a
    /// hub whose `ea` is later cannot be reached before it.
    fwd_stop: Secs,
    /// The connections before `fwd_next` the forward scan found the cargo
    /// can take (at its origin by the cutoff, or on board), in scan
    /// order: the only ones of that range the backward scan needs to
    /// read, since every itinerary of a label the search makes uses only
    /// such connections.
    on_hops: Vec<u32>,
    dest: usize,
    deadline: Secs,
    handling_dest: Secs,
    /// The first connection at or after the start.
    first: usize,
}

impl Reach {
    /// The forward profile for cargo available at `from` at `t0`, to be
    /// delivered at `dest` by `deadline` (no usable connections yet: see
    /// [`Reach::narrow`]). The scan stops, as CSA does, once connections
    /// leave after the earliest delivery: that is then exact.
    pub fn forward_from(
        s: &Scenario,
        net: &Network,
        from: usize,
        t0: Secs,
        dest: usize,
        deadline: Secs,
    ) -> Reach {
        let mut r = Reach {
            ea: vec![NEVER; s.hubs.len()],
            ld: Vec::new(),
            earliest_delivery: None,
            usable: Vec::new(),
            boarded: vec![false; net.n_trips],
            fwd_next: 0,
            on_hops: Vec::new(),
            horizon: deadline,
            fwd_stop: deadline,
            dest,
            deadline,
            handling_dest: s.hubs[dest].handling,
            first: net.first_conn_at_or_after(t0),
        };
        r.fwd_next = r.first;
        r.ea[from] = t0;
        let mut pending = BinaryHeap::new();
        if !net.on_demand[from].is_empty() {
            pending.push(Reverse((t0, from as u32)));
        }
        r.walk_on(net, from, t0, &mut pending);
        r.forward(s, net, pending);
        r
    }

    /// The backward profile and the usable connections for delivery by
    /// `deadline`, at or before the deadline the forward profile was
    /// computed with.
    pub fn narrow(&mut self, s: &Scenario, net: &Network, deadline: Secs) {
        debug_assert!(deadline <= self.horizon);
        self.deadline = deadline;
        self.usable.clear();
        self.ld.clear();
        self.ld.resize(s.hubs.len(), TOO_LATE);
        if self.earliest_delivery.is_some_and(|e| e <= deadline) {
            let last = net.hops.partition_point(|d| d.cutoff <= deadline);
            self.backward(net, self.first, last);
        }
    }

    /// The earliest-arrival scan, until connections leave after the
    /// earliest delivery found (or after the horizon). On-demand roads
    /// leaving a hub are relaxed once, when the scan reaches the hub's
    /// earliest availability (it is final then: every later connection
    /// lands later); road departures are FIFO (the loader checks), so the
    /// final time gives the earliest arrival.
    fn forward(
        &mut self,
        s: &Scenario,
        net: &Network,
        mut pending: BinaryHeap<Reverse<(Secs, u32)>>,
    ) {
        let end = net.hops.partition_point(|d| d.cutoff <= self.horizon);
        let mut k = self.fwd_next;
        let mut stop = self.stop();
        while k < end {
            let c = &net.hops[k];
            if c.cutoff > stop {
                break;
            }
            if pending.peek().is_some_and(|p| p.0 .0 <= c.cutoff) {
                self.relax_pending(s, net, c.cutoff, &mut pending);
                stop = self.stop();
                if c.cutoff > stop {
                    break;
                }
            }
            let from = c.from as usize;
            // On board: boarded here, or on an earlier hop of the same
            // run (staying on needs no connection time, and a run may
            // pass the destination and come back). Nothing leaves the
            // destination otherwise (`ea` of the destination is never set).
            let on = if c.trip == NO_TRIP {
                self.ea[from] <= c.cutoff
            } else {
                let b = &mut self.boarded[c.trip as usize];
                *b = *b || self.ea[from] <= c.cutoff;
                *b
            };
            if on {
                self.on_hops.push(k as u32);
                self.improve(net, c.to as usize, c.avail, &mut pending);
                stop = self.stop();
            }
            k += 1;
        }
        self.fwd_next = k;
        let reached = if k >= end { self.horizon } else { self.stop() };
        self.relax_pending(s, net, reached, &mut pending);
        self.fwd_stop = reached;
    }

    /// Lands the cargo at `to` at `avail`: available there after the
    /// connection time, or elsewhere after a walk.
    fn improve(
        &mut self,
        net: &Network,
        to: usize,
        avail: Secs,
        pending: &mut BinaryHeap<Reverse<(Secs, u32)>>,
    ) {
        self.reach_hub(net, to, net.next_available(self.dest, to, avail), pending);
        if to != self.dest {
            self.walk_on(net, to, avail, pending);
        }
    }

    /// The walks from `hub` for cargo there at `t` (just landed, or ready
    /// at the origin).
    fn walk_on(
        &mut self,
        net: &Network,
        hub: usize,
        t: Secs,
        pending: &mut BinaryHeap<Reverse<(Secs, u32)>>,
    ) {
        for &(b, d) in &net.walks_from[hub] {
            let b = b as usize;
            let at = t + d;
            let at = if b == self.dest {
                net.next_available(self.dest, b, at)
            } else {
                at
            };
            self.reach_hub(net, b, at, pending);
        }
    }

    /// The cargo is available at `hub` at `t` (delivered, at the
    /// destination).
    fn reach_hub(
        &mut self,
        net: &Network,
        hub: usize,
        t: Secs,
        pending: &mut BinaryHeap<Reverse<(Secs, u32)>>,
    ) {
        if t > self.horizon {
            return;
        }
        if hub == self.dest {
            self.earliest_delivery = Some(self.earliest_delivery.map_or(t, |e| e.min(t)));
            return;
        }
        if t < self.ea[hub] {
            self.ea[hub] = t;
            if !net.on_demand[hub].is_empty() {
                pending.push(Reverse((t, hub as u32)));
            }
        }
    }

    /// Relaxes the on-demand roads of every hub whose earliest
    /// availability is at or before `upto` and not yet relaxed.
    fn relax_pending(
        &mut self,
        s: &Scenario,
        net: &Network,
        upto: Secs,
        pending: &mut BinaryHeap<Reverse<(Secs, u32)>>,
    ) {
        while let Some(&Reverse((t, h))) = pending.peek() {
            if t > upto {
                break;
            }
            pending.pop();
            let h = h as usize;
            if t != self.ea[h] {
                continue;
            }
            for &road in &net.on_demand[h] {
                let times = &net.road_times[road];
                let to = times.to as usize;
                if !self.may_improve(net, to, t + times.least) {
                    #[cfg(test)]
                    ROADS_SKIPPED.with(|n| n.set(n.get() + 1));
                    continue;
                }
                // Available at the other end on arrival (`Departure::road`).
                if let Some((_, arr)) = net.on_demand_departure(s, road, t) {
                    self.improve(net, to, arr, pending);
                }
            }
        }
    }

    /// Where the forward scan stops as it stands: the earliest delivery
    /// found so far, or the horizon.
    fn stop(&self) -> Secs {
        self.earliest_delivery
            .map_or(self.horizon, |e| e.min(self.horizon))
    }

    /// Whether landing at `to` at `soonest` or later can still improve
    /// the forward profile where it matters: an earlier delivery, or an
    /// earlier availability somewhere at or before the scan's stop
    /// (later ones are never read: the scan boards nothing after it).
    /// Lets [`Reach::relax_pending`] skip a road's departure (its opening
    /// hours and travel time) when even its least travel time cannot.
    fn may_improve(&self, net: &Network, to: usize, soonest: Secs) -> bool {
        #[cfg(test)]
        if !SKIP_ROADS.with(|k| k.get()) {
            return true;
        }
        let stop = self.stop();
        if to == self.dest {
            // Received no earlier than it lands, then handled.
            let delivered = soonest + self.handling_dest;
            return delivered <= self.horizon
                && self.earliest_delivery.is_none_or(|e| delivered < e);
        }
        if !net.walks_from[to].is_empty() {
            // A walk on may improve another hub; none arrives before
            // `soonest`.
            return soonest <= stop;
        }
        let avail = soonest + net.min_connection[to];
        avail <= stop && avail < self.ea[to]
    }

    /// The latest-availability scan, from the deadline down. On-demand
    /// roads into a hub are relaxed once, when the scan passes below the
    /// hub's latest availability (final then: every connection still to
    /// come leaves earlier).
    fn backward(&mut self, net: &Network, first: usize, last: usize) {
        let mut pending: BinaryHeap<(Secs, u32)> = BinaryHeap::new();
        // Into the destination by on-demand road: leave by the deadline
        // minus handling minus the least travel time (a bound: waiting
        // for receiving hours only makes the latest departure earlier).
        let into_dest = self.deadline - self.handling_dest;
        for &(from, least) in &net.on_demand_into[self.dest] {
            self.raise(net, from as usize, into_dest - least, &mut pending);
        }
        // ... or by on-demand road to a stop, then a walk.
        for &(a, d) in &net.walks_into[self.dest] {
            for &(from, least) in &net.on_demand_into[a as usize] {
                self.raise(net, from as usize, into_dest - d - least, &mut pending);
            }
        }
        let last = last.max(first);
        // Per trip, whether staying on board after the hop scanned last
        // (the next hop of the run) can still deliver.
        let mut onward = vec![false; net.n_trips];
        let upto = self.on_hops.partition_point(|&k| (k as usize) < last);
        let on_hops = std::mem::take(&mut self.on_hops);
        // After the forward scan stopped (at the earliest delivery) every
        // connection is read: the cargo may reach any hub by then, and
        // one it cannot reach has no label to board from. Before, only
        // those the forward scan found it can take.
        let after = (self.fwd_next.max(first)..last).rev();
        for k in after.chain(on_hops[..upto].iter().rev().map(|&k| k as usize)) {
            let c = &net.hops[k];
            if pending.peek().is_some_and(|p| p.0 > c.cutoff) {
                self.lower_pending(net, c.cutoff, &mut pending);
            }
            let from = c.from as usize;
            let trip = (c.trip != NO_TRIP).then_some(c.trip as usize);
            // `ld` of where it lands is final here: every connection
            // leaving there later has been scanned, and on-demand roads
            // relaxed later leave earlier than this cutoff.
            let ok = self.lands_in_time(net, c) || trip.is_some_and(|k| onward[k]);
            if let Some(k) = trip {
                onward[k] = ok;
            }
            if ok {
                // The forward scan could take it: usable.
                self.raise(net, from, c.cutoff, &mut pending);
                self.usable.push(k as u32);
            }
        }
        self.on_hops = on_hops;
        self.lower_pending(net, TOO_LATE, &mut pending);
        self.usable.reverse();
    }

    /// Whether the cargo, landing from `c`, can still be delivered, from
    /// where it lands or after a walk.
    fn lands_in_time(&self, net: &Network, c: &Hop) -> bool {
        let to = c.to as usize;
        let t = net.next_available(self.dest, to, c.avail);
        if to == self.dest {
            return t <= self.deadline;
        }
        t <= self.ld[to]
            || net.walks_from[to].iter().any(|&(b, d)| {
                let b = b as usize;
                let at = c.avail + d;
                if b == self.dest {
                    net.next_available(self.dest, b, at) <= self.deadline
                } else {
                    at <= self.ld[b]
                }
            })
    }

    fn raise(&mut self, net: &Network, hub: usize, t: Secs, pending: &mut BinaryHeap<(Secs, u32)>) {
        if hub == self.dest || t <= self.ld[hub] {
            return;
        }
        self.ld[hub] = t;
        if net.relax_into[hub] {
            pending.push((t, hub as u32));
        }
    }

    /// Relaxes the on-demand roads into every hub whose latest
    /// availability is after `above` and not yet relaxed.
    fn lower_pending(&mut self, net: &Network, above: Secs, pending: &mut BinaryHeap<(Secs, u32)>) {
        while let Some(&(t, h)) = pending.peek() {
            if t <= above {
                break;
            }
            pending.pop();
            let h = h as usize;
            if t != self.ld[h] {
                continue;
            }
            let latest = t - net.min_connection[h];
            for &(from, least) in &net.on_demand_into[h] {
                self.raise(net, from as usize, latest - least, pending);
            }
            // Roads to a stop from which a walk leads here.
            for &(a, d) in &net.walks_into[h] {
                for &(from, least) in &net.on_demand_into[a as usize] {
                    self.raise(net, from as usize, t - d - least, pending);
                }
            }
        }
    }

    /// Whether cargo available at `hub` at `t` can still be delivered.
    #[inline]
    pub fn can_deliver_from(&self, hub: usize, t: Secs) -> bool {
        t <= self.ld[hub]
    }

    /// Whether cargo at `hub` can be delivered by the deadline at all (at
    /// some time).
    pub fn can_deliver_at_all(&self, hub: usize) -> bool {
        self.ld[hub] > TOO_LATE
    }

    /// Whether the cargo can be at `hub` at some moment from which it can
    /// still be delivered: not before its earliest availability (a lower
    /// bound where the forward scan stopped short of it) and not after
    /// its latest. A label of the search is only ever at such a hub.
    pub fn may_be_at(&self, hub: usize) -> bool {
        self.can_deliver_at_all(hub) && self.ea[hub].min(self.fwd_stop) <= self.ld[hub]
    }

    /// The earliest delivery when no limit on legs applies, for `Q`
    /// without thermal state: the plain earliest-arrival connection scan
    /// (the benchmark's physical-limit baseline).
    pub fn earliest_delivery(
        s: &Scenario,
        net: &Network,
        from: usize,
        ready: Secs,
        dest: usize,
        deadline: Secs,
    ) -> Option<Secs> {
        let t0 = ready + s.hubs[from].handling;
        Reach::forward_from(s, net, from, t0, dest, deadline).earliest_delivery
    }
}
