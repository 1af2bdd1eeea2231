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
//! of its trip and the destination's for the second; a ride on a line is
//! that, hop by hop, with the stop's air while the vehicle stands there.

use crate::network::AirTable;
use crate::scenario::{RoadAmbient, Scenario};
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

/// Outdoor air at a hub over an interval, given to a callback segment by
/// segment: `(hub, start, end, apron, f)`.
type Outdoor<'a> = dyn Fn(usize, Secs, Secs, bool, &mut dyn FnMut(Segment)) + 'a;

/// Calls `f` for each constant-ambient segment of `step`, in order.
/// Zero-length steps yield nothing. Outdoor air comes from `air` (a
/// network's table for `s`) when given: the same values, faster.
pub fn for_each_segment(
    s: &Scenario,
    air: Option<&AirTable>,
    step: &Step,
    mut f: impl FnMut(Segment),
) {
    let outdoor = |hub: usize, start: Secs, end: Secs, apron: bool, f: &mut dyn FnMut(Segment)| {
        outdoor(s, air, hub, start, end, apron, f)
    };
    if step.end <= step.start {
        return;
    }
    match step.kind {
        StepKind::Handling { hub }
        | StepKind::Dwell { hub }
        | StepKind::ReIce { hub }
        | StepKind::Recharge { hub }
        | StepKind::Delivery { hub } => match s.hubs[hub].cold_room {
            Some(t) => f(Segment {
                start: step.start,
                end: step.end,
                ambient: t,
            }),
            None => outdoor(hub, step.start, step.end, false, &mut f),
        },
        StepKind::Apron { hub } => outdoor(hub, step.start, step.end, true, &mut f),
        // Not received yet: at the door, in the air.
        StepKind::AwaitReceipt { hub } => outdoor(hub, step.start, step.end, false, &mut f),
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
                    outdoor(r.from, step.start, mid, false, &mut f);
                    outdoor(r.to, mid, step.end, false, &mut f);
                }
            }
        }
        StepKind::Walk { from, to } => {
            // Like an ambient truck: the first half in the air of where
            // the walk starts, the second half in the air of where it ends.
            let mid = Secs(step.start.0 + (step.end.0 - step.start.0) / 2);
            outdoor(from, step.start, mid, false, &mut f);
            outdoor(to, mid, step.end, false, &mut f);
        }
        StepKind::Ride {
            line,
            run,
            board,
            alight,
        } => ride(
            s,
            &outdoor,
            (line as usize, run as usize, board, alight),
            step,
            &mut f,
        ),
    }
}

/// The segments of a ride, clipped to the step's interval: for each stop
/// from `board` to before `alight`, standing there (from its arrival to
/// its departure) then moving to the next stop. Standing is the stop's
/// outdoor air in an ambient vehicle; moving is like an ambient truck
/// (the origin's climate for the first half of the hop, the next stop's
/// for the second). A reefer holds its set point throughout. Every piece
/// is cut at the stop times, so simulating a ride hop by hop (a step from
/// the arrival at one stop to the arrival at the next) gives exactly the
/// segments of the whole ride.
fn ride(
    s: &Scenario,
    outdoor: &Outdoor<'_>,
    (line, run, board, alight): (usize, usize, u16, u16),
    step: &Step,
    f: &mut dyn FnMut(Segment),
) {
    let l = &s.lines[line];
    let times = &l.runs[run].times;
    let (lo, hi) = (step.start, step.end);
    let clip = |a: Secs, b: Secs| (a.max(lo), b.min(hi));
    for k in usize::from(board)..usize::from(alight) {
        let (here, next) = (l.stops[k], l.stops[k + 1]);
        let (arr, dep) = times[k];
        let next_arr = times[k + 1].0;
        if next_arr <= lo {
            continue;
        }
        if arr >= hi {
            break;
        }
        match l.ambient {
            RoadAmbient::Reefer(t) => {
                for (a, b) in [clip(arr, dep), clip(dep, next_arr)] {
                    if a < b {
                        f(Segment {
                            start: a,
                            end: b,
                            ambient: t,
                        });
                    }
                }
            }
            RoadAmbient::Ambient => {
                let (a, b) = clip(arr, dep);
                outdoor(here, a, b, false, f);
                let mid = Secs(dep.0 + (next_arr.0 - dep.0) / 2);
                let (a, b) = clip(dep, mid);
                outdoor(here, a, b, false, f);
                let (a, b) = clip(mid, next_arr);
                outdoor(next, a, b, false, f);
            }
        }
    }
}

/// Outdoor air (or apron) at hub `hub` over `[start, end)`, split at
/// whole UTC hours, each hour's from `air` or [`Hub::hour_air`].
///
/// [`Hub::hour_air`]: crate::scenario::Hub::hour_air
fn outdoor(
    s: &Scenario,
    air: Option<&AirTable>,
    hub: usize,
    start: Secs,
    end: Secs,
    apron: bool,
    f: &mut dyn FnMut(Segment),
) {
    let mut a = start;
    while a < end {
        let hour = a.0.div_euclid(3600);
        let b = Secs((hour + 1) * 3600).min(end);
        let ambient = match air {
            Some(t) => t.hour_air(s, hub, hour, apron),
            None => s.hubs[hub].hour_air(hour, apron),
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
