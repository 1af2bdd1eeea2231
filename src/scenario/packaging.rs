//! Packaging: `[packaging.X]` tables, passive (coolant) or active (battery)
//! containers.

use toml::Spanned;

use super::diagnostic::{closest, Diagnostic};
use super::raw::*;
use super::resolve::{Cx, DEFAULT_RATED_AMBIENT};
use crate::thermal::{Active, Coolant, Packaging, PackagingKind, Passive};
use crate::units::Celsius;

impl Cx {
    pub(super) fn packaging(
        &mut self,
        id: &Spanned<String>,
        p: &RawPackaging,
    ) -> Option<Packaging> {
        let kind = match (&p.passive, &p.active) {
            (Some(pa), None) => self.passive(pa.get_ref()).map(PackagingKind::Passive),
            (None, Some(ac)) => self.active(ac.get_ref()).map(PackagingKind::Active),
            (Some(pa), Some(_)) => {
                self.err_help(
                    pa.span(),
                    "packaging is `passive` or `active`, not both",
                    "keep one of the two tables",
                );
                None
            }
            (None, None) => {
                self.err_help(
                    id.span(),
                    format!("packaging `{}` is neither `passive` nor `active`", id.get_ref()),
                    "add passive = { coolant = \"water-ice\", coolant_kg = 16, ua_w_per_k = 0.45, payload_kj_per_k = 12 } or an `active` table",
                );
                None
            }
        };
        Some(Packaging {
            id: id.get_ref().clone(),
            name: p
                .name
                .as_ref()
                .map_or_else(|| id.get_ref().clone(), |n| n.get_ref().clone()),
            kind: kind?,
        })
    }

    pub(super) fn passive(&mut self, p: &RawPassive) -> Option<Passive> {
        let coolant = match p.coolant.get_ref().as_str() {
            "water-ice" | "dry-ice" => {
                for extra in [&p.phase_c, &p.latent_kj_per_kg].into_iter().flatten() {
                    self.err_help(
                        extra.span(),
                        format!(
                            "`{}` has a fixed phase temperature and latent heat",
                            p.coolant.get_ref()
                        ),
                        "only a `pcm` coolant takes `phase_c` and `latent_kj_per_kg`",
                    );
                }
                Some(if p.coolant.get_ref() == "water-ice" {
                    Coolant::WaterIce
                } else {
                    Coolant::DryIce
                })
            }
            "pcm" => match (&p.phase_c, &p.latent_kj_per_kg) {
                (Some(t), Some(l)) => {
                    let t = self.finite(t, "phase_c");
                    let l = self.positive(l, "latent_kj_per_kg");
                    Some(Coolant::Pcm {
                        phase: Celsius(t?),
                        latent_kj_per_kg: l?,
                    })
                }
                _ => {
                    self.err_help(
                        p.coolant.span(),
                        "a `pcm` coolant needs `phase_c` and `latent_kj_per_kg`",
                        "add them from the PCM's data sheet, like phase_c = 5, latent_kj_per_kg = 200",
                    );
                    None
                }
            },
            other => {
                let mut d = Diagnostic::new(p.coolant.span(), format!("unknown coolant `{other}`"));
                d = match closest(other, ["water-ice", "dry-ice", "pcm"]) {
                    Some(s) => d.with_help(format!("did you mean `{s}`?")),
                    None => d.with_help("use `water-ice`, `dry-ice` or `pcm`"),
                };
                self.diags.push(d);
                None
            }
        };
        let kg = self.positive(&p.coolant_kg, "coolant_kg");
        let ua = self.positive(&p.ua_w_per_k, "ua_w_per_k");
        let c = self.positive(&p.payload_kj_per_k, "payload_kj_per_k");
        Some(Passive {
            coolant: coolant?,
            coolant_kg: kg?,
            ua_w_per_k: ua?,
            payload_kj_per_k: c?,
        })
    }

    pub(super) fn active(&mut self, a: &RawActive) -> Option<Active> {
        let set = self.finite(&a.set_point, "set_point");
        let autonomy = self.positive(&a.autonomy_h, "autonomy_h");
        let rated = match &a.rated_ambient {
            Some(r) => self.finite(r, "rated_ambient"),
            None => Some(DEFAULT_RATED_AMBIENT),
        };
        let operating = self.temp_range(&a.operating, "the operating range");
        let ua = self.positive(&a.ua_w_per_k, "ua_w_per_k");
        let c = self.positive(&a.payload_kj_per_k, "payload_kj_per_k");
        if let (Some(r), Some(op)) = (rated, operating) {
            if !op.contains(Celsius(r)) {
                let span = a
                    .rated_ambient
                    .as_ref()
                    .map_or(a.operating.span(), |s| s.span());
                self.err_help(
                    span,
                    format!(
                        "the rated ambient {} C lies outside the operating range {op}",
                        r
                    ),
                    "autonomy is rated at an ambient the unit can work in",
                );
            }
        }
        Some(Active {
            set_point: Celsius(set?),
            autonomy_h: autonomy?,
            rated_ambient: Celsius(rated?),
            operating: operating?,
            ua_w_per_k: ua?,
            payload_kj_per_k: c?,
        })
    }
}
