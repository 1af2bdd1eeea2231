//! Plans as text for people (their JSON is `document::plan`,
//! docs/json-output.md).
//!
//! A timetable scenario ([`Mode::Timetable`]) is rendered without any
//! thermal figure: no product, packaging, ambient, payload, reserve,
//! margin, excursion, stability or MKT.

use std::io::{self, Write};

use crate::itinerary::Simulation;
use crate::scenario::{Mode, Scenario, Shipment};
use crate::thermal::{ExposureRules, PackagingKind};
use crate::time::{format_utc, utc_to_local};
use crate::units::Secs;

use super::{Cut, Plan, Planned, RejectionReason};

/// What to print.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RenderOptions {
    /// Alternatives to show after the recommended plan.
    pub alternatives: usize,
    /// List faster itineraries that were rejected, and why.
    pub explain: bool,
}

/// `2021-07-07 14:00 +08:00`, with the seconds when the instant is not a
/// whole minute (`2021-07-07 14:00:12 +08:00`).
/// `2021-03-28 19:40 +08:00`: `t` on `hub`'s clock, seconds when not zero.
pub fn local_string(s: &Scenario, hub: usize, t: Secs) -> String {
    let l = utc_to_local(&s.hubs[hub].tz, t);
    let secs = match l.secs_of_day % 60 {
        0 => String::new(),
        n => format!(":{n:02}"),
    };
    format!("{} {}{secs} {}", l.date, l.hhmm(), l.offset_string())
}

fn hours(secs: f64) -> String {
    Secs(secs.round() as i64).to_string()
}

fn margin_text(m: Option<f64>) -> String {
    m.map_or_else(|| "unlimited".to_string(), hours)
}

fn reserve(pkg: &PackagingKind, st: &crate::thermal::ContainerState) -> String {
    match pkg {
        PackagingKind::Passive(_) => format!("{:.2} kg", st.coolant_kg),
        PackagingKind::Active(_) => format!("{:.1} h", st.battery_h),
    }
}

/// Writes one shipment's plans as text.
pub fn write_text(
    w: &mut dyn Write,
    s: &Scenario,
    sh: &Shipment,
    planned: &Planned,
    opts: RenderOptions,
) -> io::Result<()> {
    let timetable = s.mode == Mode::Timetable;
    if timetable {
        writeln!(
            w,
            "journey {}: {} -> {}, ready {} ({}), timetable only (no temperature model)",
            sh.id,
            s.hubs[sh.from].code,
            s.hubs[sh.to].code,
            local_string(s, sh.from, sh.ready),
            format_utc(sh.ready)
        )?;
    } else {
        let product = &s.products[sh.product];
        let pkg = &s.packagings[sh.packaging];
        writeln!(
            w,
            "shipment {}: {} ({}) in {}, {} -> {}, ready {} ({})",
            sh.id,
            product.id,
            product.range,
            pkg.id,
            s.hubs[sh.from].code,
            s.hubs[sh.to].code,
            local_string(s, sh.from, sh.ready),
            format_utc(sh.ready)
        )?;
    }
    let Some(best) = planned.recommended() else {
        writeln!(w, "{}", no_plan_reason(s, sh, planned))?;
        write_reasons(w, s, sh, planned, None, 8)?;
        return Ok(());
    };
    let verdict = match (timetable, best.meets_sla) {
        (false, true) => "meets the SLA",
        (false, false) => "FAILS the SLA",
        (true, true) => "within the transit limit",
        (true, false) => "OVER the transit limit",
    };
    writeln!(w, "recommended plan ({verdict}):")?;
    write_plan(w, s, sh, best)?;
    write_cuts(w, planned)?;
    let n_alt = opts.alternatives.min(planned.plans.len() - 1);
    if n_alt > 0 {
        writeln!(
            w,
            "alternatives (Pareto-optimal: arrival, {}cost, transfers):",
            if timetable { "" } else { "margin, " }
        )?;
        for (i, p) in planned.plans.iter().skip(1).take(n_alt).enumerate() {
            let services: Vec<String> = p.itinerary.legs().map(|st| st.label(s)).collect();
            if timetable {
                writeln!(
                    w,
                    "  {}. arrive {} ({}), transit {}, cost {:.0}, {} transfer{}, {}: {}",
                    i + 2,
                    local_string(s, sh.to, p.arrival),
                    format_utc(p.arrival),
                    p.transit,
                    p.cost,
                    p.transfers,
                    if p.transfers == 1 { "" } else { "s" },
                    if p.meets_sla { "ok" } else { "over the limit" },
                    services.join(", ")
                )?;
                continue;
            }
            writeln!(
                w,
                "  {}. arrive {} ({}), transit {}, margin {}, cost {:.0}, {} transfer{}, SLA {}: {}",
                i + 2,
                local_string(s, sh.to, p.arrival),
                format_utc(p.arrival),
                p.transit,
                margin_text(p.margin_s),
                p.cost,
                p.transfers,
                if p.transfers == 1 { "" } else { "s" },
                if p.meets_sla { "ok" } else { "fails" },
                services.join(", ")
            )?;
        }
    }
    if opts.explain {
        write_reasons(w, s, sh, planned, Some(best.arrival), 8)?;
    }
    Ok(())
}

fn write_plan(w: &mut dyn Write, s: &Scenario, sh: &Shipment, p: &Plan) -> io::Result<()> {
    let sim = &p.simulation;
    let pkg = &s.packagings[sh.packaging].kind;
    // The step column is as wide as its longest label (GTFS trip ids can
    // be long), at least 36.
    let labels: Vec<String> = p.itinerary.steps.iter().map(|st| st.label(s)).collect();
    let lw = labels
        .iter()
        .map(|l| l.chars().count())
        .max()
        .unwrap_or(0)
        .max(36);
    // Time columns as wide as their widest entry: an instant off the whole
    // minute shows its seconds.
    let steps = &p.itinerary.steps;
    let mut starts: Vec<(String, String)> = steps
        .iter()
        .map(|st| {
            (
                local_string(s, st.start_hub(s), st.start),
                format_utc(st.start),
            )
        })
        .collect();
    if let Some(last) = steps.last() {
        starts.push((
            local_string(s, last.end_hub(s), last.end),
            format_utc(last.end),
        ));
    }
    let loc_w = starts.iter().map(|t| t.0.len()).max().unwrap_or(0).max(24);
    let utc_w = starts.iter().map(|t| t.1.len()).max().unwrap_or(0).max(18);
    let timetable = s.mode == Mode::Timetable;
    if timetable {
        writeln!(
            w,
            "  {:<lw$} {:<loc_w$} {:<utc_w$} {:>8}",
            "step", "local start", "UTC start", "duration"
        )?;
    } else {
        writeln!(
            w,
            "  {:<lw$} {:<loc_w$} {:<utc_w$} {:>8}  {:<15} {:<17} reserve",
            "step", "local start", "UTC start", "duration", "ambient", "payload"
        )?;
    }
    for (((st, r), label), (local, utc)) in steps.iter().zip(&sim.steps).zip(&labels).zip(&starts) {
        if timetable {
            writeln!(
                w,
                "  {:<lw$} {:<loc_w$} {:<utc_w$} {:>8}",
                label,
                local,
                utc,
                st.duration().to_string(),
            )?;
            continue;
        }
        let ambient = if r.ambient_min.0.is_nan() {
            "-".to_string()
        } else if (r.ambient_max.0 - r.ambient_min.0).abs() < 0.05 {
            format!("{}", r.ambient_min)
        } else {
            format!("{:+.1}..{:+.1} C", r.ambient_min.0, r.ambient_max.0)
        };
        let payload = if (r.payload_max.0 - r.payload_min.0).abs() < 0.05 {
            format!("{}", r.payload_min)
        } else {
            format!("{:+.1}..{:+.1} C", r.payload_min.0, r.payload_max.0)
        };
        writeln!(
            w,
            "  {:<lw$} {:<loc_w$} {:<utc_w$} {:>8}  {:<15} {:<17} {}",
            label,
            local,
            utc,
            st.duration().to_string(),
            ambient,
            payload,
            reserve(pkg, &r.end)
        )?;
    }
    if let (Some(_), Some((local, utc))) = (steps.last(), starts.last()) {
        writeln!(w, "  {:<lw$} {:<loc_w$} {}", "delivered", local, utc)?;
    }
    write_totals(w, s, sh, p, sim)
}

fn ok(b: bool) -> &'static str {
    if b {
        "ok"
    } else {
        "FAIL"
    }
}

fn write_totals(
    w: &mut dyn Write,
    s: &Scenario,
    sh: &Shipment,
    p: &Plan,
    sim: &Simulation,
) -> io::Result<()> {
    let sla = &sh.sla;
    writeln!(
        w,
        "  transit       {:<12} max {:<10} {}",
        p.transit.to_string(),
        sla.max_transit.to_string(),
        ok(p.transit <= sla.max_transit)
    )?;
    let cost = format!(
        "cost {:.0}, {} transfer{}",
        p.cost,
        p.transfers,
        if p.transfers == 1 { "" } else { "s" }
    );
    let verdict = if p.meets_sla { "PASS" } else { "FAIL" };
    if s.mode == Mode::Timetable {
        writeln!(w, "  {cost}")?;
        return writeln!(w, "  verdict: {verdict}");
    }
    let rules = ExposureRules::for_product(&s.products[sh.product]);
    let mkt = sim
        .exposure
        .mkt(&rules)
        .map_or_else(|| "-".into(), |m| format!("{m:.2}"));
    let margin_ok = p.margin_s.is_none_or(|m| m >= sla.min_margin.0 as f64);
    writeln!(
        w,
        "  margin        {:<12} min {:<10} {}   (hold time at {} on arrival)",
        margin_text(p.margin_s),
        sla.min_margin.to_string(),
        ok(margin_ok),
        sim.margin_ambient
    )?;
    writeln!(
        w,
        "  excursion     {:<12} max {:<10} {}",
        hours(sim.exposure.out_of_range_s),
        sla.max_excursion.to_string(),
        ok(sim.exposure.out_of_range_s <= sla.max_excursion.0 as f64 + 1e-6)
    )?;
    writeln!(
        w,
        "  stability     {:<12} max {:<10} {}",
        format!("{:.3} %", sim.exposure.stability_used * 100.0),
        format!("{:.3} %", sla.max_stability * 100.0),
        ok(sim.exposure.stability_used <= sla.max_stability)
    )?;
    writeln!(
        w,
        "  freeze        {:<12}                {}",
        if sim.exposure.frozen { "yes" } else { "none" },
        ok(!sim.exposure.frozen)
    )?;
    writeln!(
        w,
        "  MKT {mkt}, payload {:+.1}..{:+.1} C, {cost}",
        sim.exposure.min_payload.0, sim.exposure.max_payload.0,
    )?;
    writeln!(w, "  verdict: {verdict}")
}

/// Thermal rejections worth showing: those that could have arrived before
/// `before` (all when `None`), one per distinct reason text, earliest first.
pub fn notable_rejections(
    s: &Scenario,
    sh: &Shipment,
    planned: &Planned,
    before: Option<Secs>,
    limit: usize,
) -> Vec<(Vec<String>, String, Secs)> {
    let freeze_limit = s.products[sh.product].freeze_limit;
    let mut rs: Vec<&super::Rejection> = planned
        .rejections
        .iter()
        .filter(|r| !matches!(r.reason, RejectionReason::Deadline { .. }) || before.is_none())
        .filter(|r| before.is_none_or(|b| r.earliest_arrival < b))
        .collect();
    rs.sort_by_key(|r| r.earliest_arrival);
    let mut seen = std::collections::BTreeSet::new();
    let mut out = Vec::new();
    for r in rs {
        let text = r.describe(s, freeze_limit);
        let services = r.services(s);
        if seen.insert((services.clone(), text.clone())) {
            out.push((services, text, r.earliest_arrival));
            if out.len() == limit {
                break;
            }
        }
    }
    out
}

/// Says which limits cut the search, so that a missing plan is never read
/// as "none exists".
fn write_cuts(w: &mut dyn Write, planned: &Planned) -> io::Result<()> {
    for c in &planned.cuts {
        writeln!(w, "incomplete search: {c}")?;
    }
    Ok(())
}

fn write_reasons(
    w: &mut dyn Write,
    s: &Scenario,
    sh: &Shipment,
    planned: &Planned,
    before: Option<Secs>,
    limit: usize,
) -> io::Result<()> {
    let rs = notable_rejections(s, sh, planned, before, limit);
    if rs.is_empty() {
        if before.is_some() && planned.cuts.is_empty() {
            writeln!(
                w,
                "explain: no faster itinerary was rejected; none exists in the schedule"
            )?;
        } else if before.is_some() {
            writeln!(
                w,
                "explain: no faster itinerary was rejected within the search's limits (see above)"
            )?;
        }
        return Ok(());
    }
    writeln!(
        w,
        "{}",
        if before.is_some() {
            "rejected faster itineraries:"
        } else {
            "reasons:"
        }
    )?;
    for (services, text, t) in rs {
        writeln!(
            w,
            "  - {} (could deliver by {}): {}",
            services.join(", "),
            format_utc(t),
            text
        )?;
    }
    Ok(())
}

/// Why `planned` has no plan, in one sentence: the leg limit cut it, the
/// label budget ran out, no chain of connections reaches the destination
/// at all, or every itinerary breaks a product limit. Every limit that cut
/// the search is named, so a missing plan is never read as "none exists".
pub fn no_plan_reason(s: &Scenario, sh: &Shipment, planned: &Planned) -> String {
    let legs = planned.cuts.iter().find_map(|c| match c {
        Cut::Legs { max_legs } => Some(*max_legs),
        Cut::Budget { .. } => None,
    });
    let budget = planned.cuts.iter().find_map(|c| match c {
        Cut::Budget { labels } => Some(*labels),
        Cut::Legs { .. } => None,
    });
    if let Some(max_legs) = legs {
        let mut why = format!("no itinerary within {max_legs} legs; the destination can be reached with more: raise --max-legs");
        if let Some(labels) = budget {
            why.push_str(&format!("; incomplete search: {}", Cut::Budget { labels }));
        }
        why
    } else if let Some(labels) = budget {
        format!("no plan found: the search stopped at its budget of {labels} labels before it saw every itinerary; raise --label-budget")
    } else if planned.earliest_delivery.is_none() && s.mode == Mode::Timetable {
        format!(
            "no journey: no chain of connections reaches {} from {} within {} of the ready time; check the stops, the ready time and --max-transit",
            s.hubs[sh.to].code, s.hubs[sh.from].code, sh.sla.max_transit
        )
    } else if planned.earliest_delivery.is_none() {
        format!(
            "no feasible plan: no chain of connections reaches {} from {} within the planning horizon, whatever the temperature; check the hubs, the ready time and the schedules",
            s.hubs[sh.to].code, s.hubs[sh.from].code
        )
    } else if s.mode == Mode::Timetable {
        // Without a product nothing but the horizon can reject a journey.
        "no journey within the horizon".to_string()
    } else {
        "no feasible plan: every itinerary breaks a product limit or misses the planning horizon"
            .to_string()
    }
}
