//! Seeded synthetic world networks for benchmarks and load tests.
//!
//! [`world`] writes a scenario (TOML text) with `n_hubs` real airports from
//! the built-in table, chosen by seed, linked hub-and-spoke: a few large
//! hubs are densely connected with each other; every other airport (a
//! spoke) is linked to its nearest hubs. Flights repeat weekly on random
//! weekdays at random local times with block times from great-circle
//! distance; nearby airports also get trucks. Climates come from latitude
//! and hemisphere. The same parameters always give the same text.
//!
//! The result is a plausible *shape* of network for timing, not a real
//! timetable.

use std::fmt::Write as _;

use crate::airports::{self, Airport};
use crate::scenario::great_circle_km;

/// What to generate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct WorldParams {
    /// Number of hubs (airports).
    pub n_hubs: usize,
    /// Scheduled flight departures per week, approximately.
    pub flights_per_week: usize,
    /// Number of shipments to add (random origin and destination).
    pub n_shipments: usize,
    /// Seed of the generator.
    pub seed: u64,
}

impl Default for WorldParams {
    fn default() -> WorldParams {
        WorldParams {
            n_hubs: 1000,
            flights_per_week: 100_000,
            n_shipments: 20,
            seed: 1,
        }
    }
}

/// The most flights a week [`WorldParams::check`] accepts: about 400 MB
/// of scenario text.
pub const MAX_FLIGHTS_PER_WEEK: usize = 2_000_000;

/// The most shipments [`WorldParams::check`] accepts.
pub const MAX_SHIPMENTS: usize = 100_000;

/// Why a world of the sizes asked for is not built.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum WorldError {
    /// Fewer than 2 hubs, or more than the built-in airport table holds.
    #[error("--hubs {asked} is out of range: a world has 2 to {airports} hubs (the built-in airport table)")]
    Hubs {
        /// Hubs asked for.
        asked: usize,
        /// Airports in the built-in table.
        airports: usize,
    },
    /// More than [`MAX_FLIGHTS_PER_WEEK`].
    #[error("--flights-per-week {0} is more than {MAX_FLIGHTS_PER_WEEK}, the most a generated world has (about 400 MB of TOML)")]
    Flights(usize),
    /// More than [`MAX_SHIPMENTS`].
    #[error("--shipments {0} is more than {MAX_SHIPMENTS}, the most a generated world has")]
    Shipments(usize),
}

impl WorldParams {
    /// Whether a world of these sizes can be built: 2 hubs up to the
    /// built-in airport table, at most [`MAX_FLIGHTS_PER_WEEK`] and
    /// [`MAX_SHIPMENTS`]. The message says what to change.
    pub fn check(&self) -> Result<(), WorldError> {
        let airports = crate::airports::len();
        if self.n_hubs < 2 || self.n_hubs > airports {
            return Err(WorldError::Hubs {
                asked: self.n_hubs,
                airports,
            });
        }
        if self.flights_per_week > MAX_FLIGHTS_PER_WEEK {
            return Err(WorldError::Flights(self.flights_per_week));
        }
        if self.n_shipments > MAX_SHIPMENTS {
            return Err(WorldError::Shipments(self.n_shipments));
        }
        Ok(())
    }
}

/// SplitMix64: small, fast, reproducible everywhere. Also the generator of
/// the planner's random test networks.
pub(crate) struct Rng(pub(crate) u64);

impl Rng {
    pub(crate) fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    pub(crate) fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Monthly (min, max) climate rows from latitude: warm and flat near the
/// equator, cold with strong seasons towards the poles, seasons flipped in
/// the south.
fn climate_rows(lat: f64) -> (Vec<i64>, Vec<i64>) {
    let a = lat.abs();
    let annual = 27.0 - 0.45 * a.max(10.0) + 4.5;
    let season = 0.35 * a;
    let mut min = Vec::with_capacity(12);
    let mut max = Vec::with_capacity(12);
    for m in 0..12 {
        // July warmest in the north, January in the south.
        let phase = ((m as f64 - 6.0) / 12.0 * std::f64::consts::TAU).cos();
        let s = if lat >= 0.0 { phase } else { -phase };
        let mean = annual + season * s;
        min.push((mean - 5.0).round() as i64);
        max.push((mean + 5.0).round() as i64);
    }
    (min, max)
}

fn join(v: &[i64]) -> String {
    v.iter().map(i64::to_string).collect::<Vec<_>>().join(",")
}

/// The airports of the world `p` describes: a seeded sample without
/// repetition, sorted by code.
fn choose_airports(p: &WorldParams, rng: &mut Rng) -> Vec<Airport> {
    let all = airports::all();
    let mut idx: Vec<usize> = (0..all.len()).collect();
    for i in (1..idx.len()).rev() {
        let j = rng.below(i + 1);
        idx.swap(i, j);
    }
    let n = p.n_hubs.min(all.len()).max(2);
    let mut chosen: Vec<Airport> = idx[..n].iter().map(|&i| all[i]).collect();
    chosen.sort_by(|a, b| a.iata.cmp(b.iata));
    chosen
}

/// A shipment list for a generated world, for load: how many rows, over
/// how many lanes, on which day.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ListParams {
    /// Rows.
    pub rows: usize,
    /// Distinct lanes (origin, destination).
    pub lanes: usize,
    /// The day the ready times fall on (UTC).
    pub date: jiff::civil::Date,
    /// Seed of the list (the world's seed picks the airports).
    pub seed: u64,
}

/// The rows of a shipment list for the world `world` (the header first),
/// CSV in the columns `coldroute batch` reads: `lanes` lanes between the
/// world's airports, each row on one of them with Zipf weights (the
/// lane of rank `r` carries a share proportional to `1/r`: a few trunk
/// lanes carry most of the volume, as in real networks), ready at a
/// minute of `date` drawn uniformly (UTC), a +2..+8 C vaccine in the
/// world's PCM box with a 6-day transit limit. Lazy: a list of millions of
/// rows is never held in memory.
pub fn shipment_list(world: &WorldParams, list: &ListParams) -> impl Iterator<Item = String> {
    let chosen = choose_airports(world, &mut Rng(world.seed));
    let n = chosen.len();
    let mut rng = Rng(list.seed ^ 0x6a09_e667_f3bc_c908);
    let lanes: Vec<(&'static str, &'static str)> = (0..list.lanes.max(1))
        .map(|_| {
            let a = rng.below(n);
            let mut b = rng.below(n);
            if a == b {
                b = (b + 1) % n;
            }
            (chosen[a].iata, chosen[b].iata)
        })
        .collect();
    // Cumulative Zipf weights.
    let mut cum = Vec::with_capacity(lanes.len());
    let mut total = 0.0;
    for r in 1..=lanes.len() {
        total += 1.0 / r as f64;
        cum.push(total);
    }
    let date = list.date;
    let header = std::iter::once("id,product,packaging,from,to,ready,max_transit".to_string());
    let rows = (0..list.rows).map(move |i| {
        let u = (rng.next() >> 11) as f64 / (1u64 << 53) as f64 * total;
        let lane = cum.partition_point(|&c| c < u).min(lanes.len() - 1);
        let minute = rng.below(1440);
        let (from, to) = lanes[lane];
        format!(
            "L{i},vaccine,pcm-box,{from},{to},{date}T{:02}:{:02}Z,6d",
            minute / 60,
            minute % 60
        )
    });
    header.chain(rows)
}

/// A synthetic world scenario as TOML text.
pub fn world(p: &WorldParams) -> String {
    let mut rng = Rng(p.seed);
    let chosen = choose_airports(p, &mut rng);
    let n = chosen.len();
    let n_big = (n / 25).clamp(2, 60);
    let big: Vec<usize> = (0..n).step_by(n / n_big).take(n_big).collect();

    let mut out = String::with_capacity(p.flights_per_week.min(MAX_FLIGHTS_PER_WEEK) * 200);
    let _ = writeln!(
        out,
        "# Synthetic world network: coldroute generate --hubs {} --flights-per-week {} --seed {}\n# A plausible shape for timing, not a real timetable.\n\n[scenario]\nname = \"synthetic world {}\"\nhorizon = \"7d\"\n\n# Delays for plan --robust and what-if (docs/resilience.md): BTS 2023\n# on-time arrivals and US DOT 2023 cancellations; the tails are assumed.\n[delays]\nsource = \"BTS 2023 on-time arrivals 84.64 %, US DOT 2023 cancellations 1.2 %; tails assumed\"\nflight = {{ on_time = 0.8464, median = \"45m\", sigma = 1.0, cancel = 0.012 }}\nhandling = {{ on_time = 0.8, median = \"20m\", sigma = 0.8 }}\n",
        p.n_hubs, p.flights_per_week, p.seed, p.seed
    );
    for (i, a) in chosen.iter().enumerate() {
        let (min, max) = climate_rows(a.lat);
        let is_big = big.contains(&i);
        let _ = writeln!(
            out,
            "[[hub]]\ncode = \"{}\"\nmin_connection = \"{}\"\nclimate = {{ min = [{}], max = [{}] }}",
            a.iata,
            if is_big { "2h" } else { "1h30m" },
            join(&min),
            join(&max)
        );
        if is_big {
            out.push_str("cold_room = 5\nservices = { re_ice = \"1h30m\", recharge = \"2h\" }\n");
        }
        out.push('\n');
    }

    // Routes: every big hub to every other big hub; every spoke to its two
    // nearest big hubs and back.
    let mut routes: Vec<(usize, usize)> = Vec::new();
    for (x, &a) in big.iter().enumerate() {
        for &b in &big[x + 1..] {
            routes.push((a, b));
            routes.push((b, a));
        }
    }
    for i in 0..n {
        if big.contains(&i) {
            continue;
        }
        let mut near: Vec<(f64, usize)> = big
            .iter()
            .map(|&h| {
                let (a, b) = (&chosen[i], &chosen[h]);
                (great_circle_km(a.lat, a.lon, b.lat, b.lon), h)
            })
            .collect();
        near.sort_by(|x, y| x.0.total_cmp(&y.0).then(x.1.cmp(&y.1)));
        for &(_, h) in near.iter().take(2) {
            routes.push((i, h));
            routes.push((h, i));
        }
    }
    // Spread the weekly departures over the routes: each route gets a
    // flight number per frequency, running on some weekdays.
    let per_route = (p.flights_per_week as f64 / routes.len() as f64).max(1.0);
    let days = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
    let mut n_flights = 0usize;
    for (r, &(a, b)) in routes.iter().enumerate() {
        let (fa, fb) = (&chosen[a], &chosen[b]);
        let km = great_circle_km(fa.lat, fa.lon, fb.lat, fb.lon);
        let block_min = (km / 800.0 * 60.0 + 30.0).round() as i64;
        // Whole daily rotations first, then a partial week for the rest.
        let mut left = per_route.round() as usize;
        let mut k = 0;
        while left > 0 {
            let n_days = left.min(7);
            left -= n_days;
            let start = rng.below(7);
            let list: Vec<String> = (0..n_days)
                .map(|d| format!("\"{}\"", days[(start + d) % 7]))
                .collect();
            let _ = writeln!(
                out,
                "[[flight]]\nid = \"G{r}-{k}\"\nfrom = \"{}\"\nto = \"{}\"\ndeparts = \"{:02}:{:02}\"\nblock = \"{block_min}m\"\ndays = [{}]\nhold = [4, 18]\ntarmac = \"{}m\"\ncost = {}\n",
                fa.iata,
                fb.iata,
                // 05:00-23:45: daylight-saving gaps fall between 00:00 and
                // 04:00 local everywhere, so no departure lands in one.
                5 + rng.below(19),
                rng.below(4) * 15,
                list.join(","),
                15 + rng.below(4) * 15,
                (km * 0.8).round()
            );
            n_flights += n_days;
            k += 1;
        }
    }
    // Trucks between airports closer than 250 km.
    for i in 0..n {
        for j in 0..n {
            if i == j {
                continue;
            }
            let (a, b) = (&chosen[i], &chosen[j]);
            if great_circle_km(a.lat, a.lon, b.lat, b.lon) < 250.0 {
                let _ = writeln!(
                    out,
                    "[[road]]\nfrom = \"{}\"\nto = \"{}\"\nspeed_kmh = 55\nreefer = 5\nhours = \"05:00-22:00\"\ncost = 300\n",
                    a.iata, b.iata
                );
            }
        }
    }
    let _ = writeln!(
        out,
        "# {n_flights} flight departures a week on {} routes\n",
        routes.len()
    );
    out.push_str("[product.vaccine]\nname = \"a +2..+8 C vaccine\"\nrange = [2, 8]\nfreeze_sensitive = true\nstability = \"VVM14\"\n\n");
    out.push_str("[packaging.pcm-box]\npassive = { coolant = \"pcm\", phase_c = 5, latent_kj_per_kg = 200, coolant_kg = 24, ua_w_per_k = 0.8, payload_kj_per_k = 40 }\n\n");
    for s in 0..p.n_shipments {
        // Spoke to spoke (or any pair) on a January-to-December date.
        let a = rng.below(n);
        let mut b = rng.below(n);
        if a == b {
            b = (b + 1) % n;
        }
        let _ = writeln!(
            out,
            "[[shipment]]\nid = \"Q{s}\"\nproduct = \"vaccine\"\npackaging = \"pcm-box\"\nfrom = \"{}\"\nto = \"{}\"\nready = \"2021-{:02}-{:02}T{:02}:00Z\"\nsla = {{ max_transit = \"6d\" }}\n",
            chosen[a].iata,
            chosen[b].iata,
            1 + rng.below(12),
            1 + rng.below(28),
            rng.below(24)
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_out_of_range_are_typed_errors() {
        let ok = WorldParams::default();
        assert_eq!(ok.check(), Ok(()));
        let hubs = WorldParams { n_hubs: 1, ..ok };
        assert!(matches!(
            hubs.check(),
            Err(WorldError::Hubs { asked: 1, .. })
        ));
        let flights = WorldParams {
            flights_per_week: MAX_FLIGHTS_PER_WEEK + 1,
            ..ok
        };
        assert_eq!(
            flights.check(),
            Err(WorldError::Flights(MAX_FLIGHTS_PER_WEEK + 1))
        );
        let shipments = WorldParams {
            n_shipments: MAX_SHIPMENTS + 1,
            ..ok
        };
        assert_eq!(
            shipments.check(),
            Err(WorldError::Shipments(MAX_SHIPMENTS + 1))
        );
    }

    #[test]
    fn a_shipment_list_is_seeded_zipf_and_reads_as_a_batch_list() {
        let wp = WorldParams::default();
        let list = ListParams {
            rows: 2000,
            lanes: 10,
            date: jiff::civil::date(2021, 3, 1),
            seed: 7,
        };
        let rows: Vec<String> = shipment_list(&wp, &list).collect();
        assert_eq!(rows.len(), 2001);
        assert_eq!(rows, shipment_list(&wp, &list).collect::<Vec<_>>());
        let fields: Vec<&str> = rows[0].split(',').collect();
        let header = crate::batch::CsvHeader::parse(&fields).unwrap();
        let mut lanes: std::collections::HashMap<(String, String), usize> = Default::default();
        for r in &rows[1..] {
            let f: Vec<&str> = r.split(',').collect();
            let spec = header.spec(&f).unwrap();
            assert!(spec.ready.starts_with("2021-03-01T"), "{r}");
            *lanes.entry((spec.from, spec.to)).or_default() += 1;
        }
        assert!(lanes.len() <= 10);
        // Zipf over 10 lanes: the busiest carries about 1/H(10) = 34 %.
        let top = *lanes.values().max().unwrap() as f64 / 2000.0;
        assert!((0.28..0.40).contains(&top), "{top}");
        // The lanes join airports of the world itself (the airports depend
        // on the seed and the hub count only).
        let text = world(&WorldParams {
            flights_per_week: 100,
            n_shipments: 1,
            ..wp
        });
        for (a, b) in lanes.keys() {
            assert!(text.contains(&format!("code = \"{a}\"")), "{a}");
            assert!(text.contains(&format!("code = \"{b}\"")), "{b}");
        }
    }
}
