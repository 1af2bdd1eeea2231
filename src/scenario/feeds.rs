//! The `[ssim]` and `[[gtfs]]` settings of a scenario: how a schedule file
//! or a timetable feed is read into flights, lines and roads.

use std::collections::{BTreeMap, HashMap};

use toml::Spanned;

use super::raw::*;
use super::resolve::Cx;
use crate::model::*;
use crate::units::{Celsius, Secs};

impl Cx {
    /// How an `[[ssim]]` table takes its legs.
    pub(super) fn ssim_settings(
        &mut self,
        x: &super::raw::RawSsim,
    ) -> Option<crate::ssim::flights::Settings> {
        use crate::ssim::flights::Settings;
        let defaults = self.ssim_leg(
            &x.hold,
            &x.tarmac,
            &x.tarmac_departure,
            &x.tarmac_arrival,
            &x.cost,
        );
        let mut maps = Vec::new();
        for m in [&x.aircraft, &x.carrier] {
            let mut out = HashMap::new();
            let mut ok = true;
            if let Some(m) = m {
                for (k, v) in m.get_ref() {
                    let r = v.get_ref();
                    match self.ssim_leg(
                        &r.hold,
                        &r.tarmac,
                        &r.tarmac_departure,
                        &r.tarmac_arrival,
                        &r.cost,
                    ) {
                        Some(l) => {
                            out.insert(k.clone(), l);
                        }
                        None => ok = false,
                    }
                }
            }
            maps.push(ok.then_some(out));
        }
        let list = |v: &Option<S<Vec<S<String>>>>| {
            v.as_ref().map(|v| {
                v.get_ref()
                    .iter()
                    .map(|s| s.get_ref().trim().to_string())
                    .collect::<Vec<_>>()
            })
        };
        let by_carrier = maps.pop().flatten();
        let by_aircraft = maps.pop().flatten();
        Some(Settings {
            carriers: list(&x.carriers),
            service_types: list(&x.service_types)
                .map(|v| v.iter().filter_map(|s| s.chars().next()).collect()),
            defaults: defaults?,
            by_aircraft: by_aircraft?,
            by_carrier: by_carrier?,
        })
    }

    /// The settings of SSIM legs: each key absent stays unset.
    pub(super) fn ssim_leg(
        &mut self,
        hold: &Option<S<Vec<f64>>>,
        tarmac: &Option<S<String>>,
        tarmac_departure: &Option<S<String>>,
        tarmac_arrival: &Option<S<String>>,
        cost: &Option<S<f64>>,
    ) -> Option<crate::ssim::flights::LegSettings> {
        let hold = hold
            .as_ref()
            .map(|h| self.temp_range(h, "the cargo-hold band"));
        let mut dur = |v: &Option<S<String>>| v.as_ref().map(|d| self.duration(d));
        let both = dur(tarmac);
        let dep = dur(tarmac_departure).or(both);
        let arr = dur(tarmac_arrival).or(both);
        let cost = cost.as_ref().map(|_| self.cost(cost));
        Some(crate::ssim::flights::LegSettings {
            hold: hold.map(|h| h.ok_or(())).transpose().ok()?,
            tarmac_departure: dep.map(|d| d.ok_or(())).transpose().ok()?,
            tarmac_arrival: arr.map(|d| d.ok_or(())).transpose().ok()?,
            cost: cost.map(|c| c.ok_or(())).transpose().ok()?,
        })
    }

    pub(super) fn gtfs_settings(
        &mut self,
        span: std::ops::Range<usize>,
        g: &RawGtfs,
        raw_hubs: &[(Spanned<()>, RawHub)],
        hubs: &[Option<Hub>],
    ) -> Option<crate::gtfs::FeedSettings> {
        let id = match &g.id {
            Some(id) => id.get_ref().clone(),
            None => {
                let p = g.path.get_ref().trim_end_matches(['/', '\\']);
                let stem = p.rsplit(['/', '\\']).next().unwrap_or(p);
                stem.trim_end_matches(".zip").to_string()
            }
        };
        let climate = match (&g.climate, &g.climate_like) {
            (Some(c), None) => self.climate(c),
            (None, Some(like)) => {
                let found = raw_hubs
                    .iter()
                    .zip(hubs)
                    .find(|((_, h), _)| h.code.get_ref() == like.get_ref() && h.climate.is_some());
                match found {
                    Some((_, Some(h))) => Some(h.climate.clone()),
                    Some((_, None)) => None,
                    None => {
                        self.err_help(
                            like.span(),
                            format!(
                                "`climate_like` names `{}`, which is not a hub with its own climate",
                                like.get_ref()
                            ),
                            "name a [[hub]] that has a `climate` table",
                        );
                        None
                    }
                }
            }
            (Some(c), Some(_)) => {
                self.err_help(
                    c.span(),
                    "a feed takes `climate` or `climate_like`, not both",
                    "remove one of them",
                );
                None
            }
            (None, None) => {
                self.err_help(
                    g.path.span(),
                    "the feed's stops have no climate",
                    "add climate = { min = [...12], max = [...12] } or climate_like = \"HUB\" to the [[gtfs]] table",
                );
                None
            }
        };
        let min_connection = self.opt_duration(&g.min_connection, Secs(0));
        let mut route_types = BTreeMap::new();
        if let Some(m) = &g.route_types {
            for (k, v) in m.get_ref() {
                let spec = self.leg_spec(v);
                match k.trim().parse::<i16>() {
                    Ok(t) => {
                        if let Some(spec) = spec {
                            route_types.insert(t, spec);
                        }
                    }
                    Err(_) => self.err_help(
                        m.span(),
                        format!("`{k}` is not a GTFS route_type"),
                        "keys are route_type numbers as strings, like \"3\" for bus",
                    ),
                }
            }
        }
        let mut named = |m: &Option<S<BTreeMap<String, S<RawLegSpec>>>>| {
            let mut out = BTreeMap::new();
            if let Some(m) = m {
                for (k, v) in m.get_ref() {
                    if let Some(spec) = self.leg_spec(v) {
                        out.insert(k.clone(), spec);
                    }
                }
            }
            out
        };
        let agencies = named(&g.agencies);
        let routes = named(&g.routes);
        Some(crate::gtfs::FeedSettings {
            id,
            climate: climate?,
            min_connection: min_connection?,
            route_types,
            agencies,
            routes,
            span,
        })
    }

    pub(super) fn leg_spec(&mut self, v: &S<RawLegSpec>) -> Option<crate::gtfs::LegSpec> {
        match v.get_ref() {
            RawLegSpec::Word(w) if w == "ambient" => Some(crate::gtfs::LegSpec::default()),
            RawLegSpec::Word(w) => {
                self.err_help(
                    v.span(),
                    format!("unknown ride setting `{w}`"),
                    "write \"ambient\", or a table like { reefer = 5, cost = 2 }",
                );
                None
            }
            RawLegSpec::Table(t) => {
                let ambient = match t.reefer {
                    Some(x) if x.is_finite() => RoadAmbient::Reefer(Celsius(x)),
                    Some(_) => {
                        self.err(v.span(), "reefer must be a finite number");
                        return None;
                    }
                    None => RoadAmbient::Ambient,
                };
                let cost = t.cost.unwrap_or(0.0);
                if !(cost.is_finite() && cost >= 0.0) {
                    self.err(v.span(), "cost must be a finite number, not negative");
                    return None;
                }
                Some(crate::gtfs::LegSpec { ambient, cost })
            }
        }
    }
}
