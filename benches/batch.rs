//! `coldroute batch` throughput through the library (issue 13): 100,000
//! rows of a list on the `pek-sal-coronavac` lanes, ready times by the
//! minute over a week (so about one row in ten asks a query another row
//! asked), planned in chunks of 4,096 as the command does. The baseline in
//! the same run is one plan of the same shipment (`plan_shipment`): the
//! batch reads as a multiple of it.
//!
//! Group `batch-world`: the generated world (`coldroute generate`
//! defaults, seed 1) and the first 100,000 rows of its generated list
//! (2,000 Zipf lanes, ready times by the minute over 1 March 2021), as
//! `coldroute generate --seed 1 --list 100000 --lanes 2000` writes it;
//! the baseline in the same run is the list's first 1,000 rows. The
//! 5-million-row target is measured with the command itself:
//! docs/performance.md.
//!
//! ```text
//! cargo bench --bench batch
//! ```

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};

use coldroute::batch::{BatchPlanner, CsvHeader, Row};
use coldroute::generate::{shipment_list, world, ListParams, WorldParams};
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

/// The first `n` rows of the generated world's list, as read.
fn world_rows(n: usize) -> Vec<Row> {
    let params = ListParams {
        rows: n,
        lanes: 2000,
        date: jiff::civil::date(2021, 3, 1),
        seed: 1,
    };
    let mut lines = shipment_list(&WorldParams::default(), &params);
    let head = lines.next().expect("a header");
    let header = CsvHeader::parse(&head.split(',').collect::<Vec<_>>()).expect("header");
    lines
        .enumerate()
        .map(|(i, l)| Row {
            number: i + 1,
            spec: header.spec(&l.split(',').collect::<Vec<_>>()),
        })
        .collect()
}

fn bench_world(c: &mut Criterion) {
    let s = load(&world(&WorldParams::default())).expect("generated world loads");
    let cfg = Config::default();
    let list = world_rows(100_000);
    let run = |rows: &[Row]| {
        let mut p = BatchPlanner::new(&s, cfg.clone());
        let n: usize = rows.chunks(4096).map(|c| p.plan_chunk(c).len()).sum();
        black_box(n)
    };
    let mut g = c.benchmark_group("batch-world");
    g.sample_size(10);
    g.bench_function("rows_1k_baseline", |b| b.iter(|| run(&list[..1000])));
    g.bench_function("rows_100k", |b| b.iter(|| run(&list)));
    g.finish();
}

criterion_group!(benches, bench, bench_world);
criterion_main!(benches);
