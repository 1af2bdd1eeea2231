//! GTFS import and timetable queries (issue 7), on a generated feed with
//! more than 20,000 stop-to-stop connections a day (seeded, written to a
//! temporary directory in the setup; not timed).
//!
//! - `gtfs/load`: read the feed from disk (gtfs-structures), check it
//!   (`Feed::from_raw`), make its stops hubs and its rides of one day road
//!   legs, and build the day's network: what `plan --gtfs` does before
//!   searching. Target: under a second.
//! - `gtfs/queries/coldroute`: 40 earliest-arrival queries with the
//!   planner (neutral product, `max_legs` 6, no alternatives window), on
//!   the network built once.
//! - `gtfs/queries/vulture-raptor`: the same 40 queries with the `vulture`
//!   crate's RAPTOR (at most 5 transfers = 6 trips), on its own timetable
//!   of the same feed and date: the baseline of the ratio.
//!
//! The setup asserts that every query's earliest arrival is the same in
//! both, before anything is timed.
//!
//! ```text
//! cargo bench --bench gtfs
//! ```
//!
//! Results: docs/performance.md, "## GTFS".

use std::fmt::Write as _;
use std::hint::black_box;
use std::path::Path;

use criterion::{criterion_group, criterion_main, Criterion};

use coldroute::gtfs::{self, Feed, FeedSettings};
use coldroute::network::Network;
use coldroute::planner::{plan, Config, Query};
use coldroute::scenario::{Scenario, Sla};
use coldroute::units::{Celsius, Secs};

const N_STOPS: usize = 300;
const N_ROUTES: usize = 40;
const STOPS_PER_ROUTE: usize = 12;
const N_QUERIES: usize = 40;
/// 2024-03-04 00:00 Europe/Berlin (UTC+1 that day: no DST change).
const DAY_START: i64 = 1_709_506_800;

/// A small deterministic generator (64-bit LCG, Knuth's constants).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

fn hms(t: u32) -> String {
    format!("{:02}:{:02}:{:02}", t / 3600, (t / 60) % 60, t % 60)
}

/// Writes the feed: 300 stops in a 40 km square around Berlin, 40 routes of
/// 12 distinct stops each, both directions, a trip every 40 minutes from
/// 05:00 to 22:20, 3 to 8 minutes between stops plus 30 s dwell. Returns
/// the number of connections a day.
fn write_feed(dir: &Path, seed: u64) -> usize {
    let mut rng = Lcg(seed);
    let f = |name: &str, text: String| std::fs::write(dir.join(name), text).unwrap();
    f(
        "agency.txt",
        "agency_id,agency_name,agency_url,agency_timezone\nbb,Bench,https://example.org,Europe/Berlin\n"
            .into(),
    );
    let mut stops = String::from("stop_id,stop_name,stop_lat,stop_lon\n");
    for i in 0..N_STOPS {
        let lat = 52.3 + rng.below(3600) as f64 / 10_000.0;
        let lon = 13.1 + rng.below(6000) as f64 / 10_000.0;
        writeln!(stops, "S{i},Stop {i},{lat:.4},{lon:.4}").unwrap();
    }
    f("stops.txt", stops);
    f(
        "calendar.txt",
        "service_id,monday,tuesday,wednesday,thursday,friday,saturday,sunday,start_date,end_date\nD,1,1,1,1,1,1,1,20240101,20241231\n".into(),
    );
    let mut routes = String::from("route_id,agency_id,route_short_name,route_type\n");
    let mut trips = String::from("route_id,service_id,trip_id\n");
    let mut times = String::from("trip_id,arrival_time,departure_time,stop_id,stop_sequence\n");
    let mut connections = 0;
    for r in 0..N_ROUTES {
        writeln!(routes, "R{r},bb,{r},3").unwrap();
        let mut path: Vec<usize> = Vec::new();
        while path.len() < STOPS_PER_ROUTE {
            let s = rng.below(N_STOPS);
            if !path.contains(&s) {
                path.push(s);
            }
        }
        let hops: Vec<u32> = (1..STOPS_PER_ROUTE)
            .map(|_| 180 + 60 * rng.below(6) as u32)
            .collect();
        let offset = 60 * rng.below(40) as u32;
        for dir_ in 0..2 {
            let (p, h): (Vec<usize>, Vec<u32>) = if dir_ == 0 {
                (path.clone(), hops.clone())
            } else {
                (
                    path.iter().rev().copied().collect(),
                    hops.iter().rev().copied().collect(),
                )
            };
            let mut start = 5 * 3600 + offset;
            let mut k = 0;
            while start <= 22 * 3600 + 20 * 60 {
                let id = format!("R{r}d{dir_}t{k}");
                writeln!(trips, "R{r},D,{id}").unwrap();
                let mut t = start;
                for (i, &s) in p.iter().enumerate() {
                    let dep = if i == 0 || i + 1 == p.len() {
                        t
                    } else {
                        t + 30
                    };
                    writeln!(times, "{id},{},{},S{s},{}", hms(t), hms(dep), i + 1).unwrap();
                    if i + 1 < p.len() {
                        t = dep + h[i];
                        connections += 1;
                    }
                }
                start += 40 * 60;
                k += 1;
            }
        }
    }
    f("routes.txt", routes);
    f("trips.txt", trips);
    f("stop_times.txt", times);
    connections
}

/// What `plan --gtfs` builds before searching: the feed at `path` (a
/// directory or a zip), its scenario with the rides of the day starting at
/// `day_start` (UTC seconds), and that day's network.
fn load(path: &Path, day_start: i64) -> (Feed, Scenario, Vec<Option<usize>>, Network) {
    let raw = gtfs_structures::GtfsReader::default()
        .raw()
        .read_from_path(path)
        .expect("the feed reads");
    let feed = Feed::from_raw(raw).expect("the feed is valid");
    let settings = FeedSettings::neutral("bench");
    let (start, end) = (Secs(day_start), Secs(day_start + 86_400));
    let (mut s, merged) = gtfs::query_scenario(&feed, &settings, Secs(86_400)).unwrap();
    let lines = gtfs::lines(&feed, &settings, &merged.hub_of_stop, &[(start, end)]);
    s.lines.extend(lines);
    let net = Network::build(&s, start, end);
    (feed, s, merged.hub_of_stop, net)
}

/// A query for the neutral product from `from` to `to`, ready at
/// `ready`, to be delivered by `day_end`.
fn neutral_query(from: usize, to: usize, ready: Secs, day_end: Secs) -> Query {
    Query {
        from,
        to,
        ready,
        product: 0,
        packaging: 0,
        payload_start: Celsius(5.0),
        sla: Sla {
            max_transit: day_end - ready,
            min_margin: Secs(0),
            max_excursion: Secs(0),
            max_stability: 1.0,
        },
        resume: None,
    }
}

/// coldroute's Pareto set over (arrival, vehicles) for the neutral product
/// with the default alternatives window, at most 6 legs.
fn coldroute_front(
    s: &Scenario,
    net: &Network,
    from: usize,
    to: usize,
    ready: Secs,
    day_end: Secs,
) -> Vec<(i64, usize)> {
    let q = neutral_query(from, to, ready, day_end);
    let cfg = Config {
        max_legs: 6,
        strict_sla: true,
        keep_rejections: false,
        ..Config::default()
    };
    let mut v: Vec<(i64, usize)> = plan(s, net, &q, &cfg)
        .plans
        .iter()
        .map(|p| (p.arrival.0, p.transfers + 1))
        .collect();
    v.sort();
    v
}

fn queries(seed: u64) -> Vec<(usize, usize, u32)> {
    let mut rng = Lcg(seed);
    (0..N_QUERIES)
        .map(|_| {
            let a = rng.below(N_STOPS);
            let mut b = rng.below(N_STOPS);
            while b == a {
                b = rng.below(N_STOPS);
            }
            (a, b, 6 * 3600 + 60 * rng.below(12 * 60) as u32)
        })
        .collect()
}

/// Earliest arrival by the planner, UTC seconds.
fn coldroute_arrival(
    s: &Scenario,
    net: &Network,
    from: usize,
    to: usize,
    ready: Secs,
    day_end: Secs,
) -> Option<i64> {
    let q = neutral_query(from, to, ready, day_end);
    let cfg = Config {
        max_legs: 6,
        strict_sla: true,
        keep_rejections: false,
        window: Some(Secs(0)),
        ..Config::default()
    };
    plan(s, net, &q, &cfg).recommended().map(|p| p.arrival.0)
}

fn bench_gtfs(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let per_day = write_feed(dir.path(), 7);
    assert!(per_day >= 20_000, "{per_day} connections a day");
    let (feed, s, hub_of_stop, net) = load(dir.path(), DAY_START);
    eprintln!(
        "gtfs bench feed: {} stops, {} trips, {per_day} connections a day, {} lines, {} departures in the day's network",
        feed.stops.len(),
        feed.trips.len(),
        s.lines.len(),
        net.n_departures()
    );

    // The peer: vulture's RAPTOR on the same feed and date.
    let g = gtfs_structures_vulture::Gtfs::from_path(dir.path()).unwrap();
    let tt = vulture::gtfs::GtfsTimetable::new(
        &g,
        // vulture's own jiff (0.2): its Date, inferred, from the ISO text.
        "2024-03-04".parse().unwrap(),
    )
    .unwrap();
    use vulture::Timetable as _;
    let raptor = |from: usize, to: usize, ready: u32| -> Option<i64> {
        let (a, b) = (
            tt.stop_idx(&format!("S{from}"))?,
            tt.stop_idx(&format!("S{to}"))?,
        );
        tt.query()
            .from(a)
            .to(b)
            .max_transfers(5)
            .depart_at(vulture::SecondOfDay::from_secs(ready))
            .run()
            .iter()
            .map(|j| DAY_START + i64::from(j.arrival().as_secs()))
            .min()
    };
    let stop_of = |id: usize| {
        let i = feed
            .stops
            .iter()
            .position(|s| s.id == format!("S{id}"))
            .unwrap();
        hub_of_stop[i]
    };
    let qs = queries(11);
    let mut reached = 0;
    for &(a, b, t) in &qs {
        let ready = Secs(DAY_START + i64::from(t));
        let mine = match (stop_of(a), stop_of(b)) {
            (Some(x), Some(y)) => {
                coldroute_arrival(&s, &net, x, y, ready, Secs(DAY_START + 86_400))
            }
            _ => None,
        };
        let peer = raptor(a, b, t);
        assert_eq!(mine, peer, "query S{a} -> S{b} at {}", hms(t));
        reached += usize::from(mine.is_some());
    }
    eprintln!("gtfs bench: {reached} of {N_QUERIES} queries reach their destination; all arrivals equal RAPTOR's");

    let mut group = c.benchmark_group("gtfs");
    group.sample_size(10);
    group.bench_function("load", |bch| {
        bch.iter(|| black_box(load(dir.path(), DAY_START)))
    });
    let hubs: Vec<(Option<usize>, Option<usize>, Secs)> = qs
        .iter()
        .map(|&(a, b, t)| (stop_of(a), stop_of(b), Secs(DAY_START + i64::from(t))))
        .collect();
    group.bench_function("queries/coldroute", |bch| {
        bch.iter(|| {
            for &(a, b, ready) in &hubs {
                if let (Some(a), Some(b)) = (a, b) {
                    black_box(coldroute_arrival(
                        &s,
                        &net,
                        a,
                        b,
                        ready,
                        Secs(DAY_START + 86_400),
                    ));
                }
            }
        })
    });
    group.bench_function("queries/vulture-raptor", |bch| {
        bch.iter(|| {
            for &(a, b, t) in &qs {
                black_box(raptor(a, b, t));
            }
        })
    });
    group.finish();
}

/// The real NYC subway feed (`../shared/data/gtfs/nyc_subway_2026.zip`,
/// Wednesday 2026-09-30): load, and earliest-arrival queries between
/// random served platforms against vulture on the same feed and date.
/// Skipped when the file is absent. Arrivals are compared, not asserted,
/// in the model both share (below); the setup prints how many agree.
fn bench_nyc(c: &mut Criterion) {
    let zip = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/gtfs/nyc_subway_2026.zip");
    if !zip.exists() {
        eprintln!("gtfs nyc bench: {} not found, skipped", zip.display());
        return;
    }
    // 2026-09-30 00:00 America/New_York (UTC-4).
    const NYC_DAY: i64 = 1_790_740_800;
    let load_nyc = || load(&zip, NYC_DAY);
    let t = std::time::Instant::now();
    let (feed, s_walks, hub_of_stop, net_walks) = load_nyc();
    let load_time = t.elapsed();
    // vulture reads transfers.txt rows between the stops they name, and
    // this feed's rows name parent stations, so it changes trains only at
    // one platform, with no transfer time: the comparison runs coldroute
    // without its walks and without the stations' transfer time on their
    // platforms (the same model; this feed has no row for a platform
    // itself); `queries/coldroute-walks` times the real thing.
    let mut s = s_walks.clone();
    s.walks.clear();
    for h in &mut s.hubs {
        h.min_connection = Secs(0);
    }
    let net = Network::build(&s, net_walks.start, net_walks.end);
    eprintln!(
        "gtfs nyc: {} stops, {} trips, {} lines, {} departures, loaded in {:?}",
        feed.stops.len(),
        feed.trips.len(),
        s.lines.len(),
        net.n_departures(),
        load_time
    );
    let g = gtfs_structures_vulture::Gtfs::from_path(&zip).unwrap();
    let tt = vulture::gtfs::GtfsTimetable::new(&g, "2026-09-30".parse().unwrap()).unwrap();
    use vulture::Timetable as _;
    // vulture's Pareto set over (arrival, vehicles), at most 6 vehicles.
    let raptor_front = |from: &str, to: &str, ready: u32| -> Vec<(i64, usize)> {
        let (Some(a), Some(b)) = (tt.stop_idx(from), tt.stop_idx(to)) else {
            return Vec::new();
        };
        let mut v: Vec<(i64, usize)> = tt
            .query()
            .from(a)
            .to(b)
            .max_transfers(5)
            .depart_at(vulture::SecondOfDay::from_secs(ready))
            .run()
            .iter()
            .map(|j| (NYC_DAY + i64::from(j.arrival().as_secs()), j.plan.len()))
            .collect();
        v.sort();
        // Keep the Pareto-optimal ones (a later arrival needs fewer vehicles).
        let mut front: Vec<(i64, usize)> = Vec::new();
        for x in v {
            if front.last().is_none_or(|l| x.1 < l.1) {
                front.push(x);
            }
        }
        front
    };
    let raptor = |from: &str, to: &str, ready: u32| -> Option<i64> {
        raptor_front(from, to, ready).first().map(|x| x.0)
    };
    let served: Vec<usize> = (0..feed.stops.len())
        .filter(|&i| hub_of_stop[i].is_some() && !feed.stops[i].is_station)
        .collect();
    // Random platform pairs that the peer connects: without walks between
    // platforms and stations (vulture ignores transfers.txt rows naming
    // parent stations) most random pairs have no itinerary at all, and
    // comparing "none" with "none" would say nothing.
    let mut rng = Lcg(29);
    let (mut qs, mut tried): (Vec<(usize, usize, u32)>, usize) = (Vec::new(), 0);
    while qs.len() < 20 {
        tried += 1;
        let a = served[rng.below(served.len())];
        let mut b = served[rng.below(served.len())];
        while b == a {
            b = served[rng.below(served.len())];
        }
        let t = 7 * 3600 + 60 * rng.below(10 * 60) as u32;
        if raptor(&feed.stops[a].id, &feed.stops[b].id, t).is_some() {
            qs.push((a, b, t));
        }
    }
    eprintln!("gtfs nyc: {tried} random platform pairs tried for 20 that vulture connects");
    let (mut same, mut earlier_peer, mut other) = (0, 0, 0);
    for &(a, b, t) in &qs {
        let ready = Secs(NYC_DAY + i64::from(t));
        let (x, y) = (hub_of_stop[a].unwrap(), hub_of_stop[b].unwrap());
        let mine = coldroute_arrival(&s, &net, x, y, ready, Secs(NYC_DAY + 86_400));
        let peer = raptor(&feed.stops[a].id, &feed.stops[b].id, t);
        match (mine, peer) {
            (m, p) if m == p => same += 1,
            (Some(m), Some(p)) if p < m => earlier_peer += 1,
            (None, Some(_)) => earlier_peer += 1,
            _ => other += 1,
        }
    }
    eprintln!(
        "gtfs nyc: of {} queries, {same} same arrival, {earlier_peer} earlier with vulture, {other} other",
        qs.len()
    );
    // Pareto sets over (arrival, vehicles): coldroute's plans with the
    // default 24 h window (the neutral product leaves arrival and
    // transfers as the only criteria) against vulture's journeys.
    let (mut fronts_equal, mut with_walks_earlier) = (0, 0);
    for &(a, b, t) in &qs {
        let ready = Secs(NYC_DAY + i64::from(t));
        let (x, y) = (hub_of_stop[a].unwrap(), hub_of_stop[b].unwrap());
        let mine = coldroute_front(&s, &net, x, y, ready, Secs(NYC_DAY + 86_400));
        let peer = raptor_front(&feed.stops[a].id, &feed.stops[b].id, t);
        if mine == peer {
            fronts_equal += 1;
        } else {
            eprintln!(
                "gtfs nyc: {} -> {}: fronts differ: coldroute {mine:?}, vulture {peer:?}",
                feed.stops[a].id, feed.stops[b].id
            );
        }
        let walking = coldroute_arrival(&s_walks, &net_walks, x, y, ready, Secs(NYC_DAY + 86_400));
        let plain = coldroute_arrival(&s, &net, x, y, ready, Secs(NYC_DAY + 86_400));
        with_walks_earlier += usize::from(walking < plain);
    }
    eprintln!(
        "gtfs nyc: Pareto sets over (arrival, vehicles) equal on {fronts_equal} of {} queries; with walks {with_walks_earlier} arrive earlier",
        qs.len()
    );
    let mut group = c.benchmark_group("gtfs-nyc");
    group.sample_size(10);
    group.bench_function("load", |bch| bch.iter(|| black_box(load_nyc())));
    for (name, s, net) in [
        ("queries/coldroute", &s, &net),
        ("queries/coldroute-walks", &s_walks, &net_walks),
    ] {
        group.bench_function(name, |bch| {
            bch.iter(|| {
                for &(a, b, t) in &qs {
                    let ready = Secs(NYC_DAY + i64::from(t));
                    let (x, y) = (hub_of_stop[a].unwrap(), hub_of_stop[b].unwrap());
                    let day_end = Secs(NYC_DAY + 86_400);
                    black_box(coldroute_arrival(s, net, x, y, ready, day_end));
                }
            })
        });
    }
    group.bench_function("queries/vulture-raptor", |bch| {
        bch.iter(|| {
            for &(a, b, t) in &qs {
                black_box(raptor(&feed.stops[a].id, &feed.stops[b].id, t));
            }
        })
    });
    group.finish();
}

criterion_group!(benches, bench_gtfs, bench_nyc);
criterion_main!(benches);
