//! What `coldroute check scenarios/` costs, through the library: load every
//! shipped scenario from its text, plan every shipment with the default
//! configuration and check the recommended plan's SLA by re-simulation.
//!
//! Two baselines are measured in the same run, so the figures can be read
//! as ratios: loading alone (parsing and validation), and `check_sla` alone
//! on plans made beforehand (the independent re-simulation).
//!
//! ```text
//! cargo bench --bench check
//! ```
//!
//! Results: docs/performance.md, "## check".

use std::hint::black_box;
use std::path::Path;

use criterion::{criterion_group, criterion_main, Criterion};

use coldroute::itinerary::Itinerary;
use coldroute::planner::{plan_shipment, Config};
use coldroute::scenario::{load, Scenario};
use coldroute::sla::check_sla;

/// The text of every `scenarios/*.toml`, sorted by name. Reading files is
/// not part of what is measured.
fn scenario_texts() -> Vec<(String, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    let mut texts: Vec<(String, String)> = std::fs::read_dir(&dir)
        .expect("scenarios/ is listed")
        .map(|e| e.expect("directory entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .map(|p| {
            let text = std::fs::read_to_string(&p).expect("scenario is UTF-8 text");
            (p.display().to_string(), text)
        })
        .collect();
    texts.sort();
    assert!(!texts.is_empty(), "no scenarios in {}", dir.display());
    texts
}

/// Loads, plans and checks every shipment; returns how many pass.
fn check_all(texts: &[(String, String)]) -> usize {
    let cfg = Config::default();
    let mut passed = 0;
    for (_, text) in texts {
        let s = load(text).expect("shipped scenarios are valid");
        for sh in &s.shipments {
            let planned = plan_shipment(&s, sh, &cfg);
            let pass = planned
                .recommended()
                .and_then(|p| check_sla(&s, sh, &p.itinerary).ok())
                .is_some_and(|r| r.pass());
            passed += usize::from(pass);
        }
    }
    passed
}

fn bench_check(c: &mut Criterion) {
    let texts = scenario_texts();
    let n_shipments: usize = texts
        .iter()
        .map(|(_, t)| load(t).expect("valid").shipments.len())
        .sum();
    assert_eq!(
        check_all(&texts),
        n_shipments,
        "every shipped scenario passes `check`"
    );

    let mut group = c.benchmark_group("check");
    group.bench_function("scenarios/ load only (baseline)", |b| {
        b.iter(|| {
            for (_, text) in &texts {
                black_box(load(black_box(text)).expect("valid"));
            }
        })
    });

    // Plans made once, so that only the re-simulation is timed.
    let planned: Vec<(Scenario, Vec<Itinerary>)> = texts
        .iter()
        .map(|(_, text)| {
            let s = load(text).expect("valid");
            let its = s
                .shipments
                .iter()
                .filter_map(|sh| {
                    plan_shipment(&s, sh, &Config::default())
                        .recommended()
                        .map(|p| p.itinerary.clone())
                })
                .collect();
            (s, its)
        })
        .collect();
    group.bench_function("scenarios/ check_sla only", |b| {
        b.iter(|| {
            for (s, its) in &planned {
                for (sh, it) in s.shipments.iter().zip(its) {
                    black_box(check_sla(s, sh, it).expect("plans verify"));
                }
            }
        })
    });

    group.bench_function("scenarios/ load + plan + check_sla", |b| {
        b.iter(|| black_box(check_all(black_box(&texts))))
    });
    group.finish();
}

criterion_group!(benches, bench_check);
criterion_main!(benches);
