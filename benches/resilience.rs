//! Issue 14's targets: 1,000 simulated days with re-planning for a world
//! shipment in <= 1 s, and a what-if over the generated world's shipments
//! in <= 2 s. The generated world (`coldroute generate` defaults, seed 1:
//! 1,000 airports, ~100k flights a week, its own [delays] model). The
//! baselines in the same run: one plan of the shipment (recommended plan
//! only, as a re-plan is), and planning every shipment once.
//!
//! ```text
//! cargo bench --bench resilience
//! ```
//!
//! Results: docs/performance.md, "## resilience".

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};

use coldroute::disruption::{parse_spec, what_if, Disruptions, Kind};
use coldroute::generate::{world, WorldParams};
use coldroute::network::Network;
use coldroute::planner::{plan, plan_shipments, Config, Query};
use coldroute::resilience::{monte_carlo, Options};
use coldroute::scenario::load;

fn bench(c: &mut Criterion) {
    let s = load(&world(&WorldParams::default())).expect("the generated world loads");
    let cfg = Config::default();
    let mut g = c.benchmark_group("resilience");
    g.sample_size(10);
    for id in ["Q0", "Q1", "Q3"] {
        let sh = s.shipment(id).expect("shipment");
        let net = Network::build(&s, sh.ready, sh.ready + s.horizon);
        let q = Query::for_shipment(sh);
        let best = plan(&s, &net, &q, &cfg)
            .recommended()
            .expect("a plan")
            .itinerary
            .clone();
        let opts = Options {
            draws: 1000,
            seed: 1,
            max_replans: 4,
        };
        let one = cfg.recommended_only();
        g.bench_function(format!("{id}/one_plan_baseline"), |b| {
            b.iter(|| black_box(plan(&s, &net, &q, &one)))
        });
        g.bench_function(format!("{id}/robust_1000"), |b| {
            b.iter(|| black_box(monte_carlo(&s, &net, &q, &best, &cfg, &opts)))
        });
    }
    let d = Disruptions {
        items: vec![parse_spec(&s, Kind::Close, "AKY").expect("a hub of the world")],
    };
    g.bench_function("world/plan_all_baseline", |b| {
        b.iter(|| black_box(plan_shipments(&s, &s.shipments, &cfg.recommended_only())))
    });
    g.bench_function("world/what_if_close_hub", |b| {
        b.iter(|| black_box(what_if(&s, &d, &cfg)))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
