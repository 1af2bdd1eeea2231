//! `coldroute excursion` end to end: the real binary on logger fixtures.
//!
//! The figures pinned here were checked independently (a few lines of
//! Python over the CSV: sample-and-hold weights, dH/R = 10 000 K,
//! cold-chain-facts.md lines 10-13; VVM14 with Ea/R = 14 340 K at 14 days
//! at +37 C, lines 24-33): MKT 5.0416 C, highest 24 h MKT 5.0774 C for the
//! window starting 15 min into the record, 55 min above +8 C, 0.0385 % of
//! the VVM14 budget.

use super::harness::coldroute;

const SAL: &str = "tests/fixtures/loggers/sal-arrival.csv";
const BAD: &str = "tests/fixtures/loggers/bad-rows.csv";

fn sal_args() -> [&'static str; 7] {
    [
        "excursion",
        SAL,
        "--range",
        "2,8",
        "--freeze-sensitive",
        "--stability",
        "VVM14",
    ]
}

/// A CoronaVac box arriving at San Salvador (cold-chain-facts.md lines 37-38
/// and 73-74) spends 55 min on the apron in the sun (line 68): out of the
/// product range, so the product verdict fails (exit code 1), but within
/// USP <1079.2> controlled cold (lines 14-15).
#[test]
fn sal_arrival_text_report() {
    let out = coldroute()
        .args(sal_args())
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let want = "\
record:            tests/fixtures/loggers/sal-arrival.csv, 313 readings, sample and hold
read:              column `Temperature (°C)` in C (from the header); dates as ISO 8601
period:            2021-03-28T12:00:00Z to 2021-03-29T14:00:00Z (1d 2h 00m)
product:           +2.0..+8.0 C, freeze limit -0.5 C, stability VVM14, allowance 0m
min / max:         +4.2 C / +10.6 C
MKT:               +5.04 C (dH/R 10000 K)
max 24 h MKT:      +5.08 C (2021-03-28T12:15:00Z to 2021-03-29T12:15:00Z)
time out of range: 55m (55m above, 0m below)
gaps:              none longer than 10m (twice the median interval of 5m)
excursions:        1 outside +2.0..+8.0 C
  2021-03-28T20:10:00Z to 2021-03-28T21:05:00Z (55m), above, highest +10.6 C
stability used:    0.04 %
freeze events:     none
product limits: FAIL
  FAIL  range      55m outside +2.0..+8.0 C, allowance 0m
  ok    freeze     no reading below -0.5 C
  ok    stability  0.04 % of the stability budget used
USP <1079.2> controlled cold: PASS
  ok    usp-mkt-24h        highest 24 h MKT +5.08 C (limit +8.0 C)
  ok    usp-max-15c        highest reading +10.6 C (limit +15.0 C)
  ok    usp-excursion-24h  55m above +8.0 C in total (limit 24 h)
verdict: FAIL
";
    assert_eq!(String::from_utf8(out).unwrap(), want);
}

#[test]
fn sal_arrival_json_figures() {
    let out = coldroute()
        .args(sal_args())
        .arg("--json")
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(v["readings"], 313);
    assert_eq!(v["start"], "2021-03-28T12:00:00Z");
    assert_eq!(v["duration_s"], 93_600.0);
    assert_eq!(v["mkt_c"], 5.042);
    assert_eq!(v["max_mkt_24h"]["mkt_c"], 5.077);
    assert_eq!(v["max_mkt_24h"]["start_s"], 900.0);
    assert_eq!(v["max_mkt_24h"]["full_window"], true);
    assert_eq!(v["time_out_of_range_s"], 3300.0);
    assert_eq!(v["time_above_8c_s"], 3300.0);
    assert_eq!(v["min_c"], 4.2);
    assert_eq!(v["max_c"], 10.6);
    let used = v["stability_used"].as_f64().unwrap();
    assert!((used - 0.000_384_552).abs() < 1e-9, "{used}");
    assert_eq!(v["freeze_events"].as_array().unwrap().len(), 0);
    assert_eq!(v["product"]["pass"], false);
    assert_eq!(v["usp_1079_2"]["pass"], true);
    assert_eq!(v["pass"], false);
    assert_eq!(v["exit_code"], 1);
}

#[test]
fn allowance_turns_the_verdict() {
    coldroute()
        .args(sal_args())
        .args(["--allowance", "1h"])
        .assert()
        .code(0);
}

#[test]
fn bad_rows_are_listed_with_file_and_line() {
    let out = coldroute()
        .args(["excursion", BAD, "--range", "2,8"])
        .assert()
        .code(2)
        .get_output()
        .clone();
    assert!(out.stdout.is_empty());
    let err = String::from_utf8(out.stderr).unwrap();
    for want in [
        "tests/fixtures/loggers/bad-rows.csv:4: timestamp `28/03/2021 20:10` is written differently from line 2's (ISO 8601); write every row one way\n",
        "tests/fixtures/loggers/bad-rows.csv:5: the temperature is empty; fill it in or delete the row\n",
        "tests/fixtures/loggers/bad-rows.csv:6: temperature -999 C is outside -150..150 C;",
        "tests/fixtures/loggers/bad-rows.csv:8: timestamp 2021-03-28T20:20:00Z is not later than 2021-03-28T20:25:00Z on line 7; sort the rows by time and remove duplicates\n",
        "tests/fixtures/loggers/bad-rows.csv: 4 row(s) of the logger data could not be read; fix the rows listed and run again",
    ] {
        assert!(err.contains(want), "missing {want:?} in:\n{err}");
    }
}

#[test]
fn inline_profile_with_a_freeze() {
    let out = coldroute()
        .args([
            "excursion",
            "--profile",
            "18h@5,2h@-1,4h@6",
            "--range",
            "2,8",
            "--freeze-sensitive",
        ])
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).unwrap();
    assert!(
        text.contains(
            "freeze events:     1 below -0.5 C\n  t+18h 00m to t+20h 00m (2h 00m), lowest -1.0 C\n"
        ),
        "{text}"
    );
    assert!(
        text.contains("  FAIL  freeze  1 freeze event(s) below -0.5 C, lowest -1.0 C\n"),
        "{text}"
    );
}

#[test]
fn a_record_from_standard_input_with_a_preamble_and_a_fahrenheit_header() {
    // Readings of 41 F (5 C) and 5 F (-15 C): the second freezes a
    // freeze-sensitive product, so the verdict is FAIL (it used to be
    // read as 5 C and PASS).
    let text = "Device: TIC20\nSerial: 1234\nTime,Temp F\n2021-03-28 12:00:00,41\n2021-03-28 13:00:00,5\n2021-03-28 14:00:00,41\n";
    let out = coldroute()
        .args([
            "excursion",
            "-",
            "--range",
            "2,8",
            "--freeze-sensitive",
            "--skip",
            "2",
        ])
        .write_stdin(text)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(
        stdout.contains("record:            <stdin>, 3 readings"),
        "{stdout}"
    );
    assert!(stdout.contains("lowest -15.0 C"), "{stdout}");
}

/// Exports in the shapes of five logger vendors (written for these tests;
/// see the fixtures' README): each is read right, and each verdict is the
/// one a careful reader gives.
fn vendor(name: &str, extra: &[&str]) -> (i32, String) {
    let path = format!("tests/fixtures/loggers/vendors/{name}");
    let out = coldroute()
        .args([
            "excursion",
            &path,
            "--range",
            "2,8",
            "--freeze-sensitive",
            "--json",
        ])
        .args(extra)
        .output()
        .unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stdout).unwrap(),
    )
}

#[test]
fn vendor_exports_are_read_right() {
    // The same four hours (12:00-16:00 in San Salvador, UTC-6) with a 55 min
    // apron excursion up to +10.4 C, as LogTag (separate date and time,
    // day-first, preamble), TempTale (month-first, 12-hour clock,
    // Fahrenheit in Windows-1252, preamble) and ELPRO (semicolons, dotted
    // dates, decimal commas, preamble) write it.
    for (name, preamble, unit, dates) in [
        ("logtag.csv", 7, "C", "28/03/2021 14:05 (day first)"),
        ("temptale.csv", 6, "F", "03/28/2021 14:05 (month first)"),
        ("elpro.csv", 5, "C", "28.03.2021 14:05 (day first)"),
    ] {
        let (code, out) = vendor(name, &["--tz", "America/El_Salvador"]);
        assert_eq!(code, 1, "{name}: {out}");
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(v["readings"], 49, "{name}");
        assert_eq!(v["read"]["preamble_lines"], preamble, "{name}");
        assert_eq!(v["read"]["unit"], unit, "{name}");
        assert_eq!(v["read"]["dates"], dates, "{name}");
        assert_eq!(v["start"], "2021-03-28T18:00:00Z", "{name}");
        assert_eq!(v["time_above_range_s"], 3300.0, "{name}");
        let e = &v["excursions"][0];
        assert_eq!(e["start_local"], "2021-03-28T13:40:00-06:00", "{name}");
        assert_eq!(e["end_local"], "2021-03-28T14:35:00-06:00", "{name}");
        assert_eq!(e["side"], "above", "{name}");
        let peak = e["peak_c"].as_f64().unwrap();
        assert!((peak - 10.4).abs() < 0.03, "{name}: {peak}");
        assert_eq!(v["gaps"].as_array().unwrap().len(), 0, "{name}");
    }
}

#[test]
fn a_tracker_gap_is_unknown_time_and_fails_the_record() {
    // Tive-style tracker: 15-minute reports in UTC (`Date (UTC)`, read as
    // UTC whatever --tz says), then 3 h 15 min without a report. Every
    // reading is in range; held, the record would PASS.
    let (code, out) = vendor("tive.csv", &["--tz", "America/El_Salvador"]);
    assert_eq!(code, 1, "{out}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["start"], "2021-03-28T12:00:00Z");
    assert_eq!(v["time_unknown_s"], 11_700.0);
    assert_eq!(v["gaps"][0]["start"], "2021-03-28T13:45:00Z");
    assert_eq!(v["gaps"][0]["end"], "2021-03-28T17:00:00Z");
    assert_eq!(v["gaps"][0]["after_line"], 9);
    assert_eq!(v["time_out_of_range_s"], 0.0);
    let checks = v["product"]["checks"].as_array().unwrap();
    let gaps = checks.iter().find(|c| c["id"] == "gaps").unwrap();
    assert_eq!(gaps["pass"], false);
    // Allowing pauses of 4 h holds the last reading through it: PASS.
    let (code, out) = vendor("tive.csv", &["--max-gap", "4h"]);
    assert_eq!(code, 0, "{out}");
}

#[test]
fn a_freeze_in_epoch_milliseconds_fails() {
    // Controlant-style: quoted fields, epoch milliseconds, 10-minute
    // readings ending 30 min at -1.2 C.
    let (code, out) = vendor("controlant.csv", &[]);
    assert_eq!(code, 1, "{out}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["readings"], 25);
    assert_eq!(v["start"], "2021-03-28T12:00:00Z");
    assert_eq!(v["freeze_events"].as_array().unwrap().len(), 1);
    assert_eq!(v["excursions"][0]["side"], "below");
    assert_eq!(v["excursions"][0]["peak_c"], -1.2);
}

#[test]
fn ambiguous_dates_ask_for_a_date_format() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("ambiguous.csv");
    std::fs::write(
        &p,
        "Date/Time,Temp (°C)\n03/04/2021 06:00,5\n03/04/2021 06:05,5\n03/04/2021 06:10,5\n",
    )
    .unwrap();
    let out = coldroute()
        .args(["excursion", p.to_str().unwrap(), "--range", "2,8"])
        .assert()
        .code(2)
        .get_output()
        .stderr
        .clone();
    let err = String::from_utf8(out).unwrap();
    assert!(err.contains("ambiguous.csv:2: `03/04/2021 06:00`: the date can be day 3 of month 4 or day 4 of month 3"), "{err}");
    coldroute()
        .args([
            "excursion",
            p.to_str().unwrap(),
            "--range",
            "2,8",
            "--date-format",
            "DMY",
        ])
        .assert()
        .code(0);
}

// ---------------------------------------------------------- against a plan

const WARM: &str = "tests/fixtures/loggers/overlay/sv-0328-warm-apron.csv";

fn against(extra: &[&str]) -> (i32, String, String) {
    let out = coldroute()
        .args([
            "excursion",
            WARM,
            "--plan",
            "scenarios/pek-sal-coronavac.toml",
        ])
        .args(extra)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn a_record_is_compared_with_its_plan() {
    let (code, text, err) = against(&["--shipment", "SV-0328"]);
    // The plan holds +5 C; the record leaves range on the SAL apron.
    assert_eq!(code, 1, "{err}");
    for line in [
        "product:           CoronaVac (Sinovac), inactivated SARS-CoV-2 vaccine (+2.0..+8.0 C, freeze limit -0.5 C, stability VVM14, allowance 0m), from SV-0328 in pek-sal-coronavac.toml",
        "planned against recorded: SV-0328 in pek-sal-coronavac.toml (recommended plan)",
        "  compared over:   2021-03-28T11:40:00Z to 2021-03-29T06:30:00Z (5m of the trip not covered by readings)",
        "  verdict:         PASS              FAIL",
        "  MKT:             +5.00 C           +5.28 C",
        "  out of range:    0m                40m",
        "  largest deviation: +6.5 C at 2021-03-29T06:20:00Z during road SAL-CVS-REEFER SAL-SAL-CVS (recorded +11.5 C, planned +5.0 C)",
        "  deviations:      1 beyond 2.0 C",
        "    2021-03-29T05:50:00Z to 2021-03-29T06:30:00Z (40m), peak +6.5 C",
    ] {
        assert!(text.contains(line), "missing {line:?} in\n{text}");
    }
    // The same figures in JSON.
    let (code, json, _) = against(&["--shipment", "SV-0328", "--json"]);
    assert_eq!(code, 1);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let p = &v["plan"];
    assert_eq!(p["planned"]["pass"], true);
    assert_eq!(p["recorded"]["pass"], false);
    assert_eq!(p["recorded"]["out_of_range_s"], 2400.0);
    assert_eq!(p["largest_deviation"]["at"], "2021-03-29T06:20:00Z");
    assert_eq!(p["largest_deviation"]["delta_c"], 6.5);
    assert_eq!(p["deviations"].as_array().unwrap().len(), 1);
    // A threshold above the apron's +6.5 C finds nothing.
    let (_, text, _) = against(&["--shipment", "SV-0328", "--deviation", "7"]);
    assert!(
        text.contains("  deviations:      none beyond 7.0 C"),
        "{text}"
    );
}

#[test]
fn comparing_with_a_plan_refuses_bad_input() {
    // Two shipments and none chosen.
    let (code, _, err) = against(&[]);
    assert_eq!(code, 2);
    assert!(err.contains("choose one with --shipment ID"), "{err}");
    // The product's limits come from the plan: --range conflicts.
    let (code, _, err) = against(&["--shipment", "SV-0328", "--range", "2,8"]);
    assert_eq!(code, 2, "{err}");
    // A record of another trip.
    let (code, _, err) = against(&["--shipment", "SV-0406"]);
    assert_eq!(code, 2);
    assert!(err.contains("does not cover the trip"), "{err}");
    // --deviation without --plan.
    let out = coldroute()
        .args(["excursion", WARM, "--range", "2,8", "--deviation", "3"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}
