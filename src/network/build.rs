//! Expanding schedules into concrete departures.

use std::sync::Arc;

use jiff::civil::Date;

use crate::scenario::{Departures, Road, RoadAmbient, Scenario};
use crate::time::{local_to_utc, utc_to_local, Resolution, Zone};

use super::road_times::RoadTimes;
use crate::model::opening::{first_open, receiving_openings, Opening, RECEIVING_AHEAD};
use crate::units::{Celsius, Secs};

/// Which service a departure belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
pub enum Service {
    /// Index into `Scenario::flights`.
    Flight(usize),
    /// Index into `Scenario::roads`.
    Road(usize),
    /// A ride on run `run` of line `line` (`Scenario::lines`), from stop
    /// index `board` to stop index `alight`. A connection of the network
    /// is one hop (`alight == board + 1`); a leg can be several.
    Ride {
        /// Index into `Scenario::lines`.
        line: u32,
        /// Index into the line's runs.
        run: u32,
        /// Stop index boarded at.
        board: u16,
        /// Stop index left at.
        alight: u16,
    },
}

impl Service {
    /// What one leg on the service costs a shipment.
    pub fn cost(self, s: &Scenario) -> f64 {
        match self {
            Service::Flight(f) => s.flights[f].cost,
            Service::Road(r) => s.roads[r].cost,
            Service::Ride { line, .. } => s.lines[line as usize].cost,
        }
    }
}

/// One concrete departure of a service.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Departure {
    /// The service.
    pub service: Service,
    /// Origin hub.
    pub from: usize,
    /// Destination hub.
    pub to: usize,
    /// When the cargo leaves the hub: departure minus apron time for a
    /// flight, the departure itself for a road. UTC seconds.
    pub cutoff: Secs,
    /// Off-block (flight) or truck departure, UTC seconds.
    pub dep: Secs,
    /// On-block (flight) or truck arrival, UTC seconds.
    pub arr: Secs,
    /// When the cargo is available at the destination hub: arrival plus
    /// the arrival apron time for a flight. UTC seconds.
    pub avail: Secs,
}

impl Departure {
    /// A departure of road `i` leaving at `dep` and arriving at `arr`: the
    /// cargo leaves with the truck and is available on arrival.
    pub fn road(i: usize, r: &Road, dep: Secs, arr: Secs) -> Departure {
        Departure {
            service: Service::Road(i),
            from: r.from,
            to: r.to,
            cutoff: dep,
            dep,
            arr,
            avail: arr,
        }
    }
}

/// A connection as the reachability scans see it: where, when the cargo
/// leaves and when it is available at the other end.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Hop {
    /// `Departure::cutoff`.
    pub cutoff: Secs,
    /// `Departure::avail`.
    pub avail: Secs,
    /// Origin hub.
    pub from: u32,
    /// Destination hub.
    pub to: u32,
    /// The vehicle, for a hop of a line's run: an index into the
    /// network's trips (`Network::trip_base`); [`NO_TRIP`] otherwise.
    pub trip: u32,
}

/// `Hop::trip` of a connection that is not part of a run.
pub const NO_TRIP: u32 = u32::MAX;

/// All scheduled departures in a window, per origin hub.
#[derive(Clone, Debug)]
pub struct Network {
    /// Start of the window, UTC seconds.
    pub start: Secs,
    /// End of the window, UTC seconds.
    pub end: Secs,
    /// Per hub, indices into `conns` of its departures, in `conns` order
    /// (by cutoff, then departure, arrival, service).
    pub by_hub: Vec<Vec<u32>>,
    /// Per hub, indices of on-demand roads leaving it.
    pub on_demand: Vec<Vec<usize>>,
    /// Per hub, the on-demand roads arriving at it, as the backward
    /// reachability scan reads them: `(origin hub, least travel time)`.
    pub on_demand_into: Vec<Vec<(u32, Secs)>>,
    /// When the on-demand roads can leave over the window, road after
    /// road in one array (`opening_of` gives each road's range; empty for
    /// roads with fixed departures).
    pub openings: Vec<Opening>,
    /// Per road, what finding its departures reads (its range in
    /// `openings`, and shortcuts; default for roads with fixed
    /// departures).
    pub road_times: Vec<RoadTimes>,
    /// Every hub's outdoor and apron air per UTC hour of the window,
    /// filled as queries need it.
    pub air: super::AirTable,
    /// Every scheduled departure of every hub in one array sorted by
    /// cutoff (then departure, arrival, service): the connections a
    /// connection scan walks.
    pub conns: Vec<Departure>,
    /// `conns` reduced to what a reachability scan reads, index for
    /// index: a quarter of the memory to stream.
    pub hops: Vec<Hop>,
    /// Least leg durations between hubs, for lower bounds: the same for
    /// every window of a scenario, so networks of one scenario can share it
    /// ([`Network::build_sharing`]).
    pub static_graph: Arc<super::bounds::StaticGraph>,
    /// Per hub, the connection time (`Hub::min_connection`), kept flat
    /// for the scans.
    pub min_connection: Vec<Secs>,
    /// Per hub, the handling time (`Hub::handling`).
    pub handling: Vec<Secs>,
    /// Per hub, its range in `receiving_openings`, `None` when it receives
    /// at any hour.
    pub receiving: Vec<Option<(u32, u32)>>,
    /// When hubs with receiving hours receive, over the window and
    /// `RECEIVING_AHEAD` beyond, hub after hub.
    pub receiving_openings: Vec<Opening>,
    /// Per line, the trip index of its first run: run `r` of line `l` is
    /// trip `trip_base[l] + r`.
    pub trip_base: Vec<u32>,
    /// Number of trips (runs of every line).
    pub n_trips: usize,
    /// Per hub, the walks leaving it: `(to, duration)`, by `to`.
    pub walks_from: Vec<Vec<(u32, Secs)>>,
    /// Per hub, the walks into it: `(from, duration)`.
    pub walks_into: Vec<Vec<(u32, Secs)>>,
    /// Per hub, whether an on-demand road arrives there or at a stop a
    /// walk leads from to there (the backward pre-pass relaxes those).
    pub relax_into: Vec<bool>,
    /// The coldest and warmest ambient any step could have: hub climates
    /// (with apron solar gain), cold rooms, cargo holds, reefers.
    pub ambient_extremes: (Celsius, Celsius),
    /// What was taken out of the schedule (empty unless built with
    /// [`Network::build_blocked`]).
    pub blocked: super::Blocked,
}

impl Network {
    /// Expands `s` over `[start, end]`: every departure whose cutoff is at
    /// or after `start` and whose cargo is available by `end`.
    pub fn build(s: &Scenario, start: Secs, end: Secs) -> Network {
        Network::build_blocked(s, start, end, super::Blocked::default())
    }

    /// [`Network::build`] without the departures `blocked` takes out
    /// (closed hubs, cancelled flights); on-demand roads do not leave or
    /// arrive at a hub while it is closed.
    pub fn build_blocked(s: &Scenario, start: Secs, end: Secs, blocked: super::Blocked) -> Network {
        let graph = Arc::new(super::bounds::StaticGraph::new(s));
        Network::build_sharing(s, start, end, blocked, graph)
    }

    /// [`Network::build_blocked`] with the scenario's static graph built
    /// beforehand (`StaticGraph::new(s)`), for many windows of one
    /// scenario.
    pub fn build_sharing(
        s: &Scenario,
        start: Secs,
        end: Secs,
        blocked: super::Blocked,
        static_graph: Arc<super::bounds::StaticGraph>,
    ) -> Network {
        let n = s.hubs.len();
        // Every departure, in one array (indexed by hub after sorting).
        let mut conns: Vec<Departure> = Vec::new();
        let mut on_demand: Vec<Vec<usize>> = vec![Vec::new(); n];
        // Per hub, its local dates over the window, each with its midnight
        // when it is a plain day ([`Zone::plain_day`]): computed once per
        // hub, not per flight.
        /// A local date and its midnight when it is a plain day.
        type Day = (Date, Option<Secs>);
        let mut days_at: Vec<Option<Vec<Day>>> = vec![None; n];
        fn days_of<'v>(
            days_at: &'v mut [Option<Vec<Day>>],
            tz: &Zone,
            hub: usize,
            (start, end): (Secs, Secs),
        ) -> &'v [Day] {
            days_at[hub].get_or_insert_with(|| {
                local_dates(tz, start - Secs(86_400), end)
                    .into_iter()
                    .map(|d| (d, tz.plain_day(d)))
                    .collect()
            })
        }
        let resolve = |hub: usize, (day, midnight): (Date, Option<Secs>), secs: u32| match midnight
        {
            Some(m) if secs < 86_400 => Resolution::Exact(m + Secs(i64::from(secs))),
            _ => local_to_utc(&s.hubs[hub].tz, day, secs),
        };
        for (i, f) in s.flights.iter().enumerate() {
            for &day in days_of(&mut days_at, &s.hubs[f.from].tz, f.from, (start, end)) {
                if !f.runs_on(day.0) {
                    continue;
                }
                let dep = resolve(f.from, day, f.departs.secs).schedule_instant();
                let Some(arr) = s.flight_arrival(i, dep) else {
                    continue;
                };
                let d = Departure {
                    service: Service::Flight(i),
                    from: f.from,
                    to: f.to,
                    cutoff: dep - f.tarmac_departure,
                    dep,
                    arr,
                    avail: arr + f.tarmac_arrival,
                };
                if d.cutoff >= start && d.avail <= end {
                    conns.push(d);
                }
            }
        }
        for (i, r) in s.roads.iter().enumerate() {
            match &r.departures {
                Departures::OnDemand => on_demand[r.from].push(i),
                Departures::Every(_) => {
                    for &day in days_of(&mut days_at, &s.hubs[r.from].tz, r.from, (start, end)) {
                        if !r.days.contains(day.0.weekday()) {
                            continue;
                        }
                        for k in r.interval_departures() {
                            let res = resolve(r.from, day, k as u32);
                            // A departure time that does not exist (DST
                            // gap) is skipped for fixed-interval services.
                            if let Resolution::Gap { .. } = res {
                                continue;
                            }
                            let dep = res.schedule_instant();
                            let arr = dep + s.road_travel(r, dep);
                            if dep >= start && arr <= end {
                                conns.push(Departure::road(i, r, dep, arr));
                            }
                        }
                    }
                }
            }
        }
        // Lines: one connection per hop of a run inside the window.
        let mut trip_base = Vec::with_capacity(s.lines.len());
        let mut n_trips = 0usize;
        for (li, l) in s.lines.iter().enumerate() {
            trip_base.push(n_trips as u32);
            n_trips += l.runs.len();
            for (ri, r) in l.runs.iter().enumerate() {
                let (first, last) = (r.times[0].1, r.times[r.times.len() - 1].0);
                if last < start || first > end {
                    continue;
                }
                for k in 0..l.stops.len() - 1 {
                    let (dep, arr) = (r.times[k].1, r.times[k + 1].0);
                    if dep >= start && arr <= end {
                        conns.push(Departure {
                            service: Service::Ride {
                                line: li as u32,
                                run: ri as u32,
                                board: k as u16,
                                alight: k as u16 + 1,
                            },
                            from: l.stops[k],
                            to: l.stops[k + 1],
                            cutoff: dep,
                            dep,
                            arr,
                            avail: arr,
                        });
                    }
                }
            }
        }
        // The hops of one run stay in stop order when their times tie
        // (the service key orders them by stop index).
        if !blocked.is_empty() {
            conns.retain(|d| blocked.keeps(d));
        }
        sort_departures(&mut conns);
        conns.dedup();
        conns.shrink_to_fit();
        let mut by_hub: Vec<Vec<u32>> = vec![Vec::new(); n];
        for (k, d) in conns.iter().enumerate() {
            by_hub[d.from].push(k as u32);
        }
        let mut on_demand_into: Vec<Vec<(u32, Secs)>> = vec![Vec::new(); n];
        for (h, roads) in on_demand.iter().enumerate() {
            for &r in roads {
                debug_assert_eq!(s.roads[r].from, h);
                let road = &s.roads[r];
                on_demand_into[road.to].push((road.from as u32, road.profile.min()));
            }
        }
        let hops = conns
            .iter()
            .map(|d| Hop {
                cutoff: d.cutoff,
                avail: d.avail,
                from: d.from as u32,
                to: d.to as u32,
                trip: match d.service {
                    Service::Ride { line, run, .. } => trip_base[line as usize] + run,
                    _ => NO_TRIP,
                },
            })
            .collect();
        let walks_into = {
            let mut w: Vec<Vec<(u32, Secs)>> = vec![Vec::new(); n];
            for x in &s.walks {
                w[x.to].push((x.from as u32, x.duration));
            }
            w
        };
        let relax_into = (0..n)
            .map(|h| {
                !on_demand_into[h].is_empty()
                    || walks_into[h]
                        .iter()
                        .any(|&(a, _)| !on_demand_into[a as usize].is_empty())
            })
            .collect();
        let mut all_openings: Vec<Opening> = Vec::new();
        let road_times = (0..s.roads.len())
            .map(|r| {
                if s.roads[r].departures == Departures::OnDemand {
                    RoadTimes::new(s, r, start, end + Secs(1), &mut all_openings)
                } else {
                    RoadTimes::default()
                }
            })
            .collect();
        all_openings.shrink_to_fit();
        let mut recv_openings: Vec<Opening> = Vec::new();
        let receiving = (0..n)
            .map(|h| {
                if s.hubs[h].receiving == crate::time::DailyWindow::ALWAYS {
                    return None;
                }
                // From a day before the window: no arrival is earlier.
                let o =
                    receiving_openings(s, h, start - Secs(86_400), end + RECEIVING_AHEAD + Secs(1));
                let a = recv_openings.len() as u32;
                recv_openings.extend(o);
                Some((a, recv_openings.len() as u32))
            })
            .collect();
        let air = super::AirTable::new(n, start, end);
        Network {
            receiving,
            receiving_openings: recv_openings,
            start,
            end,
            by_hub,
            openings: all_openings,
            road_times,
            air,
            on_demand,
            on_demand_into,
            conns,
            hops,
            static_graph,
            min_connection: s.hubs.iter().map(|h| h.min_connection).collect(),
            handling: s.hubs.iter().map(|h| h.handling).collect(),
            trip_base,
            n_trips,
            walks_from: {
                let mut w: Vec<Vec<(u32, Secs)>> = vec![Vec::new(); n];
                for x in &s.walks {
                    w[x.from].push((x.to as u32, x.duration));
                }
                for v in &mut w {
                    v.sort_unstable();
                }
                w
            },
            walks_into,
            relax_into,
            ambient_extremes: ambient_extremes(s),
            blocked,
        }
    }

    /// The earliest departure of on-demand road `road` at or after `t`
    /// (`(dep, arr)`), from the road's openings: the same answer as
    /// [`Scenario::on_demand_departure`], without reading a clock.
    pub fn on_demand_departure(&self, s: &Scenario, road: usize, t: Secs) -> Option<(Secs, Secs)> {
        if self.blocked.hubs.is_empty() {
            return self.open_departure(s, road, t);
        }
        // Past the closures of either end: leave once the origin is open,
        // arrive once the destination is.
        let r = &s.roads[road];
        let mut t = t;
        for _ in 0..64 {
            let (dep, arr) = self.open_departure(s, road, t)?;
            if let Some(open) = self.blocked.reopens(r.from, dep) {
                t = open;
            } else if let Some(open) = self.blocked.reopens(r.to, arr) {
                t = (open - (arr - dep)).max(dep + Secs(60));
            } else {
                return Some((dep, arr));
            }
        }
        None
    }

    fn open_departure(&self, s: &Scenario, road: usize, t: Secs) -> Option<(Secs, Secs)> {
        if t < self.start {
            return s.on_demand_departure(road, t);
        }
        self.road_times[road].departure(&self.openings, &s.roads[road], t, self.end + Secs(1))
    }

    /// When the cargo is next available after landing at `to` at
    /// `avail`: after the connection time, or, when `to` is the
    /// destination `dest`, delivered: received (see [`Network::receipt`])
    /// and handled.
    #[inline]
    pub fn next_available(&self, dest: usize, to: usize, avail: Secs) -> Secs {
        if to == dest {
            self.receipt(to, avail) + self.handling[to]
        } else {
            avail + self.min_connection[to]
        }
    }

    /// When hub `hub` receives a delivery arriving at `t`: the same answer
    /// as [`Scenario::receipt`], from the hub's receiving openings.
    #[inline]
    pub fn receipt(&self, hub: usize, t: Secs) -> Secs {
        let Some((a, b)) = self.receiving[hub] else {
            return t;
        };
        first_open(&self.receiving_openings[a as usize..b as usize], t)
            .map_or(Secs(i64::MAX / 4), |(r, _)| r)
    }

    /// Number of expanded departures.
    pub fn n_departures(&self) -> usize {
        self.conns.len()
    }

    /// The `k`-th departure from `hub` (by cutoff).
    pub fn departure_from(&self, hub: usize, k: usize) -> &Departure {
        &self.conns[self.by_hub[hub][k] as usize]
    }

    /// The departures from `hub`, by cutoff.
    pub fn departures_from(&self, hub: usize) -> impl Iterator<Item = &Departure> + '_ {
        self.by_hub[hub].iter().map(|&k| &self.conns[k as usize])
    }

    /// Whether connection `k` is the last hop of its run (or no hop).
    pub fn ends_run(&self, s: &Scenario, k: usize) -> bool {
        match self.conns[k].service {
            Service::Ride { line, alight, .. } => {
                usize::from(alight) + 1 >= s.lines[line as usize].stops.len()
            }
            _ => true,
        }
    }

    /// The ride that boards at hop `first` and leaves at the end of hop
    /// `last` of the same run.
    pub fn ride_between(&self, first: usize, last: usize) -> Departure {
        let (a, b) = (&self.conns[first], &self.conns[last]);
        let service = match (a.service, b.service) {
            (
                Service::Ride {
                    line, run, board, ..
                },
                Service::Ride { alight, .. },
            ) => Service::Ride {
                line,
                run,
                board,
                alight,
            },
            _ => a.service,
        };
        Departure {
            service,
            from: a.from,
            to: b.to,
            cutoff: a.cutoff,
            dep: a.dep,
            arr: b.arr,
            avail: b.avail,
        }
    }

    /// The legs that start with connection `d`: `d` itself, or for a hop
    /// of a line's run every ride that boards there and leaves at a later
    /// stop within the window. For the engines that enumerate whole legs
    /// (the first engine and the test oracles).
    pub fn legs_starting(&self, s: &Scenario, d: &Departure) -> Vec<Departure> {
        match d.service {
            Service::Ride {
                line, run, board, ..
            } => {
                let l = &s.lines[line as usize];
                let times = &l.runs[run as usize].times;
                (usize::from(board) + 1..l.stops.len())
                    .take_while(|&k| times[k].0 <= self.end)
                    .map(|k| Departure {
                        service: Service::Ride {
                            line,
                            run,
                            board,
                            alight: k as u16,
                        },
                        to: l.stops[k],
                        arr: times[k].0,
                        avail: times[k].0,
                        ..*d
                    })
                    .collect()
            }
            _ => vec![*d],
        }
    }

    /// Index of the first connection with cutoff `>= t`.
    pub fn first_conn_at_or_after(&self, t: Secs) -> usize {
        self.hops.partition_point(|d| d.cutoff < t)
    }

    /// Index of the first departure from `hub` with cutoff `>= t`.
    pub fn first_at_or_after(&self, hub: usize, t: Secs) -> usize {
        self.by_hub[hub].partition_point(|&k| self.conns[k as usize].cutoff < t)
    }
}

/// The coldest and warmest ambient any step of `s` could have.
fn ambient_extremes(s: &Scenario) -> (Celsius, Celsius) {
    let mut lo = f64::INFINITY;
    let mut hi = f64::NEG_INFINITY;
    let mut see = |t: f64| {
        lo = lo.min(t);
        hi = hi.max(t);
    };
    for h in &s.hubs {
        for m in 0..12 {
            see(h.climate.min[m]);
            see(h.climate.max[m] + h.solar_gain.0.max(0.0));
        }
        if let Some(c) = h.cold_room {
            see(c.0);
        }
    }
    for f in &s.flights {
        see(f.hold.mid().0);
    }
    for r in &s.roads {
        if let RoadAmbient::Reefer(t) = r.ambient {
            see(t.0);
        }
    }
    (Celsius(lo), Celsius(hi))
}

fn service_key(s: Service) -> (u8, usize, u32, u16) {
    match s {
        Service::Flight(i) => (0, i, 0, 0),
        Service::Road(i) => (1, i, 0, 0),
        Service::Ride {
            line, run, board, ..
        } => (2, line as usize, run, board),
    }
}

/// Sorts departures by `(cutoff, dep, arr, service, from)`.
///
/// A radix sort of `(key, index)` pairs, the key packing the cutoff
/// (relative to the earliest), the departure, the arrival and the service's
/// kind and first index; each run of equal keys (hops of one line at one
/// moment, or duplicates) is then sorted by the whole order, and each
/// departure moved once. About four times faster than sorting the
/// departures themselves on a world network (docs/performance.md).
fn sort_departures(conns: &mut Vec<Departure>) {
    let full = |d: &Departure| (d.cutoff, d.dep, d.arr, service_key(d.service), d.from);
    let Some(base) = conns.iter().map(|d| d.cutoff).min() else {
        return;
    };
    let fits = |x: i64| (0..=i64::from(u32::MAX)).contains(&x);
    let packable = |d: &Departure| {
        let (_, i, ..) = service_key(d.service);
        fits(d.cutoff.0 - base.0)
            && fits(d.dep.0 - d.cutoff.0)
            && fits(d.arr.0 - d.dep.0)
            && i < 1 << 30
    };
    if conns.len() > u32::MAX as usize || !conns.iter().all(packable) {
        conns.sort_unstable_by_key(full);
        return;
    }
    // The order of `full` on its first fields, most significant word first.
    let mut keyed: Vec<([u64; 2], u32)> = conns
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let (kind, s, ..) = service_key(d.service);
            let hi = ((d.cutoff.0 - base.0) as u64) << 32 | (d.dep.0 - d.cutoff.0) as u64;
            let lo = ((d.arr.0 - d.dep.0) as u64) << 32 | u64::from(kind) << 30 | s as u64;
            ([hi, lo], i as u32)
        })
        .collect();
    radix_sort(&mut keyed);
    let mut a = 0;
    while a < keyed.len() {
        let k = keyed[a].0;
        let b = a + keyed[a..].iter().take_while(|e| e.0 == k).count();
        if b - a > 1 {
            keyed[a..b].sort_unstable_by_key(|e| full(&conns[e.1 as usize]));
        }
        a = b;
    }
    *conns = keyed.iter().map(|&(_, i)| conns[i as usize]).collect();
}

/// Sorts by key, most significant word first (stable, least significant
/// byte first), skipping the bytes every key shares.
fn radix_sort(v: &mut Vec<([u64; 2], u32)>) {
    let mut tmp = v.clone();
    for word in [1, 0] {
        let (or, and) = v
            .iter()
            .fold((0u64, u64::MAX), |(o, a), e| (o | e.0[word], a & e.0[word]));
        for byte in 0..8 {
            let shift = byte * 8;
            if (or >> shift) & 0xff == (and >> shift) & 0xff {
                continue;
            }
            let digit = |e: &([u64; 2], u32)| ((e.0[word] >> shift) & 0xff) as usize;
            let mut count = [0usize; 257];
            for e in v.iter() {
                count[digit(e) + 1] += 1;
            }
            for k in 1..257 {
                count[k] += count[k - 1];
            }
            for e in v.iter() {
                let d = digit(e);
                tmp[count[d]] = *e;
                count[d] += 1;
            }
            std::mem::swap(v, &mut tmp);
        }
    }
}

/// Local dates at a zone covering UTC `[start, end]`.
fn local_dates(tz: &crate::time::Zone, start: Secs, end: Secs) -> Vec<Date> {
    let first = utc_to_local(tz, start).date;
    let last = utc_to_local(tz, end).date;
    let mut out = Vec::new();
    let mut d = first;
    while d <= last {
        out.push(d);
        match d.tomorrow() {
            Ok(n) => d = n,
            Err(_) => break,
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn departures_sort_as_by_their_whole_order() {
        // Random departures with many ties of cutoff and departure (and
        // some far apart, past the packed key's range: the plain sort).
        let mut rng = 0x9E37_79B9_7F4A_7C15u64;
        let mut next = |m: u64| {
            rng ^= rng << 13;
            rng ^= rng >> 7;
            rng ^= rng << 17;
            rng % m
        };
        for spread in [600, 86_400 * 30, 1 << 40] {
            let mut v: Vec<Departure> = (0..3000)
                .map(|_| {
                    let cutoff = Secs(1_600_000_000 + (next(spread) as i64 / 60) * 60);
                    let dep = cutoff + Secs(next(3) as i64 * 1800);
                    let arr = dep + Secs(next(4) as i64 * 3600 + 60);
                    let service = match next(3) {
                        0 => Service::Flight(next(50) as usize),
                        1 => Service::Road(next(50) as usize),
                        _ => Service::Ride {
                            line: next(3) as u32,
                            run: next(3) as u32,
                            board: next(4) as u16,
                            alight: 0,
                        },
                    };
                    Departure {
                        service,
                        from: next(5) as usize,
                        to: next(5) as usize,
                        cutoff,
                        dep,
                        arr,
                        avail: arr,
                    }
                })
                .collect();
            let mut want = v.clone();
            want.sort_by_key(|d| (d.cutoff, d.dep, d.arr, service_key(d.service), d.from));
            sort_departures(&mut v);
            let key = |d: &Departure| (d.cutoff, d.dep, d.arr, service_key(d.service), d.from);
            assert_eq!(
                v.iter().map(key).collect::<Vec<_>>(),
                want.iter().map(key).collect::<Vec<_>>(),
                "spread {spread}"
            );
        }
    }
}
