//! Runs the temperature model over a whole itinerary, from a freshly
//! packed container ([`simulate`]) or from a state on the way
//! ([`simulate_from`]).

use crate::network::AirTable;
use crate::scenario::{Mode, Scenario, Shipment};
use crate::thermal::container::{
    hold_time, recharge, reice, step as container_step, ContainerState,
};
use crate::thermal::{Exposure, ExposureRules, PackagingKind};
use crate::units::{Celsius, Secs};

use super::ambient::{for_each_segment, Segment};
use super::step::{Itinerary, Step, StepKind};

/// The temperature model's account of one step.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct StepResult {
    /// Lowest ambient during the step, C.
    pub ambient_min: Celsius,
    /// Highest ambient during the step, C.
    pub ambient_max: Celsius,
    /// Lowest payload temperature during the step, C.
    pub payload_min: Celsius,
    /// Highest payload temperature during the step, C.
    pub payload_max: Celsius,
    /// Container state at the end of the step.
    pub end: ContainerState,
    /// Time outside the product range during the step, s.
    pub out_of_range_s: f64,
    /// The first moment the payload went below the freeze limit in this
    /// step, UTC seconds, and the lowest temperature it reached.
    pub freeze: Option<(Secs, Celsius)>,
}

/// An itinerary's temperature history.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Simulation {
    /// One result per step of the itinerary.
    pub steps: Vec<StepResult>,
    /// Constant-ambient segments with the payload temperature at their
    /// ends, for drawing: `(segment, payload at start, payload at end)`.
    #[serde(skip)]
    pub segments: Vec<(Segment, ContainerState, ContainerState)>,
    /// Exposure over the whole trip.
    pub exposure: Exposure,
    /// State on delivery.
    pub end: ContainerState,
    /// Thermal margin on delivery, s; `None` = would hold indefinitely.
    pub margin_s: Option<f64>,
    /// The ambient the margin is computed at, C.
    pub margin_ambient: Celsius,
}

/// The ambient the thermal margin is measured against at `hub`: the mean
/// daily maximum of the month at `t` (local). A cold room at the
/// destination is deliberately ignored: the margin says how long the
/// *container* would protect the product if it waited outside it.
pub fn margin_ambient(s: &Scenario, hub: usize, t: Secs) -> Celsius {
    let h = &s.hubs[hub];
    let month = crate::time::utc_to_local(&h.tz, t).month();
    Celsius(h.climate.max[usize::from(month.clamp(1, 12)) - 1])
}

/// Advances `state` and `exposure` through one step; returns the step's
/// account. Shared by [`simulate`] and the planner so that both apply the
/// same model, piece for piece. `air` is the network's table of outdoor
/// air for `s`, if there is one (the same values, faster). In a timetable
/// scenario ([`Mode::Timetable`]) nothing changes: there is no thermal
/// model, so the state stays as it is and nothing is exposed.
#[allow(clippy::too_many_arguments)]
pub fn advance(
    s: &Scenario,
    air: Option<&AirTable>,
    pkg: &PackagingKind,
    rules: &ExposureRules,
    step: &Step,
    state: &mut ContainerState,
    exposure: &mut Exposure,
    mut on_segment: impl FnMut(Segment, ContainerState, ContainerState),
) -> StepResult {
    let mut r = StepResult {
        ambient_min: Celsius(f64::INFINITY),
        ambient_max: Celsius(f64::NEG_INFINITY),
        payload_min: state.payload,
        payload_max: state.payload,
        end: *state,
        out_of_range_s: 0.0,
        freeze: None,
    };
    if s.mode == Mode::Timetable {
        return r;
    }
    for_each_segment(s, air, step, |seg| {
        let dt = (seg.end.0 - seg.start.0) as f64;
        let res = container_step(pkg, state, seg.ambient, dt);
        let before = *state;
        exposure.add_segment(&res, rules);
        r.ambient_min = Celsius(r.ambient_min.0.min(seg.ambient.0));
        r.ambient_max = Celsius(r.ambient_max.0.max(seg.ambient.0));
        r.payload_min = Celsius(r.payload_min.0.min(res.min.0));
        r.payload_max = Celsius(r.payload_max.0.max(res.max.0));
        r.out_of_range_s += res
            .ended_pieces()
            .map(|p| p.time_outside(&rules.range))
            .sum::<f64>();
        if let (None, Some(limit)) = (r.freeze, rules.freeze_limit) {
            if res.min.0 < limit.0 {
                let mut offset = 0.0;
                let mut at = None;
                for p in res.pieces() {
                    if let Some(x) = p.time_to_reach(limit) {
                        at = Some(offset + x);
                        break;
                    }
                    offset += p.duration_s;
                }
                let when = Secs(seg.start.0 + at.unwrap_or(0.0).ceil() as i64);
                r.freeze = Some((when, res.min));
            }
        }
        *state = res.end;
        on_segment(seg, before, *state);
    });
    if r.ambient_min.0 > r.ambient_max.0 {
        r.ambient_min = Celsius(f64::NAN);
        r.ambient_max = Celsius(f64::NAN);
    }
    match step.kind {
        StepKind::ReIce { .. } => *state = reice(pkg, state),
        StepKind::Recharge { .. } => *state = recharge(pkg, state),
        _ => {}
    }
    r.end = *state;
    r
}

/// Simulates `itinerary` for `shipment` from a freshly packed container.
pub fn simulate(s: &Scenario, shipment: &Shipment, itinerary: &Itinerary) -> Simulation {
    let pkg = &s.packagings[shipment.packaging].kind;
    simulate_from(
        s,
        shipment,
        ContainerState::fresh(pkg, shipment.payload_start),
        Exposure::new(),
        itinerary,
    )
}

/// Simulates `itinerary` for `shipment` from `state`, with `exposure` so
/// far: a shipment already on its way (a re-plan after a missed leg).
pub fn simulate_from(
    s: &Scenario,
    shipment: &Shipment,
    state: ContainerState,
    exposure: Exposure,
    itinerary: &Itinerary,
) -> Simulation {
    let pkg = &s.packagings[shipment.packaging].kind;
    let rules = ExposureRules::for_product(&s.products[shipment.product]);
    let mut state = state;
    let mut exposure = exposure;
    let mut segments = Vec::new();
    let steps = itinerary
        .steps
        .iter()
        .map(|st| {
            advance(
                s,
                None,
                pkg,
                &rules,
                st,
                &mut state,
                &mut exposure,
                |seg, a, b| segments.push((seg, a, b)),
            )
        })
        .collect();
    let ambient = margin_ambient(s, shipment.to, itinerary.end());
    let margin_s = hold_time(pkg, &state, ambient, &rules.range);
    Simulation {
        steps,
        segments,
        exposure,
        end: state,
        margin_s,
        margin_ambient: ambient,
    }
}
