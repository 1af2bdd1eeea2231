//! Plans as data for other tools: [`plans_geojson`] builds a GeoJSON
//! FeatureCollection (RFC 7946) of recommended plans, one line per leg and
//! one point per hub visited. Pure: the caller writes it.
//!
//! Flights follow the great circle, densified so that no piece is longer
//! than [`MAX_ARC_KM`]; a flight that crosses the antimeridian becomes a
//! MultiLineString split at +-180 degrees, as RFC 7946 section 3.1.9 asks,
//! so every longitude stays in -180..180. Ground legs follow their stops:
//! a GTFS ride passes through the stops of its trip, a scenario road is
//! the straight segment between its hubs.

use geojson::{Feature, FeatureCollection, GeometryValue, JsonObject};

use crate::document::geojson::{HubProperties, LegProperties, Properties, Role};
use crate::document::Instant;

use crate::itinerary::StepKind;
use crate::planner::Planned;
use crate::scenario::{HubIdx, Mode, Scenario, Shipment};
use crate::sla::check_sla;

use crate::units::Secs;

/// Longest straight piece of a densified flight arc, km.
pub const MAX_ARC_KM: f64 = 100.0;

fn local_iso(s: &Scenario, hub: HubIdx, t: Secs) -> Instant {
    Instant::local(&s.hubs[hub].tz, t)
}

fn round6(x: f64) -> f64 {
    (x * 1e6).round() / 1e6
}

fn rounded1(x: f64) -> Option<f64> {
    x.is_finite().then(|| (x * 10.0).round() / 10.0)
}

/// Points along the great circle from `a` to `b` (`[lon, lat]` degrees),
/// both ends included, at most [`MAX_ARC_KM`] apart.
pub fn great_circle_points(a: [f64; 2], b: [f64; 2]) -> Vec<[f64; 2]> {
    let to_v = |p: [f64; 2]| {
        let (lon, lat) = (p[0].to_radians(), p[1].to_radians());
        [lat.cos() * lon.cos(), lat.cos() * lon.sin(), lat.sin()]
    };
    let (va, vb) = (to_v(a), to_v(b));
    let dot = (va[0] * vb[0] + va[1] * vb[1] + va[2] * vb[2]).clamp(-1.0, 1.0);
    let omega = dot.acos();
    let km = omega * 6371.0;
    let n = ((km / MAX_ARC_KM).ceil() as usize).max(1);
    if omega < 1e-12 || omega.sin().abs() < 1e-12 {
        return vec![a, b];
    }
    let mut out = Vec::with_capacity(n + 1);
    for i in 0..=n {
        let f = i as f64 / n as f64;
        let (wa, wb) = (
            ((1.0 - f) * omega).sin() / omega.sin(),
            (f * omega).sin() / omega.sin(),
        );
        let v = [
            wa * va[0] + wb * vb[0],
            wa * va[1] + wb * vb[1],
            wa * va[2] + wb * vb[2],
        ];
        let lat = v[2].atan2((v[0] * v[0] + v[1] * v[1]).sqrt()).to_degrees();
        let lon = v[1].atan2(v[0]).to_degrees();
        out.push([lon, lat]);
    }
    out[0] = a;
    out[n] = b;
    out
}

/// Splits a line where it jumps across the antimeridian (a longitude step
/// of more than 180 degrees), interpolating the crossing latitude.
pub fn split_at_antimeridian(points: &[[f64; 2]]) -> Vec<Vec<[f64; 2]>> {
    let mut parts: Vec<Vec<[f64; 2]>> = vec![Vec::new()];
    for (i, &p) in points.iter().enumerate() {
        if i > 0 {
            let q = points[i - 1];
            let d = p[0] - q[0];
            if d.abs() > 180.0 {
                // Unwrap p next to q, find where the segment meets +-180.
                let edge = if d < 0.0 { 180.0 } else { -180.0 };
                let p_un = p[0] + if d < 0.0 { 360.0 } else { -360.0 };
                let f = (edge - q[0]) / (p_un - q[0]);
                let lat = q[1] + f * (p[1] - q[1]);
                if let Some(last) = parts.last_mut() {
                    last.push([edge, lat]);
                }
                parts.push(vec![[-edge, lat]]);
            }
        }
        if let Some(last) = parts.last_mut() {
            last.push(p);
        }
    }
    parts
}

fn line_geometry(points: Vec<[f64; 2]>) -> GeometryValue {
    let round = |p: [f64; 2]| [round6(p[0]), round6(p[1])];
    let parts = split_at_antimeridian(&points);
    if parts.len() == 1 {
        GeometryValue::new_line_string(points.into_iter().map(round))
    } else {
        GeometryValue::new_multi_line_string(
            parts
                .into_iter()
                .map(|p| p.into_iter().map(round).collect::<Vec<_>>()),
        )
    }
}

fn props(p: Properties) -> Option<JsonObject> {
    match serde_json::to_value(p) {
        Ok(serde_json::Value::Object(m)) => Some(m),
        _ => None,
    }
}

/// The recommended plan of each `(shipment, planned)` pair as features:
/// a LineString (or, across the antimeridian, a MultiLineString) per leg
/// with its times in UTC and local, the ambient and payload temperature
/// range (`null` for a timetable scenario) and the plan's SLA verdict; a
/// Point per hub the plan visits.
/// Shipments without a plan contribute nothing.
pub fn plans_geojson(s: &Scenario, items: &[(&Shipment, &Planned)]) -> FeatureCollection {
    let mut features = Vec::new();
    // Temperatures, or `null` for a timetable scenario (no thermal model).
    let th = |v: Option<f64>| v.filter(|_| s.mode != Mode::Timetable);
    for (sh, planned) in items {
        let Some(plan) = planned.recommended() else {
            continue;
        };
        let it = &plan.itinerary;
        let sim = &plan.simulation;
        let verdict = match check_sla(s, sh, it) {
            Ok(r) if r.pass() => "pass".to_string(),
            Ok(r) => {
                let failed: Vec<&str> = r
                    .criteria
                    .iter()
                    .filter(|c| !c.pass)
                    .map(|c| c.name)
                    .collect();
                format!("fail: {}", failed.join(", "))
            }
            Err(e) => format!("invalid: {e}"),
        };
        let mut visited: Vec<HubIdx> = vec![sh.from];
        let mut n_leg = 0;
        for (st, r) in it.steps.iter().zip(&sim.steps) {
            let (from, to, service, points) = match st.kind {
                StepKind::Flight { flight } => {
                    let f = &s.flights[flight];
                    let (a, b) = (&s.hubs[f.from], &s.hubs[f.to]);
                    let pts = great_circle_points([a.lon, a.lat], [b.lon, b.lat]);
                    (f.from, f.to, ("flight", f.id.clone()), pts)
                }
                StepKind::Road { road } => {
                    let rd = &s.roads[road];
                    let pts = [rd.from, rd.to]
                        .iter()
                        .map(|&h| [s.hubs[h].lon, s.hubs[h].lat])
                        .collect();
                    (rd.from, rd.to, ("road", rd.id.clone()), pts)
                }
                StepKind::Ride {
                    line,
                    board,
                    alight,
                    ..
                } => {
                    // Through every stop passed on board.
                    let l = &s.lines[line as usize];
                    let stops = &l.stops[usize::from(board)..=usize::from(alight)];
                    let pts = stops
                        .iter()
                        .map(|&h| [s.hubs[h].lon, s.hubs[h].lat])
                        .collect();
                    let (a, b) = (stops[0], stops[stops.len() - 1]);
                    (a, b, ("ride", l.id.clone()), pts)
                }
                // A walk between stops is drawn too, so that the map is
                // continuous; its service is empty.
                StepKind::Walk { from, to } => {
                    let pts = [from, to]
                        .iter()
                        .map(|&h| [s.hubs[h].lon, s.hubs[h].lat])
                        .collect();
                    (from, to, ("walk", String::new()), pts)
                }
                _ => continue,
            };
            n_leg += 1;
            if visited.last() != Some(&to) {
                visited.push(to);
            }
            let p = Properties::Leg(LegProperties {
                shipment: sh.id.clone(),
                leg: n_leg,
                kind: service.0,
                service: service.1,
                from: s.hubs[from].code.clone(),
                to: s.hubs[to].code.clone(),
                departure_utc: Instant::utc(st.start),
                arrival_utc: Instant::utc(st.end),
                departure_local: local_iso(s, from, st.start),
                arrival_local: local_iso(s, to, st.end),
                ambient_min_c: th(rounded1(r.ambient_min.0)),
                ambient_max_c: th(rounded1(r.ambient_max.0)),
                payload_min_c: th(rounded1(r.payload_min.0)),
                payload_max_c: th(rounded1(r.payload_max.0)),
                sla: verdict.clone(),
            });
            let mut feat = Feature::from(line_geometry(points));
            feat.properties = props(p);
            features.push(feat);
        }
        let n = visited.len();
        for (k, &h) in visited.iter().enumerate() {
            let hub = &s.hubs[h];
            let role = if k == 0 {
                Role::Origin
            } else if k + 1 == n {
                Role::Destination
            } else {
                Role::Transfer
            };
            let at = |t: Secs| (Some(Instant::utc(t)), Some(local_iso(s, h, t)));
            let (ready_utc, ready_local) = if role == Role::Origin {
                at(sh.ready)
            } else {
                (None, None)
            };
            let (delivered_utc, delivered_local) = if role == Role::Destination {
                at(plan.arrival)
            } else {
                (None, None)
            };
            let p = Properties::Hub(HubProperties {
                shipment: sh.id.clone(),
                code: hub.code.clone(),
                name: hub.name.clone(),
                role,
                timezone: hub.tz_name.clone(),
                sla: verdict.clone(),
                ready_utc,
                ready_local,
                delivered_utc,
                delivered_local,
            });
            let mut feat =
                Feature::from(GeometryValue::new_point([round6(hub.lon), round6(hub.lat)]));
            feat.properties = props(p);
            features.push(feat);
        }
    }
    FeatureCollection::new(features)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arcs_are_densified_and_end_on_their_hubs() {
        // Frankfurt to Singapore: about 10,260 km.
        let pts = great_circle_points([8.57, 50.03], [103.99, 1.36]);
        assert!(pts.len() > 100, "{}", pts.len());
        assert_eq!(pts[0], [8.57, 50.03]);
        assert_eq!(*pts.last().unwrap(), [103.99, 1.36]);
        for w in pts.windows(2) {
            let km = crate::scenario::great_circle_km(w[0][1], w[0][0], w[1][1], w[1][0]);
            assert!(km <= MAX_ARC_KM + 0.5, "{km}");
        }
    }

    #[test]
    fn a_transpacific_arc_is_split_at_the_antimeridian() {
        // Tokyo Narita to Anchorage crosses 180 degrees.
        let pts = great_circle_points([140.39, 35.76], [-149.99, 61.17]);
        let parts = split_at_antimeridian(&pts);
        assert_eq!(parts.len(), 2);
        assert_eq!(parts[0].last().unwrap()[0], 180.0);
        assert_eq!(parts[1][0][0], -180.0);
        assert_eq!(parts[0].last().unwrap()[1], parts[1][0][1]);
        for p in parts.iter().flatten() {
            assert!((-180.0..=180.0).contains(&p[0]) && (-90.0..=90.0).contains(&p[1]));
        }
        // A line that does not cross stays whole.
        assert_eq!(
            split_at_antimeridian(&[[170.0, 0.0], [175.0, 1.0]]).len(),
            1
        );
    }
}
