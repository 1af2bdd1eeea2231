//! Hubs: `[[hub]]` entries (airports from the bundled table or sites with a
//! position and a zone), their handling, hours, cold rooms, services and
//! climate.

use std::collections::HashMap;

use toml::Spanned;

use super::diagnostic::{closest, Diagnostic};
use super::raw::*;
use super::resolve::Cx;
use crate::airports;
use crate::model::DEFAULT_MIN_CONNECTION;
use crate::model::*;
use crate::thermal::Climate;
use crate::time;
use crate::units::{Celsius, Secs};

impl Cx {
    pub(super) fn hubs(
        &mut self,
        raw: &[(Spanned<()>, RawHub)],
        broken: &[String],
        referenced: &[String],
    ) -> Vec<Option<Hub>> {
        let mut out: Vec<Option<Hub>> = Vec::with_capacity(raw.len());
        let mut seen: HashMap<&str, ()> = HashMap::new();
        for (span, h) in raw {
            let code = h.code.get_ref();
            if seen.insert(code.as_str(), ()).is_some() {
                self.err_help(
                    h.code.span(),
                    format!("duplicate hub code `{code}`"),
                    "declare each hub once",
                );
                out.push(None);
                continue;
            }
            out.push(self.hub(span.span(), h, referenced));
        }
        // Second pass: `climate_like` refers to another hub's climate.
        let climates: HashMap<String, Climate> = raw
            .iter()
            .zip(&out)
            .filter(|((_, h), _)| h.climate.is_some())
            .filter_map(|((_, h), r)| {
                r.as_ref()
                    .map(|r| (h.code.get_ref().clone(), r.climate.clone()))
            })
            .collect();
        for ((_, h), hub) in raw.iter().zip(out.iter_mut()) {
            let Some(like) = &h.climate_like else {
                continue;
            };
            // A named hub that has its own error is reported once, there.
            let named_has_table = raw
                .iter()
                .any(|(_, h)| h.code.get_ref() == like.get_ref() && h.climate.is_some());
            if broken.contains(like.get_ref())
                || (named_has_table && !climates.contains_key(like.get_ref()))
            {
                *hub = None;
                continue;
            }
            match climates.get(like.get_ref()) {
                Some(c) => {
                    if let Some(hub) = hub {
                        hub.climate = c.clone();
                    }
                }
                None => {
                    let mut d = Diagnostic::new(
                        like.span(),
                        format!(
                            "`climate_like` names `{}`, which is not a hub with its own climate",
                            like.get_ref()
                        ),
                    );
                    if let Some(near) = closest(like.get_ref(), climates.keys().map(String::as_str))
                    {
                        d = d.with_help(format!("did you mean `{near}`?"));
                    } else {
                        d = d.with_help("name a hub that has a `climate` table");
                    }
                    self.diags.push(d);
                    *hub = None;
                }
            }
        }
        out
    }

    pub(super) fn hub(
        &mut self,
        span: std::ops::Range<usize>,
        h: &RawHub,
        referenced: &[String],
    ) -> Option<Hub> {
        let code = h.code.get_ref().clone();
        let mut ok = true;
        if code.trim().is_empty() || code.contains(char::is_whitespace) {
            self.err_help(
                h.code.span(),
                format!("hub code `{code}` is empty or has spaces"),
                "use an IATA code like `PEK` or a site code like `SAL-CVS`",
            );
            return None;
        }
        let airport = airports::lookup(&code);
        if airport.is_none() && (h.position.is_none() || h.timezone.is_none()) {
            let looks_iata = code.len() == 3 && code.chars().all(|c| c.is_ascii_uppercase());
            let mut d = Diagnostic::new(
                h.code.span(),
                if looks_iata {
                    format!("unknown airport code `{code}`")
                } else {
                    let missing = match (h.position.is_none(), h.timezone.is_none()) {
                        (true, true) => "a position and a time zone",
                        (true, false) => "a position",
                        _ => "a time zone",
                    };
                    format!("hub `{code}` is not an airport, so it needs {missing}")
                },
            );
            // Prefer an airport the file itself uses elsewhere.
            let suggestion = if looks_iata {
                closest(&code, referenced.iter().map(String::as_str))
                    .filter(|c| *c != code)
                    .map(str::to_string)
                    .or(airports::suggest(&code).map(str::to_string))
            } else {
                None
            };
            d = match suggestion {
                Some(s) => d.with_help(format!(
                    "did you mean `{s}`? for a site that is not an airport, give `position = [lat, lon]` and `timezone`"
                )),
                None => d.with_help("give `position = [lat, lon]` and `timezone = \"Area/City\"`"),
            };
            self.diags.push(d);
            ok = false;
        }
        let name = h
            .name
            .as_ref()
            .map(|n| n.get_ref().clone())
            .or(airport.map(|a| a.name.to_string()))
            .unwrap_or_else(|| code.clone());
        let (mut lat, mut lon) = airport.map_or((0.0, 0.0), |a| (a.lat, a.lon));
        if let Some(p) = &h.position {
            let v = p.get_ref();
            if v.len() != 2 || !(-90.0..=90.0).contains(&v[0]) || !(-180.0..=180.0).contains(&v[1])
            {
                self.err_help(
                    p.span(),
                    "position must be `[latitude, longitude]` in degrees",
                    "latitude runs -90..90 and longitude -180..180, like `[13.69, -89.22]`",
                );
                ok = false;
            } else {
                (lat, lon) = (v[0], v[1]);
            }
        }
        let tz_name = h
            .timezone
            .as_ref()
            .map(|t| t.get_ref().clone())
            .or(airport.map(|a| a.tz.to_string()))
            .unwrap_or_default();
        let tz = match time::time_zone(&tz_name) {
            Ok(tz) => Some(tz),
            Err(_) => {
                if let Some(t) = &h.timezone {
                    let mut d =
                        Diagnostic::new(t.span(), format!("`{tz_name}` is not an IANA time zone"));
                    d = match time::closest_zone(&tz_name) {
                        Some(z) => d.with_help(format!("did you mean `{z}`?")),
                        None => d.with_help("use an IANA name like `America/El_Salvador`"),
                    };
                    self.diags.push(d);
                }
                None
            }
        };
        let min_connection = self.opt_duration(&h.min_connection, DEFAULT_MIN_CONNECTION);
        let handling = self.opt_duration(&h.handling, Secs(0));
        let cold_room = match &h.cold_room {
            Some(c) => self.finite(c, "cold_room").map(|x| Some(Celsius(x))),
            None => Some(None),
        };
        let (mut re_ice, mut recharge) = (Some(None), Some(None));
        if let Some(s) = &h.services {
            if let Some(d) = &s.get_ref().re_ice {
                re_ice = self.positive_duration(d, "re-icing").map(Some);
            }
            if let Some(d) = &s.get_ref().recharge {
                recharge = self.positive_duration(d, "recharging").map(Some);
            }
        }
        let opening = self.window(&h.opening);
        let receiving = match (&h.receiving, opening) {
            (None, Some(o)) => Some(o),
            (r, _) => self.window(r),
        };
        let climate = match (&h.climate, &h.climate_like) {
            (Some(c), None) => self.climate(c),
            (None, Some(_)) => Some(Climate {
                min: [0.0; 12],
                max: [0.0; 12],
            }),
            (Some(c), Some(_)) => {
                self.err_help(
                    c.span(),
                    "a hub takes `climate` or `climate_like`, not both",
                    "remove one of them",
                );
                None
            }
            (None, None) => {
                self.err_help(
                    h.code.span(),
                    format!("hub `{code}` has no climate"),
                    "add climate = { min = [12 monthly means of the daily minimum, C], max = [12 of the daily maximum] }, or climate_like = \"CODE\"",
                );
                None
            }
        };
        let solar_gain = match &h.solar_gain {
            Some(g) => self.finite(g, "solar_gain").map(Celsius),
            None => Some(Celsius(0.0)),
        };
        if !ok {
            return None;
        }
        Some(Hub {
            code,
            name,
            lat,
            lon,
            tz_name,
            tz: crate::time::Zone::new(tz?),
            is_airport: airport.is_some(),
            min_connection: min_connection?,
            handling: handling?,
            cold_room: cold_room?,
            re_ice: re_ice?,
            recharge: recharge?,
            opening: opening?,
            receiving: receiving?,
            climate: climate?,
            solar_gain: solar_gain?,
            span,
        })
    }

    pub(super) fn climate(&mut self, c: &S<RawClimate>) -> Option<Climate> {
        let raw = c.get_ref();
        let mut ok = true;
        for v in [&raw.min, &raw.max] {
            if v.get_ref().len() != 12 || v.get_ref().iter().any(|x| !x.is_finite()) {
                self.err_help(
                    v.span(),
                    format!(
                        "a climate row needs 12 monthly values, January first; found {}",
                        v.get_ref().len()
                    ),
                    "give one number per month in C",
                );
                ok = false;
            }
        }
        if !ok {
            return None;
        }
        let mut min = [0.0; 12];
        let mut max = [0.0; 12];
        min.copy_from_slice(raw.min.get_ref());
        max.copy_from_slice(raw.max.get_ref());
        if let Some(m) = (0..12).find(|&m| min[m] > max[m]) {
            self.err_help(
                raw.min.span(),
                format!(
                    "climate is reversed in month {}: minimum {} C is above maximum {} C",
                    m + 1,
                    min[m],
                    max[m]
                ),
                "`min` holds the daily minima, `max` the daily maxima",
            );
            return None;
        }
        Some(Climate { min, max })
    }
}
