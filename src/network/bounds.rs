//! Lower bounds on the time left to reach a destination, for pruning.

use crate::scenario::checks::min_leg_durations;
use crate::scenario::{great_circle_km, Scenario};
use crate::units::Secs;

/// Per hub, a time that no itinerary from that hub to the destination can
/// beat (excluding delivery handling). `None` where the destination cannot
/// be reached at all.
#[derive(Clone, Debug)]
pub struct LowerBounds {
    /// Seconds, per hub.
    pub to_dest: Vec<Option<Secs>>,
}

impl LowerBounds {
    /// The larger of two valid bounds:
    /// - a reverse static shortest path (Dijkstra, `pathfinding`) over each
    ///   leg's minimum duration plus its apron times and the connection
    ///   time at every intermediate hub;
    /// - the great-circle distance (`geo`) over the fastest speed any leg of
    ///   the scenario achieves (its distance over its minimum duration).
    pub fn new(s: &Scenario, dest: usize) -> LowerBounds {
        let n = s.hubs.len();
        let mut rev: Vec<Vec<(usize, i64)>> = vec![Vec::new(); n];
        let mut vmax_km_per_s: f64 = 0.0;
        let edges = min_leg_durations(s);
        for (k, &(a, b, d)) in edges.iter().enumerate() {
            let aprons = if k < s.flights.len() {
                let f = &s.flights[k];
                f.tarmac_departure + f.tarmac_arrival
            } else {
                Secs(0)
            };
            // Arriving at an intermediate hub costs its connection time.
            let conn = if b == dest {
                Secs(0)
            } else {
                s.hubs[b].min_connection
            };
            rev[b].push((a, (d + aprons + conn).0));
            let km = great_circle_km(s.hubs[a].lat, s.hubs[a].lon, s.hubs[b].lat, s.hubs[b].lon);
            if d.0 > 0 {
                vmax_km_per_s = vmax_km_per_s.max(km / d.0 as f64);
            }
        }
        let reach = pathfinding::directed::dijkstra::dijkstra_all(&dest, |&h| rev[h].clone());
        let to_dest = (0..n)
            .map(|h| {
                let stat = if h == dest {
                    Some(0)
                } else {
                    reach.get(&h).map(|(_, c)| *c)
                }?;
                let km = great_circle_km(
                    s.hubs[h].lat,
                    s.hubs[h].lon,
                    s.hubs[dest].lat,
                    s.hubs[dest].lon,
                );
                let geo = if vmax_km_per_s > 0.0 {
                    (km / vmax_km_per_s).floor() as i64
                } else {
                    0
                };
                Some(Secs(stat.max(geo)))
            })
            .collect();
        LowerBounds { to_dest }
    }
}
