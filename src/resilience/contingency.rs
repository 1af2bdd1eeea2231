//! Contingencies: for each departure of a plan, what the cargo does if it
//! misses it.

use crate::itinerary::{Itinerary, Step};
use crate::network::Network;
use crate::planner::{self, Config, Plan, Query};
use crate::scenario::Scenario;
use crate::units::Secs;

use super::{follow, Day, End};

/// The backup for one missed departure.
#[derive(Clone, Debug, PartialEq)]
pub struct Contingency {
    /// Where the cargo is when it misses the leg.
    pub hub: usize,
    /// The planned leg it misses.
    pub missed: Step,
    /// From when it is re-planned (a minute after the leg's cutoff).
    pub at: Secs,
    /// The re-planned recommendation; `None`: no way on (stranded).
    pub backup: Option<Plan>,
}

/// For each leg of `itinerary` but on-demand roads (planned for `q`), the plan the cargo would
/// follow if it missed that leg on an otherwise punctual day: re-planned
/// from the leg's origin a minute after its cutoff, in the state the
/// plan has it in then.
pub fn contingencies(
    s: &Scenario,
    net: &Network,
    q: &Query,
    itinerary: &Itinerary,
    cfg: &Config,
) -> Vec<Contingency> {
    let cfg = cfg.recommended_only();
    let pkg = &s.packagings[q.packaging].kind;
    let (state, exposure) = q.start_state(pkg);
    let start = (itinerary.start(), state, exposure);
    let mut out = Vec::new();
    for k in 0..itinerary.n_legs() {
        let f = follow(s, net, q, itinerary, &Day::none(), start, Some(k));
        let End::Missed { hub, at, leg, .. } = f.end else {
            continue;
        };
        // An on-demand road leaves when the cargo is ready: it cannot be
        // missed.
        if let crate::itinerary::StepKind::Road { road } = leg.kind {
            if s.roads[road].departures == crate::scenario::Departures::OnDemand {
                continue;
            }
        }
        let rq = q.resumed(hub, at, f.state, f.exposure);
        let backup = if hub == q.to {
            None
        } else {
            planner::plan(s, net, &rq, &cfg).plans.into_iter().next()
        };
        out.push(Contingency {
            hub,
            missed: leg,
            at,
            backup,
        });
    }
    out
}
