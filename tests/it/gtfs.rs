//! GTFS import and GeoJSON export (issue 7): the real binary on the small
//! feed in tests/fixtures/gtfs/small, checked against hand-computed times
//! and against a brute-force earliest arrival written here.
//!
//! The feed: R1 (bus, weekdays, with 2024-03-05 removed and Saturday
//! 2024-03-09 added) A -> B -> C, and daily back C -> B -> A; R2 (rail, no
//! short name) C -> D, once overnight (23:00 -> 25:10); R3 (bus, Helsinki
//! agency) E -> F by frequencies.txt; R4 (night train, weekdays) D 22:00 ->
//! E 30:15 Berlin time. transfers.txt: 10 min at B, 15 min at D.

use std::path::Path;

use serde_json::Value;

use super::harness::{root, run};
use coldroute::gtfs::{Feed, FeedSettings};
use coldroute::units::Secs;

const FEED: &str = "tests/fixtures/gtfs/small";

/// `plan --gtfs FEED --json`: exit code and the recommended plan's
/// delivery (UTC seconds), if any.
fn query(from: &str, to: &str, ready: &str) -> (i32, Option<i64>, Value) {
    let (code, stdout, stderr) = run(&[
        "plan", "--gtfs", FEED, "--from", from, "--to", to, "--ready", ready, "--json",
    ]);
    let v: Value = serde_json::from_str(&stdout).unwrap_or_else(|_| panic!("{stderr}"));
    let sh = &v["shipments"][0];
    let arrival = sh["plans"][0]["transit_s"].as_i64().map(|t| utc(ready) + t);
    (code, arrival, v)
}

/// Seconds of an RFC 3339 instant.
fn utc(t: &str) -> i64 {
    t.parse::<jiff::Timestamp>().unwrap().as_second()
}

fn load_feed() -> Feed {
    let raw = gtfs_structures::GtfsReader::default()
        .raw()
        .read_from_path(root().join(FEED))
        .unwrap();
    Feed::from_raw(raw).unwrap()
}

#[test]
fn weekday_bus_then_rail() {
    let (code, arr, _) = query("A", "D", "2024-03-04T07:00:00+01:00");
    assert_eq!(code, 0);
    // R1 08:00 -> C 09:30, R2 10:00 -> D 12:00 Berlin.
    assert_eq!(arr, Some(utc("2024-03-04T11:00:00Z")));
}

#[test]
fn a_removed_date_skips_to_the_next_day_and_an_added_date_runs() {
    // Tuesday 2024-03-05 is removed from the weekday service: wait for
    // Wednesday's 08:00 bus.
    let (_, arr, _) = query("A", "C", "2024-03-05T07:00:00+01:00");
    assert_eq!(arr, Some(utc("2024-03-06T08:30:00Z")));
    // Saturday 2024-03-09 is added.
    let (_, arr, _) = query("A", "C", "2024-03-09T07:00:00+01:00");
    assert_eq!(arr, Some(utc("2024-03-09T08:30:00Z")));
}

#[test]
fn times_past_midnight_roll_over_to_the_next_day() {
    // R2 leaves C at 23:00 and reaches D at 25:10:00, 01:10 next morning.
    let (_, arr, _) = query("C", "D", "2024-03-04T20:00:00+01:00");
    assert_eq!(arr, Some(utc("2024-03-05T00:10:00Z")));
    // The night train: D 22:00 Berlin, E at 30:15 Berlin = 07:15 Helsinki.
    let (_, arr, v) = query("D", "E", "2024-03-04T21:00:00+01:00");
    assert_eq!(arr, Some(utc("2024-03-05T05:15:00Z")));
    let p = &v["shipments"][0]["plans"][0];
    assert_eq!(p["arrival_local"], "2024-03-05T07:15:00+02:00");
}

#[test]
fn frequency_trips_run_at_their_headway_in_their_agency_zone() {
    // R3 every 30 min from 06:00 Helsinki, 40 min to F: 06:30 -> 07:10.
    let (_, arr, _) = query("E", "F", "2024-03-04T06:10:00+02:00");
    assert_eq!(arr, Some(utc("2024-03-04T05:10:00Z")));
    // exact_times = 0 window: hourly from 16:00; after 18:00 nothing until
    // the next morning's 06:00.
    let (_, arr, _) = query("E", "F", "2024-03-04T16:20:00+02:00");
    assert_eq!(arr, Some(utc("2024-03-04T15:40:00Z")));
    let (_, arr, _) = query("E", "F", "2024-03-04T17:30:00+02:00");
    assert_eq!(arr, Some(utc("2024-03-05T04:40:00Z")));
}

#[test]
fn stops_by_code_and_name_and_ambiguous_names_exit_2() {
    let (_, by_code, _) = query("100", "300", "2024-03-04T07:00:00+01:00");
    let (_, by_name, _) = query("alpha", "Charlie", "2024-03-04T07:00:00+01:00");
    assert_eq!(by_code, Some(utc("2024-03-04T08:30:00Z")));
    assert_eq!(by_code, by_name);
    let (code, _, stderr) = run(&[
        "plan",
        "--gtfs",
        FEED,
        "--from",
        "A",
        "--to",
        "Central",
        "--ready",
        "2024-03-04T07:00",
    ]);
    assert_eq!(code, 2);
    assert_eq!(
        stderr.trim(),
        "error: stop `Central` is ambiguous: it could be D (Central, code 400), F (Central, code 600); name one by stop_id"
    );
    let (code, _, stderr) = run(&[
        "plan",
        "--gtfs",
        FEED,
        "--from",
        "Alpah",
        "--to",
        "C",
        "--ready",
        "2024-03-04T07:00",
    ]);
    assert_eq!(code, 2);
    assert!(stderr.contains("did you mean `Alpha`?"), "{stderr}");
}

#[test]
fn transfers_txt_sets_the_connection_time() {
    let feed = load_feed();
    let (s, merged) =
        coldroute::gtfs::query_scenario(&feed, &FeedSettings::neutral("small"), Secs(86_400))
            .unwrap();
    let hub = |id: &str| {
        let i = feed.stops.iter().position(|s| s.id == id).unwrap();
        &s.hubs[merged.hub_of_stop[i].unwrap()]
    };
    assert_eq!(hub("B").min_connection, Secs(600));
    assert_eq!(hub("D").min_connection, Secs(900));
    assert_eq!(hub("C").min_connection, Secs(0));
    assert_eq!(hub("E").tz_name, "Europe/Helsinki");
    assert_eq!(hub("D").tz_name, "Europe/Berlin");
    // The parent station of a served platform is a hub, joined to its
    // platform by walks of no time.
    let sta = s.hub_idx("STA").expect("the station is a hub");
    let a = hub("A");
    let a = s.hub_idx(&a.code).unwrap();
    let walk = |x: usize, y: usize| s.walks.iter().find(|w| w.from == x && w.to == y);
    assert_eq!(walk(sta, a).map(|w| w.duration), Some(Secs(0)));
    assert_eq!(walk(a, sta).map(|w| w.duration), Some(Secs(0)));
}

/// Earliest arrival by brute force over the feed's runs: round k holds the
/// earliest arrival at each stop with k rides; a ride boards a run at any
/// stop reached in time (the connection time after a ride, nothing at the
/// origin) and leaves it at any later stop. Independent of how the
/// library groups rides into road legs.
fn brute_force(
    feed: &Feed,
    conn: &[i64],
    from: usize,
    to: usize,
    ready: i64,
    end: i64,
) -> Option<i64> {
    let runs = feed.runs(Secs(ready), Secs(end));
    let n = feed.stops.len();
    // When the cargo can board at each stop with at most k rides so far.
    let mut avail = vec![i64::MAX; n];
    avail[from] = ready;
    let mut answer: Option<i64> = None;
    for _round in 0..6 {
        let mut next = avail.clone();
        for run in &runs {
            let trip = &feed.trips[run.trip];
            let mut boarded = false;
            for (k, st) in trip.times.iter().enumerate() {
                let (arr, dep) = (run.times[k].0 .0, run.times[k].1 .0);
                if boarded && arr <= end {
                    if st.stop == to {
                        answer = Some(answer.map_or(arr, |a| a.min(arr)));
                    }
                    next[st.stop] = next[st.stop].min(arr + conn[st.stop]);
                }
                if avail[st.stop] != i64::MAX && dep >= avail[st.stop] {
                    boarded = true;
                }
            }
        }
        avail = next;
    }
    answer
}

#[test]
fn earliest_arrivals_match_a_brute_force_over_many_queries() {
    let feed = load_feed();
    let (s, merged) =
        coldroute::gtfs::query_scenario(&feed, &FeedSettings::neutral("small"), Secs(86_400))
            .unwrap();
    let conn: Vec<i64> = merged
        .hub_of_stop
        .iter()
        .map(|h| h.map_or(0, |h| s.hubs[h].min_connection.0))
        .collect();
    let stops = ["A", "B", "C", "D", "E", "F"];
    let readies = [
        "2024-03-04T05:00:00+01:00",
        "2024-03-04T08:15:00+01:00",
        "2024-03-04T12:00:00+01:00",
        "2024-03-04T22:30:00+01:00",
        "2024-03-05T07:00:00+01:00",
        "2024-03-08T16:45:00+01:00",
        "2024-03-09T07:40:00+01:00",
        "2024-03-10T05:00:00+01:00",
    ];
    let mut compared = 0;
    let mut found = 0;
    for ready in readies {
        for from in stops {
            for to in stops {
                if from == to {
                    continue;
                }
                let idx = |id: &str| feed.stops.iter().position(|s| s.id == id).unwrap();
                let t0 = utc(ready);
                let expected = brute_force(&feed, &conn, idx(from), idx(to), t0, t0 + 2 * 86_400);
                let (code, got, _) = query(from, to, ready);
                assert_eq!(got, expected, "{from} -> {to} ready {ready}");
                assert_eq!(code, if expected.is_some() { 0 } else { 1 });
                compared += 1;
                found += usize::from(expected.is_some());
            }
        }
    }
    assert_eq!(compared, 240);
    // Most pairs connect; a few (into the one-way E -> F line) do not.
    assert!(found > 100, "{found}");
}

#[test]
fn a_scenario_takes_its_legs_from_a_feed() {
    let (code, stdout, stderr) = run(&["validate", "tests/fixtures/gtfs/scenario-small.toml"]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        stdout.trim(),
        "tests/fixtures/gtfs/scenario-small.toml: ok (8 hubs, 0 flights, 1 roads, 6 lines, 1 shipments)"
    );
    let (code, stdout, stderr) =
        run(&["plan", "tests/fixtures/gtfs/scenario-small.toml", "--json"]);
    assert_eq!(code, 0, "{stderr}");
    let v: Value = serde_json::from_str(&stdout).unwrap();
    let p = &v["shipments"][0]["plans"][0];
    assert_eq!(p["arrival_local"], "2024-03-05T07:15:00+02:00");
    // R1 costs 10 (route override), R2 and R4 are rail at 40 each.
    assert_eq!(p["cost"], 90.0);
    let reefer_legs: Vec<f64> = p["steps"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|st| st["kind"] == "road" || st["kind"] == "ride")
        .map(|st| st["ambient_min_c"].as_f64().unwrap())
        .collect();
    assert_eq!(reefer_legs, vec![5.0, 4.0, 5.0, 5.0]);
}

#[test]
fn a_scenario_shipment_ready_when_its_feed_does_not_run_says_when_it_runs() {
    let dir = tempfile::tempdir().unwrap();
    let small = dir.path().join("small");
    std::fs::create_dir(&small).unwrap();
    copy_feed(&small);
    let text = std::fs::read_to_string(root().join("tests/fixtures/gtfs/scenario-small.toml"))
        .unwrap()
        .replace(
            "ready = \"2024-03-04T06:30\"",
            "ready = \"2030-03-04T06:30\"",
        );
    let scenario = dir.path().join("s.toml");
    std::fs::write(&scenario, text).unwrap();
    for cmd in ["validate", "plan"] {
        let (code, _, stderr) = run(&[cmd, scenario.to_str().unwrap()]);
        assert_eq!(code, 2, "{cmd}: {stderr}");
        assert!(
            stderr.contains(
                "no service on 2030-03-04: the GTFS feed `small` has no trips within the planning horizon of shipment `DEPOT-ECHO`; it runs 2024-01-01 .. 2024-12-31"
            ),
            "{cmd}: {stderr}"
        );
        assert!(stderr.contains("s.toml:45:9"), "{cmd}: {stderr}");
        assert!(!stderr.contains("no chain of flights"), "{cmd}: {stderr}");
    }
}

fn copy_feed(dir: &Path) {
    for e in std::fs::read_dir(root().join(FEED)).unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), dir.join(e.file_name())).unwrap();
    }
}

#[test]
fn malformed_feeds_give_located_errors_and_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    copy_feed(dir.path());
    let times = dir.path().join("stop_times.txt");
    let text = std::fs::read_to_string(&times).unwrap();
    std::fs::write(
        &times,
        text.replace("T1b,17:30:00,17:30:00,B,2", "T1b,17:30:00,17:30:00,Q,2"),
    )
    .unwrap();
    let feed = dir.path().to_str().unwrap();
    let (code, _, stderr) = run(&[
        "plan",
        "--gtfs",
        feed,
        "--from",
        "A",
        "--to",
        "C",
        "--ready",
        "2024-03-04T07:00",
    ]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("stop_times.txt:6: column `stop_id`: unknown stop `Q`"),
        "{stderr}"
    );

    // A time that is not HH:MM:SS: the csv reader's line and the column.
    std::fs::write(&times, text.replace("T2b,10:00:00", "T2b,10h00")).unwrap();
    let (code, _, stderr) = run(&[
        "plan",
        "--gtfs",
        feed,
        "--from",
        "A",
        "--to",
        "C",
        "--ready",
        "2024-03-04T07:00",
    ]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("stop_times.txt:10: column `arrival_time`:"),
        "{stderr}"
    );
    assert!(
        stderr.contains("'10h00' is not a valid time; HH:MM:SS format is expected"),
        "{stderr}"
    );
}

#[test]
fn a_broken_feed_in_a_scenario_points_at_its_path() {
    let dir = tempfile::tempdir().unwrap();
    let small = dir.path().join("small");
    std::fs::create_dir(&small).unwrap();
    copy_feed(&small);
    let agency = small.join("agency.txt");
    let text = std::fs::read_to_string(&agency).unwrap();
    std::fs::write(&agency, text.replace("Europe/Helsinki", "Europe/Helsinky")).unwrap();
    let scenario = dir.path().join("s.toml");
    std::fs::copy(
        root().join("tests/fixtures/gtfs/scenario-small.toml"),
        &scenario,
    )
    .unwrap();
    let (code, _, stderr) = run(&["validate", scenario.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains(
            "GTFS feed: agency.txt:3: column `agency_timezone`: `Europe/Helsinky` is not an IANA time zone"
        ),
        "{stderr}"
    );
    assert!(stderr.contains("s.toml:24:8"), "{stderr}");
}

#[test]
fn geojson_output_is_a_feature_collection_with_a_line_per_leg() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("plan.geojson");
    let (code, _, stderr) = run(&[
        "plan",
        "tests/fixtures/gtfs/scenario-small.toml",
        "--geojson",
        out.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{stderr}");
    let text = std::fs::read_to_string(&out).unwrap();
    let fc: geojson::FeatureCollection = text.parse().unwrap();
    let lines: Vec<&geojson::Feature> = fc
        .features
        .iter()
        .filter(|f| {
            matches!(
                f.geometry.as_ref().map(|g| &g.value),
                Some(geojson::GeometryValue::LineString { .. })
            )
        })
        .collect();
    let points = fc
        .features
        .iter()
        .filter(|f| {
            matches!(
                f.geometry.as_ref().map(|g| &g.value),
                Some(geojson::GeometryValue::Point { .. })
            )
        })
        .count();
    // DEPOT-A, A-C (through B), C-D, D-E; hubs DEPOT, A, C, D, E.
    assert_eq!(lines.len(), 4);
    assert_eq!(points, 5);
    assert_eq!(fc.features.len(), 9);
    let coords = |f: &geojson::Feature| match &f.geometry.as_ref().unwrap().value {
        geojson::GeometryValue::LineString { coordinates } => coordinates.clone(),
        _ => unreachable!(),
    };
    // The bus ride follows its stops: A, B, C.
    assert_eq!(coords(lines[1]).len(), 3);
    for f in &fc.features {
        let all: Vec<geojson::Position> = match &f.geometry.as_ref().unwrap().value {
            geojson::GeometryValue::LineString { coordinates } => coordinates.clone(),
            geojson::GeometryValue::Point { coordinates } => vec![coordinates.clone()],
            other => panic!("unexpected geometry {other:?}"),
        };
        for p in all {
            let (lon, lat) = (p[0], p[1]);
            assert!((-180.0..=180.0).contains(&lon) && (-90.0..=90.0).contains(&lat));
        }
        assert_eq!(f.property("sla").unwrap(), "pass");
    }
    let leg = lines[3];
    assert_eq!(leg.property("service").unwrap(), "X");
    assert_eq!(
        leg.property("departure_local").unwrap(),
        "2024-03-04T22:00:00+01:00"
    );
    assert_eq!(
        leg.property("arrival_local").unwrap(),
        "2024-03-05T07:15:00+02:00"
    );
    assert_eq!(leg.property("arrival_utc").unwrap(), "2024-03-05T05:15:00Z");
    assert_eq!(leg.property("ambient_min_c").unwrap(), 5.0);
    assert!(leg.property("payload_max_c").unwrap().as_f64().unwrap() <= 8.0);
}

#[test]
fn a_stop_code_served_by_one_stop_on_the_day_is_not_ambiguous() {
    let feed = "tests/fixtures/gtfs/shared-code";
    // `plan --gtfs` from stop code 77 to 88 at `ready`, with `more` options.
    let query = |ready: &str, more: &[&str]| {
        let args = [
            "plan", "--gtfs", feed, "--from", "77", "--to", "88", "--ready", ready,
        ];
        run(&[&args[..], more].concat())
    };
    let plan = |ready: &str, more: &[&str]| {
        let (code, stdout, stderr) = query(ready, &[more, &["--json"]].concat());
        let v: Value = serde_json::from_str(&stdout).unwrap_or_else(|_| panic!("{stderr}"));
        (
            code,
            v["shipments"][0]["from"].as_str().unwrap().to_string(),
        )
    };
    let refused = |ready: &str| {
        let (code, _, stderr) = query(ready, &[]);
        assert_eq!(code, 2, "{stderr}");
        stderr
    };
    // Monday: only the weekday stand runs; Saturday: only the weekend one.
    assert_eq!(plan("2024-03-04T07:00", &[]), (0, "X1".to_string()));
    assert_eq!(plan("2024-03-09T07:00", &[]), (0, "X2".to_string()));
    // Friday: the day decides, not the query's window (the default two
    // days, or three, see the weekend stand too).
    assert_eq!(plan("2024-03-08T07:00", &[]), (0, "X1".to_string()));
    let three_days = ["--max-transit", "3d"];
    assert_eq!(plan("2024-03-08T07:00", &three_days), (0, "X1".to_string()));
    // On a day both stands are served, the code is ambiguous.
    let stderr = refused("2024-03-16T07:00");
    assert!(stderr.contains("`77` is ambiguous"), "{stderr}");
    // A day the feed does not run says so first, whatever the name.
    let stderr = refused("2030-03-15T07:00");
    assert!(stderr.contains("no service on 2030-03-15"), "{stderr}");
}

#[test]
fn a_ready_date_outside_the_feed_says_when_the_feed_runs() {
    let (code, _, stderr) = run(&[
        "plan",
        "--gtfs",
        FEED,
        "--from",
        "A",
        "--to",
        "C",
        "--ready",
        "2030-01-01T07:00",
    ]);
    assert_eq!(code, 2, "{stderr}");
    assert_eq!(
        stderr.trim(),
        "error: no service on 2030-01-01: the feed has no trips within 2d 0h 00m of the ready time; it runs 2024-01-01 .. 2024-12-31"
    );
}

#[test]
fn a_station_plans_from_its_platforms() {
    // STA is the parent station of platform A: a query may name it, and
    // the plan walks to the platform (no time, not a leg) and arrives when
    // one from A does.
    let ready = "2024-03-04T08:15:00+01:00";
    let (code, from_station, v) = query("STA", "C", ready);
    assert_eq!(code, 0, "{v:#}");
    let (_, from_platform, _) = query("A", "C", ready);
    assert_eq!(from_station, from_platform);
    let steps = v["shipments"][0]["plans"][0]["steps"].as_array().unwrap();
    assert_eq!(steps[0]["kind"], "walk");
    assert_eq!(steps[0]["label"], "walk STA-A");
    let plan = &v["shipments"][0]["plans"][0];
    assert_eq!(plan["transfers"], 0);
    // Its name finds it too (a station stands for its platforms by name).
    let (code, by_name, _) = query("Alpha station", "C", ready);
    assert_eq!((code, by_name), (0, from_station));
}

#[test]
fn minutes_of_sixty_are_refused_at_their_row_and_column() {
    // gtfs-structures reads `08:60:00` as 09:00:00; coldroute reads the
    // time columns again as text.
    let dir = tempfile::tempdir().unwrap();
    for entry in std::fs::read_dir(root().join("tests/fixtures/gtfs/small")).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), dir.path().join(entry.file_name())).unwrap();
    }
    let st = dir.path().join("stop_times.txt");
    let text = std::fs::read_to_string(&st).unwrap();
    std::fs::write(&st, text.replacen("08:30:00", "08:99:99", 1)).unwrap();
    let feed = dir.path().to_str().unwrap();
    let (code, _, stderr) = run(&[
        "plan",
        "--gtfs",
        feed,
        "--from",
        "A",
        "--to",
        "B",
        "--ready",
        "2024-03-04T08:00",
    ]);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("stop_times.txt:3: column `arrival_time`: `08:99:99` is not a time: minutes must be below 60"),
        "{stderr}"
    );
}

/// Every thermal field of a plan document, on the plan and on its steps.
const THERMAL_PLAN_FIELDS: [&str; 8] = [
    "margin_s",
    "margin_ambient_c",
    "stability_used",
    "out_of_range_s",
    "frozen",
    "mkt_c",
    "payload_min_c",
    "payload_max_c",
];
const THERMAL_STEP_FIELDS: [&str; 6] = [
    "ambient_min_c",
    "ambient_max_c",
    "payload_min_c",
    "payload_max_c",
    "coolant_kg",
    "battery_h",
];

/// A timetable document has `mode: timetable` and `null` for every thermal
/// figure; a cold-chain one has numbers there.
fn assert_thermal_fields(v: &Value, timetable: bool) {
    for sh in v["shipments"].as_array().unwrap() {
        let mode = if timetable { "timetable" } else { "cold-chain" };
        assert_eq!(sh["mode"], mode, "{sh}");
        assert_eq!(sh["product"].is_null(), timetable, "{sh}");
        assert_eq!(sh["packaging"].is_null(), timetable, "{sh}");
        assert_eq!(sh["sla"]["max_stability"].is_null(), timetable, "{sh}");
        assert!(sh["sla"]["max_transit_s"].is_i64());
        for p in sh["plans"].as_array().unwrap() {
            for f in THERMAL_PLAN_FIELDS {
                // A cold-chain margin may be null (the box holds for ever).
                if timetable || f != "margin_s" {
                    assert_eq!(p[f].is_null(), timetable, "{f} in {p}");
                }
            }
            for st in p["steps"].as_array().unwrap() {
                for f in ["coolant_kg", "battery_h", "payload_min_c", "payload_max_c"] {
                    assert_eq!(st[f].is_null(), timetable, "{f} in {st}");
                }
                if timetable {
                    for f in THERMAL_STEP_FIELDS {
                        assert!(st[f].is_null(), "{f} in {st}");
                    }
                }
            }
        }
    }
}

#[test]
fn a_timetable_query_shows_no_temperature_product_or_reserve() {
    // Issue 10: an ad-hoc feed query is a timetable query (no fake +5 C
    // payload, no battery of a billion hours), with the same journey.
    let (code, out, stderr) = run(&[
        "plan",
        "--gtfs",
        FEED,
        "--from",
        "Alpha",
        "--to",
        "E",
        "--ready",
        "2024-03-04T07:00",
    ]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        out.starts_with("journey ad-hoc: A -> E, ready 2024-03-04 07:00 +01:00 (2024-03-04 06:00Z), timetable only (no temperature model)\n"),
        "{out}"
    );
    assert!(
        out.contains("recommended plan (within the transit limit):"),
        "{out}"
    );
    assert!(
        out.contains(
            "delivered                            2024-03-05 07:15 +02:00  2024-03-05 05:15Z"
        ),
        "{out}"
    );
    for word in [
        "+5.0",
        "payload",
        "reserve",
        "ambient",
        "margin",
        "stability",
        "MKT",
        "unlimited",
        "neutral",
        "freeze",
    ] {
        assert!(!out.contains(word), "`{word}` in a timetable query:\n{out}");
    }
    let (code, arrival, v) = query("Alpha", "E", "2024-03-04T07:00+01:00");
    assert_eq!(code, 0);
    assert_eq!(arrival, Some(utc("2024-03-05T05:15:00Z")));
    assert_thermal_fields(&v, true);
    // A scenario with the same feed is a cold chain.
    let (code, stdout, stderr) =
        run(&["plan", "tests/fixtures/gtfs/scenario-small.toml", "--json"]);
    assert_eq!(code, 0, "{stderr}");
    assert_thermal_fields(&serde_json::from_str(&stdout).unwrap(), false);
}

#[test]
fn an_unknown_airport_of_an_ssim_query_is_a_typed_error() {
    let text = std::fs::read_to_string(root().join("tests/fixtures/ssim/season.ssim")).unwrap();
    let mut sch = coldroute::ssim::parse(&text).unwrap();
    sch.legs[0].dep_station = "LGX".into();
    match coldroute::ssim::query::query_scenario(&sch, "s", Secs(86_400)) {
        Err(coldroute::ssim::query::QueryError::UnknownAirport { code, suggestion }) => {
            assert_eq!(code, "LGX");
            assert!(suggestion.is_some());
        }
        other => panic!("expected UnknownAirport, got {:?}", other.map(|(_, c)| c)),
    }
    let (s, codes) = coldroute::ssim::query::query_scenario(
        &coldroute::ssim::parse(&text).unwrap(),
        "s",
        Secs(86_400),
    )
    .unwrap();
    assert_eq!(s.mode, coldroute::scenario::Mode::Timetable);
    assert!(codes.windows(2).all(|w| w[0] < w[1]));
    assert_eq!(s.hubs.len(), codes.len());
}

#[test]
fn each_ride_names_its_route_and_trip_in_the_json() {
    let (code, stdout, stderr) = run(&[
        "plan",
        "--gtfs",
        FEED,
        "--from",
        "Alpha",
        "--to",
        "E",
        "--ready",
        "2024-03-04T07:00",
        "--json",
    ]);
    assert_eq!(code, 0, "{stderr}");
    let v: Value = serde_json::from_str(&stdout).unwrap();
    let steps = v["shipments"][0]["plans"][0]["steps"].as_array().unwrap();
    let rides: Vec<&Value> = steps.iter().filter(|s| s["kind"] == "ride").collect();
    assert!(rides.len() >= 2, "{steps:?}");
    for r in &rides {
        let (service, trip) = (r["service"].as_str().unwrap(), r["trip"].as_str().unwrap());
        // The label says the same: `ride ROUTE FROM-TO trip TRIP` (a
        // route without a short name is named by its trip, said once).
        let label = r["label"].as_str().unwrap();
        assert!(label.starts_with(&format!("ride {service} ")), "{label}");
        assert!(
            label.ends_with(&format!(" trip {trip}")) || trip == service,
            "{label}"
        );
    }
    for s in steps
        .iter()
        .filter(|s| s["kind"] == "dwell" || s["kind"] == "walk")
    {
        assert!(s["service"].is_null() && s["trip"].is_null(), "{s}");
    }
    // A flight names its id, and no trip.
    let (_, stdout, _) = run(&["plan", "scenarios/pek-sal-coronavac.toml", "--json"]);
    let v: Value = serde_json::from_str(&stdout).unwrap();
    let first = &v["shipments"][0]["plans"][0]["steps"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["kind"] == "flight")
        .unwrap()
        .clone();
    assert_eq!(
        first["label"].as_str().unwrap(),
        format!(
            "flight {} {}-{}",
            first["service"].as_str().unwrap(),
            first["from"].as_str().unwrap(),
            first["to"].as_str().unwrap()
        )
    );
    assert!(first["trip"].is_null());
}

#[test]
fn queries_on_a_scenario_with_a_feed_get_rides_on_their_own_dates() {
    // The file's one shipment is ready on 2024-03-04; an ad-hoc query a
    // week later and a sweep over nine days ride the feed on their dates.
    let f = "tests/fixtures/gtfs/scenario-small.toml";
    let (code, stdout, stderr) = run(&[
        "plan",
        f,
        "--from",
        "DEPOT",
        "--to",
        "E",
        "--ready",
        "2024-03-11T06:30",
        "--product",
        "vax",
        "--packaging",
        "box",
        "--json",
    ]);
    assert_eq!(code, 0, "{stderr}");
    let v: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(
        v["shipments"][0]["plans"][0]["arrival_local"],
        "2024-03-12T07:15:00+02:00"
    );
    let (code, stdout, stderr) = run(&[
        "sweep",
        f,
        "--shipment",
        "DEPOT-ECHO",
        "--from",
        "2024-03-04",
        "--to",
        "2024-03-12",
        "-o",
        "-",
    ]);
    assert!(code == 0 || code == 1, "{stderr}");
    let rows: Vec<&str> = stdout.lines().skip(1).collect();
    assert_eq!(rows.len(), 9, "{stdout}");
    assert!(rows.iter().all(|r| !r.contains(",no-plan,")), "{stdout}");
}
