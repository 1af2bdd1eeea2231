//! What a payload has been through: the accumulator a planner carries.
//!
//! [`Exposure`] is a small `Copy` value (no allocation) that sums, segment
//! after segment, the figures a verdict needs: stability budget used, the
//! MKT sum, time outside the product range, extreme temperatures and
//! whether the payload froze. [`ExposureRules`] is computed once per
//! product (it resolves the stability model and the freeze limit) and
//! passed to every [`Exposure::add_segment`] call.
//!
//! This module does not decide pass or fail; [`super::excursion`] does that
//! for logger records and the planner for plans.

use super::container::SegmentResult;
use super::mkt::{MktSum, DEFAULT_DH_OVER_R_K};
use super::product::Product;
use super::stability::Arrhenius;
use super::trajectory::{EndedPiece, Piece};
use crate::units::{Celsius, TempRange};

/// The product-side parameters of an [`Exposure`], resolved once.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ExposureRules {
    /// Allowed range, C.
    pub range: TempRange,
    /// Temperature below which the payload counts as frozen, C; `None` for
    /// products that are not freeze-sensitive.
    pub freeze_limit: Option<Celsius>,
    /// Stability model; `None` to skip the budget.
    pub stability: Option<Arrhenius>,
    /// dH/R for the MKT, K.
    pub mkt_dh_over_r_k: f64,
    /// Whether to accumulate the MKT sum (an exponential integral per
    /// piece). The route search does not: no limit or dominance rule reads
    /// the MKT, and every plan is re-simulated for its report.
    pub track_mkt: bool,
    /// The stability factor at one temperature, computed beforehand
    /// ([`Arrhenius::known`]): exactly the value the integral would
    /// compute there, one exponential fewer wherever a piece relaxes
    /// towards it. The search sets it to the coolant's phase temperature,
    /// the target of every piece while a passive box holds.
    pub known_factor: Option<(f64, f64)>,
}

impl ExposureRules {
    /// The rules of a product, with the default MKT activation energy.
    pub fn for_product(p: &Product) -> ExposureRules {
        ExposureRules {
            range: p.range,
            freeze_limit: p.freeze_limit,
            stability: Some(Arrhenius::of(&p.stability)),
            mkt_dh_over_r_k: DEFAULT_DH_OVER_R_K,
            track_mkt: true,
            known_factor: None,
        }
    }

    /// The rules a route search applies: [`ExposureRules::for_product`]
    /// without the MKT.
    pub fn for_search(p: &Product) -> ExposureRules {
        ExposureRules {
            track_mkt: false,
            ..ExposureRules::for_product(p)
        }
    }

    /// These rules with the stability factor at `c` computed beforehand
    /// (the same figures, faster where pieces relax towards `c`).
    pub fn knowing(self, c: Celsius) -> ExposureRules {
        ExposureRules {
            known_factor: self.stability.map(|a| a.known(c)),
            ..self
        }
    }
}

/// Accumulated exposure of a payload.
///
/// # Units
/// Times in seconds; `stability_used` a fraction of the budget (1.0 = all).
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize)]
pub struct Exposure {
    /// Stability budget used, fraction.
    pub stability_used: f64,
    /// Running MKT sum (see [`MktSum`]).
    pub mkt: MktSum,
    /// Total time covered, s.
    pub total_s: f64,
    /// Time outside the product range, s.
    pub out_of_range_s: f64,
    /// Time below the freeze limit, s.
    pub below_freeze_s: f64,
    /// Lowest payload temperature seen, C (`+inf` when empty).
    pub min_payload: Celsius,
    /// Highest payload temperature seen, C (`-inf` when empty).
    pub max_payload: Celsius,
    /// Whether the payload went below the freeze limit.
    pub frozen: bool,
}

impl Default for Exposure {
    fn default() -> Exposure {
        Exposure::new()
    }
}

impl Exposure {
    /// Nothing yet.
    pub const fn new() -> Exposure {
        Exposure {
            stability_used: 0.0,
            mkt: MktSum {
                weighted_s: 0.0,
                total_s: 0.0,
            },
            total_s: 0.0,
            out_of_range_s: 0.0,
            below_freeze_s: 0.0,
            min_payload: Celsius(f64::INFINITY),
            max_payload: Celsius(f64::NEG_INFINITY),
            frozen: false,
        }
    }

    /// Adds one container segment.
    pub fn add_segment(&mut self, seg: &SegmentResult, rules: &ExposureRules) {
        for e in seg.ended_pieces() {
            self.add_ended(&e, rules);
        }
    }

    /// Adds one piece of trajectory (also the way to add a logger step:
    /// `Piece::from(step)`).
    pub fn add_piece(&mut self, p: &Piece, rules: &ExposureRules) {
        self.add_ended(&p.ends(), rules);
    }

    /// [`Exposure::add_piece`] for a piece whose end is computed (one
    /// exponential for the end, shared by every question).
    fn add_ended(&mut self, e: &EndedPiece<'_>, rules: &ExposureRules) {
        let p = e.piece();
        if let Some(a) = &rules.stability {
            self.stability_used += a.budget_used_ended(e, rules.known_factor);
        }
        if rules.track_mkt {
            self.mkt.add_piece(p, rules.mkt_dh_over_r_k);
        }
        self.total_s += p.duration_s;
        self.out_of_range_s += e.time_outside(&rules.range);
        self.min_payload = Celsius(self.min_payload.0.min(e.min().0));
        self.max_payload = Celsius(self.max_payload.0.max(e.max().0));
        if let Some(limit) = rules.freeze_limit {
            self.below_freeze_s += e.time_below(limit);
            self.frozen |= e.min().0 < limit.0;
        }
    }

    /// Mean kinetic temperature so far; `None` before any time was added.
    pub fn mkt(&self, rules: &ExposureRules) -> Option<Celsius> {
        self.mkt.mkt(rules.mkt_dh_over_r_k)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::thermal::container::{step, ContainerState};
    use crate::thermal::packaging::{Coolant, PackagingKind, Passive};
    use crate::thermal::product::{Stability, VvmCategory};

    #[test]
    fn shortcuts_give_the_same_bits() {
        // A segment's kept end decays and a known factor at the phase
        // temperature are caches: the figures are the same to the bit as
        // asking each piece from scratch.
        let pkg = PackagingKind::Passive(Passive {
            coolant: Coolant::Pcm {
                phase: Celsius(5.0),
                latent_kj_per_kg: 200.0,
            },
            coolant_kg: 0.3,
            ua_w_per_k: 1.5,
            payload_kj_per_k: 20.0,
        });
        let product = Product {
            name: "test".into(),
            id: "p".into(),
            range: TempRange::new(2.0, 8.0),
            freeze_limit: Some(Celsius(-0.5)),
            stability: Stability::Vvm(VvmCategory::Vvm7),
            excursion_allowance_s: 0.0,
        };
        let plain = ExposureRules::for_search(&product);
        let known = plain.knowing(Celsius(5.0));
        let mut s = ContainerState::conditioned(&pkg);
        s.payload = Celsius(4.7);
        let (mut a, mut b, mut c) = (Exposure::new(), Exposure::new(), Exposure::new());
        for (ambient, hours) in [(30.0, 2.0), (-10.0, 1.0), (25.0, 9.0), (5.0, 3.0)] {
            let seg = step(&pkg, &s, Celsius(ambient), hours * 3600.0);
            a.add_segment(&seg, &known);
            b.add_segment(&seg, &plain);
            for p in seg.pieces() {
                c.add_piece(p, &plain);
            }
            s = seg.end;
        }
        assert!(a.stability_used > 0.0 && a.out_of_range_s > 0.0);
        assert_eq!(a, b);
        assert_eq!(b, c);
    }

    #[test]
    fn accumulates_a_box_that_warms_up() {
        // A +5 C PCM box whose coolant runs out at +30 C.
        let pkg = PackagingKind::Passive(Passive {
            coolant: Coolant::Pcm {
                phase: Celsius(5.0),
                latent_kj_per_kg: 200.0,
            },
            coolant_kg: 1.0,
            ua_w_per_k: 1.0,
            payload_kj_per_k: 20.0,
        });
        let product = Product {
            name: "test".into(),
            id: "coronavac".into(),
            range: TempRange::new(2.0, 8.0),
            freeze_limit: Some(Celsius(-0.5)),
            stability: Stability::Vvm(VvmCategory::Vvm14),
            excursion_allowance_s: 0.0,
        };
        let rules = ExposureRules::for_product(&product);
        let s = ContainerState::conditioned(&pkg);
        let seg = step(&pkg, &s, Celsius(30.0), 24.0 * 3600.0);
        let mut e = Exposure::new();
        e.add_segment(&seg, &rules);
        assert_eq!(e.total_s, 86_400.0);
        assert_eq!(e.min_payload, Celsius(5.0));
        assert!(e.max_payload.0 > 8.0 && e.max_payload.0 < 30.0);
        assert!(!e.frozen);
        // Coolant lasts 200 kJ / 25 W = 8000 s; then 5 -> 8 C takes tau ln(25/22).
        let t_out = 8000.0 + 20_000.0 * (25.0f64 / 22.0).ln();
        assert!((e.out_of_range_s - (86_400.0 - t_out)).abs() < 1e-6);
        let m = e.mkt(&rules).unwrap();
        assert!(m > Celsius(5.0) && m < e.max_payload);
        assert!(e.stability_used > 0.0 && e.stability_used < 1.0);
    }
}
