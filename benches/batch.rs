//! `coldroute batch` throughput through the library (issue 13): 100,000
//! rows of a list on the `pek-sal-coronavac` lanes, ready times by the
//! minute over a week (so about one row in ten asks a query another row
//! asked), planned in chunks of 4,096 as the command does. The baseline in
//! the same run is one plan of the same shipment (`plan_shipment`): the
//! batch reads as a multiple of it.
//!
//! The world-sized target (5 million rows of the generated world in 10
//! minutes) is measured with the command itself: docs/performance.md.
//!
//! ```text
//! cargo bench --bench batch
//! ```

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};

use coldroute::batch::{BatchPlanner, Row};
use coldroute::planner::{plan_shipment, Config};
use coldroute::scenario::{load, ShipmentSpec};

fn rows(n: usize) -> Vec<Row> {
    (0..n)
        .map(|i| {
            // A minute of the week of 29 March 2021, Beijing time, on one
            // of two lanes.
            let minute = (i * 7919) % (7 * 1440);
            let (from, to) = if i % 3 == 0 {
                ("SZX", "SAL-CVS")
            } else {
                ("PEK", "SAL-CVS")
            };
            Row {
                number: i + 1,
                spec: Ok(ShipmentSpec {
                    id: format!("R{i}"),
                    product: "coronavac".into(),
                    packaging: "pcm5-pallet".into(),
                    from: from.into(),
                    to: to.into(),
                    ready: format!(
                        "2021-03-{:02}T{:02}:{:02}+08:00",
                        29 + minute / 1440 % 3,
                        minute / 60 % 24,
                        minute % 60
                    ),
                    max_transit: Some("3d".into()),
                    min_margin: Some("12h".into()),
                    ..ShipmentSpec::default()
                }),
            }
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let s = load(include_str!("../scenarios/pek-sal-coronavac.toml")).expect("scenario loads");
    let sh = s.shipment("SV-0406").expect("SV-0406");
    let cfg = Config::default();
    let list = rows(100_000);
    let mut g = c.benchmark_group("batch");
    g.sample_size(10);
    g.bench_function("one_plan_baseline", |b| {
        b.iter(|| black_box(plan_shipment(&s, sh, &cfg)))
    });
    g.bench_function("rows_100k", |b| {
        b.iter(|| {
            let mut p = BatchPlanner::new(&s, cfg.clone());
            let n: usize = list.chunks(4096).map(|c| p.plan_chunk(c).len()).sum();
            black_box(n)
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
