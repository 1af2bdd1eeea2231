//! Times the phases of plan queries on a generated world network and prints
//! the search counters: `cargo run --release --example world_query`.

use std::time::Instant;

use coldroute::generate::{world, WorldParams};
use coldroute::network::Network;
use coldroute::planner::{search, Config, Query};
use coldroute::units::Secs;

fn main() {
    let t = Instant::now();
    let text = world(&WorldParams::default());
    let s = coldroute::scenario::load(&text).expect("generated world is valid");
    println!("generate + load: {:?}", t.elapsed());
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
        let mut q = Query::for_shipment(sh);
        q.ready = start + Secs(i as i64 * 6 * 3600);
        // A 48 h lane, as vaccine lanes are.
        q.sla.max_transit = Secs(48 * 3600);
        let t = Instant::now();
        let p = search(&s, &net, &q, &Config::default());
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
}
