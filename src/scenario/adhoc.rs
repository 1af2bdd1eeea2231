//! Shipments given outside a scenario file (a batch list's row, a
//! command line's query), checked the way the loader checks a
//! `[[shipment]]` table: hubs, product and packaging must exist (with a
//! guess when misspelt), the hubs must differ, the ready instant is read
//! on the origin's clock, the SLA's durations and share are checked with
//! the loader's rules and defaults.
//!
//! [`ShipmentResolver`] builds its name tables once, so resolving a row
//! is a few hash lookups however large the scenario.

use std::collections::HashMap;

use crate::model::{Scenario, Shipment, Sla};
use crate::units::{Celsius, Secs};

/// A shipment as text fields, before checking.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ShipmentSpec {
    /// Shipment id (not checked for uniqueness: a list may repeat one).
    pub id: String,
    /// Product id.
    pub product: String,
    /// Packaging id.
    pub packaging: String,
    /// Origin hub code.
    pub from: String,
    /// Destination hub code.
    pub to: String,
    /// Ready instant: with an offset, a `[Zone]`, or naive (the origin's
    /// clock).
    pub ready: String,
    /// The name of one of the scenario's `[sla.NAME]` tables: its limits,
    /// over which the fields below win.
    pub sla: Option<String>,
    /// `max_transit` (required unless `sla` names an SLA).
    pub max_transit: Option<String>,
    /// `min_margin` (default `0m`).
    pub min_margin: Option<String>,
    /// `max_excursion` (default `0m`).
    pub max_excursion: Option<String>,
    /// `max_stability`, a share in (0, 1] (default 1).
    pub max_stability: Option<String>,
    /// Payload temperature when packed, C (default the middle of the
    /// product range).
    pub payload_start: Option<String>,
}

/// Why a [`ShipmentSpec`] is refused: the field and what to do.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("`{field}`: {message}")]
#[non_exhaustive]
pub struct SpecError {
    /// The field at fault (`from`, `ready`, `max_transit`...).
    pub field: &'static str,
    /// What is wrong and what to do.
    pub message: String,
}

/// Resolves specs against one scenario.
pub struct ShipmentResolver<'s> {
    s: &'s Scenario,
    hubs: HashMap<&'s str, usize>,
    products: HashMap<&'s str, usize>,
    packagings: HashMap<&'s str, usize>,
    slas: HashMap<&'s str, usize>,
}

impl<'s> ShipmentResolver<'s> {
    /// Name tables of `s`.
    pub fn new(s: &'s Scenario) -> ShipmentResolver<'s> {
        ShipmentResolver {
            s,
            hubs: s
                .hubs
                .iter()
                .enumerate()
                .map(|(i, h)| (h.code.as_str(), i))
                .collect(),
            products: s
                .products
                .iter()
                .enumerate()
                .map(|(i, p)| (p.id.as_str(), i))
                .collect(),
            packagings: s
                .packagings
                .iter()
                .enumerate()
                .map(|(i, p)| (p.id.as_str(), i))
                .collect(),
            slas: s
                .slas
                .iter()
                .enumerate()
                .map(|(i, x)| (x.id.as_str(), i))
                .collect(),
        }
    }

    /// The shipment `spec` describes.
    ///
    /// # Errors
    /// The first field at fault, in the order id, product, packaging,
    /// from, to, ready, SLA, payload.
    pub fn resolve(&self, spec: &ShipmentSpec) -> Result<Shipment, SpecError> {
        let bad = |field: &'static str, message: String| SpecError { field, message };
        if spec.id.trim().is_empty() {
            return Err(bad(
                "id",
                "the id is empty; give each shipment an id".into(),
            ));
        }
        let find = |table: &HashMap<&'s str, usize>, field: &'static str, kind: &str, v: &str| {
            table.get(v).copied().ok_or_else(|| {
                let hint = match super::closest(v, table.keys().copied()) {
                    Some(n) => format!("; did you mean `{n}`?"),
                    None => format!("; the scenario has no such {kind}"),
                };
                bad(field, format!("unknown {kind} `{v}`{hint}"))
            })
        };
        let product = find(&self.products, "product", "product", &spec.product)?;
        let packaging = find(&self.packagings, "packaging", "packaging", &spec.packaging)?;
        let from = find(&self.hubs, "from", "hub", &spec.from)?;
        let to = find(&self.hubs, "to", "hub", &spec.to)?;
        if from == to {
            return Err(bad(
                "to",
                format!(
                    "the shipment starts and ends at `{}`; a shipment needs two different hubs",
                    spec.from
                ),
            ));
        }
        let ready = crate::time::parse_instant(&spec.ready, &self.s.hubs[from].tz)
            .map_err(|e| bad("ready", format!("{e}; {}", e.help())))?;
        let duration = |field: &'static str, v: &Option<String>, default: Option<Secs>| {
            match v
            .as_deref()
            .map(str::trim)
            .filter(|t| !t.is_empty())
        {
            Some(t) => crate::time::parse_duration(t).map_err(|e| bad(field, e.to_string())),
            None => default.ok_or_else(|| {
                bad(
                    field,
                    "required; give the longest door-to-door time, e.g. 48h, or the name of an [sla.NAME] table in `sla`".into(),
                )
            }),
        }
        };
        let named = match spec.sla.as_deref().map(str::trim).filter(|n| !n.is_empty()) {
            Some(n) => Some(self.s.slas[find(&self.slas, "sla", "SLA", n)?].sla),
            None => None,
        };
        let max_transit = duration(
            "max_transit",
            &spec.max_transit,
            named.map(|n| n.max_transit),
        )?;
        if max_transit.0 <= 0 {
            return Err(bad("max_transit", "must be longer than zero".into()));
        }
        let min_margin = duration(
            "min_margin",
            &spec.min_margin,
            Some(named.map_or(Secs(0), |n| n.min_margin)),
        )?;
        let max_excursion = duration(
            "max_excursion",
            &spec.max_excursion,
            Some(named.map_or(Secs(0), |n| n.max_excursion)),
        )?;
        let max_stability = match spec.max_stability.as_deref().map(str::trim) {
            None | Some("") => named.map_or(1.0, |n| n.max_stability),
            Some(t) => {
                let x: f64 = t.parse().map_err(|_| {
                    bad(
                        "max_stability",
                        format!("`{t}` is not a number; write 2 % as 0.02"),
                    )
                })?;
                if !(x > 0.0 && x <= 1.0) {
                    return Err(bad(
                        "max_stability",
                        format!(
                            "a share of the budget, between 0 and 1; found {t} (write 2 % as 0.02)"
                        ),
                    ));
                }
                x
            }
        };
        let payload_start = match spec.payload_start.as_deref().map(str::trim) {
            None | Some("") => self.s.products[product].range.mid(),
            Some(t) => match t.parse::<f64>() {
                Ok(x) if x.is_finite() => Celsius(x),
                _ => {
                    return Err(bad(
                        "payload_start",
                        format!("`{t}` is not a temperature; write it in C, e.g. 5"),
                    ))
                }
            },
        };
        Ok(Shipment {
            id: spec.id.clone(),
            product,
            packaging,
            from,
            to,
            ready,
            payload_start,
            sla: Sla {
                max_transit,
                min_margin,
                max_excursion,
                max_stability,
            },
            span: 0..0,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scenario() -> Scenario {
        super::super::load(include_str!("../../scenarios/pek-sal-coronavac.toml")).unwrap()
    }

    fn spec() -> ShipmentSpec {
        ShipmentSpec {
            id: "A1".into(),
            product: "coronavac".into(),
            packaging: "pcm5-pallet".into(),
            from: "PEK".into(),
            to: "SAL-CVS".into(),
            ready: "2021-04-04T12:00".into(),
            max_transit: Some("48h".into()),
            ..ShipmentSpec::default()
        }
    }

    #[test]
    fn a_spec_resolves_like_a_scenario_shipment() {
        let s = scenario();
        let r = ShipmentResolver::new(&s);
        let sh = r.resolve(&spec()).unwrap();
        // 12:00 in Beijing (+08:00) is 04:00Z.
        assert_eq!(
            sh.ready,
            crate::time::parse_instant("2021-04-04T04:00Z", &s.hubs[0].tz).unwrap()
        );
        assert_eq!(sh.sla.max_stability, 1.0);
        assert_eq!(sh.sla.min_margin, Secs(0));
        assert_eq!(sh.payload_start, s.products[sh.product].range.mid());
    }

    #[test]
    fn every_field_is_checked_with_the_loaders_rules() {
        let s = scenario();
        let r = ShipmentResolver::new(&s);
        let err = |f: &dyn Fn(&mut ShipmentSpec)| {
            let mut sp = spec();
            f(&mut sp);
            r.resolve(&sp).unwrap_err()
        };
        let e = err(&|s| s.from = "PKE".into());
        assert_eq!(e.field, "from");
        assert!(e.message.contains("did you mean `PEK`?"), "{e}");
        assert_eq!(err(&|s| s.to = "PEK".into()).field, "to");
        assert_eq!(err(&|s| s.product = "x".into()).field, "product");
        assert_eq!(err(&|s| s.packaging = "x".into()).field, "packaging");
        let e = err(&|s| s.ready = "2021-04-04T12:00[Asia/Shanghaii]".into());
        assert_eq!(e.field, "ready");
        assert!(e.message.contains("Asia/Shanghai"), "{e}");
        assert_eq!(err(&|s| s.max_transit = None).field, "max_transit");
        assert_eq!(
            err(&|s| s.max_transit = Some("0m".into())).field,
            "max_transit"
        );
        assert_eq!(
            err(&|s| s.min_margin = Some("soon".into())).field,
            "min_margin"
        );
        assert_eq!(
            err(&|s| s.max_stability = Some("2".into())).field,
            "max_stability"
        );
        assert_eq!(
            err(&|s| s.payload_start = Some("warm".into())).field,
            "payload_start"
        );
        assert_eq!(err(&|s| s.id = " ".into()).field, "id");
        let e = err(&|s| s.sla = Some("expres".into()));
        assert_eq!(e.field, "sla");
    }

    #[test]
    fn a_named_sla_gives_the_limits_and_fields_win_over_it() {
        let text = format!(
            "{}\n[sla.express]\nmax_transit = \"30h\"\nmin_margin = \"6h\"\nmax_stability = 0.05\n",
            include_str!("../../scenarios/pek-sal-coronavac.toml")
        );
        let s = super::super::load(&text).unwrap();
        let r = ShipmentResolver::new(&s);
        let mut sp = ShipmentSpec {
            sla: Some("express".into()),
            max_transit: None,
            ..spec()
        };
        let sh = r.resolve(&sp).unwrap();
        assert_eq!(sh.sla.max_transit, Secs(30 * 3600));
        assert_eq!(sh.sla.min_margin, Secs(6 * 3600));
        assert_eq!(sh.sla.max_stability, 0.05);
        sp.min_margin = Some("1h".into());
        assert_eq!(r.resolve(&sp).unwrap().sla.min_margin, Secs(3600));
        sp.sla = Some("expres".into());
        let e = r.resolve(&sp).unwrap_err();
        assert!(e.message.contains("did you mean `express`?"), "{e}");
    }
}
