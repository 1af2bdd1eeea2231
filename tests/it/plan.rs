//! The shipped scenarios plan as their headers promise (issue 4): run the
//! real binary and read its JSON.

use serde_json::Value;

fn plan_json(args: &[&str]) -> (i32, Value) {
    let out = super::harness::coldroute()
        .arg("plan")
        .args(args)
        .arg("--json")
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).expect("plan --json prints JSON");
    (out.status.code().unwrap_or(-1), v)
}

fn recommended(v: &Value, shipment: usize) -> &Value {
    &v["shipments"][shipment]["plans"][0]
}

fn step_labels(plan: &Value) -> Vec<String> {
    plan["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["label"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn pek_sal_coronavac_is_door_to_door_within_19h_inside_2_to_8() {
    let (code, v) = plan_json(&["scenarios/pek-sal-coronavac.toml", "--shipment", "SV-0328"]);
    assert_eq!(code, 0, "{v:#}");
    let p = recommended(&v, 0);
    assert_eq!(p["recommended"], true);
    assert_eq!(p["meets_sla"], true);
    let transit = p["transit_s"].as_i64().unwrap();
    assert!(transit <= 19 * 3600, "transit {transit} s");
    assert!(p["payload_min_c"].as_f64().unwrap() >= 2.0);
    assert!(p["payload_max_c"].as_f64().unwrap() <= 8.0);
    assert_eq!(p["out_of_range_s"], 0);
    assert_eq!(p["frozen"], false);
}

#[test]
fn lagos_central_store_receives_in_daytime_only() {
    // LOS-CMS receives 07:00-19:00 local (its `opening`; `receiving`
    // defaults to it). A plan arriving at night waits at the door in the
    // outdoor air and is handled when the store opens; none is received
    // at night.
    let (code, v) = plan_json(&["scenarios/szx-add-los.toml"]);
    assert_eq!(code, 0, "{v:#}");
    let plans = v["shipments"][0]["plans"].as_array().unwrap();
    let mut waited = 0;
    for p in plans {
        let steps = p["steps"].as_array().unwrap();
        let last = steps.last().unwrap();
        assert_eq!(last["kind"], "delivery", "{p:#}");
        // `2021-07-10 07:00 +01:00`: the local hour of the receipt.
        let start = last["start_local"].as_str().unwrap();
        let hour: u32 = start[11..13].parse().unwrap();
        assert!((7..19).contains(&hour), "received at {start}");
        if let Some(w) = steps.iter().find(|s| s["kind"] == "await-receipt") {
            waited += 1;
            assert_eq!(w["end_local"], last["start_local"]);
            assert_eq!(&start[11..16], "07:00");
        }
    }
    assert!(waited >= 1, "no plan arrives at night: {v:#}");
}

#[test]
fn anc_winter_freeze_takes_the_warm_route_and_explains_the_freeze() {
    let (code, v) = plan_json(&["scenarios/anc-winter-freeze.toml", "--explain"]);
    assert_eq!(code, 0, "{v:#}");
    let p = recommended(&v, 0);
    let labels = step_labels(p);
    assert!(labels.iter().all(|l| !l.contains("ANC")), "{labels:?}");
    assert!(labels.iter().any(|l| l.contains("LAX")), "{labels:?}");
    let rejected = v["shipments"][0]["rejected"].as_array().unwrap();
    let freeze = rejected
        .iter()
        .find(|r| r["reason"].as_str().unwrap().contains("ANC apron"))
        .expect("a rejected Anchorage itinerary");
    let reason = freeze["reason"].as_str().unwrap();
    assert!(reason.contains("freeze limit -0.5 C"), "{reason}");
    // It was faster than the plan taken.
    assert!(freeze["earliest_arrival_utc"].as_str().unwrap() < p["arrival_utc"].as_str().unwrap());

    // The text output names it too.
    let out = super::harness::coldroute()
        .args(["plan", "scenarios/anc-winter-freeze.toml", "--explain"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("rejected faster itineraries:"), "{text}");
    assert!(text.contains("on the ANC apron at"), "{text}");
}

#[test]
fn lgg_ultracold_schedules_a_re_icing_stop() {
    let (code, v) = plan_json(&["scenarios/lgg-ultracold.toml"]);
    assert_eq!(code, 0, "{v:#}");
    let p = recommended(&v, 0);
    let labels = step_labels(p);
    assert!(labels.iter().any(|l| l == "re-ice LGG"), "{labels:?}");
    assert!(p["payload_max_c"].as_f64().unwrap() <= -60.0);
    // Without re-icing the dry ice would run out: the trip is longer than
    // the shipper's ~5 days (cold-chain-facts.md, Comirnaty shipper).
    assert!(p["transit_s"].as_i64().unwrap() > 5 * 86_400);
}

#[test]
fn unknown_shipment_is_a_usage_error() {
    super::harness::coldroute()
        .args([
            "plan",
            "scenarios/pek-sal-coronavac.toml",
            "--shipment",
            "NOPE",
        ])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("no shipment `NOPE`"));
}

#[test]
fn same_input_same_output_bytes() {
    let run = || {
        super::harness::coldroute()
            .args(["plan", "scenarios/szx-add-los.toml", "--json", "--explain"])
            .output()
            .unwrap()
            .stdout
    };
    assert_eq!(run(), run());
}

#[test]
fn same_output_bytes_whatever_the_thread_count() {
    // Shipments are planned in parallel; the output must not depend on it.
    let run = |threads: &str| {
        super::harness::coldroute()
            .env("RAYON_NUM_THREADS", threads)
            .args([
                "plan",
                "scenarios/pek-sal-coronavac.toml",
                "--json",
                "--explain",
            ])
            .output()
            .unwrap()
            .stdout
    };
    let one = run("1");
    assert!(one.len() > 1000);
    assert_eq!(one, run("2"));
    assert_eq!(one, run("4"));
}

fn plan_text(args: &[&str]) -> (i32, String) {
    let out = super::harness::coldroute()
        .arg("plan")
        .args(args)
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap() + &String::from_utf8(out.stderr).unwrap();
    (out.status.code().unwrap_or(-1), text)
}

#[test]
fn a_seven_vehicle_optimum_is_found_when_the_leg_limit_allows_it() {
    let f = "tests/fixtures/limits/seven-legs.toml";
    let (code, v) = plan_json(&[f, "--max-legs", "7"]);
    assert_eq!(code, 0, "{v:#}");
    let p = recommended(&v, 0);
    assert_eq!(p["transfers"], 6, "{p:#}");
    assert_eq!(p["arrival_utc"].as_str().unwrap(), "2021-03-08T18:00:00Z");
    assert_eq!(v["shipments"][0]["incomplete"], serde_json::json!([]));
}

#[test]
fn the_leg_limit_says_it_cut_the_search() {
    // With the default limit the direct evening flight is the only plan,
    // and the output says a faster one may need more legs.
    let f = "tests/fixtures/limits/seven-legs.toml";
    let (code, text) = plan_text(&[f, "--explain"]);
    assert_eq!(code, 0, "{text}");
    assert!(text.contains("0 transfers"), "{text}");
    assert!(
        text.contains("incomplete search: the search stopped at 6 legs and the destination can be reached with more: raise --max-legs"),
        "{text}"
    );
    assert!(!text.contains("none exists"), "{text}");
    let (_, v) = plan_json(&[f]);
    assert_eq!(v["shipments"][0]["incomplete"][0]["limit"], "max_legs");
    assert_eq!(v["shipments"][0]["incomplete"][0]["value"], 6);
}

#[test]
fn no_plan_within_the_leg_limit_is_not_called_infeasible() {
    let f = "tests/fixtures/limits/seven-legs-only.toml";
    let (code, text) = plan_text(&[f, "--explain"]);
    assert_eq!(code, 1, "{text}");
    assert!(
        text.contains(
            "no itinerary within 6 legs; the destination can be reached with more: raise --max-legs"
        ),
        "{text}"
    );
    assert!(!text.contains("every itinerary breaks"), "{text}");
    let (code, _) = plan_json(&[f, "--max-legs", "7"]);
    assert_eq!(code, 0);
    // The reference engine finds the same plan.
    let (code, v) = plan_json(&[f, "--max-legs", "7", "--engine", "labels"]);
    assert_eq!(code, 0);
    assert_eq!(recommended(&v, 0)["transfers"], 6);
}

#[test]
fn a_label_budget_that_runs_out_is_reported_never_an_abort() {
    // Both engines keep the budget and say so: with no plan found, the
    // reason is the budget (never "infeasible"); with one, it is marked
    // incomplete.
    for engine in ["scan", "labels"] {
        let args = ["scenarios/pek-sal-coronavac.toml", "--engine", engine];
        let (code, text) = plan_text(&[&args[..], &["--label-budget", "3"]].concat());
        assert_eq!(code, 1, "{engine}: {text}");
        assert!(
            text.contains(
                "no plan found: the search stopped at its budget of 3 labels before it saw every itinerary; raise --label-budget"
            ),
            "{engine}: {text}"
        );
        assert!(!text.contains("breaks a product limit"), "{engine}: {text}");
        let (code, v) = plan_json(&[&args[..], &["--label-budget", "3"]].concat());
        assert_eq!(code, 1);
        assert_eq!(v["shipments"][1]["incomplete"][0]["limit"], "label_budget");
        let (code, text) = plan_text(&[
            "tests/fixtures/limits/line100.toml",
            "--engine",
            engine,
            "--label-budget",
            "2000",
        ]);
        assert!(code == 0 || code == 1, "{engine}: {text}");
        assert!(
            text.contains("stopped at its budget of 2000 labels before it saw every itinerary"),
            "{engine}: {text}"
        );
    }
    let (code, text) = plan_text(&["scenarios/pek-sal-coronavac.toml", "--label-budget", "0"]);
    assert_eq!(code, 2, "{text}");
}

#[test]
fn the_reference_engine_says_when_the_leg_limit_cut_it() {
    let (code, text) = plan_text(&[
        "tests/fixtures/limits/seven-legs-only.toml",
        "--engine",
        "labels",
        "--explain",
    ]);
    assert_eq!(code, 1, "{text}");
    assert!(
        text.contains(
            "no itinerary within 6 legs; the destination can be reached with more: raise --max-legs"
        ),
        "{text}"
    );
    assert!(!text.contains("every itinerary breaks"), "{text}");
    let (code, text) = plan_text(&[
        "tests/fixtures/limits/seven-legs.toml",
        "--engine",
        "labels",
        "--explain",
    ]);
    assert_eq!(code, 0, "{text}");
    assert!(
        text.contains("incomplete search: the search stopped at 6 legs"),
        "{text}"
    );
    assert!(!text.contains("none exists"), "{text}");
}

#[test]
fn both_engines_give_the_same_plans_on_every_shipped_scenario() {
    for f in [
        "scenarios/pek-sal-coronavac.toml",
        "scenarios/anc-winter-freeze.toml",
        "scenarios/lgg-ultracold.toml",
        "scenarios/szx-add-los.toml",
    ] {
        let (c1, scan) = plan_text(&[f, "--alternatives", "10"]);
        let (c2, labels) = plan_text(&[f, "--alternatives", "10", "--engine", "labels"]);
        assert_eq!(c1, c2, "{f}");
        assert_eq!(scan, labels, "{f}");
    }
}

/// The legs of a plan, by their labels.
fn leg_labels(plan: &Value) -> Vec<String> {
    step_labels(plan)
        .into_iter()
        .filter(|l| l.starts_with("flight ") || l.starts_with("road ") || l.starts_with("ride "))
        .collect()
}

#[test]
fn a_shuttle_every_10_seconds_and_a_late_flight() {
    // The inputs that made the first engine abort (issue 11) end with the
    // right answer; their times and memory are in docs/performance.md.
    let (code, v) = plan_json(&["tests/fixtures/limits/shuttle-10s.toml"]);
    assert_eq!(code, 0, "{v:#}");
    let p = recommended(&v, 0);
    assert_eq!(
        leg_labels(p),
        ["road SHUTTLE DEPOT-LGG", "flight LATE22 LGG-ZRH"]
    );
    assert_eq!(p["arrival_utc"], "2021-03-08T22:15:00Z");
    assert_eq!(v["shipments"][0]["incomplete"], serde_json::json!([]));
}

#[test]
fn a_destination_reachable_only_late_in_a_30_day_horizon() {
    let (code, v) = plan_json(&["tests/fixtures/limits/late-in-30-days.toml"]);
    assert_eq!(code, 0, "{v:#}");
    let p = recommended(&v, 0);
    assert_eq!(leg_labels(p).last().unwrap(), "flight ONCE AMS-SAL");
    assert_eq!(p["arrival_utc"], "2021-04-03T20:00:00Z");
    assert_eq!(v["shipments"][0]["incomplete"], serde_json::json!([]));
}

#[test]
fn a_100_stop_line_every_5_minutes_ends_with_a_plan_or_a_clear_limit() {
    // A bus every 5 minutes calling at 100 stops: 28,000 hops a day. The
    // search rides each bus hop by hop (staying on board is free), so it
    // finishes well inside the default budget with the one bus end to end.
    let f = "tests/fixtures/limits/line100.toml";
    let (code, v) = plan_json(&[f]);
    assert_eq!(code, 0, "{v:#}");
    let p = recommended(&v, 0);
    assert_eq!(
        leg_labels(p),
        ["road DEPOT-S000", "ride 100 S000-S099 trip OUT"]
    );
    assert_eq!(p["arrival_utc"], "2021-03-08T09:32:30Z");
    assert_eq!(v["shipments"][0]["incomplete"], serde_json::json!([]));
    // With a budget too small for even that, it says so.
    let (_, v) = plan_json(&[f, "--label-budget", "50"]);
    assert_eq!(v["shipments"][0]["incomplete"][0]["limit"], "label_budget");
}

#[test]
fn an_unreachable_destination_is_not_blamed_on_the_product() {
    // Nothing flies back from ZRH: the reason is the schedule, not a
    // product limit.
    let args = [
        "tests/fixtures/limits/seven-legs.toml",
        "--from",
        "ZRH",
        "--to",
        "LGG",
        "--ready",
        "2021-03-08T05:00",
        "--product",
        "vaccine",
        "--packaging",
        "pcm-box",
    ];
    let (code, text) = plan_text(&args);
    assert_eq!(code, 1, "{text}");
    assert!(
        text.contains("no chain of connections reaches LGG from ZRH within the planning horizon"),
        "{text}"
    );
    assert!(!text.contains("breaks a product limit"), "{text}");
    let (_, v) = plan_json(&args);
    assert_eq!(v["shipments"][0]["reachable"], false);
    let (_, v) = plan_json(&["tests/fixtures/limits/seven-legs.toml"]);
    assert_eq!(v["shipments"][0]["reachable"], true);
}

/// Every `..._utc` string is `YYYY-MM-DDTHH:MM:SSZ` (what `jq
/// fromdateiso8601` reads) and every `..._local` RFC 3339 with an offset;
/// returns how many were seen.
fn check_instants(v: &Value, path: &str) -> usize {
    let mut n = 0;
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                if let Value::String(s) = x {
                    if k.ends_with("_utc") {
                        let b = s.as_bytes();
                        assert!(
                            s.len() == 20
                                && b[10] == b'T'
                                && b[19] == b'Z'
                                && b[13] == b':'
                                && b[16] == b':',
                            "{path}.{k} = {s:?} is not YYYY-MM-DDTHH:MM:SSZ"
                        );
                        let _: jiff::Timestamp = s.parse().unwrap();
                        n += 1;
                    } else if k.ends_with("_local") {
                        let _: jiff::Timestamp = s
                            .parse()
                            .unwrap_or_else(|e| panic!("{path}.{k} = {s:?}: {e}"));
                        // Seconds and a numeric offset: `...T00:35:12-06:00`.
                        assert!(
                            s.len() == 25 && &s[10..11] == "T" && &s[19..20] != "Z",
                            "{path}.{k} = {s:?}"
                        );
                        n += 1;
                    }
                }
                n += check_instants(x, &format!("{path}.{k}"));
            }
        }
        Value::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                n += check_instants(x, &format!("{path}[{i}]"));
            }
        }
        _ => {}
    }
    n
}

#[test]
fn json_instants_are_rfc3339_with_seconds() {
    let mut seen = 0;
    let root = super::harness::root().to_path_buf();
    for f in std::fs::read_dir(root.join("scenarios")).unwrap() {
        let f = f.unwrap().path();
        if f.extension().is_none_or(|e| e != "toml") {
            continue;
        }
        for cmd in [
            ["plan", "--json", "--explain"],
            ["check", "--json", "--quiet"],
        ] {
            let out = super::harness::coldroute()
                .current_dir(&root)
                .arg(cmd[0])
                .arg(&f)
                .args(&cmd[1..])
                .output()
                .unwrap();
            let v: Value = serde_json::from_slice(&out.stdout)
                .unwrap_or_else(|e| panic!("{} {}: {e}", cmd[0], f.display()));
            seen += check_instants(&v, cmd[0]);
        }
    }
    assert!(seen > 100, "{seen} instants");
}

#[test]
fn every_command_that_plans_names_a_limit_that_cut_it() {
    use super::harness::run;
    let only = "tests/fixtures/limits/seven-legs-only.toml";
    let some = "tests/fixtures/limits/seven-legs.toml";
    let legs =
        "no itinerary within 6 legs; the destination can be reached with more: raise --max-legs";
    let cut = "incomplete search: the search stopped at 6 legs and the destination can be reached with more: raise --max-legs";
    // report: no picture without a plan, and the reason is the limit; the
    // limit is settable.
    let dir = tempfile::tempdir().unwrap();
    let png = dir.path().join("r.png");
    let png = png.to_str().unwrap();
    let (code, _, stderr) = run(&["report", only, "-o", png]);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains(&format!("ONLY-MILK-RUN: {legs}, so no report")),
        "{stderr}"
    );
    let (code, _, stderr) = run(&["report", only, "-o", png, "--max-legs", "5"]);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("--shipment ONLY-MILK-RUN --explain --max-legs 5`"),
        "{stderr}"
    );
    let (code, _, stderr) = run(&["report", only, "-o", png, "--max-legs", "7"]);
    assert_eq!(code, 0, "{stderr}");
    let (code, _, stderr) = run(&["report", some, "-o", png]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains(&format!("MILK-RUN: {cut}")), "{stderr}");
    // what-if: text and JSON.
    let (code, stdout, stderr) = run(&["what-if", only, "--heat", "ZRH:+1"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains(&format!("  before: {legs}")), "{stdout}");
    let (_, stdout, _) = run(&["what-if", some, "--heat", "ZRH:+1"]);
    assert!(
        stdout.contains(&format!("flight DX900 LGG-ZRH; {cut}")),
        "{stdout}"
    );
    let (_, stdout, _) = run(&["what-if", only, "--heat", "ZRH:+1", "--json"]);
    let v: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(v["shipments"][0]["before"]["reason"], legs);
    let (_, stdout, _) = run(&["what-if", some, "--heat", "ZRH:+1", "--json"]);
    let v: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(
        v["shipments"][0]["after"]["incomplete"][0],
        "the search stopped at 6 legs and the destination can be reached with more: raise --max-legs"
    );
    // sweep: a column, and a note on stderr.
    let args = [
        "sweep",
        some,
        "--shipment",
        "MILK-RUN",
        "--from",
        "2021-03-08",
        "--to",
        "2021-03-09",
        "-o",
        "-",
    ];
    let (code, stdout, stderr) = run(&args);
    assert_eq!(code, 0, "{stderr}");
    let rows: Vec<&str> = stdout.lines().skip(1).collect();
    assert_eq!(rows.len(), 2, "{stdout}");
    assert!(
        rows.iter().all(|r| r.ends_with(",DX900,max_legs")),
        "{stdout}"
    );
    assert!(
        stderr.contains("2 of 2 ready times were planned by a search a limit cut"),
        "{stderr}"
    );
    let (_, stdout, stderr) = run(&[&args[..], &["--max-legs", "7"]].concat());
    assert!(
        stdout.lines().skip(1).all(|r| r.ends_with("MR106,")),
        "{stdout}"
    );
    assert!(!stderr.contains("limit cut"), "{stderr}");
}

#[test]
fn a_leg_limit_that_may_hide_the_plan_meeting_the_sla_is_named() {
    // The direct flight arrives first but misses the margin; only the
    // 7-flight run meets the SLA. Arriving first does not make the cut
    // harmless when nothing found meets the SLA.
    let f = "tests/fixtures/limits/seven-legs-hot-direct.toml";
    for engine in ["scan", "labels"] {
        let (code, text) = plan_text(&[f, "--explain", "--engine", engine]);
        assert_eq!(code, 1, "{engine}: {text}");
        assert!(text.contains("verdict: FAIL"), "{engine}: {text}");
        assert!(
            text.contains("incomplete search: the search stopped at 6 legs"),
            "{engine}: {text}"
        );
        assert!(!text.contains("none exists"), "{engine}: {text}");
        let (code, v) = plan_json(&[f, "--max-legs", "7", "--engine", engine]);
        assert_eq!(code, 0, "{engine}");
        assert_eq!(recommended(&v, 0)["transfers"], 6);
        assert_eq!(recommended(&v, 0)["meets_sla"], true);
    }
    // check names the limit too, and a search a limit cut with no plan
    // fails on the limit, not on what the cut search happened to reject.
    let (code, stdout, _) = super::harness::run(&["check", f]);
    assert_eq!(code, 1);
    assert!(
        stdout.contains("incomplete search: the search stopped at 6 legs"),
        "{stdout}"
    );
    for (file, flag, value, limit) in [
        (
            "tests/fixtures/limits/seven-legs-only.toml",
            "--max-legs",
            "6",
            "max_legs",
        ),
        (
            "scenarios/anc-winter-freeze.toml",
            "--label-budget",
            "2",
            "label_budget",
        ),
    ] {
        let (code, stdout, _) = super::harness::run(&["check", file, flag, value, "--json"]);
        assert_eq!(code, 1);
        let v: Value = serde_json::from_str(&stdout).unwrap();
        assert_eq!(
            v["files"][0]["shipments"][0]["failed"],
            serde_json::json!([limit]),
            "{file}"
        );
        let (_, stdout, _) = super::harness::run(&["check", file, flag, value, "--github"]);
        assert!(
            stdout.contains(&format!("has no plan within its limits ({limit})")),
            "{stdout}"
        );
    }
}
