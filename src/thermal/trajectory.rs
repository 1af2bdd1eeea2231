//! Payload temperature over time, as a short list of closed-form pieces.
//!
//! Every physical situation the container model knows (coolant holding,
//! active unit holding, drift to ambient once the coolant or battery is
//! spent) is first-order relaxation towards a fixed target at constant
//! ambient, so a constant-ambient segment is at most two [`Piece`]s of
//!
//! ```text
//! T(t) = target + (start - target) * exp(-t / tau),   0 <= t <= duration
//! ```
//!
//! A logger record is a list of [`Step`]s: constant temperatures held for a
//! duration (sample and hold), which are pieces with `start == target`.
//!
//! This module owns the exact questions one can ask of a piece: where it
//! ends, when it crosses a bound, how long it spends outside a range, and
//! the integral of an Arrhenius factor along it (for stability budget and
//! mean kinetic temperature). It does not know about coolants, batteries or
//! products.

use crate::units::{Celsius, TempRange};

/// One piece of payload trajectory: first-order relaxation from `start`
/// towards `target` with time constant `tau_s`, for `duration_s` seconds.
///
/// # Units
/// Temperatures in C, times in seconds. `tau_s` may be `f64::INFINITY`
/// (perfect insulation: the temperature stays at `start`).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Piece {
    /// Length of the piece, s (>= 0).
    pub duration_s: f64,
    /// Payload temperature at the start of the piece, C.
    pub start: Celsius,
    /// Temperature the payload relaxes towards, C.
    pub target: Celsius,
    /// Relaxation time constant, s (> 0, may be infinite).
    pub tau_s: f64,
}

/// A constant temperature held for a duration: one step of a logger record
/// or of an inline profile.
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize)]
pub struct Step {
    /// Length of the step, s (>= 0).
    pub duration_s: f64,
    /// Temperature during the step, C.
    pub temp: Celsius,
}

impl From<Step> for Piece {
    fn from(s: Step) -> Piece {
        Piece::constant(s.temp, s.duration_s)
    }
}

/// An empty piece, used to fill unused slots of fixed-size arrays.
pub(crate) const EMPTY_PIECE: Piece = Piece {
    duration_s: 0.0,
    start: Celsius(0.0),
    target: Celsius(0.0),
    tau_s: f64::INFINITY,
};

impl Piece {
    /// A piece that holds `temp` for `duration_s` seconds.
    pub fn constant(temp: Celsius, duration_s: f64) -> Piece {
        Piece {
            duration_s,
            start: temp,
            target: temp,
            tau_s: f64::INFINITY,
        }
    }

    /// Whether the temperature does not change along the piece.
    pub fn is_constant(&self) -> bool {
        self.start.0 == self.target.0 || self.tau_s.is_infinite()
    }

    /// `exp(-t / tau)`, the fraction of the initial gap left after `t` s.
    fn decay(&self, t: f64) -> f64 {
        if self.is_constant() {
            1.0
        } else {
            (-t / self.tau_s).exp()
        }
    }

    /// Temperature `t` seconds into the piece (not clamped to the duration).
    pub fn at(&self, t: f64) -> Celsius {
        if self.is_constant() {
            return self.start;
        }
        Celsius(self.target.0 + (self.start.0 - self.target.0) * self.decay(t))
    }

    /// Temperature at the end of the piece.
    pub fn end(&self) -> Celsius {
        self.at(self.duration_s)
    }

    /// `exp(-duration / tau)`, the fraction of the gap left at the end
    /// (1 for a constant piece): the one exponential the questions below
    /// share, so [`Piece::ends`] computes it once for all of them.
    pub(crate) fn end_decay(&self) -> f64 {
        self.decay(self.duration_s)
    }

    /// The end temperature from the end decay: exactly [`Piece::end`].
    pub(crate) fn end_from(&self, u1: f64) -> Celsius {
        if self.is_constant() {
            return self.start;
        }
        Celsius(self.target.0 + (self.start.0 - self.target.0) * u1)
    }

    /// The piece with its end computed once, for asking several questions
    /// of it (the exposure of a segment asks five).
    pub fn ends(&self) -> EndedPiece<'_> {
        self.ended(self.end_decay())
    }

    /// The piece with its end decay `u1` (from [`Piece::end_decay`])
    /// already known.
    pub(crate) fn ended(&self, u1: f64) -> EndedPiece<'_> {
        EndedPiece {
            p: self,
            u1,
            end: self.end_from(u1),
        }
    }

    /// Lowest temperature along the piece (the trajectory is monotone, so it
    /// is at one of the two ends).
    pub fn min(&self) -> Celsius {
        Celsius(self.start.0.min(self.end().0))
    }

    /// Highest temperature along the piece.
    pub fn max(&self) -> Celsius {
        Celsius(self.start.0.max(self.end().0))
    }

    /// The time, from the start of the piece, at which the (unclamped)
    /// trajectory reaches `level`; `None` when it never does (the level is
    /// not between `start` and `target`, or the piece is constant).
    ///
    /// Solves `level = target + (start - target) exp(-t/tau)`:
    /// `t = tau ln((start - target) / (level - target))`.
    pub fn time_to_reach(&self, level: Celsius) -> Option<f64> {
        if self.is_constant() {
            return (level.0 == self.start.0).then_some(0.0);
        }
        let gap0 = self.start.0 - self.target.0;
        let gap = level.0 - self.target.0;
        // The level must lie between start (inclusive) and target (exclusive).
        if gap == 0.0 || gap.signum() != gap0.signum() || gap.abs() > gap0.abs() {
            return None;
        }
        Some(self.tau_s * (gap0 / gap).ln())
    }

    /// Seconds of the piece spent strictly below `limit`.
    pub fn time_below(&self, limit: Celsius) -> f64 {
        self.ends().time_below(limit)
    }

    /// Seconds of the piece spent strictly above `limit`.
    pub fn time_above(&self, limit: Celsius) -> f64 {
        self.ends().time_above(limit)
    }

    /// Seconds of the piece spent outside the closed `range`.
    pub fn time_outside(&self, range: &TempRange) -> f64 {
        self.ends().time_outside(range)
    }

    /// Seconds during which `pred(T)` holds, where the predicate is one
    /// side of `limit`. The trajectory is monotone, so the set is one
    /// interval touching the start or the end of the piece.
    fn time_where(&self, pred: impl Fn(f64) -> bool, limit: Celsius, end: Celsius) -> f64 {
        let d = self.duration_s;
        let (a, b) = (pred(self.start.0), pred(end.0));
        match (a, b) {
            (true, true) => d,
            (false, false) => 0.0,
            _ => {
                let tc = self.time_to_reach(limit).unwrap_or(0.0).clamp(0.0, d);
                if a {
                    tc
                } else {
                    d - tc
                }
            }
        }
    }

    /// First time in `[0, duration]` at which the payload is outside the
    /// closed `range`; `None` when it stays inside for the whole piece.
    /// Returns `Some(0.0)` when the piece starts outside.
    pub fn exit_time(&self, range: &TempRange) -> Option<f64> {
        if !range.contains(self.start) {
            return Some(0.0);
        }
        // Heading towards a bound it will cross only if the target lies
        // beyond it; it leaves the closed range just after reaching it.
        let bound = if self.target.0 > range.hi.0 {
            range.hi
        } else if self.target.0 < range.lo.0 {
            range.lo
        } else {
            return None;
        };
        let t = self.time_to_reach(bound)?;
        (t <= self.duration_s).then_some(t)
    }

    /// `∫ exp(ea_over_r * (1/T_ref - 1/T(t))) dt` over the piece, in
    /// seconds, with temperatures in kelvin: the time-at-`T_ref` equivalent
    /// of the piece for an Arrhenius process with activation energy
    /// `Ea = ea_over_r * R`.
    ///
    /// Constant pieces are exact. For relaxing pieces the integral has no
    /// elementary closed form; it is computed as follows. With
    /// `u = exp(-t/tau)` and `f(T) = exp(ea_over_r (1/T_ref - 1/T))`,
    ///
    /// ```text
    /// ∫0^D f(T(t)) dt = f(target) D + tau ∫_{u1}^{1} g(u) du,
    /// g(u) = (f(target + (start - target) u) - f(target)) / u,  u1 = exp(-D/tau)
    /// ```
    ///
    /// The first term carries the (logarithmic) part that makes a plain
    /// quadrature in `t` inaccurate when `D >> tau`; `g` is smooth and
    /// bounded on `[0, 1]` and is integrated by composite 8-point
    /// Gauss-Legendre, with one panel per 2 units of variation of the
    /// exponent along the piece (at least 1, at most 64). For a +2..+8 C
    /// product that is a single panel; the relative error is below 1e-12
    /// in the tests against a fine Simpson rule. Where the exponent varies
    /// by less than 0.1 along the piece (a payload held within about a
    /// degree, the common case in a planner's search), 3-point
    /// Gauss-Legendre is used instead: exact for polynomials of degree 5,
    /// its error is of the order of `spread^6 / 6!` relative, below 1e-9
    /// (tested), at a third of the exponentials.
    pub fn arrhenius_integral(&self, ea_over_r: f64, t_ref: Celsius) -> f64 {
        self.ends().arrhenius_integral(ea_over_r, t_ref, None)
    }

    /// [`Piece::arrhenius_integral`] with the end decay `u1` known, and
    /// perhaps the factor at one temperature (`(c, arrhenius_factor(c))`).
    fn arrhenius_integral_from(
        &self,
        ea_over_r: f64,
        t_ref: Celsius,
        u1: f64,
        known: Option<(f64, f64)>,
    ) -> f64 {
        let k_ref = t_ref.kelvin();
        let f = |c: f64| match known {
            Some((kc, kf)) if kc.to_bits() == c.to_bits() => kf,
            _ => arrhenius_factor(ea_over_r, k_ref, c),
        };
        if self.duration_s <= 0.0 {
            return 0.0;
        }
        if self.is_constant() {
            return f(self.start.0) * self.duration_s;
        }
        let target = self.target.0;
        let gap0 = self.start.0 - target;
        let f_target = f(target);
        let k_target = target + crate::units::ZERO_CELSIUS_IN_KELVIN;
        let c = ea_over_r * gap0 / (k_target * k_target);
        let r = gap0 / k_target;
        if c.abs().max(r.abs()) < SERIES_MAX_C {
            return f_target * (self.duration_s + self.tau_s * series_part(c, r, u1));
        }
        let g = |u: f64| (f(target + gap0 * u) - f_target) / u;
        // Spread of the exponent along the piece decides the panel count.
        let (k_a, k_b) = (self.start.kelvin(), self.end_from(u1).kelvin());
        let spread = (ea_over_r * (1.0 / k_a - 1.0 / k_b)).abs();
        if spread < GL3_MAX_SPREAD {
            // Along the piece the exponent stays within `spread` of its
            // value at the start, so one exponential there and a short
            // series for the rest ([`exp_small`]) replace three.
            let f_start = f(self.start.0);
            let inv_ks = 1.0 / k_a;
            let g_small = |u: f64| {
                let c = target + gap0 * u;
                let d = ea_over_r * (inv_ks - 1.0 / (c + crate::units::ZERO_CELSIUS_IN_KELVIN));
                (f_start * exp_small(d) - f_target) / u
            };
            return f_target * self.duration_s + self.tau_s * gauss_legendre_3(&g_small, u1, 1.0);
        }
        let panels = ((spread / 2.0).ceil() as usize).clamp(1, 64);
        let h = (1.0 - u1) / panels as f64;
        let mut sum = 0.0;
        for p in 0..panels {
            let a = u1 + h * p as f64;
            sum += gauss_legendre_8(&g, a, a + h);
        }
        f_target * self.duration_s + self.tau_s * sum
    }
}

/// A [`Piece`] with its end computed: the same answers as the piece's own
/// methods, with one exponential fewer per question.
#[derive(Clone, Copy, Debug)]
pub struct EndedPiece<'a> {
    p: &'a Piece,
    /// `exp(-duration / tau)` (1 for a constant piece).
    u1: f64,
    /// [`Piece::end`].
    end: Celsius,
}

impl EndedPiece<'_> {
    /// [`Piece::end`].
    pub fn end(&self) -> Celsius {
        self.end
    }

    /// [`Piece::min`].
    pub fn min(&self) -> Celsius {
        Celsius(self.p.start.0.min(self.end.0))
    }

    /// [`Piece::max`].
    pub fn max(&self) -> Celsius {
        Celsius(self.p.start.0.max(self.end.0))
    }

    /// [`Piece::time_below`].
    pub fn time_below(&self, limit: Celsius) -> f64 {
        self.p.time_where(|t| t < limit.0, limit, self.end)
    }

    /// [`Piece::time_above`].
    pub fn time_above(&self, limit: Celsius) -> f64 {
        self.p.time_where(|t| t > limit.0, limit, self.end)
    }

    /// [`Piece::time_outside`].
    pub fn time_outside(&self, range: &TempRange) -> f64 {
        self.time_below(range.lo) + self.time_above(range.hi)
    }

    /// [`Piece::arrhenius_integral`]; `known` is the factor at one
    /// temperature, `(c, arrhenius_factor(ea_over_r, t_ref, c))`, when the
    /// caller has it (the same value, one exponential fewer).
    pub fn arrhenius_integral(
        &self,
        ea_over_r: f64,
        t_ref: Celsius,
        known: Option<(f64, f64)>,
    ) -> f64 {
        self.p
            .arrhenius_integral_from(ea_over_r, t_ref, self.u1, known)
    }

    /// The piece itself.
    pub fn piece(&self) -> &Piece {
        self.p
    }
}

/// `exp(ea_over_r * (1/k_ref - 1/T))` at `c` C (`T` in kelvin): the
/// Arrhenius factor relative to the reference temperature `k_ref` K.
pub fn arrhenius_factor(ea_over_r: f64, k_ref: f64, c: f64) -> f64 {
    (ea_over_r * (1.0 / k_ref - 1.0 / (c + crate::units::ZERO_CELSIUS_IN_KELVIN))).exp()
}

/// Below this size of `c` and `r` ([`series_part`]: the exponent's and
/// the temperature's relative change along a piece), the series is
/// accurate to better than 1e-10 relative.
const SERIES_MAX_C: f64 = 0.005;

/// `∫_{u1}^{1} (f(target + gap0 u) / f(target) - 1) / u du` by its
/// series in the small quantities `c = ea_over_r gap0 / K^2` and
/// `r = gap0 / K` (`K` the target in kelvin), to fourth order.
///
/// The exponent relative to the target is `d(u) = ea_over_r (1/K -
/// 1/(K + gap0 u)) = c u (1 - r u + r^2 u^2 - r^3 u^3 ...)`, so
///
/// ```text
/// (e^d - 1) / u = c + (c^2/2 - c r) u + (c r^2 - c^2 r + c^3/6) u^2
///               + (-c r^3 + 3/2 c^2 r^2 - 1/2 c^3 r + c^4/24) u^3 + ...
/// ```
///
/// (with both below [`SERIES_MAX_C`], the terms left out are of fifth
/// order, below 1e-10 relative to the sum). A payload held within a few
/// hundredths of a degree of its target, the common case in a search
/// (a passive box at its coolant's phase temperature), needs no
/// exponential at all this way.
fn series_part(c: f64, r: f64, u1: f64) -> f64 {
    let a1 = 1.0 - u1;
    let a2 = (1.0 - u1 * u1) / 2.0;
    let u3 = u1 * u1 * u1;
    let a3 = (1.0 - u3) / 3.0;
    let a4 = (1.0 - u3 * u1) / 4.0;
    let (c2, r2) = (c * c, r * r);
    c * a1
        + (c2 / 2.0 - c * r) * a2
        + (c * r2 - c2 * r + c2 * c / 6.0) * a3
        + (-c * r2 * r + 1.5 * c2 * r2 - 0.5 * c2 * c * r + c2 * c2 / 24.0) * a4
}

/// Nodes and weights of 8-point Gauss-Legendre quadrature on [-1, 1]
/// (Abramowitz and Stegun, table 25.4). The digits are kept as tabulated,
/// even where they exceed f64 precision, so they can be checked against it.
#[allow(clippy::excessive_precision)]
const GL8: [(f64, f64); 4] = [
    (0.183_434_642_495_649_8, 0.362_683_783_378_362_0),
    (0.525_532_409_916_329_0, 0.313_706_645_877_887_3),
    (0.796_666_477_413_626_7, 0.222_381_034_453_374_5),
    (0.960_289_856_497_536_3, 0.101_228_536_290_376_3),
];

/// Below this spread of the Arrhenius exponent along a piece, 3-point
/// Gauss-Legendre is accurate to better than 1e-9 relative.
const GL3_MAX_SPREAD: f64 = 0.1;

/// `e^d` for `|d| < 0.1` by its Taylor series to degree 7: the first term
/// left out is below `0.1^8 / 8! = 2.5e-13` relative.
fn exp_small(d: f64) -> f64 {
    debug_assert!(d.abs() < 0.11, "{d}");
    1.0 + d
        * (1.0
            + d * (1.0 / 2.0
                + d * (1.0 / 6.0
                    + d * (1.0 / 24.0
                        + d * (1.0 / 120.0 + d * (1.0 / 720.0 + d * (1.0 / 5040.0)))))))
}

/// `∫_a^b g(u) du` by 3-point Gauss-Legendre (nodes 0 and ±sqrt(3/5),
/// weights 8/9 and 5/9).
fn gauss_legendre_3(g: &impl Fn(f64) -> f64, a: f64, b: f64) -> f64 {
    let (mid, half) = ((a + b) / 2.0, (b - a) / 2.0);
    let x = (3.0f64 / 5.0).sqrt();
    (8.0 / 9.0 * g(mid) + 5.0 / 9.0 * (g(mid - half * x) + g(mid + half * x))) * half
}

/// `∫_a^b g(u) du` by 8-point Gauss-Legendre.
fn gauss_legendre_8(g: &impl Fn(f64) -> f64, a: f64, b: f64) -> f64 {
    let (mid, half) = ((a + b) / 2.0, (b - a) / 2.0);
    let mut s = 0.0;
    for &(x, w) in &GL8 {
        s += w * (g(mid - half * x) + g(mid + half * x));
    }
    s * half
}

#[cfg(test)]
mod tests {
    use super::*;

    fn piece(start: f64, target: f64, tau_h: f64, dur_h: f64) -> Piece {
        Piece {
            duration_s: dur_h * 3600.0,
            start: Celsius(start),
            target: Celsius(target),
            tau_s: tau_h * 3600.0,
        }
    }

    /// Composite Simpson in `t` with `n` intervals: the oracle.
    fn simpson(p: &Piece, ea_over_r: f64, t_ref: Celsius, n: usize) -> f64 {
        let f = |t: f64| (ea_over_r * (1.0 / t_ref.kelvin() - 1.0 / p.at(t).kelvin())).exp();
        let h = p.duration_s / n as f64;
        let mut s = f(0.0) + f(p.duration_s);
        for i in 1..n {
            s += f(i as f64 * h) * if i % 2 == 1 { 4.0 } else { 2.0 };
        }
        s * h / 3.0
    }

    #[test]
    fn three_point_rule_holds_for_small_spreads() {
        // Payload drifts of up to about a degree: the 3-point branch.
        for (start, target, tau_h, dur_h) in [
            (5.0, 5.4, 3.0, 1.0),
            (4.9, 5.0, 0.5, 10.0),
            (5.0, 4.2, 2.0, 0.3),
            (7.9, 8.3, 5.0, 2.0),
        ] {
            let p = piece(start, target, tau_h, dur_h);
            let (ka, kb) = (p.start.kelvin(), p.end().kelvin());
            assert!((10_000.0 * (1.0 / ka - 1.0 / kb)).abs() < GL3_MAX_SPREAD);
            let got = p.arrhenius_integral(10_000.0, Celsius(5.0));
            let want = simpson(&p, 10_000.0, Celsius(5.0), 20_000);
            assert!(((got - want) / want).abs() < 1e-9, "{got} vs {want}");
        }
    }

    #[test]
    fn series_holds_for_payloads_near_their_target() {
        // Gaps of up to a few hundredths of a degree: the series branch.
        for (start, target, tau_h, dur_h) in [
            (5.02, 5.0, 3.0, 1.0),
            (4.999, 5.0, 0.5, 10.0),
            (5.0, 5.0001, 2.0, 0.3),
            (-20.01, -20.0, 5.0, 2.0),
        ] {
            let p = piece(start, target, tau_h, dur_h);
            for ea in [14_340.0, 10_000.0, 100.0] {
                let k = p.target.kelvin();
                let (c, r) = (ea * (start - target) / (k * k), (start - target) / k);
                assert!(c.abs().max(r.abs()) < SERIES_MAX_C, "{c} {r}");
                let u1 = (-p.duration_s / p.tau_s).exp();
                let got = p.tau_s * series_part(c, r, u1);
                // The integral is the target's own factor times the
                // duration plus that part.
                let f_t = arrhenius_factor(ea, Celsius(5.0).kelvin(), target);
                let whole = p.arrhenius_integral(ea, Celsius(5.0));
                let want_whole = f_t * (p.duration_s + got);
                assert!(((whole - want_whole) / want_whole).abs() < 1e-14);
                // The part beyond the target's own factor, by Simpson in u
                // on expm1 (no cancellation): the oracle.
                let gap0 = start - target;
                let g = |u: f64| (ea * gap0 * u / (k * (k + gap0 * u))).exp_m1() / u;
                let n = 20_000;
                let h = (1.0 - u1) / n as f64;
                let mut sum = g(u1) + g(1.0);
                for i in 1..n {
                    sum += g(u1 + i as f64 * h) * if i % 2 == 1 { 4.0 } else { 2.0 };
                }
                let want = p.tau_s * sum * h / 3.0;
                assert!(
                    ((got - want) / want).abs() < 1e-10,
                    "{p:?} ea {ea}: {got} vs {want}"
                );
            }
        }
    }

    #[test]
    fn exp_small_is_exp_for_small_arguments() {
        for k in -1000..=1000 {
            let d = f64::from(k) * 1e-4;
            let (got, want) = (exp_small(d), d.exp());
            assert!(((got - want) / want).abs() < 1e-12, "{d}: {got} vs {want}");
        }
    }

    #[test]
    fn arrhenius_integral_matches_fine_simpson() {
        let cases = [
            piece(5.0, 5.0, 3.0, 10.0),
            piece(5.0, 30.0, 3.0, 2.0),
            piece(5.0, 30.0, 3.0, 200.0),
            piece(30.0, 5.0, 0.5, 48.0),
            piece(-78.5, 20.0, 10.0, 30.0),
            piece(8.0, -20.0, 6.0, 1.0),
            piece(2.0, 8.0, 100.0, 0.1),
        ];
        for p in &cases {
            for (ea, tr) in [(14_340.0, 37.0), (10_000.0, 0.0)] {
                let got = p.arrhenius_integral(ea, Celsius(tr));
                let want = simpson(p, ea, Celsius(tr), 200_000);
                let rel = ((got - want) / want).abs();
                assert!(
                    rel < 1e-9,
                    "{p:?} ea {ea}: got {got}, want {want}, rel {rel:e}"
                );
            }
        }
    }

    #[test]
    fn time_outside_and_exit() {
        // 5 C towards 30 C with tau 1 h: crosses 8 C at tau ln(25/22).
        let p = piece(5.0, 30.0, 1.0, 2.0);
        let t8 = 3600.0 * (25.0f64 / 22.0).ln();
        let r = TempRange::new(2.0, 8.0);
        assert!((p.exit_time(&r).unwrap() - t8).abs() < 1e-9);
        assert!((p.time_outside(&r) - (7200.0 - t8)).abs() < 1e-9);
        assert!((p.time_below(Celsius(8.0)) - t8).abs() < 1e-9);
        // A piece heading to a target inside the range never exits.
        assert_eq!(piece(5.0, 7.0, 1.0, 100.0).exit_time(&r), None);
        // Starting outside counts from zero.
        assert_eq!(piece(9.0, 5.0, 1.0, 1.0).exit_time(&r), Some(0.0));
        assert_eq!(Piece::constant(Celsius(9.0), 60.0).time_outside(&r), 60.0);
        assert_eq!(Piece::constant(Celsius(5.0), 60.0).time_outside(&r), 0.0);
    }
}
