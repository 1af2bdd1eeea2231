//! Product stability: Arrhenius-weighted exposure as a fraction of budget.
//!
//! A product's [`Stability`] becomes an [`Arrhenius`] model: budget used
//! per day at temperature `T` (kelvin) is
//!
//! ```text
//! rate(T) = exp(-Ea/R (1/T - 1/T_ref)) / days_ref
//! ```
//!
//! so a product kept at `T_ref` uses its whole budget (1.0) in `days_ref`
//! days. For WHO vaccine vial monitors the parameters come from the
//! published days to end point (WHO/PQS/E006/IN05; cold-chain-facts.md
//! lines 21-33):
//!
//! - VVM30, VVM14, VVM7: `Ea/R = 14 340 K` (Ea = 119 kJ/mol), the fit
//!   through the +37 C and +25 C points (the +25 C time is 6.43 x the +37 C
//!   time), reference +37 C at 30, 14, 7 days. The +5 C table entries are
//!   floors, not points on the curve.
//! - VVM2: the fit through its +37 C (2 d) and +5 C (225 d) points,
//!   `Ea/R = ln(225/2) / (1/278.15 - 1/310.15) = 12 732.5 K`
//!   (Ea = 105.9 kJ/mol, the "106 kJ/mol" of line 33).
//!
//! Budget over a payload trajectory is the integral of the rate, computed
//! by [`Piece::arrhenius_integral`] (exact for constant pieces, Gauss-Legendre
//! with a singularity subtraction for relaxing ones).
//!
//! This module does not know about containers or logger files.

use super::product::{Stability, VvmCategory};
use super::trajectory::{arrhenius_factor, EndedPiece, Piece};
use crate::units::Celsius;

/// Ea/R of VVM30, VVM14 and VVM7, K (cold-chain-facts.md line 32).
pub const VVM_EA_OVER_R_K: f64 = 14_340.0;
/// Ea/R of VVM2, K: the fit through its +37 C and +5 C points
/// (cold-chain-facts.md lines 29 and 33).
pub const VVM2_EA_OVER_R_K: f64 = 12_732.5;
/// Reference temperature of the VVM categories, C (the +37 C column).
pub const VVM_REF_TEMP: Celsius = Celsius(37.0);

/// Seconds in a day.
const DAY_S: f64 = 86_400.0;

/// An Arrhenius stability model with explicit parameters.
///
/// # Units
/// `ea_over_r_k` in K, `ref_temp` in C, `ref_days` in days.
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize)]
pub struct Arrhenius {
    /// Activation energy over the gas constant, K.
    pub ea_over_r_k: f64,
    /// Reference temperature, C.
    pub ref_temp: Celsius,
    /// Days to use the whole budget at the reference temperature.
    pub ref_days: f64,
}

impl Arrhenius {
    /// The model of a product's stability description.
    pub fn of(s: &Stability) -> Arrhenius {
        match *s {
            Stability::Vvm(cat) => {
                let (ea, days) = match cat {
                    VvmCategory::Vvm2 => (VVM2_EA_OVER_R_K, 2.0),
                    VvmCategory::Vvm7 => (VVM_EA_OVER_R_K, 7.0),
                    VvmCategory::Vvm14 => (VVM_EA_OVER_R_K, 14.0),
                    VvmCategory::Vvm30 => (VVM_EA_OVER_R_K, 30.0),
                };
                Arrhenius {
                    ea_over_r_k: ea,
                    ref_temp: VVM_REF_TEMP,
                    ref_days: days,
                }
            }
            Stability::Arrhenius {
                ea_over_r_k,
                ref_temp,
                ref_days,
            } => Arrhenius {
                ea_over_r_k,
                ref_temp,
                ref_days,
            },
        }
    }

    /// Budget used per day at constant `t`.
    pub fn rate_per_day(&self, t: Celsius) -> f64 {
        (self.ea_over_r_k * (1.0 / self.ref_temp.kelvin() - 1.0 / t.kelvin())).exp() / self.ref_days
    }

    /// Days to use the whole budget at constant `t`.
    pub fn days_to_end_point(&self, t: Celsius) -> f64 {
        1.0 / self.rate_per_day(t)
    }

    /// Budget used along one piece of payload trajectory (a fraction; 1.0
    /// is the whole budget).
    pub fn budget_used(&self, piece: &Piece) -> f64 {
        self.budget_used_ended(&piece.ends(), None)
    }

    /// [`Arrhenius::budget_used`] of a piece whose end is computed, with
    /// the factor at one temperature perhaps known ([`Arrhenius::known`]).
    pub fn budget_used_ended(&self, piece: &EndedPiece<'_>, known: Option<(f64, f64)>) -> f64 {
        piece.arrhenius_integral(self.ea_over_r_k, self.ref_temp, known) / (self.ref_days * DAY_S)
    }

    /// The factor at `c` C, for [`Arrhenius::budget_used_ended`]: exactly
    /// the value the integral would compute there.
    pub fn known(&self, c: Celsius) -> (f64, f64) {
        (
            c.0,
            arrhenius_factor(self.ea_over_r_k, self.ref_temp.kelvin(), c.0),
        )
    }
}

/// Budget used per day at constant `t`: see [`Arrhenius::rate_per_day`].
pub fn rate_per_day(s: &Stability, t: Celsius) -> f64 {
    Arrhenius::of(s).rate_per_day(t)
}

/// Days to use the whole budget at constant `t`.
pub fn days_to_end_point(s: &Stability, t: Celsius) -> f64 {
    Arrhenius::of(s).days_to_end_point(t)
}

/// Budget used along a trajectory (sum over its pieces).
pub fn budget_used(s: &Stability, pieces: &[Piece]) -> f64 {
    let a = Arrhenius::of(s);
    pieces.iter().map(|p| a.budget_used(p)).sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn days(cat: VvmCategory, t: f64) -> f64 {
        days_to_end_point(&Stability::Vvm(cat), Celsius(t))
    }

    fn within_1pct(got: f64, want: f64) {
        assert!(((got - want) / want).abs() < 0.01, "got {got}, want {want}");
    }

    #[test]
    fn vvm_days_to_end_point_match_who_table() {
        // cold-chain-facts.md lines 24-29 (WHO/PQS/E006/IN05).
        within_1pct(days(VvmCategory::Vvm30, 37.0), 30.0);
        within_1pct(days(VvmCategory::Vvm30, 25.0), 193.0);
        within_1pct(days(VvmCategory::Vvm14, 37.0), 14.0);
        within_1pct(days(VvmCategory::Vvm14, 25.0), 90.0);
        within_1pct(days(VvmCategory::Vvm7, 37.0), 7.0);
        within_1pct(days(VvmCategory::Vvm7, 25.0), 45.0);
        within_1pct(days(VvmCategory::Vvm2, 37.0), 2.0);
        within_1pct(days(VvmCategory::Vvm2, 5.0), 225.0);
    }

    #[test]
    fn plus_5_c_figures_are_floors() {
        // cold-chain-facts.md lines 26-28 and 32: "> 4 y", "> 3 y", "> 2 y".
        assert!(days(VvmCategory::Vvm30, 5.0) > 4.0 * 365.0);
        assert!(days(VvmCategory::Vvm14, 5.0) > 3.0 * 365.0);
        assert!(days(VvmCategory::Vvm7, 5.0) > 2.0 * 365.0);
    }

    #[test]
    fn activation_energies_match_the_derived_figures() {
        // cold-chain-facts.md line 32 (119 kJ/mol) and 33 (106 kJ/mol).
        let r = 8.3144e-3;
        assert!((VVM_EA_OVER_R_K * r - 119.0).abs() < 0.5);
        assert!((VVM2_EA_OVER_R_K * r - 106.0).abs() < 0.5);
        let fit = (225.0f64 / 2.0).ln() / (1.0 / 278.15 - 1.0 / 310.15);
        assert!((fit - VVM2_EA_OVER_R_K).abs() < 0.1);
    }

    #[test]
    fn budget_over_constant_steps_is_rate_times_time() {
        let s = Stability::Vvm(VvmCategory::Vvm14);
        let p = Piece::constant(Celsius(37.0), 7.0 * DAY_S);
        assert!((budget_used(&s, &[p]) - 0.5).abs() < 1e-12);
        let p25 = Piece::constant(Celsius(25.0), 10.0 * DAY_S);
        let want = 10.0 * rate_per_day(&s, Celsius(25.0));
        assert!((budget_used(&s, &[p25]) - want).abs() < 1e-12);
    }
}
