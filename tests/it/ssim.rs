//! SSIM schedules in a scenario (`[[ssim]]`): the flights they give plan
//! exactly as the same flights written by hand, and every broken file is
//! refused at its line and column.

use super::harness::output as coldroute;

/// `plan --json` without the line naming the scenario file.
fn plans(file: &str) -> String {
    let o = coldroute(&["plan", file, "--json"]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8(o.stdout)
        .unwrap()
        .lines()
        .filter(|l| !l.trim_start().starts_with("\"scenario\""))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn ssim_flights_plan_as_the_same_flights_written_by_hand() {
    // A season across the Brussels clock change, a two-leg flight whose
    // second leg leaves after midnight, a UTC-mode carrier across the date
    // line, a passenger leg filtered out and a leg to a non-hub airport.
    let a = plans("tests/fixtures/ssim/season.toml");
    let b = plans("tests/fixtures/ssim/season-by-hand.toml");
    assert_eq!(a, b);
    for id in [
        "\"flight ET3601 ADD-LGG\"",
        "\"flight ET3602-2 ADD-NBO\"",
        "\"flight 5X61 ANC-HKG\"",
    ] {
        assert!(a.contains(id), "{id}");
    }
    assert!(!a.contains("ET702"));
    let o = coldroute(&["validate", "tests/fixtures/ssim/season.toml"]);
    assert_eq!(o.status.code(), Some(0));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("season.ssim: legs at DXB left out: not hubs of the scenario"),
        "{err}"
    );
    assert!(String::from_utf8_lossy(&o.stdout).contains("5 hubs, 4 flights"));
    assert_eq!(
        coldroute(&["check", "tests/fixtures/ssim/season.toml"])
            .status
            .code(),
        Some(0)
    );
}

#[test]
fn every_broken_file_is_refused_at_its_record_and_field() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/ssim/season.toml"
    ))
    .unwrap();
    for (name, at, want) in [
        ("bad-date", "1:15", "date `31FEB21` does not exist"),
        ("bad-days", "1:33", "day of operation `6` in place 5"),
        ("bad-time", "1:44", "time `2460` does not exist"),
        ("short-record", "1:61", "needs at least 75"),
        ("unknown-airport", "1:55", "unknown airport `LGX`"),
        ("fortnightly", "1:36", "fortnightly"),
        (
            "arrival-before-departure",
            "1:193",
            "the arrival is -1 day(s) after the departure",
        ),
        (
            "utc-period-across-dst",
            "2:48",
            "split the period where the offset changes",
        ),
    ] {
        let ssim = format!(
            "{}/tests/fixtures/ssim/broken/{name}.ssim",
            env!("CARGO_MANIFEST_DIR")
        );
        let toml = dir.path().join(format!("{name}.toml"));
        std::fs::write(
            &toml,
            text.replace("path = \"season.ssim\"", &format!("path = \"{ssim}\"")),
        )
        .unwrap();
        let o = coldroute(&["validate", toml.to_str().unwrap()]);
        assert_eq!(o.status.code(), Some(2), "{name}");
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(
            err.contains(&format!("{name}.ssim:{at}: ")) && err.contains(want),
            "{name}: {err}"
        );
    }
}

#[test]
fn ssim_flights_hand_written_hubs_and_roads_and_a_gtfs_feed_together() {
    let f = "tests/fixtures/gtfs/mixed-ssim.toml";
    assert_eq!(coldroute(&["validate", f]).status.code(), Some(0));
    assert_eq!(coldroute(&["check", f]).status.code(), Some(0));
    let o = coldroute(&["plan", f]);
    assert_eq!(o.status.code(), Some(0));
    let out = String::from_utf8_lossy(&o.stdout);
    // The SSIM freighter, the hand-written truck, then the feed's trains.
    for leg in ["flight ET3611 ADD-BER", "road BER-A", "ride X D-E trip T4"] {
        assert!(out.contains(leg), "{leg}: {out}");
    }
}

#[test]
fn an_ad_hoc_query_on_a_schedule_alone() {
    let o = coldroute(&[
        "plan",
        "--ssim",
        "tests/fixtures/ssim/season.ssim",
        "--from",
        "LGG",
        "--to",
        "NBO",
        "--ready",
        "2021-04-06T08:00",
    ]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(
        out.contains("flight ET3602-1 LGG-ADD") && out.contains("flight ET3602-2 ADD-NBO"),
        "{out}"
    );
    assert!(
        out.contains("delivered                            2021-04-07 03:30 +03:00"),
        "{out}"
    );
    // A timetable query: no temperature anywhere.
    assert!(
        out.contains("timetable only (no temperature model)"),
        "{out}"
    );
    for word in ["payload", "reserve", "margin", "stability", "+5.0"] {
        assert!(!out.contains(word), "`{word}` in a timetable query:\n{out}");
    }
    let o = coldroute(&[
        "plan",
        "--ssim",
        "tests/fixtures/ssim/season.ssim",
        "--from",
        "LGX",
        "--to",
        "NBO",
        "--ready",
        "2021-04-06T08:00",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("did you mean `LGG`?"));
}
