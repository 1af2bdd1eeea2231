//! Plausibility warnings: values that are valid but probably a mistake,
//! for `validate` to show (they never stop a plan).
//!
//! - **A site far from its time zone.** A hub that is not a built-in
//!   airport gives its own position and zone; when no airport of the
//!   built-in table in that zone lies within [`MAX_KM_FROM_ZONE`], the
//!   position is probably wrong (latitude and longitude swapped puts a
//!   Nairobi clinic off Algeria). Zones without an airport in the table
//!   are not judged.
//! - **A road faster than a truck.** Great-circle distance over the
//!   road's least travel time above [`MAX_ROAD_KMH`] (roads are longer than
//!   the great circle, so the real speed would be higher still).
//! - **A flight block time implausible for its distance.** Faster than
//!   [`MAX_FLIGHT_KMH`] over the great circle, or slower than
//!   [`MIN_FLIGHT_KMH`] on a flight of more than [`MIN_FLIGHT_KM`].

use std::collections::HashMap;

use super::diagnostic::Diagnostic;
use crate::airports;
use crate::model::great_circle_km;
use crate::model::{FlightTiming, Scenario};

/// A site farther than this from every airport of its zone is suspect, km.
pub const MAX_KM_FROM_ZONE: f64 = 2_000.0;
/// Faster than this over the great circle is not a truck, km/h.
pub const MAX_ROAD_KMH: f64 = 130.0;
/// Faster than this over the great circle is not a flight, km/h (a
/// subsonic airliner with a strong tailwind makes about 1,100).
pub const MAX_FLIGHT_KMH: f64 = 1_200.0;
/// Slower than this over the great circle is not a flight, km/h (block
/// times include taxiing, so short hops are not judged).
pub const MIN_FLIGHT_KMH: f64 = 150.0;
/// Flights shorter than this are not judged for slowness, km.
pub const MIN_FLIGHT_KM: f64 = 500.0;

/// The plausibility warnings of `s`, in file order.
pub fn warnings(s: &Scenario) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    // The built-in airports by zone, read once (a feed's stops are many).
    let mut by_zone: HashMap<&str, Vec<(f64, f64)>> = HashMap::new();
    for a in airports::all() {
        by_zone.entry(a.tz).or_default().push((a.lat, a.lon));
    }
    for h in &s.hubs {
        if h.is_airport || h.span.is_empty() {
            continue;
        }
        let Some(zone) = by_zone.get(h.tz_name.as_str()) else {
            continue;
        };
        let near = |lat: f64, lon: f64| {
            zone.iter()
                .map(|&(alat, alon)| great_circle_km(lat, lon, alat, alon))
                .min_by(f64::total_cmp)
        };
        let Some(km) = near(h.lat, h.lon) else {
            continue;
        };
        if km > MAX_KM_FROM_ZONE {
            let swapped = near(h.lon, h.lat).is_some_and(|k| k <= MAX_KM_FROM_ZONE);
            let d = Diagnostic::new(
                h.span.clone(),
                format!(
                    "hub `{}` at [{}, {}] is {:.0} km from the nearest airport in its time zone {}",
                    h.code, h.lat, h.lon, km, h.tz_name
                ),
            );
            out.push(if swapped {
                d.with_help(format!(
                    "latitude and longitude look swapped: position is [latitude, longitude], so perhaps [{}, {}]",
                    h.lon, h.lat
                ))
            } else {
                d.with_help("check the position ([latitude, longitude], degrees) and the time zone")
            });
        }
    }
    for f in &s.flights {
        let FlightTiming::Block(block) = f.timing else {
            continue;
        };
        let (a, b) = (&s.hubs[f.from], &s.hubs[f.to]);
        let km = great_circle_km(a.lat, a.lon, b.lat, b.lon);
        let h = block.0 as f64 / 3600.0;
        if h <= 0.0 {
            continue;
        }
        let kmh = km / h;
        if kmh > MAX_FLIGHT_KMH || (km > MIN_FLIGHT_KM && kmh < MIN_FLIGHT_KMH) {
            out.push(
                Diagnostic::new(
                    f.span.clone(),
                    format!(
                        "flight `{}` covers {km:.0} km in {block}: {kmh:.0} km/h over the great circle",
                        f.id
                    ),
                )
                .with_help(format!(
                    "a flight makes {MIN_FLIGHT_KMH:.0}-{MAX_FLIGHT_KMH:.0} km/h; check the block time, the hubs and their positions"
                )),
            );
        }
    }
    for r in &s.roads {
        if r.span.is_empty() {
            continue;
        }
        let least = r.profile.min();
        let (a, b) = (&s.hubs[r.from], &s.hubs[r.to]);
        let km = great_circle_km(a.lat, a.lon, b.lat, b.lon);
        let h = least.0 as f64 / 3600.0;
        if h > 0.0 && km / h > MAX_ROAD_KMH && km > 10.0 {
            out.push(
                Diagnostic::new(
                    r.span.clone(),
                    format!(
                        "road `{}` covers {km:.0} km in {least}: {:.0} km/h over the great circle",
                        r.id,
                        km / h
                    ),
                )
                .with_help(format!(
                    "a truck makes at most {MAX_ROAD_KMH:.0} km/h; check the duration, the hubs and their positions"
                )),
            );
        }
    }
    out.sort_by_key(|d| d.span.start);
    out
}
