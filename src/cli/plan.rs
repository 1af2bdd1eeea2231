//! `coldroute plan SCENARIO`: plan shipments and print the itineraries;
//! `coldroute plan --gtfs FEED --from STOP --to STOP --ready TIME`: an
//! ad-hoc query on a timetable alone (`Mode::Timetable`: no temperature
//! model).

use std::io::Write;
use std::path::PathBuf;

use coldroute::document::plan::{shipment_plans, PlanDocument, Robust};
use coldroute::planner::plan_shipments_with;
use coldroute::planner::render::{write_text, RenderOptions};
use coldroute::scenario::{Scenario, Shipment};
use coldroute::units::Secs;

use super::{load_scenario_for, Done, Fail, Outcome};

/// How far after `--ready` a `--gtfs` query looks unless `--max-transit`
/// says otherwise.
const GTFS_HORIZON: Secs = Secs(2 * 86_400);

/// Arguments of `coldroute plan`.
#[derive(clap::Args)]
pub struct PlanArgs {
    /// Scenario file (TOML); not with --gtfs or --ssim.
    #[arg(required_unless_present_any = ["gtfs", "ssim"])]
    scenario: Option<PathBuf>,
    /// Ad-hoc query on a GTFS feed (a .zip or a directory) instead of a
    /// scenario: --from and --to name stops by stop_id, stop_code or
    /// stop_name. A timetable query: journeys by time, transfers and cost,
    /// no temperature model.
    #[arg(long, value_name = "FEED", conflicts_with_all = ["scenario", "shipment", "product", "packaging"], requires = "from")]
    gtfs: Option<PathBuf>,
    /// Ad-hoc query on an IATA SSIM schedule instead of a scenario:
    /// --from and --to name airports; every airport of the file is a hub
    /// with a 1 h connection time. A timetable query: no temperature
    /// model
    #[arg(long, value_name = "FILE", conflicts_with_all = ["scenario", "shipment", "product", "packaging", "gtfs"], requires = "from")]
    ssim: Option<PathBuf>,
    /// Plan only this shipment (default: every shipment in the file).
    #[arg(long, value_name = "ID")]
    shipment: Option<String>,
    /// Ad-hoc query: origin hub code.
    #[arg(long, requires_all = ["to", "ready"])]
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
    /// Also write the recommended plans as a GeoJSON FeatureCollection.
    #[arg(long, value_name = "OUT")]
    geojson: Option<PathBuf>,
    /// Simulate N days of delays from the scenario's delay model for each
    /// plan shown, re-planning where a connection is missed: prints
    /// P(meets the SLA), P(excursion), P(freeze), transit and margin
    /// percentiles with standard errors, and the recommended plan's
    /// contingencies (docs/resilience.md).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..=1_000_000))]
    robust: Option<u64>,
    /// Seed of the simulated days (the same seed gives the same figures).
    #[arg(long, default_value_t = 1, value_name = "N")]
    seed: u64,
    /// Order of the plans shown: `planner` (earliest meeting the SLA
    /// first) or `reliability` (by P(meets the SLA), with --robust).
    #[arg(long, value_name = "ORDER", default_value = "planner", value_parser = ["planner", "reliability"])]
    rank: String,
    #[command(flatten)]
    search: super::SearchArgs,
}

/// Plans and prints; exit 1 when any shipment has no plan meeting its SLA.
pub fn run(args: &PlanArgs, out: &mut dyn Write) -> Outcome {
    if let Some(file) = &args.ssim {
        let (scenario, sh) = ssim_query(args, file)?;
        return plan_and_print(args, out, &scenario, &[sh], file);
    }
    if let Some(feed) = &args.gtfs {
        let (scenario, sh) = gtfs_query(args, feed)?;
        return plan_and_print(args, out, &scenario, &[sh], feed);
    }
    let Some(path) = &args.scenario else {
        return Err("give a scenario file, or --gtfs FEED".into());
    };
    // An ad-hoc query's ready time gets a feed's rides too.
    let ad_hoc_ready = |s: &Scenario| {
        let sh = args
            .from
            .as_ref()
            .and_then(|from| ad_hoc(s, args, from).ok());
        sh.map(|sh| vec![sh.ready]).unwrap_or_default()
    };
    let Some((scenario, _text)) = load_scenario_for(path, &ad_hoc_ready) else {
        return Err(Fail::Reported);
    };
    let shipments: Vec<Shipment> = if let Some(from) = &args.from {
        vec![ad_hoc(&scenario, args, from)?]
    } else if let Some(id) = &args.shipment {
        match scenario.shipment(id) {
            Some(sh) => vec![sh.clone()],
            None => {
                let ids: Vec<&str> = scenario.shipments.iter().map(|s| s.id.as_str()).collect();
                return Err(Fail::Input(format!(
                    "no shipment `{id}` in `{}`; it has: {}",
                    path.display(),
                    ids.join(", ")
                )));
            }
        }
    } else {
        scenario.shipments.clone()
    };
    plan_and_print(args, out, &scenario, &shipments, path)
}

/// Plans each shipment, prints text or JSON, writes `--geojson`.
fn plan_and_print(
    args: &PlanArgs,
    out: &mut dyn Write,
    scenario: &Scenario,
    shipments: &[Shipment],
    source: &std::path::Path,
) -> Outcome {
    let opts = RenderOptions {
        alternatives: args.alternatives,
        explain: args.explain,
    };
    let cfg = args
        .search
        .config(args.gtfs.is_some() || args.ssim.is_some());
    let mut pass = true;
    let mut json_items = Vec::new();
    let bar = super::progress::shipments(shipments.len());
    let started = std::time::Instant::now();
    let mut all_planned = plan_shipments_with(scenario, shipments, &cfg, || bar.inc(1));
    bar.finish_and_clear();
    super::ui::detail(format!(
        "planned {} shipment(s) in {:.3} s on {} thread(s)",
        shipments.len(),
        started.elapsed().as_secs_f64(),
        rayon::current_num_threads()
    ));
    let assessments = match args.robust {
        Some(draws) => {
            if scenario.delays.is_empty() {
                super::ui::note(
                    "the scenario has no delay model ([delays], docs/resilience.md): every simulated day runs to schedule",
                );
            }
            let opts = coldroute::resilience::Options {
                draws: usize::try_from(draws).unwrap_or(usize::MAX),
                seed: args.seed,
                max_replans: coldroute::resilience::DEFAULT_MAX_REPLANS,
            };
            let rank = if args.rank == "reliability" {
                coldroute::resilience::Rank::Reliability
            } else {
                coldroute::resilience::Rank::Planner
            };
            let started = std::time::Instant::now();
            let out: Vec<_> = shipments
                .iter()
                .zip(all_planned.iter_mut())
                .map(|(sh, planned)| {
                    let (start, end) = scenario.planning_window(sh.ready);
                    let net = coldroute::network::Network::build(scenario, start, end);
                    let q = coldroute::planner::Query::for_shipment(sh);
                    coldroute::resilience::assess(
                        scenario,
                        &net,
                        &q,
                        planned,
                        1 + args.alternatives,
                        &cfg,
                        &opts,
                        rank,
                    )
                })
                .collect();
            super::ui::detail(format!(
                "simulated {draws} day(s) per plan in {:.3} s",
                started.elapsed().as_secs_f64()
            ));
            Some(out)
        }
        None if args.rank == "reliability" => {
            return Err(Fail::Input(
                "--rank reliability needs --robust N (the simulated days it ranks by)".into(),
            ));
        }
        None => None,
    };
    for (sh, planned) in shipments.iter().zip(&all_planned) {
        super::ui::search_detail(&sh.id, &planned.stats);
    }
    for (i, (sh, planned)) in shipments.iter().zip(&all_planned).enumerate() {
        if !planned.recommended().is_some_and(|p| p.meets_sla) {
            pass = false;
        }
        let assessment = assessments.as_ref().map(|a| &a[i]);
        if args.json {
            let mut item = shipment_plans(scenario, sh, planned, opts);
            item.robust = assessment.map(|a| Robust::new(scenario, a));
            json_items.push(item);
        } else {
            if i > 0 {
                let _ = writeln!(out);
            }
            let written = super::ui::painted(out, |o| {
                write_text(o, scenario, sh, planned, opts)?;
                match assessment {
                    Some(a) => coldroute::resilience::render::write_text(o, scenario, sh.to, a),
                    None => Ok(()),
                }
            });
            if written.is_err() {
                // The checked standard output reports the failed write.
                return Err(Fail::Reported);
            }
        }
    }
    if let Some(path) = &args.geojson {
        let items: Vec<(&Shipment, &coldroute::planner::Planned)> =
            shipments.iter().zip(&all_planned).collect();
        let fc = coldroute::export::plans_geojson(scenario, &items);
        let text = serde_json::to_string_pretty(&fc).unwrap_or_default() + "\n";
        super::output::write_output(path, text.as_bytes(), out)?;
    }
    if args.json {
        let doc = PlanDocument::new(source.display().to_string(), json_items);
        let _ = writeln!(
            out,
            "{}",
            serde_json::to_string_pretty(&doc).unwrap_or_default()
        );
    }
    Ok(Done::pass_if(pass))
}

fn ad_hoc(s: &Scenario, args: &PlanArgs, from: &str) -> Result<Shipment, String> {
    let (Some(product), Some(packaging)) = (args.product.as_deref(), args.packaging.as_deref())
    else {
        return Err("an ad-hoc query on a scenario needs --product and --packaging".into());
    };
    let horizon = s.horizon.0;
    let spec = coldroute::scenario::ShipmentSpec {
        id: "ad-hoc".into(),
        product: product.into(),
        packaging: packaging.into(),
        from: from.into(),
        to: args.to.clone().unwrap_or_default(),
        ready: args.ready.clone().unwrap_or_default(),
        max_transit: Some(
            args.max_transit
                .clone()
                .unwrap_or_else(|| format!("{horizon}s")),
        ),
        ..Default::default()
    };
    // The loader's own checks for a shipment, with the flag at fault.
    coldroute::scenario::ShipmentResolver::new(s)
        .resolve(&spec)
        .map_err(|e| {
            let flag = match e.field {
                "from" => "--from",
                "to" => "--to",
                "ready" => "--ready",
                "product" => "--product",
                "packaging" => "--packaging",
                "max_transit" => "--max-transit",
                other => other,
            };
            format!("{flag}: {}", e.message)
        })
}

/// Why a `--gtfs` query ready on `local` (its date) finds no trip within
/// `max_transit`: when the feed runs.
fn no_service(
    feed: &coldroute::gtfs::Feed,
    local: &dyn std::fmt::Display,
    max_transit: Secs,
) -> String {
    match feed.service_span() {
        Some((a, b)) => format!(
            "no service on {local}: the feed has no trips within {max_transit} of the ready time; it runs {a} .. {b}"
        ),
        None => format!("no service on {local}: the feed's calendar runs on no day"),
    }
}

/// The stop of the feed that `name` means, as its hub in `s`. A name that
/// fits several stops (a `stop_code` shared by stops of different days'
/// timetables, say) is not ambiguous when only one of them is served on
/// the ready time's local day (`served`).
fn feed_stop(
    feed: &coldroute::gtfs::Feed,
    hub_of_stop: &[Option<usize>],
    name: &str,
    served: Option<&[bool]>,
) -> Result<usize, String> {
    let mut found = feed.find_stops(name);
    if let Some(served) = served {
        if found.len() > 1 && found.iter().filter(|&&i| served[i]).count() == 1 {
            found.retain(|&i| served[i]);
        }
    }
    match found.as_slice() {
        [i] => hub_of_stop[*i].ok_or_else(|| format!("stop `{name}` is served by no trip")),
        [] => {
            let served = feed.served_stops();
            let names = feed
                .stops
                .iter()
                .zip(&served)
                .filter(|(_, s)| **s)
                .flat_map(|(st, _)| [st.id.as_str(), st.name.as_str()]);
            Err(match coldroute::scenario::closest(name, names) {
                Some(n) => format!(
                    "no stop or station `{name}` that a trip serves in the feed; did you mean `{n}`?"
                ),
                None => format!("no stop or station `{name}` that a trip serves in the feed"),
            })
        }
        many => {
            let list: Vec<String> = many
                .iter()
                .map(|&i| {
                    let st = &feed.stops[i];
                    match &st.code {
                        Some(c) => format!("{} ({}, code {c})", st.id, st.name),
                        None => format!("{} ({})", st.id, st.name),
                    }
                })
                .collect();
            Err(format!(
                "stop `{name}` is ambiguous: it could be {}; name one by stop_id",
                list.join(", ")
            ))
        }
    }
}

/// Reads the schedule and builds the scenario and shipment of an `--ssim`
/// query: every airport of the file is a hub (position and zone from the
/// built-in table, a 1 h connection), every leg a flight: a timetable
/// query (`ssim::query`).
fn ssim_query(args: &PlanArgs, path: &std::path::Path) -> Result<(Scenario, Shipment), String> {
    let shown = path.display();
    let text = super::read_text(path)?;
    let sch = coldroute::ssim::parse(&text).map_err(|errs| {
        let lines: Vec<String> = errs
            .iter()
            .take(20)
            .map(|e| format!("{shown}:{}:{}: {}", e.line, e.col, e.message))
            .collect();
        format!("the SSIM file is malformed:\n  {}", lines.join("\n  "))
    })?;
    let max_transit = match &args.max_transit {
        Some(t) => coldroute::time::parse_duration(t).map_err(|e| format!("--max-transit: {e}"))?,
        None => GTFS_HORIZON,
    };
    let name = format!("SSIM schedule {shown}");
    let (s, codes) =
        coldroute::ssim::query::query_scenario(&sch, &name, max_transit).map_err(|e| match e {
            coldroute::ssim::query::QueryError::Legs { errors } => errors
                .iter()
                .take(20)
                .map(|e| format!("{shown}:{}:{}: {}", e.line, e.col, e.message))
                .collect::<Vec<_>>()
                .join("\n"),
            e => format!("{shown}: {e}"),
        })?;
    let find = |flag: &str, v: Option<&str>| {
        let c = v.unwrap_or_default();
        codes.binary_search_by(|x| x.as_str().cmp(c)).map_err(|_| {
            let near = coldroute::scenario::closest(c, codes.iter().map(String::as_str))
                .map(|n| format!("; did you mean `{n}`?"))
                .unwrap_or_default();
            format!("{flag} {c}: no leg of {shown} calls there{near}")
        })
    };
    let from = find("--from", args.from.as_deref())?;
    let to = find("--to", args.to.as_deref())?;
    if from == to {
        return Err("--from and --to name the same airport".into());
    }
    let ready_text = args.ready.as_deref().unwrap_or_default();
    let ready = coldroute::time::parse_instant(ready_text, &s.hubs[from].tz)
        .map_err(|e| format!("--ready: {e}; {}", e.help()))?;
    Ok((s, Shipment::journey(from, to, ready, max_transit)))
}

/// Reads the feed and builds the scenario and shipment of a `--gtfs` query.
fn gtfs_query(args: &PlanArgs, path: &std::path::Path) -> Result<(Scenario, Shipment), String> {
    let feed = super::gtfs::read_feed(path).map_err(|errs| {
        let lines: Vec<String> = errs
            .iter()
            .take(20)
            .map(|e| format!("{}: {e}", path.display()))
            .collect();
        format!("the GTFS feed is malformed:\n  {}", lines.join("\n  "))
    })?;
    let max_transit = match &args.max_transit {
        Some(t) => coldroute::time::parse_duration(t).map_err(|e| format!("--max-transit: {e}"))?,
        None => GTFS_HORIZON,
    };
    let id = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "feed".into());
    let settings = coldroute::gtfs::FeedSettings::neutral(&id);
    let (mut s, merged) = coldroute::gtfs::query_scenario(&feed, &settings, max_transit)
        .map_err(|e| e.to_string())?;
    let ready_text = args.ready.as_deref().unwrap_or_default();
    let no_service = |local: &dyn std::fmt::Display| no_service(&feed, local, max_transit);
    // The ready time on the first agency's clock: its local day tells
    // stops that share a name (a `stop_code`) apart by whether they are
    // served that day.
    let on_agency = feed.agencies.first().and_then(|a| {
        let t = coldroute::time::parse_instant(ready_text, &a.tz).ok()?;
        Some((&a.tz, t))
    });
    let served = on_agency.map(|(tz, t)| {
        use coldroute::time::{local_to_utc, utc_to_local};
        let date = utc_to_local(tz, t).date;
        let start = local_to_utc(tz, date, 0).schedule_instant();
        let end = local_to_utc(tz, date, 86_400).schedule_instant();
        feed.served_between(start, end - Secs(1))
    });
    // A name that cannot be resolved on a day without service (stops of
    // different days cannot be told apart then): the missing service is
    // the answer. The check after the stops reads the origin's clock.
    let stop = |name: Option<&str>| {
        feed_stop(
            &feed,
            &merged.hub_of_stop,
            name.unwrap_or_default(),
            served.as_deref(),
        )
        .map_err(|e| match on_agency {
            Some((tz, t)) if feed.n_connections(t, t + max_transit) == 0 => {
                no_service(&coldroute::time::utc_to_local(tz, t).date)
            }
            _ => e,
        })
    };
    let from = stop(args.from.as_deref())?;
    let to = stop(args.to.as_deref())?;
    if from == to {
        return Err("--from and --to name the same stop".into());
    }
    let ready = coldroute::time::parse_instant(ready_text, &s.hubs[from].tz)
        .map_err(|e| format!("--ready: {e}; {}", e.help()))?;
    if feed.n_connections(ready, ready + max_transit) == 0 {
        let local = coldroute::time::utc_to_local(&s.hubs[from].tz, ready).date;
        return Err(no_service(&local));
    }
    let lines = coldroute::gtfs::lines(
        &feed,
        &settings,
        &merged.hub_of_stop,
        &[(ready, ready + max_transit)],
    );
    s.add_lines(lines)
        .map_err(|e| format!("internal error: {e}"))?;
    Ok((s, Shipment::journey(from, to, ready, max_transit)))
}
