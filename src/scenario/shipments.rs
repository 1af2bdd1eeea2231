//! Shipments: `[[shipment]]` entries, their ready instant and service level
//! (`sla`, inline or named).

use std::collections::HashMap;

use super::diagnostic::{closest, Diagnostic};
use super::raw::*;
use super::resolve::Cx;
use crate::model::*;
use crate::thermal::Product;
use crate::units::{Celsius, Secs};

impl Cx {
    #[allow(clippy::too_many_arguments)]
    pub(super) fn shipment(
        &mut self,
        span: std::ops::Range<usize>,
        s: &RawShipment,
        codes: &HashMap<String, HubIdx>,
        hubs: &[Option<Hub>],
        product_ids: &HashMap<&str, usize>,
        packaging_ids: &HashMap<&str, usize>,
        products: &[Option<Product>],
    ) -> Option<Shipment> {
        let product = self.named_ref(&s.product, "product", product_ids);
        let packaging = self.named_ref(&s.packaging, "packaging", packaging_ids);
        let from = self.hub_ref(&s.from, codes);
        let to = self.hub_ref(&s.to, codes);
        if s.from.get_ref() == s.to.get_ref() {
            self.err_help(
                s.to.span(),
                format!(
                    "shipment `{}` starts and ends at `{}`",
                    s.id.get_ref(),
                    s.from.get_ref()
                ),
                "a shipment needs two different hubs",
            );
        }
        let origin_tz = from
            .and_then(|i| hubs.get(i))
            .and_then(|h| h.as_ref())
            .map(|h| h.tz.clone());
        let ready = match origin_tz {
            Some(tz) => self.instant(&s.ready, &tz),
            None => None,
        };
        let payload_start = match (&s.payload_start, product.and_then(|i| products.get(i))) {
            (Some(t), _) => self.finite(t, "payload_start").map(Celsius),
            (None, Some(Some(p))) => Some(p.range.mid()),
            (None, _) => None,
        };
        let sla = self.sla(s.sla.get_ref());
        if s.from.get_ref() == s.to.get_ref() {
            return None;
        }
        Some(Shipment {
            id: s.id.get_ref().clone(),
            product: product?,
            packaging: packaging?,
            from: from?,
            to: to?,
            ready: ready?,
            payload_start: payload_start?,
            sla: sla?,
            span,
        })
    }

    pub(super) fn named_ref(
        &mut self,
        s: &S<String>,
        kind: &str,
        ids: &HashMap<&str, usize>,
    ) -> Option<usize> {
        if let Some(&i) = ids.get(s.get_ref().as_str()) {
            return Some(i);
        }
        let mut d = Diagnostic::new(s.span(), format!("unknown {kind} `{}`", s.get_ref()));
        d = match closest(s.get_ref(), ids.keys().copied()) {
            Some(near) => d.with_help(format!("did you mean `{near}`?")),
            None => d.with_help(format!("declare it in a [{kind}.{}] table", s.get_ref())),
        };
        self.diags.push(d);
        None
    }

    pub(super) fn sla(&mut self, s: &RawSla) -> Option<Sla> {
        let max_transit = self.positive_duration(&s.max_transit, "max_transit");
        let min_margin = self.opt_duration(&s.min_margin, Secs(0));
        let max_excursion = self.opt_duration(&s.max_excursion, Secs(0));
        let max_stability = match &s.max_stability {
            Some(v) => {
                let x = self.finite(v, "max_stability")?;
                if !(x > 0.0 && x <= 1.0) {
                    self.err_help(
                        v.span(),
                        format!(
                            "max_stability is a share of the budget, between 0 and 1; found {x}"
                        ),
                        "write 2 % as 0.02",
                    );
                    None
                } else {
                    Some(x)
                }
            }
            None => Some(1.0),
        };
        Some(Sla {
            max_transit: max_transit?,
            min_margin: min_margin?,
            max_excursion: max_excursion?,
            max_stability: max_stability?,
        })
    }
}
