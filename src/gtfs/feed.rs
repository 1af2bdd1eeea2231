//! A GTFS feed in checked, indexed form, and the expansion of its trips
//! into absolute times.

use std::collections::{BTreeSet, HashMap};
use std::fmt;

use jiff::civil::Date;
use jiff::tz::TimeZone;

use crate::time::{self, local_to_utc, utc_to_local};
use crate::units::Secs;

/// A problem in a feed, located as precisely as the data allows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FeedError {
    /// The feed file, like `stop_times.txt`.
    pub file: String,
    /// The line in that file (the header is line 1), when known.
    pub line: Option<u64>,
    /// The column (header name), when known.
    pub column: Option<String>,
    /// What is wrong, lowercase.
    pub message: String,
}

impl FeedError {
    fn at(file: &str, idx: usize, column: &str, message: impl Into<String>) -> FeedError {
        FeedError {
            file: file.into(),
            // Records are numbered from 0 and follow the header line; a
            // record spanning several lines (a quoted newline) shifts this.
            line: Some(idx as u64 + 2),
            column: Some(column.into()),
            message: message.into(),
        }
    }
}

impl fmt::Display for FeedError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(l) = self.line {
            write!(f, ":{l}")?;
        }
        if let Some(c) = &self.column {
            write!(f, ": column `{c}`")?;
        }
        write!(f, ": {}", self.message)
    }
}

/// An agency: its id and the zone its times are read in.
#[derive(Clone, Debug)]
pub struct Agency {
    /// `agency_id` (empty when the feed has one agency and gives none).
    pub id: String,
    /// `agency_name`.
    pub name: String,
    /// `agency_timezone`.
    pub tz_name: String,
    /// The zone.
    pub tz: TimeZone,
}

/// A stop.
#[derive(Clone, Debug)]
pub struct Stop {
    /// `stop_id`.
    pub id: String,
    /// `stop_code`.
    pub code: Option<String>,
    /// `stop_name` (the id when absent).
    pub name: String,
    /// Latitude, degrees north.
    pub lat: f64,
    /// Longitude, degrees east.
    pub lon: f64,
    /// `stop_timezone` and its zone, when given.
    pub tz: Option<(String, TimeZone)>,
    /// `location_type = 1`: a station, the parent of platforms.
    pub is_station: bool,
    /// `parent_station`, as an index into [`Feed::stops`].
    pub parent: Option<usize>,
}

/// A transfers.txt row between two different stops (or stations).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Transfer {
    /// Index into [`Feed::stops`].
    pub from: usize,
    /// Index into [`Feed::stops`].
    pub to: usize,
    /// `min_transfer_time`, if given.
    pub min_time: Option<Secs>,
    /// `transfer_type = 3`: not possible.
    pub impossible: bool,
}

/// A route.
#[derive(Clone, Debug)]
pub struct Route {
    /// `route_id`.
    pub id: String,
    /// `route_short_name`, or empty.
    pub short_name: String,
    /// Index into [`Feed::agencies`].
    pub agency: usize,
    /// `route_type` as its number (3 = bus, 2 = rail, ...).
    pub route_type: i16,
}

/// A stop of a trip, times in seconds after "noon minus 12h" of the
/// service date in the agency's zone.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StopTime {
    /// Index into [`Feed::stops`].
    pub stop: usize,
    /// Arrival, seconds.
    pub arr: i64,
    /// Departure, seconds.
    pub dep: i64,
}

/// A frequencies.txt window of a trip.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Headway {
    /// First departure from the first stop, seconds.
    pub start: i64,
    /// Departures start before this, seconds.
    pub end: i64,
    /// Seconds between departures.
    pub headway: i64,
    /// `exact_times = 1` (schedule based); 0 is expanded the same way.
    pub exact: bool,
}

/// A trip.
#[derive(Clone, Debug)]
pub struct Trip {
    /// `trip_id`.
    pub id: String,
    /// Index into [`Feed::routes`].
    pub route: usize,
    /// Index into [`Feed::services`].
    pub service: usize,
    /// Stops in `stop_sequence` order, with times.
    pub times: Vec<StopTime>,
    /// frequencies.txt windows; empty for a trip that runs once a day.
    pub headways: Vec<Headway>,
}

/// A service: the dates it runs on.
#[derive(Clone, Debug, Default)]
pub struct Service {
    /// `service_id`.
    pub id: String,
    /// Weekdays from calendar.txt, Monday first; all false without a row.
    pub days: [bool; 7],
    /// calendar.txt `start_date` and `end_date`.
    pub range: Option<(Date, Date)>,
    /// calendar_dates.txt `exception_type = 1`.
    pub added: BTreeSet<Date>,
    /// calendar_dates.txt `exception_type = 2`.
    pub removed: BTreeSet<Date>,
}

impl Service {
    /// Whether the service runs on `date`.
    pub fn runs_on(&self, date: Date) -> bool {
        if self.removed.contains(&date) {
            return false;
        }
        if self.added.contains(&date) {
            return true;
        }
        match self.range {
            Some((a, b)) => {
                date >= a && date <= b && self.days[date.weekday().to_monday_zero_offset() as usize]
            }
            None => false,
        }
    }
}

/// A run of a trip on one service date: absolute `(arrival, departure)`
/// per stop of the trip.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Run {
    /// Index into [`Feed::trips`].
    pub trip: usize,
    /// The service date.
    pub date: Date,
    /// UTC `(arrival, departure)` at each of the trip's stops.
    pub times: Vec<(Secs, Secs)>,
}

/// A checked feed.
#[derive(Clone, Debug)]
pub struct Feed {
    /// Agencies.
    pub agencies: Vec<Agency>,
    /// Stops, in stops.txt order.
    pub stops: Vec<Stop>,
    /// Routes.
    pub routes: Vec<Route>,
    /// Trips, in trips.txt order.
    pub trips: Vec<Trip>,
    /// Services.
    pub services: Vec<Service>,
    /// Per stop, the `min_transfer_time` of a transfers.txt row from the
    /// stop to itself (the largest when several).
    pub min_transfer: Vec<Option<Secs>>,
    /// transfers.txt rows between two different stops, and rows from a
    /// station to itself (the time to change platforms there).
    pub transfers: Vec<Transfer>,
}

fn csv_error(e: &gtfs_structures::Error) -> FeedError {
    use gtfs_structures::Error as E;
    match e {
        E::CSVError {
            file_name,
            source,
            line_in_error,
        } => {
            let line = source.position().map(|p| p.line());
            // csv says "CSV deserialize error: record 9 (line: 10, byte:
            // 264): field 3: message", with the field only when serde knew
            // it; keep the message and name the column.
            let text = source.to_string();
            let mut message = match text.rfind("): ") {
                Some(i) => text[i + 3..].to_string(),
                None => text.clone(),
            };
            let mut column = None;
            if let Some(rest) = message.strip_prefix("field ") {
                let (num, msg) = rest.split_once(": ").unwrap_or((rest, ""));
                if let Ok(k) = num.parse::<usize>() {
                    column = line_in_error
                        .as_ref()
                        .and_then(|l| l.headers.get(k).cloned());
                }
                message = msg.to_string();
            }
            if column.is_none() {
                // The column whose value the message quotes, when only one
                // value of the row is quoted.
                if let Some(l) = line_in_error {
                    let hits: Vec<usize> = (0..l.values.len())
                        .filter(|&k| {
                            !l.values[k].is_empty()
                                && message.contains(&format!("'{}'", l.values[k]))
                        })
                        .collect();
                    if let [k] = hits.as_slice() {
                        column = l.headers.get(*k).cloned();
                    }
                }
            }
            let message = message.trim().trim_end_matches('.').to_string();
            FeedError {
                file: file_name.clone(),
                line,
                column,
                message,
            }
        }
        E::MissingFile(f) => FeedError {
            file: f.clone(),
            line: None,
            column: None,
            message: "the file is missing; a feed needs agency.txt, stops.txt, routes.txt, trips.txt and stop_times.txt".into(),
        },
        E::NamedFileIO { file_name, source } => FeedError {
            file: file_name.clone(),
            line: None,
            column: None,
            message: format!("cannot read it: {source}"),
        },
        other => FeedError {
            file: "(feed)".into(),
            line: None,
            column: None,
            message: other.to_string(),
        },
    }
}

fn date1(d: &impl fmt::Display) -> Option<Date> {
    // gtfs-structures has its own jiff; go through the ISO text.
    d.to_string().parse().ok()
}

impl Feed {
    /// Checks and indexes what `gtfs-structures` read. Returns every
    /// problem found, each with its file and, where known, line and column.
    pub fn from_raw(raw: gtfs_structures::RawGtfs) -> Result<Feed, Vec<FeedError>> {
        let mut errs: Vec<FeedError> = Vec::new();
        macro_rules! take {
            ($r:expr) => {
                match $r {
                    Ok(v) => v,
                    Err(e) => {
                        errs.push(csv_error(&e));
                        Vec::new()
                    }
                }
            };
        }
        macro_rules! take_opt {
            ($r:expr) => {
                match $r {
                    None => Vec::new(),
                    Some(r) => take!(r),
                }
            };
        }
        let raw_agencies = take!(raw.agencies);
        let raw_stops = take!(raw.stops);
        let raw_routes = take!(raw.routes);
        let raw_trips = take!(raw.trips);
        let raw_times = take!(raw.stop_times);
        let raw_calendar = take_opt!(raw.calendar);
        let raw_dates = take_opt!(raw.calendar_dates);
        let raw_freq = take_opt!(raw.frequencies);
        let raw_transfers = take_opt!(raw.transfers);
        if !errs.is_empty() {
            return Err(errs);
        }

        let mut agencies = Vec::new();
        for (i, a) in raw_agencies.iter().enumerate() {
            let tz = time::time_zone(&a.timezone).unwrap_or_else(|_| {
                errs.push(FeedError::at(
                    "agency.txt",
                    i,
                    "agency_timezone",
                    format!("`{}` is not an IANA time zone", a.timezone),
                ));
                // Kept so that its routes are not reported again.
                TimeZone::UTC
            });
            agencies.push(Agency {
                id: a.id.clone().unwrap_or_default(),
                name: a.name.clone(),
                tz_name: a.timezone.clone(),
                tz,
            });
        }
        if raw_agencies.is_empty() {
            errs.push(FeedError {
                file: "agency.txt".into(),
                line: None,
                column: None,
                message: "the feed has no agency".into(),
            });
        }
        let agency_idx: HashMap<&str, usize> = agencies
            .iter()
            .enumerate()
            .map(|(i, a)| (a.id.as_str(), i))
            .collect();

        let mut stops = Vec::with_capacity(raw_stops.len());
        for (i, s) in raw_stops.iter().enumerate() {
            let tz = match &s.timezone {
                Some(name) if !name.is_empty() => match time::time_zone(name) {
                    Ok(tz) => Some((name.clone(), tz)),
                    Err(_) => {
                        errs.push(FeedError::at(
                            "stops.txt",
                            i,
                            "stop_timezone",
                            format!("`{name}` is not an IANA time zone"),
                        ));
                        None
                    }
                },
                _ => None,
            };
            let (lat, lon) = (
                s.latitude.unwrap_or(f64::NAN),
                s.longitude.unwrap_or(f64::NAN),
            );
            stops.push(Stop {
                id: s.id.clone(),
                code: s.code.clone().filter(|c| !c.is_empty()),
                name: s.name.clone().unwrap_or_else(|| s.id.clone()),
                lat,
                lon,
                tz,
                is_station: s.location_type == gtfs_structures::LocationType::StopArea,
                parent: None,
            });
        }
        let stop_idx: HashMap<&str, usize> = stops
            .iter()
            .enumerate()
            .map(|(i, s)| (s.id.as_str(), i))
            .collect();
        let mut parents: Vec<(usize, usize)> = Vec::new();
        for (i, s) in raw_stops.iter().enumerate() {
            if let Some(p) = s.parent_station.as_deref().filter(|p| !p.is_empty()) {
                match stop_idx.get(p) {
                    Some(&k) if k != i => parents.push((i, k)),
                    _ => errs.push(FeedError::at(
                        "stops.txt",
                        i,
                        "parent_station",
                        format!("unknown parent station `{p}`"),
                    )),
                }
            }
        }
        drop(stop_idx);
        for (i, k) in parents {
            stops[i].parent = Some(k);
        }
        let stop_idx: HashMap<&str, usize> = stops
            .iter()
            .enumerate()
            .map(|(i, s)| (s.id.as_str(), i))
            .collect();

        let mut routes = Vec::with_capacity(raw_routes.len());
        for (i, r) in raw_routes.iter().enumerate() {
            let agency = match &r.agency_id {
                Some(a) if !a.is_empty() => agency_idx.get(a.as_str()).copied(),
                _ if agencies.len() == 1 => Some(0),
                _ => None,
            };
            let Some(agency) = agency else {
                errs.push(FeedError::at(
                    "routes.txt",
                    i,
                    "agency_id",
                    match &r.agency_id {
                        Some(a) if !a.is_empty() => format!("unknown agency `{a}`"),
                        _ => "the feed has several agencies, so each route needs an agency_id"
                            .to_string(),
                    },
                ));
                continue;
            };
            routes.push(Route {
                id: r.id.clone(),
                short_name: r.short_name.clone().unwrap_or_default(),
                agency,
                route_type: route_type_code(&r.route_type),
            });
        }
        let route_idx: HashMap<&str, usize> = routes
            .iter()
            .enumerate()
            .map(|(i, r)| (r.id.as_str(), i))
            .collect();

        let mut services: Vec<Service> = Vec::new();
        let mut service_idx: HashMap<String, usize> = HashMap::new();
        let mut service = |id: &str, services: &mut Vec<Service>| -> usize {
            *service_idx.entry(id.to_string()).or_insert_with(|| {
                services.push(Service {
                    id: id.to_string(),
                    ..Service::default()
                });
                services.len() - 1
            })
        };
        for (i, c) in raw_calendar.iter().enumerate() {
            let k = service(&c.id, &mut services);
            let (Some(a), Some(b)) = (date1(&c.start_date), date1(&c.end_date)) else {
                errs.push(FeedError::at("calendar.txt", i, "start_date", "bad date"));
                continue;
            };
            services[k].days = [
                c.monday,
                c.tuesday,
                c.wednesday,
                c.thursday,
                c.friday,
                c.saturday,
                c.sunday,
            ];
            services[k].range = Some((a, b));
        }
        for (i, c) in raw_dates.iter().enumerate() {
            let k = service(&c.service_id, &mut services);
            let Some(d) = date1(&c.date) else {
                errs.push(FeedError::at("calendar_dates.txt", i, "date", "bad date"));
                continue;
            };
            match c.exception_type {
                gtfs_structures::Exception::Added => services[k].added.insert(d),
                gtfs_structures::Exception::Deleted => services[k].removed.insert(d),
            };
        }
        let known_services: usize = services.len();

        let mut trips = Vec::with_capacity(raw_trips.len());
        let mut trip_idx: HashMap<&str, usize> = HashMap::new();
        for (i, t) in raw_trips.iter().enumerate() {
            let Some(&route) = route_idx.get(t.route_id.as_str()) else {
                errs.push(FeedError::at(
                    "trips.txt",
                    i,
                    "route_id",
                    format!("unknown route `{}`", t.route_id),
                ));
                continue;
            };
            let svc = service(&t.service_id, &mut services);
            if svc >= known_services {
                errs.push(FeedError::at(
                    "trips.txt",
                    i,
                    "service_id",
                    format!(
                        "unknown service `{}`: neither calendar.txt nor calendar_dates.txt has it",
                        t.service_id
                    ),
                ));
                continue;
            }
            if trip_idx.insert(t.id.as_str(), trips.len()).is_some() {
                errs.push(FeedError::at(
                    "trips.txt",
                    i,
                    "trip_id",
                    format!("duplicate trip `{}`", t.id),
                ));
                continue;
            }
            trips.push(Trip {
                id: t.id.clone(),
                route,
                service: svc,
                times: Vec::new(),
                headways: Vec::new(),
            });
        }

        // Stop times: (sequence, line index, stop, arr, dep) per trip.
        type Row = (u32, usize, usize, Option<u32>, Option<u32>);
        let mut rows: Vec<Vec<Row>> = vec![Vec::new(); trips.len()];
        for (i, st) in raw_times.iter().enumerate() {
            let Some(&t) = trip_idx.get(st.trip_id.as_str()) else {
                errs.push(FeedError::at(
                    "stop_times.txt",
                    i,
                    "trip_id",
                    format!("unknown trip `{}`", st.trip_id),
                ));
                continue;
            };
            let Some(&s) = stop_idx.get(st.stop_id.as_str()) else {
                errs.push(FeedError::at(
                    "stop_times.txt",
                    i,
                    "stop_id",
                    format!("unknown stop `{}`", st.stop_id),
                ));
                continue;
            };
            let st_ref = &stops[s];
            if !(st_ref.lat.is_finite()
                && st_ref.lon.is_finite()
                && (-90.0..=90.0).contains(&st_ref.lat)
                && (-180.0..=180.0).contains(&st_ref.lon))
            {
                let k = raw_stops
                    .iter()
                    .position(|x| x.id == st.stop_id)
                    .unwrap_or(0);
                let e = FeedError::at(
                    "stops.txt",
                    k,
                    "stop_lat",
                    format!(
                        "stop `{}` is served by trips but has no valid position",
                        st.stop_id
                    ),
                );
                if !errs.contains(&e) {
                    errs.push(e);
                }
            }
            rows[t].push((st.stop_sequence, i, s, st.arrival_time, st.departure_time));
        }
        for (t, mut rs) in rows.into_iter().enumerate() {
            rs.sort_by_key(|r| r.0);
            for w in rs.windows(2) {
                if w[0].0 == w[1].0 {
                    errs.push(FeedError::at(
                        "stop_times.txt",
                        w[1].1,
                        "stop_sequence",
                        format!("trip `{}` has stop_sequence {} twice", trips[t].id, w[1].0),
                    ));
                }
            }
            let n = rs.len();
            let mut times: Vec<Option<(i64, i64)>> = rs
                .iter()
                .map(|r| match (r.3, r.4) {
                    (None, None) => None,
                    (a, d) => {
                        let a = a.or(d).unwrap_or(0) as i64;
                        let d = d.or(Some(a as u32)).unwrap_or(0) as i64;
                        Some((a, d))
                    }
                })
                .collect();
            if n > 0 && (times[0].is_none() || times[n - 1].is_none()) {
                let k = if times[0].is_none() { 0 } else { n - 1 };
                errs.push(FeedError::at(
                    "stop_times.txt",
                    rs[k].1,
                    "arrival_time",
                    format!(
                        "trip `{}` has no time at its first or last stop",
                        trips[t].id
                    ),
                ));
                continue;
            }
            // Stops without times (non-timepoints) are interpolated by
            // position between the timed stops around them.
            let mut k = 0;
            while k < n {
                if times[k].is_some() {
                    k += 1;
                    continue;
                }
                let a = k - 1;
                let b = (k..n).find(|&j| times[j].is_some()).unwrap_or(n - 1);
                let (ta, tb) = (times[a].unwrap_or((0, 0)).1, times[b].unwrap_or((0, 0)).0);
                for (j, t) in times.iter_mut().enumerate().take(b).skip(k) {
                    let x = ta + (tb - ta) * (j - a) as i64 / (b - a) as i64;
                    *t = Some((x, x));
                }
                k = b;
            }
            let mut prev = i64::MIN;
            let mut ok = true;
            for (r, tm) in rs.iter().zip(&times) {
                let (a, d) = tm.unwrap_or((0, 0));
                if a < prev || d < a {
                    errs.push(FeedError::at(
                        "stop_times.txt",
                        r.1,
                        if d < a {
                            "departure_time"
                        } else {
                            "arrival_time"
                        },
                        format!(
                            "trip `{}` goes back in time at stop_sequence {}",
                            trips[t].id, r.0
                        ),
                    ));
                    ok = false;
                    break;
                }
                prev = d;
            }
            if ok {
                trips[t].times = rs
                    .iter()
                    .zip(&times)
                    .map(|(r, tm)| {
                        let (arr, dep) = tm.unwrap_or((0, 0));
                        StopTime {
                            stop: r.2,
                            arr,
                            dep,
                        }
                    })
                    .collect();
            }
        }

        for (i, f) in raw_freq.iter().enumerate() {
            let Some(&t) = trip_idx.get(f.trip_id.as_str()) else {
                errs.push(FeedError::at(
                    "frequencies.txt",
                    i,
                    "trip_id",
                    format!("unknown trip `{}`", f.trip_id),
                ));
                continue;
            };
            if f.headway_secs == 0 {
                errs.push(FeedError::at(
                    "frequencies.txt",
                    i,
                    "headway_secs",
                    "the headway must be longer than zero",
                ));
                continue;
            }
            if f.end_time <= f.start_time {
                errs.push(FeedError::at(
                    "frequencies.txt",
                    i,
                    "end_time",
                    "end_time must be after start_time",
                ));
                continue;
            }
            trips[t].headways.push(Headway {
                start: f.start_time as i64,
                end: f.end_time as i64,
                headway: f.headway_secs as i64,
                exact: matches!(
                    f.exact_times,
                    Some(gtfs_structures::ExactTimes::ScheduleBased)
                ),
            });
        }

        let mut min_transfer: Vec<Option<Secs>> = vec![None; stops.len()];
        let mut transfers: Vec<Transfer> = Vec::new();
        for (i, x) in raw_transfers.iter().enumerate() {
            let (Some(&a), Some(&b)) = (
                stop_idx.get(x.from_stop_id.as_str()),
                stop_idx.get(x.to_stop_id.as_str()),
            ) else {
                errs.push(FeedError::at(
                    "transfers.txt",
                    i,
                    "from_stop_id",
                    format!("unknown stop `{}` or `{}`", x.from_stop_id, x.to_stop_id),
                ));
                continue;
            };
            let impossible = x.transfer_type == gtfs_structures::TransferType::Impossible;
            if a != b || stops[a].is_station {
                transfers.push(Transfer {
                    from: a,
                    to: b,
                    min_time: x.min_transfer_time.map(|m| Secs(i64::from(m))),
                    impossible,
                });
            }
            if a == b && !impossible {
                if let Some(m) = x.min_transfer_time {
                    let m = Secs(i64::from(m));
                    min_transfer[a] = Some(min_transfer[a].map_or(m, |o: Secs| o.max(m)));
                }
            }
        }

        if errs.is_empty() {
            Ok(Feed {
                agencies,
                stops,
                routes,
                trips,
                services,
                min_transfer,
                transfers,
            })
        } else {
            Err(errs)
        }
    }

    /// Every run of every trip that overlaps UTC `[from, to]`: its first
    /// departure is at or before `to` and its last arrival at or after
    /// `from`. Sorted by trip, then first departure.
    ///
    /// A trip runs on each service date its service is active; its times
    /// count from noon minus 12 h of that date in its agency's zone (so
    /// `25:10:00` is 01:10 the next day, and a day with a DST change is
    /// 23 or 25 hours long as GTFS specifies). A trip in frequencies.txt
    /// runs at `start_time`, then every `headway_secs` while before
    /// `end_time`, keeping its stop-to-stop times.
    pub fn runs(&self, from: Secs, to: Secs) -> Vec<Run> {
        let mut out = Vec::new();
        // How far past its service date a trip can reach, in days.
        let reach_days = self
            .trips
            .iter()
            .flat_map(|t| {
                let span =
                    t.times.last().map_or(0, |l| l.arr) - t.times.first().map_or(0, |f| f.dep);
                let last = t.times.last().map_or(0, |l| l.arr);
                let freq = t.headways.iter().map(move |h| h.end + span);
                std::iter::once(last).chain(freq)
            })
            .max()
            .unwrap_or(0)
            .div_euclid(86_400)
            + 2;
        for (ti, t) in self.trips.iter().enumerate() {
            if t.times.len() < 2 {
                continue;
            }
            let svc = &self.services[t.service];
            let tz = &self.agencies[self.routes[t.route].agency].tz;
            let first = utc_to_local(tz, from).date;
            let last = utc_to_local(tz, to).date;
            let Ok(mut d) = first.checked_sub(jiff::Span::new().days(reach_days)) else {
                continue;
            };
            while d <= last {
                if svc.runs_on(d) {
                    let base = local_to_utc(tz, d, 12 * 3600).schedule_instant() - Secs(12 * 3600);
                    let mut push = |shift: i64| {
                        let times: Vec<(Secs, Secs)> = t
                            .times
                            .iter()
                            .map(|st| (base + Secs(st.arr + shift), base + Secs(st.dep + shift)))
                            .collect();
                        if times[0].1 <= to && times[times.len() - 1].0 >= from {
                            out.push(Run {
                                trip: ti,
                                date: d,
                                times,
                            });
                        }
                    };
                    if t.headways.is_empty() {
                        push(0);
                    } else {
                        for h in &t.headways {
                            let mut k = h.start;
                            while k < h.end {
                                push(k - t.times[0].dep);
                                k += h.headway;
                            }
                        }
                    }
                }
                match d.tomorrow() {
                    Ok(n) => d = n,
                    Err(_) => break,
                }
            }
        }
        out
    }

    /// The stops a query may name as `name`: by `stop_id`, else by
    /// `stop_code`, else by `stop_name` (case-insensitive, a station
    /// standing for its platforms of the same name). Only stops that some
    /// trip serves count, and stations with such a platform.
    pub fn find_stops(&self, name: &str) -> Vec<usize> {
        // Stops some trip serves, and stations with such a platform.
        let mut served = self.served_stops();
        for i in 0..self.stops.len() {
            if served[i] {
                if let Some(p) = self.stops[i].parent {
                    served[p] = true;
                }
            }
        }
        let pick = |f: &dyn Fn(&Stop) -> bool| -> Vec<usize> {
            (0..self.stops.len())
                .filter(|&i| served[i] && f(&self.stops[i]))
                .collect()
        };
        let by_id = pick(&|s| s.id == name);
        if !by_id.is_empty() {
            return by_id;
        }
        let by_code = pick(&|s| s.code.as_deref() == Some(name));
        if !by_code.is_empty() {
            return by_code;
        }
        // By name, a station stands for its platforms of the same name.
        let mut found = pick(&|s| s.name.eq_ignore_ascii_case(name));
        let stations: Vec<usize> = found
            .iter()
            .copied()
            .filter(|&i| self.stops[i].is_station)
            .collect();
        found.retain(|&i| !self.stops[i].parent.is_some_and(|p| stations.contains(&p)));
        found
    }

    /// Per stop, whether a run overlapping `[from, to]` (UTC) serves it.
    pub fn served_between(&self, from: Secs, to: Secs) -> Vec<bool> {
        let mut v = vec![false; self.stops.len()];
        for run in self.runs(from, to) {
            for st in &self.trips[run.trip].times {
                v[st.stop] = true;
            }
        }
        v
    }

    /// The first and last dates any service of the feed runs on
    /// (calendar.txt ranges and calendar_dates.txt additions), if any.
    pub fn service_span(&self) -> Option<(Date, Date)> {
        let mut span: Option<(Date, Date)> = None;
        let mut see = |a: Date, b: Date| {
            span = Some(span.map_or((a, b), |(x, y)| (x.min(a), y.max(b))));
        };
        for sv in &self.services {
            if let Some((a, b)) = sv.range {
                if sv.days.iter().any(|&d| d) {
                    see(a, b);
                }
            }
            for &d in &sv.added {
                see(d, d);
            }
        }
        span
    }

    /// Per stop, whether some trip serves it.
    pub fn served_stops(&self) -> Vec<bool> {
        let mut v = vec![false; self.stops.len()];
        for t in &self.trips {
            for st in &t.times {
                v[st.stop] = true;
            }
        }
        v
    }

    /// Number of stop-to-next-stop connections of the runs overlapping
    /// `[from, to]`.
    pub fn n_connections(&self, from: Secs, to: Secs) -> usize {
        self.runs(from, to)
            .iter()
            .map(|r| r.times.len().saturating_sub(1))
            .sum()
    }
}

fn route_type_code(t: &gtfs_structures::RouteType) -> i16 {
    use gtfs_structures::RouteType as R;
    match t {
        R::Tramway => 0,
        R::Subway => 1,
        R::Rail => 2,
        R::Bus => 3,
        R::Ferry => 4,
        R::CableCar => 5,
        R::Gondola => 6,
        R::Funicular => 7,
        R::Extended(e) => *e as i16,
        R::Other(i) => *i,
    }
}
