//! `coldroute generate`: write a seeded synthetic world scenario.

use std::io::Write;
use std::path::PathBuf;

use coldroute::generate::{shipment_list, world, ListParams, WorldParams};

use super::{Done, Outcome};

/// Arguments of `coldroute generate`.
#[derive(clap::Args)]
pub struct GenerateArgs {
    /// Number of hubs (real airports chosen by seed).
    #[arg(long, default_value_t = 1000)]
    hubs: usize,
    /// Flight departures per week, approximately.
    #[arg(long, default_value_t = 100_000)]
    flights_per_week: usize,
    /// Shipments to add, between random hubs.
    #[arg(long, default_value_t = 20)]
    shipments: usize,
    /// Seed: the same seed gives the same file.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Write a shipment list for this world instead of the world (CSV for
    /// `coldroute batch`), with this many rows
    #[arg(long, value_name = "ROWS")]
    list: Option<usize>,
    /// Lanes of the list (origin, destination pairs; Zipf volumes)
    #[arg(long, value_name = "N", default_value_t = 2000, requires = "list")]
    lanes: usize,
    /// The day of the list's ready times (UTC, one a minute at random)
    #[arg(
        long,
        value_name = "DATE",
        default_value = "2021-03-01",
        requires = "list"
    )]
    date: jiff::civil::Date,
    /// Output file (default: standard output).
    #[arg(short, long)]
    output: Option<PathBuf>,
}

/// Writes the scenario.
pub fn run(args: &GenerateArgs, out: &mut dyn Write) -> Outcome {
    let params = WorldParams {
        n_hubs: args.hubs,
        flights_per_week: args.flights_per_week,
        n_shipments: args.shipments,
        seed: args.seed,
    };
    params.check().map_err(|e| e.to_string())?;
    if let Some(rows) = args.list {
        return list(args, &params, rows, out);
    }
    let text = world(&params);
    match &args.output {
        Some(path) => {
            super::output::write_output(path, text.as_bytes(), out)?;
            Ok(Done::Ok)
        }
        None => {
            let _ = out.write_all(text.as_bytes());
            Ok(Done::Ok)
        }
    }
}

/// Writes a shipment list for the world, streamed.
fn list(args: &GenerateArgs, world: &WorldParams, rows: usize, out: &mut dyn Write) -> Outcome {
    if args.lanes == 0 {
        return Err("--lanes 0: a list needs at least one lane".into());
    }
    let p = ListParams {
        rows,
        lanes: args.lanes,
        date: args.date,
        seed: args.seed,
    };
    let path = args.output.clone().unwrap_or_else(|| PathBuf::from("-"));
    let written = (|| {
        let mut w = super::output::Streamed::create(&path)?;
        let mut buf = String::with_capacity(1 << 20);
        for line in shipment_list(world, &p) {
            buf.push_str(&line);
            buf.push('\n');
            if buf.len() > (1 << 20) - 256 {
                w.write_all(buf.as_bytes(), out)?;
                buf.clear();
            }
        }
        w.write_all(buf.as_bytes(), out)?;
        w.finish()
    })();
    written?;
    Ok(Done::Ok)
}
