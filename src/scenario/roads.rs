//! Roads: `[[road]]` entries, timetabled, every-N-minutes or on demand,
//! with their travel time by the hour (`profile`).

use std::collections::{BTreeMap, HashMap};

use toml::Spanned;

use super::raw::*;
use super::resolve::{Cx, DEFAULT_ROAD_SPEED_KMH, MAX_TRAVEL_S};
use crate::model::*;
use crate::time::{self, ClockTime};
use crate::units::{Celsius, Secs};

impl Cx {
    pub(super) fn road(
        &mut self,
        span: std::ops::Range<usize>,
        r: &RawRoad,
        codes: &HashMap<String, HubIdx>,
        hubs: &[Option<Hub>],
    ) -> Option<Road> {
        let from = self.hub_ref(&r.from, codes);
        let to = self.hub_ref(&r.to, codes);
        let id =
            r.id.as_ref()
                .map(|s| s.get_ref().clone())
                .unwrap_or_else(|| format!("{}-{}", r.from.get_ref(), r.to.get_ref()));
        if r.from.get_ref() == r.to.get_ref() {
            self.err_help(
                r.to.span(),
                format!("road `{id}` goes from `{}` to itself", r.from.get_ref()),
                "a road leg needs two different hubs",
            );
            return None;
        }
        let profile = match (&r.duration, &r.speed_kmh) {
            (Some(d), None) => match d.get_ref() {
                RoadDuration::Fixed(text) => {
                    let text = Spanned::new(d.span(), text.clone());
                    self.positive_duration(&text, "road travel time")
                        .map(TravelProfile::constant)
                }
                RoadDuration::Profile(table) => self.profile(d.span(), table),
            },
            (None, speed) => {
                let kmh = match speed {
                    Some(s) => self.positive(s, "speed_kmh"),
                    None => Some(DEFAULT_ROAD_SPEED_KMH),
                };
                let (Some(kmh), Some(Some(a)), Some(Some(b))) = (
                    kmh,
                    from.and_then(|i| hubs.get(i)),
                    to.and_then(|i| hubs.get(i)),
                ) else {
                    return None;
                };
                let km = great_circle_km(a.lat, a.lon, b.lat, b.lon);
                let secs = (km / kmh * 3600.0).round().max(60.0);
                if secs > MAX_TRAVEL_S {
                    if let Some(sp) = speed {
                        self.err_help(
                            sp.span(),
                            format!("at speed_kmh = {kmh:e} the {km:.0} km road `{id}` would take more than ten years"),
                            "give the average speed in km/h, like `speed_kmh = 60`",
                        );
                    }
                    return None;
                }
                Some(TravelProfile::constant(Secs(secs as i64)))
            }
            (Some(d), Some(_)) => {
                self.err_help(
                    d.span(),
                    format!("road `{id}` gives both `duration` and `speed_kmh`"),
                    "keep one: a duration (fixed or by time of day), or an average speed over the great-circle distance",
                );
                None
            }
        };
        let ambient = match &r.reefer {
            Some(t) => self
                .finite(t, "reefer set point")
                .map(|x| RoadAmbient::Reefer(Celsius(x))),
            None => Some(RoadAmbient::Ambient),
        };
        let hours = self.window(&r.hours);
        let departures = match &r.every {
            Some(e) => self
                .positive_duration(e, "the departure interval")
                .map(Departures::Every),
            None => Some(Departures::OnDemand),
        };
        let days = self.weekdays(&r.days);
        let cost = self.cost(&r.cost);
        Some(Road {
            id,
            from: from?,
            to: to?,
            profile: profile?,
            ambient: ambient?,
            hours: hours?,
            departures: departures?,
            days: days?,
            cost: cost?,
            span,
        })
    }

    pub(super) fn profile(
        &mut self,
        span: std::ops::Range<usize>,
        table: &toml::Table,
    ) -> Option<TravelProfile> {
        let mut points: BTreeMap<u32, Secs> = BTreeMap::new();
        let mut ok = true;
        for (k, v) in table {
            let t = match ClockTime::parse(k) {
                Ok(c) if c.day_offset == 0 => c.secs,
                _ => {
                    self.err_help(
                        span.clone(),
                        format!("profile key `{k}` is not a local time"),
                        "keys are departure times like \"06:30\"",
                    );
                    ok = false;
                    continue;
                }
            };
            let d = match v.as_str().map(time::parse_duration) {
                Some(Ok(d)) if d.0 > 0 => d,
                Some(Ok(_)) => {
                    self.err_help(
                        span.clone(),
                        format!("travel time at {k} must be longer than zero"),
                        "give a positive duration, like \"55m\"",
                    );
                    ok = false;
                    continue;
                }
                Some(Err(e)) => {
                    self.err(span.clone(), format!("travel time at {k}: {e}"));
                    ok = false;
                    continue;
                }
                None => {
                    self.err_help(
                        span.clone(),
                        format!("travel time at {k} must be a duration string"),
                        "write it like \"1h20m\"",
                    );
                    ok = false;
                    continue;
                }
            };
            points.insert(t, d);
        }
        if points.is_empty() && ok {
            self.err_help(
                span.clone(),
                "the travel-time profile is empty",
                "give at least one \"HH:MM\" = \"duration\" entry",
            );
            return None;
        }
        if !ok {
            return None;
        }
        let points: Vec<(u32, Secs)> = points.into_iter().collect();
        // FIFO: between consecutive breakpoints (wrapping past midnight),
        // arrival = departure + travel must not decrease.
        let n = points.len();
        if n > 1 {
            for i in 0..n {
                let (ta, da) = points[i];
                let (tb, db) = points[(i + 1) % n];
                let tb_abs = if i + 1 == n {
                    tb as i64 + 86_400
                } else {
                    tb as i64
                };
                if tb_abs + db.0 < ta as i64 + da.0 {
                    let hm = |s: u32| format!("{:02}:{:02}", s / 3600, (s / 60) % 60);
                    self.err_help(
                        span.clone(),
                        format!(
                            "leaving at {} takes {da} but leaving later at {} takes {db}: a later departure would arrive earlier",
                            hm(ta),
                            hm(tb)
                        ),
                        "travel time may drop no faster than the clock advances between two breakpoints; add a breakpoint in between or lengthen the later travel time",
                    );
                    return None;
                }
            }
        }
        Some(TravelProfile { points })
    }
}
