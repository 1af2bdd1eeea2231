//! Exact time-dependent reachability for one query, the pre-pass of the
//! connection-scan engine.
//!
//! Two plain scans over the network's connections, no thermal state:
//!
//! - **forward** ([`Reach::ea`]): the earliest moment the cargo can be
//!   available at each hub (after its connection time), from the origin
//!   at the ready time: an earliest-arrival connection scan, with on-demand
//!   roads relaxed like footpaths whenever a hub improves;
//! - **backward** ([`Reach::ld`]): the latest moment the cargo can be
//!   available at each hub and still be delivered by the deadline: the
//!   same scan from the deadline down, with on-demand roads relaxed at
//!   their least travel time (a bound: it ignores their hours, so it may
//!   keep a connection that cannot matter, never drop one that can).
//!
//! A connection can carry a useful itinerary only if the cargo can be at
//! its origin by its cutoff and can still reach the destination from where
//! it lands ([`Reach::usable`]). On a world network that leaves a few
//! dozen connections of tens of thousands. Services (re-icing, recharging)
//! only ever delay the cargo, so both bounds hold with them too.

use crate::network::{on_demand_departure, Departure, Network};
use crate::scenario::Scenario;
use crate::units::Secs;

const NEVER: Secs = Secs(i64::MAX);
const TOO_LATE: Secs = Secs(i64::MIN);

/// The two reachability profiles of one query.
#[derive(Clone, Debug)]
pub struct Reach {
    /// Per hub, the earliest availability, `Secs(i64::MAX)` if unreachable.
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
    dest: usize,
    deadline: Secs,
    handling_dest: Secs,
    /// The first connection at or after the start.
    first: usize,
}

/// When the cargo is next available after landing at `to` at `avail`:
/// after the connection time, or after delivery handling at `dest`.
pub fn next_available(s: &Scenario, dest: usize, to: usize, avail: Secs) -> Secs {
    if to == dest {
        avail + s.hubs[to].handling
    } else {
        avail + s.hubs[to].min_connection
    }
}

impl Reach {
    /// Both profiles for cargo available at `from` at `t0`, to be
    /// delivered at `dest` by `deadline`.
    pub fn new(
        s: &Scenario,
        net: &Network,
        from: usize,
        t0: Secs,
        dest: usize,
        deadline: Secs,
    ) -> Reach {
        let mut r = Reach::forward_from(s, net, from, t0, dest, deadline);
        r.narrow(s, net, deadline);
        r
    }

    /// The forward profile alone (no usable connections yet: see
    /// [`Reach::narrow`]).
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
            dest,
            deadline,
            handling_dest: s.hubs[dest].handling,
            first: net.first_conn_at_or_after(t0),
        };
        let last = net.conns.partition_point(|d| d.cutoff <= deadline);
        r.forward(s, net, from, t0, r.first, last);
        r
    }

    /// The backward profile and the usable connections for delivery by
    /// `deadline`, at or before the deadline the forward profile was
    /// computed with (the forward profile stays exact: it only stopped
    /// at the later deadline).
    pub fn narrow(&mut self, s: &Scenario, net: &Network, deadline: Secs) {
        debug_assert!(deadline <= self.deadline || self.ld.is_empty());
        self.deadline = deadline;
        self.usable.clear();
        self.ld.clear();
        self.ld.resize(s.hubs.len(), TOO_LATE);
        if self.earliest_delivery.is_some_and(|e| e <= deadline) {
            let last = net.conns.partition_point(|d| d.cutoff <= deadline);
            self.backward(s, net, self.first, last);
        }
    }

    fn forward(
        &mut self,
        s: &Scenario,
        net: &Network,
        from: usize,
        t0: Secs,
        first: usize,
        last: usize,
    ) {
        let mut work: Vec<usize> = Vec::new();
        self.ea[from] = t0;
        self.relax_on_demand(s, net, from, &mut work);
        for c in &net.conns[first..last.max(first)] {
            if self.ea[c.from] <= c.cutoff && c.from != self.dest {
                self.improve(s, net, c.to, c.avail, &mut work);
            }
        }
    }

    /// Lands the cargo at `to` at `avail`; relaxes on-demand roads onward.
    fn improve(
        &mut self,
        s: &Scenario,
        net: &Network,
        to: usize,
        avail: Secs,
        work: &mut Vec<usize>,
    ) {
        let t = next_available(s, self.dest, to, avail);
        if t > self.deadline {
            return;
        }
        if to == self.dest {
            self.earliest_delivery = Some(self.earliest_delivery.map_or(t, |e| e.min(t)));
            return;
        }
        if t < self.ea[to] {
            self.ea[to] = t;
            self.relax_on_demand(s, net, to, work);
        }
    }

    fn relax_on_demand(&mut self, s: &Scenario, net: &Network, hub: usize, work: &mut Vec<usize>) {
        if net.on_demand[hub].is_empty() {
            return;
        }
        work.push(hub);
        while let Some(h) = work.pop() {
            let t = self.ea[h];
            for &road in &net.on_demand[h] {
                let Some((dep, arr)) = on_demand_departure(s, road, t) else {
                    continue;
                };
                let d = Departure::road(road, &s.roads[road], dep, arr);
                let t2 = next_available(s, self.dest, d.to, d.avail);
                if t2 > self.deadline {
                    continue;
                }
                if d.to == self.dest {
                    self.earliest_delivery = Some(self.earliest_delivery.map_or(t2, |e| e.min(t2)));
                } else if t2 < self.ea[d.to] {
                    self.ea[d.to] = t2;
                    if !net.on_demand[d.to].is_empty() {
                        work.push(d.to);
                    }
                }
            }
        }
    }

    fn backward(&mut self, s: &Scenario, net: &Network, first: usize, last: usize) {
        let mut work: Vec<usize> = Vec::new();
        // Into the destination by on-demand road: leave by the deadline
        // minus handling minus the least travel time.
        for &road in &net.on_demand_into[self.dest] {
            let r = &s.roads[road];
            let latest = self.deadline - self.handling_dest - r.profile.min();
            self.raise(s, net, r.from, latest, &mut work);
        }
        let last = last.max(first);
        for (i, c) in net.conns[first..last].iter().enumerate().rev() {
            if c.from != self.dest && self.lands_in_time(s, c) {
                self.raise(s, net, c.from, c.cutoff, &mut work);
                // `ld` of where it lands is final here: every connection
                // leaving there later has been scanned, and on-demand
                // roads raised later start earlier than this cutoff.
                if self.ea[c.from] <= c.cutoff {
                    self.usable.push((first + i) as u32);
                }
            }
        }
        self.usable.reverse();
    }

    /// Whether the cargo, landing from `c`, can still be delivered.
    fn lands_in_time(&self, s: &Scenario, c: &Departure) -> bool {
        let t = next_available(s, self.dest, c.to, c.avail);
        if c.to == self.dest {
            t <= self.deadline
        } else {
            t <= self.ld[c.to]
        }
    }

    fn raise(&mut self, s: &Scenario, net: &Network, hub: usize, t: Secs, work: &mut Vec<usize>) {
        if hub == self.dest || t <= self.ld[hub] {
            return;
        }
        self.ld[hub] = t;
        work.push(hub);
        while let Some(h) = work.pop() {
            let conn = s.hubs[h].min_connection;
            for &road in &net.on_demand_into[h] {
                let r = &s.roads[road];
                let latest = self.ld[h] - conn - r.profile.min();
                if r.from != self.dest && latest > self.ld[r.from] {
                    self.ld[r.from] = latest;
                    work.push(r.from);
                }
            }
        }
    }

    /// Whether cargo available at `hub` at `t` can still be delivered.
    pub fn can_deliver_from(&self, hub: usize, t: Secs) -> bool {
        t <= self.ld[hub]
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
