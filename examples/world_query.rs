//! Times plan queries on a generated world network with both engines and
//! prints the search counters: `cargo run --release --example world_query`
//! (`-- full` plans the scenario's own 20 shipments instead of the
//! benchmark's 48 h lanes; `hubs=4000` generates 4,000 hubs and 400,000
//! flights a week; `q=N` runs one query; `budget=N` sets the label budget).

use std::time::Instant;

use coldroute::generate::{world, WorldParams};
use coldroute::network::Network;
use coldroute::planner::{plan_shipment, search, Config, Engine, Query};
use coldroute::units::Secs;

fn main() {
    let full = std::env::args().any(|a| a == "full");
    let scan_only = std::env::args().any(|a| a == "scan");
    let t = Instant::now();
    let arg = |key: &str| -> Option<usize> {
        std::env::args().find_map(|a| a.strip_prefix(key).and_then(|n| n.parse().ok()))
    };
    let mut params = WorldParams::default();
    if let Some(h) = arg("hubs=") {
        params.n_hubs = h;
        params.flights_per_week = h * 100;
    }
    let text = world(&params);
    let s = coldroute::scenario::load(&text).expect("generated world is valid");
    println!("generate + load: {:?}", t.elapsed());
    let only: Option<usize> =
        std::env::args().find_map(|a| a.strip_prefix("q=").and_then(|n| n.parse().ok()));
    if full {
        for (i, sh) in s.shipments.iter().enumerate() {
            if only.is_some_and(|o| o != i) {
                continue;
            }
            let t = Instant::now();
            let p = plan_shipment(&s, sh, &Config::default());
            println!(
                "{} {}->{}: {:?}, {} plans, {:?}",
                sh.id,
                s.hubs[sh.from].code,
                s.hubs[sh.to].code,
                t.elapsed(),
                p.plans.len(),
                p.stats
            );
        }
        return;
    }
    // The benchmark's window: 14 days from 1 March 2021; queries ready every
    // 6 h from then, as in benches/plan.rs.
    let start = Secs(1_614_556_800);
    let t = Instant::now();
    let net = Network::build(&s, start, start + Secs(14 * 86_400));
    println!(
        "network: {} departures in {:?}",
        net.n_departures(),
        t.elapsed()
    );
    for (i, sh) in s.shipments.iter().take(12).enumerate() {
        if only.is_some_and(|o| o != i) {
            continue;
        }
        let mut q = Query::for_shipment(sh);
        q.ready = start + Secs(i as i64 * 6 * 3600);
        // A 48 h lane, as vaccine lanes are.
        q.sla.max_transit = Secs(48 * 3600);
        let engines: &[Engine] = if scan_only {
            &[Engine::Scan]
        } else {
            &[Engine::Scan, Engine::Labels]
        };
        for &engine in engines {
            let cfg = Config {
                engine,
                label_budget: arg("budget=").unwrap_or(Config::default().label_budget),
                ..Config::default()
            };
            let t = Instant::now();
            let reps = arg("reps=")
                .map(|r| r as u32)
                .unwrap_or(if scan_only { 200 } else { 1 } * if only.is_some() { 10 } else { 1 });
            let mut p = search(&s, &net, &q, &cfg);
            for _ in 1..reps {
                p = search(&s, &net, &q, &cfg);
            }
            println!(
                "{} {}->{} {engine:?}: {:?}, {} plans, {:?}",
                sh.id,
                s.hubs[sh.from].code,
                s.hubs[sh.to].code,
                t.elapsed() / reps,
                p.plans.len(),
                p.stats
            );
            if only.is_some() {
                for pl in &p.plans {
                    println!(
                        "  arrival {} margin {:?} cost {} transfers {} meets {}",
                        pl.arrival.0, pl.margin_s, pl.cost, pl.transfers, pl.meets_sla
                    );
                }
                println!(
                    "  earliest delivery {:?}, relaxed {}, cuts {:?}",
                    coldroute::planner::reach::Reach::earliest_delivery(
                        &s,
                        &net,
                        q.from,
                        q.ready,
                        q.to,
                        q.ready + q.sla.max_transit
                    ),
                    p.relaxed,
                    p.cuts
                );
            }
        }
    }
}
