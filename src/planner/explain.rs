//! Why candidate itineraries were dropped, in words a planner can act on.

use crate::itinerary::{Step, StepKind};
use crate::scenario::Scenario;
use crate::time::utc_to_local;
use crate::units::{Celsius, Secs};

/// Why a partial itinerary was dropped.
#[derive(Clone, Debug, PartialEq)]
pub enum RejectionReason {
    /// The payload went below the freeze limit: in which step (index into
    /// `Rejection::steps`) and when, and the lowest temperature.
    Freeze {
        /// Step index and UTC time of crossing the limit.
        at: Option<(usize, Secs)>,
        /// Lowest payload temperature in that step.
        temp: Celsius,
    },
    /// Too long outside the product range.
    Excursion {
        /// Step index and its start.
        at: Option<(usize, Secs)>,
        /// Time out of range so far, s.
        out_of_range_s: f64,
        /// The limit, s.
        limit_s: f64,
    },
    /// Stability budget over the limit.
    Stability {
        /// Share used.
        used: f64,
        /// Limit.
        limit: f64,
    },
    /// Arrives after the deadline.
    Deadline {
        /// Delivery time it would reach.
        arrival: Secs,
    },
}

/// A dropped candidate.
#[derive(Clone, Debug, PartialEq)]
pub struct Rejection {
    /// Steps before the one that failed.
    pub pred_steps: Vec<Step>,
    /// The steps tried when it failed.
    pub steps: Vec<Step>,
    /// Why.
    pub reason: RejectionReason,
    /// The earliest delivery it could have reached (a lower bound).
    pub earliest_arrival: Secs,
}

impl Rejection {
    /// The services (flight ids and road ids) of the candidate, in order.
    pub fn services(&self, s: &Scenario) -> Vec<String> {
        self.pred_steps
            .iter()
            .chain(&self.steps)
            .filter_map(|st| match st.kind {
                StepKind::Flight { flight } => {
                    let f = &s.flights[flight];
                    Some(format!(
                        "{} {}-{}",
                        f.id, s.hubs[f.from].code, s.hubs[f.to].code
                    ))
                }
                StepKind::Road { road } => {
                    let r = &s.roads[road];
                    Some(format!(
                        "road {}-{}",
                        s.hubs[r.from].code, s.hubs[r.to].code
                    ))
                }
                StepKind::Ride { .. } => Some(st.label(s)),
                _ => None,
            })
            .collect()
    }

    /// A one-line explanation, e.g. `payload reaches -1.2 C on the ANC
    /// apron at 03:10 local (freeze limit -0.5 C)`.
    pub fn describe(&self, s: &Scenario, freeze_limit: Option<Celsius>) -> String {
        match &self.reason {
            RejectionReason::Freeze { at, temp } => {
                let place = at
                    .and_then(|(k, t)| self.steps.get(k).map(|st| (st, t)))
                    .map(|(st, t)| place_and_time(s, st, t))
                    .unwrap_or_default();
                let limit = freeze_limit
                    .map(|l| format!(" (freeze limit {l})"))
                    .unwrap_or_default();
                format!("payload reaches {temp}{place}{limit}")
            }
            RejectionReason::Excursion {
                at,
                out_of_range_s,
                limit_s,
            } => {
                let place = at
                    .and_then(|(k, t)| self.steps.get(k).map(|st| (st, t)))
                    .map(|(st, t)| place_and_time(s, st, t))
                    .unwrap_or_default();
                format!(
                    "payload leaves its range{place}: {} out of range, limit {}",
                    Secs(out_of_range_s.round() as i64),
                    Secs(limit_s.round() as i64)
                )
            }
            RejectionReason::Stability { used, limit } => format!(
                "uses {:.2} % of the stability budget, limit {:.2} %",
                used * 100.0,
                limit * 100.0
            ),
            RejectionReason::Deadline { arrival } => {
                format!(
                    "delivers at {}, after the deadline",
                    crate::time::format_utc(*arrival)
                )
            }
        }
    }
}

fn place_and_time(s: &Scenario, st: &Step, t: Secs) -> String {
    let (what, hub) = match st.kind {
        StepKind::Apron { hub } => ("apron", hub),
        StepKind::Dwell { hub } | StepKind::Handling { hub } | StepKind::Delivery { hub } => {
            ("hub", hub)
        }
        StepKind::AwaitReceipt { hub } => {
            let h = &s.hubs[hub];
            let local = utc_to_local(&h.tz, t);
            return format!(
                " at the {} door awaiting receipt at {} local",
                h.code,
                local.hhmm()
            );
        }
        StepKind::ReIce { hub } | StepKind::Recharge { hub } => ("service stop", hub),
        StepKind::Flight { flight } => {
            let f = &s.flights[flight];
            let local = utc_to_local(&s.hubs[f.from].tz, t);
            return format!(
                " on flight {} at {} local {}",
                f.id,
                local.hhmm(),
                s.hubs[f.from].code
            );
        }
        StepKind::Road { road } => {
            let r = &s.roads[road];
            let local = utc_to_local(&s.hubs[r.from].tz, t);
            return format!(
                " on the road {}-{} at {} local",
                s.hubs[r.from].code,
                s.hubs[r.to].code,
                local.hhmm()
            );
        }
        StepKind::Ride { .. } | StepKind::Walk { .. } => {
            let from = st.start_hub(s);
            let local = utc_to_local(&s.hubs[from].tz, t);
            return format!(" on the {} at {} local", st.label(s), local.hhmm());
        }
    };
    let h = &s.hubs[hub];
    let local = utc_to_local(&h.tz, t);
    format!(" on the {} {what} at {} local", h.code, local.hhmm())
}
