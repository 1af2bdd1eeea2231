//! `coldroute generate`: write a seeded synthetic world scenario.

use std::io::Write;
use std::path::PathBuf;

use coldroute::generate::{world, WorldParams};

use super::{EXIT_BAD_INPUT, EXIT_OK};

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
    /// Output file (default: standard output).
    #[arg(short, long)]
    output: Option<PathBuf>,
}

/// Writes the scenario.
pub fn run(args: &GenerateArgs, out: &mut dyn Write) -> u8 {
    let params = WorldParams {
        n_hubs: args.hubs,
        flights_per_week: args.flights_per_week,
        n_shipments: args.shipments,
        seed: args.seed,
    };
    if let Err(e) = params.check() {
        super::ui::error(e);
        return EXIT_BAD_INPUT;
    }
    let text = world(&params);
    match &args.output {
        Some(path) => match super::output::write_output(path, text.as_bytes(), out) {
            Ok(()) => EXIT_OK,
            Err(e) => {
                super::ui::error(e);
                EXIT_BAD_INPUT
            }
        },
        None => {
            let _ = out.write_all(text.as_bytes());
            EXIT_OK
        }
    }
}
