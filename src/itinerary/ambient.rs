//! The temperature around the container during each kind of step.
//!
//! Within a step the ambient is piecewise constant: in a cold room, a
//! cargo hold or a reefer it is one value; outdoors (a hub without a cold
//! room, the apron, an ambient truck) it follows the hub's climate and is
//! split at every whole UTC hour, each piece taking the climate at its
//! midpoint's local time. Splitting at fixed hour marks (not at step
//! boundaries) makes a long wait cut in two give the same pieces as the
//! uncut wait, so incremental and from-scratch simulations agree.
//!
//! Assumptions (docs/thermal-model.md): a cargo hold sits at the middle of
//! its band; an ambient truck sees the origin's climate for the first half
//! of its trip and the destination's for the second.

use crate::scenario::{Hub, RoadAmbient, Scenario};
use crate::time::utc_to_local;
use crate::units::{Celsius, Secs};

use super::step::{Step, StepKind};

/// A constant-ambient piece of a step.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Segment {
    /// Start, UTC seconds.
    pub start: Secs,
    /// End, UTC seconds.
    pub end: Secs,
    /// Ambient, C.
    pub ambient: Celsius,
}

/// Calls `f` for each constant-ambient segment of `step`, in order.
/// Zero-length steps yield nothing.
pub fn for_each_segment(s: &Scenario, step: &Step, mut f: impl FnMut(Segment)) {
    if step.end <= step.start {
        return;
    }
    match step.kind {
        StepKind::Handling { hub }
        | StepKind::Dwell { hub }
        | StepKind::ReIce { hub }
        | StepKind::Recharge { hub }
        | StepKind::Delivery { hub } => {
            let h = &s.hubs[hub];
            match h.cold_room {
                Some(t) => f(Segment {
                    start: step.start,
                    end: step.end,
                    ambient: t,
                }),
                None => outdoor(h, step.start, step.end, false, &mut f),
            }
        }
        StepKind::Apron { hub } => outdoor(&s.hubs[hub], step.start, step.end, true, &mut f),
        StepKind::Flight { flight } => f(Segment {
            start: step.start,
            end: step.end,
            ambient: s.flights[flight].hold.mid(),
        }),
        StepKind::Road { road } => {
            let r = &s.roads[road];
            match r.ambient {
                RoadAmbient::Reefer(t) => f(Segment {
                    start: step.start,
                    end: step.end,
                    ambient: t,
                }),
                RoadAmbient::Ambient => {
                    let mid = Secs(step.start.0 + (step.end.0 - step.start.0) / 2);
                    outdoor(&s.hubs[r.from], step.start, mid, false, &mut f);
                    outdoor(&s.hubs[r.to], mid, step.end, false, &mut f);
                }
            }
        }
    }
}

/// Outdoor air (or apron) at hub `h` over `[start, end)`, split at whole
/// UTC hours.
fn outdoor(h: &Hub, start: Secs, end: Secs, apron: bool, f: &mut impl FnMut(Segment)) {
    let mut a = start;
    while a < end {
        let next_hour = Secs((a.0.div_euclid(3600) + 1) * 3600);
        let b = next_hour.min(end);
        // The climate of the whole hour, read at the hour's midpoint, so
        // that cutting an hour in two never changes its ambient.
        let mid = Secs(a.0.div_euclid(3600) * 3600 + 1800);
        let local = utc_to_local(&h.tz, mid);
        let ambient = if apron {
            h.climate
                .apron(local.month(), local.hour_f64(), h.solar_gain)
        } else {
            h.climate.at(local.month(), local.hour_f64())
        };
        f(Segment {
            start: a,
            end: b,
            ambient,
        });
        a = b;
    }
}

/// The ambient a delivered container sits in at `hub` at time `t`: the
/// cold room, or the outdoor climate. Used for the thermal margin.
pub fn resting_ambient(s: &Scenario, hub: usize, t: Secs) -> Celsius {
    let h = &s.hubs[hub];
    match h.cold_room {
        Some(c) => c,
        None => {
            let local = utc_to_local(&h.tz, t);
            h.climate.at(local.month(), local.hour_f64())
        }
    }
}
