//! Plan queries on a generated world network (issue 4's speed targets).
//!
//! The world: `coldroute generate` defaults, 1,000 real airports linked
//! hub-and-spoke with about 100,000 flight departures a week, plus trucks
//! (seed 1). Twelve queries between random hubs, ready in the first days of
//! March 2021, each a 48 h lane (`max_transit`) for a +2..+8 C vaccine in a
//! PCM box. Two things are timed per query, in the same run:
//!
//! - `scan/Qn`: the full query on the connection-scan engine (the default:
//!   thermal state in every label, Pareto set over arrival, margin, cost
//!   and transfers, explanations kept);
//! - `labels/Qn`: the same query on the first (label-setting) engine;
//! - `csa/Qn`: the plain earliest-arrival connection scan on the same
//!   connections, no thermal state (the physical-limit anchor);
//! - `baseline/Qn`: `pathfinding::dijkstra` over (hub, time) states,
//!   earliest arrival only, no thermal state, on the same network and the
//!   same connection rules (cutoffs, connection and handling times,
//!   on-demand roads), pruned at the same deadline.
//!
//! The group `plan4k` runs `scan` and `csa` on a 4,000-hub world
//! (400,000 flights a week) with the same kind of queries.
//!
//! ```text
//! cargo bench --bench plan
//! ```
//!
//! Results and the ratio: docs/performance.md, "## plan".

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};

use coldroute::generate::{world, WorldParams};
use coldroute::network::Network;
use coldroute::planner::reach::Reach;
use coldroute::planner::{search, Config, Engine, Query};
use coldroute::scenario::Scenario;
use coldroute::time::parse_instant;
use coldroute::units::Secs;

struct World {
    s: Scenario,
    net: Network,
    queries: Vec<Query>,
}

fn setup(params: &WorldParams) -> World {
    let text = world(params);
    let s = coldroute::scenario::load(&text).expect("the generated world is valid");
    let utc = coldroute::time::time_zone("UTC").expect("UTC exists");
    let t0 = parse_instant("2021-03-01T00:00Z", &utc).expect("a valid instant");
    let net = Network::build(&s, t0, t0 + Secs(14 * 86_400));
    let queries = s
        .shipments
        .iter()
        .take(12)
        .enumerate()
        .map(|(i, sh)| {
            let mut q = Query::for_shipment(sh);
            q.ready = t0 + Secs(i as i64 * 6 * 3600);
            q.sla.max_transit = Secs(48 * 3600);
            q
        })
        .collect();
    World { s, net, queries }
}

/// Earliest arrival by Dijkstra over (hub, time) states: the baseline.
fn baseline(w: &World, q: &Query) -> Option<Secs> {
    let s = &w.s;
    let deadline = q.ready + q.sla.max_transit;
    let start = (q.from, q.ready + s.hubs[q.from].handling);
    let result = pathfinding::directed::dijkstra::dijkstra(
        &start,
        |&(hub, t): &(usize, Secs)| {
            let mut next: Vec<((usize, Secs), i64)> = Vec::new();
            if hub == q.to {
                return next;
            }
            let mut reach = |to: usize, avail: Secs| {
                let t2 = if to == q.to {
                    avail + s.hubs[to].handling
                } else {
                    avail + s.hubs[to].min_connection
                };
                if t2 <= deadline {
                    next.push(((to, t2), (t2 - t).0));
                }
            };
            let from = w.net.first_at_or_after(hub, t);
            for d in w.net.departures_from(hub).skip(from) {
                if d.cutoff > deadline {
                    break;
                }
                reach(d.to, d.avail);
            }
            for &road in &w.net.on_demand[hub] {
                if let Some((_, arr)) = s.on_demand_departure(road, t) {
                    reach(s.roads[road].to, arr);
                }
            }
            next
        },
        |&(hub, _)| hub == q.to,
    );
    result.map(|(path, _)| path.last().map_or(q.ready, |p| p.1))
}

/// One group of queries on the world `params` makes: the connection scan
/// and the plain earliest-arrival scan, and with `all` the first engine
/// and the dijkstra baseline too.
fn world_group(c: &mut Criterion, name: &str, params: &WorldParams, all: bool) {
    let w = setup(params);
    let cfg = Config::default();
    let labels_cfg = Config {
        engine: Engine::Labels,
        ..Config::default()
    };
    let mut g = c.benchmark_group(name);
    g.sample_size(10);
    g.warm_up_time(std::time::Duration::from_millis(500));
    g.measurement_time(std::time::Duration::from_secs(2));
    for (i, q) in w.queries.iter().enumerate() {
        g.bench_function(format!("scan/Q{i}"), |b| {
            b.iter(|| black_box(search(&w.s, &w.net, black_box(q), &cfg)))
        });
        if all {
            g.bench_function(format!("labels/Q{i}"), |b| {
                b.iter(|| black_box(search(&w.s, &w.net, black_box(q), &labels_cfg)))
            });
        }
        let deadline = q.ready + q.sla.max_transit;
        g.bench_function(format!("csa/Q{i}"), |b| {
            b.iter(|| {
                black_box(Reach::earliest_delivery(
                    &w.s,
                    &w.net,
                    q.from,
                    black_box(q.ready),
                    q.to,
                    deadline,
                ))
            })
        });
        if all {
            g.bench_function(format!("baseline/Q{i}"), |b| {
                b.iter(|| black_box(baseline(&w, black_box(q))))
            });
        }
    }
    g.finish();
}

fn bench(c: &mut Criterion) {
    world_group(c, "plan", &WorldParams::default(), true);
}

/// The 4,000-hub world (400,000 flights a week): the connection scan and
/// the plain earliest-arrival scan only (the first engine and the
/// dijkstra baseline take minutes here).
fn bench_4k(c: &mut Criterion) {
    let params = WorldParams {
        n_hubs: 4000,
        flights_per_week: 400_000,
        ..WorldParams::default()
    };
    world_group(c, "plan4k", &params, false);
}

criterion_group!(benches, bench, bench_4k);
criterion_main!(benches);
