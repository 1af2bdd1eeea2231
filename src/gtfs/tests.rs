//! Unit tests of the expansion of trips into runs and rides, on feeds
//! built in memory.

use std::collections::{BTreeSet, HashSet};

use jiff::civil::date;

use super::*;

fn ts(s: &str) -> Secs {
    Secs(s.parse::<jiff::Timestamp>().unwrap().as_second())
}

fn stop(id: &str, lat: f64, lon: f64) -> Stop {
    Stop {
        id: id.into(),
        code: None,
        name: id.into(),
        lat,
        lon,
        tz: None,
        is_station: false,
        parent: None,
    }
}

/// One Berlin agency, stops X, Y, Z, one trip X -> Y -> Z on service 0.
fn feed(times: [(i64, i64); 3], service: Service, headways: Vec<Headway>, short: &str) -> Feed {
    Feed {
        agencies: vec![Agency {
            id: "a".into(),
            name: "A".into(),
            tz_name: "Europe/Berlin".into(),
            tz: crate::time::time_zone("Europe/Berlin").unwrap(),
        }],
        stops: vec![
            stop("X", 52.0, 13.0),
            stop("Y", 52.1, 13.1),
            stop("Z", 52.2, 13.2),
        ],
        routes: vec![Route {
            id: "r".into(),
            short_name: short.into(),
            agency: 0,
            route_type: 3,
        }],
        trips: vec![Trip {
            id: "t".into(),
            route: 0,
            service: 0,
            times: times
                .iter()
                .enumerate()
                .map(|(i, &(arr, dep))| StopTime { stop: i, arr, dep })
                .collect(),
            headways,
        }],
        services: vec![service],
        min_transfer: vec![None; 3],
        transfers: Vec::new(),
    }
}

fn daily() -> Service {
    Service {
        id: "s".into(),
        days: [true; 7],
        range: Some((date(2024, 1, 1), date(2024, 12, 31))),
        added: BTreeSet::new(),
        removed: BTreeSet::new(),
    }
}

const H: i64 = 3600;

#[test]
fn times_past_24h_and_dst_days_count_from_noon_minus_12h() {
    // 23:30 -> 25:15 -> 26:40 Berlin.
    let f = feed(
        [
            (23 * H + 1800, 23 * H + 1800),
            (25 * H + 900, 25 * H + 900),
            (26 * H + 2400, 26 * H + 2400),
        ],
        daily(),
        vec![],
        "1",
    );
    let runs = f.runs(ts("2024-03-04T00:00:00Z"), ts("2024-03-04T23:59:00Z"));
    let r = runs.iter().find(|r| r.date == date(2024, 3, 4)).unwrap();
    assert_eq!(r.times[0].1, ts("2024-03-04T22:30:00Z"));
    assert_eq!(r.times[1].0, ts("2024-03-05T00:15:00Z"));
    assert_eq!(r.times[2].0, ts("2024-03-05T01:40:00Z"));
    // On 2024-03-31 Berlin springs forward at 02:00, so that service day
    // is 23 hours long: times count from noon minus 12 h, not from
    // midnight, as GTFS specifies.
    let runs = f.runs(ts("2024-03-31T00:00:00Z"), ts("2024-03-31T23:59:00Z"));
    let r = runs.iter().find(|r| r.date == date(2024, 3, 31)).unwrap();
    // Noon CEST is 10:00Z; minus 12 h is 22:00Z on the 30th.
    assert_eq!(
        r.times[0].1,
        ts("2024-03-30T22:00:00Z") + Secs(23 * H + 1800)
    );
}

#[test]
fn removed_and_added_dates_override_the_calendar() {
    let mut svc = Service {
        days: [true, true, true, true, true, false, false],
        ..daily()
    };
    svc.removed.insert(date(2024, 3, 5));
    svc.added.insert(date(2024, 3, 9));
    let f = feed(
        [(8 * H, 8 * H), (9 * H, 9 * H), (10 * H, 10 * H)],
        svc,
        vec![],
        "1",
    );
    let runs = f.runs(ts("2024-03-04T00:00:00Z"), ts("2024-03-10T23:00:00Z"));
    let dates: Vec<String> = runs.iter().map(|r| r.date.to_string()).collect();
    assert_eq!(
        dates,
        [
            "2024-03-04",
            "2024-03-06",
            "2024-03-07",
            "2024-03-08",
            "2024-03-09"
        ]
    );
}

#[test]
fn frequency_trips_keep_their_stop_to_stop_times() {
    let f = feed(
        [(0, 0), (600, 660), (1500, 1500)],
        daily(),
        vec![Headway {
            start: 6 * H,
            end: 7 * H,
            headway: 1200,
            exact: true,
        }],
        "1",
    );
    let runs = f.runs(ts("2024-03-04T00:00:00Z"), ts("2024-03-04T23:00:00Z"));
    let deps: Vec<Secs> = runs.iter().map(|r| r.times[0].1).collect();
    // 06:00, 06:20, 06:40 Berlin (05:xxZ); 07:00 is the end, excluded.
    assert_eq!(
        deps,
        [
            ts("2024-03-04T05:00:00Z"),
            ts("2024-03-04T05:20:00Z"),
            ts("2024-03-04T05:40:00Z")
        ]
    );
    for r in &runs {
        assert_eq!(r.times[2].0 - r.times[0].1, Secs(1500));
        assert_eq!(r.times[1].1 - r.times[1].0, Secs(60));
    }
}

/// The daily X -> Y -> Z feed with a station `name` (stop 3) holding the
/// stops `platforms`.
fn with_station(name: &str, platforms: &[usize]) -> Feed {
    let mut f = feed(
        [(8 * H, 8 * H), (9 * H, 9 * H + 120), (10 * H, 10 * H)],
        daily(),
        vec![],
        "",
    );
    f.stops.push(Stop {
        is_station: true,
        ..stop(name, 52.05, 13.05)
    });
    f.min_transfer.push(None);
    for &p in platforms {
        f.stops[p].parent = Some(3);
    }
    f
}

#[test]
fn a_station_transfer_row_sets_its_platforms_connection_time() {
    // Y and Z are platforms of station S; S's own row says 180 s, Z's own
    // row 60 s: Y takes the station's, Z its own, X (no station) none.
    let mut f = with_station("S", &[1, 2]);
    f.min_transfer = vec![None, None, Some(Secs(60)), Some(Secs(180))];
    let sh = stop_hubs(&f, &FeedSettings::neutral("f"), &HashSet::new()).unwrap();
    let conn = |i: usize| sh.hubs[sh.of_stop[i].unwrap()].min_connection;
    assert_eq!(conn(0), Secs(0));
    assert_eq!(conn(1), Secs(180));
    assert_eq!(conn(2), Secs(60));
}

#[test]
fn rides_board_and_alight_anywhere_along_a_trip() {
    let f = feed(
        [(8 * H, 8 * H), (9 * H, 9 * H + 120), (10 * H, 10 * H)],
        daily(),
        vec![],
        "",
    );
    let settings = FeedSettings::neutral("f");
    let sh = stop_hubs(&f, &settings, &HashSet::new()).unwrap();
    let of_stop: Vec<Option<usize>> = sh.of_stop.clone();
    let lines = lines(
        &f,
        &settings,
        &of_stop,
        &[(ts("2024-03-04T00:00:00Z"), ts("2024-03-05T00:00:00Z"))],
    );
    // One line X, Y, Z with the trip as its one run; a route without a
    // short name is named by its trip.
    assert_eq!(lines.len(), 1);
    let l = &lines[0];
    assert_eq!(l.id, "t");
    assert_eq!(l.stops, vec![0, 1, 2]);
    assert_eq!(l.runs.len(), 1);
    assert_eq!(l.trip_name(0), "t");
    assert_eq!(l.runs[0].times[0].1, ts("2024-03-04T07:00:00Z"));
    assert_eq!(l.runs[0].times[2].0, ts("2024-03-04T09:00:00Z"));
    assert_eq!(l.least_hops(), vec![Secs(H), Secs(H - 120)]);
    // The network has one connection a hop; the legs starting with the
    // first are the rides to Y and to Z.
    let mut s = query_scenario(&f, &settings, Secs(86_400)).unwrap().0;
    s.lines = lines;
    let net =
        crate::network::Network::build(&s, ts("2024-03-04T00:00:00Z"), ts("2024-03-05T00:00:00Z"));
    assert_eq!(net.conns.len(), 2);
    let legs = net.legs_starting(&s, &net.conns[0]);
    assert_eq!(legs.len(), 2);
    assert_eq!((legs[1].from, legs[1].to), (0, 2));
    assert_eq!(legs[1].arr, ts("2024-03-04T09:00:00Z"));
    // A stop code already taken gets the feed's prefix.
    let taken: HashSet<String> = ["Y".to_string()].into();
    let sh = stop_hubs(&f, &settings, &taken).unwrap();
    assert_eq!(sh.hubs[1].code, "f:Y");
}

#[test]
fn leg_settings_prefer_route_then_agency_then_route_type() {
    let f = feed([(0, 0), (60, 60), (120, 120)], daily(), vec![], "1");
    let mut s = FeedSettings::neutral("f");
    let reefer = |c: f64| LegSpec {
        ambient: RoadAmbient::Reefer(crate::units::Celsius(c)),
        cost: 0.0,
    };
    s.route_types.insert(3, reefer(3.0));
    assert_eq!(s.leg_spec(&f, 0), reefer(3.0));
    s.agencies.insert("a".into(), reefer(4.0));
    assert_eq!(s.leg_spec(&f, 0), reefer(4.0));
    s.routes.insert("r".into(), reefer(5.0));
    assert_eq!(s.leg_spec(&f, 0), reefer(5.0));
}

#[test]
fn walks_join_a_station_its_platforms_and_transfer_rows() {
    // Station P holds platforms X and Y.
    let mut f = with_station("P", &[0, 1]);
    let row = |from, to, min_time: Option<i64>, impossible| Transfer {
        from,
        to,
        min_time: min_time.map(Secs),
        impossible,
    };
    f.transfers = vec![
        row(3, 3, Some(180), false),
        row(0, 2, None, false),
        row(2, 0, Some(300), false),
        row(0, 1, None, true),
    ];
    let settings = FeedSettings::neutral("f");
    let sh = stop_hubs(&f, &settings, &HashSet::new()).unwrap();
    // The station is a hub after its platforms' stops.
    assert_eq!(sh.of_stop, vec![Some(0), Some(1), Some(2), Some(3)]);
    assert_eq!(sh.hubs[3].code, "P");
    let w: Vec<(usize, usize, i64)> = walks(&f, &sh.of_stop)
        .iter()
        .map(|w| (w.from, w.to, w.duration.0))
        .collect();
    // X -> Z has no time: 26 km at 1.2 m/s.
    let xz = w.iter().find(|w| (w.0, w.1) == (0, 2)).unwrap().2;
    assert!((21_000..23_000).contains(&xz), "{xz}");
    assert_eq!(
        w,
        vec![
            (0, 2, xz),
            (0, 3, 0),
            (1, 0, 180),
            (1, 3, 0),
            (2, 0, 300),
            (3, 0, 0),
            (3, 1, 0),
        ]
    );
}
