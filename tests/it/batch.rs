//! `coldroute batch`: one record a row, in order, bad rows among them; the
//! same bytes whatever the thread count; shards that add up to the whole;
//! a killed run resumed; exit codes.

use std::path::Path;
use std::process::Output;

use serde_json::Value;

const SCENARIO: &str = "scenarios/pek-sal-coronavac.toml";
const MIXED: &str = "tests/fixtures/batch/mixed.csv";
const MIXED_JSONL: &str = "tests/fixtures/batch/mixed.jsonl";

fn coldroute(args: &[&str], threads: Option<&str>) -> Output {
    let mut c = super::harness::coldroute();
    c.args(args);
    if let Some(t) = threads {
        c.env("RAYON_NUM_THREADS", t);
    }
    c.output().unwrap()
}

fn batch(list: &str, out: &Path, extra: &[&str]) -> Output {
    let out = out.to_str().unwrap();
    let mut args = vec!["batch", SCENARIO, list, "-o", out];
    args.extend_from_slice(extra);
    coldroute(&args, None)
}

fn records(path: &Path) -> Vec<Value> {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn one_record_a_row_in_order_with_bad_rows_among_them() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("plans.jsonl");
    let sum = dir.path().join("summary.csv");
    let o = batch(MIXED, &out, &["--summary", sum.to_str().unwrap()]);
    // A bad row makes the exit code 2, after every row was planned.
    assert_eq!(
        o.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let recs = records(&out);
    assert_eq!(recs.len(), 10);
    for (i, r) in recs.iter().enumerate() {
        assert_eq!(r["schema"], "coldroute.batch/1");
        assert_eq!(r["row"], i + 1);
    }
    let verdicts: Vec<&str> = recs
        .iter()
        .map(|r| r["verdict"].as_str().unwrap())
        .collect();
    assert_eq!(
        verdicts,
        ["pass", "pass", "fail", "error", "error", "error", "no-plan", "pass", "pass", "error"]
    );
    let err = |i: usize| recs[i]["error"].as_str().unwrap().to_string();
    assert!(
        err(3).contains("unknown hub `SAL-CSV`; did you mean `SAL-CVS`?"),
        "{}",
        err(3)
    );
    assert!(err(4).starts_with("`ready`: "), "{}", err(4));
    assert!(
        err(5).contains("the row has 8 fields but the header has 10"),
        "{}",
        err(5)
    );
    assert!(err(9).starts_with("`max_stability`: "), "{}", err(9));
    assert_eq!(recs[3]["id"], "SV-0331");
    assert_eq!(recs[5]["id"], Value::Null);
    // The daily charter of 28 March is door to door in 18 h 55 min.
    assert_eq!(recs[0]["transit_s"], 68_100);
    assert_eq!(recs[0]["arrival_utc"], "2021-03-29T06:35:00Z");
    assert_eq!(
        recs[0]["legs"][0]["label"],
        "flight CHARTER-SAL-0328 PEK-SAL"
    );
    assert_eq!(recs[2]["first_failing"], "transit");
    // No plan: the record says why, as `coldroute plan` does.
    let why = recs[6]["reason"].as_str().unwrap();
    assert!(
        why.starts_with("no feasible plan: no chain of connections reaches SAL-CVS from SZX"),
        "{why}"
    );
    assert_eq!(recs[0]["reason"], Value::Null);
    // Identical queries get identical plans.
    let strip = |r: &Value| {
        let mut r = r.clone();
        r["row"] = Value::Null;
        r["id"] = Value::Null;
        r
    };
    assert_eq!(strip(&recs[0]), strip(&recs[1]));
    // The summary: a header and one line a row.
    let s = std::fs::read_to_string(&sum).unwrap();
    let lines: Vec<&str> = s.lines().collect();
    assert_eq!(
        lines[0],
        "row,id,verdict,arrival_utc,transit_s,margin_s,first_failing,error"
    );
    assert_eq!(lines.len(), 11);
    assert!(
        lines[1].starts_with("1,SV-0328,pass,2021-03-29T06:35:00Z,68100,"),
        "{}",
        lines[1]
    );
    assert!(lines[3].ends_with(",transit,"), "{}", lines[3]);
    // No partial file is left.
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(names.iter().all(|n| !n.ends_with(".partial")), "{names:?}");
}

#[test]
fn json_lines_give_the_same_records_as_csv() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a.jsonl"), dir.path().join("b.jsonl"));
    batch(MIXED, &a, &[]);
    batch(MIXED_JSONL, &b, &[]);
    let (ra, rb) = (records(&a), records(&b));
    assert_eq!(ra.len(), rb.len());
    for (x, y) in ra.iter().zip(&rb) {
        let (mut x, mut y) = (x.clone(), y.clone());
        // Row 6 is broken differently in each (a short CSV row, an unknown
        // JSON key); both are errors.
        if x["verdict"] == "error" {
            assert_eq!(y["verdict"], "error");
            x["error"] = Value::Null;
            y["error"] = Value::Null;
        }
        assert_eq!(x, y);
    }
    let e = &rb[5]["error"];
    assert!(e.as_str().unwrap().contains("unknown key `extra`"), "{e}");
}

#[test]
fn same_bytes_whatever_the_thread_count_and_from_standard_input() {
    let dir = tempfile::tempdir().unwrap();
    let mut outs = Vec::new();
    for t in ["1", "2", "4"] {
        let p = dir.path().join(format!("t{t}.jsonl"));
        let o = coldroute(
            &["batch", SCENARIO, MIXED, "-o", p.to_str().unwrap()],
            Some(t),
        );
        assert_eq!(o.status.code(), Some(2));
        outs.push(std::fs::read(&p).unwrap());
    }
    assert_eq!(outs[0], outs[1]);
    assert_eq!(outs[0], outs[2]);
    let mut c = super::harness::coldroute();
    let o = c
        .args(["batch", SCENARIO, "-", "-o", "-"])
        .write_stdin(std::fs::read(MIXED).unwrap())
        .output()
        .unwrap();
    assert_eq!(o.stdout, outs[0]);
}

#[test]
fn shards_add_up_to_the_whole_list() {
    let dir = tempfile::tempdir().unwrap();
    let whole = dir.path().join("whole.jsonl");
    batch(MIXED, &whole, &[]);
    let mut union: Vec<Value> = Vec::new();
    for k in 1..=3 {
        let p = dir.path().join(format!("s{k}.jsonl"));
        batch(MIXED, &p, &["--shard", &format!("{k}/3")]);
        union.extend(records(&p));
    }
    union.sort_by_key(|r| r["row"].as_u64());
    assert_eq!(union, records(&whole));
    let o = batch(MIXED, &whole, &["--shard", "4/3"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn a_killed_run_resumes_where_it_stopped() {
    let dir = tempfile::tempdir().unwrap();
    let whole = dir.path().join("whole.jsonl");
    let whole_sum = dir.path().join("whole.csv");
    batch(MIXED, &whole, &["--summary", whole_sum.to_str().unwrap()]);
    let full = std::fs::read_to_string(&whole).unwrap();
    let full_sum = std::fs::read_to_string(&whole_sum).unwrap();
    // What a run killed during row 5's write leaves: four whole records
    // and half a line; the summary got three rows.
    let out = dir.path().join("plans.jsonl");
    let sum = dir.path().join("summary.csv");
    let lines: Vec<&str> = full.split_inclusive('\n').collect();
    let partial = format!("{}{}", lines[..4].concat(), &lines[4][..20]);
    std::fs::write(dir.path().join("plans.jsonl.partial"), partial).unwrap();
    let sum_lines: Vec<&str> = full_sum.split_inclusive('\n').collect();
    std::fs::write(
        dir.path().join("summary.csv.partial"),
        sum_lines[..4].concat(),
    )
    .unwrap();
    let o = batch(
        MIXED,
        &out,
        &["--summary", sum.to_str().unwrap(), "--resume"],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("after row 3"),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert_eq!(std::fs::read_to_string(&out).unwrap(), full);
    assert_eq!(std::fs::read_to_string(&sum).unwrap(), full_sum);
    // Nothing to resume: an error, not a fresh start.
    let o = batch(MIXED, &dir.path().join("none.jsonl"), &["--resume"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn exit_codes_and_a_bad_header() {
    let dir = tempfile::tempdir().unwrap();
    let list = dir.path().join("list.csv");
    let out = dir.path().join("out.jsonl");
    let head = "id,product,packaging,from,to,ready,max_transit,min_margin\n";
    let pass = "A,coronavac,pcm5-pallet,PEK,SAL-CVS,2021-03-28T19:40,19h,12h\n";
    let fail = "B,coronavac,pcm5-pallet,PEK,SAL-CVS,2021-03-29T19:40,19h,12h\n";
    std::fs::write(&list, format!("{head}{pass}")).unwrap();
    assert_eq!(
        batch(list.to_str().unwrap(), &out, &[]).status.code(),
        Some(0)
    );
    std::fs::write(&list, format!("{head}{pass}{fail}")).unwrap();
    assert_eq!(
        batch(list.to_str().unwrap(), &out, &[]).status.code(),
        Some(1)
    );
    std::fs::write(
        &list,
        format!("{}{pass}", head.replace("max_transit", "max_transt")),
    )
    .unwrap();
    let o = batch(list.to_str().unwrap(), &out, &[]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("list.csv:1: unknown column `max_transt`; did you mean `max_transit`?"),
        "{err}"
    );
}

#[test]
fn a_lane_sweep_writes_a_row_a_day_and_a_calendar() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("sweep.csv");
    let png = dir.path().join("sweep.png");
    let o = coldroute(
        &[
            "sweep",
            SCENARIO,
            "--shipment",
            "SV-0328",
            "--from",
            "2021-03-01",
            "--to",
            "2021-03-31",
            "-o",
            csv.to_str().unwrap(),
            "--png",
            png.to_str().unwrap(),
        ],
        None,
    );
    // Only the charter of 28 March meets the 19 h SLA: exit 1.
    assert_eq!(
        o.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let text = std::fs::read_to_string(&csv).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 32);
    let pass: Vec<&&str> = lines[1..].iter().filter(|l| l.contains(",pass,")).collect();
    assert_eq!(pass.len(), 1, "{text}");
    assert!(
        pass[0].starts_with("2021-03-28T19:40:00+08:00,"),
        "{}",
        pass[0]
    );
    assert!(
        pass[0].ends_with(",CHARTER-SAL-0328 > SAL-CVS-REEFER,"),
        "{}",
        pass[0]
    );
    assert!(std::fs::read(&png).unwrap().starts_with(b"\x89PNG"));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("SV-0328: 1 of 31 days meet the SLA, 30 fail"),
        "{err}"
    );
}

#[test]
fn a_list_may_name_the_scenarios_slas() {
    let dir = tempfile::tempdir().unwrap();
    let scenario = dir.path().join("s.toml");
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/scenarios/pek-sal-coronavac.toml"
    ))
    .unwrap();
    std::fs::write(
        &scenario,
        format!("{text}\n[sla.charter]\nmax_transit = \"19h\"\nmin_margin = \"12h\"\n"),
    )
    .unwrap();
    let list = dir.path().join("list.csv");
    std::fs::write(
        &list,
        "id,product,packaging,from,to,ready,sla,max_transit\n\
         A,coronavac,pcm5-pallet,PEK,SAL-CVS,2021-03-28T19:40,charter,\n\
         B,coronavac,pcm5-pallet,PEK,SAL-CVS,2021-03-29T19:40,charter,\n\
         C,coronavac,pcm5-pallet,PEK,SAL-CVS,2021-03-29T19:40,charter,3d\n\
         D,coronavac,pcm5-pallet,PEK,SAL-CVS,2021-03-29T19:40,chartr,\n",
    )
    .unwrap();
    let out = dir.path().join("out.jsonl");
    let o = coldroute(
        &[
            "batch",
            scenario.to_str().unwrap(),
            list.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(o.status.code(), Some(2));
    let recs = records(&out);
    let v: Vec<&str> = recs
        .iter()
        .map(|r| r["verdict"].as_str().unwrap())
        .collect();
    // 19 h from the named SLA: only the charter day passes; a row's own
    // max_transit (3 d) wins over it; a misspelt name is refused.
    assert_eq!(v, ["pass", "fail", "pass", "error"]);
    assert!(recs[3]["error"]
        .as_str()
        .unwrap()
        .contains("did you mean `charter`?"));
}
