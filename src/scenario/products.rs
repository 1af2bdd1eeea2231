//! Products: `[product.X]` tables, their range, freeze limit, stability
//! model and excursion allowance.

use toml::Spanned;

use super::raw::*;
use super::resolve::{Cx, GAS_CONSTANT};
use crate::thermal::{Product, Stability, VvmCategory, DEFAULT_FREEZE_LIMIT};
use crate::units::{Celsius, Secs};

impl Cx {
    pub(super) fn product(&mut self, id: &Spanned<String>, p: &RawProduct) -> Option<Product> {
        let range = self.temp_range(&p.range, "the product range");
        let sensitive = p.freeze_sensitive.as_ref().map(|s| *s.get_ref());
        let freeze_limit = match (&p.freeze_limit, sensitive) {
            (Some(l), Some(false)) => {
                self.err_help(
                    l.span(),
                    "`freeze_limit` is set but `freeze_sensitive = false`",
                    "remove one of them",
                );
                None
            }
            (Some(l), _) => self.finite(l, "freeze_limit").map(|x| Some(Celsius(x))),
            (None, Some(true)) => Some(Some(DEFAULT_FREEZE_LIMIT)),
            (None, _) => Some(None),
        };
        if let (Some(Some(limit)), Some(r)) = (freeze_limit, range) {
            if limit.0 > r.lo.0 {
                let span = p.freeze_limit.as_ref().map_or(p.range.span(), |s| s.span());
                self.err_help(
                    span,
                    format!(
                        "the freeze limit {} is above the range's low end {}",
                        limit, r.lo
                    ),
                    "a freeze limit lies at or below the lowest allowed temperature",
                );
            }
        }
        let stability = match (&p.stability, &p.arrhenius) {
            (Some(s), None) => {
                let cat = match s.get_ref().to_ascii_uppercase().as_str() {
                    "VVM2" => Some(VvmCategory::Vvm2),
                    "VVM7" => Some(VvmCategory::Vvm7),
                    "VVM14" => Some(VvmCategory::Vvm14),
                    "VVM30" => Some(VvmCategory::Vvm30),
                    _ => None,
                };
                if cat.is_none() {
                    self.err_help(
                        s.span(),
                        format!("unknown stability model `{}`", s.get_ref()),
                        "use a WHO VVM category (VVM2, VVM7, VVM14, VVM30) or an `arrhenius` table",
                    );
                }
                cat.map(Stability::Vvm)
            }
            (None, Some(a)) => {
                let a = a.get_ref();
                let ea = self.positive(&a.ea_kj_per_mol, "ea_kj_per_mol");
                let t = self.finite(&a.ref_temp, "ref_temp");
                let days = self.positive(&a.ref_days, "ref_days");
                match (ea, t, days) {
                    (Some(ea), Some(t), Some(days)) => Some(Stability::Arrhenius {
                        ea_over_r_k: ea * 1000.0 / GAS_CONSTANT,
                        ref_temp: Celsius(t),
                        ref_days: days,
                    }),
                    _ => None,
                }
            }
            (Some(s), Some(_)) => {
                self.err_help(
                    s.span(),
                    "a product takes `stability` or `arrhenius`, not both",
                    "keep one stability model",
                );
                None
            }
            (None, None) => {
                self.err_help(
                    id.span(),
                    format!("product `{}` has no stability model", id.get_ref()),
                    "add stability = \"VVM14\" (a WHO VVM category) or arrhenius = { ea_kj_per_mol = 83.1, ref_temp = 5, ref_days = 1095 }",
                );
                None
            }
        };
        let allowance = self.opt_duration(&p.excursion_allowance, Secs(0));
        Some(Product {
            id: id.get_ref().clone(),
            name: p
                .name
                .as_ref()
                .map_or_else(|| id.get_ref().clone(), |n| n.get_ref().clone()),
            range: range?,
            freeze_limit: freeze_limit?,
            stability: stability?,
            excursion_allowance_s: allowance?.0 as f64,
        })
    }
}
