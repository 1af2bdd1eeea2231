//! Resilience: following plans through simulated days, re-planning, and
//! the Monte Carlo figures, against answers known by construction.

use coldroute::delay::Delays;
use coldroute::network::Network;
use coldroute::planner::{self, Config, Query};
use coldroute::resilience::{contingencies, follow, monte_carlo, Day, End, Options};
use coldroute::scenario::{load, Scenario};
use coldroute::thermal::Exposure;

fn scenario(path: &str) -> Scenario {
    let text = std::fs::read_to_string(path).unwrap();
    load(&text).unwrap_or_else(|d| panic!("{path}: {d:?}"))
}

const SHIPPED: [&str; 4] = [
    "scenarios/pek-sal-coronavac.toml",
    "scenarios/anc-winter-freeze.toml",
    "scenarios/lgg-ultracold.toml",
    "scenarios/szx-add-los.toml",
];

/// On a day without delays every plan is followed exactly as planned, and
/// the Monte Carlo of a scenario without delays gives the plan's figures
/// with probabilities of 0 or 1.
#[test]
fn a_day_without_delays_follows_every_plan_exactly() {
    for path in SHIPPED {
        let mut s = scenario(path);
        s.delays = Delays::default();
        let cfg = Config::default();
        for sh in s.shipments.clone() {
            let net = Network::build(&s, sh.ready, sh.ready + s.horizon);
            let q = Query::for_shipment(&sh);
            let planned = planner::plan(&s, &net, &q, &cfg);
            for p in &planned.plans {
                let pkg = &s.packagings[q.packaging].kind;
                let (st, ex) = q.start_state(pkg);
                let f = follow(
                    &s,
                    &net,
                    &q,
                    &p.itinerary,
                    &Day::none(),
                    (q.ready, st, ex),
                    None,
                );
                assert_eq!(f.steps, p.itinerary.steps, "{path} {}", sh.id);
                assert_eq!(f.end, End::Delivered { at: p.arrival }, "{path} {}", sh.id);
                assert!(
                    (f.exposure.stability_used - p.stability_used).abs() < 1e-9,
                    "{path} {}",
                    sh.id
                );
            }
            let Some(best) = planned.recommended() else {
                continue;
            };
            let opts = Options {
                draws: 8,
                seed: 1,
                max_replans: 4,
            };
            let r = monte_carlo(&s, &net, &q, &best.itinerary, &cfg, &opts);
            let want = if best.meets_sla { 1.0 } else { 0.0 };
            assert_eq!(r.meets_sla.p, want, "{path} {}", sh.id);
            assert_eq!(r.meets_sla.se, 0.0);
            assert_eq!(r.replanned.p, 0.0);
            for q in &r.transit {
                assert_eq!(q.value, Some(best.transit.0 as f64), "{path} {}", sh.id);
                assert_eq!(q.se, Some(0.0));
            }
            for d in &r.days {
                assert_eq!(d.steps, best.itinerary.steps);
            }
        }
    }
}

fn feeder() -> (Scenario, Network, Query) {
    let s = scenario("tests/fixtures/resilience/feeder.toml");
    let sh = s.shipments[0].clone();
    let net = Network::build(&s, sh.ready, sh.ready + s.horizon);
    (s, net, Query::for_shipment(&sh))
}

/// The feeder is late enough to break the connection with probability
/// 0.3: the plan meets its SLA with probability 0.7, within its standard
/// error, and every missed day is re-planned onto the backup.
#[test]
fn a_late_feeder_breaks_the_connection_with_its_probability() {
    let (s, net, q) = feeder();
    let cfg = Config::default();
    let planned = planner::plan(&s, &net, &q, &cfg);
    let best = planned.recommended().unwrap();
    assert!(best.meets_sla);
    let opts = Options {
        draws: 2000,
        seed: 7,
        max_replans: 4,
    };
    let r = monte_carlo(&s, &net, &q, &best.itinerary, &cfg, &opts);
    let p = r.meets_sla;
    assert!((p.p - 0.7).abs() <= 3.0 * p.se, "{p:?}");
    assert!((p.se - (0.21f64 / 2000.0).sqrt()).abs() < 0.002);
    assert!((r.replanned.p - 0.3).abs() <= 3.0 * r.replanned.se);
    // Every re-planned day took the backup and missed the SLA; every
    // other day is the plan.
    let backup = s.flights.iter().position(|f| f.id == "FRA-SAL2").unwrap();
    for d in &r.days {
        let took_backup = d
            .steps
            .iter()
            .any(|st| st.kind == (coldroute::itinerary::StepKind::Flight { flight: backup }));
        assert_eq!(took_backup, d.replans == 1);
        assert_eq!(d.meets_sla, d.replans == 0);
        if d.replans == 0 {
            assert_eq!(d.delivered, Some(best.arrival));
        }
    }
    // Deterministic: the same seed, the same days.
    let again = monte_carlo(&s, &net, &q, &best.itinerary, &cfg, &opts);
    assert_eq!(again, r);
}

/// A cancelled connection with a known backup gives the backup's figures:
/// the day's delivery is the contingency plan's arrival.
#[test]
fn a_cancellation_gives_the_backup_figures() {
    let (mut s, net, q) = feeder();
    s.delays = Delays::default();
    let conn = s.flights.iter().position(|f| f.id == "FRA-SAL").unwrap();
    s.delays.flights.insert(
        conn,
        coldroute::delay::Delay {
            on_time: 1.0,
            tail: coldroute::delay::Tail::None,
            cancel: 0.4,
        },
    );
    let cfg = Config::default();
    let planned = planner::plan(&s, &net, &q, &cfg);
    let best = planned.recommended().unwrap();
    let cont = contingencies(&s, &net, &q, &best.itinerary, &cfg);
    assert_eq!(cont.len(), 2);
    let backup = cont[1].backup.as_ref().unwrap();
    assert!(!backup.meets_sla);
    let opts = Options {
        draws: 1000,
        seed: 3,
        max_replans: 4,
    };
    let r = monte_carlo(&s, &net, &q, &best.itinerary, &cfg, &opts);
    assert!(
        (r.meets_sla.p - 0.6).abs() <= 3.0 * r.meets_sla.se,
        "{:?}",
        r.meets_sla
    );
    for d in &r.days {
        if d.replans == 1 {
            // Cancelled at FRA: re-planned when the cargo was ready, the
            // same backup flight.
            assert_eq!(d.delivered, Some(backup.arrival));
        } else {
            assert_eq!(d.delivered, Some(best.arrival));
        }
    }
    let _ = Exposure::new();
}

fn coldroute(args: &[&str], threads: &str) -> (i32, String, String) {
    use super::harness::{code, coldroute, stderr, stdout};
    let out = coldroute()
        .env("RAYON_NUM_THREADS", threads)
        .args(args)
        .output()
        .unwrap();
    (code(&out), stdout(&out), stderr(&out))
}

#[test]
fn plan_robust_prints_the_figures_and_contingencies() {
    let feeder = "tests/fixtures/resilience/feeder.toml";
    let (code, json, _) = coldroute(&["plan", feeder, "--robust", "400", "--json"], "2");
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let r = &v["shipments"][0]["robust"];
    assert_eq!(r["draws"], 400);
    let p = r["plans"][0]["meets_sla"]["p"].as_f64().unwrap();
    let se = r["plans"][0]["meets_sla"]["se"].as_f64().unwrap();
    assert!((p - 0.7).abs() <= 3.0 * se, "{p} {se}");
    let c = r["contingencies"].as_array().unwrap();
    assert_eq!(c.len(), 2);
    assert_eq!(c[1]["hub"], "FRA");
    assert_eq!(c[1]["backup"]["legs"][0], "flight FRA-SAL2 FRA-SAL");
    assert_eq!(c[1]["backup"]["meets_sla"], false);
    // The same bytes whatever the thread count, and for the same seed.
    let args = ["plan", feeder, "--robust", "300", "--seed", "9"];
    let (_, one, _) = coldroute(&args, "1");
    let (_, two, _) = coldroute(&args, "2");
    assert_eq!(one, two);
    assert!(
        one.contains("reliability over 300 simulated days (seed 9"),
        "{one}"
    );
    assert!(
        one.contains("at FRA, flight FRA-SAL FRA-SAL missed"),
        "{one}"
    );
}

#[test]
fn rank_reliability_needs_simulated_days() {
    let (code, _, err) = coldroute(
        &[
            "plan",
            "scenarios/pek-sal-coronavac.toml",
            "--rank",
            "reliability",
        ],
        "2",
    );
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("--robust"), "{err}");
}

#[test]
fn what_if_reports_who_fails_and_why() {
    let pek = "scenarios/pek-sal-coronavac.toml";
    let (code, json, err) = coldroute(
        &[
            "what-if",
            pek,
            "--disruptions",
            "tests/fixtures/resilience/storm.toml",
            "--json",
        ],
        "2",
    );
    assert_eq!(code, 1, "{err}");
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["schema"], "coldroute.what-if/1");
    assert_eq!(
        v["summary"]["newly_failing"],
        serde_json::json!(["SV-0328", "SV-0406"])
    );
    let sv0328 = &v["shipments"][0];
    assert_eq!(sv0328["before"]["verdict"], "pass");
    assert_eq!(sv0328["after"]["first_failing"], "transit");
    let legs = sv0328["after"]["legs"].as_array().unwrap();
    assert!(
        legs.iter()
            .all(|l| !l.as_str().unwrap().contains("CHARTER")),
        "{legs:?}"
    );
    // The slower last mile is 40 minutes later on the same route.
    assert_eq!(
        v["shipments"][1]["rerouted"], false,
        "{}",
        v["shipments"][1]
    );
    // A closure nobody's route touches changes nothing: exit 0.
    let (code, text, _) = coldroute(&["what-if", pek, "--close", "SZX"], "2");
    assert_eq!(code, 0, "{text}");
    assert_eq!(text.matches("after:  unchanged").count(), 2, "{text}");
    assert!(text.contains("0 newly failing"), "{text}");
}

#[test]
fn what_if_input_errors_are_located() {
    let (code, _, err) = coldroute(
        &[
            "what-if",
            "scenarios/pek-sal-coronavac.toml",
            "--disruptions",
            "tests/fixtures/resilience/storm-typo.toml",
        ],
        "2",
    );
    assert_eq!(code, 2);
    assert!(err.contains("storm-typo.toml:5:7"), "{err}");
    assert!(err.contains("did you mean `LAX`?"), "{err}");
    assert!(err.contains("storm-typo.toml:9:8"), "{err}");
    let (code, _, err) = coldroute(
        &[
            "what-if",
            "scenarios/pek-sal-coronavac.toml",
            "--cancel",
            "XC901@2021-03-28",
        ],
        "2",
    );
    assert_eq!(code, 2);
    assert!(err.contains("no flight `XC901`"), "{err}");
    let (code, _, _) = coldroute(&["what-if", "scenarios/pek-sal-coronavac.toml"], "2");
    assert_eq!(code, 2);
}

#[test]
fn heat_raises_the_climate_and_keeps_the_scenario_valid() {
    use coldroute::disruption::{Disruption, Disruptions};
    let s = scenario("scenarios/pek-sal-coronavac.toml");
    let sal = s.hub_idx("SAL").unwrap();
    let d = Disruptions {
        items: vec![Disruption::Heat {
            hubs: vec![sal],
            by: 5.0,
        }],
    };
    let hot = d.scenario(&s);
    for m in 0..12 {
        assert_eq!(
            hot.hubs[sal].climate.max[m],
            s.hubs[sal].climate.max[m] + 5.0
        );
        assert_eq!(
            hot.hubs[sal].climate.min[m],
            s.hubs[sal].climate.min[m] + 5.0
        );
    }
    assert!(d.blocked().is_empty());
}

/// Re-plans run without an alternatives window (only their recommended
/// plan is followed): the recommended plan is the same with or without
/// one, from the origin and from every point a contingency re-plans from.
#[test]
fn the_recommended_plan_does_not_depend_on_the_alternatives_window() {
    use coldroute::units::Secs;
    for path in SHIPPED
        .iter()
        .copied()
        .chain(["tests/fixtures/resilience/feeder.toml"])
    {
        let s = scenario(path);
        let wide = Config::default();
        let none = Config {
            window: Some(Secs(0)),
            ..Config::default()
        };
        for sh in &s.shipments {
            let net = Network::build(&s, sh.ready, sh.ready + s.horizon);
            let q = Query::for_shipment(sh);
            let a = planner::plan(&s, &net, &q, &wide);
            let b = planner::plan(&s, &net, &q, &none);
            let it = |p: &planner::Planned| p.recommended().map(|p| p.itinerary.clone());
            assert_eq!(it(&a), it(&b), "{path} {}", sh.id);
            let Some(best) = a.recommended() else {
                continue;
            };
            let pkg = &s.packagings[q.packaging].kind;
            let start = {
                let (st, ex) = q.start_state(pkg);
                (q.ready, st, ex)
            };
            for k in 0..best.itinerary.n_legs() {
                let f = follow(&s, &net, &q, &best.itinerary, &Day::none(), start, Some(k));
                let End::Missed { hub, at, .. } = f.end else {
                    continue;
                };
                let rq = q.resumed(hub, at, f.state, f.exposure);
                if hub == q.to {
                    continue;
                }
                let a = planner::plan(&s, &net, &rq, &wide);
                let b = planner::plan(&s, &net, &rq, &none);
                assert_eq!(it(&a), it(&b), "{path} {} leg {k}", sh.id);
            }
        }
    }
}

#[test]
fn report_robust_draws_the_days_the_same_bytes_whatever_the_threads() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.png");
    let b = dir.path().join("b.png");
    let scenario = "scenarios/anc-winter-freeze.toml";
    let (code, _, err) = coldroute(
        &[
            "report",
            scenario,
            "--robust",
            "300",
            "-o",
            a.to_str().unwrap(),
        ],
        "1",
    );
    assert_eq!(code, 0, "{err}");
    let (code, _, _) = coldroute(
        &[
            "report",
            scenario,
            "--robust",
            "300",
            "-o",
            b.to_str().unwrap(),
        ],
        "2",
    );
    assert_eq!(code, 0);
    let (pa, pb) = (std::fs::read(&a).unwrap(), std::fs::read(&b).unwrap());
    assert_eq!(pa, pb);
    // Not the plain page.
    let plain = dir.path().join("plain.png");
    coldroute(&["report", scenario, "-o", plain.to_str().unwrap()], "2");
    assert_ne!(std::fs::read(&plain).unwrap(), pa);
    // With its header line and band in the library's view.
    let s = self::scenario(scenario);
    let sh = &s.shipments[0];
    let net = Network::build(&s, sh.ready, sh.ready + s.horizon);
    let q = Query::for_shipment(sh);
    let planned = planner::plan(&s, &net, &q, &Config::default());
    let plan = planned.recommended().unwrap();
    let r = monte_carlo(
        &s,
        &net,
        &q,
        &plan.itinerary,
        &Config::default(),
        &Options {
            draws: 300,
            seed: 1,
            max_replans: 4,
        },
    );
    let sla = coldroute::sla::check_sla(&s, sh, &plan.itinerary).unwrap();
    let tl = coldroute::report::build_timeline(&s, sh, plan, &sla).with_robust(&s, sh, &r);
    let rv = tl.robust.as_ref().unwrap();
    assert!(rv
        .summary()
        .starts_with("300 simulated days (seed 1): meets the SLA"));
    assert_eq!(
        rv.deliveries.len(),
        (r.delivered.p * 300.0).round() as usize
    );
    assert!(rv
        .band
        .iter()
        .all(|&(_, lo, mid, hi)| lo <= mid && mid <= hi));
    // The payload's median follows the plan where every day is in transit.
    let (t, _, mid, _) = rv.band[rv.band.len() / 4];
    let sim = coldroute::itinerary::simulate(&s, sh, &plan.itinerary);
    let planned_at = coldroute::compare::planned_at(&s, sh, &sim, t).unwrap();
    assert!(
        (planned_at.0 - mid).abs() < 0.5,
        "{t}: {mid} vs {planned_at:?}"
    );
}

/// The reliability figures the shipped scenarios state in their comments.
#[test]
fn the_shipped_scenarios_reliability_figures_hold() {
    for (path, id, p_meets) in [
        ("scenarios/anc-winter-freeze.toml", "MX-0111", 0.914),
        ("scenarios/lgg-ultracold.toml", "KE-1109", 0.969),
        ("scenarios/pek-sal-coronavac.toml", "SV-0328", 0.699),
        ("scenarios/pek-sal-coronavac.toml", "SV-0406", 0.999),
        ("scenarios/szx-add-los.toml", "NG-0707", 0.985),
    ] {
        let s = scenario(path);
        assert!(
            std::fs::read_to_string(path)
                .unwrap()
                .contains(&format!("{:.1} %", p_meets * 100.0)),
            "{path} states {id}'s figure"
        );
        let sh = s.shipment(id).unwrap();
        let net = Network::build(&s, sh.ready, sh.ready + s.horizon);
        let q = Query::for_shipment(sh);
        let cfg = Config::default();
        let best = planner::plan(&s, &net, &q, &cfg)
            .recommended()
            .unwrap()
            .itinerary
            .clone();
        let opts = Options {
            draws: 1000,
            seed: 1,
            max_replans: 4,
        };
        let r = monte_carlo(&s, &net, &q, &best, &cfg, &opts);
        assert!(
            (r.meets_sla.p - p_meets).abs() < 5e-4,
            "{path} {id}: {:?}",
            r.meets_sla
        );
    }
}

/// A closure holds on-demand roads too: the last mile into a store closed
/// until 02:00 arrives once it opens, and the 19 h SLA is lost.
#[test]
fn a_closed_destination_holds_the_on_demand_road() {
    let (code, json, err) = coldroute(
        &[
            "what-if",
            "scenarios/pek-sal-coronavac.toml",
            "--close",
            "SAL-CVS@2021-03-28T20:00/2021-03-29T02:00",
            "--cancel",
            "LAX-SAL-RE@2021-04-05T00:00-07:00/2021-04-06T00:00-07:00",
            "--json",
        ],
        "2",
    );
    assert_eq!(code, 1, "{err}");
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let after = &v["shipments"][0]["after"];
    // Delivered after the store opens at 02:00 -06:00 (08:00Z), plus
    // the delivery handling.
    let at = after["arrival_utc"].as_str().unwrap();
    assert!(at >= "2021-03-29T08:00:00Z", "{at}");
    assert_eq!(after["first_failing"], "transit");
    // SV-0406's LAX-SAL flight of 5 April is cancelled: a later one.
    let legs = v["shipments"][1]["after"]["legs"].as_array().unwrap();
    assert!(
        legs.iter().any(|l| l == "flight LAX-SAL-RE LAX-SAL"),
        "{legs:?}"
    );
    assert_ne!(
        v["shipments"][1]["after"]["arrival_utc"],
        v["shipments"][1]["before"]["arrival_utc"]
    );
}

/// `--rank reliability` puts the plan most likely to meet the SLA first:
/// the Paris way (never late) before the earlier FRA way (P 0.7).
#[test]
fn rank_reliability_puts_the_most_reliable_plan_first() {
    let f = "tests/fixtures/resilience/feeder-choice.toml";
    let legs = |v: &serde_json::Value| -> Vec<String> {
        v["shipments"][0]["plans"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| {
                p["steps"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .filter(|s| s["kind"] == "flight")
                    .map(|s| s["label"].as_str().unwrap().to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            })
            .collect()
    };
    let (code, planner_order, err) = coldroute(&["plan", f, "--robust", "400", "--json"], "2");
    assert_eq!(code, 0, "{err}");
    let a: serde_json::Value = serde_json::from_str(&planner_order).unwrap();
    let (code, reliable_order, err) = coldroute(
        &[
            "plan",
            f,
            "--robust",
            "400",
            "--rank",
            "reliability",
            "--json",
        ],
        "2",
    );
    assert_eq!(code, 0, "{err}");
    let b: serde_json::Value = serde_json::from_str(&reliable_order).unwrap();
    let (la, lb) = (legs(&a), legs(&b));
    assert_eq!(la.len(), 2, "{la:?}");
    assert!(la[0].contains("FEED"), "{la:?}");
    assert_eq!(lb, vec![la[1].clone(), la[0].clone()]);
    let p = |v: &serde_json::Value, i: usize| {
        v["shipments"][0]["robust"]["plans"][i]["meets_sla"]["p"]
            .as_f64()
            .unwrap()
    };
    assert_eq!(p(&b, 0), 1.0);
    assert!((p(&b, 1) - 0.7).abs() < 0.07);
    assert_eq!((p(&a, 0), p(&a, 1)), (p(&b, 1), p(&b, 0)));
}
