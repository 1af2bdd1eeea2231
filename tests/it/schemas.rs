//! The JSON Schemas of the output documents (issue 10): the committed
//! copies in `docs/schemas/` equal what `coldroute::document::schemas()`
//! generates, and real outputs of the binary validate against them, with
//! `format: date-time` checked (RFC 3339).
//!
//! After changing a document type, rewrite the committed schemas with
//!
//! UPDATE_EXPECT=1 cargo test --test it schemas::

use super::harness::{root, shipped_scenarios, update_expect as update};
use serde_json::Value;

/// The committed schema of the document named `schema` (`coldroute.plan/2`).
fn committed(schema: &str) -> Value {
    let (_, file, _) = coldroute::document::schemas()
        .into_iter()
        .find(|(name, _, _)| *name == schema)
        .unwrap_or_else(|| panic!("no document `{schema}`"));
    let text = std::fs::read_to_string(root().join("docs/schemas").join(file)).unwrap();
    serde_json::from_str(&text).unwrap()
}

fn validator(schema: &str) -> jsonschema::Validator {
    jsonschema::options()
        .should_validate_formats(true)
        .build(&committed(schema))
        .unwrap_or_else(|e| panic!("{schema}: not a valid JSON Schema: {e}"))
}

/// Every error of `doc` against `v`, as `path: message` lines.
fn errors(v: &jsonschema::Validator, doc: &Value) -> Vec<String> {
    v.iter_errors(doc)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect()
}

fn json(args: &[&str]) -> Value {
    let out = super::harness::output(args).stdout;
    serde_json::from_slice(&out).unwrap_or_else(|e| panic!("{args:?}: not JSON: {e}"))
}

#[test]
fn the_committed_schemas_are_the_generated_ones() {
    let dir = root().join("docs/schemas");
    let mut stale = Vec::new();
    for (name, file, schema) in coldroute::document::schemas() {
        let text = serde_json::to_string_pretty(&schema).unwrap() + "\n";
        let path = dir.join(file);
        if update() {
            std::fs::create_dir_all(&dir).unwrap();
            std::fs::write(&path, &text).unwrap();
        } else if std::fs::read_to_string(&path).ok().as_deref() != Some(text.as_str()) {
            stale.push(format!("{name}: docs/schemas/{file}"));
        }
        // Each names its document and version.
        let v: Value = serde_json::from_str(&text).unwrap();
        let props = &v["properties"];
        if name.starts_with("coldroute.geojson") {
            assert!(v["oneOf"].is_array() || v["anyOf"].is_array(), "{name}");
        } else {
            assert_eq!(props["schema"]["const"], name, "{name}");
        }
    }
    assert!(
        stale.is_empty(),
        "stale schemas (UPDATE_EXPECT=1 cargo test --test it schemas:: rewrites them):\n{}",
        stale.join("\n")
    );
}

#[test]
fn plan_what_if_and_geojson_outputs_validate() {
    let plan = validator("coldroute.plan/2");
    let what_if = validator("coldroute.what-if/1");
    let props = validator("coldroute.geojson-properties/1");
    let mut checked = 0;
    let tmp = tempfile::tempdir().unwrap();
    for s in shipped_scenarios() {
        let s = s.display().to_string();
        for extra in [
            &["--explain"][..],
            &["--robust", "40", "--alternatives", "2"],
        ] {
            let mut args = vec!["plan", s.as_str(), "--json"];
            args.extend_from_slice(extra);
            let doc = json(&args);
            assert_eq!(errors(&plan, &doc), Vec::<String>::new(), "{args:?}");
            checked += 1;
        }
        let geo = tmp.path().join("plans.geojson");
        super::harness::output(&["plan", &s, "--geojson", geo.to_str().unwrap()]);
        let fc: Value = serde_json::from_str(&std::fs::read_to_string(&geo).unwrap()).unwrap();
        let features = fc["features"].as_array().unwrap();
        assert!(!features.is_empty(), "{s}");
        for f in features {
            assert_eq!(
                errors(&props, &f["properties"]),
                Vec::<String>::new(),
                "{s}"
            );
        }
        // Close the destination of the first shipment: every what-if has a
        // hub to close.
        let v = json(&["plan", &s, "--json"]);
        let to = v["shipments"][0]["to"].as_str().unwrap().to_string();
        let doc = json(&["what-if", &s, "--json", "--close", &to]);
        assert_eq!(errors(&what_if, &doc), Vec::<String>::new(), "what-if {s}");
        checked += 1;
    }
    // A timetable query: every thermal field null.
    let doc = json(&[
        "plan",
        "--gtfs",
        "tests/fixtures/gtfs/small",
        "--from",
        "A",
        "--to",
        "D",
        "--ready",
        "2024-03-04T07:00:00+01:00",
        "--json",
    ]);
    assert_eq!(doc["shipments"][0]["mode"], "timetable");
    assert_eq!(errors(&plan, &doc), Vec::<String>::new(), "timetable");
    assert!(checked >= 12, "{checked}");
}

#[test]
fn check_excursion_and_batch_outputs_validate() {
    let check = validator("coldroute.check/2");
    for dirs in [
        &["scenarios", "tests/fixtures/sla"][..],
        &["tests/fixtures/broken"],
    ] {
        let mut args = vec!["check", "--json", "--quiet"];
        args.extend_from_slice(dirs);
        let doc = json(&args);
        assert_eq!(errors(&check, &doc), Vec::<String>::new(), "{args:?}");
    }
    let excursion = validator("coldroute.excursion/1");
    for args in [
        &[
            "tests/fixtures/loggers/sal-arrival.csv",
            "--range",
            "2,8",
            "--freeze-sensitive",
            "--stability",
            "vvm7",
        ][..],
        &[
            "tests/fixtures/loggers/sal-arrival.csv",
            "--plan",
            "scenarios/pek-sal-coronavac.toml",
            "--shipment",
            "SV-0328",
        ],
        &["--profile", "18h@5,6h@14", "--range", "2,8"],
    ] {
        let mut all = vec!["excursion", "--json"];
        all.extend_from_slice(args);
        let doc = json(&all);
        assert_eq!(errors(&excursion, &doc), Vec::<String>::new(), "{all:?}");
    }
    let batch = validator("coldroute.batch/1");
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("plans.jsonl");
    super::harness::output(&[
        "batch",
        "scenarios/pek-sal-coronavac.toml",
        "tests/fixtures/batch/mixed.csv",
        "-o",
        out.to_str().unwrap(),
    ]);
    let text = std::fs::read_to_string(&out).unwrap();
    let mut verdicts = std::collections::BTreeSet::new();
    for line in text.lines() {
        let doc: Value = serde_json::from_str(line).unwrap();
        verdicts.insert(doc["verdict"].as_str().unwrap().to_string());
        assert_eq!(errors(&batch, &doc), Vec::<String>::new(), "{line}");
    }
    assert!(
        verdicts.contains("error") && verdicts.len() >= 2,
        "{verdicts:?}"
    );
}

/// The schemas are not vacuous: a document with an old time format, a
/// wrong schema name or a missing field fails.
#[test]
fn the_schemas_reject_what_they_should() {
    let plan = validator("coldroute.plan/2");
    let doc = json(&["plan", "scenarios/pek-sal-coronavac.toml", "--json"]);
    assert!(errors(&plan, &doc).is_empty());
    let mut old_time = doc.clone();
    old_time["shipments"][0]["plans"][0]["arrival_utc"] = "2021-03-29 06:35Z".into();
    assert!(!errors(&plan, &old_time).is_empty(), "old time format");
    let mut old_name = doc.clone();
    old_name["schema"] = "coldroute.plan/1".into();
    assert!(!errors(&plan, &old_name).is_empty(), "old schema name");
    let mut missing = doc.clone();
    missing["shipments"][0]
        .as_object_mut()
        .unwrap()
        .remove("feasible");
    assert!(!errors(&plan, &missing).is_empty(), "missing field");
    let mut wrong_type = doc;
    wrong_type["shipments"][0]["plans"][0]["transit_s"] = "19h".into();
    assert!(!errors(&plan, &wrong_type).is_empty(), "wrong type");
}
