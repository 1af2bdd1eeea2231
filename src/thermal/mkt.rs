//! Mean kinetic temperature (Haynes 1971; USP <1160>, <1079.2>; ICH Q1A).
//!
//! With time weights `t_i` and absolute temperatures `T_i` (kelvin),
//!
//! ```text
//! MKT = (dH/R) / -ln( sum(t_i exp(-dH/(R T_i))) / sum(t_i) )
//! ```
//!
//! (cold-chain-facts.md lines 10-13), with `dH/R = 10 000 K` by default
//! ([`DEFAULT_DH_OVER_R_K`], line 13) and configurable.
//!
//! [`MktSum`] is the running sum, cheap to carry in a search label and to
//! extend piece by piece; relaxing pieces are integrated exactly enough by
//! [`Piece::arrhenius_integral`]. To keep the numbers near 1 the sum is
//! stored relative to 0 C: `weighted_s = sum(t_i exp(dH/R (1/273.15 - 1/T_i)))`,
//! seconds-at-0-C equivalent.
//!
//! For records (lists of [`Step`]s) [`mkt`] gives the MKT of the whole
//! record, [`mkt_window`] the MKT of any time window, and
//! [`max_mkt_over_window`] the highest MKT over any window of a given
//! length (24 h for the USP <1079.2> controlled-cold rule, line 14).
//!
//! This module does not know about products or verdicts.

use super::trajectory::{Piece, Step};
use crate::units::Celsius;

/// Default activation energy over the gas constant for MKT, K:
/// dH = 83.144 kJ/mol, R = 8.3144e-3 kJ/(mol K) (cold-chain-facts.md line 13).
pub const DEFAULT_DH_OVER_R_K: f64 = 10_000.0;

/// Reference temperature of [`MktSum::weighted_s`], C.
pub const MKT_SUM_REF: Celsius = Celsius(0.0);

/// Running MKT sum over a time-weighted series.
///
/// # Units
/// Both fields in seconds.
#[derive(Clone, Copy, Debug, PartialEq, Default, serde::Serialize)]
pub struct MktSum {
    /// `sum(t_i exp(dH/R (1/273.15 K - 1/T_i)))`, s.
    pub weighted_s: f64,
    /// `sum(t_i)`, s.
    pub total_s: f64,
}

impl MktSum {
    /// Adds one piece of trajectory.
    pub fn add_piece(&mut self, p: &Piece, dh_over_r: f64) {
        self.weighted_s += p.arrhenius_integral(dh_over_r, MKT_SUM_REF);
        self.total_s += p.duration_s;
    }

    /// Adds a constant temperature held for `duration_s` seconds.
    pub fn add_step(&mut self, s: &Step, dh_over_r: f64) {
        self.weighted_s += weight(s.temp, dh_over_r) * s.duration_s;
        self.total_s += s.duration_s;
    }

    /// The mean kinetic temperature of everything added so far; `None`
    /// before any time has been added.
    pub fn mkt(&self, dh_over_r: f64) -> Option<Celsius> {
        mkt_from_sum(self.weighted_s, self.total_s, dh_over_r)
    }
}

/// `exp(dH/R (1/273.15 - 1/T))`: the weight of one second at `t`.
pub fn weight(t: Celsius, dh_over_r: f64) -> f64 {
    (dh_over_r * (1.0 / MKT_SUM_REF.kelvin() - 1.0 / t.kelvin())).exp()
}

/// MKT from a sum referred to 0 C (see [`MktSum`]).
///
/// `ln(sum t e^{-a/T} / sum t) = ln(weighted / total) - a / T_ref`, so
/// `MKT = a / (a / T_ref - ln(weighted / total))`.
pub fn mkt_from_sum(weighted_s: f64, total_s: f64, dh_over_r: f64) -> Option<Celsius> {
    if total_s <= 0.0 || weighted_s <= 0.0 {
        return None;
    }
    let k = dh_over_r / (dh_over_r / MKT_SUM_REF.kelvin() - (weighted_s / total_s).ln());
    Some(Celsius::from_kelvin(k))
}

/// MKT of a whole record; `None` when it has no duration.
pub fn mkt(steps: &[Step], dh_over_r: f64) -> Option<Celsius> {
    let mut s = MktSum::default();
    for st in steps {
        s.add_step(st, dh_over_r);
    }
    s.mkt(dh_over_r)
}

/// The MKT of a record over one window of time.
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize)]
pub struct WindowMkt {
    /// Window start, s from the start of the record.
    pub start_s: f64,
    /// Window end, s from the start of the record.
    pub end_s: f64,
    /// MKT over the window.
    pub mkt: Celsius,
    /// Whether the window has the requested length; `false` when the record
    /// is shorter than the window and the whole record was used.
    pub full: bool,
}

/// Cumulative weighted time of a record, for windows in `O(log n)`.
struct Cumulative {
    /// Step boundaries, s: `bounds[0] = 0`, `bounds[i + 1] = bounds[i] + d_i`.
    bounds: Vec<f64>,
    /// Weighted time up to each boundary.
    sums: Vec<f64>,
    /// Weight of each step (0 for a step of unknown temperature).
    weights: Vec<f64>,
    /// Known time up to each boundary, when some steps are unknown.
    known: Option<Vec<f64>>,
}

impl Cumulative {
    fn new(steps: &[Step], dh_over_r: f64) -> Cumulative {
        Cumulative::masked(steps, &[], dh_over_r)
    }

    /// Steps whose index is in `unknown` (sorted) carry time but no
    /// weight, and do not count as known time.
    fn masked(steps: &[Step], unknown: &[usize], dh_over_r: f64) -> Cumulative {
        let mut bounds = Vec::with_capacity(steps.len() + 1);
        let mut sums = Vec::with_capacity(steps.len() + 1);
        let mut weights = Vec::with_capacity(steps.len());
        let mut known = (!unknown.is_empty()).then(|| vec![0.0]);
        let (mut b, mut s, mut k) = (0.0, 0.0, 0.0);
        bounds.push(b);
        sums.push(s);
        for (i, st) in steps.iter().enumerate() {
            let is_known = unknown.binary_search(&i).is_err();
            let w = if is_known {
                weight(st.temp, dh_over_r)
            } else {
                0.0
            };
            b += st.duration_s;
            s += w * st.duration_s;
            if is_known {
                k += st.duration_s;
            }
            bounds.push(b);
            sums.push(s);
            weights.push(w);
            if let Some(kn) = &mut known {
                kn.push(k);
            }
        }
        Cumulative {
            bounds,
            sums,
            weights,
            known,
        }
    }

    /// Known time from 0 to `x` (clamped); `x` itself without a mask.
    fn known_at(&self, x: f64) -> f64 {
        let x = x.clamp(0.0, self.total());
        let Some(known) = &self.known else {
            return x;
        };
        let k = self.bounds.partition_point(|&b| b <= x).saturating_sub(1);
        if k >= self.weights.len() {
            return *known.last().unwrap_or(&0.0);
        }
        let step_known = known[k + 1] > known[k];
        known[k] + if step_known { x - self.bounds[k] } else { 0.0 }
    }

    /// Known time in `[a, a + len]`: `len` itself without a mask, so that
    /// a record without gaps gives exactly the figures it always gave.
    fn known_in(&self, a: f64, len: f64) -> f64 {
        if self.known.is_none() {
            return len;
        }
        self.known_at(a + len) - self.known_at(a)
    }

    fn total(&self) -> f64 {
        *self.bounds.last().unwrap_or(&0.0)
    }

    /// Weighted time from 0 to `x` (clamped to the record).
    fn at(&self, x: f64) -> f64 {
        let x = x.clamp(0.0, self.total());
        // The last step that starts at or before x.
        let k = self.bounds.partition_point(|&b| b <= x).saturating_sub(1);
        if k >= self.weights.len() {
            return *self.sums.last().unwrap_or(&0.0);
        }
        self.sums[k] + self.weights[k] * (x - self.bounds[k])
    }
}

/// MKT over `[from_s, to_s]` (seconds from the start of the record,
/// clamped to it); `None` for an empty window.
pub fn mkt_window(steps: &[Step], from_s: f64, to_s: f64, dh_over_r: f64) -> Option<Celsius> {
    let c = Cumulative::new(steps, dh_over_r);
    let (a, b) = (from_s.clamp(0.0, c.total()), to_s.clamp(0.0, c.total()));
    mkt_from_sum(c.at(b) - c.at(a), b - a, dh_over_r)
}

/// The highest MKT over any window of `window_s` seconds inside the record.
///
/// For a piecewise-constant record the weighted time in a sliding window is
/// piecewise linear in the window start, with kinks where either window
/// edge meets a step boundary; so the maximum is at one of those starts,
/// and all of them are checked (`O(n log n)`). Among equal maxima the
/// earliest window wins. A record shorter than the window gives the MKT of
/// the whole record with `full = false`. `None` for a record with no
/// duration.
pub fn max_mkt_over_window(steps: &[Step], window_s: f64, dh_over_r: f64) -> Option<WindowMkt> {
    max_mkt_over_window_known(steps, &[], window_s, dh_over_r)
}

/// [`max_mkt_over_window`] for a record with gaps: the steps whose indices
/// are in `unknown` (sorted) have no known temperature, and each window's
/// MKT is taken over its known time only. Windows with no known time are
/// skipped. The MKT of a window is a ratio of two functions linear in the
/// window start between kinks, so it is monotone there and the maximum is
/// still at a kink.
pub fn max_mkt_over_window_known(
    steps: &[Step],
    unknown: &[usize],
    window_s: f64,
    dh_over_r: f64,
) -> Option<WindowMkt> {
    let c = Cumulative::masked(steps, unknown, dh_over_r);
    let total = c.total();
    if total <= 0.0 {
        return None;
    }
    if total <= window_s {
        return Some(WindowMkt {
            start_s: 0.0,
            end_s: total,
            mkt: mkt_from_sum(c.at(total), c.known_in(0.0, total), dh_over_r)?,
            full: total == window_s,
        });
    }
    let last_start = total - window_s;
    let mut best: Option<(Celsius, f64)> = None; // (MKT, start)
    let mut consider = |s: f64| {
        if !(0.0..=last_start).contains(&s) {
            return;
        }
        let v = c.at(s + window_s) - c.at(s);
        let Some(m) = mkt_from_sum(v, c.known_in(s, window_s), dh_over_r) else {
            return;
        };
        match best {
            Some((bm, bs)) if bm.0 > m.0 || (bm.0 == m.0 && bs <= s) => {}
            _ => best = Some((m, s)),
        }
    };
    for &b in &c.bounds {
        consider(b);
        consider(b - window_s);
    }
    consider(last_start);
    let (m, s) = best?;
    Some(WindowMkt {
        start_s: s,
        end_s: s + window_s,
        mkt: m,
        full: true,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn st(hours: f64, t: f64) -> Step {
        Step {
            duration_s: hours * 3600.0,
            temp: Celsius(t),
        }
    }

    #[test]
    fn check_values_from_cold_chain_facts() {
        // cold-chain-facts.md lines 18-19: constant 5 C -> 5.000 C; equal time
        // at 20 C and 30 C -> 26.260 C, with dH/R = 10 000 K.
        let m = mkt(&[st(24.0, 5.0)], DEFAULT_DH_OVER_R_K).unwrap();
        assert!((m.0 - 5.000).abs() < 0.01, "{m:?}");
        let m = mkt(&[st(12.0, 20.0), st(12.0, 30.0)], DEFAULT_DH_OVER_R_K).unwrap();
        assert!((m.0 - 26.260).abs() < 0.01, "{m:?}");
    }

    #[test]
    fn matches_the_textbook_formula() {
        // cold-chain-facts.md lines 10-12, written out directly.
        let steps = [st(3.0, 4.0), st(1.0, 12.0), st(7.0, 6.5), st(0.5, -1.0)];
        let a = 10_000.0;
        let num: f64 = steps
            .iter()
            .map(|s| s.duration_s * (-a / s.temp.kelvin()).exp())
            .sum();
        let den: f64 = steps.iter().map(|s| s.duration_s).sum();
        let want = Celsius::from_kelvin(a / -(num / den).ln());
        let got = mkt(&steps, a).unwrap();
        assert!((got.0 - want.0).abs() < 1e-9);
    }

    #[test]
    fn sum_over_pieces_agrees_with_steps() {
        let mut a = MktSum::default();
        let mut b = MktSum::default();
        for s in [st(2.0, 5.0), st(1.0, 25.0)] {
            a.add_step(&s, DEFAULT_DH_OVER_R_K);
            b.add_piece(&Piece::from(s), DEFAULT_DH_OVER_R_K);
        }
        assert!((a.weighted_s - b.weighted_s).abs() < 1e-9 * a.weighted_s);
        assert_eq!(MktSum::default().mkt(DEFAULT_DH_OVER_R_K), None);
    }

    #[test]
    fn max_window_finds_the_warm_day() {
        // Three days at 5 C with a 4 h spike at 14 C in the middle of day 2.
        let steps = [st(34.0, 5.0), st(4.0, 14.0), st(34.0, 5.0)];
        let w = max_mkt_over_window(&steps, 24.0 * 3600.0, DEFAULT_DH_OVER_R_K).unwrap();
        assert!(w.full);
        // The best window holds the whole spike plus 20 h at 5 C.
        let want = mkt(&[st(20.0, 5.0), st(4.0, 14.0)], DEFAULT_DH_OVER_R_K).unwrap();
        assert!((w.mkt.0 - want.0).abs() < 1e-9, "{w:?} vs {want:?}");
        assert!(w.start_s <= 34.0 * 3600.0 && w.end_s >= 38.0 * 3600.0);
        // Brute force over start times on a 1-minute grid agrees.
        let mut best = f64::MIN;
        for m in 0..=(48 * 60) {
            let s = m as f64 * 60.0;
            let v = mkt_window(&steps, s, s + 86_400.0, DEFAULT_DH_OVER_R_K)
                .unwrap()
                .0;
            best = best.max(v);
        }
        assert!((best - w.mkt.0).abs() < 1e-9);
    }

    #[test]
    fn short_record_uses_whole_record() {
        let steps = [st(2.0, 5.0), st(1.0, 9.0)];
        let w = max_mkt_over_window(&steps, 86_400.0, DEFAULT_DH_OVER_R_K).unwrap();
        assert!(!w.full);
        assert_eq!(w.end_s, 3.0 * 3600.0);
        assert_eq!(
            max_mkt_over_window(&[], 86_400.0, DEFAULT_DH_OVER_R_K),
            None
        );
    }

    #[test]
    fn windows_over_known_time_skip_gaps() {
        // 20 h at 5 C, a 10 h gap, 20 h at 5 C: every 24 h window sees 5 C.
        let steps = [st(20.0, 5.0), st(10.0, 30.0), st(20.0, 5.0)];
        let w = max_mkt_over_window_known(&steps, &[1], 86_400.0, DEFAULT_DH_OVER_R_K).unwrap();
        assert!((w.mkt.0 - 5.0).abs() < 1e-9, "{w:?}");
        // Without the mask the 30 C step dominates.
        let w = max_mkt_over_window(&steps, 86_400.0, DEFAULT_DH_OVER_R_K).unwrap();
        assert!(w.mkt.0 > 20.0);
        // A mask on no step gives the same bits as no mask.
        let steps = [st(5.0, 4.0), st(30.0, 9.0), st(3.0, 2.0)];
        let a = max_mkt_over_window(&steps, 86_400.0, DEFAULT_DH_OVER_R_K).unwrap();
        let b = max_mkt_over_window_known(&steps, &[], 86_400.0, DEFAULT_DH_OVER_R_K).unwrap();
        assert_eq!(a, b);
    }
}
