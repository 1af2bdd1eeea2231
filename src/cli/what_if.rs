//! `coldroute what-if SCENARIO`: every shipment re-planned under
//! disruptions (closed hubs, cancelled flights, heat, slower roads), before
//! against after.

use std::io::Write;
use std::path::PathBuf;

use coldroute::disruption::{parse_file, parse_spec, render, what_if, Disruptions, Kind};

use super::{load_scenario, read_text, Done, Fail, Outcome};

/// Re-plan every shipment under disruptions and say, per shipment, what
/// changes and who no longer meets the SLA
///
/// Exit code 0 when no shipment that met its SLA fails under the
/// disruptions, 1 when one does, 2 on bad input.
#[derive(Clone, Debug, clap::Args)]
pub struct WhatIfArgs {
    /// Scenario file (TOML)
    pub scenario: PathBuf,
    /// Close a hub: HUB, or HUB@FROM/TO with instants (naive ones local
    /// at the hub), e.g. LAX@2021-04-05T00:00/2021-04-06T12:00
    #[arg(long, value_name = "HUB[@FROM/TO]")]
    pub close: Vec<String>,
    /// Cancel a flight: FLIGHT (every departure), FLIGHT@DATE (local
    /// departure date at its origin) or FLIGHT@FROM/TO
    #[arg(long, value_name = "FLIGHT[@DATE]")]
    pub cancel: Vec<String>,
    /// Raise the outdoor air at hubs by K degrees: HUB:+K or HUB,HUB:+K
    #[arg(long, value_name = "HUB:+K", allow_hyphen_values = true)]
    pub heat: Vec<String>,
    /// Slow a road (by its id) at every hour: ROAD:+DURATION
    #[arg(long, value_name = "ROAD:+DURATION")]
    pub slow: Vec<String>,
    /// More disruptions from a TOML file ([[close]], [[cancel]], [[heat]]
    /// with a hub list or a region, [[slow]]; docs/resilience.md)
    #[arg(long, value_name = "FILE")]
    pub disruptions: Option<PathBuf>,
    /// Print JSON (schema coldroute.what-if/1) instead of text
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    search: super::SearchArgs,
}

/// Runs `what-if`.
pub fn run(args: &WhatIfArgs, out: &mut dyn Write) -> Outcome {
    let Some((s, _)) = load_scenario(&args.scenario) else {
        return Err(Fail::Reported);
    };
    let mut d = Disruptions::default();
    if let Some(path) = &args.disruptions {
        let text = read_text(path)?;
        match parse_file(&s, &text) {
            Ok(x) => d.items.extend(x.items),
            Err(diags) => {
                let name = path.display().to_string();
                super::ui::diagnostics(&coldroute::scenario::render_all(&diags, &name, &text));
                return Err(Fail::Reported);
            }
        }
    }
    for (kind, flag, specs) in [
        (Kind::Close, "--close", &args.close),
        (Kind::Cancel, "--cancel", &args.cancel),
        (Kind::Heat, "--heat", &args.heat),
        (Kind::Slow, "--slow", &args.slow),
    ] {
        for spec in specs {
            let x = parse_spec(&s, kind, spec).map_err(|e| format!("{flag} {spec}: {e}"))?;
            d.items.push(x);
        }
    }
    if d.items.is_empty() {
        return Err(Fail::Input(
            "no disruption given: use --close, --cancel, --heat, --slow or --disruptions FILE"
                .into(),
        ));
    }
    let cfg = args.search.config(false);
    let r = what_if(&s, &d, &cfg);
    if args.json {
        let doc = coldroute::document::what_if::WhatIfDocument::new(
            &s,
            &args.scenario.display().to_string(),
            &d,
            &r,
        );
        let _ = writeln!(
            out,
            "{}",
            serde_json::to_string_pretty(&doc).unwrap_or_default()
        );
    } else if super::ui::painted(out, |o| render::write_text(o, &s, &d, &r)).is_err() {
        return Err(Fail::Reported);
    }
    Ok(Done::pass_if(!r.shipments.iter().any(|c| c.newly_fails())))
}
