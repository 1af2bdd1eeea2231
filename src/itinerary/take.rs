//! The steps of taking a departure: what a shipment does between being
//! available at a hub and being available at the next one.
//!
//! Both search engines and the test oracle build itineraries from these
//! pieces, so that every itinerary has the same shape whoever found it:
//! dwell until the cutoff, apron, the leg, apron, then the connection dwell
//! (or, at the destination, the wait for its receiving hours and delivery
//! handling).

use crate::network::{Departure, Service};
use crate::scenario::Hub;
use crate::thermal::PackagingKind;
use crate::units::Secs;

use super::step::{Step, StepKind};

/// A few steps kept inline (at most seven: dwell, apron, leg, apron, then
/// a connection or the wait for receipt and the delivery; or those four,
/// a walk, the wait and the delivery), so that search labels do not
/// allocate.
#[derive(Clone, Copy, Debug)]
pub struct StepBuf {
    n: u8,
    s: [Step; 7],
}

impl Default for StepBuf {
    fn default() -> StepBuf {
        StepBuf::new()
    }
}

impl StepBuf {
    const EMPTY: Step = Step {
        kind: StepKind::Dwell { hub: 0 },
        start: Secs(0),
        end: Secs(0),
    };

    /// No steps.
    pub const fn new() -> StepBuf {
        StepBuf {
            n: 0,
            s: [StepBuf::EMPTY; 7],
        }
    }

    /// Appends a step.
    ///
    /// # Panics
    /// When full: no caller builds more than seven steps between labels.
    pub fn push(&mut self, st: Step) {
        self.s[usize::from(self.n)] = st;
        self.n += 1;
    }

    /// Appends a step unless it is empty.
    pub fn push_nonempty(&mut self, kind: StepKind, start: Secs, end: Secs) {
        if end > start {
            self.push(Step { kind, start, end });
        }
    }

    /// The steps.
    pub fn as_slice(&self) -> &[Step] {
        &self.s[..usize::from(self.n)]
    }
}

/// The steps of taking departure `d` from hub `hub` where the cargo is
/// available at `t`: dwell until the cutoff, apron, the leg, apron, then
/// the connection dwell until `t_next`, or, when `receipt` is the moment
/// the destination receives the cargo, the wait for it and delivery
/// handling until `t_next`.
pub fn leg_steps(
    hub: usize,
    t: Secs,
    d: &Departure,
    t_next: Secs,
    receipt: Option<Secs>,
) -> StepBuf {
    let mut steps = StepBuf::new();
    steps.push_nonempty(StepKind::Dwell { hub }, t, d.cutoff);
    push_ride(&mut steps, d);
    match receipt {
        Some(r) => push_delivery(&mut steps, d.to, d.avail, r, t_next),
        None => steps.push_nonempty(StepKind::Dwell { hub: d.to }, d.avail, t_next),
    }
    steps
}

/// Appends the delivery at `hub` of cargo there at `at`: waiting for
/// receipt until `receipt`, then handling until `done`.
pub fn push_delivery(steps: &mut StepBuf, hub: usize, at: Secs, receipt: Secs, done: Secs) {
    steps.push_nonempty(StepKind::AwaitReceipt { hub }, at, receipt);
    steps.push_nonempty(StepKind::Delivery { hub }, receipt, done);
}

/// Appends the steps of the ride itself, from cutoff to availability:
/// apron, flight, apron for a flight; the leg itself for a road or a
/// ride.
pub fn push_ride(steps: &mut StepBuf, d: &Departure) {
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
        Service::Ride {
            line,
            run,
            board,
            alight,
        } => steps.push(Step {
            kind: StepKind::Ride {
                line,
                run,
                board,
                alight,
            },
            start: d.dep,
            end: d.arr,
        }),
    }
}

impl AsRef<[Step]> for StepBuf {
    fn as_ref(&self) -> &[Step] {
        self.as_slice()
    }
}

/// The service stop a container of kind `pkg` can have at hub `hub`
/// (`h`): re-icing for a passive box, recharging for an active one, with
/// its duration; `None` when the hub offers none. Both engines and the
/// oracle ask this one place.
pub fn service_at(h: &Hub, hub: usize, pkg: &PackagingKind) -> Option<(Secs, StepKind)> {
    match pkg {
        PackagingKind::Passive(_) => h.re_ice.map(|d| (d, StepKind::ReIce { hub })),
        PackagingKind::Active(_) => h.recharge.map(|d| (d, StepKind::Recharge { hub })),
    }
}

/// Joins consecutive dwells at the same hub into one step.
pub fn merge_dwells(steps: Vec<Step>) -> Vec<Step> {
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

/// The steps of a chain of search labels, oldest first, dwells merged:
/// `link(id)` gives a label's predecessor (`u32::MAX` at the root) and
/// the steps from the predecessor to it.
pub fn chain_steps<S: AsRef<[Step]>>(id: u32, link: impl Fn(u32) -> (u32, S)) -> Vec<Step> {
    let mut chain = Vec::new();
    let mut cur = id;
    while cur != u32::MAX {
        chain.push(cur);
        cur = link(cur).0;
    }
    let mut steps = Vec::new();
    for &c in chain.iter().rev() {
        steps.extend_from_slice(link(c).1.as_ref());
    }
    merge_dwells(steps)
}
