//! Lower bounds on the time left to reach a destination, for pruning.

use std::collections::BTreeMap;

use crate::scenario::{great_circle_km, Scenario};
use crate::units::Secs;

/// The static graph the bounds are computed on: for each ordered hub pair
/// with a service, the least leg duration plus its apron times. Built once
/// per network; each query runs one reverse Dijkstra on it.
#[derive(Clone, Debug, Default)]
pub struct StaticGraph {
    /// Per hub `b`, the hubs `a` with a leg `a -> b` and its least
    /// duration (with aprons), seconds.
    pub rev: Vec<Vec<(usize, i64)>>,
    /// The fastest speed any leg achieves, km/s (distance over least
    /// duration).
    pub vmax_km_per_s: f64,
    /// Per hub, whether a walk starts or ends there: the connection time
    /// there is then not counted (a walk replaces it).
    pub walk_hub: Vec<bool>,
}

impl StaticGraph {
    /// Builds the graph of `s`.
    pub fn new(s: &Scenario) -> StaticGraph {
        let mut best: BTreeMap<(usize, usize), i64> = BTreeMap::new();
        let mut vmax: f64 = 0.0;
        for (k, &(a, b, d)) in s.min_leg_durations().iter().enumerate() {
            let aprons = if k < s.flights.len() {
                let f = &s.flights[k];
                f.tarmac_departure + f.tarmac_arrival
            } else {
                Secs(0)
            };
            let w = (d + aprons).0;
            let e = best.entry((a, b)).or_insert(w);
            *e = (*e).min(w);
            if d.0 > 0 {
                let km =
                    great_circle_km(s.hubs[a].lat, s.hubs[a].lon, s.hubs[b].lat, s.hubs[b].lon);
                vmax = vmax.max(km / d.0 as f64);
            }
        }
        let mut walk_hub = vec![false; s.hubs.len()];
        for w in &s.walks {
            walk_hub[w.from] = true;
            walk_hub[w.to] = true;
        }
        let mut rev: Vec<Vec<(usize, i64)>> = vec![Vec::new(); s.hubs.len()];
        for ((a, b), w) in best {
            rev[b].push((a, w));
        }
        StaticGraph {
            rev,
            vmax_km_per_s: vmax,
            walk_hub,
        }
    }
}

/// Per hub, a time that no itinerary from that hub to the destination can
/// beat (excluding delivery handling), [`LowerBounds::to_dest`]. `None`
/// where the destination cannot be reached at all.
#[derive(Clone, Debug)]
pub struct LowerBounds {
    /// Per hub, the static shortest path to the destination, s.
    stat: Vec<Option<i64>>,
    /// The destination's position, degrees.
    dest_pos: (f64, f64),
    /// The fastest speed of any leg, km/s.
    vmax_km_per_s: f64,
}

impl LowerBounds {
    /// The static part of the bounds (the geometric part is computed for
    /// the hubs asked about, [`LowerBounds::to_dest`]): a reverse static
    /// shortest path (Dijkstra, `pathfinding`) over each leg's minimum
    /// duration plus its apron times and the connection time at every
    /// intermediate hub (none where a walk starts or ends: a walk replaces
    /// it), walks at their duration.
    pub fn new(s: &Scenario, g: &StaticGraph, dest: usize) -> LowerBounds {
        Self::search(s, g, dest, None)
    }

    /// [`LowerBounds::new`] for the hubs `targets` only: the search stops
    /// once every target's bound is final, and [`LowerBounds::to_dest`]
    /// answers only for them (and for hubs settled on the way).
    pub fn toward(s: &Scenario, g: &StaticGraph, dest: usize, targets: &[usize]) -> LowerBounds {
        Self::search(s, g, dest, Some(targets))
    }

    fn search(
        s: &Scenario,
        g: &StaticGraph,
        dest: usize,
        targets: Option<&[usize]>,
    ) -> LowerBounds {
        let n = s.hubs.len();
        let conn = |b: usize| {
            if b == dest || g.walk_hub.get(b).copied().unwrap_or(false) {
                0
            } else {
                s.hubs[b].min_connection.0
            }
        };
        let succ = |&b: &usize| {
            let c = conn(b);
            g.rev[b].iter().map(move |&(a, w)| (a, w + c))
        };
        // Dijkstra pops a node first with its final cost; only those
        // costs are bounds (a node seen but not yet popped may still come
        // down), so the popped ones are tracked.
        let mut settled = vec![false; n];
        let mut wanted = vec![false; n];
        let mut left = 0usize;
        for &t in targets.unwrap_or(&[]) {
            if !wanted[t] {
                wanted[t] = true;
                left += 1;
            }
        }
        let all = targets.is_none();
        let (reach, _) = pathfinding::directed::dijkstra::dijkstra_partial(&dest, succ, |&b| {
            if !settled[b] {
                settled[b] = true;
                if wanted[b] {
                    left -= 1;
                }
            }
            !all && left == 0
        });
        let mut stat = vec![None; n];
        stat[dest] = Some(0);
        for (&h, &(_, c)) in &reach {
            if h != dest && settled[h] {
                stat[h] = Some(c);
            }
        }
        LowerBounds {
            stat,
            dest_pos: (s.hubs[dest].lat, s.hubs[dest].lon),
            vmax_km_per_s: g.vmax_km_per_s,
        }
    }

    /// The bound from `hub`: the larger of the static shortest path and
    /// the great-circle distance (`geo`) over the fastest speed any leg of
    /// the scenario achieves (its distance over its minimum duration).
    pub fn to_dest(&self, s: &Scenario, hub: usize) -> Option<Secs> {
        let stat = self.stat[hub]?;
        let (dlat, dlon) = self.dest_pos;
        let km = great_circle_km(s.hubs[hub].lat, s.hubs[hub].lon, dlat, dlon);
        let geo = if self.vmax_km_per_s > 0.0 {
            (km / self.vmax_km_per_s).floor() as i64
        } else {
            0
        };
        Some(Secs(stat.max(geo)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generate::{world, WorldParams};

    #[test]
    fn bounds_toward_some_hubs_are_the_full_bounds_there() {
        let s = crate::scenario::load(&world(&WorldParams {
            n_hubs: 150,
            flights_per_week: 6_000,
            n_shipments: 1,
            seed: 3,
        }))
        .expect("generated world");
        let g = StaticGraph::new(&s);
        for dest in [0, 17, 80, 149] {
            let full = LowerBounds::new(&s, &g, dest);
            for targets in [
                vec![dest],
                vec![5],
                vec![3, 90, 91, 140],
                (0..150).collect(),
            ] {
                let some = LowerBounds::toward(&s, &g, dest, &targets);
                for &t in &targets {
                    assert_eq!(some.to_dest(&s, t), full.to_dest(&s, t), "{dest} {t}");
                }
            }
            assert!((0..150).filter(|&h| full.to_dest(&s, h).is_some()).count() > 100);
        }
    }
}
