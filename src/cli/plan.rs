//! `coldroute plan SCENARIO`: plan shipments and print the itineraries.

use std::io::Write;
use std::path::PathBuf;

use coldroute::planner::render::{to_json, write_text, RenderOptions};
use coldroute::planner::{plan_shipment, Config};
use coldroute::scenario::{Scenario, Shipment, Sla};

use super::{load_scenario, EXIT_BAD_INPUT, EXIT_FAILED, EXIT_OK};

/// Arguments of `coldroute plan`.
#[derive(clap::Args)]
pub struct PlanArgs {
    /// Scenario file (TOML).
    scenario: PathBuf,
    /// Plan only this shipment (default: every shipment in the file).
    #[arg(long, value_name = "ID")]
    shipment: Option<String>,
    /// Ad-hoc query: origin hub code.
    #[arg(long, requires_all = ["to", "ready", "product", "packaging"])]
    from: Option<String>,
    /// Ad-hoc query: destination hub code.
    #[arg(long, requires = "from")]
    to: Option<String>,
    /// Ad-hoc query: ready time, like 2021-03-26T06:00+08:00 (or local at the origin without an offset).
    #[arg(long, requires = "from")]
    ready: Option<String>,
    /// Ad-hoc query: product id.
    #[arg(long, requires = "from")]
    product: Option<String>,
    /// Ad-hoc query: packaging id.
    #[arg(long, requires = "from")]
    packaging: Option<String>,
    /// Ad-hoc query: maximum door-to-door transit (default: the planning horizon).
    #[arg(long, requires = "from", value_name = "DURATION")]
    max_transit: Option<String>,
    /// Pareto-optimal alternatives to show after the recommended plan.
    #[arg(long, default_value_t = 3, value_name = "N")]
    alternatives: usize,
    /// List faster itineraries that were rejected, and why.
    #[arg(long)]
    explain: bool,
    /// Print JSON (docs/json-output.md) instead of text.
    #[arg(long)]
    json: bool,
}

/// Plans and prints; exit 1 when any shipment has no plan meeting its SLA.
pub fn run(args: &PlanArgs, out: &mut dyn Write) -> u8 {
    let Some((scenario, _text)) = load_scenario(&args.scenario) else {
        return EXIT_BAD_INPUT;
    };
    let shipments: Vec<Shipment> = if let Some(from) = &args.from {
        match ad_hoc(&scenario, args, from) {
            Ok(sh) => vec![sh],
            Err(e) => {
                eprintln!("error: {e}");
                return EXIT_BAD_INPUT;
            }
        }
    } else if let Some(id) = &args.shipment {
        match scenario.shipment(id) {
            Some(sh) => vec![sh.clone()],
            None => {
                let ids: Vec<&str> = scenario.shipments.iter().map(|s| s.id.as_str()).collect();
                eprintln!(
                    "error: no shipment `{id}` in `{}`; it has: {}",
                    args.scenario.display(),
                    ids.join(", ")
                );
                return EXIT_BAD_INPUT;
            }
        }
    } else {
        scenario.shipments.clone()
    };
    let opts = RenderOptions {
        alternatives: args.alternatives,
        explain: args.explain,
    };
    let cfg = Config::default();
    let mut code = EXIT_OK;
    let mut json_items = Vec::new();
    for (i, sh) in shipments.iter().enumerate() {
        let planned = plan_shipment(&scenario, sh, &cfg);
        if !planned.recommended().is_some_and(|p| p.meets_sla) {
            code = EXIT_FAILED;
        }
        if args.json {
            json_items.push(to_json(&scenario, sh, &planned, opts));
        } else {
            if i > 0 {
                let _ = writeln!(out);
            }
            if write_text(out, &scenario, sh, &planned, opts).is_err() {
                return EXIT_BAD_INPUT;
            }
        }
    }
    if args.json {
        let doc = serde_json::json!({
            "schema": "coldroute.plan/1",
            "scenario": args.scenario.display().to_string(),
            "shipments": json_items,
        });
        let _ = writeln!(
            out,
            "{}",
            serde_json::to_string_pretty(&doc).unwrap_or_default()
        );
    }
    code
}

fn ad_hoc(s: &Scenario, args: &PlanArgs, from: &str) -> Result<Shipment, String> {
    let hub = |code: &str| {
        s.hub_idx(code).ok_or_else(|| {
            let near = coldroute::scenario::closest(code, s.hubs.iter().map(|h| h.code.as_str()));
            match near {
                Some(n) => format!("no hub `{code}` in the scenario; did you mean `{n}`?"),
                None => format!("no hub `{code}` in the scenario"),
            }
        })
    };
    let from = hub(from)?;
    let to = hub(args.to.as_deref().unwrap_or_default())?;
    let product_id = args.product.as_deref().unwrap_or_default();
    let product = s
        .product_idx(product_id)
        .ok_or_else(|| format!("no product `{product_id}` in the scenario"))?;
    let pk_id = args.packaging.as_deref().unwrap_or_default();
    let packaging = s
        .packaging_idx(pk_id)
        .ok_or_else(|| format!("no packaging `{pk_id}` in the scenario"))?;
    let ready_text = args.ready.as_deref().unwrap_or_default();
    let ready = coldroute::scenario::parse_instant(ready_text, &s.hubs[from].tz)?;
    let max_transit = match &args.max_transit {
        Some(t) => coldroute::time::parse_duration(t)?,
        None => s.horizon,
    };
    Ok(Shipment {
        id: "ad-hoc".into(),
        product,
        packaging,
        from,
        to,
        ready,
        payload_start: s.products[product].range.mid(),
        sla: Sla {
            max_transit,
            min_margin: coldroute::units::Secs(0),
            max_excursion: coldroute::units::Secs(0),
            max_stability: 1.0,
        },
        span: 0..0,
    })
}
