//! The resolved scenario model: every reference is an index, every time is
//! in whole seconds, every temperature is a [`Celsius`]. A `Scenario` is
//! built only by `scenario::load` (and its siblings) and the checked
//! constructors of `invariants.rs` (timetable queries), each ending in
//! [`Scenario::check_invariants`], so its invariants hold everywhere
//! downstream. The schedule semantics are methods here (`opening.rs`:
//! on-demand departures and receiving hours). A leaf above `thermal`,
//! `delay`, `time` and `units`: the loader, `gtfs` and `ssim` all build
//! these types, and none needs another.
//!
//! Invariants:
//! - hub, product and packaging references are valid indices;
//! - temperature ranges have `lo <= hi`;
//! - durations that must be positive (block times, road travel times) are;
//! - road profiles are FIFO: leaving later never arrives earlier;
//! - a line has at least two stops and each run a time at every stop,
//!   never decreasing along the run (runs need not be FIFO: a later run
//!   may arrive first);
//! - walks have a duration of zero or more;
//! - every hub has a time zone and a climate.

mod invariants;
pub mod opening;

use std::ops::Range;

use jiff::civil::Date;

use crate::thermal::{Climate, Packaging, Product};
use crate::time::{ClockTime, DailyWindow, Weekdays};
use crate::units::{Celsius, Secs, TempRange};

pub use invariants::InvariantError;

/// The fastest a scheduled flight can cover ground, km/h. Used only for a
/// lower bound on flights given by local arrival time; cruise ground speeds
/// with strong tailwinds stay below it.
pub const MAX_GROUND_SPEED_KMH: f64 = 1300.0;

/// When the planner looks for itineraries of cargo ready at `ready`:
/// `[ready, ready + horizon]`.
pub fn planning_window(ready: Secs, horizon: Secs) -> (Secs, Secs) {
    (ready, ready + horizon)
}

/// What schedules are expanded over for cargo ready at `ready`: the
/// planning window and a day before it, so that a run that left the day
/// before and is still on its way is there (rides of a feed, the
/// daylight-saving checks).
pub fn schedule_window(ready: Secs, horizon: Secs) -> (Secs, Secs) {
    (ready - Secs(86_400), ready + horizon)
}

/// Default minimum connection time at a hub.
pub const DEFAULT_MIN_CONNECTION: Secs = Secs(3600);

/// Index of a hub in [`Scenario::hubs`].
pub type HubIdx = usize;

/// A byte range in the scenario source, for messages and annotations.
pub type SourceSpan = Range<usize>;

/// A whole scenario, resolved and validated. Built only by the loader
/// (`scenario::load`) and the constructors of `invariants.rs`, which
/// check it; `#[non_exhaustive]` keeps other crates from building one.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct Scenario {
    /// `[scenario] name`, or empty.
    pub name: String,
    /// `[scenario] description`, or empty.
    pub description: String,
    /// How far after a shipment's ready time the planner looks, seconds.
    pub horizon: Secs,
    /// Hubs: airports and other sites.
    pub hubs: Vec<Hub>,
    /// Scheduled flights.
    pub flights: Vec<Flight>,
    /// Road legs.
    pub roads: Vec<Road>,
    /// Timetabled lines (GTFS trip patterns): vehicles calling at stops.
    pub lines: Vec<Line>,
    /// Walking transfers between stops (GTFS transfers.txt, platforms of
    /// one station).
    pub walks: Vec<Walk>,
    /// Products, in file order.
    pub products: Vec<Product>,
    /// Packaging, in file order.
    pub packagings: Vec<Packaging>,
    /// Shipments, in file order.
    pub shipments: Vec<Shipment>,
    /// Named SLAs (`[sla.NAME]`), for shipment lists to refer to.
    pub slas: Vec<NamedSla>,
    /// The delay model (`[delays]` and the `delay` keys): used by the
    /// Monte Carlo of `plan --robust`, never by the planner.
    pub delays: crate::delay::Delays,
    /// Whether the temperature model applies ([`Mode`]).
    pub mode: Mode,
}

/// What a scenario plans for.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum Mode {
    /// A cold chain: a product in its packaging, every step through the
    /// temperature model (every scenario file).
    #[default]
    ColdChain,
    /// A timetable alone (`plan --gtfs`, `plan --ssim`): journeys by time,
    /// vehicles and cost, with no product, packaging or climate. The
    /// planner keeps no thermal state and no output shows a temperature,
    /// a margin or a reserve. The scenario's one product and packaging are
    /// stand-ins the planner needs for its types; nothing reads their
    /// figures.
    Timetable,
}

/// The product of a [`Mode::Timetable`] scenario, there for the planner's
/// types: a range of -100..100 C, no freeze limit, a stability budget of
/// millions of years, so it never limits a journey. Nothing shows it.
pub fn stand_in_product() -> Product {
    Product {
        id: "none".into(),
        name: "none (timetable only)".into(),
        range: TempRange::new(-100.0, 100.0),
        freeze_limit: None,
        stability: crate::thermal::Stability::Arrhenius {
            ea_over_r_k: 1.0,
            ref_temp: Celsius(5.0),
            ref_days: 1e12,
        },
        excursion_allowance_s: 0.0,
    }
}

/// The packaging of a [`Mode::Timetable`] scenario, the partner of
/// [`stand_in_product`]: a powered container that never runs out.
pub fn stand_in_packaging() -> Packaging {
    Packaging {
        id: "none".into(),
        name: "none (timetable only)".into(),
        kind: crate::thermal::PackagingKind::Active(crate::thermal::Active {
            set_point: Celsius(5.0),
            autonomy_h: 1e9,
            rated_ambient: Celsius(20.0),
            operating: TempRange::new(-100.0, 100.0),
            ua_w_per_k: 1.0,
            payload_kj_per_k: 100.0,
        }),
    }
}

/// An SLA with a name (`[sla.express]`).
#[derive(Clone, Debug, PartialEq)]
pub struct NamedSla {
    /// The name.
    pub id: String,
    /// The limits.
    pub sla: Sla,
}

impl Scenario {
    /// A lower bound on each hub-to-hub leg's duration, seconds, as edges
    /// `(from, to, secs)`: the block time of a flight (or distance at
    /// [`MAX_GROUND_SPEED_KMH`] when only a local arrival time is known),
    /// the shortest travel time of a road profile, a walk's duration, and
    /// for a ride from any stop of a line to any later one the sum of its
    /// hops' least times (no connection time on board).
    pub fn min_leg_durations(&self) -> Vec<(HubIdx, HubIdx, Secs)> {
        let mut edges = Vec::with_capacity(self.flights.len() + self.roads.len());
        for f in &self.flights {
            let secs = match f.timing {
                FlightTiming::Block(b) => b,
                FlightTiming::Arrives(_) => {
                    let (a, b) = (&self.hubs[f.from], &self.hubs[f.to]);
                    let km = great_circle_km(a.lat, a.lon, b.lat, b.lon);
                    Secs((km / MAX_GROUND_SPEED_KMH * 3600.0).floor() as i64)
                }
            };
            edges.push((f.from, f.to, secs));
        }
        for r in &self.roads {
            edges.push((r.from, r.to, r.profile.min()));
        }
        for w in &self.walks {
            edges.push((w.from, w.to, w.duration));
        }
        for l in self.lines.iter().filter(|l| !l.runs.is_empty()) {
            let hops = l.least_hops();
            for b in 0..hops.len() {
                let mut d = Secs(0);
                for (k, h) in hops.iter().enumerate().skip(b) {
                    d = d + *h;
                    edges.push((l.stops[b], l.stops[k + 1], d));
                }
            }
        }
        edges
    }

    /// The on-block instant of flight `i` leaving at `dep`, or `None` when a
    /// local arrival time with an explicit day offset would land before the
    /// departure.
    pub fn flight_arrival(&self, i: usize, dep: Secs) -> Option<Secs> {
        let s = self;
        let f = &s.flights[i];
        match f.timing {
            FlightTiming::Block(b) => Some(dep + b),
            FlightTiming::Arrives(at) => {
                let tz = &s.hubs[f.to].tz;
                let dep_local = crate::time::utc_to_local(tz, dep);
                if at.day_offset > 0 {
                    // `+N`: N days after the departure's local date at the origin.
                    let origin_date = crate::time::utc_to_local(&s.hubs[f.from].tz, dep).date;
                    let date = origin_date
                        .checked_add(jiff::Span::new().days(i64::from(at.day_offset)))
                        .ok()?;
                    let arr = crate::time::local_to_utc(tz, date, at.secs).schedule_instant();
                    (arr > dep).then_some(arr)
                } else {
                    // No offset: the first time the destination's clock shows
                    // `at` after the departure.
                    let mut date = dep_local.date;
                    for _ in 0..3 {
                        let arr = crate::time::local_to_utc(tz, date, at.secs).schedule_instant();
                        if arr > dep {
                            return Some(arr);
                        }
                        date = date.tomorrow().ok()?;
                    }
                    None
                }
            }
        }
    }

    /// Travel time of road `r` leaving at UTC `dep`, from its profile at the
    /// origin's local time of day.
    pub fn road_travel(&self, r: &Road, dep: Secs) -> Secs {
        let s = self;
        if let [(_, d)] = r.profile.points[..] {
            return d;
        }
        let local = crate::time::utc_to_local(&s.hubs[r.from].tz, dep);
        r.profile.at(local.secs_of_day)
    }

    /// [`planning_window`] with this scenario's horizon.
    pub fn planning_window(&self, ready: Secs) -> (Secs, Secs) {
        planning_window(ready, self.horizon)
    }

    /// The index of the hub with `code`.
    pub fn hub_idx(&self, code: &str) -> Option<HubIdx> {
        self.hubs.iter().position(|h| h.code == code)
    }

    /// The shipment with `id`.
    pub fn shipment(&self, id: &str) -> Option<&Shipment> {
        self.shipments.iter().find(|s| s.id == id)
    }

    /// The index of the product with `id`.
    pub fn product_idx(&self, id: &str) -> Option<usize> {
        self.products.iter().position(|p| p.id == id)
    }

    /// The index of the packaging with `id`.
    pub fn packaging_idx(&self, id: &str) -> Option<usize> {
        self.packagings.iter().position(|p| p.id == id)
    }
}

/// A place where a shipment can be: an airport, a warehouse, a clinic.
#[derive(Clone, Debug)]
pub struct Hub {
    /// IATA code or site code, unique in the scenario.
    pub code: String,
    /// Human-readable name.
    pub name: String,
    /// Latitude, degrees north.
    pub lat: f64,
    /// Longitude, degrees east.
    pub lon: f64,
    /// IANA zone name.
    pub tz_name: String,
    /// The zone itself.
    pub tz: crate::time::Zone,
    /// Whether the code came from the airport table (an apron exists).
    pub is_airport: bool,
    /// Minimum time between an arrival and the next departure, seconds.
    pub min_connection: Secs,
    /// Acceptance/delivery handling at the first and last hub, seconds.
    pub handling: Secs,
    /// Cold-room temperature, if the hub has one.
    pub cold_room: Option<Celsius>,
    /// Re-icing service duration, if offered.
    pub re_ice: Option<Secs>,
    /// Battery-recharge service duration, if offered.
    pub recharge: Option<Secs>,
    /// Landside opening hours: road pickups and services.
    pub opening: DailyWindow,
    /// When the hub receives a delivery (the `receiving` key, else
    /// `opening`): a shipment delivered here that arrives outside these
    /// hours waits at the door until they open, then is handled.
    pub receiving: DailyWindow,
    /// Monthly climate.
    pub climate: Climate,
    /// Apron solar gain at solar noon, C above air temperature.
    pub solar_gain: Celsius,
    /// Where the hub was declared.
    pub span: SourceSpan,
}

impl Hub {
    /// A hub that only passes cargo on: open at all hours, no cold room,
    /// re-icing or recharging, no handling, no solar gain, not an airport,
    /// cargo connecting after `min_connection`. The hubs of timetables
    /// (GTFS stops, SSIM airports) are these, with what their source says
    /// set on top.
    pub fn pass_through(
        code: String,
        name: String,
        (lat, lon): (f64, f64),
        tz_name: String,
        tz: crate::time::Zone,
        min_connection: Secs,
        climate: Climate,
    ) -> Hub {
        Hub {
            code,
            name,
            lat,
            lon,
            tz_name,
            tz,
            is_airport: false,
            min_connection,
            handling: Secs(0),
            cold_room: None,
            re_ice: None,
            recharge: None,
            opening: DailyWindow::ALWAYS,
            receiving: DailyWindow::ALWAYS,
            climate,
            solar_gain: Celsius(0.0),
            span: 0..0,
        }
    }

    /// The outdoor air (or, with `apron`, the apron in the sun) at this
    /// hub during UTC hour `hour` (seconds `hour * 3600` to
    /// `hour * 3600 + 3600`): the climate at the hour's midpoint, local
    /// time. One value for the whole hour, so that cutting an hour in two
    /// never changes its ambient.
    pub fn hour_air(&self, hour: i64, apron: bool) -> Celsius {
        let mid = Secs(hour * 3600 + 1800);
        let local = crate::time::utc_to_local(&self.tz, mid);
        if apron {
            self.climate
                .apron(local.month(), local.hour_f64(), self.solar_gain)
        } else {
            self.climate.at(local.month(), local.hour_f64())
        }
    }
}

/// How a flight's arrival is given.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FlightTiming {
    /// A block time (gate to gate), seconds.
    Block(Secs),
    /// A local arrival time at the destination, with optional `+N` days.
    Arrives(ClockTime),
}

/// A scheduled flight, repeating on some weekdays.
#[derive(Clone, Debug)]
pub struct Flight {
    /// Flight number.
    pub id: String,
    /// Origin hub.
    pub from: HubIdx,
    /// Destination hub.
    pub to: HubIdx,
    /// Local departure time at the origin.
    pub departs: ClockTime,
    /// Block time or local arrival.
    pub timing: FlightTiming,
    /// Weekdays of departure (local at the origin).
    pub days: Weekdays,
    /// First local departure date, inclusive.
    pub valid_from: Option<Date>,
    /// Last local departure date, inclusive.
    pub valid_to: Option<Date>,
    /// Cargo-hold temperature band, C.
    pub hold: TempRange,
    /// Apron time before departure, seconds.
    pub tarmac_departure: Secs,
    /// Apron time after arrival, seconds.
    pub tarmac_arrival: Secs,
    /// Cost per shipment, in the scenario's currency unit.
    pub cost: f64,
    /// Where the flight was declared.
    pub span: SourceSpan,
}

impl Flight {
    /// Whether the flight is scheduled to depart on local date `day` (at
    /// its origin).
    pub fn runs_on(&self, day: Date) -> bool {
        self.days.contains(day.weekday())
            && self.valid_from.is_none_or(|a| day >= a)
            && self.valid_to.is_none_or(|b| day <= b)
    }
}

/// Departure time to travel time, by local time of day at the origin.
///
/// Breakpoints are sorted by time of day; between two breakpoints the travel
/// time is interpolated linearly, and the profile wraps around midnight. The
/// loader guarantees FIFO: the slope is never below -1 s/s.
#[derive(Clone, Debug, PartialEq)]
pub struct TravelProfile {
    /// `(seconds after local midnight, travel seconds)`, sorted, non-empty.
    pub points: Vec<(u32, Secs)>,
}

impl TravelProfile {
    /// A constant travel time.
    pub fn constant(d: Secs) -> TravelProfile {
        TravelProfile {
            points: vec![(0, d)],
        }
    }

    /// Travel time when leaving at local second-of-day `t`.
    pub fn at(&self, t: u32) -> Secs {
        let pts = &self.points;
        if pts.len() == 1 {
            return pts[0].1;
        }
        let t = t % 86_400;
        // Find the segment [a, b) that holds t, wrapping past midnight.
        let i = pts.partition_point(|(s, _)| *s <= t);
        let (a, b) = if i == 0 || i == pts.len() {
            let a = pts[pts.len() - 1];
            let b = (pts[0].0 + 86_400, pts[0].1);
            (a, b)
        } else {
            (pts[i - 1], pts[i])
        };
        let t = if t < a.0 { t + 86_400 } else { t };
        let frac = (t - a.0) as f64 / (b.0 - a.0) as f64;
        Secs((a.1 .0 as f64 + frac * (b.1 .0 - a.1 .0) as f64).round() as i64)
    }

    /// The shortest travel time anywhere in the profile.
    pub fn min(&self) -> Secs {
        self.points.iter().map(|p| p.1).min().unwrap_or(Secs(0))
    }
}

/// When a road service may leave.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Departures {
    /// Whenever the shipment is ready (inside operating hours).
    OnDemand,
    /// Every so many seconds, aligned to the start of operating hours.
    Every(Secs),
}

/// The ambient inside a truck.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum RoadAmbient {
    /// A refrigerated truck at a set point.
    Reefer(Celsius),
    /// An unrefrigerated truck: the outside climate.
    Ambient,
}

/// A road leg between two hubs.
#[derive(Clone, Debug)]
pub struct Road {
    /// Service id (given, or `FROM-TO`).
    pub id: String,
    /// Origin hub.
    pub from: HubIdx,
    /// Destination hub.
    pub to: HubIdx,
    /// Travel time by local departure time.
    pub profile: TravelProfile,
    /// Inside temperature.
    pub ambient: RoadAmbient,
    /// Local operating hours for departures at the origin.
    pub hours: DailyWindow,
    /// Departure pattern.
    pub departures: Departures,
    /// Weekdays of operation (local at the origin).
    pub days: Weekdays,
    /// Cost per shipment.
    pub cost: f64,
    /// Where the road was declared.
    pub span: SourceSpan,
}

impl Road {
    /// The departures of a fixed-interval road ([`Departures::Every`]) on
    /// one local day, as seconds after that day's midnight: from the
    /// opening of its hours, every interval, while they are open (past
    /// 86,400 when the hours run past midnight). None for an on-demand
    /// road. [`Road::on_grid`] asks the same rule about one moment.
    pub fn interval_departures(&self) -> impl Iterator<Item = i64> {
        let (open, close) = (i64::from(self.hours.open), i64::from(self.hours.close));
        let close = if close > open { close } else { close + 86_400 };
        let every = match self.departures {
            Departures::Every(e) if e.0 > 0 => e.0,
            _ => 0,
        };
        let n = if every > 0 {
            (close - open + every - 1) / every
        } else {
            0
        };
        (0..n).map(move |k| open + k * every)
    }

    /// Whether local second-of-day `t` is on the road's departure grid:
    /// a whole number of intervals after the opening of its hours (always
    /// for an on-demand road). The hours themselves are not checked.
    pub fn on_grid(&self, t: u32) -> bool {
        match self.departures {
            Departures::OnDemand => true,
            Departures::Every(e) => {
                let since = (i64::from(t) - i64::from(self.hours.open)).rem_euclid(86_400);
                e.0 > 0 && since % e.0 == 0
            }
        }
    }
}

/// A timetabled line: the runs (vehicles; GTFS trips) that call at the
/// same stops in the same order, like one trip pattern of a GTFS route.
///
/// A leg on a line is a *ride*: the cargo boards a run at one stop, stays
/// on board past the stops between (no connection time, no new leg) and
/// leaves it at a later stop.
#[derive(Clone, Debug)]
pub struct Line {
    /// The route's short name, or the trip id for a route without one.
    pub id: String,
    /// The hubs called at, in order; at least two.
    pub stops: Vec<HubIdx>,
    /// The runs, sorted by their times, without duplicates.
    pub runs: Vec<LineRun>,
    /// Inside temperature, standing at stops as well as moving.
    pub ambient: RoadAmbient,
    /// Cost per shipment of one ride.
    pub cost: f64,
    /// Trip names (GTFS `trip_id`), shared by every line of a feed.
    pub trip_ids: std::sync::Arc<[String]>,
    /// Where the line's feed was declared.
    pub span: SourceSpan,
}

/// A walking transfer from one stop to another: the cargo, just off a
/// vehicle (or ready at its origin), is carried to the other stop and is
/// available there after `duration`, instead of waiting out the
/// connection time where it landed. At most one walk between two legs;
/// a walk is not a leg.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Walk {
    /// Where the walk starts.
    pub from: HubIdx,
    /// Where it ends.
    pub to: HubIdx,
    /// How long it takes, connection included.
    pub duration: Secs,
}

/// One vehicle's pass along a [`Line`].
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct LineRun {
    /// UTC `(arrival, departure)` at each stop of the line, in order;
    /// never decreasing.
    pub times: Vec<(Secs, Secs)>,
    /// Its trip: an index into [`Line::trip_ids`].
    pub trip: u32,
}

impl Line {
    /// The trip name of run `run`.
    pub fn trip_name(&self, run: usize) -> &str {
        self.trip_ids
            .get(self.runs[run].trip as usize)
            .map_or("", String::as_str)
    }

    /// Per hop `k` (stop `k` to `k + 1`), the least time any run takes
    /// from its departure at `k` to its arrival at `k + 1`.
    pub fn least_hops(&self) -> Vec<Secs> {
        let n = self.stops.len().saturating_sub(1);
        let mut least = vec![Secs(i64::MAX); n];
        for r in &self.runs {
            for (k, l) in least.iter_mut().enumerate() {
                *l = (*l).min(r.times[k + 1].0 - r.times[k].1);
            }
        }
        least
    }
}

/// What a shipment must achieve.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Sla {
    /// Maximum door-to-door transit, seconds.
    pub max_transit: Secs,
    /// Minimum thermal margin at arrival, seconds.
    pub min_margin: Secs,
    /// Maximum cumulative time out of the product range, seconds.
    pub max_excursion: Secs,
    /// Maximum share of the stability budget used, 0..=1.
    pub max_stability: f64,
}

/// Slack on cumulative time out of range in every comparison with a limit,
/// s: the figure is a sum of floating-point piece durations, so a plan that
/// sits exactly on its allowance may sum to a hair above it.
pub const EXCURSION_SLACK_S: f64 = 1e-6;

/// The figures of a delivered plan that an SLA judges.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SlaFigures {
    /// Door-to-door transit.
    pub transit: Secs,
    /// Thermal margin on delivery, s (`f64::INFINITY` = indefinitely).
    pub margin_s: f64,
    /// Time out of the product range, s.
    pub out_of_range_s: f64,
    /// Stability budget used, fraction.
    pub stability_used: f64,
    /// Whether the payload went below the freeze limit.
    pub frozen: bool,
}

/// Each SLA criterion, passed or not.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SlaVerdict {
    /// Transit within `max_transit`.
    pub transit: bool,
    /// Margin at least `min_margin`.
    pub margin: bool,
    /// Time out of range within `max_excursion` (with [`EXCURSION_SLACK_S`]).
    pub excursion: bool,
    /// Stability used within `max_stability`.
    pub stability: bool,
    /// No freeze.
    pub freeze: bool,
}

impl SlaVerdict {
    /// Whether every criterion passes.
    pub fn pass(&self) -> bool {
        self.transit && self.margin && self.excursion && self.stability && self.freeze
    }

    /// The first criterion that fails, in the order transit, margin,
    /// excursion, stability, freeze; `None` when all pass.
    pub fn first_failing(&self) -> Option<&'static str> {
        [
            (self.transit, "transit"),
            (self.margin, "margin"),
            (self.excursion, "excursion"),
            (self.stability, "stability"),
            (self.freeze, "freeze"),
        ]
        .into_iter()
        .find(|(ok, _)| !ok)
        .map(|(_, name)| name)
    }
}

impl Sla {
    /// Judges a plan's figures: the one definition of pass and fail that
    /// the planner, the SLA check and the test oracle share.
    pub fn judge(&self, f: &SlaFigures) -> SlaVerdict {
        SlaVerdict {
            transit: f.transit <= self.max_transit,
            margin: f.margin_s >= self.min_margin.0 as f64,
            excursion: f.out_of_range_s <= self.max_excursion.0 as f64 + EXCURSION_SLACK_S,
            stability: f.stability_used <= self.max_stability,
            freeze: !f.frozen,
        }
    }
}

/// A consignment to plan. Built by the loader, `ShipmentResolver` (ad-hoc
/// specs, checked against the scenario) and [`Shipment::journey`];
/// `#[non_exhaustive]` keeps other crates from building one.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct Shipment {
    /// Shipment id, unique in the scenario.
    pub id: String,
    /// Index into [`Scenario::products`].
    pub product: usize,
    /// Index into [`Scenario::packagings`].
    pub packaging: usize,
    /// Origin hub.
    pub from: HubIdx,
    /// Destination hub.
    pub to: HubIdx,
    /// Ready for pickup at the origin, UTC seconds.
    pub ready: Secs,
    /// Payload temperature when packed.
    pub payload_start: Celsius,
    /// The service level agreement.
    pub sla: Sla,
    /// Where the shipment was declared.
    pub span: SourceSpan,
}

impl Shipment {
    /// The journey of a timetable query ([`Mode::Timetable`]): `ad-hoc`,
    /// from hub `from` to hub `to`, ready at `ready`, with no limit but
    /// `max_transit` (the scenario's stand-in product and packaging).
    pub fn journey(from: HubIdx, to: HubIdx, ready: Secs, max_transit: Secs) -> Shipment {
        Shipment {
            id: "ad-hoc".into(),
            product: 0,
            packaging: 0,
            from,
            to,
            ready,
            payload_start: Celsius(5.0),
            sla: Sla {
                max_transit,
                min_margin: Secs(0),
                max_excursion: Secs(0),
                max_stability: 1.0,
            },
            span: 0..0,
        }
    }
}

/// Great-circle (haversine) distance in km on the mean Earth radius.
pub fn great_circle_km(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    use geo::{Distance, Haversine, Point};
    Haversine.distance(Point::new(lon1, lat1), Point::new(lon2, lat2)) / 1000.0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn road(hours: &str, every_min: i64) -> Road {
        Road {
            id: "r".into(),
            from: 0,
            to: 1,
            profile: TravelProfile::constant(Secs(3600)),
            ambient: RoadAmbient::Ambient,
            hours: DailyWindow::parse(hours).unwrap(),
            departures: Departures::Every(Secs(every_min * 60)),
            days: Weekdays::DAILY,
            cost: 0.0,
            span: 0..0,
        }
    }

    #[test]
    fn interval_departures_are_exactly_the_moments_on_the_grid_inside_the_hours() {
        for (hours, every) in [
            ("06:00-22:00", 45),
            ("22:00-05:00", 50),
            ("00:00-24:00", 7),
            ("05:30-05:40", 60),
            ("23:59-00:01", 1),
        ] {
            let r = road(hours, every);
            let listed: Vec<u32> = r
                .interval_departures()
                .map(|k| (k % 86_400) as u32)
                .collect();
            let mut sorted = listed.clone();
            sorted.sort_unstable();
            sorted.dedup();
            assert_eq!(
                sorted.len(),
                listed.len(),
                "{hours} every {every}: a repeat"
            );
            let on: Vec<u32> = (0..86_400)
                .filter(|&t| r.hours.contains(t) && r.on_grid(t))
                .collect();
            assert_eq!(sorted, on, "{hours} every {every}");
        }
        let mut r = road("06:00-22:00", 30);
        r.departures = Departures::OnDemand;
        assert_eq!(r.interval_departures().count(), 0);
        assert!(r.on_grid(12_345));
    }
}
