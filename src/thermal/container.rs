//! Container physics at constant ambient, in closed form.
//!
//! [`step`] advances a [`ContainerState`] through one constant-ambient
//! segment and returns a [`SegmentResult`]: the end state, the lowest and
//! highest payload temperature, and the one or two [`Piece`]s of payload
//! trajectory (for time out of range, stability and MKT). It allocates
//! nothing and evaluates a handful of exponentials, because the planner
//! calls it millions of times. [`hold_time`] answers "how long would the
//! payload stay in range if the ambient stayed like this", the thermal
//! margin. [`reice`] and [`recharge`] restore coolant and battery.
//!
//! # Model
//!
//! Lumped, one node for the payload (heat capacity `C`, kJ/K, payload plus
//! inner packaging) behind walls with heat-leak coefficient `UA` (W/K). The
//! time constant is `tau = 1000 C / UA` seconds. All payload motion is
//! first-order relaxation towards a target with this `tau`:
//!
//! - **Passive, coolant left, ambient above the phase temperature `Tp`**:
//!   the heat leak `UA (Ta - Tp)` melts (sublimes) coolant at
//!   `UA (Ta - Tp) / (1000 L)` kg/s, and the payload relaxes towards `Tp`
//!   (it stays at `Tp` once there). The segment is split exactly where the
//!   coolant runs out, `t = 1000 m L / (UA (Ta - Tp))`.
//! - **Passive, coolant left, ambient at or below `Tp`**: the coolant does
//!   not change phase and no coolant is used; the payload relaxes towards
//!   the ambient. The coolant's own sensible heat capacity is ignored, which
//!   errs towards freezing sooner (a water-ice box at -20 C freezes its
//!   payload).
//! - **Passive, coolant spent**: Newton's law towards the ambient.
//! - **Active, running** (battery left and ambient inside the operating
//!   range): the payload relaxes towards the set point (and stays there).
//!   Battery autonomy is used at `drain` rated hours per hour, see
//!   [`drain_factor`]. The segment is split exactly where the battery runs
//!   out.
//! - **Active, stopped** (battery empty, or ambient outside the operating
//!   range, cold-chain-facts.md line 61: "outside its range"): the unit
//!   does nothing and the payload drifts to the ambient by Newton's law; no
//!   battery is used. It restarts when the ambient is back in range and
//!   battery is left.
//!
//! The payload's own sensible heat is not charged to the coolant or the
//! battery: packaging is assumed to be packed with a pre-conditioned payload.
//!
//! This module does not know about products or ranges other than the one a
//! caller asks about.

use super::packaging::{Active, Coolant, PackagingKind, Passive};
use super::trajectory::{EndedPiece, Piece, EMPTY_PIECE};
use crate::units::{Celsius, TempRange};

/// Latent heat of melting water ice, kJ/kg (cold-chain-facts.md line 50).
pub const WATER_ICE_LATENT_KJ_PER_KG: f64 = 334.0;
/// Latent heat of subliming dry ice, kJ/kg (cold-chain-facts.md line 50).
pub const DRY_ICE_LATENT_KJ_PER_KG: f64 = 571.0;
/// Sublimation temperature of dry ice, C (cold-chain-facts.md line 51).
pub const DRY_ICE_PHASE: Celsius = Celsius(-78.5);
/// Fraction of an active unit's rated battery drain that does not depend
/// on the ambient (controls, fans, heaters' standby). See [`drain_factor`].
pub const ACTIVE_BASE_LOAD_FRACTION: f64 = 0.25;

/// The state of a container between segments.
///
/// # Units
/// `payload` in C, `coolant_kg` in kg (passive only, 0 for active),
/// `battery_h` in hours of autonomy at the rated ambient (active only, 0
/// for passive).
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize)]
pub struct ContainerState {
    /// Payload temperature, C.
    pub payload: Celsius,
    /// Coolant left, kg.
    pub coolant_kg: f64,
    /// Battery autonomy left, hours at the rated ambient.
    pub battery_h: f64,
}

impl ContainerState {
    /// A freshly packed (fully iced or charged) container with the payload
    /// at `payload`.
    pub fn fresh(pkg: &PackagingKind, payload: Celsius) -> ContainerState {
        let s = ContainerState {
            payload,
            coolant_kg: 0.0,
            battery_h: 0.0,
        };
        recharge(pkg, &reice(pkg, &s))
    }

    /// A freshly packed container whose payload is already at its working
    /// temperature: the coolant's phase temperature or the set point.
    pub fn conditioned(pkg: &PackagingKind) -> ContainerState {
        ContainerState::fresh(pkg, working_temp(pkg))
    }
}

/// The result of one constant-ambient segment.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SegmentResult {
    /// State at the end of the segment.
    pub end: ContainerState,
    /// Lowest payload temperature during the segment, C.
    pub min: Celsius,
    /// Highest payload temperature during the segment, C.
    pub max: Celsius,
    pieces: [Piece; 2],
    /// Per piece, `exp(-duration / tau)` ([`Piece::end_decay`]).
    decay: [f64; 2],
    n_pieces: u8,
}

impl SegmentResult {
    /// The payload trajectory: one piece, or two when the coolant or
    /// battery ran out during the segment.
    pub fn pieces(&self) -> &[Piece] {
        &self.pieces[..usize::from(self.n_pieces)]
    }

    /// Seconds of the segment during which the payload was outside `range`.
    pub fn time_outside(&self, range: &TempRange) -> f64 {
        self.pieces().iter().map(|p| p.time_outside(range)).sum()
    }

    /// Seconds of the segment during which the payload was strictly below
    /// `limit` (for freeze checks).
    pub fn time_below(&self, limit: Celsius) -> f64 {
        self.pieces().iter().map(|p| p.time_below(limit)).sum()
    }

    /// Seconds into the segment at which the coolant or battery ran out,
    /// if it did.
    pub fn depleted_at(&self) -> Option<f64> {
        (self.n_pieces == 2).then_some(self.pieces[0].duration_s)
    }

    /// The pieces with their ends, computed once in [`step`].
    pub fn ended_pieces(&self) -> impl Iterator<Item = EndedPiece<'_>> {
        self.pieces()
            .iter()
            .zip(self.decay)
            .map(|(p, u1)| p.ended(u1))
    }

    fn new(
        end: ContainerState,
        pieces: [Piece; 2],
        decay: [f64; 2],
        n_pieces: u8,
    ) -> SegmentResult {
        let mut min = f64::INFINITY;
        let mut max = f64::NEG_INFINITY;
        for (p, u1) in pieces[..usize::from(n_pieces)].iter().zip(decay) {
            let e = p.ended(u1);
            min = min.min(e.min().0);
            max = max.max(e.max().0);
        }
        SegmentResult {
            end,
            min: Celsius(min),
            max: Celsius(max),
            pieces,
            decay,
            n_pieces,
        }
    }
}

/// Phase temperature of a coolant, C.
pub fn phase_temp(c: &Coolant) -> Celsius {
    match *c {
        Coolant::WaterIce => Celsius(0.0),
        Coolant::DryIce => DRY_ICE_PHASE,
        Coolant::Pcm { phase, .. } => phase,
    }
}

/// Latent heat of a coolant, kJ/kg.
pub fn latent_heat(c: &Coolant) -> f64 {
    match *c {
        Coolant::WaterIce => WATER_ICE_LATENT_KJ_PER_KG,
        Coolant::DryIce => DRY_ICE_LATENT_KJ_PER_KG,
        Coolant::Pcm {
            latent_kj_per_kg, ..
        } => latent_kj_per_kg,
    }
}

/// The temperature a working container holds its payload at: the
/// coolant's phase temperature, or the set point.
pub fn working_temp(pkg: &PackagingKind) -> Celsius {
    match pkg {
        PackagingKind::Passive(p) => phase_temp(&p.coolant),
        PackagingKind::Active(a) => a.set_point,
    }
}

/// Payload time constant `1000 C / UA`, s; infinite for perfect walls.
pub fn tau_s(pkg: &PackagingKind) -> f64 {
    let (c, ua) = match pkg {
        PackagingKind::Passive(p) => (p.payload_kj_per_k, p.ua_w_per_k),
        PackagingKind::Active(a) => (a.payload_kj_per_k, a.ua_w_per_k),
    };
    if ua <= 0.0 {
        f64::INFINITY
    } else {
        // A zero heat capacity would make the payload follow its target
        // instantly; keep tau positive so that every formula stays finite.
        (1000.0 * c / ua).max(1e-6)
    }
}

/// Coolant use of a passive container at constant `ambient`, kg/s (0 when
/// the ambient is at or below the phase temperature).
pub fn coolant_rate_kg_per_s(p: &Passive, ambient: Celsius) -> f64 {
    let dt = ambient.0 - phase_temp(&p.coolant).0;
    if dt <= 0.0 || p.ua_w_per_k <= 0.0 {
        0.0
    } else {
        p.ua_w_per_k * dt / (1000.0 * latent_heat(&p.coolant))
    }
}

/// Battery use of a running active unit at `ambient`, in rated hours per
/// hour (1 at the rated ambient).
///
/// The electrical load of a thermostatic unit is a fixed part (controller,
/// fans) plus the heat it must pump, which is `UA |Ta - set|`. Normalised
/// to the rated ambient this is
///
/// ```text
/// drain = b + (1 - b) |Ta - set| / |T_rated - set|,   b = ACTIVE_BASE_LOAD_FRACTION
/// ```
///
/// so an ambient further from the set point than the rated one drains the
/// battery faster, as the Envirotainer RAP e2 data sheet says of its
/// extended ranges (cold-chain-facts.md lines 59-61), and an ambient at
/// the set point still costs the base load. Heating and cooling are
/// treated alike (no separate coefficient of performance). When the rated
/// ambient equals the set point the drain is 1 everywhere.
pub fn drain_factor(a: &Active, ambient: Celsius) -> f64 {
    let rated = (a.rated_ambient.0 - a.set_point.0).abs();
    if rated < 1e-9 {
        return 1.0;
    }
    let b = ACTIVE_BASE_LOAD_FRACTION;
    b + (1.0 - b) * (ambient.0 - a.set_point.0).abs() / rated
}

/// Whether an active unit runs at `ambient` with `battery_h` left.
pub fn active_runs(a: &Active, battery_h: f64, ambient: Celsius) -> bool {
    battery_h > 0.0 && a.operating.contains(ambient)
}

/// Advances `state` through `dt_s` seconds at constant `ambient`.
///
/// Exact for the model in the module documentation: at most two
/// exponential pieces, split where coolant or battery runs out.
pub fn step(
    pkg: &PackagingKind,
    state: &ContainerState,
    ambient: Celsius,
    dt_s: f64,
) -> SegmentResult {
    let dt_s = dt_s.max(0.0);
    let tau = tau_s(pkg);
    let (hold_target, hold_len, mut end) = match pkg {
        PackagingKind::Passive(p) => passive_hold(p, state, ambient, dt_s),
        PackagingKind::Active(a) => active_hold(a, state, ambient, dt_s),
    };
    let first = Piece {
        duration_s: hold_len,
        start: state.payload,
        target: hold_target,
        tau_s: tau,
    };
    // Each piece's end decay is computed once, here, and kept for the
    // exposure questions asked of the piece later.
    let u1 = first.end_decay();
    if hold_len >= dt_s {
        end.payload = first.end_from(u1);
        return SegmentResult::new(end, [first, EMPTY_PIECE], [u1, 1.0], 1);
    }
    let second = Piece {
        duration_s: dt_s - hold_len,
        start: first.end_from(u1),
        target: ambient,
        tau_s: tau,
    };
    let u2 = second.end_decay();
    end.payload = second.end_from(u2);
    SegmentResult::new(end, [first, second], [u1, u2], 2)
}

/// The first phase of a passive segment: its target, its length (the whole
/// segment, or until the coolant runs out) and the state after the segment
/// (payload filled in by the caller).
fn passive_hold(
    p: &Passive,
    s: &ContainerState,
    ambient: Celsius,
    dt_s: f64,
) -> (Celsius, f64, ContainerState) {
    let tp = phase_temp(&p.coolant);
    let mut end = *s;
    if s.coolant_kg <= 0.0 {
        end.coolant_kg = 0.0;
        return (ambient, dt_s, end);
    }
    if ambient.0 <= tp.0 {
        // The coolant cannot change phase; the payload is pulled towards
        // the colder ambient.
        return (ambient, dt_s, end);
    }
    let rate = coolant_rate_kg_per_s(p, ambient);
    if rate <= 0.0 {
        return (tp, dt_s, end);
    }
    let t_out = s.coolant_kg / rate;
    if t_out > dt_s {
        end.coolant_kg = s.coolant_kg - rate * dt_s;
        (tp, dt_s, end)
    } else {
        end.coolant_kg = 0.0;
        (tp, t_out, end)
    }
}

/// The first phase of an active segment, as [`passive_hold`].
fn active_hold(
    a: &Active,
    s: &ContainerState,
    ambient: Celsius,
    dt_s: f64,
) -> (Celsius, f64, ContainerState) {
    let mut end = *s;
    if !active_runs(a, s.battery_h, ambient) {
        end.battery_h = s.battery_h.max(0.0);
        return (ambient, dt_s, end);
    }
    let drain = drain_factor(a, ambient);
    let t_out = s.battery_h * 3600.0 / drain;
    if t_out > dt_s {
        end.battery_h = s.battery_h - drain * dt_s / 3600.0;
        (a.set_point, dt_s, end)
    } else {
        end.battery_h = 0.0;
        (a.set_point, t_out, end)
    }
}

/// The state with the coolant restored to the packaging's full charge
/// (passive); unchanged for active packaging.
pub fn reice(pkg: &PackagingKind, state: &ContainerState) -> ContainerState {
    let mut s = *state;
    if let PackagingKind::Passive(p) = pkg {
        s.coolant_kg = p.coolant_kg;
    }
    s
}

/// The state with the battery restored to full autonomy (active);
/// unchanged for passive packaging.
pub fn recharge(pkg: &PackagingKind, state: &ContainerState) -> ContainerState {
    let mut s = *state;
    if let PackagingKind::Active(a) = pkg {
        s.battery_h = a.autonomy_h;
    }
    s
}

/// The thermal margin: seconds the payload would stay inside `range` if the
/// ambient stayed at `ambient`; `None` when it would stay inside forever.
/// A payload already outside `range` gives `Some(0.0)`.
///
/// Closed form: while coolant or battery lasts (passive
/// `1000 m L / (UA (Ta - Tp))`, active `battery_h / drain` hours) the
/// payload relaxes towards the working temperature; after that it drifts
/// towards the ambient and leaves the range after
/// `tau ln((Ta - T0) / (Ta - bound))`.
pub fn hold_time(
    pkg: &PackagingKind,
    state: &ContainerState,
    ambient: Celsius,
    range: &TempRange,
) -> Option<f64> {
    // A segment long enough to exhaust any finite coolant or battery
    // charge; `step` splits it exactly.
    let probe = step(pkg, state, ambient, f64::MAX / 4.0);
    let mut t0 = 0.0;
    for p in probe.pieces() {
        if let Some(t) = p.exit_time(range) {
            return Some(t0 + t);
        }
        t0 += p.duration_s;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn passive(coolant: Coolant, kg: f64, ua: f64, c: f64) -> PackagingKind {
        PackagingKind::Passive(Passive {
            coolant,
            coolant_kg: kg,
            ua_w_per_k: ua,
            payload_kj_per_k: c,
        })
    }

    /// Envirotainer RAP e2 figures, cold-chain-facts.md lines 59-61: set
    /// point +5 C, operating range -25..+40 C (the extended range; beyond it
    /// the unit is "outside its range").
    fn rap_e2() -> PackagingKind {
        PackagingKind::Active(Active {
            set_point: Celsius(5.0),
            autonomy_h: 100.0,
            rated_ambient: Celsius(30.0),
            operating: TempRange::new(-25.0, 40.0),
            ua_w_per_k: 12.0,
            payload_kj_per_k: 400.0,
        })
    }

    const DAY: f64 = 86_400.0;

    #[test]
    fn comirnaty_shipper_uses_4_kg_dry_ice_a_day_and_lasts_5_days() {
        // cold-chain-facts.md lines 41-43 (>= 20 kg of dry ice, re-iced every
        // 5 days) and 53-54 (UA = 0.27 W/K, about 4 kg a day).
        let pkg = passive(Coolant::DryIce, 20.0, 0.27, 10.0);
        let s = ContainerState::conditioned(&pkg);
        let r = step(&pkg, &s, Celsius(20.0), DAY);
        let used = 20.0 - r.end.coolant_kg;
        assert!((used - 4.0).abs() < 0.1, "used {used} kg/day");
        assert_eq!(r.end.payload, Celsius(-78.5));
        // Dry-ice-only life: 20 kg / 4.02 kg/day = 4.97 days.
        let r = step(&pkg, &s, Celsius(20.0), 10.0 * DAY);
        let out = r.depleted_at().unwrap() / DAY;
        assert!((out - 5.0).abs() < 0.1, "runs out after {out} days");
        // Kept in -90..-60 C until shortly after that.
        let margin =
            hold_time(&pkg, &s, Celsius(20.0), &TempRange::new(-90.0, -60.0)).unwrap() / DAY;
        assert!(margin > out && margin < out + 0.5, "{margin}");
        // Re-icing restores the full charge.
        assert_eq!(reice(&pkg, &r.end).coolant_kg, 20.0);
    }

    #[test]
    fn passive_hold_time_at_43_c_is_closed_form() {
        // cold-chain-facts.md lines 55-58: cold life is measured at a
        // constant +43 C ambient. Water ice (line 50: 334 kJ/kg at 0 C).
        let (m, ua, c) = (15.0, 0.9, 40.0);
        let pkg = passive(Coolant::WaterIce, m, ua, c);
        let s = ContainerState::conditioned(&pkg);
        let range = TempRange::new(0.0, 8.0);
        let coolant_s = m * 334_000.0 / (ua * 43.0);
        let tau = 1000.0 * c / ua;
        let drift_s = tau * (43.0f64 / 35.0).ln();
        let got = hold_time(&pkg, &s, Celsius(43.0), &range).unwrap();
        assert!(
            (got - (coolant_s + drift_s)).abs() < 1e-6,
            "{got} vs {}",
            coolant_s + drift_s
        );
        // The coolant runs out exactly at m L / (UA dT).
        let r = step(&pkg, &s, Celsius(43.0), 3.0 * DAY);
        assert!((r.depleted_at().unwrap() - coolant_s).abs() < 1e-6);
        assert_eq!(r.end.coolant_kg, 0.0);
    }

    #[test]
    fn water_ice_box_at_minus_20_freezes_the_payload() {
        // cold-chain-facts.md lines 46-47 (-0.5 C) and 56-57 (warm life at -20 C).
        let pkg = passive(Coolant::WaterIce, 10.0, 1.0, 40.0);
        let s = ContainerState::conditioned(&pkg);
        let r = step(&pkg, &s, Celsius(-20.0), 3600.0);
        assert_eq!(r.end.coolant_kg, 10.0);
        assert!(r.min.0 < -0.5);
        assert!(r.time_below(Celsius(-0.5)) > 0.0);
        let warm_life = hold_time(&pkg, &s, Celsius(-20.0), &TempRange::new(-0.5, 8.0)).unwrap();
        let tau = 40_000.0;
        assert!((warm_life - tau * (20.0f64 / 19.5).ln()).abs() < 1e-6);
    }

    #[test]
    fn active_drain_and_failure() {
        let pkg = rap_e2();
        let PackagingKind::Active(a) = pkg else {
            unreachable!()
        };
        assert_eq!(drain_factor(&a, Celsius(30.0)), 1.0);
        assert!(drain_factor(&a, Celsius(38.0)) > 1.0);
        assert!(drain_factor(&a, Celsius(20.0)) < 1.0);
        let s = ContainerState::conditioned(&pkg);
        // Holds +5 C at +30 C, using one rated hour per hour.
        let r = step(&pkg, &s, Celsius(30.0), 10.0 * 3600.0);
        assert_eq!((r.min, r.max), (Celsius(5.0), Celsius(5.0)));
        assert!((r.end.battery_h - 90.0).abs() < 1e-9);
        // At +45 C the unit is outside its range: it stops and drifts.
        let r = step(&pkg, &s, Celsius(45.0), 3600.0);
        assert_eq!(r.end.battery_h, 100.0);
        assert!(r.max.0 > 5.0);
        // The battery runs out after autonomy / drain; then it drifts.
        let r = step(&pkg, &s, Celsius(30.0), 120.0 * 3600.0);
        assert!((r.depleted_at().unwrap() - 100.0 * 3600.0).abs() < 1e-6);
        assert_eq!(r.end.battery_h, 0.0);
        assert_eq!(recharge(&pkg, &r.end).battery_h, 100.0);
        // Margin at +30 C: battery time plus drift from 5 to 8 C.
        let tau = 400_000.0 / 12.0;
        let want = 100.0 * 3600.0 + tau * (25.0f64 / 22.0).ln();
        let got = hold_time(&pkg, &s, Celsius(30.0), &TempRange::new(2.0, 8.0)).unwrap();
        assert!((got - want).abs() < 1e-6);
        // A mild ambient inside the range never leaves it.
        assert_eq!(
            hold_time(&pkg, &s, Celsius(6.0), &TempRange::new(2.0, 8.0)),
            None
        );
    }

    #[test]
    fn zero_length_segment_changes_nothing() {
        let pkg = passive(Coolant::DryIce, 20.0, 0.27, 10.0);
        let s = ContainerState::conditioned(&pkg);
        let r = step(&pkg, &s, Celsius(20.0), 0.0);
        assert_eq!(r.end, s);
    }
}

/// Property test: the closed form against a fine explicit-Euler integration
/// of the same differential equations (the oracle), on seeded random
/// packaging and ambient profiles.
#[cfg(test)]
mod oracle {
    use super::*;
    use proptest::prelude::*;
    use proptest::test_runner::{Config, RngSeed};

    /// Time step of the oracle, s.
    const H: f64 = 0.5;

    /// Integrates the model's ODEs with explicit Euler steps of `H` seconds.
    fn euler(
        pkg: &PackagingKind,
        s: &ContainerState,
        ambient: Celsius,
        dt_s: f64,
    ) -> (ContainerState, f64, f64) {
        let tau = tau_s(pkg);
        let mut st = *s;
        let (mut lo, mut hi) = (st.payload.0, st.payload.0);
        let mut t = 0.0;
        while t < dt_s {
            let h = H.min(dt_s - t);
            let target = match pkg {
                PackagingKind::Passive(p) => {
                    let tp = phase_temp(&p.coolant).0;
                    if st.coolant_kg > 0.0 && ambient.0 > tp {
                        let rate =
                            p.ua_w_per_k * (ambient.0 - tp) / (1000.0 * latent_heat(&p.coolant));
                        st.coolant_kg = (st.coolant_kg - rate * h).max(0.0);
                        tp
                    } else {
                        ambient.0
                    }
                }
                PackagingKind::Active(a) => {
                    if st.battery_h > 0.0 && a.operating.contains(ambient) {
                        st.battery_h =
                            (st.battery_h - drain_factor(a, ambient) * h / 3600.0).max(0.0);
                        a.set_point.0
                    } else {
                        ambient.0
                    }
                }
            };
            st.payload.0 += (target - st.payload.0) * h / tau;
            lo = lo.min(st.payload.0);
            hi = hi.max(st.payload.0);
            t += h;
        }
        (st, lo, hi)
    }

    fn packaging() -> impl Strategy<Value = PackagingKind> {
        let passive =
            (0u8..3, 0.5f64..25.0, 0.2f64..3.0, 5.0f64..80.0).prop_map(|(k, kg, ua, c)| {
                let coolant = match k {
                    0 => Coolant::WaterIce,
                    1 => Coolant::DryIce,
                    _ => Coolant::Pcm {
                        phase: Celsius(5.0),
                        latent_kj_per_kg: 200.0,
                    },
                };
                PackagingKind::Passive(Passive {
                    coolant,
                    coolant_kg: kg,
                    ua_w_per_k: ua,
                    payload_kj_per_k: c,
                })
            });
        let active =
            (0.5f64..30.0, 2.0f64..20.0, 50.0f64..500.0).prop_map(|(autonomy_h, ua, c)| {
                PackagingKind::Active(Active {
                    set_point: Celsius(5.0),
                    autonomy_h,
                    rated_ambient: Celsius(30.0),
                    operating: TempRange::new(-25.0, 40.0),
                    ua_w_per_k: ua,
                    payload_kj_per_k: c,
                })
            });
        prop_oneof![passive, active]
    }

    fn config() -> Config {
        Config {
            cases: 48,
            rng_seed: RngSeed::Fixed(0x00c0_1d20_2103),
            failure_persistence: None,
            ..Config::default()
        }
    }

    proptest! {
        #![proptest_config(config())]

        #[test]
        fn closed_form_matches_fine_euler(
            pkg in packaging(),
            payload0 in -10.0f64..30.0,
            segments in prop::collection::vec((-35.0f64..50.0, 300.0f64..(8.0 * 3600.0)), 3..=8),
        ) {
            let mut exact = ContainerState::fresh(&pkg, Celsius(payload0));
            let mut approx = exact;
            for &(ambient, dt) in &segments {
                let r = step(&pkg, &exact, Celsius(ambient), dt);
                let (a, lo, hi) = euler(&pkg, &approx, Celsius(ambient), dt);
                prop_assert!((r.end.payload.0 - a.payload.0).abs() < 0.05,
                    "payload {} vs {}", r.end.payload.0, a.payload.0);
                prop_assert!((r.min.0 - lo.min(approx.payload.0)).abs() < 0.05);
                prop_assert!((r.max.0 - hi.max(approx.payload.0)).abs() < 0.05);
                prop_assert!((r.end.coolant_kg - a.coolant_kg).abs() < 1e-3);
                prop_assert!((r.end.battery_h - a.battery_h).abs() < 1e-3);
                exact = r.end;
                approx = a;
            }
        }
    }
}
