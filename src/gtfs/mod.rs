//! GTFS feeds as schedules: stops become hubs, trip patterns become lines
//! whose runs are the trips (docs/gtfs.md).
//!
//! [`Feed`] is a feed in plain, checked form, built by [`Feed::from_raw`]
//! from what `gtfs-structures` parsed. It refers to stops, routes and
//! services by index and keeps GTFS times as seconds after "noon minus
//! 12h" of the service date. [`Feed::runs`] expands the trips that
//! calendar.txt and calendar_dates.txt make active into absolute UTC times,
//! frequencies.txt trips included. [`stop_hubs`] and [`lines`] turn a
//! feed into the scenario's [`Hub`]s and [`Line`]s (one per route and
//! stop sequence, each run a trip); [`merge`] does both for a resolved
//! scenario, and the scenario loader calls them for `[[gtfs]]` tables.
//!
//! A leg is a *ride*: boarding a trip at one stop and leaving it at a later
//! stop, so that staying on board is neither a transfer nor subject to a
//! connection time (the planner counts legs, not stops).
//!
//! This module does no I/O: the command line reads the files.

mod feed;
pub mod times;

pub use feed::{Agency, Feed, FeedError, Headway, Route, Service, Stop, StopTime, Transfer, Trip};

use std::collections::{BTreeMap, HashSet};

use crate::model::{Hub, HubIdx, Line, LineRun, RoadAmbient, Scenario, SourceSpan};
use crate::thermal::Climate;
use crate::units::Secs;

/// What a ride on some route is like for the cargo.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LegSpec {
    /// The temperature around the container.
    pub ambient: RoadAmbient,
    /// Cost per shipment of one ride.
    pub cost: f64,
}

impl Default for LegSpec {
    fn default() -> LegSpec {
        LegSpec {
            ambient: RoadAmbient::Ambient,
            cost: 0.0,
        }
    }
}

/// The per-feed settings of a `[[gtfs]]` table, resolved.
#[derive(Clone, Debug, PartialEq)]
pub struct FeedSettings {
    /// Feed id, used to prefix stop codes that clash with other hubs.
    pub id: String,
    /// Outdoor climate of every stop.
    pub climate: Climate,
    /// Connection time at every stop (transfers.txt can raise it per stop).
    pub min_connection: Secs,
    /// Leg settings by GTFS `route_type`.
    pub route_types: BTreeMap<i16, LegSpec>,
    /// Leg settings by `agency_id` (override `route_types`).
    pub agencies: BTreeMap<String, LegSpec>,
    /// Leg settings by `route_id` (override everything else).
    pub routes: BTreeMap<String, LegSpec>,
    /// Where the settings were declared, for the hubs' and roads' spans.
    pub span: SourceSpan,
}

impl FeedSettings {
    /// Settings with no overrides: ambient legs at no cost, a mild climate,
    /// no connection time.
    pub fn neutral(id: &str) -> FeedSettings {
        FeedSettings {
            id: id.to_string(),
            climate: Climate::uniform(15.0, 25.0),
            min_connection: Secs(0),
            route_types: BTreeMap::new(),
            agencies: BTreeMap::new(),
            routes: BTreeMap::new(),
            span: 0..0,
        }
    }

    /// The leg settings of route `r` of `feed`.
    pub fn leg_spec(&self, feed: &Feed, r: usize) -> LegSpec {
        let route = &feed.routes[r];
        let agency = &feed.agencies[route.agency];
        self.routes
            .get(&route.id)
            .or_else(|| self.agencies.get(&agency.id))
            .or_else(|| self.route_types.get(&route.route_type))
            .copied()
            .unwrap_or_default()
    }
}

/// The hubs of a feed's stops, and which hub each stop became.
#[derive(Clone, Debug)]
pub struct StopHubs {
    /// New hubs, in stops.txt order.
    pub hubs: Vec<Hub>,
    /// Per stop of the feed, the index into `hubs`; `None` for stops that
    /// no trip serves.
    pub of_stop: Vec<Option<usize>>,
}

/// One hub per stop that some trip serves. The code is the `stop_id`, or
/// `FEED:stop_id` when `taken` already has it; position from stops.txt,
/// zone from `stop_timezone` or the zone of the first agency serving it.
///
/// Returns the codes that clash even with the prefix.
pub fn stop_hubs(
    feed: &Feed,
    settings: &FeedSettings,
    taken: &HashSet<String>,
) -> Result<StopHubs, Vec<String>> {
    let n = feed.stops.len();
    // The agency of the first trip (in trips.txt order) that serves a stop.
    let mut agency_of: Vec<Option<usize>> = vec![None; n];
    for t in &feed.trips {
        let a = feed.routes[t.route].agency;
        for st in &t.times {
            agency_of[st.stop].get_or_insert(a);
        }
    }
    let mut hubs = Vec::new();
    let mut of_stop = vec![None; n];
    let mut clashes = Vec::new();
    let mut used: HashSet<String> = HashSet::new();
    // The stop's id as hub code, or with the feed's prefix when taken;
    // `None` (and the clash noted) when both are.
    let mut claim = |id: &str| -> Option<String> {
        let mut code = id.to_string();
        if taken.contains(&code) || used.contains(&code) {
            code = format!("{}:{id}", settings.id);
            if taken.contains(&code) || used.contains(&code) {
                clashes.push(code);
                return None;
            }
        }
        used.insert(code.clone());
        Some(code)
    };
    for (i, stop) in feed.stops.iter().enumerate() {
        let Some(agency) = agency_of[i] else { continue };
        let Some(code) = claim(&stop.id) else {
            continue;
        };
        let (tz_name, tz) = match &stop.tz {
            Some((name, tz)) => (name.clone(), tz.clone()),
            None => {
                let a = &feed.agencies[agency];
                (a.tz_name.clone(), a.tz.clone())
            }
        };
        let tz = crate::time::Zone::new(tz);
        // The stop's own transfers.txt row (`B,B,2,600`), else its
        // station's (`120,120,2,180`): GTFS applies a row naming a station
        // to every platform of it, so changing vehicles on one platform
        // takes the station's transfer time too.
        let own = feed.min_transfer[i].or_else(|| {
            stop.parent
                .and_then(|p| feed.min_transfer.get(p).copied().flatten())
        });
        let min_connection = match own {
            Some(t) => t.max(settings.min_connection),
            None => settings.min_connection,
        };
        of_stop[i] = Some(hubs.len());
        hubs.push(Hub {
            span: settings.span.clone(),
            ..Hub::pass_through(
                code,
                stop.name.clone(),
                (stop.lat, stop.lon),
                tz_name,
                tz,
                min_connection,
                settings.climate.clone(),
            )
        });
    }
    // A station (parent of platforms some trip serves) is a hub too, so
    // that a query or a shipment can name it: walks of no time join it to
    // its platforms ([`walks`]).
    // The hub of each station's first served platform.
    let mut first_platform: Vec<Option<usize>> = vec![None; n];
    for (c, st) in feed.stops.iter().enumerate() {
        if let (Some(p), Some(h)) = (st.parent, of_stop[c]) {
            first_platform[p].get_or_insert(h);
        }
    }
    for (i, stop) in feed.stops.iter().enumerate() {
        if !stop.is_station || of_stop[i].is_some() {
            continue;
        }
        let Some(platform) = first_platform[i] else {
            continue;
        };
        let Some(code) = claim(&stop.id) else {
            continue;
        };
        let like = &hubs[platform];
        let hub = Hub {
            code,
            name: stop.name.clone(),
            lat: if stop.lat.is_finite() {
                stop.lat
            } else {
                like.lat
            },
            lon: if stop.lon.is_finite() {
                stop.lon
            } else {
                like.lon
            },
            min_connection: settings.min_connection,
            ..like.clone()
        };
        of_stop[i] = Some(hubs.len());
        hubs.push(hub);
    }
    if clashes.is_empty() {
        Ok(StopHubs { hubs, of_stop })
    } else {
        Err(clashes)
    }
}

/// The time to change between two platforms of one station when
/// transfers.txt gives none for the station: two minutes (an assumption,
/// docs/gtfs.md).
pub const PLATFORM_CHANGE: Secs = Secs(120);

/// Walking speed for transfers.txt rows without a time, m/s (a typical
/// pedestrian speed; docs/gtfs.md).
pub const WALK_SPEED_M_PER_S: f64 = 1.2;

/// The walks between a feed's stops (`hub_of_stop` maps a stop to its
/// hub), by these rules (docs/gtfs.md):
///
/// - a station and each of its platforms: both ways, no time;
/// - transfers.txt rows between two different stops or stations (types 0,
///   1 and 2), a station standing for each of its platforms: the row's
///   `min_transfer_time` (also between the stations themselves), or the
///   distance at [`WALK_SPEED_M_PER_S`] (at
///   least a minute) when it has none; the row naming stops rather than
///   stations wins, then the longer time;
/// - a row from a station to itself: the time between any two of its
///   platforms; without one, [`PLATFORM_CHANGE`];
/// - `transfer_type = 3` (not possible) removes the walks its row covers.
pub fn walks(feed: &Feed, hub_of_stop: &[Option<HubIdx>]) -> Vec<crate::model::Walk> {
    let n = feed.stops.len();
    let mut platforms: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (i, s) in feed.stops.iter().enumerate() {
        if let (Some(p), Some(_)) = (s.parent, hub_of_stop[i]) {
            platforms[p].push(i);
        }
    }
    // A station stands for itself (a hub when it has a served platform)
    // and its platforms.
    let members = |x: usize| -> Vec<usize> {
        if feed.stops[x].is_station {
            let mut m = platforms[x].clone();
            if hub_of_stop[x].is_some() {
                m.push(x);
            }
            m
        } else if hub_of_stop[x].is_some() {
            vec![x]
        } else {
            Vec::new()
        }
    };
    // (from stop, to stop) -> (how general the row is, time).
    let mut explicit: BTreeMap<(usize, usize), (u8, Secs)> = BTreeMap::new();
    let mut banned: HashSet<(usize, usize)> = HashSet::new();
    for t in &feed.transfers {
        let general =
            u8::from(feed.stops[t.from].is_station) + u8::from(feed.stops[t.to].is_station);
        for a in members(t.from) {
            for b in members(t.to) {
                // A station and its own platforms are joined at no time.
                let (pa, pb) = (feed.stops[a].parent, feed.stops[b].parent);
                if a == b || pa == Some(b) || pb == Some(a) {
                    continue;
                }
                if t.impossible {
                    banned.insert((a, b));
                    continue;
                }
                let time = t.min_time.unwrap_or_else(|| {
                    let (sa, sb) = (&feed.stops[a], &feed.stops[b]);
                    let m = crate::model::great_circle_km(sa.lat, sa.lon, sb.lat, sb.lon) * 1000.0;
                    Secs(((m / WALK_SPEED_M_PER_S).ceil() as i64).max(60))
                });
                let e = explicit.entry((a, b)).or_insert((general, time));
                if general < e.0 || (general == e.0 && time > e.1) {
                    *e = (general, time);
                }
            }
        }
    }
    let mut out: BTreeMap<(HubIdx, HubIdx), Secs> = BTreeMap::new();
    let mut add = |a: usize, b: usize, d: Secs| {
        if let (Some(x), Some(y)) = (hub_of_stop[a], hub_of_stop[b]) {
            out.insert((x, y), d);
        }
    };
    for (p, kids) in platforms.iter().enumerate() {
        if kids.is_empty() {
            continue;
        }
        for &a in kids {
            add(p, a, Secs(0));
            add(a, p, Secs(0));
            for &b in kids {
                if a != b && !banned.contains(&(a, b)) && !explicit.contains_key(&(a, b)) {
                    add(a, b, PLATFORM_CHANGE);
                }
            }
        }
    }
    for (&(a, b), &(_, d)) in &explicit {
        if !banned.contains(&(a, b)) {
            add(a, b, d);
        }
    }
    out.into_iter()
        .map(|((from, to), duration)| crate::model::Walk { from, to, duration })
        .collect()
}

/// Merges overlapping or touching windows, sorted.
pub fn merge_windows(windows: &[(Secs, Secs)]) -> Vec<(Secs, Secs)> {
    let mut w: Vec<(Secs, Secs)> = windows.iter().copied().filter(|w| w.0 <= w.1).collect();
    w.sort();
    let mut out: Vec<(Secs, Secs)> = Vec::new();
    for x in w {
        match out.last_mut() {
            Some(last) if x.0 <= last.1 => last.1 = last.1.max(x.1),
            _ => out.push(x),
        }
    }
    out
}

/// The lines of a feed over the planning `windows` (UTC): one line per
/// route (per trip when the route has no short name) and stop sequence,
/// with every run that overlaps a window. `hub_of_stop` maps a stop to its
/// scenario hub.
pub fn lines(
    feed: &Feed,
    settings: &FeedSettings,
    hub_of_stop: &[Option<HubIdx>],
    windows: &[(Secs, Secs)],
) -> Vec<Line> {
    let trip_ids: std::sync::Arc<[String]> = feed.trips.iter().map(|t| t.id.clone()).collect();
    // Keyed by (route, trip for routes without a short name, stops).
    let mut acc: BTreeMap<(usize, usize, Vec<usize>), Vec<LineRun>> = BTreeMap::new();
    let mut seen: HashSet<(usize, i64)> = HashSet::new();
    for &(from, to) in &merge_windows(windows) {
        for run in feed.runs(from, to) {
            // Windows are disjoint but a run can overlap two of them.
            if !seen.insert((run.trip, run.times[0].1 .0)) {
                continue;
            }
            let trip = &feed.trips[run.trip];
            let route = &feed.routes[trip.route];
            let trip_key = if route.short_name.is_empty() {
                run.trip
            } else {
                usize::MAX
            };
            let stops: Vec<usize> = trip.times.iter().map(|st| st.stop).collect();
            if stops.len() < 2 {
                continue;
            }
            acc.entry((trip.route, trip_key, stops))
                .or_default()
                .push(LineRun {
                    times: run.times,
                    trip: run.trip as u32,
                });
        }
    }
    let mut lines = Vec::with_capacity(acc.len());
    for ((route, trip_key, stops), mut runs) in acc {
        let hubs: Option<Vec<HubIdx>> = stops.iter().map(|&s| hub_of_stop[s]).collect();
        let Some(hubs) = hubs else { continue };
        // By times, then trip; of two trips with the same times the first
        // (in trips.txt order) names the run.
        runs.sort();
        runs.dedup_by(|b, a| a.times == b.times);
        let spec = settings.leg_spec(feed, route);
        let id = if trip_key == usize::MAX {
            feed.routes[route].short_name.clone()
        } else {
            feed.trips[trip_key].id.clone()
        };
        lines.push(Line {
            id,
            stops: hubs,
            runs,
            ambient: spec.ambient,
            cost: spec.cost,
            trip_ids: trip_ids.clone(),
            span: settings.span.clone(),
        });
    }
    lines
}

/// What [`merge`] added to a scenario.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Merged {
    /// Per stop of the feed, its hub in the scenario.
    pub hub_of_stop: Vec<Option<HubIdx>>,
    /// Number of lines added.
    pub n_lines: usize,
}

/// Why a feed cannot be added to a scenario.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum MergeError {
    /// Stop codes that are already hub codes, or repeat.
    #[error("stop codes clash: {}", .0.join(", "))]
    Clash(Vec<String>),
    /// The merged scenario breaks an invariant of the model (a bug).
    #[error("internal error: {0}")]
    Invariant(#[from] crate::model::InvariantError),
}

/// Adds a feed's stops and lines over `windows` to a resolved scenario,
/// and checks the result ([`Scenario::check_invariants`]).
///
/// # Errors
/// The hub codes that clash ([`MergeError::Clash`]; the scenario is then
/// unchanged), or a broken invariant ([`MergeError::Invariant`], a bug;
/// the scenario then holds the merged parts and must not be used).
pub fn merge(
    s: &mut Scenario,
    feed: &Feed,
    settings: &FeedSettings,
    windows: &[(Secs, Secs)],
) -> Result<Merged, MergeError> {
    let taken: HashSet<String> = s.hubs.iter().map(|h| h.code.clone()).collect();
    let sh = stop_hubs(feed, settings, &taken).map_err(MergeError::Clash)?;
    let base = s.hubs.len();
    let hub_of_stop: Vec<Option<HubIdx>> = sh.of_stop.iter().map(|o| o.map(|i| base + i)).collect();
    s.hubs.extend(sh.hubs);
    let lines = lines(feed, settings, &hub_of_stop, windows);
    let n_lines = lines.len();
    s.lines.extend(lines);
    s.walks.extend(walks(feed, &hub_of_stop));
    s.check_invariants()?;
    Ok(Merged {
        hub_of_stop,
        n_lines,
    })
}

#[cfg(test)]
mod tests;

/// A timetable scenario ([`Mode::Timetable`]) of one feed for ad-hoc
/// queries: its stops as hubs, no legs yet and no shipments. Add the
/// lines of a window with [`lines`].
pub fn query_scenario(
    feed: &Feed,
    settings: &FeedSettings,
    horizon: Secs,
) -> Result<(Scenario, Merged), MergeError> {
    let mut s = Scenario::timetable(
        format!("GTFS feed {}", settings.id),
        horizon,
        Vec::new(),
        Vec::new(),
    )?;
    let merged = merge(&mut s, feed, settings, &[])?;
    Ok((s, merged))
}
