//! Following an itinerary through a simulated day.

use crate::itinerary::simulate::advance;
use crate::itinerary::take::merge_dwells;
use crate::itinerary::{Itinerary, Step, StepKind};
use crate::network::Network;
use crate::planner::Query;
use crate::scenario::{Departures, Scenario};
use crate::thermal::container::ContainerState;
use crate::thermal::{Exposure, ExposureRules};
use crate::time::utc_to_local;
use crate::units::Secs;

use super::Day;

/// How following an itinerary ended.
#[derive(Clone, Debug, PartialEq)]
pub enum End {
    /// Delivered (handled at the destination) at this moment.
    Delivered {
        /// End of the delivery handling, UTC seconds.
        at: Secs,
    },
    /// Stopped at `hub` at `at`: the next planned leg left without the
    /// cargo, was cancelled, or (an on-demand road) has no departure left.
    Missed {
        /// Where the cargo is.
        hub: usize,
        /// From when it is available there.
        at: Secs,
        /// The planned leg it could not take.
        leg: Step,
        /// Whether that leg was cancelled (else it left before the cargo
        /// was ready).
        cancelled: bool,
    },
}

/// What happened to the cargo on one itinerary in one day.
#[derive(Clone, Debug, PartialEq)]
pub struct Followed {
    /// The steps as they happened, dwells merged.
    pub steps: Vec<Step>,
    /// Container state at the end.
    pub state: ContainerState,
    /// Exposure at the end (from the start state given).
    pub exposure: Exposure,
    /// Delivered or stopped.
    pub end: End,
}

/// Where the cargo is while following.
struct Walker<'a> {
    s: &'a Scenario,
    net: &'a Network,
    day: &'a Day,
    out: Vec<Step>,
    t: Secs,
}

impl Walker<'_> {
    fn push(&mut self, kind: StepKind, start: Secs, end: Secs) {
        if end > start {
            self.out.push(Step { kind, start, end });
        }
    }

    /// The cargo is off a leg at `hub` at `avail`: it connects (connection
    /// time and handling variation), walks on (`walk_next`), or is
    /// delivered (`last`).
    fn landed(&mut self, hub: usize, avail: Secs, last: bool, walk_next: bool) {
        if last {
            self.deliver(hub, avail);
        } else if walk_next {
            self.t = avail;
        } else {
            let extra = self.day.handling(self.s, hub, avail);
            let t = avail + self.net.min_connection[hub] + extra;
            self.push(StepKind::Dwell { hub }, avail, t);
            self.t = t;
        }
    }

    /// The cargo cannot take planned leg `leg` from `hub`: it waits there
    /// until `until` (when later than now) and is stopped.
    fn stop(&mut self, hub: usize, until: Secs, leg: Step, cancelled: bool) -> End {
        let at = self.t.max(until);
        self.push(StepKind::Dwell { hub }, self.t, at);
        self.t = at;
        End::Missed {
            hub,
            at,
            leg,
            cancelled,
        }
    }

    /// Waits for receipt and handles the delivery at `hub`.
    fn deliver(&mut self, hub: usize, at: Secs) {
        let receipt = self.net.receipt(hub, at);
        self.push(StepKind::AwaitReceipt { hub }, at, receipt);
        let done = receipt + self.net.handling[hub];
        self.push(StepKind::Delivery { hub }, receipt, done);
        self.t = done;
    }
}

/// Follows `it` (planned for `q`) through `day` from `start` (the time
/// the itinerary's first step starts, the container state and exposure
/// then). With `force_miss = Some(k)` the `k`-th leg (from 0) is missed
/// as if it left without the cargo (re-planned a minute after its cutoff), whatever the day says
/// (for contingencies).
///
/// On a day without delays the steps are the plan's own: the rules of
/// `crate::itinerary::take` (connection time after a landing, none before
/// a walk, receipt and handling at the destination) are applied to the
/// times the legs really have.
pub fn follow(
    s: &Scenario,
    net: &Network,
    q: &Query,
    it: &Itinerary,
    day: &Day,
    start: (Secs, ContainerState, Exposure),
    force_miss: Option<usize>,
) -> Followed {
    let (t0, state0, exp0) = start;
    let steps = &it.steps;
    let mut w = Walker {
        s,
        net,
        day,
        out: Vec::new(),
        t: t0,
    };
    // Index of the last leg or walk: after it comes the delivery.
    let last_move = steps
        .iter()
        .rposition(|st| st.is_leg() || matches!(st.kind, StepKind::Walk { .. }));
    let walk_after = |i: usize| {
        steps[i + 1..]
            .iter()
            .find(|st| !matches!(st.kind, StepKind::Apron { .. } | StepKind::Dwell { .. }))
            .is_some_and(|st| matches!(st.kind, StepKind::Walk { .. }))
    };
    let mut end = None;
    let mut leg_k = 0usize;
    let mut i = 0;
    while i < steps.len() && end.is_none() {
        let st = steps[i];
        let last = Some(i) == last_move;
        match st.kind {
            StepKind::Handling { hub } => {
                let dur = st.duration();
                w.push(StepKind::Handling { hub }, w.t, w.t + dur);
                w.t = w.t + dur;
            }
            // Waits are made anew from the real times; the aprons of a
            // flight go with it; the delivery is made anew.
            StepKind::Dwell { .. }
            | StepKind::Apron { .. }
            | StepKind::AwaitReceipt { .. }
            | StepKind::Delivery { .. } => {}
            StepKind::ReIce { hub } | StepKind::Recharge { hub } => {
                let h = &s.hubs[hub];
                let local = utc_to_local(&h.tz, w.t);
                let open = w.t + Secs(i64::from(h.opening.wait_until_open(local.secs_of_day)));
                w.push(StepKind::Dwell { hub }, w.t, open);
                let done = open + st.duration();
                w.push(st.kind, open, done);
                w.t = done;
            }
            StepKind::Walk { from, to } => {
                let at = w.t + st.duration();
                w.push(StepKind::Walk { from, to }, w.t, at);
                w.t = at;
                if last {
                    w.deliver(to, at);
                }
            }
            StepKind::Flight { .. } | StepKind::Road { .. } | StepKind::Ride { .. } => {
                let from = st.start_hub(s);
                let to = st.end_hub(s);
                let k = leg_k;
                leg_k += 1;
                let on_demand = match st.kind {
                    StepKind::Road { road } if s.roads[road].departures == Departures::OnDemand => {
                        Some(road)
                    }
                    _ => None,
                };
                // Planned cutoff: the departure apron's start for a flight.
                let cutoff = match (i.checked_sub(1).map(|j| steps[j]), st.kind) {
                    (Some(p), StepKind::Flight { .. })
                        if p.kind == (StepKind::Apron { hub: from }) && p.end == st.start =>
                    {
                        p.start
                    }
                    _ => st.start,
                };
                // Planned availability: the arrival apron's end.
                let avail = match steps.get(i + 1) {
                    Some(n)
                        if matches!(st.kind, StepKind::Flight { .. })
                            && n.kind == (StepKind::Apron { hub: to })
                            && n.start == st.end =>
                    {
                        n.end
                    }
                    _ => st.end,
                };
                if force_miss == Some(k) {
                    end = Some(w.stop(from, cutoff + Secs(60), st, false));
                    break;
                }
                if let Some(road) = on_demand {
                    let Some((dep, arr)) = net.on_demand_departure(s, road, w.t) else {
                        end = Some(w.stop(from, w.t, st, false));
                        break;
                    };
                    let extra = day.leg(s, &st.kind, from, dep).unwrap_or(Secs(0));
                    w.push(StepKind::Dwell { hub: from }, w.t, dep);
                    w.push(st.kind, dep, arr + extra);
                    w.landed(to, arr + extra, last, !last && walk_after(i));
                } else {
                    let Some(delay) = day.leg(s, &st.kind, from, st.start) else {
                        // A cancellation is known at the leg's cutoff: the
                        // cargo waits for it, and is re-planned then (so
                        // never onto the cancelled leg again).
                        end = Some(w.stop(from, cutoff + Secs(60), st, true));
                        break;
                    };
                    let cut = cutoff + delay;
                    if w.t > cut {
                        end = Some(w.stop(from, w.t, st, false));
                        break;
                    }
                    let (dep, arr) = (st.start + delay, st.end + delay);
                    w.push(StepKind::Dwell { hub: from }, w.t, cut);
                    w.push(StepKind::Apron { hub: from }, cut, dep);
                    w.push(st.kind, dep, arr);
                    let mut off = avail + delay;
                    if matches!(st.kind, StepKind::Flight { .. }) {
                        let extra = day.apron(s, to, arr);
                        off = off + extra;
                        w.push(StepKind::Apron { hub: to }, arr, off);
                    }
                    w.landed(to, off, last, !last && walk_after(i));
                }
            }
        }
        i += 1;
    }
    let end = end.unwrap_or(End::Delivered { at: w.t });
    let steps = merge_dwells(w.out);
    let pkg = &s.packagings[q.packaging].kind;
    let rules = ExposureRules::for_product(&s.products[q.product]);
    let (mut state, mut exposure) = (state0, exp0);
    for st in &steps {
        advance(
            s,
            Some(&net.air),
            pkg,
            &rules,
            st,
            &mut state,
            &mut exposure,
            |_, _, _| {},
        );
    }
    Followed {
        steps,
        state,
        exposure,
        end,
    }
}
