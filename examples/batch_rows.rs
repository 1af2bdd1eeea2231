//! Times each row of a shipment list planned alone, as the batch planner
//! plans it (recommended plan only), and prints the search counters of
//! the slowest: `cargo run --release --example batch_rows -- world.toml
//! list.csv [N]` (the first N rows, default 200).

use std::time::Instant;

use coldroute::batch::CsvHeader;
use coldroute::network::Network;
use coldroute::planner::{plan, Config, Query};
use coldroute::scenario::ShipmentResolver;
use coldroute::units::Secs;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let text = std::fs::read_to_string(&args[1]).expect("scenario");
    let s = coldroute::scenario::load(&text).expect("valid scenario");
    let list = std::fs::read_to_string(&args[2]).expect("list");
    let n: usize = args.get(3).and_then(|a| a.parse().ok()).unwrap_or(200);
    let mut lines = list.lines();
    let header = CsvHeader::parse(&lines.next().unwrap().split(',').collect::<Vec<_>>()).unwrap();
    let resolver = ShipmentResolver::new(&s);
    let shipments: Vec<_> = lines
        .take(n)
        .map(|l| {
            let spec = header.spec(&l.split(',').collect::<Vec<_>>()).unwrap();
            resolver.resolve(&spec).unwrap()
        })
        .collect();
    let first = shipments.iter().map(|sh| sh.ready).min().unwrap();
    let last = shipments.iter().map(|sh| sh.ready).max().unwrap();
    let net = Network::build(&s, first, last + s.horizon + Secs(1));
    let cfg = Config::default().recommended_only();
    let mut rows = Vec::new();
    let t_all = Instant::now();
    for sh in &shipments {
        let t = Instant::now();
        let p = plan(&s, &net, &Query::for_shipment(sh), &cfg);
        let dt = t.elapsed();
        let rec = p
            .recommended()
            .map(|p| (p.arrival.0 - sh.ready.0) as f64 / 3600.0);
        rows.push((
            dt,
            sh.id.clone(),
            s.hubs[sh.from].code.clone(),
            s.hubs[sh.to].code.clone(),
            p.relaxed,
            rec,
            p.stats,
        ));
    }
    let total = t_all.elapsed();
    rows.sort_by_key(|r| std::cmp::Reverse(r.0));
    let sum: f64 = rows.iter().map(|r| r.0.as_secs_f64()).sum();
    println!(
        "{} rows in {:?} ({:.2} ms a row)",
        rows.len(),
        total,
        1000.0 * sum / rows.len() as f64
    );
    let mut acc = 0.0;
    for (i, r) in rows.iter().enumerate() {
        acc += r.0.as_secs_f64();
        if i < 25 || i % 20 == 0 {
            println!(
                "{:>4} {:>9.2?} cum {:>5.1}% {} {}->{} relaxed={} transit_h={:?} labels={} settled={} dominated={} bound={} thermal={} conns={}",
                i, r.0, 100.0 * acc / sum, r.1, r.2, r.3, r.4, r.5.map(|h| (h * 10.0).round() / 10.0),
                r.6.labels, r.6.settled, r.6.dominated, r.6.pruned_by_bound, r.6.rejected_thermal, r.6.connections
            );
        }
    }
}
