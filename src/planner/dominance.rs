//! When one label makes another useless: thermal dominance with a
//! documented resolution.
//!
//! Two labels at the same hub and the same time are compared criterion by
//! criterion, the state on a grid ([`LABEL_RESOLUTION`]): values in one
//! cell count as equal, so near-equal labels (payloads 0.001 C apart,
//! coolant 0.1 g apart) merge instead of multiplying. The payload
//! temperature must be equal (a colder payload is not always better: it
//! may freeze later; a warmer one may leave the range). More coolant or
//! battery only counts as better under the no-run-out guard explained at
//! [`no_worse`].

use crate::network::Network;
use crate::thermal::container::{coolant_rate_kg_per_s, drain_factor, ContainerState};
use crate::thermal::{Exposure, PackagingKind};

/// The grid labels are compared on.
///
/// # Units
/// Payload in C, coolant in kg, battery in hours, cost in the scenario's
/// units.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LabelResolution {
    /// Payload temperatures in one cell are equal, C.
    pub payload_c: f64,
    /// Coolant masses in one cell are equal, kg.
    pub coolant_kg: f64,
    /// Battery autonomies in one cell are equal, h.
    pub battery_h: f64,
    /// Costs in one cell are equal.
    pub cost: f64,
}

/// Payload 0.01 C, coolant 1 g, battery 0.01 h, cost 1 unit. The
/// exposures (stability used, time out of range) have hard limits and are
/// compared exactly. docs/planner.md says what this costs in exactness:
/// each merge may drop a label up to one cell better than the one it keeps.
pub const LABEL_RESOLUTION: LabelResolution = LabelResolution {
    payload_c: 0.01,
    coolant_kg: 0.001,
    battery_h: 0.01,
    cost: 1.0,
};

/// The grid cell of `x`: `x / step` rounded half away from zero (as
/// `f64::round`, without the library call `round` is on baseline x86-64).
fn cell(x: f64, step: f64) -> i64 {
    let y = x / step;
    (y + 0.5f64.copysign(y)) as i64
}

/// The fastest reserve use the container can see anywhere in a scenario.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Guard {
    /// Fastest coolant use, kg/s.
    pub coolant_kg_per_s: f64,
    /// Fastest battery use, h/s.
    pub battery_h_per_s: f64,
}

impl Guard {
    /// At the warmest and coldest ambient any step could have
    /// ([`Network::ambient_extremes`]).
    pub fn new(net: &Network, pkg: &PackagingKind) -> Guard {
        let (lo, hi) = net.ambient_extremes;
        match pkg {
            PackagingKind::Passive(p) => Guard {
                coolant_kg_per_s: coolant_rate_kg_per_s(p, hi),
                battery_h_per_s: 0.0,
            },
            PackagingKind::Active(a) => Guard {
                coolant_kg_per_s: 0.0,
                battery_h_per_s: drain_factor(a, hi).max(drain_factor(a, lo)) / 3600.0,
            },
        }
    }
}

/// Whether state `a` (with exposure `ae`) is at least as good as `b` for
/// every continuation of up to `remaining_s` seconds.
///
/// More coolant or battery is not always better: a box that runs out
/// earlier lets its payload warm, which can spare it a later freeze or
/// lengthen its hold time in the cold (the brute-force oracle found such a
/// network). It is better when `b` cannot run out within `remaining_s` even
/// at the fastest possible use: then both follow the same trajectory and
/// `a` only ends with more reserve, which never shortens the hold time.
/// Otherwise reserves must be equal (on the grid).
pub fn no_worse(
    g: &Guard,
    a: &ContainerState,
    ae: &Exposure,
    b: &ContainerState,
    be: &Exposure,
    remaining_s: f64,
) -> bool {
    let r = &LABEL_RESOLUTION;
    if cell(a.payload.0, r.payload_c) != cell(b.payload.0, r.payload_c) {
        return false;
    }
    let never_runs_out = b.coolant_kg - g.coolant_kg_per_s * remaining_s > r.coolant_kg
        || b.battery_h - g.battery_h_per_s * remaining_s > r.battery_h;
    let reserve_ok =
        |x: f64, y: f64, step: f64| cell(x, step) == cell(y, step) || (never_runs_out && x >= y);
    reserve_ok(a.coolant_kg, b.coolant_kg, r.coolant_kg)
        && reserve_ok(a.battery_h, b.battery_h, r.battery_h)
        // The exposures have hard limits: a label a hair over the other
        // could break a limit the other would meet, so they compare
        // exactly (up to float noise), never on a grid.
        && ae.stability_used <= be.stability_used + 1e-12
        && ae.out_of_range_s <= be.out_of_range_s + 1e-6
        && ae.below_freeze_s <= be.below_freeze_s + 1e-6
        && (!ae.frozen || be.frozen)
}

/// Whether cost `a` is no worse than `b` on the grid.
pub fn cost_no_worse(a: f64, b: f64) -> bool {
    cell(a, LABEL_RESOLUTION.cost) <= cell(b, LABEL_RESOLUTION.cost)
}
