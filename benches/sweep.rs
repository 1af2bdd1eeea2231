//! Issue 13's lane-sweep target: a one-year daily sweep of
//! `pek-sal-coronavac` (shipment SV-0406) in <= 2 s. The baseline in the
//! same run is one plan of that shipment (`plan_shipment`), so the sweep
//! reads as a multiple of one query (365 ready times).
//!
//! ```text
//! cargo bench --bench sweep
//! ```
//!
//! Results: docs/performance.md, "## sweep".

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};

use coldroute::planner::{plan_shipment, Config};
use coldroute::scenario::load;
use coldroute::sweep::{ready_times, sweep};
use coldroute::units::Secs;

fn bench(c: &mut Criterion) {
    let s = load(include_str!("../scenarios/pek-sal-coronavac.toml")).expect("scenario loads");
    let sh = s.shipment("SV-0406").expect("SV-0406");
    let cfg = Config::default();
    let readies = ready_times(
        &s,
        sh,
        jiff::civil::date(2021, 1, 1),
        jiff::civil::date(2021, 12, 31),
        Secs(86_400),
    )
    .expect("a year of days");
    let mut g = c.benchmark_group("sweep");
    g.bench_function("one_plan_baseline", |b| {
        b.iter(|| black_box(plan_shipment(&s, sh, &cfg)))
    });
    g.bench_function("year_daily_365", |b| {
        b.iter(|| black_box(sweep(&s, sh, &readies, &cfg)))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
