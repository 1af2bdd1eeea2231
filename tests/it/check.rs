//! Integration tests of `coldroute check`, driving the real binary from the
//! crate root (so that paths in its output are stable).
//!
//! `tests/fixtures/sla/` holds valid scenarios that each fail ONE SLA
//! criterion (see the README there); the shipped `scenarios/` must all
//! pass. Scenarios with deliberate mistakes are written to temporary
//! directories by the tests that need them.

use std::fs;
use std::path::PathBuf;

use super::harness::{code, output as coldroute, root as crate_root, stderr, stdout};
use serde_json::Value;

/// Exit codes of `coldroute`.
const EXIT_OK: i32 = 0;
const EXIT_FAILED: i32 = 1;
const EXIT_BAD_INPUT: i32 = 2;

const SLA_DIR: &str = "tests/fixtures/sla";

/// The one stdout line about shipment `id`.
fn line_of<'a>(text: &'a str, id: &str) -> &'a str {
    let tag = format!("  {id}  ");
    let lines: Vec<&str> = text.lines().filter(|l| l.contains(&tag)).collect();
    assert_eq!(lines.len(), 1, "one line for {id} in:\n{text}");
    lines[0]
}

/// A scratch directory holding `name` with the text of fixture `from`
/// (crate-relative) after replacing `old` with `new`.
fn edited_fixture(from: &str, name: &str, old: &str, new: &str) -> (tempfile::TempDir, PathBuf) {
    let text = fs::read_to_string(crate_root().join(from)).expect("fixture");
    assert!(text.contains(old), "{from} contains {old:?}");
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join(name);
    fs::write(&path, text.replacen(old, new, 1)).expect("write scratch scenario");
    (dir, path)
}

#[test]
fn shipped_scenarios_all_pass() {
    let out = coldroute(&["check", "scenarios/"]);
    let text = stdout(&out);
    assert_eq!(code(&out), EXIT_OK, "{text}{}", stderr(&out));
    let files: Vec<String> = fs::read_dir(crate_root().join("scenarios"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".toml"))
        .collect();
    let lines: Vec<&str> = text.lines().collect();
    let (summary, shipments) = lines.split_last().unwrap();
    assert!(shipments.len() >= files.len(), "{text}");
    assert!(
        shipments.iter().all(|l| l.starts_with("PASS  scenarios/")),
        "{text}"
    );
    assert_eq!(*summary, format!("{} passed, 0 failed", shipments.len()));
    // Both PEK-SAL shipments are there, each at its `[[shipment]]` line.
    for id in ["SV-0328", "SV-0406"] {
        let line = line_of(&text, id);
        let place = line.split_whitespace().nth(1).unwrap();
        let n: usize = place.rsplit(':').next().unwrap().parse().unwrap();
        let source =
            fs::read_to_string(crate_root().join("scenarios/pek-sal-coronavac.toml")).unwrap();
        assert_eq!(source.lines().nth(n - 1), Some("[[shipment]]"), "{line}");
    }
}

/// Each failing fixture: valid for `validate`, exit 1 from `check`, and the
/// one failed criterion named with its figure.
#[test]
fn each_sla_fixture_fails_its_one_criterion_with_the_figure() {
    let cases = [
        (
            "deadline-too-tight.toml",
            "KE-1115",
            "transit",
            "transit 6d 0h 10m > max 2d 0h 00m",
        ),
        (
            "margin-too-thin.toml",
            "NG-0713",
            "margin",
            "margin 6h 57m < min 1d 0h 00m",
        ),
        (
            "excursion-over-budget.toml",
            "HK-0112",
            "excursion",
            "excursion 1h 57m > max 15m",
        ),
        (
            "freeze-on-the-way.toml",
            "MX-0111-ANC",
            "freeze",
            "no feasible plan: freeze: payload reaches -3.1 C on the ANC apron at 04:26 local (freeze limit -0.5 C)",
        ),
    ];
    let mut problems = Vec::new();
    for (file, id, criterion, figure) in cases {
        let path = format!("{SLA_DIR}/{file}");
        let valid = coldroute(&["validate", &path]);
        if code(&valid) != EXIT_OK {
            problems.push(format!("{path} does not validate:\n{}", stderr(&valid)));
            continue;
        }
        let out = coldroute(&["check", &path]);
        let text = stdout(&out);
        if code(&out) != EXIT_FAILED {
            problems.push(format!("{path}: exit {} instead of 1:\n{text}", code(&out)));
        }
        let line = line_of(&text, id);
        if !line.starts_with(&format!("FAIL  {path}:")) || !line.contains(figure) {
            problems.push(format!(
                "{path}: expected FAIL with `{figure}`, got\n{line}"
            ));
        }
        if !text.ends_with("0 passed, 1 failed\n") {
            problems.push(format!("{path}: summary line:\n{text}"));
        }
        let json = coldroute(&["check", "--json", &path]);
        let v: Value = serde_json::from_slice(&json.stdout).expect("JSON");
        let failed = &v["files"][0]["shipments"][0]["failed"];
        if *failed != serde_json::json!([criterion]) {
            problems.push(format!(
                "{path}: fails {failed} instead of only [{criterion}]"
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
}

#[test]
fn bad_input_wins_but_every_file_is_reported() {
    let (dir, bad) = edited_fixture(
        "tests/fixtures/sla/deadline-too-tight.toml",
        "bad.toml",
        "to = \"NBO\"\nready",
        "to = \"NBX\"\nready",
    );
    let missing = dir.path().join("missing.toml");
    let bad_s = bad.to_str().unwrap();
    let out = coldroute(&[
        "check",
        "scenarios",
        bad_s,
        "tests/fixtures/sla/margin-too-thin.toml",
        missing.to_str().unwrap(),
    ]);
    let text = stdout(&out);
    let err = stderr(&out);
    assert_eq!(code(&out), EXIT_BAD_INPUT, "{text}{err}");
    // The scenarios before the bad file and the fixture after it are reported.
    assert!(
        text.lines().filter(|l| l.starts_with("PASS  ")).count() >= 5,
        "{text}"
    );
    assert!(line_of(&text, "NG-0713").starts_with("FAIL  "), "{text}");
    let error_lines: Vec<&str> = text.lines().filter(|l| l.starts_with("ERROR ")).collect();
    assert_eq!(error_lines.len(), 2, "{text}");
    assert!(
        error_lines[0].starts_with(&format!("ERROR {bad_s}:")) && error_lines[0].contains("NBX"),
        "{text}"
    );
    assert!(error_lines[1].contains("cannot read"), "{text}");
    assert!(
        text.ends_with(" passed, 1 failed, 2 invalid files\n"),
        "{text}"
    );
    // The diagnostics on stderr are rendered as `validate` renders them.
    assert!(
        err.contains(&format!("--> {bad_s}:")) && err.contains("^^^"),
        "{err}"
    );
}

#[test]
fn check_says_which_limit_cut_the_search() {
    // No plan within the leg limit: the leg limit is the reason, not the
    // horizon or the product.
    let out = coldroute(&["check", "tests/fixtures/limits/seven-legs-only.toml"]);
    assert_eq!(code(&out), EXIT_FAILED);
    let line = line_of(&stdout(&out), "ONLY-MILK-RUN").to_string();
    assert!(
        line.starts_with("FAIL")
            && line.ends_with(
                "no itinerary within 6 legs; the destination can be reached with more: raise --max-legs"
            ),
        "{line}"
    );
    let out = coldroute(&[
        "check",
        "tests/fixtures/limits/seven-legs-only.toml",
        "--max-legs",
        "7",
    ]);
    assert_eq!(code(&out), EXIT_OK, "{}", stdout(&out));
    // A plan found within the limit passes, and the line says a faster one
    // needs more legs; so does the JSON.
    let out = coldroute(&["check", "tests/fixtures/limits/seven-legs.toml"]);
    assert_eq!(code(&out), EXIT_OK);
    let line = line_of(&stdout(&out), "MILK-RUN").to_string();
    assert!(
        line.starts_with("PASS")
            && line.ends_with(
                "; incomplete search: the search stopped at 6 legs and the destination can be reached with more: raise --max-legs"
            ),
        "{line}"
    );
    let out = coldroute(&["check", "tests/fixtures/limits/seven-legs.toml", "--json"]);
    let v: Value = serde_json::from_str(&stdout(&out)).unwrap();
    let sh = &v["files"][0]["shipments"][0];
    assert_eq!(sh["pass"], true);
    assert_eq!(
        sh["incomplete"][0],
        "the search stopped at 6 legs and the destination can be reached with more: raise --max-legs"
    );
    // The label budget, in the text and in JUnit.
    let dir = tempfile::tempdir().unwrap();
    let junit = dir.path().join("check.xml");
    let out = coldroute(&[
        "check",
        "scenarios/pek-sal-coronavac.toml",
        "--label-budget",
        "3",
        "--junit",
        junit.to_str().unwrap(),
    ]);
    assert_eq!(code(&out), EXIT_FAILED);
    let want = "no plan found: the search stopped at its budget of 3 labels before it saw every itinerary; raise --label-budget";
    assert!(
        line_of(&stdout(&out), "SV-0406").ends_with(want),
        "{}",
        stdout(&out)
    );
    let xml = fs::read_to_string(&junit).unwrap();
    assert!(xml.contains(&format!("message=\"{want}\"")), "{xml}");
    // A complete search has nothing incomplete.
    let out = coldroute(&["check", "scenarios/pek-sal-coronavac.toml", "--json"]);
    let v: Value = serde_json::from_str(&stdout(&out)).unwrap();
    for sh in v["files"][0]["shipments"].as_array().unwrap() {
        assert_eq!(sh["incomplete"], serde_json::json!([]), "{sh}");
    }
}

#[test]
fn junit_report_has_a_suite_per_file_and_a_case_per_shipment() {
    let (dir, bad) = edited_fixture(
        "tests/fixtures/sla/deadline-too-tight.toml",
        "bad.toml",
        "range = [2, 8]",
        "range = [8, 2]",
    );
    let report = dir.path().join("reports/nested/check.xml");
    let out = coldroute(&[
        "check",
        "scenarios/pek-sal-coronavac.toml",
        SLA_DIR,
        bad.to_str().unwrap(),
        "--junit",
        report.to_str().unwrap(),
    ]);
    assert_eq!(code(&out), EXIT_BAD_INPUT, "{}", stderr(&out));
    let xml = fs::read_to_string(&report).expect("the report is written");
    // Written through a temporary file that is renamed: nothing else is left.
    let left: Vec<_> = fs::read_dir(report.parent().unwrap()).unwrap().collect();
    assert_eq!(left.len(), 1, "{left:?}");

    assert!(
        xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"),
        "{xml}"
    );
    assert_eq!(xml.matches("<testsuites ").count(), 1, "{xml}");
    assert!(
        xml.contains(r#"<testsuites name="coldroute check" tests="7" failures="4" errors="1">"#),
        "{xml}"
    );
    // pek-sal (2 shipments), 4 fixtures, 1 invalid file.
    assert_eq!(xml.matches("<testsuite ").count(), 6, "{xml}");
    assert_eq!(xml.matches("<testcase ").count(), 7, "{xml}");
    assert_eq!(xml.matches("<failure ").count(), 4, "{xml}");
    assert_eq!(xml.matches("<error ").count(), 1, "{xml}");
    assert!(xml.contains(
        r#"<testsuite name="scenarios/pek-sal-coronavac.toml" tests="2" disabled="0" errors="0" failures="0">"#
    ));
    assert!(
        xml.contains(r#"<testcase name="SV-0328" classname="scenarios/pek-sal-coronavac.toml">"#)
    );
    assert!(xml.contains(
        r#"<testcase name="KE-1115" classname="tests/fixtures/sla/deadline-too-tight.toml">"#
    ));
    // Failure messages carry the figures (XML-escaped) and the criterion.
    assert!(
        xml.contains(r#"<failure message="transit 6d 0h 10m &gt; max 2d 0h 00m; margin "#),
        "{xml}"
    );
    assert!(xml.contains(r#"type="transit">"#), "{xml}");
    assert!(
        xml.contains(
            r#"<failure message="no feasible plan: freeze: payload reaches -3.1 C on the ANC apron"#
        ),
        "{xml}"
    );
    assert!(xml.contains(r#"type="freeze">"#), "{xml}");
    assert!(xml.contains(r#"type="margin">"#) && xml.contains(r#"type="excursion">"#));
    // The invalid file: one case with an error carrying the diagnostic.
    assert!(
        xml.contains(r#"<testcase name="scenario" classname=""#),
        "{xml}"
    );
    assert!(
        xml.contains(r#"<error message="invalid scenario: "#),
        "{xml}"
    );
    // No clock in the report.
    assert!(
        !xml.contains("timestamp=") && !xml.contains(" time="),
        "{xml}"
    );
}

#[test]
fn json_follows_the_documented_schema() {
    let out = coldroute(&["check", "--json", "scenarios", SLA_DIR]);
    assert_eq!(code(&out), EXIT_FAILED, "{}", stderr(&out));
    let v: Value = serde_json::from_slice(&out.stdout).expect("check --json prints JSON");
    assert_eq!(v["schema"], "coldroute.check/2");
    assert_eq!(v["failed"], 4);
    assert_eq!(v["invalid_files"], 0);
    let files = v["files"].as_array().unwrap();
    let n_passed: usize = files
        .iter()
        .flat_map(|f| f["shipments"].as_array().unwrap())
        .filter(|s| s["pass"] == true)
        .count();
    assert_eq!(v["passed"], n_passed);
    let paths: Vec<&str> = files.iter().map(|f| f["path"].as_str().unwrap()).collect();
    let mut sorted = paths.clone();
    sorted.sort();
    assert_eq!(paths, sorted, "files in sorted order");

    let sv = files
        .iter()
        .flat_map(|f| f["shipments"].as_array().unwrap())
        .find(|s| s["id"] == "SV-0328")
        .unwrap();
    assert_eq!(sv["feasible"], true);
    assert_eq!(sv["planner_meets_sla"], true);
    assert_eq!(sv["failed"], serde_json::json!([]));
    let names: Vec<&str> = sv["criteria"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        ["transit", "margin", "excursion", "stability", "freeze"]
    );
    let transit = &sv["criteria"][0];
    assert_eq!(transit["unit"], "s");
    assert_eq!(transit["bound"], "max");
    assert_eq!(transit["limit"], 19 * 3600);
    assert!(transit["value"].as_i64().unwrap() <= 19 * 3600);
    assert_eq!(sv["criteria"][3]["unit"], "fraction");
    assert_eq!(sv["criteria"][4]["value"], false);

    let freeze = files
        .iter()
        .find(|f| f["path"] == "tests/fixtures/sla/freeze-on-the-way.toml")
        .unwrap();
    let sh = &freeze["shipments"][0];
    assert_eq!(sh["feasible"], false);
    assert_eq!(sh["criteria"], serde_json::json!([]));
    let reason = &sh["reasons"][0];
    assert_eq!(reason["criterion"], "freeze");
    assert!(
        reason["reason"].as_str().unwrap().contains("ANC apron"),
        "{reason}"
    );
    assert_eq!(reason["services"][0], "HKG-ANC-FR HKG-ANC");
}

#[test]
fn json_reports_invalid_files_with_their_problems() {
    let (_dir, bad) = edited_fixture(
        "tests/fixtures/sla/margin-too-thin.toml",
        "bad.toml",
        "to = \"LOS\"\nready",
        "to = \"LSO\"\nready",
    );
    let out = coldroute(&["check", "--json", bad.to_str().unwrap()]);
    assert_eq!(code(&out), EXIT_BAD_INPUT);
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["invalid_files"], 1);
    let f = &v["files"][0];
    assert_eq!(f["valid"], false);
    assert_eq!(f["shipments"], serde_json::json!([]));
    let p = &f["problems"][0];
    assert!(p["message"].as_str().unwrap().contains("LSO"), "{p}");
    assert!(p["line"].as_u64().unwrap() > 1 && p["column"].as_u64().unwrap() >= 1);
}

/// A shipment id with a comma and a colon lands in the annotation's title
/// (a property: `,` and `:` escaped) and its message (`%` and newlines
/// escaped); every annotation stays on one line.
#[test]
fn github_annotations_are_escaped() {
    let id = "KE-1115, week 46: Liege";
    let (_dir, path) = edited_fixture(
        "tests/fixtures/sla/deadline-too-tight.toml",
        "weekly, LGG: NBO.toml",
        "id = \"KE-1115\"",
        &format!("id = \"{id}\""),
    );
    let p = path.to_str().unwrap();
    let out = coldroute(&["check", "--github", p]);
    assert_eq!(code(&out), EXIT_FAILED);
    let text = stdout(&out);
    let annotations: Vec<&str> = text.lines().filter(|l| l.starts_with("::")).collect();
    assert_eq!(annotations.len(), 1, "{text}");
    let a = annotations[0];
    let shipment_line = fs::read_to_string(&path)
        .unwrap()
        .lines()
        .position(|l| l == "[[shipment]]")
        .unwrap()
        + 1;
    let file = p.replace(',', "%2C").replace(':', "%3A");
    assert!(
        a.starts_with(&format!(
            "::error file={file},line={shipment_line},col=1,title=KE-1115%2C week 46%3A Liege fails its SLA (transit)::"
        )),
        "{a}"
    );
    let message = a.split_once("::").unwrap().1.split_once("::").unwrap().1;
    assert!(
        message.starts_with("transit 6d 0h 10m > max 2d 0h 00m%0Amargin "),
        "{a}"
    );
    assert!(
        message.contains("stability 0.098 %25 <= max 2.000 %25"),
        "{a}"
    );
    assert!(!message.contains('\r') && !message.contains(" % "), "{a}");
    // The text line before it is unescaped.
    assert!(
        text.contains(&format!("  {id}  transit 6d 0h 10m > max")),
        "{text}"
    );
}

#[test]
fn github_annotations_point_at_each_problem_of_an_invalid_file() {
    let (_dir, bad) = edited_fixture(
        "tests/fixtures/sla/margin-too-thin.toml",
        "bad.toml",
        "to = \"LOS\"\nready",
        "to = \"LSO\"\nready",
    );
    let out = coldroute(&["check", "--github", bad.to_str().unwrap()]);
    assert_eq!(code(&out), EXIT_BAD_INPUT);
    let text = stdout(&out);
    let source = fs::read_to_string(&bad).unwrap();
    let line = source.lines().position(|l| l == "to = \"LSO\"").unwrap() + 1;
    let a = text
        .lines()
        .find(|l| l.starts_with("::error "))
        .expect("an annotation");
    assert!(
        a.starts_with(&format!(
            "::error file={},line={line},col=6,title=invalid scenario::",
            bad.to_str().unwrap()
        )),
        "{a}"
    );
    assert!(a.contains("LSO") && a.contains("%0Ahelp: "), "{a}");
}

#[test]
fn output_is_the_same_bytes_every_run() {
    let dir = tempfile::tempdir().unwrap();
    let run = |n: u32| {
        let report = dir.path().join(format!("run{n}.xml"));
        let out = coldroute(&[
            "check",
            "--github",
            "scenarios",
            SLA_DIR,
            "--junit",
            report.to_str().unwrap(),
        ]);
        (out.stdout, fs::read(report).unwrap())
    };
    let json = || coldroute(&["check", "--json", "scenarios", SLA_DIR]).stdout;
    assert_eq!(run(1), run(2));
    assert_eq!(json(), json());
}

#[test]
fn directories_are_searched_recursively_in_sorted_order() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let fixture = |name: &str| fs::read(crate_root().join(SLA_DIR).join(name)).unwrap();
    fs::create_dir_all(root.join("b/deeper")).unwrap();
    fs::create_dir_all(root.join(".hidden")).unwrap();
    fs::write(
        root.join("b/deeper/z.toml"),
        fixture("margin-too-thin.toml"),
    )
    .unwrap();
    fs::write(root.join("b/a.toml"), fixture("deadline-too-tight.toml")).unwrap();
    fs::write(root.join("a.toml"), fixture("excursion-over-budget.toml")).unwrap();
    fs::write(root.join("notes.txt"), "not a scenario").unwrap();
    fs::write(root.join(".hidden/x.toml"), "not = [valid").unwrap();
    let out = coldroute(&["check", root.to_str().unwrap()]);
    assert_eq!(code(&out), EXIT_FAILED, "{}", stderr(&out));
    let text = stdout(&out);
    let ids: Vec<&str> = text
        .lines()
        .filter(|l| l.starts_with("FAIL  "))
        .filter_map(|l| l.split_whitespace().nth(2))
        .collect();
    assert_eq!(ids, ["HK-0112", "KE-1115", "NG-0713"], "{text}");

    let empty = tempfile::tempdir().unwrap();
    let out = coldroute(&["check", empty.path().to_str().unwrap()]);
    assert_eq!(code(&out), EXIT_BAD_INPUT);
    assert!(
        stdout(&out).contains("no scenario files"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn json_and_github_do_not_mix() {
    let out = coldroute(&["check", "--json", "--github", "scenarios"]);
    assert_eq!(code(&out), EXIT_BAD_INPUT);
    assert!(out.stdout.is_empty());
}

/// The planner never returns a freezing plan, so the freeze criterion of a
/// *checked* plan is tested through the library: plan the Anchorage lane
/// for a product that tolerates anything, then check that itinerary for
/// the real, freeze-sensitive one.
#[test]
fn check_sla_names_where_a_checked_plan_freezes() {
    use coldroute::planner::{plan_shipment, Config};
    use coldroute::sla::check_sla;

    let path = crate_root().join(SLA_DIR).join("freeze-on-the-way.toml");
    let s = coldroute::scenario::load(&fs::read_to_string(path).unwrap()).unwrap();
    let sh = &s.shipments[0];
    let mut tolerant = s.clone();
    tolerant.products[sh.product].freeze_limit = None;
    tolerant.products[sh.product].excursion_allowance_s = f64::INFINITY;
    let planned = plan_shipment(&tolerant, sh, &Config::default());
    let plan = planned
        .recommended()
        .expect("a plan once freezing is allowed");
    let report = check_sla(&s, sh, &plan.itinerary).expect("the plan verifies");
    let freeze = report.criteria.iter().find(|c| c.name == "freeze").unwrap();
    assert!(!freeze.pass, "{freeze:?}");
    assert!(
        freeze.text.contains("< limit -0.5 C from 2021-01-11 ")
            && freeze.text.ends_with(" local in `apron ANC`"),
        "{}",
        freeze.text
    );
}

/// `verify_itinerary` says what is wrong with a typed error (issue 10):
/// tampered copies of a real plan fail with the variant for what was
/// changed.
#[test]
fn a_tampered_itinerary_fails_with_the_variant_for_what_was_changed() {
    use coldroute::itinerary::StepKind;
    use coldroute::planner::{plan_shipment, Config};
    use coldroute::sla::{verify_itinerary, ItineraryError};
    use coldroute::units::Secs;

    let path = crate_root().join("scenarios/pek-sal-coronavac.toml");
    let s = coldroute::scenario::load(&fs::read_to_string(path).unwrap()).unwrap();
    let sh = &s.shipments[0];
    let planned = plan_shipment(&s, sh, &Config::default());
    let it = planned.recommended().unwrap().itinerary.clone();
    verify_itinerary(&s, sh, &it).unwrap();

    let mut empty = it.clone();
    empty.steps.clear();
    assert_eq!(verify_itinerary(&s, sh, &empty), Err(ItineraryError::Empty));

    let mut late = it.clone();
    for st in &mut late.steps {
        st.start = st.start + Secs(60);
        st.end = st.end + Secs(60);
    }
    assert!(matches!(
        verify_itinerary(&s, sh, &late),
        Err(ItineraryError::Start { .. })
    ));

    // A flight a minute later than its schedule (the steps still join).
    let k = it
        .steps
        .iter()
        .position(|st| matches!(st.kind, StepKind::Flight { .. }))
        .unwrap();
    let mut moved = it.clone();
    moved.steps[k - 1].end = moved.steps[k - 1].end + Secs(60);
    moved.steps[k].start = moved.steps[k].start + Secs(60);
    let e = verify_itinerary(&s, sh, &moved).unwrap_err();
    assert!(
        matches!(e, ItineraryError::NotScheduled { step, .. } if step == k),
        "{e:?}"
    );
    assert!(
        e.to_string().contains("does not depart at that time"),
        "{e}"
    );

    let mut gap = it.clone();
    gap.steps[k].end = gap.steps[k].end + Secs(1);
    assert!(matches!(
        verify_itinerary(&s, sh, &gap),
        Err(ItineraryError::Disjoint { step, .. }) if step == k + 1
    ));

    let mut short = it.clone();
    short.steps.truncate(k + 1);
    assert!(matches!(
        verify_itinerary(&s, sh, &short),
        Err(ItineraryError::Apron { .. } | ItineraryError::End { .. })
    ));
}
